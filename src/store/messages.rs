//! The messages table: a conversation's messages appended in order, their
//! text sealed with the row's own number, read back opened. Every append
//! wakes the readers waiting on its conversation ([`Store::watch`],
//! `wakeup`; on PostgreSQL also other instances' readers, `listen`).

use std::sync::Arc;
use std::time::Duration;

use diesel::prelude::*;

use super::connection::AnyConnection;
use super::models::{Message, NewMessage};
use super::schema::messages;
use super::wakeup::{NOT_LOCAL, Watch};
use super::{Store, StoreError, listen};
use crate::seal::Sealer;

impl Store {
    /// Inserts `m` after the conversation's last message; returns its `seq`.
    pub(super) fn insert_next(
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
    pub(super) fn insert_at(
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
            role: m.role,
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

    /// Appends a message at the end of its conversation and returns its
    /// `seq`, asynchronously: through the group-commit writer on SQLite
    /// (the message path).
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
        self.wakeups.wake(&id);
        Ok(seq)
    }

    /// [`Store::append_messages`] of one message: its `seq`. Blocking.
    pub fn append_message(
        &self,
        conversation_id: &str,
        m: &NewMessage,
        sealer: &Sealer,
    ) -> Result<i32, StoreError> {
        let seqs = self.append_messages(conversation_id, std::slice::from_ref(m), sealer)?;
        Ok(seqs[0])
    }

    /// Appends `ms` in order, all or none, on a pooled connection; their
    /// sequence numbers. Blocking: the asynchronous way is
    /// [`Store::push_message`].
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
        self.wakeups.wake(conversation_id);
        Ok(seqs)
    }

    pub fn messages(
        &self,
        conversation_id: &str,
        sealer: &Sealer,
    ) -> Result<Vec<Message>, StoreError> {
        self.messages_after(conversation_id, 0, sealer)
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

    /// Waits on conversation `id`'s next message stored by this process
    /// (others' are found by reading every [`Store::unseen_writes_every`]).
    pub fn watch(&self, id: &str) -> Watch {
        if let Some(listen) = &self.listen_url {
            listen.1.call_once(|| {
                if let Err(e) = listen::start(&self.name, &listen.0, Arc::downgrade(&self.wakeups)) {
                    tracing::error!(store = %self.name, error = %e, "no listener thread: waiting readers read instead");
                }
            });
        }
        self.wakeups.watch(id)
    }

    /// How often a waiting reader reads anyway, for messages that no
    /// wake-up announces. A SQLite data store is one process's (instances
    /// scale out on PostgreSQL only), and every path of that process that
    /// stores a message wakes its readers; the commands that write to it
    /// from outside (erasure, retention) only delete. So it is never read
    /// for nothing: reading on a timer would cost a read a second per
    /// waiting shopper and a hundred more blocking threads at 2,000 of
    /// them (docs/PERFORMANCE.md). A PostgreSQL store
    /// is shared by instances, which wake each other's readers through
    /// `NOTIFY` (`listen`); a wake-up can be lost, so every [`NOT_LOCAL`].
    pub fn unseen_writes_every(&self) -> Option<Duration> {
        // The writer thread is the mark of a SQLite data store.
        self.writer.is_none().then_some(NOT_LOCAL)
    }
}
