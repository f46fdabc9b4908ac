//! The audit log of a deployment: the chain key, the checkpoint signer and
//! where checkpoints are kept. Every append writes entries to the region's
//! store in the writing transaction; a signed checkpoint of the new head
//! goes outside the database:
//!
//! - a command (`crossdesk erase`, `keys rotate`…) signs after each append;
//! - a server signs the newest head every `interval`, at once when N
//!   entries are unsigned, again once a minute when nothing changed
//!   (heartbeat), when it starts (after recording, in the log itself, that
//!   the previous run stopped without signing), and when it stops.
//!
//! While a server runs, `data/audit/running` holds its process id, so a
//! verification knows whether newer checkpoints are still to come.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::AuditError;
use super::chain::{Chain, Record};
use super::checkpoint::{HEARTBEAT_SECS, Signer, open_checkpoints, read_checkpoints, reason};
use crate::crypto::FileError;
use crate::store::Link;
use crate::store::models::AuditEntry;

pub struct AuditLog {
    pub chain: Chain,
    pub signer: Signer,
    /// `data/audit/`: one `<region>.checkpoints` file per region.
    pub dir: std::path::PathBuf,
    /// A second folder every checkpoint is also written to (a witness the
    /// data directory's holder cannot rewrite), when configured.
    witness: Option<std::path::PathBuf>,
    /// Per region: the checkpoint files (kept open) and what is signed.
    /// Appends themselves are ordered by the store (its write lock or
    /// writer on SQLite, the primary key on PostgreSQL).
    regions: Mutex<HashMap<String, Arc<Mutex<RegionLog>>>>,
    /// `None`: a checkpoint after every append (commands). `Some`: the
    /// server's checkpointer thread signs the newest head at this interval,
    /// so a message pays for its insert, not for a signature.
    interval: Option<std::time::Duration>,
    /// A server signs at once when this many entries are unsigned.
    every: i64,
}

#[derive(Default)]
struct RegionLog {
    /// The checkpoint file and the witness's, kept open between appends.
    file: Option<std::fs::File>,
    witness: Option<std::fs::File>,
    /// The newest entry no checkpoint covers yet.
    unsigned: Option<AuditEntry>,
    /// The newest entry a checkpoint covers, and when it was signed.
    signed: Option<(AuditEntry, std::time::Instant)>,
}

/// What a server found of a region's log when it started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Started {
    /// The previous run signed its last entry at shutdown (or nothing was
    /// ever written).
    Clean,
    /// The previous run stopped without a shutdown checkpoint: recorded.
    Recovered { unsigned: i64 },
    /// The log is shorter than its newest checkpoint: entries were removed.
    /// Not repaired; `audit verify` names it.
    Shortened { log: i64, signed: i64 },
}

impl AuditLog {
    pub fn new(chain: Chain, signer: Signer, dir: std::path::PathBuf) -> AuditLog {
        AuditLog {
            chain,
            signer,
            dir,
            witness: None,
            regions: Default::default(),
            interval: None,
            every: 1000,
        }
    }

    /// Every checkpoint is also appended to `dir/<region>.checkpoints`.
    pub fn with_witness(mut self, dir: Option<std::path::PathBuf>) -> AuditLog {
        self.witness = dir;
        self
    }

    /// Signs at once when `n` entries are unsigned (at least 1).
    pub fn with_every(mut self, n: i64) -> AuditLog {
        self.every = n.max(1);
        self
    }

    /// A server's log: checkpoints at most every `interval` (and every N
    /// entries, and as a heartbeat), signed by a thread that lives as long
    /// as the log; the shutdown checkpoint when it is dropped.
    pub fn with_interval(mut self, interval: std::time::Duration) -> Arc<AuditLog> {
        self.interval = Some(interval);
        let log = Arc::new(self);
        let weak = Arc::downgrade(&log);
        let spawned = std::thread::Builder::new()
            .name("audit-checkpoints".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(interval);
                    let Some(log) = weak.upgrade() else { break };
                    if let Err(e) = log.flush() {
                        tracing::error!(error = %e, "audit checkpoint not written");
                    }
                    if let Err(e) = log.heartbeat() {
                        tracing::error!(error = %e, "audit checkpoint not written");
                    }
                }
            });
        if let Err(e) = spawned {
            tracing::error!(error = %e, "no checkpoint thread: checkpoints only at shutdown");
        }
        log
    }

    pub fn checkpoints_file(&self, region: &str) -> std::path::PathBuf {
        self.dir.join(format!("{region}.checkpoints"))
    }

    /// The witness's checkpoints file of a region, when there is a witness.
    pub fn witness_file(&self, region: &str) -> Option<std::path::PathBuf> {
        self.witness
            .as_ref()
            .map(|d| d.join(format!("{region}.checkpoints")))
    }

    /// The witness folder, when there is one.
    pub fn witness_dir(&self) -> Option<&std::path::Path> {
        self.witness.as_deref()
    }

    /// The marker a running server keeps (its process id).
    pub fn running_file(&self) -> std::path::PathBuf {
        self.dir.join("running")
    }

    fn region(&self, name: &str) -> Arc<Mutex<RegionLog>> {
        self.regions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(name.to_string())
            .or_default()
            .clone()
    }

    /// A server's start for one region: records an unclean stop of the
    /// previous run in the log itself (with how many entries it left
    /// unsigned), then signs the head. Blocking.
    pub fn start(&self, store: &crate::store::Store) -> Result<Started, AuditError> {
        let region = store.name().to_string();
        let head = store.audit_head()?;
        let checkpoints = read_checkpoints(&self.checkpoints_file(&region))?;
        let newest = checkpoints.iter().max_by_key(|c| c.at);
        let signed = checkpoints.iter().map(|c| c.size).max().unwrap_or(0);
        let log_size = head.as_ref().map(|h| h.seq).unwrap_or(0);
        if log_size < signed {
            tracing::error!(region = %region, log = log_size, signed,
                "the audit log is shorter than its signed checkpoints: entries were removed (crossdesk audit verify names them)");
            return Ok(Started::Shortened {
                log: log_size,
                signed,
            });
        }
        let clean = newest
            .is_none_or(|c| matches!(c.reason.as_str(), reason::SHUTDOWN | reason::COMMAND | ""))
            && log_size == signed;
        let mut started = Started::Clean;
        let head = if clean {
            head
        } else {
            let unsigned = log_size - signed;
            tracing::warn!(region = %region, unsigned, "the previous run stopped without signing its audit log: recorded");
            let record = Record {
                at: chrono::Utc::now().timestamp_millis(),
                kind: "audit_recovery".into(),
                subject: "-".into(),
                detail: serde_json::json!({
                    "cause": "the previous run stopped without a shutdown checkpoint",
                    "last_checkpoint_size": signed,
                    "last_checkpoint_reason": newest.map(|c| c.reason.clone()),
                    "last_checkpoint_at": newest.map(|c| c.at),
                    "unsigned_entries": unsigned,
                }),
                policy_hash: "-".into(),
            };
            let mut entries =
                store.append_audit(|last| self.chain.after(last, std::slice::from_ref(&record)))?;
            started = Started::Recovered { unsigned };
            entries.pop()
        };
        if let Some(head) = head {
            let turn = self.region(&region);
            let mut r = turn.lock().unwrap_or_else(|p| p.into_inner());
            self.write_checkpoint(&mut r, &region, &head, reason::START)?;
        }
        Ok(started)
    }

    /// Writes the running marker (this process's id).
    pub fn mark_running(&self) -> Result<(), AuditError> {
        std::fs::create_dir_all(&self.dir).map_err(FileError::at(&self.dir))?;
        let marker = self.running_file();
        std::fs::write(&marker, std::process::id().to_string()).map_err(FileError::at(&marker))?;
        Ok(())
    }

    /// Whether a server runs on these checkpoints: the marker names a
    /// process that is alive.
    pub fn server_running(&self) -> bool {
        std::fs::read_to_string(self.running_file())
            .ok()
            .and_then(|pid| pid.trim().parse::<u32>().ok())
            .is_some_and(|pid| std::path::Path::new(&format!("/proc/{pid}")).exists())
    }

    /// Blocking: run it off the async workers.
    pub fn append(&self, store: &crate::store::Store, record: &Record) -> Result<(), AuditError> {
        self.append_all(store, std::slice::from_ref(record))
    }

    /// Appends records in one transaction. Blocking: run it off the async
    /// workers.
    pub fn append_all(
        &self,
        store: &crate::store::Store,
        records: &[Record],
    ) -> Result<(), AuditError> {
        if records.is_empty() {
            return Ok(());
        }
        let mut entries = store.append_audit(|last| self.chain.after(last, records))?;
        if let Some(head) = entries.pop() {
            self.committed(store.name(), head);
        }
        Ok(())
    }

    /// The entries of `records`, chained after whatever head the writing
    /// transaction finds: the audit part of a store's write that also
    /// stores other rows ([`crate::store::Store::push_answer`]). Report the
    /// head it wrote with [`AuditLog::committed`].
    pub fn chaining(
        self: &Arc<Self>,
        records: Vec<Record>,
    ) -> impl FnMut(Option<Link<'_>>) -> Vec<AuditEntry> + Send + 'static {
        let log = self.clone();
        move |last| log.chain.after(last, &records)
    }

    /// A write that chained entries committed, `head` the newest of them.
    /// Checkpointed now, or at the next interval.
    pub fn committed(&self, region: &str, head: AuditEntry) {
        let turn = self.region(region);
        let mut r = turn.lock().unwrap_or_else(|p| p.into_inner());
        // Writes commit in any order across threads: keep the newest head.
        if r.unsigned.as_ref().is_some_and(|u| u.seq >= head.seq)
            || r.signed.as_ref().is_some_and(|(s, _)| s.seq >= head.seq)
        {
            return;
        }
        let signed = r.signed.as_ref().map(|(s, _)| s.seq).unwrap_or(0);
        let why = match self.interval {
            None => reason::COMMAND,
            Some(_) if head.seq - signed >= self.every => reason::ENTRIES,
            Some(_) => {
                r.unsigned = Some(head);
                return;
            }
        };
        if let Err(e) = self.write_checkpoint(&mut r, region, &head, why) {
            tracing::error!(error = %e, "audit checkpoint not written");
            r.unsigned = Some(head);
        }
    }

    /// Signs a checkpoint for every region with unsigned entries.
    pub fn flush(&self) -> Result<(), AuditError> {
        self.sign_each(|r| r.unsigned.take().map(|h| (h, reason::INTERVAL)))
    }

    /// Signs the head again where nothing changed for a minute: the newest
    /// checkpoint of a running server is never older than that, so cutting
    /// the newest checkpoints off shows.
    fn heartbeat(&self) -> Result<(), AuditError> {
        self.sign_each(|r| match &r.signed {
            Some((head, at))
                if r.unsigned.is_none() && at.elapsed().as_secs() as i64 >= HEARTBEAT_SECS =>
            {
                Some((head.clone(), reason::HEARTBEAT))
            }
            _ => None,
        })
    }

    /// Signs, for each region, what `pick` chooses.
    fn sign_each(
        &self,
        pick: impl Fn(&mut RegionLog) -> Option<(AuditEntry, &'static str)>,
    ) -> Result<(), AuditError> {
        let regions: Vec<(String, Arc<Mutex<RegionLog>>)> = self
            .regions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (name, turn) in regions {
            let mut r = turn.lock().unwrap_or_else(|p| p.into_inner());
            if let Some((head, why)) = pick(&mut r) {
                self.write_checkpoint(&mut r, &name, &head, why)?;
            }
        }
        Ok(())
    }

    fn write_checkpoint(
        &self,
        r: &mut RegionLog,
        region: &str,
        head: &AuditEntry,
        why: &str,
    ) -> Result<(), AuditError> {
        use std::io::Write;
        let cp = self.signer.checkpoint(region, head, why);
        let line = format!(
            "{}\n",
            serde_json::to_string(&cp).map_err(AuditError::Encode)?
        );
        let path = self.checkpoints_file(region);
        if r.file.is_none() {
            r.file = Some(open_checkpoints(&path)?);
        }
        // One write of the whole line (see `append_checkpoint`).
        let written = r
            .file
            .as_mut()
            .map(|f| f.write_all(line.as_bytes()))
            .unwrap_or(Ok(()));
        if let Err(e) = written {
            // Reopen next time (the file may have been moved away), and
            // keep the head to sign again.
            r.file = None;
            r.unsigned = Some(head.clone());
            return Err(FileError::at(&path)(e).into());
        }
        if let Some(witness) = self.witness_file(region) {
            if r.witness.is_none() {
                r.witness = Some(open_checkpoints(&witness)?);
            }
            if let Some(Err(e)) = r.witness.as_mut().map(|f| f.write_all(line.as_bytes())) {
                r.witness = None;
                return Err(FileError::at(&witness)(e).into());
            }
        }
        r.signed = Some((head.clone(), std::time::Instant::now()));
        Ok(())
    }
}

impl Drop for AuditLog {
    /// A server signs every region's head as a shutdown checkpoint, then
    /// removes its running marker; a command has signed as it went.
    fn drop(&mut self) {
        if self.interval.is_none() {
            return;
        }
        let result = self.flush().and_then(|()| {
            self.sign_each(|r| {
                r.signed
                    .as_ref()
                    .map(|(h, _)| (h.clone(), reason::SHUTDOWN))
            })
        });
        match result {
            Ok(()) => {
                let _ = std::fs::remove_file(self.running_file());
            }
            Err(e) => tracing::error!(error = %e, "audit checkpoint not written at shutdown"),
        }
    }
}

#[cfg(test)]
#[path = "log_tests.rs"]
mod tests;
