//! Which language a conversation speaks: short messages keep the
//! conversation's language, and an explicit request locks it until the
//! shopper asks again, with the reason stored on each message.

use serde_json::json;

use crate::common::{TestServer, open_store};

#[test]
fn language_hints_keep_short_messages_in_the_conversation_language() {
    let server = TestServer::builder().start();
    let (id, token) = server.open(json!({"country": "DE", "locale": "de-DE"}));
    server.say(&id, &token, "Wo ist meine Bestellung?");
    let reply = server.say(&id, &token, "123456789");
    assert_eq!(reply["lang"], "de");
    assert_eq!(reply["lang_source"], "previous");
    assert!(
        reply["text"].as_str().unwrap().contains("123456789"),
        "{reply}"
    );
}

#[test]
fn an_explicit_language_request_locks_the_conversation_and_the_reason_is_stored() {
    let server = TestServer::builder().start();
    let (id, token) = server.open(json!({"country": "ES", "locale": "es-ES"}));
    let first = server.say(&id, &token, "¿Dónde está mi pedido?");
    assert_eq!(
        (first["lang"].as_str(), first["lang_source"].as_str()),
        (Some("es"), Some("detected"))
    );

    let switch = server.say(&id, &token, "English please");
    assert_eq!(
        (switch["lang"].as_str(), switch["lang_source"].as_str()),
        (Some("en"), Some("request"))
    );
    // A Spanish message no longer moves the conversation: the request holds.
    let locked = server.say(
        &id,
        &token,
        "¿Dónde está mi pedido? Lo compré hace dos semanas y no llega.",
    );
    assert_eq!(
        (locked["lang"].as_str(), locked["lang_source"].as_str()),
        (Some("en"), Some("locked"))
    );
    assert_eq!(locked["machine_translated"], false);
    // Until the shopper asks again.
    let back = server.say(&id, &token, "En español por favor");
    assert_eq!(
        (back["lang"].as_str(), back["lang_source"].as_str()),
        (Some("es"), Some("request"))
    );

    let store = open_store("eu", &server.data_dir().join("eu.db"));
    let reasons: Vec<Option<String>> = server
        .stored_messages("eu", &id)
        .into_iter()
        .filter(|m| m.role.as_str() == "shopper")
        .map(|m| m.lang_source)
        .collect();
    assert_eq!(
        reasons,
        ["detected", "request", "locked", "request"]
            .map(|r| Some(r.to_string()))
            .to_vec()
    );
    let c = store.conversation(&id).unwrap().unwrap();
    assert!(c.lang_locked);
    assert_eq!(c.lang.as_deref(), Some("es"));
}
