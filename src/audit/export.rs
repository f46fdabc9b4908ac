//! Exported logs (JSON Lines: a header, the entries with the digest before
//! each, the checkpoints), which an auditor verifies with the public key
//! alone (`crossdesk audit verify --file`).

use super::chain::entry_digest;
use super::checkpoint::{Checkpoint, verify_log};
use crate::store::models::AuditEntry;

/// One line of an exported log (JSON Lines).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ExportLine {
    Header {
        region: String,
        public_key: String,
    },
    Entry {
        #[serde(flatten)]
        entry: AuditEntry,
        /// The digest of the entry before (genesis for the first).
        prev_digest: String,
    },
    Checkpoint(Checkpoint),
}

impl ExportLine {
    pub fn entry(e: &AuditEntry, prev_digest: &str) -> ExportLine {
        ExportLine::Entry {
            entry: e.clone(),
            prev_digest: prev_digest.to_string(),
        }
    }
}

/// Verifies an exported log with only its public key: links between the
/// exported entries, and every checkpoint's signature and head.
pub fn verify_export(text: &str, public_key: &str) -> Result<usize, (i64, String)> {
    let mut entries = Vec::new();
    let mut checkpoints = Vec::new();
    for (i, line) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        match serde_json::from_str::<ExportLine>(line) {
            Ok(ExportLine::Entry {
                entry: e,
                prev_digest,
            }) => {
                // Every exported entry's digest is recomputed from the one before.
                if entry_digest(&prev_digest, &e) != e.digest
                    || entries
                        .last()
                        .is_some_and(|p: &AuditEntry| p.digest != prev_digest)
                {
                    return Err((e.seq, "content altered (digest does not match)".into()));
                }
                entries.push(e)
            }
            Ok(ExportLine::Checkpoint(c)) => checkpoints.push(c),
            Ok(ExportLine::Header { .. }) => {}
            Err(e) => return Err((0, format!("line {}: {e}", i + 1))),
        }
    }
    // Without the HMAC key, content is bound by the public digests and the
    // signed checkpoints: an export ends with a checkpoint of its last entry.
    if let Some(last) = entries.last()
        && !checkpoints.iter().any(|c| c.size == last.seq)
    {
        return Err((
            last.seq,
            "no signed checkpoint covers the last entry".into(),
        ));
    }
    verify_log(None, &entries, &checkpoints, public_key, None)
}
