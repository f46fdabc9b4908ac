//! What the text alone says, without the conversation: the words that can
//! carry a language, then the script rules, then the n-gram model (or
//! whatlang for served languages the model does not know).

use super::detect::Detector;
use super::{Source, codes::iso639_1, script};

/// Words shoppers of every language use; they carry no language.
const NEUTRAL_WORDS: &[&str] = &[
    "ok", "okay", "okey", "oki", "k", "kk", "lol", "xd", "thx", "pls", "plz",
];

/// What the text alone says (no conversation state).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Guess {
    pub(super) lang: String,
    pub(super) confidence: f64,
    pub(super) source: Source,
    pub(super) variant: Option<&'static str>,
    /// Letters in the text: long messages may switch a conversation at once.
    pub(super) letters: usize,
}

impl Detector {
    /// The text's own language, `None` when it carries none.
    pub(super) fn guess(&self, text: &str, prior: Option<&str>) -> Option<Guess> {
        let letters = language_letters(text);
        if letters.is_empty() || is_neutral(text) {
            return None;
        }
        let counts = script::Counts::of(&letters);
        let n_letters = counts.total;
        let langs = self.model.languages();
        let served_among = |among: &[&str]| -> Vec<usize> {
            self.modelled
                .iter()
                .copied()
                .filter(|&i| among.contains(&langs[i]))
                .collect()
        };
        let candidates: Vec<usize> = match script::verdict(&letters, &counts) {
            // Kanji alone read as Chinese; a Japanese locale says otherwise.
            script::Verdict::Language("zh", _) if prior == Some("ja") => {
                return Some(Guess {
                    lang: "ja".into(),
                    confidence: 0.9,
                    source: Source::Script,
                    variant: None,
                    letters: n_letters,
                });
            }
            // A few Han characters are as often Japanese (経済, 注文): the
            // model tells them apart.
            script::Verdict::Language("zh", _)
                if n_letters <= self.model.han_max() && self.serves("ja") =>
            {
                served_among(&["ja", "zh"])
            }
            script::Verdict::Language(lang, _) if self.serves(lang) => {
                return Some(Guess {
                    lang: lang.to_string(),
                    confidence: 0.99,
                    source: Source::Script,
                    variant: (lang == "zh")
                        .then(|| script::chinese_variant(&letters))
                        .flatten(),
                    letters: n_letters,
                });
            }
            script::Verdict::Among(among) => served_among(among),
            _ => {
                let main = counts.main();
                // Only languages written in the text's script.
                self.modelled
                    .iter()
                    .copied()
                    .filter(|&i| lang_script(langs[i]) == main)
                    .collect()
            }
        };
        // Languages the script decides alone have no records to score.
        let candidates: Vec<usize> = candidates
            .into_iter()
            .filter(|&i| self.model.scores_language(i))
            .collect();
        // whatlang speaks for the served languages the model does not know.
        if let Some(info) = self.fallback.as_ref().and_then(|w| w.detect(&letters)) {
            let lang = iso639_1(info.lang());
            if candidates.is_empty()
                || (info.is_reliable() && self.unmodelled.iter().any(|u| u == lang))
            {
                return Some(Guess {
                    lang: lang.to_string(),
                    confidence: info.confidence(),
                    source: Source::Detected,
                    variant: None,
                    letters: n_letters,
                });
            }
        }
        // The Han rule's choice is still the script's: Han, read as one of
        // its two languages.
        let han = counts.main() == Some(script::Script::Han);
        let chosen = |i: usize, confidence: f64| {
            let lang = langs[i];
            Some(Guess {
                lang: lang.to_string(),
                confidence,
                source: if han {
                    Source::Script
                } else {
                    Source::Detected
                },
                variant: (lang == "zh")
                    .then(|| script::chinese_variant(&letters))
                    .flatten(),
                letters: n_letters,
            })
        };
        match candidates[..] {
            [] => return None,
            [only] => return chosen(only, 0.9),
            _ => {}
        }
        let mut scored = self.model.score(&letters, &candidates);
        if let Some(p) = prior
            && let Some(pos) = candidates.iter().position(|&i| langs[i] == p)
        {
            scored.scores[pos] += self.prior;
        }
        // The best score; on a tie the later candidate, as the reference
        // scorer does (`model/FORMAT.md` §4).
        let mut top = 0;
        for (pos, s) in scored.scores.iter().enumerate() {
            if *s >= scored.scores[top] {
                top = pos;
            }
        }
        chosen(candidates[top], self.model.confidence(&scored))
    }
}

/// The script a modelled language is written in.
fn lang_script(lang: &str) -> Option<script::Script> {
    use script::Script::*;
    Some(match lang {
        "ja" => Kana,
        "ar" | "fa" | "ur" => Arabic,
        "ru" | "uk" | "bg" | "sr" | "mk" | "be" | "kk" => Cyrillic,
        "he" | "yi" => Hebrew,
        "el" => Greek,
        "hi" | "mr" | "ne" => Devanagari,
        "th" => Thai,
        "ko" => Hangul,
        "zh" => Han,
        _ => Latin,
    })
}

/// The words of `text` that can carry a language: without URLs, e-mail
/// addresses, codes with digits (order ids, SKUs) and placeholders; empty
/// when no letter is left.
pub(super) fn language_letters(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if word.contains("://")
            || word.starts_with("www.")
            || word.contains('@')
            || word.contains('⟦')
        {
            continue;
        }
        // Drop runs of ASCII letters, digits and code punctuation that
        // contain a digit ("#48213", "SAVE10", "A-1234"), even inside
        // unspaced text ("注文#50921を"); keep the rest of the word.
        let chars: Vec<char> = word.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let code_char =
                |c: char| c.is_ascii_alphanumeric() || matches!(c, '#' | '-' | '_' | '/' | '.');
            if code_char(chars[i]) {
                let start = i;
                while i < chars.len() && code_char(chars[i]) {
                    i += 1;
                }
                if !chars[start..i].iter().any(|c| c.is_ascii_digit()) {
                    out.extend(&chars[start..i]);
                }
            } else {
                out.push(chars[i]);
                i += 1;
            }
        }
        out.push(' ');
    }
    if out.chars().any(char::is_alphabetic) {
        out.trim_end().to_string()
    } else {
        String::new()
    }
}

fn is_neutral(text: &str) -> bool {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    !words.is_empty()
        && words
            .iter()
            .all(|w| NEUTRAL_WORDS.contains(&w.as_str()) || w.chars().all(|c| c.is_ascii_digit()))
}
