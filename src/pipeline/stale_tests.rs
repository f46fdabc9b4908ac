//! A conversation that changes under every attempt of a message: the checked
//! write refuses each stale answer, and the last attempt stores the shopper's
//! words first, unchecked, so the message is answered and stored once.
//! (Two instances hammering one conversation reach this only sometimes; here
//! the bot itself changes the row through another connection, every time.)

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use super::OpenRequest;
use super::message::STALE_ATTEMPTS;
use crate::upstream::{Bot, BotAnswer, UpstreamError};

/// The built-in bot, but before each answer another writer touches the
/// conversation's row (its `updated_at`) while `meddling` is on.
struct Meddler {
    inner: Arc<dyn Bot>,
    db: PathBuf,
    meddling: AtomicBool,
    calls: AtomicUsize,
}

#[async_trait::async_trait]
impl Bot for Meddler {
    fn name(&self) -> &str {
        "meddler"
    }

    fn in_process(&self) -> bool {
        true
    }

    async fn answer(
        &self,
        conversation: &str,
        text: &crate::gate::Cleared,
        lang: &str,
    ) -> Result<BotAnswer, UpstreamError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        if self.meddling.load(Ordering::SeqCst) {
            let mut other = SqliteConnection::establish(&self.db.display().to_string())
                .map_err(|e| UpstreamError::Unavailable(e.to_string()))?;
            other
                .batch_execute(&format!(
                    "PRAGMA busy_timeout = 5000; UPDATE conversations \
                     SET updated_at = updated_at + 1 WHERE id = '{conversation}';"
                ))
                .map_err(|e| UpstreamError::Unavailable(e.to_string()))?;
        }
        self.inner.answer(conversation, text, lang).await
    }
}

#[derive(QueryableByName, Debug, PartialEq)]
struct Row {
    #[diesel(sql_type = diesel::sql_types::Integer)]
    seq: i32,
    #[diesel(sql_type = diesel::sql_types::Text)]
    role: String,
}

fn stored(db: &std::path::Path, id: &str) -> Vec<(i32, String)> {
    let mut c = SqliteConnection::establish(&db.display().to_string()).unwrap();
    diesel::sql_query("SELECT seq, role FROM messages WHERE conversation_id = ? ORDER BY seq")
        .bind::<diesel::sql_types::Text, _>(id)
        .load::<Row>(&mut c)
        .unwrap()
        .into_iter()
        .map(|r| (r.seq, r.role))
        .collect()
}

#[tokio::test]
async fn a_conversation_that_changes_under_every_attempt_is_answered_and_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut pipeline = super::test_pipeline(dir.path());
    let db = dir.path().join("data").join("eu.db");
    let meddler = Arc::new(Meddler {
        inner: pipeline.bot.clone(),
        db: db.clone(),
        meddling: AtomicBool::new(false),
        calls: AtomicUsize::new(0),
    });
    pipeline.bot = meddler.clone();

    let opened = pipeline
        .open(OpenRequest {
            country: Some("DE".into()),
            locale: Some("en-GB".into()),
            ..OpenRequest::default()
        })
        .await
        .unwrap();
    let say = |text: &'static str| {
        let (pipeline, opened) = (&pipeline, &opened);
        async move {
            let conversation = pipeline
                .authorize_message(&opened.id, Some(&opened.token))
                .await
                .unwrap();
            pipeline.message(conversation, text, None, None).await
        }
    };

    // Undisturbed: one attempt.
    let first = say("Where is my order #48213?").await.unwrap();
    assert!(first.bot_text.is_some(), "{first:?}");
    assert_eq!(meddler.calls.load(Ordering::SeqCst), 1);

    // Every computation is overtaken by another writer: the three checked
    // attempts store nothing, the last stores first and is answered.
    meddler.meddling.store(true, Ordering::SeqCst);
    let second = say("How long does a refund take?").await.unwrap();
    assert!(second.bot_text.is_some(), "{second:?}");
    assert_eq!(
        meddler.calls.load(Ordering::SeqCst),
        1 + STALE_ATTEMPTS as usize,
        "asked once per attempt"
    );
    assert_eq!(
        second.seq, 3,
        "the shopper's row right after the first exchange"
    );
    let rows = stored(&db, &opened.id);
    let roles: Vec<&str> = rows.iter().map(|(_, r)| r.as_str()).collect();
    assert_eq!(roles, ["shopper", "bot", "shopper", "bot"], "{rows:?}");
    let seqs: Vec<i32> = rows.iter().map(|(s, _)| *s).collect();
    assert_eq!(seqs, [1, 2, 3, 4], "stored once, nothing lost or doubled");

    // Quiet again: the row remembered after the unchecked write is the
    // stored one, so the next message is one attempt.
    meddler.meddling.store(false, Ordering::SeqCst);
    let third = say("Can I change the delivery address?").await.unwrap();
    assert_eq!(third.seq, 5);
    assert_eq!(
        meddler.calls.load(Ordering::SeqCst),
        2 + STALE_ATTEMPTS as usize
    );
    assert_eq!(stored(&db, &opened.id).len(), 6);
}
