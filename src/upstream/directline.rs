//! A Microsoft Bot Framework bot through Direct Line 3.0
//! (learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-direct-line-3-0-api-reference):
//! per crossdesk conversation a Direct Line conversation (`POST
//! /v3/directline/conversations`), each message an activity (`POST
//! …/conversations/{id}/activities`, `{type: "message", from, text,
//! locale}`), the bot's activities read with `GET
//! …/activities?watermark=` until its reply (`replyToId`) has come. Every
//! call carries `Authorization: Bearer <Direct Line secret>`: crossdesk is
//! a server, so it never needs the short-lived tokens a browser would.
//!
//! Hand-off, as the Bot Framework's handoff protocol and its schema define
//! it: an `event` activity named `handoff.initiate`, a `handoff` activity,
//! or (for bots that mark it themselves) `channelData.handoff = true`.

use std::time::Duration;

use serde::Deserialize;
use serde_json::{Value, json};

use super::http::{Secret, call};
use super::sessions::Sessions;
use super::{Bot, BotAnswer, UpstreamError};

/// How often activities are read while the bot answers.
const POLL: Duration = Duration::from_millis(150);

pub struct DirectLineBot {
    /// `https://directline.botframework.com` (or a regional one:
    /// `https://europe.directline.botframework.com`).
    base: String,
    secret: Secret,
    client: reqwest::Client,
    timeout_ms: u64,
    sessions: Sessions<Session>,
}

#[derive(Clone)]
struct Session {
    conversation_id: String,
    watermark: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Started {
    conversation_id: String,
}

#[derive(Deserialize)]
struct Posted {
    id: String,
}

#[derive(Deserialize)]
struct ActivitySet {
    #[serde(default)]
    activities: Vec<Activity>,
    #[serde(default)]
    watermark: Option<String>,
}

#[derive(Deserialize, Clone)]
#[serde(rename_all = "camelCase")]
struct Activity {
    #[serde(default)]
    id: Option<String>,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    from: Option<Account>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    reply_to_id: Option<String>,
    #[serde(default)]
    channel_data: Value,
}

#[derive(Deserialize, Clone)]
struct Account {
    id: String,
}

impl Activity {
    fn is_handoff(&self) -> bool {
        self.kind == "handoff"
            || (self.kind == "event"
                && matches!(self.name.as_deref(), Some("handoff.initiate" | "handoff")))
            || self.channel_data["handoff"].as_bool() == Some(true)
    }
}

impl DirectLineBot {
    pub fn new(
        base: Option<&str>,
        secret: Secret,
        timeout_ms: u64,
    ) -> Result<DirectLineBot, UpstreamError> {
        Ok(DirectLineBot {
            base: base
                .unwrap_or("https://directline.botframework.com")
                .trim_end_matches('/')
                .to_string(),
            secret,
            client: super::http::client(timeout_ms)?,
            timeout_ms,
            sessions: Sessions::new(10_000, Duration::from_secs(24 * 3600)),
        })
    }

    fn conversations(&self) -> String {
        format!("{}/v3/directline/conversations", self.base)
    }

    async fn session(&self, conversation: &str, secret: &str) -> Result<Session, UpstreamError> {
        if let Some(s) = self.sessions.get(conversation) {
            return Ok(s);
        }
        let request = self.client.post(self.conversations()).bearer_auth(secret);
        let started: Started = call(request, "start conversation", self.timeout_ms).await?;
        Ok(Session {
            conversation_id: started.conversation_id,
            watermark: None,
        })
    }
}

/// The bot's activities (not the user's) as one answer.
fn answer_from(activities: &[Activity]) -> Result<BotAnswer, UpstreamError> {
    let handoff = activities.iter().any(Activity::is_handoff);
    let texts: Vec<String> = activities
        .iter()
        .filter(|a| a.kind == "message")
        .filter_map(|a| a.text.clone())
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
impl Bot for DirectLineBot {
    fn name(&self) -> &str {
        "directline"
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
        let secret = self.secret.get()?;
        let mut s = self.session(conversation, &secret).await?;
        let user = format!("dl_{conversation}");
        let activities = format!("{}/{}/activities", self.conversations(), s.conversation_id);
        let request = self
            .client
            .post(&activities)
            .bearer_auth(&secret)
            .json(&json!({
                "type": "message",
                "from": { "id": user },
                "text": text.text(),
                "textFormat": "plain",
                "locale": lang,
            }));
        let posted: Posted = match call(request, "send activity", self.timeout_ms).await {
            Ok(p) => p,
            Err(e) => {
                // An expired or unknown conversation: a new one next time.
                self.sessions.forget(conversation);
                return Err(e);
            }
        };
        let mut replies: Vec<Activity> = Vec::new();
        let mut quiet = false;
        loop {
            let mut url = reqwest::Url::parse(&activities)
                .map_err(|e| UpstreamError::Unavailable(format!("the bot's url: {e}")))?;
            if let Some(w) = &s.watermark {
                url.query_pairs_mut().append_pair("watermark", w);
            }
            let request = self.client.get(url).bearer_auth(&secret);
            let set: ActivitySet = call(request, "get activities", self.timeout_ms).await?;
            if set.watermark.is_some() {
                s.watermark = set.watermark;
            }
            self.sessions.put(conversation, s.clone());
            // What came before this activity (a welcome, say) is not its answer.
            let ours = set
                .activities
                .iter()
                .position(|a| a.id.as_deref() == Some(posted.id.as_str()));
            let new: Vec<Activity> = set
                .activities
                .into_iter()
                .skip(ours.map_or(0, |i| i + 1))
                .filter(|a| a.from.as_ref().is_none_or(|f| f.id != user))
                .collect();
            let answered = new
                .iter()
                .any(|a| a.reply_to_id.as_deref() == Some(posted.id.as_str()) || a.is_handoff());
            let added = !new.is_empty();
            replies.extend(new);
            // Done once the reply to this activity has come, or when the
            // bot's activities (sent without replyToId) stopped coming.
            if answered || (quiet && !replies.is_empty() && !added) {
                return answer_from(&replies);
            }
            quiet = true;
            tokio::time::sleep(POLL).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn activities(json: &str) -> Vec<Activity> {
        serde_json::from_str::<ActivitySet>(json)
            .unwrap()
            .activities
    }

    #[test]
    fn messages_are_joined_and_the_handoff_protocol_read() {
        let a = answer_from(&activities(
            r#"{"activities":[{"type":"typing","from":{"id":"bot"}},{"type":"message","from":{"id":"bot"},"text":"Hi","replyToId":"c|1"},{"type":"message","from":{"id":"bot"},"text":"Bye"}],"watermark":"3"}"#,
        ))
        .unwrap();
        assert_eq!(a.text, "Hi\nBye");
        assert!(!a.handoff);
        for handoff in [
            r#"{"type":"event","name":"handoff.initiate","from":{"id":"bot"},"value":{"skill":"billing"}}"#,
            r#"{"type":"handoff","from":{"id":"bot"}}"#,
            r#"{"type":"message","text":"A colleague will help","from":{"id":"bot"},"channelData":{"handoff":true}}"#,
        ] {
            let a = answer_from(&activities(&format!(r#"{{"activities":[{handoff}]}}"#))).unwrap();
            assert!(a.handoff, "{handoff}");
        }
        assert!(matches!(
            answer_from(&activities(r#"{"activities":[{"type":"typing"}]}"#)),
            Err(UpstreamError::BadAnswer(_))
        ));
    }
}
