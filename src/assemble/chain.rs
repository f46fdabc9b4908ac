//! The translation chain from the config: the shipped memory, then every
//! configured engine (remote, or in-process Marian models).

use std::sync::Arc;

use super::StartError;
use crate::config::{self, Config};
use crate::translate::{self, Translator};

/// The translation chain from the config: the shipped memory, then every
/// engine in the order declared (or per-pair routes).
pub fn build_chain(config: &Config) -> Result<translate::Chain, StartError> {
    use config::EngineKind;
    use translate::{libretranslate::LibreTranslate, openai::OpenAi};
    let memory = translate::memory::TranslationMemory::load_dir(
        &config.translation.memory_dir,
        config.translation.fuzzy_threshold,
    )?;
    tracing::info!(units = memory.len(), "translation memory loaded");
    let glossary = translate::glossary::Glossary::load(&config.translation.glossary)
        .map_err(|e| translate::TranslateError::Setup(e.to_string()))?;
    let protector =
        translate::protect::Protector::new(&config.translation.order_patterns, glossary)
            .map_err(|e| config::ConfigError::Invalid(e.to_string()))?;
    let mut engines: Vec<Arc<dyn Translator>> = vec![Arc::new(memory)];
    for e in &config.translation.engines {
        let engine: Arc<dyn Translator> = match e.kind {
            EngineKind::Marian => marian(e)?,
            EngineKind::Libretranslate => {
                remote(e, Box::new(LibreTranslate::new(&e.url, e.key()?)))?
            }
            EngineKind::Deepl => remote(e, deepl(e)?)?,
            EngineKind::Openai => {
                let model = e.model.clone().unwrap_or_default();
                remote(e, Box::new(OpenAi::new(&e.url, e.key()?, model)))?
            }
        };
        engines.push(engine);
        tracing::info!(engine = %e.name, kind = ?e.kind, jurisdiction = %e.jurisdiction, "translation engine configured");
    }
    let routes = config
        .translation
        .chains
        .iter()
        .map(|c| translate::Route {
            from: c.from.clone(),
            to: c.to.clone(),
            engines: c.engines.clone(),
        })
        .collect();
    Ok(translate::Chain::new(
        engines,
        routes,
        protector,
        &config.pivot_language,
        config.translation.cache_entries,
    ))
}

/// The in-process Marian engine; every model is loaded here, at start.
#[cfg(feature = "neural")]
fn marian(e: &config::EngineConfig) -> Result<Arc<dyn Translator>, StartError> {
    Ok(Arc::new(translate::marian::MarianEngine::new(e)?))
}

/// Without the `neural` feature the config check has refused the engine.
#[cfg(not(feature = "neural"))]
fn marian(e: &config::EngineConfig) -> Result<Arc<dyn Translator>, StartError> {
    Err(config::ConfigError::Invalid(format!(
        "engine {}: kind = \"marian\" needs crossdesk built with `--features neural`",
        e.name
    ))
    .into())
}

/// A remote engine speaking `protocol`, behind its retries and breaker.
fn remote(
    e: &config::EngineConfig,
    protocol: Box<dyn translate::remote::Protocol>,
) -> Result<Arc<dyn Translator>, StartError> {
    Ok(Arc::new(translate::remote::RemoteEngine::new(e, protocol)?))
}

/// DeepL's wire format; it needs a key.
fn deepl(e: &config::EngineConfig) -> Result<Box<dyn translate::remote::Protocol>, StartError> {
    let key = e.key()?.ok_or_else(|| {
        config::ConfigError::Invalid(format!(
            "engine {}: DeepL needs `api_key_env` or `api_key`",
            e.name
        ))
    })?;
    Ok(Box::new(translate::deepl::DeepL::new(
        &e.url,
        key,
        e.formality.clone(),
        e.glossary_id.clone(),
        e.regional_targets.clone(),
    )))
}

#[cfg(all(test, feature = "neural"))]
mod tests {
    use super::*;
    use crate::translate::Outcome;
    use crate::translate::cache::Scope;
    use crate::translate::neural::fixture::Fixture;

    #[actix_web::test]
    async fn a_marian_engine_in_the_config_loads_its_model_and_translates() {
        let dir = tempfile::tempdir().unwrap();
        Fixture::default().write(dir.path()).unwrap();
        let config: Config = toml::from_str(&format!(
            "[[translation.engines]]\nname = \"local\"\nkind = \"marian\"\njurisdiction = \"DE\"\n\
             models = {{ \"es-en\" = {:?} }}\n\
             [[translation.chains]]\nfrom = \"es\"\nto = \"en\"\nengines = [\"local\"]",
            dir.path()
        ))
        .unwrap();
        config.validate().unwrap();
        let chain = build_chain(&config).unwrap();
        match chain
            .translate("hola mundo", "es", "en", &Scope::ephemeral("eu"))
            .await
        {
            Outcome::Translated(done) => assert_eq!(done.engine, "local"),
            other => panic!("{other:?}"),
        }
    }
}
