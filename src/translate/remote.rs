//! What every remote engine shares: deadline, bounded retries with
//! exponential back-off on 429/5xx/timeouts, the circuit breaker, batching,
//! and the language list it serves. Each engine's wire format is a
//! [`Protocol`]; this file knows nothing about any one of them.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::breaker::Breaker;
use super::{TranslateError, Translation, Translator};
use crate::config::EngineConfig;

/// Why an engine's output is not taken as a translation of its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    #[error("empty translation")]
    Empty,
    /// The source came back as it was, words and all.
    #[error("the source came back untranslated")]
    Untranslated,
    /// A chat model replied to the text rather than translating it.
    #[error("the model answered instead of translating")]
    Answered,
}

/// Why an engine's 2xx answer holds no usable translations.
#[derive(Debug, thiserror::Error)]
pub enum Malformed {
    #[error("malformed answer: {0}")]
    Json(#[from] serde_json::Error),
    #[error("no choice in the answer")]
    NoChoice,
    #[error("{got} translations for {expected} texts")]
    Count { got: usize, expected: usize },
    /// A chat model translates one text per request.
    #[error("one translation for {expected} texts")]
    OneOnly { expected: usize },
}

/// One engine's wire format.
pub trait Protocol: Send + Sync {
    /// The HTTP request translating `texts` (already encoded) from → to.
    fn request(
        &self,
        client: &reqwest::Client,
        texts: &[String],
        from: &str,
        to: &str,
    ) -> reqwest::RequestBuilder;
    /// The translations in a 2xx body, one per input, in order.
    fn parse(&self, body: &[u8], expected: usize) -> Result<Vec<String>, Malformed>;
    /// Text as the engine should see it (e.g. placeholders as XML tags).
    fn encode(&self, text: &str) -> String {
        text.to_string()
    }
    /// The engine's output back into crossdesk's placeholder form.
    fn decode(&self, text: &str) -> String {
        text.to_string()
    }
    /// Rejects an output that is not a translation of `source`.
    fn check(&self, _source: &str, _output: &str, _from: &str, _to: &str) -> Result<(), Rejection> {
        Ok(())
    }
    /// Texts per request (1 for engines without batch calls).
    fn max_batch(&self) -> usize {
        usize::MAX
    }
    /// The engine's own list of language pairs, where it has one.
    fn languages(&self, _client: &reqwest::Client) -> Option<reqwest::RequestBuilder> {
        None
    }
    /// `(source, targets)` pairs from the answer to [`Protocol::languages`].
    fn parse_languages(&self, _body: &[u8]) -> Option<Vec<(String, Vec<String>)>> {
        None
    }
    /// Statuses worth retrying. DeepL's 456 (quota) is not: it will not
    /// recover within a request's deadline.
    fn retryable(&self, status: u16) -> bool {
        status == 429 || (500..600).contains(&status)
    }
}

pub struct RemoteEngine {
    name: String,
    jurisdiction: String,
    languages: Vec<String>,
    client: reqwest::Client,
    protocol: Box<dyn Protocol>,
    retries: u32,
    backoff: Duration,
    max_batch: usize,
    breaker: Mutex<Breaker>,
    /// Pairs the engine says it serves, asked once it first answers.
    pairs: tokio::sync::OnceCell<HashMap<String, HashSet<String>>>,
}

/// Why one attempt failed, and whether another may help.
enum Attempt {
    Retry(String, Option<Duration>),
    Fatal(String),
}

impl RemoteEngine {
    pub fn new(
        config: &EngineConfig,
        protocol: Box<dyn Protocol>,
    ) -> Result<RemoteEngine, TranslateError> {
        crate::tls::install_tls_provider();
        let client = reqwest::Client::builder()
            .timeout(Duration::from_millis(config.timeout_ms))
            .connect_timeout(Duration::from_millis(config.timeout_ms.min(2000)))
            .build()
            .map_err(|e| {
                TranslateError::Setup(format!("engine {}: http client: {e}", config.name))
            })?;
        Ok(RemoteEngine {
            name: config.name.clone(),
            jurisdiction: config.jurisdiction.clone(),
            languages: config.languages.clone(),
            client,
            max_batch: config.max_batch.min(protocol.max_batch()).max(1),
            protocol,
            retries: config.retries,
            backoff: Duration::from_millis(config.backoff_ms),
            breaker: Mutex::new(Breaker::new(
                config.breaker_failures,
                Duration::from_millis(config.breaker_cooldown_ms),
            )),
            pairs: tokio::sync::OnceCell::new(),
        })
    }

    pub fn breaker_state(&self) -> super::breaker::State {
        self.breaker
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .state()
    }

    async fn attempt(
        &self,
        texts: &[String],
        from: &str,
        to: &str,
    ) -> Result<Vec<String>, Attempt> {
        let response = self
            .protocol
            .request(&self.client, texts, from, to)
            .send()
            .await
            .map_err(|e| {
                // Without the URL: a query string may carry a key.
                let reason = if e.is_timeout() {
                    "timeout".to_string()
                } else {
                    e.without_url().to_string()
                };
                Attempt::Retry(reason, None)
            })?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(|s| Duration::from_secs(s.min(2)));
        let body = response
            .bytes()
            .await
            .map_err(|e| Attempt::Retry(e.without_url().to_string(), None))?;
        if !(200..300).contains(&status) {
            let reason = format!("HTTP {status}");
            return Err(if self.protocol.retryable(status) {
                Attempt::Retry(reason, retry_after)
            } else {
                Attempt::Fatal(reason)
            });
        }
        self.protocol
            .parse(&body, texts.len())
            .map_err(|e| Attempt::Fatal(e.to_string()))
    }

    /// Whether the engine's own language list allows the pair. Unknown
    /// (no list, or the engine did not answer) counts as yes; a list is
    /// kept once it was read.
    async fn supports(&self, from: &str, to: &str) -> bool {
        if self.pairs.get().is_none()
            && let Some(req) = self.protocol.languages(&self.client)
            && let Ok(response) = req.send().await
            && response.status().is_success()
            && let Ok(body) = response.bytes().await
            && let Some(list) = self.protocol.parse_languages(&body)
        {
            let map = list
                .into_iter()
                .map(|(source, targets)| (source, targets.into_iter().collect()))
                .collect();
            let _ = self.pairs.set(map);
        }
        match self.pairs.get() {
            Some(map) => map.get(from).is_some_and(|targets| targets.contains(to)),
            None => true,
        }
    }

    /// One batch with retries; the breaker counts the whole call once.
    async fn call(
        &self,
        texts: &[String],
        from: &str,
        to: &str,
    ) -> Result<Vec<String>, TranslateError> {
        if !self
            .breaker
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .allow(Instant::now())
        {
            return Err(TranslateError::Unavailable(format!(
                "{}: circuit open",
                self.name
            )));
        }
        let encoded: Vec<String> = texts.iter().map(|t| self.protocol.encode(t)).collect();
        let mut delay = self.backoff;
        let mut attempt = 0;
        let result = loop {
            match self.attempt(&encoded, from, to).await {
                Ok(out) => break Ok(out),
                Err(Attempt::Retry(reason, after)) if attempt < self.retries => {
                    tracing::debug!(engine = %self.name, %reason, attempt, "retrying");
                    tokio::time::sleep(after.unwrap_or(delay)).await;
                    delay *= 2;
                    attempt += 1;
                }
                Err(Attempt::Retry(reason, _) | Attempt::Fatal(reason)) => break Err(reason),
            }
        };
        let mut breaker = self.breaker.lock().unwrap_or_else(|p| p.into_inner());
        match result {
            Ok(out) => {
                breaker.success();
                Ok(out.iter().map(|t| self.protocol.decode(t)).collect())
            }
            Err(reason) => {
                breaker.failure(Instant::now());
                tracing::warn!(engine = %self.name, %reason, "engine call failed");
                Err(TranslateError::Engine(format!("{}: {reason}", self.name)))
            }
        }
    }
}

#[async_trait::async_trait]
impl Translator for RemoteEngine {
    fn breaker_open(&self) -> Option<bool> {
        Some(!matches!(
            self.breaker_state(),
            super::breaker::State::Closed { .. }
        ))
    }

    fn name(&self) -> &str {
        &self.name
    }

    fn jurisdiction(&self) -> Option<&str> {
        Some(&self.jurisdiction)
    }

    fn serves(&self, from: &str, to: &str) -> bool {
        self.languages.is_empty()
            || (self.languages.iter().any(|l| l == from) && self.languages.iter().any(|l| l == to))
    }

    async fn translate_batch(
        &self,
        cleared: &[crate::gate::Cleared],
        from: &str,
        to: &str,
    ) -> Vec<Result<Translation, TranslateError>> {
        // Past the gate: the texts as this engine may receive them.
        let texts: Vec<String> = cleared.iter().map(|c| c.text().to_string()).collect();
        if !self.supports(from, to).await {
            let e = TranslateError::Unavailable(format!(
                "{}: does not translate {from} → {to}",
                self.name
            ));
            return texts.iter().map(|_| Err(e.clone())).collect();
        }
        let mut results = Vec::with_capacity(texts.len());
        for chunk in texts.chunks(self.max_batch) {
            match self.call(chunk, from, to).await {
                Ok(outputs) => {
                    for (source, output) in chunk.iter().zip(outputs) {
                        results.push(
                            self.protocol
                                .check(source, &output, from, to)
                                .map(|()| Translation {
                                    text: output,
                                    engine: self.name.clone(),
                                    score: None,
                                })
                                .map_err(|reason| {
                                    TranslateError::Rejected(format!("{}: {reason}", self.name))
                                }),
                        );
                    }
                }
                Err(e) => results.extend(chunk.iter().map(|_| Err(e.clone()))),
            }
        }
        results
    }
}
