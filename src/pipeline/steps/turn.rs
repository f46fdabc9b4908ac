//! What one message's turn carries from step to step: each step's result
//! as a plain value. The steps read and return these; none of them reaches
//! into another step's module, so the steps depend on this file alone.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use unic_langid::LanguageIdentifier;

use super::super::{Handoff, Notice, Reply};
use crate::language::Detection;
use crate::pipeline::Hop;
use crate::policy::Decision;
use crate::privacy::Kind;
use crate::seal::Sealer;
use crate::store::models::{Conversation, NewMessage};
use crate::store::{HandoffReason, State};
use crate::upstream::{BotAnswer, UpstreamError};

/// What step 2 decided.
pub(in crate::pipeline) struct Said {
    pub detection: Detection,
    /// The language answers go out in: the detected one, or the bot's when
    /// neither text nor hints say anything.
    pub lang: String,
    /// The locale of the proxy's own words to this shopper.
    pub ui: LanguageIdentifier,
}

/// What step 3 decided.
pub(in crate::pipeline) struct Plan {
    /// The core bot's hop.
    pub bot: Decision,
    /// Every hop, engines first, then the bot, and whether it receives the
    /// text redacted.
    hops: Vec<(Hop, bool)>,
    /// Some hop receives the text redacted.
    pub redacts: bool,
}

impl Plan {
    pub fn new(bot: Decision, hops: Vec<(Hop, bool)>, redacts: bool) -> Plan {
        Plan { bot, hops, redacts }
    }

    /// The hops, with the PII kinds each receives as placeholders.
    pub fn hops(&self, kinds: &[Kind]) -> Vec<Hop> {
        self.hops
            .iter()
            .map(|(hop, redacts)| Hop {
                redacted: if *redacts {
                    kinds.iter().map(|k| k.as_str().to_string()).collect()
                } else {
                    Vec::new()
                },
                ..hop.clone()
            })
            .collect()
    }
}

/// What step 6 produced for the bot.
pub(in crate::pipeline) struct Inbound {
    /// The message in a language the bot reads (as written when the bot
    /// reads the shopper's language, or when no engine could translate it).
    pub text: String,
    /// Its language.
    pub lang: String,
    /// The engine that translated it.
    pub engine: Option<String>,
    /// The bot can read it; when false the bot is not asked.
    pub readable: bool,
}

/// What step 8 produced for the shopper.
pub(in crate::pipeline) struct Outbound {
    /// What the shopper reads (empty when the bot only asked for a person).
    pub text: String,
    /// The bot's answer as the bot wrote it; `None` when it did not answer.
    pub bot_text: Option<String>,
    /// The language of `bot_text` (the language the bot was asked in,
    /// unless it said otherwise).
    pub bot_lang: String,
    pub machine_translated: bool,
    pub engine: Option<String>,
    /// The bot's answer could not be translated back.
    pub untranslated: bool,
}

/// What step 9 looks at.
pub(in crate::pipeline) struct RouteInput<'a> {
    pub conversation: &'a Conversation,
    /// The shopper's words, as written.
    pub text: &'a str,
    pub answer: &'a Result<BotAnswer, UpstreamError>,
    /// The shopper's message reached the bot in a language it reads.
    pub understood: bool,
    /// The bot's answer could not be translated back.
    pub answer_untranslated: bool,
    pub lang: &'a str,
    pub ui: &'a LanguageIdentifier,
    pub tz: Tz,
    pub now: DateTime<Utc>,
}

impl<'a> RouteInput<'a> {
    /// What step 9 needs of the earlier steps.
    pub fn new(
        conversation: &'a Conversation,
        text: &'a str,
        answer: &'a Result<BotAnswer, UpstreamError>,
        heard: &'a Heard,
        outbound: &Outbound,
        tz: Tz,
        now: DateTime<Utc>,
    ) -> RouteInput<'a> {
        RouteInput {
            conversation,
            text,
            answer,
            understood: heard.inbound.readable,
            answer_untranslated: outbound.untranslated,
            lang: &heard.said.lang,
            ui: &heard.said.ui,
            tz,
            now,
        }
    }
}

/// What step 9 decided; step 10 stores it.
pub(in crate::pipeline) struct Routed {
    pub handoff: Option<Handoff>,
    pub notices: Vec<Notice>,
    pub state: State,
    pub reason: Option<HandoffReason>,
    pub pool: Option<String>,
    pub priority: i32,
    pub bot_misses: i32,
    pub queued_at: Option<i64>,
    /// The conversation's emotion trend after this message.
    pub emotion: f64,
}

impl Routed {
    /// The conversation as it is: no hand-off, no bot miss (a language
    /// request, which the proxy answers itself).
    pub fn unchanged(c: &Conversation) -> Routed {
        Routed {
            handoff: None,
            notices: Vec::new(),
            state: c.state,
            reason: c.handoff_reason,
            pool: c.pool.clone(),
            priority: c.priority,
            bot_misses: c.bot_misses,
            queued_at: c.queued_at,
            emotion: c.emotion,
        }
    }
}

/// The shopper's message as step 10 keeps it.
pub(in crate::pipeline) struct Stored {
    /// Its sequence number, when it is stored already.
    pub seq: Option<i32>,
    /// The row, when it waits to commit with the answer.
    pub row: Option<NewMessage>,
    pub received_at: i64,
    pub sealer: Sealer,
}

/// What steps 2–6 made of the shopper's message.
pub(in crate::pipeline) struct Heard {
    pub said: Said,
    pub plan: Plan,
    pub redacted: Vec<Kind>,
    pub inbound: Inbound,
}

/// One message's steps, as step 10 stores them.
pub(in crate::pipeline) struct Turn {
    pub heard: Heard,
    pub stored: Stored,
    pub outbound: Outbound,
    pub routed: Routed,
    pub notices: Vec<Notice>,
    /// The bot understood the message (it did not give its fallback).
    pub understood: bool,
    pub answered_by: AnsweredBy,
}

/// One computation of a message's answer.
pub(in crate::pipeline) enum Attempt {
    Answered(Reply),
    /// The conversation changed (or is gone): nothing was stored.
    Stale(Option<Conversation>),
}

/// Who answered a shopper's message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::pipeline) enum AnsweredBy {
    /// The core bot.
    Bot,
    /// The agent holding the conversation (through the agent API).
    Agent,
    /// The proxy itself (a language request), asking no processor.
    Proxy,
}

impl AnsweredBy {
    pub fn as_str(self) -> &'static str {
        match self {
            AnsweredBy::Bot => "bot",
            AnsweredBy::Agent => "agent",
            AnsweredBy::Proxy => "proxy",
        }
    }
}
