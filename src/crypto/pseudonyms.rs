//! Keyed pseudonyms of the shop's shopper ids.

use std::path::Path;

use ring::hmac;

use super::KeyError;
use super::keys::secret_from_env_or_file;
use super::private_file::write_private_file;

/// Keyed pseudonyms of the shop's shopper ids, per region: stable, so
/// erasure finds every conversation of a shopper, and useless without the
/// key. A key of its own, apart from the token key.
pub struct Pseudonyms {
    key: hmac::Key,
}

impl Pseudonyms {
    pub fn new(secret: &[u8]) -> Pseudonyms {
        Pseudonyms {
            key: hmac::Key::new(hmac::HMAC_SHA256, secret),
        }
    }

    /// From `CROSSDESK_PSEUDONYM_KEY` (hex), else `file`. A `file` that does
    /// not exist is created: from `legacy` (the token key of an
    /// installation made when pseudonyms were keyed with it, so that its
    /// shoppers are still found), else random.
    pub fn from_env_or_file(file: &Path, legacy: Option<Vec<u8>>) -> Result<Pseudonyms, KeyError> {
        if std::env::var("CROSSDESK_PSEUDONYM_KEY").is_err()
            && !file.exists()
            && let Some(secret) = legacy
        {
            write_private_file(file, &secret)?;
        }
        secret_from_env_or_file("CROSSDESK_PSEUDONYM_KEY", file).map(|k| Pseudonyms::new(&k))
    }

    pub fn pseudonym(&self, region: &str, shopper_id: &str) -> String {
        let tag = hmac::sign(
            &self.key,
            format!("crossdesk shopper\n{region}\n{shopper_id}").as_bytes(),
        );
        hex::encode(&tag.as_ref()[..16])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudonyms_have_their_own_key() {
        let dir = tempfile::tempdir().unwrap();
        let a =
            Pseudonyms::from_env_or_file(&dir.path().join("p.key"), Some(vec![3u8; 32])).unwrap();
        assert_eq!(
            a.pseudonym("eu", "cust-1"),
            Pseudonyms::new(&[3u8; 32]).pseudonym("eu", "cust-1")
        );
        assert_ne!(a.pseudonym("eu", "cust-1"), a.pseudonym("us", "cust-1"));
        let fresh = Pseudonyms::from_env_or_file(&dir.path().join("q.key"), None).unwrap();
        assert_ne!(fresh.pseudonym("eu", "cust-1"), a.pseudonym("eu", "cust-1"));
    }
}
