//! The agents' side: a pool's queue, claiming, reading a conversation in
//! the agent's language with the original beside it (`read`), replying
//! translated to the shopper's language (`reply`), transferring and closing
//! (`hand`). An agent token is bound to one pool; an agent reaches only
//! conversations routed to it (this file).

mod hand;
mod read;
mod reply;

pub use read::{AgentMessage, AgentQueue, AgentView, Delivery, QueueEntry, RelatedConversation};
pub use reply::{Preview, Sent};

use super::Pipeline;
use crate::crypto::{AgentClaims, region_of_id};
use crate::gate::{Processor, Target};
use crate::language;
use crate::pipeline::Error;
use crate::store::State;
use crate::store::Store;
use crate::store::models::Conversation;

fn rfc3339(ms: i64) -> String {
    super::instant(ms).to_rfc3339()
}

impl Pipeline {
    /// Checks an agent token: signature, expiry, revocation, and that its
    /// pool still exists.
    pub fn agent_claims(&self, token: &str) -> Result<AgentClaims, Error> {
        let claims = self
            .tokens
            .verify_agent(token, self.clock.now().timestamp())
            .map_err(|_| Error::Unauthorized)?;
        if self.revoked.is_revoked(&claims.id) {
            return Err(Error::Unauthorized);
        }
        Ok(claims)
    }

    /// Regions whose conversations may reach `pool`: its own, and every
    /// region whose policy lets that pool's region see its conversations.
    fn regions_reaching(&self, pool: &crate::routing::Pool) -> Vec<String> {
        self.policies
            .regions()
            .iter()
            .filter(|r| {
                r.id == pool.region
                    || r.agent_regions(self.policies.regions())
                        .contains(&pool.region)
            })
            .map(|r| r.id.clone())
            .collect()
    }

    fn agent_pool(&self, claims: &AgentClaims) -> Result<&crate::routing::Pool, Error> {
        self.pools
            .iter()
            .find(|p| p.id == claims.pool)
            .ok_or(Error::Unauthorized)
    }

    pub(crate) fn shopper_lang(&self, c: &Conversation) -> String {
        c.lang
            .clone()
            .or_else(|| c.locale.as_deref().map(language::primary_subtag))
            .unwrap_or_else(|| self.pivot.clone())
    }

    /// The conversation, if it is routed to the agent's pool.
    async fn agents_conversation(
        &self,
        claims: &AgentClaims,
        id: &str,
    ) -> Result<(Store, Conversation), Error> {
        self.agent_pool(claims)?;
        let region =
            region_of_id(id).ok_or_else(|| Error::NotFound("conversation not found".into()))?;
        let store = self.stores.get(region)?.clone();
        let key = id.to_string();
        let c = store
            .run(move |s| s.conversation(&key))
            .await?
            .ok_or_else(|| Error::NotFound("conversation not found".into()))?;
        if c.pool.as_deref() != Some(claims.pool.as_str()) {
            return Err(Error::Forbidden);
        }
        Ok((store, c))
    }

    /// The agent's pool as the gate sees it.
    fn pool_target<'a>(&self, pool: &'a crate::routing::Pool) -> Target<'a> {
        Target {
            processor: Processor::AgentPool,
            name: &pool.id,
            jurisdiction: Some(&pool.region),
            cached: false,
        }
    }

    fn held_by(c: &Conversation, claims: &AgentClaims) -> Result<(), Error> {
        if c.state != State::Agent || c.agent.as_deref() != Some(claims.agent.as_str()) {
            return Err(Error::Conflict("claim the conversation first".into()));
        }
        Ok(())
    }
}
