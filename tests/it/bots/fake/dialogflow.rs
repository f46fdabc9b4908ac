//! A fake Dialogflow CX agent, as
//! cloud.google.com/dialogflow/cx/docs/reference/rest/v3/projects.locations.agents.sessions/detectIntent
//! and …/docs/reference/rest/v3/ResponseMessage describe it: `POST
//! /v3/projects/{p}/locations/{l}/agents/{a}/sessions/{s}:detectIntent`
//! behind `Authorization: Bearer <access token>` (else 401
//! `UNAUTHENTICATED`), `queryInput.text.text` and `queryInput.languageCode`
//! (one of the agent's languages, else 400 `INVALID_ARGUMENT`), answering
//! `queryResult.responseMessages[].text.text[]`, `liveAgentHandoff` for a
//! person, `match.matchType`; errors as Google's `{error: {code, message,
//! status}}`.

use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};

use super::server::{Fake, HANDOFF_ANSWER, PAYMENT_ANSWER, header, spawn, wants_handoff};

pub const TOKEN: &str = "ya29.fake-access-token";
pub const PROJECT: &str = "shop-prod";
pub const LOCATION: &str = "europe-west3";
pub const AGENT: &str = "0a1b2c3d-agent";
/// The agent's languages.
const LANGUAGES: &[&str] = &["en", "es"];

pub type FakeDialogflow = Fake<()>;

pub fn start_dialogflow() -> FakeDialogflow {
    spawn(|cfg| {
        cfg.route(
            "/v3/projects/{p}/locations/{l}/agents/{a}/sessions/{s}",
            web::post().to(detect_intent),
        );
    })
}

fn fail(code: u16, status: &str, message: &str) -> HttpResponse {
    let s = actix_web::http::StatusCode::from_u16(code).unwrap();
    HttpResponse::build(s)
        .json(json!({ "error": { "code": code, "message": message, "status": status } }))
}

fn google_error(code: u16) -> HttpResponse {
    match code {
        401 => fail(
            401,
            "UNAUTHENTICATED",
            "Request had invalid authentication credentials.",
        ),
        403 => fail(
            403,
            "PERMISSION_DENIED",
            "Caller does not have required permission",
        ),
        429 => fail(429, "RESOURCE_EXHAUSTED", "Quota exceeded"),
        503 => fail(503, "UNAVAILABLE", "The service is currently unavailable."),
        _ => fail(code, "INTERNAL", "Internal error encountered."),
    }
}

async fn detect_intent(
    req: HttpRequest,
    path: web::Path<(String, String, String, String)>,
    body: web::Bytes,
    fake: web::Data<FakeDialogflow>,
) -> HttpResponse {
    fake.record(&req, &body);
    let (p, l, a, s) = path.into_inner();
    let Some(session) = s.strip_suffix(":detectIntent") else {
        return fail(404, "NOT_FOUND", "Method not found.");
    };
    if header(&req, "authorization") != Some(format!("Bearer {TOKEN}").as_str()) {
        return google_error(401);
    }
    if (p.as_str(), l.as_str(), a.as_str()) != (PROJECT, LOCATION, AGENT) {
        return fail(
            404,
            "NOT_FOUND",
            "com.google.apps.framework.request.NotFoundException: No DesignTimeAgent found",
        );
    }
    if session.is_empty() || session.len() > 36 {
        return fail(
            400,
            "INVALID_ARGUMENT",
            "Session id must be at most 36 characters",
        );
    }
    let Some(b) = serde_json::from_slice::<Value>(&body)
        .ok()
        .filter(Value::is_object)
    else {
        return fail(400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
    };
    let text = b["queryInput"]["text"]["text"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let lang = b["queryInput"]["languageCode"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    if text.is_empty() {
        return fail(400, "INVALID_ARGUMENT", "Query input text is empty.");
    }
    if !LANGUAGES.contains(&lang.as_str()) {
        return fail(
            400,
            "INVALID_ARGUMENT",
            "com.google.apps.framework.request.BadRequestException: Language code is not supported by the agent",
        );
    }
    if let Some(res) = fake.misbehave(google_error).await {
        return res;
    }
    let lower = text.to_lowercase();
    let (messages, match_type) = if wants_handoff(&text) {
        (
            json!([{ "text": { "text": [HANDOFF_ANSWER] } }, { "liveAgentHandoff": { "metadata": { "queue": "delivery" } } }]),
            "INTENT",
        )
    } else if lower.contains("paypal") {
        let answer = if lang == "es" {
            "Aceptamos Visa, Mastercard y PayPal."
        } else {
            PAYMENT_ANSWER
        };
        (json!([{ "text": { "text": [answer] } }]), "INTENT")
    } else {
        (
            json!([{ "text": { "text": ["Sorry, could you say that another way?"] } }]),
            "NO_MATCH",
        )
    };
    HttpResponse::Ok().json(json!({
        "responseId": format!("resp-{}", fake.requests().len()),
        "queryResult": {
            "text": text, "languageCode": lang, "responseMessages": messages,
            "match": { "matchType": match_type, "confidence": 0.9 },
            "currentPage": { "name": format!("projects/{p}/locations/{l}/agents/{a}/flows/00000000-0000-0000-0000-000000000000/pages/START_PAGE"), "displayName": "Start Page" },
        },
    }))
}
