//! The whole corpus against a server with limits out of the way: no case
//! gets a 500 or crashes the server, every error is JSON with a code, and
//! the hostile texts are stored as written.

use serde_json::{Value, json};

use super::bodies::hostile_texts;
use super::corpus::{Token, corpus};
use crate::common::TestServer;

#[test]
fn two_hundred_bad_inputs_never_get_a_500_and_valid_text_is_stored_as_written() {
    // Limits high: this test is about inputs, the next one about limits.
    let limits = "[limits]\nper_ip_per_minute = 100000\nper_ip_burst = 10000\nper_conversation_per_minute = 100000\nper_conversation_burst = 10000\n";
    let server = TestServer::builder().config(limits).start();
    let (own, own_token) = server.open(json!({"country": "ES", "locale": "es-ES"}));
    let (other, other_token) = server.open(json!({"country": "ES"}));
    let cases = corpus(&own, &other);
    assert!(cases.len() >= 200, "only {} cases", cases.len());
    let client = reqwest::blocking::Client::builder()
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .unwrap();
    let allowed = [200, 201, 204, 400, 401, 403, 404, 405, 413, 415];
    let mut bad = Vec::new();
    let mut seen = std::collections::BTreeMap::new();
    for c in &cases {
        let method: reqwest::Method = c.method.parse().unwrap();
        let mut req = client.request(method, format!("{}{}", server.base, c.path));
        req = match &c.token {
            Token::None => req,
            Token::Own => req.bearer_auth(&own_token),
            Token::Other => req.bearer_auth(&other_token),
            Token::Raw(t) if t.starts_with("Basic ") => req.header("Authorization", t.as_str()),
            Token::Raw(t) => match reqwest::header::HeaderValue::from_str(&format!("Bearer {t}")) {
                Ok(v) => req.header("Authorization", v),
                Err(_) => req.header("Authorization", "Bearer ?"),
            },
        };
        if let Some(ct) = c.content_type {
            req = req.header("content-type", ct);
        }
        if let Some(b) = &c.body {
            req = req.body(b.clone());
        }
        let res = match req.send() {
            Ok(r) => r,
            Err(e) => {
                bad.push(format!("{}: no answer ({e})", c.what));
                continue;
            }
        };
        let status = res.status().as_u16();
        let body: Value =
            serde_json::from_slice(&res.bytes().unwrap_or_default()).unwrap_or(Value::Null);
        *seen.entry(status).or_insert(0) += 1;
        if !allowed.contains(&status) {
            bad.push(format!("{}: {status} {body}", c.what));
        } else if status >= 400 && !body["error"]["code"].is_string() {
            bad.push(format!("{}: {status} without a JSON error: {body}", c.what));
        }
    }
    assert!(
        bad.is_empty(),
        "{} of {} cases:\n{}",
        bad.len(),
        cases.len(),
        bad.join("\n")
    );
    eprintln!("{} cases, statuses {seen:?}", cases.len());
    // Most of the corpus must be refused, and the hostile texts accepted.
    assert!(seen.get(&400).copied().unwrap_or(0) >= 60, "{seen:?}");
    assert!(
        seen.get(&200).copied().unwrap_or(0) >= hostile_texts().len(),
        "{seen:?}"
    );

    // Still alive, nothing panicked, and the hostile texts are stored as
    // written (controls dropped, everything else intact).
    assert_eq!(server.get("/healthz", None).status, 200);
    assert!(!server.logs().contains("panicked"), "a handler panicked");
    let history = server.get(
        &format!("/v1/conversations/{own}/messages"),
        Some(&own_token),
    );
    let said: Vec<String> = history.body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["role"] == "shopper")
        .map(|m| m["text"].as_str().unwrap().to_string())
        .collect();
    for text in hostile_texts() {
        let text = text.trim().to_string();
        assert!(said.contains(&text), "not stored as written: {text:?}");
    }
    // The store's tables survived the SQL in the texts.
    let rows = server.stored_messages("eu", &own);
    assert!(rows.len() >= hostile_texts().len() * 2, "{}", rows.len());
}
