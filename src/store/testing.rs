//! What tests of this crate need of a store's insides: a store whose WAL
//! only grows, to count the pages a write touches, and the migrations to
//! step back and forth through.

use std::path::{Path, PathBuf};
use std::time::Duration;

pub(crate) use super::open::SQLITE_MIGRATIONS;
use super::writer::WalLimits;
use super::{Kind, Store};

/// A store in `dir` whose WAL is never checkpointed, and its WAL's path.
pub(crate) fn store_without_checkpoints(dir: &Path) -> (Store, PathBuf) {
    let never = WalLimits {
        every: Duration::from_secs(3600),
        ..WalLimits::default()
    };
    let db = dir.join("eu.db");
    let store = Store::open_with("eu", db.to_str().unwrap(), Kind::Data, never).unwrap();
    (store, dir.join("eu.db-wal"))
}

/// Frames the WAL holds, while nothing checkpoints it (so it only grows).
pub(crate) fn frames(wal: &Path) -> u64 {
    let bytes = std::fs::metadata(wal).map(|m| m.len()).unwrap_or(0);
    bytes.saturating_sub(32) / (4096 + 24)
}
