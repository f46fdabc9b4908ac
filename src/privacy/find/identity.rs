//! Identity numbers with a kind of their own (mainland-China resident IDs,
//! US SSNs, Spanish DNI/NIE) and passport numbers.

use std::sync::OnceLock;

use regex::Regex;

use super::context::{labelled, labelled_order};
use super::{Finds, re};
use crate::privacy::{Kind, checks};

pub(super) fn cn_resident_ids(text: &str, out: &mut Finds) {
    static P: OnceLock<Regex> = OnceLock::new();
    let p = P.get_or_init(|| re(r"(?-u:\b)(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?-u:\b)"));
    for m in p.find_iter(text) {
        if checks::cn_id_valid(m.as_str()) && !labelled_order(text, m.start()) {
            out.push((m.start(), m.end(), Kind::CnResidentId));
        }
    }
}

pub(super) fn us_ssns(text: &str, out: &mut Finds) {
    static P: OnceLock<Regex> = OnceLock::new();
    static BARE: OnceLock<Regex> = OnceLock::new();
    static LABEL: OnceLock<Regex> = OnceLock::new();
    let p = P.get_or_init(|| re(r"(?-u:\b)[0-9]{3}[- ][0-9]{2}[- ][0-9]{4}(?-u:\b)"));
    let bare = BARE.get_or_init(|| re(r"(?-u:\b)[0-9]{9}(?-u:\b)"));
    let label = LABEL.get_or_init(|| re(r"(?i)ssn|social security|sozialversicherungsnummer"));
    for m in p.find_iter(text) {
        let dashed = m.as_str().contains('-');
        if checks::ssn_valid(m.as_str()) && (dashed || labelled(text, m.start(), label)) {
            out.push((m.start(), m.end(), Kind::UsSsn));
        }
    }
    for m in bare.find_iter(text) {
        if checks::ssn_valid(m.as_str()) && labelled(text, m.start(), label) {
            out.push((m.start(), m.end(), Kind::UsSsn));
        }
    }
}

pub(super) fn es_dnis(text: &str, out: &mut Finds) {
    static P: OnceLock<Regex> = OnceLock::new();
    let p = P.get_or_init(|| {
        re(r"(?-u:\b)(?:[0-9]{8}[ -]?[A-Za-z]|[XYZxyz][ -]?[0-9]{7}[ -]?[A-Za-z])(?-u:\b)")
    });
    for m in p.find_iter(text) {
        if checks::dni_valid(m.as_str()) {
            out.push((m.start(), m.end(), Kind::EsDni));
        }
    }
}

fn passport_labels() -> &'static Regex {
    static P: OnceLock<Regex> = OnceLock::new();
    P.get_or_init(|| {
        re(r"(?i)passport|pasaporte|passeport|reisepass|pass-?nr|passnummer|passaporto|passaporte|paspoort|paszport|паспорт|护照|護照|パスポート|旅券|여권|جواز|pasaport|cestovní pas|cestovný pas|passi|útlevél|utlevel|pașaport|διαβατήριο|דרכון|گذرنامه|پاسپورت|पासपोर्ट|hộ chiếu|ho chieu|paspor|หนังสือเดินทาง|พาสปอร์ต|\bpass\b")
    })
}

/// Passport numbers: only where the text says "passport" in one of the
/// served languages; a bare 9-character code is as likely a parcel's.
pub(super) fn passports(text: &str, out: &mut Finds) {
    static P: OnceLock<Regex> = OnceLock::new();
    // One code of letters and digits, or a Russian series and number
    // (`75 4829137`).
    let p = P.get_or_init(|| {
        re(r"(?-u:\b)(?:[0-9]{2} ?[0-9]{2} ?[0-9]{6}|[0-9]{2} [0-9]{7}|[A-Za-z0-9]{6,10})(?-u:\b)")
    });
    for m in p.find_iter(text) {
        let digits = m.as_str().bytes().filter(u8::is_ascii_digit).count();
        if digits >= 2 && labelled(text, m.start(), passport_labels()) {
            out.push((m.start(), m.end(), Kind::Passport));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::values;
    use crate::privacy::Kind;

    #[test]
    fn identity_numbers() {
        assert_eq!(
            values("身份证号11010519491231002X", "CN"),
            [(Kind::CnResidentId, "11010519491231002X")]
        );
        assert_eq!(
            values("身份证 110105491231002", "CN"),
            [(Kind::CnResidentId, "110105491231002")]
        );
        assert_eq!(
            values("mi DNI es 12345678Z", "ES"),
            [(Kind::EsDni, "12345678Z")]
        );
        assert_eq!(
            values("NIE X-1234567-L", "ES"),
            [(Kind::EsDni, "X-1234567-L")]
        );
        assert_eq!(
            values("codice fiscale RSSMRA85T10A562S", "IT"),
            [(Kind::NationalId, "RSSMRA85T10A562S")]
        );
        assert_eq!(
            values("CPF 529.982.247-25", "BR"),
            [(Kind::NationalId, "529.982.247-25")]
        );
        assert_eq!(
            values("PESEL 44051401359", "PL"),
            [(Kind::NationalId, "44051401359")]
        );
        assert!(values("zamówienie 44051401359", "PL").is_empty());
        assert_eq!(
            values("SSN 123-45-6789", "US"),
            [(Kind::UsSsn, "123-45-6789")]
        );
    }

    #[test]
    fn passports_only_when_named() {
        assert_eq!(
            values("my passport number is C03005988", "US"),
            [(Kind::Passport, "C03005988")]
        );
        assert_eq!(
            values("护照号码：E12345678", "CN"),
            [(Kind::Passport, "E12345678")]
        );
        assert_eq!(
            values("パスポート番号 TK1234567", "JP"),
            [(Kind::Passport, "TK1234567")]
        );
        assert!(values("tracking C03005988", "US").is_empty());
    }
}
