//! `crossdesk translate`: a text (or each stdin line) through the
//! configured translation chain, `TRANSLATION<TAB>ENGINE<TAB>SPANS`.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use crate::config::Config;
use crate::translate::Outcome;
use crate::translate::cache::Scope;

/// Translates `text` (joined; stdin lines when empty) from `from` to `to`;
/// exit 2 on a language not served or a chain that cannot be built, 1 when
/// some text could not be translated.
pub fn translate(config: &Config, from: &str, to: &str, text: Vec<String>) -> ExitCode {
    for lang in [from, to] {
        if !config.languages.iter().any(|l| l == lang) {
            eprintln!(
                "crossdesk translate: {lang:?} is not one of the served languages {:?}",
                config.languages
            );
            return ExitCode::from(2);
        }
    }
    let chain = match crate::assemble::build_chain(config) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("crossdesk translate: {e}");
            return ExitCode::from(2);
        }
    };
    let texts: Vec<String> = if text.is_empty() {
        std::io::stdin()
            .lock()
            .lines()
            .map_while(Result::ok)
            .collect()
    } else {
        vec![text.join(" ")]
    };
    let scope = Scope::ephemeral("cli");
    let outcomes =
        actix_web::rt::System::new().block_on(chain.translate_batch(&texts, from, to, &scope));
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut failed = false;
    for (text, outcome) in texts.iter().zip(outcomes) {
        let line = match outcome {
            Outcome::Same => format!("{text}\tnone\t0"),
            Outcome::Translated(d) => format!(
                "{}\t{}\t{}",
                d.text.replace('\n', " "),
                d.engine,
                d.protected
            ),
            Outcome::Failed(reasons) => {
                failed = true;
                let reasons: Vec<String> =
                    reasons.iter().map(|(e, r)| format!("{e}: {r}")).collect();
                format!("-\tuntranslated\t{}", reasons.join("; "))
            }
        };
        if writeln!(out, "{line}").is_err() {
            break;
        }
    }
    let _ = out.flush();
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
