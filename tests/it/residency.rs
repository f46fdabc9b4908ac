//! The transfer gate and PII redaction, against counting stubs: a denied hop
//! makes zero requests; an allowed-after-redaction hop receives no PII value.

use serde_json::json;

use crate::common::{TestServer, start_rasa_bot};
use crate::stubs::{Mode, start_libretranslate};

const PII: &str = "Mi gato se comió el cable, escríbanme a ana.garcia@example.com o al +34 612 345 678, pagué con 4111 1111 1111 1111";

fn libre_config(base: &str, jurisdiction: &str) -> String {
    format!(
        "[[translation.engines]]\nname = \"libre\"\nkind = \"libretranslate\"\nurl = \"{base}\"\njurisdiction = \"{jurisdiction}\"\nretries = 0\n{}",
        crate::common::BOT_READS_ENGLISH
    )
}

#[test]
fn a_region_whose_policy_denies_the_engine_never_calls_it() {
    let libre = start_libretranslate(Mode::Ok, None);
    // A German engine: in-region for the EU, forbidden for mainland China.
    let server = TestServer::builder()
        .config(&libre_config(&libre.base, "DE"))
        .start();
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
    // The bot read the engine's translation.
    assert_eq!(reply["inbound_engine"], "libre", "{reply}");
    assert_eq!(libre.hits(), 1);
}

#[test]
fn an_engine_abroad_gets_the_text_only_redacted_and_the_shopper_keeps_the_values() {
    let libre = start_libretranslate(Mode::Ok, None);
    // A US engine: the EU policy allows it under SCCs, after redaction.
    let server = TestServer::builder()
        .config(&libre_config(&libre.base, "US"))
        .start();
    let (id, token) = server.open(json!({"country": "ES", "locale": "es-ES"}));
    let reply = server.say(&id, &token, PII);
    // The bot read the engine's translation.
    assert_eq!(reply["inbound_engine"], "libre", "{reply}");
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
    let rows = server.stored_messages("eu", &id);
    assert_eq!(rows[0].text, PII);
    assert_eq!(rows[0].lang_source.as_deref(), Some("detected"));
}

#[test]
fn a_bot_abroad_is_denied_or_sees_redacted_text_as_each_region_says() {
    let (base, bot) = start_rasa_bot();
    let bot_config = format!(
        "[bot]\nkind = \"rasa\"\nurl = \"{base}/ok/webhooks/rest/webhook\"\ntimeout_ms = 2000\njurisdiction = \"SG\"\n"
    );
    let server = TestServer::builder().config(&bot_config).start();
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

/// Every byte of a region's database files (and WAL), as text.
fn raw(dir: &std::path::Path, region: &str) -> String {
    ["db", "db-wal"]
        .iter()
        .filter_map(|ext| std::fs::read(dir.join(format!("{region}.{ext}"))).ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .collect()
}

#[test]
fn no_store_file_holds_a_sealed_field_or_a_pii_value_in_clear() {
    let server = TestServer::builder().start();
    let shoppers = [
        ("ES", "es-ES"),
        ("US", "en-US"),
        ("CN", "zh-CN"),
        ("JP", "ja-JP"),
    ];
    for (country, locale) in shoppers {
        let (id, token) = server.open(
            json!({"country": country, "locale": locale, "shopper_assertion": crate::common::vouch("shopper-4711@example.org", None)}),
        );
        server.say(&id, &token, PII);
        server.say(&id, &token, "¿Dónde está mi pedido? Mi DNI es 12345678Z");
    }
    for region in ["eu", "us", "cn", "apac"] {
        let text = raw(&server.data_dir(), region);
        assert!(!text.is_empty(), "{region} store is empty");
        for secret in [
            "ana.garcia@example.com",
            "612 345 678",
            "4111 1111 1111 1111",
            "12345678Z",
            "Mi gato se comió",
            "shopper-4711",
            "Dónde está mi pedido",
        ] {
            assert!(
                !text.contains(secret),
                "{secret} in clear in the {region} store"
            );
        }
    }
}

#[test]
fn an_erased_shopper_cannot_be_read_even_from_a_copy_taken_before() {
    let server = TestServer::builder().start();
    let (id, token) =
        server.open(json!({"country": "DE", "locale": "de-DE", "shopper_assertion": crate::common::vouch("cust-42", None)}));
    server.say(
        &id,
        &token,
        "Wo ist meine Bestellung? Meine Mail ist max@example.de",
    );
    let (other, other_token) = server
        .open(json!({"country": "DE", "shopper_assertion": crate::common::vouch("cust-43", None)}));
    server.say(&other, &other_token, "Wo ist meine Bestellung?");
    assert_eq!(
        server.stored_messages("eu", &id)[0].text,
        "Wo ist meine Bestellung? Meine Mail ist max@example.de"
    );

    // A copy of the database, taken before the erasure.
    let copy = tempfile::tempdir().unwrap();
    for ext in ["db", "db-wal", "db-shm"] {
        let from = server.data_dir().join(format!("eu.{ext}"));
        if from.exists() {
            std::fs::copy(&from, copy.path().join(format!("eu.{ext}"))).unwrap();
        }
    }
    let out = server.cli(&["erase", "--shopper", "cust-42"]);
    assert!(
        out.contains("region eu: 1 conversations, 1 data keys destroyed"),
        "{out}"
    );
    // Gone from the live store, and the copy no longer opens: its key is destroyed.
    assert!(
        crate::common::open_store("eu", &server.data_dir().join("eu.db"))
            .conversation(&id)
            .unwrap()
            .is_none()
    );
    let sealer = crate::common::sealer_for(&server.data_dir(), None, "eu", &id);
    let copied = crate::common::open_store("eu", &copy.path().join("eu.db"));
    assert!(
        copied.messages(&id, &sealer).is_err(),
        "the erased conversation still opens from the copy"
    );
    // The other shopper is untouched.
    assert_eq!(
        server.stored_messages("eu", &other)[0].text,
        "Wo ist meine Bestellung?"
    );
}

#[test]
fn a_rotated_key_still_opens_old_data_and_wraps_with_the_new_version() {
    let server = TestServer::builder().start();
    let (id, token) = server.open(json!({"country": "FR", "locale": "fr-FR"}));
    server.say(&id, &token, "Où est ma commande ?");
    let out = server.cli(&["keys", "rotate", "--region", "eu"]);
    assert!(out.starts_with("key eu-1: version 2 added;"), "{out}");
    let keystore = crossdesk::store::Store::open_kind(
        "eu",
        &server.data_dir().join("keys/eu.db").display().to_string(),
        crossdesk::store::Kind::Keys,
    )
    .unwrap();
    assert!(
        keystore
            .all_data_keys()
            .unwrap()
            .iter()
            .all(|k| k.key_version == 2)
    );
    // Old messages still open; the running server (old key in memory for
    // cached keys) and the history keep working.
    assert_eq!(
        server.stored_messages("eu", &id)[0].text,
        "Où est ma commande ?"
    );
    let audit = crate::common::open_store("eu", &server.data_dir().join("eu.db"))
        .audit_entries()
        .unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.kind == "key_rotation" && e.detail.contains("\"version\":2")),
        "{audit:?}"
    );
    let history = server.get(&format!("/v1/conversations/{id}/messages"), Some(&token));
    assert_eq!(history.body["messages"][0]["text"], "Où est ma commande ?");
}

/// Runs `crossdesk` with the server's config; (succeeded, stdout + stderr).
pub(crate) fn crossdesk_cli(server: &crate::common::TestServer, args: &[&str]) -> (bool, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_crossdesk"))
        .arg("--config")
        .arg(server.config_path())
        .args(args)
        .current_dir(crate::common::repo())
        .env("CROSSDESK_LOG", "warn")
        .output()
        .unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn transfers_and_erasures_are_audited_and_tampering_is_named() {
    let (base, _bot) = start_rasa_bot();
    let bot_config = format!(
        "[bot]\nkind = \"rasa\"\nurl = \"{base}/ok/webhooks/rest/webhook\"\ntimeout_ms = 2000\njurisdiction = \"SG\"\n"
    );
    let server = TestServer::builder().config(&bot_config).start();
    let (eu, eu_token) = server
        .open(json!({"country": "DE", "shopper_assertion": crate::common::vouch("kunde-7", None)}));
    server.say(&eu, &eu_token, "Wo ist meine Bestellung?");
    let (us, us_token) = server
        .open(json!({"country": "US", "shopper_assertion": crate::common::vouch("bob-7", None)}));
    server.say(
        &us,
        &us_token,
        "My email is bob@example.com, where is my order?",
    );
    server.cli(&["erase", "--shopper", "kunde-7"]);

    let (ok, out) = crossdesk_cli(&server, &["audit", "verify"]);
    assert!(ok, "{out}");
    assert!(
        out.contains("region eu: 3 entries, chain intact")
            && out.contains("region us: 2 entries, chain intact"),
        "{out}"
    );
    let eu_store = crate::common::open_store("eu", &server.data_dir().join("eu.db"));
    let entries = eu_store.audit_entries().unwrap();
    // Per message: the decision (every hop), then each hop that left the
    // region or was denied.
    let kinds: Vec<&str> = entries.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["decision", "transfer", "erasure"]);
    assert!(
        entries[1].detail.contains("\"outcome\":\"deny\"") && entries[1].policy_hash.len() == 64,
        "{:?}",
        entries[1]
    );
    assert!(
        entries[0].detail.contains("\"outcome\":\"deny\"")
            && entries[0].detail.contains("\"basis\":\"in-region\""),
        "{:?}",
        entries[0]
    );
    let us_entries = crate::common::open_store("us", &server.data_dir().join("us.db"))
        .audit_entries()
        .unwrap();
    assert!(
        us_entries[1]
            .detail
            .contains("\"pii_kinds_redacted\":[\"email\"]"),
        "{:?}",
        us_entries[1]
    );
    for e in entries.iter().chain(&us_entries) {
        for personal in ["kunde-7", "bob-7", "bob@example.com"] {
            assert!(
                !e.detail.contains(personal) && !e.subject.contains(personal),
                "{personal} in {e:?}"
            );
        }
    }
    // Every kind of tampering behind crossdesk's back is named.
    use diesel::connection::SimpleConnection;
    let db = server.data_dir().join("eu.db").display().to_string();
    let mut conn = <diesel::SqliteConnection as diesel::Connection>::establish(&db).unwrap();
    conn.batch_execute("PRAGMA busy_timeout = 5000").unwrap();
    crate::tamper::suite(&server, "eu", &mut |sql| conn.batch_execute(sql).unwrap());
    // Truncate the tail of another region: the chain that is left is
    // consistent, but the signed checkpoints outside the database say more.
    let us_db = server.data_dir().join("us.db").display().to_string();
    let mut us_conn = <diesel::SqliteConnection as diesel::Connection>::establish(&us_db).unwrap();
    us_conn
        .batch_execute("PRAGMA busy_timeout = 5000; DELETE FROM audit WHERE seq = 2")
        .unwrap();
    let (ok, out) = crossdesk_cli(&server, &["audit", "verify", "--region", "us"]);
    assert!(!ok);
    assert!(
        out.contains(
            "region us: entry 2: entries removed: a checkpoint signed at size 2 but the log has 1"
        ),
        "{out}"
    );
}
