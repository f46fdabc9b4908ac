//! The same migrations and queries on a real PostgreSQL server, one database
//! per region per test. The server is started by scripts/ensure-postgres.sh
//! when it is not running.

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use serde_json::json;

use crate::common::{TestServer, wait_until};
use crate::metrics::waiting_requests;

fn admin_url() -> String {
    std::env::var("CROSSDESK_TEST_PG")
        .unwrap_or_else(|_| "postgres://postgres:postgres@127.0.0.1:5432".into())
}

fn admin() -> PgConnection {
    let url = format!("{}/postgres", admin_url());
    if let Ok(c) = PgConnection::establish(&url) {
        return c;
    }
    let status = std::process::Command::new("bash")
        .arg(crate::common::repo().join("scripts/ensure-postgres.sh"))
        .status()
        .expect("run scripts/ensure-postgres.sh");
    assert!(status.success(), "PostgreSQL could not be started");
    PgConnection::establish(&url).expect("PostgreSQL answers after ensure-postgres.sh")
}

/// Databases dropped at the end of the test, even when it fails.
struct Databases(Vec<String>);

impl Drop for Databases {
    fn drop(&mut self) {
        let mut conn = admin();
        for db in &self.0 {
            let _ = conn.batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"));
        }
    }
}

/// Fresh databases for every region's data and key store; returns their
/// tag, the guard that drops them and the `[stores]`/`[key_stores]` TOML.
fn region_databases() -> (String, Databases, String) {
    let mut conn = admin();
    let tag = format!(
        "{:x}{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos()
    );
    let mut dbs = Databases(Vec::new());
    let mut stores = String::new();
    for region in ["eu", "us", "cn", "apac"] {
        let db = format!("crossdesk_test_{tag}_{region}");
        conn.batch_execute(&format!("CREATE DATABASE {db}"))
            .unwrap();
        dbs.0.push(db.clone());
        // The key store is a database of its own, apart from the data.
        let keys = format!("{db}_keys");
        conn.batch_execute(&format!("CREATE DATABASE {keys}"))
            .unwrap();
        dbs.0.push(keys.clone());
        stores.push_str(&format!(
            "[stores.{region}]\nurl = \"{}/{db}\"\n[key_stores.{region}]\nurl = \"{}/{keys}\"\n",
            admin_url(),
            admin_url()
        ));
    }
    (tag, dbs, stores)
}

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

#[derive(diesel::QueryableByName)]
struct Dump {
    #[diesel(sql_type = diesel::sql_types::Text)]
    text: String,
}

/// Scale-out: two proxy instances on the same PostgreSQL stores (and the
/// same secrets) serve one conversation alternately and then at the same
/// time; no message is lost or duplicated, and the shared audit chain
/// verifies.
#[test]
fn two_instances_serve_one_conversation_without_losing_or_duplicating_messages() {
    let (_tag, _dbs, stores) = region_databases();
    let shared = tempfile::tempdir().unwrap();
    let config =
        format!("{stores}[limits]\nper_conversation_per_minute = 0\nper_ip_per_minute = 0\n");
    let a = TestServer::builder()
        .data_in(shared.path())
        .config(&config)
        .start();
    let b = TestServer::builder()
        .data_in(shared.path())
        .config(&config)
        .start();
    assert_ne!(a.base, b.base);
    let (id, token) = a.open(json!({"country": "ES", "locale": "es-ES"}));
    for i in 0..10 {
        let server = if i % 2 == 0 { &a } else { &b };
        let text = format!("¿Dónde está mi pedido? #{}", 48210 + i);
        let reply = server.say(&id, &token, &text);
        assert_eq!(reply["seq"], 2 * i + 1, "{reply}");
    }
    // Each instance's remembered row was stale from its second message on
    // (the other had answered since): found at the write, computed again.
    let recomputed: f64 = [&a, &b]
        .iter()
        .map(|s| {
            crate::metrics::get(
                &crate::metrics::scrape(s),
                "crossdesk_messages_recomputed_total",
            )
        })
        .sum();
    assert_eq!(recomputed, 8.0);
    // Both at once.
    std::thread::scope(|s| {
        for (n, server) in [&a, &b].into_iter().enumerate() {
            let (id, token) = (&id, &token);
            s.spawn(move || {
                for i in 0..10 {
                    server.say(id, token, &format!("Instancia {n}, mensaje {i}"));
                }
            });
        }
    });
    for server in [&a, &b] {
        let history = server.get(&format!("/v1/conversations/{id}/messages"), Some(&token));
        let messages = history.body["messages"].as_array().unwrap();
        assert_eq!(messages.len(), 60);
        let seqs: Vec<i64> = messages
            .iter()
            .map(|m| m["seq"].as_i64().unwrap())
            .collect();
        assert_eq!(seqs, (1..=60).collect::<Vec<_>>());
        let shopper: std::collections::BTreeSet<&str> = messages
            .iter()
            .filter(|m| m["role"] == "shopper")
            .map(|m| m["text"].as_str().unwrap())
            .collect();
        assert_eq!(
            shopper.len(),
            30,
            "a shopper message was lost or duplicated"
        );
    }
    // A shopper waiting on one instance gets a message stored through the
    // other at once: the commit's NOTIFY wakes it (`store::listen`). Without
    // it, the waiting request would find the message at its next read, 5 s
    // after its first (`store::NOT_LOCAL`).
    let (news, took) = std::thread::scope(|scope| {
        let poll = scope.spawn(|| {
            let started = std::time::Instant::now();
            let r = b.get(
                &format!("/v1/conversations/{id}/messages?after=60&wait=20"),
                Some(&token),
            );
            (r, started.elapsed())
        });
        wait_until(Duration::from_secs(15), "the long-poll to wait", || {
            waiting_requests(&b) == 1.0
        });
        a.say(&id, &token, "¿Alguna novedad?");
        poll.join().unwrap()
    });
    assert_eq!(news.status, 200, "{}", news.body);
    assert_eq!(news.body["messages"][0]["seq"], 61, "{}", news.body);
    assert!(took < std::time::Duration::from_secs(3), "{took:?}");
    let out = a.cli(&["audit", "verify", "--region", "eu"]);
    assert!(out.contains("chain intact"), "{out}");
}

/// A region's PostgreSQL database goes away (connections refused, the open
/// ones killed): that region answers 503 with `Retry-After`, the others go
/// on, and once it is back the retried message is stored once.
#[test]
fn a_postgresql_store_that_goes_away_answers_503_and_loses_nothing() {
    let (tag, _dbs, stores) = region_databases();
    // With agent pools: a hand-off sums the pools' loads over every store.
    let server = TestServer::builder()
        .config(&stores)
        .config(crate::routing::POOLS)
        .start();
    let (id, token) = server.open(json!({"country": "ES", "locale": "es-ES"}));
    server.say(&id, &token, "Hola");
    // A US shopper in line for a person before the outage.
    let (waiting, waiting_token) = server.open(json!({"country": "US"}));
    let first = server.say(&waiting, &waiting_token, "I want to talk to a person");
    assert_eq!(first["handoff"]["position"], 1, "{first}");
    let db = format!("crossdesk_test_{tag}_eu");
    let mut conn = admin();
    conn.batch_execute(&format!(
        "ALTER DATABASE {db} ALLOW_CONNECTIONS false; \
         SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{db}'"
    ))
    .unwrap();
    let r = server.post(
        &format!("/v1/conversations/{id}/messages"),
        Some(&token),
        &json!({"text": "¿Dónde está mi pedido?"}),
    );
    assert_eq!(r.status, 503, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "unavailable");
    assert!(r.headers.contains_key("retry-after"));
    let text = r.body.to_string();
    assert!(
        !text.contains("postgres://") && !text.contains(&db),
        "{text}"
    );
    // Other regions are not held back.
    let (us, us_token) = server.open(json!({"country": "US"}));
    assert!(server.say(&us, &us_token, "Where is my order?")["text"].is_string());
    // Nor is a shopper waiting elsewhere: their place is counted from the
    // last snapshot of the lines, which the missing store cannot refresh.
    let still = server.say(&waiting, &waiting_token, "Any news?");
    assert_eq!(still["handoff"]["position"], 1, "{still}");
    // And a new hand-off elsewhere is decided from the stores that answer.
    // The store that did not answer a moment ago is not waited for again
    // (its connection timeout is 5 s).
    let (late, late_token) = server.open(json!({"country": "US"}));
    let asked = std::time::Instant::now();
    let handed = server.say(&late, &late_token, "I want to talk to a person");
    assert!(
        asked.elapsed() < std::time::Duration::from_secs(4),
        "waited for the missing store"
    );
    assert_eq!(handed["handoff"]["reason"], "requested", "{handed}");
    assert_eq!(handed["handoff"]["position"], 2, "{handed}");
    // Back: the retry is stored once, after the first exchange.
    conn.batch_execute(&format!("ALTER DATABASE {db} ALLOW_CONNECTIONS true"))
        .unwrap();
    server.say(&id, &token, "¿Dónde está mi pedido?");
    let history = server.get(&format!("/v1/conversations/{id}/messages"), Some(&token));
    let shopper: Vec<&str> = history.body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["role"] == "shopper")
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    assert_eq!(shopper, ["Hola", "¿Dónde está mi pedido?"]);
}

/// Statements on the EU data database of a `region_databases` set.
fn eu_sql(tag: &str) -> impl FnMut(&str) {
    let mut conn =
        PgConnection::establish(&format!("{}/crossdesk_test_{tag}_eu", admin_url())).unwrap();
    move |statements| conn.batch_execute(statements).unwrap()
}

#[test]
fn a_postgresql_log_cannot_be_shortened_unnoticed() {
    let (tag, _dbs, stores) = region_databases();
    let dir = tempfile::tempdir().unwrap();
    crate::audit_length::shortening_suite(dir.path(), &stores, &mut eu_sql(&tag));
}

#[test]
fn on_postgresql_a_crash_is_recorded_and_a_tail_removed_after_it_is_named() {
    let (tag, _dbs, stores) = region_databases();
    let dir = tempfile::tempdir().unwrap();
    crate::audit_length::crash_suite(dir.path(), &stores, &mut eu_sql(&tag));
}

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

/// A store that answers reads but refuses every write (here a database
/// turned read-only; a full disk fails the same way) makes /healthz say so.
#[test]
fn health_is_degraded_while_a_store_cannot_write() {
    let (tag, _dbs, stores) = region_databases();
    let server = TestServer::builder().config(&stores).start();
    assert_eq!(server.get("/healthz", None).status, 200);
    let db = format!("crossdesk_test_{tag}_us");
    let mut admin = admin();
    admin
        .batch_execute(&format!(
            "ALTER DATABASE {db} SET default_transaction_read_only = on; \
             SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{db}' AND pid <> pg_backend_pid();"
        ))
        .unwrap();
    wait_until(Duration::from_secs(30), "health to say degraded", || {
        server.get("/healthz", None).status == 503
    });
    let health = server.get("/healthz", None);
    assert_eq!(health.status, 503, "{}", health.body);
    assert_eq!(health.body["status"], "degraded");
    assert_eq!(
        health.body["not_writable"],
        json!(["us"]),
        "{}",
        health.body
    );
    admin
        .batch_execute(&format!("ALTER DATABASE {db} SET default_transaction_read_only = off; \
             SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{db}' AND pid <> pg_backend_pid();"))
        .unwrap();
    wait_until(Duration::from_secs(30), "health to say ok", || {
        server.get("/healthz", None).status == 200
    });
    let health = server.get("/healthz", None);
    assert_eq!(health.status, 200, "{}", health.body);
}
