//! What can go wrong with a store.

use crate::seal::SealError;

/// Store failures. Every one of them means "try again later" to the caller:
/// nothing was half-written (writes are transactions).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store {store}: cannot connect: {reason}")]
    Connect { store: String, reason: String },
    #[error("store {store}: migration failed: {reason}")]
    Migrate { store: String, reason: String },
    #[error("store {store}: query failed: {source}")]
    Query {
        store: String,
        #[source]
        source: diesel::result::Error,
    },
    #[error("store {store}: unavailable: {reason}")]
    Unavailable { store: String, reason: String },
    #[error("no store for region {0}")]
    UnknownRegion(String),
    #[error("store {store}: a sealed field does not open: {source}")]
    Sealed {
        store: String,
        #[source]
        source: SealError,
    },
}
