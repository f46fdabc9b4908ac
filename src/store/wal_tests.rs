//! A store's WAL under writes that never pause: SQLite starts the WAL over
//! only when a write begins after a checkpoint copied everything, which
//! steady load never allows on its own (`writer::checkpoint_round`).

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use super::exchange::tests::exchange;
use super::kinds::{HandoffReason, State};
use super::models::{Conversation, ConversationUpdate, NewMessage};
use super::testing::{frames, store_without_checkpoints};
use super::writer::{WalLimits, wal_checkpoint};
use super::{Exchange, Kind, Store};
use crate::seal::Sealer;

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
    // Without the restart the WAL keeps every frame of the run (tens of
    // MB here); with it, a few MB.
    assert!(largest < 16 << 20, "the WAL grew to {largest} bytes");
    let mut conn = store.conn().unwrap();
    let state = wal_checkpoint(&mut conn, "PASSIVE").unwrap();
    assert!(state.log <= 4096, "{state:?}");
}

/// A message that keeps the conversation's routing does not write the
/// pages of the routing indexes (`statements::SetState`).
#[tokio::test]
async fn a_message_that_keeps_its_route_leaves_the_indexes_alone() {
    let dir = tempfile::tempdir().unwrap();
    let (store, wal) = store_without_checkpoints(dir.path());
    let mut c = Conversation::opened("eu_1", "eu", "DE", "web", 1);
    store.insert_conversation(&c).unwrap();
    let routed = |at: i64, priority: i32| ConversationUpdate {
        lang: Some("de".into()),
        lang_locked: false,
        lang_pending: None,
        state: State::Handoff,
        handoff_reason: Some(HandoffReason::Upset),
        updated_at: at,
        pool: Some("eu-support".into()),
        priority,
        bot_misses: 0,
        queued_at: Some(at),
        emotion: 0.5,
        first_response_at: Some(2),
    };
    let write = async |c: &mut Conversation, u: ConversationUpdate| {
        let before = frames(&wal);
        let done = exchange(&store, c, u.clone()).await;
        assert!(matches!(done, Exchange::Stored { .. }), "{done:?}");
        u.apply(c);
        assert_eq!(store.conversation("eu_1").unwrap().as_ref(), Some(&*c));
        frames(&wal) - before
    };
    write(&mut c, routed(2, 1)).await;
    let moved = write(&mut c, routed(3, 2)).await;
    let kept = ConversationUpdate {
        lang: Some("fr".into()),
        emotion: 0.9,
        bot_misses: 1,
        updated_at: 4,
        ..routed(3, 2)
    };
    assert!(kept.keeps_route(&c));
    let stayed = write(&mut c, kept).await;
    // conversations_state and conversations_pool: one page each here.
    assert!(stayed + 2 <= moved, "{stayed} frames against {moved}");
}
