//! The pipeline's access to sealed data: each conversation's data key,
//! unwrapped from the region's key store with the region key and kept in a
//! small cache, as a [`Sealer`] the store uses on every write and read.

use std::collections::{HashMap, HashSet};
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};

use crate::pipeline::Error;
use crate::policy::Policies;
use crate::seal::{RegionKey, Sealer, Secret, Wrapped};
use crate::store::Stores;
use crate::store::models::DataKey;

/// Reads every region key again: key id → key.
pub type Reload =
    Box<dyn Fn() -> Result<HashMap<String, RegionKey>, crate::assemble::StartError> + Send + Sync>;

/// Data keys kept unwrapped in memory (conversations active at once).
const CACHED_KEYS: usize = 10_000;

pub struct Vault {
    /// region → its key (all versions); replaced when the key files change.
    keys: std::sync::RwLock<HashMap<String, RegionKey>>,
    /// region → key id (the policies').
    key_ids: HashMap<String, String>,
    /// Reads every region key again (files, commands, environment).
    reload: Option<Reload>,
    /// When the keys were last read again.
    reloaded: Mutex<Option<std::time::Instant>>,
    /// region → fields its policy seals.
    sealed: HashMap<String, Arc<HashSet<String>>>,
    /// Each region's key store, apart from its database.
    pub keystores: Stores,
    cache: Mutex<lru::LruCache<(String, String), Secret>>,
}

impl Vault {
    /// `keys`: key id → key, for the ids the policies name.
    pub fn new(policies: &Policies, keys: &HashMap<String, RegionKey>, keystores: Stores) -> Vault {
        let mut key_ids = HashMap::new();
        let mut sealed = HashMap::new();
        for p in policies.regions() {
            if let Some(id) = &p.key {
                key_ids.insert(p.id.clone(), id.clone());
            }
            sealed.insert(p.id.clone(), Arc::new(p.sealed.iter().cloned().collect()));
        }
        Vault {
            keys: std::sync::RwLock::new(Self::by_region(&key_ids, keys)),
            key_ids,
            reload: None,
            reloaded: Mutex::new(None),
            sealed,
            keystores,
            cache: Mutex::new(lru::LruCache::new(
                NonZeroUsize::new(CACHED_KEYS).expect("positive"),
            )),
        }
    }

    fn by_region(
        key_ids: &HashMap<String, String>,
        keys: &HashMap<String, RegionKey>,
    ) -> HashMap<String, RegionKey> {
        key_ids
            .iter()
            .filter_map(|(region, id)| keys.get(id).map(|k| (region.clone(), k.clone())))
            .collect()
    }

    /// How to read the region keys again: a running server picks up a
    /// version added by `crossdesk keys rotate` (or a key provider) without
    /// a restart.
    pub fn with_reload(mut self, reload: Reload) -> Vault {
        self.reload = Some(reload);
        self
    }

    /// Reads the region keys again, at most once per `min_interval`; true
    /// when they were read.
    pub fn refresh(&self, min_interval: std::time::Duration) -> bool {
        let Some(reload) = &self.reload else {
            return false;
        };
        {
            let mut last = self.reloaded.lock().unwrap_or_else(|p| p.into_inner());
            if last.is_some_and(|t| t.elapsed() < min_interval) {
                return false;
            }
            *last = Some(std::time::Instant::now());
        }
        match reload() {
            Ok(keys) => {
                let fresh = Self::by_region(&self.key_ids, &keys);
                *self.keys.write().unwrap_or_else(|p| p.into_inner()) = fresh;
                true
            }
            Err(e) => {
                tracing::error!(error = %e, "region keys could not be read again; the ones in memory stay");
                false
            }
        }
    }

    fn key(&self, region: &str) -> Option<RegionKey> {
        self.keys
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(region)
            .cloned()
    }

    /// The sealer for one owner (a conversation id, or `_learned`) of a region,
    /// creating its data key on first use.
    pub async fn sealer(&self, region: &str, owner: &str) -> Result<Sealer, Error> {
        let fields = self.sealed.get(region).cloned().unwrap_or_default();
        let Some(mut key) = self.key(region) else {
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
                let dek = Secret::random().map_err(|e| Error::internal("a data key", e))?;
                let w = key
                    .wrap(&dek, region, owner)
                    .map_err(|e| Error::internal("sealing a data key", e))?;
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
                    .ok_or_else(|| Error::internal("a data key", "data key vanished"))?
            }
        };
        let wrapped = Wrapped {
            key_id: stored.key_id,
            version: stored.key_version as u32,
            sealed: stored.wrapped,
        };
        let dek = match key.unwrap(&wrapped, region, owner) {
            // Wrapped by a version added since the keys were read (a
            // rotation while serving): read them again, once.
            Err(crate::seal::SealError::NoKeyVersion(..))
                if self.refresh(std::time::Duration::ZERO) =>
            {
                key = self.key(region).ok_or_else(|| {
                    Error::internal("a data key", format!("region {region} has no key"))
                })?;
                key.unwrap(&wrapped, region, owner)
            }
            other => other,
        }
        .map_err(|e| Error::internal("a data key", format!("data key of {region}: {e}")))?;
        self.cache
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .put(cache_key, dek.clone());
        Ok(Sealer::new(region, owner, dek, fields))
    }

    /// Erases owners (conversations) of a region through the one eraser
    /// (`store::erase`): their data keys are dropped from the cache and
    /// destroyed (crypto-shredding: what they sealed, here or in any
    /// backup, never opens again), then `data`'s rows go and both stores
    /// are scrubbed.
    pub async fn erase(
        &self,
        region: &str,
        data: &crate::store::Store,
        owners: Vec<String>,
    ) -> Result<crate::store::erase::Erased, Error> {
        {
            let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
            for o in &owners {
                cache.pop(&(region.to_string(), o.clone()));
            }
        }
        let keys = self.keystores.get(region)?.clone();
        let data = data.clone();
        Ok(keys
            .run(move |k| crate::store::erase::erase(&data, k, &owners))
            .await?)
    }
}
