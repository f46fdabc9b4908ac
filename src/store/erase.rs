//! The one place that deletes shopper data. Conversation erasure (by the
//! shopper), `crossdesk erase --shopper` and retention sweeps all go
//! through [`erase`]: the data keys first (crypto-shredding: from that
//! moment nothing sealed with them opens, in the database or any copy),
//! then the rows and the learned translations derived from their text,
//! then a scrub of both stores, so that a forensic read of the files finds
//! neither the wrapped keys nor the ciphertexts.
//!
//! On SQLite, `secure_delete` (set on every connection) zeroes what a
//! deletion frees in the database file, and the scrub checkpoints the WAL
//! into it and truncates the WAL to nothing (older frames would otherwise
//! keep the pages as they were). On PostgreSQL the key store's table is
//! rewritten (`VACUUM FULL`), so destroyed wrapped keys leave its files;
//! erased ciphertexts of the data store stay in dead tuples until
//! PostgreSQL reuses the space, unreadable without their destroyed keys.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use super::schema::{channel_threads, conversations, learned_translations, messages};
use super::{AnyConnection, Kind, Store, StoreError};

/// What one erasure removed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Erased {
    pub data_keys_destroyed: usize,
    /// Message and conversation rows.
    pub rows_deleted: usize,
    /// Learned translations derived from the conversations' text.
    pub learned_deleted: usize,
}

/// A retention sweep of one region: conversations not touched since
/// `conversations_before` are erased (keys, rows, learned translations),
/// then messages older than `messages_before` and learned translations
/// older than `learned_before` are deleted, and the store is scrubbed.
/// Returns (conversations erased, what their erasure removed, old
/// messages deleted, old learned translations deleted). Blocking.
pub fn sweep(
    data: &Store,
    keys: &Store,
    messages_before: i64,
    conversations_before: i64,
    learned_before: i64,
) -> Result<(usize, Erased, usize, usize), StoreError> {
    let old = data.conversations_untouched_since(conversations_before)?;
    let erased = erase(data, keys, &old)?;
    let (messages, learned) = data.delete_older(messages_before, learned_before)?;
    data.scrub()?;
    Ok((old.len(), erased, messages, learned))
}

/// Erases conversations of one region: `data` is the region's store, `keys`
/// its key store. Blocking.
pub fn erase(data: &Store, keys: &Store, ids: &[String]) -> Result<Erased, StoreError> {
    if ids.is_empty() {
        return Ok(Erased::default());
    }
    let data_keys_destroyed = keys.destroy_data_keys(ids)?;
    keys.scrub()?;
    let (rows_deleted, learned_deleted) = data.delete_conversations(ids)?;
    data.scrub()?;
    Ok(Erased {
        data_keys_destroyed,
        rows_deleted,
        learned_deleted,
    })
}

impl Store {
    /// Deletes conversations, their messages and the learned translations
    /// learned from them: (rows, learned). Use [`erase`], which destroys
    /// the keys first and scrubs after.
    pub(super) fn delete_conversations(
        &self,
        ids: &[String],
    ) -> Result<(usize, usize), StoreError> {
        let mut conn = self.conn()?;
        let _guard = self.write_guard(&conn);
        let deleted = conn
            .transaction(|c| {
                let m =
                    diesel::delete(messages::table.filter(messages::conversation_id.eq_any(ids)))
                        .execute(c)?;
                let v = diesel::delete(conversations::table.filter(conversations::id.eq_any(ids)))
                    .execute(c)?;
                let l = diesel::delete(
                    learned_translations::table
                        .filter(learned_translations::conversation_id.eq_any(ids)),
                )
                .execute(c)?;
                // A channel user's (sealed) address goes with the conversation.
                let t = diesel::delete(
                    channel_threads::table.filter(channel_threads::conversation_id.eq_any(ids)),
                )
                .execute(c)?;
                Ok((m + v + t, l))
            })
            .map_err(self.query_err());
        for id in ids {
            self.changed(id);
        }
        deleted
    }

    fn conversations_untouched_since(&self, before: i64) -> Result<Vec<String>, StoreError> {
        let mut conn = self.conn()?;
        conversations::table
            .filter(conversations::updated_at.lt(before))
            .select(conversations::id)
            .load(&mut *conn)
            .map_err(self.query_err())
    }

    /// Messages and learned translations older than their cut-offs.
    fn delete_older(
        &self,
        messages_before: i64,
        learned_before: i64,
    ) -> Result<(usize, usize), StoreError> {
        let mut conn = self.conn()?;
        let _guard = self.write_guard(&conn);
        let deleted = conn.transaction(|c| {
            let m =
                diesel::delete(messages::table.filter(messages::created_at.lt(messages_before)))
                    .execute(c)?;
            let l = diesel::delete(
                learned_translations::table
                    .filter(learned_translations::created_at.lt(learned_before)),
            )
            .execute(c)?;
            Ok((m, l))
        });
        self.recent.forget_all();
        self.queues.changed();
        deleted.map_err(self.query_err())
    }

    /// Leaves nothing that deletions freed readable in the store's files
    /// (see the module comment). Blocking; on SQLite it waits for the
    /// writer and for readers of older snapshots.
    pub fn scrub(&self) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        let _guard = self.write_guard(&conn);
        match &mut *conn {
            AnyConnection::Sqlite(_) => {
                // TRUNCATE waits (busy_timeout) for readers still on the WAL;
                // a reader that holds on past it leaves frames behind: retry.
                for _ in 0..20 {
                    let state = super::writer::wal_checkpoint(&mut conn, "TRUNCATE")
                        .map_err(self.query_err())?;
                    if state.busy == 0 {
                        return Ok(());
                    }
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                Err(StoreError::Unavailable {
                    store: self.name.clone(),
                    reason:
                        "the WAL could not be truncated after an erasure (readers kept it busy)"
                            .into(),
                })
            }
            AnyConnection::Postgresql(c) => {
                if self.kind == Kind::Keys {
                    c.batch_execute("VACUUM FULL data_keys")
                        .map_err(self.query_err())?;
                }
                Ok(())
            }
        }
    }
}
