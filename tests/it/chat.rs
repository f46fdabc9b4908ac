//! The shopper's chat page in a real Chromium (WebDriver): a shopper in
//! Arabic is answered right to left and handed to a person with their place
//! in line; a shopper in Japanese reads a machine-translated answer with
//! "show original"; what shoppers write is shown as text, never as HTML;
//! the page passes axe-core with no serious violation and keeps the
//! conversation token out of every URL.

use serde_json::json;

use crate::common::{BOT_READS_ENGLISH, Browser, TestServer};

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

    let violations = browser.accessibility_violations();
    assert!(
        violations.is_empty(),
        "axe-core: {}",
        serde_json::to_string_pretty(&violations).unwrap()
    );
    let png = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("chat-ar.png");
    browser.screenshot(&png);
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
    let violations = browser.accessibility_violations();
    assert!(
        violations.is_empty(),
        "axe-core: {}",
        serde_json::to_string_pretty(&violations).unwrap()
    );
    let png = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("chat-ja.png");
    browser.screenshot(&png);
}
