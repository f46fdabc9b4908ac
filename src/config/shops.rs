//! `[[shops]]`: the shops whose backends vouch for their shoppers with
//! signed assertions, and the key each one verifies with.

use std::path::PathBuf;

use serde::Deserialize;

use super::ConfigError;

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
