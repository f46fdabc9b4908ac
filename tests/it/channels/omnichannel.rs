//! One shopper across channels: the shop links the shopper's WhatsApp
//! number and e-mail address to its shopper id; the shopper writes on
//! WhatsApp, then by e-mail and asks for a person. The agent who takes the
//! e-mail sees the WhatsApp conversation as the same shopper's, and erasing
//! the shopper erases both.

use std::time::Duration;

use serde_json::{Value, json};

use crate::common::{TestServer, vouch_linked, wait_until};
use crate::stubs::{Mode, SmtpMode, SmtpStub, Stub, start_smtp, start_whatsapp};

const APP_SECRET: &str = "wa-app-secret-omni";
const WA_TOKEN: &str = "EAAGomnichanneltoken";
const MAIL_KEY: &str = "mg-signing-key-omni";

fn server(wa: &Stub, smtp: &SmtpStub) -> (TestServer, tempfile::TempDir) {
    let secrets = tempfile::tempdir().unwrap();
    let file = |name: &str, text: &str| {
        let path = secrets.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let server = TestServer::builder()
        .config(&format!(
            r#"
[[pools]]
id = "eu-madrid"
region = "eu"
timezone = "Europe/Madrid"
languages = ["es", "en"]
hours = {{ mon = ["00:00-24:00"], tue = ["00:00-24:00"], wed = ["00:00-24:00"], thu = ["00:00-24:00"], fri = ["00:00-24:00"], sat = ["00:00-24:00"], sun = ["00:00-24:00"] }}

[[channels]]
id = "wa"
kind = "whatsapp"
api_base = "{}"
account_id = "106540352242922"
country = "ES"
secret = {{ file = {:?} }}
access_token = {{ file = {:?} }}
verify_token = {{ file = {:?} }}

[[channels]]
id = "mail"
kind = "email"
country = "ES"
secret = {{ file = {:?} }}

[channels.smtp]
host = "127.0.0.1"
port = {}
security = "none"
from = "Atención al cliente <ayuda@shop.example>"
"#,
            wa.base,
            file("wa-secret", APP_SECRET),
            file("wa-token", WA_TOKEN),
            file("wa-verify", "verify-omni"),
            file("mail-key", MAIL_KEY),
            smtp.port,
        ))
        .start();
    (server, secrets)
}

fn hmac_hex(key: &str, text: &str) -> String {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, key.as_bytes());
    hex::encode(ring::hmac::sign(&key, text.as_bytes()))
}

fn whatsapp(server: &TestServer, id: &str, from: &str, text: &str) -> u16 {
    let body = json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
            "contacts": [{"profile": {"name": "Ana"}, "wa_id": from}],
            "messages": [{"from": from, "id": id, "timestamp": "1764064800", "type": "text", "text": {"body": text}}]
        }}]}]
    })
    .to_string();
    reqwest::blocking::Client::new()
        .post(format!("{}/channels/wa", server.base))
        .header("content-type", "application/json")
        .header(
            "X-Hub-Signature-256",
            format!("sha256={}", hmac_hex(APP_SECRET, &body)),
        )
        .body(body)
        .send()
        .unwrap()
        .status()
        .as_u16()
}

fn email(server: &TestServer, token: &str, from: &str, text: &str) -> u16 {
    let timestamp = chrono::Utc::now().timestamp().to_string();
    let signature = hmac_hex(MAIL_KEY, &format!("{timestamp}{token}"));
    let fields = [
        ("timestamp", timestamp.as_str()),
        ("token", token),
        ("signature", signature.as_str()),
        ("recipient", "ayuda@shop.example"),
        ("sender", from),
        ("from", from),
        ("subject", "Mi pedido"),
        ("body-plain", text),
        ("Message-Id", "<omni-1@mail.example.es>"),
    ];
    let mut form = form_urlencoded::Serializer::new(String::new());
    form.extend_pairs(fields);
    reqwest::blocking::Client::new()
        .post(format!("{}/channels/mail", server.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form.finish())
        .send()
        .unwrap()
        .status()
        .as_u16()
}

#[test]
fn a_shopper_on_whatsapp_and_then_by_email_is_one_shopper_for_the_agent_and_in_erasure() {
    let wa = start_whatsapp(Mode::Ok, WA_TOKEN);
    let smtp = start_smtp(SmtpMode::Ok);
    let (server, _secrets) = server(&wa, &smtp);

    let linked = server.post(
        "/v1/identities",
        None,
        &json!({"shopper_assertion": vouch_linked(
            "client-9", "ES", &["whatsapp:+34 600 111 222", "email:Ana.Ruiz@Example.com"]
        )}),
    );
    assert_eq!(linked.status, 200, "{}", linked.body);
    assert_eq!(linked.body["links"], 2);

    assert_eq!(
        whatsapp(
            &server,
            "wamid.OMNI1",
            "34600111222",
            "¿Dónde está mi pedido?"
        ),
        200
    );
    wait_until(Duration::from_secs(15), "the WhatsApp answer", || {
        wa.hits() >= 1
    });
    assert_eq!(
        email(
            &server,
            "omni-token-1",
            "Ana Ruiz <ana.ruiz@example.com>",
            "Quiero hablar con una persona, por favor."
        ),
        200
    );
    wait_until(Duration::from_secs(15), "the e-mail answer", || {
        !smtp.received().is_empty()
    });

    let agent = server
        .cli(&[
            "agent-token",
            "--pool",
            "eu-madrid",
            "--agent",
            "Eva",
            "--lang",
            "es",
        ])
        .trim()
        .to_string();
    let queue = server.get("/v1/agent/queue", Some(&agent)).body;
    let waiting: Vec<&Value> = queue["conversations"].as_array().unwrap().iter().collect();
    assert_eq!(waiting.len(), 1, "{queue}");
    let mail = waiting[0]["id"].as_str().unwrap().to_string();
    let claimed = server.post(
        &format!("/v1/agent/conversations/{mail}/claim"),
        Some(&agent),
        &json!({}),
    );
    assert_eq!(claimed.body["channel"], "mail", "{}", claimed.body);
    let related = server.get(
        &format!("/v1/agent/conversations/{mail}/related"),
        Some(&agent),
    );
    let related = related.body.as_array().unwrap().clone();
    assert_eq!(related.len(), 1, "{related:?}");
    assert_eq!(related[0]["channel"], "wa");
    assert_eq!(related[0]["messages"][0]["text"], "¿Dónde está mi pedido?");

    let out = server.cli(&["erase", "--shopper", "client-9"]);
    assert!(out.contains("2 conversations"), "{out}");
    let db = server.data_dir().join("eu.db").display().to_string();
    let left: Vec<String> = {
        use crossdesk::store::schema::conversations;
        use diesel::prelude::*;
        let mut conn = SqliteConnection::establish(&db).unwrap();
        conversations::table
            .select(conversations::id)
            .load(&mut conn)
            .unwrap()
    };
    assert!(left.is_empty(), "{left:?}");
}
