//! E-mail: a signed inbound form (Mailgun's routes) is read without its
//! quoted thread and signature and answered in the shopper's language over
//! SMTP, in the same thread; bad and stale signatures, replays, malformed
//! forms and an SMTP server that is down are handled and lose nothing.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value;

use crate::common::{TestServer, wait_until};
use crate::stubs::{SmtpMode, SmtpStub, start_smtp};

const SIGNING_KEY: &str = "mg-signing-key-5d1e9a7c3b";
const SMTP_PASSWORD: &str = "smtp-pass-Qx7!v2";
const SHOPPER: &str = "anna.mueller@example.de";

/// A Berlin pool open around the clock, whose agents read German.
const BERLIN: &str = r#"
[[pools]]
id = "eu-berlin"
region = "eu"
timezone = "Europe/Berlin"
languages = ["de", "en"]
hours = { mon = ["00:00-24:00"], tue = ["00:00-24:00"], wed = ["00:00-24:00"], thu = ["00:00-24:00"], fri = ["00:00-24:00"], sat = ["00:00-24:00"], sun = ["00:00-24:00"] }
"#;

fn server(smtp: &SmtpStub) -> (TestServer, tempfile::TempDir) {
    let secrets = tempfile::tempdir().unwrap();
    std::fs::write(secrets.path().join("key"), SIGNING_KEY).unwrap();
    std::fs::write(secrets.path().join("password"), SMTP_PASSWORD).unwrap();
    let server = TestServer::builder()
        .config(&format!(
            r#"{BERLIN}
[[channels]]
id = "mail-de"
kind = "email"
country = "DE"
secret = {{ file = {:?} }}
timeout_ms = 2000

[channels.smtp]
host = "127.0.0.1"
port = {}
security = "none"
username = "desk@shop.example"
password = {{ file = {:?} }}
from = "Kundenservice <hilfe@shop.example>"
"#,
            secrets.path().join("key"),
            smtp.port,
            secrets.path().join("password"),
        ))
        .start();
    (server, secrets)
}

fn now_s() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Mailgun's signature fields for `token` at `timestamp`, signed with `key`.
fn signed(key: &str, timestamp: i64, token: &str) -> Vec<(String, String)> {
    use ring::hmac;
    let k = hmac::Key::new(hmac::HMAC_SHA256, key.as_bytes());
    let signature = hex::encode(hmac::sign(&k, format!("{timestamp}{token}").as_bytes()));
    vec![
        ("timestamp".into(), timestamp.to_string()),
        ("token".into(), token.into()),
        ("signature".into(), signature),
    ]
}

/// A mail's fields as Mailgun posts them.
fn mail(
    token: &str,
    message_id: &str,
    in_reply_to: Option<&str>,
    body: &str,
) -> Vec<(String, String)> {
    let mut f = signed(SIGNING_KEY, now_s(), token);
    for (k, v) in [
        ("recipient", "hilfe@shop.example"),
        ("sender", "bounces+anna=example.de@mail.example.de"),
        ("from", "\"Müller, Anna\" <Anna.Mueller@example.de>"),
        ("subject", "Wo ist meine Bestellung?"),
        ("body-plain", body),
        ("Message-Id", message_id),
    ] {
        f.push((k.into(), v.into()));
    }
    if let Some(r) = in_reply_to {
        f.push(("In-Reply-To".into(), r.into()));
        f.push(("References".into(), r.into()));
    }
    f
}

fn urlencoded(fields: &[(String, String)]) -> Vec<u8> {
    let mut s = form_urlencoded::Serializer::new(String::new());
    s.extend_pairs(fields);
    s.finish().into_bytes()
}

fn post(server: &TestServer, content_type: &str, body: Vec<u8>) -> (u16, Value) {
    let res = reqwest::blocking::Client::new()
        .post(format!("{}/channels/mail-de", server.base))
        .header("content-type", content_type)
        .body(body)
        .send()
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().unwrap_or(Value::Null))
}

fn post_form(server: &TestServer, fields: &[(String, String)]) -> (u16, Value) {
    post(
        server,
        "application/x-www-form-urlencoded",
        urlencoded(fields),
    )
}

/// The fields as `multipart/form-data` with a PDF attached.
fn multipart(fields: &[(String, String)]) -> (String, Vec<u8>) {
    let boundary = "----mgBoundary7c2e";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"attachment-1\"; \
             filename=\"rechnung.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend(b"%PDF-1.4\n\x00\x01\x02\xff binary\r\n");
    body.extend(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Every conversation id in the EU store.
fn conversation_ids(server: &TestServer) -> Vec<String> {
    use crossdesk::store::schema::conversations;
    use diesel::prelude::*;
    let db = server.data_dir().join("eu.db");
    let mut conn = SqliteConnection::establish(&db.display().to_string()).unwrap();
    conversations::table
        .select(conversations::id)
        .load(&mut conn)
        .unwrap()
}

/// What the shopper's messages said, as stored (read by a German agent).
fn shopper_texts(server: &TestServer, conversation: &str) -> Vec<String> {
    let agent = server.cli(&[
        "agent-token",
        "--pool",
        "eu-berlin",
        "--agent",
        "Jonas",
        "--lang",
        "de",
    ]);
    let view = server.get(
        &format!("/v1/agent/conversations/{conversation}/messages"),
        Some(&agent),
    );
    assert_eq!(view.status, 200, "{}", view.body);
    view.body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["role"] == "shopper")
        .map(|m| m["original"].as_str().unwrap().to_string())
        .collect()
}

fn delivered(smtp: &SmtpStub, n: usize) {
    wait_until(
        Duration::from_secs(20),
        "the reply at the SMTP server",
        || smtp.received().len() >= n,
    );
}

const FIRST: &str = "Guten Tag,\r\n\r\nwo ist meine Bestellung? Ich warte seit einer Woche.\r\n\r\n\
                     Viele Grüße\r\nAnna\r\n-- \r\nAnna Müller\r\nLindenstraße 5, 10115 Berlin\r\n\r\n\
                     Am 02.03.2026 um 09:12 schrieb Kundenservice <hilfe@shop.example>:\r\n\
                     > Vielen Dank für Ihre Bestellung 4711.\r\n> Wir melden uns.\r\n";

#[test]
fn a_german_mail_is_answered_in_german_in_its_thread_and_only_its_new_text_is_read() {
    let smtp = start_smtp(SmtpMode::Ok);
    let (server, _secrets) = server(&smtp);
    let first = mail("tok-a1", "<CAF1=first@mail.example.de>", None, FIRST);
    let (status, answer) = post_form(&server, &first);
    assert_eq!(status, 200, "{answer}");
    delivered(&smtp, 1);
    let reply = &smtp.received()[0];
    assert_eq!(reply.rcpt_to, [format!("<{SHOPPER}>")]);
    assert_eq!(reply.mail_from, "<hilfe@shop.example>");
    assert_eq!(
        smtp.logins(),
        [("desk@shop.example".to_string(), SMTP_PASSWORD.to_string())]
    );
    let message = reply.parsed();
    assert_eq!(
        message.in_reply_to().as_text(),
        Some("CAF1=first@mail.example.de"),
        "{}",
        reply.data
    );
    assert_eq!(message.subject(), Some("Re: Wo ist meine Bestellung?"));
    assert_eq!(reply.header("MIME-Version").as_deref(), Some("1.0"));
    assert_eq!(
        reply.header("Content-Type").as_deref(),
        Some("text/plain; charset=utf-8")
    );
    assert!(
        message
            .message_id()
            .is_some_and(|id| id.ends_with("@shop.example"))
    );
    let text = reply.text();
    assert!(
        text.contains("Bestellung") && !text.contains("order"),
        "answered in German: {text}"
    );

    // The same request again (a replay, or Mailgun retrying): acknowledged,
    // not taken twice.
    let (status, _) = post_form(&server, &first);
    assert_eq!(status, 200);
    // Her answer to our reply, larger than the JSON API's body limit and
    // multipart with an attachment, continues the conversation (handed to
    // the Berlin pool: she asks for a person) and threads the next reply
    // to it.
    let reply_id = message.message_id().unwrap().to_string();
    let history = "> Frühere Nachricht, Zeile für Zeile zitiert.\r\n".repeat(600);
    let second = mail(
        "tok-a2",
        "<CAF2=second@mail.example.de>",
        Some(&format!("<{reply_id}>")),
        &format!(
            "Ich möchte mit einem Mitarbeiter sprechen.\r\nVon meinem iPhone gesendet\r\n\r\nAm 03.03.2026 um 10:00 schrieb Kundenservice <hilfe@shop.example>:\r\n{history}"
        ),
    );
    let (content_type, body) = multipart(&second);
    assert!(body.len() > 16 * 1024);
    let (status, answer) = post(&server, &content_type, body);
    assert_eq!(status, 200, "{answer}");
    delivered(&smtp, 2);
    let next = &smtp.received()[1];
    assert_eq!(
        next.parsed().in_reply_to().as_text(),
        Some("CAF2=second@mail.example.de")
    );
    let references = next.header("References").unwrap();
    assert!(
        references.contains(&format!("<{reply_id}>"))
            && references.ends_with("<CAF2=second@mail.example.de>"),
        "{references}"
    );
    // One conversation; only the new texts were read: no quote, no
    // signature, no footer.
    let ids = conversation_ids(&server);
    assert_eq!(ids.len(), 1, "{ids:?}");
    assert_eq!(
        shopper_texts(&server, &ids[0]),
        [
            "Guten Tag,\n\nwo ist meine Bestellung? Ich warte seit einer Woche.\n\nViele Grüße\nAnna",
            "Ich möchte mit einem Mitarbeiter sprechen."
        ]
    );
    std::thread::sleep(Duration::from_millis(1500)); // a replay would have been answered by now
    assert_eq!(smtp.received().len(), 2);

    // The address is not kept in clear; no secret reaches the logs.
    let file = std::fs::read(server.data_dir().join("eu.db")).unwrap();
    assert!(
        !file.windows(SHOPPER.len()).any(|w| w == SHOPPER.as_bytes()),
        "the address in clear in the database file"
    );
    let logs = server.logs();
    assert!(!logs.contains(SIGNING_KEY) && !logs.contains(SMTP_PASSWORD));
}

#[test]
fn bad_or_stale_signatures_and_malformed_forms_are_refused_and_nothing_is_processed() {
    let smtp = start_smtp(SmtpMode::Ok);
    let (server, _secrets) = server(&smtp);
    let good = mail("tok-b1", "<b1@mail.example.de>", None, FIRST);
    let with = |key: &str, timestamp: i64, token: &str| {
        let mut f = signed(key, timestamp, token);
        f.extend(good[3..].iter().cloned());
        f
    };
    let mut tampered = good.clone();
    tampered[1].1 = "tok-b2".into(); // the token, under tok-b1's signature
    let unsigned: Vec<_> = good[3..].to_vec();
    for (why, fields) in [
        ("no signature", unsigned),
        ("another key", with("not-the-key", now_s(), "tok-b1")),
        ("a changed token", tampered),
        (
            "ten minutes old",
            with(SIGNING_KEY, now_s() - 600, "tok-b3"),
        ),
        (
            "from the future",
            with(SIGNING_KEY, now_s() + 600, "tok-b4"),
        ),
    ] {
        let (status, answer) = post_form(&server, &fields);
        assert_eq!(status, 401, "{why}: {answer}");
        assert_eq!(answer["error"]["code"], "bad_signature", "{why}");
        assert!(!answer.to_string().contains(SIGNING_KEY));
    }
    let mut no_sender = signed(SIGNING_KEY, now_s(), "tok-b5");
    no_sender.push(("body-plain".into(), "Hallo".into()));
    for (content_type, body) in [
        ("application/x-www-form-urlencoded", urlencoded(&no_sender)),
        ("application/json", b"{\"from\": \"a@b.example\"}".to_vec()),
        (
            "multipart/form-data; boundary=x",
            b"--x\r\nnot a part".to_vec(),
        ),
    ] {
        let (status, answer) = post(&server, content_type, body);
        assert_eq!(status, 400, "{content_type}: {answer}");
        assert_eq!(answer["error"]["code"], "malformed_webhook");
    }
    let (status, answer) = post(
        &server,
        "application/x-www-form-urlencoded",
        vec![b'a'; (1 << 20) + 1],
    );
    assert_eq!(status, 413, "{answer}");
    std::thread::sleep(Duration::from_millis(1500));
    assert!(smtp.received().is_empty(), "nothing was sent");
    assert!(conversation_ids(&server).is_empty(), "nothing was stored");

    // The same mail, signed, is then taken: the refused ones were not
    // remembered as seen.
    let (status, _) = post_form(&server, &good);
    assert_eq!(status, 200);
    delivered(&smtp, 1);
}

#[test]
fn replies_wait_for_an_smtp_server_that_is_down_and_arrive_once() {
    // Closed for two attempts (421 in the greeting), then open.
    let smtp = start_smtp(SmtpMode::FailThenOk {
        code: 421,
        times: 2,
    });
    let (server, _secrets) = server(&smtp);
    let (status, _) = post_form(
        &server,
        &mail("tok-c1", "<c1@mail.example.de>", None, FIRST),
    );
    assert_eq!(
        status, 200,
        "the mail is taken while the SMTP server is down"
    );
    delivered(&smtp, 1);
    assert_eq!(smtp.failures(), 2);

    // A message refused for now after its DATA (451) is sent again whole.
    smtp.set_mode(SmtpMode::FailThenOk {
        code: 451,
        times: 1,
    });
    let (status, _) = post_form(
        &server,
        &mail(
            "tok-c2",
            "<c2@mail.example.de>",
            Some("<c1@mail.example.de>"),
            "Die Bestellnummer ist 4711.",
        ),
    );
    assert_eq!(status, 200);
    delivered(&smtp, 2);
    assert_eq!(smtp.failures(), 3);
    std::thread::sleep(Duration::from_millis(1500));
    let received = smtp.received();
    assert_eq!(received.len(), 2, "each reply delivered once");
    assert_eq!(
        received[1].parsed().in_reply_to().as_text(),
        Some("c2@mail.example.de")
    );
    assert!(!server.logs().contains(SMTP_PASSWORD));
}
