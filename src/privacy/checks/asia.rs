//! Identity numbers of Asia: mainland-China resident IDs (a kind of their
//! own), and as `national_id` the Korean RRN, Singapore NRIC/FIN, Indian
//! Aadhaar, Japanese My Number, Thai, Taiwan and Hong Kong IDs.

use super::{date_ok, digits};

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asian_identity_numbers() {
        assert!(cn_id_valid("11010519491231002X") && !cn_id_valid("110105194912310021"));
        assert!(cn_id_valid("110105491231002") && !cn_id_valid("990105491231002"));
        assert!(kr_rrn_valid("900101-1234568") && !kr_rrn_valid("900101-1234567"));
        assert!(sg_nric_valid("S1234567D") && !sg_nric_valid("S1234567A"));
        assert!(sg_nric_valid("T1234567J") && !sg_nric_valid("T1234567D"));
        assert!(in_aadhaar_valid("2345 6789 0124") && !in_aadhaar_valid("2345 6789 0123"));
        assert!(jp_my_number_valid("123456789018") && !jp_my_number_valid("123456789019"));
        assert!(th_id_valid("1-3113-87981-13-2") && !th_id_valid("1-3113-87981-13-3"));
        assert!(tw_id_valid("A207490701") && !tw_id_valid("A207490702"));
        assert!(hk_id_valid("K807684(7)") && !hk_id_valid("K807684(6)"));
    }
}
