//! The conversations the message path saw last, kept so that a shopper's
//! next message does not wait for a read of its conversation row (a trip
//! to the store's writer thread, about a third of what crossdesk adds to a
//! message, docs/PERFORMANCE.md).
//!
//! Only a hint, never the truth: the exchange that stores the answer reads
//! the row inside its transaction and writes nothing when it differs from
//! the one the answer was computed from ([`super::Exchange::Stale`]); the
//! message is then computed again from the fresh row. So a change made
//! elsewhere (an agent's claim, another instance, an erasure command) costs
//! a second computation, never a wrong write. Local changes forget the
//! entry at once, so that second computation stays rare.

use std::collections::HashMap;
use std::sync::Mutex;

use super::models::Conversation;

/// Entries per store; past it the cache starts over (cheap, and rare: a
/// conversation is only kept while its shopper writes).
const MOST: usize = 8192;

#[derive(Default)]
pub(super) struct Recent {
    by_id: Mutex<HashMap<String, Conversation>>,
}

impl Recent {
    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<String, Conversation>> {
        self.by_id.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(super) fn get(&self, id: &str) -> Option<Conversation> {
        self.map().get(id).cloned()
    }

    pub(super) fn put(&self, c: Conversation) {
        let mut map = self.map();
        if map.len() >= MOST && !map.contains_key(&c.id) {
            map.clear();
        }
        map.insert(c.id.clone(), c);
    }

    pub(super) fn forget(&self, id: &str) {
        self.map().remove(id);
    }

    pub(super) fn forget_all(&self) {
        self.map().clear();
    }
}
