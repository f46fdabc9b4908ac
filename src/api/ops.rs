//! Operations endpoints: health and the OpenAPI document.

use actix_web::{HttpResponse, web};
use serde::Serialize;
use utoipa::OpenApi;

use crate::pipeline::Pipeline;

#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    /// `ok` when every region's store and key store answers and writes,
    /// `degraded` otherwise.
    pub status: String,
    /// Regions whose store (or key store) did not answer.
    pub unavailable: Vec<String>,
    /// Regions whose store (or key store) answers but cannot write: a full
    /// disk, a read-only database. Messages to them fail.
    pub not_writable: Vec<String>,
}

/// Liveness, and that every store answers and writes.
#[utoipa::path(get, path = "/healthz", responses(
    (status = 200, description = "Every store answers and writes", body = Health),
    (status = 503, description = "A store does not answer or cannot write", body = Health)
))]
pub async fn healthz(pipeline: web::Data<Pipeline>) -> HttpResponse {
    let health = pipeline.store_health().await;
    let status = if health.ok() { "ok" } else { "degraded" };
    let body = Health {
        status: status.into(),
        unavailable: health.unavailable,
        not_writable: health.not_writable,
    };
    if status == "ok" {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable()
            .insert_header(("Retry-After", "2"))
            .json(body)
    }
}

/// This document (OpenAPI 3.1).
#[utoipa::path(get, path = "/openapi.json", responses(
    (status = 200, description = "The OpenAPI document", content_type = "application/json", body = Object)
))]
pub async fn openapi() -> HttpResponse {
    HttpResponse::Ok().json(super::ApiDoc::openapi())
}

/// Prometheus metrics (OpenMetrics text). No personal data in any label.
#[utoipa::path(get, path = "/metrics", responses(
    (status = 200, description = "The metrics", content_type = "application/openmetrics-text", body = String)
))]
pub async fn metrics(pipeline: web::Data<Pipeline>) -> HttpResponse {
    let m = crate::metrics::global();
    // Queue lengths are read from the stores at scrape time.
    match pipeline.queue_lengths().await {
        Ok(lengths) => {
            for (pool, waiting) in lengths {
                m.queue_length
                    .get_or_create(&crate::metrics::Pool { pool })
                    .set(i64::from(waiting));
            }
        }
        Err(e) => tracing::warn!(error = %e, "queue lengths unavailable for /metrics"),
    }
    for engine in pipeline.chain().engines() {
        if let Some(open) = engine.breaker_open() {
            m.breaker_open
                .get_or_create(&crate::metrics::Engine {
                    engine: engine.name().to_string(),
                })
                .set(i64::from(open));
        }
    }
    HttpResponse::Ok()
        .content_type("application/openmetrics-text; version=1.0.0; charset=utf-8")
        .body(m.encode())
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct StatsQuery {
    /// Conversations created in the last this many hours (default 24).
    pub window_hours: Option<i64>,
}

/// Service-health figures (operations token: `crossdesk ops-token`).
#[utoipa::path(get, path = "/v1/ops/stats", security(("ops_token" = [])), params(StatsQuery),
    responses((status = 200, body = crate::pipeline::Stats), (status = 401, body = super::error::ErrorBody)))]
pub async fn stats(
    pipeline: web::Data<Pipeline>,
    req: actix_web::HttpRequest,
    q: web::Query<StatsQuery>,
) -> Result<HttpResponse, super::error::ApiError> {
    pipeline.ops_claims(super::shopper::bearer(&req))?;
    Ok(HttpResponse::Ok().json(pipeline.stats(q.window_hours.unwrap_or(24)).await?))
}

/// The service-health dashboard: a page that draws `/v1/ops/stats` with
/// the operations token the user gives it (kept in the tab's session
/// storage, sent as a bearer token, never in a URL the server sees).
#[utoipa::path(get, path = "/dashboard", responses(
    (status = 200, description = "The page", content_type = "text/html", body = String)
))]
pub async fn dashboard() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((
            "Content-Security-Policy",
            "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:",
        ))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .insert_header(("Referrer-Policy", "no-referrer"))
        .body(include_str!("dashboard.html"))
}

/// The dashboard's script (served apart so the page needs no inline script).
#[utoipa::path(get, path = "/dashboard.js", responses(
    (status = 200, description = "The script", content_type = "text/javascript", body = String)
))]
pub async fn dashboard_js() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(include_str!("dashboard.js"))
}
