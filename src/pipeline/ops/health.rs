//! The operators' view of the parts: whether every store answers and
//! writes, and the periodic upkeep the server runs.

use std::time::Duration;

use crate::pipeline::Pipeline;

/// Regions whose stores fail, by how they fail.
#[derive(Debug, Default)]
pub struct StoreHealth {
    /// A store (data or keys) does not answer.
    pub unavailable: Vec<String>,
    /// A store answers but cannot write.
    pub not_writable: Vec<String>,
}

impl StoreHealth {
    pub fn ok(&self) -> bool {
        self.unavailable.is_empty() && self.not_writable.is_empty()
    }
}

impl Pipeline {
    /// Pings every region's data and key store and probes a write.
    pub async fn store_health(&self) -> StoreHealth {
        let mut health = StoreHealth::default();
        for region in self
            .stores
            .regions()
            .map(str::to_string)
            .collect::<Vec<_>>()
        {
            let stores = [self.stores.get(&region), self.vault.keystores.get(&region)];
            for store in stores.into_iter().flatten() {
                if store.run(|s| s.ping()).await.is_err() {
                    health.unavailable.push(region.clone());
                } else if let Err(e) = store.run(|s| s.probe_write()).await {
                    tracing::error!(store = %store.name(), error = %e, "a store answers but cannot write");
                    health.not_writable.push(region.clone());
                }
            }
        }
        for list in [&mut health.unavailable, &mut health.not_writable] {
            list.sort();
            list.dedup();
        }
        health
    }

    /// Rereads the region keys, so that a rotated key wraps new data keys
    /// within seconds (reading the key files is cheap).
    pub async fn refresh_keys(&self, budget: Duration) {
        let vault = self.vault.clone();
        let _ = tokio::task::spawn_blocking(move || vault.refresh(budget)).await;
    }

    /// Per-client and per-conversation rate limits.
    pub fn limits(&self) -> &crate::limits::Limits {
        &self.limits
    }

    /// The translation engines, in order (their breakers, for /metrics).
    pub fn chain(&self) -> &crate::translate::Chain {
        &self.chain
    }

    /// The pages' own words (Fluent, per page and locale).
    pub fn page_words(&self) -> &crate::page_words::PageWords {
        &self.page_words
    }

    /// The shops' sites that may embed the chat (`[web] widget_origins`).
    pub fn widget_origins(&self) -> &[String] {
        &self.widget_origins
    }

    /// The region policies in force.
    pub fn policies(&self) -> &crate::policy::Policies {
        &self.policies
    }
}
