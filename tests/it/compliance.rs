//! The compliance officers' side: read-only views with their own tokens,
//! which open nothing else, expire and can be revoked.

use serde_json::json;

use crate::common::{start, start_in, start_rasa_bot};

fn token_from(out: &str) -> (String, String) {
    let token = out.lines().next().unwrap().to_string();
    let id = out
        .lines()
        .nth(1)
        .unwrap()
        .split_whitespace()
        .nth(2)
        .unwrap()
        .to_string();
    (token, id)
}

#[test]
fn officers_read_policies_transfers_and_audit_and_nothing_else() {
    let (base, _bot) = start_rasa_bot();
    let server = start(&format!(
        "[bot]\nkind = \"rasa\"\nurl = \"{base}/ok/webhooks/rest/webhook\"\ntimeout_ms = 2000\njurisdiction = \"SG\"\n"
    ));
    let (eu, eu_token) = server.open(json!({"country": "DE"}));
    server.say(
        &eu,
        &eu_token,
        "Wo ist meine Bestellung? Meine Mail ist max@example.de",
    );
    let (token, _) = token_from(&server.cli(&["compliance-token", "--officer", "dpo-anna"]));

    let policies = server.get("/v1/compliance/policies", Some(&token));
    assert_eq!(policies.status, 200, "{}", policies.body);
    let list = policies.body.as_array().unwrap();
    assert_eq!(list.len(), 4);
    assert!(
        list.iter()
            .all(|p| p["hash"].as_str().unwrap().len() == 64 && p["version"].is_string())
    );

    let records = server.get("/v1/compliance/transfers?region=eu", Some(&token));
    assert_eq!(records.status, 200, "{}", records.body);
    let r = &records.body[0];
    assert_eq!(
        (
            r["processor"].as_str(),
            r["name"].as_str(),
            r["outcome"].as_str(),
            r["messages"].as_i64(),
            r["conversations"].as_i64()
        ),
        (
            Some("core_bot"),
            Some("rasa"),
            Some("deny"),
            Some(1),
            Some(1)
        ),
        "{}",
        records.body
    );
    let audit = server.get("/v1/compliance/audit?region=eu&kind=transfer", Some(&token));
    assert_eq!(audit.status, 200);
    let text = audit.body.to_string();
    assert!(
        !text.contains("Bestellung") && !text.contains("max@example.de"),
        "{text}"
    );
    // Every access is itself audited.
    let access = server.get(
        "/v1/compliance/audit?region=eu&kind=compliance_access",
        Some(&token),
    );
    assert!(
        access.body.as_array().unwrap().len() >= 2,
        "{}",
        access.body
    );
    assert_eq!(
        server
            .get("/v1/compliance/audit?region=mars", Some(&token))
            .status,
        400
    );

    // The role matrix: each token reaches only its own side.
    for path in [
        "/v1/compliance/policies",
        "/v1/compliance/audit",
        "/v1/compliance/transfers",
    ] {
        assert_eq!(server.get(path, Some(&eu_token)).status, 401, "{path}");
        assert_eq!(server.get(path, None).status, 401, "{path}");
    }
    assert_eq!(
        server
            .get(&format!("/v1/conversations/{eu}/messages"), Some(&token))
            .status,
        401
    );
    assert_eq!(server.get("/v1/agent/queue", Some(&token)).status, 401);
}

#[test]
fn revoked_and_expired_tokens_open_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("c.toml");
    std::fs::write(
        &config,
        format!("data_dir = {:?}\n", dir.path().join("data")),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_crossdesk"))
        .args([
            "--config",
            config.to_str().unwrap(),
            "compliance-token",
            "--officer",
            "dpo-ben",
        ])
        .current_dir(crate::common::repo())
        .output()
        .unwrap();
    let (token, id) = token_from(&String::from_utf8(out.stdout).unwrap());
    let server = start_in(dir.path(), &format!("revoked_tokens = [\"{id}\"]"));
    assert_eq!(
        server.get("/v1/compliance/policies", Some(&token)).status,
        401
    );
    drop(server);
    // A token valid for one day, used by a server whose clock is a year on.
    let server = crate::common::start_at("", "2028-01-01T00:00:00Z");
    let (token, _) =
        token_from(&server.cli(&["compliance-token", "--officer", "dpo-cy", "--days", "1"]));
    assert_eq!(
        server.get("/v1/compliance/policies", Some(&token)).status,
        401
    );
}
