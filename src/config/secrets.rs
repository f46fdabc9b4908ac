//! `[keys]` and the secrets' files: where region keys, the token,
//! pseudonym and audit keys and the checkpoint signing key live (apart from
//! the data they protect), and which of them sit inside `data_dir`.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::Config;

/// Where one region key comes from (`[keys.<id>]`): a file, an
/// environment variable or a command.
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

impl Config {
    /// Key ids a policy may use: those configured, or any when none is.
    pub fn known_keys(&self) -> Option<Vec<String>> {
        (!self.keys.is_empty()).then(|| self.keys.keys().cloned().collect())
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
}
