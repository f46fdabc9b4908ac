//! The messaging channels shoppers write on: each adapter checks its
//! provider's webhook signature on the raw body before anything is parsed,
//! turns the provider's events into [`Inbound`] messages, and sends replies
//! through the provider's API. The adapters know the wire formats only;
//! regions, conversations, translation and delivery retries are the
//! pipeline's (`pipeline/channel/`).

pub mod email;
pub mod line;
pub mod telegram;
pub mod wechat;
pub mod whatsapp;

use std::time::Duration;

use crate::config::{ChannelConfig, ChannelKind, ConfigError};

/// A webhook request as the server received it: header names lower-case,
/// the body as sent (signatures are over these bytes).
pub struct Webhook<'a> {
    pub method: &'a str,
    pub query: &'a [(String, String)],
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
}

impl Webhook<'_> {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A shopper's message from a channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inbound {
    /// The provider's id of the event (replays are recognised by it).
    pub event_id: String,
    /// The user's address on the channel (chat id, phone number, e-mail
    /// address…), as replies must be addressed.
    pub user: String,
    pub text: String,
    /// When the provider says the message was sent (Unix ms).
    pub sent_at: Option<i64>,
    /// The provider's reference replies thread to (e-mail Message-ID, LINE
    /// reply token).
    pub reply_ref: Option<String>,
    /// The user's language, when the channel tells (BCP 47).
    pub locale: Option<String>,
}

/// What a webhook request carried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Accepted {
    /// A verification handshake: answer with this body.
    Handshake(String),
    /// Messages (possibly none: delivery statuses, other event kinds).
    Events(Vec<Inbound>),
}

/// Why a webhook request is refused. Messages name no secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    /// A missing or wrong signature or token: 401, nothing processed.
    #[error("{0}")]
    Unauthorized(String),
    /// A signed body that is not what the provider sends: 400.
    #[error("{0}")]
    Malformed(String),
}

/// Why a reply could not be sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// Worth trying again (timeouts, 429, 5xx).
    #[error("{0}")]
    Retry(String),
    /// The provider refused it (4xx): tried again only after a long pause,
    /// and shown to agents.
    #[error("{0}")]
    Refused(String),
}

/// Where a reply goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub user: String,
    pub reply_ref: Option<String>,
}

/// One channel adapter.
#[async_trait::async_trait]
pub trait Channel: Send + Sync {
    fn id(&self) -> &str;
    fn kind(&self) -> ChannelKind;
    /// Checks the request's signature, then reads it. `now`: Unix ms.
    fn accept(&self, request: &Webhook<'_>, now: i64) -> Result<Accepted, WebhookError>;
    /// What the webhook answers once the events are taken: (content
    /// type, body).
    fn ack(&self) -> (&'static str, String) {
        ("application/json", "{}".into())
    }
    /// Sends `text` to the user.
    async fn send(&self, to: &Recipient, text: &str) -> Result<(), SendError>;
}

/// A channel address as crossdesk keys it, so that the shop's link and
/// the provider's webhook name the same user: e-mail addresses lower-case
/// without a display name, phone numbers (WhatsApp) digits only, other
/// kinds' ids as given.
pub fn address_key(kind: &str, address: &str) -> String {
    let address = address.trim();
    match kind {
        "email" => {
            let bare = match (address.rfind('<'), address.rfind('>')) {
                (Some(a), Some(b)) if a < b => &address[a + 1..b],
                _ => address,
            };
            bare.trim().to_lowercase()
        }
        "whatsapp" => address.chars().filter(char::is_ascii_digit).collect(),
        _ => address.to_string(),
    }
}

/// Builds the configured channels (their secrets read now: a missing one
/// stops the start).
pub fn build(configs: &[ChannelConfig]) -> Result<Vec<Box<dyn Channel>>, ConfigError> {
    configs
        .iter()
        .map(|c| -> Result<Box<dyn Channel>, ConfigError> {
            match c.kind {
                ChannelKind::Telegram => Ok(Box::new(telegram::Telegram::new(c)?)),
                ChannelKind::Wechat => Ok(Box::new(wechat::Wechat::new(c)?)),
                ChannelKind::Whatsapp => Ok(Box::new(whatsapp::Whatsapp::new(c)?)),
                ChannelKind::Line => Ok(Box::new(line::Line::new(c)?)),
                ChannelKind::Email => Ok(Box::new(email::Email::new(c)?)),
            }
        })
        .collect()
}

/// An HTTP client for a provider's API, with the channel's deadline.
pub(crate) fn client(config: &ChannelConfig) -> Result<reqwest::Client, ConfigError> {
    crate::tls::install_tls_provider();
    reqwest::Client::builder()
        .timeout(Duration::from_millis(config.timeout_ms))
        .connect_timeout(Duration::from_millis(config.timeout_ms.min(3000)))
        .build()
        .map_err(|e| ConfigError::Invalid(format!("channel {}: http client: {e}", config.id)))
}

/// A provider's HTTP answer as a send outcome: 2xx sent, 429/5xx and
/// network failures worth a retry, other 4xx refused. `what` names the
/// call; the provider's own error text is kept (it names no secret of ours).
pub(crate) async fn outcome(
    what: &str,
    sent: Result<reqwest::Response, reqwest::Error>,
) -> Result<reqwest::Response, SendError> {
    let response = sent.map_err(|e| {
        // reqwest's message may carry the URL, which for some providers
        // holds the token (Telegram): name only the kind of failure.
        let kind = if e.is_timeout() {
            "timed out"
        } else if e.is_connect() {
            "could not connect"
        } else {
            "failed"
        };
        SendError::Retry(format!("{what}: {kind}"))
    })?;
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let body = response.text().await.unwrap_or_default();
    let body: String = body.chars().take(300).collect();
    let message = format!("{what}: HTTP {}: {body}", status.as_u16());
    if status.as_u16() == 429 || status.is_server_error() {
        Err(SendError::Retry(message))
    } else {
        Err(SendError::Refused(message))
    }
}

/// Comparison of two secrets' bytes in a time that does not depend on
/// where they differ.
pub(crate) fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len()
        && std::hint::black_box(a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y))) == 0
}

#[cfg(test)]
mod tests {
    use super::address_key;

    #[test]
    fn a_shops_link_and_a_providers_webhook_name_the_same_address() {
        assert_eq!(
            address_key("email", "Ana Ruiz <Ana.Ruiz@Example.COM>"),
            "ana.ruiz@example.com"
        );
        assert_eq!(address_key("email", " ana@example.com "), "ana@example.com");
        assert_eq!(address_key("whatsapp", "+34 600 11 12 22"), "34600111222");
        assert_eq!(address_key("whatsapp", "34600111222"), "34600111222");
        assert_eq!(address_key("line", "U4af4980629"), "U4af4980629");
    }
}
