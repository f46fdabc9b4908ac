//! The path of one shopper message, as named steps in the order drawn in
//! docs/pipeline.md. Each step is a function of `steps/`; this file only
//! says in which order they run.
//!
//! The shopper's message is stored before a remote bot is asked, so a
//! message that got past validation is never lost, whatever the bot does;
//! the answer, the conversation's new state and the message's audit
//! entries commit together in step 10. With a bot that answers in-process
//! (the built-in FAQ bot) the shopper's message commits in that same
//! transaction: one write instead of two, and nothing is acknowledged
//! before it is stored either way.

use super::steps::turn::{AnsweredBy, Attempt, Heard, RouteInput, Turn};
use super::{Pipeline, Reply, check_locale, instant};
use crate::pipeline::Error;
use crate::store::State;
use crate::store::models::Conversation;

/// Attempts at a message whose conversation changed meanwhile; the last
/// one stores the shopper's words before the bot is asked, unchecked.
pub(super) const STALE_ATTEMPTS: u32 = 4;

impl Pipeline {
    /// Runs one shopper message through every step and returns the reply.
    ///
    /// With an in-process bot nothing is stored until the answer is ready,
    /// and that one write checks that the conversation is still the row the
    /// answer was computed from. When it is not (an agent claimed it, another
    /// instance answered a message of it meanwhile), nothing was stored and
    /// the message is computed again from the row as it is now.
    pub async fn message(
        &self,
        conversation: Conversation,
        text: &str,
        locale: Option<String>,
        accept_language: Option<&str>,
    ) -> Result<Reply, Error> {
        let mut conversation = conversation;
        let mut attempt = 1;
        loop {
            // The last attempt stores the shopper's words first, as with a
            // remote bot, and is not checked: a conversation that keeps
            // changing (two instances answering it at once) still gets its
            // answer, from the freshest row.
            let defer = attempt < STALE_ATTEMPTS;
            match self
                .message_from(
                    conversation,
                    text,
                    locale.as_deref(),
                    accept_language,
                    defer,
                )
                .await?
            {
                Attempt::Answered(reply) => return Ok(reply),
                Attempt::Stale(Some(now)) => {
                    crate::metrics::global().recomputed.inc();
                    conversation = now;
                }
                Attempt::Stale(None) => {
                    return Err(Error::NotFound("conversation not found".into()));
                }
            }
            attempt += 1;
        }
    }

    /// One attempt of [`Pipeline::message`] from `c` as read: the path.
    async fn message_from(
        &self,
        c: Conversation,
        text: &str,
        locale: Option<&str>,
        accept_language: Option<&str>,
        defer: bool,
    ) -> Result<Attempt, Error> {
        check_locale(&locale.map(str::to_string))?;
        let text = self.checked_text(text)?;
        let store = self.stores.get(&c.region)?.clone();
        let tz = Self::timezone_of(&c);
        let passage = self.passage(&c);
        let scope = self.scope(&store, passage.clone());
        let mut notices = Vec::new();

        // 1 region: fixed when the conversation opened (`shopper/open.rs`).
        let said = self.detect(&c, &text, locale, accept_language); // 2
        if said.detection.source == crate::language::Source::Request {
            // 7: the proxy answers a language request itself.
            return self
                .switch_language(&store, c, said, &text, defer, &passage)
                .await;
        }
        let plan = self.plan(&c.region); // 3
        let redacted = self.redact(&plan, &passage, &text); // 4
        let inbound = self.translate_in(&said, &text, &scope).await; // 5–6
        let stored = self.store_shopper(&store, &c, &said, &text, &inbound, defer);
        let stored = stored.await?; // 10 begins: the shopper's words
        let heard = Heard {
            said,
            plan,
            redacted,
            inbound,
        };
        if c.state == State::Agent {
            // 7: a person holds the conversation.
            return self.pass_to_agent(&store, c, heard, stored, &passage).await;
        }
        let answer = self.answer(&c.id, &passage, &heard.inbound).await; // 7
        let understood = answer.as_ref().is_ok_and(|a| a.understood);
        let received = instant(stored.received_at).with_timezone(&tz);
        let outbound = self.translate_out(&heard, &answer, &scope, received, &mut notices);
        let outbound = outbound.await; // 8
        let now = self.clock.now();
        let routed = self.route(RouteInput::new(
            &c, &text, &answer, &heard, &outbound, tz, now,
        ));
        let routed = routed.await?; // 9
        let turn = Turn {
            heard,
            stored,
            outbound,
            routed,
            notices,
            understood,
            answered_by: AnsweredBy::Bot,
        };
        self.persist(&store, c, turn, &passage).await // 10
    }
}
