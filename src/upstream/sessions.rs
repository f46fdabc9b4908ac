//! What a remote bot keeps per conversation in memory (a Direct Line
//! conversation and its watermark, a Botpress user and conversation, a
//! chat model's earlier turns): bounded in number (the least recently used
//! goes first) and forgotten after a time idle. Lost on restart: the
//! bot then starts a new conversation of its own.

use std::num::NonZeroUsize;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use lru::LruCache;

pub(super) struct Sessions<T> {
    map: Mutex<LruCache<String, (Instant, T)>>,
    idle: Duration,
}

impl<T: Clone> Sessions<T> {
    pub(super) fn new(capacity: usize, idle: Duration) -> Sessions<T> {
        let capacity = NonZeroUsize::new(capacity.max(1)).unwrap_or(NonZeroUsize::MIN);
        Sessions {
            map: Mutex::new(LruCache::new(capacity)),
            idle,
        }
    }

    /// The state of `conversation`, unless idle too long.
    pub(super) fn get(&self, conversation: &str) -> Option<T> {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        match map.get(conversation) {
            Some((at, v)) if at.elapsed() < self.idle => Some(v.clone()),
            Some(_) => {
                map.pop(conversation);
                None
            }
            None => None,
        }
    }

    pub(super) fn put(&self, conversation: &str, value: T) {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        map.put(conversation.to_string(), (Instant::now(), value));
    }

    pub(super) fn forget(&self, conversation: &str) {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        map.pop(conversation);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_and_forgotten_when_idle() {
        let s = Sessions::new(2, Duration::from_secs(60));
        s.put("a", 1);
        s.put("b", 2);
        s.put("c", 3);
        assert_eq!(s.get("a"), None, "the least recently used went first");
        assert_eq!(s.get("c"), Some(3));
        let s = Sessions::new(2, Duration::ZERO);
        s.put("a", 1);
        assert_eq!(s.get("a"), None);
    }

    #[test]
    fn a_forgotten_conversation_is_gone_and_the_others_stay() {
        let s = Sessions::new(4, Duration::from_secs(60));
        s.put("a", 1);
        s.put("b", 2);
        s.forget("a");
        s.forget("never-seen");
        assert_eq!((s.get("a"), s.get("b")), (None, Some(2)));
    }
}
