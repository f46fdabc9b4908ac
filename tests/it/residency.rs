//! The transfer gate and PII redaction, against counting stubs: a denied hop
//! makes zero requests; an allowed-after-redaction hop receives no PII value.

use serde_json::json;

use crate::common::{open_store, start, start_rasa_bot};
use crate::stubs::{Mode, start_libretranslate};

const PII: &str = "Mi gato se comió el cable, escríbanme a ana.garcia@example.com o al +34 612 345 678, pagué con 4111 1111 1111 1111";

fn libre_config(base: &str, jurisdiction: &str) -> String {
    format!(
        "[[translation.engines]]\nname = \"libre\"\nkind = \"libretranslate\"\nurl = \"{base}\"\njurisdiction = \"{jurisdiction}\"\nretries = 0\n"
    )
}

#[test]
fn a_region_whose_policy_denies_the_engine_never_calls_it() {
    let libre = start_libretranslate(Mode::Ok, None);
    // A German engine: in-region for the EU, forbidden for mainland China.
    let server = start(&libre_config(&libre.base, "DE"));
    let (cn, cn_token) = server.open(json!({"country": "CN", "locale": "zh-CN"}));
    let reply = server.say(&cn, &cn_token, "我的猫把充电线咬坏了，怎么办");
    assert_eq!(libre.hits(), 0, "cn text reached a German engine");
    assert_eq!(reply["understood"], false);
    assert!(
        reply["notices"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["code"] == "no-translation-fallback")
    );
    // The same engine serves the EU, in-region, with the text as written.
    let (es, es_token) = server.open(json!({"country": "ES", "locale": "es-ES"}));
    let reply = server.say(&es, &es_token, "Mi gato se comió el cable del cargador");
    assert_eq!(reply["understood"], true, "{reply}");
    assert_eq!(libre.hits(), 1);
}

#[test]
fn an_engine_abroad_gets_the_text_only_redacted_and_the_shopper_keeps_the_values() {
    let libre = start_libretranslate(Mode::Ok, None);
    // A US engine: the EU policy allows it under SCCs, after redaction.
    let server = start(&libre_config(&libre.base, "US"));
    let (id, token) = server.open(json!({"country": "ES", "locale": "es-ES"}));
    let reply = server.say(&id, &token, PII);
    assert_eq!(reply["understood"], true, "{reply}");
    let sent: String = libre.requests().iter().map(|r| r.body.clone()).collect();
    assert!(!sent.is_empty());
    for value in [
        "ana.garcia@example.com",
        "612 345 678",
        "4111 1111 1111 1111",
    ] {
        assert!(!sent.contains(value), "{value} reached the engine: {sent}");
    }
    assert!(sent.contains("⟦"), "the engine saw placeholders: {sent}");
    // What the shopper wrote is stored as written, in the region's store.
    let rows = open_store("eu", &server.data_dir().join("eu.db"))
        .messages(&id)
        .unwrap();
    assert_eq!(rows[0].text, PII);
    assert_eq!(rows[0].lang_source.as_deref(), Some("detected"));
}

#[test]
fn a_bot_abroad_is_denied_or_sees_redacted_text_as_each_region_says() {
    let (base, bot) = start_rasa_bot();
    let server = start(&format!(
        "[bot]\nkind = \"rasa\"\nurl = \"{base}/ok/webhooks/rest/webhook\"\ntimeout_ms = 2000\njurisdiction = \"SG\"\n"
    ));
    // A bot in Singapore. The EU policy has no core_bot rule for it: denied,
    // zero requests.
    let (eu, eu_token) = server.open(json!({"country": "DE", "locale": "de-DE"}));
    let reply = server.say(&eu, &eu_token, "Wo ist meine Bestellung?");
    assert_eq!(bot.received.lock().unwrap().len(), 0);
    assert!(reply["bot_text"].is_null());
    assert_eq!(reply["handoff"]["reason"], "bot_unavailable");
    // The Americas allow any bot after redaction: it gets tokens, not values.
    let (us, us_token) = server.open(json!({"country": "US", "locale": "en-US"}));
    server.say(
        &us,
        &us_token,
        "Can I pay with PayPal? My email is bob@example.com and card 4111 1111 1111 1111",
    );
    let received = bot.received.lock().unwrap().clone();
    assert_eq!(received.len(), 1);
    let message = received[0]["message"].as_str().unwrap();
    assert!(
        !message.contains("bob@example.com") && !message.contains("4111"),
        "{message}"
    );
    assert!(message.contains("⟪email-1⟫"), "{message}");
}
