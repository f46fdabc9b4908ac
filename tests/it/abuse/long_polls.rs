//! The cap on waiting long-polls: past it a long-poll gets 503 `busy` at
//! once, requests that need not wait are answered as always, and a freed
//! place waits again.

use serde_json::json;

use crate::common::{TestServer, wait_until};
use crate::metrics::waiting_requests;

#[test]
fn long_polls_past_the_cap_get_503_busy_and_a_freed_place_waits_again() {
    use std::time::{Duration, Instant};
    let server = TestServer::builder()
        .config("[limits]\nwaiting_requests = 1\n")
        .start();
    let (a, a_token) = server.open(json!({"country": "FR"}));
    let (b, b_token) = server.open(json!({"country": "FR"}));
    server.say(&b, &b_token, "Où est ma commande ?");
    // `after` past the last message: nothing new, so a long-poll waits.
    let poll = |id: &str, token: &str, after: u32, wait: u32| {
        let started = Instant::now();
        let r = server.get(
            &format!("/v1/conversations/{id}/messages?after={after}&wait={wait}"),
            Some(token),
        );
        (r, started.elapsed())
    };
    std::thread::scope(|scope| {
        let held = scope.spawn(|| poll(&a, &a_token, 1000, 3));
        wait_until(
            Duration::from_secs(3),
            "the first long-poll to take the place",
            || waiting_requests(&server) == 1.0,
        );
        // The one place is taken: a second long-poll is turned away at once.
        let (busy, took) = poll(&b, &b_token, 1000, 3);
        assert_eq!(busy.status, 503, "{}", busy.body);
        assert_eq!(busy.body["error"]["code"], "busy");
        assert_eq!(busy.headers["retry-after"], "5");
        assert!(took < Duration::from_secs(2), "{took:?}");
        assert_eq!(
            waiting_requests(&server),
            1.0,
            "operators see the place taken"
        );
        // Requests that need not wait are answered as always.
        let (news, _) = poll(&b, &b_token, 0, 3);
        assert_eq!(news.status, 200, "{}", news.body);
        assert_eq!(news.body["messages"].as_array().unwrap().len(), 2);
        let (now, _) = poll(&b, &b_token, 1000, 0);
        assert_eq!(now.status, 200, "{}", now.body);
        // The first long-poll waited its time out undisturbed.
        let (held, took) = held.join().unwrap();
        assert_eq!(held.status, 200, "{}", held.body);
        assert!(held.body["messages"].as_array().unwrap().is_empty());
        assert!(took >= Duration::from_millis(2900), "{took:?}");
        assert_eq!(waiting_requests(&server), 0.0);
    });
    // Its place is free again: the next long-poll waits.
    let (r, took) = poll(&b, &b_token, 1000, 1);
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(took >= Duration::from_millis(900), "{took:?}");
}
