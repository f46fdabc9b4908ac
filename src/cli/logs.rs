//! Where the command's logs go: stderr, written by a thread of its own
//! through a bounded queue, as text or JSON.

use super::args::LogFormat;

/// Log lines a full queue may hold before new ones are dropped (~3 MB).
const LOG_QUEUE_LINES: usize = 8192;

/// Logs go to stderr from a thread of their own, through a bounded queue:
/// written from the request threads, a reader of stderr that stops reading
/// (a stuck log collector, a full pipe) would stop the proxy, every request
/// blocking in `write`. Lines are dropped when the queue is full, and
/// counted (`crossdesk_log_lines_dropped_total`). The guard flushes what is
/// queued when it is dropped at the end of `main` (waiting at most a second
/// for a reader that does not read).
///
/// The server (`serving`) logs `info` by default; commands log warnings
/// only (their output is what they print), unless `CROSSDESK_LOG` says
/// otherwise. Colours only on a terminal: a log redirected to a file or a
/// collector gets plain text.
pub fn init(format: LogFormat, serving: bool) -> tracing_appender::non_blocking::WorkerGuard {
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .buffered_lines_limit(LOG_QUEUE_LINES)
        .lossy(true)
        .thread_name("logs")
        .finish(std::io::stderr());
    let dropped = writer.error_counter();
    crate::metrics::count_dropped_log_lines(move || dropped.dropped_lines() as u64);
    let filter =
        tracing_subscriber::EnvFilter::try_from_env("CROSSDESK_LOG").unwrap_or_else(|_| {
            tracing_subscriber::EnvFilter::new(if serving { "info" } else { "warn" })
        });
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(writer);
    match format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
    guard
}
