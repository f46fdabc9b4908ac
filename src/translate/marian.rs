//! The `marian` engine (feature `neural`): Marian models run in this
//! process, one per language pair, on a pool of worker threads. The text
//! never leaves the region's own proxy; the engine still passes the
//! transfer gate like every engine, declared with the jurisdiction the
//! config gives it (the region's own).
//!
//! A call that finds the queue full, or that is not answered by its
//! deadline, fails as `Unavailable`: the chain moves on to its next engine
//! (or the memory, or the localized fallback) instead of holding the
//! message. Placeholders are checked by the chain as for every engine.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::neural::pool::Pool;
use super::neural::{MarianModel, NeuralError, Weights};
use super::{Cleared, TranslateError, Translation, Translator};
use crate::config::EngineConfig;

struct Job {
    model: Arc<MarianModel>,
    texts: Vec<String>,
    to: String,
}

type Answer = Result<Vec<String>, NeuralError>;

pub struct MarianEngine {
    name: String,
    jurisdiction: String,
    /// By `from-to`.
    models: HashMap<String, Arc<MarianModel>>,
    pool: Pool<Job, Answer>,
    timeout: Duration,
}

impl MarianEngine {
    /// Loads every configured model and starts the workers.
    pub fn new(config: &EngineConfig) -> Result<MarianEngine, TranslateError> {
        let weights: Weights = config
            .weights
            .parse()
            .map_err(|m| TranslateError::Setup(format!("engine {}: {m}", config.name)))?;
        let mut models = HashMap::new();
        for (pair, dir) in &config.models {
            let model = MarianModel::load(dir, weights).map_err(|e| {
                // The server never downloads: say how a missing model is installed.
                let hint = match dir.exists() {
                    true => String::new(),
                    false => format!(" (not installed: `crossdesk models fetch {pair}`)"),
                };
                TranslateError::Setup(format!(
                    "engine {}: model {pair} in {}: {e}{hint}",
                    config.name,
                    dir.display()
                ))
            })?;
            models.insert(pair.clone(), Arc::new(model));
        }
        MarianEngine::with_models(config, models)
    }

    /// An engine over models already loaded.
    pub fn with_models(
        config: &EngineConfig,
        models: HashMap<String, Arc<MarianModel>>,
    ) -> Result<MarianEngine, TranslateError> {
        let pool = Pool::new(&config.name, config.workers, config.queue, |job: Job| {
            let texts: Vec<&str> = job.texts.iter().map(String::as_str).collect();
            job.model.translate(&texts, Some(&job.to))
        })
        .map_err(|e| TranslateError::Setup(format!("engine {}: workers: {e}", config.name)))?;
        Ok(MarianEngine {
            name: config.name.clone(),
            jurisdiction: config.jurisdiction.clone(),
            models,
            pool,
            timeout: Duration::from_millis(config.timeout_ms),
        })
    }
}

#[async_trait::async_trait]
impl Translator for MarianEngine {
    fn name(&self) -> &str {
        &self.name
    }

    fn jurisdiction(&self) -> Option<&str> {
        Some(&self.jurisdiction)
    }

    fn serves(&self, from: &str, to: &str) -> bool {
        self.models.contains_key(&format!("{from}-{to}"))
    }

    async fn translate_batch(
        &self,
        texts: &[Cleared],
        from: &str,
        to: &str,
    ) -> Vec<Result<Translation, TranslateError>> {
        let all = |e: TranslateError| texts.iter().map(|_| Err(e.clone())).collect();
        let Some(model) = self.models.get(&format!("{from}-{to}")) else {
            return all(TranslateError::Unavailable(format!(
                "no model for {from}-{to}"
            )));
        };
        let job = Job {
            model: Arc::clone(model),
            texts: texts.iter().map(|t| t.text().to_string()).collect(),
            to: to.to_string(),
        };
        let answer = match self.pool.submit(job, Instant::now() + self.timeout) {
            Ok(pending) => pending.wait().await,
            Err(refused) => Err(refused),
        };
        match answer {
            Ok(Ok(outputs)) => outputs
                .into_iter()
                .map(|text| match text.trim().is_empty() {
                    true => Err(TranslateError::Rejected("empty translation".into())),
                    false => Ok(Translation {
                        text,
                        engine: self.name.clone(),
                        score: None,
                    }),
                })
                .collect(),
            // The texts themselves cannot be translated (too long, no
            // target token): not a passing outage.
            Ok(Err(e)) => all(TranslateError::Engine(e.to_string())),
            Err(refused) => {
                crate::metrics::global()
                    .marian_refused
                    .get_or_create(&crate::metrics::Refusal {
                        engine: self.name.clone(),
                        reason: refused.as_str().into(),
                    })
                    .inc();
                all(TranslateError::Unavailable(refused.to_string()))
            }
        }
    }
}

#[cfg(test)]
mod tests;
