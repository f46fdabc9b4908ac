//! The chain (pure): each entry's hash is HMAC-SHA256, under the
//! deployment's audit key, of the previous hash and the entry's content,
//! and its public digest SHA-256 of the previous digest and the content.
//! Altering, removing or reordering any entry breaks every hash after it;
//! [`Chain::verify`] names the first entry that does not fit.

use ring::hmac;

use crate::store::Link;
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

pub(super) fn entry_digest(prev: &str, e: &AuditEntry) -> String {
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
    pub fn next(&self, last: Option<Link<'_>>, r: &Record) -> AuditEntry {
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

    /// The entries of `records`, in order, chained after `last` (or from
    /// the first): what a store appends after its log's head.
    pub fn after(&self, last: Option<Link<'_>>, records: &[Record]) -> Vec<AuditEntry> {
        let mut entries: Vec<AuditEntry> = Vec::with_capacity(records.len());
        for record in records {
            let prev = match entries.last() {
                Some(e) => Some((e.seq, e.hash.as_str(), e.digest.as_str())),
                None => last,
            };
            let entry = self.next(prev, record);
            entries.push(entry);
        }
        entries
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
