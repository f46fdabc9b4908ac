//! What can go wrong keeping the audit log: its files (signing key,
//! checkpoints, running marker) and the region store it appends to.

use std::path::PathBuf;

use crate::crypto::FileError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    /// A checkpoint, key or marker file that could not be read or written.
    #[error(transparent)]
    File(#[from] FileError),
    /// No signing key could be generated.
    #[error("random generator failed")]
    Random,
    /// The signing key file does not hold an Ed25519 key.
    #[error("{}: not an Ed25519 key", .0.display())]
    NotEd25519(PathBuf),
    /// A line of a checkpoints file is not a checkpoint.
    #[error("{}:{line}: {source}", path.display())]
    BadCheckpoint {
        path: PathBuf,
        line: usize,
        #[source]
        source: serde_json::Error,
    },
    /// A checkpoint could not be written as JSON.
    #[error(transparent)]
    Encode(serde_json::Error),
    /// The region's store refused to read or append entries.
    #[error(transparent)]
    Store(#[from] StoreError),
}
