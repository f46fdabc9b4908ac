//! A Botpress bot through the Chat API.

use crate::common::TestServer;

use super::fake::{self, HANDOFF_ANSWER, PAYMENT_ANSWER, start_botpress};
use super::{Kind, PARCEL, ask, assert_bot_handed_off};

#[test]
fn a_spanish_shopper_is_answered_by_botpress_in_english_translated_both_ways() {
    let bot = start_botpress();
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::builder()
        .config(&Kind::Botpress.config(&bot.base, dir.path(), "DE", 5000))
        .start();
    let (id, token) = server.open(serde_json::json!({"country": "ES", "locale": "es-ES"}));
    let reply = server.say(&id, &token, "¿Puedo pagar con PayPal?");

    // A user, its conversation, the message; then the bot's messages read.
    let users = bot.requests_to("/users");
    assert_eq!(users.len(), 1);
    let sent = bot.requests_to("/messages");
    let message = sent.iter().find(|r| r.method == "POST").unwrap();
    assert_eq!(message.body["payload"]["type"], "text");
    assert_eq!(message.body["payload"]["text"], "Can I pay with PayPal?");
    assert_eq!(message.body["metadata"]["language"], "en");
    assert!(
        message
            .header("x-user-key")
            .is_some_and(|k| k.starts_with("ukey_"))
    );
    // Only the bot's text messages make the answer, translated back.
    assert_eq!(reply["bot_text"], PAYMENT_ANSWER, "{reply}");
    let text = reply["text"].as_str().unwrap();
    assert!(text.starts_with("Aceptamos"), "{text}");
    assert_eq!(reply["machine_translated"], true);

    // The same conversation goes on in the same Botpress conversation.
    server.say(&id, &token, "¿Puedo pagar con PayPal?");
    assert_eq!(bot.requests_to("/users").len(), 1);
    assert_eq!(
        bot.requests_to("/conversations")
            .iter()
            .filter(|r| r.method == "POST")
            .count(),
        1
    );
    assert!(
        !server.logs().contains("ukey_"),
        "a user key reached the logs"
    );
}

#[test]
fn botpress_metadata_handoff_hands_the_conversation_to_a_person() {
    let bot = start_botpress();
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::builder()
        .config(&Kind::Botpress.config(&bot.base, dir.path(), "DE", 5000))
        .start();
    let (_, reply) = ask(&server, "IE", "en-IE", PARCEL);
    assert_bot_handed_off(&reply);
    assert_eq!(reply["bot_text"], HANDOFF_ANSWER, "{reply}");
}

#[test]
fn with_an_encryption_key_crossdesk_signs_the_user_keys_itself() {
    let bot = start_botpress();
    bot.state.lock().unwrap().encrypted = true;
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("bp.key");
    std::fs::write(&key, fake::ENCRYPTION_KEY).unwrap();
    let config = Kind::Botpress.config(&bot.base, dir.path(), "DE", 5000);
    let server = TestServer::builder()
        .config(&format!("{config}secret_file = {key:?}\n"))
        .start();
    let (id, reply) = ask(&server, "IE", "en-IE", "Can I pay with PayPal?");
    assert_eq!(reply["bot_text"], PAYMENT_ANSWER, "{reply}");
    // No unauthenticated createUser: the signed key is accepted as is.
    let created: Vec<_> = bot
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/users"))
        .collect();
    assert!(created.is_empty(), "{created:?}");
    let signed = bot.requests_to("/users/get-or-create");
    let user_key = signed[0].header("x-user-key").unwrap();
    assert_eq!(user_key.split('.').count(), 3, "a JWT");
    assert!(!server.logs().contains(fake::ENCRYPTION_KEY));
    assert!(!id.is_empty());
}
