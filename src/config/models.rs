//! `[models]`: where `crossdesk models fetch` installs translation models
//! and which hub it fetches them from. The server itself never downloads:
//! a `marian` engine loads the directories these commands installed.

use std::path::PathBuf;

use serde::Deserialize;

use super::ConfigError;

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ModelsConfig {
    /// Installed models, one directory per pair (`<dir>/es-en`).
    pub dir: PathBuf,
    /// Base URL of a hub in the Hugging Face layout (a mirror inside the
    /// region works the same).
    pub hub: String,
}

impl Default for ModelsConfig {
    fn default() -> Self {
        ModelsConfig {
            dir: "models".into(),
            hub: "https://huggingface.co".into(),
        }
    }
}

impl ModelsConfig {
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_hub(&self.hub).map_err(|m| ConfigError::Invalid(format!("`models.hub`: {m}")))
    }
}

/// A hub base URL: http or https, and no user or password in it (a token
/// comes from `HF_TOKEN` or a file, so it never lands in a config file,
/// a manifest or an error message).
pub fn check_hub(url: &str) -> Result<(), String> {
    // The URL is not repeated in the message: it may hold a password.
    let scheme_error = || "the URL must start with http:// or https://".to_string();
    let (scheme, rest) = url.split_once("://").ok_or_else(scheme_error)?;
    if scheme != "http" && scheme != "https" {
        return Err(scheme_error());
    }
    let authority = rest.split('/').next().unwrap_or("");
    if authority.is_empty() || authority.contains('@') {
        return Err("the URL must name a host, without user or password".into());
    }
    if rest.contains(['?', '#']) {
        return Err("the URL must be a base, without query or fragment".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hub_urls_are_bases_without_credentials() {
        for ok in [
            "https://huggingface.co",
            "http://127.0.0.1:8080",
            "https://mirror.internal/hf/",
        ] {
            assert!(check_hub(ok).is_ok(), "{ok}");
        }
        for bad in [
            "huggingface.co",
            "ftp://x",
            "https://user:tok@huggingface.co",
            "https://",
            "https://hf.co/?token=x",
        ] {
            assert!(check_hub(bad).is_err(), "{bad}");
        }
        for bad in ["https://u:sekrit@h", "ftp://u:sekrit@h"] {
            let e = check_hub(bad).unwrap_err();
            assert!(!e.contains("sekrit"), "{e}");
        }
    }
}
