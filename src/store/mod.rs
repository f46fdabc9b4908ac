//! Each region's own database. The only way to reach rows is
//! [`Stores::get`] with a region id, so a conversation's data can only go to
//! the store its region's policy names.
//!
//! SQLite (the embedded default, one file per store) and PostgreSQL (the
//! production store) run the same queries through diesel's `MultiConnection`.
//! diesel is blocking: every operation runs on tokio's blocking pool through
//! [`Store::run`], never on an actix worker.
//!
//! - `connection`: which backend a URL names and how a connection to it is
//!   opened; `open`: a store opened and migrated; `health`: its checks;
//! - `calls`: how a call reaches the database (permits, turns, retries,
//!   the group-commit `writer`);
//! - one module per table: `conversations`, `messages`, `keys` (the
//!   key stores' data keys), `learned` (learned translations),
//!   `audit_rows` (the audit log's entries, chained by the caller);
//! - `exchange`: the message path's one write of an answer;
//! - `wakeup` and `listen`: readers waiting for a conversation's next
//!   message; `recent` and `queue`: what the message path and the
//!   places in line keep between reads;
//! - `erase`: erasure and retention; `regions`: every region's store.

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

mod audit_rows;
mod calls;
mod channels;
mod connection;
mod conversations;
pub mod erase;
mod error;
mod exchange;
mod health;
mod keys;
pub mod kinds;
mod learned;
mod listen;
mod messages;
pub mod models;
mod open;
pub mod queue;
mod recent;
mod regions;
pub mod schema;
mod statements;
mod wakeup;
mod writer;

#[cfg(test)]
pub(crate) mod testing;

#[cfg(test)]
mod permit_tests;
#[cfg(test)]
mod wal_tests;

use std::sync::{Arc, Mutex};

use diesel::r2d2::Pool;

pub use audit_rows::Link;
pub use channels::Thread;
pub use connection::AnyConnection;
pub use error::StoreError;
pub use exchange::Exchange;
pub use kinds::{HandoffReason, Resolution, Role, State};
pub use learned::source_hash;
pub use regions::Stores;
pub use wakeup::{NOT_LOCAL, Watch};

/// Which schema a database holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A region's conversations, messages and learned translations.
    Data,
    /// A region's wrapped data keys.
    Keys,
}

/// One region's database.
#[derive(Clone)]
pub struct Store {
    name: String,
    pool: Pool<connection::Manager>,
    /// SQLite allows one writer; taking turns here avoids "database is
    /// locked" on read-then-write transactions. PostgreSQL relies on the
    /// primary key instead (see [`Store::write_retrying`]).
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
    wakeups: Arc<wakeup::Wakeups>,
    /// One per pooled connection: a blocking call takes one before it takes
    /// a thread (see [`Store::run`]).
    permits: Arc<tokio::sync::Semaphore>,
    /// PostgreSQL data stores: where to listen for other instances'
    /// messages, once a reader first waits ([`Store::watch`]). Commands,
    /// which never wait, open no listener.
    listen_url: Option<Arc<(String, std::sync::Once)>>,
}

impl Store {
    pub fn name(&self) -> &str {
        &self.name
    }
}
