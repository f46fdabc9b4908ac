//! `[tokens]`: how long tokens live, the grace of a rotated token key, and
//! where revoked token ids are kept.

use std::path::PathBuf;

use serde::Deserialize;

use super::Config;

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

impl Config {
    /// The revoked token ids' file.
    pub fn revoked_tokens_path(&self) -> PathBuf {
        self.tokens
            .revoked_file
            .clone()
            .unwrap_or_else(|| self.data_dir.join("revoked-tokens"))
    }
}
