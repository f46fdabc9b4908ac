//! Language-identification evaluation.
//!
//! ```sh
//! cargo run --release --example langid_eval -- tests/corpus/langid
//! cargo run --release --example langid_eval -- --hint tests/corpus/langid
//! cargo run --release --example langid_eval -- --baseline whatlang-allow tests/corpus/langid
//! cargo run --release --example langid_eval -- --errors tests/corpus/langid   # misses on stderr
//! cargo run --release --example langid_eval -- --hint-all en tests/corpus/langid  # a wrong hint
//! cargo run --release --example langid_eval -- --hint --prior 12 tests/corpus/langid  # another hint weight
//! ```
//!
//! Input: TSV files `lang<TAB>text[<TAB>hint]` (a folder means every `*.tsv`
//! in it). Without `--hint` hints are ignored; with it each line gets its own
//! hint, or its gold language as a correct locale hint. The served languages
//! are the corpus's (or `--allow a,b,c`). Prints accuracy per language and
//! per message length, the macro averages, throughput and the memory the
//! detector adds, as Markdown.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crossdesk::language::{Detector, Hints, whatlang_of};

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Kind {
    Single,
    Two,
    Short,
    Other,
}

const KINDS: [(Kind, &str); 4] = [
    (Kind::Short, "5–9 words"),
    (Kind::Two, "2 words"),
    (Kind::Single, "1 word"),
    (Kind::Other, "other"),
];

/// Message length class; texts without spaces (zh, ja, th) count characters.
fn kind(text: &str) -> Kind {
    let words = text.split_whitespace().count();
    let unspaced = text
        .chars()
        .filter(|c| matches!(*c as u32, 0x3040..=0x30FF | 0x3400..=0x9FFF | 0xE00..=0xE7F))
        .count();
    if unspaced * 2 > text.chars().filter(|c| c.is_alphabetic()).count() && words <= 2 {
        return match unspaced {
            0..=3 => Kind::Single,
            4..=5 => Kind::Two,
            _ => Kind::Short,
        };
    }
    match words {
        1 => Kind::Single,
        2 => Kind::Two,
        5..=9 => Kind::Short,
        _ => Kind::Other,
    }
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn files(args: &[String]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for a in args {
        let p = Path::new(a);
        if p.is_dir() {
            let mut v: Vec<PathBuf> = std::fs::read_dir(p)
                .unwrap_or_else(|e| panic!("{a}: {e}"))
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
                .collect();
            v.sort();
            out.extend(v);
        } else {
            out.push(p.to_path_buf());
        }
    }
    out
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let hint = take_flag(&mut args, "--hint");
    let allow = take_value(&mut args, "--allow");
    let baseline = take_value(&mut args, "--baseline");
    let show_errors = take_flag(&mut args, "--errors");
    // One hint for every line (a wrong hint for most): what a wrong
    // declared locale costs.
    let hint_all = take_value(&mut args, "--hint-all");
    // Another weight for the hint, in nats (how PRIOR is measured).
    let prior: Option<f64> =
        take_value(&mut args, "--prior").map(|p| p.parse().expect("--prior NATS"));
    if args.is_empty() {
        eprintln!(
            "usage: langid_eval [--hint | --hint-all LANG] [--errors] [--allow en,de,…] [--baseline whatlang|whatlang-allow] FILE.tsv|DIR…"
        );
        std::process::exit(2);
    }
    let mut lines: Vec<(String, String, Option<String>)> = Vec::new();
    for f in files(&args) {
        let text = std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        for (n, line) in text.lines().enumerate() {
            let mut cols = line.split('\t');
            match (cols.next(), cols.next()) {
                (Some(l), Some(t)) if !l.is_empty() && !t.trim().is_empty() => lines.push((
                    l.to_string(),
                    t.to_string(),
                    cols.next().map(str::to_string),
                )),
                _ if line.trim().is_empty() => {}
                _ => eprintln!("{}:{}: skipped (not `lang<TAB>text`)", f.display(), n + 1),
            }
        }
    }
    let mut served: Vec<String> = match allow {
        Some(a) => a.split(',').map(str::to_string).collect(),
        None => lines.iter().map(|l| l.0.clone()).collect(),
    };
    served.sort();
    served.dedup();

    let before = rss_kib();
    let started = Instant::now();
    let detector = match prior {
        Some(p) => Detector::new(&served).with_prior(p),
        None => Detector::new(&served),
    };
    let build = started.elapsed();
    let added_mib = rss_kib().saturating_sub(before) as f64 / 1024.0;
    let whatlang_allow =
        whatlang::Detector::with_allowlist(served.iter().filter_map(|l| whatlang_of(l)).collect());

    let detect = |text: &str, gold: &str, h: Option<&str>| -> String {
        match baseline.as_deref() {
            Some("whatlang") => whatlang::detect(text)
                .map(|i| code(i.lang()))
                .unwrap_or_else(|| "und".into()),
            Some("whatlang-allow") => whatlang_allow
                .detect(text)
                .map(|i| code(i.lang()))
                .unwrap_or_else(|| "und".into()),
            Some(other) => panic!("unknown baseline {other}"),
            None => {
                let declared = match (&hint_all, hint) {
                    (Some(all), _) => Some(all.as_str()),
                    (None, true) => Some(h.unwrap_or(gold)),
                    (None, false) => None,
                };
                detector
                    .detect(
                        text,
                        Hints {
                            declared,
                            ..Hints::default()
                        },
                    )
                    .lang
            }
        }
    };

    // (lang, kind) → (right, total)
    let mut table: BTreeMap<(String, Kind), (usize, usize)> = BTreeMap::new();
    let mut confusions: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (gold, text, h) in &lines {
        let got = detect(text, gold, h.as_deref());
        let e = table.entry((gold.clone(), kind(text))).or_default();
        e.1 += 1;
        if got == *gold {
            e.0 += 1;
        } else {
            if show_errors {
                eprintln!("{gold}→{got}\t{text}");
            }
            *confusions.entry((gold.clone(), got)).or_default() += 1;
        }
    }

    // Throughput on the 5–9-word messages, several passes.
    let short: Vec<&(String, String, Option<String>)> =
        lines.iter().filter(|l| kind(&l.1) == Kind::Short).collect();
    let passes = 20;
    let t = Instant::now();
    let mut sink = 0usize;
    for _ in 0..passes {
        for (gold, text, h) in &short {
            sink += detect(text, gold, h.as_deref()).len();
        }
    }
    let per_sec = (short.len() * passes) as f64 / t.elapsed().as_secs_f64();

    let langs: Vec<String> = {
        let mut v: Vec<String> = lines.iter().map(|l| l.0.clone()).collect();
        v.sort();
        v.dedup();
        v
    };
    let mode = match (&baseline, hint) {
        (Some(b), _) => format!("baseline {b}"),
        (None, _) if hint_all.is_some() => format!(
            "crossdesk, every line hinted `{}`",
            hint_all.as_deref().unwrap_or_default()
        ),
        (None, true) => "crossdesk, with a correct locale hint".into(),
        (None, false) => "crossdesk, no hint".into(),
    };
    println!(
        "## {mode}: {} messages, {} languages\n",
        lines.len(),
        langs.len()
    );
    println!("| lang | 5–9 words | 2 words | 1 word | all |");
    println!("|---|---|---|---|---|");
    let pct = |r: usize, n: usize| {
        if n == 0 {
            "–".to_string()
        } else {
            format!("{:.1}%", 100.0 * r as f64 / n as f64)
        }
    };
    let mut macro_sums: BTreeMap<Kind, (f64, usize)> = BTreeMap::new();
    let mut all_sum = (0.0, 0);
    for l in &langs {
        let mut cells = Vec::new();
        let (mut r_all, mut n_all) = (0, 0);
        for (k, _) in KINDS.iter().take(3) {
            let (r, n) = table.get(&(l.clone(), *k)).copied().unwrap_or((0, 0));
            cells.push(pct(r, n));
            if n > 0 {
                let m = macro_sums.entry(*k).or_default();
                m.0 += r as f64 / n as f64;
                m.1 += 1;
            }
        }
        for (k, _) in KINDS {
            let (r, n) = table.get(&(l.clone(), k)).copied().unwrap_or((0, 0));
            r_all += r;
            n_all += n;
        }
        all_sum.0 += r_all as f64 / n_all.max(1) as f64;
        all_sum.1 += 1;
        println!(
            "| {l} | {} | {} | {} | {} |",
            cells[0],
            cells[1],
            cells[2],
            pct(r_all, n_all)
        );
    }
    let mac = |k: Kind| {
        macro_sums
            .get(&k)
            .map(|(s, n)| format!("**{:.2}%**", 100.0 * s / *n as f64))
            .unwrap_or("–".into())
    };
    println!(
        "| **macro** | {} | {} | {} | **{:.2}%** |\n",
        mac(Kind::Short),
        mac(Kind::Two),
        mac(Kind::Single),
        100.0 * all_sum.0 / all_sum.1.max(1) as f64
    );
    let mut worst: Vec<(&(String, String), &usize)> = confusions.iter().collect();
    worst.sort_by(|a, b| b.1.cmp(a.1));
    let worst: Vec<String> = worst
        .iter()
        .take(12)
        .map(|((g, o), n)| format!("{g}→{o} {n}"))
        .collect();
    println!("Most frequent confusions: {}\n", worst.join(", "));
    println!(
        "Throughput on 5–9-word messages: {:.0} messages/s (one thread). Detector build: {:.0} ms, resident memory added: {:.1} MiB. ({sink})",
        per_sec,
        build.as_secs_f64() * 1000.0,
        added_mib
    );
}

fn code(l: whatlang::Lang) -> String {
    crossdesk::language::iso639_1_of(l).to_string()
}

fn take_flag(args: &mut Vec<String>, flag: &str) -> bool {
    let before = args.len();
    args.retain(|a| a != flag);
    args.len() != before
}

fn take_value(args: &mut Vec<String>, flag: &str) -> Option<String> {
    let i = args.iter().position(|a| a == flag)?;
    args.remove(i);
    (i < args.len()).then(|| args.remove(i))
}
