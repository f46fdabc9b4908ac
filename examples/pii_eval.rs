//! Redaction evaluation: recall on the personal data of a labelled corpus
//! and false positives on its decoys, per kind and per language.
//!
//! ```sh
//! cargo run --release --example pii_eval -- tests/corpus/pii
//! cargo run --release --example pii_eval -- --misses tests/corpus/pii   # each miss on stderr
//! ```

use crossdesk::privacy::eval::{Counts, evaluate, load};

fn row(name: &str, c: &Counts) -> String {
    format!(
        "| {name} | {} | {} | {:.1}% | {:.1}% | {} | {} | {:.1}% |",
        c.values,
        c.found,
        100.0 * c.recall(),
        100.0
            * if c.found == 0 {
                0.0
            } else {
                c.kind_right as f64 / c.found as f64
            },
        c.decoys,
        c.false_positives,
        100.0 * c.false_positive_rate()
    )
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let misses = args.iter().any(|a| a == "--misses");
    let dir = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .cloned()
        .unwrap_or_else(|| "tests/corpus/pii".into());
    let cases = match load(std::path::Path::new(&dir)) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("pii_eval: {e}");
            std::process::exit(2);
        }
    };
    // A first pass compiles libphonenumber's patterns; the second is timed.
    let report = evaluate(&cases);
    let started = std::time::Instant::now();
    evaluate(&cases);
    let elapsed = started.elapsed();
    let header = "| values | found | recall | right kind | decoys | false positives | FP rate |\n|---|---|---|---|---|---|---|---|";
    println!(
        "{} messages from {dir}, {:.0} µs per message (warm, all kinds)\n",
        cases.len(),
        elapsed.as_micros() as f64 / cases.len() as f64
    );
    println!("| kind {header}");
    for (k, c) in &report.by_kind {
        println!("{}", row(k, c));
    }
    println!("{}\n", row("**all**", &report.all));
    println!("| language {header}");
    for (l, c) in &report.by_lang {
        println!("{}", row(l, c));
    }
    if misses {
        for (lang, what, text) in &report.misses {
            eprintln!("{lang}\t{what}\t{text}");
        }
    }
}
