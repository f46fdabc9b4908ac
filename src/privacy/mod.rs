//! Personal data in shopper text: found ([`find`]), replaced by reversible
//! tokens (`⟪email-1⟫`) before a hop that the region's policy allows only
//! after redaction ([`redact`]), and put back ([`restore`]) only in what a
//! person may read. The transfer gate (`crate::gate`) is the one caller
//! that redacts for a processor. Pure.
//!
//! What is found, and how reliably (`docs/residency.md` has the measured
//! recall and false positives on `tests/corpus/pii/`):
//! - e-mail addresses, internationalized ones and full-width `＠` included;
//! - phone numbers validated with libphonenumber's metadata, in the
//!   shopper's country's national format or any international format;
//! - payment cards (Luhn and a real issuer range), IBANs (any case and
//!   spacing, mod-97 and the country's length), IP addresses;
//! - identity numbers with a check: mainland-China resident IDs (18 and 15
//!   digits), US SSN, Spanish DNI/NIE, and as `national_id` the Italian
//!   codice fiscale, French NIR, Brazilian CPF, Mexican CURP, Korean RRN,
//!   Singapore NRIC, Indian Aadhaar, and, where the text names them, Dutch
//!   BSN, Polish PESEL and Japanese My Number;
//! - passport numbers where the text says "passport" in a served language.
//!
//! Names and street addresses are not found: no pattern tells them from
//! product names and place names reliably, so policies must not rely on
//! redaction for them.

mod checks;
pub mod eval;
mod find;
mod normalize;

pub use checks::{card_issuer, cn_id_valid, iban_valid, luhn};
pub use find::find;
pub use normalize::ascii_digit;

use std::sync::OnceLock;

use regex::Regex;

/// A kind of personal data a policy may name in `redact`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Email,
    Phone,
    PaymentCard,
    Iban,
    CnResidentId,
    UsSsn,
    EsDni,
    NationalId,
    Passport,
    Ip,
    /// Brackets a shopper typed that read like a token: masked like a value
    /// so that every token in redacted text is one of ours. Not personal
    /// data; never reported, never named in a policy.
    Literal,
}

impl Kind {
    /// Every kind a policy may name.
    pub const ALL: [Kind; 10] = [
        Kind::Email,
        Kind::Phone,
        Kind::PaymentCard,
        Kind::Iban,
        Kind::CnResidentId,
        Kind::UsSsn,
        Kind::EsDni,
        Kind::NationalId,
        Kind::Passport,
        Kind::Ip,
    ];

    /// Detection order: where two finds overlap, the earlier kind wins
    /// (an IBAN's digits are not a phone number; a resident ID is not a card).
    pub const PRECEDENCE: [Kind; 10] = [
        Kind::Email,
        Kind::Iban,
        Kind::CnResidentId,
        Kind::PaymentCard,
        Kind::UsSsn,
        Kind::EsDni,
        Kind::NationalId,
        Kind::Passport,
        Kind::Ip,
        Kind::Phone,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Email => "email",
            Kind::Phone => "phone",
            Kind::PaymentCard => "payment_card",
            Kind::Iban => "iban",
            Kind::CnResidentId => "cn_resident_id",
            Kind::UsSsn => "us_ssn",
            Kind::EsDni => "es_dni",
            Kind::NationalId => "national_id",
            Kind::Passport => "passport",
            Kind::Ip => "ip",
            Kind::Literal => "literal",
        }
    }

    /// A kind named in a policy (`literal` is not one).
    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// How a person who may not see the value reads its place.
    fn label(self) -> &'static str {
        match self {
            Kind::Email => "[e-mail]",
            Kind::Phone => "[phone]",
            Kind::PaymentCard => "[card]",
            Kind::Iban => "[IBAN]",
            Kind::CnResidentId | Kind::UsSsn | Kind::EsDni | Kind::NationalId => "[ID]",
            Kind::Passport => "[passport]",
            Kind::Ip => "[IP]",
            Kind::Literal => "",
        }
    }
}

/// Every kind's name, for policy validation and messages.
pub const KINDS: &[&str] = &[
    "email",
    "phone",
    "payment_card",
    "iban",
    "cn_resident_id",
    "us_ssn",
    "es_dni",
    "national_id",
    "passport",
    "ip",
];

/// A value found in a text: a byte range of the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

/// Text with personal data replaced by tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redacted {
    pub text: String,
    /// (kind, value as written) per token; token `⟪kind-n⟫` is entry n-1.
    pub values: Vec<(Kind, String)>,
}

impl Redacted {
    /// The kinds replaced, without values (for audits and logs).
    pub fn kinds(&self) -> Vec<Kind> {
        let mut k: Vec<Kind> = self
            .values
            .iter()
            .map(|(k, _)| *k)
            .filter(|k| *k != Kind::Literal)
            .collect();
        k.sort_unstable();
        k.dedup();
        k
    }
}

fn literal_pattern() -> &'static Regex {
    static P: OnceLock<Regex> = OnceLock::new();
    P.get_or_init(|| Regex::new("⟪[^⟪⟫]{0,64}⟫|[⟪⟫]").expect("valid pattern"))
}

fn token_pattern() -> &'static Regex {
    static P: OnceLock<Regex> = OnceLock::new();
    P.get_or_init(|| Regex::new(r"⟪([a-z_]+)-(\d+)⟫").expect("valid pattern"))
}

pub fn token(kind: Kind, n: usize) -> String {
    format!("⟪{}-{n}⟫", kind.as_str())
}

/// Replaces every value of `kinds` found in `text` by a token, and every
/// bracket the text already had by a literal token. `country` is the
/// shopper's (national phone formats).
pub fn redact(text: &str, kinds: &[Kind], country: Option<&str>) -> Redacted {
    let mut spans: Vec<Span> = if text.contains(['⟪', '⟫']) {
        literal_pattern()
            .find_iter(text)
            .map(|m| Span {
                start: m.start(),
                end: m.end(),
                kind: Kind::Literal,
            })
            .collect()
    } else {
        Vec::new()
    };
    for s in find(text, kinds, country) {
        if !spans.iter().any(|l| s.start < l.end && l.start < s.end) {
            spans.push(s);
        }
    }
    spans.sort_by_key(|s| s.start);
    let mut out = String::with_capacity(text.len());
    let mut values = Vec::with_capacity(spans.len());
    let mut last = 0;
    for s in spans {
        out.push_str(&text[last..s.start]);
        values.push((s.kind, text[s.start..s.end].to_string()));
        out.push_str(&token(s.kind, values.len()));
        last = s.end;
    }
    out.push_str(&text[last..]);
    Redacted { text: out, values }
}

/// Puts the values back, for a person who may read them. One pass: a value
/// never becomes a token again, however it reads. A token that is not one
/// of `values` (a processor invented or renumbered it) becomes its kind's
/// label: a raw token never reaches a person.
pub fn restore(text: &str, values: &[(Kind, String)]) -> String {
    if !text.contains('⟪') {
        return text.to_string();
    }
    token_pattern()
        .replace_all(text, |c: &regex::Captures<'_>| {
            let n: usize = c[2].parse().unwrap_or(0);
            match n.checked_sub(1).and_then(|i| values.get(i)) {
                Some((kind, value)) if kind.as_str() == &c[1] => value.clone(),
                _ => Kind::parse(&c[1]).map_or("", Kind::label).to_string(),
            }
        })
        .into_owned()
}

/// For a person who may not read the values (an agent of another region
/// under a redacting policy): each token becomes its kind's label, and
/// literal tokens go back to what the shopper typed.
pub fn mask(text: &str, values: &[(Kind, String)]) -> String {
    if !text.contains('⟪') {
        return text.to_string();
    }
    token_pattern()
        .replace_all(text, |c: &regex::Captures<'_>| {
            let n: usize = c[2].parse().unwrap_or(0);
            match n.checked_sub(1).and_then(|i| values.get(i)) {
                Some((Kind::Literal, value)) if &c[1] == "literal" => value.clone(),
                _ => Kind::parse(&c[1]).map_or("", Kind::label).to_string(),
            }
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_a_shopper_typed_are_not_taken_for_tokens() {
        // A case of the redaction fuzz target: a token the shopper typed
        // must not come back as the e-mail address.
        let text = "⟪email-1⟫ and a@b.co ⟪ ⟫";
        let r = redact(text, &Kind::ALL, None);
        assert!(!r.text.contains("a@b.co"));
        assert_eq!(r.kinds(), [Kind::Email]);
        assert_eq!(restore(&r.text, &r.values), text);
        assert_eq!(mask(&r.text, &r.values), "⟪email-1⟫ and [e-mail] ⟪ ⟫");
    }

    #[test]
    fn finds_each_kind_and_leaves_order_numbers_alone() {
        let text = "Soy ana@example.com, tel +34 612 345 678, tarjeta 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00, \
                    IP 192.168.1.20, 身份证 11010519491231002X, SSN 123-45-6789, DNI 12345678Z, pedido #123456 y SO20261125001";
        let r = redact(text, &Kind::ALL, Some("ES"));
        assert_eq!(
            r.kinds(),
            [
                Kind::Email,
                Kind::Phone,
                Kind::PaymentCard,
                Kind::Iban,
                Kind::CnResidentId,
                Kind::UsSsn,
                Kind::EsDni,
                Kind::Ip
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
            &[Kind::PaymentCard],
            None,
        );
        assert!(r.values.is_empty());
        assert!(r.text.contains("a@b.io"));
    }

    #[test]
    fn values_come_back_as_written_and_unknown_tokens_as_labels() {
        let text = "mail ｔａｎａｋａ＠example.jp, tel ０９０-１２３４-５６７８";
        let r = redact(text, &Kind::ALL, Some("JP"));
        assert_eq!(r.kinds(), [Kind::Email, Kind::Phone], "{:?}", r.values);
        assert_eq!(restore(&r.text, &r.values), text);
        assert_eq!(
            restore("see ⟪email-7⟫ and ⟪phone-2⟫", &r.values),
            "see [e-mail] and ０９０-１２３４-５６７８"
        );
    }
}
