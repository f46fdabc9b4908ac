//! Telegram: updates with the secret token are answered in the shopper's
//! language through `sendMessage`; a wrong or missing token, a replay, a
//! malformed update and a Telegram that is down are handled and lose
//! nothing.

use std::time::Duration;

use serde_json::{Value, json};

use crate::common::{TestServer, open_store, wait_until};
use crate::stubs::{Mode, Stub, start_telegram};

pub(super) const SECRET: &str = "tg-webhook-secret-7f3a";
pub(super) const BOT_TOKEN: &str = "123456:ABC-test-token";

pub(super) fn server(api: &Stub) -> (TestServer, tempfile::TempDir) {
    server_with(api, "")
}

/// The Telegram channel and `more` configuration.
pub(super) fn server_with(api: &Stub, more: &str) -> (TestServer, tempfile::TempDir) {
    let secrets = tempfile::tempdir().unwrap();
    std::fs::write(secrets.path().join("secret"), SECRET).unwrap();
    std::fs::write(secrets.path().join("token"), BOT_TOKEN).unwrap();
    let server = TestServer::builder()
        .config(&format!(
            r#"
[[channels]]
id = "tg-es"
kind = "telegram"
api_base = "{}"
country = "ES"
secret = {{ file = {:?} }}
access_token = {{ file = {:?} }}
timeout_ms = 2000
{}
"#,
            api.base,
            secrets.path().join("secret"),
            secrets.path().join("token"),
            more,
        ))
        .start();
    (server, secrets)
}

pub(super) fn update(update_id: i64, chat: i64, text: &str) -> Value {
    json!({
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "from": {"id": chat, "is_bot": false, "first_name": "Ana", "language_code": "es"},
            "chat": {"id": chat, "type": "private", "first_name": "Ana"},
            "date": 1764064800,
            "text": text
        }
    })
}

pub(super) fn post(server: &TestServer, secret: Option<&str>, body: &[u8]) -> (u16, Value) {
    let mut req = reqwest::blocking::Client::new()
        .post(format!("{}/channels/tg-es", server.base))
        .header("content-type", "application/json")
        .body(body.to_vec());
    if let Some(s) = secret {
        req = req.header("X-Telegram-Bot-Api-Secret-Token", s);
    }
    let res = req.send().unwrap();
    let status = res.status().as_u16();
    (status, res.json().unwrap_or(Value::Null))
}

/// Every conversation id in a region's SQLite store.
pub(super) fn conversation_ids(server: &TestServer, region: &str) -> Vec<String> {
    use crossdesk::store::schema::conversations;
    use diesel::prelude::*;
    let db = server.data_dir().join(format!("{region}.db"));
    let mut conn = SqliteConnection::establish(&db.display().to_string()).unwrap();
    conversations::table
        .select(conversations::id)
        .load(&mut conn)
        .unwrap()
}

/// The texts sent to chat `chat`, in order.
pub(super) fn sent_to(api: &Stub, chat: i64) -> Vec<String> {
    api.requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/sendMessage"))
        .map(|r| r.json())
        .filter(|b| b["chat_id"] == json!(chat))
        .map(|b| b["text"].as_str().unwrap_or_default().to_string())
        .collect()
}

pub(super) fn delivered(api: &Stub, chat: i64, n: usize) {
    wait_until(Duration::from_secs(15), "the reply at Telegram", || {
        api.hits() >= n && sent_to(api, chat).len() >= n
    });
}

#[test]
fn a_spanish_shopper_on_telegram_is_answered_in_spanish_once() {
    let api = start_telegram(Mode::Ok, BOT_TOKEN);
    let (server, _secrets) = server(&api);
    let body = update(5001, 5550123987, "¿Dónde está mi pedido?").to_string();
    let (status, _) = post(&server, Some(SECRET), body.as_bytes());
    assert_eq!(status, 200);
    delivered(&api, 5550123987, 1);
    let sent = api
        .requests()
        .into_iter()
        .find(|r| r.path.ends_with("/sendMessage"))
        .unwrap();
    assert_eq!(sent.path, format!("/bot{BOT_TOKEN}/sendMessage"));
    let reply = &sent_to(&api, 5550123987)[0];
    assert!(reply.contains("pedido"), "answered in Spanish: {reply}");

    // The same update again (Telegram retries, or somebody replays it):
    // acknowledged, not taken twice.
    let (status, _) = post(&server, Some(SECRET), body.as_bytes());
    assert_eq!(status, 200);
    // A second message continues the same conversation.
    let (status, _) = post(
        &server,
        Some(SECRET),
        update(5002, 5550123987, "Quiero hablar con una persona")
            .to_string()
            .as_bytes(),
    );
    assert_eq!(status, 200);
    delivered(&api, 5550123987, 2);
    std::thread::sleep(Duration::from_millis(1500)); // a replay would have been answered by now
    assert_eq!(
        sent_to(&api, 5550123987).len(),
        2,
        "{:?}",
        sent_to(&api, 5550123987)
    );

    // One conversation in the shopper's region, on this channel; the
    // chat id is not kept in clear.
    let store = open_store("eu", &server.data_dir().join("eu.db"));
    let ids = conversation_ids(&server, "eu");
    assert_eq!(ids.len(), 1, "{ids:?}");
    let c = store.conversation(&ids[0]).unwrap().unwrap();
    assert_eq!((c.channel.as_str(), c.country.as_str()), ("tg-es", "ES"));
    assert_eq!(c.state, crossdesk::store::State::Handoff);
    let file = std::fs::read(server.data_dir().join("eu.db")).unwrap();
    if let Some(at) = file.windows(10).position(|w| w == b"5550123987") {
        let around = &file[at.saturating_sub(200)..(at + 100).min(file.len())];
        panic!(
            "the chat id in clear in the database file: {}",
            String::from_utf8_lossy(around)
        );
    }
    assert!(!server.logs().contains(BOT_TOKEN) && !server.logs().contains(SECRET));
}

#[test]
fn wrong_or_missing_secret_tokens_and_malformed_updates_are_refused_and_nothing_is_processed() {
    let api = start_telegram(Mode::Ok, BOT_TOKEN);
    let (server, _secrets) = server(&api);
    let body = update(6001, 77, "¿Dónde está mi pedido?").to_string();
    for secret in [None, Some("wrong"), Some("tg-webhook-secret-7f3A")] {
        let (status, answer) = post(&server, secret, body.as_bytes());
        assert_eq!(status, 401, "{secret:?}: {answer}");
        assert_eq!(answer["error"]["code"], "bad_signature");
        assert!(!answer.to_string().contains(SECRET));
    }
    let (status, answer) = post(&server, Some(SECRET), b"{\"update_id\": ");
    assert_eq!(status, 400, "{answer}");
    assert_eq!(answer["error"]["code"], "malformed_webhook");
    let (status, _) = post(&server, Some(SECRET), b"{\"update_id\": 6002}");
    assert_eq!(status, 200, "an update without a message is acknowledged");
    let unknown = reqwest::blocking::Client::new()
        .post(format!("{}/channels/nope", server.base))
        .body("{}")
        .send()
        .unwrap();
    assert_eq!(unknown.status().as_u16(), 404);
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(api.requests().len(), 0, "nothing reached Telegram");
    assert!(conversation_ids(&server, "eu").is_empty());

    // The same update, signed, is then taken: the refused ones were not
    // remembered as seen.
    let (status, _) = post(&server, Some(SECRET), body.as_bytes());
    assert_eq!(status, 200);
    delivered(&api, 77, 1);
}

#[test]
fn replies_wait_for_a_telegram_that_is_down_and_arrive_in_order() {
    let api = start_telegram(
        Mode::FailThenOk {
            status: 502,
            times: 3,
        },
        BOT_TOKEN,
    );
    let (server, _secrets) = server(&api);
    let (status, _) = post(
        &server,
        Some(SECRET),
        update(7001, 99, "¿Dónde está mi pedido?")
            .to_string()
            .as_bytes(),
    );
    assert_eq!(
        status, 200,
        "the shopper's message is taken while Telegram is down"
    );
    // Three 502s (back-off 1 s, 2 s, 4 s), then delivered.
    wait_until(
        Duration::from_secs(20),
        "the reply after the outage",
        || api.hits() >= 1,
    );
    let texts = sent_to(&api, 99);
    assert!(
        texts.len() >= 4,
        "three failed attempts and the delivery: {texts:?}"
    );
    assert!(
        texts.iter().all(|t| t == &texts[0]),
        "the same reply retried: {texts:?}"
    );
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(api.hits(), 1, "delivered once");
}

#[test]
fn a_message_over_the_text_limit_reaches_the_bot_whole_in_parts() {
    let api = start_telegram(Mode::Ok, BOT_TOKEN);
    let (base, bot) = crate::common::start_rasa_bot();
    let secrets = tempfile::tempdir().unwrap();
    std::fs::write(secrets.path().join("secret"), SECRET).unwrap();
    std::fs::write(secrets.path().join("token"), BOT_TOKEN).unwrap();
    let server = TestServer::builder()
        .config("max_text_chars = 120")
        .config(&format!(
            "[bot]\nkind = \"rasa\"\nurl = \"{base}/echo/webhooks/rest/webhook\"\njurisdiction = \"DE\"\nlanguages = [\"en\"]\n\
             [[channels]]\nid = \"tg-es\"\nkind = \"telegram\"\napi_base = \"{}\"\ncountry = \"ES\"\n\
             secret = {{ file = {:?} }}\naccess_token = {{ file = {:?} }}\n",
            api.base,
            secrets.path().join("secret"),
            secrets.path().join("token"),
        ))
        .start();
    let text = "My parcel has not arrived yet and the tracking page has said the same thing for a week. \
                I ordered a blue winter jacket in size medium and paid with my card on the first of the month. \
                Could you please tell me where it is and when it will arrive?";
    assert!(text.chars().count() > 240);
    let (status, _) = post(
        &server,
        Some(SECRET),
        update(7001, 5550100200, text).to_string().as_bytes(),
    );
    assert_eq!(status, 200);
    // Three parts within the limit, in order, each answered; every word
    // reached the bot.
    delivered(&api, 5550100200, 3);
    let received: Vec<String> = bot
        .received
        .lock()
        .unwrap()
        .iter()
        .map(|m| m["message"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(received.len(), 3, "{received:?}");
    assert!(
        received.iter().all(|m| m.chars().count() <= 120),
        "{received:?}"
    );
    let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    assert_eq!(words(&received.join(" ")), words(text));
    assert!(received[0].ends_with("for a week."), "{received:?}");
}
