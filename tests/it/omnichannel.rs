//! Omnichannel identity: the shop's shopper id links a shopper's
//! conversations across channels; an agent sees the earlier ones of the
//! same region, in the agent's language — and nothing from other regions
//! or other shoppers.

use serde_json::json;

use crate::common::TestServer;
use crate::routing::{MADRID_3AM, POOLS};

#[test]
fn an_agent_sees_the_shoppers_earlier_conversations_of_the_region_in_their_language() {
    let server = TestServer::builder()
        .config(POOLS)
        .clock(MADRID_3AM)
        .start();
    let open = |country: &str, channel: &str, shopper: Option<&str>| {
        let mut body = json!({"country": country, "locale": "es-ES", "channel": channel});
        if let Some(s) = shopper {
            body["shopper_assertion"] = json!(crate::common::vouch(s, None));
        }
        server.open(body)
    };
    // Earlier, on the web; and the same shop id from a US address (another
    // region, another pseudonym); and somebody else.
    let (web, web_t) = open("ES", "web", Some("client-7"));
    server.say(&web, &web_t, "¿Dónde está mi pedido?");
    let (us, us_t) = open("US", "app", Some("client-7"));
    server.say(&us, &us_t, "¿Dónde está mi pedido?");
    let (other, other_t) = open("ES", "web", Some("client-8"));
    server.say(&other, &other_t, "Quiero devolver mi pedido");
    // Now on WeChat, asking for a person.
    let (wechat, wechat_t) = open("ES", "wechat", Some("client-7"));
    let reply = server.say(&wechat, &wechat_t, "Quiero hablar con una persona");
    assert_eq!(reply["handoff"]["pool"], "eu-madrid", "{reply}");

    let agent = server.cli(&[
        "agent-token",
        "--pool",
        "eu-madrid",
        "--agent",
        "Eva",
        "--lang",
        "en",
    ]);
    let related = server.get(
        &format!("/v1/agent/conversations/{wechat}/related"),
        Some(&agent),
    );
    assert_eq!(related.status, 200, "{}", related.body);
    let list = related.body.as_array().unwrap();
    assert_eq!(list.len(), 1, "{}", related.body);
    assert_eq!(list[0]["conversation_id"], web.as_str());
    assert_eq!(list[0]["channel"], "web");
    let first = &list[0]["messages"][0];
    assert_eq!(first["role"], "shopper");
    assert_eq!(first["text"], "Where is my order?");
    assert_eq!(first["original"], "¿Dónde está mi pedido?");
    assert_eq!(first["machine_translated"], true);
    let text = related.body.to_string();
    assert!(
        !text.contains(&us) && !text.contains(&other) && !text.contains("devolver"),
        "{text}"
    );

    // Another region's pool sees nothing of it; a conversation without a
    // shop id has no relatives.
    let apac = server.cli(&[
        "agent-token",
        "--pool",
        "apac-sg",
        "--agent",
        "Wei",
        "--lang",
        "en",
    ]);
    assert_eq!(
        server
            .get(
                &format!("/v1/agent/conversations/{wechat}/related"),
                Some(&apac)
            )
            .status,
        403
    );
    let (anon, anon_t) = open("ES", "web", None);
    server.say(&anon, &anon_t, "Quiero hablar con una persona");
    let none = server.get(
        &format!("/v1/agent/conversations/{anon}/related"),
        Some(&agent),
    );
    assert_eq!(none.body, json!([]));
}
