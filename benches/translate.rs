//! Translation hot paths: memory lookups (exact and fuzzy over 10,000
//! units) and the cached machine-translation path.
//!
//! `cargo bench --bench translate`; figures in docs/translation.md.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use crossdesk::translate::cache::Scope;
use crossdesk::translate::memory::TranslationMemory;
use crossdesk::translate::protect::Protector;
use crossdesk::translate::tmx::Unit;
use crossdesk::translate::{Chain, Outcome, TranslateError, Translation, Translator};

const SUBJECTS: &[(&str, &str)] = &[
    ("my order", "mi pedido"),
    ("the package", "el paquete"),
    ("my refund", "mi reembolso"),
    ("the parcel", "el envío"),
    ("my gift card", "mi tarjeta regalo"),
    ("the invoice", "la factura"),
    ("my return", "mi devolución"),
    ("the jacket", "la chaqueta"),
    ("my shoes", "mis zapatos"),
    ("the blue dress", "el vestido azul"),
];
const PREDICATES: &[(&str, &str)] = &[
    ("has not arrived", "no ha llegado"),
    ("is damaged", "está dañado"),
    (
        "was sent to the wrong address",
        "se envió a la dirección equivocada",
    ),
    ("is late", "llega tarde"),
    ("is missing an item", "le falta un artículo"),
    ("cannot be tracked", "no se puede rastrear"),
    ("was charged twice", "se cobró dos veces"),
    ("is the wrong size", "es de la talla equivocada"),
    ("never shipped", "nunca se envió"),
    ("shows as delivered", "aparece como entregado"),
];
const TAILS: &[(&str, &str)] = &[
    ("since Monday", "desde el lunes"),
    ("after two weeks", "después de dos semanas"),
    ("and I need help", "y necesito ayuda"),
    ("again", "otra vez"),
    ("this morning", "esta mañana"),
    ("yesterday", "ayer"),
    ("for the second time", "por segunda vez"),
    ("according to the app", "según la aplicación"),
    ("and nobody answers", "y nadie responde"),
    ("before the holidays", "antes de las fiestas"),
];

/// 10 × 10 × 10 × 10 = 10,000 distinct es→en units.
fn units() -> Vec<Unit> {
    let mut units = Vec::with_capacity(10_000);
    for n in 0..10 {
        for (se, ss) in SUBJECTS {
            for (pe, ps) in PREDICATES {
                for (te, ts) in TAILS {
                    units.push(Unit {
                        id: None,
                        variants: vec![
                            ("en".into(), format!("Case {n}: {se} {pe} {te}.")),
                            ("es".into(), format!("Caso {n}: {ss} {ps} {ts}.")),
                        ],
                    });
                }
            }
        }
    }
    units
}

/// A machine engine that always answers, so the chain caches its output.
struct Echo;

#[async_trait::async_trait]
impl Translator for Echo {
    fn name(&self) -> &str {
        "echo"
    }
    async fn translate_batch(
        &self,
        texts: &[crossdesk::gate::Cleared],
        _: &str,
        _: &str,
    ) -> Vec<Result<Translation, TranslateError>> {
        texts
            .iter()
            .map(|t| {
                Ok(Translation {
                    text: format!("[en] {}", t.text()),
                    engine: "echo".into(),
                    score: None,
                })
            })
            .collect()
    }
}

fn bench(c: &mut Criterion) {
    let memory = TranslationMemory::new(units(), 0.75);
    assert_eq!(memory.len(), 10_000);
    let exact = "Caso 7: el paquete está dañado después de dos semanas.";
    let fuzzy = "caso 7 el paquete esta dañada despues de 2 semanas";
    assert!(
        memory
            .lookup(exact, "es", "en")
            .is_some_and(|(_, s)| s == 1.0)
    );
    assert!(
        memory
            .lookup(fuzzy, "es", "en")
            .is_some_and(|(_, s)| s < 1.0)
    );
    c.bench_function("memory exact hit (10k units)", |b| {
        b.iter(|| memory.lookup(black_box(exact), "es", "en"))
    });
    c.bench_function("memory fuzzy hit (10k units)", |b| {
        b.iter(|| memory.lookup(black_box(fuzzy), "es", "en"))
    });
    c.bench_function("memory miss (10k units)", |b| {
        b.iter(|| {
            memory.lookup(
                black_box("¿Aceptan pagos con criptomonedas en la tienda?"),
                "es",
                "en",
            )
        })
    });

    let protector = Protector::new(&[r"#\d{4,}\b".to_string()], Default::default()).unwrap();
    let chain = Chain::new(vec![Arc::new(Echo)], Vec::new(), protector, "en", 1000);
    let scope = Scope::ephemeral("eu");
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let text = "Mi gato se comió el cable del cargador, pedido #445566";
    assert!(matches!(
        rt.block_on(chain.translate(text, "es", "en", &scope)),
        Outcome::Translated(_)
    ));
    c.bench_function("chain cached machine translation", |b| {
        b.iter(|| rt.block_on(chain.translate(black_box(text), "es", "en", &scope)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
