//! Remote translation engines against protocol-faithful stubs on 127.0.0.1
//! (tests/it/stubs.rs): success, batch, retries, breaker, timeout, malformed
//! answers, placeholders, LLM answers; and the whole server with an engine.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crossdesk::config::{Config, EngineConfig};
use crossdesk::translate::cache::Scope;
use crossdesk::translate::protect::Protector;
use crossdesk::translate::remote::RemoteEngine;
use crossdesk::translate::{Chain, Done, Outcome, TranslateError, Translator};
use serde_json::json;

use crate::common::TestServer;
use crate::stubs::{Mode, Stub, start_deepl, start_libretranslate, start_openai};

fn engine_config(name: &str, kind: &str, url: &str, extra: &str) -> EngineConfig {
    let text = format!(
        "languages = [\"en\", \"es\", \"de\", \"zh\", \"ja\", \"fr\", \"it\"]\n[[translation.engines]]\nname = \"{name}\"\nkind = \"{kind}\"\nurl = \"{url}\"\njurisdiction = \"DE\"\nbackoff_ms = 10\n{extra}\n"
    );
    let config: Config = toml::from_str(&text).unwrap();
    config.validate().unwrap();
    config.translation.engines[0].clone()
}

fn engine(name: &str, kind: &str, url: &str, extra: &str) -> Arc<dyn Translator> {
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

fn chain(engines: Vec<Arc<dyn Translator>>) -> Chain {
    let protector = Protector::new(
        &crossdesk::config::TranslationConfig::default().order_patterns,
        Default::default(),
    )
    .unwrap();
    Chain::new(engines, Vec::new(), protector, "en", 100)
}

fn translated(o: Outcome) -> Done {
    match o {
        Outcome::Translated(d) => d,
        other => panic!("expected a translation, got {other:?}"),
    }
}

fn failed(o: Outcome) -> Vec<(String, TranslateError)> {
    match o {
        Outcome::Failed(f) => f,
        other => panic!("expected a failure, got {other:?}"),
    }
}

fn libre(mode: Mode) -> (Stub, Arc<dyn Translator>) {
    let stub = start_libretranslate(mode, Some("libre-key"));
    let e = engine(
        "libre",
        "libretranslate",
        &stub.base,
        "api_key = \"libre-key\"\nretries = 2",
    );
    (stub, e)
}

#[actix_web::test]
async fn libretranslate_single_batch_and_spans() {
    let (stub, e) = libre(Mode::Ok);
    let c = chain(vec![e]);
    let s = Scope::ephemeral("eu");
    let d = translated(
        c.translate(
            "Mi pedido #123456 llegó roto, ver https://shop.example/o/1",
            "es",
            "en",
            &s,
        )
        .await,
    );
    assert_eq!(
        d.text,
        "[en] Mi pedido #123456 llegó roto, ver https://shop.example/o/1"
    );
    assert_eq!((d.engine.as_str(), d.protected), ("libre", 2));
    let body = stub
        .requests()
        .into_iter()
        .find(|r| r.path == "/translate")
        .unwrap()
        .json();
    assert_eq!(
        body["q"],
        json!(["Mi pedido ⟦1⟧ llegó roto, ver ⟦2⟧"]),
        "the engine never sees protected spans"
    );
    assert_eq!(
        (
            body["source"].as_str(),
            body["target"].as_str(),
            body["api_key"].as_str()
        ),
        (Some("es"), Some("en"), Some("libre-key"))
    );

    let texts: Vec<String> = ["uno", "dos", "tres"].map(String::from).to_vec();
    let outs = c.translate_batch(&texts, "es", "de", &s).await;
    assert_eq!(stub.hits(), 2, "three texts, one request");
    let texts_out: Vec<String> = outs.into_iter().map(|o| translated(o).text).collect();
    assert_eq!(texts_out, ["[de] uno", "[de] dos", "[de] tres"]);
}

#[actix_web::test]
async fn pairs_missing_from_the_engines_language_list_are_not_sent() {
    let (stub, e) = libre(Mode::Ok);
    let reasons = failed(
        chain(vec![e])
            .translate(
                "Ciao, dov'è il mio ordine?",
                "it",
                "en",
                &Scope::ephemeral("eu"),
            )
            .await,
    );
    assert!(
        reasons[0].1.to_string().contains("does not translate it"),
        "{reasons:?}"
    );
    assert_eq!(stub.hits(), 0);
    assert!(stub.requests().iter().any(|r| r.path == "/languages"));
}

#[actix_web::test]
async fn retries_after_429_then_succeeds() {
    let (stub, e) = libre(Mode::FailThenOk {
        status: 429,
        times: 2,
    });
    let d = translated(
        chain(vec![e])
            .translate("hola", "es", "en", &Scope::ephemeral("eu"))
            .await,
    );
    assert_eq!(d.text, "[en] hola");
    assert_eq!(stub.hits(), 3);
}

#[actix_web::test]
async fn breaker_opens_after_repeated_503_and_stops_calling() {
    let stub = start_libretranslate(Mode::Status(503), None);
    let e = engine(
        "libre",
        "libretranslate",
        &stub.base,
        "retries = 1\nbreaker_failures = 2\nbreaker_cooldown_ms = 60000",
    );
    let c = chain(vec![e]);
    // What /metrics reports as crossdesk_engine_breaker_open.
    assert_eq!(c.engines()[0].breaker_open(), Some(false));
    for text in ["a uno", "a dos"] {
        failed(c.translate(text, "es", "en", &Scope::ephemeral("eu")).await);
    }
    assert_eq!(stub.hits(), 4, "two calls, each with one retry");
    let reasons = failed(
        c.translate("a tres", "es", "en", &Scope::ephemeral("eu"))
            .await,
    );
    assert_eq!(stub.hits(), 4, "an open breaker makes no request");
    assert_eq!(c.engines()[0].breaker_open(), Some(true));
    assert!(
        matches!(&reasons[0].1, TranslateError::Unavailable(m) if m.contains("circuit open")),
        "{reasons:?}"
    );
}

#[actix_web::test]
async fn slow_engine_times_out_within_its_deadline() {
    let stub = start_libretranslate(Mode::Slow(Duration::from_secs(3)), None);
    let e = engine(
        "libre",
        "libretranslate",
        &stub.base,
        "timeout_ms = 300\nretries = 0",
    );
    let started = Instant::now();
    let reasons = failed(
        chain(vec![e])
            .translate("hola", "es", "en", &Scope::ephemeral("eu"))
            .await,
    );
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "{:?}",
        started.elapsed()
    );
    assert!(reasons[0].1.to_string().contains("timeout"), "{reasons:?}");
}

#[actix_web::test]
async fn malformed_answers_are_failures_not_panics() {
    for (stub, e) in [
        libre(Mode::Malformed),
        {
            let s = start_deepl(Mode::Malformed, "k");
            let e = engine("deepl", "deepl", &s.base, "api_key = \"k\"");
            (s, e)
        },
        {
            let s = start_openai(Mode::Malformed);
            let e = engine("llm", "openai", &s.base, "model = \"m\"");
            (s, e)
        },
    ] {
        let reasons = failed(
            chain(vec![e])
                .translate("hola", "es", "en", &Scope::ephemeral("eu"))
                .await,
        );
        assert!(
            reasons[0].1.to_string().contains("malformed"),
            "{reasons:?}"
        );
        assert_eq!(stub.hits(), 1, "a malformed answer is not retried");
    }
}

#[actix_web::test]
async fn dropped_or_duplicated_placeholders_reject_the_engine_and_the_next_is_tried() {
    let (dropper, e1) = libre(Mode::DropPlaceholders);
    let deepl = start_deepl(Mode::DuplicatePlaceholder, "k");
    let e2 = engine("deepl", "deepl", &deepl.base, "api_key = \"k\"");
    let (good, e3) = {
        let s = start_openai(Mode::Ok);
        let e = engine("llm", "openai", &s.base, "model = \"m\"");
        (s, e)
    };
    let c = chain(vec![e1, e2, e3]);
    let d = translated(
        c.translate(
            "¿Dónde está el pedido #998877?",
            "es",
            "en",
            &Scope::ephemeral("eu"),
        )
        .await,
    );
    assert_eq!(d.text, "[en] ¿Dónde está el pedido #998877?");
    assert_eq!(d.engine, "llm");
    assert_eq!((dropper.hits(), deepl.hits(), good.hits()), (1, 1, 1));
}

#[actix_web::test]
async fn deepl_speaks_v2_with_xml_tags_and_does_not_retry_quota() {
    let stub = start_deepl(Mode::Ok, "deepl-secret");
    let e = engine(
        "deepl",
        "deepl",
        &stub.base,
        "api_key = \"deepl-secret\"\nformality = \"prefer_more\"\nglossary_id = \"g-1\"",
    );
    let c = chain(vec![e]);
    let d = translated(
        c.translate("Pedido #123456 & <b>", "es", "en", &Scope::ephemeral("eu"))
            .await,
    );
    assert_eq!(d.text, "[en] Pedido #123456 & <b>");
    let r = &stub.requests()[0];
    assert_eq!(r.path, "/v2/translate");
    assert_eq!(
        r.header("authorization"),
        Some("DeepL-Auth-Key deepl-secret")
    );
    let body = r.json();
    assert_eq!(
        body["text"],
        json!(["Pedido <x id=\"1\"/> &amp; &lt;b&gt;"])
    );
    assert_eq!(
        (body["target_lang"].as_str(), body["source_lang"].as_str()),
        (Some("EN-US"), Some("ES"))
    );
    assert_eq!(
        (
            body["tag_handling"].as_str(),
            body["formality"].as_str(),
            body["glossary_id"].as_str()
        ),
        (Some("xml"), Some("prefer_more"), Some("g-1"))
    );

    stub.set_mode(Mode::Status(456));
    let reasons = failed(
        c.translate("otra cosa", "es", "zh", &Scope::ephemeral("eu"))
            .await,
    );
    assert!(reasons[0].1.to_string().contains("456"), "{reasons:?}");
    assert_eq!(
        stub.hits(),
        2,
        "quota exceeded is not retried, nor tried again through the pivot"
    );

    let wrong_key = engine("deepl", "deepl", &stub.base, "api_key = \"nope\"");
    stub.set_mode(Mode::Ok);
    let reasons = failed(
        chain(vec![wrong_key])
            .translate("hola", "es", "en", &Scope::ephemeral("eu"))
            .await,
    );
    assert!(reasons[0].1.to_string().contains("403"), "{reasons:?}");
    assert!(
        !format!("{reasons:?}").contains("deepl-secret")
            && !format!("{reasons:?}").contains("nope")
    );
}

#[actix_web::test]
async fn openai_translates_and_answers_or_echoes_are_rejected() {
    let stub = start_openai(Mode::Ok);
    let e = engine("llm", "openai", &stub.base, "model = \"llama-3-8b\"");
    let c = chain(vec![e]);
    let d = translated(
        c.translate(
            "¿Dónde está mi pedido?",
            "es",
            "en",
            &Scope::ephemeral("eu"),
        )
        .await,
    );
    assert_eq!(d.text, "[en] ¿Dónde está mi pedido?");
    let body = stub
        .requests()
        .into_iter()
        .find(|r| r.path == "/v1/chat/completions")
        .unwrap()
        .json();
    assert_eq!(
        (body["model"].as_str(), body["temperature"].as_i64()),
        (Some("llama-3-8b"), Some(0))
    );
    assert_eq!(
        body["messages"][1]["content"],
        "<source>¿Dónde está mi pedido?</source>"
    );

    for (mode, why) in [(Mode::Answer, "answered"), (Mode::Echo, "untranslated")] {
        stub.set_mode(mode);
        let reasons = failed(
            c.translate(
                "¿Puedo pagar con tarjeta?",
                "es",
                "en",
                &Scope::ephemeral(why),
            )
            .await,
        );
        assert!(reasons[0].1.to_string().contains(why), "{reasons:?}");
    }
}

#[actix_web::test]
async fn identical_concurrent_requests_make_one_call_and_repeats_hit_the_cache() {
    let (stub, e) = libre(Mode::Slow(Duration::from_millis(300)));
    let c = Arc::new(chain(vec![e]));
    let mut tasks = Vec::new();
    for _ in 0..6 {
        let c = c.clone();
        tasks.push(actix_web::rt::spawn(async move {
            c.translate(
                "Necesito ayuda urgente",
                "es",
                "en",
                &Scope::ephemeral("eu"),
            )
            .await
        }));
    }
    for t in tasks {
        assert_eq!(
            translated(t.await.unwrap()).text,
            "[en] Necesito ayuda urgente"
        );
    }
    assert_eq!(stub.hits(), 1, "single flight");
    let again = translated(
        c.translate(
            "Necesito ayuda urgente",
            "es",
            "en",
            &Scope::ephemeral("eu"),
        )
        .await,
    );
    assert!(again.cached);
    assert_eq!(stub.hits(), 1);
}

/// The whole server with LibreTranslate as the engine for everything the
/// memory does not know, both ways (answers from English go to Libre only).
fn server_with_libre(stub: &Stub, data: Option<&std::path::Path>) -> crate::common::TestServer {
    let config = format!(
        "[[translation.engines]]\nname = \"libre\"\nkind = \"libretranslate\"\nurl = \"{}\"\njurisdiction = \"DE\"\nretries = 0\nbreaker_failures = 100\n\n\
         [[translation.chains]]\nfrom = \"en\"\nengines = [\"libre\"]\n{}",
        stub.base,
        crate::common::BOT_READS_ENGLISH
    );
    match data {
        Some(dir) => TestServer::builder().data_in(dir).config(&config).start(),
        None => TestServer::builder().config(&config).start(),
    }
}

#[test]
fn server_translates_arbitrary_text_both_ways_and_learns_per_region() {
    let stub = start_libretranslate(Mode::Ok, None);
    let data = tempfile::tempdir().unwrap();
    let server = server_with_libre(&stub, Some(data.path()));
    let (id, token) = server.open(json!({"country": "ES", "locale": "es-ES"}));
    let reply = server.say(&id, &token, "Mi gato se comió el cable del cargador");
    // The bot read the engine's translation.
    assert_eq!(reply["inbound_engine"], "libre", "{reply}");
    assert_eq!(reply["engine"], "libre");
    assert_eq!(reply["machine_translated"], true);
    // The bot got Libre's English, and its answer came back through Libre.
    assert!(
        reply["bot_text"]
            .as_str()
            .unwrap()
            .starts_with("I am sorry"),
        "{reply}"
    );
    assert!(
        reply["text"]
            .as_str()
            .unwrap()
            .starts_with("[es] I am sorry"),
        "{reply}"
    );
    assert_eq!(stub.hits(), 2);

    // Another conversation of the same region: cached, no new request.
    let (id2, token2) = server.open(json!({"country": "ES"}));
    server.say(&id2, &token2, "Mi gato se comió el cable del cargador");
    assert_eq!(stub.hits(), 2);
    // A Mexican shopper is in another region: no reuse across regions.
    let (mx, mx_token) = server.open(json!({"country": "MX"}));
    server.say(&mx, &mx_token, "Mi gato se comió el cable del cargador");
    assert_eq!(stub.hits(), 4);
    drop(server);

    // After a restart the region's store still knows both translations.
    let server = server_with_libre(&stub, Some(data.path()));
    let (id3, token3) = server.open(json!({"country": "FR", "locale": "es-ES"}));
    let reply = server.say(&id3, &token3, "Mi gato se comió el cable del cargador");
    assert!(
        reply["text"]
            .as_str()
            .unwrap()
            .starts_with("[es] I am sorry"),
        "{reply}"
    );
    assert_eq!(stub.hits(), 4, "learned entries come from the eu store");
    // Each region learned its own entry, sealed: the text is not in the row.
    let source = "Mi gato se comió el cable del cargador";
    for (region, expected) in [("eu", 1), ("us", 1), ("cn", 0)] {
        let sealer = crate::common::sealer_for(&data.path().join("data"), None, region, "_learned");
        let store =
            crate::common::open_store(region, &data.path().join(format!("data/{region}.db")));
        let rows = store
            .learned_rows("es", "en", &sealer.keyed_hash(source))
            .unwrap();
        assert_eq!(rows.len(), expected, "{region}");
        for r in rows {
            assert!(
                !r.source.contains("gato") && r.source.starts_with("s1."),
                "{}",
                r.source
            );
            assert_eq!(
                sealer
                    .open("learned_source", &format!("{}:s", r.source_hash), &r.source)
                    .unwrap(),
                source
            );
        }
    }
}

#[test]
fn with_the_engine_down_shoppers_still_get_an_answer() {
    let stub = start_libretranslate(Mode::Status(503), None);
    let server = server_with_libre(&stub, None);
    let (id, token) = server.open(json!({"country": "DE", "locale": "de-DE"}));
    // Known to the memory: the memory answers the question, but the answer
    // is routed to Libre only, which is down → the bot's English, flagged.
    let reply = server.say(&id, &token, "Mein Hund hat das Paket gefressen");
    assert_eq!(reply["understood"], false);
    assert!(!reply["text"].as_str().unwrap().is_empty());
    let codes: Vec<&str> = reply["notices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"no-translation-fallback") && codes.contains(&"handoff-requested"),
        "{codes:?}"
    );
    assert_eq!(reply["handoff"]["reason"], "no_translation");
    let history = server.get(&format!("/v1/conversations/{id}/messages"), Some(&token));
    assert_eq!(
        history.body["messages"][0]["text"],
        "Mein Hund hat das Paket gefressen"
    );
}
