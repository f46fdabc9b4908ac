//! Free-text translation: the [`Translator`] trait every engine implements
//! and the [`Chain`] that, per language pair, tries the curated translation
//! memory first and then the machine engines in order — with protected
//! spans, the glossary, the cache and the region's learned entries.
//!
//! Engines: `memory` (TMX, shipped), `libretranslate`, `deepl`, `openai`,
//! and with the `neural` feature `marian` (models run in-process).
//! Any pair works, not only shopper ↔ bot: when no engine serves a pair
//! directly, the chain goes through the pivot language in two hops.
//!
//! This module holds what every engine shares; `chain` picks the engines
//! for a pair and goes through the pivot, `hop` runs one hop (memories,
//! cache and learned entries, then machines in order until one keeps every
//! placeholder).

pub mod breaker;
pub mod cache;
mod chain;
pub mod deepl;
#[cfg(test)]
mod fixed;
pub mod glossary;
mod hop;
pub mod libretranslate;
#[cfg(feature = "neural")]
pub mod marian;
pub mod memory;
#[cfg(feature = "neural")]
pub mod neural;
pub mod openai;
pub mod protect;
pub mod remote;
pub mod tmx;

pub use chain::{Chain, Done, Outcome, Route};

use crate::gate::{Cleared, Processor, Target};

/// One engine's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Translation {
    pub text: String,
    pub engine: String,
    /// Match score for memories (1.0 exact); `None` for machine engines.
    pub score: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TranslateError {
    #[error("no translation found")]
    NoMatch,
    #[error("engine failed: {0}")]
    Engine(String),
    #[error("engine unavailable: {0}")]
    Unavailable(String),
    #[error("translation rejected: {0}")]
    Rejected(String),
    #[error("{0}")]
    Placeholder(#[from] protect::PlaceholderError),
    #[error("translation setup: {0}")]
    Setup(String),
    #[error("{0}")]
    Denied(String),
}

/// A translation engine: a processor under the transfer gate, so it
/// receives only [`Cleared`] text. Implementations must not log the text.
#[async_trait::async_trait]
pub trait Translator: Send + Sync {
    fn name(&self) -> &str;
    /// Where the engine processes text; `None` for in-process engines.
    fn jurisdiction(&self) -> Option<&str> {
        None
    }
    fn serves(&self, _from: &str, _to: &str) -> bool {
        true
    }
    /// Machine engines get the glossary and the cache; curated memories
    /// are exact already.
    fn is_machine(&self) -> bool {
        true
    }
    /// For engines behind a circuit breaker: whether it is open (calls are
    /// skipped) or half-open (one trial call). `None`: no breaker.
    fn breaker_open(&self) -> Option<bool> {
        None
    }
    /// Translates every text; one result per text, in order.
    async fn translate_batch(
        &self,
        texts: &[Cleared],
        from: &str,
        to: &str,
    ) -> Vec<Result<Translation, TranslateError>>;
}

/// The gate's view of an engine.
fn target(engine: &dyn Translator) -> Target<'_> {
    Target {
        processor: Processor::TranslationEngine,
        name: engine.name(),
        jurisdiction: engine.jurisdiction(),
        cached: engine.is_machine(),
    }
}
