//! The chat on a shop's site (`/widget.js`): a shop page served from
//! another origin (a tiny HTTP server on its own port) carries the script
//! tag with a signed shopper assertion; the launcher opens the chat in a
//! frame, the conversation carries the assertion's shopper and country,
//! and no URL any server saw carries the assertion. Only the sites
//! `[web] widget_origins` lists may frame the chat.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use serde_json::json;
use thirtyfour::Key;

use crate::common::{Browser, TestServer, open_store, vouch};

/// A shop's site: one page, whatever the path, and every request line it
/// was sent.
struct Shop {
    /// `http://127.0.0.1:PORT`
    origin: String,
    page: Arc<Mutex<String>>,
    requests: Arc<Mutex<Vec<String>>>,
}

impl Shop {
    fn start() -> Shop {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let page = Arc::new(Mutex::new(String::new()));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (served, seen) = (page.clone(), requests.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    continue;
                }
                seen.lock().unwrap().push(line.trim().to_string());
                // The rest of the head.
                let mut header = String::new();
                while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                    header.clear();
                }
                let (body, csp) = served
                    .lock()
                    .unwrap()
                    .clone()
                    .split_once('\n')
                    .map_or((String::new(), String::new()), |(csp, body)| {
                        (body.to_string(), csp.to_string())
                    });
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\
                     Content-Security-Policy: {csp}\r\nContent-Length: {}\r\n\
                     Connection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        Shop {
            origin,
            page,
            requests,
        }
    }

    /// The shop's page with crossdesk's script tag, under the policy a shop
    /// needs for it (README: crossdesk's origin in script-src and frame-src).
    fn serve_widget(&self, desk: &str, assertion: &str) {
        *self.page.lock().unwrap() = format!(
            "default-src 'none'; script-src {desk}; frame-src {desk}\n\
             <!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
             <title>A shop</title></head><body><main><h1>A shop</h1><p>Shoes and boots.</p></main>\
             <script src=\"{desk}/widget.js\" data-country=\"US\" data-assertion=\"{assertion}\" async></script>\
             </body></html>"
        );
    }
}

fn widget_config(origins: &[&str]) -> String {
    format!("[web]\nwidget_origins = {}\n", json!(origins))
}

#[test]
fn a_shop_page_opens_the_chat_in_a_frame_with_its_shopper_kept_out_of_every_url() {
    let shop = Shop::start();
    let server = TestServer::builder()
        .config(&widget_config(&[&shop.origin]))
        .start();
    // The assertion's country (Germany) decides over the tag's (US).
    let assertion = vouch("shopper-42", Some("DE"));
    shop.serve_widget(&server.base, &assertion);

    let browser = Browser::start();
    browser.goto(&format!("{}/", shop.origin));
    browser.wait_for(
        "the launcher",
        "document.getElementById('crossdesk-launcher') !== null",
    );
    assert_eq!(
        browser.execute(
            "const b = document.getElementById('crossdesk-launcher'); \
             return [b.tagName, b.textContent, b.getAttribute('aria-expanded')];"
        ),
        json!(["BUTTON", "Chat with us", "false"])
    );
    // By keyboard.
    browser.execute("document.getElementById('crossdesk-launcher').focus();");
    browser.press(Key::Enter);
    browser.wait_for(
        "the chat's frame",
        "document.querySelector('#crossdesk-panel iframe') !== null",
    );
    assert_eq!(
        browser.execute(
            "const f = document.querySelector('#crossdesk-panel iframe'); \
             return [f.title, document.getElementById('crossdesk-launcher').getAttribute('aria-expanded')];"
        ),
        json!(["Chat with us", "true"])
    );
    let src = browser.execute("return document.querySelector('#crossdesk-panel iframe').src;");
    assert!(
        src.as_str()
            .unwrap()
            .starts_with(&format!("{}/chat#host=", server.base)),
        "{src}"
    );

    browser.enter_frame("#crossdesk-panel iframe");
    browser.wait_for(
        "the greeting",
        "document.querySelectorAll('#log li.system').length === 1",
    );
    browser.type_into("#text", "Where is my order?");
    browser.click("#go");
    browser.wait_for(
        "the answer",
        "document.querySelectorAll('#log li.bot').length === 1",
    );
    let id = browser
        .execute("return JSON.parse(sessionStorage.getItem('crossdesk.chat')).id;")
        .as_str()
        .unwrap()
        .to_string();
    // Every URL the frame loaded, itself included.
    let urls = browser.execute(
        "return [location.href, ...performance.getEntries().map(e => e.name)].join('\\n');",
    );
    assert!(
        urls.as_str().unwrap().contains("/v1/conversations"),
        "{urls}"
    );
    assert!(!urls.as_str().unwrap().contains(&assertion), "{urls}");
    let violations = browser.accessibility_violations();
    assert!(violations.is_empty(), "axe-core: {violations:?}");
    browser.leave_frame();
    browser
        .screenshot(&std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("widget-open.png"));

    // Escape in the chat closes the panel and gives the launcher the focus.
    browser.enter_frame("#crossdesk-panel iframe");
    browser.press(Key::Escape);
    browser.leave_frame();
    browser.wait_for(
        "the panel to close",
        "document.getElementById('crossdesk-panel').style.display === 'none' \
         && document.activeElement.id === 'crossdesk-launcher'",
    );

    // On a phone the panel fits the screen.
    browser.resize(360, 740);
    browser.click("#crossdesk-launcher");
    browser.wait_for(
        "the panel",
        "document.getElementById('crossdesk-panel').style.display === 'block'",
    );
    let rect = browser.execute(
        "const r = document.getElementById('crossdesk-panel').getBoundingClientRect(); \
         return [r.left, r.right, document.documentElement.scrollWidth];",
    );
    assert!(
        rect[0].as_f64().unwrap() >= 0.0 && rect[1].as_f64().unwrap() <= 360.0,
        "{rect}"
    );
    assert!(rect[2].as_u64().unwrap() <= 360, "{rect}");
    browser
        .screenshot(&std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("widget-360.png"));

    let stored = open_store("eu", &server.data_dir().join("eu.db"))
        .conversation(&id)
        .unwrap()
        .unwrap();
    assert_eq!(stored.country, "DE");
    assert_eq!(stored.region_source, "assertion");
    assert!(stored.shopper_ref.is_some(), "linked to the shopper");
    assert!(
        !server.logs().contains(&assertion),
        "the assertion in a log"
    );
    let asked = shop.requests.lock().unwrap().join("\n");
    assert!(asked.starts_with("GET / HTTP/1.1"), "{asked}");
    assert!(!asked.contains(&assertion), "{asked}");
}

#[test]
fn only_the_listed_shop_sites_may_frame_the_chat() {
    let (listed, unlisted) = (Shop::start(), Shop::start());
    let server = TestServer::builder()
        .config(&widget_config(&[&listed.origin]))
        .start();
    let csp = |server: &TestServer, path: &str| {
        let r = server.get(path, None);
        assert_eq!(r.status, 200);
        r.headers["content-security-policy"]
            .to_str()
            .unwrap()
            .to_string()
    };
    let chat = csp(&server, "/chat");
    assert!(
        chat.ends_with(&format!("; frame-ancestors {}", listed.origin)),
        "{chat}"
    );
    assert!(chat.contains("script-src 'self'"), "{chat}");
    assert!(!chat.contains(&unlisted.origin), "{chat}");
    let widget = server.get("/widget.js", None);
    assert_eq!(
        widget.headers["content-type"],
        "text/javascript; charset=utf-8"
    );
    assert!(csp(&server, "/widget.js").ends_with("frame-ancestors 'none'"));
    assert!(csp(&server, "/chat.js").ends_with("frame-ancestors 'none'"));
    // Without the setting, no site may.
    let closed = TestServer::builder().start();
    assert!(csp(&closed, "/chat").ends_with("; frame-ancestors 'none'"));

    // A site not listed gets the launcher, but the browser refuses to show
    // the chat in its frame.
    unlisted.serve_widget(&server.base, &vouch("shopper-43", None));
    let browser = Browser::start();
    browser.goto(&format!("{}/", unlisted.origin));
    browser.wait_for(
        "the launcher",
        "document.getElementById('crossdesk-launcher') !== null",
    );
    browser.click("#crossdesk-launcher");
    browser.enter_frame("#crossdesk-panel iframe");
    browser.wait_for(
        "the browser's refusal",
        "location.href.startsWith('chrome-error:')",
    );
    assert_eq!(
        browser.execute("return document.getElementById('log');"),
        json!(null)
    );
}
