//! The audit table: the entries of the region's tamper-evident log,
//! appended after the newest one in the writing transaction and read in
//! order. The store does not compute the chain: the caller hands over a
//! function that, given the newest entry's [`Link`], returns the entries to
//! insert, chained after it. The function runs inside the transaction, so
//! no other append comes between the read of the head and the insert (and
//! it runs again when the transaction does).

use diesel::prelude::*;

use super::connection::AnyConnection;
use super::models::AuditEntry;
use super::schema::audit;
use super::{Store, StoreError};

/// What the next entry chains on: the newest entry's seq, hash and public
/// digest.
pub type Link<'a> = (i64, &'a str, &'a str);

impl Store {
    /// Appends the entries `chain` returns after the log's newest one (or
    /// `None` when the log is empty), in one transaction. Blocking.
    pub fn append_audit(
        &self,
        mut chain: impl FnMut(Option<Link<'_>>) -> Vec<AuditEntry>,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        self.write_retrying(|c| Self::insert_audit(c, &mut chain))
    }

    /// Reads the log's head, chains after it and inserts what `chain` returns.
    pub(super) fn insert_audit(
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
}
