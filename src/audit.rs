//! The audit chain (pure): each entry's hash is HMAC-SHA256, under the
//! deployment's audit key, of the previous hash and the entry's content.
//! Altering, removing or reordering any entry breaks every hash after it;
//! [`verify`] names the first entry that does not fit.

use ring::hmac;

use crate::store::models::AuditEntry;

/// Hash of the entry before the first.
pub const GENESIS: &str = "genesis";

/// What an entry says, before it is chained.
#[derive(Debug, Clone)]
pub struct Record {
    pub at: i64,
    pub kind: String,
    pub subject: String,
    pub detail: serde_json::Value,
    pub policy_hash: String,
}

pub struct Chain {
    key: hmac::Key,
}

fn fields(
    seq: i64,
    prev: &str,
    at: i64,
    kind: &str,
    subject: &str,
    detail: &str,
    policy_hash: &str,
) -> Vec<u8> {
    // Length-prefixed fields: no two different entries serialise alike.
    let mut msg = Vec::new();
    for part in [
        &seq.to_string(),
        prev,
        &at.to_string(),
        kind,
        subject,
        detail,
        policy_hash,
    ] {
        msg.extend_from_slice(&(part.len() as u64).to_be_bytes());
        msg.extend_from_slice(part.as_bytes());
    }
    msg
}

/// The public chain: SHA-256 over the previous digest and the content.
#[allow(clippy::too_many_arguments)]
pub fn public_digest(
    prev: &str,
    seq: i64,
    at: i64,
    kind: &str,
    subject: &str,
    detail: &str,
    policy_hash: &str,
) -> String {
    hex::encode(
        ring::digest::digest(
            &ring::digest::SHA256,
            &fields(seq, prev, at, kind, subject, detail, policy_hash),
        )
        .as_ref(),
    )
}

fn entry_digest(prev: &str, e: &AuditEntry) -> String {
    public_digest(
        prev,
        e.seq,
        e.at,
        &e.kind,
        &e.subject,
        &e.detail,
        &e.policy_hash,
    )
}

impl Chain {
    pub fn new(secret: &[u8]) -> Chain {
        Chain {
            key: hmac::Key::new(hmac::HMAC_SHA256, secret),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn digest(
        &self,
        seq: i64,
        prev: &str,
        at: i64,
        kind: &str,
        subject: &str,
        detail: &str,
        policy_hash: &str,
    ) -> String {
        let msg = fields(seq, prev, at, kind, subject, detail, policy_hash);
        hex::encode(hmac::sign(&self.key, &msg).as_ref())
    }

    /// The entry that follows `last` — its (seq, hash, digest) — or the first.
    pub fn next(&self, last: Option<(i64, &str, &str)>, r: &Record) -> AuditEntry {
        let (seq, prev, prev_digest) = match last {
            Some((s, h, d)) => (s + 1, h.to_string(), d.to_string()),
            None => (1, GENESIS.to_string(), GENESIS.to_string()),
        };
        let detail = r.detail.to_string();
        AuditEntry {
            hash: self.digest(
                seq,
                &prev,
                r.at,
                &r.kind,
                &r.subject,
                &detail,
                &r.policy_hash,
            ),
            digest: public_digest(
                &prev_digest,
                seq,
                r.at,
                &r.kind,
                &r.subject,
                &detail,
                &r.policy_hash,
            ),
            seq,
            at: r.at,
            kind: r.kind.clone(),
            subject: r.subject.clone(),
            detail,
            policy_hash: r.policy_hash.clone(),
            prev_hash: prev,
        }
    }

    /// `Err((seq, why))` for the first entry that does not fit the chain.
    pub fn verify(&self, entries: &[AuditEntry]) -> Result<usize, (i64, String)> {
        let mut prev = GENESIS.to_string();
        let mut prev_digest = GENESIS.to_string();
        for (i, e) in entries.iter().enumerate() {
            let expected_seq = i as i64 + 1;
            if e.seq != expected_seq {
                return Err((
                    e.seq,
                    format!(
                        "expected entry {expected_seq} here: an entry was removed or reordered"
                    ),
                ));
            }
            if e.prev_hash != prev {
                return Err((e.seq, "does not follow the entry before it".into()));
            }
            if self.digest(
                e.seq,
                &e.prev_hash,
                e.at,
                &e.kind,
                &e.subject,
                &e.detail,
                &e.policy_hash,
            ) != e.hash
                || entry_digest(&prev_digest, e) != e.digest
            {
                return Err((e.seq, "content altered (hash does not match)".into()));
            }
            prev = e.hash.clone();
            prev_digest = e.digest.clone();
        }
        Ok(entries.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain_of(n: usize) -> (Chain, Vec<AuditEntry>) {
        let c = Chain::new(&[3u8; 32]);
        let mut v: Vec<AuditEntry> = Vec::new();
        for i in 0..n {
            let r = Record {
                at: i as i64,
                kind: "transfer".into(),
                subject: "-".into(),
                detail: serde_json::json!({"i": i}),
                policy_hash: "h".into(),
            };
            let last = v
                .last()
                .map(|e| (e.seq, e.hash.as_str(), e.digest.as_str()));
            let e = c.next(last, &r);
            v.push(e);
        }
        (c, v)
    }

    #[test]
    fn an_intact_chain_verifies() {
        let (c, v) = chain_of(5);
        assert_eq!(c.verify(&v), Ok(5));
    }

    #[test]
    fn altered_removed_or_reordered_entries_are_named() {
        let (c, mut v) = chain_of(5);
        v[2].detail = "{\"i\":99}".into();
        assert_eq!(c.verify(&v).unwrap_err().0, 3);
        let (c, mut v) = chain_of(5);
        v.remove(1);
        assert_eq!(c.verify(&v).unwrap_err().0, 3);
        let (c, mut v) = chain_of(5);
        v.swap(3, 4);
        assert_eq!(c.verify(&v).unwrap_err().0, 5);
        // Rewriting an entry and its hash without the key: the next one breaks.
        let (c, mut v) = chain_of(5);
        let forged = Chain::new(&[4u8; 32]);
        let r = Record {
            at: 2,
            kind: "transfer".into(),
            subject: "-".into(),
            detail: serde_json::json!({"i": 7}),
            policy_hash: "h".into(),
        };
        v[2] = forged.next(Some((v[1].seq, &v[1].hash, &v[1].digest)), &r);
        assert_eq!(c.verify(&v).unwrap_err().0, 3);
    }
}

/// A signed statement of the log's size and head hash at a moment, kept
/// outside the database (one JSON line per checkpoint in
/// `data/audit/<region>.checkpoints`): whoever edits the database cannot
/// make the log shorter than a checkpoint without `audit verify` noticing.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Checkpoint {
    pub region: String,
    pub size: i64,
    pub head: String,
    /// The public digest of the entry at `size`.
    pub digest: String,
    pub at: i64,
    /// Ed25519 over the fields above (hex).
    pub signature: String,
}

fn checkpoint_message(region: &str, size: i64, head: &str, digest: &str, at: i64) -> Vec<u8> {
    format!("crossdesk audit checkpoint\n{region}\n{size}\n{head}\n{digest}\n{at}").into_bytes()
}

/// Signs checkpoints (Ed25519, ring). The key never leaves this struct.
pub struct Signer {
    pair: ring::signature::Ed25519KeyPair,
}

impl Signer {
    /// From a PKCS#8 file, created (mode 0600) when absent.
    pub fn from_file(file: &std::path::Path) -> Result<Signer, String> {
        let pkcs8 = match std::fs::read(file) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let rng = ring::rand::SystemRandom::new();
                let doc = ring::signature::Ed25519KeyPair::generate_pkcs8(&rng)
                    .map_err(|_| "random generator failed".to_string())?;
                crate::crypto::write_private_file(file, doc.as_ref())?;
                doc.as_ref().to_vec()
            }
            Err(e) => return Err(format!("{}: {e}", file.display())),
        };
        let pair = ring::signature::Ed25519KeyPair::from_pkcs8(&pkcs8)
            .map_err(|_| format!("{}: not an Ed25519 key", file.display()))?;
        Ok(Signer { pair })
    }

    /// The public key (hex), for auditors.
    pub fn public_key(&self) -> String {
        use ring::signature::KeyPair;
        hex::encode(self.pair.public_key().as_ref())
    }

    /// A signed checkpoint of the log at `entry` (its new head).
    pub fn checkpoint(&self, region: &str, entry: &AuditEntry) -> Checkpoint {
        let message = checkpoint_message(region, entry.seq, &entry.hash, &entry.digest, entry.at);
        Checkpoint {
            region: region.into(),
            size: entry.seq,
            head: entry.hash.clone(),
            digest: entry.digest.clone(),
            at: entry.at,
            signature: hex::encode(self.pair.sign(&message).as_ref()),
        }
    }
}

/// Checks a checkpoint's signature with a public key (hex).
pub fn checkpoint_valid(c: &Checkpoint, public_key: &str) -> bool {
    let (Ok(key), Ok(sig)) = (hex::decode(public_key), hex::decode(&c.signature)) else {
        return false;
    };
    ring::signature::UnparsedPublicKey::new(&ring::signature::ED25519, key)
        .verify(
            &checkpoint_message(&c.region, c.size, &c.head, &c.digest, c.at),
            &sig,
        )
        .is_ok()
}

/// Appends a checkpoint line to `file`.
pub fn append_checkpoint(file: &std::path::Path, c: &Checkpoint) -> Result<(), String> {
    use std::io::Write;
    let mut f = open_checkpoints(file)?;
    let line = serde_json::to_string(c).map_err(|e| e.to_string())?;
    // One write of the whole line: O_APPEND keeps lines from two processes
    // (instances sharing `data/audit/`) from interleaving.
    f.write_all(format!("{line}\n").as_bytes())
        .map_err(|e| format!("{}: {e}", file.display()))
}

/// Checkpoints from `file` (a missing file has none).
pub fn read_checkpoints(file: &std::path::Path) -> Result<Vec<Checkpoint>, String> {
    match std::fs::read_to_string(file) {
        Ok(text) => text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .enumerate()
            .map(|(i, l)| {
                serde_json::from_str(l).map_err(|e| format!("{}:{}: {e}", file.display(), i + 1))
            })
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(format!("{}: {e}", file.display())),
    }
}

/// The chain (with `chain`, when the audit key is at hand) and every
/// checkpoint (with the public key): `Err((seq, why))` names the first
/// problem. Without the audit key (an auditor with an export), the links
/// between entries and the signed checkpoints are still checked.
pub fn verify_log(
    chain: Option<&Chain>,
    entries: &[AuditEntry],
    checkpoints: &[Checkpoint],
    public_key: &str,
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
    Ok(entries.len())
}

#[cfg(test)]
mod checkpoint_tests {
    use super::*;

    #[test]
    fn the_server_signs_the_newest_head_at_intervals_and_at_shutdown() {
        let dir = tempfile::tempdir().unwrap();
        let store =
            crate::store::Store::open("eu", dir.path().join("eu.db").to_str().unwrap()).unwrap();
        let log = AuditLog::new(
            Chain::new(&[1u8; 32]),
            Signer::from_file(&dir.path().join("k.pk8")).unwrap(),
            dir.path().join("audit"),
        )
        // Long enough that only the explicit flush and the drop sign.
        .with_interval(std::time::Duration::from_secs(3600));
        let record = |i: i64| Record {
            at: i,
            kind: "decision".into(),
            subject: "-".into(),
            detail: serde_json::json!({ "i": i }),
            policy_hash: "h".into(),
        };
        let file = log.checkpoints_file("eu");
        log.append_all(&store, &[record(1), record(2)]).unwrap();
        log.append(&store, &record(3)).unwrap();
        assert!(read_checkpoints(&file).unwrap().is_empty());
        log.flush().unwrap();
        let cps = read_checkpoints(&file).unwrap();
        assert_eq!(cps.iter().map(|c| c.size).collect::<Vec<_>>(), [3]);
        // Nothing new: no new checkpoint.
        log.flush().unwrap();
        assert_eq!(read_checkpoints(&file).unwrap().len(), 1);
        log.append(&store, &record(4)).unwrap();
        drop(log);
        let cps = read_checkpoints(&file).unwrap();
        assert_eq!(cps.last().map(|c| c.size), Some(4));
        let entries = store.audit_entries().unwrap();
        let public = Signer::from_file(&dir.path().join("k.pk8"))
            .unwrap()
            .public_key();
        assert_eq!(
            verify_log(Some(&Chain::new(&[1u8; 32])), &entries, &cps, &public),
            Ok(4)
        );
    }

    #[test]
    fn truncation_and_forged_checkpoints_are_caught() {
        let dir = tempfile::tempdir().unwrap();
        let signer = Signer::from_file(&dir.path().join("k.pk8")).unwrap();
        let pk = signer.public_key();
        let c = Chain::new(&[1u8; 32]);
        let mut entries: Vec<AuditEntry> = Vec::new();
        let mut cps = Vec::new();
        for i in 0..4 {
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
            cps.push(signer.checkpoint("eu", &e));
            entries.push(e);
        }
        assert_eq!(verify_log(Some(&c), &entries, &cps, &pk), Ok(4));
        assert_eq!(verify_log(None, &entries, &cps, &pk), Ok(4));
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
        assert_eq!(verify_log(Some(&c), short, &cps, &pk).unwrap_err().0, 4);
        // A checkpoint signed with another key.
        let other = Signer::from_file(&dir.path().join("other.pk8")).unwrap();
        let mut forged = cps.clone();
        forged[3] = other.checkpoint("eu", &entries[3]);
        assert!(verify_log(Some(&c), &entries, &forged, &pk).is_err());
    }
}

/// The audit log of a deployment: the chain key, the checkpoint signer and
/// where checkpoints are kept. Every append writes the entry to the region's
/// store; a signed checkpoint of the new head goes outside it, at once or at
/// the next interval.
pub struct AuditLog {
    pub chain: Chain,
    pub signer: Signer,
    /// `data/audit/`: one `<region>.checkpoints` file per region.
    pub dir: std::path::PathBuf,
    /// Per region: the checkpoint file (kept open) and the newest unsigned
    /// head. Appends themselves are ordered by the store (its write lock or
    /// writer on SQLite, the primary key on PostgreSQL).
    regions: std::sync::Mutex<
        std::collections::HashMap<String, std::sync::Arc<std::sync::Mutex<RegionLog>>>,
    >,
    /// `None`: a checkpoint after every append (commands). `Some`: the
    /// server's checkpointer thread signs the newest head at this interval,
    /// so a message pays for its insert, not for a signature.
    interval: Option<std::time::Duration>,
}

#[derive(Default)]
struct RegionLog {
    /// The checkpoint file, kept open between appends.
    file: Option<std::fs::File>,
    /// The newest entry no checkpoint covers yet.
    unsigned: Option<AuditEntry>,
}

impl AuditLog {
    pub fn new(chain: Chain, signer: Signer, dir: std::path::PathBuf) -> AuditLog {
        AuditLog {
            chain,
            signer,
            dir,
            regions: Default::default(),
            interval: None,
        }
    }

    /// Checkpoints at most every `interval`, signed by a thread that lives
    /// as long as the log. Entries newer than the last checkpoint are
    /// chained but not yet signed: a truncation of that window (at most
    /// `interval` of entries) would go unnoticed, the price of keeping
    /// signatures off the message path.
    pub fn with_interval(mut self, interval: std::time::Duration) -> std::sync::Arc<AuditLog> {
        self.interval = Some(interval);
        let log = std::sync::Arc::new(self);
        let weak = std::sync::Arc::downgrade(&log);
        let spawned = std::thread::Builder::new()
            .name("audit-checkpoints".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(interval);
                    let Some(log) = weak.upgrade() else { break };
                    if let Err(e) = log.flush() {
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

    fn region(&self, name: &str) -> std::sync::Arc<std::sync::Mutex<RegionLog>> {
        self.regions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(name.to_string())
            .or_default()
            .clone()
    }

    /// Blocking: run it off the async workers.
    pub fn append(&self, store: &crate::store::Store, record: &Record) -> Result<(), String> {
        self.append_all(store, std::slice::from_ref(record))
    }

    /// Appends records in one transaction. Blocking: run it off the async
    /// workers.
    pub fn append_all(
        &self,
        store: &crate::store::Store,
        records: &[Record],
    ) -> Result<(), String> {
        if records.is_empty() {
            return Ok(());
        }
        self.append_with(store, |chain| {
            store
                .append_audit(chain, records)
                .map(|entries| ((), entries))
        })
        .map_err(|e| e.to_string())
    }

    /// Runs `write` — a store transaction that chains and inserts entries —
    /// then checkpoints the new head (now, or at the next interval).
    /// Blocking.
    pub fn append_with<R>(
        &self,
        store: &crate::store::Store,
        write: impl FnOnce(&Chain) -> Result<(R, Vec<AuditEntry>), crate::store::StoreError>,
    ) -> Result<R, crate::store::StoreError> {
        let (result, mut entries) = write(&self.chain)?;
        if let Some(head) = entries.pop() {
            self.committed(store.name(), head);
        }
        Ok(result)
    }

    /// A write that chained entries committed, `head` the newest of them.
    /// Checkpointed now, or at the next interval.
    pub fn committed(&self, region: &str, head: AuditEntry) {
        let turn = self.region(region);
        let mut r = turn.lock().unwrap_or_else(|p| p.into_inner());
        // Writes commit in any order across threads: keep the newest head.
        if r.unsigned.as_ref().is_some_and(|u| u.seq >= head.seq) {
            return;
        }
        if self.interval.is_some() {
            r.unsigned = Some(head);
        } else if let Err(e) = self.write_checkpoint(&mut r, region, &head) {
            tracing::error!(error = %e, "audit checkpoint not written");
            r.unsigned = Some(head);
        }
    }

    /// Signs a checkpoint for every region with unsigned entries.
    pub fn flush(&self) -> Result<(), String> {
        let regions: Vec<(String, std::sync::Arc<std::sync::Mutex<RegionLog>>)> = self
            .regions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (name, turn) in regions {
            let mut r = turn.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(head) = r.unsigned.take() {
                self.write_checkpoint(&mut r, &name, &head)?;
            }
        }
        Ok(())
    }

    fn write_checkpoint(
        &self,
        r: &mut RegionLog,
        region: &str,
        head: &AuditEntry,
    ) -> Result<(), String> {
        use std::io::Write;
        let cp = self.signer.checkpoint(region, head);
        let path = self.checkpoints_file(region);
        if r.file.is_none() {
            r.file = Some(open_checkpoints(&path)?);
        }
        let line = serde_json::to_string(&cp).map_err(|e| e.to_string())?;
        let written = r
            .file
            .as_mut()
            // One write of the whole line (see `append_checkpoint`).
            .map(|f| f.write_all(format!("{line}\n").as_bytes()))
            .unwrap_or(Ok(()));
        if let Err(e) = written {
            // Reopen next time (the file may have been moved away), and
            // keep the head to sign again.
            r.file = None;
            r.unsigned = Some(head.clone());
            return Err(format!("{}: {e}", path.display()));
        }
        Ok(())
    }
}

impl Drop for AuditLog {
    fn drop(&mut self) {
        if let Err(e) = self.flush() {
            tracing::error!(error = %e, "audit checkpoint not written at shutdown");
        }
    }
}

fn open_checkpoints(file: &std::path::Path) -> Result<std::fs::File, String> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)
        .map_err(|e| format!("{}: {e}", file.display()))
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
    verify_log(None, &entries, &checkpoints, public_key)
}
