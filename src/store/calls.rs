//! How a call reaches a store's database: blocking work runs off the async
//! workers, at most one call per pooled connection ([`Store::run`]), on a
//! connection of the store's pool ([`Store::conn`]); SQLite
//! writers take turns in-process ([`Store::write_guard`]); a transaction
//! that lost a race to another writer runs again
//! (`Store::write_retrying`); the hot writes go through the group-commit
//! writer on SQLite ([`Store::write`]).

use std::time::Duration;

use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use super::connection::{AnyConnection, Manager};
use super::writer::{LOCK_PATIENCE, is_locked};
use super::{Store, StoreError};

/// Connections per store's pool, and blocking calls per store at once.
pub(super) const POOL_SIZE: u32 = 8;

/// How long a call waits for one of its store's `POOL_SIZE` permits
/// before it answers 503: the pool's own connection timeout.
pub(super) const PERMIT_WAIT: Duration = Duration::from_secs(5);

/// An insert that a concurrent writer may have made first: the row it
/// stored stands, quietly.
pub(super) fn unless_stored(inserted: QueryResult<usize>) -> QueryResult<()> {
    match inserted {
        Ok(_) | Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(()),
        Err(e) => Err(e),
    }
}

impl Store {
    /// A connection of the store's pool.
    pub(super) fn conn(&self) -> Result<diesel::r2d2::PooledConnection<Manager>, StoreError> {
        self.pool.get().map_err(|e| StoreError::Unavailable {
            store: self.name.clone(),
            reason: e.to_string(),
        })
    }

    /// A query failure of this store.
    pub(super) fn query_err(&self) -> impl Fn(diesel::result::Error) -> StoreError + '_ {
        move |source| StoreError::Query {
            store: self.name.clone(),
            source,
        }
    }

    /// Runs blocking store work off the async workers, at most
    /// `POOL_SIZE` calls per store at once. More would only block their
    /// threads in the pool's checkout: a burst of reads (2,000 long-polls)
    /// takes hundreds of threads. And a PostgreSQL region that is down holds
    /// each call's thread for the 5 s connection timeout, so under enough
    /// load it could take the whole blocking pool and stall every region
    /// (reasoned from the timeouts, not measured). The wait for
    /// a permit holds no thread; after `PERMIT_WAIT` the call answers
    /// unavailable (503 with `Retry-After`).
    pub async fn run<R, F>(&self, f: F) -> Result<R, StoreError>
    where
        F: FnOnce(&Store) -> Result<R, StoreError> + Send + 'static,
        R: Send + 'static,
    {
        let unavailable = |reason: &str| StoreError::Unavailable {
            store: self.name.clone(),
            reason: reason.to_string(),
        };
        let permit = tokio::time::timeout(PERMIT_WAIT, self.permits.clone().acquire_owned())
            .await
            .map_err(|_| unavailable("every connection of the store stayed busy"))?
            .map_err(|_| unavailable("the store is closing"))?;
        let store = self.clone();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            f(&store)
        })
        .await
        .map_err(|e| unavailable(&format!("worker failed: {e}")))?
    }

    /// SQLite allows one writer: take turns in-process. PostgreSQL writers
    /// run concurrently and rely on the primary key (see
    /// `Store::write_retrying`).
    pub(super) fn write_guard(
        &self,
        conn: &AnyConnection,
    ) -> Option<std::sync::MutexGuard<'_, ()>> {
        matches!(conn, AnyConnection::Sqlite(_))
            .then(|| self.write_lock.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// Runs `write` in a transaction, again when another writer took the same
    /// `seq` first (two proxy instances sharing one PostgreSQL store).
    pub(super) fn write_retrying<R>(
        &self,
        mut write: impl FnMut(&mut AnyConnection) -> QueryResult<R>,
    ) -> Result<R, StoreError> {
        let mut conn = self.conn()?;
        let _guard = self.write_guard(&conn);
        let mut attempts = 0;
        let started = std::time::Instant::now();
        loop {
            attempts += 1;
            match (*conn).transaction(&mut write) {
                Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _))
                    if attempts < 5 =>
                {
                    continue;
                }
                // SQLite answers "locked" at once, without waiting, when a
                // deferred transaction must upgrade to write while another
                // process writes (a command, a second instance): wait a
                // little and start over, up to LOCK_PATIENCE; after that the
                // client gets 503 with Retry-After.
                Err(DieselError::DatabaseError(_, info))
                    if is_locked(info.message()) && started.elapsed() < LOCK_PATIENCE =>
                {
                    std::thread::sleep(Duration::from_millis(10 * attempts.min(10)));
                    continue;
                }
                other => return other.map_err(self.query_err()),
            }
        }
    }

    /// Runs `write` in a transaction off the async workers: through the
    /// group-commit writer on SQLite, on a pooled connection (retrying like
    /// `Store::write_retrying`) on PostgreSQL. The result arrives after
    /// the commit.
    pub async fn write<R, F>(&self, write: F) -> Result<R, StoreError>
    where
        F: FnMut(&mut AnyConnection) -> QueryResult<R> + Send + 'static,
        R: Send + 'static,
    {
        match &self.writer {
            Some(w) => w.write(&self.name, write).await,
            None => self.run(move |s| s.write_retrying(write)).await,
        }
    }
}
