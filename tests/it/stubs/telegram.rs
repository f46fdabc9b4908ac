//! The Telegram Bot API stub (core.telegram.org/bots/api, "Making
//! requests" and `sendMessage`): `POST /bot<token>/sendMessage` with
//! `chat_id` and `text` (JSON or form), answered `{"ok": true, "result":
//! Message}`; a wrong token gets 401 `{"ok": false, "error_code": 401,
//! "description": "Unauthorized"}`, a missing field 400 "Bad Request: …",
//! and the modes' failures Telegram's own shapes (429 with
//! `parameters.retry_after`, 5xx).

use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::json;

use super::server::{Ctx, Mode, Stub, error, parse_body, spawn};

/// `token`: the bot token the stub accepts.
pub fn start_telegram(mode: Mode, token: &str) -> Stub {
    spawn(mode, Some(token.to_string()), |cfg| {
        cfg.route("/bot{token}/sendMessage", web::post().to(send_message));
    })
}

fn fail(status: u16, description: &str) -> HttpResponse {
    let mut body = json!({"ok": false, "error_code": status, "description": description});
    if status == 429 {
        body["parameters"] = json!({"retry_after": 1});
    }
    error(status, body)
}

async fn send_message(
    req: HttpRequest,
    token: web::Path<String>,
    body: web::Bytes,
    ctx: web::Data<Ctx>,
) -> HttpResponse {
    if ctx.key.as_deref() != Some(token.as_str()) {
        ctx.stub.record(&req, &body, false);
        return fail(401, "Unauthorized");
    }
    let Some(b) = parse_body(&req, &body, &[]) else {
        ctx.stub.record(&req, &body, false);
        return fail(400, "Bad Request: message text is empty");
    };
    let (Some(chat_id), Some(text)) = (b["chat_id"].as_i64(), b["text"].as_str()) else {
        ctx.stub.record(&req, &body, false);
        return fail(400, "Bad Request: chat_id and text are required");
    };
    let failure = |status: u16| match status {
        429 => fail(429, "Too Many Requests: retry after 1"),
        s => fail(s, "Bad Gateway"),
    };
    if let Err(res) = ctx.stub.decide(failure, "{\"ok\": tr").await {
        ctx.stub.record(&req, &body, false);
        return res;
    }
    ctx.stub.record(&req, &body, true);
    HttpResponse::Ok().json(json!({
        "ok": true,
        "result": {
            "message_id": ctx.stub.hits(),
            "chat": {"id": chat_id, "type": "private"},
            "date": 1764064800,
            "text": text,
        }
    }))
}
