//! `[[channels]]`: the messaging channels shoppers write on (WhatsApp,
//! LINE, Telegram, WeChat, e-mail), each with its webhook at
//! `/channels/<id>`, its secrets (from an environment variable or a file,
//! never from the configuration file itself), the provider's API base URL
//! and the country rule of its shoppers.

use std::path::PathBuf;

use serde::Deserialize;

use super::ConfigError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChannelKind {
    Whatsapp,
    Line,
    Telegram,
    Wechat,
    Email,
}

impl ChannelKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChannelKind::Whatsapp => "whatsapp",
            ChannelKind::Line => "line",
            ChannelKind::Telegram => "telegram",
            ChannelKind::Wechat => "wechat",
            ChannelKind::Email => "email",
        }
    }

    /// The provider's public API, when the configuration names none.
    pub fn default_api_base(self) -> &'static str {
        match self {
            ChannelKind::Whatsapp => "https://graph.facebook.com/v21.0",
            ChannelKind::Line => "https://api.line.me",
            ChannelKind::Telegram => "https://api.telegram.org",
            ChannelKind::Wechat => "https://api.weixin.qq.com",
            ChannelKind::Email => "",
        }
    }
}

/// A secret named by an environment variable or a file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretRef {
    pub env: Option<String>,
    pub file: Option<PathBuf>,
}

impl SecretRef {
    /// The secret's text (trimmed). Its value never reaches an error.
    pub fn read(&self, what: &str) -> Result<String, ConfigError> {
        let err = |m: String| ConfigError::Invalid(format!("{what}: {m}"));
        let text = match (&self.env, &self.file) {
            (Some(var), None) => std::env::var(var)
                .map_err(|_| err(format!("environment variable {var} is not set")))?,
            (None, Some(file)) => std::fs::read_to_string(file)
                .map_err(|e| err(format!("{}: {e}", file.display())))?,
            _ => return Err(err("give exactly one of `env` or `file`".into())),
        };
        let text = text.trim().to_string();
        if text.is_empty() {
            return Err(err("the secret is empty".into()));
        }
        Ok(text)
    }
}

/// One channel.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelConfig {
    /// `[a-z0-9_-]{1,32}`: its webhook is `/channels/<id>`, and its
    /// conversations carry it as their channel.
    pub id: String,
    pub kind: ChannelKind,
    /// The provider's API base URL (tests point it at a local server).
    #[serde(default)]
    pub api_base: Option<String>,
    /// What signs the webhooks: WhatsApp's app secret, LINE's channel
    /// secret, Telegram's secret token, WeChat's token, the e-mail
    /// provider's webhook signing key.
    #[serde(default)]
    pub secret: SecretRef,
    /// What sends: WhatsApp's and LINE's access tokens, Telegram's bot
    /// token, WeChat's access token. E-mail sends through `smtp`.
    #[serde(default)]
    pub access_token: Option<SecretRef>,
    /// WhatsApp: the verify token of the webhook's GET handshake.
    #[serde(default)]
    pub verify_token: Option<SecretRef>,
    /// WeChat safe mode: the EncodingAESKey (43 characters).
    #[serde(default)]
    pub aes_key: Option<SecretRef>,
    /// WeChat: the official account's AppID; WhatsApp: the phone number id
    /// replies are sent from.
    #[serde(default)]
    pub account_id: Option<String>,
    /// The shoppers' country (ISO 3166-1 alpha-2), which decides their
    /// region; with `country_from_phone`, the fallback.
    #[serde(default)]
    pub country: Option<String>,
    /// WhatsApp: the country of the sender's phone number decides.
    #[serde(default)]
    pub country_from_phone: bool,
    /// The shoppers' declared locale, when the channel does not say.
    #[serde(default)]
    pub locale: Option<String>,
    /// Webhooks older than this, or seen within it, are ignored.
    #[serde(default = "default_replay_window")]
    pub replay_window_secs: u64,
    /// Deadline of one call to the provider.
    #[serde(default = "default_timeout")]
    pub timeout_ms: u64,
    /// E-mail: the SMTP server replies go through.
    #[serde(default)]
    pub smtp: Option<SmtpConfig>,
}

/// E-mail's outgoing server.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    pub host: String,
    #[serde(default = "default_smtp_port")]
    pub port: u16,
    /// `starttls` (default), `tls` (implicit TLS) or `none` (a relay on a
    /// trusted network, or tests).
    #[serde(default = "default_smtp_security")]
    pub security: String,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub password: Option<SecretRef>,
    /// The address replies come from (`Service <help@shop.example>`).
    pub from: String,
}

fn default_replay_window() -> u64 {
    300
}

fn default_timeout() -> u64 {
    5000
}

fn default_smtp_port() -> u16 {
    587
}

fn default_smtp_security() -> String {
    "starttls".into()
}

impl ChannelConfig {
    pub fn api_base(&self) -> String {
        self.api_base
            .clone()
            .unwrap_or_else(|| self.kind.default_api_base().to_string())
            .trim_end_matches('/')
            .to_string()
    }

    /// The rules beyond the types; secrets are read when the channel is
    /// built, so that a missing one stops the start.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let err = |m: &str| Err(ConfigError::Invalid(format!("channel {}: {m}", self.id)));
        if self.id.is_empty()
            || self.id.len() > 32
            || !self
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        {
            return err("`id` must be 1–32 characters of a-z, 0-9, '-' or '_'");
        }
        if matches!(self.id.as_str(), "web" | "app") {
            return err("`id` must not be `web` or `app` (the API's own channels)");
        }
        if let Some(c) = &self.country
            && !(c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()))
        {
            return err("`country` must be an ISO 3166-1 alpha-2 code such as `ES`");
        }
        if self.country_from_phone && self.kind != ChannelKind::Whatsapp {
            return err("`country_from_phone` is for WhatsApp only");
        }
        if self.aes_key.is_some() && self.kind != ChannelKind::Wechat {
            return err("`aes_key` is for WeChat only");
        }
        if self.country.is_none() && !self.country_from_phone {
            return err("give `country` (or, for WhatsApp, `country_from_phone = true`)");
        }
        if !(10..=86_400).contains(&self.replay_window_secs) {
            return err("`replay_window_secs` must be between 10 and 86400");
        }
        if self.timeout_ms == 0 {
            return err("`timeout_ms` must be positive");
        }
        if self.secret.env.is_none() && self.secret.file.is_none() {
            return err("`secret` is required (`{ env = \"VAR\" }` or `{ file = \"path\" }`)");
        }
        let base = self.api_base();
        if self.kind != ChannelKind::Email
            && !(base.starts_with("https://") || base.starts_with("http://"))
        {
            return err("`api_base` must be an http(s) URL");
        }
        match self.kind {
            ChannelKind::Email => match &self.smtp {
                None => err("e-mail needs `[channels.smtp]`"),
                Some(s) if !matches!(s.security.as_str(), "starttls" | "tls" | "none") => {
                    err("smtp `security` must be `starttls`, `tls` or `none`")
                }
                Some(s) if s.username.is_some() != s.password.is_some() => {
                    err("smtp: give both `username` and `password`, or neither")
                }
                Some(_) => Ok(()),
            },
            _ if self.access_token.is_none() => err("`access_token` is required"),
            ChannelKind::Whatsapp if self.verify_token.is_none() || self.account_id.is_none() => {
                err("WhatsApp needs `verify_token` and `account_id` (the phone number id)")
            }
            ChannelKind::Wechat if self.account_id.is_none() => {
                err("WeChat needs `account_id` (the AppID)")
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(toml_text: &str) -> ChannelConfig {
        toml::from_str(toml_text).unwrap()
    }

    #[test]
    fn a_channel_needs_a_country_rule_and_its_kinds_secrets() {
        let ok = parse(
            "id = \"tg\"\nkind = \"telegram\"\ncountry = \"ES\"\nsecret = { env = \"S\" }\naccess_token = { env = \"T\" }\n",
        );
        assert!(ok.validate().is_ok());
        assert_eq!(ok.api_base(), "https://api.telegram.org");
        for (text, why) in [
            (
                "id = \"tg\"\nkind = \"telegram\"\nsecret = { env = \"S\" }\naccess_token = { env = \"T\" }\n",
                "give `country`",
            ),
            (
                "id = \"web\"\nkind = \"telegram\"\ncountry = \"ES\"\naccess_token = { env = \"T\" }\n",
                "must not be `web`",
            ),
            (
                "id = \"Tg\"\nkind = \"telegram\"\ncountry = \"ES\"\naccess_token = { env = \"T\" }\n",
                "`id` must be",
            ),
            (
                "id = \"tg\"\nkind = \"telegram\"\ncountry = \"ES\"\n",
                "`secret` is required",
            ),
            (
                "id = \"tg\"\nkind = \"telegram\"\ncountry = \"ES\"\nsecret = { env = \"S\" }\n",
                "`access_token` is required",
            ),
            (
                "id = \"wa\"\nkind = \"whatsapp\"\ncountry = \"ES\"\nsecret = { env = \"S\" }\naccess_token = { env = \"T\" }\n",
                "verify_token",
            ),
            (
                "id = \"tg\"\nkind = \"telegram\"\ncountry_from_phone = true\naccess_token = { env = \"T\" }\n",
                "WhatsApp only",
            ),
            (
                "id = \"wx\"\nkind = \"wechat\"\ncountry = \"CN\"\nsecret = { env = \"S\" }\naccess_token = { env = \"T\" }\n",
                "`account_id` (the AppID)",
            ),
            (
                "id = \"tg\"\nkind = \"telegram\"\ncountry = \"ES\"\nsecret = { env = \"S\" }\naccess_token = { env = \"T\" }\naes_key = { env = \"K\" }\n",
                "WeChat only",
            ),
            (
                "id = \"m\"\nkind = \"email\"\ncountry = \"ES\"\nsecret = { env = \"S\" }\n",
                "smtp",
            ),
            (
                "id = \"m\"\nkind = \"email\"\ncountry = \"ES\"\nsecret = { env = \"S\" }\n[smtp]\nhost = \"h\"\nfrom = \"a@b\"\nsecurity = \"ssl\"\n",
                "`security` must be",
            ),
            (
                "id = \"m\"\nkind = \"email\"\ncountry = \"ES\"\nsecret = { env = \"S\" }\n[smtp]\nhost = \"h\"\nfrom = \"a@b\"\nusername = \"u\"\n",
                "both `username` and `password`",
            ),
        ] {
            let e = parse(text).validate().unwrap_err().to_string();
            assert!(e.contains(why), "{text}: {e}");
        }
    }

    #[test]
    fn a_secret_comes_from_the_environment_or_a_file_and_never_shows() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("s");
        std::fs::write(&file, "  hunter2-secret\n").unwrap();
        let r = SecretRef {
            env: None,
            file: Some(file),
        };
        assert_eq!(r.read("x").unwrap(), "hunter2-secret");
        let missing = SecretRef {
            env: Some("CROSSDESK_TEST_UNSET_SECRET_VAR".into()),
            file: None,
        };
        let e = missing.read("channel tg: secret").unwrap_err().to_string();
        assert!(
            e.contains("CROSSDESK_TEST_UNSET_SECRET_VAR is not set"),
            "{e}"
        );
        assert!(SecretRef::default().read("x").is_err());
    }
}
