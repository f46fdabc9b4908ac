//! Rate limits per conversation, per opening address and per address
//! answer 429 with `Retry-After`, store nothing beyond them, and let the
//! conversation speak again after the announced wait.

use serde_json::json;

use crate::common::TestServer;

#[test]
fn rate_limits_answer_429_with_retry_after_and_store_nothing_beyond_them() {
    // A conversation's bucket gains a message every 10 s: the three below
    // use it up before it refills, even on a loaded machine.
    let limits = "[limits]\nper_conversation_per_minute = 6\nper_conversation_burst = 3\nopens_per_ip_per_minute = 6\nopens_per_ip_burst = 4\nper_ip_per_minute = 60\nper_ip_burst = 40\n";
    let server = TestServer::builder().config(limits).start();
    let (id, token) = server.open(json!({"country": "FR"}));
    for _ in 0..3 {
        server.say(&id, &token, "Où est ma commande ?");
    }
    let r = server.post(
        &format!("/v1/conversations/{id}/messages"),
        Some(&token),
        &json!({"text": "encore"}),
    );
    assert_eq!(r.status, 429, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "rate_limited");
    let retry: u64 = r.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=10).contains(&retry), "{retry}");
    // The refused message was not stored; another conversation is not held back.
    assert_eq!(server.stored_messages("eu", &id).len(), 6);
    // Opening: four allowed in a burst (one already used), then 429.
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(
            server
                .post("/v1/conversations", None, &json!({"country": "FR"}))
                .status,
        );
    }
    assert_eq!(statuses, [201, 201, 201, 429]);
    // Per address, every endpoint: the bucket of 40 runs out.
    let mut limited = 0;
    for _ in 0..60 {
        if server.get("/healthz", None).status == 429 {
            limited += 1;
        }
    }
    assert!(limited >= 10, "{limited}");
    // After the announced wait, the conversation may speak again (real
    // time: the bucket refills by the clock).
    std::thread::sleep(std::time::Duration::from_millis(retry * 1000 + 300));
    let r = server.post(
        &format!("/v1/conversations/{id}/messages"),
        Some(&token),
        &json!({"text": "merci"}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
}
