//! The conversations table: a conversation opened and read (on the message
//! path, through the hint of [`super::recent`]), its state written with a
//! message, the agents' queues (waiting, claimed, transferred, closed), the
//! shopper's close and rating, and the figures read for statistics.

use diesel::prelude::*;

use super::connection::AnyConnection;
use super::kinds::{Resolution, Role, State};
use super::models::{Conversation, ConversationUpdate, NewMessage};
use super::schema::conversations;
use super::statements::{KEEP_ROUTE, SetState, WITH_ROUTE};
use super::{Store, StoreError, queue};
use crate::seal::Sealer;

impl Store {
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

    /// Conversation `id` as stored, on any connection or in a transaction.
    pub(super) fn read_conversation(
        c: &mut AnyConnection,
        id: &str,
    ) -> QueryResult<Option<Conversation>> {
        // `.load` rather than `.first`: a statement stopped after one row
        // keeps SQLite from ever checkpointing its WAL.
        let mut rows = on_backend!(c, |c| conversations::table
            .filter(conversations::id.eq(id))
            .select(Conversation::as_select())
            .load(c))?;
        Ok(rows.pop())
    }

    pub fn conversation(&self, id: &str) -> Result<Option<Conversation>, StoreError> {
        let mut conn = self.conn()?;
        Self::read_conversation(&mut conn, id).map_err(self.query_err())
    }

    /// [`Store::conversation`] for the message path: on SQLite through the
    /// store's writer thread, which is awake during traffic (a hand-off to
    /// a sleeping blocking-pool thread costs more than the read).
    pub async fn load_conversation(&self, id: String) -> Result<Option<Conversation>, StoreError> {
        if self.writer.is_none() {
            return self.run(move |s| s.conversation(&id)).await;
        }
        self.write(move |c| Self::read_conversation(c, &id)).await
    }

    /// The conversation for a shopper's message: the one the message path
    /// saw last, when there is one (a hint that [`Store::push_answer`]
    /// checks), else read. A conversation an agent holds is always read:
    /// its messages are stored without that check.
    pub async fn conversation_for_message(
        &self,
        id: String,
    ) -> Result<Option<Conversation>, StoreError> {
        if let Some(c) = self.recent.get(&id).filter(|c| c.state != State::Agent) {
            return Ok(Some(c));
        }
        let read = self.load_conversation(id).await?;
        if let Some(c) = &read {
            self.recent.put(c.clone());
        }
        Ok(read)
    }

    /// A write here changed (or may have changed) conversation `id`: what
    /// the message path remembers of it, and every place in line, are
    /// dropped. Called after the commit: a snapshot taken before it is then
    /// older than the change and is taken again.
    pub(super) fn changed(&self, id: &str) {
        self.recent.forget(id);
        self.queues.changed();
    }

    /// Writes the conversation's new state. `read` is the row as this
    /// transaction read it, if it did: when the update keeps its routing,
    /// the routing columns (all indexed) are left out of the statement.
    pub(super) fn set_state(
        c: &mut AnyConnection,
        id: &str,
        u: &ConversationUpdate,
        read: Option<&Conversation>,
    ) -> QueryResult<usize> {
        if read.is_some_and(|row| u.keeps_route(row)) {
            SetState::<KEEP_ROUTE> { id, update: u }.run(c)
        } else {
            SetState::<WITH_ROUTE> { id, update: u }.run(c)
        }
    }

    /// Every waiting conversation's place-defining fields (no content):
    /// what [`super::Stores::place`] counts in.
    pub fn waiting(&self) -> Result<Vec<queue::Waiting>, StoreError> {
        let mut conn = self.conn()?;
        let rows: Vec<(Option<String>, i32, Option<i64>)> = conversations::table
            .filter(conversations::state.eq(State::Handoff))
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
            .filter(conversations::state.eq(State::Handoff))
            .filter(conversations::pool.eq(pool))
            .order((
                conversations::priority.desc(),
                conversations::queued_at.asc(),
            ))
            .select(Conversation::as_select())
            .load(&mut *conn)
            .map_err(self.query_err())
    }

    /// The conversations `agent` of `pool` holds, in this store.
    pub fn held_by(&self, pool: &str, agent: &str) -> Result<Vec<Conversation>, StoreError> {
        let mut conn = self.conn()?;
        conversations::table
            .filter(conversations::state.eq(State::Agent))
            .filter(conversations::pool.eq(pool))
            .filter(conversations::agent.eq(agent))
            .order(conversations::claimed_at.asc())
            .select(Conversation::as_select())
            .load(&mut *conn)
            .map_err(self.query_err())
    }

    /// (held by agents, waiting) in a pool, in this store.
    pub fn pool_load(&self, pool: &str) -> Result<(i64, i64), StoreError> {
        let mut conn = self.conn()?;
        let rows: Vec<(State, i64)> = conversations::table
            .filter(conversations::pool.eq(pool))
            .filter(conversations::state.eq_any([State::Agent, State::Handoff]))
            .group_by(conversations::state)
            .select((conversations::state, diesel::dsl::count_star()))
            .load(&mut *conn)
            .map_err(self.query_err())?;
        let get = |s: State| {
            rows.iter()
                .find(|(k, _)| *k == s)
                .map(|(_, n)| *n)
                .unwrap_or(0)
        };
        Ok((get(State::Agent), get(State::Handoff)))
    }

    /// Handling times (claim to close, ms) of the pool's last closed conversations.
    pub fn handling_times(&self, pool: &str, last: i64) -> Result<Vec<i64>, StoreError> {
        let mut conn = self.conn()?;
        let rows: Vec<(Option<i64>, Option<i64>)> = conversations::table
            .filter(conversations::pool.eq(pool))
            .filter(conversations::state.eq(State::Closed))
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
                .filter(conversations::state.eq(State::Handoff)),
        )
        .set((
            conversations::state.eq(State::Agent),
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
                .filter(conversations::state.eq(State::Agent)),
        )
        .set((
            conversations::state.eq(State::Handoff),
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
        resolution: Resolution,
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
                    .filter(conversations::state.eq(State::Agent)),
            )
            .set((
                conversations::state.eq(State::Closed),
                conversations::resolution.eq(resolution),
                conversations::resolved_by.eq(Role::Agent),
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
        self.wakeups.wake(id);
        closed
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
                .filter(conversations::state.ne(State::Closed))
                .select(conversations::agent)
                .first(c)
                .optional()?;
            let Some(agent) = held else {
                return Ok(false);
            };
            diesel::update(conversations::table.filter(conversations::id.eq(id)))
                .set((
                    conversations::state.eq(State::Closed),
                    conversations::resolution.eq("resolved"),
                    conversations::resolved_by.eq(if agent.is_some() {
                        Role::Agent
                    } else {
                        Role::Bot
                    }),
                    conversations::closed_at.eq(now),
                    conversations::updated_at.eq(now),
                ))
                .execute(c)?;
            Self::insert_next(c, id, notice, sealer)?;
            Ok(true)
        });
        self.changed(id);
        self.wakeups.wake(id);
        closed
    }

    /// The shopper's rating of a closed conversation; false when it is not
    /// closed.
    pub fn rate(&self, id: &str, score: i32, now: i64) -> Result<bool, StoreError> {
        let rated = self.write_retrying(|c| {
            let n = diesel::update(
                conversations::table
                    .filter(conversations::id.eq(id))
                    .filter(conversations::state.eq(State::Closed)),
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
}
