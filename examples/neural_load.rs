//! The proxy under a burst of shoppers with the in-process `marian` engine
//! on a model of opus-mt's base size (generated weights, as
//! `benches/marian.rs`): every shopper of a round writes at the same
//! moment; the model translates what its workers and queue have room for
//! by the deadline, and the rest gets the localized fallback at once.
//! Prints the answer latency (p50/p99) of all messages, of those the model
//! translated and of those that fell back, and the share of each.
//!
//!   cargo run --release --features neural --example neural_load -- [BURST ROUNDS WORKERS QUEUE TIMEOUT_MS]
//!
//! Defaults: 12 shoppers, 5 rounds, 1 worker, 2 queue places, 1500 ms.
//! docs/translation.md ("Deadlines under load") has the figures.

use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use crossdesk::translate::neural::fixture::Fixture;
use serde_json::{Value, json};

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn arg(i: usize, default: u64) -> u64 {
    std::env::args()
        .nth(i)
        .map(|a| {
            a.parse()
                .expect("numbers: BURST ROUNDS WORKERS QUEUE TIMEOUT_MS")
        })
        .unwrap_or(default)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        n => sorted[((n - 1) as f64 * p).round() as usize].as_secs_f64() * 1e3,
    }
}

/// Starts the proxy on a free port in a thread of its own; its base URL.
fn start(config: &std::path::Path) -> String {
    let config = crossdesk::config::Config::load(config, true).expect("config");
    let pipeline =
        crossdesk::pipeline::Pipeline::build(&config, crossdesk::clock::Clock::from_env())
            .expect("the proxy starts");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let listen = format!("127.0.0.1:{port}");
    let (max_body, workers) = (config.max_body_bytes, config.http_workers);
    let address = listen.clone();
    std::thread::spawn(move || {
        actix_web::rt::System::new()
            .block_on(crossdesk::api::serve(pipeline, &address, max_body, workers))
            .expect("serve")
    });
    let base = format!("http://{listen}");
    let client = reqwest::blocking::Client::new();
    while client.get(format!("{base}/metrics")).send().is_err() {
        std::thread::sleep(Duration::from_millis(50));
    }
    base
}

fn main() {
    // As the binary does (src/main.rs): one core per model worker.
    if std::env::var_os("RAYON_NUM_THREADS").is_none() {
        // SAFETY: before any thread starts.
        unsafe { std::env::set_var("RAYON_NUM_THREADS", "1") };
    }
    let (burst, rounds) = (arg(1, 12) as usize, arg(2, 5) as usize);
    let (workers, queue, timeout_ms) = (arg(3, 1), arg(4, 2), arg(5, 1500));
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    crossdesk::tls::install_tls_provider();

    let work = tempfile::tempdir().unwrap();
    let model = work.path().join("model");
    std::fs::create_dir(&model).unwrap();
    Fixture::base_size().write(&model).unwrap();
    // The bot reads English only, so every Spanish message needs the model;
    // no other engine is configured for that pair.
    let config = work.path().join("crossdesk.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = {:?}\n\
             [bot]\nlanguages = [\"en\"]\n\
             [limits]\nopens_per_ip_burst = 100000\nopens_per_ip_per_minute = 100000\n\
             per_ip_burst = 100000\nper_ip_per_minute = 100000\n\
             per_conversation_burst = 1000\nper_conversation_per_minute = 1000\n\
             [[translation.engines]]\nname = \"local\"\nkind = \"marian\"\njurisdiction = \"DE\"\n\
             models = {{ \"es-en\" = {:?} }}\nworkers = {workers}\nqueue = {queue}\ntimeout_ms = {timeout_ms}\n\
             [[translation.chains]]\nfrom = \"es\"\nto = \"en\"\nengines = [\"local\"]\n",
            work.path().join("data"),
            model.display().to_string(),
        ),
    )
    .unwrap();
    let base = Arc::new(start(&config));
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    let shoppers: Vec<(String, String)> = (0..burst)
        .map(|_| {
            let r: Value = client
                .post(format!("{base}/v1/conversations"))
                .json(&json!({"country": "ES", "locale": "es-ES"}))
                .send()
                .unwrap()
                .json()
                .unwrap();
            (
                r["id"].as_str().unwrap().into(),
                r["token"].as_str().unwrap().into(),
            )
        })
        .collect();

    // (latency, translated by the model, answered with 200)
    let mut results: Vec<(Duration, bool, bool)> = Vec::new();
    for round in 0..rounds {
        let start = Arc::new(Barrier::new(burst));
        let threads: Vec<_> = shoppers
            .iter()
            .cloned()
            .enumerate()
            .map(|(i, (id, token))| {
                let (base, start, client) = (base.clone(), start.clone(), client.clone());
                std::thread::spawn(move || {
                    // Words the model has, different in every message: no
                    // answer comes from the cache.
                    let text = format!("hola mundo pedido tarde {round} {i} hola mundo");
                    start.wait();
                    let sent = Instant::now();
                    let res = client
                        .post(format!("{base}/v1/conversations/{id}/messages"))
                        .bearer_auth(&token)
                        .json(&json!({"text": text, "locale": "es-ES"}))
                        .send()
                        .unwrap();
                    let ok = res.status().as_u16() == 200;
                    let reply: Value = res.json().unwrap_or(Value::Null);
                    (sent.elapsed(), reply["inbound_engine"] == "local", ok)
                })
            })
            .collect();
        results.extend(threads.into_iter().map(|t| t.join().unwrap()));
    }

    let n = results.len();
    let answered = results.iter().filter(|r| r.2).count();
    let latencies = |keep: &dyn Fn(&(Duration, bool, bool)) -> bool| {
        let mut l: Vec<Duration> = results.iter().filter(|r| keep(r)).map(|r| r.0).collect();
        l.sort();
        l
    };
    let all = latencies(&|_| true);
    let model_l = latencies(&|r| r.1);
    let fallback = latencies(&|r| !r.1);
    println!(
        "burst {burst} x {rounds} rounds, marian workers {workers}, queue {queue}, timeout {timeout_ms} ms: {answered}/{n} answered (HTTP 200)"
    );
    for (label, l) in [("all", &all), ("marian", &model_l), ("fallback", &fallback)] {
        println!(
            "{label:<9} {:>5.1} %  p50 {:>7.1} ms  p99 {:>7.1} ms",
            l.len() as f64 * 100.0 / n as f64,
            percentile(l, 0.5),
            percentile(l, 0.99)
        );
    }
    let metrics = client
        .get(format!("{base}/metrics"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    for line in metrics
        .lines()
        .filter(|l| l.starts_with("crossdesk_marian_refused_total"))
    {
        println!("{line}");
    }
}
