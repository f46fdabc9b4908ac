//! One gate for every hop: an EU shopper's personal data (canary values)
//! never reaches a processor that the EU policy admits only after
//! redaction — a translation engine in the US and a core bot in the US —
//! on any hop (shopper in, bot out, agent view, agent reply, history
//! re-translation, the simulator, learned translations), while the people
//! (the shopper, an in-region agent) read the values. Each hop's audit
//! record says what left.

use serde_json::{Value, json};

use crate::common::{TestServer, policies_with, start_rasa_bot, vouch};
use crate::stubs::{Mode, start_libretranslate};

const IBAN: &str = "DE89 3704 0044 0532 0130 00";
const PHONE: &str = "+49 151 23456789";
const MAIL: &str = "kunde.canary@example.de";

/// Every form a canary could travel in.
fn canaries() -> Vec<String> {
    vec![
        IBAN.into(),
        IBAN.replace(' ', ""),
        PHONE.into(),
        "15123456789".into(),
        "23456789".into(),
        MAIL.into(),
        "kunde.canary".into(),
        // The second shopper's.
        "FR14 2004 1010 0505 0001 3M02 606".into(),
        "FR1420041010050500013M02606".into(),
        "0612345678".into(),
        "06 12 34 56 78".into(),
    ]
}

fn assert_no_canary(what: &str, body: &str) {
    for c in canaries() {
        assert!(!body.contains(&c), "{what} carried {c:?}: {body}");
    }
}

/// Every pool open around the clock, so hand-offs route at once.
const POOLS: &str = r#"
[[pools]]
id = "eu-madrid"
region = "eu"
timezone = "Europe/Madrid"
languages = ["es", "de", "fr", "en"]
agents = 2
capacity = 3
hours = { mon = ["00:00-24:00"], tue = ["00:00-24:00"], wed = ["00:00-24:00"], thu = ["00:00-24:00"], fri = ["00:00-24:00"], sat = ["00:00-24:00"], sun = ["00:00-24:00"] }
"#;

struct Setup {
    server: TestServer,
    libre: crate::stubs::Stub,
    bot: crate::common::FakeBot,
    _policies: tempfile::TempDir,
}

/// The EU admits a US translation engine and a US core bot only after
/// redaction (the engine rule is the shipped one; the bot rule is added).
fn setup() -> Setup {
    let policies = policies_with(&[(
        "eu.toml",
        "[[transfers]]\nprocessor = \"core_bot\"\nto = [\"US\"]\nbasis = \"scc\"\nredact = true",
    )]);
    let libre = start_libretranslate(Mode::Ok, None);
    let (bot_base, bot) = start_rasa_bot();
    let config = format!(
        "policies_dir = {:?}\n\
         [bot]\nkind = \"rasa\"\nurl = \"{bot_base}/echo/webhooks/rest/webhook\"\njurisdiction = \"US\"\n\
         [[translation.engines]]\nname = \"libre\"\nkind = \"libretranslate\"\nurl = \"{}\"\njurisdiction = \"US\"\nretries = 0\n",
        policies.path(),
        libre.base
    );
    let server = TestServer::builder().config(&config).config(POOLS).start();
    Setup {
        server,
        libre,
        bot,
        _policies: policies,
    }
}

impl Setup {
    /// No request that reached the engine or the bot carried a canary.
    fn nothing_leaked(&self) {
        for r in self.libre.requests() {
            assert_no_canary("the translation engine", &r.body);
        }
        for m in self.bot.received.lock().unwrap().iter() {
            assert_no_canary("the core bot", &m.to_string());
        }
    }

    /// The region's audit entries of one kind.
    fn audit(&self, region: &str, kind: &str) -> Vec<Value> {
        crate::common::open_store(region, &self.server.data_dir().join(format!("{region}.db")))
            .audit_entries()
            .unwrap()
            .into_iter()
            .filter(|e| e.kind == kind)
            .map(|e| serde_json::from_str(&e.detail).unwrap())
            .collect()
    }
}

fn no_placeholder(what: &str, text: &str) {
    assert!(!text.contains('⟪') && !text.contains('⟫'), "{what}: {text}");
}

#[test]
fn canaries_reach_no_processor_on_any_hop_and_every_hop_is_recorded() {
    let s = setup();
    let server = &s.server;
    let (id, token) = server.open(json!({
        "country": "DE", "locale": "de-DE",
        "shopper_assertion": vouch("kunde-1", None),
    }));
    let text = format!("Meine IBAN ist {IBAN}, Telefon {PHONE}, Mail {MAIL}");

    // Shopper in and bot out: the engine and the bot see placeholders; the
    // shopper reads the values the bot echoed, each once.
    let reply = server.say(&id, &token, &text);
    s.nothing_leaked();
    let shown = reply["text"].as_str().unwrap();
    no_placeholder("reply", shown);
    for v in [IBAN, PHONE, MAIL] {
        assert_eq!(shown.matches(v).count(), 1, "{v} in {shown}");
    }
    assert_eq!(reply["machine_translated"], true, "{reply}");
    let bot_saw = s.bot.received.lock().unwrap()[0]["message"].to_string();
    assert!(
        bot_saw.contains("⟪iban-1⟫") && bot_saw.contains("⟪email-"),
        "{bot_saw}"
    );
    // The records say what left: engine in, bot, engine out.
    let transfers = s.audit("eu", "transfer");
    let engine: Vec<&Value> = transfers.iter().filter(|t| t["name"] == "libre").collect();
    assert_eq!(engine.len(), 2, "{transfers:?}");
    for t in &engine {
        assert_eq!(t["outcome"], "allow_redacted", "{t}");
        assert_eq!(t["jurisdiction"], "US");
        assert_eq!(
            t["pii_kinds_redacted"],
            json!(["email", "phone", "iban"]),
            "{t}"
        );
        assert_eq!(t["processor"], "translation_engine");
    }
    let bot: Vec<&Value> = transfers
        .iter()
        .filter(|t| t["processor"] == "core_bot")
        .collect();
    assert_eq!(bot.len(), 1, "{transfers:?}");
    assert_eq!(
        bot[0]["pii_kinds_redacted"],
        json!(["email", "phone", "iban"])
    );
    // The stored history holds the values, not placeholders.
    let stored = server.stored_messages("eu", &id);
    assert_eq!(stored[0].text, text);
    for m in &stored {
        no_placeholder("stored", &m.text);
        no_placeholder(
            "stored translation",
            m.translated_text.as_deref().unwrap_or(""),
        );
    }

    // The shopper switches to French: the history is translated again.
    let hits = s.libre.hits();
    server.say(&id, &token, "en français s'il vous plaît");
    let history = server.get(&format!("/v1/conversations/{id}/messages"), Some(&token));
    assert_eq!(history.status, 200, "{}", history.body);
    assert_eq!(history.body["lang"], "fr", "{}", history.body);
    assert!(
        s.libre.hits() > hits,
        "the history was not translated again"
    );
    s.nothing_leaked();
    let bot_line = &history.body["messages"][1];
    assert_eq!(bot_line["role"], "bot", "{bot_line}");
    let bot_text = bot_line["text"].as_str().unwrap();
    assert!(
        bot_text.starts_with("[fr]") && bot_text.contains(IBAN),
        "{bot_line}"
    );
    for m in history.body["messages"].as_array().unwrap() {
        no_placeholder("history", m["text"].as_str().unwrap());
    }

    // Hand-off to the EU pool; an agent who reads Spanish claims.
    let handoff = server.say(&id, &token, "je voudrais parler à une personne");
    assert_eq!(handoff["handoff"]["pool"], "eu-madrid", "{handoff}");
    let agent = crate::routing::agent(server, "eu-madrid", "Lea", "es");
    let before = s.audit("eu", "transfer").len();
    let view = server.post(
        &format!("/v1/agent/conversations/{id}/claim"),
        Some(&agent),
        &json!({}),
    );
    assert_eq!(view.status, 200, "{}", view.body);
    s.nothing_leaked();
    let first = &view.body["messages"][0];
    assert_eq!(first["original"], text.as_str(), "{first}");
    let first_text = first["text"].as_str().unwrap();
    assert!(
        first_text.starts_with("[es]") && first_text.contains(IBAN),
        "{first}"
    );
    // The agent view's engine calls are recorded too.
    let after_view = s.audit("eu", "transfer");
    assert!(after_view.len() > before, "{after_view:?}");
    assert!(after_view[before..].iter().all(|t| t["name"] == "libre"));
    assert!(
        after_view[before..]
            .iter()
            .any(|t| t["pii_kinds_redacted"] == json!(["email", "phone", "iban"])),
        "{after_view:?}"
    );

    // The agent's reply carries the IBAN: placeholders to the engine,
    // values to the shopper.
    let sent = server.post(
        &format!("/v1/agent/conversations/{id}/messages"),
        Some(&agent),
        &json!({"text": format!("He anotado su IBAN {IBAN}.")}),
    );
    assert_eq!(sent.status, 200, "{}", sent.body);
    s.nothing_leaked();
    let for_shopper = sent.body["text_for_shopper"].as_str().unwrap();
    assert!(
        for_shopper.contains(IBAN) && for_shopper.starts_with("[fr]"),
        "{for_shopper}"
    );
    no_placeholder("agent reply", for_shopper);
    let history = server.get(&format!("/v1/conversations/{id}/messages"), Some(&token));
    let agents_line = history.body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["role"] == "agent")
        .cloned()
        .unwrap();
    assert_eq!(agents_line["text"], for_shopper, "{agents_line}");

    // The simulator sends nothing and shows placeholders only.
    let officer = server.cli(&["compliance-token", "--officer", "Ana"]);
    let officer = officer.lines().next().unwrap().trim().to_string();
    let hits = s.libre.hits();
    let sim = server.post(
        "/v1/compliance/simulate",
        Some(&officer),
        &json!({"text": text, "country": "DE"}),
    );
    assert_eq!(sim.status, 200, "{}", sim.body);
    assert_eq!(s.libre.hits(), hits, "the simulator called the engine");
    assert_no_canary("the simulation", &sim.body.to_string());
    let hop = |name: &str| {
        sim.body["hops"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["name"] == name)
            .cloned()
            .unwrap()
    };
    assert_eq!(hop("libre")["redacted"], json!(["email", "phone", "iban"]));
    assert_eq!(hop("rasa")["outcome"], "allow_redacted");
}

#[test]
fn learned_translations_hold_no_values_and_serve_another_shopper_with_theirs() {
    let s = setup();
    let server = &s.server;
    let (a, a_token) = server.open(json!({"country": "DE", "locale": "de-DE"}));
    server.say(
        &a,
        &a_token,
        &format!("Bitte rufen Sie mich an: {PHONE}, IBAN {IBAN}"),
    );
    s.nothing_leaked();
    // What the region learned is in the redacted form.
    let sealer = crate::common::sealer_for(&server.data_dir(), None, "eu", "_learned");
    let store = crate::common::open_store("eu", &server.data_dir().join("eu.db"));
    let learned = store.all_learned_rows().unwrap();
    assert!(!learned.is_empty());
    for row in &learned {
        let h = &row.source_hash;
        let source = sealer
            .open("learned_source", &format!("{h}:s"), &row.source)
            .unwrap();
        let translation = sealer
            .open("learned_source", &format!("{h}:t"), &row.translation)
            .unwrap();
        assert_no_canary("a learned source", &source);
        assert_no_canary("a learned translation", &translation);
        assert!(source.contains('⟦'), "{source}");
    }
    // Another shopper, the same words with other values: served from what
    // was learned (no call for it), restored with their own values.
    let hits = s.libre.requests().len();
    let (b, b_token) = server.open(json!({"country": "FR", "locale": "de-DE"}));
    let other_phone = "06 12 34 56 78";
    let other_iban = "FR14 2004 1010 0505 0001 3M02 606";
    let reply = server.say(
        &b,
        &b_token,
        &format!("Bitte rufen Sie mich an: {other_phone}, IBAN {other_iban}"),
    );
    let inbound = s.libre.requests()[hits..]
        .iter()
        .filter(|r| r.body.contains("\"source\":\"de\""))
        .count();
    assert_eq!(inbound, 0, "the shopper's words were translated again");
    let text = reply["text"].as_str().unwrap();
    assert!(text.contains(other_iban) && !text.contains(IBAN), "{text}");
    no_placeholder("reply", text);
    let stored = server.stored_messages("eu", &b);
    let for_bot = stored[0].translated_text.clone().unwrap();
    assert!(
        for_bot.contains(other_phone) && !for_bot.contains(PHONE),
        "{for_bot}"
    );
}

#[test]
fn cross_region_routing_and_agent_reads_are_transfers_with_data_subjects() {
    // US conversations may go to EU agents (the shipped US policy); only
    // an EU pool is configured.
    let server = TestServer::builder().config(POOLS).start();
    let (id, token) = server.open(json!({
        "country": "US", "locale": "en-US",
        "shopper_assertion": vouch("bob-1", None),
    }));
    let reply = server.say(&id, &token, "I want to talk to a person");
    assert_eq!(reply["handoff"]["pool"], "eu-madrid", "{reply}");
    let agent = crate::routing::agent(&server, "eu-madrid", "Lea", "en");
    let view = server.get(
        &format!("/v1/agent/conversations/{id}/messages"),
        Some(&agent),
    );
    assert_eq!(view.status, 200, "{}", view.body);

    let officer = server.cli(&["compliance-token", "--officer", "Ana"]);
    let officer = officer.lines().next().unwrap().trim().to_string();
    let transfers = server.get("/v1/compliance/transfers?region=us", Some(&officer));
    assert_eq!(transfers.status, 200, "{}", transfers.body);
    let pool = transfers
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["processor"] == "agent_pool")
        .cloned()
        .unwrap_or_else(|| panic!("{}", transfers.body));
    assert_eq!(pool["name"], "eu-madrid");
    assert_eq!(pool["jurisdiction"], "eu");
    assert_eq!(pool["basis"], "contract-necessity");
    // The hand-off and the agent's read.
    assert_eq!(pool["messages"], 2, "{pool}");
    assert_eq!(pool["data_subjects"], 1, "{pool}");
    let volumes = server.get("/v1/compliance/volumes?region=us", Some(&officer));
    assert_eq!(volumes.body[0]["data_subjects"], 1, "{}", volumes.body);
}
