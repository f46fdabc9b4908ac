//! A shopper asking for a language ("English please", "请说中文", "auf
//! Deutsch bitte"). Such a request decides the conversation's language and
//! locks it until the shopper asks again. Pure.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

/// The phrase table: `TARGET<TAB>phrase` lines in lower case, each a
/// request with a verb of speaking or answering ("hablarme en inglés",
/// "sprechen sie englisch"), so that a phrase inside a short message asks
/// for TARGET. Forms that are only a language's name ("en inglés", "英語で")
/// also occur in "the manual is in English": they count only when the whole
/// message is that name (see [`by_name`]). Checked by `check_requests.py`.
const REQUESTS_TSV: &str = include_str!("requests.tsv");

/// `(target, phrase)` in file order: the first target in that order wins.
fn table(tsv: &'static str) -> Vec<(&'static str, &'static str)> {
    tsv.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .collect()
}

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

/// Every phrase of the table in one automaton, for the text as written
/// (lower-cased) and for its bare words. One pass over a message instead of
/// thousands of substring searches.
struct Phrases {
    written: AhoCorasick,
    bare: AhoCorasick,
    /// Pattern number → its target language.
    lang_of: Vec<&'static str>,
}

static PHRASES: LazyLock<Phrases> = LazyLock::new(|| {
    let rows = table(REQUESTS_TSV);
    let automaton =
        |patterns: Vec<&str>| AhoCorasick::new(patterns).expect("the request phrases compile");
    let phrases = || rows.iter().map(|(_, p)| *p);
    Phrases {
        written: automaton(phrases().collect()),
        bare: automaton(phrases().collect()),
        lang_of: rows.iter().map(|(lang, _)| *lang).collect(),
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

/// Of the languages whose request phrases occur, the first in the table's
/// order.
fn by_phrase(lower: &str, bare: &str) -> Option<&'static str> {
    let phrases = &*PHRASES;
    phrases
        .written
        .find_overlapping_iter(lower)
        .chain(phrases.bare.find_overlapping_iter(bare))
        .map(|m| m.pattern().as_usize())
        .min()
        .map(|i| phrases.lang_of[i])
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

    /// One substring search per phrase, in order: the automaton must find
    /// the same language.
    fn phrase_by_phrase(lower: &str, bare: &str) -> Option<&'static str> {
        table(REQUESTS_TSV)
            .into_iter()
            .find(|(_, p)| lower.contains(p) || bare.contains(p))
            .map(|(lang, _)| lang)
    }

    proptest::proptest! {
        /// Texts made of request phrases (several languages at once, so
        /// that the order matters) and filler, in any case.
        #[test]
        fn the_automaton_finds_what_phrase_by_phrase_found(
            parts in proptest::collection::vec(
                (proptest::num::usize::ANY, proptest::bool::ANY, "[ a-zA-Z?!,.¿ñé中文]{0,6}"),
                0..4,
            )
        ) {
            let rows = table(REQUESTS_TSV);
            let mut text = String::new();
            for (i, upper, filler) in parts {
                let p = rows[i % rows.len()].1;
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
