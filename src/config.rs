//! `crossdesk.toml`: one typed struct, every field defaulted, validated once
//! at start and passed down. Absent file → the embedded defaults (SQLite under
//! `data/`, the shipped translation memory, the built-in FAQ bot).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Most HTTP worker threads: each holds its own runtime and buffers.
pub const MAX_HTTP_WORKERS: usize = 256;

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Address the HTTP server binds.
    pub listen: String,
    /// Where SQLite stores and the generated token key live.
    pub data_dir: PathBuf,
    /// Region policy files (`*.toml`).
    pub policies_dir: PathBuf,
    /// Fluent files, one folder per locale.
    pub locales_dir: PathBuf,
    /// The core bot's language; every shopper message is translated into it.
    pub pivot_language: String,
    /// Languages the deployment serves (ISO 639-1); detection is limited to
    /// them. Default: every language the detector knows (31); set it only
    /// to narrow.
    pub languages: Vec<String>,
    /// Largest accepted request body, in bytes.
    pub max_body_bytes: usize,
    /// HTTP worker threads; 0: one per CPU core. More than the cores lowers
    /// latency at light load (a request need not wait behind another on
    /// its worker while a core is free) and costs throughput at full load
    /// (docs/PERFORMANCE.md, sixth session).
    pub http_workers: usize,
    /// How often the server signs audit checkpoints (milliseconds). Entries
    /// newer than the last checkpoint are chained, not yet signed.
    pub audit_checkpoint_ms: u64,
    /// The server signs at once when this many audit entries are unsigned.
    pub audit_checkpoint_entries: u32,
    /// A second folder every audit checkpoint is also written to (a witness
    /// outside `data_dir`: another disk, a mount the compliance team keeps);
    /// `crossdesk audit verify --witness DIR` checks the log against it.
    pub audit_witness_dir: Option<PathBuf>,
    /// Longest accepted message text, in characters.
    pub max_text_chars: usize,
    /// Where the deployment's secrets live (region keys, the token,
    /// pseudonym and audit keys, the checkpoint signing key): apart from
    /// the data they protect. Default: `keys` beside `data_dir` (its
    /// parent's `keys/`).
    pub keys_dir: Option<PathBuf>,
    /// File holding the HMAC key that signs tokens (created with mode 0600
    /// if absent); default `keys_dir/token.key`. `CROSSDESK_TOKEN_KEY` (hex)
    /// takes precedence.
    pub token_key_file: Option<PathBuf>,
    /// File holding the key of shopper pseudonyms (erasure finds a shopper's
    /// conversations by it); default `keys_dir/pseudonym.key`.
    /// `CROSSDESK_PSEUDONYM_KEY` (hex) takes precedence.
    pub pseudonym_key_file: Option<PathBuf>,
    /// Token lifetimes and revocation.
    pub tokens: TokensConfig,
    pub translation: TranslationConfig,
    pub bot: BotConfig,
    /// Store URL per store name used in policies (`sqlite://path` or
    /// `postgres://…`). A store not listed is `data_dir/<name>.db`.
    pub stores: BTreeMap<String, StoreConfig>,
    /// Regional agent pools.
    pub pools: Vec<PoolConfig>,
    /// Region keys by id (`eu-1`…): a file of `VERSION HEX` lines, or an
    /// environment variable (`1:HEX,2:HEX`). A key not listed lives in
    /// `data_dir/keys/<id>.key`, created on first start.
    pub keys: BTreeMap<String, KeyConfig>,
    /// Each store's key store (wrapped data keys), apart from its database;
    /// default `data_dir/keys/<store>.db`.
    pub key_stores: BTreeMap<String, StoreConfig>,
    /// Ids of compliance tokens that no longer open anything.
    pub revoked_tokens: Vec<String>,
    /// Rate limits (429 with `Retry-After` beyond them).
    pub limits: LimitsConfig,
    /// Shops whose backends vouch for their shoppers with signed
    /// assertions (`crate::assertion`).
    pub shops: Vec<ShopConfig>,
}

/// A shop that signs shopper assertions: an HMAC-SHA256 secret (hex, at
/// least 32 bytes, from an environment variable or a file) or an Ed25519
/// public key (hex, 32 bytes).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShopConfig {
    /// The `kid` of its assertions.
    pub id: String,
    #[serde(default)]
    pub hmac_key_env: Option<String>,
    #[serde(default)]
    pub hmac_key_file: Option<PathBuf>,
    #[serde(default)]
    pub ed25519_public_key: Option<String>,
}

impl ShopConfig {
    /// The shop's verification key. Key material never reaches an error.
    pub fn key(&self) -> Result<crate::assertion::ShopKey, ConfigError> {
        let err = |m: &str| ConfigError::Invalid(format!("shop {}: {m}", self.id));
        let hex_text = match (
            &self.hmac_key_env,
            &self.hmac_key_file,
            &self.ed25519_public_key,
        ) {
            (Some(var), None, None) => std::env::var(var)
                .map_err(|_| err(&format!("environment variable {var} is not set")))?,
            (None, Some(file), None) => std::fs::read_to_string(file)
                .map_err(|e| err(&format!("{}: {e}", file.display())))?,
            (None, None, Some(public)) => {
                let bytes = hex::decode(public.trim())
                    .map_err(|_| err("`ed25519_public_key` is not hex"))?;
                if bytes.len() != 32 {
                    return Err(err("`ed25519_public_key` must be 32 bytes"));
                }
                return Ok(crate::assertion::ShopKey::Ed25519(bytes));
            }
            _ => {
                return Err(err(
                    "give exactly one of `hmac_key_env`, `hmac_key_file` or `ed25519_public_key`",
                ));
            }
        };
        let secret = hex::decode(hex_text.trim()).map_err(|_| err("the HMAC key is not hex"))?;
        if secret.len() < 32 {
            return Err(err("the HMAC key must be at least 32 bytes"));
        }
        Ok(crate::assertion::ShopKey::Hmac(ring::hmac::Key::new(
            ring::hmac::HMAC_SHA256,
            &secret,
        )))
    }
}

/// Token buckets: a steady rate per minute and a burst. 0 turns a limit off.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LimitsConfig {
    /// Requests per minute from one client address, every endpoint.
    pub per_ip_per_minute: u32,
    pub per_ip_burst: u32,
    /// Conversations opened per minute from one client address.
    pub opens_per_ip_per_minute: u32,
    pub opens_per_ip_burst: u32,
    /// Shopper messages per minute in one conversation.
    pub per_conversation_per_minute: u32,
    pub per_conversation_burst: u32,
    /// Long-polls (`GET …/messages?wait=`) waiting at once on this
    /// instance. Each holds ~28 KB while it waits (docs/PERFORMANCE.md),
    /// so this bounds their memory: 4,096 is ~115 MB. Beyond it a request
    /// that would wait gets 503 with `Retry-After` at once; one that finds
    /// new messages is answered as always.
    pub waiting_requests: u32,
    /// Take the client address from `X-Forwarded-For` / `Forwarded` (only
    /// behind a proxy that sets them; anyone can send them otherwise).
    pub trust_forwarded_for: bool,
}

impl Default for LimitsConfig {
    fn default() -> Self {
        LimitsConfig {
            per_ip_per_minute: 1200,
            per_ip_burst: 200,
            opens_per_ip_per_minute: 60,
            opens_per_ip_burst: 20,
            per_conversation_per_minute: 30,
            per_conversation_burst: 10,
            waiting_requests: 4096,
            trust_forwarded_for: false,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyConfig {
    #[serde(default)]
    pub file: Option<PathBuf>,
    #[serde(default)]
    pub env: Option<String>,
    /// A command (run with `sh -c`) that prints the key as `VERSION HEX`
    /// lines: a KMS or secret manager's client. Read at start and when the
    /// server looks for a version it does not have.
    #[serde(default)]
    pub command: Option<String>,
}

/// How long tokens live, and which are revoked.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TokensConfig {
    /// Days a shopper's conversation token opens it.
    pub shopper_days: u32,
    /// Hours an agent token is valid (a shift).
    pub agent_hours: u32,
    /// Days the previous token key still verifies after a rotation
    /// (`crossdesk keys rotate-tokens`).
    pub grace_days: u32,
    /// File of revoked token ids, one per line (`crossdesk token revoke`);
    /// the server reads it again when it changes. Default
    /// `data_dir/revoked-tokens`.
    pub revoked_file: Option<PathBuf>,
}

impl Default for TokensConfig {
    fn default() -> Self {
        TokensConfig {
            shopper_days: 30,
            agent_hours: 12,
            grace_days: 7,
            revoked_file: None,
        }
    }
}

/// One agent pool. Hours are local wall-clock intervals per weekday
/// (`mon`…`sun`), e.g. `["09:00-13:00", "14:00-18:00"]`, `["22:00-06:00"]`
/// (overnight, belongs to the day it starts), `["00:00-24:00"]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PoolConfig {
    pub id: String,
    /// Policy region the agents sit in.
    pub region: String,
    /// IANA time zone of the hours and dates below.
    pub timezone: String,
    /// Languages the agents read and write, best first; the first is the
    /// default language of the pool's agents.
    pub languages: Vec<String>,
    #[serde(default = "default_agents")]
    pub agents: u32,
    /// Conversations one agent holds at once.
    #[serde(default = "default_capacity")]
    pub capacity: u32,
    /// Follow-the-sun partner pools.
    #[serde(default)]
    pub partners: Vec<String>,
    #[serde(default)]
    pub hours: BTreeMap<String, Vec<String>>,
    /// Closed local dates: `{ date = "2026-12-25" }`, `{ from = "2026-12-31",
    /// to = "2027-01-01" }`, `{ date = "2026-12-24", hours = ["14:00-24:00"] }`.
    #[serde(default)]
    pub holidays: Vec<DateRule>,
    /// Local dates with their own hours, e.g. make-up workdays on a Saturday.
    #[serde(default)]
    pub open_days: Vec<DateRule>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateRule {
    #[serde(default)]
    pub date: Option<chrono::NaiveDate>,
    #[serde(default)]
    pub from: Option<chrono::NaiveDate>,
    #[serde(default)]
    pub to: Option<chrono::NaiveDate>,
    /// Empty: the whole day.
    #[serde(default)]
    pub hours: Vec<String>,
    #[serde(default)]
    pub name: Option<String>,
}

fn default_agents() -> u32 {
    2
}
fn default_capacity() -> u32 {
    3
}

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

impl DateRule {
    fn dates(&self, pool: &str) -> Result<Vec<chrono::NaiveDate>, ConfigError> {
        let bad = |m: &str| ConfigError::Invalid(format!("pool {pool}: {m}"));
        match (self.date, self.from, self.to) {
            (Some(d), None, None) => Ok(vec![d]),
            (None, Some(a), Some(b)) if a <= b && (b - a).num_days() <= 366 => {
                Ok(a.iter_days().take_while(|d| *d <= b).collect())
            }
            (None, Some(_), Some(_)) => {
                Err(bad("`from` must not be after `to`, at most a year apart"))
            }
            _ => Err(bad("a dated rule needs `date`, or `from` and `to`")),
        }
    }
}

impl PoolConfig {
    /// The pool as the routing module sees it.
    pub fn to_pool(&self) -> Result<crate::routing::Pool, ConfigError> {
        use crate::routing::{Interval, Schedule};
        let err = |m: String| ConfigError::Invalid(format!("pool {}: {m}", self.id));
        let tz: chrono_tz::Tz = self
            .timezone
            .parse()
            .map_err(|_| err(format!("unknown time zone {:?}", self.timezone)))?;
        let parse = |list: &[String]| -> Result<Vec<Interval>, ConfigError> {
            list.iter()
                .map(|i| Interval::parse(i).map_err(|e| err(e.to_string())))
                .collect()
        };
        let mut week: [Vec<Interval>; 7] = Default::default();
        for (day, list) in &self.hours {
            let i = WEEKDAYS
                .iter()
                .position(|d| d == day)
                .ok_or_else(|| err(format!("unknown weekday {day:?} (mon…sun)")))?;
            week[i] = parse(list)?;
        }
        let mut holidays = std::collections::BTreeMap::new();
        for rule in &self.holidays {
            for d in rule.dates(&self.id)? {
                holidays.insert(d, parse(&rule.hours)?);
            }
        }
        let mut open_days = std::collections::BTreeMap::new();
        for rule in &self.open_days {
            if rule.hours.is_empty() {
                return Err(err("an open day needs `hours`".into()));
            }
            for d in rule.dates(&self.id)? {
                open_days.insert(d, parse(&rule.hours)?);
            }
        }
        if self.languages.is_empty() || self.agents == 0 || self.capacity == 0 {
            return Err(err(
                "`languages`, `agents` and `capacity` must not be empty or zero".into(),
            ));
        }
        Ok(crate::routing::Pool {
            id: self.id.clone(),
            region: self.region.clone(),
            languages: self.languages.clone(),
            agents: self.agents,
            capacity: self.capacity,
            partners: self.partners.clone(),
            schedule: Schedule {
                tz,
                week,
                open_days,
                holidays,
            },
        })
    }
}

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

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum EngineKind {
    /// A LibreTranslate server (`POST /translate`).
    Libretranslate,
    /// DeepL API v2 (`POST /v2/translate`).
    Deepl,
    /// Any OpenAI-compatible chat-completions endpoint (llama.cpp, vLLM, Ollama…).
    Openai,
}

/// One remote engine. Keys come from `api_key_env` (preferred) or `api_key`;
/// neither ever appears in logs or errors.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EngineConfig {
    /// Unique name, shown as `engine` in replies.
    pub name: String,
    pub kind: EngineKind,
    /// Base URL (`https://api-free.deepl.com`, `http://libre:5000`, `http://llm:8080`).
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

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum BotKind {
    /// The built-in English FAQ bot.
    Faq,
    /// Any bot speaking Rasa's REST channel (`POST {sender, message}`).
    Rasa,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BotConfig {
    pub kind: BotKind,
    /// Webhook URL for remote bots.
    pub url: Option<String>,
    /// The bot's answer deadline; past it the shopper gets a localized notice.
    pub timeout_ms: u64,
    /// Where a remote bot processes text (country or region id); required
    /// for remote bots, which the region policies then allow or deny.
    pub jurisdiction: Option<String>,
    /// Languages the bot reads and answers in (ISO 639-1); default: the
    /// pivot language. A message in one of them reaches the bot as written;
    /// one in another language is translated first, and when no engine can,
    /// the bot is not asked (a person who speaks the language takes over).
    pub languages: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoreConfig {
    pub url: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: "127.0.0.1:8080".into(),
            data_dir: "data".into(),
            policies_dir: "policies".into(),
            locales_dir: "locales".into(),
            pivot_language: "en".into(),
            languages: crate::language::trained_languages(),
            max_body_bytes: 16 * 1024,
            http_workers: 0,
            audit_checkpoint_ms: 200,
            audit_checkpoint_entries: 1000,
            audit_witness_dir: None,
            limits: LimitsConfig::default(),
            max_text_chars: 4000,
            keys_dir: None,
            token_key_file: None,
            pseudonym_key_file: None,
            tokens: TokensConfig::default(),
            translation: TranslationConfig::default(),
            bot: BotConfig::default(),
            stores: BTreeMap::new(),
            pools: Vec::new(),
            keys: BTreeMap::new(),
            key_stores: BTreeMap::new(),
            revoked_tokens: Vec::new(),
            shops: Vec::new(),
        }
    }
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

impl Default for BotConfig {
    fn default() -> Self {
        BotConfig {
            kind: BotKind::Faq,
            url: None,
            timeout_ms: 5000,
            jurisdiction: None,
            languages: Vec::new(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: {reason}")]
    Read { path: String, reason: String },
    #[error("{path}:{line}: {reason}")]
    Parse {
        path: String,
        line: usize,
        reason: String,
    },
    #[error("config: {0}")]
    Invalid(String),
    /// A value the file gives is invalid, and where.
    #[error("{path}:{line}: {reason}")]
    Value {
        path: String,
        line: usize,
        reason: String,
    },
}

/// The line of `text` (1-based) a validation message is about: the entry it
/// names (`engine NAME:`, `pool ID:`, `shop ID:`), then the key it quotes in
/// backticks, or else the value it quotes.
fn locate(text: &str, message: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let assigns = |l: &str, key: &str| {
        let l = l.trim_start();
        l.strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with('='))
    };
    let mut from = 0;
    for (prefix, field) in [
        ("engine ", "name"),
        ("pool ", "id"),
        ("shop ", "id"),
        ("key ", ""),
    ] {
        if let Some(name) = message
            .strip_prefix(prefix)
            .and_then(|r| r.split([':', ' ']).next())
            .map(|n| n.trim_matches('"'))
            && let Some(i) = lines.iter().position(|l| {
                (field.is_empty() && l.contains(&format!("[keys.{name}]")))
                    || (assigns(l, field) && l.contains(&format!("\"{name}\"")))
            })
        {
            from = i;
        }
    }
    let quoted = |open: char, close: char| {
        message
            .split(open)
            .nth(1)
            .and_then(|r| r.split(close).next())
            .map(str::to_string)
    };
    if let Some(key) = quoted('`', '`') {
        let leaf = key
            .rsplit('.')
            .next()
            .unwrap_or(&key)
            .split_whitespace()
            .next()
            .unwrap_or("");
        if let Some(i) = lines[from..].iter().position(|l| assigns(l, leaf)) {
            return from + i + 1;
        }
    }
    if let Some(value) = quoted('"', '"')
        && let Some(i) = lines[from..]
            .iter()
            .position(|l| l.contains(&format!("\"{value}\"")))
    {
        return from + i + 1;
    }
    from + 1
}

impl Config {
    /// Reads `path`; a missing file gives the defaults, only when `required` is false.
    pub fn load(path: &Path, required: bool) -> Result<Config, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
                return Ok(Config::default());
            }
            Err(e) => {
                return Err(ConfigError::Read {
                    path: path.display().to_string(),
                    reason: e.to_string(),
                });
            }
        };
        let config: Config = toml::from_str(&text).map_err(|e| ConfigError::Parse {
            path: path.display().to_string(),
            line: e
                .span()
                .map(|s| text[..s.start].matches('\n').count() + 1)
                .unwrap_or(1),
            reason: e.message().to_string(),
        })?;
        config.validate().map_err(|e| match e {
            ConfigError::Invalid(reason) => ConfigError::Value {
                path: path.display().to_string(),
                line: locate(&text, &reason),
                reason,
            },
            other => other,
        })?;
        Ok(config)
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |m: String| Err(ConfigError::Invalid(m));
        if self.languages.is_empty() {
            return invalid("`languages` must name at least one language".into());
        }
        if !self.languages.contains(&self.pivot_language) {
            return invalid(format!(
                "`pivot_language` {} must be one of `languages`",
                self.pivot_language
            ));
        }
        for lang in &self.languages {
            if !crate::language::is_supported(lang) {
                return invalid(format!(
                    "language {lang:?} is not a supported ISO 639-1 code"
                ));
            }
        }
        if !(0.0..=1.0).contains(&self.translation.fuzzy_threshold) {
            return invalid("`translation.fuzzy_threshold` must be between 0 and 1".into());
        }
        for p in &self.translation.order_patterns {
            if let Err(e) = regex::Regex::new(p) {
                return invalid(format!("`translation.order_patterns`: {e}"));
            }
        }
        self.validate_engines()?;
        let mut ids = std::collections::BTreeSet::new();
        for p in &self.pools {
            if !ids.insert(p.id.as_str()) {
                return invalid(format!("pool id {:?} is used twice", p.id));
            }
            p.to_pool()?;
        }
        for p in &self.pools {
            if let Some(x) = p.partners.iter().find(|x| !ids.contains(x.as_str())) {
                return invalid(format!("pool {}: unknown partner {x:?}", p.id));
            }
        }
        if self.bot.kind == BotKind::Rasa
            && (self.bot.url.is_none() || self.bot.jurisdiction.is_none())
        {
            return invalid(
                "`bot.url` and `bot.jurisdiction` are required for `kind = \"rasa\"`".into(),
            );
        }
        if let Some(l) = self
            .bot
            .languages
            .iter()
            .find(|l| !self.languages.contains(l))
        {
            return invalid(format!("`bot.languages`: {l:?} is not in `languages`"));
        }
        if self.bot.timeout_ms == 0 {
            return invalid("`bot.timeout_ms` must be positive".into());
        }
        if !(10..=60_000).contains(&self.audit_checkpoint_ms) {
            return invalid("`audit_checkpoint_ms` must be between 10 and 60000".into());
        }
        if self.max_body_bytes < 256 {
            return invalid("`max_body_bytes` must be at least 256".into());
        }
        if self.http_workers > MAX_HTTP_WORKERS {
            return invalid(format!(
                "`http_workers` must be at most {MAX_HTTP_WORKERS} (0: one per CPU core)"
            ));
        }
        Ok(())
    }

    fn validate_engines(&self) -> Result<(), ConfigError> {
        let invalid = |m: String| Err(ConfigError::Invalid(m));
        let t = &self.translation;
        let mut names = std::collections::BTreeSet::from(["memory".to_string()]);
        for e in &t.engines {
            if !names.insert(e.name.clone()) {
                return invalid(format!(
                    "engine name {:?} is used twice (or is the reserved `memory`)",
                    e.name
                ));
            }
            if !(e.url.starts_with("http://") || e.url.starts_with("https://")) {
                return invalid(format!(
                    "engine {}: `url` must start with http:// or https://",
                    e.name
                ));
            }
            if e.jurisdiction.trim().is_empty() {
                return invalid(format!("engine {}: `jurisdiction` is required", e.name));
            }
            if e.kind == EngineKind::Openai && e.model.is_none() {
                return invalid(format!(
                    "engine {}: `model` is required for kind = \"openai\"",
                    e.name
                ));
            }
            if e.timeout_ms == 0 || e.max_batch == 0 || e.breaker_failures == 0 {
                return invalid(format!(
                    "engine {}: timeout_ms, max_batch and breaker_failures must be positive",
                    e.name
                ));
            }
            if let Some(l) = e.languages.iter().find(|l| !self.languages.contains(l)) {
                return invalid(format!(
                    "engine {}: language {l:?} is not in `languages`",
                    e.name
                ));
            }
        }
        for c in &t.chains {
            for side in [&c.from, &c.to] {
                if side != "*" && !self.languages.contains(side) {
                    return invalid(format!(
                        "chain {}→{}: {side:?} is not `*` or a served language",
                        c.from, c.to
                    ));
                }
            }
            if let Some(unknown) = c.engines.iter().find(|e| !names.contains(*e)) {
                return invalid(format!(
                    "chain {}→{}: unknown engine {unknown:?}",
                    c.from, c.to
                ));
            }
        }
        Ok(())
    }

    /// Store names a policy may use: those configured, or any (`None`) when
    /// none is (every store is then a SQLite file under `data_dir`).
    pub fn known_stores(&self) -> Option<Vec<String>> {
        (!self.stores.is_empty()).then(|| self.stores.keys().cloned().collect())
    }

    /// Key ids a policy may use: those configured, or any when none is.
    pub fn known_keys(&self) -> Option<Vec<String>> {
        (!self.keys.is_empty()).then(|| self.keys.keys().cloned().collect())
    }

    /// Where a store's key store lives.
    pub fn key_store_url(&self, store: &str) -> String {
        match self.key_stores.get(store) {
            Some(s) => s.url.clone(),
            None => self
                .data_dir
                .join("keys")
                .join(format!("{store}.db"))
                .display()
                .to_string(),
        }
    }

    /// Where secrets live: `keys_dir`, else `keys` beside `data_dir`.
    pub fn keys_dir(&self) -> PathBuf {
        self.keys_dir.clone().unwrap_or_else(|| {
            self.data_dir
                .parent()
                .map(|p| p.join("keys"))
                .unwrap_or_else(|| PathBuf::from("keys"))
        })
    }

    /// A secret's file: `keys_dir/<name>`, unless an installation made
    /// before `keys_dir` has it at `legacy` (inside `data_dir`) and
    /// `keys_dir` is not configured: then there, and the server warns at
    /// start (`secrets_in_data_dir`).
    fn secret_file(&self, name: &str, legacy: PathBuf) -> PathBuf {
        let new = self.keys_dir().join(name);
        if self.keys_dir.is_none() && !new.exists() && legacy.exists() {
            legacy
        } else {
            new
        }
    }

    /// The file holding a region key (when it is not in the environment or
    /// a command's output).
    pub fn key_file(&self, id: &str) -> PathBuf {
        self.keys
            .get(id)
            .and_then(|k| k.file.clone())
            .unwrap_or_else(|| {
                self.secret_file(
                    &format!("{id}.key"),
                    self.data_dir.join("keys").join(format!("{id}.key")),
                )
            })
    }

    /// The token key's file.
    pub fn token_key_path(&self) -> PathBuf {
        self.token_key_file
            .clone()
            .unwrap_or_else(|| self.secret_file("token.key", self.data_dir.join("token.key")))
    }

    /// The pseudonym key's file.
    pub fn pseudonym_key_path(&self) -> PathBuf {
        self.pseudonym_key_file
            .clone()
            .unwrap_or_else(|| self.keys_dir().join("pseudonym.key"))
    }

    /// The audit chain key's file.
    pub fn audit_key_path(&self) -> PathBuf {
        self.secret_file("audit.key", self.data_dir.join("audit.key"))
    }

    /// The audit checkpoint signing key's file.
    pub fn audit_signing_key_path(&self) -> PathBuf {
        self.secret_file("audit-signing.pk8", self.data_dir.join("audit-signing.pk8"))
    }

    /// The revoked token ids' file.
    pub fn revoked_tokens_path(&self) -> PathBuf {
        self.tokens
            .revoked_file
            .clone()
            .unwrap_or_else(|| self.data_dir.join("revoked-tokens"))
    }

    /// Secrets stored inside `data_dir`: whoever holds a copy of the data
    /// directory holds what opens it. (name, path) for the start-up warning.
    pub fn secrets_in_data_dir(&self, key_ids: &[String]) -> Vec<(String, PathBuf)> {
        let data = std::fs::canonicalize(&self.data_dir).unwrap_or_else(|_| self.data_dir.clone());
        let inside = |p: &Path| {
            let p = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
            p.starts_with(&data)
        };
        let mut out: Vec<(String, PathBuf)> = key_ids
            .iter()
            .filter(|id| {
                self.keys
                    .get(*id)
                    .is_none_or(|k| k.env.is_none() && k.command.is_none())
            })
            .map(|id| (format!("region key {id}"), self.key_file(id)))
            .collect();
        out.push(("token key".into(), self.token_key_path()));
        out.push(("pseudonym key".into(), self.pseudonym_key_path()));
        out.push(("audit key".into(), self.audit_key_path()));
        out.push(("audit signing key".into(), self.audit_signing_key_path()));
        out.retain(|(_, p)| inside(p));
        out
    }

    /// The URL of a store named in a policy.
    pub fn store_url(&self, store: &str) -> String {
        match self.stores.get(store) {
            Some(s) => s.url.clone(),
            None => self
                .data_dir
                .join(format!("{store}.db"))
                .display()
                .to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_errors_name_the_line_of_the_value() {
        let text = "listen = \"127.0.0.1:8080\"\naudit_checkpoint_ms = 5\n";
        assert_eq!(
            locate(text, "`audit_checkpoint_ms` must be between 10 and 60000"),
            2
        );
        let text = "[bot]\nkind = \"faq\"\n\n[[translation.engines]]\nname = \"a\"\nurl = \"http://a\"\n[[translation.engines]]\nname = \"b\"\nurl = \"ftp://b\"\n";
        assert_eq!(
            locate(text, "engine b: `url` must start with http:// or https://"),
            9
        );
        let text = "languages = [\"en\", \"xx\"]\n";
        assert_eq!(
            locate(text, "language \"xx\" is not a supported ISO 639-1 code"),
            1
        );
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("c.toml");
        std::fs::write(&f, "listen = \"x\"\n\n[bot]\ntimeout_ms = 0\n").unwrap();
        let e = Config::load(&f, true).unwrap_err().to_string();
        assert!(
            e.ends_with("c.toml:4: `bot.timeout_ms` must be positive"),
            "{e}"
        );
    }

    #[test]
    fn defaults_are_valid() {
        Config::default().validate().unwrap();
    }

    #[test]
    fn parse_error_names_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.toml");
        std::fs::write(&path, "listen = \"x\"\n\nlanguages = 3\n").unwrap();
        let err = Config::load(&path, true).unwrap_err().to_string();
        assert!(err.contains("c.toml:3:"), "{err}");
    }

    #[test]
    fn unknown_key_is_rejected() {
        let err = toml::from_str::<Config>("lisen = \"x\"").unwrap_err();
        assert!(err.to_string().contains("lisen"));
    }

    #[test]
    fn missing_file_gives_defaults_only_when_optional() {
        let p = Path::new("/nonexistent/crossdesk.toml");
        assert!(Config::load(p, false).is_ok());
        assert!(Config::load(p, true).is_err());
    }

    #[test]
    fn http_workers_are_bounded() {
        let workers = |n: usize| {
            Config {
                http_workers: n,
                ..Config::default()
            }
            .validate()
        };
        assert!(workers(0).is_ok(), "0: one per core");
        assert!(workers(MAX_HTTP_WORKERS).is_ok());
        let err = workers(MAX_HTTP_WORKERS + 1).unwrap_err().to_string();
        assert!(err.contains("http_workers"), "{err}");
    }

    #[test]
    fn pivot_must_be_served() {
        let c = Config {
            pivot_language: "xx".into(),
            ..Config::default()
        };
        assert!(c.validate().is_err());
    }

    #[test]
    fn engines_and_chains_are_checked() {
        let parse = |extra: &str| {
            toml::from_str::<Config>(&format!("[[translation.engines]]\nname = \"libre\"\nkind = \"libretranslate\"\nurl = \"http://x\"\njurisdiction = \"DE\"\n{extra}"))
                .unwrap()
                .validate()
        };
        assert!(parse("").is_ok());
        assert!(
            parse("[[translation.chains]]\nfrom = \"es\"\nengines = [\"memory\", \"libre\"]")
                .is_ok()
        );
        assert!(parse("[[translation.chains]]\nengines = [\"deepl\"]").is_err());
        assert!(parse("[[translation.chains]]\nfrom = \"xx\"\nengines = [\"libre\"]").is_err());
        assert!(parse("[[translation.engines]]\nname = \"libre\"\nkind = \"deepl\"\nurl = \"http://y\"\njurisdiction = \"DE\"").is_err());
        let no_model = toml::from_str::<Config>("[[translation.engines]]\nname = \"llm\"\nkind = \"openai\"\nurl = \"http://x\"\njurisdiction = \"US\"").unwrap();
        assert!(no_model.validate().is_err());
    }

    #[test]
    fn pools_parse_with_hours_holidays_and_open_days() {
        let c: Config = toml::from_str(
            r#"
[[pools]]
id = "cn-sh"
region = "cn"
timezone = "Asia/Shanghai"
languages = ["zh", "en"]
hours = { mon = ["09:00-12:00", "13:00-18:00"], fri = ["09:00-18:00", "22:00-06:00"], sun = ["00:00-24:00"] }
holidays = [{ date = "2026-10-01" }, { from = "2026-10-02", to = "2026-10-07" }, { date = "2026-12-24", hours = ["14:00-24:00"] }]
open_days = [{ date = "2026-10-10", hours = ["09:00-18:00"], name = "make-up workday" }]
"#,
        )
        .unwrap();
        c.validate().unwrap();
        let p = c.pools[0].to_pool().unwrap();
        assert_eq!(p.schedule.week[0].len(), 2);
        assert_eq!(p.schedule.week[4][1].end, 30 * 60);
        assert_eq!(p.schedule.holidays.len(), 8);
        assert_eq!(p.schedule.open_days.len(), 1);
        for bad in [
            "timezone = \"Mars/Base\"",
            "timezone = \"UTC\"\nhours = { monday = [\"09:00-10:00\"] }",
            "timezone = \"UTC\"\nhours = { mon = [\"9-10\"] }",
            "timezone = \"UTC\"\nholidays = [{ from = \"2026-10-07\", to = \"2026-10-01\" }]",
            "timezone = \"UTC\"\npartners = [\"nope\"]",
        ] {
            let text =
                format!("[[pools]]\nid = \"p\"\nregion = \"eu\"\nlanguages = [\"en\"]\n{bad}\n");
            let c: Config = toml::from_str(&text).unwrap();
            assert!(c.validate().is_err(), "{bad}");
        }
    }

    #[test]
    fn engine_keys_never_show_in_debug_output() {
        let c = toml::from_str::<Config>("[[translation.engines]]\nname = \"d\"\nkind = \"deepl\"\nurl = \"http://x\"\njurisdiction = \"DE\"\napi_key = \"sekrit-123\"").unwrap();
        assert!(!format!("{c:?}").contains("sekrit-123"));
        assert_eq!(
            c.translation.engines[0].key().unwrap().as_deref(),
            Some("sekrit-123")
        );
    }

    #[test]
    fn store_url_defaults_to_sqlite_file_under_data_dir() {
        let c = Config::default();
        assert_eq!(c.store_url("eu"), "data/eu.db");
    }
}
