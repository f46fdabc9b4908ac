//! The agents' side: a pool's queue, claiming, reading a conversation in
//! the agent's language with the original beside it, replying (translated
//! to the shopper's language), transferring and closing. An agent token is
//! bound to one pool; an agent reaches only conversations routed to it.

use fluent_bundle::FluentValue;
use serde::Serialize;

use super::Pipeline;
use crate::crypto::{AgentClaims, region_of_id};
use crate::gate::{Processor, Target};
use crate::language;
use crate::pipeline::Error;
use crate::store::Store;
use crate::store::models::{Conversation, NewMessage};
use crate::translate::Outcome;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct QueueEntry {
    pub id: String,
    /// The shopper's region (whose store holds the conversation).
    pub region: String,
    pub lang: Option<String>,
    /// 1: the shopper is upset.
    pub priority: i32,
    pub reason: Option<String>,
    /// RFC 3339, UTC.
    pub queued_at: Option<String>,
    pub waiting_seconds: i64,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AgentQueue {
    pub pool: String,
    pub conversations: Vec<QueueEntry>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AgentMessage {
    pub seq: i32,
    /// `shopper`, `bot`, `agent` or `system`.
    pub role: String,
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
    pub state: String,
    pub shopper_lang: String,
    pub agent_lang: String,
    pub channel: String,
    pub country: String,
    pub messages: Vec<AgentMessage>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Sent {
    pub seq: i32,
    /// What the shopper reads.
    pub text_for_shopper: String,
    pub shopper_lang: String,
    /// The language the reply is written in.
    pub lang: String,
    pub machine_translated: bool,
    pub engine: Option<String>,
    /// The note the shopper got with an untranslated reply, in their
    /// language.
    pub note: Option<String>,
}

/// What the shopper would read of a reply, before it is sent.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Preview {
    /// The reply as the shopper would read it.
    pub text_for_shopper: String,
    pub shopper_lang: String,
    /// The language the reply is written in (detected, else the agent's).
    pub lang: String,
    pub machine_translated: bool,
    /// The engine that would translate it.
    pub engine: Option<String>,
    /// False when no engine can translate it into `shopper_lang`: sending
    /// it then needs `send_untranslated`.
    pub translatable: bool,
    /// Why it cannot be translated, engine by engine.
    pub problem: Option<String>,
}

/// An agent's reply as the shopper would get it.
struct Rendering {
    lang: String,
    shopper_lang: String,
    /// The translation, when one was made.
    shown: Option<String>,
    engine: Option<String>,
    /// `engine: reason` for each engine that could not translate it; empty
    /// when it was translated or needs no translation.
    failures: Vec<String>,
}

/// Below this the detector's reading of an agent's reply is not trusted
/// over the language of the agent's token.
const AGENT_LANG_CONFIDENCE: f64 = 0.8;

fn untranslatable_message(failures: &[String]) -> String {
    format!(
        "no engine can translate this reply into the shopper's language ({})",
        failures.join("; ")
    )
}

/// Earlier conversations shown to an agent, newest first.
const RELATED_LIMIT: usize = 10;

/// An earlier conversation of the same shopper (same region).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RelatedConversation {
    pub conversation_id: String,
    /// `web`, `app`, `wechat`, `email`, …
    pub channel: String,
    pub state: String,
    pub resolution: Option<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub messages: Vec<AgentMessage>,
}

/// Resolutions an agent may close with.
pub const RESOLUTIONS: &[&str] = &["resolved", "unresolved", "duplicate", "spam"];

fn rfc3339(ms: i64) -> String {
    super::instant(ms).to_rfc3339()
}

impl Pipeline {
    /// Checks an agent token: signature, expiry, revocation, and that its
    /// pool still exists.
    pub fn agent_claims(&self, token: &str) -> Result<AgentClaims, Error> {
        let claims = self
            .tokens
            .verify_agent(token, self.clock.now().timestamp())
            .map_err(|_| Error::Unauthorized)?;
        if self.revoked.is_revoked(&claims.id) {
            return Err(Error::Unauthorized);
        }
        Ok(claims)
    }

    /// Regions whose conversations may reach `pool`: its own, and every
    /// region whose policy lets that pool's region see its conversations.
    fn regions_reaching(&self, pool: &crate::routing::Pool) -> Vec<String> {
        self.policies
            .regions()
            .iter()
            .filter(|r| {
                r.id == pool.region
                    || r.agent_regions(self.policies.regions())
                        .contains(&pool.region)
            })
            .map(|r| r.id.clone())
            .collect()
    }

    fn agent_pool(&self, claims: &AgentClaims) -> Result<&crate::routing::Pool, Error> {
        self.pools
            .iter()
            .find(|p| p.id == claims.pool)
            .ok_or(Error::Unauthorized)
    }

    fn shopper_lang(&self, c: &Conversation) -> String {
        c.lang
            .clone()
            .or_else(|| c.locale.as_deref().map(language::primary_subtag))
            .unwrap_or_else(|| self.pivot.clone())
    }

    /// The conversation, if it is routed to the agent's pool.
    async fn agents_conversation(
        &self,
        claims: &AgentClaims,
        id: &str,
    ) -> Result<(Store, Conversation), Error> {
        self.agent_pool(claims)?;
        let region =
            region_of_id(id).ok_or_else(|| Error::NotFound("conversation not found".into()))?;
        let store = self.stores.get(region)?.clone();
        let key = id.to_string();
        let c = store
            .run(move |s| s.conversation(&key))
            .await?
            .ok_or_else(|| Error::NotFound("conversation not found".into()))?;
        if c.pool.as_deref() != Some(claims.pool.as_str()) {
            return Err(Error::Forbidden);
        }
        Ok((store, c))
    }

    pub async fn agent_queue(&self, claims: &AgentClaims) -> Result<AgentQueue, Error> {
        let pool = self.agent_pool(claims)?;
        let now = self.clock.now_ms();
        let mut all = Vec::new();
        for region in self.regions_reaching(pool) {
            let store = self.stores.get(&region)?.clone();
            let id = pool.id.clone();
            all.extend(store.run(move |s| s.queue(&id)).await?);
        }
        all.sort_by_key(|c| (-c.priority, c.queued_at));
        Ok(AgentQueue {
            pool: pool.id.clone(),
            conversations: all
                .into_iter()
                .map(|c| QueueEntry {
                    waiting_seconds: c.queued_at.map(|q| (now - q) / 1000).unwrap_or(0),
                    queued_at: c.queued_at.map(rfc3339),
                    id: c.id,
                    region: c.region,
                    lang: c.lang,
                    priority: c.priority,
                    reason: c.handoff_reason,
                })
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
        self.agent_view(claims, id).await
    }

    /// The conversation in the agent's language, originals beside.
    pub async fn agent_view(&self, claims: &AgentClaims, id: &str) -> Result<AgentView, Error> {
        let (store, c) = self.agents_conversation(claims, id).await?;
        let messages = self.agent_messages(claims, &store, &c).await?;
        Ok(AgentView {
            conversation_id: c.id.clone(),
            state: c.state.clone(),
            shopper_lang: self.shopper_lang(&c),
            agent_lang: claims.lang.clone(),
            channel: c.channel,
            country: c.country,
            messages,
        })
    }

    /// The agent's pool as the gate sees it.
    fn pool_target<'a>(&self, pool: &'a crate::routing::Pool) -> Target<'a> {
        Target {
            processor: Processor::AgentPool,
            name: &pool.id,
            jurisdiction: Some(&pool.region),
            cached: false,
        }
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
    ) -> Result<Vec<AgentMessage>, Error> {
        let pool = self.agent_pool(claims)?;
        let passage = self.passage(c);
        let target = self.pool_target(pool);
        if !passage.allows(target) {
            let _ = passage.clear(target, "");
            self.audit_hops(store, &passage).await?;
            return Err(Error::Forbidden);
        }
        let key = c.id.clone();
        let sealer = self.vault.sealer(&c.region, &c.id).await?;
        let rows = store.run(move |s| s.messages(&key, &sealer)).await?;
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
            let messages = match self.agent_messages(claims, &store, &o).await {
                Ok(m) => m,
                Err(Error::Forbidden) => continue,
                Err(e) => return Err(e),
            };
            out.push(RelatedConversation {
                conversation_id: o.id.clone(),
                channel: o.channel.clone(),
                state: o.state.clone(),
                resolution: o.resolution.clone(),
                created_at: rfc3339(o.created_at),
                messages,
            });
        }
        out.sort_by(|a, b| b.created_at.cmp(&a.created_at));
        out.truncate(RELATED_LIMIT);
        Ok(out)
    }

    fn held_by(c: &Conversation, claims: &AgentClaims) -> Result<(), Error> {
        if c.state != "agent" || c.agent.as_deref() != Some(claims.agent.as_str()) {
            return Err(Error::Conflict("claim the conversation first".into()));
        }
        Ok(())
    }

    /// The language an agent's reply is written in: the detector's,
    /// when it is sure (an agent may write in a language other than their
    /// token's), else the token's.
    fn agent_text_lang(&self, claims: &AgentClaims, text: &str) -> String {
        let d = self.detector.detect(
            text,
            language::Hints {
                declared: Some(&claims.lang),
                ..Default::default()
            },
        );
        let sure = matches!(
            d.source,
            language::Source::Script | language::Source::Detected
        ) && d.confidence >= AGENT_LANG_CONFIDENCE;
        if sure { d.lang } else { claims.lang.clone() }
    }

    /// What the shopper would read of an agent's `text`.
    async fn render_reply(
        &self,
        claims: &AgentClaims,
        store: &Store,
        c: &Conversation,
        text: &str,
    ) -> Result<Rendering, Error> {
        let shopper_lang = self.shopper_lang(c);
        let lang = self.agent_text_lang(claims, text);
        let passage = self.passage(c);
        let scope = self.scope(store, passage.clone());
        let outcome = self
            .chain
            .translate(text, &lang, &shopper_lang, &scope)
            .await;
        self.audit_hops(store, &passage).await?;
        let (shown, engine, failures) = match outcome {
            Outcome::Translated(d) => (Some(d.text), Some(d.engine), Vec::new()),
            Outcome::Same => (None, None, Vec::new()),
            Outcome::Failed(reasons) => (
                None,
                None,
                reasons
                    .into_iter()
                    .map(|(e, r)| format!("{e}: {r}"))
                    .collect(),
            ),
        };
        Ok(Rendering {
            lang,
            shopper_lang,
            shown,
            engine,
            failures,
        })
    }

    /// What the shopper would read if the agent sent `text` now: the
    /// translation and its engine, or that no engine can translate it.
    /// Nothing is stored.
    pub async fn preview(
        &self,
        claims: &AgentClaims,
        id: &str,
        text: &str,
    ) -> Result<Preview, Error> {
        let text = self.checked_text(text)?;
        let (store, c) = self.agents_conversation(claims, id).await?;
        let r = self.render_reply(claims, &store, &c, &text).await?;
        let translatable = r.failures.is_empty();
        Ok(Preview {
            machine_translated: r.shown.is_some(),
            text_for_shopper: r.shown.unwrap_or(text),
            lang: r.lang,
            shopper_lang: r.shopper_lang,
            engine: r.engine,
            translatable,
            problem: (!translatable).then(|| untranslatable_message(&r.failures)),
        })
    }

    /// An agent's reply, stored with its translation into the shopper's
    /// language. A reply no engine can translate is refused unless
    /// `send_untranslated`; then the shopper also gets a note, in their
    /// language, that a person wrote it in another.
    pub async fn agent_reply(
        &self,
        claims: &AgentClaims,
        id: &str,
        text: &str,
        send_untranslated: bool,
    ) -> Result<Sent, Error> {
        let text = self.checked_text(text)?;
        let (store, c) = self.agents_conversation(claims, id).await?;
        Self::held_by(&c, claims)?;
        let r = self.render_reply(claims, &store, &c, &text).await?;
        let untranslated = !r.failures.is_empty();
        if untranslated && !send_untranslated {
            return Err(Error::Unprocessable {
                code: "untranslatable",
                message: format!(
                    "{}; preview it, rewrite it, or send it with `send_untranslated: true`",
                    untranslatable_message(&r.failures)
                ),
            });
        }
        if untranslated {
            tracing::warn!(conversation = %c.id, from = %r.lang, to = %r.shopper_lang, failures = r.failures.len(), "agent reply sent untranslated");
        }
        let now = self.clock.now_ms();
        let mut rows = vec![NewMessage {
            role: "agent".into(),
            text: text.clone(),
            lang: r.lang.clone(),
            translated_text: r.shown.clone(),
            translated_lang: r.shown.as_ref().map(|_| r.shopper_lang.clone()),
            engine: r.engine.clone(),
            machine_translated: r.shown.is_some(),
            created_at: now,
            lang_source: None,
        }];
        let note = untranslated.then(|| {
            let ui = self.locale_for(&r.shopper_lang, c.locale.as_deref());
            let language = self.i18n.language_name(&ui, &r.lang);
            let note = self.notice(
                &ui,
                "agent-untranslated-note",
                &[("language", FluentValue::from(language))],
            );
            rows.push(NewMessage::system(
                note.text.clone(),
                ui.language.as_str(),
                now,
            ));
            note.text
        });
        let key = id.to_string();
        let sealer = self.vault.sealer(&c.region, &c.id).await?;
        let seqs = store
            .run(move |s| s.append_messages(&key, &rows, &sealer))
            .await?;
        Ok(Sent {
            seq: seqs[0],
            machine_translated: r.shown.is_some(),
            text_for_shopper: r.shown.unwrap_or(text),
            shopper_lang: r.shopper_lang,
            lang: r.lang,
            engine: r.engine,
            note,
        })
    }

    /// Hands a held conversation to another pool's queue, where the shopper
    /// region's policy allows that pool.
    pub async fn transfer(&self, claims: &AgentClaims, id: &str, to: &str) -> Result<(), Error> {
        let (store, c) = self.agents_conversation(claims, id).await?;
        Self::held_by(&c, claims)?;
        let target = self
            .pools
            .iter()
            .find(|p| p.id == to)
            .ok_or_else(|| Error::invalid("unknown_pool", format!("no pool {to:?}")))?;
        if !self.regions_reaching(target).contains(&c.region) {
            return Err(Error::invalid(
                "transfer_not_allowed",
                format!(
                    "region {}'s policy does not allow pools of region {}",
                    c.region, target.region
                ),
            ));
        }
        let now = self.clock.now_ms();
        let (key, pool, agent, to) = (
            id.to_string(),
            claims.pool.clone(),
            claims.agent.clone(),
            to.to_string(),
        );
        if !store
            .run(move |s| s.transfer(&key, &pool, &agent, &to, now))
            .await?
        {
            return Err(Error::Conflict("the conversation changed meanwhile".into()));
        }
        tracing::info!(conversation = %id, from = %claims.pool, to = %target.id, "transferred");
        Ok(())
    }

    /// Closes a held conversation with a resolution; the shopper is told.
    pub async fn close(
        &self,
        claims: &AgentClaims,
        id: &str,
        resolution: &str,
    ) -> Result<(), Error> {
        if !RESOLUTIONS.contains(&resolution) {
            return Err(Error::invalid(
                "invalid_resolution",
                format!("`resolution` must be one of {RESOLUTIONS:?}"),
            ));
        }
        let (store, c) = self.agents_conversation(claims, id).await?;
        Self::held_by(&c, claims)?;
        let ui = self.locale_for(&self.shopper_lang(&c), c.locale.as_deref());
        let now = self.clock.now_ms();
        // Closed, and the satisfaction question, in the shopper's language.
        let notice = NewMessage::system(
            format!(
                "{} {}",
                self.notice(&ui, "conversation-closed", &[]).text,
                self.notice(&ui, "rating-prompt", &[]).text
            ),
            ui.language.as_str(),
            now,
        );
        let sealer = self.vault.sealer(&c.region, &c.id).await?;
        let (key, pool, agent, resolution) = (
            id.to_string(),
            claims.pool.clone(),
            claims.agent.clone(),
            resolution.to_string(),
        );
        if !store
            .run(move |s| s.close(&key, &pool, &agent, &resolution, &notice, now, &sealer))
            .await?
        {
            return Err(Error::Conflict("the conversation changed meanwhile".into()));
        }
        Ok(())
    }
}
