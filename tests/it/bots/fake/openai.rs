//! A fake OpenAI-compatible chat model as a shop's assistant, as
//! platform.openai.com/docs/api-reference/chat/create, …/docs/guides/function-calling
//! and …/docs/guides/error-codes describe it: `POST /v1/chat/completions`
//! behind `Authorization: Bearer <key>` (else 401 `invalid_api_key`),
//! `model` and a non-empty `messages` required; it calls the offered
//! `handoff_to_person` function when the shopper's parcel went astray
//! (`finish_reason: "tool_calls"`), and otherwise answers in the language
//! the instructions name. Errors as `{error: {message, type, param, code}}`.

use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};

use super::server::{Fake, PAYMENT_ANSWER, header, spawn, wants_handoff};

pub const KEY: &str = "sk-fake-bot-key";

pub type FakeModel = Fake<()>;

pub fn start_model() -> FakeModel {
    spawn(|cfg| {
        cfg.route("/v1/chat/completions", web::post().to(chat));
    })
}

fn fail(status: u16, message: &str, kind: &str, code: Option<&str>) -> HttpResponse {
    let s = actix_web::http::StatusCode::from_u16(status).unwrap();
    HttpResponse::build(s)
        .json(json!({ "error": { "message": message, "type": kind, "param": null, "code": code } }))
}

fn openai_error(status: u16) -> HttpResponse {
    match status {
        401 => fail(
            401,
            "Incorrect API key provided: sk-fake.",
            "invalid_request_error",
            Some("invalid_api_key"),
        ),
        429 => fail(
            429,
            "Rate limit reached for requests.",
            "requests",
            Some("rate_limit_exceeded"),
        ),
        _ => fail(
            status,
            "The server had an error while processing your request. Sorry about that!",
            "server_error",
            None,
        ),
    }
}

fn completion(model: &Value, message: Value, finish: &str) -> HttpResponse {
    HttpResponse::Ok().json(json!({
        "id": "chatcmpl-fake", "object": "chat.completion", "created": 1_767_000_000, "model": model,
        "choices": [{ "index": 0, "message": message, "logprobs": null, "finish_reason": finish }],
        "usage": { "prompt_tokens": 50, "completion_tokens": 12, "total_tokens": 62 },
    }))
}

async fn chat(req: HttpRequest, body: web::Bytes, fake: web::Data<FakeModel>) -> HttpResponse {
    fake.record(&req, &body);
    if header(&req, "authorization") != Some(format!("Bearer {KEY}").as_str()) {
        return openai_error(401);
    }
    let Some(b) = serde_json::from_slice::<Value>(&body)
        .ok()
        .filter(Value::is_object)
    else {
        return fail(
            400,
            "We could not parse the JSON body of your request.",
            "invalid_request_error",
            None,
        );
    };
    let messages = b["messages"].as_array().cloned().unwrap_or_default();
    if b["model"].as_str().is_none_or(str::is_empty) {
        return fail(
            400,
            "you must provide a model parameter",
            "invalid_request_error",
            None,
        );
    }
    if messages.is_empty() {
        return fail(
            400,
            "Invalid 'messages': empty array.",
            "invalid_request_error",
            Some("empty_array"),
        );
    }
    if let Some(res) = fake.misbehave(openai_error).await {
        return res;
    }
    let last = messages.last().unwrap()["content"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let offered = b["tools"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|t| t["function"]["name"] == "handoff_to_person");
    if wants_handoff(&last) && offered {
        let call = json!({ "id": "call_1", "type": "function", "function": { "name": "handoff_to_person", "arguments": "{\"reason\":\"lost parcel\"}" } });
        return completion(
            &b["model"],
            json!({ "role": "assistant", "content": null, "tool_calls": [call], "refusal": null }),
            "tool_calls",
        );
    }
    let spanish = messages[0]["content"]
        .as_str()
        .unwrap_or_default()
        .contains("\"es\"");
    let content = if spanish {
        "Sí, aceptamos PayPal, Visa y Mastercard.".to_string()
    } else {
        PAYMENT_ANSWER.to_string()
    };
    completion(
        &b["model"],
        json!({ "role": "assistant", "content": content, "refusal": null }),
        "stop",
    )
}
