//! A remote core bot speaking Rasa's REST channel, started on 127.0.0.1.

use serde_json::json;

use crate::common::{TestServer, start_rasa_bot};

fn rasa_config(base: &str, mode: &str, timeout_ms: u64) -> String {
    format!(
        "[bot]\nkind = \"rasa\"\nurl = \"{base}/{mode}/webhooks/rest/webhook\"\ntimeout_ms = {timeout_ms}\njurisdiction = \"DE\"\n"
    )
}

#[test]
fn rasa_bot_gets_the_pivot_text_and_its_answer_is_translated_back() {
    let (base, bot) = start_rasa_bot();
    let server = TestServer::builder()
        .config(&rasa_config(&base, "ok", 5000))
        .start();
    let (id, token) = server.open(json!({"country": "ES", "locale": "es-ES"}));
    let reply = server.say(&id, &token, "¿Puedo pagar con PayPal?");

    let received = bot.received.lock().unwrap().clone();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0]["sender"], id.as_str());
    assert_eq!(received[0]["message"], "Can I pay with PayPal?");
    // Only the text parts of the answer count; the image part is ignored.
    assert_eq!(
        reply["bot_text"],
        "We accept Visa, Mastercard, American Express, PayPal, Apple Pay, Alipay and WeChat Pay."
    );
    let text = reply["text"].as_str().unwrap();
    assert!(text.starts_with("Aceptamos"), "{text}");
    assert_eq!(reply["machine_translated"], true);

    let reply = server.say(&id, &token, "Quiero hablar con una persona");
    assert_eq!(reply["handoff"]["reason"], "requested", "{reply}");
    assert!(
        reply["notices"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["code"] == "handoff-requested")
    );
}

#[test]
fn slow_down_or_garbage_bots_get_a_localized_fallback_and_lose_nothing() {
    let (base, bot) = start_rasa_bot();
    for mode in ["slow", "down", "garbage"] {
        let server = TestServer::builder()
            .config(&rasa_config(&base, mode, 600))
            .start();
        let (id, token) =
            server.open(json!({"country": "DE", "locale": "de-DE", "timezone": "Europe/Berlin"}));
        let reply = server.say(&id, &token, "Wo ist meine Bestellung?");
        // The shopper was answered at the deadline, not when the slow bot
        // got round to it (10 s later): no wall-clock bound, which a loaded
        // machine would break.
        if mode == "slow" {
            assert_eq!(
                bot.slow_answered.load(std::sync::atomic::Ordering::SeqCst),
                0,
                "the reply waited for the slow bot"
            );
        }
        assert!(reply["bot_text"].is_null(), "{mode}: {reply}");
        assert!(
            reply["engine"].is_null() && reply["machine_translated"] == false,
            "{mode}: {reply}"
        );
        assert_eq!(reply["handoff"]["reason"], "bot_unavailable", "{mode}");
        let text = reply["text"].as_str().unwrap();
        assert!(
            text.contains("Assistent") || text.contains("nicht verfügbar"),
            "{mode}: {text}"
        );

        let rows = server.stored_messages("eu", &id);
        assert_eq!(rows.len(), 2, "{mode}");
        assert_eq!(rows[0].text, "Wo ist meine Bestellung?");
        assert_eq!(
            rows[0].translated_text.as_deref(),
            Some("Where is my order?")
        );
        assert_eq!(rows[1].role.as_str(), "system");
        let logs = server.logs();
        assert!(
            !logs.contains("Wo ist meine Bestellung"),
            "{mode}: message text in logs"
        );
    }
}
