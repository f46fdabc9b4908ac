//! Group commit for a SQLite store: one thread owns the store's write
//! connection, takes every write waiting in its queue, and runs them in one
//! transaction — each in its own savepoint, so one failing write does not
//! take the others with it — then commits once. Under load many messages
//! share one commit (the same table and index pages are written once); with
//! one message in flight it is a plain transaction. Callers get their result
//! only after the commit: an acknowledged write is a committed write.
//!
//! The writer holds the store's in-process write lock during a batch, so the
//! other (rarer) writes that take the lock directly keep their turn.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use diesel::connection::Connection;
use diesel::result::{DatabaseErrorKind, Error as DieselError, QueryResult};

use super::StoreError;
use super::connection::AnyConnection;

/// How long a write waits for another writer's lock before giving up.
pub(super) const LOCK_PATIENCE: Duration = Duration::from_secs(2);

/// Whether a SQLite error says another writer holds the database.
pub(super) fn is_locked(message: &str) -> bool {
    message.contains("database is locked") || message.contains("database table is locked")
}

/// Most writes in one commit.
const MAX_BATCH: usize = 128;

type Run = Box<dyn FnMut(&mut AnyConnection) -> QueryResult<()> + Send>;
type Finish = Box<dyn FnOnce(Result<(), WriteError>) + Send>;

/// Why a queued write did not commit.
#[derive(Debug, thiserror::Error)]
enum WriteError {
    /// Its own statements failed: its savepoint rolled back, the batch's
    /// other writes committed.
    #[error(transparent)]
    Statement(DieselError),
    /// The batch's transaction failed: none of its writes committed.
    #[error(transparent)]
    Batch(Arc<DieselError>),
}

struct Job {
    run: Run,
    /// Called once, after the commit (or the failure) is known.
    finish: Finish,
}

pub(super) struct Writer {
    tx: Mutex<mpsc::Sender<Job>>,
}

impl Writer {
    /// Starts the writer thread of store `name` on `conn`.
    pub(super) fn start(
        name: &str,
        conn: AnyConnection,
        lock: Arc<Mutex<()>>,
        wal: WalLimits,
    ) -> std::io::Result<Writer> {
        let (tx, rx) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name(format!("writer-{name}"))
            .spawn(move || run(conn, rx, lock, wal))?;
        Ok(Writer { tx: Mutex::new(tx) })
    }

    /// Queues `write` and waits (asynchronously) for its committed result.
    pub(super) async fn write<R, F>(&self, store: &str, mut write: F) -> Result<R, StoreError>
    where
        F: FnMut(&mut AnyConnection) -> QueryResult<R> + Send + 'static,
        R: Send + 'static,
    {
        let slot: Arc<Mutex<Option<R>>> = Arc::new(Mutex::new(None));
        let (done_tx, done_rx) = tokio::sync::oneshot::channel::<Result<(), WriteError>>();
        let out = slot.clone();
        let job = Job {
            run: Box::new(move |c| {
                let r = write(c)?;
                *out.lock().unwrap_or_else(|p| p.into_inner()) = Some(r);
                Ok(())
            }),
            finish: Box::new(move |result| {
                let _ = done_tx.send(result);
            }),
        };
        let unavailable = |reason: String| StoreError::Unavailable {
            store: store.to_string(),
            reason,
        };
        self.tx
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .send(job)
            .map_err(|_| unavailable("the store's writer stopped".into()))?;
        match done_rx.await {
            Ok(Ok(())) => slot
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .take()
                .ok_or_else(|| unavailable("write finished without a result".into())),
            Ok(Err(e)) => Err(unavailable(e.to_string())),
            Err(_) => Err(unavailable("the store's writer stopped".into())),
        }
    }
}

/// When a store's WAL is copied back into the database file, and when it
/// must start over.
#[derive(Clone, Copy, Debug)]
pub(crate) struct WalLimits {
    /// How often a thread of its own checkpoints (SQLite's automatic
    /// checkpoint would run inside a commit every 1000 pages and stall the
    /// messages of that batch).
    pub every: Duration,
    /// WAL frames past which the checkpoint pauses the writer once so that
    /// the WAL starts over (see [`checkpoint_round`]).
    pub restart_over: i64,
    /// Bytes the WAL file is cut back to when it starts over.
    pub size_limit: i64,
}

impl Default for WalLimits {
    fn default() -> Self {
        WalLimits {
            every: Duration::from_millis(500),
            // 32 MiB of 4 KiB pages: under ~1,000 msg/s the WAL starts
            // over on its own long before (it stays near 4 MiB).
            restart_over: 8192,
            size_limit: 64 << 20,
        }
    }
}

fn run(mut conn: AnyConnection, rx: mpsc::Receiver<Job>, lock: Arc<Mutex<()>>, wal: WalLimits) {
    use diesel::connection::SimpleConnection;
    let _ = conn.batch_execute(&format!(
        "PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = {}",
        wal.size_limit
    ));
    let mut wait = Wait::Spin;
    while let Some((first, next)) = next_job(&rx, wait) {
        wait = next;
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let turn = lock.lock().unwrap_or_else(|p| p.into_inner());
        let results = commit(&mut conn, &mut batch);
        drop(turn);
        for (job, result) in batch.into_iter().zip(results) {
            (job.finish)(result);
        }
    }
}

/// What `PRAGMA wal_checkpoint` answers.
#[derive(diesel::QueryableByName, Debug, Clone, Copy, PartialEq)]
pub(crate) struct WalState {
    /// 1 when a FULL, RESTART or TRUNCATE checkpoint could not finish.
    #[diesel(sql_type = diesel::sql_types::Integer)]
    pub busy: i32,
    /// Frames in the WAL.
    #[diesel(sql_type = diesel::sql_types::Integer)]
    pub log: i32,
    /// Frames already copied into the database file.
    #[diesel(sql_type = diesel::sql_types::Integer)]
    pub checkpointed: i32,
}

/// Runs one `PRAGMA wal_checkpoint(MODE)` on a SQLite connection.
pub(crate) fn wal_checkpoint(conn: &mut AnyConnection, mode: &str) -> QueryResult<WalState> {
    use diesel::RunQueryDsl;
    match conn {
        AnyConnection::Sqlite(c) => {
            diesel::sql_query(format!("PRAGMA wal_checkpoint({mode})")).get_result(c)
        }
        AnyConnection::Postgresql(_) => Err(DieselError::QueryBuilderError(
            "a WAL checkpoint is a SQLite matter".into(),
        )),
    }
}

/// One checkpoint: copies the committed WAL pages into the database file
/// beside the writer (PASSIVE: it waits for nobody, and the writer goes on
/// appending meanwhile). SQLite starts the WAL over only when a write
/// begins after a checkpoint copied *everything*; under steady load the
/// writer has always appended a little more by then, so the WAL would grow
/// without bound (hundreds of MB per store in seconds unpaced, and every
/// page lookup searches it). So when it holds more than `restart_over`
/// frames, the round takes the store's write lock and checkpoints again:
/// the writer waits only while the frames of the first pass's few
/// milliseconds are copied, and its next commit starts the WAL from the
/// beginning, cut back to `size_limit`. (RESTART mode, which also waits for
/// older readers while the writer waits, made the unpaced p999 worse.)
/// Returns the WAL's state after the round.
pub(crate) fn checkpoint_round(
    conn: &mut AnyConnection,
    lock: &Mutex<()>,
    wal: &WalLimits,
) -> QueryResult<WalState> {
    let state = wal_checkpoint(conn, "PASSIVE")?;
    if i64::from(state.log) <= wal.restart_over {
        return Ok(state);
    }
    // With the writer paused, this pass copies the rest, and the writer's
    // next transaction finds everything copied and starts the WAL over
    // (unless a reader from before still reads the WAL; then next round).
    let _turn = lock.lock().unwrap_or_else(|p| p.into_inner());
    wal_checkpoint(conn, "PASSIVE")
}

/// Checkpoints every [`WalLimits::every`] (see [`checkpoint_round`]).
/// Stops with the writer.
pub(super) fn checkpointer(
    name: &str,
    mut conn: AnyConnection,
    writer: std::sync::Weak<Writer>,
    lock: Arc<Mutex<()>>,
    wal: WalLimits,
) {
    let spawned = std::thread::Builder::new()
        .name(format!("wal-{name}"))
        .spawn(move || {
            while writer.upgrade().is_some() {
                std::thread::sleep(wal.every);
                if let Err(e) = checkpoint_round(&mut conn, &lock, &wal) {
                    tracing::debug!(error = %e, "WAL checkpoint skipped");
                }
            }
        });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "no WAL checkpoint thread; SQLite checkpoints on its own");
    }
}

/// How long the writer keeps looking for work before it sleeps, while
/// writes come that close together. Under load the next write is usually
/// that close, and a writer that is awake takes it without a wake-up: the
/// unpaced throughput is markedly higher with the spin. When a store's
/// writes come milliseconds apart the spin finds nothing and costs CPU with
/// every message, with no latency difference either way
/// (docs/PERFORMANCE.md); so a writer whose last job came after a longer
/// gap does not spin.
const SPIN: Duration = Duration::from_micros(300);

/// How the writer waits for its next job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wait {
    /// Looks for it for [`SPIN`] before it sleeps: writes come close together.
    Spin,
    /// Sleeps at once.
    Sleep,
}

/// The next job: at once if queued, else after a short spin (when `wait`
/// says so), else asleep. With it, how to wait for the one after: a spin
/// when this job came within [`SPIN`] of the call.
fn next_job(rx: &mpsc::Receiver<Job>, wait: Wait) -> Option<(Job, Wait)> {
    let idle_since = Instant::now();
    let until = idle_since
        + match wait {
            Wait::Spin => SPIN,
            Wait::Sleep => Duration::ZERO,
        };
    loop {
        match rx.try_recv() {
            Ok(job) => return Some((job, Wait::Spin)),
            Err(mpsc::TryRecvError::Disconnected) => return None,
            Err(mpsc::TryRecvError::Empty) if Instant::now() < until => {
                std::hint::spin_loop();
                std::thread::yield_now();
            }
            Err(mpsc::TryRecvError::Empty) => {
                let job = rx.recv().ok()?;
                let next = if idle_since.elapsed() < SPIN {
                    Wait::Spin
                } else {
                    Wait::Sleep
                };
                return Some((job, next));
            }
        }
    }
}

/// Runs the batch in one transaction; retries it while another process
/// holds the database lock, up to [`LOCK_PATIENCE`]. One result per job.
fn commit(conn: &mut AnyConnection, batch: &mut [Job]) -> Vec<Result<(), WriteError>> {
    let started = Instant::now();
    let mut attempt = 0u64;
    loop {
        attempt += 1;
        let mut results: Vec<Result<(), WriteError>> = Vec::with_capacity(batch.len());
        let outcome = conn.transaction(|c| {
            results.clear();
            for job in batch.iter_mut() {
                let r = savepoint(c, job);
                match r {
                    // The lock is the whole transaction's problem: start over.
                    Err(DieselError::DatabaseError(kind, info)) if is_locked(info.message()) => {
                        return Err(DieselError::DatabaseError(kind, info));
                    }
                    r => results.push(r.map_err(WriteError::Statement)),
                }
            }
            Ok(())
        });
        match outcome {
            Ok(()) => return results,
            Err(DieselError::DatabaseError(_, info))
                if is_locked(info.message()) && started.elapsed() < LOCK_PATIENCE =>
            {
                std::thread::sleep(Duration::from_millis(10 * attempt.min(10)));
            }
            Err(e) => {
                let e = Arc::new(e);
                return batch
                    .iter()
                    .map(|_| Err(WriteError::Batch(e.clone())))
                    .collect();
            }
        }
    }
}

/// One job in its savepoint, again when another writer (an instance on the
/// same database) took the same key first.
fn savepoint(c: &mut AnyConnection, job: &mut Job) -> QueryResult<()> {
    let mut attempts = 0;
    loop {
        attempts += 1;
        match c.transaction(|c| (job.run)(c)) {
            Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _))
                if attempts < 5 => {}
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job() -> Job {
        Job {
            run: Box::new(|_| Ok(())),
            finish: Box::new(|_| {}),
        }
    }

    #[test]
    fn a_writer_spins_only_while_writes_come_close_together() {
        let (tx, rx) = mpsc::channel::<Job>();
        // Queued already: the writes are coming back to back.
        tx.send(job()).unwrap();
        assert_eq!(next_job(&rx, Wait::Sleep).unwrap().1, Wait::Spin);
        // Milliseconds apart (paced traffic): the next wait sleeps at once.
        for wait in [Wait::Spin, Wait::Sleep] {
            let late = tx.clone();
            let sender = std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(5));
                late.send(job()).unwrap();
            });
            let (_, next) = next_job(&rx, wait).unwrap();
            assert_eq!(
                next,
                Wait::Sleep,
                "a write 5 ms after the last one is not worth a spin"
            );
            sender.join().unwrap();
        }
        drop(tx);
        assert!(
            next_job(&rx, Wait::Spin).is_none(),
            "the writer stops with its queue"
        );
    }
}
