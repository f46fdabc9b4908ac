//! The in-process Marian engine on a base-size model (opus-mt's shape:
//! d_model 512, 6 + 6 layers, 8 heads, ~58k vocabulary) with generated
//! weights: latency of a 20-token sentence (p50/p99), sentences per second
//! and CPU per sentence, at 1 and 2 workers, greedy and with 4 beams, for
//! each weights format (`q8`, `f32`); then how often greedy decoding gives
//! the same output in both formats.
//!
//! `cargo bench --features neural --bench marian`; figures in
//! docs/translation.md. Outputs are capped at 20 tokens so every sentence
//! costs the same (random weights rarely say `</s>`).

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossdesk::translate::neural::fixture::Fixture;
use crossdesk::translate::neural::{MarianModel, Weights};

/// 19 words of one piece each, and `</s>`: 20 source tokens.
const SENTENCE: &str = "hello world good morning the order is late where is my parcel \
                        hola mundo pedido tarde hello world good";
const SENTENCES_PER_WORKER: usize = 12;
/// Sentences decoded in both formats to compare their outputs.
const AGREEMENT_SENTENCES: usize = 40;

/// User + system CPU time of this process (Linux `/proc/self/stat`).
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks: u64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i)?.parse::<u64>().ok())
        .sum();
    Duration::from_millis(ticks * 10)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn run(model: &Arc<MarianModel>, workers: usize, label: &str) {
    let sources = model.encode(&[SENTENCE], None).unwrap();
    assert_eq!(sources[0].len(), 20);
    // Warm-up: the first call touches every weight.
    let produced = model.generate(&sources).unwrap()[0].len();
    let (cpu, start) = (cpu_time(), Instant::now());
    let threads: Vec<_> = (0..workers)
        .map(|_| {
            let (model, sources) = (Arc::clone(model), sources.clone());
            std::thread::spawn(move || {
                (0..SENTENCES_PER_WORKER)
                    .map(|_| {
                        let t = Instant::now();
                        model.generate(&sources).unwrap();
                        t.elapsed()
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut latencies: Vec<Duration> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    let wall = start.elapsed();
    let cpu = cpu_time() - cpu;
    latencies.sort();
    let n = latencies.len();
    println!(
        "{label:<12} workers {workers}  {produced} output tokens  p50 {:>6.1} ms  p99 {:>6.1} ms  {:>5.2} sentences/s  CPU {:>6.1} ms/sentence",
        percentile(&latencies, 0.5).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
        n as f64 / wall.as_secs_f64(),
        cpu.as_secs_f64() * 1e3 / n as f64,
    );
}

/// Resident memory of this process (Linux `/proc/self/status`), in MB.
fn resident_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .unwrap_or(0.0);
    kb / 1e3
}

/// Loads the model and translates one sentence (the first call prepares
/// the 8-bit kernels' layout), then tells the time and the memory held.
fn load(dir: &Path, weights: Weights) -> Arc<MarianModel> {
    let t = Instant::now();
    let model = MarianModel::load(dir, weights).unwrap();
    let loaded = t.elapsed();
    model.translate(&[SENTENCE], None).unwrap();
    println!(
        "weights {}: loaded in {:.2} s, {:.0} MB resident after the first sentence",
        weights.as_str(),
        loaded.as_secs_f64(),
        resident_mb()
    );
    Arc::new(model)
}

/// 20-token sentences of pseudo-random vocabulary words (`w0`…).
fn agreement_sources(model: &MarianModel) -> Vec<Vec<u32>> {
    let mut x = 0x9e37_79b9_u64;
    let texts: Vec<String> = (0..AGREEMENT_SENTENCES)
        .map(|_| {
            (0..19)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    format!("w{}", x % 58_000)
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    model.encode(&texts, None).unwrap()
}

/// Greedy outputs of the same sentences in both formats: how many are
/// identical, and the share of output tokens before the first difference.
fn agreement(dir: &Path) {
    let outputs = |weights| {
        let model = MarianModel::load(dir, weights).unwrap();
        let sources = agreement_sources(&model);
        sources
            .chunks(8)
            .flat_map(|batch| model.generate(batch).unwrap())
            .collect::<Vec<_>>()
    };
    let (exact, q8) = (outputs(Weights::F32), outputs(Weights::Q8));
    let same = exact.iter().zip(&q8).filter(|(a, b)| a == b).count();
    let total: usize = exact.iter().map(Vec::len).sum();
    let prefix: usize = exact
        .iter()
        .zip(&q8)
        .map(|(a, b)| a.iter().zip(b).take_while(|(x, y)| x == y).count())
        .sum();
    println!(
        "greedy q8 against f32 on {} sentences: {same} identical, {:.1} % of output tokens before the first difference",
        exact.len(),
        100.0 * prefix as f64 / total as f64
    );
}

fn main() {
    if std::env::var_os("RAYON_NUM_THREADS").is_none() {
        // SAFETY: before any thread starts.
        unsafe { std::env::set_var("RAYON_NUM_THREADS", "1") };
    }
    let base = Fixture::base_size();
    let mut greedy_dir = None;
    for (label, num_beams) in [("greedy", 1), ("4 beams", 4)] {
        let dir = tempfile::tempdir().unwrap();
        let t = Instant::now();
        Fixture {
            num_beams,
            ..base.clone()
        }
        .write(dir.path())
        .unwrap();
        if num_beams == 1 {
            let size = std::fs::metadata(dir.path().join("model.safetensors"))
                .unwrap()
                .len();
            println!(
                "model: {:.0} MB of weights, written in {:.1} s",
                size as f64 / 1e6,
                t.elapsed().as_secs_f64(),
            );
        }
        for weights in [Weights::Q8, Weights::F32] {
            let model = load(dir.path(), weights);
            for workers in [1, 2] {
                run(&model, workers, &format!("{label} {}", weights.as_str()));
            }
        }
        if num_beams == 1 {
            greedy_dir = Some(dir);
        }
    }
    if let Some(dir) = greedy_dir {
        agreement(dir.path());
    }
}
