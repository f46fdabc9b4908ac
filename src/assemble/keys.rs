//! The deployment's secrets at start: token, pseudonym and audit keys and
//! the region keys the policies name, from the environment, a key
//! provider's command or their files (created on first start).

use super::StartError;
use crate::config::{self, Config};
use crate::{audit, crypto, policy, seal};

/// The token key (all its versions), from the environment or its file.
pub fn token_signer(config: &Config) -> Result<crypto::TokenSigner, StartError> {
    Ok(crypto::TokenSigner::from_env_or_file(
        &config.token_key_path(),
        i64::from(config.tokens.grace_days) * 86_400,
    )?)
}

/// The pseudonym key. An installation whose token key exists but that has
/// no pseudonym key keyed its pseudonyms with the token key's first
/// version: that becomes its pseudonym key, so erasure keeps finding its
/// shoppers whatever later happens to the token key.
pub fn pseudonyms(config: &Config) -> Result<crypto::Pseudonyms, StartError> {
    let token_path = config.token_key_path();
    let legacy = if config.pseudonym_key_path().exists() {
        None
    } else if std::env::var("CROSSDESK_TOKEN_KEY").is_ok() || token_path.exists() {
        crypto::versions_from_env_or_file("CROSSDESK_TOKEN_KEY", &token_path)?
            .into_iter()
            .min_by_key(|v| v.0)
            .map(|v| v.1)
    } else {
        None
    };
    Ok(crypto::Pseudonyms::from_env_or_file(
        &config.pseudonym_key_path(),
        legacy,
    )?)
}

/// The deployment's audit key: `CROSSDESK_AUDIT_KEY` (hex) or
/// `keys_dir/audit.key`, created on first start.
pub fn audit_key(config: &Config) -> Result<Vec<u8>, StartError> {
    Ok(crypto::secret_from_env_or_file(
        "CROSSDESK_AUDIT_KEY",
        &config.audit_key_path(),
    )?)
}

/// The audit log: chain key, checkpoint signing key
/// (`keys_dir/audit-signing.pk8`, created on first start) and checkpoint folder.
pub fn audit_log(config: &Config) -> Result<audit::AuditLog, StartError> {
    let signer = audit::Signer::from_file(&config.audit_signing_key_path())
        .map_err(|e| config::ConfigError::Invalid(e.to_string()))?;
    Ok(audit::AuditLog::new(
        audit::Chain::new(&audit_key(config)?),
        signer,
        config.data_dir.join("audit"),
    )
    .with_witness(config.audit_witness_dir.clone())
    .with_every(i64::from(config.audit_checkpoint_entries)))
}

/// Why a region key's text (its file, variable or command's output) does
/// not parse: names the key and the version, never the material.
#[derive(Debug, thiserror::Error)]
pub enum KeyTextError {
    #[error("key {id}: bad version")]
    BadVersion { id: String },
    #[error("key {id}: version {version} is not hex")]
    NotHex { id: String, version: u32 },
    #[error("key {id}: version {version} is not 32 bytes")]
    NotKeyLength { id: String, version: u32 },
    #[error("key {id}: no versions")]
    NoVersions { id: String },
}

/// A key that does not parse stops the start as an invalid configuration.
impl From<KeyTextError> for StartError {
    fn from(e: KeyTextError) -> StartError {
        StartError::Config(config::ConfigError::Invalid(e.to_string()))
    }
}

/// Parses `VERSION HEX` lines (a key file) or `VERSION:HEX,…` (environment).
fn parse_key_versions(id: &str, text: &str) -> Result<seal::RegionKey, KeyTextError> {
    let mut versions = Vec::new();
    for part in text
        .split([',', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty() && !p.starts_with('#'))
    {
        let (v, hex_key) = part.split_once([' ', ':']).unwrap_or(("1", part));
        let v: u32 = v
            .trim()
            .parse()
            .map_err(|_| KeyTextError::BadVersion { id: id.into() })?;
        let bytes = hex::decode(hex_key.trim()).map_err(|_| KeyTextError::NotHex {
            id: id.into(),
            version: v,
        })?;
        let secret =
            seal::Secret::from_bytes(&bytes).ok_or_else(|| KeyTextError::NotKeyLength {
                id: id.into(),
                version: v,
            })?;
        versions.push((v, secret));
    }
    if versions.is_empty() {
        return Err(KeyTextError::NoVersions { id: id.into() });
    }
    Ok(seal::RegionKey {
        id: id.into(),
        versions,
    })
}

/// The region keys the policies name: from the environment, else from their
/// command (`[keys.<id>] command`), else from their file, created (version
/// 1, mode 0600) on first start when not configured. Key material never
/// reaches a log or an error message.
pub fn load_keys(
    config: &Config,
    policies: &policy::Policies,
) -> Result<std::collections::HashMap<String, seal::RegionKey>, StartError> {
    let mut keys = std::collections::HashMap::new();
    for id in policies.regions().iter().filter_map(|r| r.key.clone()) {
        let env_name = config
            .keys
            .get(&id)
            .and_then(|k| k.env.clone())
            .unwrap_or_else(|| {
                format!(
                    "CROSSDESK_KEY_{}",
                    id.to_ascii_uppercase().replace('-', "_")
                )
            });
        let command = config.keys.get(&id).and_then(|k| k.command.clone());
        let key = if let Ok(text) = std::env::var(&env_name) {
            parse_key_versions(&id, &text)?
        } else if let Some(command) = command {
            // A key provider (a KMS or secret manager's client): its output
            // is the key; its errors name the key, never the output.
            let out = std::process::Command::new("sh")
                .arg("-c")
                .arg(&command)
                .stdin(std::process::Stdio::null())
                .stderr(std::process::Stdio::inherit())
                .output()
                .map_err(|e| config::ConfigError::Invalid(format!("key {id}: its command: {e}")))?;
            if !out.status.success() {
                return Err(config::ConfigError::Invalid(format!(
                    "key {id}: its command failed ({})",
                    out.status
                ))
                .into());
            }
            let text = String::from_utf8(out.stdout).map_err(|_| {
                config::ConfigError::Invalid(format!("key {id}: its command printed no text"))
            })?;
            parse_key_versions(&id, &text)?
        } else {
            let file = config.key_file(&id);
            if !file.exists() {
                if config.keys.contains_key(&id) {
                    return Err(config::ConfigError::Invalid(format!(
                        "key {id}: {} does not exist",
                        file.display()
                    ))
                    .into());
                }
                create_key_file(&file, &id)?;
            }
            let text = std::fs::read_to_string(&file).map_err(|e| {
                config::ConfigError::Invalid(format!("key {id}: {}: {e}", file.display()))
            })?;
            parse_key_versions(&id, &text)?
        };
        keys.insert(id, key);
    }
    Ok(keys)
}

/// Writes a new key file with one random version (mode 0600).
fn create_key_file(file: &std::path::Path, id: &str) -> Result<(), StartError> {
    let err =
        |e: String| StartError::Config(config::ConfigError::Invalid(format!("key {id}: {e}")));
    let secret = seal::Secret::random().map_err(|e| err(e.to_string()))?;
    let text = format!(
        "# crossdesk region key {id}: VERSION HEX per line; the highest version wraps new data keys\n1 {}\n",
        secret.to_hex()
    );
    crypto::write_private_file(file, text.as_bytes()).map_err(|e| err(e.to_string()))
}
