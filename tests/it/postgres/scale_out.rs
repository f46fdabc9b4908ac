//! Two proxy instances on the same PostgreSQL stores serve one conversation
//! without losing or duplicating a message, wake each other's long-polls,
//! and share one audit chain.

use std::time::Duration;

use serde_json::json;

use super::databases::region_databases;
use crate::common::{TestServer, wait_until};
use crate::metrics::waiting_requests;

/// Scale-out: two proxy instances on the same PostgreSQL stores (and the
/// same secrets) serve one conversation alternately and then at the same
/// time; no message is lost or duplicated, and the shared audit chain
/// verifies.
#[test]
fn two_instances_serve_one_conversation_without_losing_or_duplicating_messages() {
    let (_tag, _dbs, stores) = region_databases();
    let shared = tempfile::tempdir().unwrap();
    let config =
        format!("{stores}[limits]\nper_conversation_per_minute = 0\nper_ip_per_minute = 0\n");
    let a = TestServer::builder()
        .data_in(shared.path())
        .config(&config)
        .start();
    let b = TestServer::builder()
        .data_in(shared.path())
        .config(&config)
        .start();
    assert_ne!(a.base, b.base);
    let (id, token) = a.open(json!({"country": "ES", "locale": "es-ES"}));
    for i in 0..10 {
        let server = if i % 2 == 0 { &a } else { &b };
        let text = format!("¿Dónde está mi pedido? #{}", 48210 + i);
        let reply = server.say(&id, &token, &text);
        assert_eq!(reply["seq"], 2 * i + 1, "{reply}");
    }
    // Each instance's remembered row was stale from its second message on
    // (the other had answered since): found at the write, computed again.
    let recomputed: f64 = [&a, &b]
        .iter()
        .map(|s| {
            crate::metrics::get(
                &crate::metrics::scrape(s),
                "crossdesk_messages_recomputed_total",
            )
        })
        .sum();
    assert_eq!(recomputed, 8.0);
    // Both at once.
    std::thread::scope(|s| {
        for (n, server) in [&a, &b].into_iter().enumerate() {
            let (id, token) = (&id, &token);
            s.spawn(move || {
                for i in 0..10 {
                    server.say(id, token, &format!("Instancia {n}, mensaje {i}"));
                }
            });
        }
    });
    for server in [&a, &b] {
        let history = server.get(&format!("/v1/conversations/{id}/messages"), Some(&token));
        let messages = history.body["messages"].as_array().unwrap();
        assert_eq!(messages.len(), 60);
        let seqs: Vec<i64> = messages
            .iter()
            .map(|m| m["seq"].as_i64().unwrap())
            .collect();
        assert_eq!(seqs, (1..=60).collect::<Vec<_>>());
        let shopper: std::collections::BTreeSet<&str> = messages
            .iter()
            .filter(|m| m["role"] == "shopper")
            .map(|m| m["text"].as_str().unwrap())
            .collect();
        assert_eq!(
            shopper.len(),
            30,
            "a shopper message was lost or duplicated"
        );
    }
    // A shopper waiting on one instance gets a message stored through the
    // other at once: the commit's NOTIFY wakes it (`store::listen`). Without
    // it, the waiting request would find the message at its next read, 5 s
    // after its first (`store::NOT_LOCAL`).
    let (news, took) = std::thread::scope(|scope| {
        let poll = scope.spawn(|| {
            let started = std::time::Instant::now();
            let r = b.get(
                &format!("/v1/conversations/{id}/messages?after=60&wait=20"),
                Some(&token),
            );
            (r, started.elapsed())
        });
        wait_until(Duration::from_secs(15), "the long-poll to wait", || {
            waiting_requests(&b) == 1.0
        });
        a.say(&id, &token, "¿Alguna novedad?");
        poll.join().unwrap()
    });
    assert_eq!(news.status, 200, "{}", news.body);
    assert_eq!(news.body["messages"][0]["seq"], 61, "{}", news.body);
    assert!(took < std::time::Duration::from_secs(3), "{took:?}");
    let out = a.cli(&["audit", "verify", "--region", "eu"]);
    assert!(out.contains("chain intact"), "{out}");
}
