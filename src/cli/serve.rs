//! `crossdesk serve` (the proxy) and `crossdesk bare-bot` (the FAQ bot
//! alone, the load benchmark's baseline).

use std::process::ExitCode;

use crate::config::Config;

/// Builds the pipeline and serves it until SIGINT/SIGTERM; exit 2 when the
/// configuration or policies keep it from starting, 1 when the address
/// cannot be served.
pub fn serve(config: Config, listen: Option<String>) -> ExitCode {
    let pipeline = match crate::pipeline::Pipeline::build(&config, crate::clock::Clock::from_env())
    {
        Ok(p) => p,
        Err(e) => {
            eprintln!("crossdesk: cannot start: {e}");
            return ExitCode::from(2);
        }
    };
    let listen = listen.unwrap_or(config.listen.clone());
    let result = actix_web::rt::System::new().block_on(crate::api::serve(
        pipeline,
        &listen,
        config.max_body_bytes,
        config.http_workers,
    ));
    match result {
        Ok(()) => {
            tracing::info!("stopped");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("crossdesk: {listen}: {e}");
            ExitCode::from(1)
        }
    }
}

/// Serves the built-in FAQ bot alone at `POST /answer`.
pub fn bare_bot(listen: &str) -> ExitCode {
    match actix_web::rt::System::new().block_on(crate::api::bare::serve_bare_bot(listen)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("crossdesk bare-bot: {listen}: {e}");
            ExitCode::from(1)
        }
    }
}
