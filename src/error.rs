//! The one place errors become HTTP answers.
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

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    #[error("missing or invalid bearer token")]
    Unauthorized,
    #[error("this token does not open this conversation")]
    Forbidden,
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    /// Well-formed, but cannot be done as asked (a reply no engine can
    /// translate, sent without saying so).
    #[error("{message}")]
    Unprocessable { code: &'static str, message: String },
    #[error("request body larger than {0} bytes")]
    PayloadTooLarge(usize),
    #[error("content type must be application/json")]
    UnsupportedMediaType,
    #[error("too many requests; retry after {0} s")]
    RateLimited(u64),
    #[error(
        "too many requests are waiting for new messages; retry after {} s",
        crate::limits::WAITING_FULL_RETRY_SECS
    )]
    Busy,
    #[error("storage unavailable, retry later")]
    Unavailable(#[source] StoreError),
    #[error("internal error")]
    Internal(String),
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
            ApiError::BadRequest { code, .. } => code,
            ApiError::Unauthorized => "unauthorized",
            ApiError::Forbidden => "forbidden",
            ApiError::NotFound(_) => "not_found",
            ApiError::Conflict(_) => "conflict",
            ApiError::Unprocessable { code, .. } => code,
            ApiError::PayloadTooLarge(_) => "payload_too_large",
            ApiError::UnsupportedMediaType => "unsupported_media_type",
            ApiError::RateLimited(_) => "rate_limited",
            ApiError::Busy => "busy",
            ApiError::Unavailable(_) => "unavailable",
            ApiError::Internal(_) => "internal",
        }
    }
}

impl ApiError {
    pub fn rate_limited(wait: std::time::Duration) -> ApiError {
        ApiError::RateLimited(crate::limits::retry_after_secs(wait))
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::UnknownRegion(_) => ApiError::NotFound("conversation not found".into()),
            StoreError::Sealed { .. } => ApiError::Internal(e.to_string()),
            e => ApiError::Unavailable(e),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::Unprocessable { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            ApiError::Unavailable(e) => tracing::warn!(error = %e, "store unavailable"),
            ApiError::Internal(e) => tracing::error!(error = %e, "internal error"),
            _ => {}
        }
        crate::metrics::global()
            .errors
            .get_or_create(&crate::metrics::Code {
                code: self.code().into(),
            })
            .inc();
        let mut response = HttpResponse::build(self.status_code());
        if let ApiError::Unauthorized = self {
            response.insert_header(("WWW-Authenticate", "Bearer"));
        }
        match self {
            ApiError::Unavailable(_) => {
                response.insert_header(("Retry-After", "2"));
            }
            ApiError::RateLimited(secs) => {
                response.insert_header(("Retry-After", secs.to_string()));
            }
            ApiError::Busy => {
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
