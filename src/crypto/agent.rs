//! Agent tokens: bound to a pool, an agent and the language the agent
//! reads and writes.

use super::TokenError;
use super::signer::{TokenSigner, valid_part};

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

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_000;

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
}
