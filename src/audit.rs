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
        hex::encode(hmac::sign(&self.key, &msg).as_ref())
    }

    /// The entry that follows `last` (`None`: the first).
    pub fn next(&self, last: Option<(i64, &str)>, r: &Record) -> AuditEntry {
        let (seq, prev) = match last {
            Some((s, h)) => (s + 1, h.to_string()),
            None => (1, GENESIS.to_string()),
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
            {
                return Err((e.seq, "content altered (hash does not match)".into()));
            }
            prev = e.hash.clone();
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
            let last = v.last().map(|e| (e.seq, e.hash.as_str()));
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
        v[2] = forged.next(Some((v[1].seq, &v[1].hash)), &r);
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
    pub at: i64,
    /// Ed25519 over the fields above (hex).
    pub signature: String,
}

fn checkpoint_message(region: &str, size: i64, head: &str, at: i64) -> Vec<u8> {
    format!("crossdesk audit checkpoint\n{region}\n{size}\n{head}\n{at}").into_bytes()
}

/// Signs checkpoints (Ed25519, ring). The key never leaves this struct.
pub struct Signer {
    pair: ring::signature::Ed25519KeyPair,
}

impl Signer {
    /// From a PKCS#8 file, created (mode 0600) when absent.
    pub fn from_file(file: &std::path::Path) -> Result<Signer, String> {
        use std::io::Write;
        let pkcs8 = match std::fs::read(file) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let rng = ring::rand::SystemRandom::new();
                let doc = ring::signature::Ed25519KeyPair::generate_pkcs8(&rng)
                    .map_err(|_| "random generator failed".to_string())?;
                if let Some(dir) = file.parent() {
                    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                }
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                let mut f = options
                    .open(file)
                    .map_err(|e| format!("{}: {e}", file.display()))?;
                f.write_all(doc.as_ref())
                    .map_err(|e| format!("{}: {e}", file.display()))?;
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

    pub fn checkpoint(&self, region: &str, size: i64, head: &str, at: i64) -> Checkpoint {
        Checkpoint {
            region: region.into(),
            size,
            head: head.into(),
            at,
            signature: hex::encode(
                self.pair
                    .sign(&checkpoint_message(region, size, head, at))
                    .as_ref(),
            ),
        }
    }
}

/// Checks a checkpoint's signature with a public key (hex).
pub fn checkpoint_valid(c: &Checkpoint, public_key: &str) -> bool {
    let (Ok(key), Ok(sig)) = (hex::decode(public_key), hex::decode(&c.signature)) else {
        return false;
    };
    ring::signature::UnparsedPublicKey::new(&ring::signature::ED25519, key)
        .verify(&checkpoint_message(&c.region, c.size, &c.head, c.at), &sig)
        .is_ok()
}

/// Appends a checkpoint line to `file`.
pub fn append_checkpoint(file: &std::path::Path, c: &Checkpoint) -> Result<(), String> {
    use std::io::Write;
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)
        .map_err(|e| format!("{}: {e}", file.display()))?;
    let line = serde_json::to_string(c).map_err(|e| e.to_string())?;
    writeln!(f, "{line}").map_err(|e| format!("{}: {e}", file.display()))
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
            let mut prev = GENESIS.to_string();
            for (i, e) in entries.iter().enumerate() {
                if e.seq != i as i64 + 1 || e.prev_hash != prev {
                    return Err((e.seq, "does not follow the entry before it".into()));
                }
                prev = e.hash.clone();
            }
        }
    }
    for c in checkpoints {
        if !checkpoint_valid(c, public_key) {
            return Err((c.size, "a checkpoint's signature does not verify".into()));
        }
        let Some(e) = entries
            .get((c.size - 1).max(0) as usize)
            .filter(|_| c.size >= 1)
        else {
            return Err((
                entries.len() as i64 + 1,
                format!(
                    "entries removed: a checkpoint signed at size {} but the log has {}",
                    c.size,
                    entries.len()
                ),
            ));
        };
        if e.hash != c.head {
            return Err((c.size, "differs from the signed checkpoint".into()));
        }
    }
    Ok(entries.len())
}

#[cfg(test)]
mod checkpoint_tests {
    use super::*;

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
            let e = c.next(entries.last().map(|e| (e.seq, e.hash.as_str())), &r);
            cps.push(signer.checkpoint("eu", e.seq, &e.hash, e.at));
            entries.push(e);
        }
        assert_eq!(verify_log(Some(&c), &entries, &cps, &pk), Ok(4));
        assert_eq!(verify_log(None, &entries, &cps, &pk), Ok(4));
        // The tail truncated: the chain alone still looks fine, the checkpoints do not.
        let short = &entries[..3];
        assert_eq!(c.verify(short), Ok(3));
        assert_eq!(verify_log(Some(&c), short, &cps, &pk).unwrap_err().0, 4);
        // A checkpoint signed with another key.
        let other = Signer::from_file(&dir.path().join("other.pk8")).unwrap();
        let mut forged = cps.clone();
        forged[3] = other.checkpoint("eu", 4, &entries[3].hash, 3);
        assert!(verify_log(Some(&c), &entries, &forged, &pk).is_err());
    }
}

/// The audit log of a deployment: the chain key, the checkpoint signer and
/// where checkpoints are kept. Every append writes the entry to the region's
/// store and a signed checkpoint of the new head outside it.
pub struct AuditLog {
    pub chain: Chain,
    pub signer: Signer,
    /// `data/audit/`: one `<region>.checkpoints` file per region.
    pub dir: std::path::PathBuf,
    /// Appends to checkpoint files take turns within the process.
    lock: std::sync::Mutex<()>,
}

impl AuditLog {
    pub fn new(chain: Chain, signer: Signer, dir: std::path::PathBuf) -> AuditLog {
        AuditLog {
            chain,
            signer,
            dir,
            lock: std::sync::Mutex::new(()),
        }
    }

    pub fn checkpoints_file(&self, region: &str) -> std::path::PathBuf {
        self.dir.join(format!("{region}.checkpoints"))
    }

    /// Blocking: run it off the async workers.
    pub fn append(&self, store: &crate::store::Store, record: &Record) -> Result<(), String> {
        let _turn = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let entry = store
            .append_audit(&self.chain, record)
            .map_err(|e| e.to_string())?;
        let cp = self
            .signer
            .checkpoint(store.name(), entry.seq, &entry.hash, entry.at);
        append_checkpoint(&self.checkpoints_file(store.name()), &cp)
    }
}
