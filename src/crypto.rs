//! Conversation tokens and ids (ring). A token is `<conversation id>.<tag>`
//! where the tag is HMAC-SHA256 over the id: the server keeps no token table,
//! verification is constant-time, and a token names the one conversation it
//! opens. The key never appears in logs or errors.

use std::io::Write;
use std::path::Path;

use ring::hmac;
use ring::rand::{SecureRandom, SystemRandom};

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Not a token this server issued (bad shape or bad tag).
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
    #[error("token key: CROSSDESK_TOKEN_KEY must be at least 32 bytes of hex")]
    BadEnv,
    #[error("token key: system random generator failed")]
    Random,
}

pub struct TokenSigner {
    key: hmac::Key,
    rng: SystemRandom,
}

impl TokenSigner {
    pub fn new(secret: &[u8]) -> TokenSigner {
        TokenSigner {
            key: hmac::Key::new(hmac::HMAC_SHA256, secret),
            rng: SystemRandom::new(),
        }
    }

    /// The key from `CROSSDESK_TOKEN_KEY` (hex), else from `file`, created
    /// with 32 random bytes and mode 0600 when absent.
    pub fn from_env_or_file(file: &Path) -> Result<TokenSigner, KeyError> {
        secret_from_env_or_file("CROSSDESK_TOKEN_KEY", file).map(|k| TokenSigner::new(&k))
    }

    /// A new conversation id: the region, then 128 random bits.
    /// The region prefix lets any proxy find the right store without
    /// asking the other regions' stores.
    pub fn new_conversation_id(&self, region: &str) -> Result<String, KeyError> {
        let mut bytes = [0u8; 16];
        self.rng.fill(&mut bytes).map_err(|_| KeyError::Random)?;
        Ok(format!("{region}_{}", hex::encode(bytes)))
    }

    pub fn issue(&self, conversation_id: &str) -> String {
        let tag = hmac::sign(&self.key, conversation_id.as_bytes());
        format!("{conversation_id}.{}", hex::encode(tag.as_ref()))
    }

    /// Checks `token` and that it opens `conversation_id`.
    pub fn verify(&self, token: &str, conversation_id: &str) -> Result<(), TokenError> {
        let (id, tag) = token.rsplit_once('.').ok_or(TokenError::Invalid)?;
        let tag = hex::decode(tag).map_err(|_| TokenError::Invalid)?;
        hmac::verify(&self.key, id.as_bytes(), &tag).map_err(|_| TokenError::Invalid)?;
        if id != conversation_id {
            return Err(TokenError::OtherConversation);
        }
        Ok(())
    }
}

/// A secret of at least 32 bytes from the environment variable `env` (hex),
/// else from `file`, created with 32 random bytes and mode 0600 when absent.
pub fn secret_from_env_or_file(env: &str, file: &Path) -> Result<Vec<u8>, KeyError> {
    if let Ok(hex_key) = std::env::var(env) {
        let key = hex::decode(hex_key.trim()).map_err(|_| KeyError::BadEnv)?;
        if key.len() < 32 {
            return Err(KeyError::BadEnv);
        }
        return Ok(key);
    }
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

/// What an agent token says: the pool it is bound to, the agent, and the
/// language the agent reads and writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentClaims {
    pub pool: String,
    pub agent: String,
    pub lang: String,
}

/// Agent tokens sign a different message from conversation tokens, so one
/// kind can never pass for the other.
const AGENT_DOMAIN: &str = "crossdesk agent token\n";

fn valid_part(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl TokenSigner {
    /// A keyed pseudonym of the shop's shopper id within a region: stable,
    /// so erasure finds every conversation, and useless without the key.
    pub fn pseudonym(&self, region: &str, shopper_id: &str) -> String {
        let tag = hmac::sign(
            &self.key,
            format!("crossdesk shopper\n{region}\n{shopper_id}").as_bytes(),
        );
        hex::encode(&tag.as_ref()[..16])
    }

    /// `agent:<pool>:<agent>:<lang>.<tag>`.
    pub fn issue_agent(&self, claims: &AgentClaims) -> Result<String, TokenError> {
        if !(valid_part(&claims.pool) && valid_part(&claims.agent) && valid_part(&claims.lang)) {
            return Err(TokenError::Invalid);
        }
        let body = format!("agent:{}:{}:{}", claims.pool, claims.agent, claims.lang);
        let tag = hmac::sign(&self.key, format!("{AGENT_DOMAIN}{body}").as_bytes());
        Ok(format!("{body}.{}", hex::encode(tag.as_ref())))
    }

    pub fn verify_agent(&self, token: &str) -> Result<AgentClaims, TokenError> {
        let (body, tag) = token.rsplit_once('.').ok_or(TokenError::Invalid)?;
        let tag = hex::decode(tag).map_err(|_| TokenError::Invalid)?;
        hmac::verify(&self.key, format!("{AGENT_DOMAIN}{body}").as_bytes(), &tag)
            .map_err(|_| TokenError::Invalid)?;
        let mut parts = body.split(':');
        match (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) {
            (Some("agent"), Some(pool), Some(agent), Some(lang), None) => Ok(AgentClaims {
                pool: pool.into(),
                agent: agent.into(),
                lang: lang.into(),
            }),
            _ => Err(TokenError::Invalid),
        }
    }
}

/// What a compliance token says: a token id (for revocation), the officer,
/// and when it expires (Unix seconds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplianceClaims {
    pub id: String,
    pub officer: String,
    pub expires: i64,
}

/// Role tokens: `compliance` (officers) and `ops` (operations, the
/// dashboard). Each kind signs under its own domain: one never passes for
/// the other.
pub const ROLES: &[&str] = &["compliance", "ops"];

impl TokenSigner {
    /// `compliance:<id>:<officer>:<expires>.<tag>`; the id is random.
    pub fn issue_compliance(
        &self,
        officer: &str,
        expires: i64,
    ) -> Result<(ComplianceClaims, String), TokenError> {
        self.issue_role("compliance", officer, expires)
    }

    /// Checks the signature and expiry (`now`, Unix seconds); revocation is
    /// the caller's list.
    pub fn verify_compliance(&self, token: &str, now: i64) -> Result<ComplianceClaims, TokenError> {
        self.verify_role("compliance", token, now)
    }

    /// `<role>:<id>:<name>:<expires>.<tag>`, HMAC under the role's domain.
    pub fn issue_role(
        &self,
        role: &str,
        name: &str,
        expires: i64,
    ) -> Result<(ComplianceClaims, String), TokenError> {
        if !valid_part(name) || !ROLES.contains(&role) {
            return Err(TokenError::Invalid);
        }
        let mut id = [0u8; 8];
        self.rng.fill(&mut id).map_err(|_| TokenError::Invalid)?;
        let claims = ComplianceClaims {
            id: hex::encode(id),
            officer: name.into(),
            expires,
        };
        let body = format!("{role}:{}:{}:{}", claims.id, claims.officer, claims.expires);
        let domain = format!("crossdesk {role} token\n");
        let tag = hmac::sign(&self.key, format!("{domain}{body}").as_bytes());
        Ok((claims, format!("{body}.{}", hex::encode(tag.as_ref()))))
    }

    pub fn verify_role(
        &self,
        role: &str,
        token: &str,
        now: i64,
    ) -> Result<ComplianceClaims, TokenError> {
        let (body, tag) = token.rsplit_once('.').ok_or(TokenError::Invalid)?;
        let tag = hex::decode(tag).map_err(|_| TokenError::Invalid)?;
        let domain = format!("crossdesk {role} token\n");
        hmac::verify(&self.key, format!("{domain}{body}").as_bytes(), &tag)
            .map_err(|_| TokenError::Invalid)?;
        let parts: Vec<&str> = body.split(':').collect();
        let [kind, id, name, expires] = parts.as_slice() else {
            return Err(TokenError::Invalid);
        };
        let expires: i64 = expires.parse().map_err(|_| TokenError::Invalid)?;
        if *kind != role || expires <= now {
            return Err(TokenError::Invalid);
        }
        Ok(ComplianceClaims {
            id: id.to_string(),
            officer: name.to_string(),
            expires,
        })
    }
}

/// Splits a conversation id into its region, rejecting anything not shaped
/// like an id this server makes (so path tricks never reach a store).
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

    #[test]
    fn token_opens_its_own_conversation_only() {
        let s = TokenSigner::new(&[7u8; 32]);
        let a = s.new_conversation_id("eu").unwrap();
        let b = s.new_conversation_id("eu").unwrap();
        assert_ne!(a, b);
        let token = s.issue(&a);
        assert_eq!(s.verify(&token, &a), Ok(()));
        assert_eq!(s.verify(&token, &b), Err(TokenError::OtherConversation));
    }

    #[test]
    fn forged_or_foreign_tokens_are_invalid() {
        let s = TokenSigner::new(&[7u8; 32]);
        let other = TokenSigner::new(&[8u8; 32]);
        let id = s.new_conversation_id("cn").unwrap();
        assert_eq!(s.verify(&other.issue(&id), &id), Err(TokenError::Invalid));
        let mut forged = s.issue(&id);
        let last = forged.pop().unwrap();
        forged.push(if last == '0' { '1' } else { '0' });
        assert!(s.verify(&forged, &id).is_err());
        for bad in ["", ".", "abc", "x.zz", &format!("{id}.")] {
            assert_eq!(s.verify(bad, &id), Err(TokenError::Invalid), "{bad}");
        }
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
            "EU_0123456789abcdef0123456789abcdef",
        ] {
            assert_eq!(region_of_id(bad), None, "{bad}");
        }
    }

    #[test]
    fn agent_tokens_carry_their_pool_and_are_not_conversation_tokens() {
        let s = TokenSigner::new(&[9u8; 32]);
        let claims = AgentClaims {
            pool: "eu-madrid".into(),
            agent: "lucia".into(),
            lang: "es".into(),
        };
        let token = s.issue_agent(&claims).unwrap();
        assert_eq!(s.verify_agent(&token), Ok(claims));
        let id = s.new_conversation_id("eu").unwrap();
        assert_eq!(s.verify_agent(&s.issue(&id)), Err(TokenError::Invalid));
        let body = token.rsplit_once('.').unwrap().0;
        assert!(
            s.verify(&token, body).is_err(),
            "an agent token opens no conversation"
        );
        let forged = token.replace("eu-madrid", "cn-shanghai");
        assert_eq!(s.verify_agent(&forged), Err(TokenError::Invalid));
        assert!(
            s.issue_agent(&AgentClaims {
                pool: "a:b".into(),
                agent: "x".into(),
                lang: "en".into()
            })
            .is_err()
        );
    }

    #[test]
    fn compliance_tokens_expire_and_are_their_own_kind() {
        let s = TokenSigner::new(&[5u8; 32]);
        let (claims, token) = s.issue_compliance("dpo-anna", 2_000).unwrap();
        assert_eq!(s.verify_compliance(&token, 1_999), Ok(claims));
        assert_eq!(s.verify_compliance(&token, 2_000), Err(TokenError::Invalid));
        assert!(s.verify_agent(&token).is_err());
        let agent = s
            .issue_agent(&AgentClaims {
                pool: "p".into(),
                agent: "a".into(),
                lang: "en".into(),
            })
            .unwrap();
        assert!(s.verify_compliance(&agent, 0).is_err());
        assert!(
            s.verify_compliance(&token.replace("dpo-anna", "dpo-bob"), 0)
                .is_err()
        );
    }

    #[test]
    fn key_file_is_created_private_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/token.key");
        let a = TokenSigner::from_env_or_file(&path).unwrap();
        let b = TokenSigner::from_env_or_file(&path).unwrap();
        assert_eq!(b.verify(&a.issue("eu_x"), "eu_x"), Ok(()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
