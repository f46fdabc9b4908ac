//! The audit log's length is proven: cutting its end — with or without the
//! checkpoints that covered it, deleting or cutting the checkpoints file,
//! keeping an earlier prefix of both, emptying both, removing the tail
//! after a `kill -9` — is named by `crossdesk audit verify`; a crash is
//! recorded in the log at the next start; a witness folder outside the data
//! directory catches what the data directory alone cannot show.

use std::path::{Path, PathBuf};

use serde_json::json;

use crate::common::{TestServer, signed_size, wait_until};

fn verify(server_dir: &Path, extra: &[&str]) -> (bool, String) {
    let mut args = vec!["audit", "verify", "--region", "eu"];
    args.extend_from_slice(extra);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_crossdesk"))
        .arg("--config")
        .arg(server_dir.join("crossdesk.toml"))
        .args(&args)
        .current_dir(crate::common::repo())
        .env("CROSSDESK_LOG", "warn")
        .output()
        .unwrap();
    (
        out.status.success(),
        format!(
            "{}{}({})",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
            out.status
        ),
    )
}

/// A few EU messages (each writes audit entries).
fn traffic(server: &TestServer, n: usize) {
    for i in 0..n {
        let (id, token) = server.open(json!({"country": "DE", "locale": "de-DE"}));
        server.say(&id, &token, &format!("Wo ist meine Bestellung {i}?"));
    }
}

/// Runs statements on the EU store of the server in `dir` (SQLite file).
fn sqlite(dir: &Path) -> impl FnMut(&str) {
    use diesel::connection::SimpleConnection;
    let db = dir.join("data/eu.db").display().to_string();
    let mut conn = <diesel::SqliteConnection as diesel::Connection>::establish(&db).unwrap();
    conn.batch_execute("PRAGMA busy_timeout = 5000").unwrap();
    move |statements| conn.batch_execute(statements).unwrap()
}

fn checkpoints(dir: &Path) -> PathBuf {
    dir.join("data/audit/eu.checkpoints")
}

/// The checkpoints file without its lines of size > `size`.
fn cut_checkpoints(dir: &Path, size: i64) {
    let text = std::fs::read_to_string(checkpoints(dir)).unwrap();
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["size"]
                .as_i64()
                .unwrap()
                <= size
        })
        .collect();
    std::fs::write(checkpoints(dir), kept.join("\n") + "\n").unwrap();
}

/// The number of entries `audit verify` found in an intact EU log.
fn entries(dir: &Path) -> i64 {
    let (ok, out) = verify(dir, &[]);
    assert!(ok, "{out}");
    out.split("region eu: ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{out}"))
}

/// A copy of the log (a table beside it) and of the checkpoints, put back
/// between cases; the SQL runs unchanged on SQLite and PostgreSQL.
fn save(dir: &Path, sql: &mut dyn FnMut(&str)) -> String {
    sql("DROP TABLE IF EXISTS audit_saved");
    sql("CREATE TABLE audit_saved AS SELECT * FROM audit");
    std::fs::read_to_string(checkpoints(dir)).unwrap()
}

fn restore(dir: &Path, sql: &mut dyn FnMut(&str), saved: &str) {
    sql("DELETE FROM audit");
    sql("INSERT INTO audit SELECT * FROM audit_saved");
    std::fs::write(checkpoints(dir), saved).unwrap();
}

/// Every way to shorten a stopped server's log, on the store `sql` reaches;
/// `extra` is the server's configuration (the stores).
pub fn shortening_suite(dir: &Path, extra: &str, sql: &mut dyn FnMut(&str)) {
    let server = TestServer::builder().data_in(dir).config(extra).start();
    traffic(&server, 5);
    assert!(server.terminate().is_some_and(|s| s.success()));
    let n = entries(dir);
    assert!(n >= 4, "{n}");
    let saved = save(dir, sql);
    type Tamper<'a> = Box<dyn Fn(&Path, &mut dyn FnMut(&str)) + 'a>;
    let cases: Vec<(&str, Tamper)> = vec![
        (
            "the last entries deleted with their checkpoint lines",
            Box::new(move |d, sql| {
                sql(&format!("DELETE FROM audit WHERE seq > {}", n - 2));
                cut_checkpoints(d, n - 2);
            }),
        ),
        (
            "the last entries deleted",
            Box::new(move |_, sql| sql(&format!("DELETE FROM audit WHERE seq > {}", n - 1))),
        ),
        (
            "the checkpoints file deleted",
            Box::new(|d, _| std::fs::remove_file(checkpoints(d)).unwrap()),
        ),
        (
            "the checkpoints file cut, the entries kept",
            Box::new(move |d, _| cut_checkpoints(d, n - 1)),
        ),
        (
            "an earlier prefix of both kept",
            Box::new(|d, sql| {
                sql("DELETE FROM audit WHERE seq > 2");
                cut_checkpoints(d, 2);
            }),
        ),
        (
            "both emptied",
            Box::new(|d, sql| {
                sql("DELETE FROM audit");
                std::fs::write(checkpoints(d), "").unwrap();
            }),
        ),
    ];
    for (what, tamper) in cases {
        tamper(dir, sql);
        let (ok, out) = verify(dir, &[]);
        assert!(!ok, "{what}: not detected: {out}");
        assert!(out.contains("region eu: entry"), "{what}: {out}");
        restore(dir, sql, &saved);
        let (ok, out) = verify(dir, &[]);
        assert!(ok, "{what}: the restored log must verify again: {out}");
    }
    sql("DROP TABLE audit_saved");
}

/// `kill -9`, the tail removed, and the crash recorded by the next start.
pub fn crash_suite(dir: &Path, extra: &str, sql: &mut dyn FnMut(&str)) {
    let server = TestServer::builder().data_in(dir).config(extra).start();
    traffic(&server, 3);
    // A checkpoint covers the head (the server signs every 200 ms).
    wait_until(
        std::time::Duration::from_secs(30),
        "a checkpoint to cover the head of the log",
        || signed_size(&checkpoints(dir)) >= entries(dir),
    );
    drop(server); // SIGKILL: no shutdown checkpoint.
    let (ok, out) = verify(dir, &[]);
    assert!(
        !ok && out.contains("not a shutdown's"),
        "an unrecorded crash: {out}"
    );

    // The tail removed after the crash: the signed checkpoints name it.
    let saved = save(dir, sql);
    sql("DELETE FROM audit WHERE seq > 1");
    let (ok, out) = verify(dir, &[]);
    assert!(!ok && out.contains("entries removed"), "{out}");
    restore(dir, sql, &saved);
    sql("DROP TABLE audit_saved");

    // The next start records the crash in the log and signs it.
    let server = TestServer::builder().data_in(dir).config(extra).start();
    let (ok, out) = verify(dir, &[]);
    assert!(ok, "{out}");
    drop(server);
}

#[test]
fn a_stopped_servers_log_cannot_be_shortened_unnoticed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    let mut sql = sqlite(dir.path());
    shortening_suite(dir.path(), "", &mut sql);
}

#[test]
fn a_crash_is_recorded_at_the_next_start_and_a_tail_removed_after_it_is_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    let mut sql = sqlite(dir.path());
    crash_suite(dir.path(), "", &mut sql);
    let entries = crate::common::open_store("eu", &dir.path().join("data/eu.db"))
        .audit_entries()
        .unwrap();
    let recovery = entries.iter().find(|e| e.kind == "audit_recovery").unwrap();
    assert!(
        recovery.detail.contains("without a shutdown checkpoint"),
        "{recovery:?}"
    );
}

#[test]
fn a_witness_outside_the_data_directory_catches_a_consistent_prefix() {
    let dir = tempfile::tempdir().unwrap();
    let witness = tempfile::tempdir().unwrap();
    let config = format!("audit_witness_dir = {:?}", witness.path());
    // Two runs, each ending with a shutdown checkpoint.
    let server = TestServer::builder()
        .data_in(dir.path())
        .config(&config)
        .start();
    traffic(&server, 2);
    assert!(server.terminate().is_some_and(|s| s.success()));
    let first_run = entries(dir.path());
    let server = TestServer::builder()
        .data_in(dir.path())
        .config(&config)
        .start();
    traffic(&server, 2);
    assert!(server.terminate().is_some_and(|s| s.success()));
    assert!(entries(dir.path()) > first_run);
    let witnessed = std::fs::read_to_string(witness.path().join("eu.checkpoints")).unwrap();
    assert_eq!(
        witnessed,
        std::fs::read_to_string(checkpoints(dir.path())).unwrap()
    );

    // The data directory cut back to the end of the first run, checkpoints
    // and all: consistent in itself.
    sqlite(dir.path())(&format!("DELETE FROM audit WHERE seq > {first_run}"));
    cut_checkpoints(dir.path(), first_run);
    let text = std::fs::read_to_string(checkpoints(dir.path())).unwrap();
    let kept: Vec<&str> = text.lines().collect();
    // (Only the first run's checkpoints: the second run's start is gone too.)
    std::fs::write(
        checkpoints(dir.path()),
        kept.iter()
            .take_while(|l| !l.contains("\"reason\":\"start\"") || kept[0] == **l)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
            + "\n",
    )
    .unwrap();
    let (_, alone) = verify(dir.path(), &[]);
    let (ok, out) = verify(dir.path(), &["--witness", witness.path().to_str().unwrap()]);
    assert!(
        !ok && out.contains("entries removed"),
        "with the witness: {out} (alone: {alone})"
    );
}
