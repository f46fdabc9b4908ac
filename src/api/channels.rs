//! The channels' webhooks (`/channels/<id>`): the provider's GET
//! verification handshake and its POSTed events. The handler hands the raw
//! body and headers on untouched: the signature is over those bytes, and
//! it is checked before anything is parsed. Their bodies may be larger
//! than the JSON API's (`max_body_bytes`): an e-mail with its quoted thread
//! is, so they are read up to [`CHANNEL_MAX_BODY`].

use actix_web::{HttpRequest, HttpResponse, web};

use super::error::{ApiError, ErrorBody};
use crate::channels::Webhook;
use crate::pipeline::Pipeline;

/// The largest webhook body read (1 MiB).
pub const CHANNEL_MAX_BODY: usize = 1 << 20;

async fn webhook(
    pipeline: web::Data<Pipeline>,
    req: HttpRequest,
    id: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let body = payload
        .to_bytes_limited(CHANNEL_MAX_BODY)
        .await
        .map_err(|_| ApiError::PayloadTooLarge(CHANNEL_MAX_BODY))?
        .map_err(|_| ApiError::bad("invalid_body", "the request body could not be read"))?;
    let headers: Vec<(String, String)> = req
        .headers()
        .iter()
        .filter_map(|(k, v)| Some((k.as_str().to_ascii_lowercase(), v.to_str().ok()?.into())))
        .collect();
    let query = web::Query::<Vec<(String, String)>>::from_query(req.query_string())
        .map_err(|_| ApiError::bad("invalid_query", "the query string cannot be read"))?
        .into_inner();
    let request = Webhook {
        method: req.method().as_str(),
        query: &query,
        headers: &headers,
        body: &body,
    };
    let (ack, _) = pipeline.channel_webhook(&id, &request).await?;
    Ok(HttpResponse::Ok()
        .content_type(ack.content_type)
        .body(ack.body))
}

/// A provider's verification handshake (WhatsApp's `hub.challenge`,
/// WeChat's `echostr`), answered only with the channel's own token.
#[utoipa::path(get, path = "/channels/{id}", params(("id" = String, Path, description = "The channel's id in `[[channels]]`")),
    responses((status = 200, description = "The challenge, echoed", content_type = "text/plain", body = String),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn verify(
    pipeline: web::Data<Pipeline>,
    req: HttpRequest,
    id: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    webhook(pipeline, req, id, payload).await
}

/// A provider's events, signed as the provider signs them: each new
/// message takes the API's path in one conversation per channel user; the
/// replies are delivered through the provider's API. A bad or missing
/// signature gets 401 and nothing is processed; a replayed event is
/// acknowledged and ignored; a store that fails gets 503 (the provider
/// sends again).
#[utoipa::path(post, path = "/channels/{id}", params(("id" = String, Path, description = "The channel's id in `[[channels]]`")),
    request_body(content = String, description = "The provider's own body (JSON, XML or form)"),
    responses((status = 200, description = "Taken (the provider's expected acknowledgement)", body = String),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, description = "A body over 1 MiB", body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn receive(
    pipeline: web::Data<Pipeline>,
    req: HttpRequest,
    id: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    webhook(pipeline, req, id, payload).await
}
