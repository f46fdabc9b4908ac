//! The WhatsApp Cloud API stub: `POST /{phone_number_id}/messages`
//! (developers.facebook.com/docs/whatsapp/cloud-api/reference/messages,
//! …/cloud-api/messages/text-messages) with `Authorization: Bearer <token>`
//! and `{"messaging_product": "whatsapp", "recipient_type": "individual",
//! "to", "type": "text", "text": {"preview_url", "body"}}`, answered
//! `{"messaging_product": "whatsapp", "contacts": [{"input", "wa_id"}],
//! "messages": [{"id": "wamid.…"}]}`. Errors have the Graph API's shape
//! (developers.facebook.com/docs/graph-api/guides/error-handling,
//! …/whatsapp/cloud-api/support/error-codes): `{"error": {"message",
//! "type", "code", "error_data": {"messaging_product", "details"},
//! "fbtrace_id"}}` — a wrong token 401 code 190, a body that breaks the
//! rules 400 code 100; the modes' failures: 400 → code 131047
//! (re-engagement: the 24-hour window is closed), 429 → HTTP 400 with code
//! 130429 (throughput reached, as Meta answers it), 5xx → code 131000.

use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};

use super::server::{Ctx, Mode, Stub, error, header, spawn};

/// `token`: the access token the stub accepts; replies are accepted for
/// any phone number id (the test checks the path).
pub fn start_whatsapp(mode: Mode, token: &str) -> Stub {
    spawn(mode, Some(token.to_string()), |cfg| {
        cfg.route("/{phone_number_id}/messages", web::post().to(messages));
    })
}

fn fail(status: u16, code: i64, message: &str, details: &str) -> HttpResponse {
    error(
        status,
        json!({"error": {
            "message": message,
            "type": "OAuthException",
            "code": code,
            "error_data": {"messaging_product": "whatsapp", "details": details},
            "fbtrace_id": "AbCdEf0123456789xyz"
        }}),
    )
}

/// The body's breaches of the text-message rules, if any.
fn invalid(b: &Value) -> Option<&'static str> {
    if b["messaging_product"] != "whatsapp" {
        return Some("messaging_product must be whatsapp");
    }
    if b["recipient_type"] != "individual" {
        return Some("recipient_type must be individual");
    }
    let to = b["to"].as_str().unwrap_or_default();
    if to.is_empty()
        || !to
            .trim_start_matches('+')
            .bytes()
            .all(|c| c.is_ascii_digit())
    {
        return Some("to must be a phone number");
    }
    if b["type"] != "text" || !b["text"]["preview_url"].is_boolean() {
        return Some("type must be text, with text.preview_url");
    }
    match b["text"]["body"].as_str() {
        Some(body) if !body.is_empty() && body.chars().count() <= 4096 => None,
        _ => Some("text.body must be 1–4096 characters"),
    }
}

async fn messages(req: HttpRequest, body: web::Bytes, ctx: web::Data<Ctx>) -> HttpResponse {
    let bearer = header(&req, "authorization").and_then(|a| a.strip_prefix("Bearer "));
    if bearer != ctx.key.as_deref() {
        ctx.stub.record(&req, &body, false);
        return fail(
            401,
            190,
            "Error validating access token",
            "The access token could not be decrypted",
        );
    }
    let parsed: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    if let Some(why) = invalid(&parsed) {
        ctx.stub.record(&req, &body, false);
        return fail(400, 100, "(#100) Invalid parameter", why);
    }
    let failure = |status: u16| match status {
        400 => fail(
            400,
            131047,
            "(#131047) Re-engagement message",
            "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
        ),
        429 => fail(
            400,
            130429,
            "(#130429) Rate limit hit",
            "Cloud API message throughput has been reached.",
        ),
        s => fail(s, 131000, "Something went wrong", "Something went wrong"),
    };
    if let Err(res) = ctx
        .stub
        .decide(failure, "{\"messaging_product\": \"wh")
        .await
    {
        ctx.stub.record(&req, &body, false);
        return res;
    }
    ctx.stub.record(&req, &body, true);
    let to = parsed["to"].as_str().unwrap_or_default();
    HttpResponse::Ok().json(json!({
        "messaging_product": "whatsapp",
        "contacts": [{"input": to, "wa_id": to.trim_start_matches('+')}],
        "messages": [{"id": format!("wamid.STUB{}", ctx.stub.hits())}],
    }))
}
