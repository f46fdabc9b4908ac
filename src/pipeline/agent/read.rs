//! What an agent reads: the pool's queue, a conversation in the agent's
//! language with the shopper's original beside it, and the shopper's
//! earlier conversations within what the pool may read.

use std::time::Duration;

use fluent_bundle::FluentValue;
use serde::Serialize;

use super::super::Pipeline;
use super::rfc3339;
use crate::crypto::AgentClaims;
use crate::pipeline::Error;
use crate::store::models::{Conversation, NewMessage};
use crate::store::{HandoffReason, Role, State, Store};
use crate::translate::Outcome;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct QueueEntry {
    pub id: String,
    /// The shopper's region (whose store holds the conversation).
    pub region: String,
    /// The shopper's country (ISO 3166-1 alpha-2).
    pub country: String,
    pub lang: Option<String>,
    /// The shopper's language differs from the agent's: what the agent
    /// reads and writes goes through a translation engine.
    pub translation_needed: bool,
    /// 1: the shopper is upset.
    pub priority: i32,
    /// Trend of the shopper's emotion, 0 (calm) … 1 (very upset).
    pub emotion: f64,
    pub reason: Option<HandoffReason>,
    /// RFC 3339, UTC.
    pub queued_at: Option<String>,
    pub waiting_seconds: i64,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AgentQueue {
    pub pool: String,
    /// The agent the token names.
    pub agent: String,
    /// The language the agent reads and writes.
    pub agent_lang: String,
    /// Waiting in the pool, most urgent and oldest first.
    pub conversations: Vec<QueueEntry>,
    /// The conversations this agent holds now.
    pub held: Vec<QueueEntry>,
    /// The pools a held conversation may be handed to.
    pub partners: Vec<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AgentMessage {
    pub seq: i32,
    /// `shopper`, `bot`, `agent` or `system`.
    pub role: Role,
    /// The message in the agent's language.
    pub text: String,
    pub lang: String,
    /// What its author wrote.
    pub original: String,
    pub original_lang: String,
    pub machine_translated: bool,
    /// RFC 3339, UTC.
    pub at: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AgentView {
    pub conversation_id: String,
    pub state: State,
    pub shopper_lang: String,
    pub agent_lang: String,
    pub channel: String,
    pub country: String,
    pub messages: Vec<AgentMessage>,
    /// On a messaging channel: what is not delivered to the shopper yet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery: Option<Delivery>,
}

/// The delivery of a channel conversation's replies.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Delivery {
    /// Messages the provider has not taken yet (retried with back-off).
    pub undelivered: i64,
    /// Failed attempts at the oldest of them.
    pub attempts: i32,
    /// The provider's last answer, when an attempt failed.
    pub last_error: Option<String>,
    /// RFC 3339, UTC: the next attempt, when one failed.
    pub next_attempt_at: Option<String>,
}

/// Earlier conversations shown to an agent, newest first.
const RELATED_LIMIT: usize = 10;

/// An earlier conversation of the same shopper (same region).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RelatedConversation {
    pub conversation_id: String,
    /// `web`, `app`, `wechat`, `email`, …
    pub channel: String,
    pub state: State,
    pub resolution: Option<crate::store::Resolution>,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub messages: Vec<AgentMessage>,
}

impl Pipeline {
    pub async fn agent_queue(&self, claims: &AgentClaims) -> Result<AgentQueue, Error> {
        let pool = self.agent_pool(claims)?;
        let now = self.clock.now_ms();
        let (mut waiting, mut held) = (Vec::new(), Vec::new());
        for region in self.regions_reaching(pool) {
            let store = self.stores.get(&region)?.clone();
            let (id, agent) = (pool.id.clone(), claims.agent.clone());
            let (w, h) = store
                .run(move |s| Ok((s.queue(&id)?, s.held_by(&id, &agent)?)))
                .await?;
            waiting.extend(w);
            held.extend(h);
        }
        waiting.sort_by_key(|c| (-c.priority, c.queued_at));
        held.sort_by_key(|c| c.claimed_at);
        let entry = |c: Conversation| {
            let lang = c.lang.clone();
            QueueEntry {
                waiting_seconds: c.queued_at.map(|q| (now - q) / 1000).unwrap_or(0),
                queued_at: c.queued_at.map(rfc3339),
                translation_needed: lang.as_deref().is_some_and(|l| {
                    crate::language::primary_subtag(l)
                        != crate::language::primary_subtag(&claims.lang)
                }),
                id: c.id,
                region: c.region,
                country: c.country,
                lang,
                priority: c.priority,
                emotion: c.emotion,
                reason: c.handoff_reason,
            }
        };
        Ok(AgentQueue {
            pool: pool.id.clone(),
            agent: claims.agent.clone(),
            agent_lang: claims.lang.clone(),
            conversations: waiting.into_iter().map(entry).collect(),
            held: held.into_iter().map(entry).collect(),
            partners: pool
                .partners
                .iter()
                .filter(|p| self.pools.iter().any(|q| &q.id == *p))
                .cloned()
                .collect(),
        })
    }

    /// Takes a waiting conversation; the shopper is told who joined.
    pub async fn claim(&self, claims: &AgentClaims, id: &str) -> Result<AgentView, Error> {
        let (store, c) = self.agents_conversation(claims, id).await?;
        let now = self.clock.now_ms();
        let (key, pool, agent) = (id.to_string(), claims.pool.clone(), claims.agent.clone());
        if !store
            .run(move |s| s.claim(&key, &pool, &agent, now))
            .await?
        {
            return Err(Error::Conflict(
                "the conversation is not waiting in this pool any more".into(),
            ));
        }
        if let Some(queued) = c.queued_at {
            crate::metrics::global()
                .queue_wait_seconds
                .get_or_create(&crate::metrics::Pool {
                    pool: claims.pool.clone(),
                })
                .observe(((now - queued).max(0) as f64) / 1000.0);
        }
        let ui = self.locale_for(&self.shopper_lang(&c), c.locale.as_deref());
        let joined = self.notice(
            &ui,
            "agent-joined",
            &[("agent", FluentValue::from(claims.agent.clone()))],
        );
        let row = NewMessage::system(joined.text, ui.language.as_str(), now);
        let key = id.to_string();
        let sealer = self.vault.sealer(&c.region, &c.id).await?;
        store
            .run(move |s| s.append_message(&key, &row, &sealer))
            .await?;
        self.agent_view(claims, id, 0, Duration::ZERO).await
    }

    /// The conversation in the agent's language, originals beside: the
    /// messages after `after` (0: all), waiting up to `wait` for a first
    /// new one (the workspace's long-poll).
    pub async fn agent_view(
        &self,
        claims: &AgentClaims,
        id: &str,
        after: i32,
        wait: Duration,
    ) -> Result<AgentView, Error> {
        let (store, c) = self.agents_conversation(claims, id).await?;
        let messages = self.agent_messages(claims, &store, &c, after, wait).await?;
        // The state after the wait: a transfer or a close shows at once.
        let c = if wait.is_zero() {
            c
        } else {
            self.agents_conversation(claims, id).await?.1
        };
        let key = c.id.clone();
        let delivery = match store.run(move |s| s.thread_of(&key)).await? {
            Some(t) => {
                let (key, after) = (c.id.clone(), t.delivered_seq);
                let undelivered = store.run(move |s| s.undelivered(&key, after)).await?;
                let failing = t.attempts > 0;
                Some(Delivery {
                    undelivered,
                    attempts: t.attempts,
                    last_error: t.last_error,
                    next_attempt_at: failing.then(|| rfc3339(t.next_at)),
                })
            }
            None => None,
        };
        Ok(AgentView {
            conversation_id: c.id.clone(),
            state: c.state,
            shopper_lang: self.shopper_lang(&c),
            agent_lang: claims.lang.clone(),
            channel: c.channel,
            country: c.country,
            messages,
            delivery,
        })
    }

    /// A conversation's messages in the agent's language, with originals:
    /// one hop through the gate to the agent's pool (denied, redacted, or
    /// in clear, as the conversation region's policy says of the pool's
    /// region), recorded in the conversation region's audit log with the
    /// translations made for it.
    async fn agent_messages(
        &self,
        claims: &AgentClaims,
        store: &Store,
        c: &Conversation,
        after: i32,
        wait: Duration,
    ) -> Result<Vec<AgentMessage>, Error> {
        let pool = self.agent_pool(claims)?;
        let passage = self.passage(c);
        let target = self.pool_target(pool);
        if !passage.allows(target) {
            let _ = passage.clear(target, "");
            self.audit_hops(store, &passage).await?;
            return Err(Error::Forbidden);
        }
        let rows = self.messages_waiting(store, c, after, wait).await?;
        let scope = self.scope(store, passage.clone());
        let mut translated = Vec::with_capacity(rows.len());
        for m in &rows {
            translated.push(
                match self
                    .chain
                    .translate(&m.text, &m.lang, &claims.lang, &scope)
                    .await
                {
                    Outcome::Translated(d) => Some(d.text),
                    _ => None,
                },
            );
        }
        // What the agent reads: every original and translation, cleared
        // for the pool in one hop.
        let texts: Vec<&str> = rows
            .iter()
            .zip(&translated)
            .flat_map(|(m, t)| [m.text.as_str(), t.as_deref().unwrap_or("")])
            .collect();
        let cleared = passage
            .clear_all(target, &texts)
            .map_err(|_| Error::Forbidden)?;
        self.audit_hops(store, &passage).await?;
        let shown = |c: &crate::gate::Cleared| match c.outcome() {
            crate::policy::Outcome::AllowRedacted => c.for_person(c.text()),
            _ => c.restore(c.text()),
        };
        let mut messages = Vec::with_capacity(rows.len());
        for ((m, t), pair) in rows.into_iter().zip(translated).zip(cleared.chunks(2)) {
            let original = shown(&pair[0]);
            let (text, lang, machine_translated) = match t {
                Some(_) => (shown(&pair[1]), claims.lang.clone(), true),
                None => (original.clone(), m.lang.clone(), false),
            };
            messages.push(AgentMessage {
                seq: m.seq,
                role: m.role,
                text,
                lang,
                original,
                original_lang: m.lang,
                machine_translated,
                at: rfc3339(m.created_at),
            });
        }
        Ok(messages)
    }

    /// The shopper's earlier conversations on any channel (web, app,
    /// WeChat, e-mail…), linked by the shopper id a shop vouched for, in
    /// the agent's language. Only the same region (the link is a per-region
    /// pseudonym), and only what the agent's pool may read under the
    /// region's policy: each conversation passes the gate on its own.
    pub async fn related(
        &self,
        claims: &AgentClaims,
        id: &str,
    ) -> Result<Vec<RelatedConversation>, Error> {
        let (store, c) = self.agents_conversation(claims, id).await?;
        let Some(shopper) = c.shopper_ref.clone() else {
            return Ok(Vec::new());
        };
        let pool = self.agent_pool(claims)?;
        let ids = store.run(move |s| s.conversations_of(&shopper)).await?;
        let mut out = Vec::new();
        for other in ids.into_iter().filter(|o| *o != c.id) {
            let key = other.clone();
            let Some(o) = store.run(move |s| s.conversation(&key)).await? else {
                continue;
            };
            if !self.regions_reaching(pool).contains(&o.region)
                || !self.passage(&o).allows(self.pool_target(pool))
            {
                continue;
            }
            let messages = match self
                .agent_messages(claims, &store, &o, 0, Duration::ZERO)
                .await
            {
                Ok(m) => m,
                Err(Error::Forbidden) => continue,
                Err(e) => return Err(e),
            };
            out.push(RelatedConversation {
                conversation_id: o.id.clone(),
                channel: o.channel.clone(),
                state: o.state,
                resolution: o.resolution,
                created_at: rfc3339(o.created_at),
                messages,
            });
        }
        out.sort_by(|a, b| b.created_at.cmp(&a.created_at));
        out.truncate(RELATED_LIMIT);
        Ok(out)
    }
}
