//! Step 7, answer: the core bot, through the gate (denied, allowed after
//! redaction, or allowed), bounded by its deadline. Its answer comes back
//! with the placeholders it kept restored, for the shopper.

use super::super::Pipeline;
use super::translate::Inbound;
use crate::gate::Passage;
use crate::upstream::{BotAnswer, UpstreamError};

impl Pipeline {
    /// Step 7: asks the core bot about `inbound` as the gate clears it.
    pub(in crate::pipeline) async fn answer(
        &self,
        conversation: &str,
        passage: &Passage,
        inbound: &Inbound,
    ) -> Result<BotAnswer, UpstreamError> {
        let started = std::time::Instant::now();
        let cleared = passage
            .clear(self.bot_target(), &inbound.text)
            .map_err(|_| UpstreamError::Denied)?;
        let answer =
            match tokio::time::timeout(self.bot_timeout, self.bot.answer(conversation, &cleared))
                .await
            {
                Ok(result) => result,
                Err(_) => Err(UpstreamError::Timeout(self.bot_timeout.as_millis() as u64)),
            };
        crate::metrics::global().stage("bot", started);
        answer.map(|a| BotAnswer {
            text: cleared.restore(&a.text),
            ..a
        })
    }
}
