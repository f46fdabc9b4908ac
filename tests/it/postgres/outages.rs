//! A region's PostgreSQL database that goes away answers 503 and loses
//! nothing while the other regions go on; one that cannot write makes
//! /healthz say degraded until it can again.

use std::time::Duration;

use diesel::connection::SimpleConnection;
use serde_json::json;

use super::databases::{admin, region_databases};
use crate::common::{TestServer, wait_until};

/// A region's PostgreSQL database goes away (connections refused, the open
/// ones killed): that region answers 503 with `Retry-After`, the others go
/// on, and once it is back the retried message is stored once.
#[test]
fn a_postgresql_store_that_goes_away_answers_503_and_loses_nothing() {
    let (tag, _dbs, stores) = region_databases();
    // With agent pools: a hand-off sums the pools' loads over every store.
    let server = TestServer::builder()
        .config(&stores)
        .config(crate::routing::POOLS)
        .start();
    let (id, token) = server.open(json!({"country": "ES", "locale": "es-ES"}));
    server.say(&id, &token, "Hola");
    // A US shopper in line for a person before the outage.
    let (waiting, waiting_token) = server.open(json!({"country": "US"}));
    let first = server.say(&waiting, &waiting_token, "I want to talk to a person");
    assert_eq!(first["handoff"]["position"], 1, "{first}");
    let db = format!("crossdesk_test_{tag}_eu");
    let mut conn = admin();
    conn.batch_execute(&format!(
        "ALTER DATABASE {db} ALLOW_CONNECTIONS false; \
         SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{db}'"
    ))
    .unwrap();
    let r = server.post(
        &format!("/v1/conversations/{id}/messages"),
        Some(&token),
        &json!({"text": "¿Dónde está mi pedido?"}),
    );
    assert_eq!(r.status, 503, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "unavailable");
    assert!(r.headers.contains_key("retry-after"));
    let text = r.body.to_string();
    assert!(
        !text.contains("postgres://") && !text.contains(&db),
        "{text}"
    );
    // Other regions are not held back.
    let (us, us_token) = server.open(json!({"country": "US"}));
    assert!(server.say(&us, &us_token, "Where is my order?")["text"].is_string());
    // Nor is a shopper waiting elsewhere: their place is counted from the
    // last snapshot of the lines, which the missing store cannot refresh.
    let still = server.say(&waiting, &waiting_token, "Any news?");
    assert_eq!(still["handoff"]["position"], 1, "{still}");
    // And a new hand-off elsewhere is decided from the stores that answer.
    // The store that did not answer a moment ago is not waited for again
    // (its connection timeout is 5 s).
    let (late, late_token) = server.open(json!({"country": "US"}));
    let asked = std::time::Instant::now();
    let handed = server.say(&late, &late_token, "I want to talk to a person");
    assert!(
        asked.elapsed() < std::time::Duration::from_secs(4),
        "waited for the missing store"
    );
    assert_eq!(handed["handoff"]["reason"], "requested", "{handed}");
    assert_eq!(handed["handoff"]["position"], 2, "{handed}");
    // Back: the retry is stored once, after the first exchange.
    conn.batch_execute(&format!("ALTER DATABASE {db} ALLOW_CONNECTIONS true"))
        .unwrap();
    server.say(&id, &token, "¿Dónde está mi pedido?");
    let history = server.get(&format!("/v1/conversations/{id}/messages"), Some(&token));
    let shopper: Vec<&str> = history.body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["role"] == "shopper")
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    assert_eq!(shopper, ["Hola", "¿Dónde está mi pedido?"]);
}

/// A store that answers reads but refuses every write (here a database
/// turned read-only; a full disk fails the same way) makes /healthz say so.
#[test]
fn health_is_degraded_while_a_store_cannot_write() {
    let (tag, _dbs, stores) = region_databases();
    let server = TestServer::builder().config(&stores).start();
    assert_eq!(server.get("/healthz", None).status, 200);
    let db = format!("crossdesk_test_{tag}_us");
    let mut admin = admin();
    admin
        .batch_execute(&format!(
            "ALTER DATABASE {db} SET default_transaction_read_only = on; \
             SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{db}' AND pid <> pg_backend_pid();"
        ))
        .unwrap();
    wait_until(Duration::from_secs(30), "health to say degraded", || {
        server.get("/healthz", None).status == 503
    });
    let health = server.get("/healthz", None);
    assert_eq!(health.status, 503, "{}", health.body);
    assert_eq!(health.body["status"], "degraded");
    assert_eq!(
        health.body["not_writable"],
        json!(["us"]),
        "{}",
        health.body
    );
    admin
        .batch_execute(&format!("ALTER DATABASE {db} SET default_transaction_read_only = off; \
             SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{db}' AND pid <> pg_backend_pid();"))
        .unwrap();
    wait_until(Duration::from_secs(30), "health to say ok", || {
        server.get("/healthz", None).status == 200
    });
    let health = server.get("/healthz", None);
    assert_eq!(health.status, 200, "{}", health.body);
}
