//! The transfer gate: the one way shopper text reaches a processor — a
//! translation engine, the core bot, an agent pool of another region, any
//! future channel or model.
//!
//! Processors accept only [`Cleared`] text, and only a [`Passage`] makes
//! one: the region's policy decides the hop (denied, allowed after
//! redaction, or allowed), the text is redacted as the decision says, and
//! every hop to a processor outside this process is recorded, with what
//! was redacted in that hop, for the audit log. A processor that took a
//! bare string would have to be called without the gate; none does, and
//! a new one cannot be:
//!
//! ```compile_fail
//! // Cleared has private fields and no public constructor.
//! let text = crossdesk::gate::Cleared { text: String::new() };
//! ```
//!
//! Machine translation engines get the region's redaction whatever the
//! outcome: a translation never needs the values (they come back as
//! placeholders), and the cache and the learned translations then hold
//! none. The bot and agent pools get values where the policy allows them;
//! the curated memory and the FAQ bot, which run in this process and keep
//! nothing, get the text as it is.
//!
//! What a processor answers is read back through the same [`Cleared`]:
//! [`Cleared::restore`] puts the values back, exactly once and as written,
//! for a person who may read them; [`Cleared::for_person`] labels them for
//! one who may not. A raw placeholder never reaches a person.

use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::policy::{Decision, Outcome, Policies};
use crate::privacy::{self, Kind, Redacted};

/// Kinds of processor shopper text can travel to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Processor {
    TranslationEngine,
    CoreBot,
    AgentPool,
}

impl Processor {
    pub fn as_str(self) -> &'static str {
        match self {
            Processor::TranslationEngine => "translation_engine",
            Processor::CoreBot => "core_bot",
            Processor::AgentPool => "agent_pool",
        }
    }
}

/// A processor a text may go to.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub processor: Processor,
    /// The engine's, bot's or pool's configured name.
    pub name: &'a str,
    /// Where it processes text (a country or region id); `None`: inside
    /// this process.
    pub jurisdiction: Option<&'a str>,
    /// Its answers are cached and learned (machine translation): it gets
    /// the redacted form even inside this process, so that no cached answer
    /// carries one shopper's values to another.
    pub cached: bool,
}

/// The standing rules: the policies in force and each region's redaction.
pub struct Gate {
    /// `None`: the unrestricted gate of tools that handle no shopper's text.
    policies: Option<Arc<Policies>>,
    redact: std::collections::HashMap<String, Vec<Kind>>,
}

impl Gate {
    pub fn new(policies: Arc<Policies>) -> Gate {
        let redact = policies
            .regions()
            .iter()
            .map(|r| {
                let kinds = r.redact.iter().filter_map(|k| Kind::parse(k)).collect();
                (r.id.clone(), kinds)
            })
            .collect();
        Gate {
            policies: Some(policies),
            redact,
        }
    }

    /// A gate that allows every hop without redaction, for text that is no
    /// shopper's: the CLI's `translate`, benchmarks and engine tests. The
    /// server never builds one; its hops say `unrestricted`.
    pub fn unrestricted() -> Gate {
        Gate {
            policies: None,
            redact: Default::default(),
        }
    }

    /// The policy's decision on one hop, without text (plans, simulation).
    pub fn decide(&self, region: &str, target: Target<'_>) -> Decision {
        match &self.policies {
            Some(p) => p.decide(region, target.processor.as_str(), target.jurisdiction),
            None => Decision {
                region: region.into(),
                processor: target.processor.as_str().into(),
                jurisdiction: target.jurisdiction.map(str::to_string),
                outcome: Outcome::Allow,
                basis: Some("unrestricted".into()),
                policy_version: String::new(),
                policy_hash: String::new(),
            },
        }
    }

    /// The PII kinds `region` redacts before a hop that needs it.
    pub fn kinds(&self, region: &str) -> &[Kind] {
        self.redact.get(region).map_or(&[], Vec::as_slice)
    }

    /// A conversation's way through the gate for one request.
    pub fn passage(self: &Arc<Self>, subject: Subject) -> Passage {
        Passage {
            gate: self.clone(),
            subject,
            record: true,
            hops: Mutex::new(Vec::new()),
            redactions: Mutex::new(Vec::new()),
        }
    }

    /// A passage whose hops are decided and redacted but not recorded: for
    /// the policy simulation, which sends nothing.
    pub fn dry_run(self: &Arc<Self>, subject: Subject) -> Passage {
        Passage {
            record: false,
            ..self.passage(subject)
        }
    }
}

/// Whose text passes: the conversation and the person behind it.
#[derive(Debug, Clone)]
pub struct Subject {
    /// The conversation's region, whose policy decides.
    pub region: String,
    pub conversation: String,
    /// The keyed pseudonym of the shopper the shop vouched for, else the
    /// conversation: records of transfers count data subjects.
    pub data_subject: String,
    /// The shopper's country (national phone formats).
    pub country: Option<String>,
}

/// What one hop carried, as the audit log records it.
#[derive(Debug, Clone, Serialize)]
pub struct HopRecord {
    pub processor: Processor,
    pub name: String,
    pub jurisdiction: Option<String>,
    pub outcome: Outcome,
    /// `in-region`, or the rule's legal basis; absent when denied.
    pub basis: Option<String>,
    pub policy_version: String,
    #[serde(skip)]
    pub policy_hash: String,
    /// PII kinds that reached the processor as placeholders in this hop.
    pub pii_kinds_redacted: Vec<&'static str>,
    pub data_subject: String,
    /// The processor is outside the region (or the hop was denied): a
    /// record of transfer.
    #[serde(skip)]
    pub cross_border: bool,
}

/// Why a hop did not happen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("policy {region} {version} denies {processor} {name}")]
pub struct Denied {
    pub region: String,
    pub version: String,
    pub processor: &'static str,
    pub name: String,
}

/// One request's way through the gate: every hop it clears is recorded.
pub struct Passage {
    gate: Arc<Gate>,
    subject: Subject,
    record: bool,
    hops: Mutex<Vec<HopRecord>>,
    /// The region's redaction of each text cleared so far (a text goes to
    /// several processors: found once).
    redactions: Mutex<Vec<(String, Arc<Redacted>)>>,
}

/// Text a processor may receive, with the decision it was cleared under.
/// Only [`Passage::clear`] makes one.
#[derive(Debug, Clone)]
pub struct Cleared {
    text: String,
    values: Arc<Vec<(Kind, String)>>,
    outcome: Outcome,
    redacted: Vec<Kind>,
}

impl Cleared {
    /// The text as the processor may see it.
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn outcome(&self) -> &Outcome {
        &self.outcome
    }

    /// The PII kinds replaced by placeholders in this hop.
    pub fn redacted(&self) -> &[Kind] {
        &self.redacted
    }

    /// The same hop with spans masked for a translation engine
    /// (placeholders `⟦n⟧`). `None` when the new text would carry a value
    /// this hop redacted: masking only ever takes text away.
    pub fn masked(&self, text: String) -> Option<Cleared> {
        let leaks = self
            .values
            .iter()
            .any(|(kind, value)| *kind != Kind::Literal && text.contains(value.as_str()));
        (!leaks).then(|| Cleared {
            text,
            values: self.values.clone(),
            outcome: self.outcome.clone(),
            redacted: self.redacted.clone(),
        })
    }

    /// What the processor answered, for a person who may read the values:
    /// each placeholder back as written, once; unknown ones as a label.
    pub fn restore(&self, answer: &str) -> String {
        privacy::restore(answer, &self.values)
    }

    /// What the processor answered, for a person who may not read the
    /// values: each placeholder as its kind's label.
    pub fn for_person(&self, answer: &str) -> String {
        privacy::mask(answer, &self.values)
    }

    /// Whether two clearings of a text carry the same placeholders (so an
    /// answer to one is an answer to the other).
    pub fn same_values(&self, other: &Cleared) -> bool {
        self.values == other.values
    }
}

impl Passage {
    pub fn subject(&self) -> &Subject {
        &self.subject
    }

    pub fn region(&self) -> &str {
        &self.subject.region
    }

    /// The policy's decision on a hop, not recorded (to skip a denied
    /// engine without trying it).
    pub fn decide(&self, target: Target<'_>) -> Decision {
        self.gate.decide(&self.subject.region, target)
    }

    /// Whether the policy lets this conversation's text reach `target`.
    pub fn allows(&self, target: Target<'_>) -> bool {
        self.decide(target).outcome != Outcome::Deny
    }

    /// The region's redaction of `text`, found once per passage.
    fn redaction(&self, text: &str) -> Arc<Redacted> {
        let mut seen = self.redactions.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, r)) = seen.iter().find(|(t, _)| t == text) {
            return r.clone();
        }
        let r = Arc::new(privacy::redact(
            text,
            self.gate.kinds(&self.subject.region),
            self.subject.country.as_deref(),
        ));
        if seen.len() < 64 {
            seen.push((text.to_string(), r.clone()));
        }
        r
    }

    /// `text` as every machine translation engine receives it (the region's
    /// redaction): the translation cache and the learned translations are
    /// keyed on this form, so they hold no values.
    pub fn redacted(&self, text: &str) -> Arc<Redacted> {
        self.redaction(text)
    }

    /// Clears `text` for one hop: decides it under the region's policy,
    /// redacts what the decision (or, for translation, minimisation) asks,
    /// and records the hop when the processor runs outside this process.
    pub fn clear(&self, target: Target<'_>, text: &str) -> Result<Cleared, Denied> {
        self.clear_all(target, &[text]).map(|mut c| c.remove(0))
    }

    /// Clears several texts for one hop (an agent reading a conversation):
    /// one decision and one record, with the kinds redacted in any of them.
    pub fn clear_all(&self, target: Target<'_>, texts: &[&str]) -> Result<Vec<Cleared>, Denied> {
        let decision = self.decide(target);
        let outside = target.jurisdiction.is_some();
        let redact = decision.outcome == Outcome::AllowRedacted
            || (target.processor == Processor::TranslationEngine && (outside || target.cached));
        let cleared: Option<Vec<Cleared>> = (decision.outcome != Outcome::Deny).then(|| {
            texts
                .iter()
                .map(|text| self.clear_text(text, redact, &decision.outcome))
                .collect()
        });
        if self.record && outside {
            let mut kinds: Vec<Kind> = cleared
                .iter()
                .flatten()
                .flat_map(|c| c.redacted.iter().copied())
                .collect();
            kinds.sort_unstable();
            kinds.dedup();
            self.push(HopRecord {
                processor: target.processor,
                name: target.name.to_string(),
                jurisdiction: decision.jurisdiction.clone(),
                outcome: decision.outcome.clone(),
                basis: decision.basis.clone(),
                policy_version: decision.policy_version.clone(),
                policy_hash: decision.policy_hash.clone(),
                pii_kinds_redacted: kinds.iter().map(|k| k.as_str()).collect(),
                data_subject: self.subject.data_subject.clone(),
                cross_border: decision.basis.as_deref() != Some("in-region"),
            });
        }
        cleared.ok_or_else(|| Denied {
            region: self.subject.region.clone(),
            version: decision.policy_version,
            processor: target.processor.as_str(),
            name: target.name.to_string(),
        })
    }

    fn clear_text(&self, text: &str, redact: bool, outcome: &Outcome) -> Cleared {
        if redact {
            let r = self.redaction(text);
            return Cleared {
                text: r.text.clone(),
                redacted: r.kinds(),
                values: Arc::new(r.values.clone()),
                outcome: outcome.clone(),
            };
        }
        // Allowed in clear: only what the shopper typed that reads like a
        // placeholder is masked, so that restoring finds only ours.
        let r = if text.contains(['⟪', '⟫']) {
            privacy::redact(text, &[], None)
        } else {
            Redacted {
                text: text.to_string(),
                values: Vec::new(),
            }
        };
        Cleared {
            text: r.text,
            redacted: Vec::new(),
            values: Arc::new(r.values),
            outcome: outcome.clone(),
        }
    }

    fn push(&self, record: HopRecord) {
        self.hops
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(record);
    }

    /// Records a hop that carried no text of the conversation's messages
    /// but its metadata (a hand-off into another region's pool queue).
    pub fn note(&self, target: Target<'_>) -> Decision {
        let decision = self.decide(target);
        if self.record {
            self.push(HopRecord {
                processor: target.processor,
                name: target.name.to_string(),
                jurisdiction: decision.jurisdiction.clone(),
                outcome: decision.outcome.clone(),
                basis: decision.basis.clone(),
                policy_version: decision.policy_version.clone(),
                policy_hash: decision.policy_hash.clone(),
                pii_kinds_redacted: Vec::new(),
                data_subject: self.subject.data_subject.clone(),
                cross_border: decision.basis.as_deref() != Some("in-region"),
            });
        }
        decision
    }

    /// The hops recorded so far, taken out of the passage.
    pub fn take_hops(&self) -> Vec<HopRecord> {
        std::mem::take(&mut *self.hops.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gate() -> Arc<Gate> {
        let policies = Policies::load_dir(std::path::Path::new("policies")).unwrap();
        Arc::new(Gate::new(Arc::new(policies)))
    }

    fn subject(region: &str, country: &str) -> Subject {
        Subject {
            region: region.into(),
            conversation: format!("{region}_0"),
            data_subject: format!("{region}_0"),
            country: Some(country.into()),
        }
    }

    const US_ENGINE: Target<'static> = Target {
        processor: Processor::TranslationEngine,
        name: "llm",
        jurisdiction: Some("US"),
        cached: true,
    };

    #[test]
    fn a_redacting_rule_sends_placeholders_and_records_what_was_redacted() {
        let p = gate().passage(subject("eu", "FR"));
        let text = "IBAN FR14 2004 1010 0505 0001 3M02 606, tél 06 12 34 56 78";
        let c = p.clear(US_ENGINE, text).unwrap();
        assert!(
            !c.text().contains("FR14") && !c.text().contains("06 12"),
            "{}",
            c.text()
        );
        assert_eq!(c.restore(c.text()), text);
        assert_eq!(c.for_person(c.text()), "IBAN [IBAN], tél [phone]");
        let hops = p.take_hops();
        assert_eq!(hops.len(), 1);
        assert_eq!(hops[0].pii_kinds_redacted, ["phone", "iban"]);
        assert!(hops[0].cross_border);
        assert_eq!(hops[0].outcome, Outcome::AllowRedacted);
    }

    #[test]
    fn a_denied_hop_is_recorded_and_yields_no_text() {
        let p = gate().passage(subject("cn", "CN"));
        assert!(p.clear(US_ENGINE, "你好").is_err());
        let hops = p.take_hops();
        assert_eq!(hops[0].outcome, Outcome::Deny);
        assert!(hops[0].pii_kinds_redacted.is_empty());
    }

    #[test]
    fn in_process_hops_are_not_recorded_and_a_dry_run_records_nothing() {
        let g = gate();
        let p = g.passage(subject("eu", "DE"));
        let memory = Target {
            processor: Processor::TranslationEngine,
            name: "memory",
            jurisdiction: None,
            cached: false,
        };
        p.clear(memory, "mail a@b.de").unwrap();
        assert!(p.take_hops().is_empty());
        let d = g.dry_run(subject("eu", "DE"));
        d.clear(US_ENGINE, "mail a@b.de").unwrap();
        assert!(d.take_hops().is_empty());
    }

    #[test]
    fn masking_cannot_put_a_redacted_value_back() {
        let p = gate().passage(subject("eu", "ES"));
        let c = p.clear(US_ENGINE, "escribe a ana@example.com").unwrap();
        assert!(c.masked(c.text().replace("⟪email-1⟫", "⟦1⟧")).is_some());
        assert!(c.masked("escribe a ana@example.com".into()).is_none());
    }
}
