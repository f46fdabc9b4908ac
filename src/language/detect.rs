//! The [`Detector`]: the conversation's rules around what the text says
//! (a request for a language, a locked language, the hints when the text
//! carries no language, a switch only on confident evidence).

use whatlang::{Detector as Whatlang, Lang};

use super::{Detection, Hints, Source, model, primary_subtag, request, whatlang_of};

/// Built once at start, shared by every request.
pub struct Detector {
    served: Vec<String>,
    pub(super) model: &'static model::Model,
    /// Model indices of the served languages the model knows.
    pub(super) modelled: Vec<usize>,
    /// whatlang over every served language it knows, consulted when some
    /// served language has no training text.
    pub(super) fallback: Option<Whatlang>,
    /// Served languages without training text.
    pub(super) unmodelled: Vec<String>,
    /// Log-odds for the hinted language ([`PRIOR`] unless measured otherwise).
    pub(super) prior: f64,
}

/// Confidence given to a decision taken from hints alone.
const HINT_CONFIDENCE: f64 = 0.5;
/// Log-odds added to the declared (or Accept-Language) language before
/// choosing, in nats. Measured on the evaluation corpus (docs/language.md):
/// at 24 a correct hint lifts every length class above 99.5%, and a wrong
/// hint on every line still leaves 5–9-word messages at 99.8% and single
/// words at 94%.
const PRIOR: f64 = 24.0;
/// A detection this confident counts towards a switch.
const CONFIDENT: f64 = 0.8;
/// Letters that make a message long enough to switch at once when confident.
const LONG: usize = 30;

impl Detector {
    /// `served`: ISO 639-1 codes the deployment serves (validated by config).
    pub fn new(served: &[String]) -> Detector {
        let model = model::Model::shipped();
        // In model-index order: ties go the same way whatever the
        // configuration's order.
        let mut modelled: Vec<usize> = served.iter().filter_map(|l| model.index(l)).collect();
        modelled.sort_unstable();
        let unmodelled: Vec<String> = served
            .iter()
            .filter(|l| model.index(l).is_none())
            .cloned()
            .collect();
        let all: Vec<Lang> = served.iter().filter_map(|l| whatlang_of(l)).collect();
        Detector {
            served: served.to_vec(),
            model,
            modelled,
            fallback: (!unmodelled.is_empty()).then(|| Whatlang::with_allowlist(all)),
            unmodelled,
            prior: PRIOR,
        }
    }

    /// The same detector with another weight for the locale hint, in nats
    /// (the evaluation measures `PRIOR` with it).
    pub fn with_prior(mut self, nats: f64) -> Detector {
        self.prior = nats;
        self
    }

    fn served(&self, code: &str) -> Option<String> {
        let code = primary_subtag(code);
        self.served.contains(&code).then_some(code)
    }

    /// Weights the n-gram model holds, (feature, language) pairs: its size.
    pub fn model_size(&self) -> usize {
        self.model.size()
    }

    /// Whether the deployment serves this language (ISO 639-1 or a locale).
    pub fn serves(&self, code: &str) -> bool {
        self.served(code).is_some()
    }

    /// Decides the language of `text` given the conversation's `hints`.
    pub fn detect(&self, text: &str, hints: Hints<'_>) -> Detection {
        let declared = hints.declared.and_then(|d| self.served(d));
        let accept = hints.accept_language.and_then(|d| self.served(d));
        let previous = hints.previous.and_then(|p| self.served(p));
        let keep_lock = hints.locked && previous.is_some();
        let decided = |lang: String, confidence: f64, source: Source| Detection {
            lang,
            confidence,
            source,
            variant: None,
            locked: keep_lock,
            pending: None,
        };

        if let Some(lang) = request::requested(text).and_then(|l| self.served(l)) {
            return Detection {
                locked: true,
                ..decided(lang, 1.0, Source::Request)
            };
        }
        if hints.locked
            && let Some(p) = &previous
        {
            return decided(p.clone(), 1.0, Source::Locked);
        }
        let from_hints = || match (&previous, &declared, &accept) {
            (Some(p), _, _) => decided(p.clone(), HINT_CONFIDENCE, Source::Previous),
            (None, Some(d), _) => decided(d.clone(), HINT_CONFIDENCE, Source::Declared),
            (None, None, Some(a)) => decided(a.clone(), HINT_CONFIDENCE, Source::AcceptLanguage),
            (None, None, None) => decided("und".into(), 0.0, Source::Undetermined),
        };
        let prior = declared.as_deref().or(accept.as_deref());
        let Some(guess) = self.guess(text, prior) else {
            return from_hints();
        };
        let Some(previous) = previous else {
            // A short first message overrules the declared locale only
            // when the text is sure of itself: "hej" from a Swedish phone
            // is Swedish, whatever Slovak also writes.
            let hinted = declared.as_ref().or(accept.as_ref());
            if let Some(h) = hinted
                && *h != guess.lang
                && guess.source != Source::Script
                && guess.confidence < CONFIDENT
                && guess.letters < LONG
            {
                let source = if declared.is_some() {
                    Source::Declared
                } else {
                    Source::AcceptLanguage
                };
                return decided(h.clone(), HINT_CONFIDENCE, source);
            }
            return Detection {
                variant: guess.variant,
                ..decided(guess.lang, guess.confidence, guess.source)
            };
        };
        let switch = guess.lang != previous
            // Kanji alone read as Chinese, but a Japanese conversation uses them too.
            && !(previous == "ja" && guess.lang == "zh")
            && (guess.source == Source::Script
                || (guess.confidence >= CONFIDENT
                    && (guess.letters >= LONG || hints.pending == Some(guess.lang.as_str()))));
        if guess.lang == previous || switch {
            Detection {
                variant: guess.variant,
                ..decided(guess.lang, guess.confidence, guess.source)
            }
        } else {
            Detection {
                pending: (guess.confidence >= CONFIDENT).then_some(guess.lang),
                ..decided(previous, HINT_CONFIDENCE, Source::Previous)
            }
        }
    }
}
