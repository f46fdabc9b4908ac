//! The server a shopper talks to: the configured number of HTTP workers,
//! health and OpenAPI, logs without secrets, JSON logs, a clean stop on
//! SIGTERM.

use std::time::Duration;

use serde_json::{Value, json};

use crate::common::{TestServer, wait_until};

#[test]
fn the_configured_number_of_http_workers_serves() {
    let server = TestServer::builder().config("http_workers = 3\n").start();
    // actix names its worker threads `actix-rt|system:0|arbiter:N`.
    let workers = std::fs::read_dir(format!("/proc/{}/task", server.pid()))
        .unwrap()
        .filter_map(|t| std::fs::read_to_string(t.unwrap().path().join("comm")).ok())
        .filter(|name| name.starts_with("actix-rt|system"))
        .count();
    assert_eq!(workers, 3);
    let (id, token) = server.open(json!({"country": "FR"}));
    let said = server.say(&id, &token, "Où est ma commande ?");
    assert_eq!(said["lang"], "fr", "{said}");
}

#[test]
fn health_openapi_and_logs_without_secrets() {
    let server = TestServer::builder().start();
    let h = server.get("/healthz", None);
    assert_eq!((h.status, h.body["status"].as_str()), (200, Some("ok")));
    let doc = server.get("/openapi.json", None);
    assert_eq!(doc.status, 200);
    for path in [
        "/v1/conversations",
        "/v1/conversations/{id}/messages",
        "/healthz",
    ] {
        assert!(
            doc.body["paths"][path].is_object(),
            "{path} missing from OpenAPI"
        );
    }
    assert!(doc.body["components"]["schemas"]["Reply"].is_object());

    let (id, token) = server.open(json!({"country": "US", "shopper_assertion": crate::common::vouch("secret-shopper-77", None)}));
    server.say(
        &id,
        &token,
        "Where is my order? My secret phrase is platypus-banana",
    );
    // The log is written by a thread of its own; the message's line comes last.
    wait_until(Duration::from_secs(10), "the message's log line", || {
        server.logs().contains("/v1/conversations/{id}/messages")
    });
    let logs = server.logs();
    assert!(logs.contains("conversation opened"), "{logs}");
    assert!(logs.contains("/v1/conversations/{id}/messages"), "{logs}");
    for secret in [
        "platypus-banana",
        "secret-shopper-77",
        token.rsplit_once('.').unwrap().1,
    ] {
        assert!(!logs.contains(secret), "logs contain {secret}");
    }
}

#[test]
fn json_logs_are_json_and_sigterm_stops_cleanly() {
    let server = TestServer::builder()
        .arg("--log-format")
        .arg("json")
        .start();
    let (id, token) = server.open(json!({"country": "US"}));
    server.say(&id, &token, "hello");
    wait_until(Duration::from_secs(10), "the message's log line", || {
        server.logs().contains("/v1/conversations/{id}/messages")
    });
    let logs = server.logs();
    let json_lines: Vec<&str> = logs.lines().filter(|l| l.starts_with('{')).collect();
    assert!(!json_lines.is_empty());
    for line in json_lines {
        let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert!(v["level"].is_string());
    }
    let status = server.terminate().expect("server stops on SIGTERM");
    assert!(status.success(), "{status:?}");
}
