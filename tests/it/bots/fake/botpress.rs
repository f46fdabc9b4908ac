//! A fake Botpress bot behind the Chat integration's API, as
//! botpress.com/docs/api-reference/chat-api describes it: `POST /users`
//! (unauthenticated; `{user, key}`), `POST /users/get-or-create` (an
//! `x-user-key` JWT signed with the integration's encryption key),
//! `POST /conversations`, `POST /messages` (`{conversationId, payload:
//! {type: "text", text}}`) and `GET /conversations/{id}/messages` (newest
//! first), all but the first behind `x-user-key`; errors as the API's
//! `{id, code, type, message}`. Served under `/{webhookId}`.

use std::collections::HashMap;

use actix_web::{HttpRequest, HttpResponse, web};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{Duration, Utc};
use serde_json::{Value, json};

use super::server::{Fake, HANDOFF_ANSWER, PAYMENT_ANSWER, header, spawn, wants_handoff};

pub const WEBHOOK: &str = "wh-7f3a";
/// The encryption key of the integration, when a test sets one.
pub const ENCRYPTION_KEY: &str = "bp-encryption-key";

#[derive(Default)]
pub struct State {
    /// User key → user id.
    users: HashMap<String, String>,
    /// Conversation id → owner's user id.
    conversations: HashMap<String, String>,
    messages: Vec<Value>,
    /// Whether user keys must be JWTs signed with [`ENCRYPTION_KEY`].
    pub encrypted: bool,
    next: usize,
}

pub type FakeBotpress = Fake<State>;

pub fn start_botpress() -> FakeBotpress {
    spawn(|cfg| {
        cfg.service(
            web::scope(&format!("/{WEBHOOK}"))
                .route("/users", web::post().to(create_user))
                .route("/users/get-or-create", web::post().to(get_or_create_user))
                .route("/conversations", web::post().to(create_conversation))
                .route("/messages", web::post().to(create_message))
                .route("/conversations/{id}/messages", web::get().to(list_messages)),
        );
    })
}

fn fail(status: u16, kind: &str, message: &str) -> HttpResponse {
    let status = actix_web::http::StatusCode::from_u16(status).unwrap();
    HttpResponse::build(status).json(json!({
        "id": "err_1700000000_stub", "code": status.as_u16(), "type": kind, "message": message,
    }))
}

fn now(offset_ms: i64) -> String {
    (Utc::now() + Duration::milliseconds(offset_ms))
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// The user the `x-user-key` names (None: the API answers [`unauthorized`]).
fn user(req: &HttpRequest, fake: &FakeBotpress) -> Option<String> {
    let key = header(req, "x-user-key")?;
    let state = fake.state.lock().unwrap();
    if let Some(id) = state.users.get(key) {
        return Some(id.clone());
    }
    state.encrypted.then(|| verified_jwt(key)).flatten()
}

fn unauthorized() -> HttpResponse {
    fail(401, "Unauthorized", "Invalid x-user-key header")
}

/// The `id` of an HS256 JWT signed with the encryption key.
fn verified_jwt(key: &str) -> Option<String> {
    let (signing, signature) = key.rsplit_once('.')?;
    let tag = URL_SAFE_NO_PAD.decode(signature).ok()?;
    let k = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, ENCRYPTION_KEY.as_bytes());
    ring::hmac::verify(&k, signing.as_bytes(), &tag).ok()?;
    let claims = URL_SAFE_NO_PAD.decode(signing.split('.').nth(1)?).ok()?;
    let claims: Value = serde_json::from_slice(&claims).ok()?;
    claims["id"].as_str().map(str::to_string)
}

fn object(body: &[u8]) -> Option<Value> {
    serde_json::from_slice::<Value>(body)
        .ok()
        .filter(Value::is_object)
}

async fn create_user(
    req: HttpRequest,
    body: web::Bytes,
    fake: web::Data<FakeBotpress>,
) -> HttpResponse {
    fake.record(&req, &body);
    if object(&body).is_none() {
        return fail(400, "InvalidPayload", "Body must be an object");
    }
    let mut state = fake.state.lock().unwrap();
    if state.encrypted {
        return fail(
            403,
            "Forbidden",
            "createUser is not allowed with an encryption key; use getOrCreateUser",
        );
    }
    state.next += 1;
    let (id, key) = (
        format!("user_{}", state.next),
        format!("ukey_{}", state.next),
    );
    state.users.insert(key.clone(), id.clone());
    HttpResponse::Created().json(json!({
        "user": { "id": id, "createdAt": now(0), "updatedAt": now(0) }, "key": key,
    }))
}

async fn get_or_create_user(
    req: HttpRequest,
    body: web::Bytes,
    fake: web::Data<FakeBotpress>,
) -> HttpResponse {
    fake.record(&req, &body);
    let Some(id) = user(&req, &fake) else {
        return unauthorized();
    };
    HttpResponse::Ok()
        .json(json!({ "user": { "id": id, "createdAt": now(0), "updatedAt": now(0) } }))
}

async fn create_conversation(
    req: HttpRequest,
    body: web::Bytes,
    fake: web::Data<FakeBotpress>,
) -> HttpResponse {
    fake.record(&req, &body);
    let Some(owner) = user(&req, &fake) else {
        return unauthorized();
    };
    let mut state = fake.state.lock().unwrap();
    state.next += 1;
    let id = format!("conv_{}", state.next);
    state.conversations.insert(id.clone(), owner);
    HttpResponse::Created()
        .json(json!({ "conversation": { "id": id, "createdAt": now(0), "updatedAt": now(0) } }))
}

async fn create_message(
    req: HttpRequest,
    body: web::Bytes,
    fake: web::Data<FakeBotpress>,
) -> HttpResponse {
    fake.record(&req, &body);
    let Some(owner) = user(&req, &fake) else {
        return unauthorized();
    };
    let Some(b) = object(&body) else {
        return fail(400, "InvalidPayload", "Body must be an object");
    };
    let conversation = b["conversationId"].as_str().unwrap_or_default().to_string();
    let text = b["payload"]["text"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    if b["payload"]["type"] != "text" || text.is_empty() {
        return fail(400, "InvalidPayload", "payload must be a text message");
    }
    let owned = fake.state.lock().unwrap().conversations.get(&conversation) == Some(&owner);
    if !owned {
        return fail(404, "ResourceNotFound", "Conversation not found");
    }
    if let Some(res) = fake
        .misbehave(|s| fail(s, "Internal", "An internal error occurred"))
        .await
    {
        return res;
    }
    let mut state = fake.state.lock().unwrap();
    state.next += 1;
    let sent = json!({
        "id": format!("msg_{}", state.next), "createdAt": now(0), "userId": owner,
        "conversationId": conversation, "payload": b["payload"], "metadata": b["metadata"],
    });
    state.messages.push(sent.clone());
    // The bot's messages, a moment later.
    let replies = if wants_handoff(&text) {
        vec![(
            json!({ "type": "text", "text": HANDOFF_ANSWER }),
            json!({ "handoff": true }),
        )]
    } else {
        vec![
            (json!({ "type": "text", "text": PAYMENT_ANSWER }), json!({})),
            (
                json!({ "type": "image", "imageUrl": "https://bot.example/cards.png" }),
                json!({}),
            ),
        ]
    };
    for (i, (payload, metadata)) in replies.into_iter().enumerate() {
        state.next += 1;
        let id = format!("msg_{}", state.next);
        state.messages.push(json!({
            "id": id, "createdAt": now(5 + i as i64), "userId": "bot_user",
            "conversationId": conversation, "payload": payload, "metadata": metadata,
        }));
    }
    HttpResponse::Created().json(json!({ "message": sent }))
}

async fn list_messages(
    req: HttpRequest,
    path: web::Path<String>,
    fake: web::Data<FakeBotpress>,
) -> HttpResponse {
    fake.record(&req, &[]);
    let Some(owner) = user(&req, &fake) else {
        return unauthorized();
    };
    let state = fake.state.lock().unwrap();
    if state.conversations.get(path.as_str()) != Some(&owner) {
        return fail(404, "ResourceNotFound", "Conversation not found");
    }
    let mut messages: Vec<Value> = state
        .messages
        .iter()
        .filter(|m| m["conversationId"] == path.as_str())
        .cloned()
        .collect();
    messages.reverse();
    HttpResponse::Ok().json(json!({ "messages": messages, "meta": {} }))
}
