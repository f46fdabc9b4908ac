//! The lexicon reading: per-language phrase lists (`locales/emotion/<lang>.toml`,
//! compiled in), intensifiers, negation, calming phrases, repeated
//! punctuation, shouting in capitals and emoji. Precise but blind to
//! upset messages that carry no emotion word; the model (model.rs) reads
//! those, with these findings among its inputs.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::{Kind, Reading};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Lexicon {
    anger: Vec<String>,
    anxiety: Vec<String>,
    frustration: Vec<String>,
    #[serde(default)]
    intensifiers: Vec<String>,
    #[serde(default)]
    negations: Vec<String>,
    #[serde(default)]
    calm: Vec<String>,
    /// Regular expressions (on the lower-cased text) for what a phrase
    /// list cannot say: time that has passed, a count of attempts, a
    /// deadline, money gone without an order.
    #[serde(default)]
    anger_patterns: Vec<String>,
    #[serde(default)]
    anxiety_patterns: Vec<String>,
    #[serde(default)]
    frustration_patterns: Vec<String>,
}

/// A lexicon phrase, prepared once: its words, or a literal substring
/// (CJK, Thai, or phrases with punctuation).
struct Phrase {
    text: String,
    tokens: Vec<String>,
    literal: bool,
    /// The phrase carries its own negation ("not ok").
    negates: bool,
    /// Index in `Compiled::literals` (literal phrases only).
    id: usize,
}

struct Compiled {
    anger: Vec<Phrase>,
    anxiety: Vec<Phrase>,
    frustration: Vec<Phrase>,
    calm: Vec<Phrase>,
    intensifiers: Vec<String>,
    negations: Vec<String>,
    cjk: bool,
    /// Every literal phrase in one automaton: one pass over the message
    /// tells which phrases occur at all, before each is located.
    literals: aho_corasick::AhoCorasick,
    literal_count: usize,
    anger_patterns: Vec<regex::Regex>,
    anxiety_patterns: Vec<regex::Regex>,
    frustration_patterns: Vec<regex::Regex>,
}

/// Compiles a lexicon's patterns; one that does not compile is a defect the
/// unit tests catch, and is skipped here.
fn compile(patterns: &[String]) -> Vec<regex::Regex> {
    patterns
        .iter()
        .filter_map(|p| regex::Regex::new(p).ok())
        .collect()
}

fn pattern_hits(lower: &str, patterns: &[regex::Regex]) -> f64 {
    patterns.iter().filter(|p| p.is_match(lower)).count() as f64
}

impl Compiled {
    fn new(lang: &str, lex: Lexicon) -> Compiled {
        let cjk = unspaced(lang);
        let negations = lex.negations.clone();
        let prepare = |phrases: Vec<String>| -> Vec<Phrase> {
            phrases
                .into_iter()
                .map(|text| {
                    let tokens: Vec<String> =
                        words(&text).into_iter().map(str::to_string).collect();
                    let literal = cjk
                        || tokens.is_empty()
                        || text
                            .chars()
                            .any(|c| !(c.is_alphanumeric() || c == ' ' || c == '\'' || c == '-'));
                    let negates = tokens.first().is_some_and(|t| negations.contains(t));
                    Phrase {
                        text,
                        tokens,
                        literal,
                        negates,
                        id: 0,
                    }
                })
                .collect()
        };
        let mut anger = prepare(lex.anger);
        let mut anxiety = prepare(lex.anxiety);
        let mut frustration = prepare(lex.frustration);
        let mut calm = prepare(lex.calm);
        let mut texts = Vec::new();
        for phrase in anger
            .iter_mut()
            .chain(&mut anxiety)
            .chain(&mut frustration)
            .chain(&mut calm)
            .filter(|p| p.literal)
        {
            phrase.id = texts.len();
            texts.push(phrase.text.clone());
        }
        Compiled {
            // Phrases are plain text; building cannot fail for them, and an
            // empty automaton simply finds nothing.
            literals: aho_corasick::AhoCorasick::new(&texts)
                .unwrap_or_else(|_| aho_corasick::AhoCorasick::new([""; 0]).expect("empty")),
            literal_count: texts.len(),
            anger_patterns: compile(&lex.anger_patterns),
            anxiety_patterns: compile(&lex.anxiety_patterns),
            frustration_patterns: compile(&lex.frustration_patterns),
            anger,
            anxiety,
            frustration,
            calm,
            intensifiers: lex.intensifiers,
            negations: lex.negations,
            cjk,
        }
    }
}

/// The shipped lexicons, by language.
const SOURCES: &[(&str, &str)] = &[
    ("en", include_str!("../../locales/emotion/en.toml")),
    ("es", include_str!("../../locales/emotion/es.toml")),
    ("de", include_str!("../../locales/emotion/de.toml")),
    ("fr", include_str!("../../locales/emotion/fr.toml")),
    ("pt", include_str!("../../locales/emotion/pt.toml")),
    ("it", include_str!("../../locales/emotion/it.toml")),
    ("ru", include_str!("../../locales/emotion/ru.toml")),
    ("zh", include_str!("../../locales/emotion/zh.toml")),
    ("ja", include_str!("../../locales/emotion/ja.toml")),
    ("ko", include_str!("../../locales/emotion/ko.toml")),
    ("th", include_str!("../../locales/emotion/th.toml")),
    ("ar", include_str!("../../locales/emotion/ar.toml")),
];

/// Languages with a lexicon.
pub fn languages() -> Vec<&'static str> {
    SOURCES.iter().map(|(l, _)| *l).collect()
}

fn lexicons() -> &'static HashMap<&'static str, Compiled> {
    static L: OnceLock<HashMap<&'static str, Compiled>> = OnceLock::new();
    L.get_or_init(|| {
        SOURCES
            .iter()
            .map(|(lang, text)| {
                // A broken shipped lexicon is a build defect: the unit tests
                // parse every one.
                let lex: Lexicon = toml::from_str(text).unwrap_or_default();
                (*lang, Compiled::new(lang, lex))
            })
            .collect()
    })
}

/// Languages written without spaces between words.
pub(super) fn unspaced(lang: &str) -> bool {
    matches!(lang, "zh" | "ja" | "ko" | "th")
}

const ANGRY_EMOJI: &[char] = &['😡', '🤬', '😤', '😠', '💢', '👎', '🖕'];
const ANXIOUS_EMOJI: &[char] = &['😰', '😱', '😟', '😨', '🙏', '😥'];
const TIRED_EMOJI: &[char] = &['😩', '😫', '🙄', '😞', '😣', '😖', '😢', '😭', '😒', '🤦'];

/// A message's words, lower case, split on everything but letters, digits,
/// apostrophes and hyphens.
fn words(lower: &str) -> Vec<&str> {
    lower
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .filter(|w| !w.is_empty())
        .collect()
}

/// What one pass over the message found, so each phrase is only looked
/// for where it can match.
struct Found<'a> {
    tokens: &'a [&'a str],
    /// The message's words. foldhash, not the standard SipHash: each
    /// message looks up every phrase's first word here, and SipHash would
    /// take 30 % of the reading (`cargo bench --bench language --
    /// emotion`). The shopper chooses these words, but the seed is random
    /// per process and the set lives for one message of bounded length: a
    /// crafted collision could only slow that one message.
    words: foldhash::HashSet<&'a str>,
    literals: Vec<bool>,
}

impl<'a> Found<'a> {
    fn new(lower: &str, tokens: &'a [&'a str], lex: &Compiled) -> Found<'a> {
        let mut literals = vec![false; lex.literal_count];
        for m in lex.literals.find_overlapping_iter(lower) {
            literals[m.pattern().as_usize()] = true;
        }
        Found {
            tokens,
            words: tokens.iter().copied().collect(),
            literals,
        }
    }
}

/// Weight of `phrases` found in the message: whole words in spaced
/// languages, substrings otherwise; a preceding negation cancels a hit, a
/// preceding intensifier strengthens it.
fn hits(lower: &str, found: &Found, phrases: &[Phrase], lex: &Compiled) -> f64 {
    let tokens = found.tokens;
    let mut weight = 0.0;
    for phrase in phrases {
        if phrase.literal && !found.literals[phrase.id] {
            continue;
        }
        if !phrase.literal
            && !phrase
                .tokens
                .first()
                .is_some_and(|t| found.words.contains(t.as_str()))
        {
            continue;
        }
        if phrase.literal {
            for (at, _) in lower.match_indices(phrase.text.as_str()) {
                let head = &lower[..at];
                let before: String = {
                    let mut v: Vec<char> = head.chars().rev().take(3).collect();
                    v.reverse();
                    v.into_iter().collect()
                };
                let after: String = lower[at + phrase.text.len()..].chars().take(4).collect();
                let negated = lex.cjk
                    && (lex.negations.iter().any(|n| before.ends_with(n.as_str()))
                        || lex
                            .negations
                            .iter()
                            .any(|n| n.chars().count() > 1 && after.starts_with(n.as_str())));
                if negated {
                    continue;
                }
                let intense = lex
                    .intensifiers
                    .iter()
                    .any(|i| head.trim_end().ends_with(i.as_str()));
                weight += if intense { 1.5 } else { 1.0 };
            }
            continue;
        }
        let n = phrase.tokens.len();
        if n > tokens.len() {
            continue;
        }
        for i in 0..=tokens.len() - n {
            if tokens[i..i + n]
                .iter()
                .zip(&phrase.tokens)
                .any(|(a, b)| *a != b.as_str())
            {
                continue;
            }
            let window = &tokens[i.saturating_sub(3)..i];
            if !phrase.negates
                && window
                    .iter()
                    .any(|w| lex.negations.iter().any(|neg| neg == w))
            {
                continue;
            }
            let intense = i > 0 && lex.intensifiers.iter().any(|x| x == tokens[i - 1]);
            weight += if intense { 1.5 } else { 1.0 };
        }
    }
    weight
}

/// What the lexicons found in a message, before it is turned into a
/// score: the model's dense inputs.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Signals {
    pub anger: f64,
    pub anxiety: f64,
    pub frustration: f64,
    pub calm: f64,
    /// Repeated punctuation ("!!", "?!"), at most 2.
    pub bangs: f64,
    pub shouting: bool,
}

/// Reads one message in `lang` (English phrases are looked for too: shoppers
/// mix them into every language).
pub fn read(text: &str, lang: &str) -> (Reading, Signals) {
    let lower = text.to_lowercase();
    let tokens = words(&lower);
    let all = lexicons();
    let mut anger = 0.0;
    let mut anxiety = 0.0;
    let mut frustration = 0.0;
    let mut calm = 0.0;
    let mut langs = vec![lang];
    if lang != "en" {
        langs.push("en");
    }
    for l in langs {
        let Some(lex) = all.get(l) else { continue };
        let found = Found::new(&lower, &tokens, lex);
        anger += hits(&lower, &found, &lex.anger, lex);
        anxiety += hits(&lower, &found, &lex.anxiety, lex);
        frustration += hits(&lower, &found, &lex.frustration, lex);
        calm += hits(&lower, &found, &lex.calm, lex);
        anger += pattern_hits(&lower, &lex.anger_patterns);
        anxiety += pattern_hits(&lower, &lex.anxiety_patterns);
        frustration += pattern_hits(&lower, &lex.frustration_patterns);
    }
    let count = |set: &[char]| text.chars().filter(|c| set.contains(c)).count().min(2) as f64;
    anger += 0.7 * count(ANGRY_EMOJI);
    anxiety += 0.6 * count(ANXIOUS_EMOJI);
    frustration += 0.7 * count(TIRED_EMOJI);

    // Shouting: two or more words of four or more capital letters.
    let shouting = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 4 && w.chars().all(|c| c.is_uppercase()))
        .count()
        >= 2;
    let bangs = ["!!", "！！", "?!", "!?", "？！", "！？", "???", "？？？"]
        .iter()
        .map(|p| text.matches(p).count())
        .sum::<usize>()
        .min(2) as f64;

    let raw = 0.9 * anger
        + 0.8 * anxiety
        + 0.55 * frustration
        + 0.35 * bangs
        + if shouting { 0.5 } else { 0.0 }
        - 0.6 * calm.min(1.0);
    let score = if raw <= 0.0 { 0.0 } else { 1.0 - (-raw).exp() };
    let kind = if score < 0.05 {
        Kind::None
    } else if anger * 0.9 >= anxiety * 0.8 && anger * 0.9 >= frustration * 0.75 && anger > 0.0 {
        Kind::Anger
    } else if anxiety * 0.8 >= frustration * 0.75 && anxiety > 0.0 {
        Kind::Anxiety
    } else if frustration > 0.0 {
        Kind::Frustration
    } else {
        // Only punctuation or capitals: read as anger.
        Kind::Anger
    };
    let reading = Reading {
        score: (score * 1000.0).round() / 1000.0,
        kind,
    };
    let signals = Signals {
        anger,
        anxiety,
        frustration,
        calm,
        bangs,
        shouting,
    };
    (reading, signals)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_lexicon_parses_and_has_all_three_signals() {
        for (lang, text) in SOURCES {
            let lex: Lexicon = toml::from_str(text).unwrap_or_else(|e| panic!("{lang}: {e}"));
            assert!(
                !lex.anger.is_empty() && !lex.anxiety.is_empty() && !lex.frustration.is_empty(),
                "{lang}"
            );
            for p in lex.anger.iter().chain(&lex.anxiety).chain(&lex.frustration) {
                assert_eq!(p, &p.to_lowercase(), "{lang}: {p} is not lower case");
            }
            for p in lex
                .anger_patterns
                .iter()
                .chain(&lex.anxiety_patterns)
                .chain(&lex.frustration_patterns)
            {
                assert!(regex::Regex::new(p).is_ok(), "{lang}: pattern {p:?}");
            }
        }
    }

    fn read(text: &str, lang: &str) -> Reading {
        super::read(text, lang).0
    }

    #[test]
    fn upset_messages_in_many_languages_read_upset_and_calm_ones_do_not() {
        for (lang, text, kind) in [
            (
                "en",
                "This is a SCAM, I want my money back or I'm calling my lawyer",
                Kind::Anger,
            ),
            (
                "en",
                "Please help, I'm really worried, I was charged twice",
                Kind::Anxiety,
            ),
            (
                "es",
                "Es la tercera vez que escribo y nadie contesta 🙄",
                Kind::Frustration,
            ),
            (
                "de",
                "Das ist eine Frechheit, ich gehe zur Verbraucherzentrale",
                Kind::Anger,
            ),
            (
                "fr",
                "Je suis très inquiète, j'en ai besoin pour demain",
                Kind::Anxiety,
            ),
            ("zh", "你们就是骗子，太过分了，我要投诉", Kind::Anger),
            ("zh", "等了两周还没到，客服也不回复", Kind::Frustration),
            (
                "ja",
                "何度も問い合わせているのに返信がない",
                Kind::Frustration,
            ),
            (
                "ko",
                "결제만 되고 주문이 안 됐어요 너무 불안해요",
                Kind::Anxiety,
            ),
            (
                "ru",
                "Это обман, верните деньги, иначе пойду в суд",
                Kind::Anger,
            ),
        ] {
            let r = read(text, lang);
            assert!(r.upset(), "{lang}: {text} → {r:?}");
            assert_eq!(r.kind, kind, "{lang}: {text}");
        }
        for (lang, text) in [
            ("en", "Where is my order #48213?"),
            ("en", "How do I cancel an order? No rush, thanks"),
            ("en", "I'm not angry, just asking when it ships"),
            ("es", "¿Cómo puedo devolver unas zapatillas? Gracias"),
            ("de", "Kein Problem, ich warte gern noch ein paar Tage"),
            ("zh", "请问这个快递一般几天能到？不着急"),
            ("ja", "急ぎません。配送状況を教えてください"),
        ] {
            let r = read(text, lang);
            assert!(!r.upset(), "{lang}: {text} → {r:?}");
        }
    }

    #[test]
    fn negation_intensifiers_capitals_and_trend() {
        assert!(read("not worried at all", "en").score < read("worried", "en").score);
        assert!(read("so angry", "en").score > read("angry", "en").score);
        assert!(read("WHERE IS MY ORDER!!", "en").upset());
        assert!(!read("Where is my order?", "en").upset());
    }
}
