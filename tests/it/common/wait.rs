//! Waiting for something a test can observe, instead of sleeping.

use std::time::{Duration, Instant};

/// Polls `condition` until it holds; panics saying what was awaited when
/// it still does not after `timeout`.
pub fn wait_until(timeout: Duration, what: &str, condition: impl FnMut() -> bool) {
    assert!(poll(timeout, condition), "waited {timeout:?} for {what}");
}

/// Whether `condition` came to hold within `timeout` (asked every 20 ms).
pub(super) fn poll(timeout: Duration, mut condition: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        if condition() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
