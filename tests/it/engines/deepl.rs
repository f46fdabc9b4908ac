//! DeepL: API v2 with the key in `Authorization`, placeholders as XML tags,
//! formality and glossary passed on; quota exceeded not retried; a wrong key
//! refused without the key in the error.

use crossdesk::translate::cache::Scope;
use serde_json::json;

use super::setup::{chain, engine, failed, translated};
use crate::stubs::{Mode, start_deepl};

#[actix_web::test]
async fn deepl_speaks_v2_with_xml_tags_and_does_not_retry_quota() {
    let stub = start_deepl(Mode::Ok, "deepl-secret");
    let e = engine(
        "deepl",
        "deepl",
        &stub.base,
        "api_key = \"deepl-secret\"\nformality = \"prefer_more\"\nglossary_id = \"g-1\"",
    );
    let c = chain(vec![e]);
    let d = translated(
        c.translate("Pedido #123456 & <b>", "es", "en", &Scope::ephemeral("eu"))
            .await,
    );
    assert_eq!(d.text, "[en] Pedido #123456 & <b>");
    let r = &stub.requests()[0];
    assert_eq!(r.path, "/v2/translate");
    assert_eq!(
        r.header("authorization"),
        Some("DeepL-Auth-Key deepl-secret")
    );
    let body = r.json();
    assert_eq!(
        body["text"],
        json!(["Pedido <x id=\"1\"/> &amp; &lt;b&gt;"])
    );
    assert_eq!(
        (body["target_lang"].as_str(), body["source_lang"].as_str()),
        (Some("EN-US"), Some("ES"))
    );
    assert_eq!(
        (
            body["tag_handling"].as_str(),
            body["formality"].as_str(),
            body["glossary_id"].as_str()
        ),
        (Some("xml"), Some("prefer_more"), Some("g-1"))
    );

    stub.set_mode(Mode::Status(456));
    let reasons = failed(
        c.translate("otra cosa", "es", "zh", &Scope::ephemeral("eu"))
            .await,
    );
    assert!(reasons[0].1.to_string().contains("456"), "{reasons:?}");
    assert_eq!(
        stub.hits(),
        2,
        "quota exceeded is not retried, nor tried again through the pivot"
    );

    let wrong_key = engine("deepl", "deepl", &stub.base, "api_key = \"nope\"");
    stub.set_mode(Mode::Ok);
    let reasons = failed(
        chain(vec![wrong_key])
            .translate("hola", "es", "en", &Scope::ephemeral("eu"))
            .await,
    );
    assert!(reasons[0].1.to_string().contains("403"), "{reasons:?}");
    assert!(
        !format!("{reasons:?}").contains("deepl-secret")
            && !format!("{reasons:?}").contains("nope")
    );
}
