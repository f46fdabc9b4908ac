//! What the three stubs share: the modes a test sets, the record of every
//! request, the server each stub runs on its own port and thread, and the
//! fake translation, language guess and error answer they all use.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use regex::Regex;
use serde_json::{Value, json};

#[derive(Clone, Debug, PartialEq)]
#[allow(dead_code)]
pub enum Mode {
    /// Translate normally.
    Ok,
    /// Answer `status` (with the engine's error body) `times` times, then Ok.
    FailThenOk { status: u16, times: usize },
    /// Always this status, with the engine's error body.
    Status(u16),
    /// Sleep this long, then answer Ok.
    Slow(Duration),
    /// 200 with truncated JSON.
    Malformed,
    /// Translate, then remove every placeholder.
    DropPlaceholders,
    /// Translate, then repeat the first placeholder once more at the end.
    DuplicatePlaceholder,
    /// Return the input text unchanged.
    Echo,
    /// (OpenAI) chat like an assistant instead of translating; elsewhere Ok.
    Answer,
}

#[derive(Clone, Debug)]
#[allow(dead_code)]
pub struct Recorded {
    pub path: String,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

#[allow(dead_code)]
impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        let mut found = self
            .headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name));
        found.next().map(|(_, v)| v.as_str())
    }

    /// The body as JSON (Null when it is not JSON, e.g. a form).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }
}

#[derive(Clone)]
pub struct Stub {
    /// "http://127.0.0.1:PORT"
    pub base: String,
    hits: Arc<AtomicUsize>,
    requests: Arc<Mutex<Vec<Recorded>>>,
    /// The mode, and how many failures `FailThenOk` has answered so far.
    mode: Arc<Mutex<(Mode, usize)>>,
}

#[allow(dead_code)]
impl Stub {
    /// Translation requests received (errors included; not `/languages`).
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }

    /// Every request, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    /// Also resets the `FailThenOk` counter.
    pub fn set_mode(&self, mode: Mode) {
        *self.mode.lock().unwrap() = (mode, 0);
    }

    pub(super) fn record(&self, req: &HttpRequest, body: &[u8], hit: bool) {
        if hit {
            self.hits.fetch_add(1, Ordering::SeqCst);
        }
        let headers = req.headers().iter();
        let headers = headers.map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").into()));
        self.requests.lock().unwrap().push(Recorded {
            path: req.path().to_string(),
            headers: headers.collect(),
            body: String::from_utf8_lossy(body).into_owned(),
        });
    }

    /// For a valid translation request, the mode to answer with (after the
    /// delay of `Slow`), or the response that replaces the answer: `fail(status)`
    /// for an error, the `truncated` JSON for `Malformed`. Requests the engine
    /// rejects as invalid (400) or unauthorised never get here, so they do not
    /// use up the failures of `FailThenOk`.
    pub(super) async fn decide(
        &self,
        fail: impl Fn(u16) -> HttpResponse,
        truncated: &'static str,
    ) -> Result<Mode, HttpResponse> {
        let mode = {
            let mut guard = self.mode.lock().unwrap();
            let (mode, failed) = &mut *guard;
            match mode.clone() {
                Mode::Status(status) => return Err(fail(status)),
                Mode::FailThenOk { status, times } if *failed < times => {
                    *failed += 1;
                    return Err(fail(status));
                }
                mode => mode,
            }
        };
        match mode {
            Mode::Malformed => Err(HttpResponse::Ok()
                .content_type("application/json")
                .body(truncated)),
            Mode::Slow(delay) => {
                // Real time: the proxy's timeout is what a slow engine tests.
                actix_web::rt::time::sleep(delay).await;
                Ok(mode)
            }
            mode => Ok(mode),
        }
    }
}

pub(super) struct Ctx {
    pub(super) stub: Stub,
    pub(super) key: Option<String>,
}

pub(super) fn spawn(mode: Mode, key: Option<String>, routes: fn(&mut web::ServiceConfig)) -> Stub {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let stub = Stub {
        base: format!("http://{}", listener.local_addr().unwrap()),
        hits: Arc::default(),
        requests: Arc::default(),
        mode: Arc::new(Mutex::new((mode, 0))),
    };
    let ctx = web::Data::new(Ctx {
        stub: stub.clone(),
        key,
    });
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            HttpServer::new(move || App::new().app_data(ctx.clone()).configure(routes))
                .workers(1)
                .disable_signals()
                .listen(listener)
                .unwrap()
                .run()
                .await
                .unwrap();
        });
    });
    stub
}

static PLACEHOLDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"⟦\d+⟧|<x id="\d+"\s*/>"#).unwrap());

/// The fake translation of one text under `mode`.
pub(super) fn render(mode: &Mode, target: &str, text: &str) -> String {
    let out = format!("[{target}] {text}");
    let first = PLACEHOLDER.find(&out).map(|p| p.as_str().to_string());
    match (mode, first) {
        (Mode::Echo, _) => text.to_string(),
        (Mode::DropPlaceholders, _) => PLACEHOLDER.replace_all(&out, "").into_owned(),
        (Mode::DuplicatePlaceholder, Some(p)) => format!("{out} {p}"),
        _ => out,
    }
}

/// Lower-case primary subtag: "EN-US" → "en", "ZH-HANS" → "zh", "zt" → "zh".
pub(super) fn primary(code: &str) -> String {
    let p = code
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if p == "zt" { "zh".into() } else { p }
}

/// A crude guess, for the language engines report having detected.
pub(super) fn detect(text: &str) -> &'static str {
    let guesses = [
        ("ja", r"[\p{Hiragana}\p{Katakana}]"),
        ("zh", r"\p{Han}"),
        ("es", "[ñ¿¡]"),
        ("de", "[äöüß]"),
        ("fr", "[çàèùâêîôûœ]"),
    ];
    let mut hits = guesses
        .into_iter()
        .filter(|(_, re)| Regex::new(re).unwrap().is_match(text));
    hits.next().map_or("en", |(lang, _)| lang)
}

pub(super) fn header<'a>(req: &'a HttpRequest, name: &str) -> Option<&'a str> {
    req.headers().get(name).and_then(|v| v.to_str().ok())
}

/// The body as a JSON object: JSON when the client says so, else an HTML form
/// whose `repeated` fields become arrays. None when it does not parse.
pub(super) fn parse_body(req: &HttpRequest, body: &[u8], repeated: &[&str]) -> Option<Value> {
    if header(req, "content-type").is_some_and(|t| t.to_ascii_lowercase().contains("json")) {
        return serde_json::from_slice::<Value>(body)
            .ok()
            .filter(Value::is_object);
    }
    let form = web::Query::<Vec<(String, String)>>::from_query(std::str::from_utf8(body).ok()?);
    let mut map = serde_json::Map::new();
    for (k, v) in form.ok()?.into_inner() {
        if repeated.contains(&k.as_str()) {
            map.entry(k)
                .or_insert_with(|| json!([]))
                .as_array_mut()?
                .push(v.into());
        } else {
            map.insert(k, v.into());
        }
    }
    Some(Value::Object(map))
}

/// An error answer; 429s carry `Retry-After: 0` so tests stay fast.
pub(super) fn error(status: u16, body: Value) -> HttpResponse {
    let mut res = HttpResponse::build(StatusCode::from_u16(status).unwrap());
    if status == 429 {
        res.insert_header(("Retry-After", "0"));
    }
    res.json(body)
}

pub(super) fn strings(v: &Value) -> Vec<String> {
    let items = v.as_array().into_iter().flatten();
    items
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect()
}
