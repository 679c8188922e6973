//! A loopback Weibo that behaves like m.weibo.cn since late 2025: its JSON API refuses a
//! client without visitor cookies (HTTP 432, or a redirect to the "Sina Visitor System" page),
//! its passport hands out visitor identities (`POST /visitor/genvisitor2`, answered in
//! `visitor_gray_callback(…)`), identities expire, and the passport sometimes cools down.
//! Timelines are served in the real shape: `data.cards[]` of `card_type` 9 with an `mblog`,
//! a pinned first card (`isTop`, `title.text` 置顶), native reposts in `retweeted_status`.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde_json::{json, Value};

/// How the API refuses a client without a valid identity.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Refusal {
    /// HTTP 432 with an empty body (what most clients see).
    #[default]
    Status432,
    /// A 302 to the visitor page.
    VisitorPage,
}

/// One post of a timeline.
#[derive(Clone, Debug)]
pub struct Post {
    pub id: String,
    pub text: String,
    /// Pinned (置顶): the first card, whatever its date.
    pub pinned: bool,
    /// A native repost of another account's post: (its id, its author, its text).
    pub repost_of: Option<(String, String, String)>,
    /// `created_at` as Weibo writes it ("Wed Dec 02 10:00:00 +0800 2026").
    pub created_at: String,
    /// A long post: the timeline shows `text` cut with "...全文" (`isLongText`); the whole
    /// text is at `/statuses/extend?id=…`.
    pub long_text: Option<String>,
}

impl Post {
    pub fn new(id: &str, text: &str) -> Post {
        Post {
            id: id.into(),
            text: text.into(),
            pinned: false,
            repost_of: None,
            created_at: "Thu Dec 03 09:00:00 +0800 2026".into(),
            long_text: None,
        }
    }
}

#[derive(Default)]
struct Inner {
    timelines: Mutex<HashMap<String, (String, Vec<Post>)>>,
    /// Personal domains (`weibo.com/<domain>`) and the user IDs they name.
    domains: Mutex<HashMap<String, String>>,
    /// Domain lookups answered (to show a learned ID is used instead).
    lookups: Mutex<usize>,
    issued: Mutex<HashSet<String>>,
    refusal: Mutex<Refusal>,
    cooling: Mutex<bool>,
    handshakes: Mutex<usize>,
    refused: Mutex<usize>,
    /// Every Cookie header the API received (to prove none leaks elsewhere).
    cookies_seen: Mutex<Vec<String>>,
    /// Accounts only a logged-in user sees, and the login cookie that sees them.
    login_only: Mutex<HashMap<String, String>>,
}

pub struct FakeWeibo {
    base: String,
    inner: Arc<Inner>,
}

/// A post's bid as Weibo writes it (its mid in base 62).
fn bid(mid: &str) -> String {
    piyao_core::rules::sources::weibo_bid_of_mid(mid).unwrap_or_else(|| format!("B{mid}"))
}

fn timeline(uid: &str, name: &str, posts: &[Post]) -> Value {
    let mut ordered: Vec<&Post> = posts.iter().filter(|p| p.pinned).collect();
    ordered.extend(posts.iter().filter(|p| !p.pinned));
    let user = json!({ "id": uid.parse::<u64>().unwrap_or(0), "screen_name": name });
    let cards: Vec<Value> = ordered
        .iter()
        .map(|p| {
            let mut mblog = json!({
                "id": p.id, "mid": p.id, "bid": bid(&p.id),
                "created_at": p.created_at, "text": p.text, "isLongText": false,
                "source": "微博 weibo.com", "user": user,
                "reposts_count": 3, "comments_count": 1, "attitudes_count": 9,
            });
            if p.long_text.is_some() {
                mblog["isLongText"] = json!(true);
                mblog["text"] = json!(format!(
                    "{}...<a href=\"/status/{}\">全文</a>",
                    p.text, p.id
                ));
            }
            if p.pinned {
                mblog["isTop"] = json!(1);
                mblog["title"] = json!({ "text": "置顶", "base_color": 1 });
            }
            if let Some((id, author, text)) = &p.repost_of {
                mblog["retweeted_status"] = json!({
                    "id": id, "mid": id, "bid": bid(id), "text": text,
                    "created_at": "Thu Dec 03 08:00:00 +0800 2026", "isLongText": false,
                    "user": { "id": 1, "screen_name": author },
                });
            }
            json!({ "card_type": 9, "itemid": format!("1076031{}", p.id), "scheme": format!("https://m.weibo.cn/status/{}", p.id), "mblog": mblog })
        })
        .collect();
    json!({
        "ok": 1,
        "data": {
            "cardlistInfo": { "containerid": format!("107603{uid}"), "v_p": 42, "show_style": 1, "total": cards.len(), "since_id": 0 },
            "cards": cards,
            "scheme": format!("sinaweibo://cardlist?containerid=107603{uid}"),
            "showAppTips": 0,
        }
    })
}

fn cookie_value<'a>(cookies: &'a str, name: &str) -> Option<&'a str> {
    cookies
        .split(';')
        .map(str::trim)
        .find_map(|c| c.strip_prefix(name)?.strip_prefix('='))
}

/// The request's Cookie header ("" without one).
fn cookie_header(headers: &HeaderMap) -> String {
    headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// The refusal a client without a valid identity gets (`None`: let it in).
fn refusal(s: &Inner, cookies: &str) -> Option<Response> {
    let logins: Vec<String> = s.login_only.lock().unwrap().values().cloned().collect();
    let logged_in = logins.iter().any(|l| l == cookies);
    let valid = logged_in
        || cookie_value(cookies, "SUB").is_some_and(|sub| s.issued.lock().unwrap().contains(sub))
            && cookie_value(cookies, "SUBP").is_some();
    if valid {
        return None;
    }
    *s.refused.lock().unwrap() += 1;
    Some(match *s.refusal.lock().unwrap() {
        Refusal::Status432 => StatusCode::from_u16(432).unwrap().into_response(),
        Refusal::VisitorPage => {
            Redirect::to("/visitor/visitor?entry=miniblog&a=enter").into_response()
        }
    })
}

/// The Cookie header of a request to the API, noted; or the refusal it gets.
fn admit(s: &Inner, headers: &HeaderMap) -> Result<String, Box<Response>> {
    let cookies = cookie_header(headers);
    if !cookies.is_empty() {
        s.cookies_seen.lock().unwrap().push(cookies.clone());
    }
    match refusal(s, &cookies) {
        Some(refused) => Err(Box::new(refused)),
        None => Ok(cookies),
    }
}

/// `statuses/extend`: the whole text of a long post.
async fn extend(
    State(s): State<Arc<Inner>>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let cookies = cookie_header(&headers);
    if let Some(refused) = refusal(&s, &cookies) {
        return refused;
    }
    let id = q.get("id").cloned().unwrap_or_default();
    let text = s
        .timelines
        .lock()
        .unwrap()
        .values()
        .flat_map(|(_, posts)| posts.iter())
        .find(|p| p.id == id)
        .and_then(|p| p.long_text.clone());
    let body = match text {
        Some(t) => {
            json!({ "ok": 1, "data": { "ok": 1, "longTextContent": t, "reposts_count": 3, "comments_count": 1, "attitudes_count": 9 } })
        }
        None => json!({ "ok": 0, "msg": "内容不存在" }),
    };
    (
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body.to_string(),
    )
        .into_response()
}

async fn api(
    State(s): State<Arc<Inner>>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let cookies = match admit(&s, &headers) {
        Ok(cookies) => cookies,
        Err(refused) => return *refused,
    };
    let uid = q
        .get("value")
        .cloned()
        .or_else(|| {
            q.get("containerid")
                .and_then(|c| c.strip_prefix("107603"))
                .map(str::to_string)
        })
        .unwrap_or_default();
    let needs_login = s
        .login_only
        .lock()
        .unwrap()
        .get(&uid)
        .is_some_and(|l| *l != cookies);
    if needs_login {
        // what m.weibo.cn answers a visitor for an account only logged-in users see
        return (
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            json!({ "ok": -100, "url": "https://passport.weibo.cn/signin/welcome?entry=mweibo&r=https%3A%2F%2Fm.weibo.cn%2F" }).to_string(),
        )
            .into_response();
    }
    match s.timelines.lock().unwrap().get(&uid) {
        Some((name, posts)) => (
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            timeline(&uid, name, posts).to_string(),
        )
            .into_response(),
        // what m.weibo.cn answers for an unknown uid
        None => (
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            json!({ "ok": 0, "msg": "这里还没有内容", "data": { "cards": [] } }).to_string(),
        )
            .into_response(),
    }
}

/// What m.weibo.cn's pages are without scripts: an empty shell.
const MOBILE_SHELL: &str = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>微博</title></head><body><div id=\"app\"></div><script src=\"/js/app.js\"></script></body></html>";

/// `m.weibo.cn/<domain>?jumpfrom=weibocom`: a redirect to the account the personal domain
/// names, for a client with an identity; an unknown domain gets the mobile site's 404 page.
async fn domain(
    State(s): State<Arc<Inner>>,
    Path(domain): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Err(refused) = admit(&s, &headers) {
        return *refused;
    }
    *s.lookups.lock().unwrap() += 1;
    match s.domains.lock().unwrap().get(&domain) {
        Some(uid) => Redirect::to(&format!("/u/{uid}?jumpfrom=weibocom")).into_response(),
        None => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            MOBILE_SHELL,
        )
            .into_response(),
    }
}

/// `m.weibo.cn/u/<uid>`: the profile, a script-only shell.
async fn profile() -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        MOBILE_SHELL,
    )
        .into_response()
}

async fn genvisitor(State(s): State<Arc<Inner>>) -> Response {
    if *s.cooling.lock().unwrap() {
        return "window.visitor_gray_callback && visitor_gray_callback({\"retcode\":20003000,\"msg\":\"系统繁忙\"});"
            .into_response();
    }
    let n = {
        let mut h = s.handshakes.lock().unwrap();
        *h += 1;
        *h
    };
    let sub = format!("_2AkMV{n:04}visitor");
    s.issued.lock().unwrap().insert(sub.clone());
    format!(
        "window.visitor_gray_callback && visitor_gray_callback({{\"retcode\":20000000,\"msg\":\"succ\",\"data\":{{\"sub\":\"{sub}\",\"subp\":\"0033WrSXqPxfM72-Ws9jqgMF55529P9D9W5{n}\",\"tid\":\"t{n}\",\"confidence\":100}}}});"
    )
    .into_response()
}

const VISITOR_PAGE: &str = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Sina Visitor System</title></head><body><script src=\"/js/visitor/mini_original.js\"></script></body></html>";

impl FakeWeibo {
    /// Starts the fake on 127.0.0.1 in its own thread.
    pub fn start() -> FakeWeibo {
        let (listener, base) = crate::loopback();
        let inner = Arc::new(Inner::default());
        let state = inner.clone();
        let app = axum::Router::new()
            .route("/api/container/getIndex", get(api))
            .route("/statuses/extend", get(extend))
            .route("/visitor/genvisitor2", post(genvisitor))
            .route("/u/{uid}", get(profile))
            .route("/{domain}", get(domain))
            .route(
                "/visitor/visitor",
                get(|| async {
                    (
                        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                        VISITOR_PAGE,
                    )
                }),
            )
            .with_state(state);
        crate::serve(listener, app);
        FakeWeibo { base, inner }
    }

    /// The base standing in for both https://m.weibo.cn and https://passport.weibo.com.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Sets the timeline of account `uid` (named `name`).
    pub fn set_timeline(&self, uid: &str, name: &str, posts: Vec<Post>) {
        self.inner
            .timelines
            .lock()
            .unwrap()
            .insert(uid.to_string(), (name.to_string(), posts));
    }

    /// Account `uid` is seen only with this login cookie (the whole Cookie header).
    pub fn login_only(&self, uid: &str, cookie: &str) {
        self.inner
            .login_only
            .lock()
            .unwrap()
            .insert(uid.to_string(), cookie.to_string());
    }

    /// The personal domain `weibo.com/<domain>` names account `uid`.
    pub fn set_domain(&self, domain: &str, uid: &str) {
        self.inner
            .domains
            .lock()
            .unwrap()
            .insert(domain.to_string(), uid.to_string());
    }

    /// Personal-domain lookups answered so far.
    pub fn lookups(&self) -> usize {
        *self.inner.lookups.lock().unwrap()
    }

    pub fn refuse_with(&self, refusal: Refusal) {
        *self.inner.refusal.lock().unwrap() = refusal;
    }

    /// While cooling, the passport hands out no identity.
    pub fn set_cooling(&self, cooling: bool) {
        *self.inner.cooling.lock().unwrap() = cooling;
    }

    /// Every identity handed out so far stops working (they expire).
    pub fn expire_identities(&self) {
        self.inner.issued.lock().unwrap().clear();
    }

    pub fn handshakes(&self) -> usize {
        *self.inner.handshakes.lock().unwrap()
    }

    /// API requests refused for want of a valid identity.
    pub fn refused(&self) -> usize {
        *self.inner.refused.lock().unwrap()
    }

    pub fn cookies_seen(&self) -> Vec<String> {
        self.inner.cookies_seen.lock().unwrap().clone()
    }
}
