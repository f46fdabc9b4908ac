//! The region's store as the translation chain's memory of machine
//! translations (`learned_translations`), sealed with the region's key.
//! Entries are in the redacted form every remote engine receives (the
//! transfer gate's), so they hold no personal data the region redacts.

use std::sync::Arc;

use super::vault::Vault;
use crate::store::Store;
use crate::translate::cache::Learned;

/// A region's store as the translation chain's memory of machine
/// translations. Store trouble only costs a cache miss: it is logged, and
/// the translation goes on.
pub(super) struct LearnedInStore {
    pub store: Store,
    pub vault: Arc<Vault>,
    /// The conversation whose text is being translated: what is learned
    /// from it is erased with it.
    pub conversation: String,
}

/// Owner of a region's learned translations in its key store.
const LEARNED: &str = "_learned";
#[async_trait::async_trait]
impl Learned for LearnedInStore {
    async fn get(&self, from: &str, to: &str, source: &str) -> Option<(String, String)> {
        let sealer = match self.vault.sealer(self.store.name(), LEARNED).await {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!(error = %e, "learned translations unavailable");
                return None;
            }
        };
        let hash = sealer.keyed_hash(source);
        let (from, to, h) = (from.to_string(), to.to_string(), hash.clone());
        match self
            .store
            .run(move |s| s.learned_rows(&from, &to, &h))
            .await
        {
            // The hash is a key, not a proof: compare the text itself.
            Ok(rows) => rows.into_iter().find_map(|r| {
                let s = sealer
                    .open("learned_source", &format!("{hash}:s"), &r.source)
                    .ok()?;
                let t = sealer
                    .open("learned_source", &format!("{hash}:t"), &r.translation)
                    .ok()?;
                (s == source).then_some((t, r.engine))
            }),
            Err(e) => {
                tracing::warn!(error = %e, "learned translations unavailable");
                None
            }
        }
    }

    async fn put(&self, from: &str, to: &str, source: &str, translation: &str, engine: &str) {
        let Ok(sealer) = self.vault.sealer(self.store.name(), LEARNED).await else {
            return;
        };
        let hash = sealer.keyed_hash(source);
        let (Ok(source), Ok(translation)) = (
            sealer.seal("learned_source", &format!("{hash}:s"), source),
            sealer.seal("learned_source", &format!("{hash}:t"), translation),
        ) else {
            return;
        };
        let row = crate::store::models::LearnedTranslation {
            from_lang: from.into(),
            to_lang: to.into(),
            source_hash: hash,
            source,
            translation,
            engine: engine.into(),
            created_at: chrono::Utc::now().timestamp_millis(),
            conversation_id: Some(self.conversation.clone()),
        };
        if let Err(e) = self.store.run(move |s| s.learn(&row)).await {
            tracing::warn!(error = %e, "could not store a learned translation");
        }
    }
}
