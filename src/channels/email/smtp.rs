//! Replies out through the shop's SMTP server (`[channels.smtp]`, RFC 5321
//! through lettre): one connection per reply, STARTTLS required (`starttls`),
//! implicit TLS (`tls`) or none (`none`: a relay on a trusted network),
//! AUTH when a username is given. A reply is `text/plain; charset=utf-8`
//! with its own `Message-ID` and the thread's `In-Reply-To`, `References`
//! and `Re:` subject.

use std::time::Duration;

use lettre::message::{Mailbox, Message, SinglePart};
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::{Address, AsyncTransport, Tokio1Executor};

use super::thread::ReplyRef;
use crate::channels::SendError;
use crate::config::{ChannelConfig, ConfigError};

pub struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Smtp {
    pub fn new(config: &ChannelConfig) -> Result<Smtp, ConfigError> {
        let what = |s: &str| format!("channel {}: smtp: {s}", config.id);
        let invalid = |s: String| ConfigError::Invalid(what(&s));
        let smtp = config
            .smtp
            .as_ref()
            .ok_or_else(|| invalid("`[channels.smtp]` is required".into()))?;
        let from: Mailbox = smtp
            .from
            .parse()
            .map_err(|e| invalid(format!("`from` is not an address: {e}")))?;
        let tls = || {
            crate::tls::install_tls_provider();
            TlsParameters::new(smtp.host.clone()).map_err(|e| invalid(format!("TLS: {e}")))
        };
        let tls = match smtp.security.as_str() {
            "starttls" => Tls::Required(tls()?),
            "tls" => Tls::Wrapper(tls()?),
            "none" => Tls::None,
            other => return Err(invalid(format!("unknown `security` {other:?}"))),
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host)
            .port(smtp.port)
            .tls(tls)
            .timeout(Some(Duration::from_millis(config.timeout_ms)))
            .hello_name(ClientId::Domain(from.email.domain().to_string()));
        match (&smtp.username, &smtp.password) {
            (Some(user), Some(password)) => {
                let password = password.read(&what("password"))?;
                builder = builder.credentials(Credentials::new(user.clone(), password));
            }
            (None, None) => {}
            _ => {
                return Err(invalid(
                    "give both `username` and `password`, or neither".into(),
                ));
            }
        }
        Ok(Smtp {
            transport: builder.build(),
            from,
        })
    }

    /// The address replies come from, in lower case.
    pub fn address(&self) -> String {
        self.from.email.to_string().to_lowercase()
    }

    /// Sends `text` to `to` in the thread `thread` (the stored reply
    /// reference). SMTP's 5xx answers are refusals; 4xx answers, timeouts
    /// and connection or TLS failures are worth another attempt.
    pub async fn send(&self, to: &str, thread: Option<&str>, text: &str) -> Result<(), SendError> {
        let to: Address = to
            .parse()
            .map_err(|_| SendError::Refused("not an e-mail address".into()))?;
        let thread = thread.map(ReplyRef::from_json).unwrap_or_default();
        let message = self
            .message(to, &thread, text)
            .map_err(|e| SendError::Refused(format!("the reply cannot be built: {e}")))?;
        self.transport.send(message).await.map(|_| ()).map_err(|e| {
            let why = format!("SMTP: {e}");
            if e.is_permanent() {
                SendError::Refused(why)
            } else {
                SendError::Retry(why)
            }
        })
    }

    fn message(
        &self,
        to: Address,
        thread: &ReplyRef,
        text: &str,
    ) -> Result<Message, lettre::error::Error> {
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(None, to))
            .subject(thread.reply_subject())
            .message_id(Some(format!(
                "<{}@{}>",
                random_id(),
                self.from.email.domain()
            )));
        if let Some(id) = &thread.id {
            builder = builder.in_reply_to(id.clone());
        }
        if !thread.references.is_empty() {
            builder = builder.references(thread.references.join(" "));
        }
        // A MIME part: `MIME-Version`, `Content-Type: text/plain;
        // charset=utf-8`, 7bit or quoted-printable as the text needs.
        builder.singlepart(SinglePart::plain(text.to_string()))
    }
}

/// 128 random bits, hex: the left part of a reply's `Message-ID`.
fn random_id() -> String {
    use ring::rand::SecureRandom;
    let mut bytes = [0u8; 16];
    ring::rand::SystemRandom::new()
        .fill(&mut bytes)
        .expect("the system's random source");
    hex::encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn smtp(security: &str) -> Result<Smtp, ConfigError> {
        let config: ChannelConfig = toml::from_str(&format!(
            "id = \"m\"\nkind = \"email\"\ncountry = \"DE\"\nsecret = {{ env = \"S\" }}\n\
             [smtp]\nhost = \"127.0.0.1\"\nport = 2525\nsecurity = \"{security}\"\n\
             from = \"Kundenservice <hilfe@shop.example>\"\n"
        ))
        .unwrap();
        Smtp::new(&config)
    }

    #[test]
    fn a_reply_carries_the_threads_headers_as_plain_utf8_text() {
        let smtp = smtp("none").unwrap();
        let thread = ReplyRef::of(
            Some("<c@mail.example>"),
            None,
            Some("<a@shop.example>"),
            "Wo ist meine Bestellung?",
        );
        let m = smtp
            .message(
                "anna@example.de".parse().unwrap(),
                &thread,
                "Ihre Bestellung ist unterwegs.",
            )
            .unwrap();
        let raw = String::from_utf8(m.formatted()).unwrap();
        for header in [
            "From: Kundenservice <hilfe@shop.example>\r\n",
            "To: anna@example.de\r\n",
            "Subject: Re: Wo ist meine Bestellung?\r\n",
            "In-Reply-To: <c@mail.example>\r\n",
            "References: <a@shop.example> <c@mail.example>\r\n",
            "MIME-Version: 1.0\r\n",
            "Content-Type: text/plain; charset=utf-8\r\n",
        ] {
            assert!(raw.contains(header), "{header} in {raw}");
        }
        assert!(raw.contains("Message-ID: <"), "{raw}");
        assert!(raw.contains("@shop.example>\r\n"), "{raw}");
        // A thread without a reference still gets a subject.
        let m = smtp
            .message("a@b.example".parse().unwrap(), &ReplyRef::default(), "x")
            .unwrap();
        let raw = String::from_utf8(m.formatted()).unwrap();
        assert!(
            raw.contains("Subject: Re:\r\n") && !raw.contains("In-Reply-To"),
            "{raw}"
        );
    }

    #[test]
    fn the_smtp_settings_are_checked_at_start() {
        crate::tls::install_tls_provider();
        assert!(smtp("starttls").is_ok());
        assert!(smtp("tls").is_ok());
        let e = smtp("ssl").err().unwrap().to_string();
        assert!(e.contains("security"), "{e}");
    }
}
