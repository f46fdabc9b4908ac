//! Evaluates emotion detection on the labelled set in tests/corpus/emotion/
//! (`LABEL<TAB>TEXT`, LABEL neutral | anger | anxiety | frustration):
//! precision and recall of "upset" (any of the three) per language, the
//! share of upset messages whose kind was read right, and the macro
//! averages. docs/emotion.md has the figures.
//!
//!   cargo run --release --example emotion_eval [-- DIR [lexicon|model|either]]
//!
//! The second argument compares the readers (default: the shipped rule).

use crossdesk::emotion::{Rule, model};

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "tests/corpus/emotion".into());
    let rule = match std::env::args().nth(2).as_deref() {
        None => crossdesk::emotion::RULE,
        Some("lexicon") => Rule::Lexicon,
        Some("model") => Rule::Model,
        Some("either") => Rule::Either,
        Some(other) => panic!("unknown rule {other}: lexicon, model or either"),
    };
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
        .collect();
    files.sort();
    println!(
        "lang  n    precision  recall  kind-ok  (upset = score >= {})",
        crossdesk::emotion::THRESHOLD
    );
    println!("rule: {rule:?}");
    let (mut sum_p, mut sum_r, mut langs) = (0.0, 0.0, 0);
    for file in files {
        let lang = file.file_stem().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&file).unwrap();
        let (mut tp, mut fp, mut fneg, mut kind_ok, mut n) = (0, 0, 0, 0, 0);
        let mut misses = Vec::new();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let Some((label, message)) = line.split_once('\t') else {
                continue;
            };
            n += 1;
            let truth = label != "neutral";
            let r = crossdesk::emotion::read_with(message, &lang, model::shipped(), rule);
            match (truth, r.upset()) {
                (true, true) => {
                    tp += 1;
                    if r.kind.as_str() == label {
                        kind_ok += 1;
                    }
                }
                (false, true) => {
                    fp += 1;
                    misses.push(format!("  false alarm ({:.2}): {message}", r.score));
                }
                (true, false) => {
                    fneg += 1;
                    misses.push(format!("  missed {label} ({:.2}): {message}", r.score));
                }
                (false, false) => {}
            }
        }
        let p = if tp + fp == 0 {
            1.0
        } else {
            tp as f64 / (tp + fp) as f64
        };
        let r = if tp + fneg == 0 {
            1.0
        } else {
            tp as f64 / (tp + fneg) as f64
        };
        let k = if tp == 0 {
            0.0
        } else {
            kind_ok as f64 / tp as f64
        };
        println!("{lang:5} {n:<4} {p:9.3}  {r:6.3}  {k:7.3}");
        if std::env::var_os("VERBOSE").is_some() {
            for m in misses {
                println!("{m}");
            }
        }
        sum_p += p;
        sum_r += r;
        langs += 1;
    }
    if langs > 0 {
        println!(
            "macro      {:9.3}  {:6.3}",
            sum_p / langs as f64,
            sum_r / langs as f64
        );
    }
}
