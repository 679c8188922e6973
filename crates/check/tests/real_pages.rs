//! The checker on pages that real sites produced.
//!
//! `tests/real/pages/` holds saved pages of government and news portals, WeChat and
//! self-media articles, Toutiao articles (body repeated in a script variable), portal and
//! forum lists, Weibo's mobile JSON and old GB2312 feeds (RSS 0.92, RSS 1.0/RDF, RSS 2.0,
//! Atom), taken from other projects' published test data (`tests/real/SOURCES.tsv` names the
//! package, the path in it and the licence of every file; the licences are beside it).
//!
//! For every page and a few references (real rebuttals and the rumors they answer, from
//! `tests/data/`), the test serves on 127.0.0.1 the page untouched and the page with one item
//! planted the way that page holds its items (`tests/real/manifest.json` says where: the
//! article's title and body container, a list entry to clone, a feed item, a Weibo card):
//! the rebuttal (whole, truncated with its article behind the link, only a link to it, or
//! retitled "网上这条消息不实" with the text on the detail page), the rumor (as is, and with
//! doubt added in rebuttal words), another rebuttal of the same subject, and another rumor of
//! the same subject. Every case goes through the real checker (fetch, decode, pre-screen,
//! extraction, matching, following entries to their pages) and is compared with the verdict
//! it should get.
//!
//! Reported per page kind: precision and recall of `reposted`, the share of rumor reposts
//! flagged, accounts flagged for a different rumor, and normal pages judged a wall
//! (`blocked`, `deleted`, `unreadable`). Floors are asserted.
//!
//! Run: `cargo test -p piyao-check --test real_pages -- --nocapture`

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, Response, StatusCode};
use axum::routing::get;
use axum::Router;
use piyao_check::fetch::{FetchConfig, Fetcher};
use piyao_check::sweep::{sweep, Checker};
use piyao_check::text::normalize;
use piyao_check::Reference;
use piyao_core::model::{Platform, Tier, Verdict};
use piyao_core::store::CheckTask;
use serde::Deserialize;

mod refs;
use refs::{load_curated, load_health, Entry};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/real");
/// The rebuttal's publication date; planted items are dated the day after.
const PUBLISHED: &str = "2026-11-20T09:00:00+08:00";
/// References per page (rotating over the data, so that pages meet different texts).
const REFS_PER_PAGE: usize = 3;

// ---------------------------------------------------------------- the manifest

#[derive(Deserialize)]
struct Spec {
    file: String,
    #[serde(default)]
    charset: Option<String>,
    #[serde(default)]
    content_type: Option<String>,
    #[serde(default)]
    plant: Option<Plant>,
    /// The verdict of the page as saved, when it is not `not_found`.
    #[serde(default)]
    untouched: Option<String>,
}

#[derive(Deserialize, Clone)]
#[serde(tag = "how", rename_all = "snake_case")]
enum Plant {
    /// An article page: its title (every occurrence of these strings) and its body (the
    /// element that opens with this markup) are replaced; with `script_content`, the body
    /// repeated in a script variable (`content: '…'`, `\u003C`-escaped) too.
    Article {
        titles: Vec<String>,
        body: String,
        #[serde(default)]
        script_content: bool,
    },
    /// A list page: the `tag` element around `entry` is one entry; a copy of it with its
    /// title and link replaced is put before it.
    ListEntry {
        entry: String,
        tag: String,
        title: String,
        href: String,
    },
    /// A feed: a copy of its first item or entry.
    Feed,
    /// Weibo's container timeline: a copy of a post's card.
    WeiboTimeline,
    /// Weibo's long-text answer: its text.
    WeiboLongText,
}

impl Spec {
    fn kind(&self) -> &str {
        self.file.split('/').next().unwrap_or("")
    }
    fn gbk(&self) -> bool {
        self.charset.as_deref() == Some("gb18030")
    }
    fn text(&self) -> String {
        let bytes = std::fs::read(format!("{DIR}/pages/{}", self.file)).expect("page");
        if self.gbk() {
            encoding_rs::GB18030.decode(&bytes).0.into_owned()
        } else {
            String::from_utf8(bytes).expect("utf-8 page")
        }
    }
    fn encode(&self, text: &str) -> Vec<u8> {
        if self.gbk() {
            encoding_rs::GB18030.encode(text).0.into_owned()
        } else {
            text.as_bytes().to_vec()
        }
    }
    fn content_type(&self) -> String {
        self.content_type
            .clone()
            .unwrap_or_else(|| "text/html; charset=utf-8".into())
    }
}

// ---------------------------------------------------------------- what is planted

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Variant {
    Untouched,
    /// The rebuttal, whole.
    Repost,
    /// The rebuttal's title cut short ("…"), the article behind the link.
    Truncated,
    /// Only a link to the rebuttal.
    LinkOnly,
    /// Another title ("网上这条消息不实，大家别信"), the rebuttal on the detail page.
    Retitled,
    /// A native Weibo repost of the rebuttal.
    Retweet,
    Rumor,
    /// The rumor with doubt added in rebuttal words.
    Doubt,
    OtherRebuttal,
    /// Another rumor on the same subject.
    OtherRumor,
}

impl Variant {
    fn expected(self) -> &'static str {
        use Variant::*;
        match self {
            Untouched | OtherRebuttal | OtherRumor => "not_found",
            Repost | Truncated | LinkOnly | Retitled | Retweet => "reposted",
            Rumor | Doubt => "rumor_reposted",
        }
    }
}

/// A post to plant: title, text, where its link goes, and an optional detail page.
struct Post {
    title: String,
    text: String,
    /// Absolute link of the entry (a detail page on the loopback server, or the rebuttal).
    link: Option<String>,
    /// Only for Weibo: a native repost of this (title, text, url).
    retweet: Option<(String, String, String)>,
}

const DOUBT: &str = "有人说这是谣言，也有人说已经辟谣了，到底真的假的？";
const RETITLE: &str = "网上这条消息不实，大家别信";

/// Characters that would end an attribute, a JS string or a tag where the planted text lands.
fn safe(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '"' => '“',
            '\'' => '’',
            '<' => '〈',
            '>' => '〉',
            '&' => '＆',
            '\\' => '＼',
            '\n' | '\r' => ' ',
            c => c,
        })
        .collect()
}

fn paragraphs(text: &str) -> String {
    text.split_inclusive(['。', '！', '？'])
        .filter(|s| !s.trim().is_empty())
        .map(|s| format!("<p>{}</p>", safe(s)))
        .collect()
}

/// `\u003C`-escaped HTML, as Toutiao writes an article body into a script variable.
fn js_escaped(html: &str) -> String {
    html.replace('<', "\\u003C")
        .replace('>', "\\u003E")
        .replace('/', "\\u002F")
        .replace('"', "\\\"")
}

/// Byte range of the `tag` element whose start tag contains `marker`.
fn element(text: &str, marker: &str, tag: &str) -> (usize, usize) {
    let at = text.find(marker).expect("marker in page");
    let open = format!("<{tag}");
    let start = if text[at..].starts_with(&open) {
        at
    } else {
        text[..at].rfind(&open).expect("start tag")
    };
    let close = format!("</{tag}>");
    let mut depth = 0usize;
    let mut i = start;
    loop {
        let next_open = text[i..].find(&open).map(|p| p + i);
        let next_close = text[i..].find(&close).map(|p| p + i).expect("end tag");
        match next_open {
            Some(o) if o < next_close => {
                let after = text[o + open.len()..].chars().next().unwrap_or(' ');
                if after.is_whitespace() || after == '>' || after == '/' {
                    depth += 1;
                }
                i = o + open.len();
            }
            _ => {
                depth -= 1;
                i = next_close + close.len();
                if depth == 0 {
                    return (start, i);
                }
            }
        }
    }
}

/// The inner range of the element opening with `open_markup`.
fn inner(text: &str, open_markup: &str) -> (usize, usize) {
    let tag: String = open_markup[1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let (s, e) = element(text, open_markup, &tag);
    (s + open_markup.len(), e - tag.len() - 3)
}

fn plant(spec: &Spec, text: &str, post: &Post) -> String {
    match spec.plant.as_ref().expect("plantable page") {
        Plant::Article {
            titles,
            body,
            script_content,
        } => {
            let mut out = text.to_string();
            let mut html = paragraphs(&post.text);
            if let Some(link) = &post.link {
                html.push_str(&format!("<p>原文链接：<a href=\"{link}\">{link}</a></p>"));
            }
            if *script_content {
                if let Some(at) = out.find("articleInfo") {
                    let key = "content: '";
                    let s = out[at..].find(key).expect("articleInfo content") + at + key.len();
                    let e = out[s..].find("',").expect("end of content") + s;
                    out.replace_range(s..e, &format!("&quot;{}&quot;", js_escaped(&html)));
                }
            }
            let (s, e) = inner(&out, body);
            out.replace_range(s..e, &html);
            for t in titles {
                out = out.replace(t.as_str(), &safe(&post.title));
            }
            out
        }
        Plant::ListEntry {
            entry,
            tag,
            title,
            href,
        } => {
            let (s, e) = element(text, entry, tag);
            let copy = text[s..e]
                .replace(title.as_str(), &safe(&post.title))
                .replace(href.as_str(), post.link.as_deref().unwrap_or("#"));
            let mut out = text.to_string();
            out.insert_str(s, &copy);
            out
        }
        Plant::Feed => plant_feed(text, post),
        Plant::WeiboTimeline => plant_weibo(text, post),
        Plant::WeiboLongText => {
            let mut v: serde_json::Value = serde_json::from_str(text).expect("json");
            v["data"]["longTextContent"] = format!("{}<br />{}", post.title, post.text).into();
            serde_json::to_string_pretty(&v).unwrap()
        }
    }
}

fn plant_feed(text: &str, post: &Post) -> String {
    // `<item>` or `<item rdf:about=…>`, not RSS 1.0's `<items>`.
    let start_of = |name: &str| {
        text.match_indices(&format!("<{name}"))
            .map(|(i, _)| i)
            .find(|&i| matches!(text.as_bytes()[i + name.len() + 1], b' ' | b'>'))
    };
    let (s, close) = match start_of("item") {
        Some(s) => (s, "</item>"),
        None => (start_of("entry").expect("feed item"), "</entry>"),
    };
    let e = text[s..].find(close).expect("item end") + s + close.len();
    let mut copy = text[s..e].to_string();
    let set = |copy: &mut String, name: &str, value: &str| {
        let o = format!("<{name}");
        let c = format!("</{name}>");
        if let Some(a) = copy.find(&o) {
            if let Some(gt) = copy[a..].find('>') {
                let vs = a + gt + 1;
                if copy[a..vs].ends_with("/>") {
                    return;
                }
                if let Some(ve) = copy[vs..].find(&c) {
                    copy.replace_range(vs..vs + ve, value);
                }
            }
        }
    };
    // A feed is XML: its links have `&` escaped.
    let link = post
        .link
        .clone()
        .unwrap_or_else(|| "http://127.0.0.1/".into())
        .replace('&', "&amp;");
    set(&mut copy, "title", &safe(&post.title));
    let body = format!("<![CDATA[{}]]>", paragraphs(&post.text));
    for f in ["description", "content:encoded", "content", "summary"] {
        set(&mut copy, f, &body);
    }
    if copy.contains("<link>") {
        set(&mut copy, "link", &link);
    } else if let Some(a) = copy
        .match_indices("<link")
        .map(|(i, _)| i)
        .find(|&i| {
            copy[i..]
                .split('>')
                .next()
                .is_some_and(|t| t.contains("alternate"))
        })
        .or_else(|| copy.find("<link"))
    {
        // Atom: <link rel="alternate" href="…"/>
        if let Some(h) = copy[a..].find("href=\"") {
            let vs = a + h + 6;
            if let Some(ve) = copy[vs..].find('"') {
                copy.replace_range(vs..vs + ve, &link);
            }
        }
    }
    if let Some(a) = copy.find("rdf:about=\"") {
        let vs = a + 11;
        if let Some(ve) = copy[vs..].find('"') {
            copy.replace_range(vs..vs + ve, &link);
        }
    }
    for (f, v) in [
        ("pubDate", "Sat, 21 Nov 2026 10:00:00 +0800"),
        ("dc:date", "2026-11-21T10:00:00+08:00"),
        ("published", "2026-11-21T10:00:00+08:00"),
        ("updated", "2026-11-21T10:00:00+08:00"),
        ("issued", "2026-11-21T10:00:00+08:00"),
    ] {
        set(&mut copy, f, v);
    }
    let mut out = text.to_string();
    out.insert_str(s, &copy);
    out
}

fn plant_weibo(text: &str, post: &Post) -> String {
    let mut v: serde_json::Value = serde_json::from_str(text).expect("json");
    let cards = v["data"]["cards"].as_array_mut().expect("cards");
    let at = cards
        .iter()
        .position(|c| c["card_type"] == 9 && c["mblog"]["isTop"] != 1)
        .expect("a post");
    let mut card = cards[at].clone();
    let m = &mut card["mblog"];
    m["id"] = "5100000000000001".into();
    m["mid"] = "5100000000000001".into();
    m["bid"] = "Q1a2b3c4d".into();
    m["created_at"] = "Sat Nov 21 10:00:00 +0800 2026".into();
    m["isLongText"] = false.into();
    m["isTop"] = serde_json::Value::Null;
    if let Some(obj) = m.as_object_mut() {
        obj.remove("isTop");
        obj.remove("title");
        obj.remove("retweeted_status");
        obj.remove("page_info");
    }
    match &post.retweet {
        Some((t, x, url)) => {
            m["text"] = "转发微博".into();
            m["retweeted_status"] = serde_json::json!({
                "id": "5099999999999999", "bid": "Q0rebut01", "created_at": "Fri Nov 20 09:00:00 +0800 2026",
                "text": format!("【{t}】{x} <a href=\"{url}\">网页链接</a>"), "isLongText": false,
                "user": {"screen_name": "云川发布"}
            });
        }
        None => {
            m["text"] = format!("{}<br />{}", safe(&post.title), safe(&post.text)).into();
        }
    }
    cards.insert(at, card);
    serde_json::to_string_pretty(&v).unwrap()
}

// ---------------------------------------------------------------- references

struct Ref {
    reference: Reference,
    /// Another rebuttal of the same subject (title, text).
    other_rebuttal: (String, String),
    /// Another rumor of the same subject (title, text).
    other_rumor: (String, String),
}

fn bigram_dice(a: &str, b: &str) -> f32 {
    let sh = |s: &str| piyao_check::text::shingles(&normalize(s));
    piyao_check::text::dice(&sh(a), &sh(b))
}

/// References: curated entries (distinctive titles), health fact-checks (titles that state
/// the claim) and, for every third health one, a title that quotes the claim before the
/// verdict ("{claim}？官方辟谣：系谣言").
fn references() -> Vec<Ref> {
    let curated = load_curated();
    let health = load_health();
    let mut out = Vec::new();
    let pick_other = |list: &[Entry], i: usize, same: &dyn Fn(&Entry) -> bool| -> usize {
        // The most similar other entry of the same subject whose claim is another one.
        let me = &list[i];
        let mut best = (usize::MAX, -1.0f32);
        for (j, o) in list.iter().enumerate() {
            if j == i || !same(o) {
                continue;
            }
            let d = bigram_dice(&o.rumor_title, &me.rumor_title);
            if d < 0.8 && normalize(&o.rumor) != normalize(&me.rumor) && d > best.1 {
                best = (j, d);
            }
        }
        if best.0 == usize::MAX {
            (i + 1) % list.len()
        } else {
            best.0
        }
    };
    for (i, e) in curated.iter().enumerate() {
        let j = pick_other(&curated, i, &|o| o.category == e.category);
        let o = &curated[j];
        out.push(Ref {
            reference: reference_of(e, e.title.clone()),
            other_rebuttal: (o.title.clone(), o.rebuttal.clone()),
            other_rumor: (o.rumor_title.clone(), o.rumor.clone()),
        });
    }
    for (i, e) in health.iter().enumerate() {
        if !distinctive(&e.title, &e.rumor_title, &e.rumor) && i % 3 != 0 {
            continue;
        }
        let j = pick_other(&health, i, &|_| true);
        let o = &health[j];
        let title = if i % 3 == 0 {
            format!(
                "{}？官方辟谣：系谣言",
                e.rumor_title.trim_end_matches(['。', '！', '？'])
            )
        } else {
            e.title.clone()
        };
        out.push(Ref {
            reference: reference_of(e, title),
            other_rebuttal: (o.title.clone(), o.rebuttal.clone()),
            other_rumor: (o.rumor_title.clone(), o.rumor.clone()),
        });
    }
    // Interleave the two sources so that every page meets both kinds.
    let (a, b): (Vec<_>, Vec<_>) = out
        .into_iter()
        .enumerate()
        .partition(|(i, _)| *i < curated.len());
    let (mut a, mut b) = (a.into_iter().map(|x| x.1), b.into_iter().map(|x| x.1));
    let mut mixed = Vec::new();
    loop {
        match (b.next(), b.next(), a.next()) {
            (None, None, None) => break,
            (x, y, z) => mixed.extend([x, y, z].into_iter().flatten()),
        }
    }
    mixed
}

/// Whether a rebuttal's title says something of its own beyond the rumor's words (at least
/// three bigrams): a title that is only the claim ("尚无定论：X", "X") cannot tell its own list
/// entry from a post of the rumor, and the rumor variants would measure nothing.
fn distinctive(title: &str, rumor_title: &str, rumor: &str) -> bool {
    let t = piyao_check::text::shingles(&normalize(&piyao_check::text::strip_repost_decorations(
        title,
    )));
    let r: std::collections::HashSet<u64> = piyao_check::text::shingles(&normalize(rumor_title))
        .into_iter()
        .chain(piyao_check::text::shingles(&normalize(rumor)))
        .collect();
    t.iter().filter(|b| !r.contains(b)).count() >= 3
}

fn reference_of(e: &Entry, title: String) -> Reference {
    Reference {
        rebuttal_title: title,
        rebuttal_text: e.rebuttal.clone(),
        rebuttal_url: Some(e.url.clone()).filter(|u| u.starts_with("http")),
        rumor_title: e.rumor_title.clone(),
        rumor_text: e.rumor.clone(),
        rebuttal_published: Some(PUBLISHED.into()),
    }
}

// ---------------------------------------------------------------- the loopback internet

type Pages = Arc<Mutex<HashMap<String, (Vec<u8>, String)>>>;

async fn serve(State(pages): State<Pages>, Path(path): Path<String>) -> Response<Body> {
    match pages.lock().unwrap().get(&path) {
        Some((body, ct)) => Response::builder()
            .header(header::CONTENT_TYPE, ct.as_str())
            .body(Body::from(body.clone()))
            .unwrap(),
        None => Response::builder()
            .status(StatusCode::NOT_FOUND)
            .body(Body::from("not found"))
            .unwrap(),
    }
}

async fn start(pages: Pages) -> String {
    let app = Router::new()
        .route("/{*path}", get(serve))
        .with_state(pages);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

// ---------------------------------------------------------------- the measurement

struct Case {
    kind: String,
    file: String,
    variant: Variant,
    expected: String,
    reference: usize,
}

#[derive(Default)]
struct Tally {
    tp: usize,
    fp: usize,
    fn_: usize,
    rumor: usize,
    rumor_flagged: usize,
    other_rumor: usize,
    other_rumor_flagged: usize,
    normal: usize,
    walls: usize,
    cases: usize,
    wrong: usize,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_pages() {
    let specs: Vec<Spec> =
        serde_json::from_str(&std::fs::read_to_string(format!("{DIR}/manifest.json")).unwrap())
            .unwrap();
    let refs = references();
    let pages: Pages = Arc::default();
    let base = start(pages.clone()).await;
    // Detail pages are a real government article with the post planted.
    let detail_spec = specs
        .iter()
        .find(|s| s.file == "gov_article/shanxi.gov.cn-1.html")
        .unwrap();
    let detail_text = detail_spec.text();

    let mut cases: Vec<Case> = Vec::new();
    let mut tasks: BTreeMap<usize, Vec<CheckTask>> = BTreeMap::new();
    // PIYAO_REAL_DUMP=DIR writes every served page there, to open with `piyao match --file`.
    let dump = std::env::var_os("PIYAO_REAL_DUMP").map(std::path::PathBuf::from);
    // PIYAO_REAL_ONLY=TEXT keeps the cases whose "file variant" contains TEXT (floors off).
    let only = std::env::var("PIYAO_REAL_ONLY").ok();
    let mut add = |pages: &Pages, case: Case, body: Vec<u8>, ct: String| {
        if let Some(o) = &only {
            if !format!("{} {:?}", case.file, case.variant).contains(o.as_str()) {
                return;
            }
        }
        let n = cases.len();
        let path = format!("c{n}/{}", case.file.replace('/', "-"));
        if let Some(d) = &dump {
            let name = format!(
                "{n}-{:?}-r{}-{}",
                case.variant,
                case.reference,
                case.file.replace('/', "-")
            );
            std::fs::create_dir_all(d).unwrap();
            std::fs::write(d.join(name), &body).unwrap();
        }
        pages.lock().unwrap().insert(path.clone(), (body, ct));
        tasks.entry(case.reference).or_default().push(CheckTask {
            push_id: 1,
            account_id: n as i64,
            account: format!("账号{n}"),
            platform: Platform::Website,
            tier: Tier::Main,
            watch_url: Some(format!("{base}/{path}")),
            people: None,
            verdict: None,
            evidence: None,
            etag: None,
            last_modified: None,
            content_hash: None,
        });
        cases.push(case);
    };
    let mut detail_n = 0usize;
    for (pi, spec) in specs.iter().enumerate() {
        let text = spec.text();
        let kind = spec.kind().to_string();
        for k in 0..REFS_PER_PAGE {
            let ri = (pi * 7 + k * 131) % refs.len();
            let r = &refs[ri];
            let rf = &r.reference;
            // The page as saved, once per page.
            if k == 0 {
                add(
                    &pages,
                    Case {
                        kind: kind.clone(),
                        file: spec.file.clone(),
                        variant: Variant::Untouched,
                        expected: spec.untouched.clone().unwrap_or("not_found".into()),
                        reference: ri,
                    },
                    spec.encode(&text),
                    spec.content_type(),
                );
            }
            let Some(how) = &spec.plant else { continue };
            let mut detail = |title: &str, body: &str| -> String {
                detail_n += 1;
                let path = format!("d{detail_n}/t20261121_{detail_n}.html");
                let post = Post {
                    title: title.into(),
                    text: body.into(),
                    link: None,
                    retweet: None,
                };
                let html = plant(detail_spec, &detail_text, &post);
                pages.lock().unwrap().insert(
                    path.clone(),
                    (html.into_bytes(), "text/html; charset=utf-8".into()),
                );
                format!("{base}/{path}")
            };
            let url = rf.rebuttal_url.clone();
            let (rt, rx) = (rf.rebuttal_title.clone(), rf.rebuttal_text.clone());
            let (mt, mx) = (rf.rumor_title.clone(), rf.rumor_text.clone());
            let doubt_text = format!("{DOUBT}{mx}");
            let is_list = matches!(how, Plant::ListEntry { .. } | Plant::Feed);
            let is_weibo = matches!(how, Plant::WeiboTimeline | Plant::WeiboLongText);
            let mut variants: Vec<(Variant, Post)> = Vec::new();
            let post = |t: &str, x: &str, link: Option<String>| Post {
                title: t.into(),
                text: x.into(),
                link,
                retweet: None,
            };
            if is_list {
                let list_post = |t: &str, x: &str, link: String| post(t, x, Some(link));
                variants.push((Variant::Repost, list_post(&rt, &rx, detail(&rt, &rx))));
                let cut: String = rt.chars().take(rt.chars().count() * 6 / 10).collect();
                let mut tr = list_post(&format!("{cut}…"), "", detail(&rt, &rx));
                if matches!(how, Plant::Feed) {
                    tr.text = format!("{}…", rx.chars().take(40).collect::<String>());
                }
                variants.push((Variant::Truncated, tr));
                if let Some(u) = &url {
                    variants.push((
                        Variant::LinkOnly,
                        list_post("转发：权威发布", "", u.clone()),
                    ));
                }
                variants.push((
                    Variant::Retitled,
                    list_post(RETITLE, "", detail(RETITLE, &rx)),
                ));
                variants.push((Variant::Rumor, list_post(&mt, &mx, detail(&mt, &mx))));
                variants.push((
                    Variant::Doubt,
                    list_post(
                        &format!("{mt}？到底真的假的"),
                        &doubt_text,
                        detail(&mt, &doubt_text),
                    ),
                ));
            } else if is_weibo {
                variants.push((Variant::Repost, post(&format!("【{rt}】"), &rx, None)));
                if matches!(how, Plant::WeiboTimeline) {
                    if let Some(u) = &url {
                        let mut p = post("", "", None);
                        p.retweet = Some((rt.clone(), rx.clone(), u.clone()));
                        variants.push((Variant::Retweet, p));
                    }
                }
                variants.push((Variant::Rumor, post(&mt, &mx, None)));
                variants.push((Variant::Doubt, post(DOUBT, &mx, None)));
            } else {
                variants.push((Variant::Repost, post(&rt, &rx, None)));
                if let Some(u) = &url {
                    variants.push((
                        Variant::LinkOnly,
                        post(RETITLE, "请以官方发布为准，详见原文。", Some(u.clone())),
                    ));
                }
                variants.push((Variant::Rumor, post(&mt, &mx, None)));
                variants.push((Variant::Doubt, post(&format!("{mt}？"), &doubt_text, None)));
            }
            let (ot, ox) = &r.other_rebuttal;
            let (ut, ux) = &r.other_rumor;
            if is_list {
                variants.push((Variant::OtherRebuttal, post(ot, ox, Some(detail(ot, ox)))));
                variants.push((Variant::OtherRumor, post(ut, ux, Some(detail(ut, ux)))));
            } else {
                variants.push((Variant::OtherRebuttal, post(ot, ox, None)));
                variants.push((Variant::OtherRumor, post(ut, ux, None)));
            }
            for (variant, p) in variants {
                let planted = plant(spec, &text, &p);
                add(
                    &pages,
                    Case {
                        kind: kind.clone(),
                        file: spec.file.clone(),
                        variant,
                        expected: variant.expected().into(),
                        reference: ri,
                    },
                    spec.encode(&planted),
                    spec.content_type(),
                );
            }
        }
    }

    let fetcher = Arc::new(Fetcher::new(FetchConfig {
        per_host_interval_ms: 0,
        per_host_concurrency: 16,
        global_concurrency: 16,
        retries: 0,
        ..FetchConfig::default()
    }));
    let mut got: Vec<Option<(String, String)>> = vec![None; cases.len()];
    let started = std::time::Instant::now();
    for (ri, ts) in tasks {
        let checker = Arc::new(Checker::new(fetcher.clone(), &refs[ri].reference));
        sweep(checker, ts, |rec| {
            got[rec.account_id as usize] = Some((
                rec.verdict.code().to_string(),
                rec.evidence.explanation.clone(),
            ));
        })
        .await;
    }
    let elapsed = started.elapsed();

    // ---- report ----
    let mut by_kind: BTreeMap<String, Tally> = BTreeMap::new();
    let mut misses: Vec<String> = Vec::new();
    for (c, g) in cases.iter().zip(&got) {
        let (verdict, why) = g.clone().expect("every case decided");
        let t = by_kind.entry(c.kind.clone()).or_default();
        t.cases += 1;
        let reposted = verdict == Verdict::Reposted.code();
        let should = c.expected == "reposted";
        match (should, reposted) {
            (true, true) => t.tp += 1,
            (false, true) => t.fp += 1,
            (true, false) => t.fn_ += 1,
            _ => {}
        }
        if c.expected == "rumor_reposted" {
            t.rumor += 1;
            t.rumor_flagged += usize::from(verdict == "rumor_reposted");
        }
        if c.variant == Variant::OtherRumor {
            t.other_rumor += 1;
            t.other_rumor_flagged += usize::from(verdict == "rumor_reposted");
        }
        if c.expected != "unreadable" {
            t.normal += 1;
            t.walls += usize::from(matches!(
                verdict.as_str(),
                "blocked" | "deleted" | "unreadable"
            ));
        }
        if verdict != c.expected {
            t.wrong += 1;
            let r = &refs[c.reference];
            misses.push(format!(
                "{:<48} {:<14?} expected {:<15} got {:<15} {}\n      rumor 「{}」 rebuttal 「{}」{}",
                c.file,
                c.variant,
                c.expected,
                verdict,
                why.chars().take(90).collect::<String>(),
                r.reference.rumor_title,
                r.reference.rebuttal_title,
                if c.variant == Variant::OtherRumor {
                    format!(" other rumor 「{}」", r.other_rumor.0)
                } else {
                    String::new()
                }
            ));
        }
    }
    println!(
        "\nreal pages: {} pages, {} cases, {:.1} s",
        specs.len(),
        cases.len(),
        elapsed.as_secs_f64()
    );
    println!(
        "{:<18} {:>5} {:>9} {:>7} {:>12} {:>14} {:>11} {:>6}",
        "kind", "cases", "precision", "recall", "rumor flag", "other rumor", "walls", "wrong"
    );
    let mut all = Tally::default();
    for (k, t) in &by_kind {
        println!(
            "{:<18} {:>5} {:>9.3} {:>7.3} {:>5}/{:<6} {:>6}/{:<7} {:>4}/{:<6} {:>6}",
            k,
            t.cases,
            ratio(t.tp, t.tp + t.fp),
            ratio(t.tp, t.tp + t.fn_),
            t.rumor_flagged,
            t.rumor,
            t.other_rumor_flagged,
            t.other_rumor,
            t.walls,
            t.normal,
            t.wrong
        );
        all.tp += t.tp;
        all.fp += t.fp;
        all.fn_ += t.fn_;
        all.rumor += t.rumor;
        all.rumor_flagged += t.rumor_flagged;
        all.other_rumor += t.other_rumor;
        all.other_rumor_flagged += t.other_rumor_flagged;
        all.walls += t.walls;
        all.normal += t.normal;
        all.wrong += t.wrong;
        all.cases += t.cases;
    }
    let (precision, recall) = (
        ratio(all.tp, all.tp + all.fp),
        ratio(all.tp, all.tp + all.fn_),
    );
    let rumor = ratio(all.rumor_flagged, all.rumor);
    println!(
        "{:<18} {:>5} {:>9.3} {:>7.3} {:>5}/{:<6} {:>6}/{:<7} {:>4}/{:<6} {:>6}",
        "all",
        all.cases,
        precision,
        recall,
        all.rumor_flagged,
        all.rumor,
        all.other_rumor_flagged,
        all.other_rumor,
        all.walls,
        all.normal,
        all.wrong
    );
    if !misses.is_empty() {
        println!("\nwrong verdicts ({}):", misses.len());
        for m in misses.iter().take(400) {
            println!("  {m}");
        }
    }
    if only.is_some() {
        return;
    }
    assert!(specs.len() >= 40, "at least 40 real pages");
    assert!(
        precision >= 0.995,
        "precision of reposted {precision:.3} < 0.995"
    );
    assert!(recall >= 0.98, "recall of reposted {recall:.3} < 0.98");
    assert!(rumor >= 0.95, "rumor reposts flagged {rumor:.3} < 0.95");
    assert_eq!(
        all.other_rumor_flagged, 0,
        "accounts flagged for a different rumor"
    );
    assert_eq!(
        all.walls, 0,
        "normal pages judged blocked, deleted or unreadable"
    );
}
