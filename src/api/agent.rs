//! The agents' endpoints. Every call carries an agent token bound to one
//! pool (`crossdesk agent-token`); conversation tokens open nothing here.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::error::{ApiError, ErrorBody};
use super::shopper::bearer;
use crate::crypto::AgentClaims;
use crate::pipeline::{AgentQueue, AgentView, Error, Pipeline, Preview, Sent};

fn claims(pipeline: &Pipeline, req: &HttpRequest) -> Result<AgentClaims, ApiError> {
    let token = bearer(req).ok_or(ApiError::UseCase(Error::Unauthorized))?;
    Ok(pipeline.agent_claims(token)?)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgentReply {
    /// The reply, in the agent's language.
    pub text: String,
    /// Send it as written when no engine can translate it into the
    /// shopper's language (the shopper is told); without it such a reply
    /// is refused with 422 `untranslatable`.
    #[serde(default)]
    pub send_untranslated: bool,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreviewRequest {
    /// The reply the agent is about to send.
    pub text: String,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    /// The pool to hand the conversation to.
    pub pool: String,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Close {
    /// `resolved`, `unresolved`, `duplicate` or `spam`.
    pub resolution: String,
}

/// The agent's pool queue, most urgent and oldest first.
#[utoipa::path(get, path = "/v1/agent/queue", security(("agent_token" = [])),
    responses((status = 200, body = AgentQueue), (status = 401, body = ErrorBody)))]
pub async fn queue(
    pipeline: web::Data<Pipeline>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let c = claims(&pipeline, &req)?;
    Ok(HttpResponse::Ok().json(pipeline.agent_queue(&c).await?))
}

/// Takes a waiting conversation of the agent's pool.
#[utoipa::path(post, path = "/v1/agent/conversations/{id}/claim", security(("agent_token" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = AgentView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn claim(
    pipeline: web::Data<Pipeline>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let c = claims(&pipeline, &req)?;
    Ok(HttpResponse::Ok().json(pipeline.claim(&c, &id).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct MessagesQuery {
    /// Only messages after this sequence number.
    pub after: Option<i32>,
    /// Seconds to wait for a first new message (long-poll, at most 30).
    pub wait: Option<u64>,
}

/// The conversation in the agent's language, with the originals. With
/// `after` and `wait` it long-polls for the shopper's next message.
#[utoipa::path(get, path = "/v1/agent/conversations/{id}/messages", security(("agent_token" = [])),
    params(("id" = String, Path), MessagesQuery),
    responses((status = 200, body = AgentView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn messages(
    pipeline: web::Data<Pipeline>,
    req: HttpRequest,
    id: web::Path<String>,
    q: web::Query<MessagesQuery>,
) -> Result<HttpResponse, ApiError> {
    let c = claims(&pipeline, &req)?;
    let wait = std::time::Duration::from_secs(q.wait.unwrap_or(0).min(30));
    let view = pipeline.agent_view(&c, &id, q.after.unwrap_or(0).max(0), wait);
    Ok(HttpResponse::Ok().json(view.await?))
}

/// The shopper's earlier conversations on other channels (same region),
/// in the agent's language.
#[utoipa::path(get, path = "/v1/agent/conversations/{id}/related", security(("agent_token" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = [crate::pipeline::RelatedConversation]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn related(
    pipeline: web::Data<Pipeline>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let c = claims(&pipeline, &req)?;
    Ok(HttpResponse::Ok().json(pipeline.related(&c, &id).await?))
}

/// Replies in the agent's language; the shopper reads it in theirs.
#[utoipa::path(post, path = "/v1/agent/conversations/{id}/messages", security(("agent_token" = [])),
    params(("id" = String, Path)), request_body = AgentReply,
    responses((status = 200, body = Sent), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reply(
    pipeline: web::Data<Pipeline>,
    req: HttpRequest,
    id: web::Path<String>,
    body: web::Json<AgentReply>,
) -> Result<HttpResponse, ApiError> {
    let c = claims(&pipeline, &req)?;
    let sent = pipeline.agent_reply(&c, &id, &body.text, body.send_untranslated);
    Ok(HttpResponse::Ok().json(sent.await?))
}

/// What the shopper would read if the agent sent this reply now:
/// the translation and its engine, or that no engine can translate it.
/// Nothing is sent or stored.
#[utoipa::path(post, path = "/v1/agent/conversations/{id}/preview", security(("agent_token" = [])),
    params(("id" = String, Path)), request_body = PreviewRequest,
    responses((status = 200, body = Preview), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn preview(
    pipeline: web::Data<Pipeline>,
    req: HttpRequest,
    id: web::Path<String>,
    body: web::Json<PreviewRequest>,
) -> Result<HttpResponse, ApiError> {
    let c = claims(&pipeline, &req)?;
    Ok(HttpResponse::Ok().json(pipeline.preview(&c, &id, &body.text).await?))
}

/// Hands the conversation to another pool's queue.
#[utoipa::path(post, path = "/v1/agent/conversations/{id}/transfer", security(("agent_token" = [])),
    params(("id" = String, Path)), request_body = Transfer,
    responses((status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn transfer(
    pipeline: web::Data<Pipeline>,
    req: HttpRequest,
    id: web::Path<String>,
    body: web::Json<Transfer>,
) -> Result<HttpResponse, ApiError> {
    let c = claims(&pipeline, &req)?;
    pipeline.transfer(&c, &id, &body.pool).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Closes the conversation with a resolution.
#[utoipa::path(post, path = "/v1/agent/conversations/{id}/close", operation_id = "agent_close", security(("agent_token" = [])),
    params(("id" = String, Path)), request_body = Close,
    responses((status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn close(
    pipeline: web::Data<Pipeline>,
    req: HttpRequest,
    id: web::Path<String>,
    body: web::Json<Close>,
) -> Result<HttpResponse, ApiError> {
    let c = claims(&pipeline, &req)?;
    pipeline.close(&c, &id, &body.resolution).await?;
    Ok(HttpResponse::NoContent().finish())
}
