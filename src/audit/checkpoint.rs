//! Signed checkpoints: statements of a region log's size, head hash and
//! digest at a moment, signed with Ed25519 and kept outside the database
//! (one JSON line per checkpoint in `data/audit/<region>.checkpoints`, and
//! in the witness folder when one is configured). Whoever edits the
//! database cannot make the log shorter than a checkpoint, and cannot
//! remove the newest checkpoints unnoticed either: a server signs when it
//! starts, at an interval, every N entries, once a minute when idle, and
//! when it stops, and [`verify_log`] asks that the log end where a
//! signature covers it. Pure apart from the files.

use serde::{Deserialize, Serialize};

use super::AuditError;
use super::chain::{Chain, GENESIS, entry_digest};
use crate::crypto::FileError;
use crate::store::models::AuditEntry;

/// Why a checkpoint was signed.
pub mod reason {
    /// New entries, at the server's interval.
    pub const INTERVAL: &str = "interval";
    /// N new entries since the last signature.
    pub const ENTRIES: &str = "entries";
    /// No new entries for a while: the head signed again.
    pub const HEARTBEAT: &str = "heartbeat";
    /// A server started (after recording an unclean stop, if there was one).
    pub const START: &str = "start";
    /// A server stopped cleanly: nothing follows until the next start.
    pub const SHUTDOWN: &str = "shutdown";
    /// A command (`crossdesk erase`, `keys rotate`…) appended and signed.
    pub const COMMAND: &str = "command";
}

/// How long an idle server waits before signing its head again.
pub const HEARTBEAT_SECS: i64 = 60;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub region: String,
    pub size: i64,
    pub head: String,
    /// The public digest of the entry at `size`.
    pub digest: String,
    /// When it was signed (Unix ms).
    pub at: i64,
    /// Why it was signed ([`reason`]); empty in checkpoints of versions
    /// that did not say.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    /// Ed25519 over the fields above (hex).
    pub signature: String,
}

fn checkpoint_message(c: &Checkpoint) -> Vec<u8> {
    let mut m = format!(
        "crossdesk audit checkpoint\n{}\n{}\n{}\n{}\n{}",
        c.region, c.size, c.head, c.digest, c.at
    );
    if !c.reason.is_empty() {
        m.push('\n');
        m.push_str(&c.reason);
    }
    m.into_bytes()
}

/// Signs checkpoints (Ed25519, ring). The key never leaves this struct.
pub struct Signer {
    pair: ring::signature::Ed25519KeyPair,
}

impl Signer {
    /// From a PKCS#8 file, created (mode 0600) when absent.
    pub fn from_file(file: &std::path::Path) -> Result<Signer, AuditError> {
        let pkcs8 = match std::fs::read(file) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let rng = ring::rand::SystemRandom::new();
                let doc = ring::signature::Ed25519KeyPair::generate_pkcs8(&rng)
                    .map_err(|_| AuditError::Random)?;
                crate::crypto::write_private_file(file, doc.as_ref())?;
                doc.as_ref().to_vec()
            }
            Err(e) => return Err(FileError::at(file)(e).into()),
        };
        let pair = ring::signature::Ed25519KeyPair::from_pkcs8(&pkcs8)
            .map_err(|_| AuditError::NotEd25519(file.to_path_buf()))?;
        Ok(Signer { pair })
    }

    /// The public key (hex), for auditors.
    pub fn public_key(&self) -> String {
        use ring::signature::KeyPair;
        hex::encode(self.pair.public_key().as_ref())
    }

    /// A signed checkpoint of the log at `entry` (its head), now.
    pub fn checkpoint(&self, region: &str, entry: &AuditEntry, reason: &str) -> Checkpoint {
        let mut c = Checkpoint {
            region: region.into(),
            size: entry.seq,
            head: entry.hash.clone(),
            digest: entry.digest.clone(),
            at: chrono::Utc::now().timestamp_millis(),
            reason: reason.into(),
            signature: String::new(),
        };
        c.signature = hex::encode(self.pair.sign(&checkpoint_message(&c)).as_ref());
        c
    }
}

/// Checks a checkpoint's signature with a public key (hex).
pub fn checkpoint_valid(c: &Checkpoint, public_key: &str) -> bool {
    let (Ok(key), Ok(sig)) = (hex::decode(public_key), hex::decode(&c.signature)) else {
        return false;
    };
    ring::signature::UnparsedPublicKey::new(&ring::signature::ED25519, key)
        .verify(&checkpoint_message(c), &sig)
        .is_ok()
}

pub(super) fn open_checkpoints(file: &std::path::Path) -> Result<std::fs::File, FileError> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(FileError::at(dir))?;
    }
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)
        .map_err(FileError::at(file))
}

/// Appends a checkpoint line to `file`.
pub fn append_checkpoint(file: &std::path::Path, c: &Checkpoint) -> Result<(), AuditError> {
    use std::io::Write;
    let mut f = open_checkpoints(file)?;
    let line = serde_json::to_string(c).map_err(AuditError::Encode)?;
    // One write of the whole line: O_APPEND keeps lines from two processes
    // (instances sharing `data/audit/`) from interleaving.
    f.write_all(format!("{line}\n").as_bytes())
        .map_err(FileError::at(file))?;
    Ok(())
}

/// Checkpoints from `file` (a missing file has none).
pub fn read_checkpoints(file: &std::path::Path) -> Result<Vec<Checkpoint>, AuditError> {
    match std::fs::read_to_string(file) {
        Ok(text) => text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .enumerate()
            .map(|(i, l)| {
                serde_json::from_str(l).map_err(|source| AuditError::BadCheckpoint {
                    path: file.to_path_buf(),
                    line: i + 1,
                    source,
                })
            })
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(FileError::at(file)(e).into()),
    }
}

/// What a verification may take for granted about how the log ends.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ending {
    /// Entries at or after this time (Unix ms) may still await their
    /// checkpoint when a server is running to sign them; `None`: every
    /// entry must be covered.
    pub pending_since: Option<i64>,
    /// A server is running on this data (its checkpoints keep coming), so
    /// the newest checkpoint need not be a shutdown's.
    pub server_running: bool,
    /// When the verification runs (Unix ms).
    pub now: i64,
}

/// The chain (with `chain`, when the audit key is at hand) and every
/// checkpoint (with the public key): `Err((seq, why))` names the first
/// problem. Without the audit key (an auditor with an export), the links
/// between entries and the signed checkpoints are still checked. With an
/// `ending` (a region's whole log), also that its length is proven: some
/// checkpoint covers the last entry, and the newest checkpoint was signed
/// at a shutdown, by a command, or by a server that is still running.
pub fn verify_log(
    chain: Option<&Chain>,
    entries: &[AuditEntry],
    checkpoints: &[Checkpoint],
    public_key: &str,
    ending: Option<Ending>,
) -> Result<usize, (i64, String)> {
    match chain {
        Some(c) => {
            c.verify(entries)?;
        }
        None => {
            // An export may start anywhere: each entry's public digest must
            // follow from the one before it (the first is tied down by the
            // checkpoints below).
            for pair in entries.windows(2) {
                if pair[1].seq != pair[0].seq + 1
                    || pair[1].prev_hash != pair[0].hash
                    || entry_digest(&pair[0].digest, &pair[1]) != pair[1].digest
                {
                    return Err((pair[1].seq, "does not follow the entry before it".into()));
                }
            }
            if let Some(first) = entries.first()
                && first.seq == 1
                && first.prev_hash != GENESIS
            {
                return Err((1, "does not start the chain".into()));
            }
        }
    }
    let first_seq = entries.first().map(|e| e.seq).unwrap_or(1);
    for c in checkpoints {
        if !checkpoint_valid(c, public_key) {
            return Err((c.size, "a checkpoint's signature does not verify".into()));
        }
        if c.size < first_seq {
            continue; // before the exported range
        }
        let Some(e) = entries.get((c.size - first_seq) as usize) else {
            let last = entries.last().map(|e| e.seq).unwrap_or(0);
            return Err((
                last + 1,
                format!(
                    "entries removed: a checkpoint signed at size {} but the log has {last}",
                    c.size
                ),
            ));
        };
        if e.hash != c.head || e.digest != c.digest {
            return Err((c.size, "differs from the signed checkpoint".into()));
        }
    }
    let Some(ending) = ending else {
        return Ok(entries.len());
    };
    let Some(last) = entries.last() else {
        return Ok(0);
    };
    let covered = checkpoints.iter().map(|c| c.size).max().unwrap_or(0);
    if covered < last.seq {
        // The newest entries may be on their way to a checkpoint, when a
        // server is running to sign them.
        let first_unsigned = &entries[(covered + 1 - first_seq).max(0) as usize];
        let pending = ending.server_running
            && ending
                .pending_since
                .is_some_and(|since| first_unsigned.at >= since);
        if !pending {
            return Err((
                covered + 1,
                if checkpoints.is_empty() {
                    "no signed checkpoint covers the log (the checkpoints file is missing or was emptied)".to_string()
                } else {
                    format!(
                        "entries {}–{} are not covered by a signed checkpoint (the checkpoints were cut, or a server stopped without signing: start it to record that)",
                        covered + 1,
                        last.seq
                    )
                },
            ));
        }
    }
    if let Some(newest) = checkpoints.iter().max_by_key(|c| c.at) {
        let closed = matches!(
            newest.reason.as_str(),
            reason::SHUTDOWN | reason::COMMAND | ""
        );
        if !closed && !ending.server_running {
            return Err((
                newest.size,
                format!(
                    "the newest checkpoint ({}, size {}) is not a shutdown's and no server is running: a crash not yet recorded (start crossdesk to record it), or entries and checkpoints were removed",
                    newest.reason, newest.size
                ),
            ));
        }
        if !closed && ending.now - newest.at > 3 * HEARTBEAT_SECS * 1000 {
            return Err((
                newest.size,
                format!(
                    "the running server's newest checkpoint is {} s old (it signs at least every {HEARTBEAT_SECS} s): checkpoints were removed",
                    (ending.now - newest.at) / 1000
                ),
            ));
        }
    }
    Ok(entries.len())
}

#[cfg(test)]
mod tests {
    use super::super::chain::Record;
    use super::super::export::{ExportLine, verify_export};
    use super::*;

    fn log_of(n: i64, signer: &Signer, c: &Chain) -> (Vec<AuditEntry>, Vec<Checkpoint>) {
        let mut entries: Vec<AuditEntry> = Vec::new();
        let mut cps = Vec::new();
        for i in 0..n {
            let r = Record {
                at: i,
                kind: "transfer".into(),
                subject: "-".into(),
                detail: serde_json::json!({}),
                policy_hash: "h".into(),
            };
            let e = c.next(
                entries
                    .last()
                    .map(|e| (e.seq, e.hash.as_str(), e.digest.as_str())),
                &r,
            );
            cps.push(signer.checkpoint("eu", &e, reason::INTERVAL));
            entries.push(e);
        }
        (entries, cps)
    }

    #[test]
    fn truncation_and_forged_checkpoints_are_caught() {
        let dir = tempfile::tempdir().unwrap();
        let signer = Signer::from_file(&dir.path().join("k.pk8")).unwrap();
        let pk = signer.public_key();
        let c = Chain::new(&[1u8; 32]);
        let (entries, cps) = log_of(4, &signer, &c);
        assert_eq!(verify_log(Some(&c), &entries, &cps, &pk, None), Ok(4));
        assert_eq!(verify_log(None, &entries, &cps, &pk, None), Ok(4));
        // An export verifies offline; one altered byte does not.
        let mut export = String::new();
        let mut prev = GENESIS.to_string();
        for e in &entries {
            export.push_str(&serde_json::to_string(&ExportLine::entry(e, &prev)).unwrap());
            export.push('\n');
            prev = e.digest.clone();
        }
        export.push_str(&serde_json::to_string(&ExportLine::Checkpoint(cps[3].clone())).unwrap());
        assert_eq!(verify_export(&export, &pk), Ok(4));
        let altered = export.replacen("transfer", "tranSfer", 1);
        assert!(verify_export(&altered, &pk).is_err());
        let tail = export.lines().skip(2).collect::<Vec<_>>().join("\n");
        assert_eq!(
            verify_export(&tail, &pk),
            Ok(2),
            "a range exports and verifies too"
        );
        // The tail truncated: the chain alone still looks fine, the checkpoints do not.
        let short = &entries[..3];
        assert_eq!(c.verify(short), Ok(3));
        assert_eq!(
            verify_log(Some(&c), short, &cps, &pk, None).unwrap_err().0,
            4
        );
        // A checkpoint signed with another key.
        let other = Signer::from_file(&dir.path().join("other.pk8")).unwrap();
        let mut forged = cps.clone();
        forged[3] = other.checkpoint("eu", &entries[3], reason::INTERVAL);
        assert!(verify_log(Some(&c), &entries, &forged, &pk, None).is_err());
        // A reason cannot be changed after signing.
        let mut relabelled = cps.clone();
        relabelled[3].reason = reason::SHUTDOWN.into();
        assert!(verify_log(Some(&c), &entries, &relabelled, &pk, None).is_err());
    }

    #[test]
    fn a_whole_log_must_end_under_a_shutdown_or_a_running_servers_signature() {
        let dir = tempfile::tempdir().unwrap();
        let signer = Signer::from_file(&dir.path().join("k.pk8")).unwrap();
        let pk = signer.public_key();
        let c = Chain::new(&[1u8; 32]);
        let (entries, mut cps) = log_of(4, &signer, &c);
        let now = chrono::Utc::now().timestamp_millis();
        let stopped_ending = Ending {
            pending_since: None,
            server_running: false,
            now,
        };
        let running_ending = Ending {
            server_running: true,
            ..stopped_ending
        };
        let (stopped, running) = (Some(stopped_ending), Some(running_ending));
        // Interval checkpoints only, no server: a crash not yet recorded.
        assert!(verify_log(Some(&c), &entries, &cps, &pk, stopped).is_err());
        assert_eq!(verify_log(Some(&c), &entries, &cps, &pk, running), Ok(4));
        cps.push(signer.checkpoint("eu", &entries[3], reason::SHUTDOWN));
        assert_eq!(verify_log(Some(&c), &entries, &cps, &pk, stopped), Ok(4));
        // The last entries and their checkpoints cut together.
        let cut: Vec<Checkpoint> = cps.iter().filter(|c| c.size <= 2).cloned().collect();
        assert!(verify_log(Some(&c), &entries[..2], &cut, &pk, stopped).is_err());
        // The checkpoints file deleted or emptied.
        let (seq, why) = verify_log(Some(&c), &entries, &[], &pk, stopped).unwrap_err();
        assert_eq!(seq, 1, "{why}");
        // The checkpoints cut, the entries kept.
        assert!(verify_log(Some(&c), &entries, &cps[..2], &pk, stopped).is_err());
        // The newest entries may await their checkpoint while a server signs.
        let pending = Some(Ending {
            pending_since: Some(3),
            ..running_ending
        });
        assert_eq!(
            verify_log(Some(&c), &entries, &cps[..3], &pk, pending),
            Ok(4)
        );
    }
}
