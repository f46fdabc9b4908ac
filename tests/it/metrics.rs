//! `/metrics`: the exposition parses as Prometheus/OpenMetrics text and the
//! figures move as scripted conversations say they must.

use std::collections::BTreeMap;

use serde_json::json;

use crate::common::TestServer;
use crate::routing::{MADRID_3AM, POOLS};

/// Parses the exposition strictly: every line a `# HELP`/`# TYPE`/`# UNIT`
/// comment, `# EOF` last, or `name{label="value",…} number`. Returns the
/// samples by `name{labels}` as written.
fn parse(text: &str) -> BTreeMap<String, f64> {
    let sample = regex::Regex::new(
        r#"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (-?[0-9.eE+-]+|NaN|\+Inf|-Inf)$"#,
    )
    .unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.last(), Some(&"# EOF"), "no # EOF at the end");
    let mut out = BTreeMap::new();
    for line in &lines[..lines.len() - 1] {
        if line.starts_with("# HELP ") || line.starts_with("# TYPE ") || line.starts_with("# UNIT ")
        {
            continue;
        }
        let c = sample
            .captures(line)
            .unwrap_or_else(|| panic!("not exposition format: {line:?}"));
        let key = format!("{}{}", &c[1], c.get(2).map_or("", |m| m.as_str()));
        out.insert(key, c[3].parse::<f64>().unwrap());
    }
    out
}

pub(crate) fn scrape(server: &TestServer) -> BTreeMap<String, f64> {
    let res = reqwest::blocking::get(format!("{}/metrics", server.base)).unwrap();
    assert_eq!(res.status(), 200);
    let ct = res.headers()["content-type"].to_str().unwrap().to_string();
    assert!(ct.starts_with("application/openmetrics-text"), "{ct}");
    parse(&res.text().unwrap())
}

pub(crate) fn get(m: &BTreeMap<String, f64>, key: &str) -> f64 {
    m.get(key).copied().unwrap_or(0.0)
}

/// Long-polls waiting for a new message on `server` now.
pub(crate) fn waiting_requests(server: &TestServer) -> f64 {
    get(&scrape(server), "crossdesk_waiting_requests")
}

#[test]
fn metrics_parse_and_move_with_scripted_conversations() {
    let server = TestServer::builder()
        .config(POOLS)
        .clock(MADRID_3AM)
        .start();
    let before = scrape(&server);
    let (es, es_t) = server.open(json!({"country": "ES", "locale": "es-ES"}));
    server.say(&es, &es_t, "¿Dónde está mi pedido?");
    server.say(&es, &es_t, "Quiero hablar con una persona");
    let (zh, zh_t) = server.open(json!({"country": "CN", "locale": "zh-CN"}));
    server.say(&zh, &zh_t, "我的订单在哪里？");
    let (en, en_t) = server.open(json!({"country": "DE", "locale": "en-GB"}));
    let angry = server.say(
        &en,
        &en_t,
        "This is a SCAM, I want my money back or I'm calling my lawyer",
    );
    assert_eq!(angry["handoff"]["reason"], "upset", "{angry}");
    assert_eq!(angry["handoff"]["priority"], 1);
    let bad = server.request(
        "POST",
        &format!("/v1/conversations/{es}/messages"),
        Some(&es_t),
        Some(b"{not json"),
        "application/json",
    );
    assert_eq!(bad.status, 400);

    let after = scrape(&server);
    let delta = |key: &str| get(&after, key) - get(&before, key);
    let posted = r#"crossdesk_http_requests_total{route="/v1/conversations/{id}/messages",method="POST",status="200"}"#;
    assert_eq!(delta(posted), 4.0);
    assert_eq!(
        delta(r#"crossdesk_detected_languages_total{lang="es"}"#),
        2.0
    );
    assert_eq!(
        delta(r#"crossdesk_detected_languages_total{lang="zh"}"#),
        1.0
    );
    assert_eq!(
        delta(r#"crossdesk_handoffs_total{reason="requested"}"#),
        1.0
    );
    assert_eq!(delta(r#"crossdesk_handoffs_total{reason="upset"}"#), 1.0);
    assert_eq!(delta(r#"crossdesk_upset_messages_total{lang="en"}"#), 1.0);
    assert_eq!(delta(r#"crossdesk_errors_total{code="invalid_json"}"#), 1.0);
    for stage in ["detect", "redact", "translate", "bot", "route", "store"] {
        let count = delta(&format!(
            r#"crossdesk_stage_duration_seconds_count{{stage="{stage}"}}"#
        ));
        assert!(count >= 4.0, "{stage}: {count}");
    }
    // Every message's hops were decided: the in-process bot, allowed.
    assert!(
        delta(r#"crossdesk_transfer_decisions_total{processor="core_bot",outcome="allow"}"#) >= 4.0
    );
    let sum = |m: &BTreeMap<String, f64>, prefix: &str| -> f64 {
        m.iter()
            .filter(|(k, _)| k.starts_with(prefix))
            .map(|(_, v)| v)
            .sum()
    };
    let memory = r#"crossdesk_translations_total{engine="memory",outcome="translated","#;
    assert!(sum(&after, memory) - sum(&before, memory) >= 2.0);
    assert!(
        after.contains_key(r#"crossdesk_translations_total{engine="memory",outcome="translated",region="eu",lang="es"}"#),
        "{after:?}"
    );
    // At 03:00 in Madrid both hand-offs wait in the Madrid queue.
    assert_eq!(
        get(&after, r#"crossdesk_queue_length{pool="eu-madrid"}"#),
        2.0
    );
    // Histograms are cumulative and end at +Inf = count.
    let inf = get(
        &after,
        r#"crossdesk_http_request_duration_seconds_bucket{le="+Inf",route="/v1/conversations/{id}/messages"}"#,
    );
    let count = get(
        &after,
        r#"crossdesk_http_request_duration_seconds_count{route="/v1/conversations/{id}/messages"}"#,
    );
    assert!(inf >= 5.0 && inf == count, "{inf} {count}");
    // No conversation id, token or text in any label.
    let text = reqwest::blocking::get(format!("{}/metrics", server.base))
        .unwrap()
        .text()
        .unwrap();
    for secret in [es.as_str(), es_t.as_str(), "pedido", "SCAM"] {
        assert!(!text.contains(secret), "{secret} in /metrics");
    }
}
