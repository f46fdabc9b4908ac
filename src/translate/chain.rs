//! The chain of engines: per language pair, which engines are tried and in
//! which order (routes, the transfer gate), and two hops through the pivot
//! language when no machine engine serves the pair itself.

use std::collections::HashMap;
use std::sync::Arc;

use super::cache::{Cache, Scope};
use super::protect::Protector;
use super::{TranslateError, Translator, target};

/// The outcome of translating one text through the chain.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Source and target language are the same: nothing to do.
    Same,
    /// Translated; protected spans restored.
    Translated(Done),
    /// No engine could; each engine's reason, in order.
    Failed(Vec<(String, TranslateError)>),
}

/// A finished translation and how it was obtained.
#[derive(Debug, Clone, PartialEq)]
pub struct Done {
    pub text: String,
    /// Engine name; two hops through the pivot read `a+b`.
    pub engine: String,
    pub score: Option<f64>,
    /// Served from the cache or the region's learned entries.
    pub cached: bool,
    /// How many spans were protected.
    pub protected: usize,
}

/// Engines in the order they are tried.
type Engines<'a> = Vec<&'a Arc<dyn Translator>>;

/// Engine order for one language pair (`*` matches any language).
pub struct Route {
    pub from: String,
    pub to: String,
    pub engines: Vec<String>,
}

/// The engines, their routes and the pivot language, with the protector
/// that masks spans and the cache of machine translations.
pub struct Chain {
    engines: Vec<Arc<dyn Translator>>,
    routes: Vec<Route>,
    pub(super) protector: Protector,
    pivot: String,
    pub(super) cache: Cache,
}

impl Chain {
    /// `engines` in default order; `routes` override the order per pair.
    pub fn new(
        engines: Vec<Arc<dyn Translator>>,
        routes: Vec<Route>,
        protector: Protector,
        pivot: &str,
        cache_entries: usize,
    ) -> Chain {
        Chain {
            engines,
            routes,
            protector,
            pivot: pivot.to_string(),
            cache: Cache::new(cache_entries),
        }
    }

    pub fn protector(&self) -> &Protector {
        &self.protector
    }

    pub fn engines(&self) -> &[Arc<dyn Translator>] {
        &self.engines
    }

    /// The engines for a pair, in order: curated memories, then machines.
    pub(super) fn engines_for(
        &self,
        from: &str,
        to: &str,
        scope: &Scope,
    ) -> (Engines<'_>, Engines<'_>) {
        let named: Vec<&Arc<dyn Translator>> = match self
            .routes
            .iter()
            .find(|r| (r.from == "*" || r.from == from) && (r.to == "*" || r.to == to))
        {
            Some(route) => route
                .engines
                .iter()
                .filter_map(|n| self.engines.iter().find(|e| e.name() == n))
                .collect(),
            None => self.engines.iter().collect(),
        };
        // The transfer gate: an engine the region's policy denies is never
        // tried (the passage records the hops actually made).
        named
            .into_iter()
            .filter(|e| e.serves(from, to))
            .filter(|e| scope.passage.allows(target(e.as_ref())))
            .partition(|e| !e.is_machine())
    }

    /// Translates `text`; through the pivot when no engine serves the pair.
    pub async fn translate(&self, text: &str, from: &str, to: &str, scope: &Scope) -> Outcome {
        self.translate_batch(&[text.to_string()], from, to, scope)
            .await
            .pop()
            .unwrap_or(Outcome::Failed(Vec::new()))
    }

    /// Translates several texts of one pair, batching machine-engine calls.
    pub async fn translate_batch(
        &self,
        texts: &[String],
        from: &str,
        to: &str,
        scope: &Scope,
    ) -> Vec<Outcome> {
        if from == to {
            return texts.iter().map(|_| Outcome::Same).collect();
        }
        let mut outcomes = self.direct(texts, from, to, scope).await;
        // Two hops help when no machine engine serves the pair itself; one
        // that does and failed would only be asked twice more.
        let machine_serves_pair = !self.engines_for(from, to, scope).1.is_empty();
        if from != self.pivot && to != self.pivot && !machine_serves_pair {
            for (i, outcome) in outcomes.iter_mut().enumerate() {
                if let Outcome::Failed(reasons) = outcome {
                    if let Some(done) = self.via_pivot(&texts[i], from, to, scope).await {
                        *outcome = Outcome::Translated(done);
                    } else {
                        reasons.push(("pivot".into(), TranslateError::NoMatch));
                    }
                }
            }
        }
        outcomes
    }

    async fn via_pivot(&self, text: &str, from: &str, to: &str, scope: &Scope) -> Option<Done> {
        let pivot = self.pivot.clone();
        let Some(Outcome::Translated(a)) = self
            .direct(&[text.to_string()], from, &pivot, scope)
            .await
            .pop()
        else {
            return None;
        };
        let Some(Outcome::Translated(b)) = self
            .direct(std::slice::from_ref(&a.text), &pivot, to, scope)
            .await
            .pop()
        else {
            return None;
        };
        Some(Done {
            text: b.text,
            engine: format!("{}+{}", a.engine, b.engine),
            score: match (a.score, b.score) {
                (Some(x), Some(y)) => Some(x * y),
                _ => None,
            },
            cached: a.cached && b.cached,
            protected: a.protected.max(b.protected),
        })
    }

    /// Drops a region's cached machine translations (after an erasure: some
    /// may come from the erased text). Its learned entries in the store
    /// are deleted by the eraser.
    pub fn forget(&self, region: &str) {
        self.cache.forget(region);
    }

    /// Every engine's name and jurisdiction (for operators and audits).
    pub fn jurisdictions(&self) -> HashMap<String, Option<String>> {
        self.engines
            .iter()
            .map(|e| (e.name().to_string(), e.jurisdiction().map(str::to_string)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::Ordering;

    use super::super::fixed::{chain, fixed};
    use super::super::memory;
    use super::super::protect::Protector;
    use super::*;

    #[actix_web::test]
    async fn pairs_without_a_direct_engine_go_through_the_pivot() {
        use crate::translate::tmx::Unit;
        let unit = |a: (&str, &str), b: (&str, &str)| Unit {
            id: None,
            variants: vec![(a.0.into(), a.1.into()), (b.0.into(), b.1.into())],
        };
        let memory = memory::TranslationMemory::new(
            vec![
                unit(
                    ("de", "Danke für Ihre Geduld"),
                    ("en", "Thank you for your patience"),
                ),
                unit(
                    ("en", "Thank you for your patience"),
                    ("ja", "お待ちいただきありがとうございます"),
                ),
            ],
            0.75,
        );
        let p = Protector::new(&[], Default::default()).unwrap();
        let c = Chain::new(vec![Arc::new(memory)], Vec::new(), p, "en", 10);
        match c
            .translate("Danke für Ihre Geduld", "de", "ja", &Scope::ephemeral("eu"))
            .await
        {
            Outcome::Translated(d) => {
                assert_eq!(d.text, "お待ちいただきありがとうございます");
                assert_eq!(d.engine, "memory+memory");
            }
            other => panic!("{other:?}"),
        }
    }

    #[actix_web::test]
    async fn repeated_texts_hit_the_cache_per_region() {
        let engine = fixed("m", Ok("hello"));
        let c = chain(vec![engine.clone()]);
        let eu = Scope::ephemeral("eu");
        for _ in 0..3 {
            assert!(matches!(
                c.translate("hola", "es", "en", &eu).await,
                Outcome::Translated(_)
            ));
        }
        assert_eq!(engine.2.load(Ordering::SeqCst), 1);
        match c.translate("hola", "es", "en", &eu).await {
            Outcome::Translated(d) => assert!(d.cached),
            other => panic!("{other:?}"),
        }
        c.translate("hola", "es", "en", &Scope::ephemeral("cn"))
            .await;
        assert_eq!(
            engine.2.load(Ordering::SeqCst),
            2,
            "another region does not reuse the entry"
        );
    }

    #[actix_web::test]
    async fn failures_are_reported_same_language_is_a_no_op_and_batches_are_one_call() {
        let down = fixed("down", Err(TranslateError::NoMatch));
        let c = chain(vec![down.clone()]);
        let s = Scope::ephemeral("eu");
        assert_eq!(
            c.translate("hola", "es", "en", &s).await,
            Outcome::Failed(vec![("down".into(), TranslateError::NoMatch)])
        );
        assert_eq!(c.translate("hola", "es", "es", &s).await, Outcome::Same);
        let before = down.2.load(Ordering::SeqCst);
        let outs = c
            .translate_batch(&["a".into(), "b".into(), "c".into()], "es", "en", &s)
            .await;
        assert_eq!(outs.len(), 3);
        assert_eq!(down.2.load(Ordering::SeqCst), before + 1);
    }
}
