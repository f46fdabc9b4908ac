//! Routing to agent pools and the agents' side, through the real server
//! with a simulated clock.

use serde_json::{Value, json};

use crate::common::{TestServer, policies_with, wait_until};

pub(crate) const POOLS: &str = r#"
[[pools]]
id = "eu-madrid"
region = "eu"
timezone = "Europe/Madrid"
languages = ["es", "en"]
partners = ["apac-sg"]
hours = { mon = ["09:00-18:00"], tue = ["09:00-18:00"], wed = ["09:00-18:00"], thu = ["09:00-18:00"], fri = ["09:00-18:00"] }

[[pools]]
id = "apac-sg"
region = "apac"
timezone = "Asia/Singapore"
languages = ["en", "zh"]
hours = { mon = ["09:00-18:00"], tue = ["09:00-18:00"], wed = ["09:00-18:00"], thu = ["09:00-18:00"], fri = ["09:00-18:00"] }
"#;

/// Wednesday 25 November 2026, 03:00 in Madrid, 10:00 in Singapore.
pub(crate) const MADRID_3AM: &str = "2026-11-25T02:00:00Z";

/// Policies where the EU lets APAC pools see its conversations.
fn policies_allowing_apac() -> tempfile::TempDir {
    policies_with(&[(
        "eu.toml",
        "[[transfers]]\nprocessor = \"agent_pool\"\nto = [\"apac\"]\nbasis = \"scc\"",
    )])
}

pub(crate) fn agent(server: &TestServer, pool: &str, name: &str, lang: &str) -> String {
    server.cli(&[
        "agent-token",
        "--pool",
        pool,
        "--agent",
        name,
        "--lang",
        lang,
    ])
}

fn madrid_shopper(server: &TestServer) -> (String, String) {
    server.open(json!({"country": "ES", "locale": "es-ES", "timezone": "Europe/Madrid"}))
}

fn codes(reply: &Value) -> Vec<String> {
    reply["notices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn madrid_at_3am_goes_to_the_open_apac_partner_when_the_policy_allows() {
    let policies = policies_allowing_apac();
    let server = TestServer::builder()
        .config(&format!("policies_dir = {:?}\n{POOLS}", policies.path()))
        .clock(MADRID_3AM)
        .start();
    let (id, token) = madrid_shopper(&server);
    let reply = server.say(&id, &token, "Quiero hablar con una persona");
    let h = &reply["handoff"];
    assert_eq!(
        (
            h["reason"].as_str(),
            h["pool"].as_str(),
            h["routed"].as_bool()
        ),
        (Some("requested"), Some("apac-sg"), Some(true)),
        "{reply}"
    );
    assert!(codes(&reply).contains(&"routed-to-pool".to_string()));

    // The Singapore agent sees it in the queue, claims it and reads it in English.
    let sg = agent(&server, "apac-sg", "wei", "en");
    let queue = server.get("/v1/agent/queue", Some(&sg));
    assert_eq!(
        queue.body["conversations"][0]["id"],
        id.as_str(),
        "{}",
        queue.body
    );
    let view = server.post(
        &format!("/v1/agent/conversations/{id}/claim"),
        Some(&sg),
        &json!({}),
    );
    assert_eq!(view.status, 200, "{}", view.body);
    let first = &view.body["messages"][0];
    assert_eq!(
        (first["original"].as_str(), first["text"].as_str()),
        (
            Some("Quiero hablar con una persona"),
            Some("I want to talk to a person.")
        )
    );
}

#[test]
fn madrid_at_3am_without_the_transfer_waits_for_madrid_and_reads_the_agent_in_spanish() {
    // The shipped policies keep EU conversations with EU pools.
    let server = TestServer::builder()
        .config(POOLS)
        .clock(MADRID_3AM)
        .start();
    let (id, token) = madrid_shopper(&server);
    let reply = server.say(&id, &token, "Quiero hablar con una persona");
    let h = &reply["handoff"];
    assert_eq!(
        (h["pool"].as_str(), h["routed"].as_bool()),
        (Some("eu-madrid"), Some(false)),
        "{reply}"
    );
    // Opens today 09:00 in Madrid, told in Spanish, Madrid time.
    assert_eq!(h["opens_at"], "2026-11-25T09:00:00+01:00");
    assert_eq!(h["opens_local"], "25/11/2026, 09:00 CET");
    let queued = reply["notices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["code"] == "queued-until")
        .unwrap();
    assert!(
        queued["text"]
            .as_str()
            .unwrap()
            .contains("25/11/2026, 09:00 CET"),
        "{queued}"
    );
    // No handling times yet: the wait is unknown, not zero.
    assert_eq!(h["wait"]["kind"], "unknown");
    assert!(codes(&reply).contains(&"wait-unknown".to_string()));

    // APAC agents cannot see it; Madrid's can.
    let sg = agent(&server, "apac-sg", "wei", "en");
    assert_eq!(
        server.get("/v1/agent/queue", Some(&sg)).body["conversations"],
        json!([])
    );
    assert_eq!(
        server
            .get(&format!("/v1/agent/conversations/{id}/messages"), Some(&sg))
            .status,
        403
    );
    let md = agent(&server, "eu-madrid", "john", "en");
    let claimed = server.post(
        &format!("/v1/agent/conversations/{id}/claim"),
        Some(&md),
        &json!({}),
    );
    assert_eq!(claimed.status, 200, "{}", claimed.body);
    // A second claim loses.
    let again = server.post(
        &format!("/v1/agent/conversations/{id}/claim"),
        Some(&agent(&server, "eu-madrid", "ana", "es")),
        &json!({}),
    );
    assert_eq!(again.status, 409);

    // The agent answers in English; the shopper reads Spanish (long-poll).
    let last_seq = server
        .get(&format!("/v1/conversations/{id}/messages"), Some(&token))
        .body["messages"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()["seq"]
        .as_i64()
        .unwrap();
    // The shopper is already waiting when the agent answers: the reply
    // wakes the long-poll (its 30 s are not waited out).
    let (sent, (news, took)) = std::thread::scope(|scope| {
        let poll = scope.spawn(|| {
            let started = std::time::Instant::now();
            let r = server.get(
                &format!("/v1/conversations/{id}/messages?after={last_seq}&wait=30"),
                Some(&token),
            );
            (r, started.elapsed())
        });
        wait_until(
            std::time::Duration::from_secs(20),
            "the long-poll to wait",
            || crate::metrics::waiting_requests(&server) == 1.0,
        );
        let sent = server.post(
            &format!("/v1/agent/conversations/{id}/messages"),
            Some(&md),
            &json!({"text": "You are welcome! Is there anything else I can help with?"}),
        );
        (sent, poll.join().unwrap())
    });
    assert_eq!(sent.status, 200, "{}", sent.body);
    assert_eq!(sent.body["shopper_lang"], "es");
    assert_eq!(news.status, 200, "{}", news.body);
    // Woken: a SQLite store is never read for nothing, so a missed
    // wake-up would show as the whole 30 s.
    assert!(took < std::time::Duration::from_secs(10), "{took:?}");
    let m = &news.body["messages"][0];
    assert_eq!(m["role"], "agent");
    assert_eq!(m["text"], sent.body["text_for_shopper"]);
    assert!(m["text"].as_str().unwrap().starts_with("¡De nada!"), "{m}");

    // While the agent holds it, the shopper's messages go to the agent, not the bot.
    let to_agent = server.say(&id, &token, "¿Dónde está mi pedido?");
    assert!(to_agent["bot_text"].is_null());
    assert_eq!(to_agent["notices"][0]["code"], "message-to-agent");

    // Close: the shopper is told, and the handling time now feeds estimates.
    let closed = server.post(
        &format!("/v1/agent/conversations/{id}/close"),
        Some(&md),
        &json!({"resolution": "resolved"}),
    );
    assert_eq!(closed.status, 204, "{}", closed.body);
    let history = server.get(&format!("/v1/conversations/{id}/messages"), Some(&token));
    let last = history.body["messages"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["role"], "system");
    assert!(last["text"].as_str().unwrap().contains("cerrado"), "{last}");
    let (id2, token2) = madrid_shopper(&server);
    let reply = server.say(&id2, &token2, "Quiero hablar con una persona");
    assert_eq!(reply["handoff"]["wait"]["kind"], "range", "{reply}");
}

/// An upset hand-off: priority 1, the soothing notice, `position` in line.
fn assert_upset_handoff(reply: &Value, position: i64) {
    let handoff = &reply["handoff"];
    assert_eq!(
        (
            handoff["reason"].as_str(),
            handoff["priority"].as_i64(),
            handoff["position"].as_i64()
        ),
        (Some("upset"), Some(1), Some(position)),
        "{reply}"
    );
    assert!(
        codes(reply).contains(&"handoff-soothing".to_string()),
        "{reply}"
    );
}

#[test]
fn upset_shoppers_jump_the_line_and_repeated_misses_hand_off() {
    let server = TestServer::builder()
        .config(POOLS)
        .clock(MADRID_3AM)
        .start();
    let (calm, calm_token) = madrid_shopper(&server);
    server.say(&calm, &calm_token, "Quiero hablar con una persona");
    let (angry, angry_token) = madrid_shopper(&server);
    let reply = server.say(
        &angry,
        &angry_token,
        "¡¡Es una ESTAFA!! Estoy harto, nadie me responde 😡",
    );
    assert_upset_handoff(&reply, 1);
    let md = agent(&server, "eu-madrid", "john", "en");
    let queue = server.get("/v1/agent/queue", Some(&md)).body;
    let ids: Vec<&str> = queue["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [angry.as_str(), calm.as_str()]);

    // Upset without an emotion word (the model, not the lexicon): a broken
    // promise also jumps the calm shopper's place.
    let (promised, promised_token) = madrid_shopper(&server);
    let reply = server.say(
        &promised,
        &promised_token,
        "Me dijeron que me llamarían en 24 horas. Eso fue el martes pasado.",
    );
    assert_upset_handoff(&reply, 2);

    // The bot not understanding twice in a row hands off.
    let (lost, lost_token) = server.open(json!({"country": "US", "locale": "en-US"}));
    let first = server.say(&lost, &lost_token, "blue cheese moon");
    assert!(first["handoff"].is_null(), "{first}");
    let second = server.say(&lost, &lost_token, "purple elephant dance");
    assert_eq!(second["handoff"]["reason"], "bot_gave_up", "{second}");
}

#[test]
fn agent_and_shopper_tokens_stay_on_their_side() {
    let server = TestServer::builder()
        .config(POOLS)
        .clock(MADRID_3AM)
        .start();
    let (id, token) = madrid_shopper(&server);
    server.say(&id, &token, "Quiero hablar con una persona");
    let md = agent(&server, "eu-madrid", "john", "en");
    assert_eq!(server.get("/v1/agent/queue", Some(&token)).status, 401);
    assert_eq!(server.get("/v1/agent/queue", None).status, 401);
    assert_eq!(
        server
            .get(&format!("/v1/conversations/{id}/messages"), Some(&md))
            .status,
        401
    );
    // Replying before claiming, or closing with a made-up resolution, is refused.
    let r = server.post(
        &format!("/v1/agent/conversations/{id}/messages"),
        Some(&md),
        &json!({"text": "hi"}),
    );
    assert_eq!(r.status, 409);
    server.post(
        &format!("/v1/agent/conversations/{id}/claim"),
        Some(&md),
        &json!({}),
    );
    let r = server.post(
        &format!("/v1/agent/conversations/{id}/close"),
        Some(&md),
        &json!({"resolution": "whatever"}),
    );
    assert_eq!(
        (r.status, r.body["error"]["code"].as_str()),
        (400, Some("invalid_resolution"))
    );
    // Transfer to a pool the EU policy does not allow.
    let r = server.post(
        &format!("/v1/agent/conversations/{id}/transfer"),
        Some(&md),
        &json!({"pool": "apac-sg"}),
    );
    assert_eq!(
        (r.status, r.body["error"]["code"].as_str()),
        (400, Some("transfer_not_allowed"))
    );
}

#[test]
fn route_command_prints_the_decision() {
    let server = TestServer::builder()
        .config(POOLS)
        .clock(MADRID_3AM)
        .start();
    let out = server.cli(&[
        "route",
        "--at",
        MADRID_3AM,
        "--country",
        "ES",
        "--lang",
        "es",
        "--timezone",
        "Europe/Madrid",
    ]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["region"], "eu");
    assert_eq!(v["decision"]["outcome"], "queued");
    assert_eq!(v["decision"]["pool"], "eu-madrid");
    assert_eq!(v["opens_in_shopper_zone"], "2026-11-25T09:00:00+01:00");
}

/// Places in line follow the queue at once: once an agent takes the first
/// shopper in line, the third one's next message says 2, not a stale 3.
#[test]
fn a_claim_moves_everyone_behind_up_at_once() {
    let server = TestServer::builder()
        .config(POOLS)
        .clock(MADRID_3AM)
        .start();
    let shoppers: Vec<(String, String)> = (0..3).map(|_| madrid_shopper(&server)).collect();
    for (i, (id, token)) in shoppers.iter().enumerate() {
        let reply = server.say(id, token, "Quiero hablar con una persona");
        assert_eq!(reply["handoff"]["position"], i as i64 + 1, "{reply}");
        // Real time: distinct times in line, whatever the clock's resolution.
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let (id, token) = &shoppers[2];
    let waiting = server.say(id, token, "Vale, gracias");
    assert_eq!(waiting["handoff"]["position"], 3, "{waiting}");
    let md = agent(&server, "eu-madrid", "john", "en");
    let claimed = server.post(
        &format!("/v1/agent/conversations/{}/claim", shoppers[0].0),
        Some(&md),
        &json!({}),
    );
    assert_eq!(claimed.status, 200, "{}", claimed.body);
    let moved = server.say(id, token, "Vale, gracias");
    assert_eq!(moved["handoff"]["position"], 2, "{moved}");
}
