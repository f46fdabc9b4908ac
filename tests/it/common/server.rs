//! The real `crossdesk` binary on a free port with its own data folder:
//! how it starts ([`TestServerBuilder`]) and how a test talks to it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

use super::wait::poll;
use super::{SHOP, SHOP_SECRET, open_store, repo, sealer_for};

/// A running server; killed when dropped.
pub struct TestServer {
    pub base: String,
    data: Data,
    child: Child,
    logs: Arc<Mutex<Vec<String>>>,
    client: reqwest::blocking::Client,
}

/// How a test server starts: `TestServer::builder()…start()`. By default
/// it runs the shipped policies, locales and translation memory, on data
/// in a temporary folder, with the real clock.
#[derive(Default)]
pub struct TestServerBuilder {
    config: String,
    data_in: Option<PathBuf>,
    clock: Option<String>,
    args: Vec<String>,
    stuck_log_reader: bool,
}

impl TestServer {
    pub fn builder() -> TestServerBuilder {
        TestServerBuilder::default()
    }
}

impl TestServerBuilder {
    /// Appends TOML to the server's configuration; may be called again for
    /// more sections. Top-level keys must come before the first section.
    pub fn config(mut self, toml: &str) -> Self {
        self.config.push_str(toml);
        self.config.push('\n');
        self
    }

    /// Keeps the data in `dir`, after the server stops too, so that a second
    /// server can start on the same stores and keys.
    pub fn data_in(mut self, dir: &Path) -> Self {
        self.data_in = Some(dir.to_path_buf());
        self
    }

    /// Starts the server's clock at `rfc3339` (`CROSSDESK_CLOCK`); it runs
    /// on from there.
    pub fn clock(mut self, rfc3339: &str) -> Self {
        self.clock = Some(rfc3339.to_string());
        self
    }

    /// A command-line argument before `serve` (e.g. `--log-format`).
    pub fn arg(mut self, arg: &str) -> Self {
        self.args.push(arg.to_string());
        self
    }

    /// Nobody reads the server's stderr (its log) once it has started: the
    /// pipe fills and stays full, like a stuck log collector's.
    pub fn stuck_log_reader(mut self) -> Self {
        self.stuck_log_reader = true;
        self
    }

    /// Starts the server on a free port and waits until it listens.
    pub fn start(self) -> TestServer {
        let data = match self.data_in {
            Some(dir) => Data::Kept(dir),
            None => Data::Temp(tempfile::tempdir().unwrap()),
        };
        crossdesk::tls::install_tls_provider();
        let config = data.path().join("crossdesk.toml");
        let root = repo();
        // The test shop, whose signed assertions say who a shopper is.
        let shop_key = data.path().join("shop.key");
        std::fs::write(&shop_key, hex::encode(SHOP_SECRET)).unwrap();
        std::fs::write(
            &config,
            // The server runs in the repository, so policies, locales and the
            // translation memory are the shipped ones unless `config` (top-level
            // keys first) says otherwise.
            format!(
                "data_dir = {:?}\n{}\n\n[[shops]]\nid = \"{SHOP}\"\nhmac_key_file = {:?}\n",
                data.path().join("data"),
                self.config,
                shop_key
            ),
        )
        .unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_crossdesk"))
            .arg("--config")
            .arg(&config)
            .args(&self.args)
            .arg("serve")
            .arg("--listen")
            .arg("127.0.0.1:0")
            .env_remove("CROSSDESK_TOKEN_KEY")
            .env_remove("CROSSDESK_CLOCK")
            .envs(self.clock.map(|at| ("CROSSDESK_CLOCK", at)))
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
            let stuck_log_reader = self.stuck_log_reader;
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
}

/// Where a test server keeps its data.
enum Data {
    Temp(tempfile::TempDir),
    Kept(PathBuf),
}

impl Data {
    fn path(&self) -> &Path {
        match self {
            Data::Temp(t) => t.path(),
            Data::Kept(p) => p,
        }
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
        let mut status = None;
        poll(Duration::from_secs(15), || {
            status = self.child.try_wait().unwrap();
            status.is_some()
        });
        status
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
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
