//! Wake-ups for readers waiting for a conversation's next message (the
//! shopper's long-poll for an agent's reply). A message this process
//! stores wakes the readers of its conversation at once, and they read;
//! a reader does not read the store on a timer, which with thousands of
//! shoppers waiting would cost thousands of reads a second and slow
//! everyone else's messages (docs/PERFORMANCE.md). On a PostgreSQL store,
//! which instances share, a message stored by another instance wakes them
//! through `NOTIFY` (`listen`), and a waiting reader still reads every
//! [`NOT_LOCAL`] for a wake-up that could be lost
//! ([`super::Store::unseen_writes_every`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::Notify;

/// How often a waiting reader of a shared (PostgreSQL) store reads anyway,
/// in case another instance's message announced no wake-up (`listen`).
pub const NOT_LOCAL: Duration = Duration::from_secs(5);

/// The conversations someone waits on, each with its wake-up.
#[derive(Default)]
pub(super) struct Wakeups {
    waiting: Mutex<HashMap<String, Arc<Notify>>>,
}

impl Wakeups {
    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Notify>>> {
        self.waiting.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Wakes whoever waits on conversation `id` (call after the commit).
    pub(super) fn wake(&self, id: &str) {
        if let Some(n) = self.map().get(id) {
            n.notify_waiters();
        }
    }

    /// Wakes every waiting reader (after wake-ups may have been missed).
    pub(super) fn wake_all(&self) {
        for n in self.map().values() {
            n.notify_waiters();
        }
    }

    /// Starts waiting on conversation `id`.
    pub(super) fn watch(self: &Arc<Self>, id: &str) -> Watch {
        let notify = self.map().entry(id.to_string()).or_default().clone();
        Watch {
            id: id.to_string(),
            notify,
            owner: self.clone(),
        }
    }

    #[cfg(test)]
    pub(super) fn watched(&self) -> usize {
        self.map().len()
    }
}

/// One reader's wait on a conversation; the entry goes with its last one.
pub struct Watch {
    id: String,
    notify: Arc<Notify>,
    owner: Arc<Wakeups>,
}

impl Watch {
    /// The next wake-up. Enable it (`Notified::enable`) *before* reading,
    /// so that a message stored between the read and the wait still wakes.
    pub fn notified(&self) -> tokio::sync::futures::Notified<'_> {
        self.notify.notified()
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let mut map = self.owner.map();
        // The map's handle and this one: no other reader waits.
        if Arc::strong_count(&self.notify) <= 2 {
            map.remove(&self.id);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use crate::seal::Sealer;
    use crate::store::Store;
    use crate::store::models::{Conversation, NewMessage};

    /// A message stored in a conversation wakes the readers waiting on it,
    /// through both ways of storing one, and nobody else; the entry goes
    /// with the last reader.
    #[tokio::test]
    async fn a_stored_message_wakes_the_readers_of_its_conversation_only() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open("eu", dir.path().join("eu.db").to_str().unwrap()).unwrap();
        for id in ["eu_1", "eu_2"] {
            store
                .insert_conversation(&Conversation::opened(id, "eu", "DE", "web", 1))
                .unwrap();
        }
        let (one, also_one, two) = (
            store.watch("eu_1"),
            store.watch("eu_1"),
            store.watch("eu_2"),
        );
        assert_eq!(store.wakeups.watched(), 2);
        let message = || NewMessage::system("Hallo".into(), "de", 2);

        {
            let (a, b, c) = (one.notified(), also_one.notified(), two.notified());
            tokio::pin!(a, b, c);
            for n in [a.as_mut(), b.as_mut(), c.as_mut()] {
                n.enable();
            }
            store
                .push_message("eu_1".into(), message(), Sealer::none())
                .await
                .unwrap();
            // Nothing else would wake them: without the wake-up, these time out.
            tokio::time::timeout(Duration::from_secs(5), a)
                .await
                .unwrap();
            tokio::time::timeout(Duration::from_secs(5), b)
                .await
                .unwrap();
            assert!(
                tokio::time::timeout(Duration::from_millis(100), c.as_mut())
                    .await
                    .is_err()
            );

            // The blocking path (an agent's message) wakes too.
            let d = one.notified();
            tokio::pin!(d);
            d.as_mut().enable();
            let s = store.clone();
            tokio::task::spawn_blocking(move || {
                s.append_message("eu_1", &message(), &Sealer::none())
            })
            .await
            .unwrap()
            .unwrap();
            tokio::time::timeout(Duration::from_secs(5), d)
                .await
                .unwrap();
            assert!(
                tokio::time::timeout(Duration::from_millis(100), c)
                    .await
                    .is_err()
            );
        }
        drop(one);
        assert_eq!(store.wakeups.watched(), 2);
        drop(also_one);
        assert_eq!(store.wakeups.watched(), 1);
        drop(two);
        assert_eq!(store.wakeups.watched(), 0);
    }

    /// After the listener (re)connects, every waiting reader wakes: what
    /// was announced meanwhile is lost (`listen`).
    #[tokio::test]
    async fn wake_all_wakes_every_conversation_s_readers() {
        let wakeups = std::sync::Arc::new(super::Wakeups::default());
        let (one, two) = (wakeups.watch("eu_1"), wakeups.watch("eu_2"));
        let (mut a, mut b) = (Box::pin(one.notified()), Box::pin(two.notified()));
        a.as_mut().enable();
        b.as_mut().enable();
        let soon = Duration::from_millis(50);
        assert!(tokio::time::timeout(soon, a.as_mut()).await.is_err());
        wakeups.wake_all();
        assert!(tokio::time::timeout(soon, a).await.is_ok());
        assert!(tokio::time::timeout(soon, b).await.is_ok());
    }
}
