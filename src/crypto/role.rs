//! Tokens of the people who oversee the proxy: compliance officers and
//! operators, one domain per role.

use super::TokenError;
use super::signer::{TokenSigner, valid_part};

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
