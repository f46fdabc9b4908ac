//! A shopper asking for a language ("English please", "请说中文", "auf
//! Deutsch bitte"). Such a request decides the conversation's language and
//! locks it until the shopper asks again. Pure.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

/// (language, phrases in lower case). A message containing a phrase, or
/// made of nothing but a language's own name, is a request.
const REQUESTS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "english please",
            "in english",
            "speak english",
            "english pls",
            "english plz",
            "english?",
            "talk in english",
            "reply in english",
        ],
    ),
    (
        "zh",
        &[
            "请说中文",
            "說中文",
            "说中文",
            "用中文",
            "講中文",
            "讲中文",
            "中文可以",
            "中文回复",
            "中文回答",
            "會說中文",
            "会说中文",
        ],
    ),
    (
        "es",
        &[
            "en español",
            "en espanol",
            "hablas español",
            "hablas espanol",
            "habla español",
            "habla espanol",
            "español por favor",
            "espanol por favor",
        ],
    ),
    (
        "pt",
        &[
            "em português",
            "em portugues",
            "fala português",
            "fala portugues",
            "português por favor",
            "portugues por favor",
        ],
    ),
    (
        "de",
        &[
            "auf deutsch",
            "deutsch bitte",
            "sprechen sie deutsch",
            "sprichst du deutsch",
        ],
    ),
    (
        "fr",
        &[
            "en français",
            "en francais",
            "parlez-vous français",
            "parlez vous francais",
            "parlez français",
            "français svp",
            "francais svp",
        ],
    ),
    (
        "it",
        &[
            "in italiano",
            "parli italiano",
            "parla italiano",
            "italiano per favore",
        ],
    ),
    (
        "nl",
        &[
            "in het nederlands",
            "nederlands alstublieft",
            "nederlands aub",
            "spreekt u nederlands",
            "spreek je nederlands",
        ],
    ),
    (
        "ja",
        &[
            "日本語で",
            "日本語お願い",
            "日本語話せ",
            "日本語できます",
            "日本語でお願い",
        ],
    ),
    ("ko", &["한국어로", "한국어 가능", "한국말로"]),
    ("ru", &["по-русски", "по русски", "на русском"]),
    ("uk", &["українською", "по-українськи", "українською мовою"]),
    ("pl", &["po polsku"]),
    (
        "cs",
        &[
            "česky prosím",
            "cesky prosim",
            "mluvíte česky",
            "mluvite cesky",
        ],
    ),
    ("sk", &["po slovensky"]),
    (
        "tr",
        &[
            "türkçe konuş",
            "turkce konus",
            "türkçe lütfen",
            "turkce lutfen",
            "türkçe yaz",
        ],
    ),
    ("ar", &["بالعربي", "باللغة العربية", "بالعربية"]),
    ("fa", &["به فارسی", "فارسی لطفا", "فارسی صحبت"]),
    ("he", &["בעברית"]),
    ("hi", &["हिंदी में", "हिन्दी में"]),
    ("th", &["ภาษาไทย", "พูดไทย"]),
    ("vi", &["tiếng việt", "tieng viet"]),
    ("id", &["bahasa indonesia"]),
    ("ms", &["bahasa melayu"]),
    ("sv", &["på svenska", "pa svenska"]),
    ("da", &["på dansk", "pa dansk"]),
    ("nb", &["på norsk", "pa norsk"]),
    ("fi", &["suomeksi"]),
    ("ro", &["în română", "in romana", "in română"]),
    ("hu", &["magyarul"]),
    ("el", &["στα ελληνικά", "στα ελληνικα", "ελληνικά παρακαλώ"]),
];

/// Language names that, alone, are a request.
const NAMES: &[(&str, &str)] = &[
    ("english", "en"),
    ("中文", "zh"),
    ("español", "es"),
    ("espanol", "es"),
    ("português", "pt"),
    ("deutsch", "de"),
    ("français", "fr"),
    ("francais", "fr"),
    ("italiano", "it"),
    ("nederlands", "nl"),
    ("日本語", "ja"),
    ("한국어", "ko"),
    ("русский", "ru"),
    ("українська", "uk"),
    ("polski", "pl"),
    ("türkçe", "tr"),
    ("العربية", "ar"),
    ("فارسی", "fa"),
    ("עברית", "he"),
    ("हिंदी", "hi"),
    ("ภาษาไทย", "th"),
    ("tiếng việt", "vi"),
    ("svenska", "sv"),
    ("dansk", "da"),
    ("norsk", "nb"),
    ("suomi", "fi"),
    ("română", "ro"),
    ("magyar", "hu"),
    ("ελληνικά", "el"),
];

/// Requests are short; longer messages are about something else.
const LONGEST: usize = 80;

/// Every phrase of [`REQUESTS`] in one automaton, for the text as written
/// (lower-cased) and for its bare words (without the trailing `?`). One
/// pass over a message instead of ~250 substring searches: those were 3.4 %
/// of the server's CPU under load (docs/PERFORMANCE.md).
struct Phrases {
    written: AhoCorasick,
    bare: AhoCorasick,
    /// Pattern number → its language's index in [`REQUESTS`].
    lang_of: Vec<usize>,
}

static PHRASES: LazyLock<Phrases> = LazyLock::new(|| {
    let all = || {
        REQUESTS
            .iter()
            .flat_map(|(_, phrases)| phrases.iter().copied())
    };
    let automaton =
        |patterns: Vec<&str>| AhoCorasick::new(patterns).expect("the request phrases compile");
    Phrases {
        written: automaton(all().collect()),
        bare: automaton(all().map(|p| p.trim_end_matches('?')).collect()),
        lang_of: REQUESTS
            .iter()
            .enumerate()
            .flat_map(|(i, (_, phrases))| std::iter::repeat_n(i, phrases.len()))
            .collect(),
    }
});

/// The text lower-cased, and its words alone (letters, digits and `-`),
/// one space apart.
fn lower_and_bare(text: &str) -> (String, String) {
    let lower = text.to_lowercase();
    let bare: String = lower
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace() || *c == '-')
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    (lower, bare)
}

/// Of the languages whose request phrases occur, the first in
/// [`REQUESTS`]' order.
fn by_phrase(lower: &str, bare: &str) -> Option<&'static str> {
    let phrases = &*PHRASES;
    phrases
        .written
        .find_overlapping_iter(lower)
        .chain(phrases.bare.find_overlapping_iter(bare))
        .map(|m| phrases.lang_of[m.pattern().as_usize()])
        .min()
        .map(|i| REQUESTS[i].0)
}

/// The language the shopper asks for, if the message is such a request.
pub fn requested(text: &str) -> Option<&'static str> {
    if text.len() > LONGEST * 4 || text.chars().count() > LONGEST {
        return None;
    }
    let (lower, bare) = lower_and_bare(text);
    if let Some(lang) = by_phrase(&lower, &bare) {
        return Some(lang);
    }
    let words: Vec<&str> = bare
        .split(' ')
        .filter(|w| !matches!(*w, "please" | "pls" | "bitte" | "por" | "favor" | "svp"))
        .collect();
    let name = words.join(" ");
    NAMES.iter().find(|(n, _)| *n == name).map(|(_, l)| *l)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The phrase search as it was, one substring search per phrase: the
    /// automaton must find the same language.
    fn phrase_by_phrase(lower: &str, bare: &str) -> Option<&'static str> {
        REQUESTS
            .iter()
            .find(|(_, phrases)| {
                phrases
                    .iter()
                    .any(|p| lower.contains(p) || bare.contains(p.trim_end_matches('?')))
            })
            .map(|(lang, _)| *lang)
    }

    proptest::proptest! {
        /// Texts made of request phrases (several languages at once, so
        /// that the order matters), names and filler, in any case.
        #[test]
        fn the_automaton_finds_what_phrase_by_phrase_found(
            parts in proptest::collection::vec(
                (0..REQUESTS.len(), 0usize..16, proptest::bool::ANY, "[ a-zA-Z?!,.¿ñé中文]{0,6}"),
                0..4,
            )
        ) {
            let mut text = String::new();
            for (lang, phrase, upper, filler) in parts {
                let phrases = REQUESTS[lang].1;
                let p = phrases[phrase % phrases.len()];
                text.push_str(&if upper { p.to_uppercase() } else { p.to_string() });
                text.push_str(&filler);
            }
            let (lower, bare) = lower_and_bare(&text);
            proptest::prop_assert_eq!(
                by_phrase(&lower, &bare),
                phrase_by_phrase(&lower, &bare),
                "{}",
                text
            );
        }
    }

    #[test]
    fn requests_in_many_languages() {
        for (text, lang) in [
            ("English please", "en"),
            ("can you reply in English?", "en"),
            ("请说中文", "zh"),
            ("你好，可以用中文吗", "zh"),
            ("Auf Deutsch bitte!", "de"),
            ("¿Hablas español?", "es"),
            ("日本語でお願いします", "ja"),
            ("English", "en"),
            ("Deutsch bitte", "de"),
            ("Español por favor", "es"),
            ("po polsku", "pl"),
        ] {
            assert_eq!(requested(text), Some(lang), "{text}");
        }
    }

    #[test]
    fn ordinary_messages_are_not_requests() {
        for text in [
            "Where is my order?",
            "Mi pedido no llegó",
            "我的订单在哪里",
            "Ich habe Deutsch gelernt und brauche Hilfe mit meiner Bestellung",
        ] {
            assert_eq!(requested(text), None, "{text}");
        }
    }
}
