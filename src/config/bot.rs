//! `[bot]`: the core bot crossdesk sits in front of (the built-in FAQ bot
//! or a remote one), its deadline, jurisdiction, languages, secret and the
//! settings of the kinds that need more (`[bot.dialogflow]`,
//! `[bot.openai]`). docs/bots.md has a section per kind.

use std::path::PathBuf;

use serde::Deserialize;

use super::ConfigError;

/// Which core bot answers.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum BotKind {
    /// The built-in English FAQ bot.
    Faq,
    /// Any bot speaking Rasa's REST channel (`POST {sender, message}`).
    Rasa,
    /// A Botpress bot through its Chat integration's API.
    Botpress,
    /// A Microsoft Bot Framework bot through Direct Line 3.0.
    Directline,
    /// A Dialogflow CX agent (`sessions:detectIntent`).
    Dialogflow,
    /// An OpenAI-compatible chat model as the bot.
    Openai,
}

impl BotKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BotKind::Faq => "faq",
            BotKind::Rasa => "rasa",
            BotKind::Botpress => "botpress",
            BotKind::Directline => "directline",
            BotKind::Dialogflow => "dialogflow",
            BotKind::Openai => "openai",
        }
    }
}

/// The core bot and how it is asked.
#[derive(Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BotConfig {
    pub kind: BotKind,
    /// Where a remote bot is reached: Rasa's webhook URL, the Botpress Chat
    /// API's URL (`https://chat.botpress.cloud/{webhookId}`), the Direct
    /// Line base (default `https://directline.botframework.com`), the
    /// Dialogflow endpoint (default: the agent's regional one), the chat
    /// model's base URL.
    pub url: Option<String>,
    /// The bot's answer deadline; past it the shopper gets a localized notice.
    pub timeout_ms: u64,
    /// Where a remote bot processes text (country or region id); required
    /// for remote bots, which the region policies then allow or deny.
    pub jurisdiction: Option<String>,
    /// Languages the bot reads and answers in (ISO 639-1); default: what
    /// the kind reads by itself, else the pivot language. A message in one
    /// of them reaches the bot as written; one in another language is
    /// translated first, and when no engine can, the bot is not asked (a
    /// person who speaks the language takes over).
    pub languages: Vec<String>,
    /// Environment variable holding the bot's secret (Direct Line secret,
    /// Dialogflow access token, chat model API key, Botpress encryption key).
    pub secret_env: Option<String>,
    /// File holding the secret, reread at each call (so a token refreshed
    /// by another process is picked up); used when `secret_env` is not set.
    pub secret_file: Option<PathBuf>,
    /// `kind = "dialogflow"`: the agent.
    pub dialogflow: Option<DialogflowConfig>,
    /// `kind = "openai"`: the model and its instructions.
    pub openai: Option<OpenAiBotConfig>,
}

/// `[bot.dialogflow]`: which Dialogflow CX agent answers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DialogflowConfig {
    pub project: String,
    /// The agent's location (`global`, `europe-west3`, `us-central1`…); it
    /// picks the regional endpoint.
    pub location: String,
    /// The agent's id.
    pub agent: String,
    /// The agent's environment (`draft` when not set).
    #[serde(default)]
    pub environment: Option<String>,
}

/// `[bot.openai]`: an OpenAI-compatible chat model as the bot.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OpenAiBotConfig {
    pub model: String,
    /// The instructions the model gets first in every request.
    pub system_prompt: String,
    /// Most estimated tokens of earlier turns sent with a message (oldest
    /// dropped first); 0 sends none.
    pub history_tokens: usize,
    /// Most conversations whose earlier turns are kept in memory (the
    /// least recently used is forgotten first).
    pub history_conversations: usize,
    /// Turns of a conversation idle this long are forgotten.
    pub history_idle_secs: u64,
    pub max_tokens: u32,
    pub temperature: f32,
    /// Offers the model a `handoff_to_person` function to call.
    pub handoff_tool: bool,
    /// A text that, in the model's answer, asks for a person (for models
    /// without function calling); removed from the answer.
    pub handoff_marker: Option<String>,
}

impl Default for OpenAiBotConfig {
    fn default() -> Self {
        OpenAiBotConfig {
            model: String::new(),
            system_prompt:
                "You are the customer-service assistant of an online shop. Answer briefly \
                and politely. Texts like ⟪email-1⟫ stand for details you may not see; keep them \
                unchanged. When the customer needs a person, or you cannot help, call \
                handoff_to_person."
                    .into(),
            history_tokens: 2000,
            history_conversations: 10_000,
            history_idle_secs: 3600,
            max_tokens: 400,
            temperature: 0.3,
            handoff_tool: true,
            handoff_marker: None,
        }
    }
}

impl Default for BotConfig {
    fn default() -> Self {
        BotConfig {
            kind: BotKind::Faq,
            url: None,
            timeout_ms: 5000,
            jurisdiction: None,
            languages: Vec::new(),
            secret_env: None,
            secret_file: None,
            dialogflow: None,
            openai: None,
        }
    }
}

impl std::fmt::Debug for BotConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Where the secret lives may be shown; never the secret.
        f.debug_struct("BotConfig")
            .field("kind", &self.kind)
            .field("url", &self.url)
            .field("timeout_ms", &self.timeout_ms)
            .field("jurisdiction", &self.jurisdiction)
            .field("languages", &self.languages)
            .field("secret_env", &self.secret_env)
            .field("secret_file", &self.secret_file)
            .field("dialogflow", &self.dialogflow)
            .field("openai", &self.openai)
            .finish()
    }
}

impl BotConfig {
    /// A remote bot: one whose text leaves the process.
    pub fn is_remote(&self) -> bool {
        self.kind != BotKind::Faq
    }

    /// The rules of `[bot]` beyond its types.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let kind = self.kind.as_str();
        let invalid = |m: String| Err(ConfigError::Invalid(m));
        if self.timeout_ms == 0 {
            return invalid("`bot.timeout_ms` must be positive".into());
        }
        if !self.is_remote() {
            return Ok(());
        }
        if self
            .jurisdiction
            .as_deref()
            .is_none_or(|j| j.trim().is_empty())
        {
            return invalid(format!(
                "`bot.jurisdiction` is required for `kind = \"{kind}\"`"
            ));
        }
        let url_needed = matches!(
            self.kind,
            BotKind::Rasa | BotKind::Botpress | BotKind::Openai
        );
        match &self.url {
            None if url_needed => {
                return invalid(format!("`bot.url` is required for `kind = \"{kind}\"`"));
            }
            Some(u) if !(u.starts_with("http://") || u.starts_with("https://")) => {
                return invalid("`bot.url` must start with http:// or https://".into());
            }
            _ => {}
        }
        let secret_needed = matches!(self.kind, BotKind::Directline | BotKind::Dialogflow);
        if secret_needed && self.secret_env.is_none() && self.secret_file.is_none() {
            return invalid(format!(
                "`bot.secret_env` or `bot.secret_file` is required for `kind = \"{kind}\"`"
            ));
        }
        if self.dialogflow.is_some() != (self.kind == BotKind::Dialogflow) {
            return invalid(
                "`[bot.dialogflow]` is required with, and only with, `kind = \"dialogflow\"`"
                    .into(),
            );
        }
        if let Some(d) = &self.dialogflow {
            let bad = |s: &str| {
                s.is_empty()
                    || !s
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            };
            if bad(&d.project) || bad(&d.location) || bad(&d.agent) {
                return invalid(
                    "`bot.dialogflow`: project, location and agent must be ids (letters, digits, - and _)"
                        .into(),
                );
            }
            if d.environment.as_deref().is_some_and(bad) {
                return invalid("`bot.dialogflow.environment` must be an id".into());
            }
        }
        if self.openai.is_some() != (self.kind == BotKind::Openai) {
            return invalid(
                "`[bot.openai]` is required with, and only with, `kind = \"openai\"`".into(),
            );
        }
        if let Some(o) = &self.openai {
            if o.model.trim().is_empty() {
                return invalid("`bot.openai.model` is required".into());
            }
            if !(0.0..=2.0).contains(&o.temperature) {
                return invalid("`bot.openai.temperature` must be between 0 and 2".into());
            }
            if o.max_tokens == 0 || o.history_conversations == 0 {
                return invalid(
                    "`bot.openai.max_tokens` and `history_conversations` must be positive".into(),
                );
            }
            if !o.handoff_tool && o.handoff_marker.is_none() {
                return invalid(
                    "`bot.openai`: without `handoff_tool` a `handoff_marker` is needed, or the model cannot ask for a person"
                        .into(),
                );
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;

    fn bot(toml: &str) -> Result<(), String> {
        let c: Config = toml::from_str(toml).map_err(|e| e.to_string())?;
        c.bot.validate().map_err(|e| e.to_string())
    }

    #[test]
    fn remote_bots_need_a_jurisdiction_and_their_settings() {
        assert!(bot("[bot]\nkind = \"faq\"").is_ok());
        let e =
            bot("[bot]\nkind = \"botpress\"\nurl = \"https://chat.botpress.cloud/x\"").unwrap_err();
        assert!(e.contains("jurisdiction"), "{e}");
        let e = bot("[bot]\nkind = \"directline\"\njurisdiction = \"eu\"").unwrap_err();
        assert!(e.contains("secret"), "{e}");
        let e = bot("[bot]\nkind = \"dialogflow\"\njurisdiction = \"DE\"\nsecret_env = \"T\"")
            .unwrap_err();
        assert!(e.contains("bot.dialogflow"), "{e}");
        let ok = "[bot]\nkind = \"dialogflow\"\njurisdiction = \"DE\"\nsecret_env = \"T\"\n[bot.dialogflow]\nproject = \"shop\"\nlocation = \"europe-west3\"\nagent = \"a-1\"";
        assert!(bot(ok).is_ok());
        let e = bot(&ok.replace("a-1", "a/../b")).unwrap_err();
        assert!(e.contains("ids"), "{e}");
        let e = bot("[bot]\nkind = \"openai\"\njurisdiction = \"DE\"\nurl = \"http://llm\"\n[bot.openai]\nmodel = \"m\"\nhandoff_tool = false").unwrap_err();
        assert!(e.contains("handoff_marker"), "{e}");
        let e =
            bot("[bot]\nkind = \"rasa\"\njurisdiction = \"DE\"\nurl = \"ftp://x\"").unwrap_err();
        assert!(e.contains("http"), "{e}");
    }

    #[test]
    fn where_the_secret_lives_shows_but_not_the_settings_it_protects() {
        let c: Config = toml::from_str(
            "[bot]\nkind = \"directline\"\njurisdiction = \"eu\"\nsecret_env = \"DL_SECRET\"",
        )
        .unwrap();
        let shown = format!("{:?}", c.bot);
        assert!(shown.contains("DL_SECRET"), "{shown}");
    }
}
