//! An OpenAI-compatible chat model as the bot.

use crate::common::TestServer;

use super::fake::{KEY, start_model};
use super::{Kind, PARCEL, ask, assert_bot_handed_off};

#[test]
fn the_model_reads_spanish_itself_and_answers_in_it() {
    let bot = start_model();
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::builder()
        .config(&Kind::OpenAi.config(&bot.base, dir.path(), "DE", 5000))
        .start();
    let (_, reply) = ask(&server, "ES", "es-ES", "¿Puedo pagar con PayPal?");
    let r = &bot.requests()[0];
    assert_eq!(r.path, "/v1/chat/completions");
    assert_eq!(
        r.header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
    assert_eq!(r.body["model"], "shop-assistant-8b");
    let messages = r.body["messages"].as_array().unwrap();
    assert_eq!(messages[0]["role"], "system");
    assert!(messages[0]["content"].as_str().unwrap().contains("\"es\""));
    assert_eq!(
        messages.last().unwrap()["content"],
        "¿Puedo pagar con PayPal?"
    );
    assert_eq!(r.body["tools"][0]["function"]["name"], "handoff_to_person");
    assert_eq!(
        reply["text"], "Sí, aceptamos PayPal, Visa y Mastercard.",
        "{reply}"
    );
    assert_eq!(reply["machine_translated"], false);
    assert!(!server.logs().contains(KEY));
}

#[test]
fn earlier_turns_go_with_the_next_message_as_the_gate_cleared_them() {
    let bot = start_model();
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::builder()
        .config(&Kind::OpenAi.config(&bot.base, dir.path(), "DE", 5000))
        .start();
    // The Americas' policy lets the bot see text only redacted.
    let (id, token) = server.open(serde_json::json!({"country": "US", "locale": "en-US"}));
    server.say(
        &id,
        &token,
        "Can I pay with PayPal? My email is bob@example.com",
    );
    server.say(&id, &token, "And with Visa?");
    let second = &bot.requests()[1].body["messages"];
    let roles: Vec<&str> = second
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["system", "user", "assistant", "user"]);
    let earlier = second[1]["content"].as_str().unwrap();
    assert!(
        earlier.contains("⟪email-1⟫") && !earlier.contains("bob@example.com"),
        "{earlier}"
    );
    assert_eq!(second[3]["content"], "And with Visa?");
    // Another conversation starts without them.
    let (_, _) = ask(&server, "US", "en-US", "Can I pay with PayPal?");
    assert_eq!(
        bot.requests()[2].body["messages"].as_array().unwrap().len(),
        2
    );
}

#[test]
fn a_call_to_handoff_to_person_hands_the_conversation_to_a_person() {
    let bot = start_model();
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::builder()
        .config(&Kind::OpenAi.config(&bot.base, dir.path(), "DE", 5000))
        .start();
    let (_, reply) = ask(&server, "IE", "en-IE", PARCEL);
    assert_bot_handed_off(&reply);
}
