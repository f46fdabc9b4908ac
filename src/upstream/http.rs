//! What the remote bots share: their HTTP client, their secret (from the
//! environment or a file, never shown), and how a failed call becomes an
//! [`UpstreamError`] that names the status and the provider's error code
//! but never a URL, a secret or a text.

use std::path::PathBuf;
use std::time::Duration;

use super::UpstreamError;

/// An HTTP client whose every request ends by `timeout_ms`.
pub(super) fn client(timeout_ms: u64) -> Result<reqwest::Client, UpstreamError> {
    crate::tls::install_tls_provider();
    reqwest::Client::builder()
        .timeout(Duration::from_millis(timeout_ms))
        .connect_timeout(Duration::from_millis(timeout_ms.min(2000)))
        .build()
        .map_err(|e| UpstreamError::Unavailable(format!("http client: {e}")))
}

/// A request that did not get an answer.
pub(super) fn send_error(e: reqwest::Error, timeout_ms: u64) -> UpstreamError {
    if e.is_timeout() {
        UpstreamError::Timeout(timeout_ms)
    } else {
        // Without the URL: its path or query may carry ids or a token.
        UpstreamError::Unavailable(e.without_url().to_string())
    }
}

/// Sends `request` and returns the JSON body of a 2xx answer; `step` names
/// the call in errors ("create conversation").
pub(super) async fn call<T: serde::de::DeserializeOwned>(
    request: reqwest::RequestBuilder,
    step: &str,
    timeout_ms: u64,
) -> Result<T, UpstreamError> {
    let response = request
        .send()
        .await
        .map_err(|e| send_error(e, timeout_ms))?;
    let status = response.status();
    if !status.is_success() {
        let body = response.bytes().await.unwrap_or_default();
        return Err(status_error(status, step, &body));
    }
    let body = response
        .bytes()
        .await
        .map_err(|e| send_error(e, timeout_ms))?;
    serde_json::from_slice(&body)
        .map_err(|e| UpstreamError::BadAnswer(format!("{step}: {}", e.classify_name())))
}

/// `HTTP 401 Unauthorized (unauthenticated)` for a refused call: the
/// status and the provider's error code, not its message (which may quote
/// the request).
pub(super) fn status_error(status: reqwest::StatusCode, step: &str, body: &[u8]) -> UpstreamError {
    let code = error_code(body)
        .map(|c| format!(" ({c})"))
        .unwrap_or_default();
    let hint = match status.as_u16() {
        401 | 403 => ": the bot refused crossdesk's credentials",
        404 => ": check the bot's address and ids",
        429 => ": rate limited",
        _ => "",
    };
    UpstreamError::Unavailable(format!("{step}: HTTP {status}{code}{hint}"))
}

/// The short error code of the providers' error bodies: Google's
/// `error.status`, Direct Line's and OpenAI's `error.code`, Botpress's
/// `type`. Only a short identifier is kept.
fn error_code(body: &[u8]) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    let e = &v["error"];
    let code = [&e["status"], &e["code"], &e["type"], &v["type"], &v["code"]]
        .into_iter()
        .find_map(|c| c.as_str().map(str::to_string))?;
    let short = code.len() <= 64
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c));
    short.then_some(code)
}

trait Classify {
    fn classify_name(&self) -> &'static str;
}

impl Classify for serde_json::Error {
    /// What was wrong, without quoting the body.
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "could not read the answer",
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                "the answer is not JSON"
            }
            serde_json::error::Category::Data => "the answer lacks the expected fields",
        }
    }
}

/// The bot's secret: read from the environment at start, or from a file
/// at each use (a token another process refreshes is picked up). Never
/// printed.
#[derive(Clone)]
pub enum Secret {
    Value(String),
    File(PathBuf),
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Secret::Value(_) => f.write_str("Secret(<from the environment>)"),
            Secret::File(p) => write!(f, "Secret(file {})", p.display()),
        }
    }
}

impl Secret {
    /// From `[bot] secret_env` (which must be set) or `secret_file`; None
    /// when neither is configured.
    pub fn from_config(
        env: Option<&str>,
        file: Option<&std::path::Path>,
    ) -> Result<Option<Secret>, UpstreamError> {
        match (env, file) {
            (Some(var), _) => std::env::var(var)
                .map(|v| Some(Secret::Value(v.trim().to_string())))
                .map_err(|_| {
                    UpstreamError::Unavailable(format!(
                        "the bot's secret: environment variable {var} is not set"
                    ))
                }),
            (None, Some(path)) => Ok(Some(Secret::File(path.to_path_buf()))),
            (None, None) => Ok(None),
        }
    }

    /// The secret now.
    pub fn get(&self) -> Result<String, UpstreamError> {
        match self {
            Secret::Value(v) => Ok(v.clone()),
            Secret::File(p) => std::fs::read_to_string(p)
                .map(|s| s.trim().to_string())
                .map_err(|e| {
                    UpstreamError::Unavailable(format!(
                        "the bot's secret file {}: {}",
                        p.display(),
                        e.kind()
                    ))
                }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_name_status_and_code_but_not_the_message() {
        let body = br#"{"error":{"code":401,"message":"Request had invalid credentials for hello@example.com","status":"UNAUTHENTICATED"}}"#;
        let e = status_error(reqwest::StatusCode::UNAUTHORIZED, "detect intent", body).to_string();
        assert!(
            e.contains("HTTP 401") && e.contains("UNAUTHENTICATED"),
            "{e}"
        );
        assert!(!e.contains("hello@example.com"), "{e}");
        let e = status_error(reqwest::StatusCode::BAD_GATEWAY, "send", b"<html>").to_string();
        assert!(e.ends_with("HTTP 502 Bad Gateway"), "{e}");
    }

    #[test]
    fn secrets_never_print() {
        let s = Secret::Value("sk-very-secret".into());
        assert!(!format!("{s:?}").contains("very-secret"));
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("token");
        std::fs::write(&f, "tok-1\n").unwrap();
        let s = Secret::File(f.clone());
        assert_eq!(s.get().unwrap(), "tok-1");
        std::fs::write(&f, "tok-2\n").unwrap();
        assert_eq!(s.get().unwrap(), "tok-2", "the file is reread");
    }
}
