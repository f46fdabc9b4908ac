//! Trains the emotion model (src/emotion/model.rs) on
//! tests/corpus/emotion-train/ and writes locales/emotion/model.bin.
//!
//!   cargo run --release --example emotion_train
//!
//! The regularization, the number of passes and the threshold are chosen
//! by 5-fold cross-validation on the training set alone; the held-out sets
//! (tests/corpus/emotion/, tests/corpus/emotion-fresh/) are never read
//! here. Deterministic: the same corpus gives the same bytes.

use crossdesk::emotion::{lexicon, model};

const TRAIN: &str = "tests/corpus/emotion-train";
const OUT: &str = "locales/emotion/model.bin";
const LOG2: u32 = 16;
const FOLDS: usize = 5;

struct Message {
    lang: String,
    text: String,
    example: model::Example,
    lexicon_score: f64,
    fold: usize,
}

/// Macro precision and recall over languages of `upset` against the truth.
fn macro_pr(msgs: &[Message], upset: impl Fn(usize) -> bool) -> (f64, f64) {
    let mut langs: Vec<&str> = msgs.iter().map(|m| m.lang.as_str()).collect();
    langs.sort_unstable();
    langs.dedup();
    let (mut sp, mut sr) = (0.0, 0.0);
    for lang in &langs {
        let (mut tp, mut fp, mut fneg) = (0.0, 0.0, 0.0);
        for (i, m) in msgs.iter().enumerate().filter(|(_, m)| m.lang == *lang) {
            match (m.example.class != 0, upset(i)) {
                (true, true) => tp += 1.0,
                (false, true) => fp += 1.0,
                (true, false) => fneg += 1.0,
                _ => {}
            }
        }
        sp += if tp + fp > 0.0 { tp / (tp + fp) } else { 1.0 };
        sr += if tp + fneg > 0.0 {
            tp / (tp + fneg)
        } else {
            1.0
        };
    }
    (sp / langs.len() as f64, sr / langs.len() as f64)
}

/// The threshold on P(upset) that maximizes min(precision, recall).
fn best_threshold(msgs: &[Message], p: &[f64], either: bool) -> (f64, f64, f64) {
    let mut best: (f64, f64, f64) = (0.5, 0.0, 0.0);
    for t in 10..=90 {
        let t = f64::from(t) / 100.0;
        let (pr, re) = macro_pr(msgs, |i| {
            p[i] >= t || (either && msgs[i].lexicon_score >= 0.5)
        });
        if pr.min(re) > best.1.min(best.2) {
            best = (t, pr, re);
        }
    }
    best
}

fn main() {
    let mut files: Vec<(String, String)> = std::fs::read_dir(TRAIN)
        .unwrap_or_else(|e| panic!("{TRAIN}: {e}"))
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "tsv"))
        .map(|e| {
            let text = std::fs::read_to_string(e.path()).unwrap();
            (e.file_name().to_string_lossy().to_string(), text)
        })
        .collect();
    files.sort();
    let mut msgs = Vec::new();
    let mut langs = Vec::new();
    for (name, text) in &files {
        // en.tsv, en.short.tsv: the language is the name's first part.
        let lang = name.split('.').next().unwrap_or_default().to_string();
        if !langs.contains(&lang) {
            langs.push(lang.clone());
        }
        for (n, line) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
            let (label, message) = line.split_once('\t').expect("LABEL<TAB>TEXT");
            let class = model::LABELS
                .iter()
                .position(|l| *l == label)
                .unwrap_or_else(|| panic!("{name}: unknown label {label}"));
            let (reading, signals) = lexicon::read(message, &lang);
            msgs.push(Message {
                example: model::Example {
                    sparse: model::features(message, &lang, LOG2),
                    dense: model::dense(&signals, reading.score),
                    class,
                },
                lexicon_score: reading.score,
                lang: lang.clone(),
                text: message.to_string(),
                fold: n % FOLDS,
            });
        }
    }
    println!("{} messages in {} languages", msgs.len(), langs.len());
    let (lp, lr) = macro_pr(&msgs, |i| msgs[i].lexicon_score >= 0.5);
    println!("lexicon alone on the training set: precision {lp:.3} recall {lr:.3}");

    let mut best: Option<(model::Params, f64, f64, f64)> = None;
    println!("l2       epochs  rule    threshold  precision  recall   (5-fold CV, macro)");
    for l2 in [1e-4, 1e-3, 3e-3, 1e-2] {
        for epochs in [30, 60] {
            let params = model::Params {
                log2: LOG2,
                epochs,
                rate: 0.3,
                l2,
                seed: 0x5eed,
            };
            let mut p = vec![0.0; msgs.len()];
            for fold in 0..FOLDS {
                let train: Vec<model::Example> = msgs
                    .iter()
                    .filter(|m| m.fold != fold)
                    .map(|m| m.example.clone())
                    .collect();
                let m = model::train(&train, &langs, &params);
                for (i, msg) in msgs.iter().enumerate().filter(|(_, m)| m.fold == fold) {
                    let probs = m.probabilities(&msg.text, &msg.lang, &msg.example.dense);
                    p[i] = f64::from(1.0 - probs[0]);
                }
            }
            for either in [false, true] {
                let (t, pr, re) = best_threshold(&msgs, &p, either);
                let rule = if either { "either" } else { "model" };
                println!("{l2:<8} {epochs:<7} {rule:7} {t:9.2}  {pr:9.3}  {re:6.3}");
                // The shipped rule is the model alone (crossdesk::emotion::RULE).
                if !either && best.as_ref().is_none_or(|b| pr.min(re) > b.1.min(b.2)) {
                    best = Some((params, pr, re, t));
                }
            }
        }
    }
    let (params, pr, re, t) = best.expect("a configuration");
    println!(
        "chosen: l2 {} epochs {} threshold {t:.2} (CV precision {pr:.3} recall {re:.3})",
        params.l2, params.epochs
    );
    let all: Vec<model::Example> = msgs.iter().map(|m| m.example.clone()).collect();
    let mut m = model::train(&all, &langs, &params);
    m.offset = -((t / (1.0 - t)).ln() as f32);
    m.fingerprint = model::fingerprint(&files);
    let bytes = m.to_bytes();
    std::fs::write(OUT, &bytes).unwrap_or_else(|e| panic!("{OUT}: {e}"));
    println!("wrote {OUT} ({} bytes)", bytes.len());
}
