//! Service-health figures for operations (`GET /v1/ops/stats`, drawn by
//! `/dashboard`): per region and language, volume, satisfaction,
//! resolution (bot, agent, abandoned), hand-off rate, response times; per
//! pool, queue, estimated wait, open or closed with the next opening;
//! translation failures and latency from this process's metrics. Counts
//! only: no message text, no ids.

use std::collections::BTreeMap;

use chrono::Duration;
use serde::Serialize;

use crate::pipeline::Error;
use crate::pipeline::Pipeline;
use crate::routing;
use crate::store::models::Conversation;
use crate::store::{Role, State};

/// A conversation idle this long and never closed counts as abandoned.
pub const ABANDONED_AFTER_MINUTES: i64 = 30;

#[derive(Debug, Default, Clone, Serialize, utoipa::ToSchema)]
pub struct Figures {
    pub conversations: u64,
    /// Handed to (or waiting for) a person.
    pub handoffs: u64,
    pub handoff_rate: f64,
    pub resolved_by_bot: u64,
    pub resolved_by_agent: u64,
    pub abandoned: u64,
    /// Still going (not closed, not idle long enough to count as abandoned).
    pub open: u64,
    /// Of the closed or abandoned ones: share resolved by the bot, by an agent.
    pub bot_resolution_rate: f64,
    pub agent_resolution_rate: f64,
    /// Mean rating (1–5) and how many ratings.
    pub csat: Option<f64>,
    pub ratings: u64,
    pub first_response_seconds: Option<f64>,
    pub resolution_seconds: Option<f64>,
    /// Share of translations that failed (this process, since it started).
    pub translation_failure_rate: Option<f64>,
    #[serde(skip)]
    sums: Sums,
}

#[derive(Debug, Default, Clone)]
struct Sums {
    csat: i64,
    first_response_ms: i64,
    first_responses: u64,
    resolution_ms: i64,
    resolutions: u64,
}

impl Figures {
    fn add(&mut self, c: &Conversation, now: i64) {
        self.conversations += 1;
        if c.handoff_reason.is_some() {
            self.handoffs += 1;
        }
        let idle = now - c.updated_at >= ABANDONED_AFTER_MINUTES * 60_000;
        match (c.state, c.resolved_by) {
            (State::Closed, Some(Role::Agent)) => self.resolved_by_agent += 1,
            (State::Closed, _) => self.resolved_by_bot += 1,
            _ if idle => self.abandoned += 1,
            _ => self.open += 1,
        }
        if let Some(score) = c.csat {
            self.ratings += 1;
            self.sums.csat += i64::from(score);
        }
        if let Some(first) = c.first_response_at {
            self.sums.first_responses += 1;
            self.sums.first_response_ms += (first - c.created_at).max(0);
        }
        if let (Some(closed), State::Closed) = (c.closed_at, c.state) {
            self.sums.resolutions += 1;
            self.sums.resolution_ms += (closed - c.created_at).max(0);
        }
    }

    fn finish(&mut self) {
        let ratio = |a: u64, b: u64| {
            if b == 0 {
                0.0
            } else {
                (a as f64 / b as f64 * 1000.0).round() / 1000.0
            }
        };
        self.handoff_rate = ratio(self.handoffs, self.conversations);
        let ended = self.resolved_by_bot + self.resolved_by_agent + self.abandoned;
        self.bot_resolution_rate = ratio(self.resolved_by_bot, ended);
        self.agent_resolution_rate = ratio(self.resolved_by_agent, ended);
        let s = &self.sums;
        self.csat = (self.ratings > 0)
            .then(|| (s.csat as f64 / self.ratings as f64 * 100.0).round() / 100.0);
        self.first_response_seconds = (s.first_responses > 0).then(|| {
            (s.first_response_ms as f64 / s.first_responses as f64 / 10.0).round() / 100.0
        });
        self.resolution_seconds = (s.resolutions > 0)
            .then(|| (s.resolution_ms as f64 / s.resolutions as f64 / 10.0).round() / 100.0);
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LanguageStats {
    pub lang: String,
    #[serde(flatten)]
    pub figures: Figures,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RegionStats {
    pub region: String,
    #[serde(flatten)]
    pub figures: Figures,
    pub languages: Vec<LanguageStats>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PoolStats {
    pub pool: String,
    pub region: String,
    pub open: bool,
    /// RFC 3339, UTC; absent while open.
    pub next_opening: Option<String>,
    pub waiting: u32,
    pub active: u32,
    pub seats: u32,
    /// For the next conversation to join the queue.
    #[schema(value_type = Object)]
    pub estimated_wait: routing::Wait,
}

/// Translation figures of this process since it started (from `/metrics`).
#[derive(Debug, Default, Serialize, utoipa::ToSchema)]
pub struct TranslationStats {
    pub translated: u64,
    pub cached: u64,
    pub failed: u64,
    pub failure_rate: f64,
    pub latency_p50_ms: Option<f64>,
    pub latency_p95_ms: Option<f64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Stats {
    pub generated_at: String,
    pub window_hours: i64,
    pub totals: Figures,
    pub regions: Vec<RegionStats>,
    pub pools: Vec<PoolStats>,
    pub translation: TranslationStats,
}

impl Pipeline {
    /// Checks an operations token: signature, expiry, revocation.
    pub fn ops_claims(
        &self,
        token: Option<&str>,
    ) -> Result<crate::crypto::ComplianceClaims, Error> {
        let token = token.ok_or(Error::Unauthorized)?;
        let claims = self
            .tokens
            .verify_role("ops", token, self.clock.now().timestamp())
            .map_err(|_| Error::Unauthorized)?;
        if self.revoked.is_revoked(&claims.id) {
            return Err(Error::Unauthorized);
        }
        Ok(claims)
    }

    pub async fn stats(&self, window_hours: i64) -> Result<Stats, Error> {
        let window_hours = window_hours.clamp(1, 24 * 90);
        let now_dt = self.clock.now();
        let now = now_dt.timestamp_millis();
        let since = now - window_hours * 3_600_000;
        let exposition = crate::metrics::global().encode();
        let failures = Failures::read(&exposition);
        let mut totals = Figures::default();
        let mut regions = Vec::new();
        for region in self
            .stores
            .regions()
            .map(str::to_string)
            .collect::<Vec<_>>()
        {
            let store = self.stores.get(&region)?.clone();
            let rows = store.run(move |s| s.conversation_stats(since)).await?;
            let mut figures = Figures::default();
            let mut by_lang: BTreeMap<String, Figures> = BTreeMap::new();
            for c in &rows {
                figures.add(c, now);
                totals.add(c, now);
                by_lang
                    .entry(c.lang.clone().unwrap_or_else(|| "und".into()))
                    .or_default()
                    .add(c, now);
            }
            figures.finish();
            figures.translation_failure_rate = failures.rate(&region, None);
            let languages = by_lang
                .into_iter()
                .map(|(lang, mut figures)| {
                    figures.finish();
                    figures.translation_failure_rate = failures.rate(&region, Some(&lang));
                    LanguageStats { lang, figures }
                })
                .collect();
            regions.push(RegionStats {
                region,
                figures,
                languages,
            });
        }
        totals.finish();
        totals.translation_failure_rate = failures.overall();
        let loads = self.loads().await?;
        let mut pools = Vec::new();
        for (p, load) in self.pools.iter().zip(loads) {
            let open = p.schedule.is_open(now_dt);
            let next = if open {
                None
            } else {
                p.schedule.next_open(now_dt)
            };
            let until_open = next.map(|t| t - now_dt).unwrap_or_else(Duration::zero);
            let estimated_wait = if open || next.is_some() {
                routing::estimate_wait(
                    load.waiting + 1,
                    p.seats(),
                    self.average_handling(&p.id).await?,
                    until_open,
                )
            } else {
                routing::Wait::Unknown
            };
            pools.push(PoolStats {
                pool: p.id.clone(),
                region: p.region.clone(),
                open,
                next_opening: next.map(|t| t.to_rfc3339()),
                waiting: load.waiting,
                active: load.active,
                seats: p.seats(),
                estimated_wait,
            });
        }
        Ok(Stats {
            generated_at: now_dt.to_rfc3339(),
            window_hours,
            totals,
            regions,
            pools,
            translation: translation_stats(&exposition),
        })
    }
}

/// Sums the translation counters and reads the translate stage's latency
/// quantiles from the process's own exposition text.
fn translation_stats(exposition: &str) -> TranslationStats {
    let mut t = TranslationStats::default();
    let mut buckets: Vec<(f64, f64)> = Vec::new();
    for line in exposition.lines().filter(|l| !l.starts_with('#')) {
        let Some((key, value)) = line.rsplit_once(' ') else {
            continue;
        };
        let Ok(value) = value.parse::<f64>() else {
            continue;
        };
        if key.starts_with("crossdesk_translations_total{") {
            if key.contains("outcome=\"failed\"") {
                t.failed += value as u64;
            } else if key.contains("outcome=\"cached\"") {
                t.cached += value as u64;
            } else {
                t.translated += value as u64;
            }
        } else if key.starts_with("crossdesk_stage_duration_seconds_bucket{")
            && key.contains("stage=\"translate\"")
            && let Some(le) = key.split("le=\"").nth(1).and_then(|r| r.split('"').next())
        {
            let le = if le == "+Inf" {
                f64::INFINITY
            } else {
                le.parse().unwrap_or(f64::INFINITY)
            };
            buckets.push((le, value));
        }
    }
    let all = t.translated + t.cached + t.failed;
    if all > 0 {
        t.failure_rate = (t.failed as f64 / all as f64 * 1000.0).round() / 1000.0;
    }
    buckets.sort_by(|a, b| a.0.total_cmp(&b.0));
    let quantile = |q: f64| {
        let total = buckets.last().map(|b| b.1)?;
        if total <= 0.0 {
            return None;
        }
        buckets
            .iter()
            .find(|(_, count)| *count >= q * total)
            .filter(|(le, _)| le.is_finite())
            .map(|(le, _)| (le * 1000.0 * 100.0).round() / 100.0)
    };
    t.latency_p50_ms = quantile(0.5);
    t.latency_p95_ms = quantile(0.95);
    t
}

/// Translation outcomes by region and language, read from the process's
/// exposition: (translations, failures).
struct Failures(BTreeMap<(String, String), (u64, u64)>);

fn label<'a>(key: &'a str, name: &str) -> Option<&'a str> {
    key.split(&format!("{name}=\"")).nth(1)?.split('"').next()
}

impl Failures {
    fn read(exposition: &str) -> Failures {
        let mut by = BTreeMap::new();
        for line in exposition.lines() {
            let Some(rest) = line.strip_prefix("crossdesk_translations_total{") else {
                continue;
            };
            let Some((labels, value)) = rest.rsplit_once(' ') else {
                continue;
            };
            let (Some(region), Some(lang), Some(outcome), Ok(n)) = (
                label(labels, "region"),
                label(labels, "lang"),
                label(labels, "outcome"),
                value.parse::<f64>(),
            ) else {
                continue;
            };
            let e: &mut (u64, u64) = by
                .entry((region.to_string(), lang.to_string()))
                .or_default();
            e.0 += n as u64;
            if outcome == "failed" {
                e.1 += n as u64;
            }
        }
        Failures(by)
    }

    fn rate_of(all: u64, failed: u64) -> Option<f64> {
        (all > 0).then(|| (failed as f64 / all as f64 * 1000.0).round() / 1000.0)
    }

    fn rate(&self, region: &str, lang: Option<&str>) -> Option<f64> {
        let (all, failed) = self
            .0
            .iter()
            .filter(|((r, l), _)| r == region && lang.is_none_or(|x| x == l))
            .fold((0, 0), |acc, (_, v)| (acc.0 + v.0, acc.1 + v.1));
        Self::rate_of(all, failed)
    }

    fn overall(&self) -> Option<f64> {
        let (all, failed) = self
            .0
            .values()
            .fold((0, 0), |acc, v| (acc.0 + v.0, acc.1 + v.1));
        Self::rate_of(all, failed)
    }
}
