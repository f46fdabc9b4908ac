//! A shopper's right to erasure (GDPR Art. 17, PIPL Art. 47), served
//! through their own conversation token, by the one eraser
//! (`store::erase`): the conversation's data key is destroyed first — from
//! that moment nothing of it opens, in the database or any copy — then its
//! rows and the translations learned from it are deleted and the files
//! scrubbed; the audit log records the erasure under the shopper's
//! pseudonym, never their data.

use serde::Serialize;

use crate::pipeline::Error;
use crate::pipeline::Pipeline;
use crate::store::models::Conversation;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Erased {
    pub conversation_id: String,
    pub region: String,
    pub data_keys_destroyed: usize,
    pub rows_deleted: usize,
}

impl Pipeline {
    pub async fn erase_conversation(&self, c: Conversation) -> Result<Erased, Error> {
        let store = self.stores.get(&c.region)?.clone();
        let erased = self
            .vault
            .erase(&c.region, &store, vec![c.id.clone()])
            .await?;
        // Cached machine translations may come from its text, and the core
        // bot may hold its earlier turns in memory.
        self.chain.forget(&c.region);
        self.bot.forget(&c.id);
        let (shredded, deleted) = (erased.data_keys_destroyed, erased.rows_deleted);
        let hash = self
            .policies
            .region(&c.region)
            .map(|p| p.hash.clone())
            .unwrap_or_default();
        let subject = c.shopper_ref.clone().unwrap_or_else(|| c.id.clone());
        let detail = serde_json::json!({
            "requested_by": "shopper", "conversation": c.id, "conversations": 1,
            "data_keys_destroyed": shredded, "rows_deleted": deleted,
            "learned_translations": erased.learned_deleted,
        });
        self.audit(&store, "erasure", &subject, detail, &hash)
            .await?;
        tracing::info!(conversation = %c.id, region = %c.region, "erasure");
        Ok(Erased {
            conversation_id: c.id,
            region: c.region,
            data_keys_destroyed: shredded,
            rows_deleted: deleted,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use crate::pipeline::OpenRequest;
    use crate::upstream::{Bot, BotAnswer, UpstreamError};

    /// The built-in bot, recording the conversations it is told to forget.
    struct Recorder {
        inner: Arc<dyn Bot>,
        forgotten: Mutex<Vec<String>>,
    }

    #[async_trait::async_trait]
    impl Bot for Recorder {
        fn name(&self) -> &str {
            "recorder"
        }

        fn in_process(&self) -> bool {
            true
        }

        fn forget(&self, conversation: &str) {
            self.forgotten.lock().unwrap().push(conversation.into());
        }

        async fn answer(
            &self,
            conversation: &str,
            text: &crate::gate::Cleared,
            lang: &str,
        ) -> Result<BotAnswer, UpstreamError> {
            self.inner.answer(conversation, text, lang).await
        }
    }

    #[tokio::test]
    async fn an_erased_conversation_is_forgotten_by_the_core_bot_too() {
        let dir = tempfile::tempdir().unwrap();
        let mut pipeline = crate::pipeline::test_pipeline(dir.path());
        let recorder = Arc::new(Recorder {
            inner: pipeline.bot.clone(),
            forgotten: Mutex::new(Vec::new()),
        });
        pipeline.bot = recorder.clone();
        let opened = pipeline
            .open(OpenRequest {
                country: Some("DE".into()),
                ..OpenRequest::default()
            })
            .await
            .unwrap();
        let conversation = pipeline
            .authorize_message(&opened.id, Some(&opened.token))
            .await
            .unwrap();
        pipeline
            .message(conversation.clone(), "Where is my order?", None, None)
            .await
            .unwrap();
        assert!(recorder.forgotten.lock().unwrap().is_empty());
        pipeline.erase_conversation(conversation).await.unwrap();
        assert_eq!(*recorder.forgotten.lock().unwrap(), [opened.id]);
    }
}
