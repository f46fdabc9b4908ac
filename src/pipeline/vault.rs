//! The pipeline's access to sealed data: each conversation's data key,
//! unwrapped from the region's key store with the region key and kept in a
//! small cache, as a [`Sealer`] the store uses on every write and read.

use std::collections::{HashMap, HashSet};
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};

use crate::error::ApiError;
use crate::policy::Policies;
use crate::seal::{RegionKey, Sealer, Secret, Wrapped};
use crate::store::Stores;
use crate::store::models::DataKey;

/// Data keys kept unwrapped in memory (conversations active at once).
const CACHED_KEYS: usize = 10_000;

pub struct Vault {
    /// region → its key (all versions).
    keys: HashMap<String, RegionKey>,
    /// region → fields its policy seals.
    sealed: HashMap<String, Arc<HashSet<String>>>,
    /// Each region's key store, apart from its database.
    pub keystores: Stores,
    cache: Mutex<lru::LruCache<(String, String), Secret>>,
}

impl Vault {
    /// `keys`: key id → key, for the ids the policies name.
    pub fn new(policies: &Policies, keys: &HashMap<String, RegionKey>, keystores: Stores) -> Vault {
        let mut by_region = HashMap::new();
        let mut sealed = HashMap::new();
        for p in policies.regions() {
            if let Some(k) = p.key.as_ref().and_then(|id| keys.get(id)) {
                by_region.insert(p.id.clone(), k.clone());
            }
            sealed.insert(p.id.clone(), Arc::new(p.sealed.iter().cloned().collect()));
        }
        Vault {
            keys: by_region,
            sealed,
            keystores,
            cache: Mutex::new(lru::LruCache::new(
                NonZeroUsize::new(CACHED_KEYS).expect("positive"),
            )),
        }
    }

    /// The sealer for one owner (a conversation id, or `_learned`) of a region,
    /// creating its data key on first use.
    pub async fn sealer(&self, region: &str, owner: &str) -> Result<Sealer, ApiError> {
        let fields = self.sealed.get(region).cloned().unwrap_or_default();
        let Some(key) = self.keys.get(region) else {
            return Ok(Sealer::none());
        };
        if fields.is_empty() {
            return Ok(Sealer::none());
        }
        let cache_key = (region.to_string(), owner.to_string());
        if let Some(dek) = self
            .cache
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&cache_key)
            .cloned()
        {
            return Ok(Sealer::new(region, owner, dek, fields));
        }
        let store = self.keystores.get(region)?.clone();
        let o = owner.to_string();
        let stored = match store.run(move |s| s.data_key(&o)).await? {
            Some(k) => k,
            None => {
                let dek = Secret::random().map_err(|e| ApiError::Internal(e.to_string()))?;
                let w = key
                    .wrap(&dek, region, owner)
                    .map_err(|e| ApiError::Internal(e.to_string()))?;
                let row = DataKey {
                    owner: owner.into(),
                    key_id: w.key_id,
                    key_version: w.version as i32,
                    wrapped: w.sealed,
                    created_at: chrono::Utc::now().timestamp_millis(),
                };
                let o = owner.to_string();
                // Another instance may have created it first: read back.
                store
                    .run(move |s| {
                        s.put_data_key(&row)?;
                        s.data_key(&o)
                    })
                    .await?
                    .ok_or_else(|| ApiError::Internal("data key vanished".into()))?
            }
        };
        let dek = key
            .unwrap(
                &Wrapped {
                    key_id: stored.key_id,
                    version: stored.key_version as u32,
                    sealed: stored.wrapped,
                },
                region,
                owner,
            )
            .map_err(|e| ApiError::Internal(format!("data key of {region}: {e}")))?;
        self.cache
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .put(cache_key, dek.clone());
        Ok(Sealer::new(region, owner, dek, fields))
    }

    /// Destroys owners' data keys (crypto-shredding) and drops them from
    /// the cache: what they sealed, here or in any backup, never opens again.
    pub async fn shred(&self, region: &str, owners: Vec<String>) -> Result<usize, ApiError> {
        {
            let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
            for o in &owners {
                cache.pop(&(region.to_string(), o.clone()));
            }
        }
        let store = self.keystores.get(region)?.clone();
        Ok(store.run(move |s| s.destroy_data_keys(&owners)).await?)
    }
}
