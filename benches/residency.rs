//! Residency hot paths: sealing, redaction, transfer decisions.
//! `cargo bench --bench residency`; figures in docs/residency.md.

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

    let kinds: Vec<String> = privacy::KINDS.iter().map(|k| k.to_string()).collect();
    let base = "Hola, mi pedido #123456 no llegó. Escribidme a ana.garcia@example.com o al +34 612 345 678; pagué con 4111 1111 1111 1111 y quiero el reembolso en ES91 2100 0418 4502 0005 1332. ";
    let message: String = base.repeat(3).chars().take(500).collect();
    c.bench_function("redact a 500-character message", |b| {
        b.iter(|| privacy::redact(black_box(&message), &kinds))
    });

    let policies =
        Policies::load_dir(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("policies")).unwrap();
    c.bench_function("transfer decision", |b| {
        b.iter(|| policies.decide(black_box("eu"), "translation_engine", Some("US")))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
