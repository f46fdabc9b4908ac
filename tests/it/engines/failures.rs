//! An engine that fails: retries after 429, a breaker that opens after
//! repeated 503s, a deadline for a slow engine, malformed answers as
//! failures, and placeholders dropped or duplicated rejecting the engine so
//! the next one is tried.

use std::time::Duration;

use crossdesk::translate::TranslateError;
use crossdesk::translate::cache::Scope;

use super::setup::{chain, engine, failed, libre, translated};
use crate::stubs::{Mode, start_deepl, start_libretranslate, start_openai};

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
    // The engine would answer after a minute: the call fails as a timeout
    // instead of waiting for it (no wall-clock bound: a loaded machine
    // must not fail the test).
    let stub = start_libretranslate(Mode::Slow(Duration::from_secs(60)), None);
    let e = engine(
        "libre",
        "libretranslate",
        &stub.base,
        "timeout_ms = 300\nretries = 0",
    );
    let reasons = failed(
        chain(vec![e])
            .translate("hola", "es", "en", &Scope::ephemeral("eu"))
            .await,
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
