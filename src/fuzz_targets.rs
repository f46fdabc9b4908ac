//! The bodies of the fuzz targets (`fuzz/`, cargo-fuzz layout): each takes
//! arbitrary bytes and panics only when an invariant breaks. They also run,
//! bounded, in `cargo test` (seeded random inputs and mutations of real
//! files, below), because cargo-fuzz needs a nightly toolchain this
//! project's CI does not have (docs/PERFORMANCE.md#fuzzing).

use std::path::PathBuf;

use crate::policy::{PROCESSORS, Policies};
use crate::privacy;
use crate::translate::glossary::Glossary;
use crate::translate::protect::{Protector, check};
use crate::translate::{memory::TranslationMemory, tmx};

/// A policy file: parsing never panics; a valid one decides every hop.
pub fn policy(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    if let Ok(policies) = Policies::parse(&[(PathBuf::from("fuzz.toml"), text)]) {
        for region in policies.regions() {
            for processor in PROCESSORS {
                for j in [None, Some("US"), Some("CN"), Some(region.id.as_str())] {
                    let d = policies.decide(&region.id, processor, j);
                    assert_eq!(d.region, region.id);
                }
            }
            assert!(!policies.agent_regions(&region.id).is_empty());
        }
    }
}

/// A TMX document: parsing never panics, and a memory built from what it
/// yields answers lookups without panicking.
pub fn tmx(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(units) = tmx::parse("fuzz.tmx", &text) {
        let probe: Vec<(String, String)> = units
            .iter()
            .flat_map(|u| u.variants.iter().cloned())
            .take(4)
            .collect();
        let memory = TranslationMemory::new(units, 0.75);
        for (lang, segment) in &probe {
            let _ = memory.lookup(segment, lang, "en");
        }
    }
}

/// Redaction: every value comes back exactly where it was, and nothing a
/// shopper typed is mistaken for a token.
pub fn redaction(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let r = privacy::redact(&text, &privacy::Kind::ALL, Some("ES"));
    assert_eq!(privacy::restore(&r.text, &r.values), text, "round trip");
    for kind in r.kinds() {
        assert!(privacy::Kind::ALL.contains(&kind), "reported kind {kind:?}");
    }
}

fn protector() -> &'static Protector {
    static P: std::sync::OnceLock<Protector> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        let glossary = Glossary::parse(
            "keep = [\"PayPal\"]\n[[terms]]\nen = \"My Account\"\nes = \"Mi cuenta\"",
        )
        .expect("glossary");
        let orders = [
            r"#\d{4,}\b".to_string(),
            r"\b(?:[A-Z]{1,4}-?)?\d{6,14}\b".to_string(),
        ];
        Protector::new(&orders, glossary).expect("patterns")
    })
}

/// Placeholder protection: the masked text holds exactly its own
/// placeholders, and restoring gives the text back.
pub fn protection(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let p = protector().protect(&text);
    assert_eq!(
        check(&p.text, p.spans.len()),
        Ok(()),
        "placeholders of {:?}",
        p.text
    );
    assert_eq!(
        Protector::restore(&p.text, &p.spans).as_deref(),
        Ok(&*text),
        "round trip"
    );
    // The same with glossary terms: restoring yields the target forms.
    let g = protector().protect_for(&text, "en", "es");
    assert_eq!(check(&g.text, g.spans.len()), Ok(()));
    assert!(Protector::restore(&g.text, &g.spans).is_ok());
}

/// The message JSON: bodies either parse into the API types or are refused;
/// parsed text cleans into something storable.
pub fn message_json(data: &[u8]) {
    if let Ok(m) = serde_json::from_slice::<crate::api::shopper::PostMessage>(data) {
        let clean = crate::pipeline::clean_text(&m.text);
        assert!(!clean.contains('\0'));
        assert!(
            clean
                .chars()
                .all(|c| !c.is_control() || c == '\n' || c == '\t')
        );
    }
    let _ = serde_json::from_slice::<crate::api::shopper::OpenConversation>(data);
    let _ = serde_json::from_slice::<crate::pipeline::SimulateRequest>(data);
}

#[cfg(test)]
mod bounded {
    //! A short, bounded run of every target in `cargo test`: random bytes,
    //! and seeds from the repository's own files with random edits.
    use proptest::prelude::*;

    fn seeds() -> Vec<Vec<u8>> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut v: Vec<Vec<u8>> = [
            "policies/eu.toml",
            "policies/cn.toml",
            "locales/memory/answers.tmx",
        ]
        .iter()
        .map(|f| std::fs::read(root.join(f)).unwrap_or_default())
        .map(|b| b.into_iter().take(4096).collect())
        .collect();
        for s in [
            "{\"text\": \"¿Dónde está mi pedido #12345? ana@example.com +34 612 345 678\"}",
            "Pagué con 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00, 11010519491231002X",
            "⟦1⟧ ⟦2⟧ ⟪email-1⟫ ⟪payment_card-2⟫ ⟦ ⟧ ⟪ ⟫ PayPal My Account €12.50 https://x.example/a",
            "<tmx><body><tu><tuv xml:lang=\"en\"><seg>a</seg></tuv></tu></body></tmx>",
            "id = \"x\"\nname = \"x\"\nversion = \"1\"\nstore = \"x\"\ncountries = [\"DE\"]\ndefault = true\n",
        ] {
            v.push(s.as_bytes().to_vec());
        }
        v
    }

    /// Random bytes, or a seed with a few bytes replaced, inserted or cut.
    fn input() -> impl Strategy<Value = Vec<u8>> {
        let seeds = seeds();
        let n = seeds.len();
        prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..256),
            (
                0..n,
                proptest::collection::vec((any::<u16>(), any::<u8>(), 0u8..3), 1..8)
            )
                .prop_map(move |(i, edits)| {
                    let mut s = seeds[i].clone();
                    for (at, byte, op) in edits {
                        let at = if s.is_empty() {
                            0
                        } else {
                            at as usize % s.len()
                        };
                        match op {
                            0 if !s.is_empty() => s[at] = byte,
                            1 => s.insert(at, byte),
                            _ if !s.is_empty() => {
                                s.truncate(at.max(1));
                            }
                            _ => s.push(byte),
                        }
                    }
                    s
                }),
            // Structured: the characters the invariants are about.
            proptest::collection::vec(
                prop_oneof![
                    Just("⟦".to_string()),
                    Just("⟧".to_string()),
                    Just("⟪".to_string()),
                    Just("⟫".to_string()),
                    Just("email-1".to_string()),
                    Just("1".to_string()),
                    Just(" a@b.co ".to_string()),
                    Just("4111 1111 1111 1111".to_string()),
                    Just("#12345".to_string()),
                    Just("€5".to_string()),
                    "[ -~]{0,6}",
                ],
                0..12
            )
            .prop_map(|parts| parts.concat().into_bytes()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1500, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn policy(data in input()) { super::policy(&data) }

        #[test]
        fn tmx(data in input()) { super::tmx(&data) }

        #[test]
        fn redaction(data in input()) { super::redaction(&data) }

        #[test]
        fn protection(data in input()) { super::protection(&data) }

        #[test]
        fn message_json(data in input()) { super::message_json(&data) }
    }
}
