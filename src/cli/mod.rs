//! The `crossdesk` command: [`Cli`] is what clap parses, [`run`] loads the
//! configuration and hands each subcommand to the module of its concern.
//!
//! Exit codes: 0 done; 1 the command ran and failed (a log that does not
//! verify, an invalid policy, a text no engine could translate, an address
//! that cannot be served, a model download or install that does not
//! verify); 2 it could not run (configuration, flags, keys, a model
//! revision that is not pinned).
//! Results go to stdout, errors to stderr prefixed with `crossdesk`.

mod args;
mod audit;
mod detect;
mod keys;
pub mod logs;
mod models;
mod policy;
mod route;
mod serve;
mod tokens;
mod translate;

use std::path::Path;
use std::process::ExitCode;

pub use args::{
    AuditCommand, Cli, Command, KeysCommand, LogFormat, ModelsCommand, PolicyCommand,
    RetentionCommand, TokenCommand,
};

use crate::config::Config;

/// Loads the configuration (`config_given`: named on the command line, so
/// it must exist; else a missing file means the defaults) and runs
/// `command`. Exit 2 when the configuration cannot be loaded.
pub fn run(config_path: &Path, config_given: bool, command: Command) -> ExitCode {
    let config = match Config::load(config_path, config_given) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    match command {
        Command::Serve { listen } => serve::serve(config, listen),
        Command::BareBot { listen } => serve::bare_bot(&listen),
        Command::Detect { hint, allow } => detect::detect(&config, hint, allow),
        Command::Translate { from, to, text } => translate::translate(&config, &from, &to, text),
        Command::Route {
            at,
            country,
            lang,
            timezone,
        } => route::route(&config, &at, &country, &lang, &timezone),
        Command::AgentToken {
            pool,
            agent,
            lang,
            hours,
        } => tokens::agent_token(&config, &pool, &agent, lang, hours),
        Command::ComplianceToken { officer, days } => {
            tokens::role_token(&config, "compliance", &officer, days, "--officer")
        }
        Command::OpsToken { name, days } => {
            tokens::role_token(&config, "ops", &name, days, "--name")
        }
        Command::ShopperAssertion {
            shop,
            shopper,
            country,
            ttl,
            links,
        } => tokens::shopper_assertion(&config, &shop, &shopper, country.as_deref(), &links, ttl),
        Command::Token {
            command: TokenCommand::Revoke { id },
        } => tokens::revoke(&config, &id),
        Command::Keys { command } => keys::run(&config, command),
        Command::Erase { shopper } => report(crate::admin::erase(&config, &shopper)),
        Command::Retention {
            command: RetentionCommand::Sweep,
        } => report(crate::admin::sweep(&config)),
        Command::Audit { command } => audit::run(&config, command),
        Command::Policy { command } => policy::run(&config, command),
        Command::Models { command } => models::run(&config, command),
    }
}

/// Prints a command's summary (exit 0) or its error (exit 1).
fn report(result: Result<String, impl std::fmt::Display>) -> ExitCode {
    match result {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("crossdesk: {e}");
            ExitCode::from(1)
        }
    }
}
