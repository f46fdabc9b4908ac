//! One region's whole log checked: its chain, its checkpoints (and a
//! witness's), and that its length is proven. `crossdesk audit verify` and
//! `GET /v1/compliance/audit/verify` both answer with [`verify_region`], so
//! the command line and the compliance console never disagree.

use std::path::Path;

use super::checkpoint::{Ending, read_checkpoints, verify_log};
use super::{AuditError, AuditLog};
use crate::store::Store;

/// A region log's verdict: intact, or the first entry that is not.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Verdict {
    pub region: String,
    /// Entries in the region's log.
    pub entries: usize,
    /// The chain and every checkpoint verify, and the log's length is proven.
    pub intact: bool,
    /// The first entry that is altered, missing or not covered.
    pub first_bad_seq: Option<i64>,
    /// What is wrong with it, in words.
    pub reason: Option<String>,
}

impl std::fmt::Display for Verdict {
    /// The line `crossdesk audit verify` prints.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.first_bad_seq, &self.reason) {
            (Some(seq), Some(why)) => write!(f, "region {}: entry {seq}: {why}", self.region),
            _ => write!(
                f,
                "region {}: {} entries, chain intact",
                self.region, self.entries
            ),
        }
    }
}

/// How long entries may await their checkpoint while a server runs:
/// ten checkpoint intervals, at least 2 s.
pub fn pending_window_ms(checkpoint_ms: u64) -> i64 {
    (checkpoint_ms as i64).saturating_mul(10).max(2_000)
}

/// Checks `region`'s log in `data` against its checkpoints, and against a
/// `witness` folder's copies when given. `keys` is the region's key store:
/// an empty log beside data keys means its entries were removed. Entries
/// younger than `pending_ms` by `entries_now` (the clock that dates the
/// entries: a server's simulated clock, else the time) may still await a
/// running server's signature; checkpoints are dated by the time itself.
/// Blocking: reads the whole log.
pub fn verify_region(
    log: &AuditLog,
    region: &str,
    data: &Store,
    keys: &Store,
    witness: Option<&Path>,
    pending_ms: i64,
    entries_now: i64,
) -> Result<Verdict, AuditError> {
    let now = chrono::Utc::now().timestamp_millis();
    let ending = Ending {
        pending_since: Some(entries_now - pending_ms),
        server_running: log.server_running(),
        now,
    };
    let entries = data.audit_entries()?;
    let mut checkpoints = read_checkpoints(&log.checkpoints_file(region))?;
    if let Some(w) = witness {
        checkpoints.extend(read_checkpoints(&w.join(format!("{region}.checkpoints")))?);
    }
    let verdict = if entries.is_empty()
        && (!checkpoints.is_empty() || !keys.all_data_keys()?.is_empty())
    {
        Err((
            1,
            "the audit log is empty, but the region holds data keys or signed checkpoints: its entries were removed".to_string(),
        ))
    } else {
        verify_log(
            Some(&log.chain),
            &entries,
            &checkpoints,
            &log.signer.public_key(),
            Some(ending),
        )
    };
    let (first_bad_seq, reason) = match verdict {
        Ok(_) => (None, None),
        Err((seq, why)) => (Some(seq), Some(why)),
    };
    Ok(Verdict {
        region: region.to_string(),
        entries: entries.len(),
        intact: first_bad_seq.is_none(),
        first_bad_seq,
        reason,
    })
}
