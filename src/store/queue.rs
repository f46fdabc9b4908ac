//! Places in line without a query per message.
//!
//! A conversation waiting for a person is told its place on every message
//! it sends. Counting the conversations ahead of it in every store would
//! take a trip to the blocking pool and one query per store for each
//! message (docs/PERFORMANCE.md). Instead, the waiting conversations' order keys
//! (pool, priority, time queued — no content) are read from all stores at
//! once into a snapshot, and places are counted in memory.
//!
//! A snapshot is dropped when this process changes a queue (every change it
//! makes calls [`QueueView::changed`]) and after [`MAX_AGE`] in any case:
//! another instance sharing a PostgreSQL store, or a command such as a
//! retention sweep, changes the queues without telling this process, so a
//! place shown may be that much behind their changes. A place is a hint
//! for the shopper, never a decision: when a snapshot cannot be taken (a
//! store does not answer) or is being taken, the last one serves.

use std::cmp::Reverse;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a snapshot is trusted without a local change.
pub const MAX_AGE: Duration = Duration::from_secs(1);

/// One waiting conversation's place-defining fields, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    pub pool: Option<String>,
    pub priority: i32,
    pub queued_at: Option<i64>,
}

/// Which line a waiting conversation stands in: a pool's, shared by every
/// region it serves, or, without a pool, its own region's.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Line {
    Pool(String),
    Unpooled(String),
}

fn line(pool: Option<&str>, region: &str) -> Line {
    match pool {
        Some(p) => Line::Pool(p.to_string()),
        None => Line::Unpooled(region.to_string()),
    }
}

/// Sort key: more urgent first, then earlier. A row without `queued_at`
/// is never ahead of an equally urgent one (SQL's `NULL < t` is not true).
type Key = (Reverse<i32>, i64);

fn key(priority: i32, queued_at: Option<i64>) -> Key {
    (Reverse(priority), queued_at.unwrap_or(i64::MAX))
}

/// Every line's order keys at one moment, each line sorted.
#[derive(Debug, Default)]
pub struct Snapshot {
    lines: HashMap<Line, Vec<Key>>,
}

impl Snapshot {
    /// Builds the lines from each region's waiting conversations.
    pub fn build<R: AsRef<str>>(regions: impl IntoIterator<Item = (R, Vec<Waiting>)>) -> Snapshot {
        let mut lines: HashMap<Line, Vec<Key>> = HashMap::new();
        for (region, rows) in regions {
            for w in rows {
                lines
                    .entry(line(w.pool.as_deref(), region.as_ref()))
                    .or_default()
                    .push(key(w.priority, w.queued_at));
            }
        }
        for keys in lines.values_mut() {
            keys.sort_unstable();
        }
        Snapshot { lines }
    }

    /// Conversations ahead of one with `priority` queued at `queued_at`:
    /// more urgent ones, and equally urgent ones queued strictly earlier.
    pub fn ahead(&self, pool: Option<&str>, region: &str, priority: i32, queued_at: i64) -> i64 {
        let Some(keys) = self.lines.get(&line(pool, region)) else {
            return 0;
        };
        let me = (Reverse(priority), queued_at);
        keys.partition_point(|k| *k < me) as i64
    }
}

/// The shared, self-invalidating snapshot (one per set of stores).
#[derive(Default)]
pub struct QueueView {
    generation: AtomicU64,
    /// The last snapshot taken (the lock is held only to copy the `Arc`).
    current: Mutex<Option<Arc<Taken>>>,
    /// Held by the one caller taking a new snapshot.
    taking: tokio::sync::Mutex<()>,
}

struct Taken {
    generation: u64,
    at: Instant,
    snapshot: Arc<Snapshot>,
}

impl QueueView {
    /// A queue changed here: the next place is counted from a new snapshot.
    pub fn changed(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    fn latest(&self) -> Option<Arc<Taken>> {
        self.current
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn keep(&self, generation: u64, snapshot: Arc<Snapshot>) {
        *self.current.lock().unwrap_or_else(|p| p.into_inner()) = Some(Arc::new(Taken {
            generation,
            at: Instant::now(),
            snapshot,
        }));
    }

    /// The last snapshot, if no queue changed since and it is younger than
    /// [`MAX_AGE`].
    fn fresh(&self) -> Option<Arc<Snapshot>> {
        let generation = self.generation.load(Ordering::Acquire);
        self.latest()
            .filter(|t| t.generation == generation && t.at.elapsed() < MAX_AGE)
            .map(|t| t.snapshot.clone())
    }

    /// Runs `f` on a current snapshot, taking a new one with `take` first
    /// when there is none, it is older than [`MAX_AGE`], or a queue changed
    /// since it was taken.
    ///
    /// One caller takes it. The others meanwhile count in the last one,
    /// stale or not, rather than wait: a store that does not answer holds
    /// the taker for its connection timeout (seconds), and a place in line
    /// a moment old beats a shopper left waiting. When `take` fails, the
    /// last snapshot serves (and is trusted for another [`MAX_AGE`], so that
    /// not every message waits on the missing store); without one, the
    /// error is returned.
    pub async fn with<R, E, Fut>(
        &self,
        take: impl FnOnce() -> Fut,
        f: impl FnOnce(&Snapshot) -> R,
    ) -> Result<R, E>
    where
        Fut: std::future::Future<Output = Result<Snapshot, E>>,
        E: std::fmt::Display,
    {
        if let Some(s) = self.fresh() {
            return Ok(f(&s));
        }
        let _turn = match self.taking.try_lock() {
            Ok(turn) => turn,
            Err(_) => match self.latest() {
                Some(t) => return Ok(f(&t.snapshot)),
                None => self.taking.lock().await,
            },
        };
        // The caller waited for may have taken one.
        if let Some(s) = self.fresh() {
            return Ok(f(&s));
        }
        // Read before taking: a change during the read leaves the new
        // snapshot already stale, never wrongly fresh.
        let generation = self.generation.load(Ordering::Acquire);
        match take().await {
            Ok(snapshot) => {
                let snapshot = Arc::new(snapshot);
                self.keep(generation, snapshot.clone());
                Ok(f(&snapshot))
            }
            Err(e) => {
                let Some(last) = self.latest() else {
                    return Err(e);
                };
                tracing::warn!(error = %e, "places in line from the last snapshot: a store did not answer");
                self.keep(generation, last.snapshot.clone());
                Ok(f(&last.snapshot))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(pool: Option<&str>, priority: i32, queued_at: Option<i64>) -> Waiting {
        Waiting {
            pool: pool.map(str::to_string),
            priority,
            queued_at,
        }
    }

    #[test]
    fn places_count_urgent_first_then_earlier_across_regions() {
        let s = Snapshot::build([
            (
                "eu",
                vec![w(Some("p"), 0, Some(10)), w(Some("p"), 1, Some(50))],
            ),
            (
                "us",
                vec![w(Some("p"), 0, Some(20)), w(Some("q"), 0, Some(1))],
            ),
        ]);
        // An upset shopper is behind only the earlier upset one.
        assert_eq!(s.ahead(Some("p"), "eu", 1, 60), 1);
        assert_eq!(s.ahead(Some("p"), "eu", 1, 40), 0);
        // A calm one queued at 15: the upset one and the one at 10.
        assert_eq!(s.ahead(Some("p"), "us", 0, 15), 2);
        // Equal time is not "ahead"; another pool's line does not count.
        assert_eq!(s.ahead(Some("p"), "us", 0, 10), 1);
        assert_eq!(s.ahead(Some("q"), "us", 0, 100), 1);
        assert_eq!(s.ahead(Some("r"), "us", 0, 100), 0);
    }

    #[test]
    fn without_a_pool_the_line_is_the_regions_own() {
        let s = Snapshot::build([
            ("eu", vec![w(None, 0, Some(1)), w(None, 0, None)]),
            ("us", vec![w(None, 0, Some(2))]),
        ]);
        assert_eq!(
            s.ahead(None, "eu", 0, 5),
            1,
            "a row without a time is not ahead"
        );
        assert_eq!(s.ahead(None, "us", 0, 5), 1);
        assert_eq!(s.ahead(None, "cn", 0, 5), 0);
    }

    #[tokio::test]
    async fn a_change_or_age_takes_a_new_snapshot() {
        let view = QueueView::default();
        let takes = std::sync::atomic::AtomicU32::new(0);
        let take = || async {
            takes.fetch_add(1, Ordering::SeqCst);
            Ok::<_, &str>(Snapshot::build([("eu", vec![w(None, 0, Some(1))])]))
        };
        let count = |s: &Snapshot| s.ahead(None, "eu", 0, 9);
        assert_eq!(view.with(take, count).await, Ok(1));
        assert_eq!(view.with(take, count).await, Ok(1));
        assert_eq!(takes.load(Ordering::SeqCst), 1, "fresh: no second read");
        view.changed();
        assert_eq!(view.with(take, count).await, Ok(1));
        assert_eq!(
            takes.load(Ordering::SeqCst),
            2,
            "a local change: read again"
        );
        age(&view);
        assert_eq!(view.with(take, count).await, Ok(1));
        assert_eq!(takes.load(Ordering::SeqCst), 3, "too old: read again");
    }

    /// Makes the last snapshot older than [`MAX_AGE`].
    fn age(view: &QueueView) {
        let mut current = view.current.lock().unwrap();
        let last = current.take().unwrap();
        *current = Some(Arc::new(Taken {
            generation: last.generation,
            at: Instant::now() - MAX_AGE,
            snapshot: last.snapshot.clone(),
        }));
    }

    #[tokio::test]
    async fn a_failed_read_without_a_snapshot_is_returned_and_nothing_is_kept() {
        let view = QueueView::default();
        let failed = view
            .with(|| async { Err::<Snapshot, _>("down") }, |_| ())
            .await;
        assert_eq!(failed, Err("down"));
        assert!(view.latest().is_none());
    }

    #[tokio::test]
    async fn a_store_that_does_not_answer_leaves_the_last_places_in_use() {
        let view = QueueView::default();
        let one = || async { Ok::<_, &str>(Snapshot::build([("eu", vec![w(None, 0, Some(1))])])) };
        let count = |s: &Snapshot| s.ahead(None, "eu", 0, 9);
        assert_eq!(view.with(one, count).await, Ok(1));
        age(&view);
        let down = || async { Err::<Snapshot, _>("down") };
        assert_eq!(view.with(down, count).await, Ok(1), "the last snapshot");
        // Trusted again for a while: the next message does not try the store.
        let never = || async { panic!("the store was asked again at once") };
        assert_eq!(view.with(never, count).await, Ok::<_, &str>(1));
    }

    #[tokio::test]
    async fn while_one_caller_takes_a_snapshot_the_others_use_the_last() {
        let view = Arc::new(QueueView::default());
        let one = || async { Ok::<_, &str>(Snapshot::build([("eu", vec![w(None, 0, Some(1))])])) };
        let count = |s: &Snapshot| s.ahead(None, "eu", 0, 9);
        view.with(one, count).await.unwrap();
        view.changed();
        let (started_tx, started) = tokio::sync::oneshot::channel();
        let (release, released) = tokio::sync::oneshot::channel::<()>();
        let taker = {
            let view = view.clone();
            tokio::spawn(async move {
                let slow = || async move {
                    started_tx.send(()).unwrap();
                    released.await.unwrap();
                    Ok::<_, &str>(Snapshot::default())
                };
                view.with(slow, |s| s.ahead(None, "eu", 0, 9)).await
            })
        };
        started.await.unwrap();
        let never = || async { panic!("a second caller took a snapshot too") };
        assert_eq!(
            view.with(never, count).await,
            Ok::<_, &str>(1),
            "the last one, not a wait"
        );
        release.send(()).unwrap();
        assert_eq!(
            taker.await.unwrap(),
            Ok(0),
            "the taker counts in its new one"
        );
    }
}
