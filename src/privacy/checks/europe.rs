//! Identity numbers of Europe, Turkey, Russia and Kazakhstan: Spanish
//! DNI/NIE (a kind of its own), and as `national_id` the Italian codice
//! fiscale, French NIR, Dutch BSN, Polish PESEL, Swedish personnummer,
//! Swiss AHV, Belgian national number, Irish PPS, Turkish kimlik, Russian
//! INN and Kazakh IIN.

use super::{date_ok, digits};

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn european_identity_numbers() {
        assert!(dni_valid("12345678Z") && !dni_valid("12345678A"));
        assert!(dni_valid("X1234567L") && dni_valid("Y-1234567-X") && !dni_valid("X1234567A"));
        assert!(
            it_fiscal_code_valid("RSSMRA85T10A562S") && !it_fiscal_code_valid("RSSMRA85T10A562T")
        );
        assert!(fr_nir_valid("1 84 12 76 451 089 46") && !fr_nir_valid("1 84 12 76 451 089 47"));
        assert!(nl_bsn_valid("111222333") && !nl_bsn_valid("111222334"));
        assert!(pl_pesel_valid("44051401359") && !pl_pesel_valid("44051401358"));
        assert!(tr_kimlik_valid("10000000146") && !tr_kimlik_valid("10000000147"));
        assert!(se_personnummer_valid("811218-9876") && !se_personnummer_valid("811218-9875"));
        assert!(ch_ahv_valid("756.9508.9139.20") && !ch_ahv_valid("756.9508.9139.21"));
        assert!(
            be_national_number_valid("90.02.14-530.81")
                && !be_national_number_valid("90.02.14-530.82")
        );
        assert!(ie_pps_valid("6502388GW") && !ie_pps_valid("6502388HW"));
        assert!(ru_inn_valid("772407124896") && !ru_inn_valid("772407124897"));
        assert!(kz_iin_valid("910223468632") && !kz_iin_valid("910223468633"));
    }
}
