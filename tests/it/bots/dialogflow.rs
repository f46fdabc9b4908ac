//! A Dialogflow CX agent.

use crate::common::TestServer;

use super::fake::{AGENT, HANDOFF_ANSWER, LOCATION, PROJECT, TOKEN, start_dialogflow};
use super::{Kind, PARCEL, ask, assert_bot_handed_off};

#[test]
fn dialogflow_gets_spanish_as_written_with_its_language_code_and_answers_it() {
    let bot = start_dialogflow();
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::builder()
        .config(&Kind::Dialogflow.config(&bot.base, dir.path(), "DE", 5000))
        .start();
    let (id, reply) = ask(&server, "ES", "es-ES", "¿Puedo pagar con PayPal?");

    let r = &bot.requests()[0];
    assert_eq!(
        r.path,
        format!(
            "/v3/projects/{PROJECT}/locations/{LOCATION}/agents/{AGENT}/sessions/{id}:detectIntent"
        )
    );
    assert_eq!(
        r.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    // The agent reads Spanish (`[bot] languages`): nothing is translated.
    assert_eq!(
        r.body["queryInput"]["text"]["text"],
        "¿Puedo pagar con PayPal?"
    );
    assert_eq!(r.body["queryInput"]["languageCode"], "es");
    assert_eq!(
        reply["text"], "Aceptamos Visa, Mastercard y PayPal.",
        "{reply}"
    );
    assert_eq!(reply["machine_translated"], false);
    assert!(reply["handoff"].is_null(), "{reply}");
    assert!(!server.logs().contains(TOKEN));
}

#[test]
fn a_live_agent_handoff_message_hands_the_conversation_to_a_person() {
    let bot = start_dialogflow();
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::builder()
        .config(&Kind::Dialogflow.config(&bot.base, dir.path(), "DE", 5000))
        .start();
    let (_, reply) = ask(&server, "IE", "en-IE", PARCEL);
    assert_bot_handed_off(&reply);
    assert_eq!(reply["bot_text"], HANDOFF_ANSWER, "{reply}");
    assert_eq!(bot.requests()[0].body["queryInput"]["languageCode"], "en");
}

#[test]
fn a_token_refreshed_in_its_file_is_used_at_the_next_message() {
    let bot = start_dialogflow();
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::builder()
        .config(&Kind::Dialogflow.config(&bot.base, dir.path(), "DE", 5000))
        .start();
    std::fs::write(dir.path().join("bot.secret"), "ya29.expired\n").unwrap();
    let (_, reply) = ask(&server, "IE", "en-IE", "Can I pay with PayPal?");
    assert_eq!(reply["handoff"]["reason"], "bot_unavailable", "{reply}");
    std::fs::write(dir.path().join("bot.secret"), format!("{TOKEN}\n")).unwrap();
    let (_, reply) = ask(&server, "IE", "en-IE", "Can I pay with PayPal?");
    assert!(reply["handoff"].is_null(), "{reply}");
    let logs = server.logs();
    assert!(
        logs.contains("UNAUTHENTICATED"),
        "the refusal is logged with its code"
    );
    assert!(!logs.contains("ya29"), "no token in the logs");
}
