//! Language codes: ISO 639-1 (what crossdesk speaks) ↔ whatlang's ISO
//! 639-3, the language of a locale, and which languages can be detected.

use whatlang::Lang;

use super::model;

/// ISO 639-1 ↔ whatlang (ISO 639-3) for the languages whatlang knows.
const CODES: &[(&str, &str)] = &[
    ("af", "afr"),
    ("ak", "aka"),
    ("am", "amh"),
    ("ar", "ara"),
    ("az", "aze"),
    ("be", "bel"),
    ("bg", "bul"),
    ("bn", "ben"),
    ("ca", "cat"),
    ("cs", "ces"),
    ("cy", "cym"),
    ("da", "dan"),
    ("de", "deu"),
    ("el", "ell"),
    ("en", "eng"),
    ("eo", "epo"),
    ("es", "spa"),
    ("et", "est"),
    ("fa", "pes"),
    ("fi", "fin"),
    ("fr", "fra"),
    ("gu", "guj"),
    ("he", "heb"),
    ("hi", "hin"),
    ("hr", "hrv"),
    ("hu", "hun"),
    ("hy", "hye"),
    ("id", "ind"),
    ("it", "ita"),
    ("ja", "jpn"),
    ("jv", "jav"),
    ("ka", "kat"),
    ("km", "khm"),
    ("kn", "kan"),
    ("ko", "kor"),
    ("la", "lat"),
    ("lt", "lit"),
    ("lv", "lav"),
    ("mk", "mkd"),
    ("ml", "mal"),
    ("mr", "mar"),
    ("my", "mya"),
    ("nb", "nob"),
    ("ne", "nep"),
    ("nl", "nld"),
    ("or", "ori"),
    ("pa", "pan"),
    ("pl", "pol"),
    ("pt", "por"),
    ("ro", "ron"),
    ("ru", "rus"),
    ("si", "sin"),
    ("sk", "slk"),
    ("sl", "slv"),
    ("sn", "sna"),
    ("sr", "srp"),
    ("sv", "swe"),
    ("ta", "tam"),
    ("te", "tel"),
    ("th", "tha"),
    ("tk", "tuk"),
    ("tl", "tgl"),
    ("tr", "tur"),
    ("uk", "ukr"),
    ("ur", "urd"),
    ("uz", "uzb"),
    ("vi", "vie"),
    ("yi", "yid"),
    ("zh", "cmn"),
    ("zu", "zul"),
];

/// Whether crossdesk can detect this language (ISO 639-1): it has
/// training text, or whatlang knows it.
pub fn is_supported(code: &str) -> bool {
    model::Model::shipped().index(code).is_some() || whatlang_of(code).is_some()
}

/// The whatlang language for an ISO 639-1 code.
pub fn whatlang_of(code: &str) -> Option<Lang> {
    CODES
        .iter()
        .find(|(one, _)| *one == code)
        .and_then(|(_, three)| Lang::from_code(*three))
}

/// The ISO 639-1 code of a whatlang language (`und` when it has none here).
pub fn iso639_1_of(lang: Lang) -> &'static str {
    iso639_1(lang)
}

pub(super) fn iso639_1(lang: Lang) -> &'static str {
    CODES
        .iter()
        .find(|(_, three)| *three == lang.code())
        .map(|(one, _)| *one)
        .unwrap_or("und")
}

/// The primary language subtag of a locale ("es-MX" → "es"), lower case.
/// The language of a locale, as ISO 639-1, with old and macrolanguage
/// codes mapped to the served ones (`no`/`nn` → `nb`, `iw` → `he`, `in` →
/// `id`, `ji` → `yi`).
pub fn primary_subtag(locale: &str) -> String {
    let code = locale
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match code.as_str() {
        "no" | "nn" => "nb".into(),
        "iw" => "he".into(),
        "in" => "id".into(),
        "ji" => "yi".into(),
        _ => code,
    }
}

/// Every language crossdesk serves by default: those its model knows
/// (ISO 639-1, sorted).
pub fn trained_languages() -> Vec<String> {
    model::Model::shipped()
        .languages()
        .iter()
        .map(|l| l.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malay_is_supported_through_training_text() {
        assert!(whatlang_of("ms").is_none());
        assert!(is_supported("ms") && is_supported("tl") && !is_supported("xx"));
    }

    #[test]
    fn codes_round_trip() {
        for (one, _) in CODES {
            let l = whatlang_of(one).unwrap_or_else(|| panic!("{one}"));
            assert_eq!(iso639_1(l), *one);
        }
    }
}
