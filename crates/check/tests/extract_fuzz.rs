//! Page extraction under bad input, as property tests (proptest): arbitrary bytes under every
//! content type, mutated real pages (tests/fixtures/pages/: HTML lists and articles, RSS,
//! Atom, Weibo and other JSON), and soups of markup tokens, each through what a sweep does to
//! a fetched body: decode, pre-screen, extract, match and decide.
//!
//! Properties: no panic (not even one that `extract` catches: a panic hook counts them), the
//! output stays within its caps, every decision explains itself in Chinese, and each case
//! takes bounded time.
//!
//! A few dozen cases per property by default; `PROPTEST_CASES=5000 cargo test -p piyao-check
//! --release --test extract_fuzz` for a longer run.

use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Once};
use std::time::{Duration, Instant};

use piyao_check::decode::{decode, decode_for_url};
use piyao_check::extract::{
    extract, Format, JsonSpec, Page, MAX_ITEMS, MAX_LINKS, MAX_TEXT_CHARS, MAX_TITLE_CHARS,
};
use piyao_check::fetch::{FetchConfig, Fetched, Fetcher};
use piyao_check::matcher::Matcher;
use piyao_check::sweep::Checker;
use piyao_check::Reference;
use proptest::prelude::*;
use proptest::test_runner::Config;
use url::Url;

/// One case's time, at most: generous for a debug build on a busy two-core machine; the
/// inputs are at most a few hundred kilobytes and extraction is linear.
const CASE_BUDGET: Duration = Duration::from_secs(10);

fn config(default_cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_cases);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

static PANICS: AtomicUsize = AtomicUsize::new(0);
static HOOK: Once = Once::new();

thread_local! {
    static WATCHED: Cell<bool> = const { Cell::new(false) };
}

/// Counts panics on this thread, even those `extract` catches: a caught panic is still a bug.
fn watch_panics() {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if WATCHED.with(Cell::get) {
                PANICS.fetch_add(1, Ordering::SeqCst);
            }
            previous(info);
        }));
    });
    WATCHED.with(|w| w.set(true));
}

fn reference() -> Reference {
    Reference {
        rebuttal_title: "【辟谣】关于网传“云川区自来水受到污染”的情况说明".into(),
        rebuttal_text: "近日，网上流传“云川区自来水受到污染，不能饮用”的消息。经区水务局核实，全区供水水质检测各项指标均符合国家标准，该消息系谣言。".into(),
        rebuttal_url: Some("http://www.yunchuan.gov.cn/xxgk/pyzl/202611/t20261118_123.html".into()),
        rumor_title: "云川区自来水受到污染".into(),
        rumor_text: "紧急通知！云川区自来水受到污染，千万不要喝，赶紧囤水！".into(),
        rebuttal_published: None,
    }
}

/// The checker, without following links (no network in these tests).
fn checker() -> Arc<Checker> {
    thread_local! {
        static CHECKER: Arc<Checker> = Arc::new(
            Checker::new(Arc::new(Fetcher::new(FetchConfig::impolite())), &reference())
                .with_follow_limit(0),
        );
    }
    CHECKER.with(Arc::clone)
}

fn formats() -> Vec<Format> {
    vec![
        Format::Auto,
        Format::Feed,
        Format::WeiboJson,
        Format::Json(JsonSpec {
            items: "$..[*]".into(),
            title: "title".into(),
            link: Some("url".into()),
            date: Some("a.b.c".into()),
            text: Some("text".into()),
        }),
        Format::HtmlList,
        Format::Article,
    ]
}

fn check_page(p: &Page) -> Result<(), TestCaseError> {
    prop_assert!(p.items.len() <= MAX_ITEMS);
    for it in &p.items {
        prop_assert!(it.text.chars().count() <= MAX_TEXT_CHARS);
        prop_assert!(it.title.chars().count() <= MAX_TITLE_CHARS);
        prop_assert!(it.links.len() <= MAX_LINKS);
        for l in it.links.iter().chain(it.link.iter()) {
            prop_assert!(!l.to_ascii_lowercase().starts_with("javascript:"), "{}", l);
        }
    }
    Ok(())
}

/// Everything a sweep does with one fetched body.
fn run_body(body: &[u8], content_type: Option<&str>, page_url: &Url) -> Result<(), TestCaseError> {
    watch_panics();
    let panics_before = PANICS.load(Ordering::SeqCst);
    let started = Instant::now();
    let text = decode(body, content_type);
    let _ = decode_for_url(body, content_type, page_url);
    let matcher = Matcher::new(&reference());
    for format in formats() {
        let page = extract(&text, content_type, page_url, &format);
        check_page(&page)?;
        let _ = matcher.screen(&text, content_type, page_url, &format);
        if let Some((i, m)) = matcher.best(&page.items) {
            prop_assert!(i < page.items.len());
            prop_assert!(m.score.is_finite(), "{:?}", m);
        }
        for item in &page.items {
            let _ = matcher.worth_following(item);
        }
    }
    let fetched = Fetched {
        status: 200,
        final_url: page_url.clone(),
        content_type: content_type.map(str::to_string),
        body: body.to_vec(),
        cut: None,
        validators: Default::default(),
        hash: String::new(),
        attempts: 1,
        transfer: Duration::ZERO,
    };
    let d = futures::executor::block_on(checker().decide_fetched(page_url.as_str(), &fetched));
    let why = &d.evidence.explanation;
    prop_assert!(
        why.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "not a Chinese explanation: {}",
        why
    );
    prop_assert_eq!(
        PANICS.load(Ordering::SeqCst),
        panics_before,
        "a panic inside the checker (its message is above)"
    );
    prop_assert!(
        started.elapsed() < CASE_BUDGET,
        "one page took {:?}",
        started.elapsed()
    );
    Ok(())
}

const FIXTURES: &[&str] = &[
    "atom.xml",
    "captcha.html",
    "div_list.html",
    "fraud_article.html",
    "gov_article.html",
    "gov_list.html",
    "json_records.json",
    "news_article.html",
    "news_table.html",
    "not_found.html",
    "rss.xml",
    "toutiao.json",
    "wechat_article.html",
    "wechat_deleted.html",
    "weibo_cards_toplevel.json",
    "weibo_deleted.json",
    "weibo_login.json",
    "weibo_longtext.json",
    "weibo_status.html",
    "weibo_timeline.json",
    "weibo_visitor.html",
];

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/pages/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn content_type() -> impl Strategy<Value = Option<&'static str>> {
    prop_oneof![
        Just(None),
        Just(Some("text/html")),
        Just(Some("text/html; charset=utf-8")),
        Just(Some("text/html; charset=gbk")),
        Just(Some("text/html; charset=iso-8859-1")),
        Just(Some("text/html; charset=utf-16")),
        Just(Some("text/html; charset=no-such-charset")),
        Just(Some("application/json")),
        Just(Some("application/rss+xml; charset=utf-8")),
        Just(Some("application/atom+xml")),
        Just(Some("text/xml; charset=gb2312")),
        Just(Some("text/plain")),
        Just(Some(";;;charset=\"")),
    ]
}

fn page_url() -> impl Strategy<Value = Url> {
    prop_oneof![
        Just("http://www.yunchuan.gov.cn/xxgk/pyzl/index.html"),
        Just("https://m.weibo.cn/api/container/getIndex?type=uid&value=1"),
        Just("https://mp.weixin.qq.com/s/abcdef"),
        Just("http://127.0.0.1:8080/"),
        Just("http://xn--fiqs8s.xn--fiqs8s/"),
    ]
    .prop_map(|u| Url::parse(u).unwrap())
}

/// Pieces of markup and text that extractors look for, to be shuffled into soups.
const TOKENS: &[&str] = &[
    "<div>",
    "</div>",
    "<ul class=\"list\">",
    "<li>",
    "</li>",
    "<a href=\"./t20261118_1.html\" title=\"关于网传某事的情况说明\">",
    "<a href=\"javascript:alert(1)\">",
    "</a>",
    "关于网传“云川区自来水受到污染”的情况说明",
    "【辟谣】",
    "云川区自来水受到污染",
    "<span>2026-11-18</span>",
    "[11-18]",
    "<table>",
    "<tr><td>",
    "</td></tr>",
    "<script>",
    "</script>",
    "<style>",
    "</style>",
    "<!--",
    "-->",
    "<b>",
    "&amp;",
    "&#x",
    "&#20320;",
    "<",
    ">",
    "\"",
    "'",
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "\"cards\"",
    "\"mblog\"",
    "\"text\"",
    "\"data\"",
    "\"ok\"",
    "\"title\"",
    "\"url\"",
    "-100",
    "1e999",
    "<rss version=\"2.0\">",
    "<channel>",
    "<item>",
    "<title>",
    "</title>",
    "<link>",
    "</link>",
    "<feed xmlns=\"http://www.w3.org/2005/Atom\">",
    "<entry>",
    "<?xml version=\"1.0\" encoding=\"gbk\"?>",
    "<![CDATA[",
    "]]>",
    "验证码",
    "该内容已被发布者删除",
    "<meta charset=\"gbk\">",
    "<meta property=\"og:type\" content=\"article\">",
    "<base href=\"javascript:x\">",
    "<article>",
    "</article>",
    "id=\"js_content\"",
    "var msg_source_url = '",
    "$render_data = [",
    "][0]",
    "\u{0}",
    "\u{feff}",
    "\u{3000}",
    "💥",
    "\n",
    "...",
    "…",
    "http://www.yunchuan.gov.cn/xxgk/pyzl/202611/t20261118_123.html",
];

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Duplicate(usize, usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        (
            any::<usize>(),
            prop_oneof![
                proptest::sample::select(TOKENS).prop_map(|t| t.as_bytes().to_vec()),
                proptest::collection::vec(any::<u8>(), 1..16),
            ]
        )
            .prop_map(|(i, b)| Mutation::Insert(i, b)),
        (any::<usize>(), 1usize..400).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (any::<usize>(), 1usize..2000).prop_map(|(i, n)| Mutation::Duplicate(i, n)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = bytes.len().max(1);
        match m {
            Mutation::Flip(i, b) => {
                if !bytes.is_empty() {
                    let i = i % bytes.len();
                    bytes[i] ^= b | 1;
                }
            }
            Mutation::Insert(i, b) => {
                let i = i % (bytes.len() + 1);
                bytes.splice(i..i, b.iter().copied());
            }
            Mutation::Delete(i, n) => {
                let i = i % len;
                let end = (i + n).min(bytes.len());
                if i < end {
                    bytes.drain(i..end);
                }
            }
            Mutation::Duplicate(i, n) => {
                let i = i % len;
                let end = (i + n).min(bytes.len());
                if i < end {
                    let piece = bytes[i..end].to_vec();
                    bytes.splice(end..end, piece);
                }
            }
            Mutation::Truncate(i) => bytes.truncate(i % len),
        }
    }
    bytes
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn arbitrary_bytes(
        body in proptest::collection::vec(any::<u8>(), 0..6000),
        ct in content_type(),
        url in page_url(),
    ) {
        run_body(&body, ct, &url)?;
    }

    #[test]
    fn mutated_real_pages(
        name in proptest::sample::select(FIXTURES),
        mutations in proptest::collection::vec(mutation(), 1..8),
        gbk in any::<bool>(),
        ct in content_type(),
        url in page_url(),
    ) {
        let mut body = fixture(name);
        if gbk {
            body = encoding_rs::GBK.encode(&String::from_utf8_lossy(&body)).0.into_owned();
        }
        run_body(&mutate(body, &mutations), ct, &url)?;
    }

    #[test]
    fn token_soup(
        tokens in proptest::collection::vec(proptest::sample::select(TOKENS), 0..600),
        ct in content_type(),
        url in page_url(),
    ) {
        run_body(tokens.concat().as_bytes(), ct, &url)?;
    }
}

proptest! {
    #![proptest_config(config(8))]

    /// Big pages: a real page repeated to a few hundred kilobytes (the screen's and the
    /// extractors' linear paths), with mutations.
    #[test]
    fn large_mutated_pages(
        name in proptest::sample::select(FIXTURES),
        copies in 10usize..60,
        mutations in proptest::collection::vec(mutation(), 0..6),
    ) {
        let body = fixture(name).repeat(copies);
        run_body(&mutate(body, &mutations), None, &Url::parse("http://www.yunchuan.gov.cn/").unwrap())?;
    }
}
