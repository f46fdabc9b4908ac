//! What the shopper API answers: an opened conversation, a reply to one
//! message with its notices and hand-off, and the history. Plain data.

use serde::Serialize;

/// A conversation as the shopper opens it (validated by `Pipeline::open`).
#[derive(Debug, Clone, Default)]
pub struct OpenRequest {
    /// The country the client declares; a signed assertion's wins.
    pub country: Option<String>,
    pub locale: Option<String>,
    pub timezone: Option<String>,
    pub channel: Option<String>,
    /// A shopper id without a shop's signature: never linked.
    pub shopper_id: Option<String>,
    /// The shop's signed shopper assertion (`crate::assertion`).
    pub shopper_assertion: Option<String>,
    pub accept_language: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Opened {
    /// Conversation id; its prefix is the region whose store holds it.
    pub id: String,
    /// Bearer token for this conversation only. Keep it secret.
    pub token: String,
    pub region: String,
    /// How the region was chosen: `assertion` (the country in the shop's
    /// signed assertion), `country` (the declared country), or `default`
    /// (no country, or one no policy lists).
    pub region_source: String,
    /// `verified` when a shop's signed assertion names the shopper (the
    /// conversation is linked to their others), else `anonymous`.
    pub identity: String,
    /// The locale the proxy speaks to this shopper.
    pub locale: String,
    /// Welcome text in that locale.
    pub greeting: String,
    /// What was accepted but not used, and why (an unsigned `shopper_id`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
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
    /// Why a person was asked for.
    pub reason: crate::store::HandoffReason,
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
    /// The language the bot was asked and answered in.
    pub bot_lang: String,
    /// The engine that translated the shopper's message into `bot_lang`;
    /// absent when the bot reads the shopper's language or nothing could
    /// translate it (then the bot was not asked).
    pub inbound_engine: Option<String>,
    /// True when the message was understood: the bot understood it (it did
    /// not answer with its fallback), a person holds the conversation, or
    /// it asked for a language. False when the bot was not asked (no engine
    /// could translate it into a language the bot reads) or did not
    /// understand.
    pub understood: bool,
    pub handoff: Option<Handoff>,
    pub notices: Vec<Notice>,
}

/// One message of the history, in the shopper's language.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct HistoryEntry {
    pub seq: i32,
    /// `shopper`, `bot`, `agent` or `system`.
    pub role: crate::store::Role,
    pub text: String,
    pub lang: String,
    pub machine_translated: bool,
    /// What the bot or the agent wrote, when `text` is a machine
    /// translation of it ("show original").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_lang: Option<String>,
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
    /// The conversation's state when the answer is given (after a
    /// long-poll's wait): `bot`, `handoff` (waiting for a person), `agent`
    /// (a person holds it) or `closed` (it may be rated; a new message
    /// reopens it).
    pub state: crate::store::State,
    /// The agent who holds or last held the conversation, as named in
    /// the notice that they joined.
    pub agent: Option<String>,
}
