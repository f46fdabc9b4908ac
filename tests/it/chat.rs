//! The shopper's chat page in a real Chromium (WebDriver): a shopper in
//! Arabic is answered right to left and handed to a person with their place
//! in line; a shopper in Japanese reads a machine-translated answer with
//! "show original"; what shoppers write is shown as text, never as HTML;
//! a Spanish shopper sees the agent join, ends the chat and rates it with
//! the keyboard alone; an Arabic shopper on a phone-sized window is offered
//! the rating when the agent closes. The page's words come from
//! `locales/<locale>/chat.ftl`; every state passes axe-core with no serious
//! violation, and the conversation token stays out of every URL.

use serde_json::json;
use thirtyfour::Key;

use crate::common::{BOT_READS_ENGLISH, Browser, TestServer, open_store};
use crate::routing::{MADRID_3AM, POOLS};

fn say(browser: &Browser, text: &str, replies_before: usize) {
    browser.type_into("#text", text);
    browser.click("#go");
    browser.wait_for(
        "the answer",
        &format!(
            "document.querySelectorAll('#log li.bot, #log li.system').length > {replies_before}"
        ),
    );
}

fn count(browser: &Browser, css: &str) -> usize {
    browser
        .execute(&format!(
            "return document.querySelectorAll({css:?}).length;"
        ))
        .as_u64()
        .unwrap() as usize
}

fn assert_accessible(browser: &Browser) {
    let violations = browser.accessibility_violations();
    assert!(
        violations.is_empty(),
        "axe-core: {}",
        serde_json::to_string_pretty(&violations).unwrap()
    );
}

fn screenshot(browser: &Browser, name: &str) {
    browser.screenshot(&std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name));
}

/// The conversation the page opened (its id, from the tab's storage).
fn conversation_id(browser: &Browser) -> String {
    browser
        .execute("return JSON.parse(sessionStorage.getItem('crossdesk.chat')).id;")
        .as_str()
        .unwrap()
        .to_string()
}

/// An agent of the Madrid pool (reads English).
fn agent_token(server: &TestServer) -> String {
    server.cli(&[
        "agent-token",
        "--pool",
        "eu-madrid",
        "--agent",
        "Eva",
        "--lang",
        "en",
    ])
}

fn text_of(browser: &Browser, css: &str) -> String {
    browser
        .execute(&format!(
            "return document.querySelector({css:?}).textContent;"
        ))
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn an_arabic_shopper_is_answered_right_to_left_and_told_their_place_in_line() {
    let server = TestServer::builder().start();
    let browser = Browser::speaking("ar-SA");
    browser.goto(&format!("{}/chat?country=SA", server.base));
    browser.wait_for(
        "the greeting",
        "document.querySelectorAll('#log li.system').length === 1",
    );

    say(
        &browser,
        "أين طلبي؟",
        count(&browser, "#log li.bot, #log li.system"),
    );
    browser.wait_for("right to left", "document.documentElement.dir === 'rtl'");
    assert_eq!(
        browser.execute("return document.documentElement.lang;"),
        json!("ar")
    );
    let answer = browser
        .execute("return [...document.querySelectorAll('#log li.bot .text')].pop().textContent;");
    assert!(
        answer
            .as_str()
            .unwrap()
            .chars()
            .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
        "an answer in Arabic: {answer}"
    );

    // Markup a shopper writes stays text.
    let before = count(&browser, "#log li.bot, #log li.system");
    say(
        &browser,
        "<img src=x onerror=\"document.title='pwned'\"><b>مرحبا</b>",
        before,
    );
    assert_eq!(count(&browser, "#log img, #log b"), 0);
    let shown = browser.execute(
        "return [...document.querySelectorAll('#log li.shopper .text')].pop().textContent;",
    );
    assert!(shown.as_str().unwrap().starts_with("<img src=x"), "{shown}");
    assert_ne!(browser.execute("return document.title;"), json!("pwned"));

    let before = count(&browser, "#log li.bot, #log li.system");
    say(&browser, "أريد التحدث إلى شخص حقيقي من فضلك", before);
    browser.wait_for(
        "the place in line",
        "document.getElementById('status').textContent.includes('1')",
    );

    assert_accessible(&browser);
    screenshot(&browser, "chat-ar.png");
    // The token travels only in headers: no logged URL carries one.
    assert!(!server.logs().contains("token="), "a token in a URL");
}

#[test]
fn a_japanese_shopper_can_read_the_original_of_a_machine_translated_answer() {
    let server = TestServer::builder().config(BOT_READS_ENGLISH).start();
    let browser = Browser::speaking("ja-JP");
    browser.goto(&format!("{}/chat?country=JP", server.base));
    browser.wait_for(
        "the greeting",
        "document.querySelectorAll('#log li.system').length === 1",
    );
    say(
        &browser,
        "注文はどこですか？",
        count(&browser, "#log li.bot, #log li.system"),
    );
    browser.wait_for(
        "the original's toggle",
        "document.querySelector('#log li.bot button.toggle') !== null",
    );
    assert_eq!(
        browser.execute("return document.documentElement.lang;"),
        json!("ja")
    );
    assert_eq!(
        browser.execute("return document.querySelector('#log li.bot .original').hidden;"),
        json!(true)
    );
    browser.click("#log li.bot button.toggle");
    let original = browser.execute(
        "const o = document.querySelector('#log li.bot .original'); return [o.hidden, o.lang, o.textContent];",
    );
    assert_eq!(original[0], json!(false));
    assert_eq!(original[1], json!("en"));
    assert!(
        original[2].as_str().unwrap().is_ascii(),
        "the bot's English: {original}"
    );
    assert_accessible(&browser);
    screenshot(&browser, "chat-ja.png");
}

#[test]
fn a_shopper_sees_the_agent_join_then_ends_the_chat_and_rates_it_with_the_keyboard() {
    let server = TestServer::builder()
        .config(POOLS)
        .clock(MADRID_3AM)
        .start();
    let browser = Browser::speaking("es-ES");
    browser.goto(&format!("{}/chat?country=ES", server.base));
    browser.wait_for(
        "the greeting",
        "document.querySelectorAll('#log li.system').length === 1",
    );
    // The page's words are Spanish, from locales/es-ES/chat.ftl.
    browser.wait_for(
        "the Spanish words",
        "document.getElementById('go').textContent === 'Enviar'",
    );
    assert_eq!(text_of(&browser, "#end"), "Terminar chat");
    say(
        &browser,
        "Quiero hablar con una persona",
        count(&browser, "#log li.bot, #log li.system"),
    );
    browser.wait_for(
        "the place in line",
        "document.getElementById('status').textContent.includes('Su lugar en la fila')",
    );

    let id = conversation_id(&browser);
    let agent = agent_token(&server);
    let claimed = server.post(
        &format!("/v1/agent/conversations/{id}/claim"),
        Some(&agent),
        &json!({}),
    );
    assert_eq!(claimed.status, 200, "{}", claimed.body);
    // The long-poll brings the notice, set apart and said in the status
    // line instead of the place in line.
    browser.wait_for(
        "the agent-joined notice",
        "document.querySelector('#log li.system.joined') !== null",
    );
    let notice = text_of(&browser, "#log li.joined .text");
    assert!(notice.contains("Eva"), "{notice}");
    assert_eq!(
        text_of(&browser, "#log li.joined .who"),
        "Se ha unido un agente"
    );
    assert_eq!(text_of(&browser, "#status"), notice);
    assert_eq!(
        browser.execute("return document.getElementById('status').getAttribute('role');"),
        json!("status")
    );
    assert_eq!(count(&browser, "#log li.joined"), 1);
    assert_accessible(&browser);
    screenshot(&browser, "chat-es-joined.png");

    // The keyboard alone: End chat, then a score with the arrow keys, then
    // the send button.
    browser.execute("document.getElementById('end').focus();");
    browser.press(Key::Enter);
    browser.wait_for(
        "the rating form",
        "!document.getElementById('rating').hidden && document.activeElement.name === 'score'",
    );
    assert_eq!(
        text_of(&browser, "#rating legend"),
        "¿Cómo valora esta conversación?"
    );
    assert_eq!(text_of(&browser, "#status"), "El chat ha terminado.");
    assert_eq!(
        browser.execute("return document.getElementById('end').hidden;"),
        json!(true)
    );
    assert_accessible(&browser);
    screenshot(&browser, "chat-es-rating.png");
    browser.press(Key::Right + Key::Right + Key::Right);
    assert_eq!(
        browser.execute("return document.querySelector('input[name=score]:checked').value;"),
        json!("4")
    );
    browser.press(Key::Tab);
    assert_eq!(
        browser.execute("return document.activeElement.id;"),
        json!("rate")
    );
    browser.press(Key::Enter);
    browser.wait_for(
        "the thanks",
        "!document.getElementById('thanks').hidden && document.activeElement.id === 'thanks'",
    );
    assert_eq!(text_of(&browser, "#thanks"), "Gracias por su valoración.");
    assert_eq!(
        browser.execute("return document.getElementById('rating').hidden;"),
        json!(true)
    );
    let stored = open_store("eu", &server.data_dir().join("eu.db"))
        .conversation(&id)
        .unwrap()
        .unwrap();
    assert_eq!(stored.csat, Some(4));
    assert_eq!(stored.state.as_str(), "closed");
    assert!(!server.logs().contains("token="), "a token in a URL");
}

#[test]
fn an_agent_closing_the_conversation_offers_a_phone_sized_arabic_chat_the_rating() {
    let server = TestServer::builder()
        .config(POOLS)
        .clock(MADRID_3AM)
        .start();
    let browser = Browser::speaking("ar");
    browser.resize(360, 740);
    browser.goto(&format!("{}/chat?country=ES", server.base));
    browser.wait_for(
        "the greeting",
        "document.querySelectorAll('#log li.system').length === 1",
    );
    assert_eq!(browser.execute("return window.innerWidth;"), json!(360));
    browser.wait_for(
        "the Arabic words",
        "document.getElementById('go').textContent === 'إرسال' && document.documentElement.dir === 'rtl'",
    );
    // Long words without spaces, in both directions, must wrap.
    let long = format!(
        "رقم طلبي {} والرابط https://shop.example/orders/{}",
        "٧".repeat(80),
        "a1b2c3".repeat(20)
    );
    say(
        &browser,
        &long,
        count(&browser, "#log li.bot, #log li.system"),
    );
    say(
        &browser,
        "أريد التحدث إلى شخص حقيقي من فضلك",
        count(&browser, "#log li.bot, #log li.system"),
    );
    let id = conversation_id(&browser);
    let agent = agent_token(&server);
    let claimed = server.post(
        &format!("/v1/agent/conversations/{id}/claim"),
        Some(&agent),
        &json!({}),
    );
    assert_eq!(claimed.status, 200, "{}", claimed.body);
    browser.wait_for(
        "the agent-joined notice",
        "document.querySelector('#log li.joined') !== null",
    );
    screenshot(&browser, "chat-ar-360-joined.png");
    let closed = server.post(
        &format!("/v1/agent/conversations/{id}/close"),
        Some(&agent),
        &json!({"resolution": "resolved"}),
    );
    assert!(closed.status < 300, "{} {}", closed.status, closed.body);
    // The long-poll says the conversation closed: the rating is offered
    // without the shopper asking.
    browser.wait_for(
        "the rating form",
        "!document.getElementById('rating').hidden",
    );
    assert_eq!(text_of(&browser, "#status"), "انتهت المحادثة.");
    assert_eq!(
        browser.execute(
            "return document.querySelectorAll('#rating fieldset input[type=radio]').length;"
        ),
        json!(5)
    );
    let overflow = browser.execute(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];",
    );
    assert!(
        overflow[0].as_u64().unwrap() <= 360,
        "the page is wider than the phone: {overflow}"
    );
    assert_accessible(&browser);
    screenshot(&browser, "chat-ar-360-rating.png");
    browser.click("#rating input[value='5']");
    browser.click("#rate");
    browser.wait_for("the thanks", "!document.getElementById('thanks').hidden");
    let stored = open_store("eu", &server.data_dir().join("eu.db"))
        .conversation(&id)
        .unwrap()
        .unwrap();
    assert_eq!(stored.csat, Some(5));
}

#[test]
fn the_chat_has_its_words_in_every_language_it_claims() {
    let server = TestServer::builder().start();
    let english = server.get("/v1/pages/chat/words?lang=en-US", None);
    assert_eq!(english.status, 200, "{}", english.body);
    let keys: Vec<&String> = english.body["words"].as_object().unwrap().keys().collect();
    for (asked, locale, title) in [
        ("es-MX,es", "es-ES", "Atención al cliente"),
        ("de-AT", "de-DE", "Kundenservice"),
        ("fr-CA", "fr-FR", "Service client"),
        ("ar-EG", "ar", "خدمة العملاء"),
        ("ja", "ja-JP", "カスタマーサービス"),
        ("zh-CN", "zh-CN", "客户服务"),
        ("he", "he-IL", "שירות לקוחות"),
        ("fa", "fa-IR", "خدمات مشتریان"),
    ] {
        let r = server.get(&format!("/v1/pages/chat/words?lang={asked}"), None);
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(r.body["locale"], locale, "{asked}");
        assert_eq!(r.body["words"]["title"], title, "{asked}");
        // Every word its own, none left to English.
        let own = std::fs::read_to_string(
            crate::common::repo().join(format!("locales/{locale}/chat.ftl")),
        )
        .unwrap();
        for key in &keys {
            assert!(
                own.lines().any(|l| l.starts_with(&format!("{key} = "))),
                "{locale} lacks {key}"
            );
        }
    }
}
