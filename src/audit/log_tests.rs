//! The audit log's own tests: checkpoints signed, verified and recovered.

use super::super::checkpoint::{Ending, verify_log};
use super::*;

fn record(i: i64) -> Record {
    Record {
        at: i,
        kind: "decision".into(),
        subject: "-".into(),
        detail: serde_json::json!({ "i": i }),
        policy_hash: "h".into(),
    }
}

#[test]
fn a_server_signs_at_start_at_intervals_every_n_entries_and_at_shutdown() {
    let dir = tempfile::tempdir().unwrap();
    let store =
        crate::store::Store::open("eu", dir.path().join("eu.db").to_str().unwrap()).unwrap();
    let log = AuditLog::new(
        Chain::new(&[1u8; 32]),
        Signer::from_file(&dir.path().join("k.pk8")).unwrap(),
        dir.path().join("audit"),
    )
    .with_witness(Some(dir.path().join("witness")))
    .with_every(3)
    // Long enough that only flushes, N entries and the drop sign.
    .with_interval(std::time::Duration::from_secs(3600));
    let file = log.checkpoints_file("eu");
    assert_eq!(log.start(&store).unwrap(), Started::Clean);
    log.append_all(&store, &[record(1), record(2)]).unwrap();
    assert!(read_checkpoints(&file).unwrap().is_empty());
    log.append(&store, &record(3)).unwrap();
    let cps = read_checkpoints(&file).unwrap();
    assert_eq!(
        cps.iter()
            .map(|c| (c.size, c.reason.as_str()))
            .collect::<Vec<_>>(),
        [(3, reason::ENTRIES)]
    );
    log.append(&store, &record(4)).unwrap();
    log.flush().unwrap();
    log.flush().unwrap();
    assert_eq!(
        read_checkpoints(&file).unwrap().len(),
        2,
        "nothing new: no new checkpoint"
    );
    drop(log);
    let cps = read_checkpoints(&file).unwrap();
    assert_eq!(
        cps.last().map(|c| (c.size, c.reason.as_str())),
        Some((4, reason::SHUTDOWN))
    );
    assert_eq!(
        read_checkpoints(&dir.path().join("witness/eu.checkpoints")).unwrap(),
        cps
    );
    let entries = store.audit_entries().unwrap();
    let public = Signer::from_file(&dir.path().join("k.pk8"))
        .unwrap()
        .public_key();
    let ending = Some(Ending {
        pending_since: None,
        server_running: false,
        now: chrono::Utc::now().timestamp_millis(),
    });
    assert_eq!(
        verify_log(
            Some(&Chain::new(&[1u8; 32])),
            &entries,
            &cps,
            &public,
            ending
        ),
        Ok(4)
    );
}

#[test]
fn a_start_after_a_crash_records_it_and_signs_what_was_left_unsigned() {
    let dir = tempfile::tempdir().unwrap();
    let store =
        crate::store::Store::open("eu", dir.path().join("eu.db").to_str().unwrap()).unwrap();
    let new_log = || {
        AuditLog::new(
            Chain::new(&[1u8; 32]),
            Signer::from_file(&dir.path().join("k.pk8")).unwrap(),
            dir.path().join("audit"),
        )
        .with_interval(std::time::Duration::from_secs(3600))
    };
    let log = new_log();
    log.start(&store).unwrap();
    log.append_all(&store, &[record(1), record(2)]).unwrap();
    log.flush().unwrap();
    log.append(&store, &record(3)).unwrap();
    // A crash: no shutdown checkpoint, entry 3 unsigned.
    std::mem::forget(log);
    let log = new_log();
    assert_eq!(
        log.start(&store).unwrap(),
        Started::Recovered { unsigned: 1 }
    );
    let entries = store.audit_entries().unwrap();
    assert_eq!(entries.last().unwrap().kind, "audit_recovery");
    assert!(
        entries
            .last()
            .unwrap()
            .detail
            .contains("\"unsigned_entries\":1")
    );
    let cps = read_checkpoints(&log.checkpoints_file("eu")).unwrap();
    assert_eq!(
        cps.last().map(|c| (c.size, c.reason.as_str())),
        Some((4, reason::START))
    );
    drop(log);
    // Entries removed behind the server's back: found at the next start.
    store.delete_audit_tail_for_tests(3);
    assert!(matches!(
        new_log().start(&store),
        Ok(Started::Shortened { .. })
    ));
}
