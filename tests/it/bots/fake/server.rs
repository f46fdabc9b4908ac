//! What the fake bots share: their modes, the record of every request, and
//! the server each runs on its own port and thread.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use serde_json::Value;

/// How a fake bot answers the call that carries the shopper's message.
#[derive(Clone, Debug, PartialEq)]
#[allow(dead_code)]
pub enum Mode {
    /// Speak the protocol.
    Ok,
    /// This status, with the provider's error body.
    Status(u16),
    /// Sleep 3 s, then answer (the proxy's deadline is shorter).
    Slow,
    /// 200 with a body that is not the protocol's JSON.
    Garbage,
}

#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    /// The path and query.
    pub path: String,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Value,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        let found = self.headers.iter().find(|(k, _)| k == name);
        found.map(|(_, v)| v.as_str())
    }
}

/// A running fake bot: its address, its requests, its mode, and the
/// protocol state `S` it keeps.
pub struct Fake<S> {
    /// "http://127.0.0.1:PORT"
    pub base: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
    mode: Arc<Mutex<Mode>>,
    /// Slow answers sent, after their delay.
    late: Arc<Mutex<usize>>,
    pub state: Arc<Mutex<S>>,
}

impl<S> Clone for Fake<S> {
    fn clone(&self) -> Self {
        Fake {
            base: self.base.clone(),
            requests: self.requests.clone(),
            mode: self.mode.clone(),
            late: self.late.clone(),
            state: self.state.clone(),
        }
    }
}

#[allow(dead_code)]
impl<S> Fake<S> {
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    /// Requests whose path contains `part`.
    pub fn requests_to(&self, part: &str) -> Vec<Recorded> {
        let all = self.requests();
        all.into_iter().filter(|r| r.path.contains(part)).collect()
    }

    pub fn set_mode(&self, mode: Mode) {
        *self.mode.lock().unwrap() = mode;
    }

    /// Slow answers sent so far (after their delay).
    pub fn late(&self) -> usize {
        *self.late.lock().unwrap()
    }

    pub fn mode(&self) -> Mode {
        self.mode.lock().unwrap().clone()
    }

    pub fn record(&self, req: &HttpRequest, body: &[u8]) {
        let headers = req.headers().iter();
        let headers = headers.map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").into()));
        let path = match req.query_string() {
            "" => req.path().to_string(),
            q => format!("{}?{q}", req.path()),
        };
        self.requests.lock().unwrap().push(Recorded {
            method: req.method().to_string(),
            path,
            headers: headers.collect(),
            body: serde_json::from_slice(body).unwrap_or(Value::Null),
        });
    }

    /// For the call carrying a message: the error or garbage response the
    /// mode asks for (after the delay of `Slow`), or None to answer.
    pub async fn misbehave(&self, error: impl Fn(u16) -> HttpResponse) -> Option<HttpResponse> {
        match self.mode() {
            Mode::Ok => None,
            Mode::Status(s) => Some(error(s)),
            Mode::Slow => {
                // Real time: the proxy's deadline is what a slow bot tests.
                actix_web::rt::time::sleep(Duration::from_secs(3)).await;
                *self.late.lock().unwrap() += 1;
                None
            }
            Mode::Garbage => Some(
                HttpResponse::Ok()
                    .content_type("application/json")
                    .body("<html>upstream proxy error</html>"),
            ),
        }
    }
}

pub fn header<'a>(req: &'a HttpRequest, name: &str) -> Option<&'a str> {
    req.headers().get(name).and_then(|v| v.to_str().ok())
}

/// Starts a fake bot with `routes` on 127.0.0.1, its state `S::default()`.
pub fn spawn<S: Default + Send + 'static>(routes: fn(&mut web::ServiceConfig)) -> Fake<S> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let fake = Fake {
        base: format!("http://{}", listener.local_addr().unwrap()),
        requests: Arc::default(),
        mode: Arc::new(Mutex::new(Mode::Ok)),
        late: Arc::default(),
        state: Arc::new(Mutex::new(S::default())),
    };
    let data = web::Data::new(fake.clone());
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            HttpServer::new(move || App::new().app_data(data.clone()).configure(routes))
                .workers(1)
                .disable_signals()
                .listen(listener)
                .unwrap()
                .run()
                .await
                .unwrap();
        });
    });
    fake
}

/// The fake bots' canned answers: payment methods, or a hand-off when the
/// shopper's parcel went astray (words the proxy itself does not read as
/// asking for a person).
pub const PAYMENT_ANSWER: &str =
    "We accept Visa, Mastercard, American Express, PayPal, Apple Pay, Alipay and WeChat Pay.";
pub const HANDOFF_ANSWER: &str = "I will connect you with a member of our customer service team.";

pub fn wants_handoff(text: &str) -> bool {
    text.to_lowercase().contains("parcel")
}

/// Any fake bot, for tests that run against each.
pub trait AnyFake {
    fn base(&self) -> String;
    fn set_mode(&self, mode: Mode);
    fn hits(&self) -> usize;
    fn late(&self) -> usize;
}

impl<S> AnyFake for Fake<S> {
    fn base(&self) -> String {
        self.base.clone()
    }
    fn set_mode(&self, mode: Mode) {
        Fake::set_mode(self, mode)
    }
    fn hits(&self) -> usize {
        self.requests().len()
    }
    fn late(&self) -> usize {
        Fake::late(self)
    }
}
