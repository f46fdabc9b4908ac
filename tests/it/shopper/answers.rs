//! Answers in the shopper's language: Spanish, Chinese and German questions
//! answered and kept in the shopper's time zone, order numbers intact both
//! ways, and text no engine translates passed through, flagged, with a
//! hand-off to a person.

use serde_json::{Value, json};

use crate::common::{TestServer, open_store};

fn where_is_my_order(
    server: &crate::common::TestServer,
    country: &str,
    locale: &str,
    tz: &str,
    text: &str,
) -> (String, String, Value) {
    let (id, token) = server.open(json!({"country": country, "locale": locale, "timezone": tz}));
    let reply = server.say(&id, &token, text);
    (id, token, reply)
}

#[test]
fn spanish_chinese_and_german_shoppers_get_answers_in_their_language() {
    let server = TestServer::builder().start();
    let cases = [
        (
            "ES",
            "es-ES",
            "Europe/Madrid",
            "¿Dónde está mi pedido?",
            "es",
            "Puede seguir su pedido",
            "eu",
        ),
        (
            "CN",
            "zh-CN",
            "Asia/Shanghai",
            "我的订单在哪里？",
            "zh",
            "订单",
            "cn",
        ),
        (
            "DE",
            "de-DE",
            "Europe/Berlin",
            "Wo ist meine Bestellung?",
            "de",
            "Bestellung",
            "eu",
        ),
    ];
    for (country, locale, tz, text, lang, expected, region) in cases {
        let (id, token, reply) = where_is_my_order(&server, country, locale, tz, text);
        assert!(id.starts_with(&format!("{region}_")), "{id}");
        assert_eq!(reply["lang"], lang, "{reply}");
        assert_eq!(reply["machine_translated"], true);
        assert_eq!(reply["engine"], "memory");
        assert_eq!(reply["understood"], true);
        assert_eq!(
            reply["bot_text"],
            "You can track your order under My Account > Orders. Please send me your order number and I will check it for you."
        );
        let answer = reply["text"].as_str().unwrap();
        assert!(answer.contains(expected), "{lang}: {answer}");
        assert_ne!(answer, reply["bot_text"].as_str().unwrap());
        assert!(reply["confidence"].as_f64().unwrap() > 0.5);
        assert_eq!(reply["notices"][0]["code"], "machine-translation-note");
        assert!(reply["handoff"].is_null());

        // The history comes back in the shopper's language and time zone.
        let history = server.get(&format!("/v1/conversations/{id}/messages"), Some(&token));
        assert_eq!(history.status, 200);
        let messages = history.body["messages"].as_array().unwrap();
        assert_eq!(messages.len(), 2);
        assert_eq!(messages[0]["role"], "shopper");
        assert_eq!(messages[0]["text"], text);
        assert_eq!(messages[1]["role"], "bot");
        assert_eq!(messages[1]["text"], answer);
        assert_eq!(messages[1]["lang"], lang);
        assert_eq!(history.body["timezone"], tz);
        let offset = if tz == "Asia/Shanghai" {
            "+08:00"
        } else {
            "+01:00"
        };
        assert!(
            messages[0]["at"].as_str().unwrap().ends_with(offset),
            "{}",
            messages[0]["at"]
        );
    }
}

#[test]
fn order_numbers_survive_translation_both_ways() {
    let server = TestServer::builder().start();
    let (id, token) = server.open(json!({"country": "FR", "locale": "fr-FR"}));
    let reply = server.say(&id, &token, "Où est ma commande #4455667 ?");
    assert_eq!(reply["lang"], "fr");
    assert!(
        reply["bot_text"]
            .as_str()
            .unwrap()
            .contains("order #4455667 with"),
        "{reply}"
    );
    assert!(
        reply["text"].as_str().unwrap().contains("#4455667"),
        "{reply}"
    );
    assert_ne!(reply["text"], reply["bot_text"]);
}

#[test]
fn untranslatable_text_passes_through_flagged_and_asks_for_a_person() {
    let server = TestServer::builder()
        .config(crate::common::BOT_READS_ENGLISH)
        .start();
    let (id, token) = server.open(json!({"country": "ES", "locale": "es-ES"}));
    let reply = server.say(
        &id,
        &token,
        "Mi gato se comió el cable del cargador ayer por la noche",
    );
    assert_eq!(reply["lang"], "es");
    assert_eq!(reply["understood"], false);
    let codes: Vec<&str> = reply["notices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"no-translation-fallback"), "{codes:?}");
    assert!(codes.contains(&"handoff-requested"), "{codes:?}");
    let fallback = reply["notices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["code"] == "no-translation-fallback")
        .unwrap();
    assert!(
        fallback["text"].as_str().unwrap().contains("español"),
        "{fallback}"
    );
    assert_eq!(reply["handoff"]["reason"], "no_translation");
    assert!(reply["handoff"]["position"].as_i64().unwrap() >= 1);

    // The untranslated message was stored as written, flagged as not translated.
    let store = open_store("eu", &server.data_dir().join("eu.db"));
    let rows = server.stored_messages("eu", &id);
    assert_eq!(
        rows[0].text,
        "Mi gato se comió el cable del cargador ayer por la noche"
    );
    assert_eq!(rows[0].translated_text, None);
    assert!(!rows[0].machine_translated);
    let conversation = store.conversation(&id).unwrap().unwrap();
    assert_eq!(conversation.state.as_str(), "handoff");
    assert_eq!(
        conversation.handoff_reason.map(|r| r.as_str()),
        Some("no_translation")
    );

    // While waiting, later answers keep the reason and place in line, and
    // the shopper is not told again.
    let position = reply["handoff"]["position"].clone();
    let later = server.say(&id, &token, "¿Dónde está mi pedido?");
    assert_eq!(later["understood"], true);
    assert_eq!(later["handoff"]["reason"], "no_translation");
    assert_eq!(later["handoff"]["position"], position);
    assert!(
        !later["notices"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["code"] == "handoff-requested")
    );
}
