//! Step 2, language: which language the shopper wrote in, from the text and
//! the conversation's hints, and how to speak to them.

use super::super::Pipeline;
use super::turn::Said;
use crate::language::Hints;
use crate::pipeline::shopper::first_accept_language;
use crate::store::models::Conversation;

impl Pipeline {
    /// Step 2: detects the message's language. `locale` is the one declared
    /// with this message; `accept_language` the browser's header.
    pub(in crate::pipeline) fn detect(
        &self,
        conversation: &Conversation,
        text: &str,
        locale: Option<&str>,
        accept_language: Option<&str>,
    ) -> Said {
        let accept = accept_language.and_then(first_accept_language);
        let declared = locale.or(conversation.locale.as_deref());
        let metrics = crate::metrics::global();
        let started = std::time::Instant::now();
        let detection = self.detector.detect(
            text,
            Hints {
                declared,
                accept_language: accept.as_deref(),
                // Before the first answer the conversation's language is
                // only the declared locale's, not one the shopper wrote in.
                previous: conversation.lang.as_deref().filter(|_| {
                    conversation.first_response_at.is_some() || conversation.lang_locked
                }),
                locked: conversation.lang_locked,
                pending: conversation.lang_pending.as_deref(),
            },
        );
        metrics.stage("detect", started);
        crate::metrics::Metrics::count(&metrics.languages, &detection.lang);
        // `und` only when neither text nor hints say anything: speak the pivot.
        let lang = if detection.lang == "und" {
            self.pivot.clone()
        } else {
            detection.lang.clone()
        };
        let ui = self.locale_for(&lang, declared.or(accept.as_deref()));
        Said {
            detection,
            lang,
            ui,
        }
    }
}
