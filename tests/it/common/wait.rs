//! Waiting for something a test can observe.

use std::time::{Duration, Instant};

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
