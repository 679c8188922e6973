//! A loopback "internet" for integration and end-to-end tests: account feeds whose content the test changes
//! as it goes on, the rebuttal's page, and a DingTalk-style group bot that checks every
//! request's signature (HMAC-SHA256 of "timestamp\nsecret", computed here independently).

pub mod bridges;
pub mod demo;
pub mod district;
pub mod screenshot;
pub mod weibo;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, Query, State};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Json;
use base64::Engine;
use hmac::{Hmac, Mac};

pub const BOT_SECRET: &str = "SECe2e0123456789abcdef";
pub const RUMOR: &str = "龙塔社区大门被枪击";
pub const RUMOR_TEXT: &str = "网传龙塔社区大门昨夜被枪击，有人受伤，附近居民很恐慌。";
pub const REBUTTAL: &str = "【辟谣】龙塔社区大门被枪击？系谣言";
pub const REBUTTAL_TEXT: &str =
    "近日，网传龙塔社区大门被枪击。经云川区公安分局核实，大门玻璃系施工碰碎，并非枪击，请勿传谣。";

/// What an account's feed shows.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Shows {
    Nothing,
    Rebuttal,
    Rumor,
}

#[derive(Default)]
struct Inner {
    base: String,
    feeds: Mutex<HashMap<String, Shows>>,
    /// Pages served as they are at /raw/{name}: (content type, body).
    raw: Mutex<HashMap<String, (String, String)>>,
    messages: Mutex<Vec<String>>,
    bad_signatures: Mutex<usize>,
}

pub struct Internet {
    inner: Arc<Inner>,
}

fn rss(base: &str, shows: Shows) -> String {
    let item = match shows {
        Shows::Nothing => format!(
            "<item><title>区里召开冬季安全生产会议</title><link>{base}/news/1</link><description>会议部署冬季安全生产工作。</description></item>"
        ),
        Shows::Rebuttal => format!(
            "<item><title>{REBUTTAL}</title><link>{base}/rebuttal</link><description>{REBUTTAL_TEXT}</description></item>"
        ),
        Shows::Rumor => format!(
            "<item><title>{RUMOR}！</title><link>{base}/rumor</link><description>{RUMOR_TEXT}</description></item>"
        ),
    };
    format!("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>账号</title>{item}</channel></rss>")
}

/// A listener on a free loopback port, and its base URL.
pub(crate) fn loopback() -> (std::net::TcpListener, String) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    (listener, base)
}

/// Serves `app` on `listener` in a thread of its own, with its own runtime.
pub(crate) fn serve(listener: std::net::TcpListener, app: axum::Router) {
    std::thread::spawn(move || {
        tokio::runtime::Runtime::new()
            .unwrap()
            .block_on(async move {
                axum::serve(tokio::net::TcpListener::from_std(listener).unwrap(), app)
                    .await
                    .unwrap();
            });
    });
}

/// DingTalk's signature: base64(HMAC-SHA256(key = secret, message = "timestamp\nsecret")).
pub fn dingtalk_sign(timestamp: &str, secret: &str) -> String {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{timestamp}\n{secret}").as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

impl Internet {
    /// Starts the server on 127.0.0.1 in its own thread.
    pub fn start() -> Internet {
        let (listener, base) = loopback();
        let inner = Arc::new(Inner {
            base,
            ..Default::default()
        });
        let state = inner.clone();
        let app = axum::Router::new()
                    .route(
                        "/feed/{name}",
                        get(|State(s): State<Arc<Inner>>, Path(name): Path<String>| async move {
                            let shows = s.feeds.lock().unwrap().get(&name).copied().unwrap_or(Shows::Nothing);
                            ([(axum::http::header::CONTENT_TYPE, "application/rss+xml; charset=utf-8")], rss(&s.base, shows))
                        }),
                    )
                    .route(
                        "/raw/{name}",
                        get(|State(s): State<Arc<Inner>>, Path(name): Path<String>| async move {
                            match s.raw.lock().unwrap().get(&name).cloned() {
                                Some((ct, body)) => ([(axum::http::header::CONTENT_TYPE, ct)], body).into_response(),
                                None => axum::http::StatusCode::NOT_FOUND.into_response(),
                            }
                        }),
                    )
                    .route(
                        "/rebuttal",
                        get(|| async {
                            let page = format!(
                                "<html><head><meta charset=\"utf-8\"><title>{REBUTTAL}</title></head><body><article><h1>{REBUTTAL}</h1><p>{REBUTTAL_TEXT}</p></article></body></html>"
                            );
                            ([(axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8")], page)
                        }),
                    )
                    .route(
                        "/robot/send",
                        post(
                            |State(s): State<Arc<Inner>>,
                             Query(q): Query<HashMap<String, String>>,
                             Json(body): Json<serde_json::Value>| async move {
                                let ts = q.get("timestamp").cloned().unwrap_or_default();
                                let now_ms = std::time::SystemTime::now()
                                    .duration_since(std::time::UNIX_EPOCH)
                                    .unwrap()
                                    .as_millis() as i64;
                                let fresh = ts.parse::<i64>().is_ok_and(|t| (t - now_ms).abs() < 3_600_000);
                                if !fresh || q.get("sign") != Some(&dingtalk_sign(&ts, BOT_SECRET)) {
                                    *s.bad_signatures.lock().unwrap() += 1;
                                    return Json(serde_json::json!({ "errcode": 310000, "errmsg": "sign not match" }));
                                }
                                let text = body["text"]["content"].as_str().unwrap_or_default().to_string();
                                s.messages.lock().unwrap().push(text);
                                Json(serde_json::json!({ "errcode": 0, "errmsg": "ok" }))
                            },
                        ),
                    )
                    .with_state(state);
        serve(listener, app);
        Internet { inner }
    }

    pub fn base(&self) -> &str {
        &self.inner.base
    }

    pub fn feed_url(&self, name: &str) -> String {
        format!("{}/feed/{name}", self.inner.base)
    }

    pub fn rebuttal_url(&self) -> String {
        format!("{}/rebuttal", self.inner.base)
    }

    pub fn bot_webhook(&self) -> String {
        format!("{}/robot/send?access_token=e2e", self.inner.base)
    }

    pub fn show(&self, feed: &str, shows: Shows) {
        self.inner
            .feeds
            .lock()
            .unwrap()
            .insert(feed.to_string(), shows);
    }

    /// Serves `body` as it is at `/raw/{name}`; returns the URL.
    pub fn serve_raw(&self, name: &str, content_type: &str, body: String) -> String {
        self.inner
            .raw
            .lock()
            .unwrap()
            .insert(name.to_string(), (content_type.to_string(), body));
        format!("{}/raw/{name}", self.inner.base)
    }

    /// An RSS feed of (title, link, description) items, as written (the caller escapes for XML).
    pub fn rss(items: &[(String, String, String)]) -> String {
        let items: String = items
            .iter()
            .map(|(t, l, d)| {
                format!(
                    "<item><title>{t}</title><link>{l}</link><description>{d}</description></item>"
                )
            })
            .collect();
        format!("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>账号</title>{items}</channel></rss>")
    }

    /// Messages the bot accepted (correctly signed), oldest first.
    pub fn messages(&self) -> Vec<String> {
        self.inner.messages.lock().unwrap().clone()
    }

    pub fn bad_signatures(&self) -> usize {
        *self.inner.bad_signatures.lock().unwrap()
    }
}
