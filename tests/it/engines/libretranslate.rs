//! LibreTranslate: single texts and batches, protected spans never sent,
//! and language pairs the engine does not list never asked for.

use crossdesk::translate::cache::Scope;
use serde_json::json;

use super::setup::{chain, failed, libre, translated};
use crate::stubs::Mode;

#[actix_web::test]
async fn libretranslate_single_batch_and_spans() {
    let (stub, e) = libre(Mode::Ok);
    let c = chain(vec![e]);
    let s = Scope::ephemeral("eu");
    let d = translated(
        c.translate(
            "Mi pedido #123456 llegó roto, ver https://shop.example/o/1",
            "es",
            "en",
            &s,
        )
        .await,
    );
    assert_eq!(
        d.text,
        "[en] Mi pedido #123456 llegó roto, ver https://shop.example/o/1"
    );
    assert_eq!((d.engine.as_str(), d.protected), ("libre", 2));
    let body = stub
        .requests()
        .into_iter()
        .find(|r| r.path == "/translate")
        .unwrap()
        .json();
    assert_eq!(
        body["q"],
        json!(["Mi pedido ⟦1⟧ llegó roto, ver ⟦2⟧"]),
        "the engine never sees protected spans"
    );
    assert_eq!(
        (
            body["source"].as_str(),
            body["target"].as_str(),
            body["api_key"].as_str()
        ),
        (Some("es"), Some("en"), Some("libre-key"))
    );

    let texts: Vec<String> = ["uno", "dos", "tres"].map(String::from).to_vec();
    let outs = c.translate_batch(&texts, "es", "de", &s).await;
    assert_eq!(stub.hits(), 2, "three texts, one request");
    let texts_out: Vec<String> = outs.into_iter().map(|o| translated(o).text).collect();
    assert_eq!(texts_out, ["[de] uno", "[de] dos", "[de] tres"]);
}

#[actix_web::test]
async fn pairs_missing_from_the_engines_language_list_are_not_sent() {
    let (stub, e) = libre(Mode::Ok);
    let reasons = failed(
        chain(vec![e])
            .translate(
                "Ciao, dov'è il mio ordine?",
                "it",
                "en",
                &Scope::ephemeral("eu"),
            )
            .await,
    );
    assert!(
        reasons[0].1.to_string().contains("does not translate it"),
        "{reasons:?}"
    );
    assert_eq!(stub.hits(), 0);
    assert!(stub.requests().iter().any(|r| r.path == "/languages"));
}
