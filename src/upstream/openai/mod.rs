//! An OpenAI-compatible chat model as the core bot
//! (platform.openai.com/docs/api-reference/chat/create; llama.cpp, vLLM,
//! Ollama and hosted services speak the same): `POST {url}/v1/chat/completions`
//! with the configured system prompt, the conversation's earlier turns
//! within a token budget (`history.rs`), the message, `max_tokens` and
//! `temperature`. The endpoint is whichever the operator configures (an
//! in-region deployment), its jurisdiction declared in `[bot]`.
//!
//! Hand-off: the model calls the `handoff_to_person` function offered in
//! `tools` (`finish_reason: "tool_calls"`), or, for models without function
//! calling, writes the configured `handoff_marker`, which is removed.

mod history;

use std::time::Duration;

use serde::Deserialize;
use serde_json::{Value, json};

use super::http::{Secret, call};
use super::sessions::Sessions;
use super::{Bot, BotAnswer, UpstreamError};
use crate::config::OpenAiBotConfig;
use history::Turn;

/// The function the model calls to ask for a person.
const HANDOFF_TOOL: &str = "handoff_to_person";

pub struct OpenAiBot {
    url: String,
    key: Option<Secret>,
    settings: OpenAiBotConfig,
    client: reqwest::Client,
    timeout_ms: u64,
    history: Sessions<Vec<Turn>>,
}

#[derive(Deserialize)]
struct Response {
    choices: Vec<Choice>,
}

#[derive(Deserialize)]
struct Choice {
    message: Message,
}

#[derive(Deserialize)]
struct Message {
    #[serde(default)]
    content: Option<String>,
    #[serde(default)]
    tool_calls: Vec<Value>,
}

impl OpenAiBot {
    pub fn new(
        base: &str,
        key: Option<Secret>,
        settings: OpenAiBotConfig,
        timeout_ms: u64,
    ) -> Result<OpenAiBot, UpstreamError> {
        let base = base.trim_end_matches('/');
        let url = if base.ends_with("/v1") {
            format!("{base}/chat/completions")
        } else {
            format!("{base}/v1/chat/completions")
        };
        Ok(OpenAiBot {
            url,
            key,
            history: Sessions::new(
                settings.history_conversations,
                Duration::from_secs(settings.history_idle_secs),
            ),
            settings,
            client: super::http::client(timeout_ms)?,
            timeout_ms,
        })
    }

    /// The request's body: instructions, earlier turns, the message.
    fn body(&self, earlier: &[Turn], text: &str, lang: &str) -> Value {
        let s = &self.settings;
        let mut messages = vec![json!({
            "role": "system",
            "content": format!(
                "{}\nThe customer writes in the language with ISO 639-1 code \"{lang}\"; answer in it.",
                s.system_prompt
            ),
        })];
        for t in history::within(earlier, s.history_tokens) {
            messages.push(json!({ "role": "user", "content": t.user }));
            messages.push(json!({ "role": "assistant", "content": t.assistant }));
        }
        messages.push(json!({ "role": "user", "content": text }));
        let mut body = json!({
            "model": s.model,
            "messages": messages,
            "max_tokens": s.max_tokens,
            "temperature": s.temperature,
        });
        if s.handoff_tool {
            body["tools"] = json!([{
                "type": "function",
                "function": {
                    "name": HANDOFF_TOOL,
                    "description": "Hand the conversation to a person of the customer-service team.",
                    "parameters": {
                        "type": "object",
                        "properties": { "reason": { "type": "string" } },
                    },
                },
            }]);
        }
        body
    }

    /// The model's message as an answer, and the text kept in the history.
    fn answer_from(&self, message: Message) -> Result<BotAnswer, UpstreamError> {
        let mut handoff = message
            .tool_calls
            .iter()
            .any(|c| c["function"]["name"] == HANDOFF_TOOL);
        let mut text = message.content.unwrap_or_default();
        if let Some(marker) = self
            .settings
            .handoff_marker
            .as_deref()
            .filter(|m| !m.is_empty())
            && text.contains(marker)
        {
            handoff = true;
            text = text.replace(marker, "").trim().to_string();
        }
        if text.trim().is_empty() && !handoff {
            return Err(UpstreamError::BadAnswer("no text in the answer".into()));
        }
        Ok(BotAnswer {
            text,
            lang: None,
            handoff,
            understood: true,
        })
    }
}

#[async_trait::async_trait]
impl Bot for OpenAiBot {
    fn name(&self) -> &str {
        "openai"
    }
    fn forget(&self, conversation: &str) {
        self.history.forget(conversation);
    }

    /// A chat model reads every language crossdesk serves.
    fn languages(&self) -> Vec<String> {
        crate::language::trained_languages()
    }

    async fn answer(
        &self,
        conversation: &str,
        text: &crate::gate::Cleared,
        lang: &str,
    ) -> Result<BotAnswer, UpstreamError> {
        let mut earlier = self.history.get(conversation).unwrap_or_default();
        let mut request = self
            .client
            .post(&self.url)
            .json(&self.body(&earlier, text.text(), lang));
        if let Some(key) = &self.key {
            request = request.bearer_auth(key.get()?);
        }
        let response: Response = call(request, "chat completion", self.timeout_ms).await?;
        let message = response
            .choices
            .into_iter()
            .next()
            .ok_or_else(|| UpstreamError::BadAnswer("no choices in the answer".into()))?;
        let answer = self.answer_from(message.message)?;
        // Kept only as far as the budget could ever send it.
        earlier.push(Turn {
            user: text.text().to_string(),
            assistant: answer.text.clone(),
        });
        let keep = history::within(&earlier, self.settings.history_tokens).len();
        earlier.drain(..earlier.len() - keep);
        self.history.put(conversation, earlier);
        Ok(answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bot(marker: Option<&str>) -> OpenAiBot {
        let settings = OpenAiBotConfig {
            model: "m".into(),
            handoff_marker: marker.map(str::to_string),
            ..OpenAiBotConfig::default()
        };
        OpenAiBot::new("http://llm:8080/v1", None, settings, 1000).unwrap()
    }

    fn message(json: &str) -> Message {
        serde_json::from_str::<Response>(json)
            .unwrap()
            .choices
            .remove(0)
            .message
    }

    #[test]
    fn tool_calls_and_markers_ask_for_a_person() {
        let b = bot(Some("[[PERSON]]"));
        assert_eq!(b.url, "http://llm:8080/v1/chat/completions");
        let a = b
            .answer_from(message(r#"{"choices":[{"message":{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"handoff_to_person","arguments":"{}"}}]},"finish_reason":"tool_calls"}]}"#))
            .unwrap();
        assert!(a.handoff && a.text.is_empty());
        let a = b
            .answer_from(message(
                r#"{"choices":[{"message":{"content":"One moment. [[PERSON]]"}}]}"#,
            ))
            .unwrap();
        assert!(a.handoff);
        assert_eq!(a.text, "One moment.");
        assert!(
            b.answer_from(message(r#"{"choices":[{"message":{"content":" "}}]}"#))
                .is_err()
        );
    }

    #[test]
    fn the_body_has_instructions_history_and_the_message() {
        let b = bot(None);
        let earlier = vec![Turn {
            user: "Hi".into(),
            assistant: "Hello!".into(),
        }];
        let body = b.body(&earlier, "¿Dónde está mi pedido?", "es");
        let roles: Vec<&str> = body["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["role"].as_str().unwrap())
            .collect();
        assert_eq!(roles, ["system", "user", "assistant", "user"]);
        assert!(
            body["messages"][0]["content"]
                .as_str()
                .unwrap()
                .contains("\"es\"")
        );
        assert_eq!(body["tools"][0]["function"]["name"], HANDOFF_TOOL);
        assert_eq!(body["max_tokens"], 400);
    }
}
