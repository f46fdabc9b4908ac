//! Telegram Bot API (core.telegram.org/bots/api): updates arrive by
//! webhook (`setWebhook` with a `secret_token`, which Telegram sends back
//! in `X-Telegram-Bot-Api-Secret-Token` on every request); replies go out
//! through `POST {api}/bot<token>/sendMessage` with `chat_id` and `text`.
//! Only text messages are taken; other updates are acknowledged and left.

use serde::Deserialize;

use super::{Accepted, Channel, Inbound, Recipient, SendError, Webhook, WebhookError};
use crate::config::{ChannelConfig, ChannelKind, ConfigError};

pub struct Telegram {
    id: String,
    api_base: String,
    secret: String,
    token: String,
    client: reqwest::Client,
}

#[derive(Deserialize)]
struct Update {
    update_id: i64,
    #[serde(default)]
    message: Option<Message>,
}

#[derive(Deserialize)]
struct Message {
    chat: Chat,
    #[serde(default)]
    from: Option<User>,
    /// Unix seconds.
    date: i64,
    #[serde(default)]
    text: Option<String>,
}

#[derive(Deserialize)]
struct Chat {
    id: i64,
}

#[derive(Deserialize)]
struct User {
    #[serde(default)]
    language_code: Option<String>,
}

#[derive(Deserialize)]
struct Answer {
    ok: bool,
    #[serde(default)]
    description: Option<String>,
}

impl Telegram {
    pub fn new(config: &ChannelConfig) -> Result<Telegram, ConfigError> {
        let what = |s: &str| format!("channel {}: {s}", config.id);
        let token = config
            .access_token
            .as_ref()
            .ok_or_else(|| ConfigError::Invalid(what("`access_token` is required")))?
            .read(&what("access_token"))?;
        Ok(Telegram {
            id: config.id.clone(),
            api_base: config.api_base(),
            secret: config.secret.read(&what("secret"))?,
            token,
            client: super::client(config)?,
        })
    }
}

/// The update's text message, if it carries one.
fn inbound(update: Update) -> Option<Inbound> {
    let m = update.message?;
    let text = m.text.filter(|t| !t.trim().is_empty())?;
    Some(Inbound {
        event_id: update.update_id.to_string(),
        user: m.chat.id.to_string(),
        text,
        sent_at: Some(m.date * 1000),
        reply_ref: None,
        locale: m.from.and_then(|f| f.language_code),
    })
}

#[async_trait::async_trait]
impl Channel for Telegram {
    fn id(&self) -> &str {
        &self.id
    }

    fn kind(&self) -> ChannelKind {
        ChannelKind::Telegram
    }

    fn accept(&self, request: &Webhook<'_>, _now: i64) -> Result<Accepted, WebhookError> {
        let given = request
            .header("x-telegram-bot-api-secret-token")
            .ok_or_else(|| {
                WebhookError::Unauthorized("missing X-Telegram-Bot-Api-Secret-Token header".into())
            })?;
        if !super::same_secret(given.as_bytes(), self.secret.as_bytes()) {
            return Err(WebhookError::Unauthorized(
                "X-Telegram-Bot-Api-Secret-Token does not match".into(),
            ));
        }
        if request.method != "POST" {
            return Err(WebhookError::Malformed("Telegram posts its updates".into()));
        }
        let update: Update = serde_json::from_slice(request.body)
            .map_err(|e| WebhookError::Malformed(format!("not a Telegram update: {e}")))?;
        Ok(Accepted::Events(inbound(update).into_iter().collect()))
    }

    async fn send(&self, to: &Recipient, text: &str) -> Result<(), SendError> {
        let chat_id: i64 = to
            .user
            .parse()
            .map_err(|_| SendError::Refused("not a Telegram chat id".into()))?;
        let url = format!("{}/bot{}/sendMessage", self.api_base, self.token);
        let sent = self
            .client
            .post(url)
            .json(&serde_json::json!({ "chat_id": chat_id, "text": text }))
            .send()
            .await;
        let response = super::outcome("sendMessage", sent).await?;
        let answer: Answer = response
            .json()
            .await
            .map_err(|_| SendError::Retry("sendMessage: an unreadable answer".into()))?;
        if answer.ok {
            Ok(())
        } else {
            Err(SendError::Refused(format!(
                "sendMessage: {}",
                answer.description.unwrap_or_default()
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn channel() -> Telegram {
        crate::tls::install_tls_provider();
        Telegram {
            id: "tg".into(),
            api_base: "http://127.0.0.1:9".into(),
            secret: "s3cret-token".into(),
            token: "123:abc".into(),
            client: reqwest::Client::new(),
        }
    }

    fn post(headers: &[(String, String)], body: &str) -> Result<Accepted, WebhookError> {
        channel().accept(
            &Webhook {
                method: "POST",
                query: &[],
                headers,
                body: body.as_bytes(),
            },
            0,
        )
    }

    const UPDATE: &str = r#"{"update_id": 10001, "message": {"message_id": 5,
        "from": {"id": 42, "is_bot": false, "first_name": "Ana", "language_code": "es"},
        "chat": {"id": 42, "type": "private"}, "date": 1764064800, "text": "¿Dónde está mi pedido?"}}"#;

    #[test]
    fn a_text_message_with_the_secret_token_is_taken() {
        let h = vec![(
            "x-telegram-bot-api-secret-token".to_string(),
            "s3cret-token".to_string(),
        )];
        let Accepted::Events(events) = post(&h, UPDATE).unwrap() else {
            panic!("events")
        };
        assert_eq!(
            events,
            vec![Inbound {
                event_id: "10001".into(),
                user: "42".into(),
                text: "¿Dónde está mi pedido?".into(),
                sent_at: Some(1_764_064_800_000),
                reply_ref: None,
                locale: Some("es".into()),
            }]
        );
        // Other updates (an edited message, a sticker) are acknowledged, not taken.
        let other = r#"{"update_id": 10002, "edited_message": {"chat": {"id": 42}, "date": 1}}"#;
        assert_eq!(post(&h, other).unwrap(), Accepted::Events(vec![]));
        assert!(matches!(
            post(&h, "{not json"),
            Err(WebhookError::Malformed(_))
        ));
    }

    #[test]
    fn a_missing_or_wrong_secret_token_is_refused_before_parsing() {
        assert!(matches!(
            post(&[], UPDATE),
            Err(WebhookError::Unauthorized(_))
        ));
        let wrong = vec![(
            "x-telegram-bot-api-secret-token".to_string(),
            "s3cret-tokeN".to_string(),
        )];
        let e = post(&wrong, "{not json").unwrap_err();
        assert!(matches!(e, WebhookError::Unauthorized(_)));
        assert!(!e.to_string().contains("s3cret"), "{e}");
    }
}
