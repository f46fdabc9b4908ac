//! Check digits and structure rules of the numbers crossdesk redacts. A
//! candidate that fails its check is not personal data of that kind: order
//! numbers and SKUs that merely look like one stay in the text. Pure.

/// The ASCII digits of `s`, as numbers.
pub fn digits(s: &str) -> Vec<u32> {
    s.chars().filter_map(|c| c.to_digit(10)).collect()
}

/// Luhn check (payment cards).
pub fn luhn(number: &str) -> bool {
    let d = digits(number);
    if !(12..=19).contains(&d.len()) {
        return false;
    }
    let sum: u32 = d
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &x)| match (i % 2 == 1, x * 2) {
            (true, y) if y > 9 => y - 9,
            (true, y) => y,
            (false, _) => x,
        })
        .sum();
    sum.is_multiple_of(10)
}

/// A card number's issuer range and length fit a real scheme (Visa,
/// Mastercard, Amex, Discover, JCB, UnionPay, Diners, Maestro, Mir).
pub fn card_issuer(number: &str) -> bool {
    let d: String = number.chars().filter(char::is_ascii_digit).collect();
    let len = d.len();
    let prefix = |n: usize| d.get(..n).and_then(|p| p.parse::<u32>().ok()).unwrap_or(0);
    match d.as_bytes().first() {
        Some(b'4') => matches!(len, 13 | 16 | 19),
        Some(b'5') => {
            ((51..=55).contains(&prefix(2)) && len == 16)
                || (matches!(prefix(2), 50 | 56..=58) && (12..=19).contains(&len))
        }
        Some(b'2') => {
            ((2221..=2720).contains(&prefix(4)) && len == 16)
                || ((2200..=2204).contains(&prefix(4)) && (16..=19).contains(&len))
        }
        Some(b'3') => {
            (matches!(prefix(2), 34 | 37) && len == 15)
                || ((3528..=3589).contains(&prefix(4)) && (16..=19).contains(&len))
                || (((300..=305).contains(&prefix(3)) || matches!(prefix(2), 36 | 38 | 39))
                    && (14..=19).contains(&len))
        }
        Some(b'6') => {
            (prefix(4) == 6011 || (644..=649).contains(&prefix(3)) || prefix(2) == 65)
                && (16..=19).contains(&len)
                || prefix(2) == 62 && (16..=19).contains(&len)
                || matches!(prefix(2), 63 | 67) && (12..=19).contains(&len)
        }
        // Troy (Turkey).
        Some(b'9') => prefix(4) == 9792 && len == 16,
        _ => false,
    }
}

/// IBAN length per country (ISO 13616 registry).
const IBAN_LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AE", 23),
    ("AL", 28),
    ("AT", 20),
    ("AZ", 28),
    ("BA", 20),
    ("BE", 16),
    ("BG", 22),
    ("BH", 22),
    ("BR", 29),
    ("BY", 28),
    ("CH", 21),
    ("CR", 22),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DK", 18),
    ("DO", 28),
    ("EE", 20),
    ("EG", 29),
    ("ES", 24),
    ("FI", 18),
    ("FO", 18),
    ("FR", 27),
    ("GB", 22),
    ("GE", 22),
    ("GI", 23),
    ("GL", 18),
    ("GR", 27),
    ("GT", 28),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IL", 23),
    ("IQ", 23),
    ("IS", 26),
    ("IT", 27),
    ("JO", 30),
    ("KW", 30),
    ("KZ", 20),
    ("LB", 28),
    ("LC", 32),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("MC", 27),
    ("MD", 24),
    ("ME", 22),
    ("MK", 19),
    ("MR", 27),
    ("MT", 31),
    ("MU", 30),
    ("NL", 18),
    ("NO", 15),
    ("PK", 24),
    ("PL", 28),
    ("PS", 29),
    ("PT", 25),
    ("QA", 29),
    ("RO", 24),
    ("RS", 22),
    ("SA", 24),
    ("SC", 31),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("ST", 25),
    ("SV", 28),
    ("TL", 23),
    ("TN", 24),
    ("TR", 26),
    ("UA", 29),
    ("VA", 22),
    ("VG", 24),
    ("XK", 20),
];

/// The IBAN length of a country code (upper case), if it has IBANs.
pub fn iban_length(country: &str) -> Option<usize> {
    IBAN_LENGTHS
        .iter()
        .find(|(c, _)| *c == country)
        .map(|(_, n)| *n)
}

/// ISO 13616 mod-97 check, any case, spaces allowed.
pub fn iban_valid(iban: &str) -> bool {
    let s: String = iban
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if !s.is_ascii() || s.len() < 15 || iban_length(s.get(..2).unwrap_or("")) != Some(s.len()) {
        return false;
    }
    let mut rem: u64 = 0;
    for c in s[4..].chars().chain(s[..4].chars()) {
        let v = match c {
            '0'..='9' => u64::from(c as u8 - b'0'),
            'A'..='Z' => u64::from(c as u8 - b'A') + 10,
            _ => return false,
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

/// A calendar date.
fn date_ok(year: u32, month: u32, day: u32) -> bool {
    chrono::NaiveDate::from_ymd_opt(year as i32, month, day).is_some()
}

/// Province codes of mainland-China resident IDs (first two digits).
fn cn_province(code: u32) -> bool {
    matches!(code, 11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81 | 82)
}

/// GB 11643: 18 characters, province, birth date and check character; or
/// the 15-digit first-generation ID (province and a `YYMMDD` birth date).
pub fn cn_id_valid(id: &str) -> bool {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let b = id.as_bytes();
    let num = |r: std::ops::Range<usize>| id.get(r).and_then(|s| s.parse::<u32>().ok());
    match b.len() {
        18 if b[..17].iter().all(u8::is_ascii_digit) => {
            let sum: u32 = b[..17]
                .iter()
                .zip(W)
                .map(|(c, w)| u32::from(c - b'0') * w)
                .sum();
            CHECK[(sum % 11) as usize] == b[17].to_ascii_uppercase()
                && num(0..2).is_some_and(cn_province)
                && matches!((num(6..10), num(10..12), num(12..14)),
                    (Some(y), Some(m), Some(d)) if (1900..=2100).contains(&y) && date_ok(y, m, d))
        }
        15 if b.iter().all(u8::is_ascii_digit) => {
            num(0..2).is_some_and(cn_province)
                && matches!((num(6..8), num(8..10), num(10..12)),
                    (Some(y), Some(m), Some(d)) if date_ok(1900 + y, m, d))
        }
        _ => false,
    }
}

/// US SSN `AAA-GG-SSSS`: area not 000, 666 or 9xx; group not 00; serial not 0000.
pub fn ssn_valid(s: &str) -> bool {
    let d: String = s.chars().filter(char::is_ascii_digit).collect();
    d.len() == 9
        && &d[..3] != "000"
        && &d[..3] != "666"
        && !d.starts_with('9')
        && &d[3..5] != "00"
        && &d[5..] != "0000"
}

/// Spanish DNI (8 digits + letter) or NIE (X/Y/Z + 7 digits + letter):
/// the letter is the number mod 23.
pub fn dni_valid(s: &str) -> bool {
    let s: String = s
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if s.len() != 9 {
        return false;
    }
    let (body, letter) = s.split_at(8);
    let number = match body.as_bytes()[0] {
        b'X' => format!("0{}", &body[1..]),
        b'Y' => format!("1{}", &body[1..]),
        b'Z' => format!("2{}", &body[1..]),
        _ => body.to_string(),
    };
    number.bytes().all(|b| b.is_ascii_digit())
        && number
            .parse::<u32>()
            .is_ok_and(|n| b"TRWAGMYFPDXBNJZSQVHLCKE"[(n % 23) as usize] == letter.as_bytes()[0])
}

/// Italian codice fiscale: 16 characters, check character by the odd/even tables.
pub fn it_fiscal_code_valid(s: &str) -> bool {
    const ODD: [u32; 36] = [
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, // 0-9
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24,
        23, // A-Z
    ];
    let s = s.to_ascii_uppercase();
    let b = s.as_bytes();
    if b.len() != 16 || !b.iter().all(u8::is_ascii_alphanumeric) || !b[15].is_ascii_uppercase() {
        return false;
    }
    let index = |c: u8| {
        if c.is_ascii_digit() {
            (c - b'0') as usize
        } else {
            (c - b'A') as usize + 10
        }
    };
    let value_even = |c: u8| {
        if c.is_ascii_digit() {
            u32::from(c - b'0')
        } else {
            u32::from(c - b'A')
        }
    };
    let sum: u32 = b[..15]
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            if i % 2 == 0 {
                ODD[index(c)]
            } else {
                value_even(c)
            }
        })
        .sum();
    (b'A' + (sum % 26) as u8) == b[15]
}

/// French NIR (numéro de sécurité sociale): 13 characters (Corsica `2A`/`2B`)
/// and a 2-digit key, 97 − (number mod 97).
pub fn fr_nir_valid(s: &str) -> bool {
    let s: String = s
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_uppercase();
    if s.len() != 15 || !matches!(s.as_bytes()[0], b'1' | b'2') {
        return false;
    }
    // Corsica's departments 2A and 2B count as 19 and 18.
    let department = match &s[5..7] {
        "2A" => "19",
        "2B" => "18",
        d => d,
    };
    let body = format!("{}{department}{}", &s[..5], &s[7..13]);
    let (Ok(n), Ok(key)) = (body.parse::<u64>(), s[13..].parse::<u64>()) else {
        return false;
    };
    let month: u32 = s[3..5].parse().unwrap_or(0);
    let month_ok = matches!(month, 1..=12 | 20..=42 | 50..=99);
    month_ok && 97 - n % 97 == key
}

/// Dutch BSN: 9 digits, the "11-proof" (weights 9…2 and −1).
pub fn nl_bsn_valid(s: &str) -> bool {
    let d = digits(s);
    d.len() == 9 && {
        let sum: i64 = d[..8]
            .iter()
            .zip((2..=9).rev())
            .map(|(&x, w)| i64::from(x) * w)
            .sum::<i64>()
            - i64::from(d[8]);
        sum != 0 && sum % 11 == 0
    }
}

/// Polish PESEL: 11 digits, a birth date (century in the month) and a check digit.
pub fn pl_pesel_valid(s: &str) -> bool {
    const W: [u32; 10] = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
    let d = digits(s);
    if d.len() != 11 {
        return false;
    }
    let sum: u32 = d[..10].iter().zip(W).map(|(x, w)| x * w).sum();
    let (yy, mm, dd) = (d[0] * 10 + d[1], d[2] * 10 + d[3], d[4] * 10 + d[5]);
    let (century, month) = match mm {
        1..=12 => (1900, mm),
        21..=32 => (2000, mm - 20),
        41..=52 => (2100, mm - 40),
        81..=92 => (1800, mm - 80),
        _ => return false,
    };
    (10 - sum % 10) % 10 == d[10] && date_ok(century + yy, month, dd)
}

/// Brazilian CPF: 11 digits with two check digits; not all equal.
pub fn br_cpf_valid(s: &str) -> bool {
    let d = digits(s);
    if d.len() != 11 || d.iter().all(|&x| x == d[0]) {
        return false;
    }
    let check = |n: usize| {
        let sum: u32 = d[..n]
            .iter()
            .zip((2..=n as u32 + 1).rev())
            .map(|(x, w)| x * w)
            .sum();
        let r = sum * 10 % 11;
        if r == 10 { 0 } else { r }
    };
    check(9) == d[9] && check(10) == d[10]
}

/// Mexican CURP: 18 characters, the last a check digit over the alphabet
/// `0-9 A-N Ñ O-Z` (written without Ñ here).
pub fn mx_curp_valid(s: &str) -> bool {
    const ALPHABET: &str = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ";
    let s = s.to_ascii_uppercase();
    if s.len() != 18 || !s.is_ascii() {
        return false;
    }
    let mut sum = 0u32;
    for (i, c) in s[..17].chars().enumerate() {
        let Some(v) = ALPHABET.find(c) else {
            return false;
        };
        sum += v as u32 * (18 - i as u32);
    }
    let check = (10 - sum % 10) % 10;
    s[17..].parse::<u32>() == Ok(check)
}

/// Korean resident registration number: `YYMMDD-GNNNNNC`, check digit
/// (11 − Σ wᵢdᵢ mod 11) mod 10.
pub fn kr_rrn_valid(s: &str) -> bool {
    const W: [u32; 12] = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
    let d = digits(s);
    if d.len() != 13 || !(1..=8).contains(&d[6]) {
        return false;
    }
    let century = match d[6] {
        1 | 2 | 5 | 6 => 1900,
        3 | 4 | 7 | 8 => 2000,
        _ => 1800,
    };
    let sum: u32 = d[..12].iter().zip(W).map(|(x, w)| x * w).sum();
    (11 - sum % 11) % 10 == d[12]
        && date_ok(
            century + d[0] * 10 + d[1],
            d[2] * 10 + d[3],
            d[4] * 10 + d[5],
        )
}

/// Singapore NRIC/FIN: prefix S, T, F, G or M, 7 digits, check letter.
pub fn sg_nric_valid(s: &str) -> bool {
    const W: [u32; 7] = [2, 7, 6, 5, 4, 3, 2];
    let s = s.to_ascii_uppercase();
    let b = s.as_bytes();
    if b.len() != 9 || !b[1..8].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = b[1..8]
        .iter()
        .zip(W)
        .map(|(c, w)| u32::from(c - b'0') * w)
        .sum();
    let (offset, letters): (u32, &[u8]) = match b[0] {
        b'S' => (0, b"JZIHGFEDCBA"),
        b'T' => (4, b"JZIHGFEDCBA"),
        b'F' => (0, b"XWUTRQPNMLK"),
        b'G' => (4, b"XWUTRQPNMLK"),
        b'M' => (3, b"KLJNPQRTUWX"),
        _ => return false,
    };
    let r = ((sum + offset) % 11) as usize;
    let expected = if b[0] == b'M' {
        letters[10 - r]
    } else {
        letters[r]
    };
    expected == b[8]
}

/// Verhoeff check (Indian Aadhaar: 12 digits, the first 2–9).
pub fn in_aadhaar_valid(s: &str) -> bool {
    const D: [[u8; 10]; 10] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
        [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
        [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
        [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
        [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
        [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
        [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
        [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
        [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    ];
    const P: [[u8; 10]; 8] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
        [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
        [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
        [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
        [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
        [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
        [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
    ];
    let d = digits(s);
    if d.len() != 12 || d[0] < 2 {
        return false;
    }
    let mut c = 0u8;
    for (i, &x) in d.iter().rev().enumerate() {
        c = D[c as usize][P[i % 8][x as usize] as usize];
    }
    c == 0
}

/// Turkish T.C. kimlik numarası: 11 digits, not starting with 0, two check digits.
pub fn tr_kimlik_valid(s: &str) -> bool {
    let d = digits(s);
    if d.len() != 11 || d[0] == 0 {
        return false;
    }
    let odd = d[0] + d[2] + d[4] + d[6] + d[8];
    let even = d[1] + d[3] + d[5] + d[7];
    let tenth = (odd * 7 + 10 * 9 - even) % 10;
    tenth == d[9] && d[..10].iter().sum::<u32>() % 10 == d[10]
}

/// Swedish personnummer: `YYMMDD-NNNC` or `YYYYMMDDNNNC`, a birth date (day
/// + 60 for a coordination number) and a Luhn check over the last ten digits.
pub fn se_personnummer_valid(s: &str) -> bool {
    let d = digits(s);
    let ten = match d.len() {
        10 => &d[..],
        12 => &d[2..],
        _ => return false,
    };
    let sum: u32 = ten
        .iter()
        .enumerate()
        .map(|(i, &x)| {
            if i % 2 == 0 {
                let y = x * 2;
                if y > 9 { y - 9 } else { y }
            } else {
                x
            }
        })
        .sum();
    let (mm, dd) = (ten[2] * 10 + ten[3], ten[4] * 10 + ten[5]);
    let dd = if dd > 60 { dd - 60 } else { dd };
    sum.is_multiple_of(10) && date_ok(2000, mm, dd)
}

/// Japanese My Number (個人番号): 12 digits, the last a check digit.
pub fn jp_my_number_valid(s: &str) -> bool {
    let d = digits(s);
    if d.len() != 12 {
        return false;
    }
    let sum: u32 = (1..=11)
        .map(|n| {
            let p = d[11 - n];
            let q = if n <= 6 { n as u32 + 1 } else { n as u32 - 5 };
            p * q
        })
        .sum();
    let r = sum % 11;
    let check = if r <= 1 { 0 } else { 11 - r };
    check == d[11]
}

/// Thai national ID: 13 digits, Σ dᵢ·(13−i) mod 11 gives the check digit.
pub fn th_id_valid(s: &str) -> bool {
    let d = digits(s);
    d.len() == 13 && {
        let sum: u32 = d[..12]
            .iter()
            .enumerate()
            .map(|(i, x)| x * (13 - i as u32))
            .sum();
        (11 - sum % 11) % 10 == d[12]
    }
}

/// Taiwan national ID: a letter (the place), 1 or 2, eight digits; the
/// letter counts as two digits.
pub fn tw_id_valid(s: &str) -> bool {
    const LETTERS: &str = "ABCDEFGHJKLMNPQRSTUVXYWZIO";
    let s = s.to_ascii_uppercase();
    let b = s.as_bytes();
    if b.len() != 10
        || !matches!(b[1], b'1' | b'2' | b'8' | b'9')
        || !b[1..].iter().all(u8::is_ascii_digit)
    {
        return false;
    }
    let Some(v) = LETTERS.find(b[0] as char).map(|i| i as u32 + 10) else {
        return false;
    };
    let mut d = vec![v / 10, v % 10];
    d.extend(b[1..].iter().map(|c| u32::from(c - b'0')));
    let sum: u32 = d
        .iter()
        .zip([1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1])
        .map(|(x, w)| x * w)
        .sum();
    sum.is_multiple_of(10)
}

/// Hong Kong identity card: one or two letters, six digits, a check digit
/// or `A` (often in parentheses).
pub fn hk_id_valid(s: &str) -> bool {
    let s: String = s
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_uppercase();
    let letters = s.chars().take_while(char::is_ascii_uppercase).count();
    if !(1..=2).contains(&letters) || s.len() != letters + 7 {
        return false;
    }
    let (prefix, rest) = s.split_at(letters);
    let (number, check) = rest.split_at(6);
    if !number.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let mut vals: Vec<u32> = if letters == 1 { vec![36] } else { Vec::new() };
    vals.extend(prefix.bytes().map(|b| u32::from(b - b'A') + 10));
    vals.extend(number.bytes().map(|b| u32::from(b - b'0')));
    let sum: u32 = vals
        .iter()
        .zip([9, 8, 7, 6, 5, 4, 3, 2])
        .map(|(x, w)| x * w)
        .sum();
    let r = (11 - sum % 11) % 11;
    check
        == if r == 10 {
            "A".to_string()
        } else {
            r.to_string()
        }
}

/// Chilean RUT: the number, `-`, and a mod-11 check digit (or `K`).
pub fn cl_rut_valid(s: &str) -> bool {
    let s = s.replace('.', "").to_ascii_uppercase();
    let Some((number, dv)) = s.split_once('-') else {
        return false;
    };
    if !(7..=8).contains(&number.len()) || !number.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let mut sum = 0;
    for (i, c) in number.bytes().rev().enumerate() {
        sum += u32::from(c - b'0') * (2 + (i as u32 % 6));
    }
    let expected = match 11 - sum % 11 {
        11 => "0".to_string(),
        10 => "K".to_string(),
        r => r.to_string(),
    };
    dv == expected
}

/// Swiss AHV/AVS number: `756.NNNN.NNNN.NN`, an EAN-13 check digit.
pub fn ch_ahv_valid(s: &str) -> bool {
    let d = digits(s);
    d.len() == 13 && d[..3] == [7, 5, 6] && {
        let sum: u32 = d[..12]
            .iter()
            .enumerate()
            .map(|(i, x)| if i % 2 == 1 { x * 3 } else { *x })
            .sum();
        (10 - sum % 10) % 10 == d[12]
    }
}

/// Belgian national number: `YY.MM.DD-XXX.CC`, 97 − (number mod 97), with
/// a `2` before it for people born from 2000.
pub fn be_national_number_valid(s: &str) -> bool {
    let d: String = s.chars().filter(char::is_ascii_digit).collect();
    if d.len() != 11 {
        return false;
    }
    let (Ok(n), Ok(c)) = (d[..9].parse::<u64>(), d[9..].parse::<u64>()) else {
        return false;
    };
    97 - n % 97 == c || 97 - (2_000_000_000 + n) % 97 == c
}

/// Irish PPS number: seven digits, a check letter, maybe a second letter.
pub fn ie_pps_valid(s: &str) -> bool {
    let s = s.to_ascii_uppercase();
    let b = s.as_bytes();
    if !(8..=9).contains(&b.len())
        || !b[..7].iter().all(u8::is_ascii_digit)
        || !b[7..].iter().all(u8::is_ascii_uppercase)
    {
        return false;
    }
    let mut sum: u32 = b[..7]
        .iter()
        .enumerate()
        .map(|(i, c)| u32::from(c - b'0') * (8 - i as u32))
        .sum();
    if let Some(&extra) = b.get(8)
        && extra != b'W'
    {
        sum += u32::from(extra - b'A' + 1) * 9;
    }
    b"WABCDEFGHIJKLMNOPQRSTUV"[(sum % 23) as usize] == b[7]
}

/// Russian INN of a person (12 digits, two check digits) or an
/// organisation (10 digits, one).
pub fn ru_inn_valid(s: &str) -> bool {
    let d = digits(s);
    let check =
        |w: &[u32], n: usize| d[..n].iter().zip(w).map(|(x, w)| x * w).sum::<u32>() % 11 % 10;
    match d.len() {
        10 => check(&[2, 4, 10, 3, 5, 9, 4, 6, 8], 9) == d[9],
        12 => {
            check(&[7, 2, 4, 10, 3, 5, 9, 4, 6, 8], 10) == d[10]
                && check(&[3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8], 11) == d[11]
        }
        _ => false,
    }
}

/// Kazakh IIN: 12 digits, a mod-11 check with a second weighting when the
/// first gives 10.
pub fn kz_iin_valid(s: &str) -> bool {
    let d = digits(s);
    if d.len() != 12 {
        return false;
    }
    let weighted = |w: [u32; 11]| d[..11].iter().zip(w).map(|(x, w)| x * w).sum::<u32>() % 11;
    let mut c = weighted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    if c == 10 {
        c = weighted([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]);
    }
    c == d[11]
}

/// An identity number checked by Luhn alone (Canadian SIN, Emirates ID,
/// Saudi national ID and iqama), taken only where its format or label says
/// which it is.
pub fn luhn_id_valid(s: &str) -> bool {
    let d = digits(s);
    (9..=15).contains(&d.len()) && {
        let sum: u32 = d
            .iter()
            .rev()
            .enumerate()
            .map(|(i, &x)| {
                if i % 2 == 1 {
                    let y = x * 2;
                    if y > 9 { y - 9 } else { y }
                } else {
                    x
                }
            })
            .sum();
        sum.is_multiple_of(10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards_need_luhn_and_a_real_issuer() {
        assert!(luhn("4111 1111 1111 1111") && card_issuer("4111 1111 1111 1111"));
        assert!(!luhn("4111 1111 1111 1112"));
        assert!(card_issuer("378282246310005") && luhn("378282246310005"));
        assert!(card_issuer("5555555555554444") && card_issuer("6200000000000005"));
        // A Luhn-valid 16-digit number that no card scheme issues.
        assert!(luhn("2026112500001234") && !card_issuer("2026112500001234"));
    }

    #[test]
    fn ibans_in_any_case_and_spacing() {
        assert!(iban_valid("DE89 3704 0044 0532 0130 00") && iban_valid("de89370400440532013000"));
        assert!(iban_valid("GB82WEST12345698765432") && iban_valid("gb82 west 1234 5698 7654 32"));
        assert!(!iban_valid("DE89 3704 0044 0532 0130 01"));
        assert!(
            !iban_valid("DE89 3704 0044 0532 0130"),
            "wrong length for DE"
        );
    }

    #[test]
    fn national_identifiers() {
        assert!(cn_id_valid("11010519491231002X") && !cn_id_valid("110105194912310021"));
        assert!(cn_id_valid("110105491231002") && !cn_id_valid("990105491231002"));
        assert!(dni_valid("12345678Z") && !dni_valid("12345678A"));
        assert!(dni_valid("X1234567L") && dni_valid("Y-1234567-X") && !dni_valid("X1234567A"));
        assert!(ssn_valid("123-45-6789") && !ssn_valid("666-45-6789") && !ssn_valid("123-00-6789"));
        assert!(
            it_fiscal_code_valid("RSSMRA85T10A562S") && !it_fiscal_code_valid("RSSMRA85T10A562T")
        );
        assert!(fr_nir_valid("1 84 12 76 451 089 46") && !fr_nir_valid("1 84 12 76 451 089 47"));
        assert!(nl_bsn_valid("111222333") && !nl_bsn_valid("111222334"));
        assert!(pl_pesel_valid("44051401359") && !pl_pesel_valid("44051401358"));
        assert!(br_cpf_valid("529.982.247-25") && !br_cpf_valid("529.982.247-26"));
        assert!(!br_cpf_valid("111.111.111-11"));
        assert!(mx_curp_valid("HEGG560427MVZRRL04") && !mx_curp_valid("HEGG560427MVZRRL05"));
        assert!(kr_rrn_valid("900101-1234568") && !kr_rrn_valid("900101-1234567"));
        assert!(sg_nric_valid("S1234567D") && !sg_nric_valid("S1234567A"));
        assert!(sg_nric_valid("T1234567J") && !sg_nric_valid("T1234567D"));
        assert!(in_aadhaar_valid("2345 6789 0124") && !in_aadhaar_valid("2345 6789 0123"));
        assert!(jp_my_number_valid("123456789018") && !jp_my_number_valid("123456789019"));
        assert!(tr_kimlik_valid("10000000146") && !tr_kimlik_valid("10000000147"));
        assert!(se_personnummer_valid("811218-9876") && !se_personnummer_valid("811218-9875"));
        assert!(card_issuer("9792 6074 8425 8319"));
        assert!(th_id_valid("1-3113-87981-13-2") && !th_id_valid("1-3113-87981-13-3"));
        assert!(tw_id_valid("A207490701") && !tw_id_valid("A207490702"));
        assert!(hk_id_valid("K807684(7)") && !hk_id_valid("K807684(6)"));
        assert!(cl_rut_valid("15234871-1") && !cl_rut_valid("15234871-2"));
        assert!(ch_ahv_valid("756.9508.9139.20") && !ch_ahv_valid("756.9508.9139.21"));
        assert!(
            be_national_number_valid("90.02.14-530.81")
                && !be_national_number_valid("90.02.14-530.82")
        );
        assert!(ie_pps_valid("6502388GW") && !ie_pps_valid("6502388HW"));
        assert!(ru_inn_valid("772407124896") && !ru_inn_valid("772407124897"));
        assert!(kz_iin_valid("910223468632") && !kz_iin_valid("910223468633"));
        assert!(luhn_id_valid("784-1990-9076557-1") && !luhn_id_valid("784-1990-9076557-2"));
    }
}
