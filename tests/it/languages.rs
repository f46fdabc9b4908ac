//! Shoppers answered in their own language: every trained language served
//! on the embedded defaults, a bot never fed text it cannot read, language
//! requests in many scripts, agents who never send blind, and commands
//! whose output composes in a shell.

use serde_json::{Value, json};

use crate::common::{TestServer, start_rasa_bot};
use crate::routing::{POOLS, agent};

/// The language a text is written in, as the proxy's own detector reads it
/// with no hint.
fn language_of(text: &str) -> String {
    let detector = crossdesk::language::Detector::new(&crossdesk::language::trained_languages());
    detector
        .detect(text, crossdesk::language::Hints::default())
        .lang
}

fn codes(reply: &Value) -> Vec<&str> {
    reply["notices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["code"].as_str().unwrap())
        .collect()
}

/// Shoppers of every trained language, including those a six-language
/// list would drop or confuse, are detected and answered in their own.
#[test]
fn the_defaults_serve_every_trained_language_in_its_own() {
    let server = TestServer::builder().start();
    let cases = [
        (
            "KR",
            "ko-KR",
            "제 주문이 아직 도착하지 않았어요. 어디에 있나요?",
            "ko",
        ),
        (
            "RU",
            "ru-RU",
            "Здравствуйте, где мой заказ? Он до сих пор не пришёл.",
            "ru",
        ),
        ("SA", "ar-SA", "مرحبا، أين طلبي؟ لم يصلني حتى الآن", "ar"),
        ("TH", "th-TH", "สวัสดีครับ พัสดุของผมยังไม่มาส่งเลย อยู่ที่ไหนครับ", "th"),
        (
            "BR",
            "pt-BR",
            "Olá, meu pedido ainda não chegou. Onde ele está?",
            "pt",
        ),
        (
            "PL",
            "pl-PL",
            "Dzień dobry, gdzie jest moje zamówienie? Jeszcze nie dotarło.",
            "pl",
        ),
        (
            "IT",
            "it-IT",
            "Buongiorno, dov'è il mio ordine? Non è ancora arrivato.",
            "it",
        ),
        (
            "TR",
            "tr-TR",
            "Merhaba, siparişim nerede? Hâlâ gelmedi.",
            "tr",
        ),
        (
            "VN",
            "vi-VN",
            "Xin chào, đơn hàng của tôi đang ở đâu? Tôi vẫn chưa nhận được.",
            "vi",
        ),
        (
            "GR",
            "el-GR",
            "Γεια σας, πού είναι η παραγγελία μου; Δεν έχει φτάσει ακόμα.",
            "el",
        ),
        (
            "IL",
            "he-IL",
            "שלום, איפה ההזמנה שלי? היא עדיין לא הגיעה.",
            "he",
        ),
        ("IN", "hi-IN", "नमस्ते, मेरा ऑर्डर कहाँ है? अभी तक नहीं आया।", "hi"),
    ];
    for (country, locale, text, lang) in cases {
        let r = server.post(
            "/v1/conversations",
            None,
            &json!({"country": country, "locale": locale}),
        );
        assert_eq!(r.status, 201, "{}", r.body);
        assert_eq!(
            language_of(r.body["greeting"].as_str().unwrap()),
            lang,
            "{}",
            r.body
        );
        let (id, token) = (
            r.body["id"].as_str().unwrap(),
            r.body["token"].as_str().unwrap(),
        );
        let reply = server.say(id, token, text);
        assert_eq!(reply["lang"], lang, "{reply}");
        let answer = reply["text"].as_str().unwrap();
        assert_eq!(language_of(answer), lang, "{lang}: {answer}");
        for notice in reply["notices"].as_array().unwrap() {
            let t = notice["text"].as_str().unwrap();
            assert_eq!(language_of(t), lang, "{lang}: {notice}");
        }
    }
}

/// Free text no engine can translate, in a language the bot does not
/// declare: the bot is not asked; the shopper is told in Spanish and waits
/// for the pool that speaks Spanish, with reason `no_translation`.
#[test]
fn a_message_no_engine_translates_never_reaches_the_bot() {
    let (base, bot) = start_rasa_bot();
    let rasa = format!(
        "[bot]\nkind = \"rasa\"\nurl = \"{base}/ok/webhooks/rest/webhook\"\ntimeout_ms = 2000\njurisdiction = \"DE\"\n"
    );
    let server = TestServer::builder()
        .config(&rasa)
        .config(POOLS)
        .clock("2026-11-25T09:00:00Z")
        .start();
    let (id, token) = server.open(json!({"country": "ES", "locale": "es-ES"}));
    let reply = server.say(
        &id,
        &token,
        "Mi gato se comió el cable del cargador ayer por la noche",
    );
    assert!(bot.received.lock().unwrap().is_empty(), "the bot was asked");
    assert_eq!(reply["understood"], false);
    assert_eq!(reply["bot_text"], Value::Null);
    assert_eq!(reply["inbound_engine"], Value::Null);
    assert!(
        codes(&reply).contains(&"no-translation-fallback"),
        "{reply}"
    );
    assert_eq!(language_of(reply["text"].as_str().unwrap()), "es");
    assert_eq!(reply["handoff"]["reason"], "no_translation");
    assert_eq!(reply["handoff"]["pool"], "eu-madrid");

    // A bot that declares Spanish gets it as written, with its language.
    let server = TestServer::builder()
        .config(&format!("{rasa}languages = [\"en\", \"es\"]\n"))
        .start();
    let (id, token) = server.open(json!({"country": "ES", "locale": "es-ES"}));
    let reply = server.say(&id, &token, "Mi gato se comió el cable del cargador");
    let received = bot.received.lock().unwrap().clone();
    assert_eq!(received.len(), 1, "{received:?}");
    assert_eq!(
        received[0]["message"],
        "Mi gato se comió el cable del cargador"
    );
    assert_eq!(received[0]["metadata"]["language"], "es");
    assert_eq!(reply["bot_lang"], "es");
    assert_eq!(reply["understood"], true);
    assert_eq!(reply["handoff"], Value::Null);
}

/// Requests for a language, written in many scripts, switch the
/// conversation, are answered by the proxy in the new language, and never
/// count as the bot's misses.
#[test]
fn language_requests_in_many_scripts_switch_and_are_never_misses() {
    let server = TestServer::builder().start();
    let cases = [
        (
            "KR",
            "ko-KR",
            "배송 조회 부탁드려요",
            "English please",
            "en",
        ),
        ("ES", "es-ES", "Hola", "¿Puede hablarme en inglés?", "en"),
        ("US", "en-US", "Hello", "日本語でお願いします", "ja"),
        (
            "RU",
            "ru-RU",
            "Здравствуйте",
            "по-английски, пожалуйста",
            "en",
        ),
        ("KR", "ko-KR", "안녕하세요", "영어로 해 주세요", "en"),
        ("US", "en-US", "Hi", "请用中文回答", "zh"),
        ("DE", "de-DE", "Hallo", "Können Sie Französisch?", "fr"),
        ("SA", "ar-SA", "مرحبا", "ممكن تتكلم انجليزي؟", "en"),
    ];
    for (country, locale, first, request, lang) in cases {
        let (id, token) = server.open(json!({"country": country, "locale": locale}));
        server.say(&id, &token, first);
        // Three times: a bot's misses would hand off on the third.
        for _ in 0..3 {
            let reply = server.say(&id, &token, request);
            assert_eq!(reply["lang"], lang, "{request}: {reply}");
            assert_eq!(reply["lang_source"], "request", "{request}: {reply}");
            assert_eq!(reply["understood"], true, "{request}: {reply}");
            assert_eq!(reply["handoff"], Value::Null, "{request}: {reply}");
            assert_eq!(codes(&reply), ["language-switched"], "{request}: {reply}");
            let said = reply["text"].as_str().unwrap();
            assert_eq!(language_of(said), lang, "{request}: {said}");
        }
        // The next message is answered in the language asked for.
        let next = server.say(&id, &token, "#4821733");
        assert_eq!(next["lang"], lang, "{request}: {next}");
        let said = next["text"].as_str().unwrap();
        assert_eq!(language_of(said), lang, "{request}: {said}");
    }
}

/// A shopper waiting for a person, held by an agent of a pool that reads
/// Spanish.
fn held_french_conversation(server: &TestServer) -> (String, String, String) {
    let (id, token) = server.open(json!({"country": "FR", "locale": "fr-FR"}));
    let reply = server.say(
        &id,
        &token,
        "Je veux parler à un conseiller, s'il vous plaît",
    );
    assert_eq!(reply["handoff"]["reason"], "requested", "{reply}");
    let lucia = agent(server, "eu-madrid", "lucia", "es");
    let claimed = server.post(
        &format!("/v1/agent/conversations/{id}/claim"),
        Some(&lucia),
        &json!({}),
    );
    assert_eq!(claimed.status, 200, "{}", claimed.body);
    (id, token, lucia)
}

/// The agent sees what the shopper would get before sending; a reply no
/// engine can translate is refused unless sent on purpose, and then the
/// shopper is told in French.
#[test]
fn agents_preview_replies_and_send_untranslated_only_on_purpose() {
    let server = TestServer::builder()
        .config(POOLS)
        .clock("2026-11-25T09:00:00Z")
        .start();
    let (id, token, lucia) = held_french_conversation(&server);
    let preview = |text: &str| {
        server.post(
            &format!("/v1/agent/conversations/{id}/preview"),
            Some(&lucia),
            &json!({ "text": text }),
        )
    };

    // A sentence the translation memory carries into French.
    let known = "Los reembolsos se abonan en su método de pago original en un plazo de 5 días hábiles después de que recibamos su devolución.";
    let p = preview(known);
    assert_eq!(p.status, 200, "{}", p.body);
    assert_eq!(p.body["translatable"], true);
    assert_eq!(p.body["engine"], "memory");
    assert_eq!(p.body["shopper_lang"], "fr");
    assert_eq!(p.body["lang"], "es");
    assert_eq!(
        language_of(p.body["text_for_shopper"].as_str().unwrap()),
        "fr"
    );

    // Free text no engine here can translate.
    let free = "Hemos enviado hoy mismo un cargador nuevo por mensajería urgente";
    let p = preview(free);
    assert_eq!(p.status, 200, "{}", p.body);
    assert_eq!(p.body["translatable"], false, "{}", p.body);
    assert_eq!(p.body["text_for_shopper"], free);
    assert!(p.body["problem"].as_str().unwrap().contains("no engine"));
    // A preview stores nothing.
    let history = |server: &TestServer| {
        server
            .get(&format!("/v1/conversations/{id}/messages"), Some(&token))
            .body["messages"]
            .as_array()
            .unwrap()
            .clone()
    };
    let before = history(&server).len();

    let send = |body: Value| {
        server.post(
            &format!("/v1/agent/conversations/{id}/messages"),
            Some(&lucia),
            &body,
        )
    };
    let refused = send(json!({ "text": free }));
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(refused.body["error"]["code"], "untranslatable");
    assert_eq!(history(&server).len(), before, "a refused reply was stored");

    let sent = send(json!({ "text": free, "send_untranslated": true }));
    assert_eq!(sent.status, 200, "{}", sent.body);
    assert_eq!(sent.body["machine_translated"], false);
    let note = sent.body["note"].as_str().unwrap();
    assert_eq!(language_of(note), "fr", "{note}");
    assert!(note.contains("espagnol"), "{note}");
    let messages = history(&server);
    assert_eq!(messages.len(), before + 2);
    assert_eq!(messages[before]["role"], "agent");
    assert_eq!(messages[before]["text"], free);
    assert_eq!(messages[before + 1]["role"], "system");
    assert_eq!(messages[before + 1]["text"], note);

    // A translatable reply goes through as before, translated.
    let sent = send(json!({ "text": known }));
    assert_eq!(sent.status, 200, "{}", sent.body);
    assert_eq!(sent.body["machine_translated"], true);
    assert_eq!(sent.body["note"], Value::Null);
}

/// The agent view labels each message with its detected language, Korean
/// and Portuguese included.
#[test]
fn the_agent_view_labels_every_message_with_its_language() {
    let pools = format!(
        "{POOLS}\n[[pools]]\nid = \"apac-seoul\"\nregion = \"apac\"\ntimezone = \"Asia/Seoul\"\nlanguages = [\"ko\", \"en\"]\nhours = {{ wed = [\"00:00-24:00\"] }}\n"
    );
    let server = TestServer::builder()
        .config(&pools)
        .clock("2026-11-25T09:00:00Z")
        .start();
    for (country, locale, text, pool, lang) in [
        (
            "KR",
            "ko-KR",
            "상담원이랑 얘기하고 싶어요",
            "apac-seoul",
            "ko",
        ),
        (
            "PT",
            "pt-PT",
            "Quero falar com um assistente, por favor",
            "eu-madrid",
            "pt",
        ),
    ] {
        let (id, token) = server.open(json!({"country": country, "locale": locale}));
        let reply = server.say(&id, &token, text);
        assert_eq!(reply["handoff"]["pool"], pool, "{reply}");
        let a = agent(&server, pool, "sam", "en");
        let view = server.post(
            &format!("/v1/agent/conversations/{id}/claim"),
            Some(&a),
            &json!({}),
        );
        assert_eq!(view.status, 200, "{}", view.body);
        assert_eq!(view.body["shopper_lang"], lang);
        let first = &view.body["messages"][0];
        assert_eq!(first["role"], "shopper");
        assert_eq!(first["original_lang"], lang, "{first}");
    }
}

/// `T=$(crossdesk compliance-token …)` captures the token alone, and a
/// command's stderr carries neither colour codes nor INFO lines.
#[test]
fn token_commands_compose_in_a_shell() {
    let server = TestServer::builder().start();
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(r#"T=$("$BIN" --config "$CONFIG" compliance-token --officer dpo-anna) && printf '%s' "$T""#)
        .env("BIN", env!("CARGO_BIN_EXE_crossdesk"))
        .env("CONFIG", server.config_path())
        .env_remove("CROSSDESK_LOG")
        .env_remove("CROSSDESK_TOKEN_KEY")
        .current_dir(crate::common::repo())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = String::from_utf8(out.stdout).unwrap();
    assert!(!token.contains(char::is_whitespace), "{token:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    assert!(!stderr.contains("INFO"), "{stderr}");
    let policies = server.get("/v1/compliance/policies", Some(&token));
    assert_eq!(policies.status, 200, "{}", policies.body);
}
