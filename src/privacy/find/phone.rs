//! Phone numbers in national and international formats, validated with
//! libphonenumber's metadata (the `phonenumber` crate): a run of digit
//! groups is cut into the longest window that is a valid number of the
//! shopper's country, or of the country its `+`/`00` prefix names. Numbers
//! of other countries count when the text calls them a phone or they are
//! written the way phone numbers are (grouped, or a mainland-China mobile).
//! Pure.

use std::sync::OnceLock;

use regex::Regex;

use crate::privacy::Kind;

/// Countries tried after the shopper's own, for a number the text marks as
/// a phone number: the shop's main markets.
const FALLBACK: &[&str] = &[
    "US", "CN", "GB", "DE", "FR", "ES", "IT", "JP", "KR", "BR", "MX", "IN", "RU", "TR", "PL", "NL",
    "SA", "AE", "EG", "AU", "CA", "PT", "SE", "TH", "VN", "ID", "MY", "SG", "UA", "IL",
];

fn runs() -> &'static Regex {
    static P: OnceLock<Regex> = OnceLock::new();
    // Digit groups joined by single separators, optionally after `+`.
    P.get_or_init(|| {
        Regex::new(r"(?:\+ ?)?\(?(?-u:\b)[0-9]+\)?(?:(?:[ .\-/]|\) ?| ?\()[0-9]+\)?)*")
            .expect("valid pattern")
    })
}

fn phone_labels() -> &'static Regex {
    static P: OnceLock<Regex> = OnceLock::new();
    P.get_or_init(|| {
        Regex::new(r"(?i)(?:tel|tél|phone|mobile|cell|call|whatsapp|line|sms|número|numero|teléfono|telefono|móvil|movil|celular|telemóvel|téléphone|telephone|portable|telefon|handy|rufnummer|cellulare|telefoon|mobiel|komórka|komorka|телефон|тел|номер|моб|电话|電話|手机|手機|携帯|携帯電話|전화|휴대폰|핸드폰|هاتف|جوال|رقم|cep|gsm|puhelin|τηλέφωνο|κινητό|טלפון|تلفن|موبایل|फ़ोन|फोन|मोबाइल|điện thoại|sđt|nomor|hp|telefonu)\D{0,16}$")
            .expect("valid pattern")
    })
}

/// Dates (`25.11.2026`, `2026-12-24`, `12/24/2026`, a date and the hour
/// after it) are not phone numbers, nor is a Brazilian postal code (CEP,
/// `01310-100`).
fn looks_like_date(candidate: &str) -> bool {
    static P: OnceLock<Regex> = OnceLock::new();
    P.get_or_init(|| {
        Regex::new(r"^(?:[0-9]{1,2}[./-][0-9]{1,2}[./-][0-9]{2,4}|[0-9]{4}[./-][0-9]{1,2}[./-][0-9]{1,2})(?: [0-9]{1,2})?$|^[0-9]{5}-[0-9]{3}$")
            .expect("valid pattern")
    })
    .is_match(candidate)
}

/// What stands around a candidate says it is a code or an amount: `#123…`,
/// `SO-2026-…`, `€ 1.299.000`, `1.299.000,00`.
fn code_or_amount(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let before2 = text[..start].chars().rev().nth(1);
    let after = &text[end..];
    matches!(
        before,
        Some('#' | '$' | '€' | '£' | '¥' | '₩' | '₹' | '.' | ',')
    ) || (matches!(before, Some('-' | '/' | '_'))
        && before2.is_some_and(|c| c.is_ascii_alphanumeric()))
        || before.is_some_and(|c| c.is_ascii_alphanumeric())
        || after.starts_with(|c: char| {
            c.is_ascii_alphanumeric() || matches!(c, '€' | '$' | '元' | '円' | '%')
        })
        || (after.starts_with([',', '.']) && after[1..].starts_with(|c: char| c.is_ascii_digit()))
        || text[..start]
            .trim_end()
            .ends_with(['$', '€', '£', '¥', '₩', '₹'])
}

/// A mainland-China mobile number written as one block.
fn cn_mobile(digits: &str) -> bool {
    digits.len() == 11 && digits.starts_with('1') && matches!(digits.as_bytes()[1], b'3'..=b'9')
}

/// Compiled patterns libphonenumber's metadata may keep: enough for every
/// country's (~10 each), so trying a number against several countries
/// does not recompile them (the crate's default, 100, spent most of a
/// redaction compiling regular expressions).
const PATTERN_CACHE: usize = 4096;

fn valid_in(candidate: &str, country: Option<&str>) -> bool {
    static CACHE: OnceLock<()> = OnceLock::new();
    CACHE.get_or_init(|| {
        let cache = phonenumber::metadata::DATABASE.cache();
        *cache.lock().unwrap_or_else(|e| e.into_inner()) =
            regex_cache::RegexCache::new(PATTERN_CACHE);
    });
    let id = match country {
        Some(c) => match c.parse::<phonenumber::country::Id>() {
            Ok(id) => Some(id),
            Err(_) => return false,
        },
        None => None,
    };
    phonenumber::parse(id, candidate).is_ok_and(|n| phonenumber::is_valid(&n))
}

/// Whether `candidate` is a valid number, for the shopper's country or the
/// country its international prefix names; `fallback` also tries the
/// shop's main markets.
fn is_phone(candidate: &str, country: Option<&str>, fallback: bool) -> bool {
    // libphonenumber reads the groups as written (`+86 139-1234-5678`);
    // squeezing the spaces out makes some numbers unreadable to it.
    if let Some(rest) = candidate.strip_prefix("00") {
        return valid_in(&format!("+{rest}"), None);
    }
    if candidate.starts_with('+') {
        return valid_in(candidate, None);
    }
    if country.is_some_and(|c| valid_in(candidate, Some(c))) {
        return true;
    }
    fallback
        && FALLBACK
            .iter()
            .any(|c| Some(*c) != country && valid_in(candidate, Some(c)))
}

/// Pushes every phone number in `text`; `is_order(start)` says the text
/// labels the number at `start` as an order or parcel number, and
/// `taken(start, end)` that a value of another kind is there already.
pub fn find(
    text: &str,
    country: Option<&str>,
    is_order: &dyn Fn(usize) -> bool,
    taken: &dyn Fn(usize, usize) -> bool,
    out: &mut Vec<(usize, usize, Kind)>,
) {
    for run in runs().find_iter(text) {
        // A number the text calls an order or parcel number is one, whole;
        // a card or an IBAN found already is not a phone number.
        if is_order(run.start()) || taken(run.start(), run.end()) {
            continue;
        }
        // The digit groups of the run, with where each starts and ends.
        let groups: Vec<(usize, usize)> = {
            let mut g = Vec::new();
            let bytes = run.as_str().as_bytes();
            let mut i = 0;
            while i < bytes.len() {
                if bytes[i].is_ascii_digit() {
                    let s = i;
                    while i < bytes.len() && bytes[i].is_ascii_digit() {
                        i += 1;
                    }
                    g.push((run.start() + s, run.start() + i));
                } else {
                    i += 1;
                }
            }
            g
        };
        let mut first = 0;
        while first < groups.len() {
            let mut taken = None;
            for last in (first..groups.len()).rev() {
                let mut start = groups[first].0;
                // A `+` (and space) or `(` just before the first group belongs to it.
                let head = &text[run.start()..start];
                if first == 0 {
                    start = run.start() + head.find(['+', '(']).unwrap_or(head.len());
                } else if text[..start].ends_with('(') {
                    start -= 1;
                }
                let mut end = groups[last].1;
                if text[end..].starts_with(')') && text[start..end].contains('(') {
                    end += 1;
                }
                let candidate = &text[start..end];
                let digits: String = candidate.chars().filter(char::is_ascii_digit).collect();
                if !(7..=15).contains(&digits.len())
                    || looks_like_date(candidate)
                    || code_or_amount(text, start, end)
                    || is_order(start)
                {
                    continue;
                }
                // Other countries' numbers: when the text calls it a phone,
                // or it is written as phone numbers are.
                let spaced =
                    last > first && !candidate.contains('.') && (10..=13).contains(&digits.len());
                let labelled = phone_labels()
                    .is_match(&text[text.floor_char_boundary(start.saturating_sub(40))..start]);
                let fallback = labelled || spaced || cn_mobile(&digits);
                if is_phone(candidate, country, fallback) {
                    taken = Some((start, end, last));
                    break;
                }
            }
            match taken {
                Some((start, end, last)) => {
                    out.push((start, end, Kind::Phone));
                    first = last + 1;
                }
                None => first += 1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Through `privacy::find`, which normalizes the text first.
    fn phones<'a>(text: &'a str, country: &str) -> Vec<&'a str> {
        crate::privacy::find(text, &[Kind::Phone], Some(country))
            .into_iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn national_formats_of_the_shoppers_country() {
        assert_eq!(
            phones("appelez-moi au 06 12 34 56 78 merci", "FR"),
            ["06 12 34 56 78"]
        );
        assert_eq!(phones("mi móvil es 612 34 56 78", "ES"), ["612 34 56 78"]);
        assert_eq!(
            phones("call (415) 555-0132 please", "US"),
            ["(415) 555-0132"]
        );
        assert_eq!(phones("电话13812345678谢谢", "CN"), ["13812345678"]);
        assert_eq!(phones("手机 138 1234 5678", "CN"), ["138 1234 5678"]);
        assert_eq!(phones("Handy 0151 23456789", "DE"), ["0151 23456789"]);
        assert_eq!(phones("text me at 212-555-0147", "US"), ["212-555-0147"]);
        assert_eq!(
            phones("携帯 ０９０-１２３４-５６７８ まで", "JP"),
            ["０９０-１２３４-５６７８"]
        );
        assert_eq!(phones("رقمي ٠٥٠١٢٣٤٥٦٧", "SA"), ["٠٥٠١٢٣٤٥٦٧"]);
    }

    #[test]
    fn international_formats_and_other_countries() {
        assert_eq!(phones("+34 612 34 56 78", "FR"), ["+34 612 34 56 78"]);
        assert_eq!(
            phones("ring 0049 151 23456789", "GB"),
            ["0049 151 23456789"]
        );
        assert_eq!(
            phones("my Chinese number 138 1234 5678", "ES"),
            ["138 1234 5678"]
        );
    }

    #[test]
    fn numbers_that_are_not_phones() {
        assert!(phones("pedido 2026112500001234", "ES").is_empty());
        assert!(phones("it costs 1299 euros, size 42", "DE").is_empty());
        assert!(phones("25.11.2026", "DE").is_empty());
        assert!(phones("SO-2026-118204 and #4839201", "US").is_empty());
        assert!(phones("R$ 1.299.000,00", "BR").is_empty());
    }
}
