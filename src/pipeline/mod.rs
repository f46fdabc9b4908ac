//! The one place that knows the order of the steps a shopper message takes
//! (drawn in docs/pipeline.md):
//!
//! 1 region → 2 language → 3 plan → 4 redact → 5 protect → 6 translate in →
//! 7 answer → 8 translate out → 9 route → 10 persist.
//!
//! Step 3 asks the region's policy about every hop (the policy simulation
//! calls the same functions); step 4 redacts PII when a hop needs it; step 5
//! lives inside the translation chain. The shopper's message is stored
//! before a remote bot is asked, so a message that got past validation is
//! never lost, whatever the bot does; the answer, the conversation's new
//! state and the message's audit entries commit together in step 10. With a
//! bot that answers in-process (the built-in FAQ bot) the shopper's message
//! commits in that same transaction: one write instead of two, and nothing
//! is acknowledged before it is stored either way.

mod agent;
mod compliance;
mod erasure;
mod route;
mod satisfaction;
mod simulate;
#[cfg(test)]
mod stale_tests;
mod stats;
pub mod vault;

pub use agent::{AgentMessage, AgentQueue, AgentView, QueueEntry, RelatedConversation, Sent};
pub use compliance::{AuditView, Filter, PolicyView, ThresholdStatus, TransferRecord, Volume};
pub use erasure::Erased;
pub use satisfaction::{Closed, Rated};
pub use simulate::{Hop, SimulateRequest, Simulation};
pub use stats::Stats;

use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use chrono_tz::Tz;
use fluent_bundle::FluentValue;
use serde::Serialize;
use unic_langid::LanguageIdentifier;

use crate::crypto::{TokenSigner, region_of_id};
use crate::error::ApiError;
use crate::i18n::{self, Localizer};
use crate::language::{self, Detector, Hints};
use crate::policy::{Outcome as PolicyOutcome, Policies};
use crate::privacy;
use crate::store::models::{Conversation, ConversationUpdate, Message, NewMessage};
use crate::store::{Exchange, Store, Stores};
use crate::translate::cache::{Learned, Scope};
use crate::translate::{Chain, Outcome};
use crate::upstream::{Bot, BotAnswer, UpstreamError};

/// Everything a request needs, built once at start and shared.
pub struct Pipeline {
    /// Region policies in force.
    pub policies: Policies,
    /// Language detector limited to the served languages.
    pub detector: Detector,
    /// Translation engines in order, with span protection.
    pub chain: Chain,
    /// The core bot.
    pub bot: Arc<dyn Bot>,
    /// Each region's store; the only way to reach data.
    pub stores: Stores,
    /// Fluent bundles for the proxy's own messages.
    pub i18n: Localizer,
    /// Signs and checks conversation tokens.
    pub tokens: TokenSigner,
    /// The bot's language.
    pub pivot: String,
    /// Deadline for one bot answer.
    pub bot_timeout: Duration,
    /// Longest accepted message, in characters.
    pub max_text_chars: usize,
    /// Agent pools, with their schedules.
    pub pools: Vec<crate::routing::Pool>,
    /// What time it is.
    pub clock: Clock,
    /// The transfer gate's standing decisions.
    pub gate: Gate,
    /// Data keys and sealing.
    pub vault: Arc<vault::Vault>,
    /// The audit log (chain key, checkpoint signer).
    pub audit: Arc<crate::audit::AuditLog>,
    /// Compliance token ids that no longer open anything.
    pub revoked_tokens: std::collections::HashSet<String>,
    /// Rate limits per client address and per conversation.
    pub limits: crate::limits::Limits,
}

/// The transfer gate's decisions that do not depend on the message, made
/// once at start from the policies: which machine engines each region may
/// use, which of them only after redaction, and where the core bot runs.
#[derive(Debug, Default)]
pub struct Gate {
    /// region → engines allowed (with or without redaction).
    pub engines: std::collections::HashMap<String, Arc<std::collections::HashSet<String>>>,
    /// region → some allowed engine requires redaction first.
    pub engines_redacted: std::collections::HashMap<String, bool>,
    /// Where the core bot processes text; `None`: inside the proxy.
    pub bot_jurisdiction: Option<String>,
}

impl Gate {
    /// Decides every (region, engine) hop once; logs each decision with the
    /// policy hash it was made under.
    pub fn new(
        policies: &Policies,
        engines: &[(String, Option<String>)],
        bot_jurisdiction: Option<String>,
    ) -> Gate {
        let mut gate = Gate {
            bot_jurisdiction,
            ..Gate::default()
        };
        for region in policies.regions() {
            let mut allowed = std::collections::HashSet::new();
            let mut redacted = false;
            for (name, jurisdiction) in engines {
                let d = policies.decide(&region.id, "translation_engine", jurisdiction.as_deref());
                tracing::info!(region = %region.id, engine = %name, outcome = ?d.outcome, basis = ?d.basis,
                    policy_version = %d.policy_version, policy_hash = %d.policy_hash, "transfer decision");
                match d.outcome {
                    crate::policy::Outcome::Allow => {
                        allowed.insert(name.clone());
                    }
                    crate::policy::Outcome::AllowRedacted => {
                        allowed.insert(name.clone());
                        redacted = true;
                    }
                    crate::policy::Outcome::Deny => {}
                }
            }
            gate.engines.insert(region.id.clone(), Arc::new(allowed));
            gate.engines_redacted.insert(region.id.clone(), redacted);
        }
        gate
    }

    pub fn engines_for(&self, region: &str) -> Arc<std::collections::HashSet<String>> {
        self.engines.get(region).cloned().unwrap_or_default()
    }
}

/// The proxy's clock: the system clock, or — for simulations and tests
/// only — a fixed start instant from `CROSSDESK_CLOCK` (RFC 3339) that then
/// runs at normal speed.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    offset: chrono::Duration,
}

impl Clock {
    pub fn system() -> Clock {
        Clock {
            offset: chrono::Duration::zero(),
        }
    }

    /// `CROSSDESK_CLOCK` when set and valid, else the system clock.
    pub fn from_env() -> Clock {
        match std::env::var("CROSSDESK_CLOCK")
            .ok()
            .and_then(|v| chrono::DateTime::parse_from_rfc3339(&v).ok())
        {
            Some(start) => {
                tracing::warn!(start = %start, "CROSSDESK_CLOCK set: simulated time");
                Clock {
                    offset: start.with_timezone(&Utc) - Utc::now(),
                }
            }
            None => Clock::system(),
        }
    }

    pub fn now(&self) -> chrono::DateTime<Utc> {
        Utc::now() + self.offset
    }

    pub fn now_ms(&self) -> i64 {
        self.now().timestamp_millis()
    }
}

/// A conversation as the shopper opens it (validated by [`Pipeline::open`]).
#[derive(Debug, Clone, Default)]
pub struct OpenRequest {
    pub country: String,
    pub locale: Option<String>,
    pub timezone: Option<String>,
    pub channel: Option<String>,
    pub shopper_id: Option<String>,
    pub accept_language: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Opened {
    /// Conversation id; its prefix is the region whose store holds it.
    pub id: String,
    /// Bearer token for this conversation only. Keep it secret.
    pub token: String,
    pub region: String,
    /// `country` when the shopper's country is listed in a policy, `default` otherwise.
    pub region_source: String,
    /// The locale the proxy speaks to this shopper.
    pub locale: String,
    /// Welcome text in that locale.
    pub greeting: String,
}

/// A notice the proxy adds to a reply, already localized.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Notice {
    /// Fluent message id (`machine-translation-note`, `handoff-requested`, …).
    pub code: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Handoff {
    /// Why a person was asked for: `requested` (shopper or bot asked),
    /// `upset`, `bot_gave_up` (two answers that could not help),
    /// `no_translation`, `bot_unavailable`.
    pub reason: String,
    /// Place in the queue (the pool's, or the region's without pools).
    pub position: i64,
    /// The agent pool whose queue holds the conversation.
    pub pool: Option<String>,
    /// 1 when the shopper is upset: served before others.
    pub priority: i32,
    /// An agent of the pool is available now.
    pub routed: bool,
    /// When the pool opens, in the shopper's time zone (RFC 3339).
    pub opens_at: Option<String>,
    /// The same, written the shopper's locale's way.
    pub opens_local: Option<String>,
    /// Estimated wait, when queued.
    #[schema(value_type = Option<Object>)]
    pub wait: Option<crate::routing::Wait>,
}

/// The answer to one shopper message.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Reply {
    pub conversation_id: String,
    /// Sequence number of the stored shopper message.
    pub seq: i32,
    /// The answer in the shopper's language (or the localized fallback).
    pub text: String,
    /// The shopper message's language (ISO 639-1, `und` if unknown).
    pub lang: String,
    pub confidence: f64,
    /// How `lang` was decided: `request`, `locked`, `script`, `detected`,
    /// `previous`, `declared`, `accept-language` or `undetermined`.
    pub lang_source: String,
    /// `Hans` or `Hant` for Chinese, when the characters show it.
    pub lang_variant: Option<String>,
    /// True when `text` was machine-translated from the bot's language.
    pub machine_translated: bool,
    /// The engine that translated `text` (`memory`, …); absent when `text`
    /// was not machine-translated.
    pub engine: Option<String>,
    /// The bot's answer as the bot wrote it; absent when the bot did not answer.
    pub bot_text: Option<String>,
    pub bot_lang: String,
    /// False when the shopper's message could not be translated for the bot.
    pub understood: bool,
    pub handoff: Option<Handoff>,
    pub notices: Vec<Notice>,
}

/// One message of the history, in the shopper's language.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct HistoryEntry {
    pub seq: i32,
    /// `shopper`, `bot`, `agent` or `system`.
    pub role: String,
    pub text: String,
    pub lang: String,
    pub machine_translated: bool,
    /// RFC 3339 in the shopper's time zone.
    pub at: String,
    /// The same instant written the shopper's locale's way.
    pub at_local: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct History {
    pub conversation_id: String,
    pub lang: String,
    pub locale: String,
    pub timezone: String,
    pub messages: Vec<HistoryEntry>,
}

/// A stored time (Unix milliseconds) as an instant.
fn instant(ms: i64) -> chrono::DateTime<Utc> {
    Utc.timestamp_millis_opt(ms)
        .single()
        .unwrap_or_else(Utc::now)
}

/// An ISO 3166-1 alpha-2 code, upper case.
fn checked_country(country: &str) -> Result<String, ApiError> {
    let country = country.trim().to_ascii_uppercase();
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(ApiError::bad(
            "invalid_country",
            "`country` must be an ISO 3166-1 alpha-2 code such as `ES`",
        ));
    }
    Ok(country)
}

/// Validation helpers for what shoppers send.
fn check_locale(locale: &Option<String>) -> Result<(), ApiError> {
    if let Some(l) = locale
        && (l.len() > 35 || l.parse::<LanguageIdentifier>().is_err())
    {
        return Err(ApiError::bad(
            "invalid_locale",
            "`locale` must be a BCP 47 language tag such as `es-MX`",
        ));
    }
    Ok(())
}

/// Keeps newlines and tabs; drops other control characters (NUL cannot be
/// stored in PostgreSQL text, and the rest only hide content).
pub fn clean_text(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect::<String>()
        .trim()
        .to_string()
}

impl Pipeline {
    /// A message's text, cleaned, neither empty nor too long.
    fn checked_text(&self, text: &str) -> Result<String, ApiError> {
        let text = clean_text(text);
        if text.is_empty() {
            return Err(ApiError::bad(
                "empty_text",
                "`text` must contain at least one visible character",
            ));
        }
        if text.chars().count() > self.max_text_chars {
            return Err(ApiError::bad(
                "text_too_long",
                format!("`text` must be at most {} characters", self.max_text_chars),
            ));
        }
        Ok(text)
    }

    fn store_of(&self, conversation_id: &str) -> Result<&Store, ApiError> {
        let region = region_of_id(conversation_id)
            .ok_or_else(|| ApiError::NotFound("conversation not found".into()))?;
        Ok(self.stores.get(region)?)
    }

    fn locale_for(&self, lang: &str, declared: Option<&str>) -> LanguageIdentifier {
        let mut wanted: Vec<&str> = Vec::new();
        // A declared locale of the same language keeps its region (es-MX).
        if let Some(d) = declared
            && language::primary_subtag(d) == lang
        {
            wanted.push(d);
        }
        if lang != "und" {
            wanted.push(lang);
        }
        if let Some(d) = declared {
            wanted.push(d);
        }
        self.i18n.negotiate(&wanted)
    }

    /// An audit record stamped now.
    fn record(
        &self,
        kind: &str,
        subject: &str,
        detail: serde_json::Value,
        policy_hash: &str,
    ) -> crate::audit::Record {
        crate::audit::Record {
            at: self.clock.now_ms(),
            kind: kind.into(),
            subject: subject.into(),
            detail,
            policy_hash: policy_hash.into(),
        }
    }

    /// Appends an audit entry to the region's log.
    async fn audit(
        &self,
        store: &Store,
        kind: &str,
        subject: &str,
        detail: serde_json::Value,
        policy_hash: &str,
    ) -> Result<(), ApiError> {
        let record = self.record(kind, subject, detail, policy_hash);
        self.audit_all(store, vec![record]).await
    }

    /// Appends entries in one transaction under one signed checkpoint.
    async fn audit_all(
        &self,
        store: &Store,
        records: Vec<crate::audit::Record>,
    ) -> Result<(), ApiError> {
        let log = self.audit.clone();
        let store = store.clone();
        tokio::task::spawn_blocking(move || log.append_all(&store, &records))
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?
            .map_err(ApiError::Internal)
    }

    /// The hops of one message that left the region or were denied.
    fn hop_records(
        &self,
        c: &Conversation,
        engines: &[Option<String>],
        bot: Option<&crate::policy::Decision>,
        pii: &[&str],
    ) -> Vec<crate::audit::Record> {
        let jurisdictions = self.chain.jurisdictions();
        let mut hops = Vec::new();
        for engine in engines.iter().flatten() {
            // Two hops through the pivot read `a+b`.
            for name in engine.split('+') {
                let j = jurisdictions.get(name).cloned().flatten();
                let d = self
                    .policies
                    .decide(&c.region, "translation_engine", j.as_deref());
                if d.basis.as_deref() != Some("in-region") {
                    hops.push((name.to_string(), d));
                }
            }
        }
        if let Some(bot) = bot
            && bot.basis.as_deref() != Some("in-region")
        {
            hops.push((self.bot.name().to_string(), bot.clone()));
        }
        hops.into_iter()
            .map(|(name, d)| {
                let detail = serde_json::json!({
                    "processor": d.processor, "name": name, "jurisdiction": d.jurisdiction,
                    "outcome": d.outcome, "basis": d.basis, "policy_version": d.policy_version,
                    // Keyed pseudonym of the shop's shopper id (one person, many
                    // conversations), else the conversation: Art. 30 records and
                    // PIPL volumes count data subjects, not messages.
                    "data_subject": c.shopper_ref.clone().unwrap_or_else(|| c.id.clone()),
                    "pii_kinds_redacted": if d.outcome == PolicyOutcome::AllowRedacted { pii.to_vec() } else { Vec::new() },
                });
                self.record("transfer", &c.id, detail, &d.policy_hash)
            })
            .collect()
    }

    /// One message's audit records: a `decision` entry with every hop the
    /// policy decided (allowed or denied, in-region too) and what was used,
    /// a `transfer` entry per hop that left the region or was denied (the
    /// records of transfers count those), and a `routing` entry for a
    /// hand-off to another region's pool. `bot`: `None` when a person, not
    /// the bot, answers.
    #[allow(clippy::too_many_arguments)]
    fn message_records(
        &self,
        c: &Conversation,
        detection: &language::Detection,
        bot: Option<&crate::policy::Decision>,
        pii: &[&str],
        used: &[Option<String>],
        handoff: Option<&Handoff>,
    ) -> Vec<crate::audit::Record> {
        let bot_decision = bot.cloned().unwrap_or_else(|| {
            self.policies
                .decide(&c.region, "core_bot", self.gate.bot_jurisdiction.as_deref())
        });
        let mut hops = self.planned_hops(&c.region, &bot_decision, pii);
        if bot.is_none() {
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
            "redacted": pii,
            "hops": hops,
            "used": used.iter().flatten().collect::<Vec<_>>(),
            "answered_by": if bot.is_some() { "bot" } else { "agent" },
            "handoff": handoff.map(|h| h.reason.clone()),
            "pool": handoff.and_then(|h| h.pool.clone()),
        });
        let mut records = vec![self.record("decision", &c.id, detail, &bot_decision.policy_hash)];
        records.extend(self.hop_records(c, used, bot, pii));
        // A hand-off to a pool of another region.
        if let Some(h) = handoff
            && let Some(pool) = h
                .pool
                .as_deref()
                .and_then(|p| self.pools.iter().find(|x| x.id == p))
            && pool.region != c.region
        {
            let d = self
                .policies
                .decide(&c.region, "agent_pool", Some(&pool.region));
            let detail = serde_json::json!({"pool": pool.id, "pool_region": pool.region, "outcome": d.outcome, "basis": d.basis});
            records.push(self.record("routing", &c.id, detail, &d.policy_hash));
        }
        records
    }

    /// The conversation region's cache partition and learned translations.
    fn scope(&self, store: &Store) -> Scope {
        Scope {
            region: store.name().to_string(),
            learned: Some(Arc::new(LearnedInStore {
                store: store.clone(),
                vault: self.vault.clone(),
            })),
            allowed: Some(self.gate.engines_for(store.name())),
        }
    }

    fn timezone_of(c: &Conversation) -> Tz {
        c.timezone
            .as_deref()
            .and_then(|t| t.parse().ok())
            .unwrap_or(Tz::UTC)
    }

    /// Opens a conversation in the region the shopper's country belongs to.
    pub async fn open(&self, req: OpenRequest) -> Result<Opened, ApiError> {
        let country = checked_country(&req.country)?;
        check_locale(&req.locale)?;
        if let Some(tz) = &req.timezone
            && tz.parse::<Tz>().is_err()
        {
            return Err(ApiError::bad(
                "invalid_timezone",
                "`timezone` must be an IANA time zone such as `Europe/Madrid`",
            ));
        }
        let channel = req.channel.clone().unwrap_or_else(|| "web".into());
        if channel.is_empty()
            || channel.len() > 32
            || !channel
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        {
            return Err(ApiError::bad(
                "invalid_channel",
                "`channel` must be 1–32 characters of a-z, 0-9, '-' or '_'",
            ));
        }
        if let Some(s) = &req.shopper_id
            && (s.is_empty() || s.chars().count() > 128 || s.chars().any(char::is_control))
        {
            return Err(ApiError::bad(
                "invalid_shopper_id",
                "`shopper_id` must be 1–128 printable characters",
            ));
        }

        // Step 1: region.
        let (region, source) = self.policies.region_for(&country);
        let store = self.stores.get(&region.id)?.clone();
        let id = self
            .tokens
            .new_conversation_id(&region.id)
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        let declared_lang = req.locale.as_deref().map(language::primary_subtag);
        let served_lang = declared_lang.filter(|l| self.detector.serves(l));
        let now = self.clock.now_ms();
        let conversation = Conversation {
            region_source: source.as_str().into(),
            locale: req.locale.clone(),
            timezone: req.timezone.clone(),
            shopper_id: req.shopper_id.clone(),
            lang: served_lang,
            shopper_ref: req
                .shopper_id
                .as_deref()
                .map(|s| self.tokens.pseudonym(&region.id, s)),
            ..Conversation::opened(&id, &region.id, &country, &channel, now)
        };
        // The shopper's contact data is sealed with the conversation's own key.
        let sealer = self.vault.sealer(&region.id, &id).await?;
        let mut conversation = conversation;
        conversation.shopper_id = conversation
            .shopper_id
            .as_deref()
            .map(|s| sealer.seal("shopper_id", "0", s))
            .transpose()
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        store
            .run(move |s| s.insert_conversation(&conversation))
            .await?;
        tracing::info!(conversation = %id, region = %region.id, region_source = source.as_str(), "conversation opened");

        let accept = req
            .accept_language
            .as_deref()
            .and_then(first_accept_language);
        let requested: Vec<&str> = req
            .locale
            .as_deref()
            .into_iter()
            .chain(accept.as_deref())
            .collect();
        let locale = self.i18n.negotiate(&requested);
        Ok(Opened {
            token: self.tokens.issue(&id),
            id,
            region: region.id.clone(),
            region_source: source.as_str().into(),
            greeting: self.i18n.format(&locale, "greeting", &[]),
            locale: locale.to_string(),
        })
    }

    /// Checks the bearer token against the conversation id and loads the conversation.
    pub async fn authorize(
        &self,
        conversation_id: &str,
        token: Option<&str>,
    ) -> Result<Conversation, ApiError> {
        self.authorize_with(conversation_id, token, false).await
    }

    /// [`Pipeline::authorize`] for a new shopper message: with an
    /// in-process bot the conversation may come from the store's recent
    /// ones, since the message's one write checks it (see [`Pipeline::message`]).
    pub async fn authorize_message(
        &self,
        conversation_id: &str,
        token: Option<&str>,
    ) -> Result<Conversation, ApiError> {
        self.authorize_with(conversation_id, token, self.bot.in_process())
            .await
    }

    async fn authorize_with(
        &self,
        conversation_id: &str,
        token: Option<&str>,
        recent: bool,
    ) -> Result<Conversation, ApiError> {
        let store = self.store_of(conversation_id)?.clone();
        let token = token.ok_or(ApiError::Unauthorized)?;
        self.tokens
            .verify(token, conversation_id)
            .map_err(|e| match e {
                crate::crypto::TokenError::Invalid => ApiError::Unauthorized,
                crate::crypto::TokenError::OtherConversation => ApiError::Forbidden,
            })?;
        let id = conversation_id.to_string();
        let found = if recent {
            store.conversation_for_message(id).await?
        } else {
            store.load_conversation(id).await?
        };
        found.ok_or_else(|| ApiError::NotFound("conversation not found".into()))
    }

    /// Runs one shopper message through every step and returns the reply.
    ///
    /// With an in-process bot nothing is stored until the answer is ready,
    /// and that one write checks that the conversation is still the row the
    /// answer was computed from. When it is not (an agent claimed it, another
    /// instance answered a message of it meanwhile), nothing was stored and
    /// the message is computed again from the row as it is now.
    pub async fn message(
        &self,
        conversation: Conversation,
        text: &str,
        locale: Option<String>,
        accept_language: Option<&str>,
    ) -> Result<Reply, ApiError> {
        let mut conversation = conversation;
        let mut attempt = 1;
        loop {
            // The last attempt stores the shopper's words first, as with a
            // remote bot, and is not checked: a conversation that keeps
            // changing (two instances answering it at once) still gets its
            // answer, from the freshest row.
            let defer = attempt < STALE_ATTEMPTS;
            match self
                .message_from(conversation, text, locale.clone(), accept_language, defer)
                .await?
            {
                Attempt::Answered(reply) => return Ok(reply),
                Attempt::Stale(Some(now)) => {
                    crate::metrics::global().recomputed.inc();
                    conversation = now;
                }
                Attempt::Stale(None) => {
                    return Err(ApiError::NotFound("conversation not found".into()));
                }
            }
            attempt += 1;
        }
    }

    /// One attempt of [`Pipeline::message`] from `conversation` as read.
    async fn message_from(
        &self,
        conversation: Conversation,
        text: &str,
        locale: Option<String>,
        accept_language: Option<&str>,
        defer: bool,
    ) -> Result<Attempt, ApiError> {
        check_locale(&locale)?;
        let text = self.checked_text(text)?;
        let store = self.stores.get(&conversation.region)?.clone();
        let tz = Self::timezone_of(&conversation);

        // Step 2: language, from the text and the conversation's hints.
        let accept = accept_language.and_then(first_accept_language);
        let declared = locale.as_deref().or(conversation.locale.as_deref());
        let metrics = crate::metrics::global();
        let started = std::time::Instant::now();
        let detection = self.detector.detect(
            &text,
            Hints {
                declared,
                accept_language: accept.as_deref(),
                previous: conversation.lang.as_deref(),
                locked: conversation.lang_locked,
                pending: conversation.lang_pending.as_deref(),
            },
        );
        metrics.stage("detect", started);
        crate::metrics::Metrics::count(&metrics.languages, &detection.lang);
        let declared = declared.or(accept.as_deref());
        // `und` only when neither text nor hints say anything: speak the pivot.
        let shopper_lang = if detection.lang == "und" {
            self.pivot.clone()
        } else {
            detection.lang.clone()
        };
        let ui = self.locale_for(&shopper_lang, declared);
        let mut notices = Vec::new();
        let scope = self.scope(&store);

        // Step 3, plan: may the core bot see this region's text, and must
        // anything be redacted before it leaves? Step 4, redact: PII becomes
        // tokens that every processor keeps. (The policy simulation calls
        // the same two functions.)
        let (bot_hop, redact_first) = self.plan(&conversation.region);
        let started = std::time::Instant::now();
        let redacted = self.redact(&conversation.region, &text, redact_first);
        metrics.stage("redact", started);
        if !redacted.values.is_empty() {
            tracing::info!(conversation = %conversation.id, kinds = ?redacted.kinds(), "redacted before transfer");
        }

        // Steps 5–6: protect spans and translate into the bot's language.
        let started = std::time::Instant::now();
        let translated_in = self
            .chain
            .translate(&redacted.text, &shopper_lang, &self.pivot, &scope)
            .await;
        metrics.stage("translate", started);
        count_translation(&translated_in, &conversation.region, &shopper_lang);
        let (bot_input, in_engine, understood) = match translated_in {
            Outcome::Same => (redacted.text.clone(), None, true),
            Outcome::Translated(t) => (t.text, Some(t.engine), true),
            Outcome::Failed(reasons) => {
                tracing::info!(conversation = %conversation.id, from = %shopper_lang, to = %self.pivot,
                    engines = ?reasons.iter().map(|(e, r)| format!("{e}: {r}")).collect::<Vec<_>>(),
                    "no translation; passing the message untranslated");
                let language = self.i18n.language_name(&ui, &shopper_lang);
                notices.push(self.notice(
                    &ui,
                    "no-translation-fallback",
                    &[("language", FluentValue::from(language))],
                ));
                (text.clone(), None, false)
            }
        };

        // The shopper's message is stored before the bot is asked.
        let received_at = self.clock.now_ms();
        // Step 10 begins here for the shopper's own words: sealed with the
        // conversation's key, stored before the bot is asked.
        let sealer = self
            .vault
            .sealer(&conversation.region, &conversation.id)
            .await?;
        let row_sealer = sealer.clone();
        let in_engine_used = in_engine.clone();
        let shopper_row = NewMessage {
            role: "shopper".into(),
            text: text.clone(),
            lang: shopper_lang.clone(),
            translated_text: (bot_input != text)
                .then(|| privacy::restore(&bot_input, &redacted.values)),
            translated_lang: (bot_input != text).then(|| self.pivot.clone()),
            engine: in_engine.clone(),
            machine_translated: in_engine.is_some(),
            created_at: received_at,
            lang_source: Some(detection.source.as_str().into()),
        };
        // An in-process bot cannot hang or fail on a network: the row then
        // waits for the answer and both commit together (step 10).
        let deferred = defer && self.bot.in_process() && conversation.state != "agent";
        let (seq, shopper_row) = if deferred {
            (None, Some(shopper_row))
        } else {
            let started = std::time::Instant::now();
            let seq = store
                .push_message(conversation.id.clone(), shopper_row, row_sealer)
                .await?;
            metrics.stage("store", started);
            (Some(seq), None)
        };

        // Step 7 with a person holding the conversation: the agent answers,
        // through the agent API; the shopper is told who has the message.
        if conversation.state == "agent" {
            let records = self.message_records(
                &conversation,
                &detection,
                None,
                &redacted.kinds(),
                std::slice::from_ref(&in_engine_used),
                None,
            );
            self.audit_all(&store, records).await?;
            let agent = conversation.agent.clone().unwrap_or_default();
            let n = self.notice(
                &ui,
                "message-to-agent",
                &[("agent", FluentValue::from(agent))],
            );
            return Ok(Attempt::Answered(Reply {
                conversation_id: conversation.id,
                seq: seq.unwrap_or_default(),
                text: n.text.clone(),
                lang: detection.lang,
                confidence: (detection.confidence * 1000.0).round() / 1000.0,
                lang_source: detection.source.as_str().into(),
                lang_variant: detection.variant.map(str::to_string),
                machine_translated: false,
                engine: None,
                bot_text: None,
                bot_lang: self.pivot.clone(),
                understood,
                handoff: None,
                notices: vec![n],
            }));
        }

        // Step 7: the core bot, if the policy lets it see the text (redacted
        // when the rule says so), bounded by its deadline.
        tracing::debug!(conversation = %conversation.id, hop = "core_bot", outcome = ?bot_hop.outcome, basis = ?bot_hop.basis,
            policy_version = %bot_hop.policy_version, policy_hash = %bot_hop.policy_hash, "transfer decision");
        let started = std::time::Instant::now();
        let answer = match bot_hop.outcome.clone() {
            PolicyOutcome::Deny => Err(UpstreamError::Denied),
            outcome => {
                let input = if outcome == PolicyOutcome::Allow {
                    privacy::restore(&bot_input, &redacted.values)
                } else {
                    bot_input.clone()
                };
                match tokio::time::timeout(
                    self.bot_timeout,
                    self.bot.answer(&conversation.id, &input),
                )
                .await
                {
                    Ok(result) => result,
                    Err(_) => Err(UpstreamError::Timeout(self.bot_timeout.as_millis() as u64)),
                }
            }
        };

        metrics.stage("bot", started);

        // Step 8: the answer back into the shopper's language.
        let mut machine_translated = false;
        let mut answer_untranslated = false;
        let mut engine = None;
        let (reply_text, bot_text) = match &answer {
            // A bot that only signals a hand-off: the hand-off notice says it all.
            Ok(BotAnswer { text: bot_text, .. }) if bot_text.trim().is_empty() => {
                (String::new(), None)
            }
            Ok(BotAnswer { text: bot_text, .. }) => {
                let started = std::time::Instant::now();
                let out = self
                    .chain
                    .translate(bot_text, &self.pivot, &shopper_lang, &scope)
                    .await;
                metrics.stage("translate", started);
                count_translation(&out, &conversation.region, &shopper_lang);
                match out {
                    Outcome::Same => (bot_text.clone(), Some(bot_text.clone())),
                    Outcome::Translated(t) => {
                        machine_translated = true;
                        engine = Some(t.engine);
                        let language = self.i18n.language_name(&ui, &self.pivot);
                        notices.push(self.notice(
                            &ui,
                            "machine-translation-note",
                            &[("language", FluentValue::from(language))],
                        ));
                        (t.text, Some(bot_text.clone()))
                    }
                    Outcome::Failed(_) => {
                        // The bot's own words beat silence; a person follows up.
                        answer_untranslated = true;
                        if understood {
                            let language = self.i18n.language_name(&ui, &shopper_lang);
                            notices.push(self.notice(
                                &ui,
                                "no-translation-fallback",
                                &[("language", FluentValue::from(language))],
                            ));
                        }
                        (bot_text.clone(), Some(bot_text.clone()))
                    }
                }
            }
            Err(e) => {
                tracing::warn!(conversation = %conversation.id, bot = self.bot.name(), error = %e, "bot failed");
                let at = instant(received_at).with_timezone(&tz);
                let n = self.notice(
                    &ui,
                    "bot-unavailable",
                    &[("time", FluentValue::from(i18n::format_time(&ui, &at)))],
                );
                (n.text.clone(), None)
            }
        };

        // Step 9: route. Who needs a person, which pool, what the shopper is told.
        let already_waiting = conversation.state == "handoff";
        let now_dt = self.clock.now();
        let now = now_dt.timestamp_millis();
        let started = std::time::Instant::now();
        let routed = self
            .route(route::RouteInput {
                conversation: &conversation,
                text: &text,
                answer: &answer,
                understood,
                answer_untranslated,
                lang: &shopper_lang,
                ui: &ui,
                tz,
                now: now_dt,
            })
            .await?;
        metrics.stage("route", started);
        notices.extend(routed.notices);
        let handoff = routed.handoff;
        // Nothing else to say (a bare hand-off signal): the notice is the answer.
        let reply_text = match (reply_text.is_empty(), notices.last()) {
            (true, Some(n)) => n.text.clone(),
            _ => reply_text,
        };

        // Step 10: the audit records of the message's decisions, written in
        // the same transaction as the answer.
        let records = self.message_records(
            &conversation,
            &detection,
            Some(&bot_hop),
            &redacted.kinds(),
            &[in_engine_used.clone(), engine.clone()],
            handoff.as_ref(),
        );

        // Step 10: persist the answer and the conversation's new state.
        let answer_row = match &bot_text {
            Some(bot) => NewMessage {
                role: "bot".into(),
                text: bot.clone(),
                lang: self.pivot.clone(),
                translated_text: machine_translated.then(|| reply_text.clone()),
                translated_lang: machine_translated.then(|| shopper_lang.clone()),
                engine: machine_translated.then(|| engine.clone()).flatten(),
                machine_translated,
                created_at: now,
                lang_source: None,
            },
            None => NewMessage::system(reply_text.clone(), ui.language.as_str(), now),
        };
        let new_lang = (detection.lang != "und")
            .then(|| detection.lang.clone())
            .or(conversation.lang.clone());
        let update = ConversationUpdate {
            lang: new_lang,
            lang_locked: detection.locked,
            lang_pending: detection.pending.clone(),
            state: routed.state,
            handoff_reason: routed.reason,
            // Keep the original place in line for a conversation already waiting.
            updated_at: if already_waiting {
                conversation.updated_at
            } else {
                now
            },
            pool: routed.pool,
            priority: routed.priority,
            bot_misses: routed.bot_misses,
            queued_at: routed.queued_at,
            emotion: routed.emotion,
            first_response_at: conversation.first_response_at.or(Some(now)),
        };
        let started = std::time::Instant::now();
        let log = self.audit.clone();
        let (stored_seq, head) = match store
            .push_answer(
                conversation.clone(),
                shopper_row,
                answer_row,
                update,
                sealer,
                log,
                records,
            )
            .await?
        {
            Exchange::Stored { seq, head } => (seq, head),
            Exchange::Stale(now) => return Ok(Attempt::Stale(now.map(|c| *c))),
        };
        let seq = seq.or(stored_seq).unwrap_or_default();
        metrics.stage("store", started);
        if let Some(head) = head {
            self.audit.committed(store.name(), head);
        }

        Ok(Attempt::Answered(Reply {
            conversation_id: conversation.id,
            seq,
            text: reply_text,
            lang: detection.lang,
            confidence: (detection.confidence * 1000.0).round() / 1000.0,
            lang_source: detection.source.as_str().into(),
            lang_variant: detection.variant.map(str::to_string),
            machine_translated,
            engine,
            bot_text,
            bot_lang: self.pivot.clone(),
            understood,
            handoff,
            notices,
        }))
    }

    fn notice(
        &self,
        locale: &LanguageIdentifier,
        code: &str,
        args: &[(&str, FluentValue<'_>)],
    ) -> Notice {
        Notice {
            code: code.into(),
            text: self.i18n.format(locale, code, args),
        }
    }

    /// The conversation's messages in the shopper's current language.
    /// The history after message `after` (0: all). With `wait`, waits up to
    /// that long for a first new message (long-poll: agents' replies reach
    /// the shopper this way). Every instance reads the shared store, so any
    /// instance can answer.
    pub async fn history(
        &self,
        conversation: Conversation,
        after: i32,
        wait: Duration,
    ) -> Result<History, ApiError> {
        let store = self.stores.get(&conversation.region)?.clone();
        let deadline = tokio::time::Instant::now() + wait;
        let sealer = self
            .vault
            .sealer(&conversation.region, &conversation.id)
            .await?;
        // Only a long-poll waits: a wake-up when this process stores a
        // message in the conversation; on a store that instances share, a
        // read now and then for the messages the others store.
        let watch = (!wait.is_zero()).then(|| store.watch(&conversation.id));
        let unseen_writes_every = store.unseen_writes_every();
        // Taken once the request must wait, held until it answers.
        let mut slot = None;
        let rows: Vec<Message> = loop {
            let woken = watch.as_ref().map(|w| w.notified());
            tokio::pin!(woken);
            if let Some(w) = woken.as_mut().as_pin_mut() {
                // Before the read: a message stored after it still wakes.
                w.enable();
            }
            let id = conversation.id.clone();
            let sealer = sealer.clone();
            let rows = store
                .run(move |s| s.messages_after(&id, after, &sealer))
                .await?;
            let now = tokio::time::Instant::now();
            if !rows.is_empty() || now >= deadline {
                break rows;
            }
            if slot.is_none() {
                slot = Some(self.limits.wait_slot().ok_or(ApiError::Busy)?);
            }
            let left = deadline - now;
            let nap = unseen_writes_every.map_or(left, |every| left.min(every));
            match woken.as_mut().as_pin_mut() {
                Some(w) => {
                    let _ = tokio::time::timeout(nap, w).await;
                }
                None => tokio::time::sleep(nap).await,
            }
        };
        let lang = conversation.lang.clone().unwrap_or_else(|| {
            conversation
                .locale
                .as_deref()
                .map(language::primary_subtag)
                .unwrap_or_else(|| self.pivot.clone())
        });
        let ui = self.locale_for(&lang, conversation.locale.as_deref());
        let tz = Self::timezone_of(&conversation);
        let mut messages = Vec::with_capacity(rows.len());
        let scope = self.scope(&store);
        for m in rows {
            let (text, text_lang, machine_translated) = self.shown_text(&m, &lang, &scope).await;
            let at = instant(m.created_at).with_timezone(&tz);
            messages.push(HistoryEntry {
                seq: m.seq,
                role: m.role,
                text,
                lang: text_lang,
                machine_translated,
                at: at.to_rfc3339(),
                at_local: i18n::format_datetime(&ui, &at),
            });
        }
        Ok(History {
            conversation_id: conversation.id,
            lang,
            locale: ui.to_string(),
            timezone: tz.name().to_string(),
            messages,
        })
    }

    /// What the shopper sees of a stored message: their own words as
    /// written; the other side's in the shopper's current language.
    async fn shown_text(&self, m: &Message, lang: &str, scope: &Scope) -> (String, String, bool) {
        if m.role == "shopper" || m.lang == lang {
            return (m.text.clone(), m.lang.clone(), false);
        }
        if m.translated_lang.as_deref() == Some(lang)
            && let Some(t) = &m.translated_text
        {
            return (t.clone(), lang.to_string(), m.machine_translated);
        }
        // The conversation changed language since: translate again.
        match self.chain.translate(&m.text, &m.lang, lang, scope).await {
            Outcome::Translated(t) => (t.text, lang.to_string(), true),
            _ => (m.text.clone(), m.lang.clone(), false),
        }
    }
}

/// A region's store as the translation chain's memory of machine
/// translations. Store trouble only costs a cache miss: it is logged, and
/// the translation goes on.
struct LearnedInStore {
    store: Store,
    vault: Arc<vault::Vault>,
}

/// Owner of a region's learned translations in its key store.
const LEARNED: &str = "_learned";

/// Attempts at a message whose conversation changed meanwhile; the last
/// one stores the shopper's words before the bot is asked, unchecked.
const STALE_ATTEMPTS: u32 = 4;

/// One computation of a message's answer.
enum Attempt {
    Answered(Reply),
    /// The conversation changed (or is gone): nothing was stored.
    Stale(Option<Conversation>),
}

#[async_trait::async_trait]
impl Learned for LearnedInStore {
    async fn get(&self, from: &str, to: &str, source: &str) -> Option<(String, String)> {
        let sealer = match self.vault.sealer(self.store.name(), LEARNED).await {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!(error = %e, "learned translations unavailable");
                return None;
            }
        };
        let hash = sealer.keyed_hash(source);
        let (from, to, h) = (from.to_string(), to.to_string(), hash.clone());
        match self
            .store
            .run(move |s| s.learned_rows(&from, &to, &h))
            .await
        {
            // The hash is a key, not a proof: compare the text itself.
            Ok(rows) => rows.into_iter().find_map(|r| {
                let s = sealer
                    .open("learned_source", &format!("{hash}:s"), &r.source)
                    .ok()?;
                let t = sealer
                    .open("learned_source", &format!("{hash}:t"), &r.translation)
                    .ok()?;
                (s == source).then_some((t, r.engine))
            }),
            Err(e) => {
                tracing::warn!(error = %e, "learned translations unavailable");
                None
            }
        }
    }

    async fn put(&self, from: &str, to: &str, source: &str, translation: &str, engine: &str) {
        let Ok(sealer) = self.vault.sealer(self.store.name(), LEARNED).await else {
            return;
        };
        let hash = sealer.keyed_hash(source);
        let (Ok(source), Ok(translation)) = (
            sealer.seal("learned_source", &format!("{hash}:s"), source),
            sealer.seal("learned_source", &format!("{hash}:t"), translation),
        ) else {
            return;
        };
        let row = crate::store::models::LearnedTranslation {
            from_lang: from.into(),
            to_lang: to.into(),
            source_hash: hash,
            source,
            translation,
            engine: engine.into(),
            created_at: chrono::Utc::now().timestamp_millis(),
        };
        if let Err(e) = self.store.run(move |s| s.learn(&row)).await {
            tracing::warn!(error = %e, "could not store a learned translation");
        }
    }
}

/// Counts a translation by engine and outcome.
fn count_translation(outcome: &Outcome, region: &str, lang: &str) {
    let (engine, result) = match outcome {
        Outcome::Same => return,
        Outcome::Translated(t) => (
            t.engine.as_str(),
            if t.cached { "cached" } else { "translated" },
        ),
        Outcome::Failed(_) => ("none", "failed"),
    };
    crate::metrics::global()
        .translations
        .get_or_create(&crate::metrics::Translation {
            engine: engine.into(),
            outcome: result.into(),
            region: region.into(),
            lang: lang.into(),
        })
        .inc();
}

/// The first language tag of an `Accept-Language` header, ignoring q=0.
fn first_accept_language(header: &str) -> Option<String> {
    header
        .split(',')
        .filter_map(|part| {
            let mut it = part.split(';');
            let tag = it.next()?.trim();
            let q: f32 = it
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse().ok())
                .unwrap_or(1.0);
            (q > 0.0 && !tag.is_empty() && tag != "*" && tag.len() <= 35)
                .then(|| (tag.to_string(), q))
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(t, _)| t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_preferred_tag() {
        assert_eq!(
            first_accept_language("de-CH;q=0.7, fr;q=0.9, *;q=0.1").as_deref(),
            Some("fr")
        );
        assert_eq!(first_accept_language("ja").as_deref(), Some("ja"));
        assert_eq!(first_accept_language("en;q=0").as_deref(), None);
        assert_eq!(first_accept_language("").as_deref(), None);
    }

    #[test]
    fn control_characters_are_dropped_but_lines_kept() {
        assert_eq!(clean_text(" a\u{0}b\r\nc\u{202e} "), "ab\nc\u{202e}");
        assert_eq!(clean_text("\u{0}\u{7}  "), "");
    }
}
