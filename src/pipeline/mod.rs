//! The proxy's use cases, one folder per audience: `shopper/` (open,
//! history, close and rate, erase), `agent/`, `compliance/` (with the
//! policy simulator) and `ops/` (statistics, health), and the path of a
//! shopper message (`message.rs`, its steps in `steps/`, drawn in
//! docs/pipeline.md). [`Pipeline`] holds the parts, built once at start
//! (`build.rs`); [`Error`] says why a use case failed.
//!
//! Every hop of shopper text to a processor goes through a `Passage` of the
//! transfer gate ([`crate::gate`]), which records it; the records join the
//! audit log with the request's other entries.

mod agent;
mod build;
mod channel;
mod compliance;
mod error;
mod learned;
mod message;
mod ops;
mod records;
mod reply;
mod shopper;
#[cfg(test)]
mod stale_tests;
mod steps;
pub mod vault;
mod waiting;

pub use agent::{
    AgentMessage, AgentQueue, AgentView, Delivery, Preview, QueueEntry, RelatedConversation, Sent,
};
pub use compliance::{
    AuditView, Export, Filter, Hop, PolicyView, SimulateRequest, Simulation, ThresholdStatus,
    TransferRecord, Volume,
};
pub use error::Error;
pub use ops::{Stats, StoreHealth};
pub use reply::{Handoff, History, HistoryEntry, Notice, OpenRequest, Opened, Reply};
pub use shopper::{Closed, Erased, LinkRequest, Linked, Rated};

use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};

pub use crate::clock::Clock;
use chrono_tz::Tz;
use fluent_bundle::FluentValue;
use unic_langid::LanguageIdentifier;

use crate::crypto::{Pseudonyms, Revocations, TokenSigner, region_of_id};
use crate::gate::{Gate, Passage, Processor, Subject, Target};
use crate::i18n::Localizer;
use crate::language::{self, Detector};
use crate::policy::Policies;
use crate::store::models::Conversation;
use crate::store::{Store, Stores};
use crate::translate::Chain;
use crate::translate::cache::Scope;
use crate::upstream::Bot;

/// Everything a request needs, built once at start and shared.
pub struct Pipeline {
    /// Region policies in force.
    policies: Arc<Policies>,
    /// The transfer gate: every hop of shopper text to a processor.
    gate: Arc<Gate>,
    /// Language detector limited to the served languages.
    detector: Detector,
    /// Translation engines in order, with span protection.
    chain: Chain,
    /// The core bot.
    bot: Arc<dyn Bot>,
    /// Where the core bot processes text; `None`: inside the proxy.
    bot_jurisdiction: Option<String>,
    /// The languages the core bot reads and answers in.
    bot_languages: Vec<String>,
    /// Each region's store; the only way to reach data.
    stores: Stores,
    /// Fluent bundles for the proxy's own messages.
    i18n: Localizer,
    /// The pages' own words.
    page_words: Arc<crate::page_words::PageWords>,
    /// The shops' sites that may show the chat in a frame.
    widget_origins: Vec<String>,
    /// Signs and checks tokens (conversation, agent, compliance, ops).
    tokens: TokenSigner,
    /// Revoked token ids.
    revoked: Revocations,
    /// How long a shopper's conversation token lives, in seconds.
    shopper_token_secs: i64,
    /// Keyed pseudonyms of shoppers (erasure finds them by these).
    pseudonyms: Pseudonyms,
    /// The bot's language.
    pivot: String,
    /// Deadline for one bot answer.
    bot_timeout: Duration,
    /// Longest accepted message, in characters.
    max_text_chars: usize,
    /// Agent pools, with their schedules.
    pools: Vec<crate::routing::Pool>,
    /// What time it is.
    clock: Clock,
    /// Data keys and sealing.
    vault: Arc<vault::Vault>,
    /// The audit log (chain key, checkpoint signer).
    audit: Arc<crate::audit::AuditLog>,
    /// How long the newest audit entries may await their checkpoint, for
    /// verification (`audit::pending_window_ms`).
    audit_pending_ms: i64,
    /// The policy folder and what it may name, for the policy check the
    /// compliance console shows.
    policy_deployment: crate::policy::Deployment,
    /// Rate limits per client address and per conversation.
    limits: crate::limits::Limits,
    /// Shops whose signed assertions say who a shopper is.
    shops: crate::assertion::Shops,
    /// Messaging channels: each one's configuration and adapter.
    channels: Arc<
        Vec<(
            crate::config::ChannelConfig,
            Box<dyn crate::channels::Channel>,
        )>,
    >,
    /// Wakes the deliveries when a channel message was answered.
    deliveries: Arc<tokio::sync::Notify>,
}

/// A stored time (Unix milliseconds) as an instant.
fn instant(ms: i64) -> chrono::DateTime<Utc> {
    Utc.timestamp_millis_opt(ms)
        .single()
        .unwrap_or_else(Utc::now)
}

/// An ISO 3166-1 alpha-2 code, upper case.
fn checked_country(country: &str) -> Result<String, Error> {
    let country = country.trim().to_ascii_uppercase();
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(Error::invalid(
            "invalid_country",
            "`country` must be an ISO 3166-1 alpha-2 code such as `ES`",
        ));
    }
    Ok(country)
}

/// Validation helpers for what shoppers send.
fn check_locale(locale: &Option<String>) -> Result<(), Error> {
    if let Some(l) = locale
        && (l.len() > 35 || l.parse::<LanguageIdentifier>().is_err())
    {
        return Err(Error::invalid(
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
    fn checked_text(&self, text: &str) -> Result<String, Error> {
        let text = clean_text(text);
        if text.is_empty() {
            return Err(Error::invalid(
                "empty_text",
                "`text` must contain at least one visible character",
            ));
        }
        if text.chars().count() > self.max_text_chars {
            return Err(Error::invalid(
                "text_too_long",
                format!("`text` must be at most {} characters", self.max_text_chars),
            ));
        }
        Ok(text)
    }

    fn store_of(&self, conversation_id: &str) -> Result<&Store, Error> {
        let region = region_of_id(conversation_id)
            .ok_or_else(|| Error::NotFound("conversation not found".into()))?;
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

    fn timezone_of(c: &Conversation) -> Tz {
        c.timezone
            .as_deref()
            .and_then(|t| t.parse().ok())
            .unwrap_or(Tz::UTC)
    }

    /// The core bot as the gate sees it.
    fn bot_target(&self) -> Target<'_> {
        Target {
            processor: Processor::CoreBot,
            name: self.bot.name(),
            jurisdiction: self.bot_jurisdiction.as_deref(),
            cached: false,
        }
    }

    /// Who a conversation's text belongs to, for the gate.
    fn subject(c: &Conversation) -> Subject {
        Subject {
            region: c.region.clone(),
            conversation: c.id.clone(),
            // Keyed pseudonym of the shop's shopper id (one person, many
            // conversations), else the conversation: Art. 30 records and
            // PIPL volumes count data subjects, not messages.
            data_subject: c.shopper_ref.clone().unwrap_or_else(|| c.id.clone()),
            // `ZZ`: opened without a country.
            country: (c.country != "ZZ").then(|| c.country.clone()),
        }
    }

    /// One request's way through the gate for a conversation.
    fn passage(&self, c: &Conversation) -> Arc<Passage> {
        Arc::new(self.gate.passage(Self::subject(c)))
    }

    /// The translation chain's scope for a conversation: its region's cache
    /// partition and learned translations, and its passage.
    fn scope(&self, store: &Store, passage: Arc<Passage>) -> Scope {
        let conversation = passage.subject().conversation.clone();
        Scope::new(
            passage,
            Some(Arc::new(learned::LearnedInStore {
                store: store.clone(),
                vault: self.vault.clone(),
                conversation,
            })),
        )
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
    ) -> Result<(), Error> {
        let record = self.record(kind, subject, detail, policy_hash);
        self.audit_all(store, vec![record]).await
    }

    /// Appends entries in one transaction under one signed checkpoint.
    async fn audit_all(
        &self,
        store: &Store,
        records: Vec<crate::audit::Record>,
    ) -> Result<(), Error> {
        if records.is_empty() {
            return Ok(());
        }
        let log = self.audit.clone();
        let store = store.clone();
        tokio::task::spawn_blocking(move || log.append_all(&store, &records))
            .await
            .map_err(|e| Error::internal("auditing", e))?
            .map_err(|e| Error::internal("auditing", e))
    }

    /// Writes the hops a read path made (history, agent views and replies)
    /// to the conversation region's audit log.
    async fn audit_hops(&self, store: &Store, passage: &Passage) -> Result<(), Error> {
        let records = self.hop_records(passage);
        self.audit_all(store, records).await
    }
}

/// A pipeline on the embedded defaults with its stores under `dir`, for
/// tests that put their own bot in its place.
#[cfg(test)]
pub(crate) fn test_pipeline(dir: &std::path::Path) -> Pipeline {
    let config = crate::config::Config {
        data_dir: dir.join("data").display().to_string().into(),
        ..Default::default()
    };
    Pipeline::build(&config, crate::clock::Clock::system()).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_dropped_but_lines_kept() {
        assert_eq!(clean_text(" a\u{0}b\r\nc\u{202e} "), "ab\nc\u{202e}");
        assert_eq!(clean_text("\u{0}\u{7}  "), "");
    }
}
