//! A burst of shoppers beyond the model's one worker and one queue place:
//! every message is answered, none lost; the model translates what it has
//! room for and the next engine the rest, at once rather than after the
//! model; `/metrics` counts the calls the model's queue refused.

use std::sync::{Arc, Barrier};

use crossdesk::translate::neural::fixture::Fixture;
use serde_json::json;

use super::{libre, marian, model_dir, routes, say_es};
use crate::common::{BOT_READS_ENGLISH, TestServer};
use crate::metrics::{get, scrape};
use crate::stubs::{Mode, start_libretranslate};

/// Shoppers writing at the same moment.
const BURST: usize = 10;

/// A model slow enough that the burst arrives while it translates the
/// first message (a wide output layer, 23 output tokens: about 2 s a
/// message in a debug build on a busy 2-core machine), and quick enough
/// that the message in the queue is done well before `timeout_ms`.
fn slow_model() -> Fixture {
    Fixture {
        d_model: 128,
        layers: 2,
        heads: 4,
        ffn: 512,
        extra_words: 10_000,
        max_length: 24,
        ..Fixture::default()
    }
}

#[test]
fn a_burst_beyond_the_queue_is_answered_in_full_by_the_model_and_the_next_engine() {
    let model = model_dir(&slow_model());
    let stub = start_libretranslate(Mode::Ok, None);
    let server = Arc::new(
        TestServer::builder()
            .config(BOT_READS_ENGLISH)
            .config(&marian(
                &[("es-en", model.path())],
                // Floats: the slower weights, so the burst surely arrives
                // while the first message is translated.
                "workers = 1\nqueue = 1\ntimeout_ms = 15000\nweights = \"f32\"",
            ))
            .config(&libre(&stub.base, "DE"))
            .config(&routes(&["local", "libre"], &["libre"]))
            .start(),
    );
    let conversations: Vec<(String, String)> = (0..BURST)
        .map(|_| server.open(json!({"country": "ES", "locale": "es-ES"})))
        .collect();
    let before = scrape(&server);
    let start = Arc::new(Barrier::new(BURST));
    let senders: Vec<_> = conversations
        .into_iter()
        .enumerate()
        .map(|(i, (id, token))| {
            let (server, start) = (Arc::clone(&server), Arc::clone(&start));
            std::thread::spawn(move || {
                // Different words each: no answer comes from the cache.
                let text = format!("hola mundo mi pedido numero {i} llega tarde");
                start.wait();
                say_es(&server, &id, &token, &text)
            })
        })
        .collect();
    let replies: Vec<serde_json::Value> = senders.into_iter().map(|t| t.join().unwrap()).collect();

    // Every message answered in Spanish by the bot, through one engine or
    // the other.
    let by = |engine: &str| {
        replies
            .iter()
            .filter(|r| r["inbound_engine"] == engine)
            .count()
    };
    let (local, remote) = (by("local"), by("libre"));
    assert_eq!(local + remote, BURST, "{replies:?}");
    assert!(
        local >= 1 && remote >= 1,
        "local {local}, libre {remote}: {}",
        server.logs()
    );
    for r in &replies {
        assert_eq!(r["lang"], "es", "{r}");
        assert!(r["text"].as_str().unwrap().starts_with("[es] "), "{r}");
    }

    let after = scrape(&server);
    let delta = |key: &str| get(&after, key) - get(&before, key);
    let counted = |engine: &str| {
        delta(&format!(
            r#"crossdesk_translations_total{{engine="{engine}",outcome="translated",region="eu",lang="es"}}"#
        ))
    };
    // The model translates shoppers' messages only; the remote engine the
    // answers too.
    assert_eq!(counted("local"), local as f64);
    assert!(counted("libre") >= remote as f64);
    let refused = |reason: &str| {
        delta(&format!(
            r#"crossdesk_marian_refused_total{{engine="local",reason="{reason}"}}"#
        ))
    };
    assert!(refused("queue_full") >= 1.0, "{after:?}");
    // The remote engine's breaker stayed closed.
    assert_eq!(
        after.get(r#"crossdesk_engine_breaker_open{engine="libre"}"#),
        Some(&0.0)
    );
}
