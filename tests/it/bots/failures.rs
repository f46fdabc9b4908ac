//! Every remote bot's failures, handled as the Rasa bot's are: the
//! shopper gets a localized notice and a person, nothing is lost, and the
//! logs hold neither the message nor the bot's secret. A jurisdiction the
//! region's policy denies means the bot is never asked.

use crate::common::TestServer;

use super::fake::{AnyFake, Mode, start_botpress, start_dialogflow, start_directline, start_model};
use super::{Kind, ask};

fn fake(kind: Kind) -> Box<dyn AnyFake> {
    match kind {
        Kind::Botpress => Box::new(start_botpress()),
        Kind::DirectLine => Box::new(start_directline()),
        Kind::Dialogflow => Box::new(start_dialogflow()),
        Kind::OpenAi => Box::new(start_model()),
    }
}

#[test]
fn slow_refusing_failing_or_garbled_bots_get_a_localized_fallback_and_lose_nothing() {
    for kind in Kind::ALL {
        let bot = fake(kind);
        let dir = tempfile::tempdir().unwrap();
        let server = TestServer::builder()
            .config(&kind.config(&bot.base(), dir.path(), "DE", 600))
            .start();
        for mode in [
            Mode::Slow,
            Mode::Status(401),
            Mode::Status(500),
            Mode::Garbage,
        ] {
            bot.set_mode(mode.clone());
            let (id, reply) = ask(&server, "DE", "de-DE", "Wo ist meine Bestellung?");
            let what = format!("{kind:?} {mode:?}");
            // The shopper did not wait for a slow bot: it has not answered yet.
            assert_eq!(bot.late(), 0, "{what}");
            assert!(reply["bot_text"].is_null(), "{what}: {reply}");
            assert_eq!(
                reply["handoff"]["reason"], "bot_unavailable",
                "{what}: {reply}"
            );
            let text = reply["text"].as_str().unwrap();
            assert!(
                text.contains("Assistent") || text.contains("nicht verfügbar"),
                "{what}: {text}"
            );
            let rows = server.stored_messages("eu", &id);
            assert_eq!(rows.len(), 2, "{what}");
            assert_eq!(rows[0].text, "Wo ist meine Bestellung?");
        }
        let logs = server.logs();
        assert!(logs.contains("bot failed"), "{kind:?}: failures are logged");
        assert!(
            !logs.contains("Wo ist meine Bestellung") && !logs.contains("Where is my order"),
            "{kind:?}: message text in logs"
        );
        if let Some(secret) = kind.secret() {
            assert!(!logs.contains(secret), "{kind:?}: secret in logs");
        }
    }
}

#[test]
fn a_bot_in_a_jurisdiction_the_region_denies_is_never_asked() {
    for kind in Kind::ALL {
        let bot = fake(kind);
        let dir = tempfile::tempdir().unwrap();
        let server = TestServer::builder()
            .config(&kind.config(&bot.base(), dir.path(), "SG", 2000))
            .start();
        // The EU policy has no core_bot rule for Singapore.
        let (_, reply) = ask(&server, "DE", "de-DE", "Wo ist meine Bestellung?");
        assert_eq!(bot.hits(), 0, "{kind:?}");
        assert!(reply["bot_text"].is_null(), "{kind:?}: {reply}");
        assert_eq!(reply["handoff"]["reason"], "bot_unavailable", "{kind:?}");
    }
}
