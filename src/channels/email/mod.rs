//! E-mail: mails to the shop's support address arrive through the
//! provider's inbound route (Mailgun's "Receiving Messages via HTTP
//! through a forward() action",
//! documentation.mailgun.com/docs/mailgun/user-manual/receive-forward-store/receive-http),
//! a form signed as "Securing Webhooks" says (…/user-manual/webhooks/securing-webhooks):
//! `signature` = hex HMAC-SHA256 under the webhook signing key of
//! `timestamp` followed by `token`. Replies go out through the shop's SMTP
//! server in the same thread (`smtp.rs`, `thread.rs`). Only the new text of
//! a mail reaches the pipeline (`quote.rs`).
//!
//! The signature covers the timestamp and the one-time token, not the
//! mail: a request older than the replay window is refused, and the token
//! is the event id, so a captured request cannot be sent again with
//! another mail in it.

mod form;
mod quote;
mod smtp;
mod thread;

use lettre::message::Mailbox;
use ring::hmac;

use super::{Accepted, Channel, Inbound, Recipient, SendError, Webhook, WebhookError};
use crate::config::{ChannelConfig, ChannelKind, ConfigError};
use form::Form;
use thread::ReplyRef;

use quote::new_text;

pub struct Email {
    id: String,
    key: hmac::Key,
    window_secs: i64,
    smtp: smtp::Smtp,
}

impl Email {
    pub fn new(config: &ChannelConfig) -> Result<Email, ConfigError> {
        let secret = config
            .secret
            .read(&format!("channel {}: secret", config.id))?;
        Ok(Email {
            id: config.id.clone(),
            key: hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes()),
            window_secs: config.replay_window_secs as i64,
            smtp: smtp::Smtp::new(config)?,
        })
    }

    /// The form's `timestamp` and `token`, signed with our key, and the
    /// timestamp within the window of `now` (Unix ms).
    fn check_signature(&self, form: &Form, now: i64) -> Result<(), WebhookError> {
        let unauthorized = |m: &str| Err(WebhookError::Unauthorized(m.into()));
        let (Some(timestamp), Some(token), Some(signature)) = (
            form.text("timestamp"),
            form.text("token"),
            form.text("signature"),
        ) else {
            return unauthorized("missing timestamp, token or signature");
        };
        let Ok(tag) = hex::decode(signature) else {
            return unauthorized("the signature is not hexadecimal");
        };
        let signed = format!("{timestamp}{token}");
        if hmac::verify(&self.key, signed.as_bytes(), &tag).is_err() {
            return unauthorized("the signature does not match");
        }
        let Ok(seconds) = timestamp.parse::<i64>() else {
            return unauthorized("the timestamp is not a number");
        };
        if (now / 1000 - seconds).abs() > self.window_secs {
            return unauthorized("the timestamp is outside the replay window");
        }
        Ok(())
    }
}

/// The mail's sender as replies are addressed: the `From` header's address
/// (else the envelope sender), display name removed, lower case.
fn sender(form: &Form) -> Result<String, WebhookError> {
    let from = form
        .text("from")
        .or_else(|| form.text("sender"))
        .ok_or_else(|| WebhookError::Malformed("the mail has no sender (`from`)".into()))?;
    let address = match from.trim().parse::<Mailbox>() {
        Ok(mailbox) => mailbox.email.to_string(),
        // A bare address lettre would not take as a mailbox.
        Err(_) => from
            .trim()
            .parse::<lettre::Address>()
            .map_err(|_| WebhookError::Malformed("the sender is not an e-mail address".into()))?
            .to_string(),
    };
    Ok(address.to_lowercase())
}

/// A header from the form's own field, else from `message-headers` (a JSON
/// list of `[name, value]` pairs, in order).
fn header(form: &Form, name: &str) -> Option<String> {
    if let Some(v) = form.text(name) {
        return Some(v.to_string());
    }
    let all: Vec<(String, String)> = serde_json::from_str(form.get("message-headers")?).ok()?;
    all.into_iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

/// Whether a program sent the mail (RFC 3834's `Auto-Submitted`, the
/// `Precedence` of lists and vacation replies, Microsoft's
/// `X-Auto-Response-Suppress` answers): answering it could start a loop of
/// answers between two programs.
fn automatic(form: &Form) -> bool {
    let submitted = header(form, "Auto-Submitted").map(|v| v.trim().to_ascii_lowercase());
    let precedence = header(form, "Precedence").map(|v| v.trim().to_ascii_lowercase());
    submitted.is_some_and(|v| v != "no")
        || precedence.is_some_and(|v| matches!(v.as_str(), "bulk" | "junk" | "list" | "auto_reply"))
        || header(form, "X-Autoreply").is_some()
        || header(form, "X-Autorespond").is_some()
}

/// The signed form as the shopper's message: none when the mail holds no
/// new text (a reply that only quotes), was sent by a program, or comes
/// from our own address (`ours`).
fn inbound(form: &Form, ours: &str) -> Result<Option<Inbound>, WebhookError> {
    let user = sender(form)?;
    if automatic(form) || user == ours {
        return Ok(None);
    }
    let token = form.text("token").unwrap_or_default();
    let timestamp: i64 = form
        .text("timestamp")
        .and_then(|t| t.parse().ok())
        .unwrap_or_default();
    if form.get("body-plain").is_none() && form.get("stripped-text").is_none() {
        return Err(WebhookError::Malformed(
            "the mail has no `body-plain`".into(),
        ));
    }
    let subject = form.get("subject").unwrap_or_default();
    let in_reply_to = header(form, "In-Reply-To");
    // Mailgun's own stripping first, ours on top (it knows more languages'
    // quote headers); its whole text when Mailgun kept nothing.
    let mut text = form.text("stripped-text").map(new_text).unwrap_or_default();
    if text.trim().is_empty() {
        text = new_text(form.get("body-plain").unwrap_or_default());
    }
    // A first mail may say everything in its subject.
    if text.trim().is_empty() && in_reply_to.is_none() {
        text = subject.trim().to_string();
    }
    if text.trim().is_empty() {
        return Ok(None);
    }
    let reply = ReplyRef::of(
        header(form, "Message-Id").as_deref(),
        in_reply_to.as_deref(),
        header(form, "References").as_deref(),
        subject,
    );
    Ok(Some(Inbound {
        event_id: token.to_string(),
        user,
        text,
        sent_at: Some(timestamp * 1000),
        reply_ref: Some(reply.to_json()),
        locale: None,
    }))
}

#[async_trait::async_trait]
impl Channel for Email {
    fn id(&self) -> &str {
        &self.id
    }

    fn kind(&self) -> ChannelKind {
        ChannelKind::Email
    }

    /// Mailgun's signature is inside the form, so the form is read first,
    /// and nothing of it is used before the signature is checked.
    fn accept(&self, request: &Webhook<'_>, now: i64) -> Result<Accepted, WebhookError> {
        if request.method != "POST" {
            return Err(WebhookError::Malformed(
                "the provider posts its mails".into(),
            ));
        }
        let form = Form::parse(request.header("content-type"), request.body)
            .map_err(|e| WebhookError::Malformed(format!("not a form: {e}")))?;
        self.check_signature(&form, now)?;
        let events = inbound(&form, &self.smtp.address())?;
        Ok(Accepted::Events(events.into_iter().collect()))
    }

    async fn send(&self, to: &Recipient, text: &str) -> Result<(), SendError> {
        self.smtp
            .send(&to.user, to.reply_ref.as_deref(), text)
            .await
    }
}

#[cfg(test)]
mod tests;
