//! End-to-end conversation evaluation: every message of the conversation
//! corpus (`tests/corpus/conversations/<lang>.tsv`: 31 languages × 11
//! intents × 2 phrasings) opens a conversation as a shopper of that
//! language's country and goes through the whole message path (detection,
//! the gate, translation, the bot, routing, the stores) of a pipeline built
//! from the shipped `crossdesk.toml`, at a fixed instant (Wednesday
//! 2026-11-25 10:00 UTC). Reports per language: replies in the shopper's
//! language, right intent, right pool.
//!
//! ```sh
//! cargo run --release --example conversation_eval                 # with the test engine
//! cargo run --release --example conversation_eval -- --defaults   # the shipped defaults alone
//! cargo run --release --example conversation_eval -- --misses     # each miss on stderr
//! ```
//!
//! The test engine speaks LibreTranslate's protocol on 127.0.0.1 and knows
//! exactly the corpus: each message ↔ its `english` column. One is declared
//! in each region's own jurisdiction, so every region may use it, and the
//! bot is told it reads English only (`[bot] languages = ["en"]`), so every
//! message is translated for it. With `--defaults` there is no engine and
//! the built-in bot reads the 31 languages itself: what a fresh install
//! does.
//!
//! A reply is in the shopper's language when the reply's `lang` is theirs
//! and the detector, given their locale, reads the reply's text as theirs,
//! or the text is the shipped memory's answer in their language (a list of
//! card brands reads as English to any detector).
//! The intent is right when the bot's answer is the FAQ answer of the
//! message's intent (`human`: the bot hands off, or the proxy hands off
//! because the shopper asked for a person). The pool is right for a
//! message asking for a person when the conversation is handed to a pool
//! its region's policy lets read it that speaks the language, or, when no
//! such pool speaks it, to one of those pools (at the fixed instant the
//! pools that speak a language are open, except New York's, whose English
//! and Spanish Madrid also speaks).

use std::collections::BTreeMap;
use std::path::Path;

use actix_web::{App, HttpResponse, HttpServer, web};
use crossdesk::config::Config;
use crossdesk::language::{Detector, Hints, trained_languages};
use crossdesk::upstream::faq::ANSWERS;
use serde_json::{Value, json};

/// A shopper's country and locale per language.
const SHOPPERS: &[(&str, &str, &str)] = &[
    ("ar", "SA", "ar"),
    ("cs", "CZ", "cs-CZ"),
    ("da", "DK", "da-DK"),
    ("de", "DE", "de-DE"),
    ("el", "GR", "el-GR"),
    ("en", "US", "en-US"),
    ("es", "ES", "es-ES"),
    ("fa", "IR", "fa-IR"),
    ("fi", "FI", "fi-FI"),
    ("fr", "FR", "fr-FR"),
    ("he", "IL", "he-IL"),
    ("hi", "IN", "hi-IN"),
    ("hu", "HU", "hu-HU"),
    ("id", "ID", "id-ID"),
    ("it", "IT", "it-IT"),
    ("ja", "JP", "ja-JP"),
    ("ko", "KR", "ko-KR"),
    ("ms", "MY", "ms-MY"),
    ("nb", "NO", "nb-NO"),
    ("nl", "NL", "nl-NL"),
    ("pl", "PL", "pl-PL"),
    ("pt", "BR", "pt-BR"),
    ("ro", "RO", "ro-RO"),
    ("ru", "RU", "ru-RU"),
    ("sk", "SK", "sk-SK"),
    ("sv", "SE", "sv-SE"),
    ("th", "TH", "th-TH"),
    ("tr", "TR", "tr-TR"),
    ("uk", "UA", "uk-UA"),
    ("vi", "VN", "vi-VN"),
    ("zh", "CN", "zh-CN"),
];

/// Each region's own jurisdiction, for an engine it may use in-region.
const JURISDICTIONS: &[(&str, &str)] = &[("eu", "DE"), ("us", "US"), ("cn", "CN"), ("apac", "SG")];

const AT: &str = "2026-11-25T10:00:00Z";

struct Line {
    lang: String,
    intent: String,
    text: String,
    english: String,
}

fn load(dir: &Path) -> Result<Vec<Line>, String> {
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
        .collect();
    files.sort();
    for path in files {
        let lang = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        for (n, line) in text.lines().enumerate().skip(1) {
            let [intent, text, english] = line.split('\t').collect::<Vec<_>>()[..] else {
                return Err(format!(
                    "{}:{}: not intent<TAB>text<TAB>english",
                    path.display(),
                    n + 1
                ));
            };
            out.push(Line {
                lang: lang.clone(),
                intent: intent.into(),
                text: text.into(),
                english: english.into(),
            });
        }
    }
    Ok(out)
}

/// The test engine's phrase table: (language, text) → English, and back.
type Table = BTreeMap<(String, String), String>;

async fn translate(body: web::Json<Value>, table: web::Data<Table>) -> HttpResponse {
    let (source, target) = (
        body["source"].as_str().unwrap_or_default(),
        body["target"].as_str().unwrap_or_default(),
    );
    let texts: Vec<&str> = match &body["q"] {
        Value::String(q) => vec![q.as_str()],
        Value::Array(qs) => qs.iter().filter_map(Value::as_str).collect(),
        _ => {
            return HttpResponse::BadRequest()
                .json(json!({"error": "Invalid request: missing q parameter"}));
        }
    };
    let mut out = Vec::new();
    for q in &texts {
        let key = (format!("{source}>{target}"), q.to_string());
        match table.get(&key) {
            Some(t) => out.push(t.clone()),
            None => {
                return HttpResponse::BadRequest()
                    .json(json!({"error": format!("cannot translate {source} to {target}")}));
            }
        }
    }
    let translated = match &body["q"] {
        Value::String(_) => json!(out[0]),
        _ => json!(out),
    };
    HttpResponse::Ok().json(json!({ "translatedText": translated }))
}

async fn languages() -> HttpResponse {
    let codes = trained_languages();
    let list: Vec<Value> = codes
        .iter()
        .map(|c| json!({"code": c, "name": c, "targets": codes}))
        .collect();
    HttpResponse::Ok().json(list)
}

/// Starts the test engine on 127.0.0.1; its base URL.
fn start_engine(lines: &[Line]) -> String {
    let mut table = Table::new();
    for l in lines {
        table.insert(
            (format!("{}>en", l.lang), l.text.clone()),
            l.english.clone(),
        );
        table.insert(
            (format!("en>{}", l.lang), l.english.clone()),
            l.text.clone(),
        );
    }
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let addr = listener.local_addr().expect("an address");
    let table = web::Data::new(table);
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            HttpServer::new(move || {
                App::new()
                    .app_data(table.clone())
                    .route("/translate", web::post().to(translate))
                    .route("/languages", web::get().to(languages))
            })
            .workers(1)
            .listen(listener)
            .expect("listen")
            .run()
            .await
            .expect("engine");
        });
    });
    format!("http://{addr}")
}

/// Accepted FAQ intents for a corpus intent.
fn accepts(intent: &str, answered: &str) -> bool {
    match intent {
        "order_status" => matches!(answered, "order_status" | "order_status_number"),
        "cancel" => matches!(answered, "cancel" | "cancel_number"),
        i => i == answered,
    }
}

/// The FAQ intent whose answer `text` is.
fn intent_of(text: &str) -> &'static str {
    ANSWERS
        .iter()
        .find(|(_, a)| {
            let (head, tail) = a.split_once('⟦').unwrap_or((a, ""));
            let tail = tail.split_once('⟧').map(|(_, t)| t).unwrap_or("");
            text.starts_with(head) && text.ends_with(tail)
        })
        .map(|(i, _)| *i)
        .unwrap_or("none")
}

#[derive(Default)]
struct Score {
    messages: usize,
    in_language: usize,
    intent: usize,
    asked_person: usize,
    right_pool: usize,
    handoffs: usize,
}

fn pct(n: usize, of: usize) -> String {
    if of == 0 {
        "–".into()
    } else {
        format!("{:.1}%", 100.0 * n as f64 / of as f64)
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let defaults = args.iter().any(|a| a == "--defaults");
    let misses = args.iter().any(|a| a == "--misses");
    let dir = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .cloned()
        .unwrap_or_else(|| "tests/corpus/conversations".into());
    let lines = match load(Path::new(&dir)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("conversation_eval: {e}");
            std::process::exit(2);
        }
    };
    let data = tempfile::tempdir().expect("a temporary folder");
    let shipped = std::fs::read_to_string("crossdesk.toml").expect("run from the repository root");
    let mut table: toml::Table = toml::from_str(&shipped).expect("crossdesk.toml parses");
    let folder = |name: &str| toml::Value::String(data.path().join(name).display().to_string());
    table.insert("data_dir".into(), folder("data"));
    table.insert("keys_dir".into(), folder("keys"));
    if !defaults {
        let base = start_engine(&lines);
        let engines: Vec<toml::Value> = JURISDICTIONS
            .iter()
            .map(|(region, j)| {
                toml::Value::Table(toml::toml! {
                    name = (format!("test-{region}"))
                    kind = "libretranslate"
                    url = (base.clone())
                    jurisdiction = (j.to_string())
                    retries = 0
                })
            })
            .collect();
        if let Some(toml::Value::Table(t)) = table.get_mut("translation") {
            t.insert("engines".into(), toml::Value::Array(engines));
        }
        // The bot reads English only: every message takes the translation
        // path, in and out.
        if let Some(toml::Value::Table(t)) = table.get_mut("bot") {
            t.insert("languages".into(), toml::Value::Array(vec!["en".into()]));
        }
    }
    // SAFETY of the environment: set before any thread reads it.
    unsafe { std::env::set_var("CROSSDESK_CLOCK", AT) };
    let config: Config = toml::Value::Table(table)
        .try_into()
        .expect("crossdesk.toml is a configuration");
    if let Err(e) = config.validate() {
        eprintln!("conversation_eval: {e}");
        std::process::exit(2);
    }
    let pipeline =
        crossdesk::pipeline::Pipeline::build(&config, crossdesk::clock::Clock::from_env())
            .expect("the pipeline builds");
    let detector = Detector::new(&trained_languages());
    // The bot's answers as the shipped memory writes them in each language:
    // brand lists ("Visa, Mastercard, PayPal…") read as English to a
    // detector, but are the shopper's language's sentence all the same.
    let answers_xml =
        std::fs::read_to_string("locales/memory/answers.tmx").expect("the shipped answers");
    let answers = crossdesk::translate::tmx::parse("answers.tmx", &answers_xml).expect("TMX");
    let known = |lang: &str, text: &str| {
        answers.iter().flat_map(|u| &u.variants).any(|(l, seg)| {
            crossdesk::language::primary_subtag(l) == lang && {
                let (head, tail) = seg.split_once('⟦').unwrap_or((seg, ""));
                let tail = tail.split_once('⟧').map(|(_, t)| t).unwrap_or("");
                text.starts_with(head) && text.ends_with(tail)
            }
        })
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");

    let mut scores: BTreeMap<String, Score> = BTreeMap::new();
    let started = std::time::Instant::now();
    for line in &lines {
        let Some(&(_, country, locale)) = SHOPPERS.iter().find(|(l, ..)| *l == line.lang) else {
            eprintln!("conversation_eval: no shopper for language {}", line.lang);
            continue;
        };
        let open = crossdesk::pipeline::OpenRequest {
            country: Some(country.into()),
            locale: Some(locale.into()),
            ..Default::default()
        };
        let reply = runtime.block_on(async {
            let opened = pipeline.open(open).await?;
            let c = pipeline
                .authorize_message(&opened.id, Some(&opened.token))
                .await?;
            pipeline
                .message(c, &line.text, None, None)
                .await
                .map(|r| (opened.region, r))
        });
        let (region, reply) = match reply {
            Ok(r) => r,
            Err(e) => {
                eprintln!("{}: {}: {e}", line.lang, line.text);
                continue;
            }
        };
        let s = scores.entry(line.lang.clone()).or_default();
        s.messages += 1;
        let read = detector.detect(
            &reply.text,
            Hints {
                declared: Some(locale),
                ..Hints::default()
            },
        );
        let in_language =
            reply.lang == line.lang && (read.lang == line.lang || known(&line.lang, &reply.text));
        s.in_language += usize::from(in_language);
        let answered = reply.bot_text.as_deref().map(intent_of).unwrap_or("none");
        // Asking for a person is understood when the conversation is handed
        // over for it, whoever read the words.
        let requested = reply
            .handoff
            .as_ref()
            .is_some_and(|h| h.reason == crossdesk::store::HandoffReason::Requested);
        let right_intent = accepts(&line.intent, answered) || (line.intent == "human" && requested);
        s.intent += usize::from(right_intent);
        let pool = reply.handoff.as_ref().and_then(|h| h.pool.clone());
        s.handoffs += usize::from(reply.handoff.is_some());
        let mut right_pool = true;
        if line.intent == "human" {
            s.asked_person += 1;
            let allowed = pipeline.policies().agent_regions(&region);
            let reachable: Vec<_> = config
                .pools
                .iter()
                .filter(|p| allowed.contains(&p.region))
                .collect();
            let speaking: Vec<_> = reachable
                .iter()
                .filter(|p| p.languages.contains(&line.lang))
                .collect();
            right_pool = match &pool {
                Some(id) if !speaking.is_empty() => speaking.iter().any(|p| &p.id == id),
                Some(id) => reachable.iter().any(|p| &p.id == id),
                None => false,
            };
            s.right_pool += usize::from(right_pool);
        }
        if misses && !(in_language && right_intent && right_pool) {
            eprintln!(
                "{}\t{}\t{}\t→ lang {} read {} intent {answered} pool {:?}\t{}",
                line.lang, line.intent, line.text, reply.lang, read.lang, pool, reply.text
            );
        }
    }
    let elapsed = started.elapsed();

    let mode = if defaults {
        "shipped defaults: no engine, the built-in bot reads every language"
    } else {
        "bot reading English, test engine (the corpus's English) in each region's jurisdiction"
    };
    println!("## Conversation corpus, {mode}: {} messages\n", lines.len());
    println!(
        "| lang | messages | replies in the shopper's language | right intent | right pool (asked for a person) | hand-offs |"
    );
    println!("|---|---|---|---|---|---|");
    let mut total = Score::default();
    for (lang, s) in &scores {
        println!(
            "| {lang} | {} | {} | {} | {} | {} |",
            s.messages,
            pct(s.in_language, s.messages),
            pct(s.intent, s.messages),
            pct(s.right_pool, s.asked_person),
            s.handoffs
        );
        total.messages += s.messages;
        total.in_language += s.in_language;
        total.intent += s.intent;
        total.asked_person += s.asked_person;
        total.right_pool += s.right_pool;
        total.handoffs += s.handoffs;
    }
    println!(
        "| **all** | {} | **{}** | **{}** | **{}** | {} |\n",
        total.messages,
        pct(total.in_language, total.messages),
        pct(total.intent, total.messages),
        pct(total.right_pool, total.asked_person),
        total.handoffs
    );
    println!(
        "{:.1} ms per message, opening its conversation included (one thread).",
        elapsed.as_secs_f64() * 1000.0 / total.messages.max(1) as f64
    );
}
