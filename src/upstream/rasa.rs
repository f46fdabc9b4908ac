//! Any HTTP bot speaking Rasa's REST channel: `POST {sender, message,
//! metadata: {language}}` →
//! `[{recipient_id, text?, image?, buttons?, custom?}]`. Text parts are joined
//! in order; `custom.handoff = true` in any part asks for a person.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::{Bot, BotAnswer, UpstreamError};

pub struct RasaBot {
    url: String,
    client: reqwest::Client,
    timeout_ms: u64,
}

#[derive(Serialize)]
struct Request<'a> {
    sender: &'a str,
    message: &'a str,
    /// Rasa passes `metadata` through to the bot's tracker.
    metadata: Metadata<'a>,
}

#[derive(Serialize)]
struct Metadata<'a> {
    /// The language of `message` (ISO 639-1).
    language: &'a str,
}

#[derive(Deserialize)]
struct Part {
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    custom: Option<serde_json::Value>,
}

impl RasaBot {
    pub fn new(url: &str, timeout_ms: u64) -> Result<RasaBot, UpstreamError> {
        crate::tls::install_tls_provider();
        let client = reqwest::Client::builder()
            .timeout(Duration::from_millis(timeout_ms))
            .connect_timeout(Duration::from_millis(timeout_ms.min(2000)))
            .build()
            .map_err(|e| UpstreamError::Unavailable(format!("http client: {e}")))?;
        Ok(RasaBot {
            url: url.to_string(),
            client,
            timeout_ms,
        })
    }
}

/// Turns the bot's parts into one answer.
fn answer_from(parts: Vec<Part>) -> Result<BotAnswer, UpstreamError> {
    let handoff = parts.iter().any(|p| {
        p.custom
            .as_ref()
            .and_then(|c| c.get("handoff"))
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false)
    });
    let texts: Vec<String> = parts
        .into_iter()
        .filter_map(|p| p.text)
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
impl Bot for RasaBot {
    fn name(&self) -> &str {
        "rasa"
    }

    async fn answer(
        &self,
        conversation: &str,
        text: &crate::gate::Cleared,
        lang: &str,
    ) -> Result<BotAnswer, UpstreamError> {
        let response = self
            .client
            .post(&self.url)
            .json(&Request {
                sender: conversation,
                message: text.text(),
                metadata: Metadata { language: lang },
            })
            .send()
            .await
            .map_err(|e| {
                if e.is_timeout() {
                    UpstreamError::Timeout(self.timeout_ms)
                } else {
                    // Without the URL's query: it may carry a token.
                    UpstreamError::Unavailable(e.without_url().to_string())
                }
            })?;
        let status = response.status();
        if !status.is_success() {
            return Err(UpstreamError::Unavailable(format!("HTTP {status}")));
        }
        let parts: Vec<Part> = response
            .json()
            .await
            .map_err(|e| UpstreamError::BadAnswer(e.without_url().to_string()))?;
        answer_from(parts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(json: &str) -> Vec<Part> {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn texts_are_joined_and_handoff_read_from_custom() {
        let a = answer_from(parts(
            r#"[{"recipient_id":"c1","text":"Hi"},{"recipient_id":"c1","image":"x.png"},{"recipient_id":"c1","text":"Bye","custom":{"handoff":true}}]"#,
        ))
        .unwrap();
        assert_eq!(a.text, "Hi\nBye");
        assert!(a.handoff);
    }

    #[test]
    fn empty_answer_is_unusable() {
        assert!(matches!(
            answer_from(parts("[]")),
            Err(UpstreamError::BadAnswer(_))
        ));
    }
}
