//! Erasure on PostgreSQL: a deleted conversation and an erased shopper
//! leave no sealed value, wrapped key or learned translation in the tables,
//! and other shoppers' data stays.

use diesel::prelude::*;
use serde_json::json;

use super::databases::{Dump, admin_url, region_databases};
use crate::common::TestServer;

/// Every sealed value, wrapped key and learned translation of a region's
/// data and key databases, as text.
fn pg_contents(tag: &str, region: &str) -> String {
    let dump = |db: String, sql: &str| -> String {
        let mut c = PgConnection::establish(&format!("{}/{db}", admin_url())).unwrap();
        diesel::sql_query(sql)
            .load::<Dump>(&mut c)
            .unwrap()
            .into_iter()
            .map(|d| d.text)
            .collect()
    };
    let data = dump(
        format!("crossdesk_test_{tag}_{region}"),
        "SELECT coalesce(string_agg(text || coalesce(translated_text, ''), '|'), '') AS text FROM messages \
         UNION ALL SELECT coalesce(string_agg(coalesce(shopper_id, ''), '|'), '') FROM conversations \
         UNION ALL SELECT coalesce(string_agg(source || translation, '|'), '') FROM learned_translations",
    );
    let keys = dump(
        format!("crossdesk_test_{tag}_{region}_keys"),
        "SELECT coalesce(string_agg(owner || wrapped, '|'), '') AS text FROM data_keys",
    );
    format!("{data}|{keys}")
}

#[test]
fn on_postgresql_erased_data_leaves_the_tables() {
    let libre = crate::stubs::start_libretranslate(crate::stubs::Mode::Ok, None);
    let (tag, _dbs, stores) = region_databases();
    let engines = format!(
        "[[translation.engines]]\nname = \"libre\"\nkind = \"libretranslate\"\nurl = \"{}\"\njurisdiction = \"DE\"\nretries = 0\n",
        libre.base,
    );
    let server = TestServer::builder()
        .config(&stores)
        .config(&engines)
        .config(crate::common::BOT_READS_ENGLISH)
        .start();
    let open = |shopper: &str| {
        server.open(json!({"country": "DE", "locale": "de-DE", "shopper_assertion": crate::common::vouch(shopper, None)}))
    };
    let (a, a_token) = open("erase-me");
    let (b, b_token) = open("erase-me");
    let (c, c_token) = open("keep-me");
    for (id, token) in [(&a, &a_token), (&b, &b_token), (&c, &c_token)] {
        server.say(
            id,
            token,
            &format!("Das Paket {id} ist beschädigt angekommen"),
        );
    }
    let before = pg_contents(&tag, "eu");
    let store =
        crossdesk::store::Store::open("eu", &format!("{}/crossdesk_test_{tag}_eu", admin_url()))
            .unwrap();
    let keys = crossdesk::store::Store::open_kind(
        "eu",
        &format!("{}/crossdesk_test_{tag}_eu_keys", admin_url()),
        crossdesk::store::Kind::Keys,
    )
    .unwrap();
    let traces = |id: &str| -> Vec<String> {
        let mut v = vec![keys.data_key(id).unwrap().unwrap().wrapped];
        v.extend(
            store
                .all_learned_rows()
                .unwrap()
                .into_iter()
                .filter(|r| r.conversation_id.as_deref() == Some(id))
                .flat_map(|r| [r.source, r.translation]),
        );
        v
    };
    let (gone, kept) = ([traces(&a), traces(&b)].concat(), traces(&c));
    assert!(gone.len() >= 4 && gone.iter().all(|t| before.contains(t.as_str())));
    let r = server.request(
        "DELETE",
        &format!("/v1/conversations/{a}"),
        Some(&a_token),
        None,
        "",
    );
    assert_eq!(r.status, 200, "{}", r.body);
    server.cli(&["erase", "--shopper", "erase-me"]);
    let after = pg_contents(&tag, "eu");
    for t in &gone {
        assert!(
            !after.contains(t.as_str()),
            "an erased value is still in PostgreSQL"
        );
    }
    assert!(kept.iter().all(|t| after.contains(t.as_str())));
    assert!(!after.contains(&a) && !after.contains(&b));
}
