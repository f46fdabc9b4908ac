//! `[translation]`: the translation memory, protected patterns, glossary,
//! cache, engines (LibreTranslate, DeepL, OpenAI-compatible, and the
//! in-process Marian models of the `neural` feature) and the engine order
//! per language pair.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

use super::ConfigError;

/// How texts are translated: the memory first, then the remote engines.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TranslationConfig {
    /// TMX files of the translation memory.
    pub memory_dir: PathBuf,
    /// Smallest fuzzy-match score the memory accepts (0–1).
    pub fuzzy_threshold: f64,
    /// Regular expressions for order numbers and SKUs, protected from translation.
    pub order_patterns: Vec<String>,
    /// Glossary of do-not-translate and forced terms (TOML); used when the file exists.
    pub glossary: PathBuf,
    /// Machine translations kept in memory (the region's store keeps them too).
    pub cache_entries: usize,
    /// Remote translation engines, tried after the translation memory.
    pub engines: Vec<EngineConfig>,
    /// Engine order per language pair; the first matching entry wins.
    /// Without a match: `memory`, then every engine in the order declared.
    pub chains: Vec<ChainConfig>,
}

impl Default for TranslationConfig {
    fn default() -> Self {
        TranslationConfig {
            memory_dir: "locales/memory".into(),
            fuzzy_threshold: 0.75,
            order_patterns: vec![
                // Order numbers: "#123456", "A-1234567", "SO20261125001".
                r"#\d{4,}\b".into(),
                r"\b(?:[A-Z]{1,4}-?)?\d{6,14}\b".into(),
                // SKUs: "TSH-001-BLK", "AB-1234-XL", "SKU-12345".
                r"\b[A-Z]{2,5}-\d{2,}(?:-[A-Z0-9]{1,6})*\b".into(),
            ],
            glossary: "locales/glossary.toml".into(),
            cache_entries: 10_000,
            engines: Vec::new(),
            chains: Vec::new(),
        }
    }
}

/// The protocol a remote engine speaks.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum EngineKind {
    /// A LibreTranslate server (`POST /translate`).
    Libretranslate,
    /// DeepL API v2 (`POST /v2/translate`).
    Deepl,
    /// Any OpenAI-compatible chat-completions endpoint (llama.cpp, vLLM, Ollama…).
    Openai,
    /// Marian models (opus-mt) run inside crossdesk itself; needs the
    /// `neural` build feature.
    Marian,
}

/// One remote engine. Keys come from `api_key_env` (preferred) or `api_key`;
/// neither ever appears in logs or errors.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EngineConfig {
    /// Unique name, shown as `engine` in replies.
    pub name: String,
    pub kind: EngineKind,
    /// Base URL (`https://api-free.deepl.com`, `http://libre:5000`,
    /// `http://llm:8080`); remote engines only.
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub api_key: Option<String>,
    /// Environment variable holding the key.
    #[serde(default)]
    pub api_key_env: Option<String>,
    /// Where the engine processes text (ISO 3166 country or region id, e.g.
    /// `DE`, `eu`, `US`, `CN`); the residency rules decide who may use it.
    pub jurisdiction: String,
    /// Languages it serves (ISO 639-1); empty: every served language.
    #[serde(default)]
    pub languages: Vec<String>,
    /// Model name for `openai`.
    #[serde(default)]
    pub model: Option<String>,
    /// Per-request deadline.
    #[serde(default = "default_engine_timeout")]
    pub timeout_ms: u64,
    /// Extra attempts after a 429, a 5xx, a timeout or a connection error.
    #[serde(default = "default_retries")]
    pub retries: u32,
    /// First back-off; doubled each retry (a `Retry-After` header wins, up to 2 s).
    #[serde(default = "default_backoff")]
    pub backoff_ms: u64,
    /// Consecutive failed calls that open the circuit breaker.
    #[serde(default = "default_breaker_failures")]
    pub breaker_failures: u32,
    /// How long an open breaker rejects calls before one trial call.
    #[serde(default = "default_breaker_cooldown")]
    pub breaker_cooldown_ms: u64,
    /// Most texts in one request (engines with batch calls).
    #[serde(default = "default_max_batch")]
    pub max_batch: usize,
    /// DeepL `formality` (`more`, `less`, `prefer_more`, `prefer_less`).
    #[serde(default)]
    pub formality: Option<String>,
    /// DeepL `glossary_id`.
    #[serde(default)]
    pub glossary_id: Option<String>,
    /// DeepL target variants per language, e.g. `{ en = "EN-GB", pt = "PT-PT" }`.
    #[serde(default)]
    pub regional_targets: BTreeMap<String, String>,
    /// `marian`: the model directory per language pair,
    /// e.g. `{ "es-en" = "models/opus-mt-es-en" }`.
    #[serde(default)]
    pub models: BTreeMap<String, PathBuf>,
    /// `marian`: threads running the models, one call each at a time.
    #[serde(default = "default_workers")]
    pub workers: usize,
    /// `marian`: calls waiting for a worker at most; a call finding the
    /// queue full, or still waiting at `timeout_ms`, goes to the next engine.
    #[serde(default = "default_queue")]
    pub queue: usize,
    /// `marian`: how the models hold their weights, `"q8"` or `"f32"`
    /// (see [`Weights`]); checked at start.
    #[serde(default = "default_weights")]
    pub weights: String,
}

/// How a `marian` engine holds a model's dense layers in memory.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Weights {
    /// 32-bit floats, as the model file has them.
    F32,
    /// Quantized at load to 8 bits per weight (blocks of 32 weights sharing
    /// one scale): a quarter of the bytes to read per output token, which
    /// is what bounds a step's time.
    #[default]
    Q8,
}

impl Weights {
    pub fn as_str(self) -> &'static str {
        match self {
            Weights::F32 => "f32",
            Weights::Q8 => "q8",
        }
    }
}

impl std::str::FromStr for Weights {
    /// The message for a value that is neither.
    type Err = String;

    fn from_str(s: &str) -> Result<Weights, String> {
        match s {
            "f32" => Ok(Weights::F32),
            "q8" => Ok(Weights::Q8),
            other => Err(format!(
                "`weights` = {other:?} is not one of \"q8\", \"f32\""
            )),
        }
    }
}

impl std::fmt::Debug for EngineConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the key.
        f.debug_struct("EngineConfig")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("url", &self.url)
            .field("jurisdiction", &self.jurisdiction)
            .finish_non_exhaustive()
    }
}

fn default_engine_timeout() -> u64 {
    3000
}
fn default_retries() -> u32 {
    2
}
fn default_backoff() -> u64 {
    200
}
fn default_breaker_failures() -> u32 {
    5
}
fn default_breaker_cooldown() -> u64 {
    30_000
}
fn default_max_batch() -> usize {
    50
}
fn default_workers() -> usize {
    1
}
fn default_queue() -> usize {
    4
}
fn default_weights() -> String {
    Weights::default().as_str().into()
}

/// The engine order for the language pairs it matches.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainConfig {
    /// Source language (ISO 639-1) or `*`.
    #[serde(default = "any")]
    pub from: String,
    /// Target language or `*`.
    #[serde(default = "any")]
    pub to: String,
    /// Engine names in order; `memory` is the shipped translation memory.
    pub engines: Vec<String>,
}

fn any() -> String {
    "*".into()
}

impl EngineConfig {
    /// The key, from the environment variable or the file. A named variable
    /// that is not set is an error: silently running without a key would
    /// only fail later, on a shopper's message.
    pub fn key(&self) -> Result<Option<String>, ConfigError> {
        match &self.api_key_env {
            Some(var) => std::env::var(var).map(Some).map_err(|_| {
                ConfigError::Invalid(format!(
                    "engine {}: environment variable {var} is not set",
                    self.name
                ))
            }),
            None => Ok(self.api_key.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;

    #[test]
    fn engine_keys_never_show_in_debug_output() {
        let c = toml::from_str::<Config>("[[translation.engines]]\nname = \"d\"\nkind = \"deepl\"\nurl = \"http://x\"\njurisdiction = \"DE\"\napi_key = \"sekrit-123\"").unwrap();
        assert!(!format!("{c:?}").contains("sekrit-123"));
        assert_eq!(
            c.translation.engines[0].key().unwrap().as_deref(),
            Some("sekrit-123")
        );
    }
}
