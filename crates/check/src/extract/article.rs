//! HTML article pages: WeChat official-account articles and generic news or government
//! articles. One item: title, link, date, body text, links in the body plus the
//! share-source ("阅读原文") link.

use std::collections::HashMap;

use scraper::{ElementRef, Html};
use url::Url;

use super::dates;
use super::html::{
    base_url, body, cjk_count, hrefs, id_class, is_hidden, one_line, plain_text, resolve,
    select_simple, title_text, walk, Event, Flow, Metas,
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

/// What article detection needs to know, and the item itself.
pub(crate) struct Article {
    pub item: Item,
    /// Characters of body text (not counting link text) of the chosen container.
    pub body_chars: usize,
    /// Share of the body's text that is link text.
    pub link_density: f64,
}

pub(crate) fn extract(doc: &Html, raw: &str, page_url: &Url) -> Article {
    let metas = Metas::of(doc);
    let base = base_url(doc, page_url);

    let container = find_body(doc);
    let (text, body_chars, link_chars) = match container {
        Some(c) => body_text(c),
        None => (String::new(), 0, 0),
    };
    let link_density = if body_chars + link_chars == 0 {
        1.0
    } else {
        link_chars as f64 / (body_chars + link_chars) as f64
    };

    let title = title(doc, &metas, raw, container);
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
    for l in share_sources(doc, raw, &base) {
        if !links.contains(&l) && links.len() < MAX_LINKS {
            links.push(l);
        }
    }
    if let Some(l) = &link {
        links.retain(|x| x != l);
    }
    Article {
        item: Item {
            title,
            link,
            date,
            text,
            links,
            truncated: false,
        },
        body_chars,
        link_density,
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
    wechat
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
fn find_body(doc: &Html) -> Option<ElementRef<'_>> {
    let mut fallback = None;
    let matches = select_simple(doc.root_element(), BODY_SELECTORS, 50);
    for (sel, found) in BODY_SELECTORS.iter().zip(matches) {
        let best = found
            .into_iter()
            .map(|e| (e, cjk_count(&plain_text(e, 3000))))
            .max_by_key(|(_, n)| *n);
        if let Some((e, n)) = best {
            if n >= 60 || (n >= 10 && sel.starts_with("#js_content")) {
                return Some(e);
            }
            if n > 0 && fallback.is_none() {
                fallback = Some(e);
            }
        }
    }
    largest_text_block(doc).or(fallback)
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
                if is_hidden(name) {
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

/// Body text, and counts of non-link and link characters.
fn body_text(c: ElementRef) -> (String, usize, usize) {
    let text = plain_text(c, MAX_TEXT_CHARS);
    let mut link_chars = 0usize;
    walk(c, |ev| {
        if let Event::Open(e) = ev {
            if is_hidden(e.value().name()) {
                return Flow::Skip;
            }
            if e.value().name() == "a" {
                link_chars += plain_text(e, 500)
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .count();
                return Flow::Skip;
            }
        }
        Flow::Continue
    });
    let all = text.chars().filter(|c| !c.is_whitespace()).count();
    (text, all.saturating_sub(link_chars), link_chars)
}

fn title(doc: &Html, metas: &Metas, raw: &str, _container: Option<ElementRef>) -> String {
    if let Some(t) = metas.get(&["og:title", "twitter:title", "articletitle"]) {
        return one_line(t);
    }
    if let Some(t) = js_var(raw, "msg_title") {
        if !t.trim().is_empty() {
            return one_line(&t);
        }
    }
    let page_title = title_text(doc);
    // An h1 (or a title-classed heading) that is not the site's logo.
    let mut heading = None;
    let logo_like =
        |t: &str| page_title.ends_with(t) && !page_title.starts_with(t) || t.chars().count() < 4;
    const HEADINGS: &[&str] = &["h1", ".title", "#title", ".article-title", ".tit", "h2"];
    for found in select_simple(doc.root_element(), HEADINGS, 20) {
        for e in found {
            let t = one_line(&plain_text(e, 300));
            if !t.is_empty() && !logo_like(&t) && !inside_furniture(e) {
                heading = Some(t);
                break;
            }
        }
        if heading.is_some() {
            break;
        }
    }
    if let Some(h) = heading {
        return h;
    }
    let stripped = strip_site(&page_title);
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
    walk(doc.root_element(), |ev| {
        if let Event::Open(e) = ev {
            let el = e.value();
            if el.name() == "a" {
                let id = el.attr("id").unwrap_or("");
                let label = one_line(&plain_text(e, 40));
                if id == "js_view_source"
                    || id == "js_share_source"
                    || label.contains("阅读原文")
                    || label.contains("原文链接")
                {
                    for attr in ["href", "data-url", "data-link"] {
                        if let Some(u) = el.attr(attr).and_then(|h| resolve(base, h)) {
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

/// A JavaScript string variable in the raw page (`var msg_link = "…";`, `msg_source_url: '…'`),
/// with WeChat's escapes (`\x26amp;`, `\/`) and HTML entities undone.
pub(crate) fn js_var(raw: &str, name: &str) -> Option<String> {
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
            if out.len() > 8192 {
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
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
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
