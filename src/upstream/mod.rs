//! The core bot behind the proxy. The built-in FAQ bot and the remote
//! bots (Rasa REST, Botpress Chat API, Direct Line 3.0, Dialogflow CX, an
//! OpenAI-compatible chat model) implement the same [`Bot`] trait; the
//! pipeline only sees the trait and bounds every call with the configured
//! deadline. docs/bots.md describes each.

pub mod botpress;
pub mod dialogflow;
pub mod directline;
pub mod faq;
mod http;
pub mod openai;
pub mod rasa;
mod sessions;

pub use http::Secret;

/// The bot's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BotAnswer {
    pub text: String,
    /// The answer's language when it is not the language the bot was asked
    /// in (the built-in bot reads many languages and answers in English).
    pub lang: Option<String>,
    /// The bot asks for a person to take over.
    pub handoff: bool,
    /// False when the bot says it could not help (its fallback answer).
    pub understood: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UpstreamError {
    #[error("bot did not answer within {0} ms")]
    Timeout(u64),
    #[error("bot unavailable: {0}")]
    Unavailable(String),
    #[error("bot answered something unusable: {0}")]
    BadAnswer(String),
    #[error("the region's policy does not let the bot see this conversation")]
    Denied,
    /// Not asked: the message is in a language the bot does not read, and
    /// no engine could translate it.
    #[error("the bot does not read the message's language and no engine translated it")]
    CannotRead,
}

/// A core bot: a processor under the transfer gate, so it receives only
/// [`Cleared`](crate::gate::Cleared) text. `conversation` is an opaque id
/// the bot may use as its sender id.
#[async_trait::async_trait]
pub trait Bot: Send + Sync {
    fn name(&self) -> &str;
    /// Answers inside this process, in microseconds, and cannot hang on a
    /// network: the shopper's message may then be stored with the answer,
    /// in one transaction (docs/pipeline.md).
    fn in_process(&self) -> bool {
        false
    }
    /// The languages it reads by itself when `[bot] languages` does not
    /// say; empty: only the pivot language.
    fn languages(&self) -> Vec<String> {
        Vec::new()
    }
    /// Drops what it keeps in memory of `conversation` (sessions, earlier
    /// turns): called when the conversation is erased, so that nothing of
    /// it outlives its rows here either.
    fn forget(&self, _conversation: &str) {}
    /// Answers `text`, written in `lang` (ISO 639-1).
    async fn answer(
        &self,
        conversation: &str,
        text: &crate::gate::Cleared,
        lang: &str,
    ) -> Result<BotAnswer, UpstreamError>;
}
