//! One shopper across channels: the shop links the shopper's Telegram
//! chat to its shopper id with a signed assertion; the shopper's web
//! conversation and their Telegram one are then one shopper's, for the
//! agent (earlier conversations) and for erasure. And a reply Telegram
//! does not take stays visible to the agent.

use serde_json::json;

use super::telegram::{SECRET, delivered, post, update};
use crate::common::{vouch, vouch_linked};
use crate::stubs::{Mode, start_telegram};

const POOL: &str = r#"
[[pools]]
id = "eu-madrid"
region = "eu"
timezone = "Europe/Madrid"
languages = ["es", "en"]
hours = { mon = ["00:00-24:00"], tue = ["00:00-24:00"], wed = ["00:00-24:00"], thu = ["00:00-24:00"], fri = ["00:00-24:00"], sat = ["00:00-24:00"], sun = ["00:00-24:00"] }
"#;

/// The Telegram channel of `telegram.rs` and an always-open pool.
fn server(api: &crate::stubs::Stub) -> (crate::common::TestServer, tempfile::TempDir) {
    super::telegram::server_with(api, POOL)
}

fn agent(server: &crate::common::TestServer) -> String {
    server
        .cli(&[
            "agent-token",
            "--pool",
            "eu-madrid",
            "--agent",
            "Eva",
            "--lang",
            "es",
        ])
        .trim()
        .to_string()
}

#[test]
fn a_shopper_on_the_web_and_on_telegram_is_one_shopper_for_agents_and_erasure() {
    let api = start_telegram(Mode::Ok, super::telegram::BOT_TOKEN);
    let (server, _secrets) = server(&api);
    // On the web first, vouched for by the shop.
    let (web, web_t) = server.open(json!({
        "country": "ES", "locale": "es-ES", "shopper_assertion": vouch("client-7", Some("ES"))
    }));
    server.say(&web, &web_t, "¿Dónde está mi pedido?");
    // Then on Telegram, before the shop linked the chat.
    let (status, _) = post(
        &server,
        Some(SECRET),
        update(8001, 7770001234, "Quiero devolver mi pedido")
            .to_string()
            .as_bytes(),
    );
    assert_eq!(status, 200);
    delivered(&api, 7770001234, 1);

    // The shop links the chat (its assertion lists the address).
    let linked = server.post(
        "/v1/identities",
        None,
        &json!({"shopper_assertion": vouch_linked("client-7", "ES", &["telegram:7770001234"])}),
    );
    assert_eq!(linked.status, 200, "{}", linked.body);
    assert_eq!(
        linked.body,
        json!({"region": "eu", "links": 1, "conversations_joined": 1})
    );
    // A later hand-off on Telegram: the agent sees the web conversation as
    // the same shopper's.
    let (status, _) = post(
        &server,
        Some(SECRET),
        update(8002, 7770001234, "Quiero hablar con una persona")
            .to_string()
            .as_bytes(),
    );
    assert_eq!(status, 200);
    let token = agent(&server);
    let queue = server.get("/v1/agent/queue", Some(&token)).body;
    let tg = queue["conversations"][0]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{queue}"))
        .to_string();
    let related = server.get(
        &format!("/v1/agent/conversations/{tg}/related"),
        Some(&token),
    );
    assert_eq!(related.status, 200, "{}", related.body);
    let ids: Vec<&str> = related
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["conversation_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [web.as_str()]);

    // Erasing the shopper erases both, and the link.
    let out = server.cli(&["erase", "--shopper", "client-7"]);
    assert!(out.contains("2 conversations"), "{out}");
    assert!(super::telegram::conversation_ids(&server, "eu").is_empty());
    // The next Telegram message starts afresh, as nobody's.
    let (status, _) = post(
        &server,
        Some(SECRET),
        update(8003, 7770001234, "Hola").to_string().as_bytes(),
    );
    assert_eq!(status, 200);
    let again = server.post(
        "/v1/identities",
        None,
        &json!({"shopper_assertion": vouch_linked("client-7", "ES", &["telegram:7770001234"])}),
    );
    assert_eq!(
        again.body["conversations_joined"], 1,
        "the link was erased: {}",
        again.body
    );
}

#[test]
fn links_need_the_shops_signature_a_country_and_known_kinds() {
    let api = start_telegram(Mode::Ok, super::telegram::BOT_TOKEN);
    let (server, _secrets) = server(&api);
    for (assertion, code) in [
        (vouch("client-7", Some("ES")), "no_links"),
        (
            vouch_linked("client-7", "ES", &["fax:+3491"]),
            "invalid_shopper_assertion",
        ),
        (
            vouch_linked("client-7", "ES", &["telegram:"]),
            "invalid_shopper_assertion",
        ),
        ("not.a.jwt".to_string(), "invalid_shopper_assertion"),
    ] {
        let r = server.post(
            "/v1/identities",
            None,
            &json!({"shopper_assertion": assertion}),
        );
        assert_eq!(
            (r.status, r.body["error"]["code"].as_str()),
            (400, Some(code)),
            "{}",
            r.body
        );
    }
    let unsigned = crossdesk::assertion::sign_hmac_linked(
        crate::common::SHOP,
        b"another secret of 32 bytes, not!",
        "client-7",
        Some("ES"),
        &["telegram:1".to_string()],
        4_000_000_000,
    );
    let r = server.post(
        "/v1/identities",
        None,
        &json!({"shopper_assertion": unsigned}),
    );
    assert_eq!(r.status, 400, "{}", r.body);
    let r = server.post(
        "/v1/identities",
        None,
        &json!({"shopper_assertion": vouch_linked_no_country()}),
    );
    assert_eq!(r.body["error"]["code"], "country_required", "{}", r.body);
}

fn vouch_linked_no_country() -> String {
    crossdesk::assertion::sign_hmac_linked(
        crate::common::SHOP,
        crate::common::SHOP_SECRET,
        "client-7",
        None,
        &["email:ana@example.com".to_string()],
        chrono::Utc::now().timestamp() + 600,
    )
}

#[test]
fn a_reply_telegram_does_not_take_stays_visible_to_the_agent() {
    let api = start_telegram(Mode::Status(502), super::telegram::BOT_TOKEN);
    let (server, _secrets) = server(&api);
    let (status, _) = post(
        &server,
        Some(SECRET),
        update(9001, 6660001, "Quiero hablar con una persona")
            .to_string()
            .as_bytes(),
    );
    assert_eq!(status, 200);
    let token = agent(&server);
    crate::common::wait_until(
        std::time::Duration::from_secs(10),
        "a failed attempt",
        || !api.requests().is_empty(),
    );
    let queue = server.get("/v1/agent/queue", Some(&token)).body;
    let id = queue["conversations"][0]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{queue}"))
        .to_string();
    // The agent claims it in the workspace and is told what did not arrive.
    let browser = crate::common::Browser::speaking("es-ES");
    browser.goto(&format!("{}/agent", server.base));
    browser.type_into("#token", &token);
    browser.click("#signin button");
    browser.wait_for(
        "the waiting shopper",
        "document.querySelector('#queue li.entry button.claim') !== null",
    );
    browser.click("#queue li.entry button.claim");
    browser.wait_for(
        "the delivery warning",
        "document.getElementById('delivery').hidden === false",
    );
    let warning = browser.execute("return document.getElementById('delivery').textContent;");
    let warning = warning.as_str().unwrap();
    assert!(
        warning.contains("Aún no entregado") && warning.contains("502"),
        "{warning}"
    );
    let violations = browser.accessibility_violations();
    assert!(violations.is_empty(), "axe-core: {violations:?}");
    let png = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("agent-undelivered.png");
    browser.screenshot(&png);
    let view = server.get(
        &format!("/v1/agent/conversations/{id}/messages"),
        Some(&token),
    );
    assert_eq!(view.status, 200, "{}", view.body);
    let d = &view.body["delivery"];
    assert!(d["undelivered"].as_i64().unwrap() >= 1, "{d}");
    assert!(d["attempts"].as_i64().unwrap() >= 1, "{d}");
    assert!(d["last_error"].as_str().unwrap().contains("502"), "{d}");
    assert!(!d.to_string().contains(super::telegram::BOT_TOKEN));
    // Telegram is back: everything arrives, in order, and the agent sees it.
    api.set_mode(Mode::Ok);
    crate::common::wait_until(std::time::Duration::from_secs(20), "the delivery", || {
        let v = server
            .get(
                &format!("/v1/agent/conversations/{id}/messages"),
                Some(&token),
            )
            .body;
        v["delivery"]["undelivered"] == json!(0)
    });
    assert!(api.hits() >= 2, "the answer and the agent-joined notice");
}
