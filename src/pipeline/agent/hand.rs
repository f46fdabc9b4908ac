//! Handing a conversation on: to a partner pool, or closed with a
//! resolution.

use super::super::Pipeline;
use crate::crypto::AgentClaims;
use crate::pipeline::Error;
use crate::store::Resolution;
use crate::store::models::NewMessage;

impl Pipeline {
    /// Hands a held conversation to another pool's queue, where the shopper
    /// region's policy allows that pool.
    pub async fn transfer(&self, claims: &AgentClaims, id: &str, to: &str) -> Result<(), Error> {
        let (store, c) = self.agents_conversation(claims, id).await?;
        Self::held_by(&c, claims)?;
        let target = self
            .pools
            .iter()
            .find(|p| p.id == to)
            .ok_or_else(|| Error::invalid("unknown_pool", format!("no pool {to:?}")))?;
        if !self.regions_reaching(target).contains(&c.region) {
            return Err(Error::invalid(
                "transfer_not_allowed",
                format!(
                    "region {}'s policy does not allow pools of region {}",
                    c.region, target.region
                ),
            ));
        }
        let now = self.clock.now_ms();
        let (key, pool, agent, to) = (
            id.to_string(),
            claims.pool.clone(),
            claims.agent.clone(),
            to.to_string(),
        );
        if !store
            .run(move |s| s.transfer(&key, &pool, &agent, &to, now))
            .await?
        {
            return Err(Error::Conflict("the conversation changed meanwhile".into()));
        }
        tracing::info!(conversation = %id, from = %claims.pool, to = %target.id, "transferred");
        Ok(())
    }

    /// Closes a held conversation with a resolution; the shopper is told.
    pub async fn close(
        &self,
        claims: &AgentClaims,
        id: &str,
        resolution: &str,
    ) -> Result<(), Error> {
        let Ok(resolution) = resolution.parse::<Resolution>() else {
            let known: Vec<&str> = Resolution::ALL.iter().map(|r| r.as_str()).collect();
            return Err(Error::invalid(
                "invalid_resolution",
                format!("`resolution` must be one of {known:?}"),
            ));
        };
        let (store, c) = self.agents_conversation(claims, id).await?;
        Self::held_by(&c, claims)?;
        let ui = self.locale_for(&self.shopper_lang(&c), c.locale.as_deref());
        let now = self.clock.now_ms();
        // Closed, and the satisfaction question, in the shopper's language.
        let notice = NewMessage::system(
            format!(
                "{} {}",
                self.notice(&ui, "conversation-closed", &[]).text,
                self.notice(&ui, "rating-prompt", &[]).text
            ),
            ui.language.as_str(),
            now,
        );
        let sealer = self.vault.sealer(&c.region, &c.id).await?;
        let (key, pool, agent, resolution) = (
            id.to_string(),
            claims.pool.clone(),
            claims.agent.clone(),
            resolution,
        );
        if !store
            .run(move |s| s.close(&key, &pool, &agent, resolution, &notice, now, &sealer))
            .await?
        {
            return Err(Error::Conflict("the conversation changed meanwhile".into()));
        }
        Ok(())
    }
}
