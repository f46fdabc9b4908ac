//! `[stores]` and `[key_stores]`: where each region's database and its key
//! store live (SQLite files under `data_dir` unless configured).

use serde::Deserialize;

use super::Config;

/// One store: its URL (`sqlite://path` or `postgres://…`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoreConfig {
    pub url: String,
}

impl Config {
    /// Store names a policy may use: those configured, or any (`None`) when
    /// none is (every store is then a SQLite file under `data_dir`).
    pub fn known_stores(&self) -> Option<Vec<String>> {
        (!self.stores.is_empty()).then(|| self.stores.keys().cloned().collect())
    }

    /// The policy folder and the stores and keys its files may name:
    /// what `crossdesk policy check` and the compliance console check.
    pub fn policy_deployment(&self) -> crate::policy::Deployment {
        crate::policy::Deployment {
            dir: self.policies_dir.clone(),
            stores: self.known_stores(),
            keys: self.known_keys(),
        }
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
    fn store_url_defaults_to_sqlite_file_under_data_dir() {
        let c = Config::default();
        assert_eq!(c.store_url("eu"), "data/eu.db");
    }
}
