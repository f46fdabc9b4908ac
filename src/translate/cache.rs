//! Machine translations are paid for once: a bounded in-memory LRU cache,
//! single-flight for identical concurrent requests, and the region's own
//! store behind both ([`Learned`], implemented outside this module so the
//! translate module does no SQL). Keys carry the region, so a translation
//! learned from one region's shopper is never served to another region.

use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};

use tokio::sync::OnceCell;

use super::TranslateError;

/// Where learned translations of one region live (the region's store).
#[async_trait::async_trait]
pub trait Learned: Send + Sync {
    /// A translation learned earlier: (text, engine).
    async fn get(&self, from: &str, to: &str, source: &str) -> Option<(String, String)>;
    async fn put(&self, from: &str, to: &str, source: &str, translation: &str, engine: &str);
}

/// Who asks: the region (cache partition), its store of learned entries,
/// and the passage through the transfer gate that every engine call takes.
#[derive(Clone)]
pub struct Scope {
    pub region: String,
    pub learned: Option<Arc<dyn Learned>>,
    pub passage: Arc<crate::gate::Passage>,
}

impl Scope {
    /// A conversation's scope: its passage decides and records each hop.
    pub fn new(passage: Arc<crate::gate::Passage>, learned: Option<Arc<dyn Learned>>) -> Scope {
        Scope {
            region: passage.region().to_string(),
            learned,
            passage,
        }
    }

    /// A scope for text that is no shopper's (the CLI's `translate`,
    /// benchmarks, engine tests): an unrestricted gate, nothing kept.
    pub fn ephemeral(region: &str) -> Scope {
        let gate = Arc::new(crate::gate::Gate::unrestricted());
        Scope::new(
            Arc::new(gate.passage(crate::gate::Subject {
                region: region.into(),
                conversation: "-".into(),
                data_subject: "-".into(),
                country: None,
            })),
            None,
        )
    }
}

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Key {
    region: String,
    from: String,
    to: String,
    text: String,
}

impl Key {
    pub fn new(region: &str, from: &str, to: &str, masked: &str) -> Key {
        Key {
            region: region.to_string(),
            from: from.into(),
            to: to.into(),
            text: masked.into(),
        }
    }
}

/// What one flight produced: (masked translation, engine) or every engine's reason.
pub type Flight = Result<(String, String), Vec<(String, TranslateError)>>;

pub struct Cache {
    entries: Mutex<lru::LruCache<Key, (String, String)>>,
    flights: Mutex<HashMap<Key, Arc<OnceCell<Flight>>>>,
}

impl Cache {
    pub fn new(capacity: usize) -> Cache {
        Cache {
            entries: Mutex::new(lru::LruCache::new(
                NonZeroUsize::new(capacity.max(1)).expect("positive"),
            )),
            flights: Mutex::new(HashMap::new()),
        }
    }

    pub fn get(&self, key: &Key) -> Option<(String, String)> {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(key)
            .cloned()
    }

    pub fn put(&self, key: Key, value: (String, String)) {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .put(key, value);
    }

    /// Drops every entry of a region.
    pub fn forget(&self, region: &str) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let keys: Vec<Key> = entries
            .iter()
            .filter(|(k, _)| k.region == region)
            .map(|(k, _)| k.clone())
            .collect();
        for k in keys {
            entries.pop(&k);
        }
    }

    /// Runs `work` once for all concurrent callers with the same key; they
    /// all get its result. The flight is forgotten when it lands, so a
    /// failure is retried by the next request, not cached.
    pub async fn single_flight<F, Fut>(&self, key: &Key, work: F) -> Flight
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Flight>,
    {
        let cell = self
            .flights
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(key.clone())
            .or_default()
            .clone();
        let result = cell.get_or_init(work).await.clone();
        let mut flights = self.flights.lock().unwrap_or_else(|p| p.into_inner());
        if flights.get(key).is_some_and(|c| Arc::ptr_eq(c, &cell)) {
            flights.remove(key);
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[actix_web::test]
    async fn concurrent_identical_requests_run_once() {
        let cache = Arc::new(Cache::new(10));
        let calls = Arc::new(AtomicUsize::new(0));
        let key = Key::new("eu", "es", "en", "hola");
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let (cache, calls, key) = (cache.clone(), calls.clone(), key.clone());
            tasks.push(actix_web::rt::spawn(async move {
                cache
                    .single_flight(&key, || async {
                        calls.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                        Ok(("hello".to_string(), "libre".to_string()))
                    })
                    .await
            }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap().unwrap().0, "hello");
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn regions_do_not_share_entries_and_capacity_is_bounded() {
        let cache = Cache::new(2);
        let eu = Key::new("eu", "es", "en", "hola");
        let cn = Key::new("cn", "es", "en", "hola");
        cache.put(eu.clone(), ("hello".into(), "x".into()));
        assert!(cache.get(&cn).is_none());
        assert!(cache.get(&eu).is_some());
        cache.put(cn.clone(), ("hello".into(), "x".into()));
        cache.put(
            Key::new("us", "es", "en", "adiós"),
            ("bye".into(), "x".into()),
        );
        assert!(
            cache.get(&eu).is_none(),
            "least recently used entry evicted"
        );
    }
}
