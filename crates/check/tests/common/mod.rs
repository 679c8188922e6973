//! A loopback "internet" for the checker's tests: account pages in every supported format,
//! and pages that misbehave. Everything listens on 127.0.0.1.

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, Response, StatusCode};
use axum::routing::get;
use axum::Router;

pub const REBUTTAL_TITLE: &str = "【辟谣】关于“吃荔枝后开车会被查出酒驾”的真实情况";
pub const REBUTTAL_TEXT: &str = "荔枝等水果在无氧呼吸过程中会产生微量乙醇和二氧化碳，但这仅限于果肉接触空气的部分。食用后口腔内短暂存在的乙醇浓度极低，且通过呼吸测试仪检测时需要连续吹气5秒以上，短暂接触不会影响检测结果。真正的酒驾检测以血液酒精浓度为标准（≥20mg/100ml），吃荔枝产生的乙醇量远达不到此标准。各地交警部门已多次进行实验验证，食用荔枝后立即吹气可能显示极低数值，但1-2分钟后即恢复正常。";
pub const RUMOR_TITLE: &str = "吃荔枝后开车会被查出酒驾";
pub const RUMOR_TEXT: &str = "紧急提醒！吃荔枝后开车会被查出酒驾，交警一查一个准，吃了三颗荔枝吹出来就是酒驾，罚款扣分还要拘留，家里有司机的赶紧告诉他们！";
pub const UNRELATED: &str =
    "云川区2026年秋季全民健身运动会圆满落幕，来自全区各镇街的一千余名运动员参加了比赛。";
pub const OTHER_REBUTTAL_TITLE: &str = "【辟谣】“喝藿香正气水开车算酒驾”？交警：正常服用不会";
pub const OTHER_REBUTTAL_TEXT: &str = "近日，网传喝藿香正气水后开车会被认定为酒驾。经核实，藿香正气水含有一定酒精，服用后立即驾车可能被检测出酒精，但按说明书剂量服用并稍作休息后不会构成酒驾。交警提醒，服用含酒精药物后请勿立即驾车。";

pub fn rebuttal_url(base: &str) -> String {
    format!("{base}/rebuttal/lychee")
}

pub fn html_list(rows: &[(&str, &str, &str)]) -> String {
    let lis: String = rows
        .iter()
        .map(|(href, title, date)| {
            format!("<li><a href=\"{href}\" title=\"\">{title}</a><span>{date}</span></li>\n")
        })
        .collect();
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>新闻动态 - 云川区人民政府</title></head><body>
        <div class=\"nav\"><a href=\"/\">首页</a><a href=\"/gk\">政务公开</a><a href=\"/hd\">互动交流</a></div>
        <div class=\"list\"><ul>{lis}</ul></div><div class=\"footer\">版权所有：云川区人民政府办公室</div></body></html>"
    )
}

pub fn article(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><meta property=\"og:title\" content=\"{title}\">
        <meta property=\"og:type\" content=\"article\"><title>{title}</title></head><body>
        <h1 class=\"rich_media_title\">{title}</h1><div id=\"js_content\"><p>{body}</p><p>来源：云川发布　责任编辑：周敏</p></div></body></html>"
    )
}

pub fn rss(items: &[(&str, &str, &str)]) -> String {
    let xs: String = items
        .iter()
        .map(|(title, link, text)| {
            format!("<item><title>{title}</title><link>{link}</link><pubDate>Sat, 21 Nov 2026 10:00:00 +0800</pubDate><description><![CDATA[<p>{text}</p>]]></description></item>")
        })
        .collect();
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>云川交通</title><link>http://127.0.0.1/</link><description>x</description>{xs}</channel></rss>")
}

pub fn weibo(posts: &[(&str, Option<&str>)]) -> String {
    let cards: Vec<serde_json::Value> = posts
        .iter()
        .enumerate()
        .map(|(i, (text, retweet))| {
            let mut mblog = serde_json::json!({
                "id": format!("50000000{i}"), "bid": format!("Pb{i}"), "created_at": "Sat Nov 21 10:00:00 +0800 2026",
                "text": text, "isLongText": false, "user": {"screen_name": "平安云川"}
            });
            if let Some(rt) = retweet {
                mblog["retweeted_status"] = serde_json::json!({
                    "id": "4999", "bid": "Orig", "text": rt, "user": {"screen_name": "云川发布"}
                });
            }
            serde_json::json!({"card_type": 9, "mblog": mblog})
        })
        .collect();
    serde_json::json!({"ok": 1, "data": {"cards": cards}}).to_string()
}

/// Rows of unrelated local news, enough to make any page larger than the pre-screen's
/// minimum (16 KB).
pub fn filler_rows(n: usize) -> Vec<(String, String, String)> {
    const TOPICS: [&str; 6] = [
        "安全生产",
        "消防检查",
        "冬季供暖",
        "垃圾分类",
        "道路改造",
        "社区服务",
    ];
    (0..n)
        .map(|i| {
            (
                format!("/news/{i}.html"),
                format!(
                    "云川区{}工作推进会召开（第{}期）",
                    TOPICS[i % TOPICS.len()],
                    i + 1
                ),
                format!("2026-10-{:02}", 1 + i % 28),
            )
        })
        .collect()
}

/// An HTML list page: `first` rows, then `n` rows of local news.
pub fn padded_list(first: &[(&str, &str, &str)], n: usize) -> String {
    let filler = filler_rows(n);
    let mut rows: Vec<(&str, &str, &str)> = first.to_vec();
    rows.extend(
        filler
            .iter()
            .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str())),
    );
    html_list(&rows)
}

/// Every non-ASCII character of JSON text as a `\uXXXX` escape (surrogate pairs beyond the
/// BMP), as some servers send it.
pub fn json_ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u16; 2];
            for u in c.encode_utf16(&mut buf) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        }
    }
    out
}

/// Every character as a numeric HTML character reference.
pub fn html_entities(s: &str) -> String {
    s.chars().map(|c| format!("&#x{:X};", c as u32)).collect()
}

/// A page with its content type, status and extra headers.
#[derive(Clone)]
pub struct Fixture {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub headers: Vec<(&'static str, String)>,
}

fn page(content_type: &'static str, body: impl Into<Vec<u8>>) -> Fixture {
    Fixture {
        status: 200,
        content_type,
        body: body.into(),
        headers: vec![],
    }
}

pub struct FixtureServer {
    pub base: String,
    pub hits: Arc<HashMap<&'static str, AtomicUsize>>,
}

#[derive(Clone)]
struct AppState {
    pages: Arc<HashMap<String, Fixture>>,
    hits: Arc<HashMap<&'static str, AtomicUsize>>,
    flaky: Arc<AtomicUsize>,
    limited: Arc<AtomicUsize>,
}

const COUNTED: [&str; 4] = ["flaky", "limited", "limited-long", "etag"];

/// Every page of the loopback internet, by path.
pub fn pages(base: &str) -> HashMap<String, Fixture> {
    let reb = rebuttal_url(base);
    let mut m = HashMap::new();
    let mut put = |path: &str, f: Fixture| {
        m.insert(path.to_string(), f);
    };
    put(
        "/rebuttal/lychee",
        page(
            "text/html; charset=utf-8",
            article(REBUTTAL_TITLE, REBUTTAL_TEXT),
        ),
    );
    // A government list whose entry shows only a truncated title: the article decides.
    put(
        "/gov/list",
        page(
            "text/html; charset=utf-8",
            html_list(&[
                (
                    "/gov/a/1.html",
                    "云川区召开2026年秋季安全生产工作会议",
                    "2026-11-20",
                ),
                (
                    "/gov/a/2.html",
                    "【辟谣】关于“吃荔枝后开车会被查出酒...",
                    "2026-11-21",
                ),
                (
                    "/gov/a/3.html",
                    "云川区开展冬季消防安全大检查",
                    "2026-11-19",
                ),
            ]),
        ),
    );
    put(
        "/gov/a/2.html",
        page(
            "text/html; charset=utf-8",
            article(REBUTTAL_TITLE, REBUTTAL_TEXT),
        ),
    );
    // The same truncated entry, but the article is gone.
    put(
        "/gov/list-deleted",
        page(
            "text/html; charset=utf-8",
            html_list(&[
                (
                    "/gov/a/9.html",
                    "【辟谣】关于“吃荔枝后开车会被查出酒...",
                    "2026-11-21",
                ),
                (
                    "/gov/a/1.html",
                    "云川区召开2026年秋季安全生产工作会议",
                    "2026-11-20",
                ),
            ]),
        ),
    );
    put(
        "/gov/a/9.html",
        page(
            "text/html; charset=utf-8",
            article("提示", "该内容已被发布者删除"),
        ),
    );
    put(
        "/gov/a/1.html",
        page(
            "text/html; charset=utf-8",
            article("云川区召开2026年秋季安全生产工作会议", UNRELATED),
        ),
    );
    // A GBK page that declares its charset only in <meta>.
    let gbk_html = format!(
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\"><title>转载</title></head><body>{}</body></html>",
        html_list(&[("/gbk/a.html", "转发：【辟谣】关于“吃荔枝后开车会被查出酒驾”的真实情况", "2026-11-21")])
    );
    put(
        "/gbk/list",
        page(
            "text/html",
            encoding_rs::GBK.encode(&gbk_html).0.into_owned(),
        ),
    );
    put(
        "/wechat/repost",
        page(
            "text/html; charset=utf-8",
            article(
                &format!("转载｜{REBUTTAL_TITLE}"),
                &format!("编者按：请广大市民不信谣、不传谣。{REBUTTAL_TEXT}"),
            ),
        ),
    );
    put("/wechat/link-only", page("text/html; charset=utf-8", format!(
        "<html><head><meta property=\"og:title\" content=\"转发\"><meta property=\"og:type\" content=\"article\"></head><body><div id=\"js_content\"><p>请大家转发扩散</p><a href=\"{reb}\">阅读原文</a></div></body></html>")));
    put(
        "/feed.xml",
        page(
            "application/rss+xml; charset=utf-8",
            rss(&[
                (
                    "云川交通：冬季出行提示",
                    "http://127.0.0.1/t/1",
                    "雨雪天气请减速慢行。",
                ),
                (
                    &format!("#云川辟谣# {REBUTTAL_TITLE}"),
                    "http://127.0.0.1/t/2",
                    REBUTTAL_TEXT,
                ),
            ]),
        ),
    );
    put(
        "/weibo.json",
        page(
            "application/json",
            weibo(&[
                ("今天天气不错，注意防晒。", None),
                (
                    "转发微博 //@云川发布:【辟谣】吃荔枝后开车会被查出酒驾？真相来了",
                    Some(&format!("{REBUTTAL_TITLE}<br>{REBUTTAL_TEXT}")),
                ),
            ]),
        ),
    );
    put(
        "/weibo-rumor.json",
        page(
            "application/json",
            weibo(&[(&format!("速看！{RUMOR_TEXT} 转发扩散！"), None)]),
        ),
    );
    put(
        "/other-rebuttal",
        page(
            "text/html; charset=utf-8",
            article(OTHER_REBUTTAL_TITLE, OTHER_REBUTTAL_TEXT),
        ),
    );
    put(
        "/unrelated",
        page(
            "text/html; charset=utf-8",
            html_list(&[
                (
                    "/u/1.html",
                    "云川区2026年秋季全民健身运动会圆满落幕",
                    "2026-11-20",
                ),
                (
                    "/u/2.html",
                    "云川区开展冬季消防安全大检查工作部署",
                    "2026-11-19",
                ),
            ]),
        ),
    );
    // Large pages (over the pre-screen's 16 KB): nothing on the first; a repost on the others
    // that only an escape, an entity, a wrapped link or a followed entry shows.
    put(
        "/big/unrelated",
        page("text/html; charset=utf-8", padded_list(&[], 300)),
    );
    let filler_posts: Vec<String> = filler_rows(120)
        .into_iter()
        .map(|(_, t, d)| format!("{t} {d}"))
        .collect();
    let mut posts: Vec<(&str, Option<&str>)> =
        filler_posts.iter().map(|t| (t.as_str(), None)).collect();
    let retweet = format!("{REBUTTAL_TITLE}<br>{REBUTTAL_TEXT}");
    posts.insert(40, ("转发微博", Some(&retweet)));
    put(
        "/big/weibo-escaped.json",
        page("application/json", json_ascii(&weibo(&posts))),
    );
    let escaped_title = html_entities(&format!("转发：{REBUTTAL_TITLE}"));
    put(
        "/big/entities",
        page(
            "text/html; charset=utf-8",
            padded_list(&[("/e/1.html", &escaped_title, "2026-11-21")], 300),
        ),
    );
    let wrapped: String = url_encode(&reb);
    let link_post =
        format!("请大家看看 <a href=\"https://weibo.cn/sinaurl?u={wrapped}\">网页链接</a>");
    let mut posts: Vec<(&str, Option<&str>)> =
        filler_posts.iter().map(|t| (t.as_str(), None)).collect();
    posts.insert(60, (&link_post, None));
    put(
        "/big/weibo-link.json",
        page("application/json", weibo(&posts)),
    );
    put(
        "/big/truncated",
        page(
            "text/html; charset=utf-8",
            padded_list(
                &[(
                    "/gov/a/2.html",
                    "【辟谣】关于“吃荔枝后开车会被查出酒...",
                    "2026-11-21",
                )],
                300,
            ),
        ),
    );
    let script = format!(
        "<script>var cfg = {{{}}};</script>",
        (0..2500)
            .map(|i| format!("\"k{i}\": {i}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    put("/big/wall", page("text/html; charset=utf-8", format!(
        "<html><head><title>安全验证</title>{script}</head><body><div id=\"nc_1_wrapper\"></div><p>请完成安全验证后继续访问。</p></body></html>")));
    // A WeChat account's history page: articles only in `msgList` (a multi-article push
    // nested), a verified-account badge, scripts.
    let history = format!(
        "<html><head><title>云川发布</title><script>{}</script></head><body><div class=\"profile_info\"><strong class=\"profile_nickname\">云川发布</strong><i class=\"icon_verify success\"></i><p class=\"profile_desc\">云川区委宣传部官方公众号</p></div><div id=\"history\"></div><script>var msgList = {{\"list\":[{{\"app_msg_ext_info\":{{\"title\":\"今日云川\",\"digest\":\"\",\"content_url\":\"/s?timestamp=1&amp;src=3&amp;signature=a\",\"source_url\":\"\",\"multi_app_msg_item_list\":[{{\"title\":\"{}\",\"digest\":\"\",\"content_url\":\"/s?timestamp=2&amp;src=3&amp;signature=b\",\"source_url\":\"{}\"}}]}},\"comm_msg_info\":{{\"datetime\":1795140000}}}}]}};</script></body></html>",
        "var a = 1;".repeat(2000),
        REBUTTAL_TITLE.replace('"', "\\\""),
        rebuttal_url(base)
    );
    put("/wechat/history", page("text/html; charset=utf-8", history));
    // An expired WeChat article.
    put("/wechat/expired", page("text/html; charset=utf-8",
        "<html><head><title></title></head><body><div class=\"weui-msg\"><div class=\"weui-msg__text-area\"><h2 class=\"weui-msg__title\">链接已过期</h2></div></div></body></html>"));
    // weibo.com's profile: a shell of scripts, nothing to read until a browser runs them.
    let config = "$CONFIG['x'] = 'y';".repeat(2000);
    put("/weibo-shell", page("text/html; charset=utf-8", format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>平安云川的微博_微博</title><script>window.$CONFIG = {{}};{config}</script></head><body><div id=\"app\"></div><script src=\"//h5.sinaimg.cn/m/weibo-pro/js/app.js\"></script></body></html>")));
    // A login page without any known wall words.
    put("/login-page", page("text/html; charset=utf-8",
        "<html><head><title>统一身份认证平台</title></head><body><form action=\"/auth\"><label>账号</label><input name=\"u\"><label>密码</label><input type=\"password\" name=\"p\"><button>进入</button></form></body></html>"));
    // A list fragment fetched by a page's script (no <html>, no <body>).
    put("/ajax-list", page("text/html; charset=utf-8", format!(
        "<li><a href=\"/a/1.html\">云川区召开冬季安全生产工作会议</a><span>2026-11-19</span></li><li><a href=\"/a/2.html\">转发：{REBUTTAL_TITLE}</a><span>2026-11-21</span></li><li><a href=\"/a/3.html\">城东街道开展消防安全大检查</a><span>2026-11-18</span></li>")));
    put("/captcha", page("text/html; charset=utf-8",
        "<html><head><title>安全验证</title></head><body><div>系统检测到您的网络环境异常，请完成验证码验证后继续访问。</div><form><input name=\"captcha\"></form></body></html>"));
    put(
        "/forbidden",
        Fixture {
            status: 403,
            ..page("text/html", "forbidden")
        },
    );
    put(
        "/missing",
        Fixture {
            status: 404,
            ..page("text/html", "not found")
        },
    );
    // A huge page: a repost near the top and megabytes of padding after it.
    let mut huge = format!("<html><head><meta charset=\"utf-8\"></head><body><div id=\"js_content\"><h1>{REBUTTAL_TITLE}</h1><p>{REBUTTAL_TEXT}</p>");
    while huge.len() < 12 * 1024 * 1024 {
        huge.push_str("<p>云川区各项工作有序推进。</p>");
    }
    put("/huge", page("text/html; charset=utf-8", huge));
    // A compression bomb: 64 MB of zeros in a few kilobytes of gzip.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![b' '; 1024 * 1024];
    for _ in 0..64 {
        gz.write_all(&zeros).unwrap();
    }
    let bomb = gz.finish().unwrap();
    put(
        "/bomb",
        Fixture {
            status: 200,
            content_type: "text/html",
            body: bomb,
            headers: vec![("content-encoding", "gzip".into())],
        },
    );
    put(
        "/redirect-loop",
        Fixture {
            status: 302,
            content_type: "text/html",
            body: vec![],
            headers: vec![("location", "/redirect-loop".into())],
        },
    );
    m
}

/// Percent-encoding of everything but unreserved characters.
pub fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn serve(
    State(s): State<AppState>,
    Path(path): Path<String>,
    headers: HeaderMap,
) -> Response<Body> {
    let path = format!("/{path}");
    let name = path.trim_start_matches('/');
    if let Some(c) = s.hits.get(name) {
        c.fetch_add(1, Ordering::SeqCst);
    }
    match name {
        // Fails twice with 503, then serves the repost.
        "flaky" => {
            if s.flaky.fetch_add(1, Ordering::SeqCst) < 2 {
                return Response::builder()
                    .status(503)
                    .body(Body::from("busy"))
                    .unwrap();
            }
            return Response::builder()
                .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
                .body(Body::from(article(REBUTTAL_TITLE, REBUTTAL_TEXT)))
                .unwrap();
        }
        // 429 with a short Retry-After once, then the page.
        "limited" => {
            if s.limited.fetch_add(1, Ordering::SeqCst) < 1 {
                return Response::builder()
                    .status(429)
                    .header("retry-after", "1")
                    .body(Body::empty())
                    .unwrap();
            }
            return Response::builder()
                .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
                .body(Body::from(article(REBUTTAL_TITLE, REBUTTAL_TEXT)))
                .unwrap();
        }
        "limited-long" => {
            return Response::builder()
                .status(429)
                .header("retry-after", "3600")
                .body(Body::empty())
                .unwrap();
        }
        // Headers and the start of a list page, then one byte every 300 ms, forever.
        "trickle" => return trickle(LIST_HEAD.as_bytes().to_vec()),
        // The whole repost arrives, then the rest of the page trickles forever.
        "trickle-repost" => {
            let page = article(&format!("转载｜{REBUTTAL_TITLE}"), REBUTTAL_TEXT);
            let cut = page.find("</p>").unwrap() + 4;
            return trickle(page.as_bytes()[..cut].to_vec());
        }
        // The start of a list page, then the connection breaks.
        "broken" => {
            use futures::StreamExt;
            let body =
                futures::stream::iter([Ok(axum::body::Bytes::from_static(LIST_HEAD.as_bytes()))])
                    .chain(futures::stream::once(async {
                        // Long enough for the head to reach the client first.
                        tokio::time::sleep(Duration::from_millis(200)).await;
                        Err(std::io::Error::other("connection broken"))
                    }));
            return Response::builder()
                .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
                .body(Body::from_stream(body))
                .unwrap();
        }
        "slow" => {
            tokio::time::sleep(Duration::from_secs(30)).await;
            return Response::builder().body(Body::from("late")).unwrap();
        }
        "etag" => {
            if headers
                .get(header::IF_NONE_MATCH)
                .and_then(|v| v.to_str().ok())
                == Some("\"v1\"")
            {
                return Response::builder().status(304).body(Body::empty()).unwrap();
            }
            return Response::builder()
                .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
                .header(header::ETAG, "\"v1\"")
                .body(Body::from(html_list(&[(
                    "/u/1.html",
                    "云川区2026年秋季全民健身运动会圆满落幕",
                    "2026-11-20",
                )])))
                .unwrap();
        }
        _ => {}
    }
    let Some(f) = s.pages.get(&path) else {
        return Response::builder()
            .status(StatusCode::NOT_FOUND)
            .body(Body::from("not found"))
            .unwrap();
    };
    let mut b = Response::builder()
        .status(f.status)
        .header(header::CONTENT_TYPE, f.content_type);
    for (k, v) in &f.headers {
        b = b.header(*k, v);
    }
    b.body(Body::from(f.body.clone())).unwrap()
}

/// The start of a list page, as a server sends it before stalling or breaking.
pub const LIST_HEAD: &str = "<!doctype html><html><head><meta charset=\"utf-8\"><title>新闻动态</title></head><body><ul class=\"list\">";

/// `first` at once, then one space every 300 ms, forever.
fn trickle(first: Vec<u8>) -> Response<Body> {
    use futures::StreamExt;
    let rest = futures::stream::unfold((), |()| async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        Some((
            Ok::<_, std::io::Error>(axum::body::Bytes::from_static(b" ")),
            (),
        ))
    });
    let body = futures::stream::once(async move { Ok(axum::body::Bytes::from(first)) }).chain(rest);
    Response::builder()
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .body(Body::from_stream(body))
        .unwrap()
}

impl FixtureServer {
    pub async fn start() -> FixtureServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr: SocketAddr = listener.local_addr().unwrap();
        let base = format!("http://{addr}");
        let hits: HashMap<&'static str, AtomicUsize> =
            COUNTED.iter().map(|k| (*k, AtomicUsize::new(0))).collect();
        let state = AppState {
            pages: Arc::new(pages(&base)),
            hits: Arc::new(hits),
            flaky: Arc::new(AtomicUsize::new(0)),
            limited: Arc::new(AtomicUsize::new(0)),
        };
        let hits = state.hits.clone();
        let app = Router::new()
            .route("/{*path}", get(serve))
            .with_state(state);
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        FixtureServer { base, hits }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn hits(&self, name: &str) -> usize {
        self.hits[name].load(Ordering::SeqCst)
    }
}

/// A port that accepts connections and drops them at once (a reset).
pub async fn resetting_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            if let Ok((sock, _)) = listener.accept().await {
                // Closing with the request unread makes the kernel answer with a reset.
                tokio::time::sleep(Duration::from_millis(5)).await;
                drop(sock);
            }
        }
    });
    format!("http://{addr}/")
}
