//! The LibreTranslate stub: `POST /translate` (single text or batch, JSON or
//! form, `detectedLanguage` for `source: "auto"`) and `GET /languages`, with
//! the server's own validation messages and `{"error": …}` bodies.

use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};

use super::server::{Ctx, Mode, Stub, detect, error, parse_body, primary, render, spawn, strings};

const LIBRE_LANGS: [(&str, &str); 7] = [
    ("en", "English"),
    ("es", "Spanish"),
    ("de", "German"),
    ("fr", "French"),
    ("zh", "Chinese"),
    ("zt", "Chinese (traditional)"),
    ("ja", "Japanese"),
];

/// `api_key`: when set, requests whose `api_key` field differs get 403.
pub fn start_libretranslate(mode: Mode, api_key: Option<&str>) -> Stub {
    spawn(mode, api_key.map(str::to_string), |cfg| {
        cfg.route("/translate", web::post().to(libre_translate))
            .route("/languages", web::get().to(libre_languages));
    })
}

async fn libre_languages(req: HttpRequest, ctx: web::Data<Ctx>) -> HttpResponse {
    ctx.stub.record(&req, b"", false);
    let codes: Vec<&str> = LIBRE_LANGS.iter().map(|(c, _)| *c).collect();
    let langs = LIBRE_LANGS.iter();
    let langs = langs.map(|(code, name)| json!({"code": code, "name": name, "targets": codes}));
    HttpResponse::Ok().json(langs.collect::<Vec<_>>())
}

fn libre_fail(status: u16, msg: &str) -> HttpResponse {
    error(status, json!({ "error": msg }))
}

async fn libre_translate(req: HttpRequest, body: web::Bytes, ctx: web::Data<Ctx>) -> HttpResponse {
    ctx.stub.record(&req, &body, true);
    let Some(b) = parse_body(&req, &body, &[]) else {
        return libre_fail(400, "Invalid request");
    };
    if let Some(key) = &ctx.key
        && b["api_key"].as_str() != Some(key.as_str())
    {
        return libre_fail(403, "Invalid API key");
    }
    let batch = b["q"].is_array();
    let texts = match &b["q"] {
        Value::String(q) if !q.is_empty() => vec![q.clone()],
        q => strings(q),
    };
    let source = b["source"].as_str().unwrap_or("");
    let target = b["target"].as_str().unwrap_or("");
    let format = b["format"].as_str().unwrap_or("text");
    let supported = |code: &str| LIBRE_LANGS.iter().any(|(c, _)| *c == code);
    let invalid = if texts.is_empty() {
        Some("Invalid request: missing q parameter".to_string())
    } else if source.is_empty() || target.is_empty() {
        let missing = if source.is_empty() {
            "source"
        } else {
            "target"
        };
        Some(format!("Invalid request: missing {missing} parameter"))
    } else if source != "auto" && !supported(source) {
        Some(format!("{source} is not supported"))
    } else if !supported(target) {
        Some(format!("{target} is not supported"))
    } else if format != "text" && format != "html" {
        Some(format!("{format} format is not supported"))
    } else {
        None
    };
    if let Some(msg) = invalid {
        return libre_fail(400, &msg);
    }
    let fail = |status| {
        let msg = match status {
            400 => "Invalid request",
            403 => "Invalid API key",
            429 => "Slowdown: 20 per 1 minute",
            500 => "Cannot translate text: internal error",
            _ => "Service Unavailable",
        };
        libre_fail(status, msg)
    };
    let mode = match ctx.stub.decide(fail, r#"{"translat"#).await {
        Ok(mode) => mode,
        Err(res) => return res,
    };
    let out: Vec<String> = texts
        .iter()
        .map(|t| render(&mode, &primary(target), t))
        .collect();
    let translated = if batch { json!(out) } else { json!(out[0]) };
    let mut res = json!({ "translatedText": translated });
    if source == "auto" {
        let det = |t: &String| json!({ "confidence": 90.0, "language": detect(t) });
        let detected: Vec<Value> = texts.iter().map(det).collect();
        res["detectedLanguage"] = if batch {
            json!(detected)
        } else {
            detected[0].clone()
        };
    }
    HttpResponse::Ok().json(res)
}
