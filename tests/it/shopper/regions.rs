//! Each region keeps its own data, sealed even there, and a country no
//! region claims goes to the declared default region, recorded as such.

use serde_json::json;

use crate::common::{TestServer, open_store};

#[test]
fn each_region_keeps_its_own_data() {
    let server = TestServer::builder().start();
    let (cn_id, cn_token) = server.open(json!({"country": "CN", "locale": "zh-CN"}));
    server.say(&cn_id, &cn_token, "我的订单在哪里？");
    let (es_id, es_token) = server.open(json!({"country": "ES"}));
    server.say(&es_id, &es_token, "¿Dónde está mi pedido?");

    let cn = open_store("cn", &server.data_dir().join("cn.db"));
    assert_eq!(cn.conversation(&cn_id).unwrap().unwrap().region, "cn");
    assert_eq!(
        server.stored_messages("cn", &cn_id)[0].text,
        "我的订单在哪里？"
    );
    assert!(cn.conversation(&es_id).unwrap().is_none());
    for other in ["eu", "us", "apac"] {
        let store = open_store(other, &server.data_dir().join(format!("{other}.db")));
        assert!(
            store.conversation(&cn_id).unwrap().is_none(),
            "cn conversation found in {other}"
        );
        assert!(
            store
                .messages(&cn_id, &crossdesk::seal::Sealer::none())
                .unwrap()
                .is_empty(),
            "cn messages found in {other}"
        );
        // And not even the text, under any id, in the database or its WAL.
        assert!(
            !raw_store_text(&server, other).contains("我的订单在哪里"),
            "cn text in {other}"
        );
    }
    // Not even the cn store holds it in clear: it is sealed, and opens with
    // the cn key only.
    assert!(!raw_store_text(&server, "cn").contains("我的订单在哪里"));
    assert_eq!(
        server.stored_messages("cn", &cn_id)[0].text,
        "我的订单在哪里？"
    );
}

fn raw_store_text(server: &crate::common::TestServer, store: &str) -> String {
    ["db", "db-wal"]
        .iter()
        .filter_map(|ext| std::fs::read(server.data_dir().join(format!("{store}.{ext}"))).ok())
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .collect()
}

#[test]
fn unknown_country_goes_to_the_declared_default_region_and_is_recorded() {
    let server = TestServer::builder().start();
    let r = server.post("/v1/conversations", None, &json!({"country": "ZZ"}));
    assert_eq!(r.status, 201);
    assert_eq!(r.body["region"], "eu");
    assert_eq!(r.body["region_source"], "default");
    let id = r.body["id"].as_str().unwrap();
    let stored = open_store("eu", &server.data_dir().join("eu.db"))
        .conversation(id)
        .unwrap()
        .unwrap();
    assert_eq!(
        (stored.country.as_str(), stored.region_source.as_str()),
        ("ZZ", "default")
    );
    let r = server.post(
        "/v1/conversations",
        None,
        &json!({"country": "jp", "locale": "ja-JP"}),
    );
    assert_eq!(
        (r.body["region"].as_str(), r.body["region_source"].as_str()),
        (Some("apac"), Some("country"))
    );
    assert_eq!(r.body["locale"], "ja-JP");
}
