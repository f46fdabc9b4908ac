//! The audit log verified and exported over HTTP for compliance officers:
//! the verdict of `crossdesk audit verify` and the bytes of `crossdesk
//! audit export`, for compliance tokens only; and each policy's check.

use std::time::Duration;

use serde_json::{Value, json};

use crate::common::{TestServer, signed_size, wait_until};

fn officer(server: &TestServer) -> String {
    server.cli(&["compliance-token", "--officer", "dpo-audit"])
}

/// A raw answer: status, headers, body bytes as text.
fn fetch(
    server: &TestServer,
    path: &str,
    token: Option<&str>,
) -> (u16, reqwest::header::HeaderMap, String) {
    let mut req = reqwest::blocking::Client::new().get(format!("{}{path}", server.base));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().unwrap();
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    (status, headers, res.text().unwrap())
}

fn sqlite(server: &TestServer, region: &str) -> impl FnMut(&str) {
    use diesel::connection::SimpleConnection;
    let db = server
        .data_dir()
        .join(format!("{region}.db"))
        .display()
        .to_string();
    let mut conn = <diesel::SqliteConnection as diesel::Connection>::establish(&db).unwrap();
    conn.batch_execute("PRAGMA busy_timeout = 5000").unwrap();
    move |statements| conn.batch_execute(statements).unwrap()
}

/// Waits until a signed checkpoint covers `region`'s whole log, as the
/// CLI counts it.
fn signed(server: &TestServer, region: &str) {
    let file = server
        .data_dir()
        .join(format!("audit/{region}.checkpoints"));
    wait_until(Duration::from_secs(30), "a checkpoint of the head", || {
        let (_, out) =
            crate::residency::crossdesk_cli(server, &["audit", "verify", "--region", region]);
        let n: i64 = out
            .split(&format!("region {region}: "))
            .nth(1)
            .and_then(|r| r.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(i64::MAX);
        signed_size(&file) >= n
    });
}

#[test]
fn only_officers_verify_and_export_the_audit_log() {
    let server = TestServer::builder().config(crate::routing::POOLS).start();
    let (id, shopper) = server.open(json!({"country": "DE"}));
    server.say(&id, &shopper, "Wo ist meine Bestellung?");
    let agent = server.cli(&[
        "agent-token",
        "--pool",
        "eu-madrid",
        "--agent",
        "Ana",
        "--lang",
        "es",
    ]);
    let token = officer(&server);
    for path in [
        "/v1/compliance/audit/verify",
        "/v1/compliance/audit/export?region=eu",
    ] {
        for (who, t) in [
            ("nobody", None),
            ("a shopper", Some(shopper.as_str())),
            ("an agent", Some(agent.as_str())),
        ] {
            let (status, _, body) = fetch(&server, path, t);
            assert_eq!(status, 401, "{who} on {path}: {body}");
            assert!(body.contains("\"error\""), "{body}");
        }
    }
    for path in [
        "/v1/compliance/audit/verify?region=mars",
        "/v1/compliance/audit/export?region=mars",
    ] {
        let r = server.get(path, Some(&token));
        assert_eq!(r.status, 404, "{path}: {}", r.body);
        assert!(
            r.body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("mars")
        );
    }
    let bad = server.get(
        "/v1/compliance/audit/export?region=eu&format=xml",
        Some(&token),
    );
    assert_eq!(
        (bad.status, bad.body["error"]["code"].as_str()),
        (400, Some("invalid_format")),
        "{}",
        bad.body
    );
    let bad = server.get("/v1/compliance/audit/export", Some(&token));
    assert_eq!(bad.status, 400, "a region is required: {}", bad.body);
    let bad = server.get(
        "/v1/compliance/audit/export?region=eu&from=yesterday",
        Some(&token),
    );
    assert_eq!(bad.status, 400, "{}", bad.body);
}

#[test]
fn the_verdict_and_the_export_are_the_clis_and_name_the_first_altered_entry() {
    let server = TestServer::builder().start();
    for country in ["DE", "FR"] {
        let (id, t) = server.open(json!({"country": country}));
        server.say(&id, &t, "Where is my order?");
    }
    let token = officer(&server);
    signed(&server, "eu");

    // Intact: every region, with as many entries as the CLI counts.
    let (ok, cli) = crate::residency::crossdesk_cli(&server, &["audit", "verify"]);
    assert!(ok, "{cli}");
    let r = server.get("/v1/compliance/audit/verify", Some(&token));
    assert_eq!(r.status, 200, "{}", r.body);
    let verdicts = r.body.as_array().unwrap();
    assert_eq!(verdicts.len(), 4, "{}", r.body);
    for v in verdicts {
        assert_eq!(
            (v["intact"].as_bool(), &v["first_bad_seq"], &v["reason"]),
            (Some(true), &Value::Null, &Value::Null),
            "{v}"
        );
        let line = format!(
            "region {}: {} entries, chain intact",
            v["region"].as_str().unwrap(),
            v["entries"]
        );
        assert!(cli.contains(&line), "{line} not in {cli}");
    }
    let eu_entries = verdicts.iter().find(|v| v["region"] == "eu").unwrap()["entries"]
        .as_i64()
        .unwrap();
    assert!(eu_entries >= 2, "{}", r.body);

    // CSV: the CLI's bytes, as an attachment.
    let csv_cli = server.cli(&["audit", "export", "--region", "eu", "--format", "csv"]);
    let (status, headers, csv) = fetch(
        &server,
        "/v1/compliance/audit/export?region=eu&format=csv",
        Some(&token),
    );
    assert_eq!(status, 200, "{csv}");
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        headers["content-disposition"],
        "attachment; filename=\"crossdesk-audit-eu.csv\""
    );
    assert_eq!(csv, csv_cli);
    assert!(
        csv.starts_with("seq,at,kind,subject,detail,policy_hash"),
        "{csv}"
    );

    // JSON Lines up to the last message's entries: the CLI's bytes too.
    let decisions = server.get("/v1/compliance/audit?region=eu&kind=decision", Some(&token));
    let last = decisions
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["at"].as_i64().unwrap())
        .max()
        .unwrap();
    let rfc3339 = chrono::DateTime::from_timestamp_millis(last)
        .unwrap()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let jsonl_cli = server.cli(&["audit", "export", "--region", "eu", "--to", &rfc3339]);
    let (status, headers, jsonl) = fetch(
        &server,
        &format!("/v1/compliance/audit/export?region=eu&to={last}"),
        Some(&token),
    );
    assert_eq!(status, 200, "{jsonl}");
    assert_eq!(headers["content-type"], "application/jsonl; charset=utf-8");
    assert_eq!(
        headers["content-disposition"],
        "attachment; filename=\"crossdesk-audit-eu.jsonl\""
    );
    assert_eq!(jsonl, jsonl_cli);
    assert!(
        jsonl
            .lines()
            .next()
            .unwrap()
            .contains("\"type\":\"header\""),
        "{jsonl}"
    );
    assert!(
        jsonl.lines().any(|l| l.contains("\"kind\":\"decision\"")),
        "{jsonl}"
    );

    // The whole log, downloaded once a checkpoint covers it, verifies offline.
    signed(&server, "eu");
    let (_, _, whole) = fetch(
        &server,
        "/v1/compliance/audit/export?region=eu&format=jsonl",
        Some(&token),
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("eu.jsonl");
    std::fs::write(&file, &whole).unwrap();
    let public_key = server.cli(&["audit", "public-key"]);
    let out = server.cli(&[
        "audit",
        "verify",
        "--file",
        file.to_str().unwrap(),
        "--public-key",
        &public_key,
    ]);
    assert!(out.ends_with("entries verify"), "{out}");

    // An entry edited in the database: the same first bad entry and reason
    // as the CLI names.
    sqlite(&server, "eu")("UPDATE audit SET detail = replace(detail, '\"', '''') WHERE seq = 2");
    let (ok, cli) =
        crate::residency::crossdesk_cli(&server, &["audit", "verify", "--region", "eu"]);
    assert!(!ok, "{cli}");
    let r = server.get("/v1/compliance/audit/verify?region=eu", Some(&token));
    assert_eq!(r.status, 200, "{}", r.body);
    let v = &r.body[0];
    assert_eq!(
        (
            v["region"].as_str(),
            v["intact"].as_bool(),
            v["first_bad_seq"].as_i64()
        ),
        (Some("eu"), Some(false), Some(2)),
        "{v}"
    );
    let reason = v["reason"].as_str().unwrap();
    assert!(reason.contains("content altered"), "{reason}");
    assert!(
        cli.contains(&format!("region eu: entry 2: {reason}")),
        "{cli} / {reason}"
    );
    // Other regions stay intact; the reads were audited.
    let all = server.get("/v1/compliance/audit/verify", Some(&token));
    assert!(
        all.body
            .as_array()
            .unwrap()
            .iter()
            .filter(|v| v["region"] != "eu")
            .all(|v| v["intact"] == true),
        "{}",
        all.body
    );
    let access = server.get(
        "/v1/compliance/audit?region=us&kind=compliance_access",
        Some(&token),
    );
    let endpoints: Vec<&str> = access
        .body
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["detail"]["endpoint"].as_str())
        .collect();
    assert!(
        endpoints.contains(&"audit/verify") && !endpoints.contains(&"audit/export"),
        "{endpoints:?}"
    );
    assert!(!server.logs().contains("token="), "a token in a URL");
}

#[test]
fn each_policy_in_force_shows_its_check() {
    let policies = crate::common::policies_with(&[]);
    let server = TestServer::builder()
        .config(&format!("policies_dir = {:?}", policies.path()))
        .start();
    let token = officer(&server);
    let checks = |server: &TestServer| -> Vec<(String, String, Vec<String>)> {
        let r = server.get("/v1/compliance/policies", Some(&token));
        assert_eq!(r.status, 200, "{}", r.body);
        r.body
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                let problems = p["check"]["problems"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_str().unwrap().to_string())
                    .collect();
                (
                    p["id"].as_str().unwrap().to_string(),
                    p["check"]["status"].as_str().unwrap().to_string(),
                    problems,
                )
            })
            .collect()
    };
    let all_ok = checks(&server);
    assert_eq!(all_ok.len(), 4);
    assert!(
        all_ok.iter().all(|(_, s, p)| s == "ok" && p.is_empty()),
        "{all_ok:?}"
    );

    // The file of the policy in force changes, another one breaks: each
    // policy says what concerns it, as `crossdesk policy check` would.
    let us = policies.path().join("us.toml");
    let text = std::fs::read_to_string(&us).unwrap();
    std::fs::write(&us, text.replacen("version = \"", "version = \"9", 1)).unwrap();
    std::fs::write(policies.path().join("cn.toml"), "id = \"cn\"\nname = \n").unwrap();
    let now = checks(&server);
    let of = |id: &str| now.iter().find(|(r, _, _)| r == id).unwrap().clone();
    assert_eq!(of("eu").1, "ok", "{now:?}");
    let (_, status, problems) = of("cn");
    assert_eq!(status, "problems");
    assert!(problems[0].contains("cn.toml:2:"), "{problems:?}");
    let (ok, cli) = crate::residency::crossdesk_cli(&server, &["policy", "check"]);
    assert!(!ok && cli.contains(&problems[0]), "{cli} / {problems:?}");
    // With the folder valid again, the changed file is named.
    std::fs::copy(
        crate::common::repo().join("policies/cn.toml"),
        policies.path().join("cn.toml"),
    )
    .unwrap();
    let now = checks(&server);
    let us_check = now.iter().find(|(r, _, _)| r == "us").unwrap();
    assert_eq!(us_check.1, "problems", "{now:?}");
    assert!(us_check.2[0].contains("the file has changed"), "{now:?}");
    assert!(
        now.iter()
            .filter(|(r, _, _)| r != "us")
            .all(|(_, s, _)| s == "ok"),
        "{now:?}"
    );
}

/// A server on a simulated clock dates its entries by that clock: the
/// newest, not yet signed, are still pending by it, and the log is intact
/// (not "uncovered" because the simulated time lies in the past).
#[test]
fn a_log_written_on_a_simulated_clock_verifies_intact() {
    let server = TestServer::builder()
        .config(crate::routing::POOLS)
        .clock(crate::routing::MADRID_3AM)
        .start();
    let (id, token) = server.open(json!({"country": "ES", "locale": "es-ES"}));
    server.say(&id, &token, "Quiero hablar con una persona");
    let officer = officer(&server);
    // Reading writes `compliance_access` entries; verifying at once finds
    // them unsigned yet, younger than the pending window by the same clock.
    let _ = server.get("/v1/compliance/audit?region=eu", Some(&officer));
    let v = server.get("/v1/compliance/audit/verify", Some(&officer));
    assert_eq!(v.status, 200, "{}", v.body);
    for verdict in v.body.as_array().unwrap() {
        assert_eq!(verdict["intact"], json!(true), "{verdict}");
    }
}
