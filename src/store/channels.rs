//! The channels' tables: a channel user's current conversation (the
//! address sealed with the conversation's key) and how far its replies
//! were delivered, the webhook events already taken (replays), and a
//! shop's links of channel addresses to its shoppers.

use diesel::prelude::*;

use super::kinds::Role;
use super::schema::{channel_events, channel_threads, conversations, identity_links, messages};
use super::{Store, StoreError};

/// A channel user's conversation, as stored (sealed fields still sealed).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = channel_threads)]
pub struct Thread {
    pub channel: String,
    pub user_ref: String,
    pub conversation_id: String,
    /// Sealed: the address replies go to.
    pub recipient: String,
    /// Sealed: the provider's id of the last inbound message (e-mail
    /// threading, LINE reply tokens).
    pub reply_ref: Option<String>,
    pub updated_at: i64,
    /// Every later message the shopper did not write is still to deliver.
    pub delivered_seq: i32,
    /// Failed attempts at the next message, the next one's time and the
    /// last error (shown to agents).
    pub attempts: i32,
    pub next_at: i64,
    pub last_error: Option<String>,
}

impl Store {
    /// The channel user's current conversation.
    pub fn thread(&self, channel: &str, user_ref: &str) -> Result<Option<Thread>, StoreError> {
        let mut conn = self.conn()?;
        let mut rows = channel_threads::table
            .filter(channel_threads::channel.eq(channel))
            .filter(channel_threads::user_ref.eq(user_ref))
            .select(Thread::as_select())
            .load(&mut *conn)
            .map_err(self.query_err())?;
        Ok(rows.pop())
    }

    /// The channel thread a conversation belongs to, if any.
    pub fn thread_of(&self, conversation_id: &str) -> Result<Option<Thread>, StoreError> {
        let mut conn = self.conn()?;
        let mut rows = channel_threads::table
            .filter(channel_threads::conversation_id.eq(conversation_id))
            .select(Thread::as_select())
            .load(&mut *conn)
            .map_err(self.query_err())?;
        Ok(rows.pop())
    }

    /// Points the channel user at `thread.conversation_id` (a new
    /// conversation, or the same one with a newer reply reference).
    pub fn put_thread(&self, thread: &Thread) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        let _guard = self.write_guard(&conn);
        conn.transaction(|c| {
            diesel::delete(
                channel_threads::table
                    .filter(channel_threads::channel.eq(&thread.channel))
                    .filter(channel_threads::user_ref.eq(&thread.user_ref)),
            )
            .execute(c)?;
            diesel::insert_into(channel_threads::table)
                .values(thread)
                .execute(c)
        })
        .map_err(self.query_err())?;
        Ok(())
    }

    /// Keeps the provider's id of the user's newest message (sealed), for
    /// threading the replies to it.
    pub fn set_reply_ref(
        &self,
        channel: &str,
        user_ref: &str,
        reply_ref: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        let _guard = self.write_guard(&conn);
        diesel::update(
            channel_threads::table
                .filter(channel_threads::channel.eq(channel))
                .filter(channel_threads::user_ref.eq(user_ref)),
        )
        .set((
            channel_threads::reply_ref.eq(Some(reply_ref)),
            channel_threads::updated_at.eq(now),
        ))
        .execute(&mut *conn)
        .map_err(self.query_err())?;
        Ok(())
    }

    /// Takes a webhook event once: false when it was already taken (a
    /// replay, or the provider's retry of a delivery it thought failed).
    /// Events older than `forget_before` are forgotten on the way.
    pub fn take_event(
        &self,
        channel: &str,
        event_id: &str,
        now: i64,
        forget_before: i64,
    ) -> Result<bool, StoreError> {
        let mut conn = self.conn()?;
        let _guard = self.write_guard(&conn);
        conn.transaction(|c| {
            diesel::delete(channel_events::table.filter(channel_events::seen_at.lt(forget_before)))
                .execute(c)?;
            let seen: i64 = channel_events::table
                .filter(channel_events::channel.eq(channel))
                .filter(channel_events::event_id.eq(event_id))
                .count()
                .get_result(c)?;
            if seen > 0 {
                return Ok(false);
            }
            diesel::insert_into(channel_events::table)
                .values((
                    channel_events::channel.eq(channel),
                    channel_events::event_id.eq(event_id),
                    channel_events::seen_at.eq(now),
                ))
                .execute(c)?;
            Ok(true)
        })
        .map_err(self.query_err())
    }

    /// Threads with messages to deliver whose next attempt is due.
    pub fn threads_to_deliver(&self, now: i64, limit: i64) -> Result<Vec<Thread>, StoreError> {
        let mut conn = self.conn()?;
        channel_threads::table
            .filter(channel_threads::next_at.le(now))
            .filter(diesel::dsl::exists(
                messages::table
                    .filter(messages::conversation_id.eq(channel_threads::conversation_id))
                    .filter(messages::seq.gt(channel_threads::delivered_seq))
                    .filter(messages::role.ne(Role::Shopper)),
            ))
            .order(channel_threads::next_at.asc())
            .limit(limit)
            .select(Thread::as_select())
            .load(&mut *conn)
            .map_err(self.query_err())
    }

    /// Takes a thread's delivery until `until` (a lease): false when
    /// another instance took it first, or its next attempt is not due.
    /// A lease that runs out (an instance stopped mid-delivery) lets the
    /// next instance try again.
    pub fn take_delivery(
        &self,
        channel: &str,
        user_ref: &str,
        now: i64,
        until: i64,
    ) -> Result<bool, StoreError> {
        let mut conn = self.conn()?;
        let _guard = self.write_guard(&conn);
        let taken = diesel::update(
            channel_threads::table
                .filter(channel_threads::channel.eq(channel))
                .filter(channel_threads::user_ref.eq(user_ref))
                .filter(channel_threads::next_at.le(now)),
        )
        .set(channel_threads::next_at.eq(until))
        .execute(&mut *conn)
        .map_err(self.query_err())?;
        Ok(taken == 1)
    }

    /// The outcome of delivering a thread's message `seq`: delivered
    /// (`Ok`), or the error and when to try again.
    pub fn delivery(
        &self,
        channel: &str,
        user_ref: &str,
        seq: i32,
        outcome: Result<(), (String, i64)>,
    ) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        let _guard = self.write_guard(&conn);
        let row = channel_threads::table
            .filter(channel_threads::channel.eq(channel))
            .filter(channel_threads::user_ref.eq(user_ref));
        // Delivered: the lease stays until the round ends (`release`).
        match outcome {
            Ok(()) => diesel::update(row)
                .set((
                    channel_threads::delivered_seq.eq(seq),
                    channel_threads::attempts.eq(0),
                    channel_threads::last_error.eq(None::<String>),
                ))
                .execute(&mut *conn),
            Err((error, next_at)) => diesel::update(row)
                .set((
                    channel_threads::attempts.eq(channel_threads::attempts + 1),
                    channel_threads::next_at.eq(next_at),
                    channel_threads::last_error.eq(Some(error)),
                ))
                .execute(&mut *conn),
        }
        .map_err(self.query_err())?;
        Ok(())
    }

    /// Ends a delivery round that delivered everything it found: the
    /// thread is due again at once (a message stored meanwhile goes next
    /// round).
    pub fn release_delivery(&self, channel: &str, user_ref: &str) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        let _guard = self.write_guard(&conn);
        diesel::update(
            channel_threads::table
                .filter(channel_threads::channel.eq(channel))
                .filter(channel_threads::user_ref.eq(user_ref)),
        )
        .set(channel_threads::next_at.eq(0))
        .execute(&mut *conn)
        .map_err(self.query_err())?;
        Ok(())
    }

    /// How many of a conversation's messages after `delivered_seq` are
    /// still to deliver (those the shopper did not write).
    pub fn undelivered(
        &self,
        conversation_id: &str,
        delivered_seq: i32,
    ) -> Result<i64, StoreError> {
        let mut conn = self.conn()?;
        messages::table
            .filter(messages::conversation_id.eq(conversation_id))
            .filter(messages::seq.gt(delivered_seq))
            .filter(messages::role.ne(Role::Shopper))
            .count()
            .get_result(&mut *conn)
            .map_err(self.query_err())
    }

    /// The shopper a shop linked this channel address to.
    pub fn linked_shopper(&self, address_ref: &str) -> Result<Option<String>, StoreError> {
        let mut conn = self.conn()?;
        let mut rows: Vec<String> = identity_links::table
            .filter(identity_links::address_ref.eq(address_ref))
            .select(identity_links::shopper_ref)
            .load(&mut *conn)
            .map_err(self.query_err())?;
        Ok(rows.pop())
    }

    /// Links a channel address to a shopper: later conversations from the
    /// address, and the earlier ones it had on its own, are the shopper's.
    /// Returns how many earlier conversations joined the shopper.
    pub fn link_identity(
        &self,
        address_ref: &str,
        shopper_ref: &str,
        now: i64,
    ) -> Result<usize, StoreError> {
        let mut conn = self.conn()?;
        let _guard = self.write_guard(&conn);
        let moved = conn
            .transaction(|c| {
                diesel::delete(
                    identity_links::table.filter(identity_links::address_ref.eq(address_ref)),
                )
                .execute(c)?;
                diesel::insert_into(identity_links::table)
                    .values((
                        identity_links::address_ref.eq(address_ref),
                        identity_links::shopper_ref.eq(shopper_ref),
                        identity_links::created_at.eq(now),
                    ))
                    .execute(c)?;
                diesel::update(
                    conversations::table.filter(conversations::shopper_ref.eq(address_ref)),
                )
                .set(conversations::shopper_ref.eq(shopper_ref))
                .execute(c)
            })
            .map_err(self.query_err())?;
        self.recent.forget_all();
        Ok(moved)
    }

    /// Forgets a shopper's links (their erasure).
    pub fn unlink_shopper(&self, shopper_ref: &str) -> Result<usize, StoreError> {
        let mut conn = self.conn()?;
        let _guard = self.write_guard(&conn);
        diesel::delete(identity_links::table.filter(identity_links::shopper_ref.eq(shopper_ref)))
            .execute(&mut *conn)
            .map_err(self.query_err())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn thread(user_ref: &str) -> Thread {
        Thread {
            channel: "tg".into(),
            user_ref: user_ref.into(),
            conversation_id: "eu_c1".into(),
            recipient: "s1.sealed".into(),
            reply_ref: None,
            updated_at: 0,
            delivered_seq: 0,
            attempts: 0,
            next_at: 0,
            last_error: None,
        }
    }

    #[test]
    fn one_instance_at_a_time_delivers_a_thread() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open("eu", dir.path().join("eu.db").to_str().unwrap()).unwrap();
        store.put_thread(&thread("u1")).unwrap();
        assert!(store.take_delivery("tg", "u1", 1_000, 121_000).unwrap());
        // Another instance in the same round finds it taken.
        assert!(!store.take_delivery("tg", "u1", 1_001, 121_001).unwrap());
        // A failed send sets the back-off; not due before it.
        store
            .delivery("tg", "u1", 3, Err(("HTTP 502".into(), 5_000)))
            .unwrap();
        assert!(!store.take_delivery("tg", "u1", 4_999, 200_000).unwrap());
        assert!(store.take_delivery("tg", "u1", 5_000, 125_000).unwrap());
        let t = store.thread("tg", "u1").unwrap().unwrap();
        assert_eq!((t.attempts, t.last_error.as_deref()), (1, Some("HTTP 502")));
        // Delivered and released: due again at once, the error gone.
        store.delivery("tg", "u1", 3, Ok(())).unwrap();
        store.release_delivery("tg", "u1").unwrap();
        let t = store.thread("tg", "u1").unwrap().unwrap();
        assert_eq!(
            (t.delivered_seq, t.attempts, t.next_at, t.last_error),
            (3, 0, 0, None)
        );
        // A lease that ran out (an instance stopped mid-round) is taken again.
        assert!(store.take_delivery("tg", "u1", 10, 100).unwrap());
        assert!(store.take_delivery("tg", "u1", 100, 200).unwrap());
    }

    #[test]
    fn a_webhook_event_is_taken_once_within_its_window() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open("eu", dir.path().join("eu.db").to_str().unwrap()).unwrap();
        assert!(store.take_event("tg", "5001", 1_000, 0).unwrap());
        assert!(!store.take_event("tg", "5001", 2_000, 0).unwrap());
        assert!(
            store.take_event("line", "5001", 2_000, 0).unwrap(),
            "per channel"
        );
        // Forgotten once older than the window's start.
        assert!(store.take_event("tg", "5001", 700_000, 600_000).unwrap());
    }
}
