//! An engine that answers a fixed text and counts its calls, and a chain
//! of such engines: for the chain's tests.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::protect::Protector;
use super::{Chain, Cleared, TranslateError, Translation, Translator};

/// An engine answering a fixed text, counting calls.
pub(super) struct Fixed(
    &'static str,
    Result<&'static str, TranslateError>,
    pub(super) AtomicUsize,
);

#[async_trait::async_trait]
impl Translator for Fixed {
    fn name(&self) -> &str {
        self.0
    }
    async fn translate_batch(
        &self,
        texts: &[Cleared],
        _: &str,
        _: &str,
    ) -> Vec<Result<Translation, TranslateError>> {
        self.2.fetch_add(1, Ordering::SeqCst);
        texts
            .iter()
            .map(|_| {
                self.1.clone().map(|t| Translation {
                    text: t.into(),
                    engine: self.0.into(),
                    score: None,
                })
            })
            .collect()
    }
}

pub(super) fn fixed(name: &'static str, r: Result<&'static str, TranslateError>) -> Arc<Fixed> {
    Arc::new(Fixed(name, r, AtomicUsize::new(0)))
}

pub(super) fn chain(engines: Vec<Arc<Fixed>>) -> Chain {
    let p = Protector::new(
        &crate::config::TranslationConfig::default().order_patterns,
        Default::default(),
    )
    .unwrap();
    Chain::new(
        engines
            .into_iter()
            .map(|e| e as Arc<dyn Translator>)
            .collect(),
        Vec::new(),
        p,
        "en",
        100,
    )
}
