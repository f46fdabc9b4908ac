//! Identity numbers of the Americas: the US SSN (a kind of its own), and
//! as `national_id` the Brazilian CPF, Mexican CURP and Chilean RUT.

use super::digits;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn american_identity_numbers() {
        assert!(ssn_valid("123-45-6789") && !ssn_valid("666-45-6789") && !ssn_valid("123-00-6789"));
        assert!(br_cpf_valid("529.982.247-25") && !br_cpf_valid("529.982.247-26"));
        assert!(!br_cpf_valid("111.111.111-11"));
        assert!(mx_curp_valid("HEGG560427MVZRRL04") && !mx_curp_valid("HEGG560427MVZRRL05"));
        assert!(cl_rut_valid("15234871-1") && !cl_rut_valid("15234871-2"));
    }
}
