//! `crossdesk.toml`: one typed struct, every field defaulted, validated once
//! at start and passed down. Absent file → the embedded defaults (SQLite under
//! `data/`, the shipped translation memory, the built-in FAQ bot).
//!
//! [`Config`] and its defaults are here; each section's types sit in the
//! module of their concern, reading and validating in `load` and
//! `validate`.

mod bot;
mod channels;
mod error;
mod limits;
mod load;
mod models;
mod pools;
mod secrets;
mod shops;
mod stores;
mod tokens;
mod translation;
mod validate;
mod web;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

pub use bot::{BotConfig, BotKind, DialogflowConfig, OpenAiBotConfig};
pub use channels::{ChannelConfig, ChannelKind, SecretRef, SmtpConfig};
pub use error::ConfigError;
pub use limits::LimitsConfig;
pub use models::{ModelsConfig, check_hub};
pub use pools::{DateRule, PoolConfig};
pub use secrets::KeyConfig;
pub use shops::ShopConfig;
pub use stores::StoreConfig;
pub use tokens::TokensConfig;
pub use translation::{ChainConfig, EngineConfig, EngineKind, TranslationConfig, Weights};
pub use validate::MAX_HTTP_WORKERS;
pub use web::WebConfig;

/// The whole configuration: top-level settings and one field per section.
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
    /// (docs/PERFORMANCE.md).
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
    /// Messaging channels shoppers write on, each with its webhook at
    /// `/channels/<id>`.
    pub channels: Vec<ChannelConfig>,
    /// The pages crossdesk serves: which shops' sites may embed the chat.
    pub web: WebConfig,
    /// Where `crossdesk models fetch` installs translation models, and the
    /// hub it fetches them from.
    pub models: ModelsConfig,
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
            channels: Vec::new(),
            web: WebConfig::default(),
            models: ModelsConfig::default(),
        }
    }
}
