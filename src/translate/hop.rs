//! One hop of the chain, from one language to another: curated memories
//! first, then the cache and the region's learned entries, then machine
//! engines in order. Every text reaches an engine only as the passage
//! clears it.

use std::sync::Arc;

use super::cache::{self, Key, Scope};
use super::chain::{Chain, Done, Outcome};
use super::protect::{self, Protected, Protector};
use super::{TranslateError, Translator, target};
use crate::gate::Cleared;

/// One text cleared for one engine: the clearing (to restore what comes
/// back), the masked text sent, and the spans behind its placeholders.
struct Prepared {
    cleared: Cleared,
    masked: Cleared,
    spans: Vec<String>,
}

impl Chain {
    /// One hop: memories, then cache and learned entries, then machines.
    /// Every text reaches an engine only as the passage clears it; what
    /// comes back has its protected spans and placeholders restored.
    pub(super) async fn direct(
        &self,
        texts: &[String],
        from: &str,
        to: &str,
        scope: &Scope,
    ) -> Vec<Outcome> {
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
}

#[cfg(test)]
mod tests {
    use super::super::fixed::{chain, fixed};
    use super::*;

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
}
