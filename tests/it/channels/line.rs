//! LINE Messaging API: signed webhooks are answered in the shopper's
//! language through the reply API while the reply token is fresh, else
//! through the push API; bad signatures, replays, malformed bodies, other
//! events and a LINE that is down are handled and lose nothing.

use std::time::Duration;

use base64::Engine;
use diesel::prelude::*;
use serde_json::{Value, json};

use crate::common::{TestServer, wait_until};
use crate::stubs::{Mode, Stub, start_line};

const CHANNEL_SECRET: &str = "8c570fa6dd201bb328f1c1eac23a96d8";
const ACCESS_TOKEN: &str = "line-channel-access-token-5e2f";

fn server(api: &Stub) -> (TestServer, tempfile::TempDir) {
    let secrets = tempfile::tempdir().unwrap();
    std::fs::write(secrets.path().join("secret"), CHANNEL_SECRET).unwrap();
    std::fs::write(secrets.path().join("token"), ACCESS_TOKEN).unwrap();
    let server = TestServer::builder()
        .config(&format!(
            r#"
[[channels]]
id = "line-jp"
kind = "line"
api_base = "{}"
country = "JP"
locale = "ja-JP"
secret = {{ file = {:?} }}
access_token = {{ file = {:?} }}
timeout_ms = 2000
"#,
            api.base,
            secrets.path().join("secret"),
            secrets.path().join("token"),
        ))
        .start();
    (server, secrets)
}

fn user(n: u8) -> String {
    format!("U{:032x}", 0x4af4_9806_29b6_a3e5_u128 * 1000 + n as u128)
}

/// One webhook event; `source` and `message` as LINE sends them.
fn event(id: &str, kind: &str, source: Value, message: Value, reply_token: &str) -> Value {
    json!({
        "type": kind,
        "message": message,
        "webhookEventId": id,
        "deliveryContext": {"isRedelivery": false},
        "timestamp": 1764064800123_i64,
        "source": source,
        "replyToken": reply_token,
        "mode": "active"
    })
}

fn text_event(id: &str, from: &str, text: &str, reply_token: &str) -> Value {
    event(
        id,
        "message",
        json!({"type": "user", "userId": from}),
        json!({"id": "444573844083572737", "type": "text", "quoteToken": "q3Plxr4AgKd", "text": text}),
        reply_token,
    )
}

fn webhook(events: Vec<Value>) -> String {
    json!({"destination": "U0123456789abcdef0123456789abcdef", "events": events}).to_string()
}

fn sign(secret: &str, body: &str) -> String {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(ring::hmac::sign(&key, body.as_bytes()))
}

fn post_signed(server: &TestServer, signature: Option<String>, body: &str) -> (u16, Value) {
    let mut req = reqwest::blocking::Client::new()
        .post(format!("{}/channels/line-jp", server.base))
        .header("content-type", "application/json; charset=utf-8")
        .body(body.to_string());
    if let Some(s) = signature {
        req = req.header("x-line-signature", s);
    }
    let res = req.send().unwrap();
    let status = res.status().as_u16();
    (status, res.json().unwrap_or(Value::Null))
}

fn post(server: &TestServer, body: &str) -> (u16, Value) {
    post_signed(server, Some(sign(CHANNEL_SECRET, body)), body)
}

/// The requests to one API (`reply` or `push`), as (body, retry key).
fn calls(api: &Stub, which: &str) -> Vec<(Value, Option<String>)> {
    api.requests()
        .into_iter()
        .filter(|r| r.path == format!("/v2/bot/message/{which}"))
        .map(|r| (r.json(), r.header("x-line-retry-key").map(str::to_string)))
        .collect()
}

fn text(b: &Value) -> String {
    b["messages"][0]["text"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn conversations(server: &TestServer, region: &str) -> Vec<(String, String)> {
    use crossdesk::store::schema::conversations;
    let db = server.data_dir().join(format!("{region}.db"));
    let mut conn = SqliteConnection::establish(&db.display().to_string()).unwrap();
    conversations::table
        .select((conversations::channel, conversations::country))
        .load(&mut conn)
        .unwrap()
}

fn japanese(text: &str) -> bool {
    text.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c))
}

#[test]
fn a_japanese_shopper_on_line_is_answered_in_japanese_through_the_reply_api() {
    let api = start_line(Mode::Ok, ACCESS_TOKEN);
    let (server, _secrets) = server(&api);
    let shopper = user(1);
    let first = webhook(vec![text_event(
        "01FZ74A0TDDPYRVKNK77XKC3ZR",
        &shopper,
        "注文はどこですか？",
        "b60d432864f44d079f6d8efe86cf404b",
    )]);
    assert_eq!(post(&server, &first).0, 200);
    wait_until(Duration::from_secs(15), "the reply at LINE", || {
        api.hits() >= 1
    });
    let request = &api.requests()[0];
    assert_eq!(request.path, "/v2/bot/message/reply");
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {ACCESS_TOKEN}").as_str())
    );
    let body = request.json();
    assert_eq!(body["replyToken"], "b60d432864f44d079f6d8efe86cf404b");
    assert_eq!(body["messages"].as_array().unwrap().len(), 1);
    assert_eq!(body["messages"][0]["type"], "text");
    assert!(japanese(&text(&body)), "answered in Japanese: {body}");

    // LINE redelivers the event: acknowledged, not taken. A second message
    // is answered with its own token.
    let mut redelivered: Value = serde_json::from_str(&first).unwrap();
    redelivered["events"][0]["deliveryContext"]["isRedelivery"] = json!(true);
    assert_eq!(post(&server, &redelivered.to_string()).0, 200);
    let second = webhook(vec![text_event(
        "01FZ74A0TDDPYRVKNK77XKC3ZS",
        &shopper,
        "人と話したいです",
        "8cf9239d56244f4197887e939187e19e",
    )]);
    assert_eq!(post(&server, &second).0, 200);
    wait_until(Duration::from_secs(15), "the second reply", || {
        api.hits() >= 2
    });
    let replies = calls(&api, "reply");
    assert_eq!(
        replies
            .iter()
            .map(|(b, _)| b["replyToken"].as_str().unwrap())
            .collect::<Vec<_>>(),
        [
            "b60d432864f44d079f6d8efe86cf404b",
            "8cf9239d56244f4197887e939187e19e"
        ],
        "the redelivered event was not answered"
    );
    assert!(calls(&api, "push").is_empty());

    assert_eq!(
        conversations(&server, "apac"),
        [("line-jp".to_string(), "JP".to_string())]
    );
    let file = std::fs::read(server.data_dir().join("apac.db")).unwrap();
    assert!(
        !file.windows(shopper.len()).any(|w| w == shopper.as_bytes()),
        "the user id in clear"
    );
    let logs = server.logs();
    assert!(!logs.contains(CHANNEL_SECRET) && !logs.contains(ACCESS_TOKEN));
}

#[test]
fn a_reply_token_that_is_no_longer_valid_falls_back_to_the_push_api() {
    let api = start_line(Mode::Ok, ACCESS_TOKEN);
    let (server, _secrets) = server(&api);
    let shopper = user(2);
    let body = webhook(vec![text_event(
        "01FZ74A0TDDPYRVKNK77XKC3ZT",
        &shopper,
        "注文はどこですか？",
        "expired-0f3b2a",
    )]);
    assert_eq!(post(&server, &body).0, 200);
    wait_until(Duration::from_secs(15), "the push", || api.hits() >= 1);
    let replies = calls(&api, "reply");
    assert_eq!(replies.len(), 1, "the reply API tried first");
    let pushes = calls(&api, "push");
    assert_eq!(pushes.len(), 1, "{pushes:?}");
    let (push, key) = &pushes[0];
    assert_eq!(push["to"], json!(shopper));
    assert_eq!(push["messages"][0]["type"], "text");
    assert_eq!(text(push), text(&replies[0].0));
    assert!(japanese(&text(push)), "{push}");
    assert_eq!(key.as_deref().map(str::len), Some(36), "a retry key");
}

#[test]
fn bad_signatures_malformed_bodies_and_other_events_are_handled_and_nothing_is_processed() {
    let api = start_line(Mode::Ok, ACCESS_TOKEN);
    let (server, _secrets) = server(&api);
    let shopper = user(3);
    let body = webhook(vec![text_event(
        "01FZ74A0TDDPYRVKNK77XKC3ZV",
        &shopper,
        "注文はどこですか？",
        "0f3779fba3b349968c5d07db31eab56f",
    )]);
    for signature in [
        None,
        Some(sign("another-channel-secret", &body)),
        Some(sign(CHANNEL_SECRET, &body.replace("注文", "荷物"))),
        Some("not base64 at all".to_string()),
    ] {
        let (status, answer) = post_signed(&server, signature.clone(), &body);
        assert_eq!(status, 401, "{signature:?}: {answer}");
        assert_eq!(answer["error"]["code"], "bad_signature");
        assert!(!answer.to_string().contains(CHANNEL_SECRET));
    }
    for malformed in [
        "{\"destination\": ",
        r#"{"destination": "U0", "events": "x"}"#,
    ] {
        let (status, answer) = post(&server, malformed);
        assert_eq!(status, 400, "{malformed}: {answer}");
        assert_eq!(answer["error"]["code"], "malformed_webhook");
    }
    // The console's "Verify" (no events), a follow, a message in a group:
    // acknowledged, not taken.
    let from_user = json!({"type": "user", "userId": shopper});
    let in_group = json!({"type": "group", "groupId": "Ca56f94637c", "userId": shopper});
    let hello = json!({"id": "1", "type": "text", "quoteToken": "q", "text": "こんにちは"});
    for other in [
        webhook(vec![]),
        webhook(vec![event(
            "01FZ74A0TDDPYRVKNK77XKC3ZW",
            "follow",
            from_user,
            Value::Null,
            "r1",
        )]),
        webhook(vec![event(
            "01FZ74A0TDDPYRVKNK77XKC3ZX",
            "message",
            in_group,
            hello,
            "r2",
        )]),
    ] {
        assert_eq!(post(&server, &other).0, 200, "{other}");
    }
    assert!(conversations(&server, "apac").is_empty());
    assert!(api.requests().is_empty(), "nothing reached LINE");

    // The refused webhook, properly signed, is then taken.
    assert_eq!(post(&server, &body).0, 200);
    wait_until(Duration::from_secs(15), "the reply", || api.hits() >= 1);
    assert_eq!(conversations(&server, "apac").len(), 1);
}

#[test]
fn replies_wait_for_a_line_that_is_down_and_arrive_once_under_one_retry_key() {
    let api = start_line(
        Mode::FailThenOk {
            status: 500,
            times: 3,
        },
        ACCESS_TOKEN,
    );
    let (server, _secrets) = server(&api);
    let shopper = user(4);
    let body = webhook(vec![text_event(
        "01FZ74A0TDDPYRVKNK77XKC3ZY",
        &shopper,
        "注文はどこですか？",
        "5d1e5a7f0b8c4c3e9d2f1a0b9c8d7e6f",
    )]);
    assert_eq!(post(&server, &body).0, 200, "taken while LINE is down");
    // The reply API fails; the token is spent, so the retries push
    // (back-off 1 s, 2 s, 4 s), all under the same retry key.
    wait_until(
        Duration::from_secs(20),
        "the reply after the outage",
        || api.hits() >= 1,
    );
    assert_eq!(calls(&api, "reply").len(), 1);
    let pushes = calls(&api, "push");
    assert_eq!(pushes.len(), 3, "{pushes:?}");
    let key = pushes[0].1.clone().expect("a retry key");
    assert!(pushes.iter().all(|(b, k)| k.as_ref() == Some(&key)
        && b["to"] == json!(shopper)
        && text(b) == text(&pushes[0].0)));
    assert_eq!(api.hits(), 1, "delivered once");
}
