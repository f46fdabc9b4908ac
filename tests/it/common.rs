//! Test harness: starts the real `crossdesk` binary on a free port with its
//! own data folder, and small protocol-faithful peers on 127.0.0.1.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shop every test server trusts, and its HMAC secret.
pub const SHOP: &str = "test-shop";
pub const SHOP_SECRET: &[u8; 32] = b"test shop secret, 32 bytes long!";

/// A shopper assertion of the test shop for `shopper`, valid for ten minutes.
pub fn vouch(shopper: &str, country: Option<&str>) -> String {
    let exp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
        + 600;
    crossdesk::assertion::sign_hmac(SHOP, SHOP_SECRET, shopper, country, exp)
}

/// A running server; killed when dropped.
pub struct TestServer {
    pub base: String,
    pub data: Data,
    child: Child,
    logs: Arc<Mutex<Vec<String>>>,
    client: reqwest::blocking::Client,
}

/// Configuration for tests of the translation path: the built-in bot reads
/// English only, so every other language is translated for it (by default
/// it reads all 31 itself).
pub const BOT_READS_ENGLISH: &str = "[bot]\nlanguages = [\"en\"]\n";

/// Extra TOML appended to the test config (e.g. a `[bot]` section).
pub fn start(extra_toml: &str) -> TestServer {
    start_with(extra_toml, &[])
}

/// A server whose data live in `dir` (kept after the server stops, so a
/// second server can start on the same stores).
pub fn start_in(dir: &Path, extra_toml: &str) -> TestServer {
    launch(Data::Kept(dir.to_path_buf()), extra_toml, &[], &[])
}

pub fn start_with(extra_toml: &str, args: &[&str]) -> TestServer {
    launch(
        Data::Temp(tempfile::tempdir().unwrap()),
        extra_toml,
        args,
        &[],
    )
}

/// A server whose clock starts at `clock` (RFC 3339; `CROSSDESK_CLOCK`).
pub fn start_at(extra_toml: &str, clock: &str) -> TestServer {
    launch(
        Data::Temp(tempfile::tempdir().unwrap()),
        extra_toml,
        &[],
        &[("CROSSDESK_CLOCK", clock)],
    )
}

/// A server on the data in `dir` whose clock starts at `clock` (RFC 3339).
pub fn start_in_at(dir: &Path, extra_toml: &str, clock: &str) -> TestServer {
    launch(
        Data::Kept(dir.to_path_buf()),
        extra_toml,
        &[],
        &[("CROSSDESK_CLOCK", clock)],
    )
}

/// Where a test server keeps its data.
pub enum Data {
    Temp(tempfile::TempDir),
    Kept(PathBuf),
}

impl Data {
    pub fn path(&self) -> &Path {
        match self {
            Data::Temp(t) => t.path(),
            Data::Kept(p) => p,
        }
    }
}

/// A server whose stderr (its log) nobody reads once it has started: the
/// pipe fills and stays full, like a stuck log collector's.
pub fn start_with_stuck_log_reader(extra_toml: &str) -> TestServer {
    launch_with(
        Data::Temp(tempfile::tempdir().unwrap()),
        extra_toml,
        &[],
        &[],
        true,
    )
}

fn launch(data: Data, extra_toml: &str, args: &[&str], envs: &[(&str, &str)]) -> TestServer {
    launch_with(data, extra_toml, args, envs, false)
}

fn launch_with(
    data: Data,
    extra_toml: &str,
    args: &[&str],
    envs: &[(&str, &str)],
    stuck_log_reader: bool,
) -> TestServer {
    crossdesk::tls::install_tls_provider();
    let config = data.path().join("crossdesk.toml");
    let root = repo();
    // The test shop, whose signed assertions say who a shopper is.
    let shop_key = data.path().join("shop.key");
    std::fs::write(&shop_key, hex::encode(SHOP_SECRET)).unwrap();
    std::fs::write(
        &config,
        // The server runs in the repository, so policies, locales and the
        // translation memory are the shipped ones unless `extra_toml`
        // (top-level keys first) says otherwise.
        format!(
            "data_dir = {:?}\n{extra_toml}\n\n[[shops]]\nid = \"{SHOP}\"\nhmac_key_file = {:?}\n",
            data.path().join("data"),
            shop_key
        ),
    )
    .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_crossdesk"))
        .arg("--config")
        .arg(&config)
        .args(args)
        .arg("serve")
        .arg("--listen")
        .arg("127.0.0.1:0")
        .env_remove("CROSSDESK_TOKEN_KEY")
        .env_remove("CROSSDESK_CLOCK")
        .envs(envs.iter().copied())
        .env("CROSSDESK_LOG", "info")
        .current_dir(&root)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start crossdesk");
    let stderr = child.stderr.take().unwrap();
    let logs = Arc::new(Mutex::new(Vec::new()));
    let (tx, rx) = std::sync::mpsc::channel();
    {
        let logs = logs.clone();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stderr).lines();
            for line in lines.by_ref().map_while(Result::ok) {
                let started = listening_url(&line).map(|url| tx.send(url));
                logs.lock().unwrap().push(line);
                if started.is_some() && stuck_log_reader {
                    // Keep the pipe open and never read it again.
                    loop {
                        std::thread::park();
                    }
                }
            }
        });
    }
    let base = match rx.recv_timeout(Duration::from_secs(30)) {
        Ok(base) => base,
        Err(_) => {
            let _ = child.kill();
            panic!("server did not start: {:?}", logs.lock().unwrap());
        }
    };
    TestServer {
        base,
        data,
        child,
        logs,
        client: reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap(),
    }
}

/// The URL of the `listening` event, in text or JSON log format.
fn listening_url(line: &str) -> Option<String> {
    if !line.contains("listening") {
        return None;
    }
    let start = line.find("http://")?;
    let url: String = line[start..]
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '"' && *c != '\x1b')
        .collect();
    Some(url)
}

/// A response: status and JSON body (Null when the body is not JSON).
pub struct Res {
    pub status: u16,
    pub body: Value,
    pub headers: reqwest::header::HeaderMap,
}

impl TestServer {
    /// The path of the config file the server runs with.
    pub fn config_path(&self) -> PathBuf {
        self.data.path().join("crossdesk.toml")
    }

    /// Runs `crossdesk` with the server's config (e.g. `agent-token`).
    pub fn cli(&self, args: &[&str]) -> String {
        self.cli_both(args).0
    }

    /// A command's stdout and stderr (token commands print the token on
    /// stdout and its id and expiry on stderr).
    pub fn cli_both(&self, args: &[&str]) -> (String, String) {
        let out = Command::new(env!("CARGO_BIN_EXE_crossdesk"))
            .arg("--config")
            .arg(self.config_path())
            .args(args)
            .current_dir(repo())
            .env_remove("CROSSDESK_TOKEN_KEY")
            .env("CROSSDESK_LOG", "warn")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        (
            String::from_utf8(out.stdout).unwrap().trim().to_string(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }

    pub fn data_dir(&self) -> PathBuf {
        self.data.path().join("data")
    }

    /// The server process's id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn logs(&self) -> String {
        self.logs.lock().unwrap().join("\n")
    }

    pub fn request(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&[u8]>,
        content_type: &str,
    ) -> Res {
        let mut req = self
            .client
            .request(method.parse().unwrap(), format!("{}{}", self.base, path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.header("content-type", content_type).body(b.to_vec());
        }
        let res = req.send().expect("request");
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let bytes = res.bytes().unwrap();
        Res {
            status,
            body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
            headers,
        }
    }

    pub fn post(&self, path: &str, token: Option<&str>, body: &Value) -> Res {
        self.request(
            "POST",
            path,
            token,
            Some(body.to_string().as_bytes()),
            "application/json",
        )
    }

    pub fn get(&self, path: &str, token: Option<&str>) -> Res {
        self.request("GET", path, token, None, "")
    }

    /// Opens a conversation; returns (id, token).
    pub fn open(&self, body: Value) -> (String, String) {
        let r = self.post("/v1/conversations", None, &body);
        assert_eq!(r.status, 201, "{}", r.body);
        (
            r.body["id"].as_str().unwrap().into(),
            r.body["token"].as_str().unwrap().into(),
        )
    }

    pub fn say(&self, id: &str, token: &str, text: &str) -> Value {
        let r = self.post(
            &format!("/v1/conversations/{id}/messages"),
            Some(token),
            &json!({ "text": text }),
        );
        assert_eq!(r.status, 200, "{}", r.body);
        r.body
    }

    /// Sends SIGTERM and waits for the exit status (None if it had to be killed).
    pub fn terminate(mut self) -> Option<std::process::ExitStatus> {
        Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status()
            .unwrap();
        for _ in 0..150 {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        None
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What a fake Rasa bot saw and how it behaves.
#[derive(Clone, Default)]
pub struct FakeBot {
    pub received: Arc<Mutex<Vec<Value>>>,
}

/// Starts a bot speaking Rasa's REST channel on 127.0.0.1:
/// `POST /webhooks/rest/webhook` with `{sender, message}` answers a list of
/// `{recipient_id, text}` parts. `/slow/...` answers after 3 s, `/down/...`
/// answers HTTP 500, `/garbage/...` answers non-JSON, `/echo/...` answers
/// `You wrote: <message>`.
pub fn start_rasa_bot() -> (String, FakeBot) {
    use actix_web::{App, HttpResponse, HttpServer, web};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let bot = FakeBot::default();
    let state = bot.clone();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let state = web::Data::new(state);
            HttpServer::new(move || {
                App::new().app_data(state.clone()).route(
                    "/{mode}/webhooks/rest/webhook",
                    web::post().to(|mode: web::Path<String>, body: web::Json<Value>, state: web::Data<FakeBot>| async move {
                        state.received.lock().unwrap().push(body.0.clone());
                        let sender = body["sender"].as_str().unwrap_or_default().to_string();
                        let message = body["message"].as_str().unwrap_or_default().to_lowercase();
                        match mode.as_str() {
                            "slow" => {
                                actix_web::rt::time::sleep(Duration::from_secs(3)).await;
                                HttpResponse::Ok().json(json!([]))
                            }
                            "down" => HttpResponse::InternalServerError().body("upstream exploded"),
                            "garbage" => HttpResponse::Ok().content_type("application/json").body("<html>"),
                            // Repeats what it got, placeholders and all.
                            "echo" if !(message.contains("person") || message.contains("human")) => HttpResponse::Ok().json(json!([
                                {"recipient_id": sender, "text": format!("You wrote: {}", body["message"].as_str().unwrap_or_default())}
                            ])),
                            _ if message.contains("person") || message.contains("human") => HttpResponse::Ok().json(json!([
                                {"recipient_id": sender, "text": "I will connect you with a member of our customer service team.", "custom": {"handoff": true}}
                            ])),
                            _ => HttpResponse::Ok().json(json!([
                                {"recipient_id": sender, "text": "We accept Visa, Mastercard, American Express, PayPal, Apple Pay, Alipay and WeChat Pay."},
                                {"recipient_id": sender, "image": "https://bot.example/cards.png"}
                            ])),
                        }
                    }),
                )
            })
            .workers(1)
            .listen(listener)
            .unwrap()
            .run()
            .await
            .unwrap();
        });
    });
    (format!("http://{addr}"), bot)
}

/// Opens a store file the way the server does, to look at what it holds.
pub fn open_store(region: &str, url: &Path) -> crossdesk::store::Store {
    crossdesk::store::Store::open(region, &url.display().to_string()).unwrap()
}

/// The sealer a server would use for `owner` in `region`, rebuilt from the
/// key file and the key store in its data folder (what an operator with the
/// keys can do; a copy of the database alone cannot).
pub fn sealer_for(
    data_dir: &Path,
    key_stores: Option<&str>,
    region: &str,
    owner: &str,
) -> crossdesk::seal::Sealer {
    let config = crossdesk::config::Config {
        data_dir: data_dir.to_path_buf(),
        ..crossdesk::config::Config::default()
    };
    let policies = crossdesk::policy::Policies::load_dir(&repo().join("policies")).unwrap();
    let keys = crossdesk::assemble::load_keys(&config, &policies).unwrap();
    let policy = policies.region(region).unwrap();
    let url = key_stores
        .map(|u| u.to_string())
        .unwrap_or_else(|| config.key_store_url(&policy.store));
    let keystore =
        crossdesk::store::Store::open_kind(region, &url, crossdesk::store::Kind::Keys).unwrap();
    let Some(dk) = keystore.data_key(owner).unwrap() else {
        return crossdesk::seal::Sealer::none();
    };
    let key = &keys[policy.key.as_ref().unwrap()];
    let dek = key
        .unwrap(
            &crossdesk::seal::Wrapped {
                key_id: dk.key_id,
                version: dk.key_version as u32,
                sealed: dk.wrapped,
            },
            region,
            owner,
        )
        .unwrap();
    crossdesk::seal::Sealer::new(
        region,
        owner,
        dek,
        std::sync::Arc::new(policy.sealed.iter().cloned().collect()),
    )
}

impl TestServer {
    /// A conversation's messages as stored, sealed fields opened.
    pub fn stored_messages(
        &self,
        region: &str,
        id: &str,
    ) -> Vec<crossdesk::store::models::Message> {
        let sealer = sealer_for(&self.data_dir(), None, region, id);
        open_store(region, &self.data_dir().join(format!("{region}.db")))
            .messages(id, &sealer)
            .unwrap()
    }
}

/// A copy of the shipped policies with text appended to some files
/// (`("eu.toml", "[[transfers]]…")`), for tests that need other rules.
pub fn policies_with(extra: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in ["eu.toml", "us.toml", "cn.toml", "apac.toml"] {
        let mut text = std::fs::read_to_string(repo().join("policies").join(f)).unwrap();
        for (_, more) in extra.iter().filter(|(name, _)| *name == f) {
            text.push('\n');
            text.push_str(more);
            text.push('\n');
        }
        std::fs::write(dir.path().join(f), text).unwrap();
    }
    dir
}
