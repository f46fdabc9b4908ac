//! Which language a shopper writes in, and why. Pure: no I/O.
//!
//! The decision, in order (each rule is a [`Source`] returned with it):
//! 1. **request**: the shopper asks for a language ("English please",
//!    "请说中文"): that language, locked until they ask again;
//! 2. **locked**: a conversation locked by a request keeps its language;
//! 3. **no language**: text without letters (order ids, numbers, URLs,
//!    emoji) or only neutral words ("ok") keeps the conversation's language,
//!    else the declared locale, else `und`;
//! 4. **script**: a script one served language writes (Hangul → ko, kana →
//!    ja, Han → zh with Simplified/Traditional told apart, Thai, Greek,
//!    Hebrew, Devanagari, Persian-only or Arabic-only letters, Ukrainian-only
//!    or Russian-only letters) decides;
//! 5. **model**: otherwise a character n-gram model trained on shipped text
//!    chooses among the served languages of that script, the declared locale
//!    (or `Accept-Language`) adding a prior; whatlang covers served languages
//!    the model was not trained on;
//! 6. **sticky**: a conversation leaves its language only on confident
//!    evidence: one long confident message, or two confident detections in a
//!    row that agree (the first is returned as `pending`).

mod model;
pub mod request;
pub mod script;

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

fn iso639_1(lang: Lang) -> &'static str {
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

/// Which rule decided; returned to the shopper and stored with the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The shopper asked for this language.
    Request,
    /// An earlier request still holds.
    Locked,
    /// The writing system decided.
    Script,
    /// The n-gram model (or whatlang) decided from the text.
    Detected,
    /// The conversation's earlier language was kept.
    Previous,
    /// The declared locale decided.
    Declared,
    /// The browser's `Accept-Language` decided.
    AcceptLanguage,
    /// Nothing to go on.
    Undetermined,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Request => "request",
            Source::Locked => "locked",
            Source::Script => "script",
            Source::Detected => "detected",
            Source::Previous => "previous",
            Source::Declared => "declared",
            Source::AcceptLanguage => "accept-language",
            Source::Undetermined => "undetermined",
        }
    }
}

/// The decided language of one message.
#[derive(Debug, Clone, PartialEq)]
pub struct Detection {
    /// ISO 639-1 code, or `und`.
    pub lang: String,
    /// 0–1: the model's posterior, or a fixed prior for hint-only decisions.
    pub confidence: f64,
    pub source: Source,
    /// `Hans`/`Hant` for Chinese when the characters show it.
    pub variant: Option<&'static str>,
    /// The conversation's language is locked (by a request) after this message.
    pub locked: bool,
    /// A confident detection that differed from the conversation's language:
    /// one more agreeing detection switches it.
    pub pending: Option<String>,
}

/// What the conversation already knows.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hints<'a> {
    /// Locale the shopper or channel declared (message, then conversation).
    pub declared: Option<&'a str>,
    /// The preferred tag of the browser's `Accept-Language`.
    pub accept_language: Option<&'a str>,
    /// The conversation's language so far.
    pub previous: Option<&'a str>,
    /// The conversation's language was set by an explicit request.
    pub locked: bool,
    /// The pending switch left by the previous message.
    pub pending: Option<&'a str>,
}

/// What the text alone says (no conversation state).
#[derive(Debug, Clone, PartialEq)]
struct Guess {
    lang: String,
    confidence: f64,
    source: Source,
    variant: Option<&'static str>,
    /// Letters in the text: long messages may switch a conversation at once.
    letters: usize,
}

/// Built once at start, shared by every request.
pub struct Detector {
    served: Vec<String>,
    model: &'static model::Model,
    /// Model indices of the served languages the model knows.
    modelled: Vec<usize>,
    /// whatlang over every served language it knows, consulted when some
    /// served language has no training text.
    fallback: Option<Whatlang>,
    /// Served languages without training text.
    unmodelled: Vec<String>,
    /// Log-odds for the hinted language ([`PRIOR`] unless measured otherwise).
    prior: f64,
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
    /// (the evaluation measures [`PRIOR`] with it).
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

    /// The text's own language, `None` when it carries none.
    fn guess(&self, text: &str, prior: Option<&str>) -> Option<Guess> {
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
        // The best score; on a tie the later candidate, as the model was
        // evaluated.
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
fn language_letters(text: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn served() -> Vec<String> {
        [
            "en", "zh", "ja", "ko", "es", "pt", "fr", "de", "it", "nl", "ru", "uk", "ar", "fa",
            "he", "el", "hi", "th", "id", "ms", "da", "nb", "sv", "cs", "sk",
        ]
        .map(String::from)
        .to_vec()
    }

    fn detector() -> Detector {
        Detector::new(&served())
    }

    fn lang(text: &str, hints: Hints<'_>) -> String {
        detector().detect(text, hints).lang
    }

    fn previous(p: &str) -> Hints<'_> {
        Hints {
            previous: Some(p),
            ..Hints::default()
        }
    }

    #[test]
    fn messages_are_detected_from_the_text() {
        let none = Hints::default();
        for (text, expected) in [
            ("¿Dónde está mi pedido? Lo compré hace dos semanas.", "es"),
            (
                "Onde está a minha encomenda? Comprei há duas semanas.",
                "pt",
            ),
            ("Wo ist meine Bestellung? Ich warte seit zwei Wochen.", "de"),
            ("Waar is mijn bestelling? Ik wacht al twee weken.", "nl"),
            ("Where is my order? I bought it two weeks ago.", "en"),
            ("Dov'è il mio ordine? L'ho comprato due settimane fa.", "it"),
        ] {
            let d = detector().detect(text, none);
            assert_eq!(
                (d.lang.as_str(), d.source),
                (expected, Source::Detected),
                "{text}"
            );
        }
    }

    /// Every reference vector of `language/model/FORMAT.md`, through the
    /// whole detector serving every language, without a hint.
    #[test]
    fn the_reference_vectors_are_detected_as_expected() {
        let d = Detector::new(&trained_languages());
        for line in include_str!("language/model/vectors.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
        {
            let cols: Vec<&str> = line.split('\t').collect();
            let got = d.detect(cols[0], Hints::default());
            assert_eq!(got.lang, cols[1], "{line}");
            let confidence: f64 = cols[7].parse().unwrap_or(0.99);
            if cols[2] == "model" {
                assert!(
                    (got.confidence - confidence).abs() < 0.002,
                    "{line}: {got:?}"
                );
            }
        }
    }

    #[test]
    fn script_rules_decide() {
        let none = Hints::default();
        for (text, expected) in [
            ("我的订单在哪里？", "zh"),
            ("注文はどこですか？", "ja"),
            ("배송이 언제 와요?", "ko"),
            ("พัสดุยังไม่มาเลยครับ", "th"),
            ("Πού είναι η παραγγελία μου;", "el"),
            ("איפה ההזמנה שלי?", "he"),
            ("मेरा ऑर्डर कहाँ है?", "hi"),
            ("سفارشم کی می‌رسد؟", "fa"),
            ("متى يصل الطلب؟", "ar"),
            ("Де моє замовлення?", "uk"),
            ("Где мой заказ? Вы обещали неделю", "ru"),
        ] {
            let d = detector().detect(text, none);
            assert_eq!(
                (d.lang.as_str(), d.source),
                (expected, Source::Script),
                "{text}"
            );
        }
        assert_eq!(
            detector().detect("我的訂單什麼時候發貨", none).variant,
            Some("Hant")
        );
        assert_eq!(
            detector().detect("我的订单什么时候发货", none).variant,
            Some("Hans")
        );
    }

    #[test]
    fn text_without_language_keeps_the_conversation_language() {
        let hints = Hints {
            declared: Some("de-DE"),
            previous: Some("es"),
            ..Hints::default()
        };
        for text in [
            "123456789",
            "ok",
            "👍",
            "https://shop.example/o/1",
            "#A-998877",
            "⟦1⟧",
        ] {
            let d = detector().detect(text, hints);
            assert_eq!(
                (d.lang.as_str(), d.source),
                ("es", Source::Previous),
                "{text}"
            );
        }
        let d = detector().detect(
            "👍",
            Hints {
                declared: Some("de-DE"),
                ..Hints::default()
            },
        );
        assert_eq!((d.lang.as_str(), d.source), ("de", Source::Declared));
        let d = detector().detect(
            "👍",
            Hints {
                accept_language: Some("fr"),
                ..Hints::default()
            },
        );
        assert_eq!((d.lang.as_str(), d.source), ("fr", Source::AcceptLanguage));
        assert_eq!(detector().detect("👍", Hints::default()).lang, "und");
    }

    #[test]
    fn a_conversation_switches_only_on_confident_evidence() {
        // Short and ambiguous: stays.
        assert_eq!(lang("no", previous("es")), "es");
        // One long unambiguous message switches at once.
        let long = "Entschuldigung, ich möchte lieber auf Deutsch weiterschreiben, wenn das geht.";
        assert_eq!(lang(long, previous("es")), "de");
        // A short confident one leaves a pending switch; a second agreeing one switches.
        let first = detector().detect("Vielen Dank für die Hilfe", previous("es"));
        assert_eq!(
            (first.lang.as_str(), first.pending.as_deref()),
            ("es", Some("de"))
        );
        let second = detector().detect(
            "Wann kommt das Paket an",
            Hints {
                previous: Some("es"),
                pending: Some("de"),
                ..Hints::default()
            },
        );
        assert_eq!(
            (second.lang.as_str(), second.source),
            ("de", Source::Detected)
        );
        // A script change is evidence enough.
        assert_eq!(lang("谢谢", previous("es")), "zh");
        // Kanji-only text does not turn a Japanese conversation Chinese,
        // and a Japanese locale reads it as Japanese.
        assert_eq!(lang("了解", previous("ja")), "ja");
        let d = detector().detect(
            "領収書",
            Hints {
                declared: Some("ja-JP"),
                ..Hints::default()
            },
        );
        assert_eq!((d.lang.as_str(), d.source), ("ja", Source::Script));
    }

    #[test]
    fn an_explicit_request_locks_the_language_until_the_next_request() {
        let d = detector().detect("English please", previous("es"));
        assert_eq!(
            (d.lang.as_str(), d.source, d.locked),
            ("en", Source::Request, true)
        );
        let locked = Hints {
            previous: Some("en"),
            locked: true,
            ..Hints::default()
        };
        let d = detector().detect(
            "¿Dónde está mi pedido? Lo compré hace dos semanas, gracias.",
            locked,
        );
        assert_eq!(
            (d.lang.as_str(), d.source, d.locked),
            ("en", Source::Locked, true)
        );
        let d = detector().detect("请说中文", locked);
        assert_eq!(
            (d.lang.as_str(), d.source, d.locked),
            ("zh", Source::Request, true)
        );
    }

    #[test]
    fn the_declared_locale_tips_a_weak_guess() {
        let declared = |d| Hints {
            declared: Some(d),
            ..Hints::default()
        };
        assert_eq!(lang("obrigado", declared("pt-BR")), "pt");
        assert_eq!(lang("tak", declared("da-DK")), "da");
        assert_eq!(lang("tak", declared("ms-MY")), "ms");
    }

    #[test]
    fn only_served_languages_are_returned() {
        let d = Detector::new(&["en".into(), "es".into()]);
        let got = d.detect(
            "Onde está a minha encomenda? Comprei há duas semanas.",
            Hints::default(),
        );
        assert!(got.lang == "es" || got.lang == "en", "{got:?}");
        // Korean text with Korean not served: no crash, a served language or und.
        let got = d.detect("배송이 언제 와요?", Hints::default());
        assert!(["es", "en", "und"].contains(&got.lang.as_str()), "{got:?}");
    }

    #[test]
    fn languages_without_training_text_fall_back_to_whatlang() {
        let d = Detector::new(&["en".into(), "tl".into()]);
        let got = d.detect(
            "Nasaan na po ang order ko? Dalawang linggo na akong naghihintay.",
            Hints::default(),
        );
        assert_eq!(got.lang, "tl");
    }

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
