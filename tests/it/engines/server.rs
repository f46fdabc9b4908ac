//! The whole server with a remote engine: arbitrary text translated both
//! ways and learned per region (sealed, surviving a restart), and answers
//! for the shopper while the engine is down.

use serde_json::json;

use crate::common::TestServer;
use crate::stubs::{Mode, Stub, start_libretranslate};

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
