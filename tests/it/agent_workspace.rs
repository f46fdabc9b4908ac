//! The agent workspace (`/agent`) in a real Chromium and its API: a German
//! agent signs in, sees an Arabic shopper waiting (country, language,
//! emotion, translation needed), claims, reads the original beside its
//! German translation, previews a reply as the shopper will read it, is
//! warned when no engine can translate, sends, and hands the conversation
//! to a partner pool. The page's words come from Fluent in six languages.

use std::time::Duration;

use serde_json::{Value, json};

use crate::common::{Browser, TestServer, repo};
use crate::stubs::{Mode, Stub, start_openai};

/// Wednesday 25 November 2026, 03:00 in Madrid.
const WEDNESDAY_NIGHT: &str = "2026-11-25T02:00:00Z";

/// Berlin's pool is always open and reads German; Madrid's is closed at
/// that hour (so the hand-off goes to Berlin) and is Berlin's partner. The
/// engine is an OpenAI-compatible model in the US.
fn config(engine: &Stub) -> String {
    format!(
        r#"
[[translation.engines]]
name = "llm"
kind = "openai"
url = "{}"
model = "test-model"
jurisdiction = "US"
retries = 0
breaker_failures = 100

[[pools]]
id = "eu-berlin"
region = "eu"
timezone = "Europe/Berlin"
languages = ["de", "en"]
partners = ["eu-madrid"]
hours = {{ mon = ["00:00-24:00"], tue = ["00:00-24:00"], wed = ["00:00-24:00"], thu = ["00:00-24:00"], fri = ["00:00-24:00"], sat = ["00:00-24:00"], sun = ["00:00-24:00"] }}

[[pools]]
id = "eu-madrid"
region = "eu"
timezone = "Europe/Madrid"
languages = ["es", "en"]
hours = {{ mon = ["09:00-18:00"] }}
"#,
        engine.base
    )
}

fn agent_token(server: &TestServer, pool: &str, agent: &str, lang: &str) -> String {
    server
        .cli(&[
            "agent-token",
            "--pool",
            pool,
            "--agent",
            agent,
            "--lang",
            lang,
        ])
        .trim()
        .to_string()
}

/// An Arabic shopper from Saudi Arabia who asks for a person.
fn arabic_shopper(server: &TestServer) -> (String, String) {
    let (id, token) = server.open(json!({"country": "SA", "locale": "ar-SA"}));
    server.say(
        &id,
        &token,
        "<img src=x onerror=\"document.title='pwned'\">أين طلبي؟",
    );
    let r = server.say(&id, &token, "أريد التحدث إلى شخص حقيقي من فضلك");
    assert!(r["handoff"].is_object(), "handed to a person: {r}");
    (id, token)
}

#[test]
fn a_german_agent_claims_reads_the_translation_previews_replies_and_transfers() {
    let engine = start_openai(Mode::Ok);
    let server = TestServer::builder()
        .config(&config(&engine))
        .clock(WEDNESDAY_NIGHT)
        .start();
    let (id, shopper_token) = arabic_shopper(&server);
    let token = agent_token(&server, "eu-berlin", "Greta", "de");

    let browser = Browser::speaking("de-DE");
    browser.goto(&format!("{}/agent", server.base));
    browser.wait_for(
        "the German words",
        "document.querySelector('#signin button').textContent === 'Anmelden'",
    );
    let violations = browser.accessibility_violations();
    assert!(violations.is_empty(), "axe-core, sign-in: {violations:?}");
    browser.type_into("#token", &token);
    browser.click("#signin button");

    // The queue: language, country, emotion, translation needed.
    browser.wait_for(
        "the waiting shopper",
        "document.querySelector('#queue li.entry') !== null",
    );
    let entry = browser.execute("return document.querySelector('#queue li.entry').textContent;");
    let entry = entry.as_str().unwrap();
    for shown in ["ar", "SA", "Übersetzung nötig", "Stimmung", "Wartet seit"] {
        assert!(
            entry.contains(shown),
            "{shown:?} in the queue entry: {entry}"
        );
    }
    assert!(
        browser
            .execute("return document.getElementById('who').textContent;")
            .as_str()
            .unwrap()
            .contains("Greta")
    );

    browser.click("#queue li.entry button.claim");
    browser.wait_for(
        "the conversation",
        "document.querySelectorAll('#messages li.message.shopper').length === 2",
    );
    // The shopper's original beside its German translation; markup stays text.
    let pair = browser.execute(
        "const m = [...document.querySelectorAll('#messages li.message.shopper')].pop();
         return [m.querySelector('.original').textContent, m.querySelector('.original').lang,
                 m.querySelector('.translation').textContent, m.querySelector('.translation').lang];",
    );
    assert!(pair[0].as_str().unwrap().contains("أريد التحدث"), "{pair}");
    assert_eq!(pair[1], "ar");
    assert!(
        pair[2].as_str().unwrap().contains("[de] أريد التحدث"),
        "{pair}"
    );
    assert_eq!(pair[3], "de");
    assert_eq!(
        browser.execute("return document.querySelectorAll('#messages img').length;"),
        json!(0)
    );
    assert_ne!(browser.execute("return document.title;"), json!("pwned"));
    browser.wait_for(
        "the held conversation",
        &format!("document.querySelector('#held li.entry[data-id=\"{id}\"]') !== null"),
    );

    // The live preview: what the shopper will read.
    browser.type_into("#reply-text", "Ihre Bestellung ist unterwegs.");
    browser.wait_for(
        "the preview",
        "document.getElementById('preview').textContent === '[ar] Ihre Bestellung ist unterwegs.'",
    );
    assert_eq!(
        browser.execute("return document.getElementById('untranslatable').hidden;"),
        json!(true)
    );
    let violations = browser.accessibility_violations();
    assert!(
        violations.is_empty(),
        "axe-core, conversation: {violations:?}"
    );
    let png = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("agent-de.png");
    browser.screenshot(&png);
    // On a phone: one column, nothing wider than the screen.
    browser.resize(360, 740);
    browser.wait_for(
        "one column",
        "document.documentElement.scrollWidth <= window.innerWidth",
    );
    let violations = browser.accessibility_violations();
    assert!(violations.is_empty(), "axe-core at 360 px: {violations:?}");
    browser.screenshot(&png.with_file_name("agent-de-360.png"));
    browser.resize(1366, 900);

    browser.click("#send");
    browser.wait_for(
        "sent",
        "document.getElementById('status').textContent === 'Gesendet.'",
    );
    let history = server.get(
        &format!("/v1/conversations/{id}/messages"),
        Some(&shopper_token),
    );
    let last = history.body["messages"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        (
            last["role"].as_str(),
            last["text"].as_str(),
            last["machine_translated"].as_bool()
        ),
        (
            Some("agent"),
            Some("[ar] Ihre Bestellung ist unterwegs."),
            Some(true)
        ),
        "{last}"
    );
    // The workspace's long-poll shows the sent reply too.
    browser.wait_for(
        "the reply in the conversation",
        "document.querySelectorAll('#messages li.message.agent').length === 1",
    );

    // No engine can translate: a clear warning before sending.
    engine.set_mode(Mode::Status(500));
    browser.type_into("#reply-text", "Noch etwas?");
    browser.wait_for(
        "the warning",
        "document.getElementById('untranslatable').hidden === false",
    );
    let warning = browser.execute("return document.getElementById('untranslatable').textContent;");
    assert!(
        warning
            .as_str()
            .unwrap()
            .contains("Keine Übersetzungsmaschine"),
        "{warning}"
    );
    engine.set_mode(Mode::Ok);

    // Transfer to the partner pool: the conversation waits in Madrid.
    assert_eq!(
        browser.execute("return document.getElementById('transfer-to').value;"),
        json!("eu-madrid")
    );
    browser.click("#transfer button");
    browser.wait_for(
        "transferred",
        "document.getElementById('status').textContent === 'An das andere Team weitergegeben.'",
    );
    let madrid = agent_token(&server, "eu-madrid", "Ana", "es");
    let queue = server.get("/v1/agent/queue", Some(&madrid));
    assert!(
        queue.body["conversations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == json!(id)),
        "{}",
        queue.body
    );
    // The token never travelled in a URL.
    assert!(
        !server.logs().contains(&token[..20]),
        "the token in a log line"
    );
}

#[test]
fn the_queue_says_country_emotion_translation_need_held_and_partners() {
    let engine = start_openai(Mode::Ok);
    let server = TestServer::builder()
        .config(&config(&engine))
        .clock(WEDNESDAY_NIGHT)
        .start();
    let (id, _) = arabic_shopper(&server);
    let (de_id, de_token) = server.open(json!({"country": "DE", "locale": "de-DE"}));
    server.say(&de_id, &de_token, "Ich möchte mit einem Menschen sprechen");
    let token = agent_token(&server, "eu-berlin", "Greta", "de");
    let q = server.get("/v1/agent/queue", Some(&token)).body;
    assert_eq!(
        (q["agent"].as_str(), q["agent_lang"].as_str()),
        (Some("Greta"), Some("de"))
    );
    assert_eq!(q["partners"], json!(["eu-madrid"]));
    let entry = |q: &Value, id: &str| {
        q["conversations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == json!(id))
            .cloned()
            .unwrap_or_else(|| panic!("{id} waiting: {q}"))
    };
    let ar = entry(&q, &id);
    assert_eq!(
        (
            ar["country"].as_str(),
            ar["lang"].as_str(),
            ar["translation_needed"].as_bool()
        ),
        (Some("SA"), Some("ar"), Some(true))
    );
    assert!(ar["emotion"].is_number());
    let de = entry(&q, &de_id);
    assert_eq!(de["translation_needed"], json!(false), "{de}");
    assert_eq!(q["held"], json!([]));

    let claimed = server.post(
        &format!("/v1/agent/conversations/{id}/claim"),
        Some(&token),
        &json!({}),
    );
    assert_eq!(claimed.status, 200, "{}", claimed.body);
    let q = server.get("/v1/agent/queue", Some(&token)).body;
    let held: Vec<&str> = q["held"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(held, [id.as_str()]);
    // Another agent of the pool does not hold it.
    let other = agent_token(&server, "eu-berlin", "Jonas", "de");
    assert_eq!(
        server.get("/v1/agent/queue", Some(&other)).body["held"],
        json!([])
    );
}

#[test]
fn the_agents_long_poll_returns_the_shoppers_next_message() {
    let engine = start_openai(Mode::Ok);
    let server = TestServer::builder()
        .config(&config(&engine))
        .clock(WEDNESDAY_NIGHT)
        .start();
    let (id, shopper_token) = arabic_shopper(&server);
    let token = agent_token(&server, "eu-berlin", "Greta", "de");
    let view = server
        .post(
            &format!("/v1/agent/conversations/{id}/claim"),
            Some(&token),
            &json!({}),
        )
        .body;
    let last = view["messages"].as_array().unwrap().last().unwrap()["seq"]
        .as_i64()
        .unwrap();

    let base = server.base.clone();
    let (t, path) = (
        token.clone(),
        format!("/v1/agent/conversations/{id}/messages?after={last}&wait=20"),
    );
    let poll = std::thread::spawn(move || {
        let started = std::time::Instant::now();
        let r = reqwest::blocking::Client::new()
            .get(format!("{base}{path}"))
            .bearer_auth(t)
            .timeout(Duration::from_secs(30))
            .send()
            .unwrap();
        (
            r.status().as_u16(),
            r.json::<Value>().unwrap(),
            started.elapsed(),
        )
    });
    // The poll is waiting before the shopper writes.
    std::thread::sleep(Duration::from_millis(500));
    server.say(&id, &shopper_token, "شكرا جزيلا");
    let (status, body, _) = poll.join().unwrap();
    assert_eq!(status, 200, "{body}");
    let messages = body["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 1, "only the new message: {body}");
    assert_eq!(messages[0]["original"], json!("شكرا جزيلا"));
    assert_eq!(messages[0]["text"], json!("[de] شكرا جزيلا"));
    assert_eq!(body["state"], json!("agent"));

    // Bad parameters are the client's mistake.
    let bad = server.get(
        &format!("/v1/agent/conversations/{id}/messages?after=x"),
        Some(&token),
    );
    assert_eq!(bad.status, 400, "{}", bad.body);
}

#[test]
fn every_page_word_exists_in_each_language_and_pages_are_named_safely() {
    let server = TestServer::builder().start();
    let english = server.get("/v1/pages/agent/words?lang=en-US", None).body;
    let ids: Vec<String> = english["words"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert!(ids.len() > 40, "{english}");
    for (asked, locale) in [
        ("es-MX,es", "es-ES"),
        ("de", "de-DE"),
        ("fr-CA", "fr-FR"),
        ("zh-Hans-CN", "zh-CN"),
        ("ja", "ja-JP"),
    ] {
        let w = server
            .get(&format!("/v1/pages/agent/words?lang={asked}"), None)
            .body;
        assert_eq!(w["locale"], json!(locale), "{asked}");
        // Each locale's own file has every word (none falls back to English).
        let file =
            std::fs::read_to_string(repo().join(format!("locales/{locale}/agent.ftl"))).unwrap();
        for id in &ids {
            assert!(
                file.lines().any(|l| l.starts_with(&format!("{id} ="))),
                "{locale}/agent.ftl lacks {id}"
            );
        }
        assert_ne!(w["words"]["claim"], english["words"]["claim"], "{locale}");
    }
    // Accept-Language when no `lang` is given.
    let r: Value = reqwest::blocking::Client::new()
        .get(format!("{}/v1/pages/agent/words", server.base))
        .header("Accept-Language", "fr-FR,fr;q=0.9")
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(r["locale"], json!("fr-FR"));
    for page in ["nope", "..%2Fcrossdesk", "crossdesk", "AGENT"] {
        let r = server.get(&format!("/v1/pages/{page}/words"), None);
        assert_eq!(r.status, 404, "{page}: {}", r.body);
        assert_eq!(r.body["error"]["code"], json!("not_found"));
    }
    let r = server.get("/agent", None);
    assert_eq!(r.status, 200);
    let csp = r.headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
}
