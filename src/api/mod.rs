//! HTTP surface: one file per audience. All routes are listed in
//! [`configure`]; JSON body limits and extractor errors are mapped here so
//! every bad request gets the same `{error: {code, message}}` shape.

pub mod agent;
pub mod bare;
pub mod compliance;
pub mod ops;
pub mod shopper;

use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::{HttpRequest, HttpResponse, web};
use utoipa::OpenApi;

use crate::error::ApiError;

#[derive(OpenApi)]
#[openapi(
    info(title = "crossdesk", description = "Cross-border multilingual customer-service proxy."),
    paths(
        shopper::open_conversation,
        shopper::post_message,
        shopper::get_messages,
        agent::queue,
        agent::claim,
        agent::messages,
        agent::related,
        agent::reply,
        agent::preview,
        agent::transfer,
        agent::close,
        compliance::policies,
        compliance::audit,
        compliance::transfers,
        compliance::volumes,
        compliance::erasures,
        compliance::simulate,
        shopper::erase_conversation,
        shopper::close,
        shopper::rating,
        ops::healthz,
        ops::stats
    ),
    components(schemas(
        shopper::OpenConversation,
        shopper::PostMessage,
        crate::pipeline::Opened,
        crate::pipeline::Reply,
        crate::pipeline::Notice,
        crate::pipeline::Handoff,
        crate::pipeline::History,
        crate::pipeline::HistoryEntry,
        agent::AgentReply,
        agent::PreviewRequest,
        agent::Transfer,
        agent::Close,
        crate::pipeline::AgentQueue,
        crate::pipeline::QueueEntry,
        crate::pipeline::AgentView,
        crate::pipeline::AgentMessage,
        crate::pipeline::Sent,
        crate::pipeline::Preview,
        crate::pipeline::PolicyView,
        crate::pipeline::AuditView,
        crate::pipeline::TransferRecord,
        crate::pipeline::Volume,
        crate::pipeline::ThresholdStatus,
        crate::pipeline::SimulateRequest,
        crate::pipeline::Simulation,
        crate::pipeline::Hop,
        crate::pipeline::Erased,
        crate::error::ErrorBody,
        crate::error::ErrorDetail,
        ops::Health
    )),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "conversation_token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "agent_token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "ops_token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "compliance_token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

fn json_error(err: JsonPayloadError, _req: &HttpRequest, limit: usize) -> actix_web::Error {
    let api = match &err {
        JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
            ApiError::PayloadTooLarge(limit)
        }
        JsonPayloadError::ContentType => ApiError::UnsupportedMediaType,
        JsonPayloadError::Deserialize(e) if e.is_data() => {
            ApiError::bad("invalid_field", format!("invalid request body: {e}"))
        }
        JsonPayloadError::Deserialize(e) if e.is_eof() && e.line() == 1 && e.column() == 0 => {
            ApiError::bad(
                "empty_body",
                "the request body is empty; send a JSON object",
            )
        }
        JsonPayloadError::Deserialize(e) => {
            ApiError::bad("invalid_json", format!("malformed JSON: {e}"))
        }
        _ => ApiError::bad("invalid_body", "the request body could not be read"),
    };
    api.into()
}

/// Registers every route. `max_body` bounds every JSON body.
pub fn configure(cfg: &mut web::ServiceConfig, max_body: usize) {
    cfg.app_data(
        web::JsonConfig::default()
            .limit(max_body)
            .error_handler(move |e, r| json_error(e, r, max_body)),
    )
    .app_data(web::PayloadConfig::default().limit(max_body))
    .app_data(
        web::PathConfig::default()
            .error_handler(|_: PathError, _| ApiError::NotFound("not found".into()).into()),
    )
    .app_data(
        web::QueryConfig::default().error_handler(|e: QueryPayloadError, _| {
            ApiError::bad("invalid_query", e.to_string()).into()
        }),
    )
    .route("/healthz", web::get().to(ops::healthz))
    .route("/metrics", web::get().to(ops::metrics))
    .route("/dashboard", web::get().to(ops::dashboard))
    .route("/dashboard.js", web::get().to(ops::dashboard_js))
    .route("/openapi.json", web::get().to(ops::openapi))
    .service(
        web::scope("/v1")
            .route("/conversations", web::post().to(shopper::open_conversation))
            .route(
                "/conversations/{id}/messages",
                web::post().to(shopper::post_message),
            )
            .route(
                "/conversations/{id}/messages",
                web::get().to(shopper::get_messages),
            )
            .route("/agent/queue", web::get().to(agent::queue))
            .route(
                "/agent/conversations/{id}/claim",
                web::post().to(agent::claim),
            )
            .route(
                "/agent/conversations/{id}/messages",
                web::get().to(agent::messages),
            )
            .route(
                "/agent/conversations/{id}/related",
                web::get().to(agent::related),
            )
            .route(
                "/agent/conversations/{id}/messages",
                web::post().to(agent::reply),
            )
            .route(
                "/agent/conversations/{id}/preview",
                web::post().to(agent::preview),
            )
            .route(
                "/agent/conversations/{id}/transfer",
                web::post().to(agent::transfer),
            )
            .route(
                "/agent/conversations/{id}/close",
                web::post().to(agent::close),
            )
            .route("/ops/stats", web::get().to(ops::stats))
            .route("/compliance/policies", web::get().to(compliance::policies))
            .route("/compliance/audit", web::get().to(compliance::audit))
            .route(
                "/compliance/transfers",
                web::get().to(compliance::transfers),
            )
            .route("/compliance/volumes", web::get().to(compliance::volumes))
            .route("/compliance/erasures", web::get().to(compliance::erasures))
            .route("/compliance/simulate", web::post().to(compliance::simulate))
            .route(
                "/conversations/{id}",
                web::delete().to(shopper::erase_conversation),
            )
            .route("/conversations/{id}/close", web::post().to(shopper::close))
            .route(
                "/conversations/{id}/rating",
                web::post().to(shopper::rating),
            ),
    )
    .default_service(web::to(not_found));
}

/// The client's address: the peer, or — only when the deployment says a
/// proxy in front sets it — the forwarded-for address.
pub fn client_ip(req: &HttpRequest, trust_forwarded_for: bool) -> Option<std::net::IpAddr> {
    if trust_forwarded_for && let Some(addr) = req.connection_info().realip_remote_addr() {
        let host = addr
            .parse::<std::net::SocketAddr>()
            .map(|a| a.ip())
            .or_else(|_| addr.trim_matches(['[', ']']).parse());
        if let Ok(ip) = host {
            return Some(ip);
        }
    }
    req.peer_addr().map(|a| a.ip())
}

/// Middleware: every request counts against its client address's bucket.
pub async fn limit_per_ip(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    if let Some(pipeline) = req.app_data::<web::Data<crate::pipeline::Pipeline>>()
        && let Some(ip) = client_ip(req.request(), pipeline.limits.trust_forwarded_for)
        && let Err(wait) = pipeline.limits.request(ip)
    {
        return Err(ApiError::rate_limited(wait).into());
    }
    next.call(req).await
}

async fn not_found(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let known = ["/v1/conversations", "/healthz", "/openapi.json"];
    if known.contains(&req.path())
        || req.path().starts_with("/v1/conversations/") && req.path().ends_with("/messages")
    {
        return Ok(
            HttpResponse::MethodNotAllowed().json(crate::error::ErrorBody {
                error: crate::error::ErrorDetail {
                    code: "method_not_allowed".into(),
                    message: format!("{} is not allowed here", req.method()),
                },
            }),
        );
    }
    Err(ApiError::NotFound(format!("no route for {}", req.path())))
}
