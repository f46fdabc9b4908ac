//! The shoppers' endpoints: open a conversation, send a message, read the
//! history. A conversation's token opens that conversation and no other.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::error::{ApiError, ErrorBody};
use crate::pipeline::{History, OpenRequest, Opened, Pipeline, Reply};

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenConversation {
    /// ISO 3166-1 alpha-2 country of the shopper; decides the region unless
    /// a signed shopper assertion names one. Without either, the default
    /// region.
    #[schema(example = "ES")]
    pub country: Option<String>,
    /// BCP 47 locale the shopper or channel declares.
    #[schema(example = "es-ES")]
    pub locale: Option<String>,
    /// IANA time zone for times shown to the shopper.
    #[schema(example = "Europe/Madrid")]
    pub timezone: Option<String>,
    /// `web` (default), `app`, `wechat`, `email`, …
    pub channel: Option<String>,
    /// Accepted and ignored: only a signed `shopper_assertion` links a
    /// conversation to a shopper (the reply's `warnings` say so).
    pub shopper_id: Option<String>,
    /// The shop backend's signed shopper assertion (a JWT, HS256 or
    /// EdDSA, `kid` = a configured shop): who the shopper is and,
    /// optionally, their country. It links the conversation to the
    /// shopper's others.
    pub shopper_assertion: Option<String>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PostMessage {
    /// What the shopper wrote.
    #[schema(example = "¿Dónde está mi pedido?")]
    pub text: String,
    /// Locale declared for this message, overriding the conversation's.
    pub locale: Option<String>,
    /// Accepted for clients that send it with every message; the
    /// conversation's channel is fixed when it is opened.
    pub channel: Option<String>,
}

fn header<'a>(req: &'a HttpRequest, name: &str) -> Option<&'a str> {
    req.headers().get(name).and_then(|v| v.to_str().ok())
}

pub(super) fn bearer(req: &HttpRequest) -> Option<&str> {
    let value = header(req, "Authorization")?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Opens a conversation in the shopper's region.
#[utoipa::path(post, path = "/v1/conversations", request_body = OpenConversation, responses(
    (status = 201, body = Opened),
    (status = 400, body = ErrorBody), (status = 413, body = ErrorBody), (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)
))]
pub async fn open_conversation(
    pipeline: web::Data<Pipeline>,
    req: HttpRequest,
    body: web::Json<OpenConversation>,
) -> Result<HttpResponse, ApiError> {
    if let Some(ip) = super::client_ip(&req, pipeline.limits().trust_forwarded_for) {
        pipeline.limits().open(ip).map_err(ApiError::rate_limited)?;
    }
    let body = body.into_inner();
    let opened = pipeline
        .open(OpenRequest {
            country: body.country,
            locale: body.locale,
            timezone: body.timezone,
            channel: body.channel,
            shopper_id: body.shopper_id,
            shopper_assertion: body.shopper_assertion,
            accept_language: header(&req, "Accept-Language").map(str::to_string),
        })
        .await?;
    Ok(HttpResponse::Created().json(opened))
}

/// Sends a shopper message and returns the answer in the shopper's language.
#[utoipa::path(post, path = "/v1/conversations/{id}/messages", request_body = PostMessage,
    params(("id" = String, Path, description = "Conversation id")),
    security(("conversation_token" = [])),
    responses(
        (status = 200, body = Reply),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 413, body = ErrorBody), (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)
))]
pub async fn post_message(
    pipeline: web::Data<Pipeline>,
    req: HttpRequest,
    id: web::Path<String>,
    body: web::Json<PostMessage>,
) -> Result<HttpResponse, ApiError> {
    let conversation = pipeline.authorize_message(&id, bearer(&req)).await?;
    pipeline
        .limits()
        .message(&conversation.id)
        .map_err(ApiError::rate_limited)?;
    let body = body.into_inner();
    let reply = pipeline
        .message(
            conversation,
            &body.text,
            body.locale,
            header(&req, "Accept-Language"),
        )
        .await?;
    Ok(HttpResponse::Ok().json(reply))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct HistoryQuery {
    /// Only messages after this sequence number.
    pub after: Option<i32>,
    /// Seconds to wait for a first new message (long-poll, at most 30).
    pub wait: Option<u64>,
}

/// The conversation so far, in the shopper's language and time zone.
/// With `after` and `wait` it long-polls for new messages (an agent's reply).
/// When the instance already holds `[limits] waiting_requests` long-polls,
/// one that would have to wait gets 503 `busy` with `Retry-After` instead.
#[utoipa::path(get, path = "/v1/conversations/{id}/messages",
    params(("id" = String, Path, description = "Conversation id"), HistoryQuery),
    security(("conversation_token" = [])),
    responses((status = 200, body = History), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 503, body = ErrorBody))
)]
pub async fn get_messages(
    pipeline: web::Data<Pipeline>,
    req: HttpRequest,
    id: web::Path<String>,
    query: web::Query<HistoryQuery>,
) -> Result<HttpResponse, ApiError> {
    let conversation = pipeline.authorize(&id, bearer(&req)).await?;
    let wait = std::time::Duration::from_secs(query.wait.unwrap_or(0).min(30));
    let after = query.after.unwrap_or(0).max(0);
    Ok(HttpResponse::Ok().json(pipeline.history(conversation, after, wait).await?))
}

/// Erases the conversation (right to erasure): its data key is destroyed,
/// its rows deleted; the token opens nothing afterwards.
#[utoipa::path(delete, path = "/v1/conversations/{id}",
    params(("id" = String, Path, description = "Conversation id")),
    security(("conversation_token" = [])),
    responses((status = 200, body = crate::pipeline::Erased), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody))
)]
pub async fn erase_conversation(
    pipeline: web::Data<Pipeline>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let conversation = pipeline.authorize(&id, bearer(&req)).await?;
    Ok(HttpResponse::Ok().json(pipeline.erase_conversation(conversation).await?))
}

/// The shopper ends the conversation; the answer carries the rating question.
#[utoipa::path(post, path = "/v1/conversations/{id}/close", operation_id = "shopper_close",
    params(("id" = String, Path, description = "Conversation id")),
    security(("conversation_token" = [])),
    responses((status = 200, body = crate::pipeline::Closed), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody))
)]
pub async fn close(
    pipeline: web::Data<Pipeline>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let conversation = pipeline.authorize(&id, bearer(&req)).await?;
    Ok(HttpResponse::Ok().json(pipeline.shopper_close(conversation).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Rating {
    /// 1 (poor) … 5 (excellent).
    pub score: i32,
}

/// The shopper rates a closed conversation (1–5).
#[utoipa::path(post, path = "/v1/conversations/{id}/rating", request_body = Rating,
    params(("id" = String, Path, description = "Conversation id")),
    security(("conversation_token" = [])),
    responses((status = 200, body = crate::pipeline::Rated), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 409, body = ErrorBody))
)]
pub async fn rating(
    pipeline: web::Data<Pipeline>,
    req: HttpRequest,
    id: web::Path<String>,
    body: web::Json<Rating>,
) -> Result<HttpResponse, ApiError> {
    let conversation = pipeline.authorize(&id, bearer(&req)).await?;
    Ok(HttpResponse::Ok().json(pipeline.rate(conversation, body.score).await?))
}

/// A shop links its shopper's channel addresses to its shopper id: the
/// signed assertion lists them (`links`, `kind:address`) with the
/// shopper's `country`. Channel conversations of those addresses, earlier
/// and later, are then the shopper's (agents' related conversations,
/// erasure by shopper).
#[utoipa::path(post, path = "/v1/identities", request_body = crate::pipeline::LinkRequest,
    responses((status = 200, body = crate::pipeline::Linked), (status = 400, body = ErrorBody)))]
pub async fn link_identities(
    pipeline: web::Data<Pipeline>,
    body: web::Json<crate::pipeline::LinkRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(pipeline.link_identities(body.into_inner()).await?))
}
