//! Step 3, plan: every hop this message may take — the translation engines
//! in the order the chain tries them, then the core bot — decided under the
//! region's policy before anything is sent. Step 4, redact: the personal
//! data the gate will replace in the hops that need it. The policy
//! simulation calls the same two functions.

use super::super::Pipeline;
use super::turn::Plan;
use crate::gate::{Passage, Processor, Target};
use crate::pipeline::Hop;
use crate::policy::Outcome;
use crate::privacy::Kind;

impl Pipeline {
    /// Step 3: the decisions on every hop a `region` message may take.
    pub(in crate::pipeline) fn plan(&self, region: &str) -> Plan {
        let bot = self.gate.decide(region, self.bot_target());
        let mut redacts = false;
        let mut hops: Vec<(Hop, bool)> = self
            .chain
            .engines()
            .iter()
            .map(|e| {
                let target = Target {
                    processor: Processor::TranslationEngine,
                    name: e.name(),
                    jurisdiction: e.jurisdiction(),
                    cached: e.is_machine(),
                };
                let d = self.gate.decide(region, target);
                // Engines outside the process get redacted text whatever
                // the outcome (data minimisation, `crate::gate`).
                let redacted =
                    d.outcome != Outcome::Deny && (e.jurisdiction().is_some() || e.is_machine());
                redacts |= redacted;
                (Hop::new(e.name(), &d), redacted)
            })
            .collect();
        let bot_redacted = bot.outcome == Outcome::AllowRedacted;
        redacts |= bot_redacted;
        hops.push((Hop::new(self.bot.name(), &bot), bot_redacted));
        Plan::new(bot, hops, redacts)
    }

    /// Step 4: the PII kinds the gate replaces by placeholders in the hops
    /// that need it (found once; each hop's record says what it carried).
    pub(in crate::pipeline) fn redact(
        &self,
        plan: &Plan,
        passage: &Passage,
        text: &str,
    ) -> Vec<Kind> {
        let started = std::time::Instant::now();
        let kinds = if plan.redacts {
            passage.redacted(text).kinds()
        } else {
            Vec::new()
        };
        crate::metrics::global().stage("redact", started);
        if !kinds.is_empty() {
            tracing::info!(conversation = %passage.subject().conversation, kinds = ?kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>(), "redacted before transfer");
        }
        kinds
    }
}
