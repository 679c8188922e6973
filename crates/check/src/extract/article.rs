//! HTML article pages: WeChat official-account articles and generic news or government
//! articles. One item: title, link, date, body text, links in the body plus the
//! share-source ("阅读原文") link.

use std::collections::HashMap;

use scraper::{ElementRef, Html};
use url::Url;

use super::dates;
use super::html::{
    base_url, body, cjk_count, hrefs, id_class, is_hidden, one_line, plain_text, plain_text_with,
    resolve, select_simple, title_text, walk, Event, Flow, Metas, TextOpts,
};
use super::{MAX_LINKS, MAX_TEXT_CHARS};
use crate::item::Item;

/// Containers of an article body, most specific first.
pub(crate) const BODY_SELECTORS: &[&str] = &[
    "#js_content",
    ".rich_media_content",
    ".TRS_Editor",
    "#UCAP-CONTENT",
    "#zoom",
    ".article-content",
    ".article_content",
    ".articleContent",
    ".art_con",
    ".pages_content",
    "#article_content",
    "#vsb_content",
    ".news_txt",
    ".post_text",
    "#endText",
    ".content-article",
    "#main_content",
    "#rwb_zw",
    "#p-detail",
    "article",
    "#article",
    ".article",
    "#content",
    ".content",
    ".detail",
    "#detail",
    ".news_content",
    ".con",
    "main",
];

/// The first selectors of [`BODY_SELECTORS`] name an article body and nothing else (the
/// containers of WeChat, TRS/UCAP government CMSs and common news CMSs): a short body there
/// (a one-line notice, a link to the original) is still the body. The rest are generic
/// (`article`, `.content`, `main`…) and need some text to be trusted.
const SPECIFIC_SELECTORS: usize = 19;

/// The page read as one article: its title, date, body and links.
pub(crate) fn extract(doc: &Html, raw: &str, page_url: &Url) -> Item {
    finish(doc, raw, page_url, probe(doc, raw, page_url))
}

/// What deciding whether a page is an article needs (its body), before the rest of the item
/// (title, date, links) is read: most pages are lists, and never need the rest.
pub(crate) struct Probe<'a> {
    container: Option<ElementRef<'a>>,
    text: String,
    /// Characters of body text (not counting link text) of the chosen container.
    pub body_chars: usize,
    /// Share of the body's text that is link text.
    pub link_density: f64,
    /// The body sits in a container that only article bodies use (`#js_content`,
    /// `.TRS_Editor`…: [`SPECIFIC_SELECTORS`]).
    pub specific: bool,
    script_links: Vec<String>,
    script_title: Option<String>,
}

pub(crate) fn probe<'a>(doc: &'a Html, raw: &str, page_url: &Url) -> Probe<'a> {
    let (container, specific) = match find_body(doc) {
        Some((c, specific)) => (Some(c), specific),
        None => (None, false),
    };
    let (mut text, mut body_chars, link_chars) = match container {
        Some(c) => body_text(c),
        None => (String::new(), 0, 0),
    };
    // The body only in a script (Toutiao's `articleInfo.content`, JSON-LD `articleBody`):
    // the page as served before its scripts run.
    let mut script_links = Vec::new();
    let mut script_title = None;
    if body_chars < SCRIPT_BODY_BELOW {
        if let Some(sb) = script_body(raw, &base_url(doc, page_url)) {
            let n = sb.text.chars().filter(|c| !c.is_whitespace()).count();
            if n > body_chars {
                text = sb.text;
                body_chars = n;
                script_links = sb.links;
                script_title = sb.title;
            }
        }
    }
    let link_density = if body_chars + link_chars == 0 {
        1.0
    } else {
        link_chars as f64 / (body_chars + link_chars) as f64
    };
    Probe {
        container,
        text,
        body_chars,
        link_density,
        specific,
        script_links,
        script_title,
    }
}

/// The page's title as the article's (for "is there an article at all").
pub(crate) fn title_only(doc: &Html, raw: &str, p: &Probe) -> String {
    let t = title(doc, &Metas::of(doc), raw);
    match &p.script_title {
        Some(s) if t.chars().count() < HEADLINE_CHARS => s.clone(),
        _ => t,
    }
}

/// The article item of a probed page.
pub(crate) fn finish(doc: &Html, raw: &str, page_url: &Url, p: Probe) -> Item {
    let metas = Metas::of(doc);
    let base = base_url(doc, page_url);
    let Probe {
        container,
        text,
        script_links,
        script_title,
        ..
    } = p;
    let mut title = title(doc, &metas, raw);
    if let Some(t) = script_title {
        if title.chars().count() < HEADLINE_CHARS {
            title = t;
        }
    }
    let link = metas
        .get(&["og:url"])
        .and_then(|u| resolve(&base, u))
        .or_else(|| js_var(raw, "msg_link").and_then(|u| resolve(&base, &u)))
        .or_else(|| {
            metas
                .get(&["link:canonical"])
                .and_then(|u| resolve(&base, u))
        })
        .or_else(|| resolve(page_url, page_url.as_str()));
    let date = date(doc, &metas, raw, container, page_url);

    let mut links = container
        .map(|c| hrefs(c, &base, MAX_LINKS))
        .unwrap_or_default();
    for l in script_links {
        if !links.contains(&l) && links.len() < MAX_LINKS {
            links.push(l);
        }
    }
    for l in share_sources(doc, raw, &base) {
        if !links.contains(&l) && links.len() < MAX_LINKS {
            links.push(l);
        }
    }
    if let Some(l) = &link {
        links.retain(|x| x != l);
    }
    Item {
        title,
        link,
        date,
        text,
        links,
        truncated: false,
    }
}

/// Cues that make a page an article whatever else it shows: a WeChat article, `og:type`
/// article, a CMS's article metadata (`ArticleTitle`, `PubDate`…), exactly one `<article>`.
pub(crate) fn strong_cues(doc: &Html, raw: &str) -> bool {
    strong_with(doc, raw, &Metas::of(doc))
}

fn strong_with(doc: &Html, raw: &str, metas: &Metas) -> bool {
    let wechat = raw.contains("js_content")
        && (raw.contains("mp.weixin.qq.com") || raw.contains("msg_title"));
    // Toutiao's article and gallery pages carry their content in these script objects.
    let toutiao = raw.contains("articleInfo") || raw.contains("galleryInfo");
    wechat
        || toutiao
        || metas
            .get(&["og:type"])
            .is_some_and(|t| t.eq_ignore_ascii_case("article"))
        || metas
            .get(&[
                "articletitle",
                "article:published_time",
                "pubdate",
                "contentsource",
            ])
            .is_some()
        || count_elements(doc, "article") == 1
}

fn count_elements(doc: &Html, name: &str) -> usize {
    let mut n = 0;
    walk(doc.root_element(), |ev| {
        if let Event::Open(e) = ev {
            if e.value().name() == name {
                n += 1;
                if n > 1 {
                    return Flow::Stop;
                }
            }
        }
        Flow::Continue
    });
    n
}

/// The body container: the first selector (in [`BODY_SELECTORS`] order) whose richest match
/// has some text, else the block holding most paragraph text.
fn find_body(doc: &Html) -> Option<(ElementRef<'_>, bool)> {
    let mut fallback = None;
    let matches = select_simple(doc.root_element(), BODY_SELECTORS, 50);
    for (k, found) in matches.into_iter().enumerate() {
        let best = found
            .into_iter()
            .map(|e| (e, cjk_count(&plain_text(e, 3000))))
            .max_by_key(|(_, n)| *n);
        if let Some((e, n)) = best {
            let specific = k < SPECIFIC_SELECTORS;
            if n >= 60 || (specific && (n > 0 || has_link(e))) {
                return Some((e, specific));
            }
            if n > 0 && fallback.is_none() {
                fallback = Some(e);
            }
        }
    }
    largest_text_block(doc).or(fallback).map(|e| (e, false))
}

/// A page's footer or copyright block (its text is the site's, never an article's).
fn is_page_footer(e: ElementRef) -> bool {
    e.value().name() == "footer" || {
        let w = id_class(e);
        !w.is_empty()
            && w.split([' ', '-', '_'])
                .any(|t| t.starts_with("footer") || t == "foot" || t.starts_with("copyright"))
    }
}

fn has_link(e: ElementRef) -> bool {
    let mut found = false;
    walk(e, |ev| {
        if let Event::Open(a) = ev {
            if a.value().name() == "a" && super::html::attr_of(a.value(), "href").is_some() {
                found = true;
                return Flow::Stop;
            }
        }
        Flow::Continue
    });
    found
}

/// The element whose paragraphs (and direct text) hold the most non-link text.
fn largest_text_block(doc: &Html) -> Option<ElementRef<'_>> {
    let root = body(doc);
    let mut index = HashMap::new();
    let mut totals: Vec<(ElementRef, usize)> = Vec::new();
    let mut stack: Vec<ElementRef> = vec![root];
    let mut in_link = 0usize;
    walk(root, |ev| {
        match ev {
            Event::Open(e) => {
                let name = e.value().name();
                if is_hidden(name) || is_page_footer(e) {
                    return Flow::Skip;
                }
                if name == "a" {
                    in_link += 1;
                }
                stack.push(e);
            }
            Event::Close(e) => {
                if e.value().name() == "a" {
                    in_link = in_link.saturating_sub(1);
                }
                stack.pop();
            }
            Event::Text(t) => {
                if in_link == 0 {
                    let n = cjk_count(t) + t.split_whitespace().count();
                    // Credit the nearest block that is not an inline or paragraph element.
                    let block = stack.iter().rev().take(6).find(|e| {
                        !matches!(
                            e.value().name(),
                            "p" | "span"
                                | "font"
                                | "strong"
                                | "b"
                                | "em"
                                | "i"
                                | "u"
                                | "br"
                                | "section"
                                | "label"
                                | "sup"
                                | "sub"
                        )
                    });
                    if let Some(block) = block {
                        let i = *index.entry(block.id()).or_insert_with(|| {
                            totals.push((*block, 0));
                            totals.len() - 1
                        });
                        totals[i].1 += n;
                    }
                }
            }
        }
        Flow::Continue
    });
    let mut best: Option<(ElementRef, usize)> = None;
    for (e, n) in totals {
        if best.is_none_or(|(_, b)| n > b) {
            best = Some((e, n));
        }
    }
    best.filter(|(_, n)| *n >= 20).map(|(e, _)| e)
}

/// Text and links below one element, counted once for the whole body container.
#[derive(Default, Clone, Copy)]
struct Block {
    /// Non-blank characters of text, link text included.
    chars: usize,
    /// …of which inside `<a>`.
    link_chars: usize,
    anchors: usize,
}

/// Per element below `root`: its text, link text and anchors (one walk, bottom-up sums).
fn blocks(root: ElementRef) -> HashMap<ego_tree::NodeId, Block> {
    let mut out: HashMap<ego_tree::NodeId, Block> = HashMap::new();
    let mut stack: Vec<(ElementRef, Block)> = Vec::new();
    let mut in_link = 0usize;
    walk(root, |ev| {
        match ev {
            Event::Open(e) => {
                let name = e.value().name();
                if is_hidden(name) {
                    return Flow::Skip;
                }
                if name == "a" {
                    in_link += 1;
                }
                stack.push((
                    e,
                    Block {
                        anchors: usize::from(name == "a"),
                        ..Block::default()
                    },
                ));
            }
            Event::Close(e) => {
                if e.value().name() == "a" {
                    in_link = in_link.saturating_sub(1);
                }
                if let Some((el, b)) = stack.pop() {
                    if let Some((_, parent)) = stack.last_mut() {
                        parent.chars += b.chars;
                        parent.link_chars += b.link_chars;
                        parent.anchors += b.anchors;
                    }
                    out.insert(el.id(), b);
                }
            }
            Event::Text(t) => {
                if let Some((_, b)) = stack.last_mut() {
                    let n = t.chars().filter(|c| !c.is_whitespace()).count();
                    b.chars += n;
                    if in_link > 0 {
                        b.link_chars += n;
                    }
                }
            }
        }
        Flow::Continue
    });
    out
}

/// A widget inside an article's container: a block of links ("相关新闻", a column's latest
/// posts, share and tag bars), or an element whose id or class says so. Its text is not the
/// article's.
fn is_widget(e: ElementRef, blocks: &HashMap<ego_tree::NodeId, Block>) -> bool {
    let name = e.value().name();
    if matches!(name, "aside" | "nav" | "footer") {
        return true;
    }
    if !matches!(
        name,
        "ul" | "ol" | "div" | "table" | "dl" | "section" | "tbody" | "p" | "span"
    ) {
        return false;
    }
    let words = id_class(e);
    if !words.is_empty()
        && words
            .split([' ', '-', '_'])
            .filter(|t| !t.is_empty())
            .any(|t| WIDGET_WORDS.iter().any(|w| t.starts_with(w)))
    {
        return true;
    }
    let b = blocks.get(&e.id()).copied().unwrap_or_default();
    b.anchors >= 3 && b.link_chars * 2 >= b.chars
}

/// id/class words of widgets inside article containers.
const WIDGET_WORDS: &[&str] = &[
    "related",
    "relate",
    "recommend",
    "tuijian",
    "xgxw",
    "xgwz",
    "xgyd",
    "hotnews",
    "hot-",
    "rank",
    "share",
    "comment",
    "sidebar",
    "side",
    "aside",
    "footer",
    "tags",
    "keyword",
    "author-more",
    "more-article",
    "next",
    "prev",
    "pager",
    "pagination",
    "copyright",
];

/// Body text, and counts of non-link and link characters, leaving widgets out.
fn body_text(c: ElementRef) -> (String, usize, usize) {
    let blocks = blocks(c);
    let skip = |e: ElementRef| is_widget(e, &blocks);
    let text = plain_text_with(
        c,
        &TextOpts {
            max_chars: MAX_TEXT_CHARS,
            img_alt: false,
            skip: Some(&skip),
        },
    );
    let mut link_chars = 0usize;
    walk(c, |ev| {
        if let Event::Open(e) = ev {
            if is_hidden(e.value().name()) || is_widget(e, &blocks) {
                return Flow::Skip;
            }
            if e.value().name() == "a" {
                link_chars += blocks.get(&e.id()).map(|b| b.chars).unwrap_or(0);
                return Flow::Skip;
            }
        }
        Flow::Continue
    });
    let all = text.chars().filter(|c| !c.is_whitespace()).count();
    (text, all.saturating_sub(link_chars), link_chars)
}

fn title(doc: &Html, metas: &Metas, raw: &str) -> String {
    if let Some(t) = metas.get(&["og:title", "twitter:title", "articletitle"]) {
        return one_line(t);
    }
    if let Some(t) = js_var(raw, "msg_title") {
        if !t.trim().is_empty() {
            return one_line(&t);
        }
    }
    let page_title = title_text(doc);
    let stripped = strip_site(&page_title);
    if let Some(h) = headline(doc, &page_title) {
        return h;
    }
    // A page title long enough to be a headline is the article's own.
    if stripped.chars().count() >= HEADLINE_CHARS {
        return stripped;
    }
    let logo_like =
        |t: &str| page_title.ends_with(t) && !page_title.starts_with(t) || t.chars().count() < 4;
    for found in select_simple(doc.root_element(), HEADINGS, 20) {
        for e in found {
            let t = one_line(&plain_text(e, 300));
            if !t.is_empty() && !logo_like(&t) && !inside_furniture(e) {
                return t;
            }
        }
    }
    if !stripped.is_empty() {
        return stripped;
    }
    // Nothing better: the first h1, however short.
    select_simple(doc.root_element(), &["h1"], 20)
        .remove(0)
        .into_iter()
        .map(|e| one_line(&plain_text(e, 300)))
        .find(|t| !t.is_empty())
        .unwrap_or_default()
}

/// Headings an article's title may sit in, most telling first.
const HEADINGS: &[&str] = &[
    "h1",
    ".title",
    "#title",
    ".article-title",
    ".tit",
    ".h-title",
    "h2",
    "h3",
];

/// A headline has at least this many characters (column names are shorter: 新闻动态).
const HEADLINE_CHARS: usize = 8;

/// The page's headline: a heading (outside the header, navigation and footer) of at least
/// [`HEADLINE_CHARS`] characters that the page's `<title>` repeats. An article page names
/// itself twice; a column page's title is the column's name.
pub(crate) fn headline(doc: &Html, page_title: &str) -> Option<String> {
    let page = crate::text::normalize(page_title);
    // The title's parts between site separators ("红糖水补血_科技湃_澎湃新闻"): a short headline
    // counts when it is one of them exactly.
    let parts: Vec<String> = page_title
        .split(['-', '_', '|', '｜', '—', '–'])
        .map(crate::text::normalize)
        .filter(|p| p.chars().count() >= 4)
        .collect();
    let page_sh = crate::text::shingles(&page);
    for found in select_simple(doc.root_element(), HEADINGS, 20) {
        for e in found {
            let t = one_line(&plain_text(e, 300));
            let n = crate::text::normalize(&t);
            if in_nav_or_link(e) || n.chars().count() < 4 {
                continue;
            }
            if n.chars().count() < HEADLINE_CHARS {
                if parts.contains(&n) {
                    return Some(t);
                }
                continue;
            }
            let same = page.contains(&n)
                || n.contains(&page)
                || crate::text::dice(&crate::text::shingles(&n), &page_sh) >= 0.7;
            if same {
                return Some(t);
            }
        }
    }
    None
}

/// Inside navigation, a footer or a link (a site's logo heading links to its home page; an
/// article's headline is not a link). An article's own header block may say "header".
fn in_nav_or_link(e: ElementRef) -> bool {
    std::iter::once(e)
        .chain(e.ancestors().take(12).filter_map(ElementRef::wrap))
        .any(|a| matches!(a.value().name(), "nav" | "footer" | "a"))
}

fn inside_furniture(e: ElementRef) -> bool {
    e.ancestors()
        .take(12)
        .filter_map(ElementRef::wrap)
        .any(|a| {
            let n = a.value().name();
            n == "header" || n == "nav" || n == "footer" || {
                let w = id_class(a);
                w.contains("logo")
                    || w.contains("header")
                    || w.contains("nav")
                    || w.contains("footer")
            }
        })
}

/// "关于网传…的情况说明 - 云川区人民政府" → the longest part between site separators.
pub(crate) fn strip_site(title: &str) -> String {
    let mut parts: Vec<&str> = vec![title];
    for sep in [" - ", " – ", " — ", "——", " | ", "｜", "|", "_", " -- "] {
        parts = parts.iter().flat_map(|p| p.split(sep)).collect();
    }
    parts
        .into_iter()
        .map(str::trim)
        .max_by_key(|p| p.chars().count())
        .map(one_line)
        .unwrap_or_default()
}

fn date(
    doc: &Html,
    metas: &Metas,
    raw: &str,
    container: Option<ElementRef>,
    page_url: &Url,
) -> Option<String> {
    if let Some(d) = metas.get(&[
        "article:published_time",
        "og:release_date",
        "pubdate",
        "publishdate",
        "publish_date",
        "firstpublishedtime",
        "datepublished",
        "weibo: article:create_at",
    ]) {
        if let Some(n) = dates::normalize(d) {
            return Some(n);
        }
    }
    // WeChat: var ct = "1794967200"; or create_time.
    for var in ["ct", "create_time", "publish_time"] {
        if let Some(v) = js_var(raw, var) {
            if v.bytes().all(|b| b.is_ascii_digit()) && (9..=13).contains(&v.len()) {
                if let Ok(n) = v.parse::<i64>() {
                    return Some(dates::epoch_auto(n));
                }
            }
            if let Some(f) = dates::find_full_date(&v) {
                return Some(f.value);
            }
        }
    }
    // An info line: class or id saying time, date, info, source.
    let mut found = None;
    walk(body(doc), |ev| {
        if let Event::Open(e) = ev {
            if is_hidden(e.value().name()) {
                return Flow::Skip;
            }
            let w = id_class(e);
            if [
                "time", "date", "info", "source", "fbsj", "pubtime", "meta", "publish",
            ]
            .iter()
            .any(|k| w.contains(k))
                && !w.contains("today")
            {
                if let Some(f) = dates::find_full_date(&plain_text(e, 300)) {
                    found = Some(f.value);
                    return Flow::Stop;
                }
            }
        }
        Flow::Continue
    });
    if found.is_some() {
        return found;
    }
    if let Some(d) = dates::date_in_url(page_url.as_str()) {
        return Some(d);
    }
    container.and_then(|c| dates::find_full_date(&plain_text(c, 600)).map(|f| f.value))
}

/// The share-source ("阅读原文") links of a WeChat article, and similar "原文链接" anchors.
fn share_sources(doc: &Html, raw: &str, base: &Url) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for var in ["msg_source_url", "source_url", "share_source_url"] {
        if let Some(u) = js_var(raw, var).and_then(|u| resolve(base, &u)) {
            if !out.contains(&u) {
                out.push(u);
            }
        }
    }
    // Only a page that says one of these words (or writes its text as character references)
    // can have such a link: most pages are spared the walk over every link.
    let named = ["js_view_source", "js_share_source", "来源", "转自", "&#"]
        .iter()
        .chain(SOURCE_LABELS)
        .any(|w| raw.contains(w));
    if !named {
        return out;
    }
    walk(doc.root_element(), |ev| {
        if let Event::Open(e) = ev {
            let el = e.value();
            if el.name() == "a" {
                let id = el.id().unwrap_or("");
                let label = one_line(&plain_text(e, 40));
                if id == "js_view_source"
                    || id == "js_share_source"
                    || SOURCE_LABELS.iter().any(|l| label.contains(l))
                    || introduced_as_source(e)
                {
                    for attr in ["href", "data-url", "data-link"] {
                        if let Some(u) =
                            super::html::attr_of(el, attr).and_then(|h| resolve(base, h))
                        {
                            if !out.contains(&u) {
                                out.push(u);
                            }
                        }
                    }
                }
            }
        }
        if out.len() >= 8 {
            Flow::Stop
        } else {
            Flow::Continue
        }
    });
    out
}

/// Words that name a link as the original of a repost.
const SOURCE_LABELS: &[&str] = &[
    "阅读原文",
    "原文链接",
    "原文地址",
    "原文网址",
    "来源链接",
    "查看原文",
];

/// A link whose preceding text says what it is: "原文链接：<a>https://…</a>".
fn introduced_as_source(a: ElementRef) -> bool {
    let mut before = String::new();
    let mut node = a.prev_sibling();
    while let Some(n) = node {
        if let Some(t) = n.value().as_text() {
            before.insert_str(0, t);
        } else if let Some(e) = ElementRef::wrap(n) {
            before.insert_str(0, &plain_text(e, 40));
        }
        if before.chars().count() >= 12 {
            break;
        }
        node = n.prev_sibling();
    }
    let before = before
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '：' | ':' | '-' | '—' | '>'));
    SOURCE_LABELS.iter().any(|l| before.ends_with(l))
        || before.ends_with("来源")
        || before.ends_with("转自")
}

/// A JavaScript string variable in the raw page (`var msg_link = "…";`, `msg_source_url: '…'`),
/// with WeChat's escapes (`\x26amp;`, `\/`) and HTML entities undone.
pub(crate) fn js_var(raw: &str, name: &str) -> Option<String> {
    js_string(raw, name, 8192)
}

/// [`js_var`] for long values (an article body): at most `max` bytes are decoded.
pub(crate) fn js_string(raw: &str, name: &str, max: usize) -> Option<String> {
    let mut from = 0;
    while let Some(p) = raw[from..].find(name) {
        let at = from + p;
        from = at + name.len();
        let before_ok = at == 0 || {
            let c = raw.as_bytes()[at - 1];
            !(c.is_ascii_alphanumeric() || c == b'_' || c == b'.')
        };
        if !before_ok {
            continue;
        }
        let rest = raw[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=').or_else(|| rest.strip_prefix(':')) else {
            continue;
        };
        let rest = rest.trim_start();
        let rest = rest.strip_prefix("htmlDecode(").unwrap_or(rest);
        let q = rest.chars().next()?;
        if q != '"' && q != '\'' {
            continue;
        }
        let body = &rest[1..];
        let mut out = String::new();
        let mut chars = body.chars();
        let mut closed = false;
        while let Some(c) = chars.next() {
            if out.len() > max {
                break;
            }
            match c {
                '\\' => match chars.next() {
                    Some('x') => {
                        let h: String = chars.by_ref().take(2).collect();
                        if let Some(ch) = u32::from_str_radix(&h, 16).ok().and_then(char::from_u32)
                        {
                            out.push(ch);
                        }
                    }
                    Some('u') => {
                        let h: String = chars.by_ref().take(4).collect();
                        if let Some(ch) = u32::from_str_radix(&h, 16).ok().and_then(char::from_u32)
                        {
                            out.push(ch);
                        }
                    }
                    Some('n') => out.push('\n'),
                    Some(o) => out.push(o),
                    None => break,
                },
                c if c == q => {
                    closed = true;
                    break;
                }
                c => out.push(c),
            }
        }
        if !closed {
            continue;
        }
        return Some(decode_entities(&out));
    }
    None
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x3D;", "=")
        .replace("&#x3d;", "=")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// Below this many characters of body text in the DOM, a body written into a script is
/// looked for.
const SCRIPT_BODY_BELOW: usize = 50;
/// Bytes of a script-held body decoded at most.
const SCRIPT_BODY_BYTES: usize = 2 * 1024 * 1024;

struct ScriptBody {
    title: Option<String>,
    text: String,
    links: Vec<String>,
}

/// An article body held in a script variable: Toutiao's `articleInfo = { title: '…',
/// content: '&quot;\u003Cp\u003E…&quot;' }` (HTML, escaped twice) or JSON-LD's
/// `"articleBody": "…"` (text).
fn script_body(raw: &str, base: &Url) -> Option<ScriptBody> {
    if let Some(at) = raw.find("articleInfo") {
        let scope = &raw[at..];
        let scope = &scope[..scope.len().min(SCRIPT_BODY_BYTES + 4096)];
        if let Some(html) = js_string(scope, "content", SCRIPT_BODY_BYTES) {
            let html = html.trim_matches('"');
            let (text, links) =
                super::html::fragment_text_and_links(html, base, MAX_TEXT_CHARS, false);
            if cjk_count(&text) > 0 {
                return Some(ScriptBody {
                    title: js_var(scope, "title").map(|t| one_line(&t)),
                    text,
                    links,
                });
            }
        }
    }
    if let Some(body) = js_string(raw, "\"articleBody\"", SCRIPT_BODY_BYTES) {
        if cjk_count(&body) > 0 {
            return Some(ScriptBody {
                title: js_var(raw, "\"headline\"").map(|t| one_line(&t)),
                text: super::html::normalize_lines(&body),
                links: Vec::new(),
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn js_vars() {
        let raw = r#"var msg_link = "http://mp.weixin.qq.com/s?__biz=MzA\x3d\x3d\x26amp;mid=1\x26amp;idx=1";
            var msg_source_url = 'https://www.yunchuan.gov.cn/py/t20261118_1.html';
            window.xmsg_title = "x"; var msg_title = '关于网传\'停水\'的说明'.html(false);"#;
        assert_eq!(
            js_var(raw, "msg_link").as_deref(),
            Some("http://mp.weixin.qq.com/s?__biz=MzA==&mid=1&idx=1")
        );
        assert_eq!(
            js_var(raw, "msg_source_url").as_deref(),
            Some("https://www.yunchuan.gov.cn/py/t20261118_1.html")
        );
        assert_eq!(
            js_var(raw, "msg_title").as_deref(),
            Some("关于网传'停水'的说明")
        );
        assert_eq!(js_var(raw, "nothing"), None);
        assert_eq!(js_var("var a = 'unterminated", "a"), None);
    }

    #[test]
    fn site_suffix() {
        assert_eq!(
            strip_site("关于网传自来水受污染的情况说明 - 云川区人民政府"),
            "关于网传自来水受污染的情况说明"
        );
        assert_eq!(
            strip_site("云川区人民政府_关于网传自来水受污染的情况说明"),
            "关于网传自来水受污染的情况说明"
        );
        assert_eq!(strip_site("辟谣"), "辟谣");
    }
}
