//! The pages crossdesk serves itself, assets embedded in the binary: the
//! shopper's chat (`/chat`), the script that puts it on a shop's site
//! (`/widget.js`), the agent workspace (`/agent`) and the compliance
//! console (`/compliance`). Every page has a strict Content-Security-Policy
//! (scripts and styles from this origin only, no inline script) and renders
//! what people write as text. Only the chat may be framed, and only by the
//! sites `[web] widget_origins` lists.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::api::error::{ApiError, ErrorBody};
use crate::pipeline::Pipeline;

/// Every asset's policy but the frame ancestors, which [`csp`] adds.
const POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

fn csp(frame_ancestors: &str) -> String {
    format!("{POLICY}; frame-ancestors {frame_ancestors}")
}

/// The chat's policy: framed only by the configured shops' sites (config
/// validation lets only plain origins through).
fn chat_csp(widget_origins: &[String]) -> String {
    match widget_origins {
        [] => csp("'none'"),
        origins => csp(&origins.join(" ")),
    }
}

fn asset(content_type: &str, body: &'static str) -> HttpResponse {
    asset_with(content_type, body, csp("'none'"))
}

fn asset_with(content_type: &str, body: &'static str, csp: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header(("Content-Security-Policy", csp))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .insert_header(("Referrer-Policy", "no-referrer"))
        .body(body)
}

/// The shopper's chat: a demo page that opens a conversation in the
/// browser's language and time zone (`?country=ES` names the country). In
/// a frame of a `[web] widget_origins` site (`/widget.js`), it waits for
/// the site's country and signed shopper assertion, sent by `postMessage`.
#[utoipa::path(get, path = "/chat", responses(
    (status = 200, description = "The page", content_type = "text/html", body = String)
))]
pub async fn chat(pipeline: web::Data<Pipeline>) -> HttpResponse {
    asset_with(
        "text/html; charset=utf-8",
        include_str!("chat.html"),
        chat_csp(pipeline.widget_origins()),
    )
}

/// A handler serving one embedded asset with the pages' policy, and its
/// OpenAPI entry: (handler, path, file, content type, what it is).
macro_rules! assets {
    ($($(#[doc = $doc:literal])* $name:ident $path:literal $file:literal $ctype:literal $what:literal;)*) => {
        $(
            $(#[doc = $doc])*
            #[utoipa::path(get, path = $path, responses(
                (status = 200, description = $what, content_type = $ctype, body = String)
            ))]
            pub async fn $name() -> HttpResponse {
                asset(concat!($ctype, "; charset=utf-8"), include_str!($file))
            }
        )*
    };
}

assets! {
    /// The chat's script.
    chat_js "/chat.js" "chat.js" "text/javascript" "The script";
    /// The chat's stylesheet.
    chat_css "/chat.css" "chat.css" "text/css" "The stylesheet";
    /// The chat on a shop's site: one script tag (README, "The chat on a
    /// shop's site") adds a launcher button that opens `/chat` in a frame
    /// and hands it the tag's country and signed shopper assertion by
    /// `postMessage`, never in a URL.
    widget_js "/widget.js" "widget.js" "text/javascript" "The script";
    /// The agent workspace: sign in with an agent token, the queue, claim,
    /// originals beside translations, reply with a live preview.
    agent "/agent" "agent.html" "text/html" "The page";
    /// The agent workspace's script.
    agent_js "/agent.js" "agent.js" "text/javascript" "The script";
    /// The agent workspace's stylesheet.
    agent_css "/agent.css" "agent.css" "text/css" "The stylesheet";
    /// The compliance console: sign in with a compliance token, the
    /// policies in force and their check, the audit log and its
    /// verification, transfer records and yearly volumes, the policy
    /// simulator, erasures, export.
    compliance "/compliance" "compliance.html" "text/html" "The page";
    /// The compliance console's script.
    compliance_js "/compliance.js" "compliance.js" "text/javascript" "The script";
    /// The compliance console's stylesheet.
    compliance_css "/compliance.css" "compliance.css" "text/css" "The stylesheet";
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct WordsQuery {
    /// Locales in preference order, comma-separated (`de-AT,de,en`);
    /// without it, the request's Accept-Language.
    pub lang: Option<String>,
}

/// A page's words in one locale.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PageWordsView {
    /// The locale the words are in (en-US fills what it lacks).
    pub locale: String,
    /// Message id → text.
    pub words: std::collections::BTreeMap<String, String>,
}

/// A page's own words (Fluent, `locales/<locale>/<page>.ftl`) in the best
/// locale for the asked ones: what the chat, the agent workspace and the
/// compliance console show around people's texts.
#[utoipa::path(get, path = "/v1/pages/{page}/words", params(("page" = String, Path, description = "`chat`, `agent` or `compliance`"), WordsQuery),
    responses((status = 200, body = PageWordsView), (status = 404, body = ErrorBody)))]
pub async fn words(
    pipeline: web::Data<Pipeline>,
    req: HttpRequest,
    page: web::Path<String>,
    q: web::Query<WordsQuery>,
) -> Result<HttpResponse, ApiError> {
    let accept = req
        .headers()
        .get(actix_web::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let asked = q.lang.clone().unwrap_or(accept);
    // `de-DE,de;q=0.9` → ["de-DE", "de"]: the order is the preference.
    let requested: Vec<&str> = asked
        .split(',')
        .map(|l| l.split(';').next().unwrap_or_default().trim())
        .filter(|l| !l.is_empty())
        .take(10)
        .collect();
    let found = crate::page_words::valid_page(&page)
        .then(|| pipeline.page_words().words(&page, &requested))
        .flatten();
    let (locale, words) =
        found.ok_or_else(|| ApiError::NotFound(format!("no page named {:?}", page.as_str())))?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-cache"))
        .json(PageWordsView { locale, words }))
}
