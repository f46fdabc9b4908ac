//! A fake Bot Framework bot behind Direct Line 3.0, as
//! learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-direct-line-3-0-api-reference
//! (…-start-conversation, …-send-activity, …-receive-activities) describes
//! it: `Authorization: Bearer <secret>` on every call (else 403),
//! `POST /v3/directline/conversations` (201 `{conversationId, token,
//! expires_in, streamUrl}`; the bot greets first), `POST
//! …/conversations/{id}/activities` (200 `{id}`), `GET
//! …/activities?watermark=` (`{activities, watermark}`), errors as
//! `{error: {code, message}}` (502 `BotError` when the bot fails). A
//! hand-off is an `event` activity named `handoff.initiate` (the handoff
//! protocol's `HandoffEventNames.InitiateHandoff`).

use std::collections::HashMap;

use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};

use super::server::{Fake, HANDOFF_ANSWER, PAYMENT_ANSWER, header, spawn, wants_handoff};

pub const SECRET: &str = "dl-secret-Xq9";

#[derive(Default)]
pub struct State {
    /// Conversation id → its activities, in order.
    conversations: HashMap<String, Vec<Value>>,
    next: usize,
}

pub type FakeDirectLine = Fake<State>;

pub fn start_directline() -> FakeDirectLine {
    spawn(|cfg| {
        cfg.route("/v3/directline/conversations", web::post().to(start))
            .route(
                "/v3/directline/conversations/{id}/activities",
                web::post().to(send),
            )
            .route(
                "/v3/directline/conversations/{id}/activities",
                web::get().to(receive),
            );
    })
}

fn fail(status: u16, code: &str, message: &str) -> HttpResponse {
    let status = actix_web::http::StatusCode::from_u16(status).unwrap();
    HttpResponse::build(status).json(json!({ "error": { "code": code, "message": message } }))
}

fn authorized(req: &HttpRequest) -> bool {
    header(req, "authorization") == Some(format!("Bearer {SECRET}").as_str())
}

fn forbidden() -> HttpResponse {
    fail(403, "BadArgument", "Missing token or secret")
}

fn bot_activity(conversation: &str, n: usize, extra: Value) -> Value {
    let mut a = json!({
        "id": format!("{conversation}|{n:07}"), "channelId": "directline",
        "from": { "id": "shop-bot", "name": "Shop bot" },
        "conversation": { "id": conversation },
        "timestamp": chrono::Utc::now().to_rfc3339(),
    });
    a.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    a
}

async fn start(req: HttpRequest, fake: web::Data<FakeDirectLine>) -> HttpResponse {
    fake.record(&req, &[]);
    if !authorized(&req) {
        return forbidden();
    }
    let mut state = fake.state.lock().unwrap();
    state.next += 1;
    let id = format!("Dl{}AbCdEf", state.next);
    // Bots greet a new conversation; this is not the answer to anything.
    let welcome = bot_activity(
        &id,
        0,
        json!({ "type": "message", "text": "Welcome to the shop!" }),
    );
    state.conversations.insert(id.clone(), vec![welcome]);
    HttpResponse::Created().json(json!({
        "conversationId": id, "token": "dl-conversation-token", "expires_in": 1800,
        "streamUrl": format!("wss://directline.botframework.com/v3/directline/conversations/{id}/stream"),
        "referenceGrammarId": "ref-1",
    }))
}

async fn send(
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Bytes,
    fake: web::Data<FakeDirectLine>,
) -> HttpResponse {
    fake.record(&req, &body);
    if !authorized(&req) {
        return forbidden();
    }
    let Some(activity) = serde_json::from_slice::<Value>(&body)
        .ok()
        .filter(Value::is_object)
    else {
        return fail(400, "BadArgument", "Invalid activity");
    };
    let from = activity["from"]["id"].as_str().unwrap_or_default();
    if activity["type"].as_str().is_none() || from.is_empty() {
        return fail(400, "BadArgument", "Activity must have a type and from.id");
    }
    if !fake
        .state
        .lock()
        .unwrap()
        .conversations
        .contains_key(path.as_str())
    {
        return fail(404, "BadArgument", "Conversation not found");
    }
    if let Some(res) = fake
        .misbehave(|s| {
            fail(
                s,
                "BotError",
                "Failed to send activity: bot returned an error",
            )
        })
        .await
    {
        return res;
    }
    let text = activity["text"].as_str().unwrap_or_default().to_string();
    let mut state = fake.state.lock().unwrap();
    let list = state.conversations.get_mut(path.as_str()).unwrap();
    let id = format!("{}|{:07}", path.as_str(), list.len());
    let mut stored = activity.clone();
    stored["id"] = json!(id);
    list.push(stored);
    let n = list.len();
    let replies = if wants_handoff(&text) {
        vec![
            json!({ "type": "message", "text": HANDOFF_ANSWER, "replyToId": id }),
            json!({ "type": "event", "name": "handoff.initiate", "value": { "skill": "delivery" }, "replyToId": id }),
        ]
    } else {
        vec![
            json!({ "type": "message", "text": PAYMENT_ANSWER, "replyToId": id, "locale": activity["locale"] }),
        ]
    };
    for (i, r) in replies.into_iter().enumerate() {
        list.push(bot_activity(path.as_str(), n + i, r));
    }
    HttpResponse::Ok().json(json!({ "id": id }))
}

async fn receive(
    req: HttpRequest,
    path: web::Path<String>,
    fake: web::Data<FakeDirectLine>,
) -> HttpResponse {
    fake.record(&req, &[]);
    if !authorized(&req) {
        return forbidden();
    }
    let watermark: usize = web::Query::<HashMap<String, String>>::from_query(req.query_string())
        .ok()
        .and_then(|q| q.get("watermark").and_then(|w| w.parse().ok()))
        .unwrap_or(0);
    let state = fake.state.lock().unwrap();
    let Some(list) = state.conversations.get(path.as_str()) else {
        return fail(404, "BadArgument", "Conversation not found");
    };
    if fake.mode() == super::server::Mode::Garbage {
        return HttpResponse::Ok()
            .content_type("application/json")
            .body("{\"activities\": [");
    }
    let activities: Vec<Value> = list.iter().skip(watermark).cloned().collect();
    HttpResponse::Ok()
        .json(json!({ "activities": activities, "watermark": list.len().to_string() }))
}
