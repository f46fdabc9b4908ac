//! Engines and chains built from configuration text as the server builds
//! them, and the outcome of a translation unwrapped for assertions.

use std::sync::Arc;

use crossdesk::config::{Config, EngineConfig};
use crossdesk::translate::protect::Protector;
use crossdesk::translate::remote::RemoteEngine;
use crossdesk::translate::{Chain, Done, Outcome, TranslateError, Translator};

use crate::stubs::{Mode, Stub, start_libretranslate};

pub(super) fn engine_config(name: &str, kind: &str, url: &str, extra: &str) -> EngineConfig {
    let text = format!(
        "languages = [\"en\", \"es\", \"de\", \"zh\", \"ja\", \"fr\", \"it\"]\n[[translation.engines]]\nname = \"{name}\"\nkind = \"{kind}\"\nurl = \"{url}\"\njurisdiction = \"DE\"\nbackoff_ms = 10\n{extra}\n"
    );
    let config: Config = toml::from_str(&text).unwrap();
    config.validate().unwrap();
    config.translation.engines[0].clone()
}

pub(super) fn engine(name: &str, kind: &str, url: &str, extra: &str) -> Arc<dyn Translator> {
    let c = engine_config(name, kind, url, extra);
    let key = c.key().unwrap();
    let protocol: Box<dyn crossdesk::translate::remote::Protocol> = match kind {
        "libretranslate" => Box::new(crossdesk::translate::libretranslate::LibreTranslate::new(
            url, key,
        )),
        "deepl" => Box::new(crossdesk::translate::deepl::DeepL::new(
            url,
            key.unwrap(),
            c.formality.clone(),
            c.glossary_id.clone(),
            Default::default(),
        )),
        _ => Box::new(crossdesk::translate::openai::OpenAi::new(
            url,
            key,
            c.model.clone().unwrap(),
        )),
    };
    Arc::new(RemoteEngine::new(&c, protocol).unwrap())
}

pub(super) fn chain(engines: Vec<Arc<dyn Translator>>) -> Chain {
    let protector = Protector::new(
        &crossdesk::config::TranslationConfig::default().order_patterns,
        Default::default(),
    )
    .unwrap();
    Chain::new(engines, Vec::new(), protector, "en", 100)
}

pub(super) fn translated(o: Outcome) -> Done {
    match o {
        Outcome::Translated(d) => d,
        other => panic!("expected a translation, got {other:?}"),
    }
}

pub(super) fn failed(o: Outcome) -> Vec<(String, TranslateError)> {
    match o {
        Outcome::Failed(f) => f,
        other => panic!("expected a failure, got {other:?}"),
    }
}

pub(super) fn libre(mode: Mode) -> (Stub, Arc<dyn Translator>) {
    let stub = start_libretranslate(mode, Some("libre-key"));
    let e = engine(
        "libre",
        "libretranslate",
        &stub.base,
        "api_key = \"libre-key\"\nretries = 2",
    );
    (stub, e)
}
