//! Free-text translation: the [`Translator`] trait every engine implements,
//! and the [`Chain`] that tries engines in order, protects spans and checks
//! that they come back. Engines: the shipped translation memory (`memory`);
//! remote engines plug in behind the same trait.

pub mod memory;
pub mod protect;
pub mod tmx;

use std::sync::Arc;

use protect::{Protected, Protector};

/// One engine's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Translation {
    pub text: String,
    pub engine: String,
    /// Match score for memories (1.0 exact); `None` for engines without one.
    pub score: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TranslateError {
    #[error("no translation found")]
    NoMatch,
    #[error("engine failed: {0}")]
    Engine(String),
    #[error("{0}")]
    Placeholder(#[from] protect::PlaceholderError),
    #[error("translation setup: {0}")]
    Setup(String),
}

/// A translation engine. Implementations must not log the text.
#[async_trait::async_trait]
pub trait Translator: Send + Sync {
    fn name(&self) -> &str;
    async fn translate(
        &self,
        text: &str,
        from: &str,
        to: &str,
    ) -> Result<Translation, TranslateError>;
}

/// The outcome of translating one text through the chain.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Source and target language are the same: nothing to do.
    Same,
    /// An engine translated it; protected spans are restored.
    Translated(Translation),
    /// No engine could; each engine's reason, in order.
    Failed(Vec<(String, TranslateError)>),
}

/// Engines in the order they are tried.
pub struct Chain {
    engines: Vec<Arc<dyn Translator>>,
    protector: Protector,
}

impl Chain {
    pub fn new(engines: Vec<Arc<dyn Translator>>, protector: Protector) -> Chain {
        Chain { engines, protector }
    }

    pub fn protector(&self) -> &Protector {
        &self.protector
    }

    /// Translates `text` from `from` to `to`. Protected spans are replaced
    /// before any engine sees the text; an engine whose output loses or
    /// duplicates one is skipped for the next.
    pub async fn translate(&self, text: &str, from: &str, to: &str) -> Outcome {
        if from == to {
            return Outcome::Same;
        }
        let Protected {
            text: masked,
            spans,
        } = self.protector.protect(text);
        let mut failures = Vec::new();
        for engine in &self.engines {
            match engine.translate(&masked, from, to).await {
                Ok(t) => match Protector::restore(&t.text, &spans) {
                    Ok(text) => return Outcome::Translated(Translation { text, ..t }),
                    Err(e) => failures.push((engine.name().to_string(), e.into())),
                },
                Err(e) => failures.push((engine.name().to_string(), e)),
            }
        }
        Outcome::Failed(failures)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An engine that answers a fixed text, to test the chain's checks.
    struct Fixed(&'static str, Result<&'static str, TranslateError>);

    #[async_trait::async_trait]
    impl Translator for Fixed {
        fn name(&self) -> &str {
            self.0
        }
        async fn translate(
            &self,
            _: &str,
            _: &str,
            _: &str,
        ) -> Result<Translation, TranslateError> {
            self.1.clone().map(|t| Translation {
                text: t.into(),
                engine: self.0.into(),
                score: None,
            })
        }
    }

    fn chain(engines: Vec<Fixed>) -> Chain {
        let p = Protector::new(&config_patterns()).unwrap();
        Chain::new(
            engines
                .into_iter()
                .map(|e| Arc::new(e) as Arc<dyn Translator>)
                .collect(),
            p,
        )
    }

    fn config_patterns() -> Vec<String> {
        crate::config::TranslationConfig::default().order_patterns
    }

    #[actix_web::test]
    async fn engine_losing_a_placeholder_is_skipped_for_the_next() {
        let c = chain(vec![
            Fixed("lossy", Ok("Where is my order?")),
            Fixed("down", Err(TranslateError::Engine("503".into()))),
            Fixed("good", Ok("Where is my order ⟦1⟧?")),
        ]);
        match c
            .translate("¿Dónde está mi pedido #123456?", "es", "en")
            .await
        {
            Outcome::Translated(t) => {
                assert_eq!(t.text, "Where is my order #123456?");
                assert_eq!(t.engine, "good");
            }
            other => panic!("{other:?}"),
        }
    }

    #[actix_web::test]
    async fn all_failing_engines_are_reported_and_same_language_is_a_no_op() {
        let c = chain(vec![Fixed("down", Err(TranslateError::NoMatch))]);
        assert_eq!(
            c.translate("hola", "es", "en").await,
            Outcome::Failed(vec![("down".into(), TranslateError::NoMatch)])
        );
        assert_eq!(c.translate("hola", "es", "es").await, Outcome::Same);
    }
}
