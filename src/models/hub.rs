//! A hub in the Hugging Face layout (huggingface.co/docs/hub/api, and
//! `huggingface_hub`'s `list_repo_tree` and `hf_hub_download`):
//!
//! - `GET {hub}/api/models/{repo}/tree/{revision}` lists the files at the
//!   root of a commit: `{"type": "file", "path", "size", "oid"}`, `oid`
//!   being the Git blob id, plus `"lfs": {"oid", "size", "pointerSize"}`
//!   for a file stored with Git LFS, whose `oid` is then its SHA-256.
//!   Long listings continue at the `Link: <…>; rel="next"` address.
//! - `GET {hub}/{repo}/resolve/{revision}/{path}` gives a file's bytes,
//!   usually after a redirect to a CDN for LFS files (followed; the token
//!   is not sent to another host).
//! - A hub without the tree listing (a mirror serving only files) is asked
//!   per file instead, as `hf_hub_download` does: `HEAD` of the resolve
//!   address, redirects not followed, whose `X-Linked-Etag` and
//!   `X-Linked-Size` (an LFS file: its SHA-256 and size) or `ETag` and
//!   `Content-Length` (a file in Git: its blob id and size) describe it.
//!
//! Errors name the request's path on the hub, never a token or a CDN's
//! signed address.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use serde::Deserialize;

use super::ModelsError;
use super::digest::{Digests, Hasher};

/// One entry of a tree listing.
#[derive(Debug, Clone, Deserialize)]
pub struct TreeEntry {
    #[serde(rename = "type")]
    pub kind: String,
    pub path: String,
    #[serde(default)]
    pub size: u64,
    #[serde(default)]
    pub oid: String,
    #[serde(default)]
    pub lfs: Option<Lfs>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Lfs {
    /// SHA-256 of the file.
    pub oid: String,
    pub size: u64,
}

pub struct Hub {
    client: reqwest::Client,
    /// For `HEAD`s: a redirect's own headers describe an LFS file.
    heads: reqwest::Client,
    /// Without a trailing `/`.
    base: String,
    token: Option<String>,
}

/// How long the hub may take to accept a connection, and to send the next
/// bytes of an answer: a 300 MB download takes minutes, but never stalls
/// this long on a working connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);
const READ_TIMEOUT: Duration = Duration::from_secs(60);
/// A listing is small; it comes whole within this.
const LISTING_TIMEOUT: Duration = Duration::from_secs(60);
/// Listing pages followed at most (a model repository's root takes one).
const MAX_PAGES: usize = 20;

impl Hub {
    /// A client of the hub at `base` (checked by `config::check_hub`),
    /// sending `token` as a bearer token when given.
    pub fn new(base: &str, token: Option<String>) -> Result<Hub, ModelsError> {
        crate::tls::install_tls_provider();
        let client = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .read_timeout(READ_TIMEOUT)
            .user_agent(concat!("crossdesk/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ModelsError::Hub(format!("http client: {e}")))?;
        let heads = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(LISTING_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("crossdesk/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ModelsError::Hub(format!("http client: {e}")))?;
        Ok(Hub {
            client,
            heads,
            base: base.trim_end_matches('/').to_string(),
            token,
        })
    }

    fn get(&self, url: &str) -> reqwest::RequestBuilder {
        let request = self.client.get(url);
        match &self.token {
            Some(t) => request.bearer_auth(t),
            None => request,
        }
    }

    /// Sends a GET of `{base}{path}`; a non-2xx answer is an error naming
    /// the path, with a hint for the statuses an operator can act on.
    async fn send(
        &self,
        url: &str,
        path: &str,
        timeout: Option<Duration>,
    ) -> Result<reqwest::Response, ModelsError> {
        let mut request = self.get(url);
        if let Some(t) = timeout {
            request = request.timeout(t);
        }
        let response = request
            .send()
            .await
            .map_err(|e| self.unreachable(path, &e))?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let hint = match status.as_u16() {
            401 | 403 => ": the repository is private or gated (a token: HF_TOKEN or --token-file)",
            404 => {
                return Err(ModelsError::NotOnHub(format!(
                    "GET {path}: HTTP {status}: no such repository, revision or file on this hub"
                )));
            }
            429 => ": rate limited; try again later",
            _ => "",
        };
        Err(ModelsError::Hub(format!("GET {path}: HTTP {status}{hint}")))
    }

    /// A request without an answer: the path and the innermost cause
    /// (refused connection, timeout, TLS), never the URL with its query.
    fn unreachable(&self, path: &str, e: &reqwest::Error) -> ModelsError {
        let mut cause: &dyn std::error::Error = e;
        while let Some(inner) = cause.source() {
            cause = inner;
        }
        let what = match e.is_timeout() {
            true => "timed out".to_string(),
            false => cause.to_string(),
        };
        ModelsError::Hub(format!(
            "GET {path}: cannot reach the hub at {}: {what}",
            self.base
        ))
    }

    /// The files `names` of `repo` at `revision` as the hub describes
    /// them: from its tree listing, or, when it has none (404), from a
    /// `HEAD` of each file. A file the hub does not have is left out.
    pub async fn listing(
        &self,
        repo: &str,
        revision: &str,
        names: &[&str],
    ) -> Result<Vec<TreeEntry>, ModelsError> {
        let listed = self.tree(repo, revision).await;
        let Err(ModelsError::NotOnHub(_)) = &listed else {
            return listed;
        };
        let mut entries = Vec::new();
        for name in names {
            if let Some(entry) = self.head(repo, revision, name).await? {
                entries.push(entry);
            }
        }
        // Nothing at all: no such repository or revision, as the listing said.
        if entries.is_empty() {
            listed
        } else {
            Ok(entries)
        }
    }

    /// One file's description from a `HEAD` of its resolve address.
    async fn head(
        &self,
        repo: &str,
        revision: &str,
        name: &str,
    ) -> Result<Option<TreeEntry>, ModelsError> {
        let path = format!("/{repo}/resolve/{revision}/{name}");
        let mut request = self.heads.head(format!("{}{path}", self.base));
        if let Some(t) = &self.token {
            request = request.bearer_auth(t);
        }
        let response = request
            .send()
            .await
            .map_err(|e| self.unreachable(&path, &e))?;
        let status = response.status();
        if status == reqwest::StatusCode::NOT_FOUND {
            return Ok(None);
        }
        if !status.is_success() && !status.is_redirection() {
            return Err(ModelsError::Hub(format!("HEAD {path}: HTTP {status}")));
        }
        Ok(Some(entry_from_headers(
            name,
            response.headers(),
            status.is_success(),
        )))
    }

    /// Every file at the root of `repo` at `revision`.
    pub async fn tree(&self, repo: &str, revision: &str) -> Result<Vec<TreeEntry>, ModelsError> {
        let path = format!("/api/models/{repo}/tree/{revision}");
        let mut url = format!("{}{path}", self.base);
        let mut entries = Vec::new();
        for _ in 0..MAX_PAGES {
            let response = self.send(&url, &path, Some(LISTING_TIMEOUT)).await?;
            let next = next_page(response.headers(), &self.base);
            let body = response
                .bytes()
                .await
                .map_err(|e| self.unreachable(&path, &e))?;
            let page: Vec<TreeEntry> = serde_json::from_slice(&body)
                .map_err(|e| ModelsError::Hub(format!("GET {path}: not a tree listing: {e}")))?;
            entries.extend(page);
            match next {
                Some(n) => url = n,
                None => return Ok(entries),
            }
        }
        Err(ModelsError::Hub(format!(
            "GET {path}: more than {MAX_PAGES} pages of listing"
        )))
    }

    /// Streams `repo`'s `file` at `revision` into `dest`, hashing it as it
    /// comes; stops as soon as more than `size` bytes arrive (a hub sending
    /// more than it listed fills no disk). `git_size`: also compute the
    /// Git blob id for a blob of that size.
    pub async fn download(
        &self,
        repo: &str,
        revision: &str,
        file: &str,
        size: u64,
        git_size: Option<u64>,
        dest: &Path,
    ) -> Result<Digests, ModelsError> {
        let path = format!("/{repo}/resolve/{revision}/{file}");
        let url = format!("{}{path}", self.base);
        let mut response = self.send(&url, &path, None).await?;
        let out = std::fs::File::create(dest).map_err(|e| ModelsError::disk(dest, e))?;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
        let mut hasher = Hasher::new(git_size);
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| self.unreachable(&path, &e))?
        {
            if hasher.received() + chunk.len() as u64 > size {
                return Err(ModelsError::file(
                    file,
                    format!("the hub sent more than the {size} bytes it lists"),
                ));
            }
            hasher.update(&chunk);
            out.write_all(&chunk)
                .map_err(|e| ModelsError::disk(dest, e))?;
        }
        out.into_inner()
            .map_err(|e| ModelsError::disk(dest, e.error()))?
            .sync_all()
            .map_err(|e| ModelsError::disk(dest, e))?;
        Ok(hasher.finish())
    }
}

/// A file described by the headers of a `HEAD` answer (`direct`: the hub
/// answered itself rather than redirecting, so `Content-Length` is the
/// file's).
fn entry_from_headers(name: &str, headers: &reqwest::header::HeaderMap, direct: bool) -> TreeEntry {
    let text = |h: &str| headers.get(h).and_then(|v| v.to_str().ok());
    let size = |h: &str| text(h).and_then(|v| v.trim().parse::<u64>().ok());
    let etag = |h: &str| {
        text(h).map(|v| {
            v.trim()
                .trim_start_matches("W/")
                .trim_matches('"')
                .to_ascii_lowercase()
        })
    };
    let linked = etag("x-linked-etag");
    let size = size("x-linked-size")
        .or_else(|| direct.then(|| size("content-length")).flatten())
        .unwrap_or(0);
    let tag = linked.or_else(|| etag("etag")).unwrap_or_default();
    let lfs = super::digest::is_hex(&tag, 64).then(|| Lfs {
        oid: tag.clone(),
        size,
    });
    TreeEntry {
        kind: "file".into(),
        path: name.into(),
        size,
        oid: if lfs.is_some() { String::new() } else { tag },
        lfs,
    }
}

/// The `rel="next"` address of a `Link` header, when it is on the same hub
/// (the token is never sent elsewhere).
fn next_page(headers: &reqwest::header::HeaderMap, base: &str) -> Option<String> {
    let link = headers.get(reqwest::header::LINK)?.to_str().ok()?;
    link.split(',').find_map(|part| {
        let (target, params) = part.split_once(';')?;
        let url = target.trim().strip_prefix('<')?.strip_suffix('>')?;
        let next = params
            .split(';')
            .any(|p| matches!(p.trim(), "rel=\"next\"" | "rel=next"));
        (next && url.starts_with(&format!("{base}/"))).then(|| url.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_pages_stay_on_the_hub() {
        let mut h = reqwest::header::HeaderMap::new();
        let base = "https://huggingface.co";
        assert_eq!(next_page(&h, base), None);
        h.insert(
            reqwest::header::LINK,
            "<https://huggingface.co/api/models/a/b/tree/c?cursor=x>; rel=\"next\""
                .parse()
                .unwrap(),
        );
        assert_eq!(
            next_page(&h, base).as_deref(),
            Some("https://huggingface.co/api/models/a/b/tree/c?cursor=x")
        );
        h.insert(
            reqwest::header::LINK,
            "<https://evil.example/x>; rel=\"next\"".parse().unwrap(),
        );
        assert_eq!(next_page(&h, base), None);
        h.insert(
            reqwest::header::LINK,
            "<https://huggingface.co/x>; rel=\"prev\"".parse().unwrap(),
        );
        assert_eq!(next_page(&h, base), None);
    }

    #[test]
    fn head_answers_describe_lfs_and_git_files() {
        let sha = "b3ecbf954573c2fd95d05d3ad4618baf961793db0da07c2add2e8a3a6cd78d0b";
        let mut h = reqwest::header::HeaderMap::new();
        h.insert("x-linked-etag", format!("\"{sha}\"").parse().unwrap());
        h.insert("x-linked-size", "312087009".parse().unwrap());
        h.insert("content-length", "1100".parse().unwrap());
        let e = entry_from_headers("model.safetensors", &h, false);
        let lfs = e.lfs.unwrap();
        assert_eq!(
            (lfs.oid.as_str(), lfs.size, e.size),
            (sha, 312_087_009, 312_087_009)
        );
        let mut h = reqwest::header::HeaderMap::new();
        h.insert(
            "etag",
            "W/\"0F4B2C1D0E9A8B7C6D5E4F3A2B1C0D9E8F7A6B5C\""
                .parse()
                .unwrap(),
        );
        h.insert("content-length", "1440".parse().unwrap());
        let e = entry_from_headers("config.json", &h, true);
        assert!(e.lfs.is_none());
        assert_eq!(
            (e.oid.as_str(), e.size),
            ("0f4b2c1d0e9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c", 1440)
        );
        // A redirect's Content-Length is the redirect's, not the file's.
        let e = entry_from_headers("config.json", &h, false);
        assert_eq!(e.size, 0);
    }

    #[test]
    fn listing_entries_read_as_the_hub_writes_them() {
        let json = r#"[
            {"type":"file","oid":"0f4b","size":1440,"path":"config.json"},
            {"type":"file","oid":"9a1c","size":312087009,"path":"model.safetensors",
             "lfs":{"oid":"b3ecbf954573c2fd95d05d3ad4618baf961793db0da07c2add2e8a3a6cd78d0b","size":312087009,"pointerSize":134}},
            {"type":"directory","oid":"77aa","size":0,"path":"onnx"}
        ]"#;
        let entries: Vec<TreeEntry> = serde_json::from_str(json).unwrap();
        assert_eq!(entries.len(), 3);
        assert!(entries[0].lfs.is_none());
        assert_eq!(entries[1].lfs.as_ref().unwrap().size, 312_087_009);
        assert_eq!(entries[2].kind, "directory");
    }
}
