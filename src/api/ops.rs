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
