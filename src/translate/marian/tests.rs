//! The engine in a chain, on a generated tiny model.

use std::collections::HashMap;
use std::sync::Arc;

use super::super::cache::Scope;
use super::super::fixed::fixed;
use super::super::neural::MarianModel;
use super::super::neural::fixture::Fixture;
use super::super::protect::Protector;
use super::super::{Chain, Outcome, TranslateError, Translator};
use super::MarianEngine;
use crate::config::EngineConfig;

fn config(extra: &str) -> EngineConfig {
    toml::from_str(&format!(
        "name = \"local\"\nkind = \"marian\"\njurisdiction = \"DE\"\n{extra}"
    ))
    .unwrap()
}

fn model() -> (tempfile::TempDir, Arc<MarianModel>) {
    let dir = tempfile::tempdir().unwrap();
    Fixture::default().write(dir.path()).unwrap();
    let model = MarianModel::load(dir.path(), crate::config::Weights::default()).unwrap();
    (dir, Arc::new(model))
}

fn chain(engines: Vec<Arc<dyn Translator>>) -> Chain {
    let order = crate::config::TranslationConfig::default().order_patterns;
    let protector = Protector::new(&order, Default::default()).unwrap();
    Chain::new(engines, Vec::new(), protector, "en", 100)
}

fn engine(extra: &str, model: &Arc<MarianModel>) -> Arc<MarianEngine> {
    let models = HashMap::from([("es-en".to_string(), Arc::clone(model))]);
    Arc::new(MarianEngine::with_models(&config(extra), models).unwrap())
}

async fn translate(chain: &Chain, text: &str, from: &str, to: &str) -> Outcome {
    chain
        .translate(text, from, to, &Scope::ephemeral("eu"))
        .await
}

#[actix_web::test]
async fn the_chain_translates_with_the_in_process_model() {
    let (_dir, model) = model();
    let local = engine("", &model);
    assert_eq!(local.jurisdiction(), Some("DE"));
    assert!(local.serves("es", "en") && !local.serves("en", "es"));
    let c = chain(vec![local]);
    let expected = model
        .translate(&["hola mundo"], Some("en"))
        .unwrap()
        .remove(0);
    match translate(&c, "hola mundo", "es", "en").await {
        Outcome::Translated(done) => {
            assert_eq!(
                (done.text.as_str(), done.engine.as_str()),
                (expected.as_str(), "local")
            );
        }
        other => panic!("{other:?}"),
    }
    // A pair without a model is not this engine's.
    assert!(matches!(
        translate(&c, "hello", "en", "es").await,
        Outcome::Failed(_)
    ));
}

#[actix_web::test]
async fn an_output_that_loses_a_protected_span_goes_to_the_next_engine() {
    let (_dir, model) = model();
    // What the model makes of the masked text: not the placeholder once.
    let raw = model
        .translate(&["pedido ⟦1⟧ tarde"], Some("en"))
        .unwrap()
        .remove(0);
    assert_ne!(raw.matches("⟦1⟧").count(), 1, "{raw}");
    let c = chain(vec![
        engine("", &model),
        fixed("next", Ok("order ⟦1⟧ late")),
    ]);
    match translate(&c, "pedido #123456 tarde", "es", "en").await {
        Outcome::Translated(done) => {
            assert_eq!(
                (done.text.as_str(), done.engine.as_str()),
                ("order #123456 late", "next")
            );
        }
        other => panic!("{other:?}"),
    }
}

#[actix_web::test]
async fn a_call_past_its_deadline_goes_to_the_next_engine() {
    let (_dir, model) = model();
    // A deadline already passed when the call is queued.
    let late = engine("timeout_ms = 0", &model);
    let out = late.translate_batch(&[], "es", "en").await;
    assert!(out.is_empty());
    let c = chain(vec![late, fixed("next", Ok("hello world"))]);
    match translate(&c, "hola mundo", "es", "en").await {
        Outcome::Translated(done) => assert_eq!(done.engine, "next"),
        other => panic!("{other:?}"),
    }
    let only = chain(vec![engine("timeout_ms = 0", &model)]);
    match translate(&only, "hola mundo", "es", "en").await {
        Outcome::Failed(reasons) => {
            assert!(
                matches!(reasons[0].1, TranslateError::Unavailable(_)),
                "{reasons:?}"
            )
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_model_directory_that_does_not_load_stops_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let c = config(&format!("models = {{ \"es-en\" = {:?} }}", dir.path()));
    let err = MarianEngine::new(&c).err().unwrap().to_string();
    assert!(
        err.contains("model es-en") && err.contains("config.json"),
        "{err}"
    );
    assert!(!err.contains("models fetch"), "the directory exists: {err}");
    let c = config(&format!(
        "models = {{ \"es-en\" = {:?} }}",
        dir.path().join("es-en")
    ));
    let err = MarianEngine::new(&c).err().unwrap().to_string();
    assert!(err.contains("`crossdesk models fetch es-en`"), "{err}");
}
