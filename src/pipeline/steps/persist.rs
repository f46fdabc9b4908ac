//! Step 10, persist: the shopper's words (stored before a remote bot is
//! asked), then the answer, the conversation's new state and the message's
//! audit records in one transaction. Texts are sealed with the
//! conversation's key by the store.

use fluent_bundle::FluentValue;

use super::super::{Pipeline, Reply};
use super::turn::{AnsweredBy, Attempt, Heard, Inbound, Said, Stored, Turn};
use crate::gate::Passage;
use crate::pipeline::Error;
use crate::store::models::{Conversation, ConversationUpdate, NewMessage};
use crate::store::{Exchange, Store};
use crate::store::{Role, State};

impl Pipeline {
    /// Step 10 begins: the shopper's words, sealed, with their translation
    /// for the bot. With a bot that answers in-process the row waits and
    /// commits with the answer (`defer`); otherwise it is stored now, before
    /// the bot is asked, so an accepted message is never lost.
    pub(in crate::pipeline) async fn store_shopper(
        &self,
        store: &Store,
        c: &Conversation,
        said: &Said,
        text: &str,
        inbound: &Inbound,
        defer: bool,
    ) -> Result<Stored, Error> {
        let received_at = self.clock.now_ms();
        let sealer = self.vault.sealer(&c.region, &c.id).await?;
        let translated = inbound.text != text;
        let row = NewMessage {
            role: Role::Shopper,
            text: text.to_string(),
            lang: said.lang.clone(),
            translated_text: translated.then(|| inbound.text.clone()),
            translated_lang: translated.then(|| inbound.lang.clone()),
            engine: inbound.engine.clone(),
            machine_translated: inbound.engine.is_some(),
            created_at: received_at,
            lang_source: Some(said.detection.source.as_str().into()),
        };
        if defer && self.bot.in_process() && c.state != State::Agent {
            return Ok(Stored {
                seq: None,
                row: Some(row),
                received_at,
                sealer,
            });
        }
        let started = std::time::Instant::now();
        let seq = store
            .push_message(c.id.clone(), row, sealer.clone())
            .await?;
        crate::metrics::global().stage("store", started);
        Ok(Stored {
            seq: Some(seq),
            row: None,
            received_at,
            sealer,
        })
    }

    /// Step 7 when a person holds the conversation: the agent answers
    /// through the agent API; the shopper is told who has the message.
    pub(in crate::pipeline) async fn pass_to_agent(
        &self,
        store: &Store,
        c: Conversation,
        heard: Heard,
        stored: Stored,
        passage: &Passage,
    ) -> Result<Attempt, Error> {
        let Heard {
            said,
            plan,
            redacted,
            inbound,
        } = heard;
        let records = self.message_records(
            &c,
            &said.detection,
            &plan,
            AnsweredBy::Agent,
            &redacted,
            std::slice::from_ref(&inbound.engine),
            None,
            passage,
        );
        self.audit_all(store, records).await?;
        let agent = c.agent.clone().unwrap_or_default();
        let n = self.notice(
            &said.ui,
            "message-to-agent",
            &[("agent", FluentValue::from(agent))],
        );
        Ok(Attempt::Answered(Reply {
            conversation_id: c.id,
            seq: stored.seq.unwrap_or_default(),
            text: n.text.clone(),
            lang: said.detection.lang,
            confidence: (said.detection.confidence * 1000.0).round() / 1000.0,
            lang_source: said.detection.source.as_str().into(),
            lang_variant: said.detection.variant.map(str::to_string),
            machine_translated: false,
            engine: None,
            bot_text: None,
            bot_lang: self.pivot.clone(),
            inbound_engine: inbound.engine.clone(),
            // A person will read it.
            understood: true,
            handoff: None,
            notices: vec![n],
        }))
    }

    /// Step 10: the answer, the conversation's new state and the audit
    /// records, in one write that checks the conversation is still the row
    /// the answer was computed from.
    pub(in crate::pipeline) async fn persist(
        &self,
        store: &Store,
        c: Conversation,
        turn: Turn,
        passage: &Passage,
    ) -> Result<Attempt, Error> {
        let Turn {
            heard:
                Heard {
                    said,
                    plan,
                    redacted,
                    inbound,
                },
            stored,
            outbound,
            routed,
            mut notices,
            understood,
            answered_by,
        } = turn;
        notices.extend(routed.notices);
        let handoff = routed.handoff;
        // Nothing else to say (a bare hand-off signal): the notice is the answer.
        let reply_text = match (outbound.text.is_empty(), notices.last()) {
            (true, Some(n)) => n.text.clone(),
            _ => outbound.text.clone(),
        };
        let records = self.message_records(
            &c,
            &said.detection,
            &plan,
            answered_by,
            &redacted,
            &[inbound.engine.clone(), outbound.engine.clone()],
            handoff.as_ref(),
            passage,
        );
        let now = self.clock.now_ms();
        let mt = outbound.machine_translated;
        let answer_row = match &outbound.bot_text {
            Some(bot) => NewMessage {
                role: Role::Bot,
                text: bot.clone(),
                lang: outbound.bot_lang.clone(),
                translated_text: mt.then(|| reply_text.clone()),
                translated_lang: mt.then(|| said.lang.clone()),
                engine: outbound.engine.clone().filter(|_| mt),
                machine_translated: mt,
                created_at: now,
                lang_source: None,
            },
            None => NewMessage::system(reply_text.clone(), said.ui.language.as_str(), now),
        };
        let already_waiting = c.state == State::Handoff;
        let update = ConversationUpdate {
            lang: (said.detection.lang != "und")
                .then(|| said.detection.lang.clone())
                .or(c.lang.clone()),
            lang_locked: said.detection.locked,
            lang_pending: said.detection.pending.clone(),
            state: routed.state,
            handoff_reason: routed.reason,
            // Keep the original place in line for a conversation already waiting.
            updated_at: if already_waiting { c.updated_at } else { now },
            pool: routed.pool,
            priority: routed.priority,
            bot_misses: routed.bot_misses,
            queued_at: routed.queued_at,
            emotion: routed.emotion,
            first_response_at: c.first_response_at.or(Some(now)),
        };
        let started = std::time::Instant::now();
        let (stored_seq, head) = match store
            .push_answer(
                c.clone(),
                stored.row,
                answer_row,
                update,
                stored.sealer,
                self.audit.chaining(records),
            )
            .await?
        {
            Exchange::Stored { seq, head } => (seq, head),
            Exchange::Stale(now) => return Ok(Attempt::Stale(now.map(|c| *c))),
        };
        crate::metrics::global().stage("store", started);
        if let Some(head) = head {
            self.audit.committed(store.name(), head);
        }
        Ok(Attempt::Answered(Reply {
            conversation_id: c.id,
            seq: stored.seq.or(stored_seq).unwrap_or_default(),
            text: reply_text,
            lang: said.detection.lang,
            confidence: (said.detection.confidence * 1000.0).round() / 1000.0,
            lang_source: said.detection.source.as_str().into(),
            lang_variant: said.detection.variant.map(str::to_string),
            machine_translated: mt,
            engine: outbound.engine.filter(|_| mt),
            bot_text: outbound.bot_text,
            bot_lang: outbound.bot_lang.clone(),
            inbound_engine: inbound.engine.clone(),
            understood,
            handoff,
            notices,
        }))
    }
}
