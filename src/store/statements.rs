//! Hot statements written so that SQLite prepares them once per connection.
//!
//! diesel caches a prepared statement only when the statement's SQL cannot
//! change from call to call. Every `UPDATE` it builds is marked uncacheable
//! (a changeset may leave out `None` fields), so diesel's conversation update
//! would be parsed and planned again with every message, a visible share of
//! the writer threads' time under load (docs/PERFORMANCE.md, "Prepared
//! statements"). [`SetState`] always sets the same columns, so its SQL is
//! fixed and it is cached like any select.

use diesel::backend::Backend;
use diesel::prelude::{PgConnection, RunQueryDsl, SqliteConnection};
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::result::QueryResult;
use diesel::serialize::ToSql;
use diesel::sql_types::{BigInt, Bool, Double, HasSqlType, Integer, Nullable, Text};

use super::connection::AnyConnection;
use super::models::ConversationUpdate;

/// [`SetState`] with the routing columns.
pub(super) const WITH_ROUTE: bool = true;
/// [`SetState`] without the routing columns: the update keeps them.
pub(super) const KEEP_ROUTE: bool = false;

/// `UPDATE conversations SET <the update's fields> WHERE id = ?`.
///
/// With `ROUTE` false ([`KEEP_ROUTE`]) it leaves out the routing columns (`state`, `pool`,
/// `priority`, `queued_at`), for a message that keeps them as they are
/// (nearly every message). Each of them is in an index, and SQLite deletes
/// and inserts an index entry whenever one of its columns is SET, even to
/// the value it has: the index pages would go into every commit. Two types,
/// two fixed SQL texts, two cached statements.
#[derive(Clone, Copy)]
pub(super) struct SetState<'a, const ROUTE: bool> {
    pub id: &'a str,
    pub update: &'a ConversationUpdate,
}

impl<const ROUTE: bool> QueryId for SetState<'_, ROUTE> {
    type QueryId = SetState<'static, ROUTE>;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl<DB, const ROUTE: bool> QueryFragment<DB> for SetState<'_, ROUTE>
where
    DB: Backend
        + HasSqlType<Text>
        + HasSqlType<Bool>
        + HasSqlType<BigInt>
        + HasSqlType<Integer>
        + HasSqlType<Double>,
    str: ToSql<Text, DB>,
    String: ToSql<Text, DB>,
    bool: ToSql<Bool, DB>,
    i64: ToSql<BigInt, DB>,
    i32: ToSql<Integer, DB>,
    f64: ToSql<Double, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        let u = self.update;
        out.push_sql("UPDATE conversations SET lang = ");
        out.push_bind_param::<Nullable<Text>, _>(&u.lang)?;
        out.push_sql(", lang_locked = ");
        out.push_bind_param::<Bool, _>(&u.lang_locked)?;
        out.push_sql(", lang_pending = ");
        out.push_bind_param::<Nullable<Text>, _>(&u.lang_pending)?;
        if ROUTE {
            out.push_sql(", state = ");
            out.push_bind_param::<Text, _>(&u.state)?;
        }
        out.push_sql(", handoff_reason = ");
        out.push_bind_param::<Nullable<Text>, _>(&u.handoff_reason)?;
        out.push_sql(", updated_at = ");
        out.push_bind_param::<BigInt, _>(&u.updated_at)?;
        if ROUTE {
            out.push_sql(", pool = ");
            out.push_bind_param::<Nullable<Text>, _>(&u.pool)?;
            out.push_sql(", priority = ");
            out.push_bind_param::<Integer, _>(&u.priority)?;
        }
        out.push_sql(", bot_misses = ");
        out.push_bind_param::<Integer, _>(&u.bot_misses)?;
        if ROUTE {
            out.push_sql(", queued_at = ");
            out.push_bind_param::<Nullable<BigInt>, _>(&u.queued_at)?;
        }
        out.push_sql(", emotion = ");
        out.push_bind_param::<Double, _>(&u.emotion)?;
        out.push_sql(", first_response_at = ");
        out.push_bind_param::<Nullable<BigInt>, _>(&u.first_response_at)?;
        out.push_sql(" WHERE id = ");
        out.push_bind_param::<Text, _>(self.id)?;
        Ok(())
    }
}

impl<const ROUTE: bool> RunQueryDsl<SqliteConnection> for SetState<'_, ROUTE> {}
impl<const ROUTE: bool> RunQueryDsl<PgConnection> for SetState<'_, ROUTE> {}

impl<const ROUTE: bool> SetState<'_, ROUTE> {
    /// Rows changed (0: the conversation is gone). Each backend's own
    /// connection runs it, so each caches it in its own statement cache.
    pub(super) fn run(self, c: &mut AnyConnection) -> QueryResult<usize> {
        on_backend!(c, |c| self.execute(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::kinds::{HandoffReason, State};
    use diesel::pg::Pg;
    use diesel::sqlite::Sqlite;

    fn update() -> ConversationUpdate {
        ConversationUpdate {
            lang: Some("de".into()),
            lang_locked: false,
            lang_pending: None,
            state: State::Handoff,
            handoff_reason: Some(HandoffReason::NoTranslation),
            updated_at: 1,
            pool: Some("eu-support".into()),
            priority: 2,
            bot_misses: 0,
            queued_at: Some(1),
            emotion: 0.5,
            first_response_at: None,
        }
    }

    #[test]
    fn the_conversation_update_is_one_cacheable_statement_on_both_backends() {
        let u = update();
        let q = SetState::<WITH_ROUTE> {
            id: "eu_1",
            update: &u,
        };
        // diesel's own UPDATE answers false here: it would be parsed again
        // on every message.
        assert!(QueryFragment::<Sqlite>::is_safe_to_cache_prepared(&q, &Sqlite).unwrap());
        assert!(QueryFragment::<Pg>::is_safe_to_cache_prepared(&q, &Pg).unwrap());
        let sqlite = diesel::debug_query::<Sqlite, _>(&q).to_string();
        assert!(
            sqlite.starts_with("UPDATE conversations SET lang = ?, lang_locked = ?,"),
            "{sqlite}"
        );
        assert!(
            sqlite.contains("WHERE id = ? -- binds: [Some(\"de\"), false, None, \"handoff\""),
            "{sqlite}"
        );
        let pg = diesel::debug_query::<Pg, _>(&q).to_string();
        assert!(
            pg.contains("first_response_at = $12 WHERE id = $13"),
            "{pg}"
        );
        // The same SQL whatever the values (None or Some): one cache entry.
        let other = ConversationUpdate {
            lang: None,
            pool: None,
            first_response_at: Some(9),
            ..update()
        };
        let sql = |u: &ConversationUpdate| {
            let s =
                diesel::debug_query::<Sqlite, _>(&SetState::<WITH_ROUTE> { id: "x", update: u })
                    .to_string();
            s.split(" -- binds").next().unwrap().to_string()
        };
        assert_eq!(sql(&u), sql(&other));
    }

    #[test]
    fn a_message_that_keeps_its_route_sets_no_indexed_column() {
        let u = update();
        let q = SetState::<KEEP_ROUTE> {
            id: "eu_1",
            update: &u,
        };
        assert!(QueryFragment::<Sqlite>::is_safe_to_cache_prepared(&q, &Sqlite).unwrap());
        assert!(QueryFragment::<Pg>::is_safe_to_cache_prepared(&q, &Pg).unwrap());
        let sqlite = diesel::debug_query::<Sqlite, _>(&q).to_string();
        let sql = sqlite.split(" -- binds").next().unwrap();
        assert_eq!(
            sql,
            "UPDATE conversations SET lang = ?, lang_locked = ?, lang_pending = ?, \
             handoff_reason = ?, updated_at = ?, bot_misses = ?, emotion = ?, \
             first_response_at = ? WHERE id = ?"
        );
        // The columns of conversations_state, conversations_pool and
        // conversations_shopper_ref (migrations/sqlite).
        for indexed in ["state", "pool", "priority", "queued_at", "shopper_ref"] {
            assert!(!sql.contains(&format!(" {indexed} =")), "{indexed}: {sql}");
        }
        let pg = diesel::debug_query::<Pg, _>(&q).to_string();
        assert!(pg.contains("first_response_at = $8 WHERE id = $9"), "{pg}");
    }
}
