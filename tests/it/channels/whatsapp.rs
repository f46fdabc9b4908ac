//! WhatsApp Cloud API: signed notifications are answered in the shopper's
//! language through `/{phone_number_id}/messages`, in the region of the
//! sender's phone number; the GET handshake answers only our verify token;
//! bad signatures, replays, malformed bodies, statuses, a throttled or
//! down Graph API and a closed 24-hour window are handled and lose nothing.

use std::time::Duration;

use diesel::prelude::*;
use serde_json::{Value, json};

use crate::common::{TestServer, open_store, wait_until};
use crate::stubs::{Mode, Stub, start_whatsapp};

const APP_SECRET: &str = "wa-app-secret-3c9d";
const ACCESS_TOKEN: &str = "EAAGtestaccesstoken42";
const VERIFY_TOKEN: &str = "wa-verify-token-81f0";
const PHONE_NUMBER_ID: &str = "106540352242922";

fn server(api: &Stub) -> (TestServer, tempfile::TempDir) {
    let secrets = tempfile::tempdir().unwrap();
    let file = |name: &str, text: &str| {
        let path = secrets.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let server = TestServer::builder()
        .config(&format!(
            r#"
[[channels]]
id = "wa"
kind = "whatsapp"
api_base = "{}"
account_id = "{PHONE_NUMBER_ID}"
country_from_phone = true
country = "ES"
secret = {{ file = {:?} }}
access_token = {{ file = {:?} }}
verify_token = {{ file = {:?} }}
timeout_ms = 2000
"#,
            api.base,
            file("secret", APP_SECRET),
            file("token", ACCESS_TOKEN),
            file("verify", VERIFY_TOKEN),
        ))
        .start();
    (server, secrets)
}

/// A notification carrying one text message from `from`.
fn message(id: &str, from: &str, text: &str) -> String {
    json!({
        "object": "whatsapp_business_account",
        "entry": [{
            "id": "102290129340398",
            "changes": [{
                "field": "messages",
                "value": {
                    "messaging_product": "whatsapp",
                    "metadata": {"display_phone_number": "15550783881", "phone_number_id": PHONE_NUMBER_ID},
                    "contacts": [{"profile": {"name": "Ana"}, "wa_id": from}],
                    "messages": [{
                        "from": from, "id": id, "timestamp": "1764064800",
                        "type": "text", "text": {"body": text}
                    }]
                }
            }]
        }]
    })
    .to_string()
}

fn sign(secret: &str, body: &str) -> String {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret.as_bytes());
    format!(
        "sha256={}",
        hex::encode(ring::hmac::sign(&key, body.as_bytes()))
    )
}

fn post_signed(server: &TestServer, signature: Option<String>, body: &str) -> (u16, Value) {
    let mut req = reqwest::blocking::Client::new()
        .post(format!("{}/channels/wa", server.base))
        .header("content-type", "application/json")
        .body(body.to_string());
    if let Some(s) = signature {
        req = req.header("X-Hub-Signature-256", s);
    }
    let res = req.send().unwrap();
    let status = res.status().as_u16();
    (status, res.json().unwrap_or(Value::Null))
}

fn post(server: &TestServer, body: &str) -> (u16, Value) {
    post_signed(server, Some(sign(APP_SECRET, body)), body)
}

/// The bodies the Graph API took for `to`, in order.
fn sent_to(api: &Stub, to: &str) -> Vec<Value> {
    api.requests()
        .into_iter()
        .map(|r| r.json())
        .filter(|b| b["to"] == json!(to))
        .collect()
}

fn text(b: &Value) -> String {
    b["text"]["body"].as_str().unwrap_or_default().to_string()
}

fn conversations(server: &TestServer, region: &str) -> Vec<(String, String)> {
    use crossdesk::store::schema::conversations;
    let db = server.data_dir().join(format!("{region}.db"));
    let mut conn = SqliteConnection::establish(&db.display().to_string()).unwrap();
    conversations::table
        .select((conversations::id, conversations::country))
        .load(&mut conn)
        .unwrap()
}

fn no_clear_text(server: &TestServer, region: &str, what: &str) {
    let file = std::fs::read(server.data_dir().join(format!("{region}.db"))).unwrap();
    assert!(
        !file.windows(what.len()).any(|w| w == what.as_bytes()),
        "{what} in clear in {region}.db"
    );
}

#[test]
fn a_spanish_shopper_on_whatsapp_is_answered_in_spanish_once() {
    let api = start_whatsapp(Mode::Ok, ACCESS_TOKEN);
    let (server, _secrets) = server(&api);
    let from = "34612345678";
    let first = message(
        "wamid.HBgLMzQ2MTIzNDU2NzgVAgASGBQzQUIx",
        from,
        "¿Dónde está mi pedido?",
    );
    let (status, _) = post(&server, &first);
    assert_eq!(status, 200);
    wait_until(Duration::from_secs(15), "the reply at WhatsApp", || {
        api.hits() >= 1
    });
    let request = &api.requests()[0];
    assert_eq!(request.path, format!("/{PHONE_NUMBER_ID}/messages"));
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {ACCESS_TOKEN}").as_str())
    );
    let body = request.json();
    assert_eq!(body["messaging_product"], "whatsapp");
    assert_eq!(body["recipient_type"], "individual");
    assert_eq!(body["to"], from);
    assert_eq!(body["type"], "text");
    assert_eq!(body["text"]["preview_url"], false);
    assert!(text(&body).contains("pedido"), "in Spanish: {body}");

    // Meta delivers the same notification again: acknowledged, not taken.
    // Then a second message: its answer is the next one the shopper gets.
    assert_eq!(post(&server, &first).0, 200);
    let second = message(
        "wamid.HBgLMzQ2MTIzNDU2NzgVAgASGBQzQUIy",
        from,
        "Quiero hablar con una persona",
    );
    assert_eq!(post(&server, &second).0, 200);
    wait_until(Duration::from_secs(15), "the second reply", || {
        api.hits() >= 2
    });
    let sent = sent_to(&api, from);
    assert_ne!(
        text(&sent[1]),
        text(&sent[0]),
        "the replay was answered again: {sent:?}"
    );

    // One conversation, in the region of the sender's number (Spain: eu);
    // the number is kept sealed.
    let found = conversations(&server, "eu");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, "ES");
    let store = open_store("eu", &server.data_dir().join("eu.db"));
    let c = store.conversation(&found[0].0).unwrap().unwrap();
    assert_eq!(c.channel, "wa");
    no_clear_text(&server, "eu", from);
    let logs = server.logs();
    for secret in [APP_SECRET, ACCESS_TOKEN, VERIFY_TOKEN, from] {
        assert!(!logs.contains(secret), "{secret} in the logs");
    }
}

#[test]
fn the_senders_number_puts_a_german_shopper_in_eu_and_a_japanese_one_in_apac() {
    let api = start_whatsapp(Mode::Ok, ACCESS_TOKEN);
    let (server, _secrets) = server(&api);
    let (de, jp) = ("4915112345678", "818012345678");
    assert_eq!(
        post(
            &server,
            &message("wamid.DE1", de, "Wo ist meine Bestellung?")
        )
        .0,
        200
    );
    assert_eq!(
        post(&server, &message("wamid.JP1", jp, "注文はどこですか？")).0,
        200
    );
    wait_until(Duration::from_secs(15), "both replies", || {
        !sent_to(&api, de).is_empty() && !sent_to(&api, jp).is_empty()
    });
    let eu = conversations(&server, "eu");
    let apac = conversations(&server, "apac");
    assert_eq!(eu.iter().map(|c| c.1.as_str()).collect::<Vec<_>>(), ["DE"]);
    assert_eq!(
        apac.iter().map(|c| c.1.as_str()).collect::<Vec<_>>(),
        ["JP"]
    );
    let japanese = text(&sent_to(&api, jp)[0]);
    assert!(
        japanese
            .chars()
            .any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)),
        "answered in Japanese: {japanese}"
    );
    no_clear_text(&server, "apac", jp);
    no_clear_text(&server, "eu", de);
}

#[test]
fn the_handshake_answers_the_challenge_only_for_our_verify_token() {
    let api = start_whatsapp(Mode::Ok, ACCESS_TOKEN);
    let (server, _secrets) = server(&api);
    let get = |query: &str| {
        let res = reqwest::blocking::get(format!("{}/channels/wa?{query}", server.base)).unwrap();
        let status = res.status().as_u16();
        let kind = res
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string());
        (status, kind, res.text().unwrap())
    };
    let (status, kind, body) = get(&format!(
        "hub.mode=subscribe&hub.verify_token={VERIFY_TOKEN}&hub.challenge=1158201444"
    ));
    assert_eq!((status, body.as_str()), (200, "1158201444"));
    assert!(kind.unwrap().starts_with("text/plain"));
    for query in [
        "hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1158201444".to_string(),
        format!("hub.mode=unsubscribe&hub.verify_token={VERIFY_TOKEN}&hub.challenge=1"),
        "hub.challenge=1158201444".to_string(),
    ] {
        let (status, _, body) = get(&query);
        assert_eq!(status, 401, "{query}: {body}");
        assert!(body.contains("bad_signature") && !body.contains("1158201444"));
        assert!(!body.contains(VERIFY_TOKEN));
    }
}

#[test]
fn bad_signatures_malformed_bodies_and_statuses_are_handled_and_nothing_is_processed() {
    let api = start_whatsapp(Mode::Ok, ACCESS_TOKEN);
    let (server, _secrets) = server(&api);
    let from = "34699000111";
    let body = message("wamid.SIG1", from, "¿Dónde está mi pedido?");
    let tampered = body.replace("pedido", "paquete");
    for signature in [
        None,
        Some(sign("another-app-secret", &body)),
        Some(sign(APP_SECRET, &tampered)),
        Some(sign(APP_SECRET, &body).replace("sha256=", "")),
    ] {
        let (status, answer) = post_signed(&server, signature.clone(), &body);
        assert_eq!(status, 401, "{signature:?}: {answer}");
        assert_eq!(answer["error"]["code"], "bad_signature");
    }
    for malformed in ["{\"object\": ", r#"{"object": "instagram", "entry": []}"#] {
        let (status, answer) = post(&server, malformed);
        assert_eq!(status, 400, "{malformed}: {answer}");
        assert_eq!(answer["error"]["code"], "malformed_webhook");
    }
    // Delivery statuses: acknowledged, logged, never a message.
    let statuses = json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{
        "field": "messages", "value": {"messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": PHONE_NUMBER_ID},
        "statuses": [
            {"id": "wamid.OUT1", "status": "delivered", "timestamp": "1764064900", "recipient_id": from},
            {"id": "wamid.OUT2", "status": "failed", "timestamp": "1764064901", "recipient_id": from,
             "errors": [{"code": 131047, "title": "Re-engagement message", "message": "Re-engagement message",
                         "error_data": {"details": "More than 24 hours have passed"}}]}
        ]}}]}]})
    .to_string();
    assert_eq!(post(&server, &statuses).0, 200);
    wait_until(Duration::from_secs(5), "the failed status logged", || {
        server.logs().contains("131047")
    });
    assert_eq!(api.requests().len(), 0, "nothing reached WhatsApp");
    assert!(conversations(&server, "eu").is_empty());
    assert!(!server.logs().contains(from), "the number in the logs");

    // The refused message, properly signed, is then taken.
    assert_eq!(post(&server, &body).0, 200);
    wait_until(Duration::from_secs(15), "the reply", || api.hits() >= 1);
    assert_eq!(conversations(&server, "eu").len(), 1);
}

/// Waits until `api` has answered `n` sends, then checks the same reply
/// was tried each time and delivered once.
fn delivered_once_after(api: &Stub, to: &str, attempts: usize) {
    wait_until(
        Duration::from_secs(20),
        "the reply after the failures",
        || api.hits() >= 1,
    );
    let sent = sent_to(api, to);
    assert_eq!(sent.len(), attempts, "{sent:?}");
    assert!(sent.iter().all(|b| text(b) == text(&sent[0])), "{sent:?}");
    assert_eq!(api.hits(), 1, "delivered once");
}

#[test]
fn replies_wait_for_a_throttled_whatsapp_and_arrive_once() {
    // Throttled: HTTP 400 with code 130429, to be retried all the same.
    let api = start_whatsapp(
        Mode::FailThenOk {
            status: 429,
            times: 2,
        },
        ACCESS_TOKEN,
    );
    let (server, _secrets) = server(&api);
    let from = "34611222333";
    let (status, _) = post(
        &server,
        &message("wamid.T1", from, "¿Dónde está mi pedido?"),
    );
    assert_eq!(status, 200, "taken while WhatsApp refuses to send");
    delivered_once_after(&api, from, 3);
}

#[test]
fn replies_wait_for_a_whatsapp_that_is_down_and_arrive_once() {
    let api = start_whatsapp(
        Mode::FailThenOk {
            status: 503,
            times: 2,
        },
        ACCESS_TOKEN,
    );
    let (server, _secrets) = server(&api);
    let from = "34611222444";
    let (status, _) = post(
        &server,
        &message("wamid.D1", from, "¿Dónde está mi pedido?"),
    );
    assert_eq!(status, 200, "taken while WhatsApp is down");
    delivered_once_after(&api, from, 3);
}

#[test]
fn a_reply_after_the_24_hour_window_is_refused_and_stays_queued_with_the_reason() {
    let api = start_whatsapp(Mode::Status(400), ACCESS_TOKEN);
    let (server, _secrets) = server(&api);
    let from = "34611222555";
    assert_eq!(
        post(
            &server,
            &message("wamid.W1", from, "¿Dónde está mi pedido?")
        )
        .0,
        200
    );
    let thread = || {
        use crossdesk::store::schema::channel_threads as t;
        let db = server.data_dir().join("eu.db");
        let mut conn = SqliteConnection::establish(&db.display().to_string()).unwrap();
        t::table
            .select((t::delivered_seq, t::last_error, t::next_at))
            .first::<(i32, Option<String>, i64)>(&mut conn)
            .optional()
            .unwrap()
    };
    wait_until(Duration::from_secs(15), "the refusal recorded", || {
        thread().is_some_and(|(_, e, _)| e.is_some())
    });
    let (delivered, error, next_at) = thread().unwrap();
    assert_eq!(delivered, 0, "nothing counted as delivered");
    let error = error.unwrap();
    assert!(
        error.contains("131047") && error.contains("24 hours"),
        "{error}"
    );
    assert!(!error.contains(from));
    // Refused, not worth a quick retry: the next attempt is an hour away.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    assert!(
        next_at > now + 30 * 60_000,
        "next attempt at {next_at}, now {now}"
    );
    assert_eq!(sent_to(&api, from).len(), 1);
}
