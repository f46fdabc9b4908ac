//! Stand-ins for the three remote translation engines crossdesk can call,
//! each on its own 127.0.0.1 port, speaking the engine's public wire format:
//!
//! - LibreTranslate (`POST /translate`, `GET /languages`): the API usage guide
//!   (docs.libretranslate.com/guides/api_usage) and the checks of the server's
//!   `/translate` route (`{"error": …}`: "Invalid request: missing q parameter",
//!   "xx is not supported", 403 "Invalid API key", 429 "Slowdown: …").
//! - DeepL API v2 (`POST /v2/translate`): developers.deepl.com/docs/api-reference/translate
//!   and …/docs/best-practices/error-handling (`Authorization: DeepL-Auth-Key`,
//!   403 for a missing or wrong key, 429, 456 quota exceeded, 5xx; `{"message": …}`).
//! - OpenAI chat completions (`POST /v1/chat/completions`):
//!   platform.openai.com/docs/api-reference/chat/create and …/docs/guides/error-codes
//!   (`{"error": {"message", "type", "param", "code"}}`).
//!
//! The fake translation of a text is `[{target}] {text}`, target being the
//! lower-case primary subtag ("EN-US" → "en", "ZH-HANS" → "zh"; LibreTranslate's
//! "zt" → "zh"); placeholders (`⟦1⟧`, `<x id="1"/>`) pass through untouched.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

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

    fn record(&self, req: &HttpRequest, body: &[u8], hit: bool) {
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
    async fn decide(
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

struct Ctx {
    stub: Stub,
    key: Option<String>,
}

fn spawn(mode: Mode, key: Option<String>, routes: fn(&mut web::ServiceConfig)) -> Stub {
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
fn render(mode: &Mode, target: &str, text: &str) -> String {
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
fn primary(code: &str) -> String {
    let p = code
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if p == "zt" { "zh".into() } else { p }
}

/// A crude guess, for the language engines report having detected.
fn detect(text: &str) -> &'static str {
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

fn header<'a>(req: &'a HttpRequest, name: &str) -> Option<&'a str> {
    req.headers().get(name).and_then(|v| v.to_str().ok())
}

/// The body as a JSON object: JSON when the client says so, else an HTML form
/// whose `repeated` fields become arrays. None when it does not parse.
fn parse_body(req: &HttpRequest, body: &[u8], repeated: &[&str]) -> Option<Value> {
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
fn error(status: u16, body: Value) -> HttpResponse {
    let mut res = HttpResponse::build(StatusCode::from_u16(status).unwrap());
    if status == 429 {
        res.insert_header(("Retry-After", "0"));
    }
    res.json(body)
}

fn strings(v: &Value) -> Vec<String> {
    let items = v.as_array().into_iter().flatten();
    items
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect()
}

// ---------------------------------------------------------------- LibreTranslate

const LIBRE_LANGS: [(&str, &str); 7] = [
    ("en", "English"),
    ("es", "Spanish"),
    ("de", "German"),
    ("fr", "French"),
    ("zh", "Chinese"),
    ("zt", "Chinese (traditional)"),
    ("ja", "Japanese"),
];

/// `api_key`: when set, requests whose `api_key` field differs get 403.
pub fn start_libretranslate(mode: Mode, api_key: Option<&str>) -> Stub {
    spawn(mode, api_key.map(str::to_string), |cfg| {
        cfg.route("/translate", web::post().to(libre_translate))
            .route("/languages", web::get().to(libre_languages));
    })
}

async fn libre_languages(req: HttpRequest, ctx: web::Data<Ctx>) -> HttpResponse {
    ctx.stub.record(&req, b"", false);
    let codes: Vec<&str> = LIBRE_LANGS.iter().map(|(c, _)| *c).collect();
    let langs = LIBRE_LANGS.iter();
    let langs = langs.map(|(code, name)| json!({"code": code, "name": name, "targets": codes}));
    HttpResponse::Ok().json(langs.collect::<Vec<_>>())
}

fn libre_fail(status: u16, msg: &str) -> HttpResponse {
    error(status, json!({ "error": msg }))
}

async fn libre_translate(req: HttpRequest, body: web::Bytes, ctx: web::Data<Ctx>) -> HttpResponse {
    ctx.stub.record(&req, &body, true);
    let Some(b) = parse_body(&req, &body, &[]) else {
        return libre_fail(400, "Invalid request");
    };
    if let Some(key) = &ctx.key
        && b["api_key"].as_str() != Some(key.as_str())
    {
        return libre_fail(403, "Invalid API key");
    }
    let batch = b["q"].is_array();
    let texts = match &b["q"] {
        Value::String(q) if !q.is_empty() => vec![q.clone()],
        q => strings(q),
    };
    let source = b["source"].as_str().unwrap_or("");
    let target = b["target"].as_str().unwrap_or("");
    let format = b["format"].as_str().unwrap_or("text");
    let supported = |code: &str| LIBRE_LANGS.iter().any(|(c, _)| *c == code);
    let invalid = if texts.is_empty() {
        Some("Invalid request: missing q parameter".to_string())
    } else if source.is_empty() || target.is_empty() {
        let missing = if source.is_empty() {
            "source"
        } else {
            "target"
        };
        Some(format!("Invalid request: missing {missing} parameter"))
    } else if source != "auto" && !supported(source) {
        Some(format!("{source} is not supported"))
    } else if !supported(target) {
        Some(format!("{target} is not supported"))
    } else if format != "text" && format != "html" {
        Some(format!("{format} format is not supported"))
    } else {
        None
    };
    if let Some(msg) = invalid {
        return libre_fail(400, &msg);
    }
    let fail = |status| {
        let msg = match status {
            400 => "Invalid request",
            403 => "Invalid API key",
            429 => "Slowdown: 20 per 1 minute",
            500 => "Cannot translate text: internal error",
            _ => "Service Unavailable",
        };
        libre_fail(status, msg)
    };
    let mode = match ctx.stub.decide(fail, r#"{"translat"#).await {
        Ok(mode) => mode,
        Err(res) => return res,
    };
    let out: Vec<String> = texts
        .iter()
        .map(|t| render(&mode, &primary(target), t))
        .collect();
    let translated = if batch { json!(out) } else { json!(out[0]) };
    let mut res = json!({ "translatedText": translated });
    if source == "auto" {
        let det = |t: &String| json!({ "confidence": 90.0, "language": detect(t) });
        let detected: Vec<Value> = texts.iter().map(det).collect();
        res["detectedLanguage"] = if batch {
            json!(detected)
        } else {
            detected[0].clone()
        };
    }
    HttpResponse::Ok().json(res)
}

// ---------------------------------------------------------------- DeepL

const DEEPL_SOURCES: &[&str] = &[
    "AR", "BG", "CS", "DA", "DE", "EL", "EN", "ES", "ET", "FI", "FR", "HU", "ID", "IT", "JA", "KO",
    "LT", "LV", "NB", "NL", "PL", "PT", "RO", "RU", "SK", "SL", "SV", "TR", "UK", "ZH",
];
const DEEPL_VARIANTS: &[&str] = &["EN-GB", "EN-US", "PT-BR", "PT-PT", "ZH-HANS", "ZH-HANT"];
const DEEPL_FORMALITY: &[&str] = &[
    "DE", "FR", "IT", "ES", "NL", "PL", "PT-BR", "PT-PT", "JA", "RU",
];
const DEEPL_AUTH: &str = "Authorization failed. Please supply a valid auth_key parameter.";

/// Requests need `Authorization: DeepL-Auth-Key {auth_key}`, else 403.
pub fn start_deepl(mode: Mode, auth_key: &str) -> Stub {
    spawn(mode, Some(auth_key.to_string()), |cfg| {
        cfg.route("/v2/translate", web::post().to(deepl_translate));
    })
}

fn deepl_fail(status: u16, msg: &str) -> HttpResponse {
    error(status, json!({ "message": msg }))
}

async fn deepl_translate(req: HttpRequest, body: web::Bytes, ctx: web::Data<Ctx>) -> HttpResponse {
    ctx.stub.record(&req, &body, true);
    let expected = format!("DeepL-Auth-Key {}", ctx.key.as_deref().unwrap_or(""));
    if header(&req, "authorization") != Some(expected.as_str()) {
        return deepl_fail(403, DEEPL_AUTH);
    }
    let Some(b) = parse_body(&req, &body, &["text"]) else {
        return deepl_fail(400, "Bad request");
    };
    let texts = strings(&b["text"]);
    let target = b["target_lang"].as_str().unwrap_or("").to_ascii_uppercase();
    let source = b["source_lang"].as_str().map(str::to_ascii_uppercase);
    let t = target.as_str();
    let invalid = if !(b["text"].is_array() || b["text"].is_null()) {
        Some("Invalid request: Expected 'text' parameter to be an array of strings")
    } else if texts.is_empty() {
        Some("Parameter 'text' not specified.")
    } else if t.is_empty() {
        Some("Parameter 'target_lang' not specified.")
    } else if !DEEPL_SOURCES.contains(&t) && !DEEPL_VARIANTS.contains(&t) {
        Some("Value for 'target_lang' not supported.")
    } else if source
        .as_deref()
        .is_some_and(|s| !DEEPL_SOURCES.contains(&s))
    {
        Some("Value for 'source_lang' not supported.")
    } else if b["tag_handling"]
        .as_str()
        .is_some_and(|h| h != "xml" && h != "html")
    {
        Some("Value for 'tag_handling' not supported.")
    } else if matches!(b["formality"].as_str(), Some("more" | "less"))
        && !DEEPL_FORMALITY.contains(&t)
    {
        Some("'formality' is not supported for given 'target_lang'.")
    } else {
        None
    };
    if let Some(msg) = invalid {
        return deepl_fail(400, msg);
    }
    let fail = |status| {
        let msg = match status {
            400 => "Bad request",
            403 => DEEPL_AUTH,
            429 => "Too many requests",
            456 => "Quota exceeded",
            503 => "Service unavailable",
            _ => "Internal server error",
        };
        deepl_fail(status, msg)
    };
    let mode = match ctx.stub.decide(fail, r#"{"translat"#).await {
        Ok(mode) => mode,
        Err(res) => return res,
    };
    let translations: Vec<Value> = texts
        .iter()
        .map(|text| {
            let detected = source.clone().unwrap_or_else(|| detect(text).to_ascii_uppercase());
            json!({ "detected_source_language": detected, "text": render(&mode, &primary(t), text) })
        })
        .collect();
    HttpResponse::Ok().json(json!({ "translations": translations }))
}

// ---------------------------------------------------------------- OpenAI

static TARGET_LANGUAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"target language: ([A-Za-z]{2,3})\b").unwrap());
const CHATBOT: &str = "Sure! I'd be happy to help you with your order. \
    Could you please tell me your order number so I can check its status for you?";

/// Does not check `Authorization` (local OpenAI-compatible servers need none).
pub fn start_openai(mode: Mode) -> Stub {
    spawn(mode, None, |cfg| {
        cfg.route("/v1/chat/completions", web::post().to(openai_chat));
    })
}

/// `{"error": {…}}`; the type follows from the status, `param` is `messages`
/// when a `code` is given for a 400.
fn openai_fail(status: u16, message: &str, code: Option<&str>) -> HttpResponse {
    let kind = match status {
        429 => "requests",
        500.. => "server_error",
        _ => "invalid_request_error",
    };
    let param = (status == 400 && code.is_some()).then_some("messages");
    error(
        status,
        json!({ "error": { "message": message, "type": kind, "param": param, "code": code } }),
    )
}

async fn openai_chat(req: HttpRequest, body: web::Bytes, ctx: web::Data<Ctx>) -> HttpResponse {
    ctx.stub.record(&req, &body, true);
    let Some(b) = serde_json::from_slice::<Value>(&body)
        .ok()
        .filter(Value::is_object)
    else {
        return openai_fail(
            400,
            "We could not parse the JSON body of your request.",
            None,
        );
    };
    let messages = b["messages"].as_array().cloned().unwrap_or_default();
    if b["model"].as_str().is_none_or(str::is_empty) {
        return openai_fail(400, "you must provide a model parameter", None);
    } else if !b["messages"].is_array() {
        let msg = "Missing required parameter: 'messages'.";
        return openai_fail(400, msg, Some("missing_required_parameter"));
    } else if messages.is_empty() {
        let msg = "Invalid 'messages': empty array. Expected an array with minimum length 1, \
            but got an empty array instead.";
        return openai_fail(400, msg, Some("empty_array"));
    }
    let fail = |status| {
        let (msg, code) = match status {
            400 => ("Invalid request.", None),
            401 => (
                "Incorrect API key provided: sk-stub.",
                Some("invalid_api_key"),
            ),
            429 => (
                "Rate limit reached for requests.",
                Some("rate_limit_exceeded"),
            ),
            503 => (
                "The engine is currently overloaded, please try again later.",
                None,
            ),
            _ => (
                "The server had an error while processing your request. Sorry about that!",
                None,
            ),
        };
        openai_fail(status, msg, code)
    };
    let mode = match ctx
        .stub
        .decide(fail, r#"{"id":"chatcmpl-stub","object":"chat.compl"#)
        .await
    {
        Ok(mode) => mode,
        Err(res) => return res,
    };
    let content_of = |m: &Value| m["content"].as_str().unwrap_or("").to_string();
    let user = messages
        .iter()
        .rev()
        .find(|m| m["role"] == "user")
        .map(content_of);
    let user = user.unwrap_or_default();
    let text = match (user.find("<source>"), user.rfind("</source>")) {
        (Some(a), Some(z)) if a + 8 <= z => &user[a + 8..z],
        _ => user.as_str(),
    };
    let instructions = messages
        .iter()
        .filter(|m| m["role"] == "system" || m["role"] == "developer");
    let target = instructions
        .filter_map(|m| {
            Some(TARGET_LANGUAGE.captures(m["content"].as_str()?)?[1].to_ascii_lowercase())
        })
        .next()
        .unwrap_or_else(|| "und".into());
    let content = match mode {
        Mode::Answer => CHATBOT.to_string(),
        _ => render(&mode, &target, text),
    };
    let words = |s: &str| s.split_whitespace().count();
    let prompt: usize = messages.iter().map(|m| 4 + words(&content_of(m))).sum();
    let completion = words(&content);
    HttpResponse::Ok().json(json!({
        "id": format!("chatcmpl-stub{}", ctx.stub.hits()),
        "object": "chat.completion",
        "created": SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs(),
        "model": b["model"],
        "choices": [{
            "index": 0,
            "message": { "role": "assistant", "content": content, "refusal": null },
            "logprobs": null,
            "finish_reason": "stop",
        }],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        },
    }))
}
