//! Prometheus metrics (`GET /metrics`, OpenMetrics text) through the
//! `prometheus-client` crate. One process-wide registry: the pipeline and
//! the HTTP layer record into it. Labels stay low-cardinality: route
//! patterns, stage names, served languages, engine and pool ids, outcome
//! and error codes — never ids, tokens or text.

use std::sync::OnceLock;
use std::time::Instant;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct Request {
    pub route: String,
    pub method: String,
    pub status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct Route {
    pub route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct Stage {
    pub stage: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct Lang {
    pub lang: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct Reason {
    pub reason: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct Translation {
    pub engine: String,
    /// `translated`, `cached` or `failed`.
    pub outcome: String,
    /// The conversation's region and the shopper's language (the side that
    /// is not the bot's): bounded by the policies and the served languages.
    pub region: String,
    pub lang: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct Engine {
    pub engine: String,
}

/// A call an in-process engine's workers did not answer.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct Refusal {
    pub engine: String,
    /// `queue_full`, `late` (its deadline passed), `expired` or `stopped`.
    pub reason: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct Transfer {
    pub processor: String,
    pub outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct Code {
    pub code: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct Pool {
    pub pool: String,
}

fn latency() -> Histogram {
    // 0.1 ms … ~3.3 s.
    Histogram::new(prometheus_client::metrics::histogram::exponential_buckets(
        0.0001, 2.0, 16,
    ))
}

fn waits() -> Histogram {
    // 1 s … ~9 h.
    Histogram::new(prometheus_client::metrics::histogram::exponential_buckets(
        1.0, 2.0, 16,
    ))
}

pub struct Metrics {
    registry: Registry,
    pub requests: Family<Request, Counter>,
    pub request_seconds: Family<Route, Histogram, fn() -> Histogram>,
    pub stage_seconds: Family<Stage, Histogram, fn() -> Histogram>,
    pub languages: Family<Lang, Counter>,
    pub upset: Family<Lang, Counter>,
    pub handoffs: Family<Reason, Counter>,
    pub translations: Family<Translation, Counter>,
    pub transfers: Family<Transfer, Counter>,
    pub errors: Family<Code, Counter>,
    pub queue_length: Family<Pool, Gauge>,
    pub breaker_open: Family<Engine, Gauge>,
    /// Calls to a `marian` engine its workers did not answer (the chain
    /// went on to its next engine).
    pub marian_refused: Family<Refusal, Counter>,
    pub queue_wait_seconds: Family<Pool, Histogram, fn() -> Histogram>,
    /// Messages computed again: their conversation changed meanwhile.
    pub recomputed: Counter,
    /// Long-polls waiting for new messages now.
    pub waiting_requests: Gauge,
    /// Log lines dropped by the log writer; brought up to date from
    /// [`count_dropped_log_lines`]'s source at each exposition.
    log_lines_dropped: Counter,
    log_drops_seen: std::sync::atomic::AtomicU64,
}

type DropSource = Box<dyn Fn() -> u64 + Send + Sync>;

fn drop_source() -> &'static OnceLock<DropSource> {
    static SOURCE: OnceLock<DropSource> = OnceLock::new();
    &SOURCE
}

/// Where the number of dropped log lines comes from (the log writer's own
/// counter; the binary sets it up, the library does not write logs).
pub fn count_dropped_log_lines(source: impl Fn() -> u64 + Send + Sync + 'static) {
    let _ = drop_source().set(Box::new(source));
}

impl Metrics {
    fn new() -> Metrics {
        let mut m = Metrics {
            registry: Registry::with_prefix("crossdesk"),
            requests: Family::default(),
            request_seconds: Family::new_with_constructor(latency),
            stage_seconds: Family::new_with_constructor(latency),
            languages: Family::default(),
            upset: Family::default(),
            handoffs: Family::default(),
            translations: Family::default(),
            transfers: Family::default(),
            errors: Family::default(),
            queue_length: Family::default(),
            breaker_open: Family::default(),
            marian_refused: Family::default(),
            queue_wait_seconds: Family::new_with_constructor(waits),
            recomputed: Counter::default(),
            waiting_requests: Gauge::default(),
            log_lines_dropped: Counter::default(),
            log_drops_seen: Default::default(),
        };
        let r = &mut m.registry;
        r.register(
            "http_requests",
            "HTTP requests by route pattern, method and status",
            m.requests.clone(),
        );
        r.register(
            "http_request_duration_seconds",
            "HTTP request latency by route pattern",
            m.request_seconds.clone(),
        );
        r.register(
            "stage_duration_seconds",
            "Time in each pipeline stage (detect, redact, translate, bot, route, store)",
            m.stage_seconds.clone(),
        );
        r.register(
            "detected_languages",
            "Shopper messages by detected language",
            m.languages.clone(),
        );
        r.register(
            "upset_messages",
            "Shopper messages read as upset, by language",
            m.upset.clone(),
        );
        r.register(
            "handoffs",
            "Hand-offs to a person by trigger",
            m.handoffs.clone(),
        );
        r.register(
            "translations",
            "Translations by engine and outcome (translated, cached, failed)",
            m.translations.clone(),
        );
        r.register(
            "engine_breaker_open",
            "1 while a remote engine's circuit breaker is open or half-open",
            m.breaker_open.clone(),
        );
        r.register(
            "marian_refused",
            "Calls to an in-process marian engine left unanswered, by engine and reason (queue_full, late, expired, stopped); each went on to the next engine",
            m.marian_refused.clone(),
        );
        r.register(
            "transfer_decisions",
            "Policy decisions on hops by processor and outcome",
            m.transfers.clone(),
        );
        r.register("errors", "Error answers by code", m.errors.clone());
        r.register(
            "queue_length",
            "Conversations waiting per agent pool",
            m.queue_length.clone(),
        );
        r.register(
            "messages_recomputed",
            "Shopper messages computed again because their conversation changed meanwhile (an agent, another instance)",
            m.recomputed.clone(),
        );
        r.register(
            "waiting_requests",
            "Long-polls waiting for new messages now (at most [limits] waiting_requests)",
            m.waiting_requests.clone(),
        );
        r.register(
            "log_lines_dropped",
            "Log lines dropped because the reader of the log fell behind (requests never wait for it)",
            m.log_lines_dropped.clone(),
        );
        r.register(
            "queue_wait_seconds",
            "Wait from hand-off to an agent's claim, per pool",
            m.queue_wait_seconds.clone(),
        );
        m
    }

    /// The OpenMetrics text exposition.
    pub fn encode(&self) -> String {
        if let Some(source) = drop_source().get() {
            let now = source();
            let seen = self
                .log_drops_seen
                .fetch_max(now, std::sync::atomic::Ordering::Relaxed);
            self.log_lines_dropped.inc_by(now.saturating_sub(seen));
        }
        let mut out = String::new();
        // Writing to a String does not fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }

    pub fn stage(&self, stage: &str, since: Instant) {
        self.stage_seconds
            .get_or_create(&Stage {
                stage: stage.into(),
            })
            .observe(since.elapsed().as_secs_f64());
    }

    pub fn count(family: &Family<Lang, Counter>, lang: &str) {
        family.get_or_create(&Lang { lang: lang.into() }).inc();
    }
}

/// The process's metrics.
pub fn global() -> &'static Metrics {
    static M: OnceLock<Metrics> = OnceLock::new();
    M.get_or_init(Metrics::new)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};

    use super::*;

    /// The exposition brings the dropped-lines counter up to the log
    /// writer's own count, once per line dropped however often it is read.
    #[test]
    fn dropped_log_lines_reach_the_exposition() {
        let dropped = Arc::new(AtomicU64::new(0));
        let source = dropped.clone();
        count_dropped_log_lines(move || source.load(Ordering::Relaxed));
        let m = Metrics::new();
        let line = |text: String| {
            text.lines()
                .find(|l| l.starts_with("crossdesk_log_lines_dropped_total"))
                .map(str::to_string)
        };
        assert_eq!(
            line(m.encode()).as_deref(),
            Some("crossdesk_log_lines_dropped_total 0")
        );
        dropped.store(7, Ordering::Relaxed);
        assert_eq!(
            line(m.encode()).as_deref(),
            Some("crossdesk_log_lines_dropped_total 7")
        );
        assert_eq!(
            line(m.encode()).as_deref(),
            Some("crossdesk_log_lines_dropped_total 7")
        );
        dropped.store(9, Ordering::Relaxed);
        assert_eq!(
            line(m.encode()).as_deref(),
            Some("crossdesk_log_lines_dropped_total 9")
        );
    }
}
