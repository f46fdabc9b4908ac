//! The compliance console in a real Chromium (WebDriver): an officer signs
//! in with a compliance token, reads the policies with their hashes and
//! checks, finds the record of a conversation whose text crossed a border
//! and the PIPL line it reached, runs the policy simulator from its form,
//! sees every region's log intact — and, once an audit row is edited in the
//! database, the first altered entry named after a reload. The export
//! downloads; the page passes axe-core and fits 360 px; the token never
//! travels in a URL.

use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::json;
use thirtyfour::prelude::*;

use crate::common::{BOT_READS_ENGLISH, Browser, TestServer, policies_with, wait_until};
use crate::stubs::{Mode, start_libretranslate};

fn text(browser: &Browser, css: &str) -> String {
    browser
        .execute(&format!(
            "return document.querySelector({css:?}).textContent;"
        ))
        .as_str()
        .unwrap_or_else(|| panic!("no {css}"))
        .to_string()
}

fn count(browser: &Browser, css: &str) -> u64 {
    browser
        .execute(&format!(
            "return document.querySelectorAll({css:?}).length;"
        ))
        .as_u64()
        .unwrap()
}

fn no_serious_violations(browser: &Browser) {
    let violations = browser.accessibility_violations();
    assert!(
        violations.is_empty(),
        "axe-core: {}",
        serde_json::to_string_pretty(&violations).unwrap()
    );
}

/// Photographs each part of the page (WebDriver shows the viewport only).
fn photograph(browser: &Browser, name: &str) {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    for part in [
        "policies-section",
        "audit-section",
        "transfers-section",
        "simulate-section",
        "erasures-section",
    ] {
        browser.execute(&format!(
            "document.getElementById('{part}').scrollIntoView(); return null;"
        ));
        browser.screenshot(&dir.join(format!("compliance-{name}-{part}.png")));
    }
}

/// The signed-in console in a Chromium 360 px wide (the shared harness
/// opens 1366 px): photographed; the page's and the window's widths, and
/// axe-core's serious violations there.
fn at_360_px(base: &str, token: &str, png: &std::path::Path) -> (i64, i64, serde_json::Value) {
    crate::common::ensure_chromium();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut chromedriver = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    wait_until(Duration::from_secs(20), "chromedriver to listen", || {
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let widths = rt.block_on(async {
        let mut caps = DesiredCapabilities::chrome();
        for arg in [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            "--window-size=360,2400",
            "--lang=en-US",
        ] {
            caps.add_arg(arg)?;
        }
        let driver = WebDriver::new(format!("http://127.0.0.1:{port}"), caps).await?;
        driver.goto(format!("{base}/compliance")).await?;
        driver
            .execute(
                &format!("sessionStorage.setItem('crossdesk.compliance', {token:?});"),
                Vec::new(),
            )
            .await?;
        driver.refresh().await?;
        let mut loaded = false;
        for _ in 0..400 {
            let v = driver
                .execute(
                    "return document.querySelectorAll('#verify-status li.verdict').length > 0;",
                    Vec::new(),
                )
                .await?;
            if v.json() == &json!(true) {
                loaded = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(loaded, "the console at 360 px did not load");
        driver.screenshot(png).await?;
        let w = driver
            .execute(
                "return [document.documentElement.scrollWidth, window.innerWidth];",
                Vec::new(),
            )
            .await?;
        let w = w.json().clone();
        let axe = std::fs::read_to_string(
            crate::common::repo().join("tests/browser/axe-core/axe.min.js"),
        )
        .unwrap();
        driver.execute(&axe, Vec::new()).await?;
        let found = driver
            .execute_async(
                r#"const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] })
                  .then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => ({ id: v.id, targets: v.nodes.map(n => n.target.join(' ')) }))));"#,
                Vec::new(),
            )
            .await?;
        let found = found.json().clone();
        driver.quit().await?;
        Ok::<_, WebDriverError>((w[0].as_i64().unwrap(), w[1].as_i64().unwrap(), found))
    });
    let _ = chromedriver.kill();
    let _ = chromedriver.wait();
    widths.expect("the 360 px session")
}

#[test]
fn an_officer_reads_the_console_and_sees_an_altered_entry_named() {
    let libre = start_libretranslate(Mode::Ok, None);
    // The mainland lets a US engine translate under a standard contract;
    // a volume line of one person is reached by the first shopper.
    let policies = policies_with(&[(
        "cn.toml",
        "[[transfers]]\nprocessor = \"translation_engine\"\nto = [\"US\"]\nbasis = \"standard-contract\"\nredact = true\n\n[[volume_thresholds]]\nsubjects = 1\nrequires = \"test line: <b>not markup</b>\"",
    )]);
    let server = TestServer::builder()
        .config(&format!(
            "policies_dir = {:?}\n[[translation.engines]]\nname = \"libre\"\nkind = \"libretranslate\"\nurl = \"{}\"\njurisdiction = \"US\"\nretries = 0\n",
            policies.path(),
            libre.base
        ))
        .config(BOT_READS_ENGLISH)
        .start();
    let (id, t) = server.open(json!({"country": "CN", "locale": "zh-CN"}));
    let reply = server.say(&id, &t, "我的猫把充电线咬坏了，怎么办");
    assert_eq!(reply["inbound_engine"], "libre", "{reply}");
    let token = server.cli(&["compliance-token", "--officer", "dpo-console"]);

    let browser = Browser::start();
    browser.goto(&format!("{}/compliance", server.base));
    browser.wait_for(
        "the sign-in form",
        "!document.getElementById('signin-panel').hidden",
    );
    assert_eq!(
        browser.execute("return document.getElementById('token').type;"),
        json!("password")
    );
    browser.type_into("#token", &token);
    browser.click("#sign-in button[type=submit]");

    // Policies with their hashes and checks.
    browser.wait_for(
        "the policies",
        "document.querySelectorAll('#policies tr[data-region]').length === 4",
    );
    let hashes = browser.execute("return [...document.querySelectorAll('#policies tr[data-region] .hash')].map(h => h.textContent);");
    assert!(
        hashes
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h.as_str().unwrap().len() == 64
                && h.as_str().unwrap().bytes().all(|b| b.is_ascii_hexdigit())),
        "{hashes}"
    );
    assert_eq!(count(&browser, "#policies .check.ok"), 4);
    assert!(
        text(&browser, "#policies tr[data-region=cn]").contains("China"),
        "{}",
        text(&browser, "#policies")
    );

    // The record of the conversation that crossed the border.
    browser.wait_for(
        "the transfer records",
        "document.querySelector('#transfers tr[data-region=cn]') !== null",
    );
    let record = browser.execute(
        "return [...document.querySelectorAll('#transfers tr[data-region=cn]')].map(r => [...r.cells].map(c => c.textContent)).find(c => c[2] === 'libre');",
    );
    let cells: Vec<&str> = record
        .as_array()
        .unwrap_or_else(|| panic!("{}", text(&browser, "#transfers")))
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(
        (cells[1], cells[3], cells[5], cells[6], cells[7]),
        ("translation_engine", "US", "standard-contract", "1", "1"),
        "{cells:?}"
    );
    assert!(cells[4].contains("allow_redacted"), "{cells:?}");
    // The PIPL line reached, highlighted; the policy's words stay text.
    assert_eq!(
        count(
            &browser,
            "#volumes .volume[data-region=cn] li.line.reached .warning"
        ),
        1,
        "{}",
        text(&browser, "#volumes")
    );
    assert_eq!(count(&browser, "#volumes b"), 0);
    assert!(text(&browser, "#volumes .volume[data-region=cn]").contains("<b>not markup</b>"));

    // Every region's log intact.
    browser.wait_for(
        "the verification",
        "document.querySelectorAll('#verify-status li.verdict').length === 4",
    );
    assert_eq!(
        count(&browser, "#verify-status li.verdict.intact"),
        4,
        "{}",
        text(&browser, "#verify-status")
    );
    assert!(count(&browser, "#audit tr[data-seq]") > 0);

    // The simulator, from its form.
    browser.type_into(
        "#sim-text",
        "Meine Karte 4111 1111 1111 1111 wurde zweimal belastet",
    );
    browser.type_into("#sim-country", "de");
    browser.type_into("#sim-locale", "de-DE");
    browser.click("#sim-run");
    browser.wait_for(
        "the simulation",
        "!document.getElementById('simulation').hidden",
    );
    assert!(
        text(&browser, "#simulation .sim-region").starts_with("eu"),
        "{}",
        text(&browser, "#simulation")
    );
    assert!(
        count(&browser, "#simulation tr.hop") >= 2,
        "{}",
        text(&browser, "#simulation")
    );
    assert!(text(&browser, "#simulation .sim-hops").contains("libre"));
    assert!(
        !text(&browser, "#simulation").contains("4111 1111"),
        "{}",
        text(&browser, "#simulation")
    );

    no_serious_violations(&browser);
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    browser.screenshot(&dir.join("compliance-intact.png"));
    photograph(&browser, "1366");

    // The export downloads through the header (the body is a Blob).
    browser.execute("document.getElementById('export-region').value = 'cn'; document.getElementById('export-format').value = 'csv'; return null;");
    browser.click("#export-go");
    browser.wait_for(
        "the download",
        "document.getElementById('export').dataset.downloaded === 'crossdesk-audit-cn.csv'",
    );
    assert!(text(&browser, "#status").contains("crossdesk-audit-cn.csv"));

    // An audit row edited in the database: named after a reload.
    {
        use diesel::connection::SimpleConnection;
        let db = server.data_dir().join("cn.db").display().to_string();
        let mut conn = <diesel::SqliteConnection as diesel::Connection>::establish(&db).unwrap();
        conn.batch_execute("PRAGMA busy_timeout = 5000").unwrap();
        conn.batch_execute("UPDATE audit SET detail = replace(detail, '\"', '''') WHERE seq = 2")
            .unwrap();
    }
    browser.goto(&format!("{}/compliance", server.base));
    browser.wait_for(
        "the altered entry",
        "document.querySelector('#verify-status li.verdict.altered[data-region=cn]') !== null",
    );
    assert_eq!(
        browser.execute("return document.querySelector('#verify-status li.altered').dataset.seq;"),
        json!("2")
    );
    let banner = text(&browser, "#verify-status li.altered");
    assert!(
        banner.contains("entry: 2") && banner.contains("content altered"),
        "{banner}"
    );
    assert_eq!(count(&browser, "#verify-status li.verdict.intact"), 3);
    no_serious_violations(&browser);
    browser.screenshot(&dir.join("compliance-altered.png"));

    let (scroll, inner, violations) =
        at_360_px(&server.base, &token, &dir.join("compliance-360.png"));
    assert!(
        scroll <= inner,
        "the page is {scroll} px wide in a {inner} px window"
    );
    assert_eq!(violations, json!([]), "axe-core at 360 px");
    // The token travelled only in headers: no logged URL carries one.
    assert!(!server.logs().contains("token="), "a token in a URL");
    assert!(!server.logs().contains(&token));
}
