//! `crossdesk audit`: verify the audit log (the live one, or an exported
//! file offline), export a region's log, print the checkpoint public key.

use std::process::ExitCode;

use super::args::AuditCommand;
use super::report;
use crate::admin;
use crate::config::Config;

/// Runs one `audit` subcommand; exit 1 on a log that does not verify.
pub fn run(config: &Config, command: AuditCommand) -> ExitCode {
    match command {
        AuditCommand::Verify {
            region,
            file,
            public_key,
            witness,
        } => match file {
            Some(f) => report(admin::verify_export_file(
                &f,
                public_key.as_deref().unwrap_or_default(),
            )),
            None => report(admin::verify_audit(
                config,
                region.as_deref(),
                witness.as_deref(),
            )),
        },
        AuditCommand::Export {
            region,
            from,
            to,
            format,
        } => export(config, &region, from, to, &format),
        AuditCommand::PublicKey => report(
            crate::assemble::audit_log(config)
                .map(|l| l.signer.public_key())
                .map_err(|e| e.to_string()),
        ),
    }
}

/// Exports `region`'s entries between the RFC 3339 bounds `from` and `to`
/// as `jsonl` or `csv`.
fn export(
    config: &Config,
    region: &str,
    from: Option<String>,
    to: Option<String>,
    format: &str,
) -> ExitCode {
    let instant = |s: Option<String>| -> Result<Option<i64>, String> {
        s.map(|s| {
            chrono::DateTime::parse_from_rfc3339(&s)
                .map(|t| t.timestamp_millis())
                .map_err(|_| format!("{s:?} is not RFC 3339"))
        })
        .transpose()
    };
    match (instant(from), instant(to), format.parse()) {
        (Ok(f), Ok(t), Ok(format)) => report(admin::export_audit(config, region, f, t, format)),
        (Err(e), _, _) | (_, Err(e), _) => report(Err(e)),
        (_, _, Err(_)) => report(Err("--format must be jsonl or csv")),
    }
}
