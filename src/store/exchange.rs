//! The message path's one write: the answer to a shopper's message (and the
//! shopper's own row, when it was not stored before the bot was asked), the
//! conversation's new state and the message's audit entries, all in one
//! commit, and only while the conversation is still the row the answer was
//! computed from.

use super::audit_rows::Link;
use super::models::{AuditEntry, Conversation, ConversationUpdate, NewMessage};
use super::{Store, StoreError};
use crate::seal::Sealer;

/// What [`Store::push_answer`] did.
#[derive(Debug)]
pub enum Exchange {
    /// Stored: the shopper's seq (when it was stored with the answer) and
    /// the new head of the audit log.
    Stored {
        seq: Option<i32>,
        head: Option<AuditEntry>,
    },
    /// The conversation is no longer the row the answer was computed from
    /// (or is gone): nothing was written. Here is the row as it is now.
    Stale(Option<Box<Conversation>>),
}

impl Store {
    /// Stores the answer to a shopper message, the conversation's new
    /// state and the message's audit entries: all or nothing, one commit.
    /// `shopper` is the shopper's own message when it was not stored before
    /// the bot was asked (a bot that answers in-process: nothing can hang
    /// between the two). `before` is the conversation row the answer was
    /// computed from. When the shopper's row is stored here, nothing is
    /// written unless the row is still exactly `before` ([`Exchange::Stale`]):
    /// nothing of the message is stored yet, so the caller computes again.
    /// `chain` returns the audit entries, chained after the log's head
    /// (see [`Store::append_audit`]).
    pub async fn push_answer(
        &self,
        before: Conversation,
        shopper: Option<NewMessage>,
        answer: NewMessage,
        update: ConversationUpdate,
        sealer: Sealer,
        mut chain: impl FnMut(Option<Link<'_>>) -> Vec<AuditEntry> + Send + 'static,
    ) -> Result<Exchange, StoreError> {
        let conversation_id = before.id.clone();
        let expected = shopper.is_some().then(|| before.clone());
        let new_state = update.clone();
        let exchange = self
            .write(move |c| {
                if let Some(expected) = &expected {
                    let now = Self::read_conversation(c, &conversation_id)?;
                    if now.as_ref() != Some(expected) {
                        return Ok(Exchange::Stale(now.map(Box::new)));
                    }
                }
                let seq = shopper
                    .as_ref()
                    .map(|m| Self::insert_next(c, &conversation_id, m, &sealer))
                    .transpose()?;
                match seq {
                    Some(s) => Self::insert_at(c, &conversation_id, s + 1, &answer, &sealer)?,
                    None => Self::insert_next(c, &conversation_id, &answer, &sealer)?,
                };
                Self::set_state(c, &conversation_id, &update, expected.as_ref())?;
                let mut entries = Self::insert_audit(c, &mut chain)?;
                Ok(Exchange::Stored {
                    seq,
                    head: entries.pop(),
                })
            })
            .await?;
        match &exchange {
            Exchange::Stored { .. } => {
                self.wakeups.wake(&before.id);
                if new_state.moves_in_queue(&before) {
                    self.queues.changed();
                }
                let mut now = before;
                new_state.apply(&mut now);
                self.recent.put(now);
            }
            Exchange::Stale(Some(now)) => self.recent.put(Conversation::clone(now)),
            Exchange::Stale(None) => self.recent.forget(&before.id),
        }
        Ok(exchange)
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::store::kinds::{HandoffReason, Role, State};

    fn conversation(id: &str) -> Conversation {
        Conversation {
            timezone: Some("Europe/Berlin".into()),
            ..Conversation::opened(id, "eu", "DE", "web", 1)
        }
    }

    fn update(at: i64, state: State) -> ConversationUpdate {
        ConversationUpdate {
            lang: Some("de".into()),
            lang_locked: at % 2 == 0,
            lang_pending: Some("fr".into()),
            state,
            handoff_reason: (state == State::Handoff).then_some(HandoffReason::Upset),
            updated_at: at,
            pool: Some("eu-support".into()),
            priority: 1,
            bot_misses: 1,
            queued_at: Some(at),
            emotion: 0.1 + at as f64 / 7.0,
            first_response_at: Some(2),
        }
    }

    /// A shopper's message and the bot's answer, with no audit entry.
    pub(in crate::store) async fn exchange(
        store: &Store,
        from: &Conversation,
        u: ConversationUpdate,
    ) -> Exchange {
        let row = |role: Role| NewMessage {
            role,
            ..NewMessage::system("hallo".into(), "de", u.updated_at)
        };
        store
            .push_answer(
                from.clone(),
                Some(row(Role::Shopper)),
                row(Role::Bot),
                u.clone(),
                Sealer::none(),
                |_| Vec::new(),
            )
            .await
            .unwrap()
    }

    /// What the message path remembers after a write is exactly the row
    /// stored (else every next message would be computed twice), and a row
    /// changed meanwhile writes nothing and comes back as it is.
    #[tokio::test]
    async fn an_exchange_checks_the_row_it_was_computed_from() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open("eu", dir.path().join("eu.db").to_str().unwrap()).unwrap();
        let mut c = conversation("eu_1");
        store.insert_conversation(&c).unwrap();
        for at in 2..5 {
            let u = update(at, if at == 4 { State::Handoff } else { State::Bot });
            let done = exchange(&store, &c, u.clone()).await;
            assert!(
                matches!(done, Exchange::Stored { seq: Some(s), .. } if s == 2 * at as i32 - 3)
            );
            u.apply(&mut c);
            assert_eq!(store.conversation("eu_1").unwrap().as_ref(), Some(&c));
        }
        let mut remembered = c.clone();
        remembered.bot_misses = 0;
        let stale = exchange(&store, &remembered, update(9, State::Bot)).await;
        assert!(
            matches!(&stale, Exchange::Stale(Some(now)) if **now == c),
            "{stale:?}"
        );
        assert_eq!(store.messages("eu_1", &Sealer::none()).unwrap().len(), 6);
        let gone = exchange(&store, &conversation("eu_2"), update(9, State::Bot)).await;
        assert!(matches!(gone, Exchange::Stale(None)));
        assert!(store.messages("eu_2", &Sealer::none()).unwrap().is_empty());
    }
}
