//! The remote core bots, each against a fake of its provider on 127.0.0.1
//! (`fake/`): the shopper answered through the bot (translated only when
//! the bot's languages need it), the bot's hand-off signal, and every
//! failure (deadline, refusal, error, garbage, a jurisdiction the region's
//! policy denies) handled as the Rasa bot's are.

mod fake;

mod botpress;
mod dialogflow;
mod directline;
mod failures;
mod openai;

use std::path::Path;

use serde_json::Value;

use crate::common::TestServer;

/// A connector under test and the `[bot]` section that names it.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    Botpress,
    DirectLine,
    Dialogflow,
    OpenAi,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::Botpress,
        Kind::DirectLine,
        Kind::Dialogflow,
        Kind::OpenAi,
    ];

    /// `[bot]` for this kind's fake at `base`, its secret in `dir`.
    pub fn config(self, base: &str, dir: &Path, jurisdiction: &str, timeout_ms: u64) -> String {
        let secret = |value: &str| {
            let f = dir.join("bot.secret");
            std::fs::write(&f, format!("{value}\n")).unwrap();
            format!("secret_file = {f:?}\n")
        };
        let head = format!("[bot]\ntimeout_ms = {timeout_ms}\njurisdiction = \"{jurisdiction}\"\n");
        match self {
            Kind::Botpress => format!(
                "{head}kind = \"botpress\"\nurl = \"{base}/{}\"\n",
                fake::WEBHOOK
            ),
            Kind::DirectLine => format!(
                "{head}kind = \"directline\"\nurl = \"{base}\"\n{}",
                secret(fake::SECRET)
            ),
            Kind::Dialogflow => format!(
                "{head}kind = \"dialogflow\"\nurl = \"{base}\"\nlanguages = [\"en\", \"es\"]\n{}\
                 [bot.dialogflow]\nproject = \"{}\"\nlocation = \"{}\"\nagent = \"{}\"\n",
                secret(fake::TOKEN),
                fake::PROJECT,
                fake::LOCATION,
                fake::AGENT
            ),
            Kind::OpenAi => format!(
                "{head}kind = \"openai\"\nurl = \"{base}\"\n{}[bot.openai]\nmodel = \"shop-assistant-8b\"\nhistory_tokens = 500\n",
                secret(fake::KEY)
            ),
        }
    }

    /// The secret the fake expects (None: the kind sends none).
    pub fn secret(self) -> Option<&'static str> {
        match self {
            Kind::Botpress => None,
            Kind::DirectLine => Some(fake::SECRET),
            Kind::Dialogflow => Some(fake::TOKEN),
            Kind::OpenAi => Some(fake::KEY),
        }
    }
}

/// Says `text` in a new conversation of a shopper from `country`.
pub fn ask(server: &TestServer, country: &str, locale: &str, text: &str) -> (String, Value) {
    let (id, token) = server.open(serde_json::json!({"country": country, "locale": locale}));
    let reply = server.say(&id, &token, text);
    (id, reply)
}

/// The shopper's parcel went astray: the fake bots hand off (words the
/// proxy does not itself read as asking for a person).
pub const PARCEL: &str = "My parcel never arrived at the pickup point.";

/// The reply hands the conversation to a person because the bot asked.
pub fn assert_bot_handed_off(reply: &Value) {
    assert_eq!(reply["handoff"]["reason"], "requested", "{reply}");
    let notices = reply["notices"].as_array().unwrap();
    assert!(
        notices.iter().any(|n| n["code"] == "handoff-requested"),
        "{reply}"
    );
}
