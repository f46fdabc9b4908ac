//! Rows as stored. Plain data; the pipeline decides what goes in them.

use diesel::prelude::*;

use super::kinds::{HandoffReason, Resolution, Role, State};
use super::schema::{conversations, messages};

/// A conversation row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq)]
#[diesel(table_name = conversations)]
pub struct Conversation {
    pub id: String,
    /// Region whose store holds this row (redundant with the store, kept for audits).
    pub region: String,
    /// ISO 3166-1 alpha-2 country the shopper declared, upper case.
    pub country: String,
    /// How the region was chosen: `country` or `default` (unknown country).
    pub region_source: String,
    pub locale: Option<String>,
    /// IANA time zone of the shopper, validated on creation.
    pub timezone: Option<String>,
    pub channel: String,
    pub shopper_id: Option<String>,
    /// The conversation's current language (ISO 639-1), once known.
    pub lang: Option<String>,
    /// `bot` while the core bot answers, `handoff` once a person is asked for.
    pub state: State,
    pub handoff_reason: Option<HandoffReason>,
    /// Unix epoch milliseconds.
    pub created_at: i64,
    pub updated_at: i64,
    /// The shopper asked for `lang`; it stays until they ask again.
    pub lang_locked: bool,
    /// A confident detection of another language, awaiting a second one.
    pub lang_pending: Option<String>,
    /// The agent pool whose queue holds or held it.
    pub pool: Option<String>,
    /// The agent holding it (`state = agent`).
    pub agent: Option<String>,
    /// Higher is served first (1: the shopper is upset).
    pub priority: i32,
    /// Consecutive bot answers that could not help.
    pub bot_misses: i32,
    pub queued_at: Option<i64>,
    pub claimed_at: Option<i64>,
    pub closed_at: Option<i64>,
    /// `resolved`, `unresolved`, … set by the agent who closes it.
    pub resolution: Option<Resolution>,
    /// Keyed pseudonym of `shopper_id` (which is sealed).
    pub shopper_ref: Option<String>,
    /// Trend of the shopper's emotion, 0 (calm) … 1 (very upset).
    pub emotion: f64,
    /// The shopper's rating, 1–5, after the conversation closed.
    pub csat: Option<i32>,
    pub rated_at: Option<i64>,
    /// `bot` or `agent`, once closed.
    pub resolved_by: Option<Role>,
    /// When the first answer (bot, agent or notice) was stored.
    pub first_response_at: Option<i64>,
}

impl Conversation {
    /// A conversation as it opens at `now`: with the bot, in no line, no
    /// language, hint or shopper known yet.
    pub fn opened(id: &str, region: &str, country: &str, channel: &str, now: i64) -> Conversation {
        Conversation {
            id: id.into(),
            region: region.into(),
            country: country.into(),
            region_source: "country".into(),
            locale: None,
            timezone: None,
            channel: channel.into(),
            shopper_id: None,
            lang: None,
            state: State::Bot,
            handoff_reason: None,
            created_at: now,
            updated_at: now,
            lang_locked: false,
            lang_pending: None,
            pool: None,
            agent: None,
            priority: 0,
            bot_misses: 0,
            queued_at: None,
            claimed_at: None,
            closed_at: None,
            resolution: None,
            shopper_ref: None,
            emotion: 0.0,
            csat: None,
            rated_at: None,
            resolved_by: None,
            first_response_at: None,
        }
    }
}

/// A wrapped data key, in the region's key store.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq)]
#[diesel(table_name = super::schema::data_keys)]
pub struct DataKey {
    pub owner: String,
    pub key_id: String,
    pub key_version: i32,
    pub wrapped: String,
    pub created_at: i64,
}

/// A message row; `seq` orders the conversation.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq)]
#[diesel(table_name = messages)]
pub struct Message {
    pub conversation_id: String,
    pub seq: i32,
    /// `shopper`, `bot`, `agent` or `system`.
    pub role: Role,
    /// What the author wrote, in `lang`.
    pub text: String,
    pub lang: String,
    /// The text as shown to the other side, in `translated_lang`.
    pub translated_text: Option<String>,
    pub translated_lang: Option<String>,
    pub engine: Option<String>,
    pub machine_translated: bool,
    pub created_at: i64,
    /// Why `lang` was decided (`script`, `detected`, `previous`, `request`…).
    pub lang_source: Option<String>,
}

/// A message before the store gives it its place in the conversation.
#[derive(Debug, Clone)]
pub struct NewMessage {
    pub role: Role,
    pub text: String,
    pub lang: String,
    pub translated_text: Option<String>,
    pub translated_lang: Option<String>,
    pub engine: Option<String>,
    pub machine_translated: bool,
    pub created_at: i64,
    pub lang_source: Option<String>,
}

impl NewMessage {
    /// A message of the proxy itself (a notice), in the shopper's language.
    pub fn system(text: String, lang: &str, created_at: i64) -> NewMessage {
        NewMessage {
            role: Role::System,
            text,
            lang: lang.into(),
            translated_text: None,
            translated_lang: None,
            engine: None,
            machine_translated: false,
            created_at,
            lang_source: None,
        }
    }
}

/// The conversation's state after a message.
#[derive(Debug, Clone)]
pub struct ConversationUpdate {
    pub lang: Option<String>,
    pub lang_locked: bool,
    pub lang_pending: Option<String>,
    pub state: State,
    pub handoff_reason: Option<HandoffReason>,
    pub updated_at: i64,
    pub pool: Option<String>,
    pub priority: i32,
    pub bot_misses: i32,
    pub queued_at: Option<i64>,
    pub emotion: f64,
    pub first_response_at: Option<i64>,
}

impl ConversationUpdate {
    /// `c` as [`Store::push_answer`](super::Store::push_answer) leaves it.
    pub fn apply(&self, c: &mut Conversation) {
        c.lang.clone_from(&self.lang);
        c.lang_locked = self.lang_locked;
        c.lang_pending.clone_from(&self.lang_pending);
        c.state.clone_from(&self.state);
        c.handoff_reason.clone_from(&self.handoff_reason);
        c.updated_at = self.updated_at;
        c.pool.clone_from(&self.pool);
        c.priority = self.priority;
        c.bot_misses = self.bot_misses;
        c.queued_at = self.queued_at;
        c.emotion = self.emotion;
        c.first_response_at = self.first_response_at;
    }

    /// Are the routing fields (state, pool, priority, place in line) those
    /// of `row`?
    pub fn keeps_route(&self, row: &Conversation) -> bool {
        self.state == row.state
            && self.pool == row.pool
            && self.priority == row.priority
            && self.queued_at == row.queued_at
    }

    /// Does going from `before` to this state move the conversation into,
    /// within or out of a line (what places in line are counted from)?
    pub fn moves_in_queue(&self, before: &Conversation) -> bool {
        (self.state == State::Handoff || before.state == State::Handoff)
            && (self.state != before.state
                || self.pool != before.pool
                || self.priority != before.priority
                || self.queued_at != before.queued_at)
    }
}

/// A machine translation learned in this region.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq)]
#[diesel(table_name = super::schema::learned_translations)]
pub struct LearnedTranslation {
    pub from_lang: String,
    pub to_lang: String,
    /// Hex SHA-256 of `source`.
    pub source_hash: String,
    pub source: String,
    pub translation: String,
    pub engine: String,
    pub created_at: i64,
    /// The conversation whose text it was learned from (erased with it).
    pub conversation_id: Option<String>,
}

/// One audit entry, chained to the previous one (also a line of an export).
#[derive(
    Debug, Clone, Queryable, Selectable, Insertable, PartialEq, serde::Serialize, serde::Deserialize,
)]
#[diesel(table_name = super::schema::audit)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: i64,
    /// `transfer`, `routing`, `erasure`, `retention`, `key_rotation`.
    pub kind: String,
    /// A shopper pseudonym, a conversation id, or `-`.
    pub subject: String,
    /// JSON, no personal data.
    pub detail: String,
    pub policy_hash: String,
    pub prev_hash: String,
    pub hash: String,
    /// SHA-256 of the previous digest and this entry's content: public, so
    /// an export verifies without the HMAC key.
    pub digest: String,
}
