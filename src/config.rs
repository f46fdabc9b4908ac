//! `crossdesk.toml`: one typed struct, every field defaulted, validated once
//! at start and passed down. Absent file → the embedded defaults (SQLite under
//! `data/`, the shipped translation memory, the built-in FAQ bot).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

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
    /// Languages the deployment serves (ISO 639-1); detection is limited to them.
    pub languages: Vec<String>,
    /// Largest accepted request body, in bytes.
    pub max_body_bytes: usize,
    /// Longest accepted message text, in characters.
    pub max_text_chars: usize,
    /// File holding the HMAC key that signs conversation tokens (created with
    /// mode 0600 if absent). `CROSSDESK_TOKEN_KEY` (hex) takes precedence.
    pub token_key_file: Option<PathBuf>,
    pub translation: TranslationConfig,
    pub bot: BotConfig,
    /// Store URL per store name used in policies (`sqlite://path` or
    /// `postgres://…`). A store not listed is `data_dir/<name>.db`.
    pub stores: BTreeMap<String, StoreConfig>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TranslationConfig {
    /// TMX files of the translation memory.
    pub memory_dir: PathBuf,
    /// Smallest fuzzy-match score the memory accepts (0–1).
    pub fuzzy_threshold: f64,
    /// Regular expressions for order numbers, protected from translation.
    pub order_patterns: Vec<String>,
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
            languages: ["en", "zh", "es", "de", "fr", "ja"]
                .map(String::from)
                .to_vec(),
            max_body_bytes: 16 * 1024,
            max_text_chars: 4000,
            token_key_file: None,
            translation: TranslationConfig::default(),
            bot: BotConfig::default(),
            stores: BTreeMap::new(),
        }
    }
}

impl Default for TranslationConfig {
    fn default() -> Self {
        TranslationConfig {
            memory_dir: "locales/memory".into(),
            fuzzy_threshold: 0.75,
            // "#123456", "A-1234567", "SO20261125001": letters optional, digits required.
            order_patterns: vec![r"#\d{4,}\b".into(), r"\b(?:[A-Z]{1,4}-?)?\d{6,14}\b".into()],
        }
    }
}

impl Default for BotConfig {
    fn default() -> Self {
        BotConfig {
            kind: BotKind::Faq,
            url: None,
            timeout_ms: 5000,
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
        config.validate()?;
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
            if crate::language::whatlang_of(lang).is_none() {
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
        if self.bot.kind == BotKind::Rasa && self.bot.url.is_none() {
            return invalid("`bot.url` is required for `kind = \"rasa\"`".into());
        }
        if self.bot.timeout_ms == 0 {
            return invalid("`bot.timeout_ms` must be positive".into());
        }
        if self.max_body_bytes < 256 {
            return invalid("`max_body_bytes` must be at least 256".into());
        }
        Ok(())
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
    fn pivot_must_be_served() {
        let c = Config {
            pivot_language: "it".into(),
            ..Config::default()
        };
        assert!(c.validate().is_err());
    }

    #[test]
    fn store_url_defaults_to_sqlite_file_under_data_dir() {
        let c = Config::default();
        assert_eq!(c.store_url("eu"), "data/eu.db");
    }
}
