//! Page text to the account's items (RSS/Atom, Weibo JSON, JSON by path, HTML list pages,
//! HTML article pages) and the page's state (normal, blocked by a captcha, item deleted).
//!
//! [`extract`] never panics and its cost is linear in the input: inputs are cut to
//! [`MAX_INPUT_BYTES`] (HTML to 3 MB) before parsing, HTML goes through a pre-pass that
//! bounds nesting depth, attributes and tags, JSON nested deeper than serde_json's limit
//! yields an empty page, and at most [`MAX_ITEMS`] items of at most [`MAX_TEXT_CHARS`]
//! characters come out.

mod article;
pub mod dates;
mod feed;
mod html;
mod html_list;
mod json;
mod sanitize;
mod script;
mod signals;
mod weibo;

use serde::{Deserialize, Serialize};
use url::Url;

use crate::item::Item;

pub use weibo::RETWEET_SEPARATOR;

// What the pre-screen (`crate::screen`) must know of the extractors.
pub(crate) use article::BODY_SELECTORS;
pub(crate) use feed::looks_like_feed;
pub(crate) use signals::{BLOCKED, DELETED};

/// Items per page, at most.
pub const MAX_ITEMS: usize = 200;
/// Characters of text per item, at most.
pub const MAX_TEXT_CHARS: usize = 20_000;
/// Characters of a title, at most.
pub const MAX_TITLE_CHARS: usize = 1_000;
/// Links per item, at most.
pub const MAX_LINKS: usize = 100;
/// A page with nothing else is read as an article when its body has at least this many
/// characters, or a headline the page title repeats (a form's labels, a page title alone, are
/// no post).
const MIN_BODY_CHARS: usize = 20;
/// Bytes of input looked at, at most (the rest is ignored).
pub const MAX_INPUT_BYTES: usize = 4 * 1024 * 1024;

/// How an account's page is to be read (stored with the account; `Auto` guesses).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Format {
    Auto,
    Feed,
    WeiboJson,
    Json(JsonSpec),
    HtmlList,
    Article,
}

/// Where the items are in a JSON answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonSpec {
    /// JSONPath (RFC 9535) selecting the item objects, e.g. `$.data.list[*]`.
    pub items: String,
    /// Field name or dotted path inside an item.
    pub title: String,
    pub link: Option<String>,
    pub date: Option<String>,
    pub text: Option<String>,
}

/// What the page turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PageKind {
    Feed,
    WeiboJson,
    Json,
    HtmlList,
    Article,
    /// A list held only in the page's scripts (a WeChat history page's `msgList`, JSON state).
    ScriptList,
}

/// Whether the page shows the account's content at all.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum PageState {
    Normal,
    /// A captcha, anti-bot or login wall; `reason` is short Chinese for the coordinator.
    Blocked {
        reason: String,
    },
    /// The item was removed (or the page does not exist).
    Deleted {
        reason: String,
    },
    /// Nothing could be read from the page: a script-only shell, a login page, an empty body,
    /// a content type the checker cannot read, no items. `reason` is short Chinese.
    Unreadable {
        reason: String,
    },
}

/// One fetched page, read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page {
    pub kind: PageKind,
    pub state: PageState,
    /// Empty unless `state` is `Normal`.
    pub items: Vec<Item>,
}

/// Read a page. Never panics, whatever the input; time linear in the input; at most
/// [`MAX_ITEMS`] items, each with at most [`MAX_TEXT_CHARS`] characters of text.
pub fn extract(text: &str, content_type: Option<&str>, page_url: &Url, format: &Format) -> Page {
    let run = std::panic::AssertUnwindSafe(|| extract_inner(text, content_type, page_url, format));
    match std::panic::catch_unwind(run) {
        Ok(page) => page,
        // A bug in a parser must not take the sweep down; the page could not be read.
        Err(_) => Page {
            kind: kind_of(format, text),
            state: PageState::Unreadable {
                reason: "页面内容无法解析".into(),
            },
            items: Vec::new(),
        },
    }
}

fn kind_of(format: &Format, text: &str) -> PageKind {
    match format {
        Format::Feed => PageKind::Feed,
        Format::WeiboJson => PageKind::WeiboJson,
        Format::Json(_) => PageKind::Json,
        Format::HtmlList => PageKind::HtmlList,
        Format::Article => PageKind::Article,
        Format::Auto => {
            let t = text.trim_start();
            if t.starts_with('{') || t.starts_with('[') {
                PageKind::Json
            } else {
                PageKind::HtmlList
            }
        }
    }
}

fn extract_inner(text: &str, content_type: Option<&str>, page_url: &Url, format: &Format) -> Page {
    let text = html::cut(text, MAX_INPUT_BYTES);
    let text = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    if let Some(reason) = signals::unsupported_type(&ct) {
        return page(
            kind_of(format, text),
            PageState::Unreadable { reason },
            Vec::new(),
        );
    }
    let page = match format {
        Format::Auto => auto(text, &ct, page_url),
        Format::Feed => match feed::extract(text, page_url) {
            Some(items) => page(PageKind::Feed, PageState::Normal, items),
            None => not_parsed(PageKind::Feed, text),
        },
        Format::WeiboJson => {
            weibo_page(text).unwrap_or_else(|| not_parsed(PageKind::WeiboJson, text))
        }
        Format::Json(spec) => match json::parse(text) {
            Some(v) => page(
                PageKind::Json,
                signals::json_state(&v),
                json::extract_spec(&v, spec, page_url),
            ),
            None => not_parsed(PageKind::Json, text),
        },
        Format::HtmlList => {
            let doc = html::parse_document(text);
            let items = html_list::extract(&doc, page_url);
            html_page(PageKind::HtmlList, &doc, text, items)
        }
        Format::Article => {
            let doc = html::parse_document(text);
            let items = article_items(article::extract(&doc, text, page_url));
            html_page(PageKind::Article, &doc, text, items)
        }
    };
    finish(page, text)
}

fn page(kind: PageKind, state: PageState, items: Vec<Item>) -> Page {
    Page { kind, state, items }
}

fn html_page(kind: PageKind, doc: &scraper::Html, raw: &str, items: Vec<Item>) -> Page {
    let state = signals::html_state(doc, raw, items.len());
    page(kind, state, items)
}

fn article_items(item: Item) -> Vec<Item> {
    if item.title.is_empty() && item.text.is_empty() {
        Vec::new()
    } else {
        vec![item]
    }
}

/// Weibo JSON, or a status page carrying its JSON in `$render_data`.
fn weibo_page(text: &str) -> Option<Page> {
    let v = json::parse(text).or_else(|| weibo::render_data(text))?;
    let state = signals::json_state(&v);
    Some(page(PageKind::WeiboJson, state, weibo::extract(&v)))
}

/// The body is not in the expected format: a wall or an error page, most likely.
fn not_parsed(kind: PageKind, text: &str) -> Page {
    let t = text.trim_start();
    if t.starts_with('{') || t.starts_with('[') {
        let state = json::parse(t)
            .map(|v| signals::json_state(&v))
            .unwrap_or(PageState::Normal);
        return page(kind, state, Vec::new());
    }
    let doc = html::parse_document(text);
    let mut state = signals::html_state(&doc, text, 0);
    if state == PageState::Normal && matches!(kind, PageKind::WeiboJson | PageKind::Json) {
        // JSON was expected and a page came: a login page (passport.weibo.cn) is a wall.
        let title = html::title_text(&doc).to_lowercase();
        if title.contains("登录") || title.contains("login") || text.contains("passport.weibo") {
            state = PageState::Blocked {
                reason: "需要登录".into(),
            };
        }
    }
    page(kind, state, Vec::new())
}

fn auto(text: &str, ct: &str, page_url: &Url) -> Page {
    let json_like = text.starts_with('{') || text.starts_with('[');
    if json_like || ct.contains("json") || ct.contains("javascript") {
        if let Some(v) = json::parse(text) {
            let state = signals::json_state(&v);
            if weibo::is_weibo(&v) {
                return page(PageKind::WeiboJson, state, weibo::extract(&v));
            }
            let items = json::extract_auto(&v, page_url).unwrap_or_default();
            return page(PageKind::Json, state, items);
        }
        if json_like {
            // Broken, truncated or too deeply nested JSON.
            return page(PageKind::Json, PageState::Normal, Vec::new());
        }
    }
    if feed::looks_like_feed(text)
        || ct.contains("rss")
        || ct.contains("atom")
        || ct.contains("xml")
    {
        if let Some(items) = feed::extract(text, page_url) {
            return page(PageKind::Feed, PageState::Normal, items);
        }
    }
    if text.contains("$render_data") {
        if let Some(p) = weibo_page(text) {
            if !p.items.is_empty() {
                return p;
            }
        }
    }
    let doc = html::parse_document(text);
    if text.contains("msgList") {
        if let Some(items) = script::wechat_msg_list(text, page_url).filter(|i| !i.is_empty()) {
            return html_page(PageKind::ScriptList, &doc, text, items);
        }
    }
    // The body first; the rest of the article (title, date, links) only for an article.
    let a = article::probe(&doc, text, page_url);
    let has_article =
        |a: &article::Probe| a.body_chars > 0 || !article::title_only(&doc, text, a).is_empty();
    let as_article = |a: article::Probe| {
        let item = article::finish(&doc, text, page_url, a);
        html_page(PageKind::Article, &doc, text, article_items(item))
    };
    if article::strong_cues(&doc, text) && has_article(&a) {
        return as_article(a);
    }
    let list = html_list::extract(&doc, page_url);
    let hint = url_hint(page_url);
    let list_chars: usize = list
        .iter()
        .map(|i| i.title.chars().count() + i.text.chars().count())
        .sum();
    let body = a.body_chars as f64;
    // A page that names itself twice (its <title> and a headline) and has a body of text is
    // an article, whatever lists of links sit beside it — unless it is a column of dated
    // entries whose intro text is shorter than the entries. (Asked only when it matters.)
    let named_cell = std::cell::OnceCell::new();
    let named =
        || *named_cell.get_or_init(|| article::headline(&doc, &html::title_text(&doc)).is_some());
    let dated = list.iter().filter(|i| i.date.is_some()).count();
    let column = list.len() >= 10
        && dated * 2 >= list.len()
        && body < list_chars as f64
        && !(a.specific && named());
    // A body in a container only articles use (its text may be one line and a link: a repost
    // by link) makes an article too, when the lists beside it do not outweigh it.
    let in_article_container =
        a.specific && (named() || body >= list_chars as f64 || list.len() < 10);
    let named_with_body = (body >= 100.0 || body >= list_chars as f64 || list.len() < 5)
        && a.link_density < 0.5
        && named();
    if (in_article_container || named_with_body) && !column {
        return as_article(a);
    }
    if list.len() >= 10 && hint != Some(true) {
        return html_page(PageKind::HtmlList, &doc, text, list);
    }
    let is_article = (body >= 150.0 && a.link_density < 0.5 && body > 1.5 * list_chars as f64)
        || (hint == Some(true) && body >= 100.0 && body > 0.5 * list_chars as f64)
        || (list.is_empty() && body >= 100.0 && hint != Some(false))
        // Nothing else on the page: a short article is still an article (a body is needed: a
        // page title alone is not a post).
        || (list.is_empty() && (a.body_chars >= MIN_BODY_CHARS || named()) && has_article(&a));
    if is_article {
        as_article(a)
    } else if list.is_empty() {
        // Nothing in the markup: the page may hold its list in a script.
        match script::json_in_scripts(text, page_url) {
            Some(items) => html_page(PageKind::ScriptList, &doc, text, items),
            None => html_page(PageKind::HtmlList, &doc, text, list),
        }
    } else {
        html_page(PageKind::HtmlList, &doc, text, list)
    }
}

/// What the URL says: `Some(true)` for an article address (`t20261118_123.html`,
/// `art_123.html`, `/detail/`, a WeChat `/s/` link), `Some(false)` for a column
/// (`index.html`, `list_2.html`, a path ending in `/`).
fn url_hint(url: &Url) -> Option<bool> {
    let path = url.path().to_ascii_lowercase();
    let last = path.rsplit('/').next().unwrap_or("");
    let host = url.host_str().unwrap_or("");
    if host == "mp.weixin.qq.com" && (path.starts_with("/s") || path.contains("appmsg")) {
        return Some(true);
    }
    let digits_run = |s: &str| s.bytes().filter(u8::is_ascii_digit).count();
    if (last.starts_with('t') && last.contains('_') && digits_run(last) >= 9)
        || last.starts_with("art_")
        || last.starts_with("content_")
        || last.starts_with("detail")
        || path.contains("/detail/")
        || path.contains("/article/")
        || path.contains("/content/") && digits_run(last) >= 4
    {
        return Some(true);
    }
    if last.is_empty()
        || last.starts_with("index")
        || last.starts_with("list")
        || path.contains("/col/")
        || path.contains("/list/")
    {
        return Some(false);
    }
    None
}

/// Caps, no items on a blocked, deleted or unreadable page, and a normal page without items
/// is unreadable (with why): "not found" needs items read.
fn finish(mut page: Page, text: &str) -> Page {
    if page.state != PageState::Normal {
        page.items.clear();
    } else if page.items.is_empty() {
        page.state = PageState::Unreadable {
            reason: signals::why_unreadable(text, page.kind),
        };
    }
    page.items.truncate(MAX_ITEMS);
    for it in &mut page.items {
        if it.title.chars().count() > MAX_TITLE_CHARS {
            it.title = html::truncate_chars(&it.title, MAX_TITLE_CHARS);
        }
        if it.text.chars().count() > MAX_TEXT_CHARS {
            it.text = html::truncate_chars(&it.text, MAX_TEXT_CHARS);
            it.truncated = true;
        }
        let mut seen: Vec<String> = Vec::new();
        it.links.retain(|l| {
            if seen.contains(l) || seen.len() >= MAX_LINKS {
                false
            } else {
                seen.push(l.clone());
                true
            }
        });
    }
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn format_serde_shape() {
        let f = Format::Json(JsonSpec {
            items: "$.data[*]".into(),
            title: "title".into(),
            link: Some("article_url".into()),
            date: None,
            text: None,
        });
        let s = serde_json::to_string(&f).unwrap();
        assert!(
            s.starts_with(r#"{"kind":"json","items":"$.data[*]""#),
            "{s}"
        );
        assert_eq!(serde_json::from_str::<Format>(&s).unwrap(), f);
        assert_eq!(
            serde_json::to_string(&Format::WeiboJson).unwrap(),
            r#"{"kind":"weibo_json"}"#
        );
        let p = Page {
            kind: PageKind::HtmlList,
            state: PageState::Blocked {
                reason: "验证码页面".into(),
            },
            items: vec![],
        };
        assert_eq!(
            serde_json::to_string(&p).unwrap(),
            r#"{"kind":"html_list","state":{"state":"blocked","reason":"验证码页面"},"items":[]}"#
        );
    }

    #[test]
    fn url_hints() {
        assert_eq!(
            url_hint(&url(
                "http://www.yunchuan.gov.cn/xxgk/pyzl/202611/t20261118_123.html"
            )),
            Some(true)
        );
        assert_eq!(
            url_hint(&url("https://mp.weixin.qq.com/s/AbCdEf")),
            Some(true)
        );
        assert_eq!(
            url_hint(&url("http://www.yunchuan.gov.cn/xxgk/pyzl/index.html")),
            Some(false)
        );
        assert_eq!(
            url_hint(&url("http://www.yunchuan.gov.cn/xxgk/pyzl/")),
            Some(false)
        );
        assert_eq!(url_hint(&url("http://www.yunchuan.gov.cn/a.html")), None);
    }

    #[test]
    fn empty_and_garbage_inputs() {
        let u = url("http://x.cn/");
        for f in [
            Format::Auto,
            Format::Feed,
            Format::WeiboJson,
            Format::HtmlList,
            Format::Article,
        ] {
            for t in ["", " ", "{", "[]", "null", "<", "<rss", "\u{feff}", "💥"] {
                let p = extract(t, None, &u, &f);
                assert!(p.items.is_empty(), "{f:?} {t:?} {p:?}");
            }
        }
    }

    #[test]
    fn blocked_pages_have_no_items() {
        let u = url("http://www.yunchuan.gov.cn/");
        let html = "<html><head><title>安全验证</title></head><body><a href='/a.html'>关于网传云川区自来水受污染的情况说明</a></body></html>";
        let p = extract(html, Some("text/html"), &u, &Format::HtmlList);
        assert!(matches!(p.state, PageState::Blocked { .. }));
        assert!(p.items.is_empty());
        let p = extract(
            "<html><head><title>登录 - 新浪微博</title></head><body></body></html>",
            None,
            &u,
            &Format::WeiboJson,
        );
        assert_eq!(
            p.state,
            PageState::Blocked {
                reason: "需要登录".into()
            }
        );
    }
}
