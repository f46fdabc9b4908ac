//! The `crossdesk` binary: parses the command line, starts the logs and
//! runs the command (`crossdesk::cli`).

use std::process::ExitCode;

use clap::Parser;

use crossdesk::cli::{self, Cli};

// mimalloc: with glibc's allocator, malloc and free take ~8 % of the
// server's time under load (docs/PERFORMANCE.md). Without transparent huge
// pages (`no_thp`): with them the idle process holds ~84 MB instead of ~58.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // candle reads the machine's core count on every small tensor
    // operation unless RAYON_NUM_THREADS is set (ten times slower on small
    // models); each Marian worker runs on one core, more sentences on more
    // workers.
    #[cfg(feature = "neural")]
    if std::env::var_os("RAYON_NUM_THREADS").is_none() {
        // SAFETY: the first statement of main: no other thread exists yet
        // that could read the environment.
        unsafe { std::env::set_var("RAYON_NUM_THREADS", "1") };
    }
    let cli = Cli::parse();
    let _logs = cli::logs::init(cli.log_format, cli.command.is_server());
    // A configuration named on the command line must exist; the default
    // one may be absent (then the embedded defaults run).
    let config_given = std::env::args().any(|a| a == "--config" || a.starts_with("--config="));
    cli::run(&cli.config, config_given, cli.command)
}
