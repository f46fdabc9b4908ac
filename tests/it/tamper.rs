//! Tampering with an audit log directly in its database — an entry edited,
//! deleted, inserted, two entries swapped, the tail truncated — must be
//! named by `crossdesk audit verify`, on SQLite and on PostgreSQL alike.
//! The SQL below is written to run unchanged on both.

use std::time::Duration;

use crate::common::{TestServer, signed_size, wait_until};

fn verify(server: &TestServer, region: &str) -> (bool, String) {
    crate::residency::crossdesk_cli(server, &["audit", "verify", "--region", region])
}

/// The number of entries in `region`'s log, as `audit verify` counts them.
fn logged(server: &TestServer, region: &str) -> i64 {
    let (_, out) = verify(server, region);
    out.split(&format!("region {region}: "))
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{out}"))
}

/// Runs every kind of tampering on `region`'s log (at least four entries),
/// restoring the original rows in between; `sql` runs statements on the
/// region's database.
pub fn suite(server: &TestServer, region: &str, sql: &mut dyn FnMut(&str)) {
    // The server signs checkpoints every 200 ms: let one cover the head.
    let signed = server
        .data_dir()
        .join(format!("audit/{region}.checkpoints"));
    wait_until(
        Duration::from_secs(30),
        "a checkpoint to cover the head of the log",
        || signed_size(&signed) >= logged(server, region),
    );
    let (ok, out) = verify(server, region);
    assert!(ok, "the untouched log must verify: {out}");
    sql("DROP TABLE IF EXISTS audit_original");
    sql("CREATE TABLE audit_original AS SELECT * FROM audit");
    let restore = |sql: &mut dyn FnMut(&str)| {
        sql("DELETE FROM audit");
        sql("INSERT INTO audit SELECT * FROM audit_original");
    };
    let cases: [(&str, &[&str], &str); 5] = [
        (
            "an entry edited",
            &["UPDATE audit SET detail = replace(detail, '\"', '''') WHERE seq = 2"],
            "entry 2: content altered",
        ),
        (
            "an entry deleted",
            &["DELETE FROM audit WHERE seq = 2"],
            "entry 3: expected entry 2 here",
        ),
        (
            // A forged entry that links to the real head, without the key.
            "an entry inserted",
            &[
                "INSERT INTO audit SELECT seq + 1, at, kind, subject, detail, policy_hash, hash, hash, digest \
                 FROM audit WHERE seq = (SELECT max(seq) FROM audit_original)",
            ],
            "content altered",
        ),
        (
            "two entries swapped",
            &[
                "UPDATE audit SET seq = -seq WHERE seq IN (2, 3)",
                "UPDATE audit SET seq = 3 WHERE seq = -2",
                "UPDATE audit SET seq = 2 WHERE seq = -3",
            ],
            "entry 2: does not follow the entry before it",
        ),
        (
            "the tail truncated",
            &["DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit_original)"],
            "entries removed",
        ),
    ];
    for (what, statements, expected) in cases {
        for s in statements {
            sql(s);
        }
        let (ok, out) = verify(server, region);
        assert!(!ok, "{what}: not detected: {out}");
        assert!(
            out.contains(&format!("region {region}: entry")) && out.contains(expected),
            "{what}: {out}"
        );
        restore(sql);
        let (ok, out) = verify(server, region);
        assert!(ok, "{what}: restored log must verify again: {out}");
    }
    sql("DROP TABLE audit_original");
}
