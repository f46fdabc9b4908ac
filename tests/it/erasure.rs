//! Erasure that a forensic read cannot undo: after a shopper erases a
//! conversation and an operator erases a shopper, every byte of every file
//! under the data and key directories is searched: no sealed value, wrapped
//! data key or learned translation of the erased data is left, and no
//! sealed value anywhere opens with an erased data key.

use std::path::Path;

use serde_json::json;

use crate::common::{TestServer, vouch};
use crate::stubs::{Mode, start_libretranslate};

/// What an erased conversation left in the stores before its erasure.
struct Traces {
    sealed: Vec<String>,
    wrapped: String,
    learned: Vec<String>,
    sealer: crossdesk::seal::Sealer,
}

#[derive(diesel::QueryableByName)]
struct Sealed {
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    value: Option<String>,
}

/// One column of rows about `id`, as stored (sealed).
fn column(conn: &mut diesel::SqliteConnection, sql: &str, id: &str) -> Vec<String> {
    use diesel::prelude::*;
    diesel::sql_query(sql)
        .bind::<diesel::sql_types::Text, _>(id)
        .load::<Sealed>(conn)
        .unwrap()
        .into_iter()
        .filter_map(|s| s.value)
        .collect()
}

fn traces(dir: &Path, id: &str) -> Traces {
    use diesel::Connection;
    let data = dir.join("data");
    let store = crate::common::open_store("eu", &data.join("eu.db"));
    let mut conn =
        diesel::SqliteConnection::establish(&data.join("eu.db").display().to_string()).unwrap();
    let sealed: Vec<String> = [
        "SELECT text AS value FROM messages WHERE conversation_id = ?",
        "SELECT translated_text AS value FROM messages WHERE conversation_id = ?",
        "SELECT shopper_id AS value FROM conversations WHERE id = ?",
    ]
    .iter()
    .flat_map(|sql| column(&mut conn, sql, id))
    .collect();
    assert!(sealed.len() >= 5, "{sealed:?}");
    assert!(sealed.iter().all(|s| s.starts_with("s1.")), "{sealed:?}");
    let keystore = crossdesk::store::Store::open_kind(
        "eu",
        &data.join("keys/eu.db").display().to_string(),
        crossdesk::store::Kind::Keys,
    )
    .unwrap();
    let wrapped = keystore.data_key(id).unwrap().unwrap().wrapped;
    let learned = store
        .all_learned_rows()
        .unwrap()
        .into_iter()
        .filter(|r| r.conversation_id.as_deref() == Some(id))
        .flat_map(|r| [r.source, r.translation])
        .collect();
    Traces {
        sealed,
        wrapped,
        learned,
        sealer: crate::common::sealer_for(&data, None, "eu", id),
    }
}

/// Every file under `dir`, read whole.
fn files(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.push((p.clone(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// Every `s1.` sealed value in a file.
fn sealed_values(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut out = Vec::new();
    for (i, _) in text.match_indices("s1.") {
        let v: String = text[i + 3..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '+' || *c == '/')
            .collect();
        if v.len() >= 40 {
            out.push(format!("s1.{v}"));
        }
    }
    out
}

#[test]
fn erased_conversations_leave_nothing_a_forensic_read_can_open() {
    let libre = start_libretranslate(Mode::Ok, None);
    let dir = tempfile::tempdir().unwrap();
    // An in-region engine, so translations are learned from the texts.
    let config = format!(
        "[[translation.engines]]\nname = \"libre\"\nkind = \"libretranslate\"\nurl = \"{}\"\njurisdiction = \"DE\"\nretries = 0\n{}",
        libre.base,
        crate::common::BOT_READS_ENGLISH
    );
    let server = TestServer::builder()
        .data_in(dir.path())
        .config(&config)
        .start();
    let open = |shopper: &str| {
        server.open(
            json!({"country": "DE", "locale": "de-DE", "shopper_assertion": vouch(shopper, None)}),
        )
    };
    let (a, a_token) = open("erase-me");
    let (b, b_token) = open("erase-me");
    let (c, c_token) = open("keep-me");
    for (id, token, who) in [
        (&a, &a_token, "A"),
        (&b, &b_token, "B"),
        (&c, &c_token, "C"),
    ] {
        server.say(
            id,
            token,
            &format!("Das Paket {who} ist beschädigt angekommen, was nun?"),
        );
        server.say(
            id,
            token,
            &format!("Ich warte seit zwei Wochen auf Lieferung {who}"),
        );
    }
    let erased: Vec<Traces> = [&a, &b].iter().map(|id| traces(dir.path(), id)).collect();
    let kept = traces(dir.path(), &c);
    assert!(
        erased.iter().all(|t| !t.learned.is_empty()),
        "translations were learned"
    );

    // The shopper erases one; the operator erases the shopper (the other).
    let r = server.request(
        "DELETE",
        &format!("/v1/conversations/{a}"),
        Some(&a_token),
        None,
        "",
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let out = server.cli(&["erase", "--shopper", "erase-me"]);
    assert!(out.contains("region eu: 1 conversations"), "{out}");
    assert!(server.terminate().is_some_and(|s| s.success()));

    let all = files(dir.path());
    // The search works: the kept conversation is found.
    assert!(all.iter().any(|(_, b)| contains(b, &kept.sealed[0])));
    for t in &erased {
        for (path, bytes) in &all {
            for v in t.sealed.iter().chain(&t.learned).chain([&t.wrapped]) {
                assert!(
                    !contains(bytes, v),
                    "{} still holds {}…",
                    path.display(),
                    &v[..12]
                );
            }
        }
    }
    // Nothing sealed anywhere opens with an erased data key.
    for (path, bytes) in &all {
        for v in sealed_values(bytes) {
            for t in &erased {
                for field in ["message_text", "translated_text", "shopper_id"] {
                    for row in 0..=20 {
                        assert!(
                            t.sealer.open(field, &row.to_string(), &v).is_err(),
                            "{} holds a value an erased key opens",
                            path.display()
                        );
                    }
                }
            }
        }
    }
    // And the erased data keys are gone from the key store.
    let keystore = crossdesk::store::Store::open_kind(
        "eu",
        &dir.path().join("data/keys/eu.db").display().to_string(),
        crossdesk::store::Kind::Keys,
    )
    .unwrap();
    assert!(keystore.data_key(&a).unwrap().is_none() && keystore.data_key(&b).unwrap().is_none());
    assert!(keystore.data_key(&c).unwrap().is_some());
}

#[test]
fn region_keys_live_apart_from_the_data_they_protect() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::builder().data_in(dir.path()).start();
    let (id, token) = server.open(json!({"country": "DE"}));
    server.say(&id, &token, "Wo ist meine Bestellung?");
    let keys = dir.path().join("keys");
    for f in [
        "eu-1.key",
        "token.key",
        "pseudonym.key",
        "audit.key",
        "audit-signing.pk8",
    ] {
        let p = keys.join(f);
        assert!(p.exists(), "{}", p.display());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o600,
                "{f}"
            );
        }
    }
    // No secret in the data directory.
    for (path, _) in files(&dir.path().join("data")) {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        assert!(
            !name.ends_with(".key") && !name.ends_with(".pk8"),
            "{}",
            path.display()
        );
    }
    assert!(!server.logs().contains("a secret lives inside data_dir"));
}
