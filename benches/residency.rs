//! Residency hot paths: sealing, redaction, transfer decisions.
//! `cargo bench --bench residency`; figures in docs/residency.md.

use crossdesk::store::{Role, State};
use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use crossdesk::policy::Policies;
use crossdesk::privacy;
use crossdesk::seal::{Secret, field_aad};

fn bench(c: &mut Criterion) {
    let dek = Secret::random().unwrap();
    let field: String = "¿Dónde está mi pedido? "
        .repeat(45)
        .chars()
        .take(1024)
        .collect();
    let aad = field_aad(
        "eu",
        "eu_0123456789abcdef0123456789abcdef",
        "message_text",
        "17",
    );
    c.bench_function("seal + open, 1 KiB field", |b| {
        b.iter(|| {
            let sealed = dek.seal(&aad, black_box(field.as_bytes())).unwrap();
            dek.open(&aad, &sealed).unwrap()
        })
    });

    let base = "Hola, mi pedido #123456 no llegó. Escribidme a ana.garcia@example.com o al +34 612 345 678; pagué con 4111 1111 1111 1111 y quiero el reembolso en ES91 2100 0418 4502 0005 1332. ";
    let message: String = base.repeat(3).chars().take(500).collect();
    c.bench_function("redact a 500-character message", |b| {
        b.iter(|| privacy::redact(black_box(&message), &privacy::Kind::ALL, Some("ES")))
    });

    let policies =
        Policies::load_dir(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("policies")).unwrap();
    c.bench_function("transfer decision", |b| {
        b.iter(|| policies.decide(black_box("eu"), "translation_engine", Some("US")))
    });
}

fn audit(c: &mut Criterion) {
    use crossdesk::audit::{Chain, Record};
    let chain = Chain::new(&[9u8; 32]);
    let record = |i: i64| Record {
        at: i,
        kind: "transfer".into(),
        subject: "eu_0123456789abcdef0123456789abcdef".into(),
        detail: serde_json::json!({"processor": "translation_engine", "name": "deepl", "jurisdiction": "US", "outcome": "allow_redacted", "basis": "scc"}),
        policy_hash: "f".repeat(64),
    };
    let r = record(1);
    c.bench_function("audit: chain the next entry (HMAC + SHA-256)", |b| {
        b.iter(|| chain.next(Some((41, "a", "b")), black_box(&r)))
    });
    let mut entries = Vec::with_capacity(1_000_000);
    for i in 0..1_000_000 {
        let e = chain.next(
            entries
                .last()
                .map(|e: &crossdesk::store::models::AuditEntry| {
                    (e.seq, e.hash.as_str(), e.digest.as_str())
                }),
            &record(i),
        );
        entries.push(e);
    }
    // What a message pays: the entry chained, inserted in a real SQLite
    // store (WAL), an Ed25519 checkpoint signed and appended to its file.
    let dir = tempfile::tempdir().unwrap();
    let store =
        crossdesk::store::Store::open("eu", dir.path().join("eu.db").to_str().unwrap()).unwrap();
    let log = crossdesk::audit::AuditLog::new(
        Chain::new(&[9u8; 32]),
        crossdesk::audit::Signer::from_file(&dir.path().join("audit-signing.pk8")).unwrap(),
        dir.path().join("audit"),
    );
    let head = chain.next(None, &r);
    c.bench_function("audit: sign a checkpoint (Ed25519)", |b| {
        b.iter(|| log.signer.checkpoint("eu", black_box(&head), "interval"))
    });
    c.bench_function(
        "audit: append to a SQLite store (chain + insert + signed checkpoint)",
        |b| b.iter(|| log.append(&store, black_box(&r)).unwrap()),
    );
    // The server's way: checkpoints signed by a thread every 200 ms.
    let served = crossdesk::audit::AuditLog::new(
        Chain::new(&[9u8; 32]),
        crossdesk::audit::Signer::from_file(&dir.path().join("audit-signing.pk8")).unwrap(),
        dir.path().join("audit"),
    )
    .with_interval(std::time::Duration::from_millis(200));
    c.bench_function(
        "audit: append to a SQLite store, checkpoints every 200 ms (the server)",
        |b| b.iter(|| served.append(&store, black_box(&r)).unwrap()),
    );
    let mut group = c.benchmark_group("audit");
    group.sample_size(10);
    group.bench_function("verify 1,000,000 entries", |b| {
        b.iter(|| chain.verify(black_box(&entries)).unwrap())
    });
    group.finish();
}

/// A message's one write on the message path: the shopper's row and the
/// answer (both sealed), the conversation's new state checked against the
/// row it was computed from, and an audit record, through the store's
/// group-commit writer, one at a time (no batching).
fn exchange(c: &mut Criterion) {
    use crossdesk::store::models::{Conversation, ConversationUpdate, NewMessage};
    let dir = tempfile::tempdir().unwrap();
    let store =
        crossdesk::store::Store::open("eu", dir.path().join("eu.db").to_str().unwrap()).unwrap();
    let log = crossdesk::audit::AuditLog::new(
        crossdesk::audit::Chain::new(&[9u8; 32]),
        crossdesk::audit::Signer::from_file(&dir.path().join("audit-signing.pk8")).unwrap(),
        dir.path().join("audit"),
    )
    .with_interval(std::time::Duration::from_millis(200));
    let fields: std::collections::HashSet<String> = ["message_text", "translated_text"]
        .into_iter()
        .map(String::from)
        .collect();
    let sealer = crossdesk::seal::Sealer::new(
        "eu",
        "eu_1",
        Secret::from_bytes(&[5u8; 32]).unwrap(),
        std::sync::Arc::new(fields),
    );
    let mut conversation = Conversation {
        lang: Some("de".into()),
        ..Conversation::opened("eu_1", "eu", "DE", "web", 0)
    };
    store.insert_conversation(&conversation).unwrap();
    let row = |role: Role, text: &str, at: i64| NewMessage {
        role,
        translated_text: Some(format!("{text} (translated)")),
        translated_lang: Some("en".into()),
        engine: Some("memory".into()),
        machine_translated: true,
        lang_source: None,
        ..NewMessage::system(text.into(), "de", at)
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let mut at = 0i64;
    c.bench_function(
        "store: a message's exchange (2 sealed rows, state, 1 audit record) through the writer",
        |b| {
            b.iter(|| {
                at += 1;
                let update = ConversationUpdate {
                    lang: Some("de".into()),
                    lang_locked: false,
                    lang_pending: None,
                    state: State::Bot,
                    handoff_reason: None,
                    updated_at: at,
                    pool: None,
                    priority: 0,
                    bot_misses: 0,
                    queued_at: None,
                    emotion: 0.1,
                    first_response_at: Some(1),
                };
                let record = crossdesk::audit::Record {
                    at,
                    kind: "transfer".into(),
                    subject: "eu_1".into(),
                    detail: serde_json::json!({"hop": "core_bot", "to": "us"}),
                    policy_hash: "h".into(),
                };
                let done = rt
                    .block_on(store.push_answer(
                        conversation.clone(),
                        Some(row(Role::Shopper, "Wo ist meine Bestellung?", at)),
                        row(Role::Bot, "Your order ships tomorrow.", at),
                        update.clone(),
                        sealer.clone(),
                        log.chaining(vec![record]),
                    ))
                    .unwrap();
                assert!(matches!(done, crossdesk::store::Exchange::Stored { .. }));
                update.apply(&mut conversation);
            })
        },
    );
}

criterion_group!(benches, bench, audit, exchange);
criterion_main!(benches);
