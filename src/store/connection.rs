//! A connection to either backend: which backend a store URL names, and the
//! pool's manager that opens it, with the SQLite settings every connection
//! gets.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::ManageConnection;

/// One connection to either backend.
#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    Postgresql(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

/// Which backend a store URL names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Backend {
    Sqlite(String),
    Postgres(String),
}

impl Backend {
    pub(super) fn parse(url: &str) -> Backend {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres(url.to_string())
        } else {
            Backend::Sqlite(url.strip_prefix("sqlite://").unwrap_or(url).to_string())
        }
    }
}

/// r2d2 manager that opens the backend its URL names. diesel's generic
/// manager would try each backend in turn, and SQLite happily creates a
/// file named like a PostgreSQL URL.
pub(super) struct Manager {
    pub(super) backend: Backend,
}

impl ManageConnection for Manager {
    type Connection = AnyConnection;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<AnyConnection, Self::Error> {
        match &self.backend {
            Backend::Postgres(url) => diesel::PgConnection::establish(url)
                .map(AnyConnection::Postgresql)
                .map_err(diesel::r2d2::Error::ConnectionError),
            Backend::Sqlite(path) => {
                let mut conn = diesel::SqliteConnection::establish(path)
                    .map_err(diesel::r2d2::Error::ConnectionError)?;
                // busy_timeout first: the pool opens connections in parallel,
                // and switching to WAL needs a moment of exclusive access.
                // synchronous=NORMAL in WAL mode loses at most the last
                // transactions on power loss, never corrupts (docs/PERFORMANCE.md).
                // mmap: reads come from the page cache without a pread
                // per page.
                // secure_delete: what a deletion frees is zeroed in the
                // file, so an erased row cannot be read back (store::erase).
                conn.batch_execute(
                    "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; \
                     PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; \
                     PRAGMA secure_delete = ON; PRAGMA mmap_size = 268435456;",
                )
                .map_err(diesel::r2d2::Error::QueryError)?;
                Ok(AnyConnection::Sqlite(conn))
            }
        }
    }

    fn is_valid(&self, conn: &mut AnyConnection) -> Result<(), Self::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(diesel::r2d2::Error::QueryError)
    }

    fn has_broken(&self, _conn: &mut AnyConnection) -> bool {
        false
    }
}
