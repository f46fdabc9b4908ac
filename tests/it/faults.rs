//! Faults of the parts behind the proxy: a store that is locked answers 503
//! with `Retry-After` and keeps nothing half-written; `kill -9` under load
//! loses no message that got a 2xx, and the audit chain still verifies.
//! (A hanging or garbage bot: `bot_http.rs`; an engine down: `engines/server.rs`.)

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use diesel::connection::SimpleConnection;
use serde_json::json;

use crate::common::{TestServer, wait_until};

const NO_LIMITS: &str = "[limits]\nper_ip_per_minute = 0\nopens_per_ip_per_minute = 0\nper_conversation_per_minute = 0\n";

#[test]
fn a_locked_store_answers_503_with_retry_after_and_keeps_nothing_half_written() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::builder()
        .data_in(dir.path())
        .config(NO_LIMITS)
        .start();
    let (id, token) = server.open(json!({"country": "ES", "locale": "es-ES"}));
    server.say(&id, &token, "Hola");
    let db = server.data_dir().join("eu.db").display().to_string();
    let mut lock = <diesel::SqliteConnection as diesel::Connection>::establish(&db).unwrap();
    lock.batch_execute("PRAGMA busy_timeout = 5000; BEGIN EXCLUSIVE;")
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
        !text.contains("pedido") && !text.contains("eu.db"),
        "{text}"
    );
    // Readers go on while the writer holds the lock (WAL).
    let history = server.get(&format!("/v1/conversations/{id}/messages"), Some(&token));
    assert_eq!(history.status, 200);
    lock.batch_execute("COMMIT;").unwrap();
    drop(lock);
    // Nothing of the refused message was kept; the retry is stored once.
    assert_eq!(server.stored_messages("eu", &id).len(), 2);
    server.say(&id, &token, "¿Dónde está mi pedido?");
    let rows = server.stored_messages("eu", &id);
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[2].text, "¿Dónde está mi pedido?");
    // A lock held briefly (a command writing) is waited out, not refused.
    let mut brief = <diesel::SqliteConnection as diesel::Connection>::establish(&db).unwrap();
    brief
        .batch_execute("PRAGMA busy_timeout = 5000; BEGIN EXCLUSIVE;")
        .unwrap();
    let holder = std::thread::spawn(move || {
        // Real time: the lock is held a while, as a command writing holds it.
        std::thread::sleep(Duration::from_millis(300));
        brief.batch_execute("COMMIT;").unwrap();
    });
    server.say(&id, &token, "Gracias");
    holder.join().unwrap();
    assert_eq!(server.stored_messages("eu", &id).len(), 6);
    assert!(server.cli(&["audit", "verify"]).contains("chain intact"));
}

/// A message that got a 2xx: conversation, token, seq, text.
type Acked = (String, String, i64, String);

/// A log collector that stops reading: the server's stderr pipe fills up
/// (64 KiB, ~300 messages' request lines). A log line written on a request
/// thread would then block that request for good.
#[test]
fn a_log_reader_that_stops_reading_does_not_stop_the_proxy() {
    let server = TestServer::builder()
        .config(NO_LIMITS)
        .stuck_log_reader()
        .start();
    let (id, token) = server.open(json!({"country": "DE", "locale": "de-DE"}));
    let sent = 1000;
    for i in 0..sent {
        // `say` fails on anything but a 200 within the client's timeout.
        server.say(&id, &token, &format!("Wo ist meine Bestellung {i}?"));
    }
    let history = server.get(&format!("/v1/conversations/{id}/messages"), Some(&token));
    assert_eq!(history.status, 200, "{}", history.body);
    let texts: Vec<&str> = history.body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["role"] == "shopper")
        .filter_map(|m| m["text"].as_str())
        .collect();
    assert_eq!(texts.len(), sent);
    assert_eq!(
        texts[sent - 1],
        format!("Wo ist meine Bestellung {}?", sent - 1)
    );
}

#[test]
fn kill_9_under_load_loses_no_acknowledged_message_and_the_audit_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::builder()
        .data_in(dir.path())
        .config(NO_LIMITS)
        .start();
    let base = server.base.clone();
    let acked: Arc<Mutex<Vec<Acked>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let workers: Vec<_> = (0..4)
        .map(|w| {
            let (base, acked, stop) = (base.clone(), acked.clone(), stop.clone());
            std::thread::spawn(move || {
                let client = reqwest::blocking::Client::builder()
                    .timeout(Duration::from_secs(5))
                    .build()
                    .unwrap();
                let countries = ["ES", "DE", "US", "CN"];
                let Ok(opened) = client
                    .post(format!("{base}/v1/conversations"))
                    .json(&json!({"country": countries[w]}))
                    .send()
                else {
                    return;
                };
                let opened: serde_json::Value = opened.json().unwrap();
                let id = opened["id"].as_str().unwrap().to_string();
                let token = opened["token"].as_str().unwrap().to_string();
                let mut n = 0;
                while !stop.load(Ordering::SeqCst) {
                    n += 1;
                    let text = format!("worker {w} message {n}: where is order 12345{n}?");
                    let Ok(res) = client
                        .post(format!("{base}/v1/conversations/{id}/messages"))
                        .bearer_auth(&token)
                        .json(&json!({ "text": text }))
                        .send()
                    else {
                        break;
                    };
                    if !res.status().is_success() {
                        continue;
                    }
                    let Ok(reply) = res.json::<serde_json::Value>() else {
                        break;
                    };
                    let seq = reply["seq"].as_i64().unwrap();
                    acked
                        .lock()
                        .unwrap()
                        .push((id.clone(), token.clone(), seq, text));
                }
            })
        })
        .collect();
    wait_until(Duration::from_secs(30), "50 acknowledged messages", || {
        acked.lock().unwrap().len() >= 50
    });
    // SIGKILL, mid-traffic: no shutdown hook runs.
    drop(server);
    stop.store(true, Ordering::SeqCst);
    for w in workers {
        w.join().unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    assert!(acked.len() >= 20, "too little load: {}", acked.len());
    eprintln!("{} messages acknowledged before the kill", acked.len());

    let server = TestServer::builder()
        .data_in(dir.path())
        .config(NO_LIMITS)
        .start();
    let mut conversations: Vec<(String, String)> = acked
        .iter()
        .map(|(id, t, _, _)| (id.clone(), t.clone()))
        .collect();
    conversations.sort();
    conversations.dedup();
    for (id, token) in &conversations {
        let region = id.split('_').next().unwrap();
        let rows = server.stored_messages(region, id);
        for (_, _, seq, text) in acked.iter().filter(|a| a.0 == *id) {
            let row = rows.iter().find(|r| i64::from(r.seq) == *seq);
            assert_eq!(
                row.map(|r| r.text.as_str()),
                Some(text.as_str()),
                "acknowledged message {id}#{seq} lost or altered"
            );
        }
        // And the restarted server serves the conversation.
        let history = server.get(&format!("/v1/conversations/{id}/messages"), Some(token));
        assert_eq!(history.status, 200);
        assert!(history.body["messages"].as_array().unwrap().len() >= 2);
    }
    let out = server.cli(&["audit", "verify"]);
    assert!(
        !out.contains("FAIL") && out.contains("chain intact"),
        "{out}"
    );
}

/// Another writer (a second instance, an operator's command) changes a
/// conversation this server answered a moment ago: its next message is
/// answered from the row as it is now, never from what this server
/// remembered, and nothing is stored twice or for a conversation that is gone.
#[test]
fn a_conversation_changed_by_another_writer_is_answered_from_its_new_state() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::builder()
        .data_in(dir.path())
        .config(NO_LIMITS)
        .start();
    let (id, token) = server.open(json!({"country": "DE", "locale": "de-DE"}));
    let first = server.say(&id, &token, "Where is my order #48213?");
    assert!(first["bot_text"].is_string(), "{first}");
    server.say(&id, &token, "How long does a refund take?");
    // What the server remembered after each message was the stored row.
    assert_eq!(recomputed(&server), 0.0);
    let db = server.data_dir().join("eu.db").display().to_string();
    let mut other = <diesel::SqliteConnection as diesel::Connection>::establish(&db).unwrap();
    other
        .batch_execute(&format!(
            "PRAGMA busy_timeout = 5000; UPDATE conversations SET state = 'agent', \
             agent = 'ana', pool = 'eu-support', claimed_at = updated_at WHERE id = '{id}';"
        ))
        .unwrap();
    // The agent holds it now: the bot is not asked, the shopper is told.
    let second = server.say(&id, &token, "Is it shipped yet?");
    assert!(second["bot_text"].is_null(), "{second}");
    let codes: Vec<&str> = second["notices"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["code"].as_str())
        .collect();
    assert_eq!(codes, ["message-to-agent"], "{second}");
    assert_eq!(
        recomputed(&server),
        1.0,
        "computed once more, from the new row"
    );
    let rows = server.stored_messages("eu", &id);
    let roles: Vec<&str> = rows.iter().map(|m| m.role.as_str()).collect();
    assert_eq!(
        roles,
        ["shopper", "bot", "shopper", "bot", "shopper"],
        "stored once, no bot answer"
    );
    assert_eq!(rows[4].text, "Is it shipped yet?");

    // A second conversation, answered, then erased by another writer.
    let (gone, gone_token) = server.open(json!({"country": "DE", "locale": "de-DE"}));
    server.say(&gone, &gone_token, "Hello");
    other
        .batch_execute(&format!(
            "DELETE FROM messages WHERE conversation_id = '{gone}'; \
             DELETE FROM conversations WHERE id = '{gone}';"
        ))
        .unwrap();
    let r = server.post(
        &format!("/v1/conversations/{gone}/messages"),
        Some(&gone_token),
        &json!({"text": "Are you there?"}),
    );
    assert_eq!(r.status, 404, "{}", r.body);
    let left: i64 = diesel::RunQueryDsl::get_result::<Count>(
        diesel::sql_query(format!(
            "SELECT count(*) AS n FROM messages WHERE conversation_id = '{gone}'"
        )),
        &mut other,
    )
    .unwrap()
    .n;
    assert_eq!(left, 0, "nothing stored for a conversation that is gone");
}

fn recomputed(server: &crate::common::TestServer) -> f64 {
    crate::metrics::get(
        &crate::metrics::scrape(server),
        "crossdesk_messages_recomputed_total",
    )
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}
