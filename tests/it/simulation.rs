//! Policy simulation: what `POST /v1/compliance/simulate` (and `crossdesk
//! policy simulate`) says the pipeline would do is what the pipeline then
//! does with the same input — checked against the `decision` entry the real
//! message leaves in the audit log, and against the reply.

use serde_json::{Value, json};

use crate::common::TestServer;
use crate::routing::{MADRID_3AM, POOLS};
use crate::stubs::{Mode, start_libretranslate};

fn compliance_token(server: &TestServer) -> String {
    let out = server.cli(&["compliance-token", "--officer", "dpo-simulation"]);
    out.lines().next().unwrap().to_string()
}

/// The `decision` entry the pipeline wrote for a conversation's message.
fn decision_of(server: &TestServer, token: &str, region: &str, id: &str) -> Value {
    let r = server.get(
        &format!("/v1/compliance/audit?region={region}&kind=decision"),
        Some(token),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let mine: Vec<&Value> = r
        .body
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["subject"] == id)
        .collect();
    assert_eq!(mine.len(), 1, "{}", r.body);
    mine[0]["detail"].clone()
}

fn count(server: &TestServer, token: &str, region: &str, kind: &str) -> usize {
    server
        .get(
            &format!("/v1/compliance/audit?region={region}&kind={kind}"),
            Some(token),
        )
        .body
        .as_array()
        .unwrap()
        .len()
}

struct Scenario {
    name: &'static str,
    country: &'static str,
    locale: &'static str,
    timezone: &'static str,
    text: &'static str,
}

#[test]
fn simulations_match_what_the_pipeline_then_does() {
    let libre = start_libretranslate(Mode::Ok, None);
    // A US engine: the EU allows it after redaction (SCCs), mainland China
    // does not allow it at all.
    let engines = format!(
        "[[translation.engines]]\nname = \"libre\"\nkind = \"libretranslate\"\nurl = \"{}\"\njurisdiction = \"US\"\nretries = 0\n",
        libre.base,
    );
    let server = TestServer::builder()
        .config("languages = [\"en\", \"zh\", \"es\", \"de\", \"fr\", \"ja\", \"ru\"]\n")
        .config(POOLS)
        .config(&engines)
        .config(crate::common::BOT_READS_ENGLISH)
        .clock(MADRID_3AM)
        .start();
    let token = compliance_token(&server);
    let scenarios = [
        Scenario {
            name: "EU shopper with a card number at night",
            country: "ES",
            locale: "es-ES",
            timezone: "Europe/Madrid",
            text: "Quiero hablar con una persona, me cobraron dos veces en la tarjeta 4111 1111 1111 1111",
        },
        Scenario {
            name: "CN shopper, US engine",
            country: "CN",
            locale: "zh-CN",
            timezone: "Asia/Shanghai",
            text: "我的订单还没到，我要转人工客服",
        },
        Scenario {
            name: "RU shopper",
            country: "RU",
            locale: "ru-RU",
            timezone: "Europe/Moscow",
            text: "Где мой заказ? Соедините с оператором, пожалуйста",
        },
    ];
    for s in scenarios {
        let request = json!({
            "text": s.text, "country": s.country, "locale": s.locale,
            "timezone": s.timezone, "channel": "web", "at": MADRID_3AM,
        });
        let hits_before = libre.hits();
        let decisions_before = count(&server, &token, "eu", "decision");
        let sim = server.post("/v1/compliance/simulate", Some(&token), &request);
        assert_eq!(sim.status, 200, "{}: {}", s.name, sim.body);
        let sim = sim.body;
        // Nothing was sent or stored.
        assert_eq!(
            libre.hits(),
            hits_before,
            "{}: the simulation called the engine",
            s.name
        );
        assert_eq!(
            count(&server, &token, "eu", "decision"),
            decisions_before,
            "{}",
            s.name
        );

        // The real thing, same input.
        let opened = server.post(
            "/v1/conversations",
            None,
            &json!({"country": s.country, "locale": s.locale, "timezone": s.timezone}),
        );
        assert_eq!(opened.status, 201);
        let (id, conv_token) = (
            opened.body["id"].as_str().unwrap(),
            opened.body["token"].as_str().unwrap(),
        );
        assert_eq!(opened.body["region"], sim["region"], "{}", s.name);
        assert_eq!(
            opened.body["region_source"], sim["region_source"],
            "{}",
            s.name
        );
        let reply = server.say(id, conv_token, s.text);
        let region = sim["region"].as_str().unwrap();
        let done = decision_of(&server, &token, region, id);

        assert_eq!(done["hops"], sim["hops"], "{}: hops", s.name);
        assert_eq!(done["redacted"], sim["redacted"], "{}: redactions", s.name);
        assert_eq!(
            done["lang"], sim["language"]["lang"],
            "{}: language",
            s.name
        );
        assert_eq!(reply["lang"], sim["language"]["lang"], "{}", s.name);
        assert_eq!(
            done["handoff"], sim["routing"]["trigger"],
            "{}: trigger",
            s.name
        );
        assert_eq!(
            reply["handoff"]["pool"], sim["routing"]["decision"]["pool"],
            "{}: pool",
            s.name
        );
        assert_eq!(
            reply["handoff"]["opens_at"], sim["routing"]["opens_at"],
            "{}: opening",
            s.name
        );
        let hop = |name: &str| {
            sim["hops"]
                .as_array()
                .unwrap()
                .iter()
                .find(|h| h["name"] == name)
                .cloned()
                .unwrap()
        };
        // And the decisions are the ones the policies say.
        match s.country {
            "ES" => {
                assert_eq!(sim["redacted"], json!(["payment_card"]));
                assert!(!sim["redacted_text"].as_str().unwrap().contains("4111"));
                assert_eq!(hop("libre")["outcome"], "allow_redacted");
                assert_eq!(hop("libre")["basis"], "scc");
                assert_eq!(sim["routing"]["decision"]["outcome"], "queued");
                assert_eq!(sim["routing"]["decision"]["pool"], "eu-madrid");
                assert!(
                    sim["routing"]["opens_at"]
                        .as_str()
                        .unwrap()
                        .starts_with("2026-11-25T09:00:00+01:00"),
                    "{sim}"
                );
                assert_eq!(libre.hits(), hits_before + 1, "the engine saw the message");
            }
            "CN" => {
                assert_eq!(sim["region"], "cn");
                assert_eq!(hop("libre")["outcome"], "deny");
                assert!(
                    hop("libre")["why"]
                        .as_str()
                        .unwrap()
                        .contains("denied by default")
                );
                assert_eq!(sim["redacted"], json!([]));
                assert_eq!(libre.hits(), hits_before, "a denied engine was called");
            }
            _ => {
                assert_eq!(sim["region"], "eu");
                assert_eq!(sim["region_source"], "default");
                assert_eq!(sim["language"]["lang"], "ru");
                assert_eq!(hop("libre")["outcome"], "allow_redacted");
            }
        }
    }

    // The command line gives the same decisions.
    let cli: Value = serde_json::from_str(&server.cli(&[
        "policy",
        "simulate",
        "--country",
        "CN",
        "--locale",
        "zh-CN",
        "--at",
        MADRID_3AM,
        "我的订单还没到，我要转人工客服",
    ]))
    .unwrap();
    let api = server.post(
        "/v1/compliance/simulate",
        Some(&token),
        &json!({"text": "我的订单还没到，我要转人工客服", "country": "CN", "locale": "zh-CN", "at": MADRID_3AM}),
    );
    assert_eq!(cli["hops"], api.body["hops"]);
    assert_eq!(cli["routing"], api.body["routing"]);
    assert_eq!(cli["policy_hash"], api.body["policy_hash"]);

    // Bad input is a clear error, and only officers may simulate.
    for (body, code) in [
        (json!({"text": "", "country": "ES"}), "empty_text"),
        (
            json!({"text": "hola", "country": "España"}),
            "invalid_country",
        ),
        (
            json!({"text": "hola", "country": "ES", "at": "yesterday"}),
            "invalid_time",
        ),
        (
            json!({"text": "hola", "country": "ES", "timezone": "Mars/Base"}),
            "invalid_timezone",
        ),
    ] {
        let r = server.post("/v1/compliance/simulate", Some(&token), &body);
        assert_eq!(
            (r.status, r.body["error"]["code"].as_str()),
            (400, Some(code)),
            "{body}"
        );
    }
    let r = server.post(
        "/v1/compliance/simulate",
        None,
        &json!({"text": "hola", "country": "ES"}),
    );
    assert_eq!(r.status, 401);
}
