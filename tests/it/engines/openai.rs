//! An OpenAI-compatible LLM: it translates the text between `<source>` tags
//! at temperature 0, and an answer or an echo instead of a translation is
//! rejected.

use crossdesk::translate::cache::Scope;

use super::setup::{chain, engine, failed, translated};
use crate::stubs::{Mode, start_openai};

#[actix_web::test]
async fn openai_translates_and_answers_or_echoes_are_rejected() {
    let stub = start_openai(Mode::Ok);
    let e = engine("llm", "openai", &stub.base, "model = \"llama-3-8b\"");
    let c = chain(vec![e]);
    let d = translated(
        c.translate(
            "¿Dónde está mi pedido?",
            "es",
            "en",
            &Scope::ephemeral("eu"),
        )
        .await,
    );
    assert_eq!(d.text, "[en] ¿Dónde está mi pedido?");
    let body = stub
        .requests()
        .into_iter()
        .find(|r| r.path == "/v1/chat/completions")
        .unwrap()
        .json();
    assert_eq!(
        (body["model"].as_str(), body["temperature"].as_i64()),
        (Some("llama-3-8b"), Some(0))
    );
    assert_eq!(
        body["messages"][1]["content"],
        "<source>¿Dónde está mi pedido?</source>"
    );

    for (mode, why) in [(Mode::Answer, "answered"), (Mode::Echo, "untranslated")] {
        stub.set_mode(mode);
        let reasons = failed(
            c.translate(
                "¿Puedo pagar con tarjeta?",
                "es",
                "en",
                &Scope::ephemeral(why),
            )
            .await,
        );
        assert!(reasons[0].1.to_string().contains(why), "{reasons:?}");
    }
}
