//! Building the proxy's parts from its configuration at start: the
//! translation chain (`chain`), the keys (`keys`), and why a start fails
//! ([`StartError`]). `Pipeline::build` (pipeline/build.rs) puts them
//! together; the CLI's offline commands use the parts alone.

mod chain;
mod keys;

pub use chain::build_chain;
pub use keys::{audit_key, audit_log, load_keys, pseudonyms, token_signer};

use crate::{config, crypto, i18n, policy, store, translate, upstream};

/// Why the server could not start. Each message names the file or setting.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("invalid policies:\n{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
    Policies(Vec<policy::PolicyError>),
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    #[error(transparent)]
    Locales(#[from] i18n::I18nError),
    #[error("locale {0} lacks message {1} that {ref} has", ref = i18n::REFERENCE)]
    MissingMessage(String, String),
    #[error(transparent)]
    Translation(#[from] translate::TranslateError),
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error(transparent)]
    Key(#[from] crypto::KeyError),
    #[error(transparent)]
    Bot(#[from] upstream::UpstreamError),
}
