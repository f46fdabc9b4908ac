//! A shopper asking for a language ("English please", "¿puede hablarme en
//! inglés?", "日本語でお願いします", "по-английски, пожалуйста", "영어로 해
//! 주세요"), in any of the 31 served languages for any of them. Such a
//! request decides the conversation's language and locks it until the
//! shopper asks again. Two rules, both from tables in this folder (each
//! with its checker, `check_requests.py` and `check_request_names.py`):
//! a phrase with a verb of speaking or answering anywhere in a short
//! message, or a message that is nothing but a language's name among
//! politeness words. Pure.

use std::collections::HashMap;
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

/// Names of languages as a request spells them (`TARGET<TAB>FORM`:
/// "english", "en inglés", "日本語で", "по-английски", "영어로").
const NAMES_TSV: &str = include_str!("request-names.tsv");

/// Politeness and request wrappers around a name (`ASKER<TAB>FILLER`:
/// "please", "por favor", "können sie", "お願いします", "해 주세요").
const FILLERS_TSV: &str = include_str!("request-fillers.tsv");

/// The whole-message rule's tables, read once.
struct Names {
    /// Form → target.
    target: HashMap<&'static str, &'static str>,
    /// Finds whether any form occurs at all: most messages stop there.
    any_form: AhoCorasick,
    /// Fillers longest first (in characters; equal lengths in code point
    /// order), each with whether it is removed anywhere (it is written in
    /// a script without spaces) or only as whole words.
    fillers: Vec<(&'static str, bool)>,
    /// Finds which fillers occur, by their index in `fillers`.
    any_filler: AhoCorasick,
}

/// Han, kana or Thai: scripts written without spaces between words.
fn unspaced(c: char) -> bool {
    matches!(c as u32, 0xE00..=0xE7F | 0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF66..=0xFF9F | 0x20000..=0x3FFFF)
}

static NAMES: LazyLock<Names> = LazyLock::new(|| {
    let target: HashMap<&str, &str> = table(NAMES_TSV)
        .into_iter()
        .map(|(lang, form)| (form, lang))
        .collect();
    let mut fillers: Vec<&str> = table(FILLERS_TSV).into_iter().map(|(_, f)| f).collect();
    fillers.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
    fillers.dedup();
    let automaton =
        |patterns: Vec<&str>| AhoCorasick::new(patterns).expect("the request tables compile");
    Names {
        any_form: automaton(target.keys().copied().collect()),
        any_filler: automaton(fillers.clone()),
        fillers: fillers
            .into_iter()
            .map(|f| (f, f.chars().any(unspaced)))
            .collect(),
        target,
    }
});

/// `text` without one filler (as whole words unless `anywhere`), with
/// single spaces.
fn remove_filler(text: &str, filler: &str, anywhere: bool) -> String {
    if anywhere {
        return text
            .replace(filler, " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
    }
    let need: Vec<&str> = filler.split(' ').collect();
    let mut words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
    let mut i = 0;
    while i + need.len() <= words.len() {
        if words[i..i + need.len()] == need[..] {
            words.drain(i..i + need.len());
        } else {
            i += 1;
        }
    }
    words.join(" ")
}

/// The language a message asks for when, once its politeness words are
/// gone, nothing but a language's name is left ("¿En inglés, por favor?").
/// `bare` is the message lower-cased, without punctuation, single-spaced.
fn by_name(bare: &str) -> Option<&'static str> {
    let names = &*NAMES;
    if !names.any_form.is_match(bare) {
        return None;
    }
    let mut text = bare.to_string();
    loop {
        let mut present: Vec<usize> = names
            .any_filler
            .find_overlapping_iter(&text)
            .map(|m| m.pattern().as_usize())
            .collect();
        if present.is_empty() {
            break;
        }
        // In the fillers' order: longest first.
        present.sort_unstable();
        present.dedup();
        let before = text.clone();
        for i in present {
            let (filler, anywhere) = names.fillers[i];
            if text.contains(filler) {
                text = remove_filler(&text, filler, anywhere);
            }
        }
        if text == before {
            break;
        }
    }
    names.target.get(text.as_str()).copied()
}

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
    by_phrase(&lower, &bare).or_else(|| by_name(&bare))
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

    /// The checker's own cases (`check_request_names.py`: requests of
    /// every asker language, and ordinary messages that mention a language
    /// or look like a request), read from its source so that the two stay
    /// one list.
    #[test]
    fn the_checkers_cases_agree() {
        let source = include_str!("check_request_names.py");
        let list = |name: &str| -> &str {
            let start = source.find(&format!("\n{name} = [")).expect(name);
            let rest = &source[start..];
            &rest[..rest.find("\n]").expect("list end")]
        };
        let tuple =
            regex::Regex::new(r#"\("(\w\w)", "((?:[^"\\]|\\.)*)"(?:, (?:"(\w\w)"|None))?\)"#)
                .unwrap();
        let mut checked = 0;
        for (name, is_request) in [("REQUESTS", true), ("ORDINARY", false)] {
            for c in tuple.captures_iter(list(name)) {
                let text = c[2].replace("\\\"", "\"");
                let expected = c.get(3).map(|m| m.as_str());
                let got = requested(&text);
                if is_request {
                    assert_eq!(got, expected, "{text}");
                } else {
                    assert_eq!(got, None, "{text}");
                }
                checked += 1;
            }
        }
        assert!(checked >= 400, "{checked}");
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
