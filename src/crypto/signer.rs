//! The token key and what every kind of token shares: its versions (the
//! newest signs, older ones verify during their grace), the tag over a
//! kind's domain, random token ids.

use std::path::Path;

use ring::hmac;
use ring::rand::{SecureRandom, SystemRandom};

use super::keys::{KeyVersion, versions_from_env_or_file};
use super::{KeyError, TokenError};

/// One version of the token key.
struct Version {
    number: u32,
    key: hmac::Key,
    /// Unix seconds after which it no longer verifies (`None`: no end).
    until: Option<i64>,
}

pub struct TokenSigner {
    /// Newest first; the first signs.
    versions: Vec<Version>,
    rng: SystemRandom,
}

impl TokenSigner {
    /// One key (version 1).
    pub fn new(secret: &[u8]) -> TokenSigner {
        TokenSigner::from_versions(vec![(1, secret.to_vec(), None)], 0)
    }

    /// Several versions; each but the newest verifies until `grace_secs`
    /// after the next one was added.
    pub fn from_versions(mut versions: Vec<KeyVersion>, grace_secs: i64) -> TokenSigner {
        versions.sort_by_key(|v| std::cmp::Reverse(v.0));
        let mut out = Vec::with_capacity(versions.len());
        let mut next_added: Option<Option<i64>> = None;
        for (number, secret, added) in versions {
            let until = match next_added {
                None => None,
                Some(Some(t)) => Some(t + grace_secs),
                Some(None) => None,
            };
            out.push(Version {
                number,
                key: hmac::Key::new(hmac::HMAC_SHA256, &secret),
                until,
            });
            next_added = Some(added);
        }
        TokenSigner {
            versions: out,
            rng: SystemRandom::new(),
        }
    }

    /// The key from `CROSSDESK_TOKEN_KEY` (hex, or `VERSION:HEX[@ADDED],…`),
    /// else from `file` (raw bytes, or `VERSION HEX ADDED` lines), created
    /// with 32 random bytes and mode 0600 when absent.
    pub fn from_env_or_file(file: &Path, grace_secs: i64) -> Result<TokenSigner, KeyError> {
        versions_from_env_or_file("CROSSDESK_TOKEN_KEY", file)
            .map(|v| TokenSigner::from_versions(v, grace_secs))
    }

    /// A random token id (to revoke the token by).
    pub(super) fn token_id(&self) -> Result<String, TokenError> {
        let mut id = [0u8; 8];
        self.fill_random(&mut id).map_err(|_| TokenError::Invalid)?;
        Ok(hex::encode(id))
    }

    /// The newest key version (it signs).
    pub(super) fn newest(&self) -> u32 {
        self.versions[0].number
    }

    /// The tag of `signed` (which ends with the newest version's number).
    pub(super) fn tag(&self, domain: &str, signed: &str) -> String {
        let tag = hmac::sign(
            &self.versions[0].key,
            format!("{domain}{signed}").as_bytes(),
        );
        hex::encode(tag.as_ref())
    }

    /// Checks `tag` over `body` with key `version`, if that version still verifies at `now`.
    pub(super) fn check(
        &self,
        domain: &str,
        body: &str,
        version: &str,
        tag: &str,
        now: i64,
    ) -> Result<(), TokenError> {
        let number: u32 = version.parse().map_err(|_| TokenError::Invalid)?;
        let v = self
            .versions
            .iter()
            .find(|v| v.number == number && v.until.is_none_or(|u| now <= u))
            .ok_or(TokenError::Invalid)?;
        let tag = hex::decode(tag).map_err(|_| TokenError::Invalid)?;
        hmac::verify(&v.key, format!("{domain}{body}").as_bytes(), &tag)
            .map_err(|_| TokenError::Invalid)
    }

    /// Fills `bytes` from the system random generator.
    pub(super) fn fill_random(&self, bytes: &mut [u8]) -> Result<(), ring::error::Unspecified> {
        self.rng.fill(bytes)
    }
}

/// A name bound into a token (pool, agent, language, officer): short, and
/// free of the token's separators.
pub(super) fn valid_part(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_000;

    #[test]
    fn a_rotated_key_verifies_old_tokens_during_its_grace_only() {
        let old = TokenSigner::from_versions(vec![(1, vec![1u8; 32], None)], 0);
        let id = old.new_conversation_id("eu").unwrap();
        let (_, token) = old.issue(&id, 100_000).unwrap();
        // Version 2 added at t = 5_000, with a grace of 1_000 s.
        let rotated = TokenSigner::from_versions(
            vec![(1, vec![1u8; 32], None), (2, vec![2u8; 32], Some(5_000))],
            1_000,
        );
        assert!(rotated.verify(&token, &id, 5_500).is_ok());
        assert_eq!(rotated.verify(&token, &id, 6_001), Err(TokenError::Invalid));
        let (_, fresh) = rotated.issue(&id, 100_000).unwrap();
        assert!(fresh.ends_with(&format!(".2.{}", fresh.rsplit('.').next().unwrap())));
        assert!(rotated.verify(&fresh, &id, 50_000).is_ok());
        assert!(old.verify(&fresh, &id, NOW).is_err());
    }

    #[test]
    fn key_file_is_created_private_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/token.key");
        let a = TokenSigner::from_env_or_file(&path, 0).unwrap();
        let b = TokenSigner::from_env_or_file(&path, 0).unwrap();
        assert!(
            b.verify(&a.issue("eu_x", 2_000).unwrap().1, "eu_x", NOW)
                .is_ok()
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
