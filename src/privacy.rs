//! Personal data in shopper text: found, checked where a checksum exists,
//! and replaced by reversible tokens (`⟪email-1⟫`) before any hop that the
//! region's policy allows only after redaction. The mapping stays with the
//! caller, in the home region; [`restore`] puts values back only in what
//! goes to the shopper or an in-region agent. Pure.

use std::sync::OnceLock;

use regex::Regex;

/// Every PII kind a policy may name, in the order they are looked for.
pub const KINDS: &[&str] = &[
    "email",
    "iban",
    "payment_card",
    "cn_resident_id",
    "us_ssn",
    "es_dni",
    "ip",
    "phone",
];

/// Text with personal data replaced by tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redacted {
    pub text: String,
    /// (kind, value) per token, token `⟪kind-n⟫` for entry n-1.
    pub values: Vec<(&'static str, String)>,
}

impl Redacted {
    /// The kinds found, without values (for audits and logs).
    pub fn kinds(&self) -> Vec<&'static str> {
        let mut k: Vec<&'static str> = self
            .values
            .iter()
            .map(|(k, _)| *k)
            .filter(|k| *k != LITERAL)
            .collect();
        k.sort_unstable();
        k.dedup();
        k
    }
}

/// What a shopper typed that looks like a token (`⟪email-1⟫`, or a lone
/// bracket): masked like a value, so that every token in redacted text is
/// one of ours and [`restore`] cannot put a value where the shopper wrote
/// brackets. Not personal data; never reported as a kind.
const LITERAL: &str = "literal";

fn literal_pattern() -> &'static Regex {
    static P: OnceLock<Regex> = OnceLock::new();
    P.get_or_init(|| Regex::new("⟪[^⟪⟫]{0,64}⟫|[⟪⟫]").expect("valid pattern"))
}

fn token_pattern() -> &'static Regex {
    static P: OnceLock<Regex> = OnceLock::new();
    P.get_or_init(|| Regex::new(r"⟪([a-z_]+)-(\d+)⟫").expect("valid pattern"))
}

/// ASCII word boundaries throughout: PII values are ASCII, and Unicode
/// boundaries would keep the regex engine off its fast path on non-ASCII
/// text (measured: 86 µs → see docs/residency.md for a 500-character message).
fn patterns() -> &'static [(&'static str, Regex)] {
    static P: OnceLock<Vec<(&'static str, Regex)>> = OnceLock::new();
    P.get_or_init(|| {
        let re = |s: &str| Regex::new(s).expect("valid pattern");
        vec![
            ("email", re(r"(?-u:\b)[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?-u:\b)")),
            ("iban", re(r"(?-u:\b)[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?-u:\b)")),
            ("payment_card", re(r"(?-u:\b)\d(?:[ -]?\d){12,18}(?-u:\b)")),
            ("cn_resident_id", re(r"(?-u:\b)\d{17}[\dXx](?-u:\b)")),
            ("us_ssn", re(r"(?-u:\b)\d{3}-\d{2}-\d{4}(?-u:\b)")),
            ("es_dni", re(r"(?-u:\b)\d{8}-?[A-Za-z](?-u:\b)")),
            ("ip", re(r"(?-u:\b)(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?-u:\b)|(?-u:\b)(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?-u:\b)|(?-u:\b)(?:[0-9A-Fa-f]{1,4}:){1,7}:(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6})?(?-u:\b)")),
            ("phone", re(r"(?:\+|(?-u:\b)00)\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d(?:[\s.-]?\d){6,13}(?-u:\b)|\(\d{2,4}\)[\s.-]?\d{3,4}[\s.-]?\d{3,4}(?-u:\b)|(?-u:\b)0\d{1,4}[\s.-]\d{3,4}[\s.-]?\d{3,4}(?-u:\b)|(?-u:\b)1[3-9]\d{9}(?-u:\b)")),
        ]
    })
}

fn digits(s: &str) -> Vec<u32> {
    s.chars().filter_map(|c| c.to_digit(10)).collect()
}

/// Luhn check for payment cards.
pub fn luhn(number: &str) -> bool {
    let d = digits(number);
    if !(13..=19).contains(&d.len()) {
        return false;
    }
    let sum: u32 = d
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &x)| {
            if i % 2 == 1 {
                if x * 2 > 9 { x * 2 - 9 } else { x * 2 }
            } else {
                x
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// ISO 13616 mod-97 check for IBANs.
pub fn iban_valid(iban: &str) -> bool {
    let s: String = iban.chars().filter(|c| !c.is_whitespace()).collect();
    if !(15..=34).contains(&s.len()) || !s.is_ascii() {
        return false;
    }
    let rearranged = format!("{}{}", &s[4..], &s[..4]);
    let mut rem: u64 = 0;
    for c in rearranged.chars() {
        let v = match c {
            '0'..='9' => c as u64 - '0' as u64,
            'A'..='Z' => c as u64 - 'A' as u64 + 10,
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

/// GB 11643 checksum of an 18-character mainland China resident ID.
pub fn cn_id_valid(id: &str) -> bool {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let b = id.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = b[..17]
        .iter()
        .zip(W)
        .map(|(c, w)| u32::from(c - b'0') * w)
        .sum();
    CHECK[(sum % 11) as usize] == b[17].to_ascii_uppercase()
}

/// US SSN: area not 000, 666 or 9xx; group not 00; serial not 0000.
fn ssn_valid(s: &str) -> bool {
    let d: Vec<&str> = s.split('-').collect();
    d.len() == 3
        && d[0] != "000"
        && d[0] != "666"
        && !d[0].starts_with('9')
        && d[1] != "00"
        && d[2] != "0000"
}

/// Spanish DNI: the letter is the number mod 23.
fn dni_valid(s: &str) -> bool {
    let n: String = s.chars().filter(char::is_ascii_digit).collect();
    let Some(letter) = s.chars().last() else {
        return false;
    };
    n.parse::<u32>()
        .map(|n| {
            b"TRWAGMYFPDXBNJZSQVHLCKE"[(n % 23) as usize] as char == letter.to_ascii_uppercase()
        })
        .unwrap_or(false)
}

fn valid(kind: &str, value: &str) -> bool {
    match kind {
        "payment_card" => luhn(value),
        "iban" => iban_valid(value),
        "cn_resident_id" => cn_id_valid(value),
        "us_ssn" => ssn_valid(value),
        "es_dni" => dni_valid(value),
        "phone" => (8..=15).contains(&digits(value).len()),
        _ => true,
    }
}

pub fn token(kind: &str, n: usize) -> String {
    format!("⟪{kind}-{n}⟫")
}

/// Replaces every value of `kinds` found in `text` by a token.
pub fn redact(text: &str, kinds: &[String]) -> Redacted {
    let mut found: Vec<(usize, usize, &'static str)> = literal_pattern()
        .find_iter(text)
        .map(|m| (m.start(), m.end(), LITERAL))
        .collect();
    for (kind, re) in patterns() {
        if !kinds.iter().any(|k| k == kind) {
            continue;
        }
        for m in re.find_iter(text) {
            let overlaps = found.iter().any(|&(s, e, _)| m.start() < e && s < m.end());
            if !overlaps && valid(kind, m.as_str()) {
                found.push((m.start(), m.end(), kind));
            }
        }
    }
    found.sort_by_key(|f| f.0);
    let mut out = String::with_capacity(text.len());
    let mut values = Vec::with_capacity(found.len());
    let mut last = 0;
    for (start, end, kind) in found {
        out.push_str(&text[last..start]);
        values.push((kind, text[start..end].to_string()));
        out.push_str(&token(kind, values.len()));
        last = end;
    }
    out.push_str(&text[last..]);
    Redacted { text: out, values }
}

/// Puts the values back (for the shopper or an in-region agent only).
/// One pass over the text: a value never becomes a token again, however
/// it reads.
pub fn restore(text: &str, values: &[(&'static str, String)]) -> String {
    token_pattern()
        .replace_all(text, |c: &regex::Captures<'_>| {
            let n: usize = c[2].parse().unwrap_or(0);
            match n.checked_sub(1).and_then(|i| values.get(i)) {
                Some((kind, value)) if *kind == &c[1] => value.clone(),
                _ => c[0].to_string(),
            }
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> Vec<String> {
        KINDS.iter().map(|k| k.to_string()).collect()
    }

    #[test]
    fn brackets_a_shopper_typed_are_not_taken_for_tokens() {
        // Found by the redaction fuzz target: the typed token came back as
        // the e-mail address.
        let text = "⟪email-1⟫ and a@b.co ⟪ ⟫";
        let r = redact(text, &all());
        assert!(!r.text.contains("a@b.co"));
        assert_eq!(r.kinds(), ["email"]);
        assert_eq!(restore(&r.text, &r.values), text);
    }

    #[test]
    fn checksums() {
        assert!(luhn("4111 1111 1111 1111") && !luhn("4111 1111 1111 1112"));
        assert!(iban_valid("DE89 3704 0044 0532 0130 00") && iban_valid("GB82WEST12345698765432"));
        assert!(!iban_valid("DE89 3704 0044 0532 0130 01"));
        assert!(cn_id_valid("11010519491231002X") && !cn_id_valid("110105194912310021"));
        assert!(dni_valid("12345678Z") && !dni_valid("12345678A"));
        assert!(ssn_valid("123-45-6789") && !ssn_valid("666-45-6789") && !ssn_valid("123-00-6789"));
    }

    #[test]
    fn finds_each_kind_and_leaves_order_numbers_alone() {
        let text = "Soy ana@example.com, tel +34 612 345 678, tarjeta 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00, \
                    IP 192.168.1.20, 身份证 11010519491231002X, SSN 123-45-6789, DNI 12345678Z, pedido #123456 y SO20261125001";
        let r = redact(text, &all());
        assert_eq!(
            r.kinds(),
            [
                "cn_resident_id",
                "email",
                "es_dni",
                "iban",
                "ip",
                "payment_card",
                "phone",
                "us_ssn"
            ]
        );
        for (_, v) in &r.values {
            assert!(!r.text.contains(v.as_str()), "{v} still in {}", r.text);
        }
        assert!(r.text.contains("#123456") && r.text.contains("SO20261125001"));
        assert_eq!(restore(&r.text, &r.values), text);
    }

    #[test]
    fn invalid_checksums_and_unlisted_kinds_stay() {
        let r = redact(
            "card 4111 1111 1111 1112 and mail a@b.io",
            &["payment_card".to_string()],
        );
        assert!(r.values.is_empty());
        assert!(r.text.contains("a@b.io"));
        let r = redact(
            "llámame al 612 34 56 78 o al 0612-345-678",
            &["phone".to_string()],
        );
        assert_eq!(r.values.len(), 1, "{:?}", r.values);
    }

    #[test]
    fn chinese_mobile_numbers_and_international_formats() {
        let r = redact(
            "我的手机13812345678，或者 +86 138 1234 5678，(212) 555-0147",
            &["phone".to_string()],
        );
        assert_eq!(r.values.len(), 3, "{:?}", r.values);
    }
}
