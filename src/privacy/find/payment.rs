//! Payment cards and IBANs in the normalized text.

use std::sync::OnceLock;

use regex::Regex;

use super::context::{in_longer_number, labelled_order};
use super::{Finds, re};
use crate::privacy::{Kind, checks};

pub(super) fn ibans(text: &str, out: &mut Finds) {
    static START: OnceLock<Regex> = OnceLock::new();
    let start = START.get_or_init(|| re(r"(?-u:\b)[A-Za-z]{2}[0-9]{2}"));
    for m in start.find_iter(text) {
        let Some(len) = checks::iban_length(&m.as_str()[..2].to_ascii_uppercase()) else {
            continue;
        };
        // Exactly the country's length of letters and digits, in groups
        // separated by single spaces or dashes.
        let mut count = 4;
        let mut end = m.end();
        let bytes = text.as_bytes();
        let mut i = m.end();
        while count < len && i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii_alphanumeric() {
                count += 1;
                i += 1;
                end = i;
            } else if (b == b' ' || b == b'-')
                && i + 1 < bytes.len()
                && bytes[i + 1].is_ascii_alphanumeric()
                && end == i
            {
                i += 1;
            } else {
                break;
            }
        }
        let boundary = bytes.get(end).is_none_or(|b| !b.is_ascii_alphanumeric());
        if count == len && boundary && checks::iban_valid(&text[m.start()..end]) {
            out.push((m.start(), end, Kind::Iban));
        }
    }
}

pub(super) fn cards(text: &str, out: &mut Finds) {
    static P: OnceLock<Regex> = OnceLock::new();
    let p = P.get_or_init(|| re(r"(?-u:\b)[0-9](?:[ -]?[0-9]){11,18}(?-u:\b)"));
    for m in p.find_iter(text) {
        let v = m.as_str();
        if checks::luhn(v)
            && checks::card_issuer(v)
            && !in_longer_number(text, m.start(), m.end())
            && !labelled_order(text, m.start())
        {
            out.push((m.start(), m.end(), Kind::PaymentCard));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::values;
    use crate::privacy::Kind;

    #[test]
    fn ibans_in_lower_case_and_spaced() {
        assert_eq!(
            values("iban de89 3704 0044 0532 0130 00 gracias", "ES"),
            [(Kind::Iban, "de89 3704 0044 0532 0130 00")]
        );
        assert_eq!(
            values("IBAN:GB82WEST12345698765432.", "GB"),
            [(Kind::Iban, "GB82WEST12345698765432")]
        );
    }
}
