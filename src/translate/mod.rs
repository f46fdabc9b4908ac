//! Free-text translation: the [`Translator`] trait every engine implements
//! and the [`Chain`] that, per language pair, tries the curated translation
//! memory first and then the machine engines in order — with protected
//! spans, the glossary, the cache and the region's learned entries.
//!
//! Engines: `memory` (TMX, shipped), `libretranslate`, `deepl`, `openai`.
//! Any pair works, not only shopper ↔ bot: when no engine serves a pair
//! directly, the chain goes through the pivot language in two hops.

pub mod breaker;
pub mod cache;
pub mod deepl;
pub mod glossary;
pub mod libretranslate;
pub mod memory;
pub mod openai;
pub mod protect;
pub mod remote;
pub mod tmx;

use std::collections::HashMap;
use std::sync::Arc;

use cache::{Cache, Key, Scope};
use protect::{Protected, Protector};

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

/// One text cleared for one engine: the clearing (to restore what comes
/// back), the masked text sent, and the spans behind its placeholders.
struct Prepared {
    cleared: Cleared,
    masked: Cleared,
    spans: Vec<String>,
}

/// Engine order for one language pair (`*` matches any language).
pub struct Route {
    pub from: String,
    pub to: String,
    pub engines: Vec<String>,
}

pub struct Chain {
    engines: Vec<Arc<dyn Translator>>,
    routes: Vec<Route>,
    protector: Protector,
    pivot: String,
    cache: Cache,
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
    fn engines_for(&self, from: &str, to: &str, scope: &Scope) -> (Engines<'_>, Engines<'_>) {
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

    /// One hop: memories, then cache and learned entries, then machines.
    /// Every text reaches an engine only as the passage clears it; what
    /// comes back has its protected spans and placeholders restored.
    async fn direct(&self, texts: &[String], from: &str, to: &str, scope: &Scope) -> Vec<Outcome> {
        let (memories, machines) = self.engines_for(from, to, scope);
        let n = texts.len();
        let mut done: Vec<Option<Done>> = vec![None; n];
        let mut failures: Vec<Vec<(String, TranslateError)>> = vec![Vec::new(); n];

        // Curated memories, on the text without glossary masking.
        for memory in &memories {
            let todo: Vec<usize> = (0..n).filter(|&i| done[i].is_none()).collect();
            if todo.is_empty() {
                break;
            }
            let mut sent = Vec::with_capacity(todo.len());
            for &i in &todo {
                match self.prepare(memory.as_ref(), scope, &texts[i], None) {
                    Ok(p) => sent.push((i, p)),
                    Err(e) => failures[i].push((memory.name().to_string(), e)),
                }
            }
            let inputs: Vec<Cleared> = sent.iter().map(|(_, p)| p.masked.clone()).collect();
            let results = memory.translate_batch(&inputs, from, to).await;
            for ((i, p), result) in sent.into_iter().zip(results) {
                match result.and_then(|t| Ok((Protector::restore(&t.text, &p.spans)?, t))) {
                    Ok((text, t)) => {
                        done[i] = Some(Done {
                            text: p.cleared.restore(&text),
                            engine: t.engine,
                            score: t.score,
                            cached: false,
                            protected: p.spans.len(),
                        })
                    }
                    Err(e) => failures[i].push((memory.name().to_string(), e)),
                }
            }
        }
        if machines.is_empty() {
            return Self::outcomes(done, failures);
        }

        // Machines. Every remote engine receives a text in the same
        // redacted form, so the cache and the learned entries are keyed
        // on it and hold no personal data; a hit is restored with this
        // passage's values.
        let canonical: Vec<Option<(Arc<crate::privacy::Redacted>, Protected)>> = (0..n)
            .map(|i| {
                done[i].is_none().then(|| {
                    let r = scope.passage.redacted(&texts[i]);
                    let masked = self.protector.protect_for(&r.text, from, to);
                    (r, masked)
                })
            })
            .collect();
        let mut todo: Vec<usize> = Vec::new();
        for (i, c) in canonical.iter().enumerate() {
            let Some((r, masked)) = c else { continue };
            let key = Key::new(&scope.region, from, to, &masked.text);
            let mut hit = self.cache.get(&key);
            if hit.is_none()
                && let Some(learned) = &scope.learned
            {
                hit = learned.get(from, to, &masked.text).await;
                if let Some(h) = &hit {
                    self.cache.put(key.clone(), h.clone());
                }
            }
            match hit.map(|(t, engine)| (Protector::restore(&t, &masked.spans), engine)) {
                Some((Ok(text), engine)) => {
                    done[i] = Some(Done {
                        text: crate::privacy::restore(&text, &r.values),
                        engine,
                        score: None,
                        cached: true,
                        protected: masked.spans.len(),
                    })
                }
                _ => todo.push(i),
            }
        }
        if todo.len() == 1 {
            // The common case, a shopper's message: single-flight.
            let i = todo[0];
            let Some((r, masked)) = &canonical[i] else {
                return Self::outcomes(done, failures);
            };
            let key = Key::new(&scope.region, from, to, &masked.text);
            let flight = self
                .cache
                .single_flight(&key, || {
                    self.machine_one(&machines, scope, &texts[i], from, to)
                })
                .await;
            match flight {
                Ok((t, engine)) => {
                    self.learn(scope, key, from, to, &masked.text, &t, &engine)
                        .await;
                    if let Ok(text) = Protector::restore(&t, &masked.spans) {
                        done[i] = Some(Done {
                            text: crate::privacy::restore(&text, &r.values),
                            engine,
                            score: None,
                            cached: false,
                            protected: masked.spans.len(),
                        });
                    }
                }
                Err(f) => failures[i].extend(f),
            }
        } else if !todo.is_empty() {
            for engine in &machines {
                let pending: Vec<usize> = todo
                    .iter()
                    .copied()
                    .filter(|&i| done[i].is_none())
                    .collect();
                if pending.is_empty() {
                    break;
                }
                let mut sent = Vec::with_capacity(pending.len());
                for &i in &pending {
                    match self.prepare(engine.as_ref(), scope, &texts[i], Some((from, to))) {
                        Ok(p) => sent.push((i, p)),
                        Err(e) => failures[i].push((engine.name().to_string(), e)),
                    }
                }
                let inputs: Vec<Cleared> = sent.iter().map(|(_, p)| p.masked.clone()).collect();
                let results = engine.translate_batch(&inputs, from, to).await;
                if results.len() != sent.len() {
                    for (i, _) in &sent {
                        failures[*i].push((
                            engine.name().to_string(),
                            TranslateError::Engine("wrong number of results".into()),
                        ));
                    }
                    continue;
                }
                for ((i, p), result) in sent.into_iter().zip(results) {
                    let checked = result.and_then(|t| {
                        protect::check(&t.text, p.spans.len())
                            .map(|()| t)
                            .map_err(Into::into)
                    });
                    match checked {
                        Ok(t) => {
                            let key = Key::new(&scope.region, from, to, p.masked.text());
                            self.learn(scope, key, from, to, p.masked.text(), &t.text, &t.engine)
                                .await;
                            if let Ok(text) = Protector::restore(&t.text, &p.spans) {
                                done[i] = Some(Done {
                                    text: p.cleared.restore(&text),
                                    engine: t.engine,
                                    score: None,
                                    cached: false,
                                    protected: p.spans.len(),
                                });
                            }
                        }
                        Err(e) => failures[i].push((engine.name().to_string(), e)),
                    }
                }
            }
        }
        Self::outcomes(done, failures)
    }

    fn outcomes(
        done: Vec<Option<Done>>,
        failures: Vec<Vec<(String, TranslateError)>>,
    ) -> Vec<Outcome> {
        done.into_iter()
            .zip(failures)
            .map(|(d, f)| match d {
                Some(d) => Outcome::Translated(d),
                None => Outcome::Failed(f),
            })
            .collect()
    }

    /// Clears `text` for `engine` through the passage (the hop is recorded
    /// there) and masks its spans: `pair` adds the glossary of a machine
    /// translation.
    fn prepare(
        &self,
        engine: &dyn Translator,
        scope: &Scope,
        text: &str,
        pair: Option<(&str, &str)>,
    ) -> Result<Prepared, TranslateError> {
        let cleared = scope
            .passage
            .clear(target(engine), text)
            .map_err(|d| TranslateError::Denied(d.to_string()))?;
        let protected = match pair {
            Some((from, to)) => self.protector.protect_for(cleared.text(), from, to),
            None => self.protector.protect(cleared.text()),
        };
        let masked = cleared.masked(protected.text).ok_or_else(|| {
            TranslateError::Rejected("masking would reveal a redacted value".into())
        })?;
        Ok(Prepared {
            cleared,
            masked,
            spans: protected.spans,
        })
    }

    /// Machine engines in order for one text; the first whose output
    /// keeps every placeholder exactly once wins. The answer is in the
    /// masked, redacted form (what the cache keeps).
    async fn machine_one(
        &self,
        machines: &[&Arc<dyn Translator>],
        scope: &Scope,
        text: &str,
        from: &str,
        to: &str,
    ) -> cache::Flight {
        let mut failures = Vec::new();
        for engine in machines {
            let p = match self.prepare(engine.as_ref(), scope, text, Some((from, to))) {
                Ok(p) => p,
                Err(e) => {
                    failures.push((engine.name().to_string(), e));
                    continue;
                }
            };
            let result = engine
                .translate_batch(std::slice::from_ref(&p.masked), from, to)
                .await
                .pop()
                .unwrap_or(Err(TranslateError::Engine("no result".into())));
            match result.and_then(|t| {
                protect::check(&t.text, p.spans.len())
                    .map(|()| t)
                    .map_err(Into::into)
            }) {
                Ok(t) => return Ok((t.text, t.engine)),
                Err(e) => failures.push((engine.name().to_string(), e)),
            }
        }
        Err(failures)
    }

    #[allow(clippy::too_many_arguments)]
    async fn learn(
        &self,
        scope: &Scope,
        key: Key,
        from: &str,
        to: &str,
        source: &str,
        translation: &str,
        engine: &str,
    ) {
        if self.cache.get(&key).is_some() {
            return;
        }
        self.cache
            .put(key, (translation.to_string(), engine.to_string()));
        if let Some(learned) = &scope.learned {
            learned.put(from, to, source, translation, engine).await;
        }
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
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// An engine answering a fixed text, counting calls.
    struct Fixed(
        &'static str,
        Result<&'static str, TranslateError>,
        AtomicUsize,
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

    fn fixed(name: &'static str, r: Result<&'static str, TranslateError>) -> Arc<Fixed> {
        Arc::new(Fixed(name, r, AtomicUsize::new(0)))
    }

    fn chain(engines: Vec<Arc<Fixed>>) -> Chain {
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

    #[actix_web::test]
    async fn engine_losing_a_placeholder_is_skipped_for_the_next() {
        let c = chain(vec![
            fixed("lossy", Ok("Where is my order?")),
            fixed("down", Err(TranslateError::Engine("503".into()))),
            fixed("good", Ok("Where is my order ⟦1⟧?")),
        ]);
        match c
            .translate(
                "¿Dónde está mi pedido #123456?",
                "es",
                "en",
                &Scope::ephemeral("eu"),
            )
            .await
        {
            Outcome::Translated(t) => {
                assert_eq!(t.text, "Where is my order #123456?");
                assert_eq!(
                    (t.engine.as_str(), t.protected, t.cached),
                    ("good", 1, false)
                );
            }
            other => panic!("{other:?}"),
        }
    }

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
