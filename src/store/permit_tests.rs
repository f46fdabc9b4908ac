//! Blocking calls per store are bounded by its pool (`Store::run`).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use super::calls::{PERMIT_WAIT, POOL_SIZE};

use super::{Store, StoreError};

/// Blocking calls that each hold their thread for `hold`, like a checkout
/// from a database that does not answer; returns the most that ran at once.
async fn stuck_calls(store: &Store, calls: usize, hold: Duration) -> (usize, Vec<bool>) {
    let running = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..calls {
        let (store, running, most) = (store.clone(), running.clone(), most.clone());
        tasks.push(tokio::spawn(async move {
            store
                .run(move |_| {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(hold);
                    running.fetch_sub(1, Ordering::SeqCst);
                    Ok(())
                })
                .await
                .is_ok()
        }));
    }
    let mut done = Vec::new();
    for t in tasks {
        done.push(t.await.unwrap());
    }
    (most.load(Ordering::SeqCst), done)
}

#[tokio::test]
async fn a_store_takes_no_more_threads_than_it_has_connections() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open("eu", dir.path().join("eu.db").to_str().unwrap()).unwrap();
    let (most, done) = stuck_calls(&store, 40, Duration::from_millis(30)).await;
    assert!(done.iter().all(|ok| *ok), "every call ran: {done:?}");
    assert_eq!(most, POOL_SIZE as usize);
}

/// When every permit stays taken (here by the test itself, as by calls
/// stuck on a database that does not answer), a further call answers
/// unavailable after PERMIT_WAIT instead of taking a thread. The clock is
/// paused: the wait passes at once.
#[tokio::test(start_paused = true)]
async fn a_call_that_finds_the_store_stuck_answers_unavailable() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open("eu", dir.path().join("eu.db").to_str().unwrap()).unwrap();
    let taken = store
        .permits
        .clone()
        .acquire_many_owned(POOL_SIZE)
        .await
        .unwrap();
    let started = tokio::time::Instant::now();
    let ran = Arc::new(AtomicUsize::new(0));
    let counted = ran.clone();
    let late = store
        .run(move |_| {
            counted.fetch_add(1, Ordering::SeqCst);
            Ok(())
        })
        .await;
    assert!(
        matches!(&late, Err(StoreError::Unavailable { reason, .. }) if reason.contains("busy")),
        "{late:?}"
    );
    assert_eq!(started.elapsed(), PERMIT_WAIT);
    assert_eq!(ran.load(Ordering::SeqCst), 0, "it must not run late");
    // Free again: the next call runs.
    drop(taken);
    assert!(store.run(|_| Ok(())).await.is_ok());
}
