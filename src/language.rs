//! Which language a shopper writes in: whatlang restricted to the served
//! languages, plus the hints a conversation carries (declared locale, the
//! conversation's earlier language). Pure: no I/O.
//!
//! The rule, in order:
//! 1. Text with no letters (order ids, numbers, URLs, emoji) or only
//!    language-neutral words ("ok") says nothing: keep the earlier language,
//!    else the declared one, else `und`.
//! 2. A confident detection wins, except that a conversation's earlier
//!    language is only left on a reliable detection of a longer message
//!    (short messages flip too easily).
//! 3. Otherwise the earlier language, else the declared locale when the
//!    detector's guess agrees with it or is weak, else the weak guess.

use whatlang::{Detector as Whatlang, Lang};

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

/// Words shoppers of every language use; they carry no language.
const NEUTRAL_WORDS: &[&str] = &[
    "ok", "okay", "okey", "oki", "k", "kk", "lol", "xd", "thx", "pls", "plz",
];

/// The whatlang language for an ISO 639-1 code.
pub fn whatlang_of(code: &str) -> Option<Lang> {
    CODES
        .iter()
        .find(|(one, _)| *one == code)
        .and_then(|(_, three)| Lang::from_code(*three))
}

fn iso639_1(lang: Lang) -> &'static str {
    CODES
        .iter()
        .find(|(_, three)| *three == lang.code())
        .map(|(one, _)| *one)
        .unwrap_or("und")
}

/// The primary language subtag of a locale ("es-MX" → "es"), lower case.
pub fn primary_subtag(locale: &str) -> String {
    locale
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Where a decision came from; returned to the shopper and kept for audits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Detected,
    Declared,
    Previous,
    Undetermined,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Detected => "detected",
            Source::Declared => "declared",
            Source::Previous => "previous",
            Source::Undetermined => "undetermined",
        }
    }
}

/// The decided language of one message.
#[derive(Debug, Clone, PartialEq)]
pub struct Detection {
    /// ISO 639-1 code, or `und`.
    pub lang: String,
    /// 0–1: the detector's confidence, or a fixed prior for hint-only decisions.
    pub confidence: f64,
    pub source: Source,
}

/// What the conversation already knows.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hints<'a> {
    /// Locale the shopper or channel declared (message, then conversation).
    pub declared: Option<&'a str>,
    /// The conversation's language so far.
    pub previous: Option<&'a str>,
}

/// Built once at start, shared by every request.
pub struct Detector {
    whatlang: Whatlang,
    served: Vec<String>,
}

/// Confidence given to a decision taken from hints alone.
const HINT_CONFIDENCE: f64 = 0.5;

impl Detector {
    /// `served`: ISO 639-1 codes the deployment serves (validated by config).
    pub fn new(served: &[String]) -> Detector {
        let allow: Vec<Lang> = served.iter().filter_map(|c| whatlang_of(c)).collect();
        Detector {
            whatlang: Whatlang::with_allowlist(allow),
            served: served.to_vec(),
        }
    }

    fn served(&self, code: &str) -> Option<String> {
        let code = primary_subtag(code);
        self.served.contains(&code).then_some(code)
    }

    /// Whether the deployment serves this language (ISO 639-1 or a locale).
    pub fn serves(&self, code: &str) -> bool {
        self.served(code).is_some()
    }

    pub fn detect(&self, text: &str, hints: Hints<'_>) -> Detection {
        let declared = hints.declared.and_then(|d| self.served(d));
        let previous = hints.previous.and_then(|p| self.served(p));
        let from_hints = |confidence: f64| match (&previous, &declared) {
            (Some(p), _) => Detection {
                lang: p.clone(),
                confidence,
                source: Source::Previous,
            },
            (None, Some(d)) => Detection {
                lang: d.clone(),
                confidence,
                source: Source::Declared,
            },
            (None, None) => Detection {
                lang: "und".into(),
                confidence: 0.0,
                source: Source::Undetermined,
            },
        };

        let letters = language_letters(text);
        if letters.is_empty() || is_neutral(text) {
            return from_hints(HINT_CONFIDENCE);
        }
        let Some(info) = self.whatlang.detect(text) else {
            return from_hints(HINT_CONFIDENCE);
        };
        let guess = iso639_1(info.lang()).to_string();
        let confidence = info.confidence();
        // Scripts used by one served language only are decisive even when short.
        let decisive_script = matches!(
            info.script(),
            whatlang::Script::Hiragana
                | whatlang::Script::Katakana
                | whatlang::Script::Hangul
                | whatlang::Script::Mandarin
                | whatlang::Script::Thai
                | whatlang::Script::Greek
                | whatlang::Script::Hebrew
        );
        let detected = Detection {
            lang: guess.clone(),
            confidence,
            source: Source::Detected,
        };
        if decisive_script {
            return Detection {
                confidence: confidence.max(0.9),
                ..detected
            };
        }
        let long = letters.chars().count() >= 24;
        match &previous {
            Some(p) if *p == guess => detected,
            Some(_) if info.is_reliable() && long => detected,
            Some(_) => from_hints(HINT_CONFIDENCE),
            None if info.is_reliable() || confidence >= 0.5 => detected,
            None => match &declared {
                Some(d) if *d == guess => detected,
                Some(_) => from_hints(HINT_CONFIDENCE),
                None if confidence > 0.1 => detected,
                None => from_hints(0.0),
            },
        }
    }
}

/// The letters of `text` that belong to words, without URLs, e-mail
/// addresses, codes with digits (order ids, SKUs), punctuation and emoji.
fn language_letters(text: &str) -> String {
    text.split_whitespace()
        .filter(|w| !w.contains("://") && !w.starts_with("www.") && !w.contains('@'))
        .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
        .flat_map(|w| w.chars())
        .filter(|c| c.is_alphabetic())
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn detector() -> Detector {
        Detector::new(&["en", "zh", "es", "de", "fr", "ja"].map(String::from))
    }

    fn lang(text: &str, hints: Hints<'_>) -> String {
        detector().detect(text, hints).lang
    }

    #[test]
    fn full_sentences_are_detected() {
        let none = Hints::default();
        assert_eq!(
            lang("¿Dónde está mi pedido? Lo compré hace dos semanas.", none),
            "es"
        );
        assert_eq!(
            lang("Wo ist meine Bestellung? Ich warte seit zwei Wochen.", none),
            "de"
        );
        assert_eq!(lang("我的订单在哪里？", none), "zh");
        assert_eq!(lang("注文はどこですか？", none), "ja");
        assert_eq!(
            lang("Where is my order? I bought it two weeks ago.", none),
            "en"
        );
    }

    #[test]
    fn text_without_language_keeps_the_conversation_language() {
        let hints = Hints {
            declared: Some("de-DE"),
            previous: Some("es"),
        };
        for text in [
            "123456789",
            "ok",
            "👍",
            "https://shop.example/o/1",
            "#A-998877",
        ] {
            let d = detector().detect(text, hints);
            assert_eq!(
                (d.lang.as_str(), d.source),
                ("es", Source::Previous),
                "{text}"
            );
        }
        let d = detector().detect("👍", Hints::default());
        assert_eq!(d.lang, "und");
    }

    #[test]
    fn short_ambiguous_text_does_not_flip_a_conversation() {
        let hints = Hints {
            declared: None,
            previous: Some("es"),
        };
        assert_eq!(lang("no", hints), "es");
        // A long, unambiguous message does switch.
        assert_eq!(
            lang(
                "Entschuldigung, ich möchte lieber auf Deutsch weiterschreiben, bitte.",
                hints
            ),
            "de"
        );
    }

    #[test]
    fn declared_locale_decides_a_weak_guess() {
        let hints = Hints {
            declared: Some("fr-FR"),
            previous: None,
        };
        assert_eq!(lang("merci", hints), "fr");
    }

    #[test]
    fn only_served_languages_are_returned() {
        let d = Detector::new(&["en".into(), "es".into()]);
        let got = d.detect(
            "Onde está o meu pedido? Comprei há duas semanas.",
            Hints::default(),
        );
        assert!(got.lang == "es" || got.lang == "en", "{got:?}");
    }

    #[test]
    fn codes_round_trip() {
        for (one, _) in CODES {
            let l = whatlang_of(one).unwrap_or_else(|| panic!("{one}"));
            assert_eq!(iso639_1(l), *one);
        }
    }
}
