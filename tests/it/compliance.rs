//! The compliance officers' side: read-only views with their own tokens,
//! which open nothing else, expire and can be revoked.

use serde_json::json;

use crate::common::{TestServer, start_rasa_bot};

/// A token command's output: the token alone on stdout, its id on stderr.
fn token_from((stdout, stderr): &(String, String)) -> (String, String) {
    assert_eq!(stdout.trim().lines().count(), 1, "{stdout}");
    let id = stderr
        .split_whitespace()
        .skip_while(|w| *w != "id")
        .nth(1)
        .unwrap_or_else(|| panic!("{stderr}"))
        .to_string();
    (stdout.trim().to_string(), id)
}

#[test]
fn officers_read_policies_transfers_and_audit_and_nothing_else() {
    let (base, _bot) = start_rasa_bot();
    // The bot reads German: the message goes to its gate untranslated.
    let bot_config = format!(
        "[bot]\nkind = \"rasa\"\nurl = \"{base}/ok/webhooks/rest/webhook\"\ntimeout_ms = 2000\njurisdiction = \"SG\"\nlanguages = [\"en\", \"de\"]\n"
    );
    let server = TestServer::builder().config(&bot_config).start();
    let (eu, eu_token) = server.open(json!({"country": "DE"}));
    server.say(
        &eu,
        &eu_token,
        "Wo ist meine Bestellung? Meine Mail ist max@example.de",
    );
    let (token, _) = token_from(&server.cli_both(&["compliance-token", "--officer", "dpo-anna"]));

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
    let (token, id) = token_from(&(
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    ));
    let server = TestServer::builder()
        .data_in(dir.path())
        .config(&format!("revoked_tokens = [\"{id}\"]"))
        .start();
    assert_eq!(
        server.get("/v1/compliance/policies", Some(&token)).status,
        401
    );
    drop(server);
    // A token valid for one day, used by a server whose clock is a year on.
    let server = TestServer::builder().clock("2028-01-01T00:00:00Z").start();
    let (token, _) =
        token_from(&server.cli_both(&["compliance-token", "--officer", "dpo-cy", "--days", "1"]));
    assert_eq!(
        server.get("/v1/compliance/policies", Some(&token)).status,
        401
    );
}

#[test]
fn mainland_volumes_count_distinct_shoppers_since_january_and_warn_near_a_line() {
    let libre = crate::stubs::start_libretranslate(crate::stubs::Mode::Ok, None);
    // A mainland policy that lets a US engine translate under a standard
    // contract, with a line of five people a year.
    let policies = crate::common::policies_with(&[(
        "cn.toml",
        "[[transfers]]\nprocessor = \"translation_engine\"\nto = [\"US\"]\nbasis = \"standard-contract\"\nredact = true\n\n[[volume_thresholds]]\nsubjects = 5\nrequires = \"test line\"",
    )]);
    let engines = format!(
        "policies_dir = {:?}\n[[translation.engines]]\nname = \"libre\"\nkind = \"libretranslate\"\nurl = \"{}\"\njurisdiction = \"US\"\nretries = 0\n",
        policies.path(),
        libre.base,
    );
    let server = TestServer::builder()
        .config(&engines)
        .config(crate::common::BOT_READS_ENGLISH)
        .clock("2026-11-25T02:00:00Z")
        .start();
    let (token, _) = token_from(&server.cli_both(&["compliance-token", "--officer", "dpo-li"]));
    let texts = [
        "我的猫把充电线咬坏了，怎么办",
        "快递员把包裹放在邻居家门口了",
        "这个颜色和图片上的不一样",
        "我的优惠券为什么不能用",
        "发票抬头写错了可以改吗",
    ];
    // Four people; one of them writes from two conversations.
    for (i, shopper) in ["wx-1", "wx-2", "wx-3", "wx-4", "wx-4"].iter().enumerate() {
        let (id, t) = server.open(
            json!({"country": "CN", "locale": "zh-CN", "shopper_assertion": crate::common::vouch(shopper, None), "channel": "wechat"}),
        );
        let reply = server.say(&id, &t, texts[i]);
        // The bot read the engine's translation.
        assert_eq!(reply["inbound_engine"], "libre", "{reply}");
    }
    assert!(libre.hits() >= 5);
    let volume = |server: &crate::common::TestServer| {
        let r = server.get("/v1/compliance/volumes?region=cn", Some(&token));
        assert_eq!(r.status, 200, "{}", r.body);
        r.body[0].clone()
    };
    let v = volume(&server);
    assert_eq!(v["year"], 2026);
    assert_eq!(v["data_subjects"], 4, "{v}");
    // The shipped lines (100,000 and 1,000,000) and the test's line of five.
    assert_eq!(v["thresholds"][0]["status"], "below", "{v}");
    assert_eq!(v["thresholds"][2]["status"], "approaching", "{v}");
    assert!(
        v["warnings"][0].as_str().unwrap().contains("approaching"),
        "{v}"
    );
    // The records of transfers count the same people.
    let records = server.get("/v1/compliance/transfers?region=cn", Some(&token));
    let max_subjects = records
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["data_subjects"].as_i64().unwrap())
        .max();
    assert_eq!(max_subjects, Some(4), "{}", records.body);
    // Pseudonyms only: the shop's ids never appear.
    let audit = server.get("/v1/compliance/audit?region=cn", Some(&token));
    assert!(!audit.body.to_string().contains("wx-"), "{}", audit.body);

    let (id, t) = server.open(json!({"country": "CN", "locale": "zh-CN", "shopper_assertion": crate::common::vouch("wx-5", None)}));
    server.say(&id, &t, "退货运费谁来承担");
    let v = volume(&server);
    assert_eq!(v["data_subjects"], 5);
    assert_eq!(v["thresholds"][2]["status"], "reached");
    // A year with nothing, and regions that transfer nothing.
    let r = server.get("/v1/compliance/volumes?region=cn&year=2025", Some(&token));
    assert_eq!(r.body[0]["data_subjects"], 0);
    assert_eq!(r.body[0]["thresholds"][2]["status"], "below");
    let all = server.get("/v1/compliance/volumes", Some(&token));
    assert_eq!(all.body.as_array().unwrap().len(), 4);
    assert_eq!(
        server
            .get("/v1/compliance/volumes?region=mars", Some(&token))
            .status,
        400
    );
}

#[test]
fn a_shopper_erases_their_conversation_and_officers_see_the_erasure() {
    let server = TestServer::builder().start();
    let (id, t) =
        server.open(json!({"country": "FR", "locale": "fr-FR", "shopper_assertion": crate::common::vouch("client-42", None)}));
    server.say(
        &id,
        &t,
        "Où est ma commande ? Mon e-mail est marie@example.fr",
    );
    let (other, other_t) = server.open(json!({"country": "FR"}));
    // Nobody else may erase it.
    let del = |conv: &str, token: Option<&str>| {
        server.request(
            "DELETE",
            &format!("/v1/conversations/{conv}"),
            token,
            None,
            "",
        )
    };
    assert_eq!(del(&id, Some(&other_t)).status, 403);
    assert_eq!(del(&id, None).status, 401);
    assert_eq!(server.stored_messages("eu", &id).len(), 2);

    let r = del(&id, Some(&t));
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["data_keys_destroyed"], 1);
    assert!(server.stored_messages("eu", &id).is_empty());
    // The token opens nothing any more; the other conversation is intact.
    assert_eq!(
        server
            .get(&format!("/v1/conversations/{id}/messages"), Some(&t))
            .status,
        404
    );
    assert_eq!(del(&id, Some(&t)).status, 404);
    assert_eq!(
        server
            .get(
                &format!("/v1/conversations/{other}/messages"),
                Some(&other_t)
            )
            .status,
        200
    );

    let (token, _) = token_from(&server.cli_both(&["compliance-token", "--officer", "dpo-eve"]));
    let erasures = server.get("/v1/compliance/erasures?region=eu", Some(&token));
    assert_eq!(erasures.status, 200);
    let list = erasures.body.as_array().unwrap();
    assert_eq!(list.len(), 1, "{}", erasures.body);
    assert_eq!(list[0]["detail"]["requested_by"], "shopper");
    let text = erasures.body.to_string();
    assert!(
        !text.contains("client-42") && !text.contains("marie@"),
        "{text}"
    );
    // The erasure is part of a chain that still verifies.
    assert!(
        server
            .cli(&["audit", "verify", "--region", "eu"])
            .contains("eu")
    );
}

/// Who may call what: every role against every endpoint, on a conversation
/// of the agent's region and one of another region. Each cell is asserted.
#[test]
fn the_role_endpoint_region_matrix() {
    let server = TestServer::builder()
        .config(crate::routing::POOLS)
        .clock(crate::routing::MADRID_3AM)
        .start();
    let (eu, eu_t) = server.open(json!({"country": "ES", "locale": "es-ES"}));
    let (apac, apac_t) = server.open(json!({"country": "SG", "locale": "en-SG"}));
    let (eu2, eu2_t) = server.open(json!({"country": "DE"}));
    for (id, t) in [(&eu, &eu_t), (&apac, &apac_t), (&eu2, &eu2_t)] {
        server.say(id, t, "I want to talk to a person");
    }
    let agent = |pool: &str| {
        server.cli(&[
            "agent-token",
            "--pool",
            pool,
            "--agent",
            "Ana",
            "--lang",
            "es",
        ])
    };
    let (eu_agent, apac_agent) = (agent("eu-madrid"), agent("apac-sg"));
    let (officer, _) = token_from(&server.cli_both(&["compliance-token", "--officer", "dpo-max"]));
    let roles: [(&str, Option<&str>); 7] = [
        ("anonymous", None),
        ("garbage", Some("not-a-token")),
        ("shopper", Some(&eu_t)),
        ("other shopper", Some(&eu2_t)),
        ("agent eu", Some(&eu_agent)),
        ("agent apac", Some(&apac_agent)),
        ("officer", Some(&officer)),
    ];
    let reply = json!({"text": "Hola"});
    let transfer = json!({"pool": "eu-madrid"});
    let close = json!({"resolution": "resolved"});
    let sim = json!({"text": "hola", "country": "ES"});
    type Cell<'a> = (&'a str, String, Option<&'a serde_json::Value>, [u16; 7]);
    //                                  anon garb shop othr agEU agAP offi
    let cells: Vec<Cell> = vec![
        (
            "GET",
            format!("/v1/conversations/{eu}/messages"),
            None,
            [401, 401, 200, 403, 401, 401, 401],
        ),
        (
            "POST",
            format!("/v1/conversations/{eu}/messages"),
            Some(&reply),
            [401, 401, 200, 403, 401, 401, 401],
        ),
        (
            "GET",
            "/v1/agent/queue".into(),
            None,
            [401, 401, 401, 401, 200, 200, 401],
        ),
        (
            "GET",
            format!("/v1/agent/conversations/{eu}/messages"),
            None,
            [401, 401, 401, 401, 200, 403, 401],
        ),
        (
            "GET",
            format!("/v1/agent/conversations/{apac}/messages"),
            None,
            [401, 401, 401, 401, 403, 200, 401],
        ),
        (
            "POST",
            format!("/v1/agent/conversations/{apac}/claim"),
            None,
            [401, 401, 401, 401, 403, 200, 401],
        ),
        (
            "POST",
            format!("/v1/agent/conversations/{eu}/claim"),
            None,
            [401, 401, 401, 401, 200, 403, 401],
        ),
        (
            "POST",
            format!("/v1/agent/conversations/{eu}/messages"),
            Some(&reply),
            [401, 401, 401, 401, 200, 403, 401],
        ),
        (
            "POST",
            format!("/v1/agent/conversations/{apac}/transfer"),
            Some(&transfer),
            [401, 401, 401, 401, 403, 400, 401],
        ),
        (
            "POST",
            format!("/v1/agent/conversations/{eu}/close"),
            Some(&close),
            [401, 401, 401, 401, 204, 403, 401],
        ),
        (
            "GET",
            "/v1/compliance/policies".into(),
            None,
            [401, 401, 401, 401, 401, 401, 200],
        ),
        (
            "GET",
            "/v1/compliance/audit".into(),
            None,
            [401, 401, 401, 401, 401, 401, 200],
        ),
        (
            "GET",
            "/v1/compliance/transfers".into(),
            None,
            [401, 401, 401, 401, 401, 401, 200],
        ),
        (
            "GET",
            "/v1/compliance/volumes".into(),
            None,
            [401, 401, 401, 401, 401, 401, 200],
        ),
        (
            "GET",
            "/v1/compliance/erasures".into(),
            None,
            [401, 401, 401, 401, 401, 401, 200],
        ),
        (
            "POST",
            "/v1/compliance/simulate".into(),
            Some(&sim),
            [401, 401, 401, 401, 401, 401, 200],
        ),
        (
            "DELETE",
            format!("/v1/conversations/{eu}"),
            None,
            [401, 401, 200, 403, 401, 401, 401],
        ),
    ];
    let mut wrong = Vec::new();
    for (method, path, body, expected) in &cells {
        for ((role, token), want) in roles.iter().zip(expected) {
            // The erasure cell for the owner runs last: it ends the conversation.
            if *method == "DELETE" && *role == "shopper" {
                continue;
            }
            let bytes = body.map(|b| b.to_string().into_bytes());
            let got = server
                .request(method, path, *token, bytes.as_deref(), "application/json")
                .status;
            if got != *want {
                wrong.push(format!("{role} {method} {path}: {got}, expected {want}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    let r = server.request(
        "DELETE",
        &format!("/v1/conversations/{eu}"),
        Some(&eu_t),
        None,
        "",
    );
    assert_eq!(r.status, 200);
    // Officers never read message text, whatever they ask.
    let audit = server.get("/v1/compliance/audit", Some(&officer));
    let text = audit.body.to_string();
    assert!(
        !text.contains("talk to a person") && !text.contains("Hola"),
        "{text}"
    );
}
