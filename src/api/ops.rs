//! Operations endpoints: health and the OpenAPI document.

use actix_web::{HttpResponse, web};
use serde::Serialize;
use utoipa::OpenApi;

use crate::pipeline::Pipeline;

#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    /// `ok` when every region's store answers, `degraded` otherwise.
    pub status: String,
    /// Regions whose store did not answer.
    pub unavailable: Vec<String>,
}

/// Liveness and store reachability.
#[utoipa::path(get, path = "/healthz", responses(
    (status = 200, description = "Every store answers", body = Health),
    (status = 503, description = "A store does not answer", body = Health)
))]
pub async fn healthz(pipeline: web::Data<Pipeline>) -> HttpResponse {
    let mut unavailable = Vec::new();
    for region in pipeline
        .stores
        .regions()
        .map(str::to_string)
        .collect::<Vec<_>>()
    {
        let Ok(store) = pipeline.stores.get(&region) else {
            continue;
        };
        if store.run(|s| s.ping()).await.is_err() {
            unavailable.push(region);
        }
    }
    unavailable.sort();
    let status = if unavailable.is_empty() {
        "ok"
    } else {
        "degraded"
    };
    let body = Health {
        status: status.into(),
        unavailable,
    };
    if status == "ok" {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable()
            .insert_header(("Retry-After", "2"))
            .json(body)
    }
}

pub async fn openapi() -> HttpResponse {
    HttpResponse::Ok().json(super::ApiDoc::openapi())
}

/// Prometheus metrics (OpenMetrics text). No personal data in any label.
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
    HttpResponse::Ok()
        .content_type("application/openmetrics-text; version=1.0.0; charset=utf-8")
        .body(m.encode())
}
