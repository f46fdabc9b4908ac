//! Opening a store: its pool of connections, its schema migrated, and on
//! SQLite its group-commit writer and WAL checkpointer; a PostgreSQL data
//! store listens for other instances' messages once a reader waits.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use diesel::r2d2::{ManageConnection, Pool};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use super::calls::POOL_SIZE;
use super::connection::{AnyConnection, Backend, Manager};
use super::{Kind, Store, StoreError, writer};

pub(crate) const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");
const KEYSTORE_SQLITE_MIGRATIONS: EmbeddedMigrations =
    embed_migrations!("migrations/keystore/sqlite");
const KEYSTORE_POSTGRES_MIGRATIONS: EmbeddedMigrations =
    embed_migrations!("migrations/keystore/postgres");

impl Store {
    /// Opens (creating the SQLite file and its folder if needed) and migrates.
    pub fn open(name: &str, url: &str) -> Result<Store, StoreError> {
        Store::open_kind(name, url, Kind::Data)
    }

    pub fn open_kind(name: &str, url: &str, kind: Kind) -> Result<Store, StoreError> {
        Store::open_with(name, url, kind, writer::WalLimits::default())
    }

    /// [`Store::open_kind`] with the WAL limits of a SQLite data store.
    pub(crate) fn open_with(
        name: &str,
        url: &str,
        kind: Kind,
        wal: writer::WalLimits,
    ) -> Result<Store, StoreError> {
        let backend = Backend::parse(url);
        if let Backend::Sqlite(path) = &backend
            && let Some(dir) = Path::new(path).parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Connect {
                store: name.to_string(),
                reason: format!("cannot create {}: {e}", dir.display()),
            })?;
        }
        // A SQLite file does not drop connections: no `SELECT 1` before
        // every checkout (it costs a statement per store call). PostgreSQL
        // connections can die with the server or the network: checked.
        let sqlite = matches!(backend, Backend::Sqlite(_));
        let pool = Pool::builder()
            .max_size(POOL_SIZE)
            .test_on_check_out(!sqlite)
            // Open connections as load asks for them: a proxy holds eight
            // stores (data and keys per region), and an eager pool of eight
            // each would take 64 PostgreSQL connections per process.
            .min_idle(Some(1))
            // Connection failures surface once, as a StoreError, not as a
            // log line per retry.
            .error_handler(Box::new(diesel::r2d2::NopErrorHandler))
            .connection_timeout(Duration::from_secs(5))
            .build(Manager {
                backend: backend.clone(),
            })
            .map_err(|e| StoreError::Connect {
                store: name.to_string(),
                reason: e.to_string(),
            })?;
        let mut store = Store {
            name: name.to_string(),
            pool,
            write_lock: Arc::new(Mutex::new(())),
            kind,
            writer: None,
            recent: Arc::default(),
            queues: Arc::default(),
            missed_at: Arc::default(),
            wakeups: Arc::default(),
            permits: Arc::new(tokio::sync::Semaphore::new(POOL_SIZE as usize)),
            listen_url: None,
        };
        store.migrate()?;
        if sqlite && kind == Kind::Data {
            let conn = Manager { backend }
                .connect()
                .map_err(|e| StoreError::Connect {
                    store: name.to_string(),
                    reason: e.to_string(),
                })?;
            let writer =
                writer::Writer::start(name, conn, store.write_lock.clone(), wal).map_err(|e| {
                    StoreError::Connect {
                        store: name.to_string(),
                        reason: format!("no writer thread: {e}"),
                    }
                })?;
            let writer = Arc::new(writer);
            let conn = Manager {
                backend: Backend::parse(url),
            }
            .connect()
            .map_err(|e| StoreError::Connect {
                store: name.to_string(),
                reason: e.to_string(),
            })?;
            writer::checkpointer(
                name,
                conn,
                Arc::downgrade(&writer),
                store.write_lock.clone(),
                wal,
            );
            store.writer = Some(writer);
        }
        if !sqlite && kind == Kind::Data {
            store.listen_url = Some(Arc::new((url.to_string(), std::sync::Once::new())));
        }
        Ok(store)
    }

    fn migrate(&self) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        let (sqlite, postgres) = match self.kind {
            Kind::Data => (SQLITE_MIGRATIONS, POSTGRES_MIGRATIONS),
            Kind::Keys => (KEYSTORE_SQLITE_MIGRATIONS, KEYSTORE_POSTGRES_MIGRATIONS),
        };
        let result = match &mut *conn {
            AnyConnection::Sqlite(c) => c.run_pending_migrations(sqlite).map(|_| ()),
            AnyConnection::Postgresql(c) => c.run_pending_migrations(postgres).map(|_| ()),
        };
        result.map_err(|e| StoreError::Migrate {
            store: self.name.clone(),
            reason: e.to_string(),
        })
    }
}
