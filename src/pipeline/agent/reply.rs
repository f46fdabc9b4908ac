//! An agent's reply: its language, its rendering in the shopper's language
//! (previewed before it is sent), and sending it.

use fluent_bundle::FluentValue;
use serde::Serialize;

use super::super::Pipeline;
use crate::crypto::AgentClaims;
use crate::language;
use crate::pipeline::Error;
use crate::store::Role;
use crate::store::Store;
use crate::store::models::{Conversation, NewMessage};
use crate::translate::Outcome;

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

impl Pipeline {
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
            role: Role::Agent,
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
}
