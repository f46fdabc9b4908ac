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
    // The real clock: the audit checkpoints are signed as time passes.
    let server = TestServer::builder().config(&config(&engine)).start();

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
    let conversation = arabic
        .execute("return JSON.parse(sessionStorage.getItem('crossdesk.chat')).id;")
        .as_str()
        .unwrap()
        .to_string();

    // The shopper ends the chat and rates it, with the keyboard's help.
    arabic.click("#end");
    arabic.wait_for(
        "the rating form",
        "document.getElementById('rating').hidden === false",
    );
    arabic.click("#rating input[value='5']");
    arabic.click("#rate");
    arabic.wait_for(
        "the thanks",
        "document.getElementById('thanks').hidden === false",
    );
    let stored = crate::common::open_store("eu", &server.data_dir().join("eu.db"))
        .conversation(&conversation)
        .unwrap()
        .unwrap();
    assert_eq!(
        (stored.state, stored.csat),
        (crossdesk::store::State::Closed, Some(5)),
        "the rating is kept"
    );

    // The compliance officer finds this conversation's transfer to the US
    // engine, runs a simulation, and sees a tampered log reported broken.
    let officer = server
        .cli(&["compliance-token", "--officer", "dpo-lena"])
        .lines()
        .next()
        .unwrap()
        .trim()
        .to_string();
    let console = Browser::speaking("de-DE");
    console.goto(&format!("{}/compliance", server.base));
    console.type_into("#token", &officer);
    console.click("#sign-in button[type=submit]");
    console.wait_for(
        "every log verified",
        "document.querySelectorAll('#verify-status li.verdict.intact').length === 4",
    );
    console.wait_for(
        "the records of transfers",
        "[...document.querySelectorAll('#transfers tr[data-region=eu]')].some(r => r.textContent.includes('llm') && r.textContent.includes('US'))",
    );
    console.execute(
        "document.getElementById('audit-region').value = 'eu';
         document.getElementById('audit-kind').value = 'transfer';
         document.getElementById('audit-filters').requestSubmit(); return null;",
    );
    // The filtered table: transfers only, this conversation's among them.
    console.wait_for(
        "this conversation's transfers",
        &format!(
            "(() => {{ const rows = [...document.querySelectorAll('#audit tr[data-seq]')];
               return rows.length > 0
                 && rows.every(r => r.querySelector('td.kind').textContent === 'transfer')
                 && rows.some(r => r.textContent.includes('{conversation}')); }})()"
        ),
    );
    console.type_into("#sim-text", "أين طلبي؟ رقم بطاقتي 4111 1111 1111 1111");
    console.type_into("#sim-country", "SA");
    console.click("#sim-run");
    console.wait_for(
        "the simulation",
        "document.getElementById('simulation').hidden === false",
    );
    let simulation = console.execute("return document.getElementById('simulation').textContent;");
    let simulation = simulation.as_str().unwrap();
    assert!(
        simulation.contains("eu") && simulation.contains("llm"),
        "{simulation}"
    );
    assert!(
        !simulation.contains("4111 1111"),
        "the card stays out: {simulation}"
    );
    no_serious_violations(&console, "the compliance console");
    console.execute("window.scrollTo(0, 0); return null;");
    console.screenshot(&picture("compliance.png"));

    {
        use diesel::connection::SimpleConnection;
        let db = server.data_dir().join("eu.db").display().to_string();
        let mut conn = <diesel::SqliteConnection as diesel::Connection>::establish(&db).unwrap();
        conn.batch_execute("PRAGMA busy_timeout = 5000").unwrap();
        conn.batch_execute("UPDATE audit SET detail = replace(detail, 'llm', 'LLM') WHERE seq = (SELECT min(seq) FROM audit WHERE kind = 'transfer')")
            .unwrap();
    }
    console.goto(&format!("{}/compliance", server.base));
    console.wait_for(
        "the altered entry",
        "document.querySelector('#verify-status li.verdict.altered[data-region=eu]') !== null",
    );
    assert_eq!(
        console.execute(
            "return document.querySelectorAll('#verify-status li.verdict.intact').length;"
        ),
        json!(3)
    );
    assert!(
        !server.logs().contains(&officer[..20]),
        "a token in a log line"
    );
    assert!(
        !server.logs().contains(&token[..20]),
        "a token in a log line"
    );
}
