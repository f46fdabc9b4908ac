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
//!
//! [`Detector`] (`detect`) applies the conversation's rules (1, 2, 6 and
//! the hints of 3) around what the text alone says (`guess`: 3–5, with
//! `script`, `request` and the n-gram `model`); `codes` maps ISO 639-1,
//! whatlang's codes and locales. The types a caller gives and gets are
//! here.

mod codes;
mod detect;
mod guess;
mod model;
pub mod request;
pub mod script;
#[cfg(test)]
mod tests;

pub use codes::{is_supported, iso639_1_of, primary_subtag, trained_languages, whatlang_of};
pub use detect::Detector;

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
