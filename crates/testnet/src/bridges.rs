//! The feed bridges an office runs, on loopback: a WeWe RSS (WeChat official accounts as
//! Atom feeds at `/feeds/MP_WXS_<id>.atom`) and an RSSHub (`/toutiao/user/token/:token`,
//! `/douyin/user/:uid`). Each feed can be made to fail as the real bridges do: RSSHub's error
//! page with HTTP 503/403/404 and its message ("Cookies expired", "filtered by WAF",
//! "Cooling down", the route not existing), a JSON error, or a bare 503.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

/// How a feed fails.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// RSSHub's error page with this status and message.
    RsshubPage(u16, String),
    /// A JSON error (`{"statusCode":…,"message":…}`, as a NestJS app such as WeWe RSS answers).
    Json(u16, String),
    /// A bare 503 with no words (a proxy in front of a stopped bridge).
    Bare503,
}

/// One entry of a feed: (title, link, summary).
pub type Entry = (String, String, String);

#[derive(Default)]
struct Inner {
    base: String,
    feeds: Mutex<HashMap<String, Vec<Entry>>>,
    failures: Mutex<HashMap<String, Failure>>,
    hits: Mutex<HashMap<String, usize>>,
}

pub struct FakeBridges {
    inner: Arc<Inner>,
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn rsshub_error_page(message: &str, route: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>RSSHub</title></head><body><div class=\"w-full h-screen flex items-center justify-center flex-col space-y-4\"><img class=\"grayscale\" src=\"/logo.png\" alt=\"RSSHub\" width=\"100\"><h1 class=\"text-4xl font-bold\">Looks like something went wrong</h1><div class=\"text-left w-[800px] space-y-6 !mt-10\"><div class=\"space-y-2\"><p class=\"mb-2 font-bold\">Helpful Information</p><p class=\"message\">Error Message:<br><code class=\"mt-2 block max-h-28 overflow-auto bg-zinc-100 align-bottom w-fit details\">{}</code></p><p class=\"message\">Route: <code class=\"ml-2 bg-zinc-100\">{}</code></p></div></div></div></body></html>",
        escape(message),
        escape(route)
    )
}

fn atom(title: &str, entries: &[Entry]) -> String {
    let items: String = entries
        .iter()
        .map(|(t, l, d)| {
            format!(
                "<entry><title>{}</title><link href=\"{}\"/><id>{}</id><updated>2026-12-03T01:00:00Z</updated><summary>{}</summary></entry>",
                escape(t), escape(l), escape(l), escape(d)
            )
        })
        .collect();
    format!("<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>{}</title><updated>2026-12-03T01:00:00Z</updated>{items}</feed>", escape(title))
}

fn rss(title: &str, entries: &[Entry]) -> String {
    let items: String = entries
        .iter()
        .map(|(t, l, d)| {
            format!(
                "<item><title><![CDATA[{t}]]></title><link>{}</link><guid>{}</guid><description><![CDATA[{d}]]></description><pubDate>Thu, 03 Dec 2026 01:00:00 GMT</pubDate></item>",
                escape(l),
                escape(l)
            )
        })
        .collect();
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title><![CDATA[{title}]]></title><link>https://rsshub.example</link><description>Powered by RSSHub</description><generator>RSSHub</generator>{items}</channel></rss>")
}

async fn serve(
    s: &Inner,
    key: String,
    route: &str,
    body: impl FnOnce(&[Entry]) -> String,
    ct: &'static str,
) -> Response {
    *s.hits.lock().unwrap().entry(key.clone()).or_default() += 1;
    if let Some(f) = s.failures.lock().unwrap().get(&key).cloned() {
        let code = |c: u16| StatusCode::from_u16(c).unwrap();
        return match f {
            Failure::RsshubPage(status, message) => (
                code(status),
                [(header::CONTENT_TYPE, "text/html; charset=UTF-8")],
                rsshub_error_page(&message, route),
            )
                .into_response(),
            Failure::Json(status, message) => (
                code(status),
                [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
                serde_json::json!({ "statusCode": status, "message": message }).to_string(),
            )
                .into_response(),
            Failure::Bare503 => StatusCode::SERVICE_UNAVAILABLE.into_response(),
        };
    }
    let entries = s.feeds.lock().unwrap().get(&key).cloned();
    match entries {
        Some(e) => ([(header::CONTENT_TYPE, ct)], body(&e)).into_response(),
        // WeWe RSS asked for an account it has not added: its own answer (NestJS, HTTP 400)
        None if key.starts_with("wewe:") => (
            StatusCode::BAD_REQUEST,
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            r#"{"statusCode":400,"message":"不存在该feed！"}"#,
        )
            .into_response(),
        None => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/html; charset=UTF-8")],
            rsshub_error_page(
                "NotFoundError: The route does not exist or has been deleted.",
                route,
            ),
        )
            .into_response(),
    }
}

impl FakeBridges {
    /// Starts both bridges on one loopback server (the office may run them on one host).
    pub fn start() -> FakeBridges {
        let (listener, base) = crate::loopback();
        let inner = Arc::new(Inner {
            base,
            ..Default::default()
        });
        let state = inner.clone();
        let app = axum::Router::new()
                    .route(
                        "/",
                        get(|| async {
                            ([(header::CONTENT_TYPE, "text/html; charset=UTF-8")], "<!DOCTYPE html><html><head><title>Welcome to RSSHub!</title></head><body><h1>Welcome to RSSHub!</h1><p>Everything is RSSible</p></body></html>")
                        }),
                    )
                    .route(
                        "/feeds/{file}",
                        get(|State(s): State<Arc<Inner>>, Path(file): Path<String>| async move {
                            let id = file.trim_end_matches(".atom").to_string();
                            serve(&s, format!("wewe:{id}"), "/feeds/:feed", |e| atom("公众号", e), "application/atom+xml; charset=utf-8").await
                        }),
                    )
                    .route(
                        "/toutiao/user/token/{token}",
                        get(|State(s): State<Arc<Inner>>, Path(token): Path<String>| async move {
                            serve(&s, format!("toutiao:{token}"), "/toutiao/user/token/:token", |e| rss("头条号", e), "application/xml; charset=utf-8").await
                        }),
                    )
                    .route(
                        "/douyin/user/{uid}",
                        get(|State(s): State<Arc<Inner>>, Path(uid): Path<String>| async move {
                            serve(&s, format!("douyin:{uid}"), "/douyin/user/:uid", |e| rss("抖音号", e), "application/xml; charset=utf-8").await
                        }),
                    )
                    .with_state(state);
        crate::serve(listener, app);
        FakeBridges { inner }
    }

    /// The base URL of both bridges.
    pub fn base(&self) -> &str {
        &self.inner.base
    }

    /// Sets a feed's entries; `key` is `wewe:MP_WXS_…`, `toutiao:<token>` or `douyin:<uid>`.
    pub fn set_feed(&self, key: &str, entries: Vec<Entry>) {
        self.inner
            .feeds
            .lock()
            .unwrap()
            .insert(key.to_string(), entries);
    }

    /// Makes a feed fail (None: serve it again).
    pub fn fail(&self, key: &str, failure: Option<Failure>) {
        let mut f = self.inner.failures.lock().unwrap();
        match failure {
            Some(x) => f.insert(key.to_string(), x),
            None => f.remove(key),
        };
    }

    /// How many times a feed was asked for.
    pub fn hits(&self, key: &str) -> usize {
        self.inner
            .hits
            .lock()
            .unwrap()
            .get(key)
            .copied()
            .unwrap_or(0)
    }
}
