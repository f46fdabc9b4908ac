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
        // Cached machine translations may come from its text.
        self.chain.forget(&c.region);
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
