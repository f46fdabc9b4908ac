//! The history a shopper reads: their own words as written, the other
//! side's in the shopper's current language (translated again, through the
//! gate, when the language changed since), times in their time zone. With
//! `wait` it long-polls for new messages: agents' replies reach the
//! shopper this way, and with them the conversation's state (an agent
//! joined, the conversation closed).

use std::time::Duration;

use crate::i18n;
use crate::language;
use crate::pipeline::Error;
use crate::pipeline::{History, HistoryEntry, Pipeline, instant};
use crate::store::Role;
use crate::store::models::{Conversation, Message};
use crate::translate::Outcome;
use crate::translate::cache::Scope;

impl Pipeline {
    /// The history after message `after` (0: all). With `wait`, waits up to
    /// that long for a first new message. Every instance reads the shared
    /// store, so any instance can answer.
    pub async fn history(
        &self,
        conversation: Conversation,
        after: i32,
        wait: Duration,
    ) -> Result<History, Error> {
        let store = self.stores.get(&conversation.region)?.clone();
        let rows = self
            .messages_waiting(&store, &conversation, after, wait)
            .await?;
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
        let passage = self.passage(&conversation);
        let scope = self.scope(&store, passage.clone());
        for m in rows {
            let (text, text_lang, machine_translated) = self.shown_text(&m, &lang, &scope).await;
            let original = machine_translated.then(|| (m.text.clone(), m.lang.clone()));
            let at = instant(m.created_at).with_timezone(&tz);
            messages.push(HistoryEntry {
                seq: m.seq,
                role: m.role,
                text,
                lang: text_lang,
                machine_translated,
                original_lang: original.as_ref().map(|o| o.1.clone()),
                original: original.map(|o| o.0),
                at: at.to_rfc3339(),
                at_local: i18n::format_datetime(&ui, &at),
            });
        }
        self.audit_hops(&store, &passage).await?;
        // The state after the wait: a claim or a close shows at once.
        let conversation = if wait.is_zero() {
            conversation
        } else {
            store
                .load_conversation(conversation.id.clone())
                .await?
                .unwrap_or(conversation)
        };
        Ok(History {
            conversation_id: conversation.id,
            lang,
            locale: ui.to_string(),
            timezone: tz.name().to_string(),
            messages,
            state: conversation.state,
            agent: conversation.agent,
        })
    }

    /// What the shopper sees of a stored message: their own words as
    /// written; the other side's in the shopper's current language.
    pub(crate) async fn shown_text(
        &self,
        m: &Message,
        lang: &str,
        scope: &Scope,
    ) -> (String, String, bool) {
        if m.role == Role::Shopper || m.lang == lang {
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
