//! How upset a shopper's message reads — anger, anxiety or frustration —
//! in the message's language, and the trend over a conversation. Pure.
//! Two readers: the lexicons (lexicon.rs: phrases, intensifiers, negation,
//! calming phrases, repeated punctuation, capitals, emoji) and a small
//! trained model over n-grams and the lexicon's findings (model.rs), which
//! catches the upset messages that carry no emotion word. Measured on two
//! held-out labelled sets in docs/emotion.md.

pub mod lexicon;
pub mod model;

pub use lexicon::languages;

/// Above this a message reads upset (hand-off with raised priority).
pub const THRESHOLD: f64 = 0.5;

/// Weight of the newest message in the conversation's trend.
const TREND_WEIGHT: f64 = 0.6;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    None,
    Anger,
    Anxiety,
    Frustration,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::None => "none",
            Kind::Anger => "anger",
            Kind::Anxiety => "anxiety",
            Kind::Frustration => "frustration",
        }
    }
}

/// One message's reading.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reading {
    /// 0 (calm) … 1 (very upset).
    pub score: f64,
    pub kind: Kind,
}

impl Reading {
    pub fn upset(&self) -> bool {
        self.score >= THRESHOLD
    }
}

/// The conversation's trend after a message: newer messages weigh more.
pub fn trend(previous: f64, reading: &Reading) -> f64 {
    let t = TREND_WEIGHT * reading.score + (1.0 - TREND_WEIGHT) * previous;
    (t * 1000.0).round() / 1000.0
}

/// Hand off when the message is upset, or when a conversation already
/// running hot gets another tense message.
pub fn escalate(reading: &Reading, trend_after: f64) -> bool {
    reading.upset() || (trend_after >= THRESHOLD && reading.score >= 0.3)
}

/// How the two readers are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// The lexicon alone (languages the model was not trained on).
    Lexicon,
    /// The model alone; the lexicon only as its inputs.
    Model,
    /// Upset when either says so; the score is the larger of the two.
    Either,
}

/// The rule the shipped detector uses, chosen by cross-validation on the
/// training set (`examples/emotion_train.rs` prints each rule's figures).
pub const RULE: Rule = Rule::Model;

/// Reads one message in `lang` with the shipped model.
pub fn read(text: &str, lang: &str) -> Reading {
    read_with(text, lang, model::shipped(), RULE)
}

/// Reads one message with a given model and rule (training and evaluation
/// compare them; the service uses `read`).
pub fn read_with(text: &str, lang: &str, model: Option<&model::Model>, rule: Rule) -> Reading {
    let (lex, signals) = lexicon::read(text, lang);
    let model = model.filter(|m| m.knows(lang));
    let (Some(model), false) = (model, rule == Rule::Lexicon) else {
        return lex;
    };
    let p = model.probabilities(text, lang, &model::dense(&signals, lex.score));
    let mut score = model.upset_score(&p);
    if rule == Rule::Either {
        score = score.max(lex.score);
    }
    let score = (score * 1000.0).round() / 1000.0;
    // The lexicon names the kind when it found one (its words are
    // explicit); otherwise the model's likeliest upset class.
    let kind = if lex.kind != Kind::None && lex.score >= 0.3 {
        lex.kind
    } else if score < 0.05 {
        Kind::None
    } else {
        let best = (1..model::CLASSES)
            .max_by(|a, b| p[*a].total_cmp(&p[*b]))
            .unwrap_or(1);
        [Kind::Anger, Kind::Anxiety, Kind::Frustration][best - 1]
    };
    Reading { score, kind }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_model_parses_and_was_trained_on_the_shipped_corpus() {
        let m = model::Model::from_bytes(model::SHIPPED).expect("locales/emotion/model.bin");
        for lang in languages() {
            assert!(m.knows(lang), "model lacks {lang}");
        }
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/emotion-train");
        let files: Vec<(String, String)> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "tsv"))
            .map(|e| {
                (
                    e.file_name().to_string_lossy().to_string(),
                    std::fs::read_to_string(e.path()).unwrap(),
                )
            })
            .collect();
        assert_eq!(
            m.fingerprint,
            model::fingerprint(&files),
            "the training corpus changed: run `cargo run --release --example emotion_train`"
        );
    }

    #[test]
    fn upset_and_calm_messages_read_as_such_in_many_languages() {
        for (lang, text) in [
            (
                "en",
                "This is a SCAM, I want my money back or I'm calling my lawyer",
            ),
            ("en", "Please help, I'm really worried, I was charged twice"),
            ("es", "Es la tercera vez que escribo y nadie contesta 🙄"),
            (
                "de",
                "Das ist eine Frechheit, ich gehe zur Verbraucherzentrale",
            ),
            ("fr", "Je suis très inquiète, j'en ai besoin pour demain"),
            ("zh", "等了两周还没到，客服也不回复"),
            ("ja", "何度も問い合わせているのに返信がない"),
            ("ru", "Это обман, верните деньги, иначе пойду в суд"),
        ] {
            assert!(
                read(text, lang).upset(),
                "{lang}: {text} → {:?}",
                read(text, lang)
            );
        }
        for (lang, text) in [
            ("en", "Where is my order #48213?"),
            ("en", "I'm not angry, just asking when it ships"),
            ("es", "¿Cómo puedo devolver unas zapatillas? Gracias"),
            ("zh", "请问这个快递一般几天能到？不着急"),
            ("ja", "急ぎません。配送状況を教えてください"),
        ] {
            assert!(
                !read(text, lang).upset(),
                "{lang}: {text} → {:?}",
                read(text, lang)
            );
        }
    }

    #[test]
    fn the_model_reads_upset_messages_the_lexicon_misses() {
        // Situations, not words: a broken promise, a deadline.
        for (lang, text) in [
            (
                "es",
                "Me dijeron que me llamarían en 24 horas. Eso fue el martes pasado.",
            ),
            (
                "de",
                "Man hat mir einen Rückruf innerhalb von 24 Stunden versprochen. Das war letzten Dienstag.",
            ),
            (
                "en",
                "My daughter's birthday is on Saturday and the tracking hasn't moved since the 3rd.",
            ),
        ] {
            let (lex, _) = lexicon::read(text, lang);
            assert!(!lex.upset(), "{lang}: the lexicon alone reads {lex:?}");
            let r = read(text, lang);
            assert!(r.upset(), "{lang}: {text} → {r:?}");
            assert_ne!(r.kind, Kind::None);
        }
    }

    #[test]
    fn a_language_the_model_does_not_know_falls_back_to_the_lexicon() {
        let text = "This is a SCAM, I want my money back";
        assert_eq!(read(text, "nl"), lexicon::read(text, "nl").0);
    }

    #[test]
    fn trend_and_escalation() {
        let calm = Reading {
            score: 0.1,
            kind: Kind::None,
        };
        let tense = Reading {
            score: 0.35,
            kind: Kind::Frustration,
        };
        // A conversation heating up escalates on a message that alone would not.
        assert!(!tense.upset());
        assert!(escalate(&tense, trend(0.9, &tense)));
        assert!(!escalate(&calm, trend(0.2, &calm)));
        assert!(!escalate(&tense, trend(0.0, &tense)));
    }
}
