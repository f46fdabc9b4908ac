//! A real Chromium driven through WebDriver: Debian's chromium and
//! chromedriver (installed by scripts/ensure-chromium.sh), one chromedriver
//! per browser on a free port, killed with it. Pages are loaded, read,
//! photographed and checked with axe-core (vendored in tests/browser/).

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;
use thirtyfour::ChromiumLikeCapabilities;
use thirtyfour::TypingData;
use thirtyfour::prelude::*;

use super::{repo, wait_until};

/// Chromium, its ChromeDriver and fonts, installed when missing
/// (scripts/ensure-chromium.sh); returns the browser's path.
pub fn ensure_chromium() -> String {
    let out = Command::new("bash")
        .arg(repo().join("scripts/ensure-chromium.sh"))
        .output()
        .expect("run scripts/ensure-chromium.sh");
    assert!(
        out.status.success(),
        "Chromium could not be installed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

pub struct Browser {
    rt: tokio::runtime::Runtime,
    driver: Option<WebDriver>,
    chromedriver: Child,
}

impl Browser {
    /// Headless, 1366×900, a fresh profile, in English.
    pub fn start() -> Browser {
        Browser::speaking("en-US")
    }

    /// A browser whose user reads `locale` (`navigator.language` and
    /// Accept-Language).
    pub fn speaking(locale: &str) -> Browser {
        ensure_chromium();
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let chromedriver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        wait_until(Duration::from_secs(20), "chromedriver to listen", || {
            std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
        });
        crossdesk::tls::install_tls_provider();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let mut caps = DesiredCapabilities::chrome();
        for arg in [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--hide-scrollbars",
            "--window-size=1366,900",
        ] {
            caps.add_arg(arg).unwrap();
        }
        caps.add_arg(&format!("--lang={locale}")).unwrap();
        caps.add_experimental_option(
            "prefs",
            serde_json::json!({ "intl": { "accept_languages": locale } }),
        )
        .unwrap();
        let mut browser = Browser {
            rt,
            driver: None,
            chromedriver,
        };
        let driver = browser
            .rt
            .block_on(WebDriver::new(format!("http://127.0.0.1:{port}"), caps))
            .expect("a WebDriver session");
        browser
            .rt
            .block_on(driver.set_script_timeout(Duration::from_secs(60)))
            .unwrap();
        browser.driver = Some(driver);
        browser
    }

    fn driver(&self) -> &WebDriver {
        self.driver.as_ref().unwrap()
    }

    pub fn goto(&self, url: &str) {
        self.rt.block_on(self.driver().goto(url)).unwrap();
    }

    /// Runs `script` in the page (a function body; `return` gives the value).
    pub fn execute(&self, script: &str) -> Value {
        self.rt
            .block_on(self.driver().execute(script, Vec::new()))
            .unwrap_or_else(|e| panic!("script failed: {e}"))
            .json()
            .clone()
    }

    /// Waits until `condition` (a JavaScript expression) is true; on
    /// timeout the panic shows the page's text.
    pub fn wait_for(&self, what: &str, condition: &str) {
        let script = format!("return Boolean({condition});");
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while self.execute(&script) != Value::Bool(true) {
            if std::time::Instant::now() > deadline {
                let page = self.execute("return document.body.innerText;");
                panic!(
                    "waited 20 s for {what}; the page reads:\n{}",
                    page.as_str().unwrap_or("")
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Types `text` into the element `css` selects, as a user would.
    pub fn type_into(&self, css: &str, text: &str) {
        self.rt
            .block_on(async {
                self.driver()
                    .find(By::Css(css))
                    .await?
                    .send_keys(text)
                    .await
            })
            .unwrap_or_else(|e| panic!("typing into {css}: {e}"));
    }

    pub fn click(&self, css: &str) {
        self.rt
            .block_on(async { self.driver().find(By::Css(css)).await?.click().await })
            .unwrap_or_else(|e| panic!("clicking {css}: {e}"));
    }

    /// Sends keys to the focused element, as a keyboard would
    /// (`Key::Tab + Key::Space`, or text).
    pub fn press(&self, keys: impl Into<TypingData>) {
        let keys = keys.into();
        self.rt
            .block_on(async { self.driver().active_element().await?.send_keys(keys).await })
            .unwrap_or_else(|e| panic!("pressing keys: {e}"));
    }

    /// From now on, finds, scripts and keys act inside the frame `css`
    /// selects, until [`Browser::leave_frame`].
    pub fn enter_frame(&self, css: &str) {
        self.rt
            .block_on(async { self.driver().find(By::Css(css)).await?.enter_frame().await })
            .unwrap_or_else(|e| panic!("entering the frame {css}: {e}"));
    }

    /// Back to the top-level page.
    pub fn leave_frame(&self) {
        self.rt
            .block_on(self.driver().enter_default_frame())
            .unwrap();
    }

    /// Resizes the window, e.g. to a phone's 360×740.
    pub fn resize(&self, width: u32, height: u32) {
        self.rt
            .block_on(self.driver().set_window_rect(0, 0, width, height))
            .unwrap();
    }

    pub fn screenshot(&self, png: &Path) {
        self.rt.block_on(self.driver().screenshot(png)).unwrap();
    }

    /// The page's serious and critical accessibility violations, as axe-core
    /// reports them (injected through WebDriver: the page's own
    /// Content-Security-Policy stays as strict as it is).
    pub fn accessibility_violations(&self) -> Vec<Value> {
        let axe = std::fs::read_to_string(repo().join("tests/browser/axe-core/axe.min.js"))
            .expect("the vendored axe-core");
        let version = self.execute(&format!("{axe}\nreturn window.axe.version;"));
        assert_eq!(version, "4.14.1", "the vendored axe-core");
        let found = self
            .rt
            .block_on(self.driver().execute_async(
                r#"const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] })
                  .then(r => done(r.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => ({ id: v.id, impact: v.impact, help: v.help,
                                 targets: v.nodes.map(n => n.target.join(' ')) }))))
                  .catch(e => done([{ id: 'axe-error', help: String(e) }]));"#,
                Vec::new(),
            ))
            .expect("axe.run");
        found.json().as_array().cloned().unwrap_or_default()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Quit the session first: a Chromium left behind outlives its
        // chromedriver.
        if let Some(driver) = self.driver.take() {
            let _ = self.rt.block_on(driver.quit());
        }
        let _ = self.chromedriver.kill();
        let _ = self.chromedriver.wait();
    }
}
