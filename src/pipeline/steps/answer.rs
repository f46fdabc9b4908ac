//! Step 7, answer: the core bot, through the gate (denied, allowed after
//! redaction, or allowed), bounded by its deadline; not asked about a
//! message in a language it does not read. Its answer comes back
//! with the placeholders it kept restored, for the shopper.

use fluent_bundle::FluentValue;

use super::super::Pipeline;
use super::turn::{AnsweredBy, Attempt, Heard, Inbound, Outbound, Routed, Said, Turn};
use crate::gate::Passage;
use crate::pipeline::Error;
use crate::store::Store;
use crate::store::models::Conversation;
use crate::upstream::{BotAnswer, UpstreamError};

impl Pipeline {
    /// Step 7: asks the core bot about `inbound` as the gate clears it.
    pub(in crate::pipeline) async fn answer(
        &self,
        conversation: &str,
        passage: &Passage,
        inbound: &Inbound,
    ) -> Result<BotAnswer, UpstreamError> {
        // Never feed the bot text it cannot read.
        if !inbound.readable {
            return Err(UpstreamError::CannotRead);
        }
        let started = std::time::Instant::now();
        let cleared = passage
            .clear(self.bot_target(), &inbound.text)
            .map_err(|_| UpstreamError::Denied)?;
        let answer = match tokio::time::timeout(
            self.bot_timeout,
            self.bot.answer(conversation, &cleared, &inbound.lang),
        )
        .await
        {
            Ok(result) => result,
            Err(_) => Err(UpstreamError::Timeout(self.bot_timeout.as_millis() as u64)),
        };
        crate::metrics::global().stage("bot", started);
        answer.map(|a| BotAnswer {
            text: cleared.restore(&a.text),
            ..a
        })
    }

    /// Step 7 for a language request ("English please", "¿me hablas en
    /// inglés?"): the proxy answers it itself, in the language asked for,
    /// asking no processor; the conversation's language is switched and
    /// locked (step 2 decided it), and the bot's count of misses stays.
    pub(in crate::pipeline) async fn switch_language(
        &self,
        store: &Store,
        c: Conversation,
        said: Said,
        text: &str,
        defer: bool,
        passage: &Passage,
    ) -> Result<Attempt, Error> {
        let inbound = Inbound {
            text: text.to_string(),
            lang: said.lang.clone(),
            engine: None,
            readable: true,
        };
        let stored = self
            .store_shopper(store, &c, &said, text, &inbound, defer)
            .await?;
        let language = self.i18n.language_name(&said.ui, &said.lang);
        let switched = self.notice(
            &said.ui,
            "language-switched",
            &[("language", FluentValue::from(language))],
        );
        let outbound = Outbound {
            text: switched.text.clone(),
            bot_text: None,
            bot_lang: inbound.lang.clone(),
            machine_translated: false,
            engine: None,
            untranslated: false,
        };
        let routed = Routed::unchanged(&c);
        let plan = self.plan(&c.region);
        let turn = Turn {
            heard: Heard {
                said,
                plan,
                redacted: Vec::new(),
                inbound,
            },
            stored,
            outbound,
            routed,
            notices: vec![switched],
            understood: true,
            answered_by: AnsweredBy::Proxy,
        };
        self.persist(store, c, turn, passage).await
    }
}
