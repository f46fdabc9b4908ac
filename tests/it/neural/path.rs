//! A model loaded by the server from its directory translates the
//! shopper's message: the reply, the stored message and the metrics name
//! the engine, the output is the model's own (the same when the model runs
//! again, in the test or for another region), and the audit log keeps the
//! hop in the region — while the same hop from a region the model's
//! jurisdiction lies outside of, and a remote engine abroad, are transfers.

use crossdesk::translate::neural::fixture::Fixture;
use serde_json::{Value, json};

use super::{audit, libre, marian, model_dir, routes, say_es, translate_alone};
use crate::common::{BOT_READS_ENGLISH, TestServer};
use crate::metrics::{get, scrape};
use crate::stubs::{Mode, start_libretranslate};

const TEXT: &str = "hola mundo mi pedido llega tarde";

fn named<'a>(entries: &'a [Value], name: &str) -> Vec<&'a Value> {
    entries.iter().filter(|e| e["name"] == name).collect()
}

#[test]
fn an_in_region_model_answers_the_shopper_and_its_hop_is_no_transfer() {
    let model = model_dir(&Fixture::default());
    let stub = start_libretranslate(Mode::Ok, None);
    let server = TestServer::builder()
        .config(BOT_READS_ENGLISH)
        .config(&marian(&[("es-en", model.path())], ""))
        .config(&libre(&stub.base, "US"))
        .config(&routes(&["local"], &["libre"]))
        .start();
    let before = scrape(&server);
    let expected = translate_alone(model.path(), TEXT);
    assert!(!expected.trim().is_empty());

    // An EU shopper: the model, in the EU, reads the message for the bot.
    let (id, token) = server.open(json!({"country": "ES", "locale": "es-ES"}));
    let reply = say_es(&server, &id, &token, TEXT);
    assert_eq!(reply["inbound_engine"], "local", "{reply}");
    assert_eq!(reply["bot_lang"], "en", "{reply}");
    // The bot's English answer came back through the remote engine.
    assert_eq!(reply["engine"], "libre", "{reply}");
    assert!(
        reply["text"].as_str().unwrap().starts_with("[es] "),
        "{reply}"
    );
    let stored = server.stored_messages("eu", &id);
    assert_eq!(stored[0].text, TEXT);
    assert_eq!(
        (
            stored[0].translated_text.as_deref(),
            stored[0].engine.as_deref()
        ),
        (Some(expected.as_str()), Some("local"))
    );

    // An American shopper, same words: another region's cache, so the
    // model runs again, and gives the same.
    let (mx, mx_token) = server.open(json!({"country": "MX", "locale": "es-MX"}));
    let reply = say_es(&server, &mx, &mx_token, TEXT);
    assert_eq!(reply["inbound_engine"], "local", "{reply}");
    let stored = server.stored_messages("us", &mx);
    assert_eq!(
        stored[0].translated_text.as_deref(),
        Some(expected.as_str())
    );

    // The EU's log: the model's hop stayed in the region (a `hop`, not a
    // `transfer`); the remote engine in the US is a transfer.
    let hops = audit(&server, "eu", "hop");
    let local = named(&hops, "local");
    assert_eq!(local.len(), 1, "{hops:?}");
    assert_eq!(local[0]["basis"], "in-region");
    assert_eq!(local[0]["jurisdiction"], "DE");
    assert_eq!(local[0]["processor"], "translation_engine");
    let transfers = audit(&server, "eu", "transfer");
    assert!(named(&transfers, "local").is_empty(), "{transfers:?}");
    let remote = named(&transfers, "libre");
    assert_eq!(remote.len(), 1, "{transfers:?}");
    assert_eq!(
        (
            remote[0]["jurisdiction"].as_str(),
            remote[0]["basis"].as_str()
        ),
        (Some("US"), Some("scc"))
    );
    // For the Americas the model in Germany is abroad: a transfer.
    let transfers = audit(&server, "us", "transfer");
    assert_eq!(named(&transfers, "local").len(), 1, "{transfers:?}");
    assert!(named(&audit(&server, "us", "hop"), "local").is_empty());

    let after = scrape(&server);
    for region in ["eu", "us"] {
        let key = format!(
            r#"crossdesk_translations_total{{engine="local",outcome="translated",region="{region}",lang="es"}}"#
        );
        assert_eq!(get(&after, &key) - get(&before, &key), 1.0, "{key}");
    }
}
