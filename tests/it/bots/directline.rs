//! A Bot Framework bot through Direct Line 3.0.

use crate::common::TestServer;

use super::fake::{HANDOFF_ANSWER, PAYMENT_ANSWER, SECRET, start_directline};
use super::{Kind, PARCEL, ask, assert_bot_handed_off};

#[test]
fn a_spanish_shopper_is_answered_through_direct_line_without_the_bots_welcome() {
    let bot = start_directline();
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::builder()
        .config(&Kind::DirectLine.config(&bot.base, dir.path(), "DE", 5000))
        .start();
    let (id, token) = server.open(serde_json::json!({"country": "ES", "locale": "es-ES"}));
    let reply = server.say(&id, &token, "¿Puedo pagar con PayPal?");

    let auth = format!("Bearer {SECRET}");
    assert!(
        bot.requests()
            .iter()
            .all(|r| r.header("authorization") == Some(auth.as_str()))
    );
    let posts: Vec<_> = bot
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST")
        .collect();
    assert_eq!(posts[0].path, "/v3/directline/conversations");
    let activity = &posts[1].body;
    assert_eq!(activity["type"], "message");
    assert_eq!(activity["text"], "Can I pay with PayPal?");
    assert_eq!(activity["locale"], "en");
    assert_eq!(activity["from"]["id"], format!("dl_{id}"));
    // The greeting that opened the Direct Line conversation is no answer.
    assert_eq!(reply["bot_text"], PAYMENT_ANSWER, "{reply}");
    assert!(
        reply["text"].as_str().unwrap().starts_with("Aceptamos"),
        "{reply}"
    );

    // The next message reads on from the watermark the last read returned.
    server.say(&id, &token, "¿Puedo pagar con PayPal?");
    let reads: Vec<_> = bot
        .requests()
        .into_iter()
        .filter(|r| r.method == "GET")
        .collect();
    assert!(
        reads.last().unwrap().path.contains("watermark="),
        "{reads:?}"
    );
    assert_eq!(
        bot.requests_to("/v3/directline/conversations")
            .iter()
            .filter(|r| r.path == "/v3/directline/conversations")
            .count(),
        1
    );
    assert!(!server.logs().contains(SECRET));
}

#[test]
fn a_handoff_initiate_event_hands_the_conversation_to_a_person() {
    let bot = start_directline();
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::builder()
        .config(&Kind::DirectLine.config(&bot.base, dir.path(), "DE", 5000))
        .start();
    let (_, reply) = ask(&server, "IE", "en-IE", PARCEL);
    assert_bot_handed_off(&reply);
    assert_eq!(reply["bot_text"], HANDOFF_ANSWER, "{reply}");
}
