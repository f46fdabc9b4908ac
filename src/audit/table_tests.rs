//! The audit log as a store's table holds it: an entry costs one page of
//! the WAL, and the migration that moved the table to one keyed by seq
//! keeps every entry, so the chain still verifies.

use super::{Chain, Record};
use crate::store::Store;
use crate::store::testing::{SQLITE_MIGRATIONS, frames, store_without_checkpoints};

fn audit_record(i: i64) -> Record {
    Record {
        at: i,
        kind: "message.stored".into(),
        subject: format!("conversation:{i:032x}"),
        detail: serde_json::json!({ "seq": i, "pii": ["email"] }),
        policy_hash: "f".repeat(64),
    }
}

/// An audit entry writes one page: seq is the audit table's rowid, with no
/// index of its own beside it (migration 000011).
#[test]
fn an_audit_entry_writes_one_page() {
    let dir = tempfile::tempdir().unwrap();
    let (store, wal) = store_without_checkpoints(dir.path());
    let chain = Chain::new(&[1u8; 32]);
    let first: Vec<_> = (0..40).map(audit_record).collect();
    store
        .append_audit(|last| chain.after(last, &first))
        .unwrap();
    let before = frames(&wal);
    let appends = 200;
    for i in 40..40 + appends {
        store
            .append_audit(|last| chain.after(last, &[audit_record(i)]))
            .unwrap();
    }
    let written = frames(&wal) - before;
    // With a hidden rowid and an index on seq, more than two frames an
    // entry: the table's page and the index's page, plus splits.
    assert!(
        written < appends as u64 * 3 / 2,
        "{written} frames for {appends} entries"
    );
    let entries = store.audit_entries().unwrap();
    assert_eq!(chain.verify(&entries), Ok(40 + appends as usize));
}

/// Migration 000011 moves the audit entries to a table keyed by seq and
/// back again without changing one of them, and the chain verifies.
#[test]
fn the_audit_table_moves_without_losing_an_entry() {
    use diesel::{Connection, RunQueryDsl};
    use diesel_migrations::MigrationHarness;

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("eu.db");
    let store = Store::open("eu", db.to_str().unwrap()).unwrap();
    let chain = Chain::new(&[7u8; 32]);
    let records: Vec<_> = (0..300).map(audit_record).collect();
    store
        .append_audit(|last| chain.after(last, &records))
        .unwrap();
    let entries = store.audit_entries().unwrap();
    let mut conn = diesel::SqliteConnection::establish(db.to_str().unwrap()).unwrap();
    let indexes = |conn: &mut diesel::SqliteConnection| -> Vec<String> {
        diesel::sql_query("SELECT name FROM pragma_index_list('audit')")
            .load::<Named>(conn)
            .unwrap()
            .into_iter()
            .map(|n| n.name)
            .collect()
    };
    assert!(indexes(&mut conn).is_empty(), "seq is the rowid");

    // Back to before 000011 (the migrations after it first).
    while conn
        .revert_last_migration(SQLITE_MIGRATIONS)
        .unwrap()
        .to_string()
        != "20261126000011"
    {}
    // A hidden rowid, and SQLite's own index for the primary key on seq.
    assert_eq!(indexes(&mut conn), ["sqlite_autoindex_audit_1"]);
    assert_eq!(store.audit_entries().unwrap(), entries);

    conn.run_pending_migrations(SQLITE_MIGRATIONS).unwrap();
    assert!(indexes(&mut conn).is_empty());
    let moved = store.audit_entries().unwrap();
    assert_eq!(moved, entries);
    assert_eq!(chain.verify(&moved), Ok(300));
    // The chain goes on from where it was.
    store
        .append_audit(|last| chain.after(last, &[audit_record(300)]))
        .unwrap();
    assert_eq!(chain.verify(&store.audit_entries().unwrap()), Ok(301));
}

#[derive(diesel::QueryableByName)]
struct Named {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}
