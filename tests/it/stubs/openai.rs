//! The OpenAI chat-completions stub: `POST /v1/chat/completions`, translating
//! the `<source>` of the last user message into the target language its
//! instructions name (or chatting like an assistant under `Mode::Answer`),
//! with OpenAI's `{"error": {…}}` bodies and a `usage` count.

use std::sync::LazyLock;
use std::time::{SystemTime, UNIX_EPOCH};

use actix_web::{HttpRequest, HttpResponse, web};
use regex::Regex;
use serde_json::{Value, json};

use super::server::{Ctx, Mode, Stub, error, render, spawn};

static TARGET_LANGUAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"target language: ([A-Za-z]{2,3})\b").unwrap());
const CHATBOT: &str = "Sure! I'd be happy to help you with your order. \
    Could you please tell me your order number so I can check its status for you?";

/// Does not check `Authorization` (local OpenAI-compatible servers need none).
pub fn start_openai(mode: Mode) -> Stub {
    spawn(mode, None, |cfg| {
        cfg.route("/v1/chat/completions", web::post().to(openai_chat));
    })
}

/// `{"error": {…}}`; the type follows from the status, `param` is `messages`
/// when a `code` is given for a 400.
fn openai_fail(status: u16, message: &str, code: Option<&str>) -> HttpResponse {
    let kind = match status {
        429 => "requests",
        500.. => "server_error",
        _ => "invalid_request_error",
    };
    let param = (status == 400 && code.is_some()).then_some("messages");
    error(
        status,
        json!({ "error": { "message": message, "type": kind, "param": param, "code": code } }),
    )
}

async fn openai_chat(req: HttpRequest, body: web::Bytes, ctx: web::Data<Ctx>) -> HttpResponse {
    ctx.stub.record(&req, &body, true);
    let Some(b) = serde_json::from_slice::<Value>(&body)
        .ok()
        .filter(Value::is_object)
    else {
        return openai_fail(
            400,
            "We could not parse the JSON body of your request.",
            None,
        );
    };
    let messages = b["messages"].as_array().cloned().unwrap_or_default();
    if b["model"].as_str().is_none_or(str::is_empty) {
        return openai_fail(400, "you must provide a model parameter", None);
    } else if !b["messages"].is_array() {
        let msg = "Missing required parameter: 'messages'.";
        return openai_fail(400, msg, Some("missing_required_parameter"));
    } else if messages.is_empty() {
        let msg = "Invalid 'messages': empty array. Expected an array with minimum length 1, \
            but got an empty array instead.";
        return openai_fail(400, msg, Some("empty_array"));
    }
    let fail = |status| {
        let (msg, code) = match status {
            400 => ("Invalid request.", None),
            401 => (
                "Incorrect API key provided: sk-stub.",
                Some("invalid_api_key"),
            ),
            429 => (
                "Rate limit reached for requests.",
                Some("rate_limit_exceeded"),
            ),
            503 => (
                "The engine is currently overloaded, please try again later.",
                None,
            ),
            _ => (
                "The server had an error while processing your request. Sorry about that!",
                None,
            ),
        };
        openai_fail(status, msg, code)
    };
    let mode = match ctx
        .stub
        .decide(fail, r#"{"id":"chatcmpl-stub","object":"chat.compl"#)
        .await
    {
        Ok(mode) => mode,
        Err(res) => return res,
    };
    let content_of = |m: &Value| m["content"].as_str().unwrap_or("").to_string();
    let user = messages
        .iter()
        .rev()
        .find(|m| m["role"] == "user")
        .map(content_of);
    let user = user.unwrap_or_default();
    let text = match (user.find("<source>"), user.rfind("</source>")) {
        (Some(a), Some(z)) if a + 8 <= z => &user[a + 8..z],
        _ => user.as_str(),
    };
    let instructions = messages
        .iter()
        .filter(|m| m["role"] == "system" || m["role"] == "developer");
    let target = instructions
        .filter_map(|m| {
            Some(TARGET_LANGUAGE.captures(m["content"].as_str()?)?[1].to_ascii_lowercase())
        })
        .next()
        .unwrap_or_else(|| "und".into());
    let content = match mode {
        Mode::Answer => CHATBOT.to_string(),
        _ => render(&mode, &target, text),
    };
    let words = |s: &str| s.split_whitespace().count();
    let prompt: usize = messages.iter().map(|m| 4 + words(&content_of(m))).sum();
    let completion = words(&content);
    HttpResponse::Ok().json(json!({
        "id": format!("chatcmpl-stub{}", ctx.stub.hits()),
        "object": "chat.completion",
        "created": SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs(),
        "model": b["model"],
        "choices": [{
            "index": 0,
            "message": { "role": "assistant", "content": content, "refusal": null },
            "logprobs": null,
            "finish_reason": "stop",
        }],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        },
    }))
}
