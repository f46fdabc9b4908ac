//! `crossdesk policy`: check the region policy files (`file:line: problem`,
//! exit 1 on any) and simulate every decision the pipeline would take for
//! a message, without storing or sending anything.

use std::path::PathBuf;
use std::process::ExitCode;

use super::args::PolicyCommand;
use crate::config::Config;
use crate::pipeline::SimulateRequest;

/// Runs one `policy` subcommand.
pub fn run(config: &Config, command: PolicyCommand) -> ExitCode {
    match command {
        PolicyCommand::Check { dir } => check(config, dir.unwrap_or(config.policies_dir.clone())),
        PolicyCommand::Simulate {
            country,
            at,
            locale,
            timezone,
            channel,
            text,
        } => {
            let text = if text.is_empty() {
                let mut buf = String::new();
                let _ = std::io::Read::read_to_string(&mut std::io::stdin(), &mut buf);
                buf
            } else {
                text.join(" ")
            };
            simulate(
                config,
                SimulateRequest {
                    text,
                    country,
                    at,
                    channel,
                    locale,
                    timezone,
                },
            )
        }
    }
}

/// Validates every policy in `dir`, and the stores and keys they name
/// against the configuration.
fn check(config: &Config, dir: PathBuf) -> ExitCode {
    let loaded = crate::policy::Deployment {
        dir: dir.clone(),
        ..config.policy_deployment()
    }
    .check();
    match loaded {
        Ok(p) => {
            println!(
                "{}: {} region policies OK",
                dir.display(),
                p.regions().len()
            );
            ExitCode::SUCCESS
        }
        Err(errors) => {
            for e in errors {
                println!("{e}");
            }
            ExitCode::from(1)
        }
    }
}

/// Prints (JSON) what the pipeline would decide for `req`.
fn simulate(config: &Config, req: SimulateRequest) -> ExitCode {
    let pipeline = match crate::pipeline::Pipeline::build(config, crate::clock::Clock::from_env()) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("crossdesk policy simulate: {e}");
            return ExitCode::from(2);
        }
    };
    match actix_web::rt::System::new().block_on(pipeline.simulate(req)) {
        Ok(sim) => {
            println!("{}", serde_json::to_string_pretty(&sim).unwrap_or_default());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("crossdesk policy simulate: {e}");
            ExitCode::from(2)
        }
    }
}
