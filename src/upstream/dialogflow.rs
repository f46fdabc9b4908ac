//! A Dialogflow CX agent
//! (cloud.google.com/dialogflow/cx/docs/reference/rest/v3/projects.locations.agents.sessions/detectIntent):
//! `POST {endpoint}/v3/projects/{p}/locations/{l}/agents/{a}[/environments/{e}]/sessions/{s}:detectIntent`
//! with `queryInput: {text: {text}, languageCode}`, the language passed
//! through as the message is written. The endpoint is the agent's regional
//! one (`{location}-dialogflow.googleapis.com`; `global`:
//! `dialogflow.googleapis.com`), so text stays in the agent's region.
//! The answer is `queryResult.responseMessages[].text.text[]`; a
//! `liveAgentHandoff` message asks for a person; a `NO_MATCH` is the
//! agent's fallback (not understood).
//!
//! Authentication: `Authorization: Bearer <OAuth access token>` from
//! `secret_env` or `secret_file` (reread at each call, so a sidecar running
//! `gcloud auth print-access-token` can refresh it); crossdesk runs no
//! Google sign-in flow itself.

use serde::Deserialize;
use serde_json::{Value, json};

use super::http::{Secret, call};
use super::{Bot, BotAnswer, UpstreamError};
use crate::config::DialogflowConfig;

pub struct DialogflowBot {
    /// `…/v3/projects/{p}/locations/{l}/agents/{a}[/environments/{e}]/sessions/`
    sessions: String,
    token: Secret,
    client: reqwest::Client,
    timeout_ms: u64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Response {
    query_result: QueryResult,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct QueryResult {
    #[serde(default)]
    response_messages: Vec<Value>,
    #[serde(default)]
    language_code: Option<String>,
    #[serde(default, rename = "match")]
    matched: Value,
}

impl DialogflowBot {
    pub fn new(
        agent: &DialogflowConfig,
        url: Option<&str>,
        token: Secret,
        timeout_ms: u64,
    ) -> Result<DialogflowBot, UpstreamError> {
        let endpoint = match url {
            Some(u) => u.trim_end_matches('/').to_string(),
            None if agent.location == "global" => "https://dialogflow.googleapis.com".into(),
            None => format!("https://{}-dialogflow.googleapis.com", agent.location),
        };
        let environment = agent
            .environment
            .as_ref()
            .map(|e| format!("/environments/{e}"))
            .unwrap_or_default();
        Ok(DialogflowBot {
            sessions: format!(
                "{endpoint}/v3/projects/{}/locations/{}/agents/{}{environment}/sessions/",
                agent.project, agent.location, agent.agent
            ),
            token,
            client: super::http::client(timeout_ms)?,
            timeout_ms,
        })
    }
}

/// A session id Dialogflow accepts (at most 36 characters): the
/// conversation id, or a digest of a longer one.
fn session_id(conversation: &str) -> String {
    let fits = conversation.len() <= 36
        && conversation
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if fits {
        return conversation.to_string();
    }
    let digest = ring::digest::digest(&ring::digest::SHA256, conversation.as_bytes());
    hex::encode(&digest.as_ref()[..16])
}

fn answer_from(result: QueryResult, asked_in: &str) -> Result<BotAnswer, UpstreamError> {
    let mut texts = Vec::new();
    let mut handoff = false;
    for m in &result.response_messages {
        if let Some(parts) = m["text"]["text"].as_array() {
            texts.extend(parts.iter().filter_map(Value::as_str).map(str::to_string));
        }
        handoff |= m.get("liveAgentHandoff").is_some();
    }
    texts.retain(|t| !t.trim().is_empty());
    if texts.is_empty() && !handoff {
        return Err(UpstreamError::BadAnswer("no text in the answer".into()));
    }
    let lang = result
        .language_code
        .map(|l| crate::language::primary_subtag(&l))
        .filter(|l| !l.is_empty() && l != asked_in);
    Ok(BotAnswer {
        text: texts.join("\n"),
        lang,
        handoff,
        understood: result.matched["matchType"].as_str() != Some("NO_MATCH"),
    })
}

#[async_trait::async_trait]
impl Bot for DialogflowBot {
    fn name(&self) -> &str {
        "dialogflow"
    }

    async fn answer(
        &self,
        conversation: &str,
        text: &crate::gate::Cleared,
        lang: &str,
    ) -> Result<BotAnswer, UpstreamError> {
        let request = self
            .client
            .post(format!(
                "{}{}:detectIntent",
                self.sessions,
                session_id(conversation)
            ))
            .bearer_auth(self.token.get()?)
            .json(&json!({
                "queryInput": { "text": { "text": text.text() }, "languageCode": lang },
            }));
        let response: Response = call(request, "detect intent", self.timeout_ms).await?;
        answer_from(response.query_result, lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(json: &str) -> QueryResult {
        serde_json::from_str::<Response>(json).unwrap().query_result
    }

    #[test]
    fn texts_handoff_and_no_match_are_read() {
        let a = answer_from(
            result(r#"{"responseId":"r","queryResult":{"text":"hola","languageCode":"es","responseMessages":[{"text":{"text":["Hola","¿Qué tal?"]}},{"payload":{"x":1}},{"endInteraction":{}}],"match":{"matchType":"INTENT"}}}"#),
            "es",
        )
        .unwrap();
        assert_eq!(a.text, "Hola\n¿Qué tal?");
        assert!(!a.handoff && a.understood && a.lang.is_none());
        let a = answer_from(
            result(r#"{"queryResult":{"languageCode":"en","responseMessages":[{"liveAgentHandoff":{"metadata":{}}}],"match":{"matchType":"NO_MATCH"}}}"#),
            "es",
        )
        .unwrap();
        assert!(a.handoff && !a.understood);
        assert_eq!(a.lang.as_deref(), Some("en"));
        assert!(answer_from(result(r#"{"queryResult":{}}"#), "en").is_err());
    }

    #[test]
    fn the_endpoint_is_the_agents_regional_one() {
        let agent = |location: &str| DialogflowConfig {
            project: "p".into(),
            location: location.into(),
            agent: "a".into(),
            environment: None,
        };
        let t = || Secret::Value("t".into());
        let b = DialogflowBot::new(&agent("europe-west3"), None, t(), 1000).unwrap();
        assert_eq!(
            b.sessions,
            "https://europe-west3-dialogflow.googleapis.com/v3/projects/p/locations/europe-west3/agents/a/sessions/"
        );
        let b = DialogflowBot::new(&agent("global"), None, t(), 1000).unwrap();
        assert!(
            b.sessions
                .starts_with("https://dialogflow.googleapis.com/v3/")
        );
        let mut staged = agent("us-central1");
        staged.environment = Some("prod".into());
        let b = DialogflowBot::new(&staged, None, t(), 1000).unwrap();
        assert!(
            b.sessions
                .ends_with("/agents/a/environments/prod/sessions/")
        );
    }

    #[test]
    fn session_ids_fit_dialogflows_limit() {
        assert_eq!(session_id("eu-0123abcd"), "eu-0123abcd");
        let long = session_id(&"x".repeat(80));
        assert_eq!(long.len(), 32);
    }
}
