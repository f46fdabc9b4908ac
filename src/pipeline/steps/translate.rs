//! Steps 5–6 and 8, translate: the shopper's words into the bot's language,
//! and the bot's answer back into the shopper's. Protected spans (step 5)
//! and every engine call's clearing through the gate happen inside the
//! chain; what comes back here has the values restored.

use chrono::DateTime;
use chrono_tz::Tz;
use fluent_bundle::FluentValue;

use super::super::{Notice, Pipeline};
use super::turn::{Heard, Inbound, Outbound, Said};
use crate::i18n;
use crate::translate::Outcome;
use crate::translate::cache::Scope;
use crate::upstream::{BotAnswer, UpstreamError};

/// Counts a translation by engine and outcome.
fn count_translation(outcome: &Outcome, region: &str, lang: &str) {
    let (engine, result) = match outcome {
        Outcome::Same => return,
        Outcome::Translated(t) => (
            t.engine.as_str(),
            if t.cached { "cached" } else { "translated" },
        ),
        Outcome::Failed(_) => ("none", "failed"),
    };
    crate::metrics::global()
        .translations
        .get_or_create(&crate::metrics::Translation {
            engine: engine.into(),
            outcome: result.into(),
            region: region.into(),
            lang: lang.into(),
        })
        .inc();
}

impl Pipeline {
    /// Steps 5–6: the shopper's message in a language the bot reads: as
    /// written when the bot reads the shopper's language, else translated
    /// into the pivot.
    pub(in crate::pipeline) async fn translate_in(
        &self,
        said: &Said,
        text: &str,
        scope: &Scope,
    ) -> Inbound {
        // Numbers, codes and addresses alone need no translation.
        if !crate::language::script::has_words(text) {
            return Inbound {
                text: text.to_string(),
                lang: self.pivot.clone(),
                engine: None,
                readable: true,
            };
        }
        if self.bot_languages.contains(&said.lang) {
            return Inbound {
                text: text.to_string(),
                lang: said.lang.clone(),
                engine: None,
                readable: true,
            };
        }
        let started = std::time::Instant::now();
        let outcome = self
            .chain
            .translate(text, &said.lang, &self.pivot, scope)
            .await;
        crate::metrics::global().stage("translate", started);
        count_translation(&outcome, &scope.region, &said.lang);
        match outcome {
            Outcome::Same => Inbound {
                text: text.to_string(),
                lang: self.pivot.clone(),
                engine: None,
                readable: true,
            },
            Outcome::Translated(t) => Inbound {
                text: t.text,
                lang: self.pivot.clone(),
                engine: Some(t.engine),
                readable: true,
            },
            Outcome::Failed(reasons) => {
                tracing::info!(conversation = %scope.passage.subject().conversation, from = %said.lang, to = %self.pivot,
                    engines = ?reasons.iter().map(|(e, r)| format!("{e}: {r}")).collect::<Vec<_>>(),
                    "no translation for the bot: it is not asked");
                Inbound {
                    text: text.to_string(),
                    lang: said.lang.clone(),
                    engine: None,
                    readable: false,
                }
            }
        }
    }

    /// Step 8: the bot's answer in the shopper's language, or the localized
    /// notice when the bot did not answer. `received` is when the shopper's
    /// message arrived, in their time zone (the notice names it).
    pub(in crate::pipeline) async fn translate_out(
        &self,
        heard: &Heard,
        answer: &Result<BotAnswer, UpstreamError>,
        scope: &Scope,
        received: DateTime<Tz>,
        notices: &mut Vec<Notice>,
    ) -> Outbound {
        let said = &heard.said;
        let ui = &said.ui;
        let (bot_text, from) = match answer {
            // A bot that only signals a hand-off: the hand-off notice says it all.
            Ok(BotAnswer { text, .. }) if text.trim().is_empty() => {
                return Outbound {
                    text: String::new(),
                    bot_text: None,
                    bot_lang: heard.inbound.lang.clone(),
                    machine_translated: false,
                    engine: None,
                    untranslated: false,
                };
            }
            Ok(BotAnswer { text, lang, .. }) => {
                (text, lang.as_ref().unwrap_or(&heard.inbound.lang))
            }
            // Not asked: the shopper is told, in their language, that a
            // person who speaks it will answer.
            Err(UpstreamError::CannotRead) => {
                let language = self.i18n.language_name(ui, &said.lang);
                let n = self.notice(
                    ui,
                    "no-translation-fallback",
                    &[("language", FluentValue::from(language))],
                );
                let text = n.text.clone();
                notices.push(n);
                return Outbound {
                    text,
                    bot_text: None,
                    bot_lang: heard.inbound.lang.clone(),
                    machine_translated: false,
                    engine: None,
                    untranslated: false,
                };
            }
            Err(e) => {
                tracing::warn!(conversation = %scope.passage.subject().conversation, bot = self.bot.name(), error = %e, "bot failed");
                let n = self.notice(
                    ui,
                    "bot-unavailable",
                    &[("time", FluentValue::from(i18n::format_time(ui, &received)))],
                );
                return Outbound {
                    text: n.text,
                    bot_text: None,
                    bot_lang: heard.inbound.lang.clone(),
                    machine_translated: false,
                    engine: None,
                    untranslated: false,
                };
            }
        };
        let started = std::time::Instant::now();
        let out = self
            .chain
            .translate(bot_text, from, &said.lang, scope)
            .await;
        crate::metrics::global().stage("translate", started);
        count_translation(&out, &scope.region, &said.lang);
        let mut outbound = Outbound {
            text: bot_text.clone(),
            bot_text: Some(bot_text.clone()),
            bot_lang: from.clone(),
            machine_translated: false,
            engine: None,
            untranslated: false,
        };
        match out {
            Outcome::Same => {}
            Outcome::Translated(t) => {
                outbound.machine_translated = true;
                outbound.engine = Some(t.engine);
                outbound.text = t.text;
                let language = self.i18n.language_name(ui, from);
                notices.push(self.notice(
                    ui,
                    "machine-translation-note",
                    &[("language", FluentValue::from(language))],
                ));
            }
            Outcome::Failed(_) => {
                // The bot's own words beat silence; a person follows up.
                outbound.untranslated = true;
                let language = self.i18n.language_name(ui, &said.lang);
                notices.push(self.notice(
                    ui,
                    "no-translation-fallback",
                    &[("language", FluentValue::from(language))],
                ));
            }
        }
        outbound
    }
}
