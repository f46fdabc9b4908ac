//! Why a use case could not be done, in the proxy's own terms. The API
//! turns each into an HTTP answer in one place (`api/error.rs`); the CLI
//! prints it.

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// What the caller sent cannot be used; `code` is stable, the message
    /// says what to fix.
    #[error("{message}")]
    Invalid { code: &'static str, message: String },
    #[error("missing or invalid bearer token")]
    Unauthorized,
    #[error("this token does not open this conversation")]
    Forbidden,
    /// A channel webhook whose signature or token does not verify: nothing
    /// of it was read.
    #[error("{0}")]
    BadSignature(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    /// Well-formed, but cannot be done as asked (a reply no engine can
    /// translate, sent without saying so).
    #[error("{message}")]
    Unprocessable { code: &'static str, message: String },
    /// This instance holds as many waiting long-polls as it may.
    #[error(
        "too many requests are waiting for new messages; retry after {} s",
        crate::limits::WAITING_FULL_RETRY_SECS
    )]
    Busy,
    /// A store does not answer or is locked: nothing was half-written.
    #[error("storage unavailable, retry later")]
    Unavailable(#[source] StoreError),
    /// A bug or a broken part: `during` names the step, `detail` what
    /// failed (for the log only: it never reaches the client).
    #[error("internal error")]
    Internal {
        during: &'static str,
        detail: String,
    },
}

impl Error {
    pub fn invalid(code: &'static str, message: impl Into<String>) -> Error {
        Error::Invalid {
            code,
            message: message.into(),
        }
    }

    pub fn internal(during: &'static str, detail: impl ToString) -> Error {
        Error::Internal {
            during,
            detail: detail.to_string(),
        }
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::UnknownRegion(_) => Error::NotFound("conversation not found".into()),
            StoreError::Sealed { .. } => Error::internal("unsealing", e),
            e => Error::Unavailable(e),
        }
    }
}
