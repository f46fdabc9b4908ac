//! `[bot]`: the core bot crossdesk sits in front of (the built-in FAQ bot
//! or a remote one), its deadline, jurisdiction and languages.

use serde::Deserialize;

/// Which core bot answers.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum BotKind {
    /// The built-in English FAQ bot.
    Faq,
    /// Any bot speaking Rasa's REST channel (`POST {sender, message}`).
    Rasa,
}

/// The core bot and how it is asked.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BotConfig {
    pub kind: BotKind,
    /// Webhook URL for remote bots.
    pub url: Option<String>,
    /// The bot's answer deadline; past it the shopper gets a localized notice.
    pub timeout_ms: u64,
    /// Where a remote bot processes text (country or region id); required
    /// for remote bots, which the region policies then allow or deny.
    pub jurisdiction: Option<String>,
    /// Languages the bot reads and answers in (ISO 639-1); default: the
    /// pivot language. A message in one of them reaches the bot as written;
    /// one in another language is translated first, and when no engine can,
    /// the bot is not asked (a person who speaks the language takes over).
    pub languages: Vec<String>,
}

impl Default for BotConfig {
    fn default() -> Self {
        BotConfig {
            kind: BotKind::Faq,
            url: None,
            timeout_ms: 5000,
            jurisdiction: None,
            languages: Vec::new(),
        }
    }
}
