//! A small W3C WebDriver client over reqwest, enough to drive the real app window through
//! tauri-driver (see shared/PLATFORM.md for why not a WebDriver crate).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn tauri_driver_path() -> PathBuf {
    if let Some(p) = std::env::var_os("TAURI_DRIVER") {
        return p.into();
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    let candidate = home.join(".cargo/bin/tauri-driver");
    if candidate.exists() {
        candidate
    } else {
        "tauri-driver".into()
    }
}

/// A running tauri-driver with its own ports and an isolated environment for the app.
pub struct Driver {
    child: Child,
    base: String,
    http: reqwest::blocking::Client,
}

impl Driver {
    /// Starts tauri-driver; `env` is passed to the app it launches (database path, XDG dirs).
    pub fn start(env: &[(&str, &Path)]) -> Driver {
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "end-to-end tests need a display: run them through `make test` (xvfb-run)"
        );
        // The app's checker builds reqwest with an installable TLS provider; so does this client.
        piyao_check::fetch::install_crypto_provider();
        let http = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(60))
            .no_proxy()
            .build()
            .unwrap();
        let (port, native) = (free_port(), free_port());
        let mut cmd = Command::new(tauri_driver_path());
        cmd.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native.to_string(),
        ])
        .env_remove("PIYAO_DB")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd
            .spawn()
            .expect("start tauri-driver (make test installs it)");
        let driver = Driver {
            child,
            base: format!("http://127.0.0.1:{port}"),
            http,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if driver
                .http
                .get(format!("{}/status", driver.base))
                .send()
                .is_ok()
            {
                return driver;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("tauri-driver did not come up");
    }

    /// Launches the app in a new window session.
    pub fn session(&self, app: &Path) -> Session<'_> {
        let v: Value = self
            .http
            .post(format!("{}/session", self.base))
            .json(&json!({ "capabilities": { "alwaysMatch": {
                "browserName": "wry",
                "tauri:options": { "application": app }
            }}}))
            .send()
            .and_then(|r| r.json())
            .expect("new session");
        let id = v["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {v}"))
            .to_string();
        Session {
            driver: self,
            url: format!("{}/session/{id}", self.base),
        }
    }
}

/// The processes descended from `root` (WebKitWebDriver, the app, its WebKit processes).
fn descendants(root: u32) -> Vec<u32> {
    let parent_of = |pid: u32| -> Option<u32> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // "pid (comm) state ppid …": the name may hold spaces and parentheses
        stat.rsplit_once(')')?
            .1
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()
    };
    let all: Vec<u32> = std::fs::read_dir("/proc")
        .map(|d| {
            d.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    let mut found = vec![root];
    let mut i = 0;
    while i < found.len() {
        let p = found[i];
        found.extend(all.iter().copied().filter(|&c| parent_of(c) == Some(p)));
        i += 1;
    }
    found.remove(0);
    found
}

impl Drop for Driver {
    fn drop(&mut self) {
        // A test that failed with a window or a native dialog open leaves the app running; it
        // must not linger into the next test (its windows would be found there).
        let family = descendants(self.child.id());
        // SIGTERM, not SIGKILL: tauri-driver then stops WebKitWebDriver too.
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        for pid in family {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .stderr(Stdio::null())
                .status();
        }
    }
}

pub struct Session<'d> {
    driver: &'d Driver,
    url: String,
}

#[derive(Clone)]
pub struct Element(String);

impl Session<'_> {
    fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, String> {
        let mut req = self
            .driver
            .http
            .request(method, format!("{}{path}", self.url));
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().map_err(|e| e.to_string())?;
        let ok = resp.status().is_success();
        let v: Value = resp.json().map_err(|e| e.to_string())?;
        if ok {
            Ok(v["value"].clone())
        } else {
            Err(v["value"].to_string())
        }
    }

    fn post(&self, path: &str, body: Value) -> Result<Value, String> {
        self.send(reqwest::Method::POST, path, Some(body))
    }

    fn get(&self, path: &str) -> Result<Value, String> {
        self.send(reqwest::Method::GET, path, None)
    }

    /// Runs a script in the page and returns its value.
    pub fn script(&self, code: &str, args: Value) -> Value {
        self.try_script(code, args)
            .unwrap_or_else(|e| panic!("script failed: {e}"))
    }

    /// Runs a script in the page: its value, or why not (a page too busy to answer in time).
    pub fn try_script(&self, code: &str, args: Value) -> Result<Value, String> {
        self.post("/execute/sync", json!({ "script": code, "args": args }))
    }

    fn find_now(&self, css: &str) -> Option<Element> {
        self.post("/element", json!({ "using": "css selector", "value": css }))
            .ok()
            .and_then(|v| v[ELEMENT_KEY].as_str().map(|s| Element(s.to_string())))
    }

    /// Waits up to 15 s for a visible element matching `css`.
    pub fn find(&self, css: &str) -> Element {
        self.wait_for(&format!("element {css}"), || {
            self.find_now(css).filter(|e| self.displayed(e))
        })
    }

    pub fn find_all(&self, css: &str) -> Vec<Element> {
        self.post(
            "/elements",
            json!({ "using": "css selector", "value": css }),
        )
        .ok()
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|v| v[ELEMENT_KEY].as_str().map(|s| Element(s.to_string())))
        .collect()
    }

    /// Clicks `css` until `done` holds (up to 5 clicks, 3 s each): for controls that ignore a
    /// click while the page is busy re-rendering (a filter that reloads a preview).
    pub fn click_until(&self, css: &str, what: &str, done: impl Fn() -> bool) {
        for _ in 0..5 {
            if done() {
                return;
            }
            self.click(css);
            let until = Instant::now() + Duration::from_secs(3);
            while Instant::now() < until {
                if done() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        assert!(done(), "clicking {css} never led to {what}");
    }

    /// Waits until the element stops moving (a drawer or dialog sliding in), so that a click
    /// lands where the element ends up.
    pub fn wait_still(&self, css: &str) {
        let e = self.find(css);
        let rect = || self.get(&format!("/element/{}/rect", e.0)).ok();
        let mut last = rect();
        self.wait_for(&format!("{css} to stop moving"), || {
            std::thread::sleep(Duration::from_millis(150));
            let now = rect();
            let still = now.is_some() && now == last;
            last = now;
            Some(()).filter(|_| still)
        });
    }

    /// An attribute of an element (`data-ratio`…), if it has it.
    pub fn attr(&self, e: &Element, name: &str) -> Option<String> {
        self.get(&format!("/element/{}/attribute/{name}", e.0))
            .ok()
            .and_then(|v| v.as_str().map(String::from))
    }

    pub fn displayed(&self, e: &Element) -> bool {
        self.get(&format!("/element/{}/displayed", e.0)).ok() == Some(Value::Bool(true))
    }

    pub fn click(&self, css: &str) {
        let e = self.find(css);
        self.wait_for(&format!("click on {css}"), || {
            self.post(&format!("/element/{}/click", e.0), json!({}))
                .ok()
        });
    }

    /// Clears the field and types `text` into it, as a user would.
    pub fn type_into(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.post(&format!("/element/{}/clear", e.0), json!({}))
            .expect("clear");
        self.post(&format!("/element/{}/value", e.0), json!({ "text": text }))
            .expect("type");
    }

    /// Puts a long text into a field at once, as a paste would (typing thousands of characters
    /// through WebDriver takes minutes): sets the value and fires `input` for the form's binding.
    pub fn paste_into(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.script(
            "const el = arguments[0]; el.focus(); el.value = arguments[1]; el.dispatchEvent(new Event('input', { bubbles: true }));",
            json!([{ ELEMENT_KEY: e.0 }, text]),
        );
    }

    pub fn text(&self, e: &Element) -> String {
        self.get(&format!("/element/{}/text", e.0))
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    pub fn value(&self, css: &str) -> String {
        let e = self.find(css);
        self.get(&format!("/element/{}/property/value", e.0))
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// Waits until the page's visible text contains `needle`.
    pub fn wait_text(&self, needle: &str) {
        self.wait_for(&format!("text {needle:?}"), || {
            let body = self.script("return document.body.innerText", json!([]));
            body.as_str().filter(|t| t.contains(needle)).map(|_| ())
        })
    }

    pub fn page_text(&self) -> String {
        self.script("return document.body.innerText", json!([]))
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    pub fn wait_for<T>(&self, what: &str, mut f: impl FnMut() -> Option<T>) -> T {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(v) = f() {
                return v;
            }
            if Instant::now() > deadline {
                let text = self.page_text();
                let shot = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("e2e-failure.png");
                self.screenshot(&shot);
                panic!(
                    "timed out waiting for {what}; screenshot: {}; page text:\n{text}",
                    shot.display()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Saves a PNG of the screen (the app window fills the Xvfb screen). ImageMagick's
    /// `import`, because WebKitWebDriver's screenshot endpoint hangs under Xvfb without
    /// compositing.
    pub fn screenshot(&self, path: &Path) {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap();
        }
        let status = Command::new("import")
            .args(["-window", "root"])
            .arg(path)
            .status()
            .expect("run ImageMagick import (make test installs it)");
        assert!(status.success(), "screenshot failed");
    }

    /// Ends the session; tauri-driver closes the app.
    pub fn close(self) {
        let _ = self.driver.http.delete(&self.url).send();
    }
}
