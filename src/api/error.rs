//! The one place errors become HTTP answers: the use cases' [`Error`]s
//! and the request's own (unreadable body, rate limits).
//!
//! Three levels:
//! - **shopper input** (bad JSON, bad token, unknown conversation): 4xx with a
//!   stable `code` and a message that says what to fix;
//! - **a part behind the proxy** (a store that is down or locked), or this
//!   instance holding as many waiting long-polls as it may: 503 with
//!   `Retry-After`; nothing was half-written, the client may retry;
//! - **internal** (a bug): 500 with a generic message; details only in logs.
//!
//! Every error body is `{"error": {"code", "message"}}`. Messages never
//! contain tokens, keys or message text.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use crate::pipeline::Error;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A use case refused or failed.
    #[error(transparent)]
    UseCase(#[from] Error),
    /// The request itself cannot be read (bad JSON, query or path).
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    #[error("{0}")]
    NotFound(String),
    #[error("request body larger than {0} bytes")]
    PayloadTooLarge(usize),
    #[error("content type must be application/json")]
    UnsupportedMediaType,
    #[error("too many requests; retry after {0} s")]
    RateLimited(u64),
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable, machine-readable code (`invalid_json`, `unauthorized`, …).
    pub code: String,
    /// What went wrong, for a person.
    pub message: String,
}

impl ApiError {
    pub fn bad(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::BadRequest {
            code,
            message: message.into(),
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            ApiError::UseCase(e) => match e {
                Error::Invalid { code, .. } => code,
                Error::Unauthorized => "unauthorized",
                Error::BadSignature(_) => "bad_signature",
                Error::Forbidden => "forbidden",
                Error::NotFound(_) => "not_found",
                Error::Conflict(_) => "conflict",
                Error::Unprocessable { code, .. } => code,
                Error::Busy => "busy",
                Error::Unavailable(_) => "unavailable",
                Error::Internal { .. } => "internal",
            },
            ApiError::BadRequest { code, .. } => code,
            ApiError::NotFound(_) => "not_found",
            ApiError::PayloadTooLarge(_) => "payload_too_large",
            ApiError::UnsupportedMediaType => "unsupported_media_type",
            ApiError::RateLimited(_) => "rate_limited",
        }
    }
}

impl ApiError {
    pub fn rate_limited(wait: std::time::Duration) -> ApiError {
        ApiError::RateLimited(crate::limits::retry_after_secs(wait))
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::UseCase(e) => match e {
                Error::Invalid { .. } => StatusCode::BAD_REQUEST,
                Error::Unauthorized | Error::BadSignature(_) => StatusCode::UNAUTHORIZED,
                Error::Forbidden => StatusCode::FORBIDDEN,
                Error::NotFound(_) => StatusCode::NOT_FOUND,
                Error::Conflict(_) => StatusCode::CONFLICT,
                Error::Unprocessable { .. } => StatusCode::UNPROCESSABLE_ENTITY,
                Error::Busy | Error::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
                Error::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
            },
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            ApiError::UseCase(Error::Unavailable(e)) => {
                tracing::warn!(error = %e, "store unavailable")
            }
            ApiError::UseCase(Error::Internal { during, detail }) => {
                tracing::error!(%during, error = %detail, "internal error")
            }
            _ => {}
        }
        crate::metrics::global()
            .errors
            .get_or_create(&crate::metrics::Code {
                code: self.code().into(),
            })
            .inc();
        let mut response = HttpResponse::build(self.status_code());
        if let ApiError::UseCase(Error::Unauthorized) = self {
            response.insert_header(("WWW-Authenticate", "Bearer"));
        }
        match self {
            ApiError::UseCase(Error::Unavailable(_)) => {
                response.insert_header(("Retry-After", "2"));
            }
            ApiError::RateLimited(secs) => {
                response.insert_header(("Retry-After", secs.to_string()));
            }
            ApiError::UseCase(Error::Busy) => {
                let secs = crate::limits::WAITING_FULL_RETRY_SECS;
                response.insert_header(("Retry-After", secs.to_string()));
            }
            _ => {}
        }
        response.json(ErrorBody {
            error: ErrorDetail {
                code: self.code().to_string(),
                message: self.to_string(),
            },
        })
    }
}
