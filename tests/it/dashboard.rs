//! Satisfaction and resolution after a conversation, the operations
//! figures (`/v1/ops/stats`), and the dashboard drawn by a real headless
//! Chromium (installed by scripts/ensure-chromium.sh when missing): its
//! figures must be the JSON's, and a screenshot is kept as an artifact.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::common::TestServer;
use crate::routing::{MADRID_3AM, POOLS};

fn codes(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|n| n["code"].as_str().unwrap().to_string())
        .collect()
}

/// Three conversations: one the bot resolved (rated 5), one an agent
/// resolved (rated 3), one still open.
fn scripted(server: &TestServer) {
    let (es, es_t) = server.open(json!({"country": "ES", "locale": "es-ES"}));
    server.say(&es, &es_t, "¿Dónde está mi pedido?");
    let early = server.post(
        &format!("/v1/conversations/{es}/rating"),
        Some(&es_t),
        &json!({"score": 5}),
    );
    assert_eq!(early.status, 409, "rated before closing: {}", early.body);
    let closed = server.post(
        &format!("/v1/conversations/{es}/close"),
        Some(&es_t),
        &json!({}),
    );
    assert_eq!(closed.status, 200, "{}", closed.body);
    assert_eq!(closed.body["resolved_by"], "bot");
    assert_eq!(
        codes(&closed.body["notices"]),
        ["conversation-closed", "rating-prompt"]
    );
    assert!(
        closed.body["notices"][1]["text"]
            .as_str()
            .unwrap()
            .contains("de 1"),
        "{}",
        closed.body
    );
    assert_eq!(
        server
            .post(
                &format!("/v1/conversations/{es}/rating"),
                Some(&es_t),
                &json!({"score": 6})
            )
            .status,
        400
    );
    let rated = server.post(
        &format!("/v1/conversations/{es}/rating"),
        Some(&es_t),
        &json!({"score": 5}),
    );
    assert_eq!(rated.status, 200, "{}", rated.body);
    assert_eq!(rated.body["notice"]["text"], "Gracias por su valoración.");

    let (de, de_t) = server.open(json!({"country": "ES", "locale": "en-GB"}));
    let reply = server.say(&de, &de_t, "I want to talk to a person");
    assert_eq!(reply["handoff"]["pool"], "eu-madrid");
    let agent = server.cli(&[
        "agent-token",
        "--pool",
        "eu-madrid",
        "--agent",
        "Eva",
        "--lang",
        "en",
    ]);
    let auth = Some(agent.as_str());
    assert_eq!(
        server
            .post(
                &format!("/v1/agent/conversations/{de}/claim"),
                auth,
                &json!({})
            )
            .status,
        200
    );
    assert_eq!(
        server
            .post(
                &format!("/v1/agent/conversations/{de}/messages"),
                auth,
                &json!({"text": "Hello, I can help."})
            )
            .status,
        200
    );
    assert_eq!(
        server
            .post(
                &format!("/v1/agent/conversations/{de}/close"),
                auth,
                &json!({"resolution": "resolved"})
            )
            .status,
        204
    );
    let history = server.get(&format!("/v1/conversations/{de}/messages"), Some(&de_t));
    let last = history.body["messages"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert!(
        last["text"]
            .as_str()
            .unwrap()
            .contains("from 1 (poor) to 5"),
        "{last}"
    );
    assert_eq!(
        server
            .post(
                &format!("/v1/conversations/{de}/rating"),
                Some(&de_t),
                &json!({"score": 3})
            )
            .status,
        200
    );

    let (cn, cn_t) = server.open(json!({"country": "CN", "locale": "zh-CN"}));
    server.say(&cn, &cn_t, "我的订单在哪里？");
}

/// A server at Madrid's 3 a.m. with the three scripted conversations, and
/// an operations token.
fn scripted_server() -> (TestServer, String) {
    let server = TestServer::builder()
        .config(POOLS)
        .clock(MADRID_3AM)
        .start();
    scripted(&server);
    let ops = server
        .cli(&["ops-token", "--name", "ops-lea"])
        .lines()
        .next()
        .unwrap()
        .to_string();
    (server, ops)
}

#[test]
fn ratings_resolutions_and_the_dashboard_agree_with_the_stats() {
    let (server, ops) = scripted_server();
    let compliance = server
        .cli(&["compliance-token", "--officer", "dpo-x"])
        .lines()
        .next()
        .unwrap()
        .to_string();
    assert_eq!(server.get("/v1/ops/stats", None).status, 401);
    assert_eq!(server.get("/v1/ops/stats", Some(&compliance)).status, 401);
    assert_eq!(server.get("/v1/compliance/audit", Some(&ops)).status, 401);
    let stats = server.get("/v1/ops/stats", Some(&ops));
    assert_eq!(stats.status, 200, "{}", stats.body);
    let s = &stats.body;
    let t = &s["totals"];
    assert_eq!(
        (
            t["conversations"].as_i64(),
            t["resolved_by_bot"].as_i64(),
            t["resolved_by_agent"].as_i64(),
            t["open"].as_i64()
        ),
        (Some(3), Some(1), Some(1), Some(1)),
        "{s}"
    );
    assert_eq!(t["csat"], 4.0);
    assert_eq!(t["ratings"], 2);
    assert_eq!(t["handoffs"], 1);
    assert_eq!(t["bot_resolution_rate"], 0.5);
    assert!(t["first_response_seconds"].is_number());
    let madrid = s["pools"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["pool"] == "eu-madrid")
        .unwrap();
    assert_eq!(madrid["open"], false, "03:00 in Madrid");
    assert!(
        madrid["next_opening"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-25T08:00:00"),
        "{madrid}"
    );
    let eu = s["regions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["region"] == "eu")
        .unwrap();
    assert_eq!(eu["conversations"], 2);
    assert!(!s.to_string().contains("pedido"));

    // The dashboard in a real browser.
    let chromium = crate::common::ensure_chromium();
    let url = format!("{}/dashboard#token={ops}", server.base);
    let profile = tempfile::tempdir().unwrap();
    let browse = |extra: &[&str]| {
        let out = std::process::Command::new(&chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--hide-scrollbars",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .args(["--virtual-time-budget=10000", "--window-size=1366,900"])
            .args(extra)
            .arg(&url)
            .output()
            .expect("run chromium");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let dom = browse(&["--dump-dom"]);
    assert!(
        dom.contains("data-ready=\"yes\""),
        "the page did not draw the stats: {dom}"
    );
    let figure =
        regex::Regex::new(r#"data-figure="([^"]+)"[^>]*>(?:<span[^>]*>)?([^<]*)<"#).unwrap();
    let shown: BTreeMap<String, String> = figure
        .captures_iter(&dom)
        .map(|c| (c[1].to_string(), c[2].trim().to_string()))
        .collect();
    let pct = |v: &Value| format!("{:.1} %", v.as_f64().unwrap() * 100.0);
    for (key, want) in [
        ("totals.conversations", t["conversations"].to_string()),
        (
            "totals.csat",
            t["csat"].as_f64().map(|c| format!("{c}")).unwrap(),
        ),
        ("totals.bot_resolution_rate", pct(&t["bot_resolution_rate"])),
        (
            "totals.agent_resolution_rate",
            pct(&t["agent_resolution_rate"]),
        ),
        ("totals.handoff_rate", pct(&t["handoff_rate"])),
        ("regions.eu.conversations", eu["conversations"].to_string()),
        ("regions.eu.ratings", eu["ratings"].to_string()),
        ("pools.eu-madrid.waiting", madrid["waiting"].to_string()),
        ("pools.eu-madrid.open", "closed".to_string()),
        (
            "regions.eu.es.translation_failure_rate",
            eu["languages"]
                .as_array()
                .unwrap()
                .iter()
                .find(|l| l["lang"] == "es")
                .map(|l| pct(&l["translation_failure_rate"]))
                .unwrap(),
        ),
    ] {
        assert_eq!(
            shown.get(key).map(String::as_str),
            Some(want.as_str()),
            "{key}: {shown:?}"
        );
    }
    // The token never reached the server in a URL.
    assert!(!server.logs().contains(&ops), "the token was logged");
    let artifacts = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let png = artifacts.join("dashboard.png");
    let _ = std::fs::remove_file(&png);
    browse(&[&format!("--screenshot={}", png.display())]);
    let size = std::fs::metadata(&png).map(|m| m.len()).unwrap_or(0);
    assert!(
        size > 20_000,
        "screenshot {} is {size} bytes",
        png.display()
    );
}

/// The dashboard through WebDriver in a real Chromium: drawn from the
/// stats, the token kept out of every URL the server sees, and no serious
/// or critical accessibility violation (axe-core).
#[test]
fn the_dashboard_passes_an_accessibility_check_in_a_real_browser() {
    let (server, ops) = scripted_server();
    let browser = crate::common::Browser::start();
    browser.goto(&format!("{}/dashboard#token={ops}", server.base));
    browser.wait_for(
        "the dashboard to draw",
        "document.body.dataset.ready === 'yes'",
    );
    let conversations = browser.execute(
        "return document.querySelector('[data-figure=\"totals.conversations\"]').textContent.trim();",
    );
    assert_eq!(conversations, "3");
    let violations = browser.accessibility_violations();
    assert!(
        violations.is_empty(),
        "axe-core: {}",
        serde_json::to_string_pretty(&violations).unwrap()
    );
    let png = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("dashboard-webdriver.png");
    browser.screenshot(&png);
    assert!(std::fs::metadata(&png).map(|m| m.len()).unwrap_or(0) > 20_000);
    assert!(!server.logs().contains(&ops), "the token was logged");
}
