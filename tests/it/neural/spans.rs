//! Protected spans and personal data around the model. A model that loses
//! a placeholder is passed over: the next engine, abroad, receives the
//! same masked text and none of the shopper's values, and the shopper
//! reads each value once. A model that copies its input keeps each span
//! exactly once through the whole path, both ways.

use crossdesk::translate::neural::fixture::Fixture;
use crossdesk::translate::protect;

use super::{libre, marian, model_dir, routes, say_es, translate_alone};
use crate::common::{TestServer, start_rasa_bot};
use crate::stubs::{Mode, start_libretranslate};

const ORDER: &str = "#1234567";
const MAIL: &str = "ana.canary@example.es";

/// An in-region bot that repeats what it read (the values included: it
/// may see them).
fn echo_bot() -> (String, crate::common::FakeBot) {
    let (base, bot) = start_rasa_bot();
    let config = format!(
        "[bot]\nkind = \"rasa\"\nurl = \"{base}/echo/webhooks/rest/webhook\"\njurisdiction = \"DE\"\nlanguages = [\"en\"]\n"
    );
    (config, bot)
}

fn once(text: &str, value: &str) {
    assert_eq!(text.matches(value).count(), 1, "{value} in {text}");
    assert!(!text.contains(['⟦', '⟧', '⟪', '⟫']), "{text}");
}

#[test]
fn a_model_that_loses_a_placeholder_hands_the_masked_text_to_the_next_engine() {
    let model = model_dir(&Fixture::default());
    let stub = start_libretranslate(Mode::Ok, None);
    let (bot_config, bot) = echo_bot();
    let server = TestServer::builder()
        .config(&bot_config)
        .config(&marian(&[("es-en", model.path())], ""))
        .config(&libre(&stub.base, "US"))
        .config(&routes(&["local", "libre"], &["libre"]))
        .start();
    let (id, token) = server.open(serde_json::json!({"country": "ES", "locale": "es-ES"}));
    let text = format!("mi pedido {ORDER} llega tarde escribe a {MAIL}");
    let reply = say_es(&server, &id, &token, &text);
    assert_eq!(reply["inbound_engine"], "libre", "{reply}");

    // The engine abroad got the masked, redacted text — what the model got.
    let requests = stub.requests();
    for r in &requests {
        assert!(
            !r.body.contains(ORDER) && !r.body.contains("ana.canary"),
            "{}",
            r.body
        );
    }
    let first = requests
        .iter()
        .find(|r| r.path == "/translate")
        .unwrap()
        .json();
    let masked = first["q"][0].as_str().unwrap().to_string();
    assert_eq!(masked, "mi pedido ⟦1⟧ llega tarde escribe a ⟦2⟧");
    // The model itself, on that text, does not keep both placeholders once.
    let raw = translate_alone(model.path(), &masked);
    assert!(protect::check(&raw, 2).is_err(), "{raw}");

    // The bot read the values (in the region), and the shopper reads each
    // value once, placeholders all restored.
    let bot_saw = bot.received.lock().unwrap()[0]["message"].to_string();
    assert!(
        bot_saw.contains(ORDER) && bot_saw.contains(MAIL),
        "{bot_saw}"
    );
    let shown = reply["text"].as_str().unwrap();
    assert!(shown.starts_with("[es] You wrote: [en] "), "{reply}");
    once(shown, ORDER);
    once(shown, MAIL);
}

#[test]
fn a_model_that_copies_its_input_keeps_each_span_once_both_ways() {
    let model = model_dir(&Fixture::copying());
    let (bot_config, bot) = echo_bot();
    let server = TestServer::builder()
        .config(&bot_config)
        // The copying model is built on exact arithmetic: its weights stay
        // floats (8-bit weights blur the positions it copies by).
        .config(&marian(
            &[("es-en", model.path()), ("en-es", model.path())],
            "weights = \"f32\"",
        ))
        .config(&routes(&["local"], &["local"]))
        .start();
    let (id, token) = server.open(serde_json::json!({"country": "ES", "locale": "es-ES"}));
    let text = format!("pedido {ORDER} tarde correo {MAIL}");
    let reply = say_es(&server, &id, &token, &text);
    assert_eq!(
        (reply["inbound_engine"].as_str(), reply["engine"].as_str()),
        (Some("local"), Some("local")),
        "{reply}"
    );
    // The model copied the masked text; the values came back in place.
    let bot_saw = bot.received.lock().unwrap()[0]["message"].clone();
    assert_eq!(bot_saw, text.as_str());
    let shown = reply["text"].as_str().unwrap();
    once(shown, ORDER);
    once(shown, MAIL);
    assert!(shown.ends_with(&text), "{shown}");
}
