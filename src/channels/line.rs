//! LINE Messaging API (developers.line.biz/en/reference/messaging-api/):
//! the LINE Platform posts `{destination, events: […]}` signed with
//! `x-line-signature: base64(HMAC-SHA256(channel secret, body))`. Text
//! messages from users in one-to-one chats are taken (`webhookEventId` is
//! the event id, so a redelivered event is recognised); follow, unfollow,
//! postback and the other events, and messages in groups, are acknowledged
//! and left.
//!
//! Replies: a message event's `replyToken` answers for free, once, within
//! about a minute of the webhook ("must be used within one minute after
//! receiving the webhook"). So a reply goes through
//! `POST {api}/v2/bot/message/reply` when this instance received the
//! user's latest token less than [`REPLY_FRESH`] ago and has not used it;
//! otherwise — and when LINE answers that the token is invalid — through
//! `POST {api}/v2/bot/message/push` to the user id, with an
//! `X-Line-Retry-Key` that stays the same while the same message is
//! retried, so that a push LINE took but whose answer was lost is not sent
//! twice (LINE answers 409 to the repeat).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use base64::Engine;
use ring::hmac;
use serde::Deserialize;

use super::{Accepted, Channel, Inbound, Recipient, SendError, Webhook, WebhookError};
use crate::config::{ChannelConfig, ChannelKind, ConfigError};

/// How long after its webhook a reply token is used (LINE guarantees one
/// minute; the margin covers the call itself).
pub const REPLY_FRESH: Duration = Duration::from_secs(50);

pub struct Line {
    id: String,
    api_base: String,
    /// The channel secret, as the key of the webhook's HMAC.
    secret: hmac::Key,
    token: String,
    client: reqwest::Client,
    /// Reply tokens this instance received: when, and whether used.
    replies: Mutex<HashMap<String, (Instant, bool)>>,
    /// Per user, the push being retried: its text and retry key.
    pending: Mutex<HashMap<String, (String, String)>>,
}

#[derive(Deserialize)]
struct Callback {
    #[allow(dead_code)]
    destination: String,
    events: Vec<Event>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Event {
    #[serde(rename = "type")]
    kind: String,
    /// Unix ms.
    timestamp: i64,
    webhook_event_id: String,
    #[serde(default)]
    mode: Option<String>,
    #[serde(default)]
    source: Option<Source>,
    #[serde(default)]
    reply_token: Option<String>,
    #[serde(default)]
    message: Option<Message>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Source {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    user_id: Option<String>,
}

#[derive(Deserialize)]
struct Message {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    text: Option<String>,
}

/// LINE's error answer.
#[derive(Deserialize, Default)]
struct ErrorAnswer {
    #[serde(default)]
    message: String,
    #[serde(default)]
    details: Vec<Detail>,
}

#[derive(Deserialize)]
struct Detail {
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    property: Option<String>,
}

/// How a reply-API call ended.
enum Replied {
    Sent,
    /// The token was used or expired: push instead.
    TokenInvalid,
    Failed(SendError),
}

impl Line {
    pub fn new(config: &ChannelConfig) -> Result<Line, ConfigError> {
        let what = |s: &str| format!("channel {}: {s}", config.id);
        let token = config
            .access_token
            .as_ref()
            .ok_or_else(|| ConfigError::Invalid(what("`access_token` is required")))?
            .read(&what("access_token"))?;
        let secret = config.secret.read(&what("secret"))?;
        Ok(Line {
            id: config.id.clone(),
            api_base: config.api_base(),
            secret: hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes()),
            token,
            client: super::client(config)?,
            replies: Mutex::default(),
            pending: Mutex::default(),
        })
    }

    /// Remembers a webhook's reply tokens (a redelivered event's token is
    /// not renewed), forgetting the stale ones.
    fn remember(&self, tokens: impl Iterator<Item = String>) {
        let mut replies = self.replies.lock().unwrap_or_else(|e| e.into_inner());
        replies.retain(|_, (at, _)| at.elapsed() < REPLY_FRESH * 2);
        for t in tokens {
            replies.entry(t).or_insert((Instant::now(), false));
        }
    }

    /// Whether `token` may still be used, marking it used.
    fn take_fresh(&self, token: &str) -> bool {
        let mut replies = self.replies.lock().unwrap_or_else(|e| e.into_inner());
        match replies.get_mut(token) {
            Some((at, used)) if !*used && at.elapsed() < REPLY_FRESH => {
                *used = true;
                true
            }
            _ => false,
        }
    }

    async fn reply(&self, token: &str, text: &str) -> Replied {
        let sent = self
            .client
            .post(format!("{}/v2/bot/message/reply", self.api_base))
            .bearer_auth(&self.token)
            .json(&serde_json::json!({
                "replyToken": token,
                "messages": [{ "type": "text", "text": text }],
            }))
            .send()
            .await;
        let response = match sent {
            Ok(r) => r,
            Err(e) => return Replied::Failed(network("reply", e).await),
        };
        let status = response.status().as_u16();
        if response.status().is_success() {
            return Replied::Sent;
        }
        let body = response.text().await.unwrap_or_default();
        let answer: ErrorAnswer = serde_json::from_str(&body).unwrap_or_default();
        if status == 400 && answer.message.to_ascii_lowercase().contains("reply token") {
            return Replied::TokenInvalid;
        }
        Replied::Failed(classify("reply", status, &body))
    }

    async fn push(&self, user: &str, text: &str) -> Result<(), SendError> {
        // The same message retried keeps its key.
        let key = {
            let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
            match pending.get(user) {
                Some((t, key)) if t == text => key.clone(),
                _ => {
                    let key = retry_key();
                    pending.insert(user.to_string(), (text.to_string(), key.clone()));
                    key
                }
            }
        };
        let sent = self
            .client
            .post(format!("{}/v2/bot/message/push", self.api_base))
            .bearer_auth(&self.token)
            .header("X-Line-Retry-Key", &key)
            .json(&serde_json::json!({
                "to": user,
                "messages": [{ "type": "text", "text": text }],
            }))
            .send()
            .await;
        let outcome = match sent {
            Err(e) => Err(network("push", e).await),
            // 409: LINE already took a request with this key.
            Ok(r) if r.status().is_success() || r.status().as_u16() == 409 => Ok(()),
            Ok(r) => {
                let status = r.status().as_u16();
                Err(classify(
                    "push",
                    status,
                    &r.text().await.unwrap_or_default(),
                ))
            }
        };
        if !matches!(outcome, Err(SendError::Retry(_))) {
            let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
            pending.remove(user);
        }
        outcome
    }
}

/// A network failure, named by its kind only.
async fn network(what: &str, e: reqwest::Error) -> SendError {
    match super::outcome(what, Err(e)).await {
        Err(e) => e,
        Ok(_) => SendError::Retry(format!("{what}: failed")),
    }
}

/// A LINE error answer as a [`SendError`]: 429 (too many requests) and 5xx
/// are retried, except the monthly message limit; other 4xx are refused.
fn classify(what: &str, status: u16, body: &str) -> SendError {
    let answer: ErrorAnswer = serde_json::from_str(body).unwrap_or_default();
    let mut why = if answer.message.is_empty() {
        body.chars().take(200).collect()
    } else {
        answer.message.clone()
    };
    for d in &answer.details {
        why.push_str(&format!(
            "; {}: {}",
            d.property.as_deref().unwrap_or("-"),
            d.message.as_deref().unwrap_or("-")
        ));
    }
    let why = format!("{what}: HTTP {status}: {why}");
    let monthly = answer
        .message
        .to_ascii_lowercase()
        .contains("monthly limit");
    if (status == 429 && !monthly) || status >= 500 {
        SendError::Retry(why)
    } else {
        SendError::Refused(why)
    }
}

/// A random UUID (version 4), as LINE's retry keys are.
fn retry_key() -> String {
    use ring::rand::SecureRandom;
    let mut b = [0u8; 16];
    if ring::rand::SystemRandom::new().fill(&mut b).is_err() {
        // No randomness: a key from the time still differs per message.
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        b = nanos.to_le_bytes();
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex::encode(b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

/// The event's text message from a user in a one-to-one chat.
fn inbound(e: Event) -> Option<Inbound> {
    if e.kind != "message" || e.mode.as_deref() == Some("standby") {
        return None;
    }
    let source = e.source.filter(|s| s.kind == "user")?;
    let message = e.message.filter(|m| m.kind == "text")?;
    let text = message.text.filter(|t| !t.trim().is_empty())?;
    Some(Inbound {
        event_id: e.webhook_event_id,
        user: source.user_id?,
        text,
        sent_at: Some(e.timestamp),
        reply_ref: e.reply_token,
        locale: None,
    })
}

#[async_trait::async_trait]
impl Channel for Line {
    fn id(&self) -> &str {
        &self.id
    }

    fn kind(&self) -> ChannelKind {
        ChannelKind::Line
    }

    fn accept(&self, request: &Webhook<'_>, _now: i64) -> Result<Accepted, WebhookError> {
        let signature = request
            .header("x-line-signature")
            .ok_or_else(|| WebhookError::Unauthorized("missing x-line-signature header".into()))?;
        let tag = base64::engine::general_purpose::STANDARD
            .decode(signature.trim())
            .map_err(|_| WebhookError::Unauthorized("x-line-signature is not base64".into()))?;
        hmac::verify(&self.secret, request.body, &tag).map_err(|_| {
            WebhookError::Unauthorized("x-line-signature does not match the body".into())
        })?;
        if request.method != "POST" {
            return Err(WebhookError::Malformed("LINE posts its webhooks".into()));
        }
        let callback: Callback = serde_json::from_slice(request.body)
            .map_err(|e| WebhookError::Malformed(format!("not a LINE webhook: {e}")))?;
        let total = callback.events.len();
        let taken: Vec<Inbound> = callback.events.into_iter().filter_map(inbound).collect();
        if taken.len() < total {
            tracing::debug!(channel = %self.id, left = total - taken.len(), "LINE events other than users' text messages: acknowledged");
        }
        self.remember(taken.iter().filter_map(|i| i.reply_ref.clone()));
        Ok(Accepted::Events(taken))
    }

    async fn send(&self, to: &Recipient, text: &str) -> Result<(), SendError> {
        if let Some(token) = to.reply_ref.as_deref().filter(|t| self.take_fresh(t)) {
            match self.reply(token, text).await {
                Replied::Sent => return Ok(()),
                Replied::Failed(e) => return Err(e),
                Replied::TokenInvalid => {
                    tracing::info!(channel = %self.id, "LINE reply token no longer valid: pushing")
                }
            }
        }
        self.push(&to.user, text).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "8c570fa6dd201bb328f1c1eac23a96d8";

    fn channel() -> Line {
        crate::tls::install_tls_provider();
        Line {
            id: "line".into(),
            api_base: "http://127.0.0.1:9".into(),
            secret: hmac::Key::new(hmac::HMAC_SHA256, SECRET.as_bytes()),
            token: "line-access-token".into(),
            client: reqwest::Client::new(),
            replies: Mutex::default(),
            pending: Mutex::default(),
        }
    }

    fn sign(body: &str) -> String {
        let key = hmac::Key::new(hmac::HMAC_SHA256, SECRET.as_bytes());
        base64::engine::general_purpose::STANDARD.encode(hmac::sign(&key, body.as_bytes()))
    }

    fn post(line: &Line, signature: Option<String>, body: &str) -> Result<Accepted, WebhookError> {
        let headers: Vec<(String, String)> = signature
            .map(|s| ("x-line-signature".to_string(), s))
            .into_iter()
            .collect();
        line.accept(
            &Webhook {
                method: "POST",
                query: &[],
                headers: &headers,
                body: body.as_bytes(),
            },
            0,
        )
    }

    const USER: &str = "U4af4980629b6a3e5b2b1a1a1a1a1a1a1";

    fn event(kind: &str, source: &str, message: &str) -> String {
        format!(
            r#"{{"destination": "Uxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "events": [{{"type": "{kind}",
            "message": {message}, "webhookEventId": "01FZ74A0TDDPYRVKNK77XKC3ZR",
            "deliveryContext": {{"isRedelivery": false}}, "timestamp": 1764064800123,
            "source": {source}, "replyToken": "b60d432864f44d079f6d8efe86cf404b", "mode": "active"}}]}}"#
        )
    }

    fn text_event() -> String {
        event(
            "message",
            &format!(r#"{{"type": "user", "userId": "{USER}"}}"#),
            r#"{"id": "444573844083572737", "type": "text", "quoteToken": "q3Plxr4", "text": "注文はどこですか？"}"#,
        )
    }

    #[test]
    fn a_signed_text_message_is_taken_with_its_reply_token() {
        let line = channel();
        let body = text_event();
        let Accepted::Events(events) = post(&line, Some(sign(&body)), &body).unwrap() else {
            panic!("events")
        };
        assert_eq!(
            events,
            vec![Inbound {
                event_id: "01FZ74A0TDDPYRVKNK77XKC3ZR".into(),
                user: USER.into(),
                text: "注文はどこですか？".into(),
                sent_at: Some(1_764_064_800_123),
                reply_ref: Some("b60d432864f44d079f6d8efe86cf404b".into()),
                locale: None,
            }]
        );
        // The token is fresh once.
        assert!(line.take_fresh("b60d432864f44d079f6d8efe86cf404b"));
        assert!(!line.take_fresh("b60d432864f44d079f6d8efe86cf404b"));
        assert!(!line.take_fresh("never-seen"));
        // A redelivery does not make a used token fresh again.
        post(&line, Some(sign(&body)), &body).unwrap();
        assert!(!line.take_fresh("b60d432864f44d079f6d8efe86cf404b"));
    }

    #[test]
    fn other_events_and_group_messages_are_acknowledged_and_left() {
        let line = channel();
        let user = format!(r#"{{"type": "user", "userId": "{USER}"}}"#);
        let group = format!(r#"{{"type": "group", "groupId": "Ca56f9", "userId": "{USER}"}}"#);
        let text = r#"{"id": "1", "type": "text", "text": "hi"}"#;
        let sticker = r#"{"id": "2", "type": "sticker", "packageId": "1", "stickerId": "1"}"#;
        for body in [
            event("follow", &user, "null"),
            event("message", &group, text),
            event("message", &user, sticker),
            text_event().replace("\"active\"", "\"standby\""),
            r#"{"destination": "Uxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "events": []}"#.to_string(),
        ] {
            assert_eq!(
                post(&line, Some(sign(&body)), &body).unwrap(),
                Accepted::Events(vec![]),
                "{body}"
            );
        }
        let body = "{\"destination\": ";
        assert!(matches!(
            post(&line, Some(sign(body)), body),
            Err(WebhookError::Malformed(_))
        ));
    }

    #[test]
    fn a_missing_or_wrong_signature_is_refused_before_parsing() {
        let line = channel();
        let body = text_event();
        for signature in [
            None,
            Some("not base64!".to_string()),
            Some(sign("{}")),
            Some(sign(&body).to_lowercase()),
        ] {
            let e = post(&line, signature.clone(), &body).unwrap_err();
            assert!(matches!(e, WebhookError::Unauthorized(_)), "{signature:?}");
        }
        // Nothing of a refused request is remembered.
        assert!(!line.take_fresh("b60d432864f44d079f6d8efe86cf404b"));
    }

    #[test]
    fn errors_are_retried_or_refused_by_status_and_retry_keys_are_uuids() {
        let limit = r#"{"message": "You have reached your monthly limit."}"#;
        assert!(matches!(
            classify("push", 429, limit),
            SendError::Refused(_)
        ));
        let busy = r#"{"message": "The API rate limit has been exceeded. Try again later."}"#;
        assert!(matches!(classify("push", 429, busy), SendError::Retry(_)));
        assert!(matches!(classify("push", 500, "{}"), SendError::Retry(_)));
        let bad = r#"{"message": "The request body has 1 error(s)",
            "details": [{"message": "Length must be between 0 and 5000", "property": "messages[0].text"}]}"#;
        let e = classify("push", 400, bad);
        assert!(
            matches!(&e, SendError::Refused(w) if w.contains("messages[0].text")),
            "{e:?}"
        );
        let key = retry_key();
        assert_eq!(key.len(), 36);
        assert_eq!(&key[14..15], "4");
        assert_ne!(key, retry_key());
    }
}
