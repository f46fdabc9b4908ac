//! After a conversation: the shopper closes it (or an agent does), is asked
//! for a rating from 1 to 5 in their language, and may give one. Who
//! resolved it (bot or agent) is recorded when it closes.

use serde::Serialize;

use crate::pipeline::Error;
use crate::pipeline::{Notice, Pipeline};
use crate::store::models::{Conversation, NewMessage};

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Closed {
    pub conversation_id: String,
    /// `bot` or `agent`.
    pub resolved_by: crate::store::Role,
    /// The closing notice and the rating question, in the shopper's language.
    pub notices: Vec<Notice>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Rated {
    pub conversation_id: String,
    pub score: i32,
    pub notice: Notice,
}

impl Pipeline {
    pub async fn shopper_close(&self, c: Conversation) -> Result<Closed, Error> {
        let store = self.stores.get(&c.region)?.clone();
        let ui = self.locale_for(&self.conversation_lang(&c), c.locale.as_deref());
        let closed = self.notice(&ui, "conversation-closed", &[]);
        let prompt = self.notice(&ui, "rating-prompt", &[]);
        let now = self.clock.now_ms();
        let row = NewMessage::system(
            format!("{} {}", closed.text, prompt.text),
            ui.language.as_str(),
            now,
        );
        let sealer = self.vault.sealer(&c.region, &c.id).await?;
        let id = c.id.clone();
        if !store
            .run(move |s| s.close_by_shopper(&id, &row, now, &sealer))
            .await?
        {
            return Err(Error::Conflict("the conversation is closed already".into()));
        }
        Ok(Closed {
            conversation_id: c.id,
            resolved_by: if c.agent.is_some() {
                crate::store::Role::Agent
            } else {
                crate::store::Role::Bot
            },
            notices: vec![closed, prompt],
        })
    }

    pub async fn rate(&self, c: Conversation, score: i32) -> Result<Rated, Error> {
        if !(1..=5).contains(&score) {
            return Err(Error::invalid(
                "invalid_score",
                "`score` must be 1, 2, 3, 4 or 5",
            ));
        }
        let store = self.stores.get(&c.region)?.clone();
        let now = self.clock.now_ms();
        let id = c.id.clone();
        if !store.run(move |s| s.rate(&id, score, now)).await? {
            return Err(Error::Conflict(
                "a conversation can be rated once it is closed".into(),
            ));
        }
        let ui = self.locale_for(&self.conversation_lang(&c), c.locale.as_deref());
        Ok(Rated {
            conversation_id: c.id,
            score,
            notice: self.notice(&ui, "rating-thanks", &[]),
        })
    }

    /// The conversation's language, or its declared one, or the pivot.
    pub(super) fn conversation_lang(&self, c: &Conversation) -> String {
        c.lang.clone().unwrap_or_else(|| {
            c.locale
                .as_deref()
                .map(crate::language::primary_subtag)
                .unwrap_or_else(|| self.pivot.clone())
        })
    }
}
