//! A store's WAL under writes that never pause: SQLite starts the WAL over
//! only when a write begins after a checkpoint copied everything, which
//! steady load never allows on its own (`writer::checkpoint_round`).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use super::writer::{WalLimits, wal_checkpoint};
use super::*;

/// Writers that always have the next message queued, for as long as it
/// takes to write `messages`; returns the largest WAL file seen meanwhile.
async fn write_steadily(store: &Arc<Store>, wal: &Path, messages: usize) -> u64 {
    let written = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..4 {
        let (store, written) = (store.clone(), written.clone());
        tasks.push(tokio::spawn(async move {
            while written.fetch_add(1, Ordering::Relaxed) < messages {
                let m = NewMessage::system("a steady stream of words".into(), "en", 1);
                store
                    .push_message("eu_1".into(), m, Sealer::none())
                    .await
                    .unwrap();
            }
        }));
    }
    let mut largest = 0;
    while tasks.iter().any(|t| !t.is_finished()) {
        largest = largest.max(std::fs::metadata(wal).map(|m| m.len()).unwrap_or(0));
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    for t in tasks {
        t.await.unwrap();
    }
    largest
}

#[tokio::test]
async fn the_wal_starts_over_under_writes_that_never_pause() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("eu.db");
    let limits = WalLimits {
        every: Duration::from_millis(20),
        restart_over: 64,
        size_limit: 256 << 10,
    };
    let store = Arc::new(Store::open_with("eu", db.to_str().unwrap(), Kind::Data, limits).unwrap());
    store
        .insert_conversation(&Conversation::opened("eu_1", "eu", "DE", "web", 1))
        .unwrap();
    let messages = 20_000;
    let largest = write_steadily(&store, &dir.path().join("eu.db-wal"), messages).await;

    // Every message is there, once, in order.
    let stored = store.messages("eu_1", &Sealer::none()).unwrap();
    assert_eq!(stored.len(), messages);
    assert!(stored.iter().zip(1..).all(|(m, seq)| m.seq == seq));
    // Without the restart the WAL keeps every frame of the run: 91 MB
    // here (measured with `restart_over` at its maximum), 2-3 MB with it.
    assert!(largest < 16 << 20, "the WAL grew to {largest} bytes");
    let mut conn = store.conn().unwrap();
    let state = wal_checkpoint(&mut conn, "PASSIVE").unwrap();
    assert!(state.log <= 4096, "{state:?}");
}

/// A store in `dir` whose WAL is never checkpointed, and its WAL's path.
fn store_without_checkpoints(dir: &Path) -> (Store, std::path::PathBuf) {
    let never = WalLimits {
        every: Duration::from_secs(3600),
        ..WalLimits::default()
    };
    let db = dir.join("eu.db");
    let store = Store::open_with("eu", db.to_str().unwrap(), Kind::Data, never).unwrap();
    (store, dir.join("eu.db-wal"))
}

/// Frames the WAL holds, while nothing checkpoints it (so it only grows).
fn frames(wal: &Path) -> u64 {
    let bytes = std::fs::metadata(wal).map(|m| m.len()).unwrap_or(0);
    bytes.saturating_sub(32) / (4096 + 24)
}

/// A message that keeps the conversation's routing does not write the
/// pages of the routing indexes (`statements::SetState`).
#[tokio::test]
async fn a_message_that_keeps_its_route_leaves_the_indexes_alone() {
    let dir = tempfile::tempdir().unwrap();
    let (store, wal) = store_without_checkpoints(dir.path());
    let log = Arc::new(crate::audit::AuditLog::new(
        crate::audit::Chain::new(&[1u8; 32]),
        crate::audit::Signer::from_file(&dir.path().join("signing.pk8")).unwrap(),
        dir.path().join("audit"),
    ));
    let mut c = Conversation::opened("eu_1", "eu", "DE", "web", 1);
    store.insert_conversation(&c).unwrap();
    let routed = |at: i64, priority: i32| ConversationUpdate {
        lang: Some("de".into()),
        lang_locked: false,
        lang_pending: None,
        state: "handoff".into(),
        handoff_reason: Some("upset".into()),
        updated_at: at,
        pool: Some("eu-support".into()),
        priority,
        bot_misses: 0,
        queued_at: Some(at),
        emotion: 0.5,
        first_response_at: Some(2),
    };
    let exchange = async |c: &mut Conversation, u: ConversationUpdate| {
        let before = frames(&wal);
        let done = super::tests::exchange(&store, &log, c, u.clone()).await;
        assert!(matches!(done, Exchange::Stored { .. }), "{done:?}");
        u.apply(c);
        assert_eq!(store.conversation("eu_1").unwrap().as_ref(), Some(&*c));
        frames(&wal) - before
    };
    exchange(&mut c, routed(2, 1)).await;
    let moved = exchange(&mut c, routed(3, 2)).await;
    let kept = ConversationUpdate {
        lang: Some("fr".into()),
        emotion: 0.9,
        bot_misses: 1,
        updated_at: 4,
        ..routed(3, 2)
    };
    assert!(kept.keeps_route(&c));
    let stayed = exchange(&mut c, kept).await;
    // conversations_state and conversations_pool: one page each here.
    assert!(stayed + 2 <= moved, "{stayed} frames against {moved}");
}

fn audit_record(i: i64) -> crate::audit::Record {
    crate::audit::Record {
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
    let chain = crate::audit::Chain::new(&[1u8; 32]);
    let first: Vec<_> = (0..40).map(audit_record).collect();
    store.append_audit(&chain, &first).unwrap();
    let before = frames(&wal);
    let appends = 200;
    for i in 40..40 + appends {
        store.append_audit(&chain, &[audit_record(i)]).unwrap();
    }
    let written = frames(&wal) - before;
    // With a hidden rowid and an index on seq, 436 frames (measured): the
    // table's page and the index's page with every entry, plus splits.
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
    use diesel::Connection;
    use diesel_migrations::MigrationHarness;

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("eu.db");
    let store = Store::open("eu", db.to_str().unwrap()).unwrap();
    let chain = crate::audit::Chain::new(&[7u8; 32]);
    let records: Vec<_> = (0..300).map(audit_record).collect();
    store.append_audit(&chain, &records).unwrap();
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
    store.append_audit(&chain, &[audit_record(300)]).unwrap();
    assert_eq!(chain.verify(&store.audit_entries().unwrap()), Ok(301));
}

#[derive(diesel::QueryableByName)]
struct Named {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}
