//! The compliance officers' endpoints: read-only, with compliance tokens
//! (`crossdesk compliance-token`), which open nothing else.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::error::{ApiError, ErrorBody};
use super::shopper::bearer;
use crate::audit::{Format, Verdict};
use crate::pipeline::{
    AuditView, Filter, Pipeline, PolicyView, SimulateRequest, Simulation, TransferRecord, Volume,
};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    pub region: Option<String>,
    pub kind: Option<String>,
    /// Unix milliseconds, inclusive.
    pub from: Option<i64>,
    pub to: Option<i64>,
}

impl From<&AuditQuery> for Filter {
    fn from(q: &AuditQuery) -> Filter {
        Filter {
            region: q.region.clone(),
            kind: q.kind.clone(),
            from: q.from,
            to: q.to,
        }
    }
}

/// The policies in force, with their versions and hashes.
#[utoipa::path(get, path = "/v1/compliance/policies", security(("compliance_token" = [])),
    responses((status = 200, body = [PolicyView]), (status = 401, body = ErrorBody)))]
pub async fn policies(
    pipeline: web::Data<Pipeline>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let c = pipeline.compliance_claims(bearer(&req))?;
    Ok(HttpResponse::Ok().json(pipeline.compliance_policies(&c).await?))
}

/// Audit entries, filtered.
#[utoipa::path(get, path = "/v1/compliance/audit", security(("compliance_token" = [])), params(AuditQuery),
    responses((status = 200, body = [AuditView]), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn audit(
    pipeline: web::Data<Pipeline>,
    req: HttpRequest,
    q: web::Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    let c = pipeline.compliance_claims(bearer(&req))?;
    Ok(HttpResponse::Ok().json(pipeline.compliance_audit(&c, &Filter::from(&*q)).await?))
}

/// Records of transfers per destination, processor and legal basis.
#[utoipa::path(get, path = "/v1/compliance/transfers", security(("compliance_token" = [])), params(AuditQuery),
    responses((status = 200, body = [TransferRecord]), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn transfers(
    pipeline: web::Data<Pipeline>,
    req: HttpRequest,
    q: web::Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    let c = pipeline.compliance_claims(bearer(&req))?;
    Ok(HttpResponse::Ok().json(
        pipeline
            .compliance_transfers(&c, &Filter::from(&*q))
            .await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct VolumeQuery {
    pub region: Option<String>,
    /// Calendar year (default: this year).
    pub year: Option<i32>,
}

/// Distinct data subjects transferred out of each region since 1 January,
/// against the policy's volume lines (PIPL), with warnings.
#[utoipa::path(get, path = "/v1/compliance/volumes", security(("compliance_token" = [])), params(VolumeQuery),
    responses((status = 200, body = [Volume]), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn volumes(
    pipeline: web::Data<Pipeline>,
    req: HttpRequest,
    q: web::Query<VolumeQuery>,
) -> Result<HttpResponse, ApiError> {
    let c = pipeline.compliance_claims(bearer(&req))?;
    let q = q.into_inner();
    Ok(HttpResponse::Ok().json(pipeline.compliance_volumes(&c, q.region, q.year).await?))
}

/// Erasures carried out, per region and period.
#[utoipa::path(get, path = "/v1/compliance/erasures", security(("compliance_token" = [])), params(AuditQuery),
    responses((status = 200, body = [AuditView]), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn erasures(
    pipeline: web::Data<Pipeline>,
    req: HttpRequest,
    q: web::Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    let c = pipeline.compliance_claims(bearer(&req))?;
    Ok(HttpResponse::Ok().json(pipeline.compliance_erasures(&c, &Filter::from(&*q)).await?))
}

/// Every decision the pipeline would take for a message, without storing
/// or sending anything.
#[utoipa::path(post, path = "/v1/compliance/simulate", security(("compliance_token" = [])), request_body = SimulateRequest,
    responses((status = 200, body = Simulation), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn simulate(
    pipeline: web::Data<Pipeline>,
    req: HttpRequest,
    body: web::Json<SimulateRequest>,
) -> Result<HttpResponse, ApiError> {
    let c = pipeline.compliance_claims(bearer(&req))?;
    Ok(HttpResponse::Ok().json(pipeline.compliance_simulate(&c, body.into_inner()).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct VerifyQuery {
    /// One region (default: every region).
    pub region: Option<String>,
}

/// Each region's audit log verified whole — the chain, the signed
/// checkpoints (and the configured witness's), the proven length — with
/// the first altered, missing or uncovered entry: the verdict of
/// `crossdesk audit verify`.
#[utoipa::path(get, path = "/v1/compliance/audit/verify", security(("compliance_token" = [])), params(VerifyQuery),
    responses((status = 200, body = [Verdict]), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn audit_verify(
    pipeline: web::Data<Pipeline>,
    req: HttpRequest,
    q: web::Query<VerifyQuery>,
) -> Result<HttpResponse, ApiError> {
    let c = pipeline.compliance_claims(bearer(&req))?;
    Ok(HttpResponse::Ok().json(pipeline.compliance_verify(&c, q.region.as_deref()).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    pub region: String,
    /// Unix milliseconds, inclusive.
    pub from: Option<i64>,
    pub to: Option<i64>,
    /// `jsonl` (default: with the checkpoints and the public key, for
    /// `crossdesk audit verify --file`) or `csv`.
    pub format: Option<String>,
}

/// A region's audit log as a download: the bytes of `crossdesk audit
/// export`.
#[utoipa::path(get, path = "/v1/compliance/audit/export", security(("compliance_token" = [])), params(ExportQuery),
    responses(
        (status = 200, description = "JSON Lines (`application/jsonl`) or CSV (`text/csv`), as an attachment", content_type = "application/jsonl", body = String),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn audit_export(
    pipeline: web::Data<Pipeline>,
    req: HttpRequest,
    q: web::Query<ExportQuery>,
) -> Result<HttpResponse, ApiError> {
    let c = pipeline.compliance_claims(bearer(&req))?;
    let format: Format = q
        .format
        .as_deref()
        .unwrap_or("jsonl")
        .parse()
        .map_err(|e: String| ApiError::bad("invalid_format", e))?;
    let export = pipeline
        .compliance_export(&c, &q.region, q.from, q.to, format)
        .await?;
    Ok(HttpResponse::Ok()
        .content_type(export.content_type)
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{}\"", export.filename),
        ))
        .insert_header(("Cache-Control", "no-store"))
        .body(export.body))
}
