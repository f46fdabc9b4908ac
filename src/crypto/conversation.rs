//! Conversation ids (the region, then 128 random bits) and the tokens that
//! open one conversation.

use super::signer::TokenSigner;
use super::{KeyError, TokenError};

const CONVERSATION_DOMAIN: &str = "crossdesk conversation token\n";

impl TokenSigner {
    /// A new conversation id: the region, then 128 random bits.
    /// The region prefix lets any proxy find the right store without
    /// asking the other regions' stores.
    pub fn new_conversation_id(&self, region: &str) -> Result<String, KeyError> {
        let mut bytes = [0u8; 16];
        self.fill_random(&mut bytes).map_err(|_| KeyError::Random)?;
        Ok(format!("{region}_{}", hex::encode(bytes)))
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

/// The region of a conversation id, when `id` has the shape of one.
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
}
