//! Keys and tokens with a life cycle: a region key rotated while a server
//! runs, data keys rewrapped, key files private; tokens that expire, that
//! can be revoked, and a token key rotated with a grace period, erasure
//! still finding the shopper; a sealed field that was written around
//! crossdesk is an integrity error, never plaintext.

use std::path::Path;
use std::time::Duration;

use serde_json::json;

use crate::common::{TestServer, vouch, wait_until};

fn keystore(dir: &Path) -> crossdesk::store::Store {
    crossdesk::store::Store::open_kind(
        "eu",
        &dir.join("data/keys/eu.db").display().to_string(),
        crossdesk::store::Kind::Keys,
    )
    .unwrap()
}

fn versions(dir: &Path) -> Vec<i32> {
    let mut v: Vec<i32> = keystore(dir)
        .all_data_keys()
        .unwrap()
        .iter()
        .map(|k| k.key_version)
        .collect();
    v.sort();
    v.dedup();
    v
}

#[test]
fn a_region_key_rotated_while_serving_opens_everything_and_wraps_new_keys() {
    let dir = tempfile::tempdir().unwrap();
    let first = TestServer::builder().data_in(dir.path()).start();
    let (old, old_token) = first.open(json!({"country": "FR", "locale": "fr-FR"}));
    first.say(&old, &old_token, "Où est ma commande ?");
    drop(first);
    // A server whose cache has none of the data keys.
    let server = TestServer::builder().data_in(dir.path()).start();
    let out = server.cli(&["keys", "rotate", "--region", "eu"]);
    assert!(out.starts_with("key eu-1: version 2 added;"), "{out}");
    assert_eq!(versions(dir.path()), [2]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("keys/eu-1.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the rewritten key file stays private");
    }
    // The old conversation's key (rewrapped with version 2, not cached):
    // its history and new messages work.
    let history = server.get(
        &format!("/v1/conversations/{old}/messages"),
        Some(&old_token),
    );
    assert_eq!(history.status, 200, "{} {}", history.body, server.logs());
    assert_eq!(history.body["messages"][0]["text"], "Où est ma commande ?");
    let r = server.post(
        &format!("/v1/conversations/{old}/messages"),
        Some(&old_token),
        &json!({"text": "Merci"}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    // Conversations opened now are wrapped with the newest version.
    let (new, new_token) = server.open(json!({"country": "FR"}));
    server.say(&new, &new_token, "Bonjour");
    assert_eq!(
        keystore(dir.path())
            .data_key(&new)
            .unwrap()
            .unwrap()
            .key_version,
        2
    );

    // A version added by hand (a key provider would do this), then rewrap.
    let file = dir.path().join("keys/eu-1.key");
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str(&format!("3 {}\n", "ab".repeat(32)));
    std::fs::write(&file, text).unwrap();
    let out = server.cli(&["keys", "rewrap", "--region", "eu"]);
    assert!(out.contains("rewrapped with version 3"), "{out}");
    assert_eq!(versions(dir.path()), [3]);
    let history = server.get(
        &format!("/v1/conversations/{new}/messages"),
        Some(&new_token),
    );
    assert_eq!(history.status, 200, "{}", history.body);
}

#[test]
fn tokens_expire_and_can_be_revoked() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::builder()
        .data_in(dir.path())
        .clock("2026-12-01T10:00:00Z")
        .start();
    let (id, token) = server.open(json!({"country": "ES"}));
    assert_eq!(
        server
            .get(&format!("/v1/conversations/{id}/messages"), Some(&token))
            .status,
        200
    );
    drop(server);
    // 31 days on: the shopper's token (30 days) no longer opens it.
    let server = TestServer::builder()
        .data_in(dir.path())
        .clock("2027-01-01T10:00:00Z")
        .start();
    let r = server.get(&format!("/v1/conversations/{id}/messages"), Some(&token));
    assert_eq!(r.status, 401, "{}", r.body);
    drop(server);

    // Revocation: a shopper token by its id, at once.
    let server = TestServer::builder().data_in(dir.path()).start();
    let (id, token) = server.open(json!({"country": "ES"}));
    assert_eq!(
        server
            .get(&format!("/v1/conversations/{id}/messages"), Some(&token))
            .status,
        200
    );
    let token_id = token.split('.').nth(1).unwrap();
    server.cli(&["token", "revoke", token_id]);
    // The server reads the revocation file again at most once a second.
    wait_until(Duration::from_secs(10), "the revocation to be read", || {
        server
            .get(&format!("/v1/conversations/{id}/messages"), Some(&token))
            .status
            == 401
    });
    let r = server.get(&format!("/v1/conversations/{id}/messages"), Some(&token));
    assert_eq!(r.status, 401, "{}", r.body);
}

#[test]
fn agent_tokens_expire_and_can_be_revoked() {
    let pools = r#"
[[pools]]
id = "eu-madrid"
region = "eu"
timezone = "Europe/Madrid"
languages = ["es"]
agents = 1
capacity = 1
hours = { mon = ["00:00-24:00"] }
"#;
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::builder()
        .data_in(dir.path())
        .config(pools)
        .start();
    let (token, meta) = server.cli_both(&[
        "agent-token",
        "--pool",
        "eu-madrid",
        "--agent",
        "Eva",
        "--hours",
        "2",
    ]);
    assert_eq!(token.lines().count(), 1, "the token alone on stdout");
    assert!(meta.contains("expires"), "{meta}");
    assert_eq!(server.get("/v1/agent/queue", Some(&token)).status, 200);
    let id = meta
        .split_whitespace()
        .skip_while(|w| *w != "id")
        .nth(1)
        .unwrap()
        .to_string();
    server.cli(&["token", "revoke", &id]);
    wait_until(Duration::from_secs(10), "the revocation to be read", || {
        server.get("/v1/agent/queue", Some(&token)).status == 401
    });
    assert_eq!(server.get("/v1/agent/queue", Some(&token)).status, 401);
    drop(server);
    // Three hours on, a fresh two-hour token has expired.
    let server = TestServer::builder()
        .data_in(dir.path())
        .config(pools)
        .start();
    let (token, _) = server.cli_both(&[
        "agent-token",
        "--pool",
        "eu-madrid",
        "--agent",
        "Eva",
        "--hours",
        "2",
    ]);
    drop(server);
    let later = (chrono::Utc::now() + chrono::Duration::hours(3)).to_rfc3339();
    let server = TestServer::builder()
        .data_in(dir.path())
        .config(pools)
        .clock(&later)
        .start();
    assert_eq!(server.get("/v1/agent/queue", Some(&token)).status, 401);
}

#[test]
fn a_rotated_token_key_keeps_old_tokens_for_the_grace_and_erasure_working() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::builder().data_in(dir.path()).start();
    let (id, token) =
        server.open(json!({"country": "DE", "shopper_assertion": vouch("cust-9", None)}));
    server.say(&id, &token, "Wo ist meine Bestellung?");
    let out = server.cli(&["keys", "rotate-tokens"]);
    assert!(out.starts_with("token key: version 2 added"), "{out}");
    drop(server);
    let server = TestServer::builder().data_in(dir.path()).start();
    // The old token still opens its conversation; new ones carry version 2.
    assert_eq!(
        server
            .get(&format!("/v1/conversations/{id}/messages"), Some(&token))
            .status,
        200
    );
    let (_, fresh) = server.open(json!({"country": "DE"}));
    assert_eq!(fresh.split('.').nth(3), Some("2"), "{fresh}");
    drop(server);
    // Eight days later (grace: seven), the old token is refused.
    let later = (chrono::Utc::now() + chrono::Duration::days(8)).to_rfc3339();
    let server = TestServer::builder()
        .data_in(dir.path())
        .clock(&later)
        .start();
    assert_eq!(
        server
            .get(&format!("/v1/conversations/{id}/messages"), Some(&token))
            .status,
        401
    );
    // Erasure still finds the shopper: pseudonyms have their own key.
    let out = server.cli(&["erase", "--shopper", "cust-9"]);
    assert!(out.contains("region eu: 1 conversations"), "{out}");
}

#[test]
fn a_sealed_field_written_around_crossdesk_is_an_integrity_error() {
    use diesel::connection::SimpleConnection;
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::builder().data_in(dir.path()).start();
    let (id, token) = server.open(json!({"country": "DE"}));
    server.say(&id, &token, "Wo ist meine Bestellung?");
    let db = dir.path().join("data/eu.db").display().to_string();
    let mut conn = <diesel::SqliteConnection as diesel::Connection>::establish(&db).unwrap();
    conn.batch_execute(&format!(
        "PRAGMA busy_timeout = 5000; UPDATE messages SET text = 'injected plain text' WHERE conversation_id = '{id}' AND seq = 1"
    ))
    .unwrap();
    let r = server.get(&format!("/v1/conversations/{id}/messages"), Some(&token));
    assert_eq!(r.status, 500, "{}", r.body);
    assert!(!r.body.to_string().contains("injected"), "{}", r.body);
    // The log (written by a thread of its own) says why.
    wait_until(Duration::from_secs(10), "the log line", || {
        server.logs().contains("not sealed")
    });
    assert!(
        server.logs().contains("not sealed"),
        "the log says why: {}",
        server.logs()
    );
}
