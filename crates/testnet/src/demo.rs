//! The demo internet: while the demo district is loaded, the app serves here, on 127.0.0.1,
//! what the checker reads of its accounts, entered as real accounts are (`weibo.com/u/…`,
//! `MP_WXS_…`, a Toutiao or Douyin profile link, a portal's column): the demo's WeWe RSS
//! (`/wewe/feeds/<id>.atom`), RSSHub (`/rsshub/toutiao/…`, `/rsshub/douyin/…`) and Weibo API
//! (`/weibo-api/api/container/getIndex`, asked as `localhost` so Weibo's pace holds for it
//! alone), the portals' list pages, the articles they link to, and its work groups' bot.
//! The pages change after a push is launched, on a schedule that plays a real push in a few
//! minutes: the main force reposts within the first minute, most auxiliary accounts within
//! five, two late, one allied account reposts the rumor, one page is blocked, one repost is
//! deleted again, and the group chats need people's evidence. Nothing here reaches beyond
//! loopback.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Query, State};
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Json;
use piyao_core::demo::{DemoMessage, DemoPush, DemoView, DEMO_BOT_SECRET, DEMO_REBUTTAL_PATH};
use piyao_core::model::Tier;
use piyao_core::Db;
use time::OffsetDateTime;

use crate::dingtalk_sign;

/// What an account's page shows at some moment of a push.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scene {
    /// Its usual posts only.
    Usual,
    /// The rebuttal, reposted.
    Reposted,
    /// The rumor itself.
    Rumor,
    /// A verification wall (HTTP 403): the checker cannot see the page.
    Blocked,
}

/// When (seconds after the launch) each account acts, and how. Accounts are told apart by
/// name: the demo ledger's special cases are named, the others spread by a hash of the name.
pub fn scene(name: &str, tier: Tier, elapsed_s: i64) -> Scene {
    let after = |s: i64| elapsed_s >= s;
    match name {
        "云川吃喝玩乐" => {
            return if after(30) {
                Scene::Rumor
            } else {
                Scene::Usual
            }
        }
        "江湾同城" => return Scene::Blocked,
        // reposted, then deleted again
        "云川车友会" => {
            return if after(60) && !after(150) {
                Scene::Reposted
            } else {
                Scene::Usual
            }
        }
        // late: after the eight minutes the demo gives the auxiliary force
        "云川住建" => {
            return if after(600) {
                Scene::Reposted
            } else {
                Scene::Usual
            }
        }
        "云溪镇" => {
            return if after(720) {
                Scene::Reposted
            } else {
                Scene::Usual
            }
        }
        _ => {}
    }
    let spread = name
        .chars()
        .map(u32::from)
        .fold(7u32, |h, c| h.wrapping_mul(31).wrapping_add(c)) as i64;
    let at = match tier {
        Tier::Main => 10 + spread % 35,
        Tier::Auxiliary => 60 + spread % 240,
        Tier::Allied => 90 + spread % 300,
    };
    if after(at) {
        Scene::Reposted
    } else {
        Scene::Usual
    }
}

struct Inner {
    db: Arc<Db>,
    base: String,
    received: Mutex<Vec<DemoMessage>>,
}

/// The demo internet, serving until dropped.
pub struct DemoNet {
    inner: Arc<Inner>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

/// Usual posts every account has, with how many days ago they went out.
const USUAL: [(&str, i64); 3] = [
    ("云川区开展冬季消防安全大检查", 1),
    ("关于做好近期寒潮天气防范工作的温馨提示", 2),
    ("区政务服务中心推出“周末不打烊”延时服务", 4),
];

impl DemoNet {
    /// Serves the demo of `db` on 127.0.0.1:`port`, or on a free port when that one is taken
    /// (`base()` says where; the caller moves the demo's addresses there).
    pub fn start(db: Arc<Db>, port: u16) -> std::io::Result<DemoNet> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", port))
            .or_else(|_| std::net::TcpListener::bind(("127.0.0.1", 0)))?;
        listener.set_nonblocking(true)?;
        let base = format!("http://{}", listener.local_addr()?);
        let inner = Arc::new(Inner {
            db,
            base,
            received: Mutex::new(Vec::new()),
        });
        let app = axum::Router::new()
            .route("/robot/send", post(robot))
            .fallback(get(page))
            .with_state(inner.clone());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let listener = {
            let _guard = RUNTIME.enter();
            tokio::net::TcpListener::from_std(listener)?
        };
        RUNTIME.spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(DemoNet {
            inner,
            stop: Some(stop),
        })
    }

    /// Where it listens, `http://127.0.0.1:PORT`.
    pub fn base(&self) -> &str {
        &self.inner.base
    }

    /// What the demo work groups received, oldest first.
    pub fn received(&self) -> Vec<DemoMessage> {
        self.inner.received.lock().unwrap().clone()
    }
}

impl Drop for DemoNet {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// One small runtime for the demo internet, apart from the app's own.
static RUNTIME: std::sync::LazyLock<tokio::runtime::Runtime> = std::sync::LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("demo-internet")
        .enable_all()
        .build()
        .expect("a runtime for the demo internet")
});

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

struct Post {
    title: String,
    text: String,
    link: String,
    at: OffsetDateTime,
}

/// The posts `view`'s page shows now, newest first (`None`: the page is blocked); their links
/// are articles under `base`.
fn posts(view: &DemoView, base: &str, now: OffsetDateTime) -> Option<Vec<Post>> {
    let by = view.id;
    let mut out: Vec<Post> = USUAL
        .iter()
        .enumerate()
        .map(|(i, (title, days))| Post {
            title: (*title).to_string(),
            text: format!("{title}。详情请关注{}。", view.name),
            link: format!("{base}/a/u{i}?by={by}"),
            at: now - time::Duration::days(*days),
        })
        .collect();
    if let Some(push) = &view.push {
        let elapsed = (now - push.launched_at).whole_seconds();
        match scene(&view.name, view.tier, elapsed) {
            Scene::Blocked => return None,
            Scene::Usual => {}
            Scene::Reposted => out.insert(
                0,
                repost(push, &format!("{base}/a/r{}?by={by}", push.push_id), now),
            ),
            Scene::Rumor => out.insert(
                0,
                Post {
                    title: format!("紧急扩散！{}", push.rumor_title),
                    text: push.rumor_text.clone(),
                    link: format!("{base}/a/u0?by={by}"),
                    at: now,
                },
            ),
        }
    }
    Some(out)
}

fn repost(push: &DemoPush, link: &str, now: OffsetDateTime) -> Post {
    Post {
        title: push.rebuttal_title.clone(),
        text: push.rebuttal_text.clone(),
        link: link.to_string(),
        at: now.min(push.launched_at + time::Duration::minutes(1)),
    }
}

fn date(at: OffsetDateTime) -> String {
    let local = at.to_offset(time::macros::offset!(+8));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        local.year(),
        local.month() as u8,
        local.day(),
        local.hour(),
        local.minute()
    )
}

fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

/// A list page, as an official account's or a portal's column shows its posts.
fn list_page(name: &str, posts: &[Post]) -> String {
    let items: String = posts
        .iter()
        .map(|p| {
            format!(
                "<li><a href=\"{}\" title=\"{}\">{}</a><span class=\"date\">{}</span></li>",
                escape(&p.link),
                escape(&p.title),
                escape(&p.title),
                date(p.at)
            )
        })
        .collect();
    let name = escape(name);
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{name}</title></head><body>\
         <header><h1>{name}</h1></header><main><ul class=\"news-list\">{items}</ul></main></body></html>"
    )
}

/// A feed, as a bridge (RSSHub, WeWe RSS) gives an account's posts.
fn feed(name: &str, page: &str, posts: &[Post]) -> String {
    let items: String = posts
        .iter()
        .map(|p| {
            format!(
                "<item><title>{}</title><link>{}</link><description>{}</description><pubDate>{}</pubDate></item>",
                escape(&p.title),
                escape(&p.link),
                escape(&p.text),
                p.at.format(&time::format_description::well_known::Rfc2822)
                    .unwrap_or_default()
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>{}</title><link>{}</link>{items}</channel></rss>",
        escape(name),
        escape(page)
    )
}

/// A feed in Atom, as WeWe RSS gives a WeChat official account's articles.
fn atom(name: &str, self_link: &str, posts: &[Post]) -> String {
    let rfc3339 = |t: OffsetDateTime| piyao_core::rules::push::fmt(t);
    let entries: String = posts
        .iter()
        .map(|p| {
            format!(
                "<entry><title>{}</title><link href=\"{}\"/><id>{}</id><updated>{}</updated><summary>{}</summary></entry>",
                escape(&p.title),
                escape(&p.link),
                escape(&p.link),
                rfc3339(p.at),
                escape(&p.text)
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>{}</title><id>{}</id><updated>{}</updated>{entries}</feed>",
        escape(name),
        escape(self_link),
        rfc3339(posts.first().map(|p| p.at).unwrap_or_else(OffsetDateTime::now_utc))
    )
}

/// A Weibo timeline in the mobile API's shape (`data.cards[]` of `card_type` 9).
fn weibo(name: &str, posts: &[Post]) -> serde_json::Value {
    let cards: Vec<serde_json::Value> = posts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let id = format!("50{:014}", p.at.unix_timestamp() * 10 + i as i64);
            serde_json::json!({
                "card_type": 9,
                "scheme": p.link,
                "mblog": {
                    "id": id, "mid": id,
                    "created_at": p.at.to_offset(time::macros::offset!(+8))
                        .format(time::macros::format_description!(
                            "[weekday repr:short] [month repr:short] [day] [hour]:[minute]:[second] +0800 [year]"
                        ))
                        .unwrap_or_default(),
                    "text": format!("{}｜{}", p.title, p.text),
                    "isLongText": false,
                    "user": { "id": 1, "screen_name": name },
                }
            })
        })
        .collect();
    serde_json::json!({ "ok": 1, "data": { "cards": cards } })
}

/// An article page: the demo's rebuttal itself, or a post of an account.
fn article(title: &str, text: &str, by: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{t}</title></head><body><article>\
         <h1>{t}</h1><p class=\"by\">{b}</p><div id=\"js_content\"><p>{x}</p></div></article></body></html>",
        t = escape(title),
        b = escape(by),
        x = escape(text)
    )
}

async fn page(State(s): State<Arc<Inner>>, headers: axum::http::HeaderMap, uri: Uri) -> Response {
    // the address as the checker asked for it: the host it named (127.0.0.1 or localhost),
    // the path and the query
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let target = uri
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| uri.path().to_string());
    let db = s.db.clone();
    let answer = tokio::task::spawn_blocking(move || render(&db, &host, &target)).await;
    answer.unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

fn not_found() -> Response {
    html(
        StatusCode::NOT_FOUND,
        "<html><head><meta charset=\"utf-8\"></head><body><h1>404 页面不存在</h1></body></html>"
            .into(),
    )
}

/// An article: the rebuttal as the police published it (`/wechat/…/a/1`), an account's
/// repost of a push's rebuttal (`/a/r<push>?by=<account>`) or one of its usual posts
/// (`/a/u<n>?by=<account>`).
fn article_page(db: &Db, target: &str) -> Response {
    if target == DEMO_REBUTTAL_PATH {
        return html(
            StatusCode::OK,
            article(
                piyao_core::demo::DEMO_REBUTTAL,
                piyao_core::demo::DEMO_REBUTTAL_TEXT,
                "平安云川",
            ),
        );
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let by = query
        .strip_prefix("by=")
        .and_then(|id| id.parse::<i64>().ok())
        .and_then(|id| db.get_account(id).ok())
        .map(|a| a.name)
        .unwrap_or_else(|| "云川区".into());
    let Some(which) = path.strip_prefix("/a/") else {
        return not_found();
    };
    if let Some(push) = which.strip_prefix('r').and_then(|n| n.parse::<i64>().ok()) {
        return match db.push_subject(push) {
            Ok((rebuttal, _)) => html(
                StatusCode::OK,
                article(&rebuttal.title, &rebuttal.content, &by),
            ),
            Err(_) => not_found(),
        };
    }
    match which
        .strip_prefix('u')
        .and_then(|n| n.parse::<usize>().ok())
        .and_then(|n| USUAL.get(n))
    {
        Some((title, _)) => html(
            StatusCode::OK,
            article(title, &format!("{title}。详情请关注{by}。"), &by),
        ),
        None => not_found(),
    }
}

fn render(db: &Db, host: &str, target: &str) -> Response {
    let now = OffsetDateTime::now_utc();
    let base = format!("http://{host}");
    if target == DEMO_REBUTTAL_PATH || target.starts_with("/a/") {
        return article_page(db, target);
    }
    let Some(view) = db.demo_view(&format!("{base}{target}")).ok().flatten() else {
        return not_found();
    };
    let Some(posts) = posts(&view, &base, now) else {
        return html(
            StatusCode::FORBIDDEN,
            "<html><head><meta charset=\"utf-8\"><title>访问验证</title></head><body>\
             <p>当前访问疑似异常，请完成安全验证后继续访问。</p></body></html>"
                .into(),
        );
    };
    let path = target.split('?').next().unwrap_or_default();
    if path.starts_with("/weibo-api/") {
        return Json(weibo(&view.name, &posts)).into_response();
    }
    if path.starts_with("/wewe/") {
        return (
            [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
            atom(&view.name, &format!("{base}{target}"), &posts),
        )
            .into_response();
    }
    if path.starts_with("/rsshub/") {
        return (
            [(header::CONTENT_TYPE, "application/rss+xml; charset=utf-8")],
            feed(&view.name, &format!("{base}{target}"), &posts),
        )
            .into_response();
    }
    html(StatusCode::OK, list_page(&view.name, &posts))
}

/// A DingTalk-style robot: a message is taken when signed with the demo's secret.
async fn robot(
    State(s): State<Arc<Inner>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<serde_json::Value>,
) -> Json<serde_json::Value> {
    let ts = q.get("timestamp").cloned().unwrap_or_default();
    if q.get("sign") != Some(&dingtalk_sign(&ts, DEMO_BOT_SECRET)) {
        return Json(serde_json::json!({ "errcode": 310000, "errmsg": "sign not match" }));
    }
    let text = body["text"]["content"]
        .as_str()
        .or_else(|| body["markdown"]["text"].as_str())
        .unwrap_or_default()
        .to_string();
    s.received.lock().unwrap().push(DemoMessage {
        at: piyao_core::rules::push::fmt(OffsetDateTime::now_utc()),
        text,
    });
    Json(serde_json::json!({ "errcode": 0, "errmsg": "ok" }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_push_plays_out_in_minutes() {
        let at = |name: &str, tier, s| scene(name, tier, s);
        // the main force within the first minute
        for name in ["网信云川", "平安云川", "云川公安"] {
            assert_eq!(at(name, Tier::Main, 0), Scene::Usual, "{name}");
            assert_eq!(at(name, Tier::Main, 45), Scene::Reposted, "{name}");
        }
        // auxiliary within five minutes, but two late (after the eight-minute deadline)
        assert_eq!(at("白沙街道", Tier::Auxiliary, 300), Scene::Reposted);
        assert_eq!(at("云川住建", Tier::Auxiliary, 479), Scene::Usual);
        assert_eq!(at("云川住建", Tier::Auxiliary, 600), Scene::Reposted);
        // the allied force: the rumor, a wall, a repost deleted again
        assert_eq!(at("云川吃喝玩乐", Tier::Allied, 30), Scene::Rumor);
        assert_eq!(at("江湾同城", Tier::Allied, 5), Scene::Blocked);
        assert_eq!(at("云川车友会", Tier::Allied, 90), Scene::Reposted);
        assert_eq!(at("云川车友会", Tier::Allied, 200), Scene::Usual);
        assert_eq!(at("云川生活圈", Tier::Allied, 390), Scene::Reposted);
    }
}
