//! The audit log's length checks on PostgreSQL: a shortened log is noticed,
//! and a crash is recorded with its tail removed only once it is named.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use super::databases::{admin_url, region_databases};

/// Statements on the EU data database of a `region_databases` set.
fn eu_sql(tag: &str) -> impl FnMut(&str) {
    let mut conn =
        PgConnection::establish(&format!("{}/crossdesk_test_{tag}_eu", admin_url())).unwrap();
    move |statements| conn.batch_execute(statements).unwrap()
}

#[test]
fn a_postgresql_log_cannot_be_shortened_unnoticed() {
    let (tag, _dbs, stores) = region_databases();
    let dir = tempfile::tempdir().unwrap();
    crate::audit_length::shortening_suite(dir.path(), &stores, &mut eu_sql(&tag));
}

#[test]
fn on_postgresql_a_crash_is_recorded_and_a_tail_removed_after_it_is_named() {
    let (tag, _dbs, stores) = region_databases();
    let dir = tempfile::tempdir().unwrap();
    crate::audit_length::crash_suite(dir.path(), &stores, &mut eu_sql(&tag));
}
