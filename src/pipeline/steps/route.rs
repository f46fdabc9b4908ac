//! Step 9, route: does the conversation need a person, which pool takes it,
//! and what the shopper is told — in their language and their time zone.

use chrono::{DateTime, Duration, Utc};
use fluent_bundle::FluentValue;

use super::super::{Handoff, Pipeline};
use super::turn::{RouteInput, Routed};
use crate::emotion;
use crate::i18n;
use crate::pipeline::Error;
use crate::routing::{self, Decision, Load, Need, Wait, triggers};
use crate::store::{HandoffReason, State};
use crate::upstream::UpstreamError;

/// Consecutive bot answers that could not help before a person takes over.
const BOT_MISSES: i32 = 2;
/// Recent closed conversations used to estimate handling time.
const HANDLING_SAMPLE: i64 = 50;

impl Pipeline {
    /// Every pool's live load, summed over the region stores.
    pub(in crate::pipeline) async fn loads(&self) -> Result<Vec<Load>, Error> {
        let ids: Vec<String> = self.pools.iter().map(|p| p.id.clone()).collect();
        let per_store: Vec<Vec<(i64, i64)>> = self
            .stores
            .read_answering(move |s| ids.iter().map(|id| s.pool_load(id)).collect())
            .await?;
        let mut loads = vec![Load::default(); self.pools.len()];
        for store in per_store {
            for (load, (active, waiting)) in loads.iter_mut().zip(store) {
                load.active += active as u32;
                load.waiting += waiting as u32;
            }
        }
        Ok(loads)
    }

    /// Conversations waiting per pool, all stores (for `/metrics`).
    pub async fn queue_lengths(&self) -> Result<Vec<(String, u32)>, Error> {
        let loads = self.loads().await?;
        Ok(self
            .pools
            .iter()
            .zip(loads)
            .map(|(p, l)| (p.id.clone(), l.waiting))
            .collect())
    }

    pub(in crate::pipeline) async fn average_handling(
        &self,
        pool: &str,
    ) -> Result<Option<Duration>, Error> {
        let id = pool.to_string();
        let times: Vec<i64> = self
            .stores
            .read_answering(move |s| s.handling_times(&id, HANDLING_SAMPLE))
            .await?
            .into_iter()
            .flatten()
            .collect();
        Ok((!times.is_empty())
            .then(|| Duration::milliseconds(times.iter().sum::<i64>() / times.len() as i64)))
    }

    /// Which pool would take a `region` conversation in `lang` at `at`
    /// (shared with the policy simulation, so both decide alike).
    pub(in crate::pipeline) async fn pool_decision(
        &self,
        region: &str,
        lang: &str,
        at: DateTime<Utc>,
    ) -> Result<Decision, Error> {
        if self.pools.is_empty() {
            return Ok(Decision::NoPool {
                why: "no agent pools configured".into(),
            });
        }
        let allowed: Vec<String> = self.policies.agent_regions(region);
        let loads = self.loads().await?;
        Ok(routing::select(
            &self.pools,
            &loads,
            &Need {
                lang,
                region,
                allowed_regions: &allowed,
                at,
            },
        ))
    }

    pub(in crate::pipeline) async fn route(&self, r: RouteInput<'_>) -> Result<Routed, Error> {
        let started = std::time::Instant::now();
        let routed = self.route_now(r).await;
        crate::metrics::global().stage("route", started);
        routed
    }

    async fn route_now(&self, r: RouteInput<'_>) -> Result<Routed, Error> {
        let c = r.conversation;
        let bot_misses = match r.answer {
            Ok(a) if !a.understood => c.bot_misses + 1,
            _ => 0,
        };
        // The shopper's emotion, this message and the conversation's trend.
        let reading = emotion::read(r.text, r.lang);
        let trend = emotion::trend(c.emotion, &reading);
        let upset = emotion::escalate(&reading, trend);
        if reading.upset() {
            crate::metrics::Metrics::count(&crate::metrics::global().upset, r.lang);
        }
        let waiting = c.state == State::Handoff;
        let reason: Option<HandoffReason> = match r.answer {
            _ if waiting => None,
            // The bot was not asked; the proxy's own reading of the words
            // still names the more useful reason for the agent.
            Err(UpstreamError::CannotRead) if triggers::asks_for_person(r.text) => {
                Some(HandoffReason::Requested)
            }
            Err(UpstreamError::CannotRead) if upset => Some(HandoffReason::Upset),
            Err(UpstreamError::CannotRead) => Some(HandoffReason::NoTranslation),
            Err(_) => Some(HandoffReason::BotUnavailable),
            Ok(a) if a.handoff || triggers::asks_for_person(r.text) => {
                Some(HandoffReason::Requested)
            }
            _ if upset => Some(HandoffReason::Upset),
            _ if bot_misses >= BOT_MISSES => Some(HandoffReason::BotGaveUp),
            _ if !r.understood || r.answer_untranslated => Some(HandoffReason::NoTranslation),
            _ => None,
        };
        let mut routed = Routed {
            bot_misses,
            emotion: trend,
            ..Routed::unchanged(c)
        };
        if waiting {
            // Already in line: keep reason, pool and place; an upset shopper
            // moves ahead of the calm ones and is told a person is coming.
            if upset && c.priority == 0 {
                routed.priority = 1;
                routed
                    .notices
                    .push(self.notice(r.ui, "handoff-soothing", &[]));
            }
            let queued_at = c.queued_at.unwrap_or(c.updated_at);
            let position = self
                .stores
                .place(c.pool.as_deref(), &c.region, routed.priority, queued_at)
                .await?;
            routed.handoff = Some(Handoff {
                reason: c.handoff_reason.unwrap_or(HandoffReason::Requested),
                position,
                pool: c.pool.clone(),
                priority: routed.priority,
                routed: false,
                opens_at: None,
                opens_local: None,
                wait: None,
            });
            return Ok(routed);
        }
        if let Some(reason) = reason {
            crate::metrics::global()
                .handoffs
                .get_or_create(&crate::metrics::Reason {
                    reason: reason.as_str().into(),
                })
                .inc();
        }
        let Some(reason) = reason else {
            routed.state = if c.state == State::Closed {
                State::Bot
            } else {
                c.state
            };
            return Ok(routed);
        };
        // Upset shoppers are served first, whatever brought them here.
        let priority = i32::from(upset);
        let now_ms = r.now.timestamp_millis();
        let decision = self.pool_decision(&c.region, r.lang, r.now).await?;
        tracing::info!(conversation = %c.id, reason = reason.as_str(), decision = ?decision, "hand-off");
        let pool = decision.pool().map(str::to_string);
        let position = self
            .stores
            .place(pool.as_deref(), &c.region, priority, now_ms)
            .await?;
        let mut handoff = Handoff {
            reason,
            position,
            pool: pool.clone(),
            priority,
            routed: matches!(decision, Decision::Routed { .. }),
            opens_at: None,
            opens_local: None,
            wait: None,
        };
        let ui = r.ui;
        if upset {
            routed
                .notices
                .push(self.notice(ui, "handoff-soothing", &[]));
        }
        match &decision {
            Decision::Routed { .. } => routed.notices.push(self.notice(ui, "routed-to-pool", &[])),
            Decision::Queued {
                pool: id, opens, ..
            } => {
                let p = self
                    .pools
                    .iter()
                    .find(|p| p.id == *id)
                    .expect("decision names a configured pool");
                match opens {
                    Some(t) if *t > r.now => {
                        let local = t.with_timezone(&r.tz);
                        let text = i18n::format_datetime(ui, &local);
                        handoff.opens_at = Some(local.to_rfc3339());
                        handoff.opens_local = Some(text.clone());
                        routed.notices.push(self.notice(
                            ui,
                            "queued-until",
                            &[("opens", FluentValue::from(text))],
                        ));
                    }
                    Some(_) => routed.notices.push(self.notice(ui, "routed-to-pool", &[])),
                    None => routed
                        .notices
                        .push(self.notice(ui, "queued-no-opening", &[])),
                }
                let until_open = opens.map(|t| t - r.now).unwrap_or_else(Duration::zero);
                let wait = if opens.is_some() {
                    routing::estimate_wait(
                        position as u32,
                        p.seats(),
                        self.average_handling(id).await?,
                        until_open,
                    )
                } else {
                    Wait::Unknown
                };
                routed.notices.push(match wait {
                    Wait::Range { min, max } => self.notice(
                        ui,
                        "wait-estimate",
                        &[
                            ("min", FluentValue::from(min)),
                            ("max", FluentValue::from(max)),
                        ],
                    ),
                    Wait::Unknown => self.notice(ui, "wait-unknown", &[]),
                });
                handoff.wait = Some(wait);
            }
            Decision::NoPool { .. } => {
                routed.notices.push(self.notice(
                    ui,
                    "handoff-requested",
                    &[("position", FluentValue::from(position))],
                ));
            }
        }
        routed.handoff = Some(handoff);
        routed.state = State::Handoff;
        routed.reason = Some(reason);
        routed.pool = pool;
        routed.priority = priority;
        routed.queued_at = Some(now_ms);
        Ok(routed)
    }
}
