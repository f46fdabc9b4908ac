//! Finding personal data in free text. Every detector reads the normalized
//! text ([`Normalized`]); a candidate counts only when its structure or
//! check digits say it is that kind of value, and numbers that the text
//! itself labels as an order, tracking or invoice number are never taken
//! for cards, phones or identity numbers. Pure.
//!
//! One module per kind of value (`email`, `phone`, `payment` for cards and
//! IBANs, `identity` for resident IDs, SSNs, DNIs and passports,
//! `national_id`, `ip`), and `context` for what the words around a number
//! say about it. This module runs them in order of precedence.

mod context;
mod email;
mod identity;
mod ip;
mod national_id;
mod payment;
mod phone;

use regex::Regex;

use crate::privacy::normalize::Normalized;
use crate::privacy::{Kind, Span};

use context::labelled_order;

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("valid pattern")
}

/// One detector's raw finds in the normalized text.
type Finds = Vec<(usize, usize, Kind)>;

/// Every value of `kinds` in `text`, as byte ranges of the original text,
/// sorted and without overlaps. `country` (ISO 3166-1 alpha-2) is where
/// the shopper is: phone numbers in national format are read as its.
pub fn find(text: &str, kinds: &[Kind], country: Option<&str>) -> Vec<Span> {
    if kinds.is_empty()
        || !text
            .bytes()
            .any(|b| b.is_ascii_digit() || b >= 0x80 || b == b'@')
    {
        return Vec::new();
    }
    let n = Normalized::new(text);
    let t: &str = &n.text;
    let mut found: Finds = Vec::new();
    // In order of precedence: where two finds overlap, the earlier kind wins.
    for kind in Kind::PRECEDENCE {
        if !kinds.contains(&kind) {
            continue;
        }
        let mut finds = Finds::new();
        match kind {
            Kind::Email => email::find(t, &mut finds),
            Kind::Iban => payment::ibans(t, &mut finds),
            Kind::PaymentCard => payment::cards(t, &mut finds),
            Kind::CnResidentId => identity::cn_resident_ids(t, &mut finds),
            Kind::UsSsn => identity::us_ssns(t, &mut finds),
            Kind::EsDni => identity::es_dnis(t, &mut finds),
            Kind::NationalId => national_id::national_ids(t, &mut finds),
            Kind::Passport => identity::passports(t, &mut finds),
            Kind::Ip => ip::ips(t, &mut finds),
            Kind::Phone => phone::find(
                t,
                country,
                &|s| labelled_order(t, s),
                &|s, e| found.iter().any(|&(a, b, _)| s < b && a < e),
                &mut finds,
            ),
            Kind::Literal => {}
        }
        for f in finds {
            if !found.iter().any(|&(s, e, _)| f.0 < e && s < f.1) {
                found.push(f);
            }
        }
    }
    found.sort_by_key(|f| f.0);
    found
        .into_iter()
        .map(|(s, e, kind)| {
            let (start, end) = n.original(s, e);
            Span { start, end, kind }
        })
        .collect()
}

/// Each value found in `text` (the shopper in `country`), as it is written.
#[cfg(test)]
fn values<'a>(text: &'a str, country: &str) -> Vec<(Kind, &'a str)> {
    find(text, &Kind::ALL, Some(country))
        .into_iter()
        .map(|s| (s.kind, &text[s.start..s.end]))
        .collect()
}
