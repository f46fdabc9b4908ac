//! Every region's store, keyed by region id: the one way to reach a
//! region's data ([`Stores::get`]), and the sums over all regions (places
//! in line, pool loads) that go on without a region that does not answer.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use super::{Kind, Store, StoreError, queue};

/// How long a store that did not answer is left out of sums over the
/// stores before it is asked again (asking costs the pool's connection
/// timeout, 5 s, while it is down).
const LEFT_OUT_FOR: Duration = Duration::from_secs(10);

/// All regions' stores (or key stores), keyed by region id.
#[derive(Clone, Default)]
pub struct Stores {
    by_region: HashMap<String, Store>,
    queues: Arc<queue::QueueView>,
}

impl Stores {
    /// Opens one store per region. `urls` maps region id → store URL.
    pub fn open(urls: &[(String, String)]) -> Result<Stores, StoreError> {
        Stores::open_kind(urls, Kind::Data)
    }

    pub fn open_kind(urls: &[(String, String)], kind: Kind) -> Result<Stores, StoreError> {
        let queues: Arc<queue::QueueView> = Arc::default();
        let mut by_region = HashMap::new();
        for (region, url) in urls {
            let mut store = Store::open_kind(region, url, kind)?;
            store.queues = queues.clone();
            by_region.insert(region.clone(), store);
        }
        Ok(Stores { by_region, queues })
    }

    /// The region's store: the only way to reach a region's data.
    pub fn get(&self, region: &str) -> Result<&Store, StoreError> {
        self.by_region
            .get(region)
            .ok_or_else(|| StoreError::UnknownRegion(region.to_string()))
    }

    pub fn regions(&self) -> impl Iterator<Item = &str> {
        self.by_region.keys().map(String::as_str)
    }

    /// Place in line (1 = next) of a conversation of `region` with
    /// `priority`, queued at `queued_at`, in `pool`'s line across all
    /// stores, or without a pool in its region's own line. Counted in a
    /// shared snapshot ([`queue`]), not by a query per call.
    pub async fn place(
        &self,
        pool: Option<&str>,
        region: &str,
        priority: i32,
        queued_at: i64,
    ) -> Result<i64, StoreError> {
        let take = || async {
            let regions = self
                .read_answering(|s| Ok((s.name.clone(), s.waiting()?)))
                .await?;
            Ok(queue::Snapshot::build(regions))
        };
        self.queues
            .with(take, |s| s.ahead(pool, region, priority, queued_at) + 1)
            .await
    }

    /// `Stores::read_all` for figures that are sums over the regions
    /// (pool loads, handling times, places in line): a store that does not
    /// answer is left out of the sum and logged, so that one region's
    /// outage does not fail the others' hand-offs. A store that did not
    /// answer is left out for `LEFT_OUT_FOR` without being asked, so that
    /// not every hand-off waits out its connection timeout. Fails only when
    /// no store answers.
    pub async fn read_answering<R, F>(&self, f: F) -> Result<Vec<R>, StoreError>
    where
        F: Fn(&Store) -> Result<R, StoreError> + Send + 'static,
        R: Send + 'static,
    {
        let each = self
            .read_all(move |s| {
                let missed_at = || s.missed_at.lock().unwrap_or_else(|p| p.into_inner());
                if missed_at().is_some_and(|t| t.elapsed() < LEFT_OUT_FOR) {
                    return Ok(Err(StoreError::Unavailable {
                        store: s.name.clone(),
                        reason: "left out: it did not answer a moment ago".into(),
                    }));
                }
                let r = f(s);
                *missed_at() = r.is_err().then(std::time::Instant::now);
                Ok(r)
            })
            .await?;
        let mut answered = Vec::with_capacity(each.len());
        let mut last_error = None;
        for r in each {
            match r {
                Ok(r) => answered.push(r),
                Err(e) => {
                    tracing::warn!(error = %e, "a sum over the stores without one of them");
                    last_error = Some(e);
                }
            }
        }
        match last_error {
            Some(e) if answered.is_empty() => Err(e),
            _ => Ok(answered),
        }
    }

    /// Runs `f` on every store, in one trip to the blocking pool: the
    /// queries themselves take tens of microseconds, a thread hand-off
    /// each on this kind of machine hundreds (docs/PERFORMANCE.md).
    async fn read_all<R, F>(&self, f: F) -> Result<Vec<R>, StoreError>
    where
        F: Fn(&Store) -> Result<R, StoreError> + Send + 'static,
        R: Send + 'static,
    {
        let mut stores: Vec<Store> = self.by_region.values().cloned().collect();
        stores.sort_by(|a, b| a.name.cmp(&b.name));
        tokio::task::spawn_blocking(move || stores.iter().map(&f).collect())
            .await
            .map_err(|e| StoreError::Unavailable {
                store: "all".into(),
                reason: format!("worker failed: {e}"),
            })?
    }
}
