//! The pages crossdesk serves itself, assets embedded in the binary: the
//! shopper's chat (`/chat`). Every page has a strict Content-Security-Policy
//! (scripts and styles from this origin only, no inline script) and renders
//! what people write as text.

use actix_web::HttpResponse;

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

fn asset(content_type: &str, body: &'static str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header(("Content-Security-Policy", CSP))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .insert_header(("Referrer-Policy", "no-referrer"))
        .body(body)
}

/// The shopper's chat: a demo page that opens a conversation in the
/// browser's language and time zone (`?country=ES` names the country).
#[utoipa::path(get, path = "/chat", responses(
    (status = 200, description = "The page", content_type = "text/html", body = String)
))]
pub async fn chat() -> HttpResponse {
    asset("text/html; charset=utf-8", include_str!("chat.html"))
}

/// The chat's script.
#[utoipa::path(get, path = "/chat.js", responses(
    (status = 200, description = "The script", content_type = "text/javascript", body = String)
))]
pub async fn chat_js() -> HttpResponse {
    asset("text/javascript; charset=utf-8", include_str!("chat.js"))
}

/// The chat's stylesheet.
#[utoipa::path(get, path = "/chat.css", responses(
    (status = 200, description = "The stylesheet", content_type = "text/css", body = String)
))]
pub async fn chat_css() -> HttpResponse {
    asset("text/css; charset=utf-8", include_str!("chat.css"))
}
