//! HTTP surface: one file per audience. All routes are listed in
//! [`configure`]; JSON body limits and extractor errors are mapped here so
//! every bad request gets the same `{error: {code, message}}` shape.

pub mod agent;
pub mod bare;
pub mod channels;
pub mod compliance;
pub mod error;
pub mod ops;
mod server;
pub mod shopper;

pub use server::serve;

use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::{HttpRequest, HttpResponse, web};
use utoipa::OpenApi;

use self::error::ApiError;

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
        compliance::audit_verify,
        compliance::audit_export,
        shopper::erase_conversation,
        shopper::close,
        shopper::rating,
        shopper::link_identities,
        ops::healthz,
        ops::metrics,
        ops::dashboard,
        ops::dashboard_js,
        ops::openapi,
        crate::web::chat,
        crate::web::chat_js,
        crate::web::chat_css,
        crate::web::widget_js,
        crate::web::words,
        crate::web::agent,
        crate::web::agent_js,
        crate::web::agent_css,
        crate::web::compliance,
        crate::web::compliance_js,
        crate::web::compliance_css,
        ops::stats,
        channels::verify,
        channels::receive
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
        crate::pipeline::Delivery,
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
        crate::audit::Verdict,
        crate::policy::CheckStatus,
        crate::pipeline::Erased,
        crate::pipeline::LinkRequest,
        crate::pipeline::Linked,
        self::error::ErrorBody,
        self::error::ErrorDetail,
        crate::web::PageWordsView,
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

/// Every route once: registered from this list, and listed by it
/// ([`ROUTES`]) so that a test holds the OpenAPI document against it.
macro_rules! routes {
    ($($method:ident $path:literal => $handler:path),* $(,)?) => {
        /// Every route the server answers: (method, path).
        pub const ROUTES: &[(&str, &str)] = &[$((stringify!($method), $path)),*];

        fn register(cfg: &mut web::ServiceConfig) {
            $(cfg.route($path, web::$method().to($handler));)*
        }
    };
}

routes! {
    get "/healthz" => ops::healthz,
    get "/metrics" => ops::metrics,
    get "/dashboard" => ops::dashboard,
    get "/dashboard.js" => ops::dashboard_js,
    get "/openapi.json" => ops::openapi,
    get "/chat" => crate::web::chat,
    get "/chat.js" => crate::web::chat_js,
    get "/chat.css" => crate::web::chat_css,
    get "/widget.js" => crate::web::widget_js,
    get "/v1/pages/{page}/words" => crate::web::words,
    get "/agent" => crate::web::agent,
    get "/agent.js" => crate::web::agent_js,
    get "/agent.css" => crate::web::agent_css,
    get "/compliance" => crate::web::compliance,
    get "/compliance.js" => crate::web::compliance_js,
    get "/compliance.css" => crate::web::compliance_css,
    post "/v1/conversations" => shopper::open_conversation,
    post "/v1/conversations/{id}/messages" => shopper::post_message,
    get "/v1/conversations/{id}/messages" => shopper::get_messages,
    delete "/v1/conversations/{id}" => shopper::erase_conversation,
    post "/v1/conversations/{id}/close" => shopper::close,
    post "/v1/conversations/{id}/rating" => shopper::rating,
    post "/v1/identities" => shopper::link_identities,
    get "/v1/agent/queue" => agent::queue,
    post "/v1/agent/conversations/{id}/claim" => agent::claim,
    get "/v1/agent/conversations/{id}/messages" => agent::messages,
    get "/v1/agent/conversations/{id}/related" => agent::related,
    post "/v1/agent/conversations/{id}/messages" => agent::reply,
    post "/v1/agent/conversations/{id}/preview" => agent::preview,
    post "/v1/agent/conversations/{id}/transfer" => agent::transfer,
    post "/v1/agent/conversations/{id}/close" => agent::close,
    get "/v1/ops/stats" => ops::stats,
    get "/channels/{id}" => channels::verify,
    post "/channels/{id}" => channels::receive,
    get "/v1/compliance/policies" => compliance::policies,
    get "/v1/compliance/audit" => compliance::audit,
    get "/v1/compliance/transfers" => compliance::transfers,
    get "/v1/compliance/volumes" => compliance::volumes,
    get "/v1/compliance/erasures" => compliance::erasures,
    post "/v1/compliance/simulate" => compliance::simulate,
    get "/v1/compliance/audit/verify" => compliance::audit_verify,
    get "/v1/compliance/audit/export" => compliance::audit_export,
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
    .configure(register)
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
        && let Some(ip) = client_ip(req.request(), pipeline.limits().trust_forwarded_for)
        && let Err(wait) = pipeline.limits().request(ip)
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
            HttpResponse::MethodNotAllowed().json(self::error::ErrorBody {
                error: self::error::ErrorDetail {
                    code: "method_not_allowed".into(),
                    message: format!("{} is not allowed here", req.method()),
                },
            }),
        );
    }
    Err(ApiError::NotFound(format!("no route for {}", req.path())))
}
