//! Reading a conversation's messages after a sequence number, waiting
//! for a first new one when asked (the shopper's and the agent's
//! long-polls).

use std::time::Duration;

use super::{Error, Pipeline};
use crate::store::Store;
use crate::store::models::{Conversation, Message};

impl Pipeline {
    /// The messages after `after` (0: all). With `wait`, waits up to that
    /// long for a first new one. Every instance reads the shared store, so
    /// any instance can answer.
    pub(crate) async fn messages_waiting(
        &self,
        store: &Store,
        conversation: &Conversation,
        after: i32,
        wait: Duration,
    ) -> Result<Vec<Message>, Error> {
        let deadline = tokio::time::Instant::now() + wait;
        let sealer = self
            .vault
            .sealer(&conversation.region, &conversation.id)
            .await?;
        // Only a long-poll waits: a wake-up when this process stores a
        // message in the conversation; on a store that instances share, a
        // read now and then for the messages the others store.
        let watch = (!wait.is_zero()).then(|| store.watch(&conversation.id));
        let unseen_writes_every = store.unseen_writes_every();
        // Taken once the request must wait, held until it answers.
        let mut slot = None;
        let rows: Vec<Message> = loop {
            let woken = watch.as_ref().map(|w| w.notified());
            tokio::pin!(woken);
            if let Some(w) = woken.as_mut().as_pin_mut() {
                // Before the read: a message stored after it still wakes.
                w.enable();
            }
            let id = conversation.id.clone();
            let sealer = sealer.clone();
            let rows = store
                .run(move |s| s.messages_after(&id, after, &sealer))
                .await?;
            let now = tokio::time::Instant::now();
            if !rows.is_empty() || now >= deadline {
                break rows;
            }
            if slot.is_none() {
                slot = Some(self.limits.wait_slot().ok_or(Error::Busy)?);
            }
            let left = deadline - now;
            let nap = unseen_writes_every.map_or(left, |every| left.min(every));
            match woken.as_mut().as_pin_mut() {
                Some(w) => {
                    let _ = tokio::time::timeout(nap, w).await;
                }
                None => tokio::time::sleep(nap).await,
            }
        };
        Ok(rows)
    }
}
