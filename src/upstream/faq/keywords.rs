//! How the bot reads a message: normalised into words, then matched
//! against the English keywords of [`RULES`] and the message language's
//! lexicon (`keywords.tsv`, `INTENT<TAB>LANG<TAB>KEYWORD` lines); the first
//! intent in [`RULES`] order with a keyword in the message wins.

use std::collections::HashMap;
use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;

use super::intents::{ENGLISH_ONLY, RULES};

/// The lexicons: `INTENT<TAB>LANG<TAB>KEYWORD` lines.
const KEYWORDS_TSV: &str = include_str!("keywords.tsv");

/// Languages written without spaces: a keyword matches anywhere.
const UNSPACED: &[&str] = &["zh", "ja", "th"];

/// How a keyword matches the message's padded words (` w1 w2 `).
#[derive(Debug, Clone, PartialEq)]
enum Pattern {
    /// Anywhere in the words joined without spaces (zh, ja, th).
    Anywhere(String),
    /// A substring of the padded words: the keyword with the spaces its
    /// `*`s leave open.
    Within(String),
}

impl Pattern {
    fn of(lang: &str, keyword: &str) -> Pattern {
        if UNSPACED.contains(&lang) {
            return Pattern::Anywhere(keyword.to_string());
        }
        let (head, body) = match keyword.strip_prefix('*') {
            Some(rest) => ("", rest),
            None => (" ", keyword),
        };
        let (body, tail) = match body.strip_suffix('*') {
            Some(rest) => (rest, ""),
            None => (body, " "),
        };
        Pattern::Within(format!("{head}{body}{tail}"))
    }

    fn hit(&self, spaced: &str, joined: &str) -> bool {
        match self {
            Pattern::Anywhere(k) => joined.contains(k.as_str()),
            Pattern::Within(k) => spaced.contains(k.as_str()),
        }
    }
}

/// Per language, (position of the intent in [`RULES`], pattern), in that
/// order.
static LEXICONS: LazyLock<HashMap<&'static str, Vec<(usize, Pattern)>>> = LazyLock::new(|| {
    let mut out: HashMap<&str, Vec<(usize, Pattern)>> = HashMap::new();
    for line in KEYWORDS_TSV.lines().filter(|l| !l.starts_with('#')) {
        let mut cols = line.split('\t');
        let (Some(intent), Some(lang), Some(keyword)) = (cols.next(), cols.next(), cols.next())
        else {
            continue;
        };
        // `shipping_time` is the first `shipping` block of RULES.
        let position = match intent {
            "shipping_time" => RULES.iter().position(|(i, _)| *i == "shipping"),
            "shipping" => RULES.iter().rposition(|(i, _)| *i == "shipping"),
            i => RULES.iter().position(|(r, _)| *r == i),
        };
        if let Some(p) = position {
            out.entry(lang)
                .or_default()
                .push((p, Pattern::of(lang, keyword)));
        }
    }
    for patterns in out.values_mut() {
        patterns.sort_by_key(|(p, _)| *p);
    }
    out
});

/// The English rules as patterns, in order.
static ENGLISH: LazyLock<Vec<(usize, Pattern, bool)>> = LazyLock::new(|| {
    RULES
        .iter()
        .enumerate()
        .flat_map(|(p, (_, keys))| {
            keys.iter()
                .map(move |k| (p, Pattern::of("en", k), ENGLISH_ONLY.contains(k)))
        })
        .collect()
});

/// Combining marks of the served scripts (and the zero-width joiners) that
/// `char::is_alphanumeric` does not count: they stay inside their word.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x300..=0x36F | 0x483..=0x489 | 0x591..=0x5C7 | 0x610..=0x61A | 0x64B..=0x65F | 0x670 | 0x6D6..=0x6ED | 0x900..=0x903 | 0x93A..=0x94F | 0x951..=0x957 | 0x962..=0x963 | 0xE31 | 0xE34..=0xE3A | 0xE47..=0xE4E | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x200C..=0x200D | 0x20D0..=0x20FF | 0x3099..=0x309A | 0xFE20..=0xFE2F)
}

/// The message as the lexicons read it: NFC, lower case (Turkish "İ"
/// without its combining dot; Persian written with Arabic ي and ك as
/// Persian ی and ک), its words padded with spaces, and the same words
/// joined without spaces.
fn reading(text: &str, lang: &str) -> (String, String) {
    let lower: String = text.nfc().collect::<String>().to_lowercase();
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut prev = ' ';
    for c in lower.chars() {
        let c = match (lang, c) {
            ("fa", 'ي') => 'ی',
            ("fa", 'ك') => 'ک',
            _ => c,
        };
        if c == '\u{307}' && prev == 'i' {
            continue;
        }
        if c.is_alphanumeric() || is_mark(c) {
            word.push(c);
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        prev = c;
    }
    if !word.is_empty() {
        words.push(word);
    }
    (format!(" {} ", words.join(" ")), words.concat())
}

/// The intent of `text` written in `lang`: the first of [`RULES`] with a
/// keyword in it, from the English rules and the language's lexicon.
pub(super) fn intent_of(text: &str, lang: &str) -> &'static str {
    let (spaced, joined) = reading(text, lang);
    let english = ENGLISH
        .iter()
        .find(|(_, p, only)| (lang == "en" || !only) && p.hit(&spaced, &joined))
        .map(|(p, ..)| *p);
    let own = LEXICONS
        .get(lang)
        .and_then(|l| l.iter().find(|(_, p)| p.hit(&spaced, &joined)))
        .map(|(p, _)| *p);
    match (english, own) {
        (Some(a), Some(b)) => RULES[a.min(b)].0,
        (Some(p), None) | (None, Some(p)) => RULES[p].0,
        (None, None) => "fallback",
    }
}

/// The languages the built-in bot reads without translation.
pub fn languages() -> Vec<String> {
    let mut out: Vec<String> = LEXICONS.keys().map(|l| l.to_string()).collect();
    out.push("en".into());
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::super::{ANSWERS, FaqBot};
    use super::*;

    /// The lexicons read shoppers in their own language, inflections,
    /// missing diacritics and scripts without spaces included.
    #[test]
    fn shoppers_are_read_in_their_own_language() {
        let bot = FaqBot::new();
        let intent = |text: &str, lang: &str| {
            let a = bot.reply_in(text, lang);
            ANSWERS
                .iter()
                .find(|(_, answer)| {
                    let (head, tail) = answer.split_once("⟦1⟧").unwrap_or((answer, ""));
                    a.text.starts_with(head) && a.text.ends_with(tail)
                })
                .map(|(i, _)| *i)
                .unwrap()
        };
        for (text, lang, expected) in [
            ("Quiero hablar con una persona", "es", "human"),
            ("quiero cancelar mi pedido", "es", "cancel"),
            ("Das Paket kam beschädigt an", "de", "damaged"),
            ("Wann bekomme ich meine Rückerstattung?", "de", "refunds"),
            ("我想退货", "zh", "returns"),
            ("注文をキャンセルしたいです", "ja", "cancel"),
            ("배송지 주소를 변경하고 싶어요", "ko", "change_address"),
            ("Где мой заказ?", "ru", "order_status"),
            ("kupon kodu çalışmıyor", "tr", "coupon"),
            ("Onde está meu pedido?", "pt", "order_status"),
            ("bonjour", "fr", "greeting"),
            ("what is the meaning of life", "en", "fallback"),
            ("mijn kat slaapt", "nl", "fallback"),
        ] {
            assert_eq!(intent(text, lang), expected, "{lang}: {text}");
        }
        // Swedish "visa" is "show": no card question.
        assert_ne!(intent("kan du visa storleksguiden", "sv"), "payment");
        assert_eq!(languages().len(), 31);
    }
}
