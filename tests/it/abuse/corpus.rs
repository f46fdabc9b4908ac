//! The corpus of bad requests: each case a method, a path, a token, a
//! content type and a body, built from the bad bodies and the bad requests
//! around them, in that order.

use super::{bodies, requests};

pub(super) enum Token {
    None,
    Own,
    Other,
    Raw(String),
}

pub(super) struct Case {
    pub(super) what: String,
    pub(super) method: &'static str,
    pub(super) path: String,
    pub(super) token: Token,
    pub(super) content_type: Option<&'static str>,
    pub(super) body: Option<Vec<u8>>,
}

pub(super) fn case(
    what: impl Into<String>,
    method: &'static str,
    path: String,
    body: Option<Vec<u8>>,
) -> Case {
    Case {
        what: what.into(),
        method,
        path,
        token: Token::Own,
        content_type: Some("application/json"),
        body,
    }
}

/// Every case, against the conversation `own` (whose token the cases carry
/// unless they say otherwise) and another conversation `other`.
pub(super) fn corpus(own: &str, other: &str) -> Vec<Case> {
    let mut cases = bodies::cases(own);
    cases.extend(requests::cases(own, other));
    cases
}
