//! `crossdesk keys`: rotate a region key (rewrapping every data key),
//! rewrap with the newest version, rotate the token key.

use std::process::ExitCode;

use super::args::KeysCommand;
use super::report;
use crate::admin;
use crate::config::Config;

/// Runs one `keys` subcommand; exit 1 when it fails.
pub fn run(config: &Config, command: KeysCommand) -> ExitCode {
    report(match command {
        KeysCommand::Rotate { region } => admin::rotate(config, &region),
        KeysCommand::Rewrap { region } => admin::rewrap(config, &region),
        KeysCommand::RotateTokens => admin::rotate_tokens(config),
    })
}
