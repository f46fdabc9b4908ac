//! Finding personal data in free text. Every detector reads the normalized
//! text ([`Normalized`]); a candidate counts only when its structure or
//! check digits say it is that kind of value, and numbers that the text
//! itself labels as an order, tracking or invoice number are never taken
//! for cards, phones or identity numbers. Pure.

use std::sync::OnceLock;

use regex::Regex;

use super::checks;
use super::normalize::Normalized;
use super::{Kind, Span, email, phone};

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("valid pattern")
}

/// Words that make the number after them an order, parcel or invoice
/// number, in the served languages (lower case; matched case-insensitively).
const ORDER_LABELS: &str = r"(?i)(?:order|orders|invoice|tracking|track|sku|item|article|ref|reference|pedido|encomenda|factura|fatura|seguimiento|rastreio|commande|facture|colis|suivi|bestellung|bestellnummer|auftrag|rechnung|sendung|sendungsnummer|ordine|fattura|spedizione|bestelling|bestel|factuur|zending|zamówienie|zamowienie|faktura|przesyłka|przesylka|заказ|заказа|накладная|посылка|订单|訂單|单号|單號|运单|快递|發票|发票|注文|注文番号|伝票|追跡|주문|송장|운송장|طلب|الطلب|فاتورة|شحنة|sipariş|siparis|fatura|kargo|objednávka|objednavka|objednávky|rendelés|rendeles|comanda|comandă|factură|ordre|bestilling|beställning|tilaus|lasku|παραγγελία|παραγγελίας|הזמנה|سفارش|ऑर्डर|đơn hàng|don hang|đơn|pesanan|nomor pesanan|ออเดอร์|คำสั่งซื้อ|계산서|세금계산서|zip|zip code|postcode|post code|postal code|plz|postleitzahl|código postal|codigo postal|code postal|cap|邮编|郵便番号|〒|우편번호|индекс|почтовый индекс|posta kodu|kod pocztowy|postnummer|postinumero|irányítószám|sku|model|modelo|modèle|modell)";

/// An order label, then at most a few words such as "number", "no." or "#".
fn order_context() -> &'static Regex {
    static P: OnceLock<Regex> = OnceLock::new();
    P.get_or_init(|| {
        re(&format!(
            r"{ORDER_LABELS}[\p{{Latin}}\p{{Cyrillic}}]{{0,8}}(?:\s*(?:is|es|est|ist|è|é|er|är|on|je|lautet|=|number|no\.?|nr\.?|n\.|nº|n°|№|#|num\.?|número|numero|numéro|nummer|numer|номер|号|番号|번호|رقم|numarası|numarasi|số|nomor|编号|編號|号码|號碼|id|code|:|：|-)){{0,3}}\s*[:：#]?\s*$"
        ))
    })
}

/// Whether the text before a number (same line) labels it as an order,
/// tracking or invoice number.
fn labelled_order(text: &str, start: usize) -> bool {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let mut from = start.saturating_sub(48).max(line_start);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    order_context().is_match(&text[from..start])
}

/// Whether one of `labels` (a regex alternation, case-insensitive) names
/// the value at `start`: it stands within 48 bytes before it on the same
/// line, with no other number in between ("passport number, it's X",
/// "PESEL to X", "パスポート番号はX").
fn labelled(text: &str, start: usize, labels: &Regex) -> bool {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let from = text.floor_char_boundary(start.saturating_sub(48).max(line_start));
    let window = &text[from..start];
    labels
        .find_iter(window)
        .last()
        .is_some_and(|m| !window[m.end()..].bytes().any(|b| b.is_ascii_digit()))
}

fn passport_labels() -> &'static Regex {
    static P: OnceLock<Regex> = OnceLock::new();
    P.get_or_init(|| {
        re(r"(?i)passport|pasaporte|passeport|reisepass|pass-?nr|passnummer|passaporto|passaporte|paspoort|paszport|паспорт|护照|護照|パスポート|旅券|여권|جواز|pasaport|cestovní pas|cestovný pas|passi|útlevél|utlevel|pașaport|διαβατήριο|דרכון|گذرنامه|پاسپورت|पासपोर्ट|hộ chiếu|ho chieu|paspor|หนังสือเดินทาง|พาสปอร์ต|\bpass\b")
    })
}

fn national_id_labels() -> &'static Regex {
    static P: OnceLock<Regex> = OnceLock::new();
    P.get_or_init(|| {
        re(r"(?i)bsn|burgerservicenummer|pesel|cpf|aadhaar|aadhar|आधार|my ?number|マイナンバー|個人番号|ssn|social security|sozialversicherungs|seguridad social|sécurité sociale|securite sociale|codice fiscale|주민등록|주민번호|nric|\bfin\b|身份证|身份證|身分證|id card|identity|national id|\bdni\b|\bnie\b|ausweis|carta d'identità|carte d'identité|cédula|\brg\b|curp|kimlik|tckn|t\.c\.|\btc\b|personnummer|personnr|pps|\bsin\b|\bnas\b|social insurance|assurance sociale|инн|иин|هوية|إقامة|اقامة|iqama|บัตรประชาชน|เลขบัตร|身分證|身份證號|emirates id|\brut\b|ahv|avs|rijksregister|numéro national|national number")
    })
}

/// One detector's raw finds in the normalized text.
type Finds = Vec<(usize, usize, Kind)>;

fn ibans(text: &str, out: &mut Finds) {
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

/// The match is a part of a longer run of digit groups (`1000 2761 7642
/// 9903`): the whole number is one thing, and not this one.
fn in_longer_number(text: &str, start: usize, end: usize) -> bool {
    let before = &text.as_bytes()[..start];
    let after = &text.as_bytes()[end..];
    let joined = |sep: Option<&u8>, digit: Option<&u8>| {
        matches!(sep, Some(b' ' | b'-' | b'.' | b'/')) && digit.is_some_and(u8::is_ascii_digit)
    };
    joined(
        before.last(),
        before.len().checked_sub(2).and_then(|i| before.get(i)),
    ) || joined(after.first(), after.get(1))
}

fn cards(text: &str, out: &mut Finds) {
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

fn cn_resident_ids(text: &str, out: &mut Finds) {
    static P: OnceLock<Regex> = OnceLock::new();
    let p = P.get_or_init(|| re(r"(?-u:\b)(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?-u:\b)"));
    for m in p.find_iter(text) {
        if checks::cn_id_valid(m.as_str()) && !labelled_order(text, m.start()) {
            out.push((m.start(), m.end(), Kind::CnResidentId));
        }
    }
}

fn us_ssns(text: &str, out: &mut Finds) {
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

fn es_dnis(text: &str, out: &mut Finds) {
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

/// Identity numbers of the shop's other countries: strong formats with a
/// check are taken as they are; digit-only ones only when labelled.
fn national_ids(text: &str, out: &mut Finds) {
    struct Rule {
        pattern: &'static str,
        valid: fn(&str) -> bool,
        needs_label: bool,
    }
    const RULES: &[Rule] = &[
        // Italian codice fiscale.
        Rule {
            pattern: r"(?-u:\b)[A-Za-z]{6}[0-9]{2}[A-Za-z][0-9]{2}[A-Za-z][0-9]{3}[A-Za-z](?-u:\b)",
            valid: checks::it_fiscal_code_valid,
            needs_label: false,
        },
        // French NIR, grouped or not.
        Rule {
            pattern: r"(?-u:\b)[12] ?[0-9]{2} ?[0-9]{2} ?(?:[0-9]{2}|2[ABab]) ?[0-9]{3} ?[0-9]{3} ?[0-9]{2}(?-u:\b)",
            valid: checks::fr_nir_valid,
            needs_label: false,
        },
        // Brazilian CPF, written with its dots and dash.
        Rule {
            pattern: r"(?-u:\b)[0-9]{3}\.[0-9]{3}\.[0-9]{3}-[0-9]{2}(?-u:\b)",
            valid: checks::br_cpf_valid,
            needs_label: false,
        },
        // Mexican CURP.
        Rule {
            pattern: r"(?-u:\b)[A-Za-z]{4}[0-9]{6}[HMhm][A-Za-z]{5}[A-Za-z0-9][0-9](?-u:\b)",
            valid: checks::mx_curp_valid,
            needs_label: false,
        },
        // Korean resident registration number.
        Rule {
            pattern: r"(?-u:\b)[0-9]{6}-[1-8][0-9]{6}(?-u:\b)",
            valid: checks::kr_rrn_valid,
            needs_label: false,
        },
        // Singapore NRIC/FIN.
        Rule {
            pattern: r"(?-u:\b)[STFGMstfgm][0-9]{7}[A-Za-z](?-u:\b)",
            valid: checks::sg_nric_valid,
            needs_label: false,
        },
        // Indian Aadhaar, grouped 4-4-4.
        Rule {
            pattern: r"(?-u:\b)[2-9][0-9]{3}[ -][0-9]{4}[ -][0-9]{4}(?-u:\b)",
            valid: checks::in_aadhaar_valid,
            needs_label: false,
        },
        // Digit-only numbers: only where the text names them.
        Rule {
            pattern: r"(?-u:\b)[0-9]{11}(?-u:\b)",
            valid: checks::br_cpf_valid,
            needs_label: true,
        },
        Rule {
            pattern: r"(?-u:\b)[0-9]{11}(?-u:\b)",
            valid: checks::pl_pesel_valid,
            needs_label: true,
        },
        Rule {
            pattern: r"(?-u:\b)[0-9]{4}[ -]?[0-9]{3}[ -]?[0-9]{2}(?-u:\b)|(?-u:\b)[0-9]{9}(?-u:\b)",
            valid: checks::nl_bsn_valid,
            needs_label: true,
        },
        Rule {
            pattern: r"(?-u:\b)[0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}(?-u:\b)",
            valid: checks::jp_my_number_valid,
            needs_label: true,
        },
        Rule {
            pattern: r"(?-u:\b)[2-9][0-9]{11}(?-u:\b)",
            valid: checks::in_aadhaar_valid,
            needs_label: true,
        },
        Rule {
            pattern: r"(?-u:\b)[0-9]{13}(?-u:\b)",
            valid: checks::kr_rrn_valid,
            needs_label: true,
        },
        // Thai national ID, written 1-2345-67890-12-3.
        Rule {
            pattern: r"(?-u:\b)[0-9]-[0-9]{4}-[0-9]{5}-[0-9]{2}-[0-9](?-u:\b)",
            valid: checks::th_id_valid,
            needs_label: false,
        },
        Rule {
            pattern: r"(?-u:\b)[0-9]{13}(?-u:\b)",
            valid: checks::th_id_valid,
            needs_label: true,
        },
        // Taiwan national ID.
        Rule {
            pattern: r"(?-u:\b)[A-Za-z][12][0-9]{8}(?-u:\b)",
            valid: checks::tw_id_valid,
            needs_label: false,
        },
        // Hong Kong identity card.
        Rule {
            pattern: r"(?-u:\b)[A-Za-z]{1,2}[0-9]{6} ?(?:\([0-9Aa]\)|[0-9Aa](?-u:\b))",
            valid: checks::hk_id_valid,
            needs_label: false,
        },
        // Chilean RUT.
        Rule {
            pattern: r"(?-u:\b)[0-9]{1,2}\.?[0-9]{3}\.?[0-9]{3}-[0-9Kk](?-u:\b)",
            valid: checks::cl_rut_valid,
            needs_label: false,
        },
        // Swiss AHV/AVS.
        Rule {
            pattern: r"(?-u:\b)756\.?[0-9]{4}\.?[0-9]{4}\.?[0-9]{2}(?-u:\b)",
            valid: checks::ch_ahv_valid,
            needs_label: false,
        },
        // Belgian national number.
        Rule {
            pattern: r"(?-u:\b)[0-9]{2}\.[0-9]{2}\.[0-9]{2}-[0-9]{3}\.[0-9]{2}(?-u:\b)",
            valid: checks::be_national_number_valid,
            needs_label: false,
        },
        // Emirates ID.
        Rule {
            pattern: r"(?-u:\b)784-[0-9]{4}-[0-9]{7}-[0-9](?-u:\b)",
            valid: checks::luhn_id_valid,
            needs_label: false,
        },
        // Irish PPS, Canadian SIN, Saudi ID, Russian INN, Kazakh IIN: where named.
        Rule {
            pattern: r"(?-u:\b)[0-9]{7}[A-Wa-w][A-Ia-iWw]?(?-u:\b)",
            valid: checks::ie_pps_valid,
            needs_label: true,
        },
        Rule {
            pattern: r"(?-u:\b)[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{3}(?-u:\b)",
            valid: checks::luhn_id_valid,
            needs_label: true,
        },
        Rule {
            pattern: r"(?-u:\b)[12][0-9]{9}(?-u:\b)",
            valid: checks::luhn_id_valid,
            needs_label: true,
        },
        Rule {
            pattern: r"(?-u:\b)[0-9]{10}(?:[0-9]{2})?(?-u:\b)",
            valid: checks::ru_inn_valid,
            needs_label: true,
        },
        Rule {
            pattern: r"(?-u:\b)[0-9]{12}(?-u:\b)",
            valid: checks::kz_iin_valid,
            needs_label: true,
        },
        // Turkish T.C. kimlik numarası.
        Rule {
            pattern: r"(?-u:\b)[1-9][0-9]{10}(?-u:\b)",
            valid: checks::tr_kimlik_valid,
            needs_label: true,
        },
        // Swedish personnummer.
        Rule {
            pattern: r"(?-u:\b)(?:[0-9]{2})?[0-9]{6}[-+ ]?[0-9]{4}(?-u:\b)",
            valid: checks::se_personnummer_valid,
            needs_label: true,
        },
    ];
    static COMPILED: OnceLock<Vec<Regex>> = OnceLock::new();
    let compiled = COMPILED.get_or_init(|| RULES.iter().map(|r| re(r.pattern)).collect());
    for (rule, p) in RULES.iter().zip(compiled) {
        for m in p.find_iter(text) {
            if (rule.valid)(m.as_str())
                && !in_longer_number(text, m.start(), m.end())
                && !labelled_order(text, m.start())
                && (!rule.needs_label || labelled(text, m.start(), national_id_labels()))
            {
                out.push((m.start(), m.end(), Kind::NationalId));
            }
        }
    }
}

/// Passport numbers: only where the text says "passport" in one of the
/// served languages; a bare 9-character code is as likely a parcel's.
fn passports(text: &str, out: &mut Finds) {
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

fn ips(text: &str, out: &mut Finds) {
    static V4: OnceLock<Regex> = OnceLock::new();
    static V6: OnceLock<Regex> = OnceLock::new();
    static VERSION: OnceLock<Regex> = OnceLock::new();
    let v4 = V4.get_or_init(|| {
        re(r"(?-u:\b)(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(?-u:\b)")
    });
    let v6 = V6.get_or_init(|| {
        re(r"(?-u:\b)(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?-u:\b)|(?:(?-u:\b)[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6})?::(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6})?(?-u:\b)")
    });
    let version = VERSION.get_or_init(|| re(r"(?i)(?:v|ver\.?|version|versión|versão|versione|versie|wersja|версия|版本|バージョン|버전|sürüm|sürümü)\s*$"));
    for m in v4.find_iter(text) {
        let before = text[..m.start()].chars().last();
        let after = text[m.end()..].chars().next();
        // Not part of a longer dotted number (a version 1.2.3.4.5).
        if matches!(before, Some('.'))
            || matches!(after, Some('.'))
                && text[m.end() + 1..].starts_with(|c: char| c.is_ascii_digit())
        {
            continue;
        }
        if !labelled(text, m.start(), version) {
            out.push((m.start(), m.end(), Kind::Ip));
        }
    }
    for m in v6.find_iter(text) {
        let v = m.as_str();
        // `::` alone, or a time such as 12:30:45, is not an address.
        if v.matches(':').count() >= 2 && v.chars().filter(char::is_ascii_hexdigit).count() >= 4 {
            out.push((m.start(), m.end(), Kind::Ip));
        }
    }
}

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
            Kind::Iban => ibans(t, &mut finds),
            Kind::PaymentCard => cards(t, &mut finds),
            Kind::CnResidentId => cn_resident_ids(t, &mut finds),
            Kind::UsSsn => us_ssns(t, &mut finds),
            Kind::EsDni => es_dnis(t, &mut finds),
            Kind::NationalId => national_ids(t, &mut finds),
            Kind::Passport => passports(t, &mut finds),
            Kind::Ip => ips(t, &mut finds),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn values<'a>(text: &'a str, country: &str) -> Vec<(Kind, &'a str)> {
        find(text, &Kind::ALL, Some(country))
            .into_iter()
            .map(|s| (s.kind, &text[s.start..s.end]))
            .collect()
    }

    #[test]
    fn labelled_order_numbers_are_not_cards_or_phones() {
        // Luhn-valid, 16 digits, Visa-like: a card unless the text says order.
        assert_eq!(
            values("mi tarjeta 4532 0151 1283 0366", "ES"),
            [(Kind::PaymentCard, "4532 0151 1283 0366")]
        );
        assert!(values("order number 4532015112830366 has not arrived", "US").is_empty());
        assert!(values("Bestellnummer: 4532015112830366", "DE").is_empty());
        assert!(values("订单号4532015112830366", "CN").is_empty());
    }

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

    #[test]
    fn ip_addresses_but_not_versions() {
        assert_eq!(
            values("my IP is 203.0.113.7", "US"),
            [(Kind::Ip, "203.0.113.7")]
        );
        assert_eq!(
            values("from 2001:db8::8a2e:370:7334 today", "DE"),
            [(Kind::Ip, "2001:db8::8a2e:370:7334")]
        );
        assert!(values("app version 5.12.0.1 crashes at 12:30:45", "DE").is_empty());
    }
}
