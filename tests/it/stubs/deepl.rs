//! The DeepL API v2 stub: `POST /v2/translate` behind
//! `Authorization: DeepL-Auth-Key`, with DeepL's language, tag-handling and
//! formality checks, its 403/429/456/5xx answers and `{"message": …}` bodies.

use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};

use super::server::{
    Ctx, Mode, Stub, detect, error, header, parse_body, primary, render, spawn, strings,
};

const DEEPL_SOURCES: &[&str] = &[
    "AR", "BG", "CS", "DA", "DE", "EL", "EN", "ES", "ET", "FI", "FR", "HU", "ID", "IT", "JA", "KO",
    "LT", "LV", "NB", "NL", "PL", "PT", "RO", "RU", "SK", "SL", "SV", "TR", "UK", "ZH",
];
const DEEPL_VARIANTS: &[&str] = &["EN-GB", "EN-US", "PT-BR", "PT-PT", "ZH-HANS", "ZH-HANT"];
const DEEPL_FORMALITY: &[&str] = &[
    "DE", "FR", "IT", "ES", "NL", "PL", "PT-BR", "PT-PT", "JA", "RU",
];
const DEEPL_AUTH: &str = "Authorization failed. Please supply a valid auth_key parameter.";

/// Requests need `Authorization: DeepL-Auth-Key {auth_key}`, else 403.
pub fn start_deepl(mode: Mode, auth_key: &str) -> Stub {
    spawn(mode, Some(auth_key.to_string()), |cfg| {
        cfg.route("/v2/translate", web::post().to(deepl_translate));
    })
}

fn deepl_fail(status: u16, msg: &str) -> HttpResponse {
    error(status, json!({ "message": msg }))
}

async fn deepl_translate(req: HttpRequest, body: web::Bytes, ctx: web::Data<Ctx>) -> HttpResponse {
    ctx.stub.record(&req, &body, true);
    let expected = format!("DeepL-Auth-Key {}", ctx.key.as_deref().unwrap_or(""));
    if header(&req, "authorization") != Some(expected.as_str()) {
        return deepl_fail(403, DEEPL_AUTH);
    }
    let Some(b) = parse_body(&req, &body, &["text"]) else {
        return deepl_fail(400, "Bad request");
    };
    let texts = strings(&b["text"]);
    let target = b["target_lang"].as_str().unwrap_or("").to_ascii_uppercase();
    let source = b["source_lang"].as_str().map(str::to_ascii_uppercase);
    let t = target.as_str();
    let invalid = if !(b["text"].is_array() || b["text"].is_null()) {
        Some("Invalid request: Expected 'text' parameter to be an array of strings")
    } else if texts.is_empty() {
        Some("Parameter 'text' not specified.")
    } else if t.is_empty() {
        Some("Parameter 'target_lang' not specified.")
    } else if !DEEPL_SOURCES.contains(&t) && !DEEPL_VARIANTS.contains(&t) {
        Some("Value for 'target_lang' not supported.")
    } else if source
        .as_deref()
        .is_some_and(|s| !DEEPL_SOURCES.contains(&s))
    {
        Some("Value for 'source_lang' not supported.")
    } else if b["tag_handling"]
        .as_str()
        .is_some_and(|h| h != "xml" && h != "html")
    {
        Some("Value for 'tag_handling' not supported.")
    } else if matches!(b["formality"].as_str(), Some("more" | "less"))
        && !DEEPL_FORMALITY.contains(&t)
    {
        Some("'formality' is not supported for given 'target_lang'.")
    } else {
        None
    };
    if let Some(msg) = invalid {
        return deepl_fail(400, msg);
    }
    let fail = |status| {
        let msg = match status {
            400 => "Bad request",
            403 => DEEPL_AUTH,
            429 => "Too many requests",
            456 => "Quota exceeded",
            503 => "Service unavailable",
            _ => "Internal server error",
        };
        deepl_fail(status, msg)
    };
    let mode = match ctx.stub.decide(fail, r#"{"translat"#).await {
        Ok(mode) => mode,
        Err(res) => return res,
    };
    let translations: Vec<Value> = texts
        .iter()
        .map(|text| {
            let detected = source.clone().unwrap_or_else(|| detect(text).to_ascii_uppercase());
            json!({ "detected_source_language": detected, "text": render(&mode, &primary(t), text) })
        })
        .collect();
    HttpResponse::Ok().json(json!({ "translations": translations }))
}
