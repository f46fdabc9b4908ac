//! The shopper's whole path on PostgreSQL with one database per region: the
//! answer, the history, each region's rows, no text or PII in clear in any
//! table, no message computed twice, and tampering caught.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use serde_json::json;

use super::databases::{Dump, admin_url, region_databases};
use crate::common::TestServer;

#[test]
fn the_whole_path_runs_on_postgresql_with_one_database_per_region() {
    let (tag, _dbs, stores) = region_databases();
    let server = TestServer::builder()
        .config(&stores)
        .config(crate::common::BOT_READS_ENGLISH)
        .start();
    let (es, es_token) = server.open(json!({"country": "ES", "locale": "es-ES"}));
    let reply = server.say(&es, &es_token, "¿Dónde está mi pedido?");
    assert!(
        reply["text"]
            .as_str()
            .unwrap()
            .starts_with("Puede seguir su pedido"),
        "{reply}"
    );
    let (cn, cn_token) = server.open(json!({"country": "CN"}));
    server.say(&cn, &cn_token, "我的订单在哪里？");
    let history = server.get(&format!("/v1/conversations/{es}/messages"), Some(&es_token));
    assert_eq!(history.body["messages"].as_array().unwrap().len(), 2);
    assert_eq!(history.body["messages"][1]["text"], reply["text"]);

    let store = |region: &str| {
        crossdesk::store::Store::open(
            region,
            &format!("{}/crossdesk_test_{tag}_{region}", admin_url()),
        )
        .unwrap()
    };
    let eu = store("eu");
    let sealed = |region: &str, id: &str| {
        let url = format!("{}/crossdesk_test_{tag}_{region}_keys", admin_url());
        crate::common::sealer_for(&server.data_dir(), Some(&url), region, id)
    };
    let rows = eu.messages(&es, &sealed("eu", &es)).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].text, "¿Dónde está mi pedido?");
    assert_eq!(
        rows[0].translated_text.as_deref(),
        Some("Where is my order?")
    );
    assert_eq!(rows[1].translated_lang.as_deref(), Some("es"));
    assert!(
        eu.messages(&cn, &crossdesk::seal::Sealer::none())
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store("cn").messages(&cn, &sealed("cn", &cn)).unwrap()[0].text,
        "我的订单在哪里？"
    );
    assert!(store("us").conversation(&cn).unwrap().is_none());
    // The PostgreSQL tables hold no message text and no PII in clear.
    let (de, de_token) = server.open(
        json!({"country": "DE", "shopper_assertion": crate::common::vouch("kunde-99", None)}),
    );
    server.say(
        &de,
        &de_token,
        "Meine IBAN ist DE89 3704 0044 0532 0130 00, Mail max@example.de",
    );
    for region in ["eu", "us", "cn", "apac"] {
        let mut c =
            PgConnection::establish(&format!("{}/crossdesk_test_{tag}_{region}", admin_url()))
                .unwrap();
        let dump: Vec<Dump> = diesel::sql_query(
            "SELECT coalesce(string_agg(text || coalesce(translated_text, ''), '|'), '') AS text FROM messages \
             UNION ALL SELECT coalesce(string_agg(coalesce(shopper_id, ''), '|'), '') FROM conversations \
             UNION ALL SELECT coalesce(string_agg(source || translation, '|'), '') FROM learned_translations",
        )
        .load(&mut c)
        .unwrap();
        let all: String = dump.into_iter().map(|d| d.text).collect();
        for plain in [
            "Dónde está",
            "我的订单",
            "DE89",
            "max@example.de",
            "kunde-99",
            "IBAN",
        ] {
            assert!(
                !all.contains(plain),
                "{plain} in clear in PostgreSQL {region}"
            );
        }
    }
    // Tampering in PostgreSQL is caught as in SQLite.
    for text in ["Hallo", "Wie lange dauert der Versand?"] {
        server.say(&de, &de_token, text);
    }
    // One instance never computes a message twice: the row it remembers
    // after each message is the row PostgreSQL stored, field for field.
    let m = crate::metrics::scrape(&server);
    assert_eq!(
        crate::metrics::get(&m, "crossdesk_messages_recomputed_total"),
        0.0
    );
    let mut c =
        PgConnection::establish(&format!("{}/crossdesk_test_{tag}_eu", admin_url())).unwrap();
    crate::tamper::suite(&server, "eu", &mut |sql| c.batch_execute(sql).unwrap());
    drop(server);
}
