//! WhatsApp Business Platform, Cloud API
//! (developers.facebook.com/docs/whatsapp/cloud-api): Meta verifies the
//! webhook once with a GET (`hub.mode=subscribe`, `hub.verify_token`,
//! `hub.challenge`), then posts `whatsapp_business_account` notifications
//! signed with `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body
//! with the app secret>`. Text messages to the configured phone number are
//! taken; delivery statuses are logged, never taken as messages. Replies go
//! out through `POST {api}/{phone_number_id}/messages` with the access
//! token as Bearer. Graph API errors are classified by their `code`, as
//! Meta asks (a throttled send answers HTTP 400 with code 130429).

use ring::hmac;
use serde::Deserialize;

use super::{Accepted, Channel, Inbound, Recipient, SendError, Webhook, WebhookError};
use crate::config::{ChannelConfig, ChannelKind, ConfigError};

pub struct Whatsapp {
    id: String,
    api_base: String,
    /// The app secret, as the key of the webhook's HMAC.
    app_secret: hmac::Key,
    verify_token: String,
    token: String,
    /// The business phone number replies are sent from; messages to other
    /// numbers of the same account are not this channel's.
    phone_number_id: String,
    client: reqwest::Client,
}

#[derive(Deserialize)]
struct Notification {
    object: String,
    #[serde(default)]
    entry: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    #[serde(default)]
    changes: Vec<Change>,
}

#[derive(Deserialize)]
struct Change {
    #[serde(default)]
    field: String,
    value: Value,
}

#[derive(Deserialize)]
struct Value {
    #[serde(default)]
    metadata: Option<Metadata>,
    #[serde(default)]
    messages: Vec<Message>,
    #[serde(default)]
    statuses: Vec<Status>,
    /// Errors that concern no single message.
    #[serde(default)]
    errors: Vec<GraphError>,
}

#[derive(Deserialize)]
struct Metadata {
    phone_number_id: String,
}

#[derive(Deserialize)]
struct Message {
    /// The sender's WhatsApp id (their phone number, digits only).
    from: String,
    /// The `wamid.…` id.
    id: String,
    /// Unix seconds, as a string.
    timestamp: serde_json::Value,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    text: Option<Text>,
}

#[derive(Deserialize)]
struct Text {
    body: String,
}

#[derive(Deserialize)]
struct Status {
    status: String,
    #[serde(default)]
    errors: Vec<GraphError>,
}

/// The Graph API's error object (in an error answer under `error`, in
/// webhooks under `errors[]`).
#[derive(Deserialize, Default)]
struct GraphError {
    #[serde(default)]
    code: i64,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    fbtrace_id: Option<String>,
}

#[derive(Deserialize)]
struct ErrorAnswer {
    error: GraphError,
}

impl Whatsapp {
    pub fn new(config: &ChannelConfig) -> Result<Whatsapp, ConfigError> {
        let what = |s: &str| format!("channel {}: {s}", config.id);
        let required = |r: &Option<crate::config::SecretRef>, name: &str| {
            r.as_ref()
                .ok_or_else(|| ConfigError::Invalid(what(&format!("`{name}` is required"))))?
                .read(&what(name))
        };
        let secret = config.secret.read(&what("secret"))?;
        Ok(Whatsapp {
            id: config.id.clone(),
            api_base: config.api_base(),
            app_secret: hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes()),
            verify_token: required(&config.verify_token, "verify_token")?,
            token: required(&config.access_token, "access_token")?,
            phone_number_id: config.account_id.clone().ok_or_else(|| {
                ConfigError::Invalid(what("`account_id` (the phone number id) is required"))
            })?,
            client: super::client(config)?,
        })
    }

    /// The GET handshake: the challenge, when the verify token is ours.
    fn handshake(&self, request: &Webhook<'_>) -> Result<Accepted, WebhookError> {
        let token = request.param("hub.verify_token").unwrap_or_default();
        if request.param("hub.mode") != Some("subscribe")
            || !super::same_secret(token.as_bytes(), self.verify_token.as_bytes())
        {
            return Err(WebhookError::Unauthorized(
                "hub.mode is not subscribe or hub.verify_token does not match".into(),
            ));
        }
        match request.param("hub.challenge") {
            Some(c) if !c.is_empty() && c.len() <= 256 => Ok(Accepted::Handshake(c.to_string())),
            _ => Err(WebhookError::Malformed("hub.challenge is missing".into())),
        }
    }

    /// The notification's text messages to this channel's number.
    fn messages(&self, notification: Notification) -> Vec<Inbound> {
        let mut taken = Vec::new();
        let changes = notification.entry.into_iter().flat_map(|e| e.changes);
        for change in changes {
            let value = change.value;
            for e in &value.errors {
                tracing::warn!(channel = %self.id, code = e.code, title = ?e.title, "WhatsApp reports an error");
            }
            for s in &value.statuses {
                log_status(&self.id, s);
            }
            if value.messages.is_empty() {
                continue;
            }
            let to = value.metadata.as_ref().map(|m| m.phone_number_id.as_str());
            if to != Some(self.phone_number_id.as_str()) {
                // Another number of the same business account: its replies
                // would have to come from that number, not ours.
                tracing::warn!(channel = %self.id, field = %change.field, messages = value.messages.len(), "WhatsApp messages to another phone number id: left");
                continue;
            }
            for m in value.messages {
                match inbound(m) {
                    Ok(i) => taken.push(i),
                    Err(kind) => {
                        tracing::info!(channel = %self.id, %kind, "WhatsApp message that is not text: left")
                    }
                }
            }
        }
        taken
    }
}

/// A delivery status is the provider's news about a reply, not a message.
fn log_status(channel: &str, s: &Status) {
    if s.status == "failed" {
        for e in &s.errors {
            tracing::warn!(%channel, code = e.code, title = ?e.title, message = ?e.message, "WhatsApp could not deliver a reply");
        }
        if s.errors.is_empty() {
            tracing::warn!(%channel, "WhatsApp could not deliver a reply");
        }
    } else {
        tracing::debug!(%channel, status = %s.status, "WhatsApp delivery status");
    }
}

/// A text message as an [`Inbound`]; else the message's type.
fn inbound(m: Message) -> Result<Inbound, String> {
    let text = match (m.kind.as_str(), m.text) {
        ("text", Some(t)) if !t.body.trim().is_empty() => t.body,
        (kind, _) => return Err(kind.to_string()),
    };
    let seconds = match &m.timestamp {
        serde_json::Value::String(s) => s.parse::<i64>().ok(),
        v => v.as_i64(),
    };
    Ok(Inbound {
        event_id: m.id,
        user: m.from,
        text,
        sent_at: seconds.map(|s| s * 1000),
        reply_ref: None,
        locale: None,
    })
}

/// Graph API codes worth trying again: unknown or temporary service errors
/// (1, 2, 131000, 131016, 133004) and rate limits (4 per app, 80007 per
/// account, 130429 throughput, 131056 per recipient).
const TRANSIENT: [i64; 9] = [1, 2, 4, 80007, 130429, 131000, 131016, 131056, 133004];

/// A failed send's answer as a [`SendError`].
fn classify(status: u16, body: &str) -> SendError {
    let error = serde_json::from_str::<ErrorAnswer>(body)
        .map(|a| a.error)
        .unwrap_or_default();
    let text = error
        .message
        .unwrap_or_else(|| body.chars().take(200).collect());
    let mut why = format!("messages: HTTP {status}: {text} (code {}", error.code);
    if let Some(trace) = error.fbtrace_id {
        why.push_str(&format!(", fbtrace_id {trace}"));
    }
    why.push(')');
    if error.code == 131047 {
        why.push_str(": more than 24 hours since the shopper last wrote; only a template message can reach them now");
    }
    if status == 429 || status >= 500 || TRANSIENT.contains(&error.code) {
        SendError::Retry(why)
    } else {
        SendError::Refused(why)
    }
}

#[async_trait::async_trait]
impl Channel for Whatsapp {
    fn id(&self) -> &str {
        &self.id
    }

    fn kind(&self) -> ChannelKind {
        ChannelKind::Whatsapp
    }

    fn accept(&self, request: &Webhook<'_>, _now: i64) -> Result<Accepted, WebhookError> {
        if request.method == "GET" {
            return self.handshake(request);
        }
        let signature = request.header("x-hub-signature-256").ok_or_else(|| {
            WebhookError::Unauthorized("missing X-Hub-Signature-256 header".into())
        })?;
        let tag = signature
            .strip_prefix("sha256=")
            .and_then(|h| hex::decode(h).ok())
            .ok_or_else(|| {
                WebhookError::Unauthorized("X-Hub-Signature-256 is not sha256=<hex>".into())
            })?;
        hmac::verify(&self.app_secret, request.body, &tag).map_err(|_| {
            WebhookError::Unauthorized("X-Hub-Signature-256 does not match the body".into())
        })?;
        let notification: Notification = serde_json::from_slice(request.body)
            .map_err(|e| WebhookError::Malformed(format!("not a WhatsApp notification: {e}")))?;
        if notification.object != "whatsapp_business_account" {
            return Err(WebhookError::Malformed(format!(
                "object {:?} is not whatsapp_business_account",
                notification.object
            )));
        }
        Ok(Accepted::Events(self.messages(notification)))
    }

    async fn send(&self, to: &Recipient, text: &str) -> Result<(), SendError> {
        let url = format!("{}/{}/messages", self.api_base, self.phone_number_id);
        let body = serde_json::json!({
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to.user,
            "type": "text",
            "text": { "preview_url": false, "body": text },
        });
        let sent = self
            .client
            .post(url)
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await;
        let response = match sent {
            Ok(r) => r,
            // `outcome` names the kind of network failure only.
            Err(e) => return super::outcome("messages", Err(e)).await.map(|_| ()),
        };
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        let body = response.text().await.unwrap_or_default();
        Err(classify(status.as_u16(), &body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "app-secret-0a1b";

    fn channel() -> Whatsapp {
        crate::tls::install_tls_provider();
        Whatsapp {
            id: "wa".into(),
            api_base: "http://127.0.0.1:9".into(),
            app_secret: hmac::Key::new(hmac::HMAC_SHA256, SECRET.as_bytes()),
            verify_token: "verify-me".into(),
            token: "EAAG-token".into(),
            phone_number_id: "106540352242922".into(),
            client: reqwest::Client::new(),
        }
    }

    fn sign(body: &str) -> String {
        let key = hmac::Key::new(hmac::HMAC_SHA256, SECRET.as_bytes());
        format!("sha256={}", hex::encode(hmac::sign(&key, body.as_bytes())))
    }

    fn request(
        method: &str,
        query: &[(String, String)],
        signature: Option<String>,
        body: &str,
    ) -> Result<Accepted, WebhookError> {
        let headers: Vec<(String, String)> = signature
            .map(|s| ("x-hub-signature-256".to_string(), s))
            .into_iter()
            .collect();
        channel().accept(
            &Webhook {
                method,
                query,
                headers: &headers,
                body: body.as_bytes(),
            },
            0,
        )
    }

    fn post(body: &str) -> Result<Accepted, WebhookError> {
        request("POST", &[], Some(sign(body)), body)
    }

    const MESSAGE: &str = r#"{"object": "whatsapp_business_account", "entry": [{"id": "102290129340398",
        "changes": [{"field": "messages", "value": {"messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
        "contacts": [{"profile": {"name": "Ana"}, "wa_id": "34612345678"}],
        "messages": [{"from": "34612345678", "id": "wamid.HBgLMzQ2MTIzNDU2NzgVAgASGBQzQUI=",
        "timestamp": "1764064800", "type": "text", "text": {"body": "¿Dónde está mi pedido?"}}]}}]}]}"#;

    #[test]
    fn a_signed_text_message_to_our_number_is_taken() {
        let Accepted::Events(events) = post(MESSAGE).unwrap() else {
            panic!("events")
        };
        assert_eq!(
            events,
            vec![Inbound {
                event_id: "wamid.HBgLMzQ2MTIzNDU2NzgVAgASGBQzQUI=".into(),
                user: "34612345678".into(),
                text: "¿Dónde está mi pedido?".into(),
                sent_at: Some(1_764_064_800_000),
                reply_ref: None,
                locale: None,
            }]
        );
        // The same message to another number of the account is not ours.
        let other = MESSAGE.replace("\"106540352242922\"", "\"999\"");
        assert_eq!(post(&other).unwrap(), Accepted::Events(vec![]));
        // Nor an image.
        let image = MESSAGE.replace(
            r#""type": "text", "text": {"body": "¿Dónde está mi pedido?"}"#,
            r#""type": "image", "image": {"id": "1", "mime_type": "image/jpeg"}"#,
        );
        assert_eq!(post(&image).unwrap(), Accepted::Events(vec![]));
    }

    #[test]
    fn statuses_are_acknowledged_and_not_taken() {
        let failed = r#"{"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages",
            "value": {"messaging_product": "whatsapp", "metadata": {"display_phone_number": "1", "phone_number_id": "106540352242922"},
            "statuses": [{"id": "wamid.X", "status": "failed", "timestamp": "1764064900", "recipient_id": "34612345678",
            "errors": [{"code": 131047, "title": "Re-engagement message", "message": "Re-engagement message"}]},
            {"id": "wamid.Y", "status": "delivered", "timestamp": "1764064901", "recipient_id": "34612345678"}]}}]}]}"#;
        assert_eq!(post(failed).unwrap(), Accepted::Events(vec![]));
    }

    #[test]
    fn a_missing_wrong_or_misshapen_signature_is_refused_before_parsing() {
        for signature in [
            None,
            Some("sha256=00".to_string()),
            Some(sign(MESSAGE).replace("sha256=", "sha1=")),
            Some(sign("{}")),
            Some("sha256=zz".to_string()),
        ] {
            let e = request("POST", &[], signature.clone(), MESSAGE).unwrap_err();
            assert!(matches!(e, WebhookError::Unauthorized(_)), "{signature:?}");
            assert!(!e.to_string().contains(SECRET));
        }
        // Signed but not a notification.
        for body in ["{not json", r#"{"object": "page", "entry": []}"#] {
            assert!(
                matches!(post(body), Err(WebhookError::Malformed(_))),
                "{body}"
            );
        }
    }

    #[test]
    fn the_handshake_echoes_the_challenge_only_for_our_verify_token() {
        let q = |mode: &str, token: &str| {
            vec![
                ("hub.mode".to_string(), mode.to_string()),
                ("hub.verify_token".to_string(), token.to_string()),
                ("hub.challenge".to_string(), "1158201444".to_string()),
            ]
        };
        assert_eq!(
            request("GET", &q("subscribe", "verify-me"), None, "").unwrap(),
            Accepted::Handshake("1158201444".into())
        );
        for (mode, token) in [("subscribe", "verify-mE"), ("unsubscribe", "verify-me")] {
            assert!(matches!(
                request("GET", &q(mode, token), None, ""),
                Err(WebhookError::Unauthorized(_))
            ));
        }
        assert!(matches!(
            request("GET", &q("subscribe", "verify-me")[..2], None, ""),
            Err(WebhookError::Malformed(_))
        ));
    }

    #[test]
    fn graph_errors_are_classified_by_their_code() {
        let answer = |code: i64, message: &str| {
            serde_json::json!({"error": {"message": message, "type": "OAuthException",
                "code": code, "error_data": {"messaging_product": "whatsapp", "details": "…"},
                "fbtrace_id": "Az8or2yhqkZfEZ-_4Qn_Bam"}})
            .to_string()
        };
        let window = classify(400, &answer(131047, "(#131047) Re-engagement message"));
        assert!(
            matches!(&window, SendError::Refused(w) if w.contains("24 hours") && w.contains("Az8or2yhqkZfEZ")),
            "{window:?}"
        );
        assert!(matches!(
            classify(400, &answer(130429, "(#130429) Rate limit hit")),
            SendError::Retry(_)
        ));
        assert!(matches!(
            classify(400, &answer(131056, "(#131056) pair rate limit hit")),
            SendError::Retry(_)
        ));
        assert!(matches!(
            classify(500, &answer(131000, "Something went wrong")),
            SendError::Retry(_)
        ));
        assert!(matches!(classify(502, "<html>"), SendError::Retry(_)));
        assert!(matches!(
            classify(401, &answer(190, "Error validating access token")),
            SendError::Refused(_)
        ));
    }
}
