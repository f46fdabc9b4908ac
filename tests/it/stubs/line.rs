//! The LINE Messaging API stub (developers.line.biz/en/reference/messaging-api/,
//! "Send reply message", "Send push message", "Retry failed API requests",
//! "Error responses"; the schemas of github.com/line/line-openapi
//! `messaging-api.yml`): `POST /v2/bot/message/reply` with `{replyToken,
//! messages}` and `POST /v2/bot/message/push` with `{to, messages}` and an
//! optional `X-Line-Retry-Key` (a UUID), both with `Authorization: Bearer
//! <channel access token>` and 1–5 messages of `{"type": "text", "text"}`;
//! answered `{"sentMessages": [{"id", "quoteToken"}]}`. Errors are
//! `{"message", "details": [{"message", "property"}]}`: 401 for a wrong
//! token, 400 "Invalid reply token" for a token used before or one whose
//! text starts with `expired`, 400 for a `to` that is not a user id, 409
//! "The retry key is already accepted" for a key seen before, and the
//! modes' failures (429 "The API rate limit has been exceeded…", 5xx).

use std::collections::HashSet;
use std::sync::Mutex;

use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};

use super::server::{Ctx, Mode, Stub, error, header, spawn};

/// `token`: the channel access token the stub accepts.
pub fn start_line(mode: Mode, token: &str) -> Stub {
    spawn(mode, Some(token.to_string()), |cfg| {
        // One worker: this state is the stub's.
        cfg.app_data(web::Data::new(Seen::default()))
            .route("/v2/bot/message/reply", web::post().to(reply))
            .route("/v2/bot/message/push", web::post().to(push));
    })
}

/// Reply tokens used and retry keys accepted.
#[derive(Default)]
struct Seen {
    tokens: Mutex<HashSet<String>>,
    keys: Mutex<HashSet<String>>,
}

fn fail(status: u16, message: &str) -> HttpResponse {
    error(status, json!({"message": message}))
}

/// The refusal of a request: 401 for a wrong token, 400 for messages
/// that break the rules.
fn refusal(req: &HttpRequest, ctx: &Ctx, b: &Value) -> Option<HttpResponse> {
    let bearer = header(req, "authorization").and_then(|a| a.strip_prefix("Bearer "));
    if bearer != ctx.key.as_deref() {
        return Some(fail(
            401,
            "Authentication failed. Confirm that the access token in the authorization header is valid.",
        ));
    }
    let messages = b["messages"].as_array().cloned().unwrap_or_default();
    if messages.is_empty() || messages.len() > 5 {
        return Some(error(
            400,
            json!({"message": "The request body has 1 error(s)",
                "details": [{"message": "Size must be between 1 and 5", "property": "messages"}]}),
        ));
    }
    for (i, m) in messages.iter().enumerate() {
        let text = m["text"].as_str().unwrap_or_default();
        if m["type"] != "text" || text.is_empty() || text.chars().count() > 5000 {
            return Some(error(
                400,
                json!({"message": "The request body has 1 error(s)",
                    "details": [{"message": "Length must be between 0 and 5000", "property": format!("messages[{i}].text")}]}),
            ));
        }
    }
    None
}

fn failure(status: u16) -> HttpResponse {
    match status {
        429 => fail(
            429,
            "The API rate limit has been exceeded. Try again later.",
        ),
        s => fail(s, "An error occurred in the server. Try again later."),
    }
}

fn sent(ctx: &Ctx) -> HttpResponse {
    HttpResponse::Ok().json(json!({
        "sentMessages": [{"id": format!("46153{}", ctx.stub.hits()), "quoteToken": "IStG5h1Tz7b..."}]
    }))
}

async fn reply(
    req: HttpRequest,
    body: web::Bytes,
    ctx: web::Data<Ctx>,
    seen: web::Data<Seen>,
) -> HttpResponse {
    let b: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    if let Some(res) = refusal(&req, &ctx, &b) {
        ctx.stub.record(&req, &body, false);
        return res;
    }
    let token = b["replyToken"].as_str().unwrap_or_default().to_string();
    if token.is_empty()
        || token.starts_with("expired")
        || seen.tokens.lock().unwrap().contains(&token)
    {
        ctx.stub.record(&req, &body, false);
        return fail(400, "Invalid reply token");
    }
    if let Err(res) = ctx.stub.decide(failure, "{\"sentMess").await {
        ctx.stub.record(&req, &body, false);
        return res;
    }
    seen.tokens.lock().unwrap().insert(token);
    ctx.stub.record(&req, &body, true);
    sent(&ctx)
}

async fn push(
    req: HttpRequest,
    body: web::Bytes,
    ctx: web::Data<Ctx>,
    seen: web::Data<Seen>,
) -> HttpResponse {
    let b: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    if let Some(res) = refusal(&req, &ctx, &b) {
        ctx.stub.record(&req, &body, false);
        return res;
    }
    let to = b["to"].as_str().unwrap_or_default();
    let user_id = to.len() == 33
        && to.starts_with('U')
        && to[1..]
            .bytes()
            .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c));
    if !user_id {
        ctx.stub.record(&req, &body, false);
        return fail(
            400,
            "The property, 'to', in the request body is invalid (line: -, column: -)",
        );
    }
    let key = header(&req, "x-line-retry-key").map(str::to_string);
    if let Some(k) = &key {
        let uuid = k.len() == 36
            && k.char_indices().all(|(i, c)| {
                if [8, 13, 18, 23].contains(&i) {
                    c == '-'
                } else {
                    c.is_ascii_hexdigit()
                }
            });
        if !uuid {
            ctx.stub.record(&req, &body, false);
            return fail(
                400,
                "The value for the 'X-Line-Retry-Key' header is invalid",
            );
        }
        if seen.keys.lock().unwrap().contains(k) {
            ctx.stub.record(&req, &body, false);
            return fail(409, "The retry key is already accepted");
        }
    }
    if let Err(res) = ctx.stub.decide(failure, "{\"sentMess").await {
        ctx.stub.record(&req, &body, false);
        return res;
    }
    if let Some(k) = key {
        seen.keys.lock().unwrap().insert(k);
    }
    ctx.stub.record(&req, &body, true);
    sent(&ctx)
}
