//! Policy simulation: every decision the pipeline would take for one
//! message — region, language, redactions, each hop allowed or denied and
//! why, routing — from the same functions [`Pipeline::message`] calls, and
//! without storing or sending anything. Compliance officers check a policy
//! change with it before it reaches shoppers.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::language::{self, Hints};
use crate::pipeline::Error;
use crate::pipeline::Pipeline;
use crate::policy::{Decision, Outcome};
use crate::routing::{self, triggers};
use crate::store::HandoffReason;

/// One processor the message may reach, and what the policy says about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Hop {
    /// `translation_engine` or `core_bot`.
    pub processor: String,
    /// The engine's or bot's configured name.
    pub name: String,
    /// Where it processes text; `None`: inside the proxy.
    pub jurisdiction: Option<String>,
    /// `allow`, `allow_redacted` or `deny`.
    pub outcome: String,
    /// `in-region`, or the transfer rule's legal basis.
    pub basis: Option<String>,
    /// PII kinds it would receive as tokens instead of values.
    pub redacted: Vec<String>,
    /// The decision in words, for people.
    pub why: String,
}

impl Hop {
    /// A hop as decided; `redacted` is filled once the text is known.
    pub(in crate::pipeline) fn new(name: &str, d: &Decision) -> Hop {
        let outcome = match d.outcome {
            Outcome::Allow => "allow",
            Outcome::AllowRedacted => "allow_redacted",
            Outcome::Deny => "deny",
        };
        let policy = format!("policy {} {}", d.region, d.policy_version);
        let why = match (&d.outcome, d.basis.as_deref(), d.jurisdiction.as_deref()) {
            (_, Some("in-region"), None) => "runs inside the proxy".to_string(),
            (_, Some("in-region"), Some(j)) => format!("runs in {j}, inside the region"),
            (Outcome::Allow, Some(b), Some(j)) => {
                format!("transfer to {j} allowed by {policy} ({b})")
            }
            (Outcome::AllowRedacted, Some(b), Some(j)) => {
                format!("transfer to {j} allowed by {policy} ({b}) after PII redaction")
            }
            (_, _, j) => format!(
                "{policy} has no {} rule for {}: denied by default",
                d.processor,
                j.unwrap_or("-")
            ),
        };
        Hop {
            processor: d.processor.clone(),
            name: name.into(),
            jurisdiction: d.jurisdiction.clone(),
            outcome: outcome.into(),
            basis: d.basis.clone(),
            redacted: Vec::new(),
            why,
        }
    }
}

/// What a simulation is asked about.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SimulateRequest {
    /// The shopper's message.
    pub text: String,
    /// ISO 3166-1 alpha-2 country of the shopper.
    pub country: String,
    /// When the message arrives (RFC 3339); default now.
    pub at: Option<String>,
    /// `web`, `app`, `wechat`, `email`, …
    pub channel: Option<String>,
    /// BCP 47 locale the shopper declares.
    pub locale: Option<String>,
    /// IANA time zone for the times shown to the shopper.
    pub timezone: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SimulatedLanguage {
    pub lang: String,
    pub confidence: f64,
    pub source: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SimulatedRouting {
    /// Why a person would be asked for, from the message alone
    /// (`requested`, `upset`, `bot_unavailable`); the bot's own answer
    /// can add others at run time.
    pub trigger: Option<HandoffReason>,
    /// Where a hand-off would go at that moment.
    #[schema(value_type = Object)]
    pub decision: routing::Decision,
    /// The pool's region, when it is not the conversation's.
    pub cross_region: Option<String>,
    /// When the pool opens, in the shopper's time zone.
    pub opens_at: Option<String>,
}

/// Every decision, none of the effects.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Simulation {
    pub region: String,
    /// `country` or `default`.
    pub region_source: String,
    pub policy_version: String,
    pub policy_hash: String,
    pub channel: String,
    pub at: String,
    pub language: SimulatedLanguage,
    /// PII kinds found and replaced by tokens before any hop that needs it
    /// (empty when no hop asks for redaction).
    pub redacted: Vec<String>,
    /// The text as the hops that need redaction would receive it.
    pub redacted_text: String,
    /// Engines in the order they are tried, then the core bot.
    pub hops: Vec<Hop>,
    pub routing: SimulatedRouting,
    /// The proxy would store the message in this region's store.
    pub stored_in: String,
}

impl Pipeline {
    /// The hand-off reason the message itself gives, as step 9 reads it.
    pub(super) fn text_trigger(text: &str, lang: &str, bot: &Decision) -> Option<HandoffReason> {
        // A new conversation: the trend starts at calm.
        let reading = crate::emotion::read(text, lang);
        if bot.outcome == Outcome::Deny {
            Some(HandoffReason::BotUnavailable)
        } else if triggers::asks_for_person(text) {
            Some(HandoffReason::Requested)
        } else if crate::emotion::escalate(&reading, crate::emotion::trend(0.0, &reading)) {
            Some(HandoffReason::Upset)
        } else {
            None
        }
    }

    pub async fn simulate(&self, req: SimulateRequest) -> Result<Simulation, Error> {
        let text = self.checked_text(&req.text)?;
        let country = crate::pipeline::checked_country(&req.country)?;
        crate::pipeline::check_locale(&req.locale)?;
        let tz: Tz = match &req.timezone {
            Some(t) => t.parse().map_err(|_| {
                Error::invalid(
                    "invalid_timezone",
                    "`timezone` must be an IANA time zone such as `Europe/Madrid`",
                )
            })?,
            None => Tz::UTC,
        };
        let at: DateTime<Utc> = match &req.at {
            Some(a) => DateTime::parse_from_rfc3339(a)
                .map_err(|_| Error::invalid("invalid_time", "`at` must be an RFC 3339 time"))?
                .with_timezone(&Utc),
            None => self.clock.now(),
        };

        // Step 1, region — as `open` decides it.
        let (policy, source) = self.policies.region_for(&country);
        // Step 2, language — as the first message of a new conversation.
        let declared = req.locale.as_deref();
        let previous = declared
            .map(language::primary_subtag)
            .filter(|l| self.detector.serves(l));
        let detection = self.detector.detect(
            &text,
            Hints {
                declared,
                previous: previous.as_deref(),
                ..Hints::default()
            },
        );
        let lang = if detection.lang == "und" {
            self.pivot.clone()
        } else {
            detection.lang.clone()
        };
        // Steps 3–4, through a passage that records nothing: nothing is sent.
        let passage = self.gate.dry_run(crate::gate::Subject {
            region: policy.id.clone(),
            conversation: "-".into(),
            data_subject: "-".into(),
            country: Some(country.clone()),
        });
        let plan = self.plan(&policy.id);
        let kinds = self.redact(&plan, &passage, &text);
        let redacted_text = if plan.redacts {
            passage.redacted(&text).text.clone()
        } else {
            text.clone()
        };
        let hops = plan.hops(&kinds);
        let bot = plan.bot.clone();
        // Step 9 — read-only: pool loads are counted, nothing is written.
        let decision = self.pool_decision(&policy.id, &lang, at).await?;
        let pool = decision
            .pool()
            .and_then(|p| self.pools.iter().find(|x| x.id == p));
        let opens_at = match &decision {
            routing::Decision::Queued { opens: Some(t), .. } if *t > at => {
                Some(t.with_timezone(&tz).to_rfc3339())
            }
            _ => None,
        };
        Ok(Simulation {
            region: policy.id.clone(),
            region_source: source.as_str().into(),
            policy_version: policy.version.clone(),
            policy_hash: policy.hash.clone(),
            channel: req.channel.unwrap_or_else(|| "web".into()),
            at: at.with_timezone(&tz).to_rfc3339(),
            language: SimulatedLanguage {
                lang: detection.lang.clone(),
                confidence: (detection.confidence * 1000.0).round() / 1000.0,
                source: detection.source.as_str().into(),
            },
            redacted: kinds.iter().map(|k| k.as_str().to_string()).collect(),
            redacted_text,
            hops,
            routing: SimulatedRouting {
                trigger: Self::text_trigger(&text, &lang, &bot),
                cross_region: pool
                    .filter(|p| p.region != policy.id)
                    .map(|p| p.region.clone()),
                decision,
                opens_at,
            },
            stored_in: policy.store.clone(),
        })
    }
}
