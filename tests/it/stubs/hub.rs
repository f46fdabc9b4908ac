//! A model hub in the Hugging Face layout, as `crossdesk models fetch`
//! reads it (huggingface.co/docs/hub/api; `huggingface_hub`'s
//! `list_repo_tree` and `hf_hub_download`):
//!
//! - `GET /api/models/{owner}/{name}/tree/{revision}`: a JSON array of
//!   `{"type": "file", "oid", "size", "path"}`, `oid` the Git blob id, with
//!   `"lfs": {"oid": SHA-256, "size", "pointerSize": 134}` for files stored
//!   with Git LFS (here `*.safetensors` and `*.bin`, as the hub's default
//!   `.gitattributes` has them). 404 `{"error": "Revision Not Found"}` for
//!   an unknown repository or revision.
//! - `GET /{owner}/{name}/resolve/{revision}/{path}`: a file kept in Git
//!   comes at once; an LFS file answers 302 to a signed address on another
//!   host (the CDN, a second server here), as huggingface.co does.
//!
//! - `HEAD` of a resolve address (what `hf_hub_download` asks first):
//!   an LFS file answers 302 with `X-Linked-Etag` (its SHA-256, quoted) and
//!   `X-Linked-Size`; a file in Git answers 200 with `ETag` (its blob id,
//!   quoted) and its `Content-Length`.
//!
//! A test can make the hub serve other bytes than it lists (a corrupted or
//! truncated download), serve files without the tree listing (a mirror),
//! and read every request with its `Authorization`.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use serde_json::{Value, json};

#[derive(Default)]
struct State {
    /// (repo, revision) → path → bytes.
    repos: HashMap<(String, String), BTreeMap<String, Vec<u8>>>,
    /// Bytes served instead of the listed ones, by path.
    served: HashMap<String, Vec<u8>>,
    /// (host, path, Authorization) of every request.
    requests: Vec<(&'static str, String, Option<String>)>,
    cdn: String,
    /// The tree listing answers 404, as on a mirror serving files only.
    files_only: bool,
}

#[derive(Clone)]
pub struct HubStub {
    /// "http://127.0.0.1:PORT"
    pub base: String,
    state: Arc<Mutex<State>>,
}

#[allow(dead_code)]
impl HubStub {
    /// Publishes `files` as `repo` at `revision`.
    pub fn add(&self, repo: &str, revision: &str, files: &[(&str, Vec<u8>)]) {
        let files = files.iter().map(|(p, b)| (p.to_string(), b.clone()));
        self.state
            .lock()
            .unwrap()
            .repos
            .insert((repo.into(), revision.into()), files.collect());
    }

    /// Serves `bytes` for `path` from now on, while listing the original.
    pub fn serve_instead(&self, path: &str, bytes: Vec<u8>) {
        self.state.lock().unwrap().served.insert(path.into(), bytes);
    }

    /// Answers the tree listing with 404 from now on.
    pub fn without_listing(&self) {
        self.state.lock().unwrap().files_only = true;
    }

    pub fn serve_as_listed(&self) {
        self.state.lock().unwrap().served.clear();
    }

    /// `(host, path, Authorization)` of every request; host is "hub" or "cdn".
    pub fn requests(&self) -> Vec<(&'static str, String, Option<String>)> {
        self.state.lock().unwrap().requests.clone()
    }
}

fn is_lfs(path: &str) -> bool {
    path.ends_with(".safetensors") || path.ends_with(".bin")
}

fn record(state: &web::Data<Arc<Mutex<State>>>, host: &'static str, req: &HttpRequest) {
    let auth = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let path = req.uri().to_string();
    state.lock().unwrap().requests.push((host, path, auth));
}

fn not_found() -> HttpResponse {
    HttpResponse::NotFound().json(json!({ "error": "Revision Not Found" }))
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(ring::digest::digest(&ring::digest::SHA256, bytes))
}

async fn tree(
    req: HttpRequest,
    path: web::Path<(String, String, String)>,
    state: web::Data<Arc<Mutex<State>>>,
) -> HttpResponse {
    record(&state, "hub", &req);
    let (owner, name, revision) = path.into_inner();
    let s = state.lock().unwrap();
    if s.files_only {
        return HttpResponse::NotFound().json(json!({ "error": "Not Found" }));
    }
    let Some(files) = s.repos.get(&(format!("{owner}/{name}"), revision)) else {
        return not_found();
    };
    let entries: Vec<Value> = files
        .iter()
        .map(|(path, bytes)| {
            let size = bytes.len();
            match is_lfs(path) {
                // The Git blob of an LFS file is its pointer file.
                true => json!({
                    "type": "file", "path": path, "size": size,
                    "oid": crossdesk::models::git_blob_sha1(format!("version https://git-lfs.github.com/spec/v1\noid sha256:{}\nsize {size}\n", sha256(bytes)).as_bytes()),
                    "lfs": { "oid": sha256(bytes), "size": size, "pointerSize": 134 },
                }),
                false => json!({
                    "type": "file", "path": path, "size": size,
                    "oid": crossdesk::models::git_blob_sha1(bytes),
                }),
            }
        })
        .collect();
    HttpResponse::Ok().json(entries)
}

/// The bytes of `path` in `repo` at `revision` as served (after
/// `serve_instead`).
fn served(s: &State, repo: String, revision: String, path: &str) -> Option<Vec<u8>> {
    let listed = s.repos.get(&(repo, revision))?.get(path)?;
    Some(s.served.get(path).unwrap_or(listed).clone())
}

async fn resolve(
    req: HttpRequest,
    path: web::Path<(String, String, String, String)>,
    state: web::Data<Arc<Mutex<State>>>,
) -> HttpResponse {
    record(&state, "hub", &req);
    let (owner, name, revision, file) = path.into_inner();
    let s = state.lock().unwrap();
    if is_lfs(&file) && served(&s, format!("{owner}/{name}"), revision.clone(), &file).is_some() {
        let location = format!(
            "{}/cdn/{owner}/{name}/{revision}/{file}?X-Amz-Signature=cdn-secret-signature",
            s.cdn
        );
        return HttpResponse::Found()
            .insert_header(("Location", location))
            .finish();
    }
    match served(&s, format!("{owner}/{name}"), revision, &file) {
        Some(bytes) => HttpResponse::Ok()
            .content_type("application/octet-stream")
            .body(bytes),
        None => not_found(),
    }
}

/// `HEAD` of a resolve address: the listed file's digest and size in
/// headers, as huggingface.co gives them.
async fn resolve_head(
    req: HttpRequest,
    path: web::Path<(String, String, String, String)>,
    state: web::Data<Arc<Mutex<State>>>,
) -> HttpResponse {
    record(&state, "hub", &req);
    let (owner, name, revision, file) = path.into_inner();
    let s = state.lock().unwrap();
    let repo = format!("{owner}/{name}");
    let Some(listed) = s
        .repos
        .get(&(repo, revision.clone()))
        .and_then(|f| f.get(&file))
    else {
        return not_found();
    };
    match is_lfs(&file) {
        true => HttpResponse::Found()
            .insert_header((
                "Location",
                format!("{}/cdn/{owner}/{name}/{revision}/{file}", s.cdn),
            ))
            .insert_header(("X-Linked-Etag", format!("\"{}\"", sha256(listed))))
            .insert_header(("X-Linked-Size", listed.len().to_string()))
            .finish(),
        false => HttpResponse::Ok()
            .insert_header((
                "ETag",
                format!("\"{}\"", crossdesk::models::git_blob_sha1(listed)),
            ))
            .body(listed.clone()),
    }
}

async fn cdn(
    req: HttpRequest,
    path: web::Path<(String, String, String, String)>,
    state: web::Data<Arc<Mutex<State>>>,
) -> HttpResponse {
    record(&state, "cdn", &req);
    let (owner, name, revision, file) = path.into_inner();
    let s = state.lock().unwrap();
    match served(&s, format!("{owner}/{name}"), revision, &file) {
        Some(bytes) => HttpResponse::Ok()
            .content_type("application/octet-stream")
            .body(bytes),
        None => HttpResponse::Forbidden().body("AccessDenied"),
    }
}

fn serve(listener: std::net::TcpListener, state: Arc<Mutex<State>>, cdn_only: bool) {
    let data = web::Data::new(state);
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            HttpServer::new(move || {
                let app = App::new().app_data(data.clone());
                match cdn_only {
                    true => app.route("/cdn/{owner}/{name}/{rev}/{file}", web::get().to(cdn)),
                    false => app
                        .route("/api/models/{owner}/{name}/tree/{rev}", web::get().to(tree))
                        .route(
                            "/{owner}/{name}/resolve/{rev}/{file}",
                            web::get().to(resolve),
                        )
                        .route(
                            "/{owner}/{name}/resolve/{rev}/{file}",
                            web::head().to(resolve_head),
                        ),
                }
            })
            .workers(1)
            .disable_signals()
            .listen(listener)
            .unwrap()
            .run()
            .await
            .unwrap();
        });
    });
}

/// A hub and its CDN, each on its own 127.0.0.1 port, with no repository.
pub fn start_hub() -> HubStub {
    let hub = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let cdn = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let state = Arc::new(Mutex::new(State {
        cdn: format!("http://{}", cdn.local_addr().unwrap()),
        ..State::default()
    }));
    let stub = HubStub {
        base: format!("http://{}", hub.local_addr().unwrap()),
        state: Arc::clone(&state),
    };
    serve(hub, Arc::clone(&state), false);
    serve(cdn, state, true);
    stub
}
