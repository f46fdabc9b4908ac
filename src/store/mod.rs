//! Each region's own database. The only way to reach rows is
//! [`Stores::get`] with a region id, so a conversation's data can only go to
//! the store its region's policy names.
//!
//! SQLite (the embedded default, one file per store) and PostgreSQL (the
//! production store) run the same queries through diesel's `MultiConnection`.
//! diesel is blocking: every operation runs on tokio's blocking pool through
//! [`Store::run`], never on an actix worker.

/// Runs `$body` with `$conn` bound to the backend's own connection, for the
/// statements of every message. Through the multi-backend connection diesel
/// builds a statement's SQL text again on every call before it finds the
/// cached statement; the backend's own connection finds it by the query's
/// type alone.
macro_rules! on_backend {
    ($c:expr, |$conn:ident| $body:expr) => {
        match $c {
            AnyConnection::Sqlite($conn) => $body,
            AnyConnection::Postgresql($conn) => $body,
        }
    };
}

mod appended;
pub mod erase;
mod listen;
pub mod models;
pub mod queue;
mod recent;
pub mod schema;
mod statements;
mod writer;

#[cfg(test)]
pub(crate) mod testing;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{ManageConnection, Pool};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

pub use appended::{NOT_LOCAL, Watch};
use models::{
    AuditEntry, Conversation, ConversationUpdate, DataKey, LearnedTranslation, Message, NewMessage,
};
use schema::{audit, conversations, data_keys, learned_translations, messages};

use crate::seal::{SealError, Sealer};

pub(crate) const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");
const KEYSTORE_SQLITE_MIGRATIONS: EmbeddedMigrations =
    embed_migrations!("migrations/keystore/sqlite");
const KEYSTORE_POSTGRES_MIGRATIONS: EmbeddedMigrations =
    embed_migrations!("migrations/keystore/postgres");

/// What the next audit entry chains on: the newest entry's seq, hash and
/// public digest.
pub type Link<'a> = (i64, &'a str, &'a str);

/// Which schema a database holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A region's conversations, messages and learned translations.
    Data,
    /// A region's wrapped data keys.
    Keys,
}

/// One connection to either backend.
#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    Postgresql(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

/// Store failures. Every one of them means "try again later" to the caller:
/// nothing was half-written (writes are transactions).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store {store}: cannot connect: {reason}")]
    Connect { store: String, reason: String },
    #[error("store {store}: migration failed: {reason}")]
    Migrate { store: String, reason: String },
    #[error("store {store}: query failed: {source}")]
    Query {
        store: String,
        #[source]
        source: diesel::result::Error,
    },
    #[error("store {store}: unavailable: {reason}")]
    Unavailable { store: String, reason: String },
    #[error("no store for region {0}")]
    UnknownRegion(String),
    #[error("store {store}: a sealed field does not open: {source}")]
    Sealed {
        store: String,
        #[source]
        source: SealError,
    },
}

/// Which backend a store URL names.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Backend {
    Sqlite(String),
    Postgres(String),
}

impl Backend {
    fn parse(url: &str) -> Backend {
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
struct Manager {
    backend: Backend,
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
                // per page (measured: 22 preads per message before).
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

/// One region's database.
#[derive(Clone)]
pub struct Store {
    name: String,
    pool: Pool<Manager>,
    /// SQLite allows one writer; taking turns here avoids "database is
    /// locked" on read-then-write transactions. PostgreSQL relies on the
    /// primary key instead (see `append_message`).
    write_lock: Arc<Mutex<()>>,
    kind: Kind,
    /// SQLite data stores: the group-commit writer the hot writes go through.
    writer: Option<Arc<writer::Writer>>,
    /// Conversations the message path saw last (a hint; see [`recent`]).
    recent: Arc<recent::Recent>,
    /// The place-in-line snapshot, shared by all the region stores: every
    /// write here that moves a conversation in or out of a line drops it.
    queues: Arc<queue::QueueView>,
    /// When a sum over the stores last found this one not answering.
    missed_at: Arc<Mutex<Option<std::time::Instant>>>,
    /// Readers waiting for a conversation's next message.
    appended: Arc<appended::Appended>,
    /// One per pooled connection: a blocking call takes one before it takes
    /// a thread (see [`Store::run`]).
    permits: Arc<tokio::sync::Semaphore>,
    /// PostgreSQL data stores: where to listen for other instances'
    /// messages, once a reader first waits ([`Store::watch`]). Commands,
    /// which never wait, open no listener.
    listen_url: Option<Arc<(String, std::sync::Once)>>,
}

/// Connections per store's pool, and blocking calls per store at once.
const POOL_SIZE: u32 = 8;

/// How long a call waits for one of its store's [`POOL_SIZE`] permits
/// before it answers 503: the pool's own connection timeout.
const PERMIT_WAIT: Duration = Duration::from_secs(5);

/// How long a store that did not answer is left out of sums over the
/// stores before it is asked again (asking costs the pool's connection
/// timeout, 5 s, while it is down).
const LEFT_OUT_FOR: Duration = Duration::from_secs(10);

/// What [`Store::push_answer`] did.
#[derive(Debug)]
pub enum Exchange {
    /// Stored: the shopper's seq (when it was stored with the answer) and
    /// the new head of the audit log.
    Stored {
        seq: Option<i32>,
        head: Option<AuditEntry>,
    },
    /// The conversation is no longer the row the answer was computed from
    /// (or is gone): nothing was written. Here is the row as it is now.
    Stale(Option<Box<Conversation>>),
}

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
        // every checkout (it cost a statement per store call). PostgreSQL
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
            appended: Arc::default(),
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

    pub fn name(&self) -> &str {
        &self.name
    }

    fn conn(&self) -> Result<diesel::r2d2::PooledConnection<Manager>, StoreError> {
        self.pool.get().map_err(|e| StoreError::Unavailable {
            store: self.name.clone(),
            reason: e.to_string(),
        })
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

    fn query_err(&self) -> impl Fn(diesel::result::Error) -> StoreError + '_ {
        move |source| StoreError::Query {
            store: self.name.clone(),
            source,
        }
    }

    /// Runs blocking store work off the async workers, at most
    /// [`POOL_SIZE`] calls per store at once. More would only block their
    /// threads in the pool's checkout: a burst of reads (2,000 long-polls)
    /// took 162-254 threads. And a PostgreSQL region that is down holds
    /// each call's thread for the 5 s connection timeout, so under enough
    /// load it could take the whole blocking pool and stall every region
    /// (reasoned from the timeouts, not measured). The wait for
    /// a permit holds no thread; after [`PERMIT_WAIT`] the call answers
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
    /// run concurrently and rely on the primary key (see `append_message`).
    fn write_guard(&self, conn: &AnyConnection) -> Option<std::sync::MutexGuard<'_, ()>> {
        matches!(conn, AnyConnection::Sqlite(_))
            .then(|| self.write_lock.lock().unwrap_or_else(|p| p.into_inner()))
    }

    pub fn insert_conversation(&self, conversation: &Conversation) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        let _guard = self.write_guard(&conn);
        diesel::insert_into(conversations::table)
            .values(conversation)
            .execute(&mut *conn)
            .map_err(self.query_err())?;
        // Its first message will not need to read it back.
        self.recent.put(conversation.clone());
        Ok(())
    }

    pub fn conversation(&self, id: &str) -> Result<Option<Conversation>, StoreError> {
        let mut conn = self.conn()?;
        // `.load` rather than `.first`: a statement stopped after one row
        // keeps SQLite from ever checkpointing its WAL.
        let mut rows = conversations::table
            .filter(conversations::id.eq(id))
            .select(Conversation::as_select())
            .load(&mut *conn)
            .map_err(self.query_err())?;
        Ok(rows.pop())
    }

    /// [`Store::conversation`] for the message path: on SQLite through the
    /// store's writer thread, which is awake during traffic (a hand-off to
    /// a sleeping blocking-pool thread costs more than the read).
    pub async fn load_conversation(&self, id: String) -> Result<Option<Conversation>, StoreError> {
        if self.writer.is_none() {
            return self.run(move |s| s.conversation(&id)).await;
        }
        self.write(move |c| {
            let mut rows = conversations::table
                .filter(conversations::id.eq(&id))
                .select(Conversation::as_select())
                .load(c)?;
            Ok(rows.pop())
        })
        .await
    }

    /// A write here changed (or may have changed) conversation `id`: what
    /// the message path remembers of it, and every place in line, are
    /// dropped. Called after the commit: a snapshot taken before it is then
    /// older than the change and is taken again.
    fn changed(&self, id: &str) {
        self.recent.forget(id);
        self.queues.changed();
    }

    /// Waits on conversation `id`'s next message stored by this process
    /// (see [`appended`]; others' are found by reading every
    /// [`Store::unseen_writes_every`]).
    pub fn watch(&self, id: &str) -> appended::Watch {
        if let Some(listen) = &self.listen_url {
            listen.1.call_once(|| {
                if let Err(e) = listen::start(&self.name, &listen.0, Arc::downgrade(&self.appended)) {
                    tracing::error!(store = %self.name, error = %e, "no listener thread: waiting readers read instead");
                }
            });
        }
        self.appended.watch(id)
    }

    /// How often a waiting reader reads anyway, for messages that no
    /// wake-up announces. A SQLite data store is one process's (instances
    /// scale out on PostgreSQL only), and every path of that process that
    /// stores a message wakes its readers; the commands that write to it
    /// from outside (erasure, retention) only delete. So it is never read
    /// for nothing: 2,000 waiting shoppers made 2,000 reads a second and
    /// ~100 more blocking threads (docs/PERFORMANCE.md). A PostgreSQL store
    /// is shared by instances, which wake each other's readers through
    /// `NOTIFY` ([`listen`]); a wake-up can be lost, so every [`NOT_LOCAL`].
    pub fn unseen_writes_every(&self) -> Option<Duration> {
        // The writer thread is the mark of a SQLite data store.
        self.writer.is_none().then_some(NOT_LOCAL)
    }

    /// The conversation for a shopper's message: the one the message path
    /// saw last, when there is one (a hint that [`Store::push_answer`]
    /// checks), else read. A conversation an agent holds is always read:
    /// its messages are stored without that check.
    pub async fn conversation_for_message(
        &self,
        id: String,
    ) -> Result<Option<Conversation>, StoreError> {
        if let Some(c) = self.recent.get(&id).filter(|c| c.state != "agent") {
            return Ok(Some(c));
        }
        let read = self.load_conversation(id).await?;
        if let Some(c) = &read {
            self.recent.put(c.clone());
        }
        Ok(read)
    }

    /// Inserts `m` after the conversation's last message; returns its `seq`.
    fn insert_next(
        c: &mut AnyConnection,
        conversation_id: &str,
        m: &NewMessage,
        sealer: &Sealer,
    ) -> QueryResult<i32> {
        let last: Vec<Option<i32>> = on_backend!(c, |c| messages::table
            .filter(messages::conversation_id.eq(conversation_id))
            .select(diesel::dsl::max(messages::seq))
            .load(c))?;
        let seq = last.into_iter().flatten().next().unwrap_or(0) + 1;
        Self::insert_at(c, conversation_id, seq, m, sealer)
    }

    /// Inserts `m` as message `seq` of the conversation (the caller knows
    /// the last one: it just wrote it, in the same transaction).
    fn insert_at(
        c: &mut AnyConnection,
        conversation_id: &str,
        seq: i32,
        m: &NewMessage,
        sealer: &Sealer,
    ) -> QueryResult<i32> {
        // Sealed with the row's own number: a ciphertext moved to another
        // row does not open.
        let seal = |field: &str, text: &str| {
            sealer
                .seal(field, &seq.to_string(), text)
                .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))
        };
        let row = Message {
            conversation_id: conversation_id.to_string(),
            seq,
            role: m.role.clone(),
            text: seal("message_text", &m.text)?,
            lang: m.lang.clone(),
            translated_text: m
                .translated_text
                .as_deref()
                .map(|t| seal("translated_text", t))
                .transpose()?,
            translated_lang: m.translated_lang.clone(),
            engine: m.engine.clone(),
            machine_translated: m.machine_translated,
            created_at: m.created_at,
            lang_source: m.lang_source.clone(),
        };
        on_backend!(c, |c| diesel::insert_into(messages::table)
            .values(&row)
            .execute(c))?;
        Ok(seq)
    }

    /// Writes the conversation's new state. `read` is the row as this
    /// transaction read it, if it did: when the update keeps its routing,
    /// the routing columns (all indexed) are left out of the statement.
    fn set_state(
        c: &mut AnyConnection,
        id: &str,
        u: &ConversationUpdate,
        read: Option<&Conversation>,
    ) -> QueryResult<usize> {
        if read.is_some_and(|row| u.keeps_route(row)) {
            statements::SetState::<false> { id, update: u }.run(c)
        } else {
            statements::SetState::<true> { id, update: u }.run(c)
        }
    }

    /// Runs `write` in a transaction, again when another writer took the same
    /// `seq` first (two proxy instances sharing one PostgreSQL store).
    fn write_retrying<R>(
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
                Err(diesel::result::Error::DatabaseError(
                    diesel::result::DatabaseErrorKind::UniqueViolation,
                    _,
                )) if attempts < 5 => {
                    continue;
                }
                // SQLite answers "locked" at once, without waiting, when a
                // deferred transaction must upgrade to write while another
                // process writes (a command, a second instance): wait a
                // little and start over, up to LOCK_PATIENCE; after that the
                // client gets 503 with Retry-After.
                Err(diesel::result::Error::DatabaseError(_, info))
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
    /// [`Store::write_retrying`]) on PostgreSQL. The result arrives after
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

    /// [`Store::append_message`], asynchronously (the message path).
    pub async fn push_message(
        &self,
        conversation_id: String,
        m: NewMessage,
        sealer: Sealer,
    ) -> Result<i32, StoreError> {
        let id = conversation_id.clone();
        let seq = self
            .write(move |c| Self::insert_next(c, &conversation_id, &m, &sealer))
            .await?;
        self.appended.wake(&id);
        Ok(seq)
    }

    /// Stores the answer to a shopper message, the conversation's new
    /// state and the message's audit entries: all or nothing, one commit.
    /// `shopper` is the shopper's own message when it was not stored before
    /// the bot was asked (a bot that answers in-process: nothing can hang
    /// between the two). `before` is the conversation row the answer was
    /// computed from. When the shopper's row is stored here, nothing is
    /// written unless the row is still exactly `before` ([`Exchange::Stale`]):
    /// nothing of the message is stored yet, so the caller computes again.
    /// `chain` returns the audit entries, chained after the log's head
    /// (see [`Store::append_audit`]).
    pub async fn push_answer(
        &self,
        before: Conversation,
        shopper: Option<NewMessage>,
        answer: NewMessage,
        update: ConversationUpdate,
        sealer: Sealer,
        mut chain: impl FnMut(Option<Link<'_>>) -> Vec<AuditEntry> + Send + 'static,
    ) -> Result<Exchange, StoreError> {
        let conversation_id = before.id.clone();
        let expected = shopper.is_some().then(|| before.clone());
        let new_state = update.clone();
        let exchange = self
            .write(move |c| {
                if let Some(expected) = &expected {
                    let now = on_backend!(c, |c| conversations::table
                        .filter(conversations::id.eq(&conversation_id))
                        .select(Conversation::as_select())
                        .load(c))?
                    .pop();
                    if now.as_ref() != Some(expected) {
                        return Ok(Exchange::Stale(now.map(Box::new)));
                    }
                }
                let seq = shopper
                    .as_ref()
                    .map(|m| Self::insert_next(c, &conversation_id, m, &sealer))
                    .transpose()?;
                match seq {
                    Some(s) => Self::insert_at(c, &conversation_id, s + 1, &answer, &sealer)?,
                    None => Self::insert_next(c, &conversation_id, &answer, &sealer)?,
                };
                Self::set_state(c, &conversation_id, &update, expected.as_ref())?;
                let mut entries = Self::insert_audit(c, &mut chain)?;
                Ok(Exchange::Stored {
                    seq,
                    head: entries.pop(),
                })
            })
            .await?;
        match &exchange {
            Exchange::Stored { .. } => {
                self.appended.wake(&before.id);
                if new_state.moves_in_queue(&before) {
                    self.queues.changed();
                }
                let mut now = before;
                new_state.apply(&mut now);
                self.recent.put(now);
            }
            Exchange::Stale(Some(now)) => self.recent.put(Conversation::clone(now)),
            Exchange::Stale(None) => self.recent.forget(&before.id),
        }
        Ok(exchange)
    }

    /// Appends a message at the end of its conversation and returns its `seq`.
    pub fn append_message(
        &self,
        conversation_id: &str,
        m: &NewMessage,
        sealer: &Sealer,
    ) -> Result<i32, StoreError> {
        let seq = self.write_retrying(|c| Self::insert_next(c, conversation_id, m, sealer))?;
        self.appended.wake(conversation_id);
        Ok(seq)
    }

    /// Appends `ms` in order, all or none; their sequence numbers.
    pub fn append_messages(
        &self,
        conversation_id: &str,
        ms: &[NewMessage],
        sealer: &Sealer,
    ) -> Result<Vec<i32>, StoreError> {
        let seqs = self.write_retrying(|c| {
            ms.iter()
                .map(|m| Self::insert_next(c, conversation_id, m, sealer))
                .collect()
        })?;
        self.appended.wake(conversation_id);
        Ok(seqs)
    }

    pub fn messages(
        &self,
        conversation_id: &str,
        sealer: &Sealer,
    ) -> Result<Vec<Message>, StoreError> {
        self.messages_after(conversation_id, 0, sealer)
    }

    /// Opens the sealed fields of rows read from this store.
    fn open_rows(&self, rows: Vec<Message>, sealer: &Sealer) -> Result<Vec<Message>, StoreError> {
        let sealed = |source| StoreError::Sealed {
            store: self.name.clone(),
            source,
        };
        rows.into_iter()
            .map(|mut m| {
                let row = m.seq.to_string();
                m.text = sealer.open("message_text", &row, &m.text).map_err(sealed)?;
                m.translated_text = m
                    .translated_text
                    .map(|t| sealer.open("translated_text", &row, &t))
                    .transpose()
                    .map_err(sealed)?;
                Ok(m)
            })
            .collect()
    }

    /// Every waiting conversation's place-defining fields (no content):
    /// what [`Stores::place`] counts in.
    pub fn waiting(&self) -> Result<Vec<queue::Waiting>, StoreError> {
        let mut conn = self.conn()?;
        let rows: Vec<(Option<String>, i32, Option<i64>)> = conversations::table
            .filter(conversations::state.eq("handoff"))
            .select((
                conversations::pool,
                conversations::priority,
                conversations::queued_at,
            ))
            .load(&mut *conn)
            .map_err(self.query_err())?;
        Ok(rows
            .into_iter()
            .map(|(pool, priority, queued_at)| queue::Waiting {
                pool,
                priority,
                queued_at,
            })
            .collect())
    }

    /// A pool's queue in this store: waiting conversations, most urgent and
    /// oldest first.
    pub fn queue(&self, pool: &str) -> Result<Vec<Conversation>, StoreError> {
        let mut conn = self.conn()?;
        conversations::table
            .filter(conversations::state.eq("handoff"))
            .filter(conversations::pool.eq(pool))
            .order((
                conversations::priority.desc(),
                conversations::queued_at.asc(),
            ))
            .select(Conversation::as_select())
            .load(&mut *conn)
            .map_err(self.query_err())
    }

    /// (held by agents, waiting) in a pool, in this store.
    pub fn pool_load(&self, pool: &str) -> Result<(i64, i64), StoreError> {
        let mut conn = self.conn()?;
        let rows: Vec<(String, i64)> = conversations::table
            .filter(conversations::pool.eq(pool))
            .filter(conversations::state.eq_any(["agent", "handoff"]))
            .group_by(conversations::state)
            .select((conversations::state, diesel::dsl::count_star()))
            .load(&mut *conn)
            .map_err(self.query_err())?;
        let get = |s: &str| {
            rows.iter()
                .find(|(k, _)| k == s)
                .map(|(_, n)| *n)
                .unwrap_or(0)
        };
        Ok((get("agent"), get("handoff")))
    }

    /// Handling times (claim to close, ms) of the pool's last closed conversations.
    pub fn handling_times(&self, pool: &str, last: i64) -> Result<Vec<i64>, StoreError> {
        let mut conn = self.conn()?;
        let rows: Vec<(Option<i64>, Option<i64>)> = conversations::table
            .filter(conversations::pool.eq(pool))
            .filter(conversations::state.eq("closed"))
            .filter(conversations::claimed_at.is_not_null())
            .order(conversations::closed_at.desc())
            .limit(last)
            .select((conversations::claimed_at, conversations::closed_at))
            .load(&mut *conn)
            .map_err(self.query_err())?;
        Ok(rows
            .into_iter()
            .filter_map(|(a, b)| Some(b? - a?))
            .filter(|d| *d >= 0)
            .collect())
    }

    /// An agent takes a waiting conversation of their pool. `false` when it
    /// is not waiting there any more (someone else was faster).
    pub fn claim(&self, id: &str, pool: &str, agent: &str, now: i64) -> Result<bool, StoreError> {
        let mut conn = self.conn()?;
        let _guard = self.write_guard(&conn);
        let n = diesel::update(
            conversations::table
                .filter(conversations::id.eq(id))
                .filter(conversations::pool.eq(pool))
                .filter(conversations::state.eq("handoff")),
        )
        .set((
            conversations::state.eq("agent"),
            conversations::agent.eq(agent),
            conversations::claimed_at.eq(now),
            conversations::updated_at.eq(now),
        ))
        .execute(&mut *conn)
        .map_err(self.query_err())?;
        self.changed(id);
        Ok(n == 1)
    }

    /// Moves a conversation held by `agent` in `pool` to another pool's queue.
    pub fn transfer(
        &self,
        id: &str,
        pool: &str,
        agent: &str,
        to: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut conn = self.conn()?;
        let _guard = self.write_guard(&conn);
        let n = diesel::update(
            conversations::table
                .filter(conversations::id.eq(id))
                .filter(conversations::pool.eq(pool))
                .filter(conversations::agent.eq(agent))
                .filter(conversations::state.eq("agent")),
        )
        .set((
            conversations::state.eq("handoff"),
            conversations::pool.eq(to),
            conversations::agent.eq(None::<String>),
            conversations::queued_at.eq(now),
            conversations::updated_at.eq(now),
        ))
        .execute(&mut *conn)
        .map_err(self.query_err())?;
        self.changed(id);
        Ok(n == 1)
    }

    /// Closes a conversation held by `agent` in `pool`, with the system
    /// message the shopper sees, in one transaction.
    #[allow(clippy::too_many_arguments)]
    pub fn close(
        &self,
        id: &str,
        pool: &str,
        agent: &str,
        resolution: &str,
        notice: &NewMessage,
        now: i64,
        sealer: &Sealer,
    ) -> Result<bool, StoreError> {
        let closed = self.write_retrying(|c| {
            let n = diesel::update(
                conversations::table
                    .filter(conversations::id.eq(id))
                    .filter(conversations::pool.eq(pool))
                    .filter(conversations::agent.eq(agent))
                    .filter(conversations::state.eq("agent")),
            )
            .set((
                conversations::state.eq("closed"),
                conversations::resolution.eq(resolution),
                conversations::resolved_by.eq("agent"),
                conversations::closed_at.eq(now),
                conversations::updated_at.eq(now),
            ))
            .execute(c)?;
            if n == 1 {
                Self::insert_next(c, id, notice, sealer)?;
            }
            Ok(n == 1)
        });
        self.changed(id);
        self.appended.wake(id);
        closed
    }

    /// Messages after `seq`, in order, sealed fields opened.
    pub fn messages_after(
        &self,
        conversation_id: &str,
        seq: i32,
        sealer: &Sealer,
    ) -> Result<Vec<Message>, StoreError> {
        let mut conn = self.conn()?;
        let rows = messages::table
            .filter(messages::conversation_id.eq(conversation_id))
            .filter(messages::seq.gt(seq))
            .order(messages::seq.asc())
            .select(Message::as_select())
            .load(&mut *conn)
            .map_err(self.query_err())?;
        self.open_rows(rows, sealer)
    }

    /// Learned translations stored under `hash` (the caller opens and compares).
    pub fn learned_rows(
        &self,
        from: &str,
        to: &str,
        hash: &str,
    ) -> Result<Vec<LearnedTranslation>, StoreError> {
        let mut conn = self.conn()?;
        learned_translations::table
            .filter(learned_translations::from_lang.eq(from))
            .filter(learned_translations::to_lang.eq(to))
            .filter(learned_translations::source_hash.eq(hash))
            .select(LearnedTranslation::as_select())
            .load(&mut *conn)
            .map_err(self.query_err())
    }

    /// Every learned translation of the store, sealed as stored (audits and tests).
    pub fn all_learned_rows(&self) -> Result<Vec<LearnedTranslation>, StoreError> {
        let mut conn = self.conn()?;
        learned_translations::table
            .select(LearnedTranslation::as_select())
            .load(&mut *conn)
            .map_err(self.query_err())
    }

    /// Remembers a translation; a concurrent writer's identical entry wins quietly.
    pub fn learn(&self, row: &LearnedTranslation) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        let _guard = self.write_guard(&conn);
        match diesel::insert_into(learned_translations::table)
            .values(row)
            .execute(&mut *conn)
        {
            Ok(_)
            | Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => Ok(()),
            Err(e) => Err(self.query_err()(e)),
        }
    }

    /// A wrapped data key (key stores only).
    pub fn data_key(&self, owner: &str) -> Result<Option<DataKey>, StoreError> {
        let mut conn = self.conn()?;
        let mut rows: Vec<DataKey> = data_keys::table
            .filter(data_keys::owner.eq(owner))
            .select(DataKey::as_select())
            .load(&mut *conn)
            .map_err(self.query_err())?;
        Ok(rows.pop())
    }

    /// Stores a new data key unless one exists for the owner (a concurrent
    /// writer may have been first: the caller reads it back).
    pub fn put_data_key(&self, key: &DataKey) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        let _guard = self.write_guard(&conn);
        match diesel::insert_into(data_keys::table)
            .values(key)
            .execute(&mut *conn)
        {
            Ok(_)
            | Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => Ok(()),
            Err(e) => Err(self.query_err()(e)),
        }
    }

    pub fn all_data_keys(&self) -> Result<Vec<DataKey>, StoreError> {
        let mut conn = self.conn()?;
        data_keys::table
            .select(DataKey::as_select())
            .load(&mut *conn)
            .map_err(self.query_err())
    }

    /// Replaces a data key's wrapping (key rotation); the data key itself,
    /// and so every ciphertext, stays the same.
    pub fn rewrap(&self, owner: &str, key_version: i32, wrapped: &str) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        let _guard = self.write_guard(&conn);
        diesel::update(data_keys::table.filter(data_keys::owner.eq(owner)))
            .set((
                data_keys::key_version.eq(key_version),
                data_keys::wrapped.eq(wrapped),
            ))
            .execute(&mut *conn)
            .map_err(self.query_err())?;
        Ok(())
    }

    /// Destroys data keys: what they sealed can never be opened again.
    pub fn destroy_data_keys(&self, owners: &[String]) -> Result<usize, StoreError> {
        let mut conn = self.conn()?;
        let _guard = self.write_guard(&conn);
        diesel::delete(data_keys::table.filter(data_keys::owner.eq_any(owners)))
            .execute(&mut *conn)
            .map_err(self.query_err())
    }

    /// Conversations of a shopper (by pseudonym).
    pub fn conversations_of(&self, shopper_ref: &str) -> Result<Vec<String>, StoreError> {
        let mut conn = self.conn()?;
        conversations::table
            .filter(conversations::shopper_ref.eq(shopper_ref))
            .select(conversations::id)
            .load(&mut *conn)
            .map_err(self.query_err())
    }

    /// The shopper closes their conversation: who resolved it is the agent
    /// holding it, else the bot. False when it was closed already.
    pub fn close_by_shopper(
        &self,
        id: &str,
        notice: &NewMessage,
        now: i64,
        sealer: &Sealer,
    ) -> Result<bool, StoreError> {
        let closed = self.write_retrying(|c| {
            let held: Option<Option<String>> = conversations::table
                .filter(conversations::id.eq(id))
                .filter(conversations::state.ne("closed"))
                .select(conversations::agent)
                .first(c)
                .optional()?;
            let Some(agent) = held else {
                return Ok(false);
            };
            diesel::update(conversations::table.filter(conversations::id.eq(id)))
                .set((
                    conversations::state.eq("closed"),
                    conversations::resolution.eq("resolved"),
                    conversations::resolved_by.eq(if agent.is_some() { "agent" } else { "bot" }),
                    conversations::closed_at.eq(now),
                    conversations::updated_at.eq(now),
                ))
                .execute(c)?;
            Self::insert_next(c, id, notice, sealer)?;
            Ok(true)
        });
        self.changed(id);
        self.appended.wake(id);
        closed
    }

    /// The shopper's rating of a closed conversation; false when it is not
    /// closed.
    pub fn rate(&self, id: &str, score: i32, now: i64) -> Result<bool, StoreError> {
        let rated = self.write_retrying(|c| {
            let n = diesel::update(
                conversations::table
                    .filter(conversations::id.eq(id))
                    .filter(conversations::state.eq("closed")),
            )
            .set((
                conversations::csat.eq(score),
                conversations::rated_at.eq(now),
            ))
            .execute(c)?;
            Ok(n == 1)
        });
        self.recent.forget(id);
        rated
    }

    /// Conversations created since `since` (for service statistics): the
    /// columns the figures need, no content.
    pub fn conversation_stats(&self, since: i64) -> Result<Vec<Conversation>, StoreError> {
        let mut conn = self.conn()?;
        conversations::table
            .filter(conversations::created_at.ge(since))
            .select(Conversation::as_select())
            .load(&mut *conn)
            .map_err(self.query_err())
    }

    /// Appends the entries `chain` returns after the log's newest one (or
    /// `None` when the log is empty), in one transaction. The store does not
    /// compute the chain: `chain` runs inside the transaction, so no other
    /// append comes between the read of the head and the insert (and it
    /// runs again when the transaction does). Blocking.
    pub fn append_audit(
        &self,
        mut chain: impl FnMut(Option<Link<'_>>) -> Vec<AuditEntry>,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        self.write_retrying(|c| Self::insert_audit(c, &mut chain))
    }

    /// Reads the log's head, chains after it and inserts what `chain` returns.
    fn insert_audit(
        c: &mut AnyConnection,
        chain: &mut impl FnMut(Option<Link<'_>>) -> Vec<AuditEntry>,
    ) -> QueryResult<Vec<AuditEntry>> {
        // `max` rather than `ORDER BY … LIMIT ?`: SQLite plans a statement
        // with a bound LIMIT again on every run (3.51: the bound value may
        // change the plan), and this one runs with every message.
        let newest = diesel::alias!(audit as newest);
        let last: Option<(i64, String, String)> = on_backend!(c, |c| audit::table
            .filter(
                audit::seq.nullable().eq(newest
                    .select(diesel::dsl::max(newest.field(audit::seq)))
                    .single_value()),
            )
            .select((audit::seq, audit::hash, audit::digest))
            .load(c))?
        .pop();
        let entries = chain(last.as_ref().map(|(s, h, d)| (*s, h.as_str(), d.as_str())));
        // One row per statement: the multi-backend connection has no
        // batch insert; the transaction keeps it one commit.
        for entry in &entries {
            on_backend!(c, |c| diesel::insert_into(audit::table)
                .values(entry)
                .execute(c))?;
        }
        Ok(entries)
    }

    /// The whole audit log, in order.
    pub fn audit_entries(&self) -> Result<Vec<AuditEntry>, StoreError> {
        let mut conn = self.conn()?;
        audit::table
            .order(audit::seq.asc())
            .select(AuditEntry::as_select())
            .load(&mut *conn)
            .map_err(self.query_err())
    }

    /// The newest audit entry (the log's head), if any.
    pub fn audit_head(&self) -> Result<Option<AuditEntry>, StoreError> {
        let mut conn = self.conn()?;
        audit::table
            .order(audit::seq.desc())
            .limit(1)
            .select(AuditEntry::as_select())
            .load(&mut *conn)
            .map(|mut v| v.pop())
            .map_err(self.query_err())
    }

    /// Deletes audit entries from `seq` on (tamper tests only).
    #[cfg(test)]
    pub fn delete_audit_tail_for_tests(&self, seq: i64) {
        let mut conn = self.conn().unwrap();
        diesel::delete(audit::table.filter(audit::seq.ge(seq)))
            .execute(&mut *conn)
            .unwrap();
    }

    /// Cheap liveness check for `/healthz`.
    pub fn ping(&self) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        conn.batch_execute("SELECT 1").map_err(self.query_err())
    }

    /// A real write, committed, for `/healthz`: a store that answers reads
    /// but cannot write (a full disk, a read-only database) fails here.
    pub fn probe_write(&self) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        let _guard = self.write_guard(&conn);
        let now = chrono::Utc::now().timestamp_millis();
        conn.batch_execute(&format!(
            "INSERT INTO health_probe (id, at) VALUES (1, {now}) \
             ON CONFLICT (id) DO UPDATE SET at = excluded.at"
        ))
        .map_err(self.query_err())
    }
}

/// How long a write waits for another writer's lock before giving up.
const LOCK_PATIENCE: Duration = Duration::from_secs(2);

fn is_locked(message: &str) -> bool {
    message.contains("database is locked") || message.contains("database table is locked")
}

/// The key of a learned translation.
pub fn source_hash(source: &str) -> String {
    hex::encode(ring::digest::digest(
        &ring::digest::SHA256,
        source.as_bytes(),
    ))
}

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

    /// [`Stores::read_all`] for figures that are sums over the regions
    /// (pool loads, handling times, places in line): a store that does not
    /// answer is left out of the sum and logged, so that one region's
    /// outage does not fail the others' hand-offs. A store that did not
    /// answer is left out for [`LEFT_OUT_FOR`] without being asked, so that
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

#[cfg(test)]
mod wal_tests;

#[cfg(test)]
mod permit_tests;

#[cfg(test)]
mod tests {
    use super::*;

    fn conversation(id: &str) -> Conversation {
        Conversation {
            timezone: Some("Europe/Berlin".into()),
            ..Conversation::opened(id, "eu", "DE", "web", 1)
        }
    }

    fn update(at: i64, state: &str) -> ConversationUpdate {
        ConversationUpdate {
            lang: Some("de".into()),
            lang_locked: at % 2 == 0,
            lang_pending: Some("fr".into()),
            state: state.into(),
            handoff_reason: (state == "handoff").then(|| "upset".into()),
            updated_at: at,
            pool: Some("eu-support".into()),
            priority: 1,
            bot_misses: 1,
            queued_at: Some(at),
            emotion: 0.1 + at as f64 / 7.0,
            first_response_at: Some(2),
        }
    }

    /// A shopper's message and the bot's answer, with no audit entry.
    pub(super) async fn exchange(
        store: &Store,
        from: &Conversation,
        u: ConversationUpdate,
    ) -> Exchange {
        let row = |role: &str| NewMessage {
            role: role.into(),
            ..NewMessage::system("hallo".into(), "de", u.updated_at)
        };
        store
            .push_answer(
                from.clone(),
                Some(row("shopper")),
                row("bot"),
                u.clone(),
                Sealer::none(),
                |_| Vec::new(),
            )
            .await
            .unwrap()
    }

    /// What the message path remembers after a write is exactly the row
    /// stored (else every next message would be computed twice), and a row
    /// changed meanwhile writes nothing and comes back as it is.
    #[tokio::test]
    async fn an_exchange_checks_the_row_it_was_computed_from() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open("eu", dir.path().join("eu.db").to_str().unwrap()).unwrap();
        let mut c = conversation("eu_1");
        store.insert_conversation(&c).unwrap();
        for at in 2..5 {
            let u = update(at, if at == 4 { "handoff" } else { "bot" });
            let done = exchange(&store, &c, u.clone()).await;
            assert!(
                matches!(done, Exchange::Stored { seq: Some(s), .. } if s == 2 * at as i32 - 3)
            );
            u.apply(&mut c);
            assert_eq!(store.conversation("eu_1").unwrap().as_ref(), Some(&c));
        }
        let mut remembered = c.clone();
        remembered.bot_misses = 0;
        let stale = exchange(&store, &remembered, update(9, "bot")).await;
        assert!(
            matches!(&stale, Exchange::Stale(Some(now)) if **now == c),
            "{stale:?}"
        );
        assert_eq!(store.messages("eu_1", &Sealer::none()).unwrap().len(), 6);
        let gone = exchange(&store, &conversation("eu_2"), update(9, "bot")).await;
        assert!(matches!(gone, Exchange::Stale(None)));
        assert!(store.messages("eu_2", &Sealer::none()).unwrap().is_empty());
    }
}
