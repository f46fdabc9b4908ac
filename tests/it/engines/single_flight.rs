//! Identical concurrent requests make one call to the engine, and repeats
//! are answered from the cache.

use std::sync::Arc;
use std::time::Duration;

use crossdesk::translate::cache::Scope;

use super::setup::{chain, libre, translated};
use crate::stubs::Mode;

#[actix_web::test]
async fn identical_concurrent_requests_make_one_call_and_repeats_hit_the_cache() {
    let (stub, e) = libre(Mode::Slow(Duration::from_millis(300)));
    let c = Arc::new(chain(vec![e]));
    let mut tasks = Vec::new();
    for _ in 0..6 {
        let c = c.clone();
        tasks.push(actix_web::rt::spawn(async move {
            c.translate(
                "Necesito ayuda urgente",
                "es",
                "en",
                &Scope::ephemeral("eu"),
            )
            .await
        }));
    }
    for t in tasks {
        assert_eq!(
            translated(t.await.unwrap()).text,
            "[en] Necesito ayuda urgente"
        );
    }
    assert_eq!(stub.hits(), 1, "single flight");
    let again = translated(
        c.translate(
            "Necesito ayuda urgente",
            "es",
            "en",
            &Scope::ephemeral("eu"),
        )
        .await,
    );
    assert!(again.cached);
    assert_eq!(stub.hits(), 1);
}
