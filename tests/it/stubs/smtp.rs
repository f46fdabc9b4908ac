//! An SMTP server stand-in on 127.0.0.1 (RFC 5321 §4.1: greeting, EHLO or
//! HELO, AUTH PLAIN of RFC 4954 with RFC 4616's `\0user\0password`, MAIL
//! FROM, RCPT TO, DATA ending at `<CRLF>.<CRLF>` with dot-stuffing undone,
//! RSET, NOOP, QUIT), recording every message it accepts. Its failures are
//! a real server's: `421` in the greeting (service not available, closing),
//! `451` after DATA (local error, try again), `550` at RCPT TO (mailbox
//! unavailable, permanent).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use base64::Engine;

/// How the server answers.
#[derive(Clone, Debug, PartialEq)]
#[allow(dead_code)]
pub enum SmtpMode {
    /// Accept every message.
    Ok,
    /// Answer `code` (421 in the greeting, 451 after DATA, 550 at RCPT TO)
    /// to the first `times` messages, then accept.
    FailThenOk { code: u16, times: usize },
    /// Always `code`.
    Always(u16),
}

/// A message the server accepted.
#[derive(Clone, Debug)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    /// The DATA as sent (CRLF line ends, dot-stuffing undone).
    pub data: String,
}

impl Received {
    /// The message as a mail client reads it.
    pub fn parsed(&self) -> mail_parser::Message<'_> {
        mail_parser::MessageParser::default()
            .parse(self.data.as_bytes())
            .expect("a message")
    }

    /// The plain-text body, decoded.
    pub fn text(&self) -> String {
        self.parsed()
            .body_text(0)
            .map(|t| t.into_owned())
            .unwrap_or_default()
    }

    /// A header's raw value, trimmed.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next().unwrap_or_default();
        let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
        unfolded.split("\r\n").find_map(|line| {
            let (k, v) = line.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

#[derive(Clone)]
pub struct SmtpStub {
    pub port: u16,
    received: Arc<Mutex<Vec<Received>>>,
    /// Credentials seen in AUTH (user, password).
    logins: Arc<Mutex<Vec<(String, String)>>>,
    /// Failures answered (attempts that did not deliver).
    failures: Arc<Mutex<usize>>,
    state: Arc<Mutex<(SmtpMode, usize)>>,
}

#[allow(dead_code)]
impl SmtpStub {
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    pub fn logins(&self) -> Vec<(String, String)> {
        self.logins.lock().unwrap().clone()
    }

    pub fn failures(&self) -> usize {
        *self.failures.lock().unwrap()
    }

    pub fn set_mode(&self, mode: SmtpMode) {
        *self.state.lock().unwrap() = (mode, 0);
    }

    /// Whether this attempt fails with `code` at this step; counts it.
    fn fails(&self, code: u16) -> bool {
        let mut state = self.state.lock().unwrap();
        let (mode, failed) = &mut *state;
        let fail = match mode {
            SmtpMode::Ok => false,
            SmtpMode::Always(c) => *c == code,
            SmtpMode::FailThenOk { code: c, times } => *c == code && *failed < *times,
        };
        if fail {
            *failed += 1;
            *self.failures.lock().unwrap() += 1;
        }
        fail
    }
}

/// Starts the server; it runs until the test process ends.
pub fn start_smtp(mode: SmtpMode) -> SmtpStub {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let stub = SmtpStub {
        port: listener.local_addr().unwrap().port(),
        received: Arc::default(),
        logins: Arc::default(),
        failures: Arc::default(),
        state: Arc::new(Mutex::new((mode, 0))),
    };
    let server = stub.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().map_while(Result::ok) {
            let server = server.clone();
            std::thread::spawn(move || {
                let _ = session(&server, stream);
            });
        }
    });
    stub
}

/// One client's connection.
fn session(stub: &SmtpStub, stream: TcpStream) -> std::io::Result<()> {
    let mut out = stream.try_clone()?;
    let mut lines = BufReader::new(stream);
    let mut say = |text: &str| out.write_all(format!("{text}\r\n").as_bytes());
    if stub.fails(421) {
        return say("421 4.3.2 stub.example Service not available, closing channel");
    }
    say("220 stub.example ESMTP ready")?;
    let (mut from, mut to) = (None::<String>, Vec::<String>::new());
    loop {
        let mut line = String::new();
        if lines.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let line = line.trim_end_matches(['\r', '\n']);
        let upper = line.to_ascii_uppercase();
        if upper.starts_with("EHLO ") {
            say("250-stub.example\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250-AUTH PLAIN\r\n250 OK")?;
        } else if upper.starts_with("HELO ") {
            say("250 stub.example")?;
        } else if upper.starts_with("AUTH PLAIN") {
            let mut answer = line["AUTH PLAIN".len()..].trim().to_string();
            if answer.is_empty() {
                say("334 ")?;
                lines.read_line(&mut answer)?;
            }
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(answer.trim())
                .unwrap_or_default();
            let parts: Vec<String> = String::from_utf8_lossy(&decoded)
                .split('\0')
                .map(str::to_string)
                .collect();
            if parts.len() == 3 {
                stub.logins
                    .lock()
                    .unwrap()
                    .push((parts[1].clone(), parts[2].clone()));
                say("235 2.7.0 Authentication successful")?;
            } else {
                say("501 5.5.2 Cannot decode response")?;
            }
        } else if upper.starts_with("MAIL FROM:") {
            from = Some(line[10..].trim().to_string());
            to.clear();
            say("250 2.1.0 OK")?;
        } else if upper.starts_with("RCPT TO:") {
            if from.is_none() {
                say("503 5.5.1 MAIL first")?;
            } else if stub.fails(550) {
                say("550 5.1.1 Mailbox unavailable")?;
            } else {
                to.push(line[8..].trim().to_string());
                say("250 2.1.5 OK")?;
            }
        } else if upper == "DATA" {
            if to.is_empty() {
                say("554 5.5.1 No valid recipients")?;
                continue;
            }
            say("354 End data with <CR><LF>.<CR><LF>")?;
            let mut data = String::new();
            loop {
                let mut l = String::new();
                if lines.read_line(&mut l)? == 0 {
                    return Ok(());
                }
                if l == ".\r\n" || l == ".\n" {
                    break;
                }
                data.push_str(l.strip_prefix('.').unwrap_or(&l));
            }
            if stub.fails(451) {
                say("451 4.3.0 Local error in processing, try again later")?;
            } else {
                stub.received.lock().unwrap().push(Received {
                    mail_from: from.take().unwrap_or_default(),
                    rcpt_to: std::mem::take(&mut to),
                    data,
                });
                say("250 2.0.0 OK queued")?;
            }
        } else if upper == "RSET" {
            (from, to) = (None, Vec::new());
            say("250 2.0.0 OK")?;
        } else if upper == "NOOP" {
            say("250 2.0.0 OK")?;
        } else if upper == "QUIT" {
            return say("221 2.0.0 Bye");
        } else {
            say("502 5.5.2 Command not recognized")?;
        }
    }
}
