//! `crossdesk detect`: the language of each stdin line, `TEXT[<TAB>LOCALE]`
//! → `LANG<TAB>CONFIDENCE` (the contract other tools rely on).

use std::io::{BufRead, Write};
use std::process::ExitCode;

use crate::config::Config;
use crate::language::{Detector, Hints};

/// Detects among `allow` (default: the served languages), `hint` being the
/// locale of every line without its own; exit 2 on an unsupported language.
pub fn detect(config: &Config, hint: Option<String>, allow: Vec<String>) -> ExitCode {
    let served = if allow.is_empty() {
        config.languages.clone()
    } else {
        allow
    };
    if let Some(bad) = served.iter().find(|l| !crate::language::is_supported(l)) {
        eprintln!("crossdesk detect: unsupported language {bad:?}");
        return ExitCode::from(2);
    }
    let detector = Detector::new(&served);
    let stdin = std::io::stdin().lock();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.split(b'\n') {
        let Ok(line) = line else { break };
        let line = String::from_utf8_lossy(&line);
        let line = line.strip_suffix('\r').unwrap_or(&line);
        let (text, locale) = match line.split_once('\t') {
            Some((t, l)) if !l.trim().is_empty() => (t, Some(l.trim())),
            Some((t, _)) => (t, None),
            None => (line, None),
        };
        let d = detector.detect(
            text,
            Hints {
                declared: locale.or(hint.as_deref()),
                ..Hints::default()
            },
        );
        if writeln!(out, "{}\t{:.3}", d.lang, d.confidence).is_err() {
            return ExitCode::SUCCESS; // reader went away (e.g. `| head`)
        }
    }
    let _ = out.flush();
    ExitCode::SUCCESS
}
