//! Secrets the proxy holds and what it signs with them (ring).
//!
//! Tokens ([`TokenSigner`]) name what they open, carry an id (to revoke it)
//! and an expiry, and are HMAC-SHA256 under a version of the token key:
//!
//! - conversation: `<conversation id>.<token id>.<expires>.<key version>.<tag>`
//! - agent: `agent:<pool>:<agent>:<lang>:<token id>:<expires>:<key version>.<tag>`
//! - compliance, ops: `<role>:<token id>:<name>:<expires>:<key version>.<tag>`
//!
//! Each kind signs its own domain, so one never passes for another. The
//! server keeps no token table; verification is constant-time. The newest
//! key version signs; older versions verify until their grace period after
//! the rotation ends (`crossdesk keys rotate-tokens`). Shopper pseudonyms
//! (erasure finds a shopper's conversations by them) have a key of their
//! own, so rotating the token key never breaks erasure. Keys never appear
//! in logs or errors.
//!
//! - `keys`: key versions from the environment or a key file;
//! - `private_file`: how every generated secret is written (mode 0600);
//! - `signer`: the token key and what every kind of token shares;
//! - `conversation`, `agent`, `role`: one kind of token each;
//! - `pseudonyms`: keyed shopper pseudonyms;
//! - `revocations`: revoked token ids.

mod agent;
mod conversation;
mod keys;
mod private_file;
mod pseudonyms;
mod revocations;
mod role;
mod signer;

pub use agent::AgentClaims;
pub use conversation::region_of_id;
pub use keys::{
    KeyVersion, parse_versions, secret_from_env_or_file, secret_from_file,
    versions_from_env_or_file,
};
pub use private_file::{FileError, replace_private_file, write_private_file};
pub use pseudonyms::Pseudonyms;
pub use revocations::{Revocations, RevokeError};
pub use role::{ComplianceClaims, ROLES};
pub use signer::TokenSigner;

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Not a token this server issued (bad shape or bad tag), or expired.
    #[error("invalid token")]
    Invalid,
    /// A genuine token, but for another conversation.
    #[error("token is for another conversation")]
    OtherConversation,
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("token key: {0}")]
    Io(String),
    /// A key file that could not be written.
    #[error("token key: {0}")]
    File(#[from] FileError),
    #[error("{0} must be hex of at least 32 bytes, or VERSION:HEX[@RFC3339],…")]
    BadEnv(&'static str),
    #[error("token key: system random generator failed")]
    Random,
}
