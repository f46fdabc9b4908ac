//! Delivering a channel conversation's messages (the bot's answers, the
//! agents' replies, the proxy's notices) through the channel's provider,
//! in order, each in the shopper's language. A message the provider does
//! not take is tried again with back-off (1 s, 2 s, 4 s … up to 10 min;
//! one refused as invalid, after an hour), and stays visible to agents
//! until it is delivered.

use crate::channels::{Recipient, SendError};
use crate::pipeline::{Error, Pipeline};
use crate::store::{Role, Store, Thread};

/// Threads taken per region and round.
const BATCH: i64 = 50;
/// Longest pause between two attempts at a message worth retrying.
const MAX_BACKOFF_MS: i64 = 600_000;
/// How long one instance holds a thread's delivery: longer than a round of
/// sends at the providers' deadlines.
const LEASE_MS: i64 = 120_000;
/// Pause after the provider refused a message (a 4xx: a blocked user, an
/// expired session window…): someone may have fixed it meanwhile.
const REFUSED_PAUSE_MS: i64 = 3_600_000;

/// When to try again after `attempts` failed attempts.
pub fn next_attempt(now: i64, attempts: i32, error: &SendError) -> i64 {
    match error {
        SendError::Retry(_) => now + (1000i64 << attempts.clamp(0, 20)).min(MAX_BACKOFF_MS),
        SendError::Refused(_) => now + REFUSED_PAUSE_MS,
    }
}

impl Pipeline {
    /// Delivers channel messages as long as the server runs: a round when a
    /// channel message was answered, and at least once a second (agents'
    /// replies, retries, other instances' messages). Nothing to do without
    /// channels.
    pub async fn run_deliveries(&self) {
        if self.channels.is_empty() {
            return;
        }
        loop {
            self.deliver_due().await;
            let _ = tokio::time::timeout(
                std::time::Duration::from_secs(1),
                self.deliveries.notified(),
            )
            .await;
        }
    }

    /// One round of deliveries in every region: the messages delivered.
    /// Errors are logged; the messages stay for the next round.
    pub async fn deliver_due(&self) -> usize {
        let mut delivered = 0;
        let regions: Vec<String> = self.stores.regions().map(str::to_string).collect();
        for region in regions {
            let Ok(store) = self.stores.get(&region).cloned() else {
                continue;
            };
            let now = self.clock.now_ms();
            let threads = match store.run(move |s| s.threads_to_deliver(now, BATCH)).await {
                Ok(t) => t,
                Err(e) => {
                    tracing::warn!(%region, error = %e, "deliveries: the store did not answer");
                    continue;
                }
            };
            for thread in threads {
                match self.deliver_thread(&store, &thread).await {
                    Ok(n) => delivered += n,
                    Err(e) => {
                        tracing::warn!(conversation = %thread.conversation_id, error = %e, "delivery failed")
                    }
                }
            }
        }
        delivered
    }

    /// Sends a thread's undelivered messages in order; stops at the first
    /// the provider does not take.
    async fn deliver_thread(&self, store: &Store, thread: &Thread) -> Result<usize, Error> {
        let Some((_, channel)) = self.channels.iter().find(|(c, _)| c.id == thread.channel) else {
            return Ok(0); // a channel no longer configured
        };
        // One instance at a time delivers a thread: no message twice.
        let now = self.clock.now_ms();
        let (ch, user) = (thread.channel.clone(), thread.user_ref.clone());
        if !store
            .run(move |s| s.take_delivery(&ch, &user, now, now + LEASE_MS))
            .await?
        {
            return Ok(0);
        }
        let id = thread.conversation_id.clone();
        let Some(conversation) = store.run(move |s| s.conversation(&id)).await? else {
            return Ok(0);
        };
        let sealer = self
            .vault
            .sealer(&conversation.region, &conversation.id)
            .await?;
        let open = |row: &str, value: &str| {
            sealer
                .open("shopper_id", row, value)
                .map_err(|e| Error::internal("delivery: unsealing the address", e))
        };
        let recipient = Recipient {
            user: open("recipient", &thread.recipient)?,
            reply_ref: thread
                .reply_ref
                .as_deref()
                .map(|r| open("reply_ref", r))
                .transpose()?,
        };
        let (id, after, s2) = (
            conversation.id.clone(),
            thread.delivered_seq,
            sealer.clone(),
        );
        let rows = store
            .run(move |s| s.messages_after(&id, after, &s2))
            .await?;
        let lang = self.shopper_lang(&conversation);
        let passage = self.passage(&conversation);
        let scope = self.scope(store, passage.clone());
        let mut delivered = 0;
        let mut failed = false;
        for m in rows.iter().filter(|m| m.role != Role::Shopper) {
            let (text, _, _) = self.shown_text(m, &lang, &scope).await;
            let outcome = channel.send(&recipient, &text).await;
            let now = self.clock.now_ms();
            let (ch, user, seq) = (thread.channel.clone(), thread.user_ref.clone(), m.seq);
            match outcome {
                Ok(()) => {
                    store
                        .run(move |s| s.delivery(&ch, &user, seq, Ok(())))
                        .await?;
                    delivered += 1;
                }
                Err(e) => {
                    let next = next_attempt(now, thread.attempts, &e);
                    tracing::warn!(conversation = %conversation.id, channel = %thread.channel, error = %e, "not delivered; retrying later");
                    let why = e.to_string();
                    store
                        .run(move |s| s.delivery(&ch, &user, seq, Err((why, next))))
                        .await?;
                    failed = true;
                    break;
                }
            }
        }
        if !failed {
            let (ch, user) = (thread.channel.clone(), thread.user_ref.clone());
            store.run(move |s| s.release_delivery(&ch, &user)).await?;
        }
        self.audit_hops(store, &passage).await?;
        Ok(delivered)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_to_ten_minutes_and_refusals_pause_an_hour() {
        let retry = SendError::Retry("503".into());
        assert_eq!(next_attempt(0, 0, &retry), 1000);
        assert_eq!(next_attempt(0, 3, &retry), 8000);
        assert_eq!(next_attempt(0, 30, &retry), MAX_BACKOFF_MS);
        assert_eq!(
            next_attempt(5, 0, &SendError::Refused("400".into())),
            5 + REFUSED_PAUSE_MS
        );
    }
}
