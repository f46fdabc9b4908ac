//! Audit records of what a request did: one `decision` entry per shopper
//! message (every hop the policy decided, what was used, the hand-off), and
//! one entry per hop that actually reached a processor outside this
//! process (the passage's records) — `transfer` when it left the region or
//! was denied (the records of transfers and the yearly volumes count
//! these), `hop` when it stayed in the region.

use super::steps::turn::{AnsweredBy, Plan};
use super::{Handoff, Pipeline};
use crate::audit::Record;
use crate::gate::{Passage, Processor, Target};
use crate::language::Detection;
use crate::policy::Outcome;
use crate::privacy::Kind;
use crate::store::models::Conversation;

impl Pipeline {
    /// One audit record per hop the passage made, taken out of it.
    pub(super) fn hop_records(&self, passage: &Passage) -> Vec<Record> {
        passage
            .take_hops()
            .into_iter()
            .map(|hop| {
                let kind = if hop.cross_border || hop.outcome == Outcome::Deny {
                    "transfer"
                } else {
                    "hop"
                };
                let detail = serde_json::to_value(&hop).unwrap_or_default();
                self.record(
                    kind,
                    &passage.subject().conversation,
                    detail,
                    &hop.policy_hash,
                )
            })
            .collect()
    }

    /// One message's audit records. `plan` is step 3's; the bot's hop is
    /// left out of the decision when the bot was not the one answering. A
    /// hand-off into another region's pool is a hop of its own: the
    /// conversation now waits where that region's agents see it.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn message_records(
        &self,
        c: &Conversation,
        detection: &Detection,
        plan: &Plan,
        answered_by: AnsweredBy,
        redacted: &[Kind],
        used: &[Option<String>],
        handoff: Option<&Handoff>,
        passage: &Passage,
    ) -> Vec<Record> {
        let mut hops = plan.hops(redacted);
        if answered_by != AnsweredBy::Bot {
            hops.pop();
        }
        for hop in &hops {
            crate::metrics::global()
                .transfers
                .get_or_create(&crate::metrics::Transfer {
                    processor: hop.processor.clone(),
                    outcome: hop.outcome.clone(),
                })
                .inc();
        }
        let detail = serde_json::json!({
            "lang": detection.lang,
            "lang_source": detection.source.as_str(),
            "redacted": redacted.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
            "hops": hops,
            "used": used.iter().flatten().collect::<Vec<_>>(),
            "answered_by": answered_by.as_str(),
            "handoff": handoff.map(|h| h.reason),
            "pool": handoff.and_then(|h| h.pool.clone()),
        });
        let mut records = vec![self.record("decision", &c.id, detail, &plan.bot.policy_hash)];
        if let Some(h) = handoff
            && let Some(pool) = h
                .pool
                .as_deref()
                .and_then(|p| self.pools.iter().find(|x| x.id == p))
            && pool.region != c.region
        {
            let d = passage.note(Target {
                processor: Processor::AgentPool,
                name: &pool.id,
                jurisdiction: Some(&pool.region),
                cached: false,
            });
            let detail = serde_json::json!({"pool": pool.id, "pool_region": pool.region, "outcome": d.outcome, "basis": d.basis});
            records.push(self.record("routing", &c.id, detail, &d.policy_hash));
        }
        records.extend(self.hop_records(passage));
        records
    }
}
