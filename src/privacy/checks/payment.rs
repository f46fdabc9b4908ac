//! Payment cards (Luhn and a real issuer range) and IBANs (ISO 13616:
//! mod-97 and the country's length).

use super::digits;

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
        // Troy (Turkey).
        assert!(card_issuer("9792 6074 8425 8319"));
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
}
