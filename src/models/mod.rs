//! Translation models installed ahead of time (`crossdesk models`): fetched
//! from a hub in the Hugging Face layout at a pinned commit, checked file
//! by file against the hub's listing (sizes, SHA-256, Git object ids),
//! recorded in a manifest, and put in place in one rename. The server
//! never downloads anything: a `marian` engine loads what is installed.
//!
//! `catalog` knows the pinned pairs, `hub` speaks the hub's HTTP API,
//! `install` fetches a pair into place, `manifest` records what was
//! fetched, `installed` lists and verifies what a models directory holds,
//! `digest` hashes the bytes as they stream.

mod catalog;
mod digest;
mod hub;
mod install;
mod installed;
mod manifest;

pub use catalog::{CATALOG, Entry, Source, check_pair, lookup, resolve};
pub use digest::git_blob_sha1;
pub use install::{Fetch, Fetched, OPTIONAL_FILES, REQUIRED_FILES, fetch};
pub use installed::{Installed, Problem, State, check_loads, human_size, installed, verify};
pub use manifest::{FileEntry, MANIFEST, Manifest};

/// Why a models command failed. `Usage` is the caller's mistake (a pair,
/// repository or revision that is not valid, or not pinned); the others
/// happened while running: the hub, a file, the disk, or a refusal of what
/// the hub offers.
#[derive(Debug, thiserror::Error)]
pub enum ModelsError {
    #[error("{0}")]
    Usage(String),
    /// The hub could not be reached or refused a request (the message has
    /// the path of the request, never a token).
    #[error("{0}")]
    Hub(String),
    /// The hub has no such repository, revision or file (HTTP 404).
    #[error("{0}")]
    NotOnHub(String),
    /// A file is not what the hub's listing or the manifest says.
    #[error("{file}: {reason}")]
    File { file: String, reason: String },
    #[error("{path}: {reason}")]
    Disk { path: String, reason: String },
    /// What the hub offers, or what is installed, is not acceptable.
    #[error("{0}")]
    Refused(String),
}

impl ModelsError {
    fn disk(path: &std::path::Path, e: impl std::fmt::Display) -> ModelsError {
        ModelsError::Disk {
            path: path.display().to_string(),
            reason: e.to_string(),
        }
    }

    fn file(file: &str, reason: impl Into<String>) -> ModelsError {
        ModelsError::File {
            file: file.to_string(),
            reason: reason.into(),
        }
    }
}
