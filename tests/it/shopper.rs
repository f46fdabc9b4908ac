//! The shopper's path on embedded defaults, through the real HTTP server.

use std::time::Duration;

use serde_json::{Value, json};

use crate::common::{TestServer, open_store, wait_until};

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

#[test]
fn tokens_open_only_their_own_conversation() {
    let server = TestServer::builder().start();
    let (a, token_a) = server.open(json!({"country": "US"}));
    let (b, _token_b) = server.open(json!({"country": "US"}));
    let path_b = format!("/v1/conversations/{b}/messages");
    let msg = json!({"text": "hello"});

    let no_token = server.post(&path_b, None, &msg);
    assert_eq!(no_token.status, 401);
    assert_eq!(no_token.body["error"]["code"], "unauthorized");
    assert_eq!(no_token.headers["www-authenticate"], "Bearer");
    assert_eq!(server.post(&path_b, Some("garbage"), &msg).status, 401);
    let forged = format!("{b}.{}", "0".repeat(64));
    assert_eq!(server.post(&path_b, Some(&forged), &msg).status, 401);

    let other = server.post(&path_b, Some(&token_a), &msg);
    assert_eq!(other.status, 403, "{}", other.body);
    assert_eq!(other.body["error"]["code"], "forbidden");
    assert_eq!(server.get(&path_b, Some(&token_a)).status, 403);

    // Ids that are not ours, or path tricks, never reach a store.
    for bad in [
        "nope",
        "..%2F..%2Fetc%2Fpasswd",
        "eu_0000",
        "mars_0123456789abcdef0123456789abcdef",
    ] {
        let r = server.get(&format!("/v1/conversations/{bad}/messages"), Some(&token_a));
        assert_eq!(r.status, 404, "{bad}: {}", r.body);
        assert_eq!(r.body["error"]["code"], "not_found");
    }
    // A well-formed id signed by us but never stored is 404 as well.
    assert_eq!(
        server
            .get(&format!("/v1/conversations/{a}/messages"), Some(&token_a))
            .status,
        200
    );
}

#[test]
fn bad_requests_get_clear_json_errors() {
    let server = TestServer::builder().start();
    let (id, token) = server.open(json!({"country": "DE"}));
    let path = format!("/v1/conversations/{id}/messages");

    let cases: Vec<(&str, Vec<u8>, &str, u16, &str)> = vec![
        (
            "malformed JSON",
            b"{\"text\": \"hallo\"".to_vec(),
            "application/json",
            400,
            "invalid_json",
        ),
        (
            "not an object",
            b"[1,2]".to_vec(),
            "application/json",
            400,
            "invalid_field",
        ),
        (
            "wrong type",
            b"{\"text\": 5}".to_vec(),
            "application/json",
            400,
            "invalid_field",
        ),
        (
            "unknown field",
            b"{\"text\": \"a\", \"evil\": 1}".to_vec(),
            "application/json",
            400,
            "invalid_field",
        ),
        (
            "empty body",
            b"".to_vec(),
            "application/json",
            400,
            "empty_body",
        ),
        (
            "empty text",
            b"{\"text\": \"   \"}".to_vec(),
            "application/json",
            400,
            "empty_text",
        ),
        (
            "control characters only",
            b"{\"text\": \"\\u0000\\u0007\"}".to_vec(),
            "application/json",
            400,
            "empty_text",
        ),
        (
            "bad locale",
            b"{\"text\": \"hallo\", \"locale\": \"!!\"}".to_vec(),
            "application/json",
            400,
            "invalid_locale",
        ),
        (
            "wrong content type",
            b"text=hallo".to_vec(),
            "application/x-www-form-urlencoded",
            415,
            "unsupported_media_type",
        ),
    ];
    for (what, body, ct, status, code) in cases {
        let r = server.request("POST", &path, Some(&token), Some(&body), ct);
        assert_eq!(r.status, status, "{what}: {}", r.body);
        assert_eq!(r.body["error"]["code"], code, "{what}: {}", r.body);
        assert!(!r.body["error"]["message"].as_str().unwrap().is_empty());
    }

    let huge = json!({"text": "a".repeat(1024 * 1024)}).to_string();
    let r = server.request(
        "POST",
        &path,
        Some(&token),
        Some(huge.as_bytes()),
        "application/json",
    );
    assert_eq!(r.status, 413, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "payload_too_large");

    for (body, code) in [
        (json!({"country": "Spain"}), "invalid_country"),
        (
            json!({"country": "ES", "timezone": "Mars/Olympus"}),
            "invalid_timezone",
        ),
        (
            json!({"country": "ES", "channel": "Web Chat!"}),
            "invalid_channel",
        ),
        (json!({"country": "ES", "colour": "red"}), "invalid_field"),
        (
            json!({"country": "ES", "shopper_assertion": "not.a.jwt"}),
            "invalid_shopper_assertion",
        ),
    ] {
        let r = server.post("/v1/conversations", None, &body);
        assert_eq!(
            (r.status, r.body["error"]["code"].as_str()),
            (400, Some(code)),
            "{body}"
        );
    }
    // No country at all: the default region, said so.
    let r = server.post("/v1/conversations", None, &json!({"locale": "es"}));
    assert_eq!(
        (r.status, &r.body["region_source"]),
        (201, &json!("default")),
        "{}",
        r.body
    );
    let r = server.get("/v1/nothing-here", None);
    assert_eq!(
        (r.status, r.body["error"]["code"].as_str()),
        (404, Some("not_found"))
    );
    let r = server.request("DELETE", "/v1/conversations", None, None, "");
    assert_eq!(r.status, 405);

    // None of this lost the conversation or its earlier messages.
    server.say(&id, &token, "Wo ist meine Bestellung?");
    let history = server.get(&path, Some(&token));
    assert_eq!(history.body["messages"].as_array().unwrap().len(), 2);
}

#[test]
fn each_region_keeps_its_own_data() {
    let server = TestServer::builder().start();
    let (cn_id, cn_token) = server.open(json!({"country": "CN", "locale": "zh-CN"}));
    server.say(&cn_id, &cn_token, "我的订单在哪里？");
    let (es_id, es_token) = server.open(json!({"country": "ES"}));
    server.say(&es_id, &es_token, "¿Dónde está mi pedido?");

    let cn = open_store("cn", &server.data_dir().join("cn.db"));
    assert_eq!(cn.conversation(&cn_id).unwrap().unwrap().region, "cn");
    assert_eq!(
        server.stored_messages("cn", &cn_id)[0].text,
        "我的订单在哪里？"
    );
    assert!(cn.conversation(&es_id).unwrap().is_none());
    for other in ["eu", "us", "apac"] {
        let store = open_store(other, &server.data_dir().join(format!("{other}.db")));
        assert!(
            store.conversation(&cn_id).unwrap().is_none(),
            "cn conversation found in {other}"
        );
        assert!(
            store
                .messages(&cn_id, &crossdesk::seal::Sealer::none())
                .unwrap()
                .is_empty(),
            "cn messages found in {other}"
        );
        // And not even the text, under any id, in the database or its WAL.
        assert!(
            !raw_store_text(&server, other).contains("我的订单在哪里"),
            "cn text in {other}"
        );
    }
    // Not even the cn store holds it in clear: it is sealed, and opens with
    // the cn key only.
    assert!(!raw_store_text(&server, "cn").contains("我的订单在哪里"));
    assert_eq!(
        server.stored_messages("cn", &cn_id)[0].text,
        "我的订单在哪里？"
    );
}

fn raw_store_text(server: &crate::common::TestServer, store: &str) -> String {
    ["db", "db-wal"]
        .iter()
        .filter_map(|ext| std::fs::read(server.data_dir().join(format!("{store}.{ext}"))).ok())
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .collect()
}

#[test]
fn unknown_country_goes_to_the_declared_default_region_and_is_recorded() {
    let server = TestServer::builder().start();
    let r = server.post("/v1/conversations", None, &json!({"country": "ZZ"}));
    assert_eq!(r.status, 201);
    assert_eq!(r.body["region"], "eu");
    assert_eq!(r.body["region_source"], "default");
    let id = r.body["id"].as_str().unwrap();
    let stored = open_store("eu", &server.data_dir().join("eu.db"))
        .conversation(id)
        .unwrap()
        .unwrap();
    assert_eq!(
        (stored.country.as_str(), stored.region_source.as_str()),
        ("ZZ", "default")
    );
    let r = server.post(
        "/v1/conversations",
        None,
        &json!({"country": "jp", "locale": "ja-JP"}),
    );
    assert_eq!(
        (r.body["region"].as_str(), r.body["region_source"].as_str()),
        (Some("apac"), Some("country"))
    );
    assert_eq!(r.body["locale"], "ja-JP");
}

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
fn the_configured_number_of_http_workers_serves() {
    let server = TestServer::builder().config("http_workers = 3\n").start();
    // actix names its worker threads `actix-rt|system:0|arbiter:N`.
    let workers = std::fs::read_dir(format!("/proc/{}/task", server.pid()))
        .unwrap()
        .filter_map(|t| std::fs::read_to_string(t.unwrap().path().join("comm")).ok())
        .filter(|name| name.starts_with("actix-rt|system"))
        .count();
    assert_eq!(workers, 3);
    let (id, token) = server.open(json!({"country": "FR"}));
    let said = server.say(&id, &token, "Où est ma commande ?");
    assert_eq!(said["lang"], "fr", "{said}");
}

#[test]
fn health_openapi_and_logs_without_secrets() {
    let server = TestServer::builder().start();
    let h = server.get("/healthz", None);
    assert_eq!((h.status, h.body["status"].as_str()), (200, Some("ok")));
    let doc = server.get("/openapi.json", None);
    assert_eq!(doc.status, 200);
    for path in [
        "/v1/conversations",
        "/v1/conversations/{id}/messages",
        "/healthz",
    ] {
        assert!(
            doc.body["paths"][path].is_object(),
            "{path} missing from OpenAPI"
        );
    }
    assert!(doc.body["components"]["schemas"]["Reply"].is_object());

    let (id, token) = server.open(json!({"country": "US", "shopper_assertion": crate::common::vouch("secret-shopper-77", None)}));
    server.say(
        &id,
        &token,
        "Where is my order? My secret phrase is platypus-banana",
    );
    // The log is written by a thread of its own; the message's line comes last.
    wait_until(Duration::from_secs(10), "the message's log line", || {
        server.logs().contains("/v1/conversations/{id}/messages")
    });
    let logs = server.logs();
    assert!(logs.contains("conversation opened"), "{logs}");
    assert!(logs.contains("/v1/conversations/{id}/messages"), "{logs}");
    for secret in [
        "platypus-banana",
        "secret-shopper-77",
        token.rsplit_once('.').unwrap().1,
    ] {
        assert!(!logs.contains(secret), "logs contain {secret}");
    }
}

#[test]
fn json_logs_are_json_and_sigterm_stops_cleanly() {
    let server = TestServer::builder()
        .arg("--log-format")
        .arg("json")
        .start();
    let (id, token) = server.open(json!({"country": "US"}));
    server.say(&id, &token, "hello");
    wait_until(Duration::from_secs(10), "the message's log line", || {
        server.logs().contains("/v1/conversations/{id}/messages")
    });
    let logs = server.logs();
    let json_lines: Vec<&str> = logs.lines().filter(|l| l.starts_with('{')).collect();
    assert!(!json_lines.is_empty());
    for line in json_lines {
        let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert!(v["level"].is_string());
    }
    let status = server.terminate().expect("server stops on SIGTERM");
    assert!(status.success(), "{status:?}");
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
