//! A Botpress bot through its Chat integration's HTTP API
//! (botpress.com/docs/api-reference/chat-api): per crossdesk conversation
//! a Chat API user (`POST /users`, whose `key` is the `x-user-key` of
//! every later call; or, with the integration's encryption key as the
//! secret, a user whose key crossdesk signs itself, `POST
//! /users/get-or-create`) and a conversation (`POST /conversations`); each
//! message is `POST /messages {conversationId, payload: {type: "text",
//! text}, metadata: {language}}`, and the bot's messages are read with
//! `GET /conversations/{id}/messages` until they stop coming. A bot
//! message whose `metadata.handoff` is true asks for a person.

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Value, json};

use super::http::{Secret, call};
use super::sessions::Sessions;
use super::{Bot, BotAnswer, UpstreamError};

/// How often the bot's messages are listed while it answers.
const POLL: Duration = Duration::from_millis(150);

pub struct BotpressBot {
    /// `https://chat.botpress.cloud/{webhookId}`
    base: String,
    /// The integration's encryption key, when it has one.
    key: Option<Secret>,
    client: reqwest::Client,
    timeout_ms: u64,
    sessions: Sessions<Session>,
}

/// The Chat API user and conversation of one crossdesk conversation.
#[derive(Clone)]
struct Session {
    user_id: String,
    user_key: String,
    conversation_id: String,
}

/// `{user, key}`, `{conversation}` or `{message}`.
#[derive(Deserialize)]
struct Created<T> {
    #[serde(rename = "user", alias = "conversation", alias = "message")]
    item: T,
    #[serde(default)]
    key: Option<String>,
}

#[derive(Deserialize)]
struct Id {
    id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Message {
    id: String,
    created_at: DateTime<Utc>,
    user_id: String,
    #[serde(default)]
    payload: Value,
    #[serde(default)]
    metadata: Value,
}

#[derive(Deserialize)]
struct Messages {
    messages: Vec<Message>,
}

impl BotpressBot {
    pub fn new(
        base: &str,
        key: Option<Secret>,
        timeout_ms: u64,
    ) -> Result<BotpressBot, UpstreamError> {
        Ok(BotpressBot {
            base: base.trim_end_matches('/').to_string(),
            key,
            client: super::http::client(timeout_ms)?,
            timeout_ms,
            sessions: Sessions::new(10_000, Duration::from_secs(24 * 3600)),
        })
    }

    async fn session(&self, conversation: &str) -> Result<Session, UpstreamError> {
        if let Some(s) = self.sessions.get(conversation) {
            return Ok(s);
        }
        let (user_id, user_key) = match &self.key {
            Some(secret) => {
                let user_id = format!("crossdesk-{conversation}");
                let user_key = signed_user_key(&user_id, &secret.get()?);
                let request = self
                    .client
                    .post(format!("{}/users/get-or-create", self.base))
                    .header("x-user-key", &user_key)
                    .json(&json!({}));
                let _: Created<Id> = call(request, "get or create user", self.timeout_ms).await?;
                (user_id, user_key)
            }
            None => {
                let request = self
                    .client
                    .post(format!("{}/users", self.base))
                    .json(&json!({}));
                let created: Created<Id> = call(request, "create user", self.timeout_ms).await?;
                let key = created
                    .key
                    .ok_or_else(|| UpstreamError::BadAnswer("create user: no key".into()))?;
                (created.item.id, key)
            }
        };
        let request = self
            .client
            .post(format!("{}/conversations", self.base))
            .header("x-user-key", &user_key)
            .json(&json!({}));
        let created: Created<Id> = call(request, "create conversation", self.timeout_ms).await?;
        let session = Session {
            user_id,
            user_key,
            conversation_id: created.item.id,
        };
        self.sessions.put(conversation, session.clone());
        Ok(session)
    }

    async fn list(&self, s: &Session) -> Result<Vec<Message>, UpstreamError> {
        let request = self
            .client
            .get(format!(
                "{}/conversations/{}/messages",
                self.base, s.conversation_id
            ))
            .header("x-user-key", &s.user_key);
        let listed: Messages = call(request, "list messages", self.timeout_ms).await?;
        Ok(listed.messages)
    }
}

/// The `x-user-key` for a user of an integration with an encryption key:
/// a JWT `{id}` signed with HS256.
fn signed_user_key(user_id: &str, encryption_key: &str) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let claims = URL_SAFE_NO_PAD.encode(json!({ "id": user_id }).to_string());
    let signing = format!("{header}.{claims}");
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, encryption_key.as_bytes());
    let tag = ring::hmac::sign(&key, signing.as_bytes());
    format!("{signing}.{}", URL_SAFE_NO_PAD.encode(tag.as_ref()))
}

/// The text of one message payload (text, markdown, choice and dropdown
/// prompts, the texts of a bloc); None for images, cards and the like.
fn text_of(payload: &Value) -> Option<String> {
    match payload["type"].as_str()? {
        "text" | "choice" | "dropdown" => payload["text"].as_str().map(str::to_string),
        "markdown" => payload["markdown"].as_str().map(str::to_string),
        "bloc" => {
            let items = payload["items"].as_array()?;
            let texts: Vec<String> = items.iter().filter_map(text_of).collect();
            (!texts.is_empty()).then(|| texts.join("\n"))
        }
        _ => None,
    }
}

/// The bot's messages after `sent`, oldest first, as one answer.
fn answer_from(
    mut messages: Vec<Message>,
    user_id: &str,
    sent: &Message,
) -> Result<BotAnswer, UpstreamError> {
    messages.retain(|m| m.user_id != user_id && m.created_at >= sent.created_at && m.id != sent.id);
    messages.sort_by_key(|m| m.created_at);
    let handoff = messages
        .iter()
        .any(|m| m.metadata["handoff"].as_bool() == Some(true));
    let texts: Vec<String> = messages
        .iter()
        .filter_map(|m| text_of(&m.payload))
        .filter(|t| !t.trim().is_empty())
        .collect();
    if texts.is_empty() && !handoff {
        return Err(UpstreamError::BadAnswer("no text in the answer".into()));
    }
    Ok(BotAnswer {
        text: texts.join("\n"),
        lang: None,
        handoff,
        understood: true,
    })
}

#[async_trait::async_trait]
impl Bot for BotpressBot {
    fn name(&self) -> &str {
        "botpress"
    }
    fn forget(&self, conversation: &str) {
        self.sessions.forget(conversation);
    }

    async fn answer(
        &self,
        conversation: &str,
        text: &crate::gate::Cleared,
        lang: &str,
    ) -> Result<BotAnswer, UpstreamError> {
        let s = self.session(conversation).await?;
        let request = self
            .client
            .post(format!("{}/messages", self.base))
            .header("x-user-key", &s.user_key)
            .json(&json!({
                "conversationId": s.conversation_id,
                "payload": { "type": "text", "text": text.text() },
                "metadata": { "language": lang },
            }));
        let sent: Result<Created<Message>, _> =
            call(request, "create message", self.timeout_ms).await;
        let sent = match sent {
            Ok(c) => c.item,
            Err(e) => {
                // The conversation may be gone on Botpress's side: start
                // anew at the next message.
                self.sessions.forget(conversation);
                return Err(e);
            }
        };
        // The bot answers in one or more messages: read until a listing
        // adds none (the pipeline's deadline bounds the wait).
        let mut seen = 0;
        loop {
            tokio::time::sleep(POLL).await;
            let messages = self.list(&s).await?;
            let replies = messages
                .iter()
                .filter(|m| m.user_id != s.user_id && m.created_at >= sent.created_at)
                .count();
            if replies > 0 && replies == seen {
                return answer_from(messages, &s.user_id, &sent);
            }
            seen = replies;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(id: &str, at: &str, user: &str, payload: Value, metadata: Value) -> Message {
        Message {
            id: id.into(),
            created_at: at.parse().unwrap(),
            user_id: user.into(),
            payload,
            metadata,
        }
    }

    #[test]
    fn the_bots_messages_after_ours_make_the_answer() {
        let sent = message(
            "m2",
            "2026-01-01T10:00:01Z",
            "u",
            json!({"type":"text","text":"hi"}),
            json!({}),
        );
        let listed = vec![
            message(
                "m4",
                "2026-01-01T10:00:03Z",
                "bot",
                json!({"type":"bloc","items":[{"type":"text","text":"Two"},{"type":"image","imageUrl":"x"}]}),
                json!({}),
            ),
            message(
                "m3",
                "2026-01-01T10:00:02Z",
                "bot",
                json!({"type":"text","text":"One"}),
                json!({}),
            ),
            message(
                "m2",
                "2026-01-01T10:00:01Z",
                "u",
                json!({"type":"text","text":"hi"}),
                json!({}),
            ),
            message(
                "m1",
                "2026-01-01T09:00:00Z",
                "bot",
                json!({"type":"text","text":"Old"}),
                json!({}),
            ),
        ];
        let a = answer_from(listed, "u", &sent).unwrap();
        assert_eq!(a.text, "One\nTwo");
        assert!(!a.handoff);
        let listed = vec![message(
            "m3",
            "2026-01-01T10:00:02Z",
            "bot",
            json!({"type":"image","imageUrl":"x"}),
            json!({"handoff": true}),
        )];
        assert!(answer_from(listed, "u", &sent).unwrap().handoff);
        let listed = vec![message(
            "m3",
            "2026-01-01T10:00:02Z",
            "bot",
            json!({"type":"image"}),
            json!({}),
        )];
        assert!(matches!(
            answer_from(listed, "u", &sent),
            Err(UpstreamError::BadAnswer(_))
        ));
    }

    #[test]
    fn signed_keys_are_hs256_jwts_of_the_user_id() {
        let k = signed_user_key("crossdesk-eu-1", "secret");
        let parts: Vec<&str> = k.split('.').collect();
        assert_eq!(parts.len(), 3);
        let claims = URL_SAFE_NO_PAD.decode(parts[1]).unwrap();
        assert_eq!(claims, br#"{"id":"crossdesk-eu-1"}"#);
        assert_ne!(k, signed_user_key("crossdesk-eu-1", "other"));
    }
}
