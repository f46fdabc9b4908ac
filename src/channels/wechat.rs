//! WeChat Official Account (微信公众号), from the official account docs at
//! developers.weixin.qq.com/doc/offiaccount/:
//!
//! - `Basic_Information/Access_Overview.html` (接入指南): every request
//!   carries `signature`, `timestamp` and `nonce` in its query, the
//!   signature being the SHA-1 of the sorted token, timestamp and nonce;
//!   the server's verification is a GET with `echostr`, echoed back.
//! - `Message_Management/Receiving_standard_messages.html` (接收普通消息):
//!   flat XML bodies (`ToUserName`, `FromUserName` = the user's OpenID,
//!   `CreateTime` in seconds, `MsgType`, `Content`, `MsgId`); WeChat waits
//!   5 s for `success` (or an empty body) and otherwise sends the message
//!   again, three times at most.
//! - `Message_Management/Message_encryption_and_decryption_instructions.html`
//!   (消息加解密说明): in safe mode the query adds `encrypt_type=aes` and
//!   `msg_signature`, which also covers the body's `<Encrypt>` (see
//!   [`crypto`]).
//! - `Message_Management/Service_Center_messages.html` (客服消息): replies
//!   go out through `POST {api}/cgi-bin/message/custom/send?access_token=…`
//!   with `{"touser", "msgtype": "text", "text": {"content"}}`, answered
//!   `{"errcode": 0, "errmsg": "ok"}` or another `errcode`
//!   (`Getting_Started/Global_Return_Code.html`).
//!
//! Only text messages are taken; events (subscribe, menu clicks) and other
//! message types are acknowledged and left.

pub mod crypto;

use std::collections::HashMap;

use quick_xml::Reader;
use quick_xml::events::Event;
use serde::Deserialize;

use super::{Accepted, Channel, Inbound, Recipient, SendError, Webhook, WebhookError};
use crate::config::{ChannelConfig, ChannelKind, ConfigError, SecretRef};

pub struct Wechat {
    id: String,
    api_base: String,
    /// The token of the server configuration (服务器配置 → Token).
    token: String,
    /// Read again for every send: an outside job refreshes it.
    access_token: SecretRef,
    access_token_what: String,
    /// The official account's AppID, which safe-mode messages name.
    app_id: String,
    /// Safe mode's key; without one, only plain-text mode is accepted.
    key: Option<crypto::Key>,
    window_secs: i64,
    client: reqwest::Client,
}

#[derive(Deserialize)]
struct Answer {
    errcode: i64,
    #[serde(default)]
    errmsg: String,
}

impl Wechat {
    pub fn new(config: &ChannelConfig) -> Result<Wechat, ConfigError> {
        let what = |s: &str| format!("channel {}: {s}", config.id);
        let access_token = config
            .access_token
            .clone()
            .ok_or_else(|| ConfigError::Invalid(what("`access_token` is required")))?;
        // Read now, so that a missing one stops the start.
        access_token.read(&what("access_token"))?;
        let key = match &config.aes_key {
            Some(r) => Some(
                crypto::Key::from_encoding_aes_key(&r.read(&what("aes_key"))?)
                    .map_err(|e| ConfigError::Invalid(what(&format!("aes_key: {e}"))))?,
            ),
            None => None,
        };
        Ok(Wechat {
            id: config.id.clone(),
            api_base: config.api_base(),
            token: config.secret.read(&what("secret"))?,
            access_token,
            access_token_what: what("access_token"),
            app_id: config.account_id.clone().ok_or_else(|| {
                ConfigError::Invalid(what("`account_id` (the AppID) is required"))
            })?,
            key,
            window_secs: config.replay_window_secs as i64,
            client: super::client(config)?,
        })
    }

    /// Checks `signature` over the token, timestamp and nonce, then the
    /// timestamp against the replay window.
    fn check_signature(&self, request: &Webhook<'_>, now: i64) -> Result<(), WebhookError> {
        let (Some(signature), Some(timestamp), Some(nonce)) = (
            request.param("signature"),
            request.param("timestamp"),
            request.param("nonce"),
        ) else {
            return Err(WebhookError::Unauthorized(
                "missing signature, timestamp or nonce".into(),
            ));
        };
        let expected = crypto::signature(&[&self.token, timestamp, nonce]);
        if !super::same_secret(
            signature.to_ascii_lowercase().as_bytes(),
            expected.as_bytes(),
        ) {
            return Err(WebhookError::Unauthorized(
                "signature does not match".into(),
            ));
        }
        let sent: i64 = timestamp
            .parse()
            .map_err(|_| WebhookError::Unauthorized("timestamp is not a number".into()))?;
        if (now / 1000 - sent).abs() > self.window_secs {
            return Err(WebhookError::Unauthorized(
                "timestamp outside the replay window".into(),
            ));
        }
        Ok(())
    }

    /// A safe-mode body's message, once `msg_signature` holds over its
    /// `<Encrypt>` and the AppID inside is this account's.
    fn open(
        &self,
        key: &crypto::Key,
        request: &Webhook<'_>,
        envelope: &HashMap<String, String>,
    ) -> Result<String, WebhookError> {
        if request.param("encrypt_type") != Some("aes") {
            return Err(WebhookError::Unauthorized(
                "safe mode: encrypt_type=aes is missing".into(),
            ));
        }
        let given = request.param("msg_signature").ok_or_else(|| {
            WebhookError::Unauthorized("safe mode: msg_signature is missing".into())
        })?;
        let encrypt = envelope
            .get("Encrypt")
            .ok_or_else(|| WebhookError::Malformed("safe mode: no <Encrypt> element".into()))?;
        let (timestamp, nonce) = (
            request.param("timestamp").unwrap_or_default(),
            request.param("nonce").unwrap_or_default(),
        );
        let expected = crypto::signature(&[&self.token, timestamp, nonce, encrypt]);
        if !super::same_secret(given.to_ascii_lowercase().as_bytes(), expected.as_bytes()) {
            return Err(WebhookError::Unauthorized(
                "msg_signature does not match".into(),
            ));
        }
        let (message, app_id) = key
            .decrypt(encrypt)
            .map_err(|e| WebhookError::Malformed(format!("safe mode: {e}")))?;
        if app_id != self.app_id {
            return Err(WebhookError::Unauthorized(
                "safe mode: the message is for another AppID".into(),
            ));
        }
        Ok(message)
    }
}

/// The root `<xml>` element's children and their texts (WeChat's messages
/// are flat; deeper elements, such as an event's details, are skipped).
fn fields(xml: &[u8]) -> Result<HashMap<String, String>, String> {
    let text = std::str::from_utf8(xml).map_err(|_| "not UTF-8".to_string())?;
    let mut reader = Reader::from_str(text);
    let mut fields = HashMap::new();
    let mut depth = 0usize;
    let mut root = false;
    let mut current: Option<(String, String)> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("byte {}: {e}", reader.buffer_position()))?;
        match event {
            Event::Start(e) => {
                depth += 1;
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                match depth {
                    1 if name == "xml" && !root => root = true,
                    1 => return Err(format!("<{name}> where <xml> was expected")),
                    2 => current = Some((name, String::new())),
                    _ => {}
                }
            }
            Event::Empty(e) if depth == 1 => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                fields.insert(name, String::new());
            }
            Event::Empty(_) if depth == 0 => return Err("an empty root element".into()),
            Event::Text(t) if depth == 2 => {
                if let Some((_, value)) = current.as_mut() {
                    value.push_str(&t.xml_content().map_err(|e| e.to_string())?);
                }
            }
            Event::Text(t) if depth < 2 && !t.xml_content().is_ok_and(|s| s.trim().is_empty()) => {
                return Err("text outside the message's elements".into());
            }
            Event::CData(t) if depth == 2 => {
                if let Some((_, value)) = current.as_mut() {
                    value.push_str(&t.decode().map_err(|e| e.to_string())?);
                }
            }
            Event::GeneralRef(r) if depth == 2 => {
                let name = String::from_utf8_lossy(r.as_ref()).into_owned();
                let resolved = match name.as_str() {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    _ => r
                        .resolve_char_ref()
                        .ok()
                        .flatten()
                        .ok_or_else(|| format!("unknown entity &{name};"))?,
                };
                if let Some((_, value)) = current.as_mut() {
                    value.push(resolved);
                }
            }
            Event::End(_) => {
                if depth == 2
                    && let Some((name, value)) = current.take()
                {
                    fields.insert(name, value);
                }
                depth = depth.saturating_sub(1);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !root || depth != 0 {
        return Err("not a whole <xml> message".into());
    }
    Ok(fields)
}

/// The message's text, if it is a text message.
fn inbound(fields: &HashMap<String, String>) -> Result<Option<Inbound>, WebhookError> {
    let malformed = |m: &str| WebhookError::Malformed(format!("not a WeChat message: {m}"));
    let kind = fields
        .get("MsgType")
        .ok_or_else(|| malformed("no MsgType"))?;
    if kind.trim() != "text" {
        return Ok(None);
    }
    let get = |name: &str| {
        fields
            .get(name)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .ok_or_else(|| malformed(&format!("a text message without {name}")))
    };
    let (msg_id, user) = (get("MsgId")?, get("FromUserName")?);
    let sent_at = match fields.get("CreateTime").map(|v| v.trim()) {
        Some(t) => Some(
            t.parse::<i64>()
                .map_err(|_| malformed("CreateTime is not a number"))?
                * 1000,
        ),
        None => None,
    };
    let text = fields.get("Content").cloned().unwrap_or_default();
    if text.trim().is_empty() {
        return Ok(None);
    }
    Ok(Some(Inbound {
        event_id: msg_id.to_string(),
        user: user.to_string(),
        text,
        sent_at,
        reply_ref: None,
        locale: None,
    }))
}

/// What a customer-service send's `errcode` means for the delivery.
fn verdict(answer: Answer) -> Result<(), SendError> {
    let errmsg: String = answer.errmsg.chars().take(200).collect();
    let message = format!("custom/send: errcode {}: {errmsg}", answer.errcode);
    match answer.errcode {
        0 => Ok(()),
        // System busy; the API's call quotas.
        -1 | 45009 | 45011 => Err(SendError::Retry(message)),
        // An invalid or expired access token: the next attempt reads the
        // token again, which the outside job will have refreshed.
        40001 | 40014 | 42001 => Err(SendError::Retry(message)),
        // 45015: the user last wrote more than 48 h ago; 45047: too many
        // messages since; 40003: not this account's OpenID; 43004: the
        // user unfollowed; anything else WeChat refuses.
        _ => Err(SendError::Refused(message)),
    }
}

#[async_trait::async_trait]
impl Channel for Wechat {
    fn id(&self) -> &str {
        &self.id
    }

    fn kind(&self) -> ChannelKind {
        ChannelKind::Wechat
    }

    fn accept(&self, request: &Webhook<'_>, now: i64) -> Result<Accepted, WebhookError> {
        self.check_signature(request, now)?;
        if request.method == "GET" {
            let echo = request
                .param("echostr")
                .ok_or_else(|| WebhookError::Malformed("a verification without echostr".into()))?;
            return Ok(Accepted::Handshake(echo.to_string()));
        }
        let read = |xml: &[u8]| {
            fields(xml).map_err(|e| WebhookError::Malformed(format!("not a WeChat message: {e}")))
        };
        let envelope = read(request.body)?;
        let message = match &self.key {
            Some(key) => read(self.open(key, request, &envelope)?.as_bytes())?,
            None if envelope.contains_key("Encrypt") && !envelope.contains_key("MsgType") => {
                return Err(WebhookError::Malformed(
                    "an encrypted message, and no `aes_key` is configured".into(),
                ));
            }
            None => envelope,
        };
        Ok(Accepted::Events(inbound(&message)?.into_iter().collect()))
    }

    /// WeChat sends a message again unless it gets `success` (or nothing).
    fn ack(&self) -> (&'static str, String) {
        ("text/plain; charset=utf-8", "success".into())
    }

    async fn send(&self, to: &Recipient, text: &str) -> Result<(), SendError> {
        let token = self
            .access_token
            .read(&self.access_token_what)
            .map_err(|e| SendError::Retry(e.to_string()))?;
        // The token travels in the query: the URL is never printed
        // (`outcome` names only the kind of a network failure).
        let url = reqwest::Url::parse_with_params(
            &format!("{}/cgi-bin/message/custom/send", self.api_base),
            [("access_token", token.as_str())],
        )
        .map_err(|_| SendError::Refused("custom/send: the api_base is not a URL".into()))?;
        let sent = self
            .client
            .post(url)
            .json(&serde_json::json!({
                "touser": to.user,
                "msgtype": "text",
                "text": { "content": text },
            }))
            .send()
            .await;
        let response = super::outcome("custom/send", sent).await?;
        let answer: Answer = response
            .json()
            .await
            .map_err(|_| SendError::Retry("custom/send: an unreadable answer".into()))?;
        verdict(answer)
    }
}

#[cfg(test)]
mod tests;
