//! Exported logs (JSON Lines: a header, the entries with the digest before
//! each, the checkpoints), which an auditor verifies with the public key
//! alone (`crossdesk audit verify --file`), or CSV of the entries.
//! `crossdesk audit export` and `GET /v1/compliance/audit/export` both
//! write them with [`export_region`]: the same bytes.

use super::chain::{GENESIS, entry_digest};
use super::checkpoint::{Checkpoint, read_checkpoints, verify_log};
use super::{AuditError, AuditLog};
use crate::store::Store;
use crate::store::models::AuditEntry;

/// The two export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON Lines with the header, the checkpoints and the public key:
    /// verifiable offline.
    Jsonl,
    /// The entries only, for spreadsheets.
    Csv,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        match s {
            "jsonl" => Ok(Format::Jsonl),
            "csv" => Ok(Format::Csv),
            _ => Err(format!("{s:?}: the format must be jsonl or csv")),
        }
    }
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Jsonl => "application/jsonl; charset=utf-8",
            Format::Csv => "text/csv; charset=utf-8",
        }
    }
}

/// `region`'s entries (in `data`) between `from` and `to` (Unix ms,
/// inclusive), as `format`; JSON Lines carry the checkpoints of the
/// exported entries and the public key. Blocking: reads the whole log.
pub fn export_region(
    log: &AuditLog,
    region: &str,
    data: &Store,
    from: Option<i64>,
    to: Option<i64>,
    format: Format,
) -> Result<String, AuditError> {
    let all = data.audit_entries()?;
    let in_range = |at: i64| from.is_none_or(|f| at >= f) && to.is_none_or(|t| at <= t);
    let mut out = String::new();
    if format == Format::Csv {
        out.push_str("seq,at,kind,subject,detail,policy_hash,prev_hash,hash,digest\n");
        for e in all.iter().filter(|e| in_range(e.at)) {
            let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
            out.push_str(&format!(
                "{},{},{},{},{},{},{},{},{}\n",
                e.seq,
                e.at,
                quote(&e.kind),
                quote(&e.subject),
                quote(&e.detail),
                e.policy_hash,
                e.prev_hash,
                e.hash,
                e.digest
            ));
        }
        return Ok(out.trim_end().to_string());
    }
    let line = |l: &ExportLine| serde_json::to_string(l).unwrap_or_default();
    out.push_str(&line(&ExportLine::Header {
        region: region.into(),
        public_key: log.signer.public_key(),
    }));
    let mut prev = GENESIS.to_string();
    let mut seqs = Vec::new();
    for e in &all {
        if in_range(e.at) {
            out.push('\n');
            out.push_str(&line(&ExportLine::entry(e, &prev)));
            seqs.push(e.seq);
        }
        prev = e.digest.clone();
    }
    for c in read_checkpoints(&log.checkpoints_file(region))? {
        if seqs.contains(&c.size) {
            out.push('\n');
            out.push_str(&line(&ExportLine::Checkpoint(c)));
        }
    }
    Ok(out)
}

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
