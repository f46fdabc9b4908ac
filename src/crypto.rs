//! Tokens, conversation ids and shopper pseudonyms (ring).
//!
//! Every token names what it opens, carries an id (to revoke it) and an
//! expiry, and is HMAC-SHA256 under a version of the token key:
//!
//! - conversation: `<conversation id>.<token id>.<expires>.<key version>.<tag>`
//! - agent: `agent:<pool>:<agent>:<lang>:<token id>:<expires>:<key version>.<tag>`
//! - compliance, ops: `<role>:<token id>:<name>:<expires>:<key version>.<tag>`
//!
//! Each kind signs its own domain, so one never passes for another. The
//! server keeps no token table; verification is constant-time. The newest
//! key version signs; older versions verify until their grace period after
//! the rotation ends (`crossdesk keys rotate-tokens`). Shopper pseudonyms
//! (erasure finds a shopper's conversations by them) have a key of their
//! own, so rotating the token key never breaks erasure. Keys never appear
//! in logs or errors.

use std::io::Write;
use std::path::Path;

use ring::hmac;
use ring::rand::{SecureRandom, SystemRandom};

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Not a token this server issued (bad shape or bad tag), or expired.
    #[error("invalid token")]
    Invalid,
    /// A genuine token, but for another conversation.
    #[error("token is for another conversation")]
    OtherConversation,
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("token key: {0}")]
    Io(String),
    #[error("{0} must be hex of at least 32 bytes, or VERSION:HEX[@RFC3339],…")]
    BadEnv(&'static str),
    #[error("token key: system random generator failed")]
    Random,
}

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

/// A version of a key as stored: number, secret, when it was added.
pub type KeyVersion = (u32, Vec<u8>, Option<i64>);

/// Parses `VERSION HEX [ADDED]` lines (a key file) or `VERSION:HEX[@ADDED]`
/// items (environment); `None` when the text is not in that form.
pub fn parse_versions(text: &str) -> Option<Vec<KeyVersion>> {
    let mut out = Vec::new();
    // Lines of a file (whose comments may hold commas), or the items of
    // an environment variable.
    let items: Vec<&str> = if text.contains('\n') {
        text.lines().collect()
    } else {
        text.split(',').collect()
    };
    for item in items
        .into_iter()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let (v, rest) = item.split_once([' ', ':'])?;
        let v: u32 = v.parse().ok()?;
        let (hex_key, added) = match rest.trim().split_once([' ', '@']) {
            Some((h, a)) => (
                h,
                Some(
                    chrono::DateTime::parse_from_rfc3339(a.trim())
                        .ok()?
                        .timestamp(),
                ),
            ),
            None => (rest.trim(), None),
        };
        let secret = hex::decode(hex_key).ok()?;
        if secret.len() < 32 {
            return None;
        }
        out.push((v, secret, added));
    }
    (!out.is_empty()).then_some(out)
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

    /// A new conversation id: the region, then 128 random bits.
    /// The region prefix lets any proxy find the right store without
    /// asking the other regions' stores.
    pub fn new_conversation_id(&self, region: &str) -> Result<String, KeyError> {
        let mut bytes = [0u8; 16];
        self.rng.fill(&mut bytes).map_err(|_| KeyError::Random)?;
        Ok(format!("{region}_{}", hex::encode(bytes)))
    }

    fn token_id(&self) -> Result<String, TokenError> {
        let mut id = [0u8; 8];
        self.rng.fill(&mut id).map_err(|_| TokenError::Invalid)?;
        Ok(hex::encode(id))
    }

    /// The newest key version (it signs).
    fn newest(&self) -> u32 {
        self.versions[0].number
    }

    /// The tag of `signed` (which ends with the newest version's number).
    fn tag(&self, domain: &str, signed: &str) -> String {
        let tag = hmac::sign(
            &self.versions[0].key,
            format!("{domain}{signed}").as_bytes(),
        );
        hex::encode(tag.as_ref())
    }

    /// Checks `tag` over `body` with key `version`, if that version still verifies at `now`.
    fn check(
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

    /// A token for one conversation, valid until `expires` (Unix seconds):
    /// (token id, token).
    pub fn issue(
        &self,
        conversation_id: &str,
        expires: i64,
    ) -> Result<(String, String), TokenError> {
        let id = self.token_id()?;
        let signed = format!("{conversation_id}.{id}.{expires}.{}", self.newest());
        let tag = self.tag(CONVERSATION_DOMAIN, &signed);
        Ok((id, format!("{signed}.{tag}")))
    }

    /// Checks `token` at `now` and that it opens `conversation_id`; its id.
    pub fn verify(
        &self,
        token: &str,
        conversation_id: &str,
        now: i64,
    ) -> Result<String, TokenError> {
        let (signed, tag) = token.rsplit_once('.').ok_or(TokenError::Invalid)?;
        let mut parts = signed.rsplitn(4, '.');
        let (Some(version), Some(expires), Some(id), Some(conversation)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(TokenError::Invalid);
        };
        self.check(CONVERSATION_DOMAIN, signed, version, tag, now)?;
        let expires: i64 = expires.parse().map_err(|_| TokenError::Invalid)?;
        if expires <= now {
            return Err(TokenError::Invalid);
        }
        if conversation != conversation_id {
            return Err(TokenError::OtherConversation);
        }
        Ok(id.to_string())
    }
}

const CONVERSATION_DOMAIN: &str = "crossdesk conversation token\n";

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
            write_private_file(file, &secret).map_err(KeyError::Io)?;
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

/// A key's versions from the environment variable `env`, else from `file`
/// (raw bytes: version 1; or `VERSION HEX [ADDED]` lines), created with 32
/// random bytes and mode 0600 when absent.
pub fn versions_from_env_or_file(
    env: &'static str,
    file: &Path,
) -> Result<Vec<KeyVersion>, KeyError> {
    if let Ok(text) = std::env::var(env) {
        if let Some(v) = parse_versions(&text) {
            return Ok(v);
        }
        let key = hex::decode(text.trim()).map_err(|_| KeyError::BadEnv(env))?;
        if key.len() < 32 {
            return Err(KeyError::BadEnv(env));
        }
        return Ok(vec![(1, key, None)]);
    }
    if let Ok(bytes) = std::fs::read(file)
        && let Ok(text) = std::str::from_utf8(&bytes)
        && (text.starts_with('#')
            || text.starts_with(|c: char| c.is_ascii_digit()) && text.contains(' '))
    {
        // A text key file: versions, or an error (never the text as a key).
        return parse_versions(text).ok_or_else(|| {
            KeyError::Io(format!(
                "{}: not `VERSION HEX [ADDED]` lines",
                file.display()
            ))
        });
    }
    secret_from_file(file).map(|k| vec![(1, k, None)])
}

/// A secret of at least 32 bytes from the environment variable `env` (hex),
/// else from `file`, created with 32 random bytes and mode 0600 when absent.
pub fn secret_from_env_or_file(env: &'static str, file: &Path) -> Result<Vec<u8>, KeyError> {
    if let Ok(hex_key) = std::env::var(env) {
        let key = hex::decode(hex_key.trim()).map_err(|_| KeyError::BadEnv(env))?;
        if key.len() < 32 {
            return Err(KeyError::BadEnv(env));
        }
        return Ok(key);
    }
    secret_from_file(file)
}

/// A secret of at least 32 bytes from `file`, created with 32 random bytes
/// and mode 0600 when absent.
pub fn secret_from_file(file: &Path) -> Result<Vec<u8>, KeyError> {
    match std::fs::read(file) {
        Ok(key) if key.len() >= 32 => return Ok(key),
        Ok(_) => {
            return Err(KeyError::Io(format!(
                "{} is shorter than 32 bytes",
                file.display()
            )));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(KeyError::Io(format!("{}: {e}", file.display()))),
    }
    let mut key = [0u8; 32];
    SystemRandom::new()
        .fill(&mut key)
        .map_err(|_| KeyError::Random)?;
    write_private_file(file, &key).map_err(KeyError::Io)?;
    Ok(key.to_vec())
}

/// Creates `file` (and its folder) with `bytes`, readable by the owner only
/// (mode 0600), refusing to overwrite: every secret the proxy generates
/// (token, audit, region and signing keys) is written this way.
pub fn write_private_file(file: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(dir) = file.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut f = options
        .open(file)
        .map_err(|e| format!("{}: {e}", file.display()))?;
    f.write_all(bytes)
        .map_err(|e| format!("{}: {e}", file.display()))
}

/// What an agent token says: the pool it is bound to, the agent, the
/// language the agent reads and writes, its id and its expiry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentClaims {
    pub pool: String,
    pub agent: String,
    pub lang: String,
    pub id: String,
    pub expires: i64,
}

const AGENT_DOMAIN: &str = "crossdesk agent token\n";

fn valid_part(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl TokenSigner {
    /// An agent token bound to `pool`, valid until `expires`.
    pub fn issue_agent(
        &self,
        pool: &str,
        agent: &str,
        lang: &str,
        expires: i64,
    ) -> Result<(AgentClaims, String), TokenError> {
        if !(valid_part(pool) && valid_part(agent) && valid_part(lang)) {
            return Err(TokenError::Invalid);
        }
        let id = self.token_id()?;
        let signed = format!(
            "agent:{pool}:{agent}:{lang}:{id}:{expires}:{}",
            self.newest()
        );
        let tag = self.tag(AGENT_DOMAIN, &signed);
        let claims = AgentClaims {
            pool: pool.into(),
            agent: agent.into(),
            lang: lang.into(),
            id,
            expires,
        };
        Ok((claims, format!("{signed}.{tag}")))
    }

    pub fn verify_agent(&self, token: &str, now: i64) -> Result<AgentClaims, TokenError> {
        let (signed, tag) = token.rsplit_once('.').ok_or(TokenError::Invalid)?;
        let parts: Vec<&str> = signed.split(':').collect();
        let ["agent", pool, agent, lang, id, expires, version] = parts.as_slice() else {
            return Err(TokenError::Invalid);
        };
        self.check(AGENT_DOMAIN, signed, version, tag, now)?;
        let expires: i64 = expires.parse().map_err(|_| TokenError::Invalid)?;
        if expires <= now {
            return Err(TokenError::Invalid);
        }
        Ok(AgentClaims {
            pool: pool.to_string(),
            agent: agent.to_string(),
            lang: lang.to_string(),
            id: id.to_string(),
            expires,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplianceClaims {
    pub id: String,
    pub officer: String,
    pub expires: i64,
}

pub const ROLES: &[&str] = &["compliance", "ops"];

impl TokenSigner {
    pub fn issue_compliance(
        &self,
        officer: &str,
        expires: i64,
    ) -> Result<(ComplianceClaims, String), TokenError> {
        self.issue_role("compliance", officer, expires)
    }

    pub fn verify_compliance(&self, token: &str, now: i64) -> Result<ComplianceClaims, TokenError> {
        self.verify_role("compliance", token, now)
    }

    pub fn issue_role(
        &self,
        role: &str,
        name: &str,
        expires: i64,
    ) -> Result<(ComplianceClaims, String), TokenError> {
        if !valid_part(name) || !ROLES.contains(&role) {
            return Err(TokenError::Invalid);
        }
        let claims = ComplianceClaims {
            id: self.token_id()?,
            officer: name.into(),
            expires,
        };
        let signed = format!(
            "{role}:{}:{}:{}:{}",
            claims.id,
            claims.officer,
            claims.expires,
            self.newest()
        );
        let tag = self.tag(&format!("crossdesk {role} token\n"), &signed);
        Ok((claims, format!("{signed}.{tag}")))
    }

    pub fn verify_role(
        &self,
        role: &str,
        token: &str,
        now: i64,
    ) -> Result<ComplianceClaims, TokenError> {
        let (signed, tag) = token.rsplit_once('.').ok_or(TokenError::Invalid)?;
        let parts: Vec<&str> = signed.split(':').collect();
        let [kind, id, name, expires, version] = parts.as_slice() else {
            return Err(TokenError::Invalid);
        };
        if *kind != role {
            return Err(TokenError::Invalid);
        }
        self.check(
            &format!("crossdesk {role} token\n"),
            signed,
            version,
            tag,
            now,
        )?;
        let expires: i64 = expires.parse().map_err(|_| TokenError::Invalid)?;
        if expires <= now {
            return Err(TokenError::Invalid);
        }
        Ok(ComplianceClaims {
            id: id.to_string(),
            officer: name.to_string(),
            expires,
        })
    }
}

pub fn region_of_id(id: &str) -> Option<&str> {
    let (region, rand) = id.split_once('_')?;
    let region_ok = !region.is_empty()
        && region.len() <= 32
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    let rand_ok = rand.len() == 32
        && rand
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase());
    (region_ok && rand_ok).then_some(region)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_000;

    #[test]
    fn token_opens_its_own_conversation_only_until_it_expires() {
        let s = TokenSigner::new(&[7u8; 32]);
        let a = s.new_conversation_id("eu").unwrap();
        let b = s.new_conversation_id("eu").unwrap();
        assert_ne!(a, b);
        let (id, token) = s.issue(&a, 2_000).unwrap();
        assert_eq!(s.verify(&token, &a, NOW), Ok(id));
        assert_eq!(
            s.verify(&token, &b, NOW),
            Err(TokenError::OtherConversation)
        );
        assert_eq!(
            s.verify(&token, &a, 2_000),
            Err(TokenError::Invalid),
            "expired"
        );
        let (other_id, _) = s.issue(&a, 2_000).unwrap();
        assert_ne!(
            s.verify(&token, &a, NOW).unwrap(),
            other_id,
            "each token its own id"
        );
    }

    #[test]
    fn forged_or_foreign_tokens_are_invalid() {
        let s = TokenSigner::new(&[7u8; 32]);
        let other = TokenSigner::new(&[8u8; 32]);
        let id = s.new_conversation_id("cn").unwrap();
        let foreign = other.issue(&id, 2_000).unwrap().1;
        assert_eq!(s.verify(&foreign, &id, NOW), Err(TokenError::Invalid));
        let (_, token) = s.issue(&id, 2_000).unwrap();
        let mut forged = token.clone();
        let last = forged.pop().unwrap();
        forged.push(if last == '0' { '1' } else { '0' });
        assert!(s.verify(&forged, &id, NOW).is_err());
        let later = token.replace(".2000.", ".9999.");
        assert_eq!(
            s.verify(&later, &id, NOW),
            Err(TokenError::Invalid),
            "expiry is signed"
        );
        for bad in [
            "",
            ".",
            "abc",
            "x.zz",
            &format!("{id}."),
            &format!("{id}.ab.cd"),
        ] {
            assert_eq!(s.verify(bad, &id, NOW), Err(TokenError::Invalid), "{bad}");
        }
    }

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
    fn ids_carry_their_region_and_nothing_else_passes() {
        let s = TokenSigner::new(&[1u8; 32]);
        let id = s.new_conversation_id("apac").unwrap();
        assert_eq!(region_of_id(&id), Some("apac"));
        for bad in [
            "",
            "eu",
            "eu_",
            "../eu_0123",
            "eu_0123456789abcdef0123456789ABCDEF",
        ] {
            assert_eq!(region_of_id(bad), None, "{bad}");
        }
    }

    #[test]
    fn agent_tokens_carry_their_pool_expire_and_are_not_conversation_tokens() {
        let s = TokenSigner::new(&[9u8; 32]);
        let (claims, token) = s.issue_agent("eu-madrid", "lucia", "es", 2_000).unwrap();
        assert_eq!(s.verify_agent(&token, NOW), Ok(claims));
        assert_eq!(s.verify_agent(&token, 2_000), Err(TokenError::Invalid));
        let id = s.new_conversation_id("eu").unwrap();
        assert!(
            s.verify_agent(&s.issue(&id, 2_000).unwrap().1, NOW)
                .is_err()
        );
        let body = token.rsplit_once('.').unwrap().0;
        assert!(
            s.verify(&token, body, NOW).is_err(),
            "an agent token opens no conversation"
        );
        let forged = token.replace("eu-madrid", "cn-shanghai");
        assert_eq!(s.verify_agent(&forged, NOW), Err(TokenError::Invalid));
        assert!(s.issue_agent("a:b", "x", "en", 2_000).is_err());
    }

    #[test]
    fn compliance_tokens_expire_and_are_their_own_kind() {
        let s = TokenSigner::new(&[5u8; 32]);
        let (claims, token) = s.issue_compliance("dpo-anna", 2_000).unwrap();
        assert_eq!(s.verify_compliance(&token, 1_999), Ok(claims));
        assert_eq!(s.verify_compliance(&token, 2_000), Err(TokenError::Invalid));
        assert!(s.verify_agent(&token, 0).is_err());
        let (_, agent) = s.issue_agent("p", "a", "en", 2_000).unwrap();
        assert!(s.verify_compliance(&agent, 0).is_err());
        assert!(
            s.verify_compliance(&token.replace("dpo-anna", "dpo-bob"), 0)
                .is_err()
        );
        assert!(s.verify_role("ops", &token, 0).is_err());
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

    #[test]
    fn key_files_with_versions_and_comments_parse() {
        let text = format!(
            "# a comment, with commas, and: colons\n1 {}\n2 {} 2026-12-06T10:00:00+00:00\n",
            "ab".repeat(32),
            "cd".repeat(32)
        );
        let v = parse_versions(&text).unwrap();
        assert_eq!(
            v.iter().map(|v| (v.0, v.2.is_some())).collect::<Vec<_>>(),
            [(1, false), (2, true)]
        );
        let env = format!(
            "1:{},2:{}@2026-12-06T10:00:00Z",
            "ab".repeat(32),
            "cd".repeat(32)
        );
        assert_eq!(parse_versions(&env).unwrap().len(), 2);
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("t.key");
        std::fs::write(&f, "# broken\n1 nothex\n").unwrap();
        assert!(
            versions_from_env_or_file("", &f).is_err(),
            "a broken text file is not a raw key"
        );
    }

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

/// Revoked token ids: the configuration's `revoked_tokens`, and the file
/// `crossdesk token revoke` appends to, read again when it changes (looked
/// at no more than once a second).
pub struct Revocations {
    fixed: std::collections::HashSet<String>,
    file: Option<std::path::PathBuf>,
    state: std::sync::Mutex<RevokedFile>,
}

#[derive(Default)]
struct RevokedFile {
    checked: Option<std::time::Instant>,
    modified: Option<std::time::SystemTime>,
    ids: std::collections::HashSet<String>,
}

impl Revocations {
    pub fn new(
        fixed: impl IntoIterator<Item = String>,
        file: Option<std::path::PathBuf>,
    ) -> Revocations {
        Revocations {
            fixed: fixed.into_iter().collect(),
            file,
            state: Default::default(),
        }
    }

    pub fn is_revoked(&self, id: &str) -> bool {
        if self.fixed.contains(id) {
            return true;
        }
        let Some(file) = &self.file else {
            return false;
        };
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if s.checked
            .is_none_or(|t| t.elapsed() >= std::time::Duration::from_secs(1))
        {
            s.checked = Some(std::time::Instant::now());
            let modified = std::fs::metadata(file).and_then(|m| m.modified()).ok();
            if modified != s.modified {
                s.modified = modified;
                s.ids = std::fs::read_to_string(file)
                    .unwrap_or_default()
                    .lines()
                    .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
                    .filter(|l| !l.is_empty())
                    .collect();
            }
        }
        s.ids.contains(id)
    }

    /// Appends `id` to the revocation file (created mode 0600).
    pub fn revoke(file: &Path, id: &str, note: &str) -> Result<(), String> {
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err("a token id is hex (printed when the token was made)".into());
        }
        if !file.exists() {
            write_private_file(file, b"# revoked token ids, one per line\n")?;
        }
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(file)
            .map_err(|e| format!("{}: {e}", file.display()))?;
        f.write_all(format!("{id} # {note}\n").as_bytes())
            .map_err(|e| format!("{}: {e}", file.display()))
    }
}

/// Writes `bytes` to `file` atomically with mode 0600: a temporary file
/// beside it, then a rename, so a reader sees the old or the new content
/// and never a group- or world-readable key.
pub fn replace_private_file(file: &Path, bytes: &[u8]) -> Result<(), String> {
    let tmp = file.with_extension("tmp-new");
    let _ = std::fs::remove_file(&tmp);
    write_private_file(&tmp, bytes)?;
    std::fs::rename(&tmp, file).map_err(|e| format!("{}: {e}", file.display()))
}
