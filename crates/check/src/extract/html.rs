//! Shared DOM helpers: bounded parsing, plain text, links, `<meta>` lookups, CJK counts.

use scraper::{ElementRef, Html, Node};
use url::Url;

use super::sanitize::sanitize;

/// HTML beyond this many bytes is not parsed (real list and article pages are well under
/// 1 MB once scripts are gone; WeChat pages reach 2–3 MB with their scripts).
pub(crate) const MAX_HTML_BYTES: usize = 3 * 1024 * 1024;

/// A document, parsed after truncation and the [`sanitize`] pre-pass.
pub(crate) fn parse_document(text: &str) -> Html {
    Html::parse_document(&sanitize(cut(text, MAX_HTML_BYTES)))
}

/// A fragment (a post's HTML text, a feed summary), bounded the same way.
pub(crate) fn parse_fragment(text: &str) -> Html {
    Html::parse_fragment(&sanitize(cut(text, MAX_HTML_BYTES)))
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
pub(crate) fn cut(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// At most `max` characters of `s`.
pub(crate) fn truncate_chars(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => s[..i].to_string(),
        None => s.to_string(),
    }
}

pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

pub(crate) fn cjk_count(s: &str) -> usize {
    s.chars().filter(|&c| is_cjk(c)).count()
}

/// A list title or text cut short by the site: ends with "..." or "…".
pub(crate) fn looks_truncated(s: &str) -> bool {
    let t = s.trim_end();
    t.ends_with("...")
        || t.ends_with('…')
        || t.ends_with("。。。")
        || t.ends_with("．．．")
        || t.ends_with('⋯')
}

/// Strip a trailing ellipsis.
pub(crate) fn strip_ellipsis(s: &str) -> &str {
    let mut t = s.trim_end();
    loop {
        let before = t;
        for e in ["...", "…", "。。。", "．．．", "⋯", "."] {
            t = t.strip_suffix(e).unwrap_or(t).trim_end();
        }
        if t == before {
            return t;
        }
    }
}

/// An absolute http(s) URL for `href` against `base`; `None` for script links, fragments,
/// mail links and the like.
pub(crate) fn resolve(base: &Url, href: &str) -> Option<String> {
    let href = href.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    let lower: String = href
        .chars()
        .take(12)
        .collect::<String>()
        .to_ascii_lowercase();
    if [
        "javascript:",
        "mailto:",
        "tel:",
        "data:",
        "about:",
        "vbscript:",
        "sms:",
        "weixin:",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
    {
        return None;
    }
    let url = base.join(href).ok()?;
    match url.scheme() {
        "http" | "https" => Some(url.to_string()),
        _ => None,
    }
}

/// The document's `<base href>` resolved against the page URL, else the page URL.
pub(crate) fn base_url(doc: &Html, page_url: &Url) -> Url {
    let mut base = None;
    walk(doc.root_element(), |ev| match ev {
        Event::Open(e) if e.value().name() == "base" => {
            base = e
                .value()
                .attr("href")
                .and_then(|h| page_url.join(h.trim()).ok());
            Flow::Stop
        }
        Event::Open(e) if e.value().name() == "body" => Flow::Stop,
        _ => Flow::Continue,
    });
    base.filter(|u| matches!(u.scheme(), "http" | "https"))
        .unwrap_or_else(|| page_url.clone())
}

pub(crate) enum Event<'a> {
    Open(ElementRef<'a>),
    Close(ElementRef<'a>),
    Text(&'a str),
}

#[derive(PartialEq, Eq, Clone, Copy)]
pub(crate) enum Flow {
    Continue,
    /// On `Open`: do not enter this element (no `Close` follows).
    Skip,
    Stop,
}

/// Depth-first walk below `root` (not including it), iterative: no recursion whatever the
/// depth of the tree.
pub(crate) fn walk<'a>(root: ElementRef<'a>, mut f: impl FnMut(Event<'a>) -> Flow) {
    let root_node = *root;
    let mut cur = root_node.first_child();
    while let Some(n) = cur {
        let mut descend = false;
        match n.value() {
            Node::Text(t) if f(Event::Text(&t.text)) == Flow::Stop => return,
            Node::Text(_) => {}
            Node::Element(_) => {
                if let Some(e) = ElementRef::wrap(n) {
                    match f(Event::Open(e)) {
                        Flow::Stop => return,
                        Flow::Skip => {}
                        Flow::Continue => {
                            if n.has_children() {
                                descend = true;
                            } else if f(Event::Close(e)) == Flow::Stop {
                                return;
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        if descend {
            cur = n.first_child();
            continue;
        }
        let mut m = n;
        cur = loop {
            if let Some(s) = m.next_sibling() {
                break Some(s);
            }
            match m.parent() {
                Some(p) if p != root_node => {
                    if let Some(pe) = ElementRef::wrap(p) {
                        if f(Event::Close(pe)) == Flow::Stop {
                            return;
                        }
                    }
                    m = p;
                }
                _ => break None,
            }
        };
    }
}

/// Elements whose content is never text of a post.
pub(crate) fn is_hidden(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "head"
            | "iframe"
            | "object"
            | "svg"
            | "math"
            | "select"
            | "textarea"
            | "button"
            | "canvas"
            | "video"
            | "audio"
    )
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "br"
            | "li"
            | "ul"
            | "ol"
            | "tr"
            | "table"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "blockquote"
            | "pre"
            | "dd"
            | "dt"
            | "dl"
            | "form"
            | "figure"
            | "figcaption"
            | "hr"
            | "address"
            | "aside"
            | "nav"
            | "main"
            | "center"
            | "tbody"
            | "body"
            | "html"
    )
}

/// Options for [`plain_text_with`].
pub(crate) struct TextOpts<'s> {
    pub max_chars: usize,
    /// Include `alt` of images (Weibo emoticons are `<img alt="[微笑]">`).
    pub img_alt: bool,
    /// Subtrees to leave out (returns true to skip).
    pub skip: Option<&'s dyn Fn(ElementRef) -> bool>,
}

/// Plain text below `root`: no markup, no scripts or styles, entities decoded, one line per
/// block, whitespace collapsed.
pub(crate) fn plain_text(root: ElementRef, max_chars: usize) -> String {
    plain_text_with(
        root,
        &TextOpts {
            max_chars,
            img_alt: false,
            skip: None,
        },
    )
}

pub(crate) fn plain_text_with(root: ElementRef, opts: &TextOpts) -> String {
    let mut raw = String::new();
    // Raw text can hold much whitespace; bound it generously, then trim after normalising.
    let budget = opts.max_chars.saturating_mul(4).saturating_add(64);
    walk(root, |ev| {
        match ev {
            Event::Open(e) => {
                let name = e.value().name();
                if is_hidden(name) || opts.skip.is_some_and(|s| s(e)) {
                    return Flow::Skip;
                }
                if is_block(name) {
                    raw.push('\n');
                } else if matches!(name, "td" | "th") {
                    raw.push(' ');
                } else if name == "img" && opts.img_alt {
                    if let Some(alt) = attr_of(e.value(), "alt") {
                        raw.push_str(alt);
                    }
                }
            }
            Event::Close(e) => {
                let name = e.value().name();
                if is_block(name) {
                    raw.push('\n');
                } else if matches!(name, "td" | "th") {
                    raw.push(' ');
                }
            }
            Event::Text(t) => {
                for c in t.chars() {
                    raw.push(if c.is_whitespace() { ' ' } else { c });
                }
            }
        }
        if raw.len() > budget {
            Flow::Stop
        } else {
            Flow::Continue
        }
    });
    let text = normalize_lines(&raw);
    if text.chars().count() > opts.max_chars {
        truncate_chars(&text, opts.max_chars)
    } else {
        text
    }
}

/// Collapse whitespace inside lines (U+3000 and NBSP included), trim lines, drop empty ones.
pub(crate) fn normalize_lines(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for line in raw.split('\n') {
        let mut first = true;
        for word in line.split(char::is_whitespace).filter(|w| !w.is_empty()) {
            if first {
                if !out.is_empty() {
                    out.push('\n');
                }
                first = false;
            } else {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    out
}

/// One line: whitespace (newlines included) collapsed to single spaces.
pub(crate) fn one_line(s: &str) -> String {
    s.split(char::is_whitespace)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Absolute hrefs of the anchors below `root`, in order, without duplicates.
pub(crate) fn hrefs(root: ElementRef, base: &Url, max: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    walk(root, |ev| {
        if let Event::Open(e) = ev {
            if is_hidden(e.value().name()) {
                return Flow::Skip;
            }
            if e.value().name() == "a" {
                if let Some(u) = attr_of(e.value(), "href").and_then(|h| resolve(base, h)) {
                    if !out.contains(&u) {
                        out.push(u);
                    }
                }
            }
        }
        if out.len() >= max {
            Flow::Stop
        } else {
            Flow::Continue
        }
    });
    out
}

/// Plain text and links of an HTML snippet (a feed summary, a post's text).
pub(crate) fn fragment_text_and_links(
    html: &str,
    base: &Url,
    max_chars: usize,
    img_alt: bool,
) -> (String, Vec<String>) {
    if !html.contains('<') && !html.contains('&') {
        let text = normalize_lines(html);
        return (truncate_chars(&text, max_chars), Vec::new());
    }
    if let Some(text) = paragraphs_text(html, max_chars) {
        return (text, Vec::new());
    }
    let doc = parse_fragment(html);
    let root = doc.root_element();
    let text = plain_text_with(
        root,
        &TextOpts {
            max_chars,
            img_alt,
            skip: None,
        },
    );
    let links = hrefs(root, base, super::MAX_LINKS);
    (text, links)
}

/// The plain text of a fragment whose only markup is `<p>`, `</p>` and `<br>` (a feed entry's
/// body, a post with line breaks), without building a document: exactly what parsing and
/// [`plain_text_with`] give. Every such tag is a block boundary there (an end tag without
/// its start makes an empty paragraph), so text runs separated by at least one tag are
/// separate lines, whitespace inside a run is a space, and [`normalize_lines`] makes the
/// number of line breaks irrelevant. None for anything else (other markup, character
/// references, NULs, which the parser drops) and for fragments long enough for the text
/// budget of [`plain_text_with`] to matter.
fn paragraphs_text(html: &str, max_chars: usize) -> Option<String> {
    let budget = max_chars.saturating_mul(4).saturating_add(64);
    if html.len().saturating_mul(2) > budget || html.contains(['&', '\0']) {
        return None;
    }
    let mut raw = String::with_capacity(html.len() + 8);
    let push = |raw: &mut String, s: &str| {
        for c in s.chars() {
            raw.push(if c.is_whitespace() { ' ' } else { c });
        }
    };
    let mut rest = html;
    while let Some(p) = rest.find('<') {
        push(&mut raw, &rest[..p]);
        let tail = &rest[p..];
        let len = ["<p>", "</p>", "<br>", "<br/>", "<br />"]
            .iter()
            .find(|t| tail.starts_with(**t))?
            .len();
        raw.push('\n');
        rest = &tail[len..];
    }
    push(&mut raw, rest);
    let text = normalize_lines(&raw);
    Some(if text.chars().count() > max_chars {
        truncate_chars(&text, max_chars)
    } else {
        text
    })
}

/// `<meta>` values by lower-cased `name`, `property`, `itemprop` or `http-equiv`.
pub(crate) struct Metas(Vec<(String, String)>);

impl Metas {
    pub(crate) fn of(doc: &Html) -> Metas {
        let mut v = Vec::new();
        walk(doc.root_element(), |ev| {
            if let Event::Open(e) = ev {
                let el = e.value();
                if el.name() == "meta" {
                    if let Some(content) = attr_of(el, "content") {
                        for key in ["name", "property", "itemprop", "http-equiv"] {
                            if let Some(k) = attr_of(el, key) {
                                v.push((k.trim().to_ascii_lowercase(), content.trim().to_string()));
                            }
                        }
                    }
                } else if el.name() == "link" {
                    if let (Some(rel), Some(href)) = (attr_of(el, "rel"), attr_of(el, "href")) {
                        if rel.trim().eq_ignore_ascii_case("canonical") {
                            v.push(("link:canonical".into(), href.trim().to_string()));
                        }
                    }
                }
                if v.len() > 500 {
                    return Flow::Stop;
                }
            }
            Flow::Continue
        });
        Metas(v)
    }

    /// The first non-empty value among `keys` (lower case), in the order of `keys`.
    pub(crate) fn get(&self, keys: &[&str]) -> Option<&str> {
        keys.iter().find_map(|k| {
            self.0
                .iter()
                .find(|(n, c)| n == k && !c.is_empty())
                .map(|(_, c)| c.as_str())
        })
    }
}

/// The text of the document's `<title>`.
pub(crate) fn title_text(doc: &Html) -> String {
    let mut title = String::new();
    walk(doc.root_element(), |ev| match ev {
        Event::Open(e) if e.value().name() == "title" => {
            for t in e.text() {
                title.push_str(t);
            }
            Flow::Stop
        }
        Event::Open(e) if e.value().name() == "body" => Flow::Stop,
        _ => Flow::Continue,
    });
    one_line(&title)
}

/// The `<body>` element, else the root.
pub(crate) fn body(doc: &Html) -> ElementRef<'_> {
    let mut found = None;
    walk(doc.root_element(), |ev| match ev {
        Event::Open(e) if e.value().name() == "body" => {
            found = Some(e);
            Flow::Stop
        }
        Event::Open(e) if e.value().name() == "head" => Flow::Skip,
        _ => Flow::Continue,
    });
    found.unwrap_or_else(|| doc.root_element())
}

/// Elements matching simple selectors (`tag`, `#id`, `.class`), in one walk of the tree:
/// for each selector, at most `max` matches in document order. Hidden subtrees are skipped.
pub(crate) fn select_simple<'a>(
    root: ElementRef<'a>,
    sels: &[&str],
    max: usize,
) -> Vec<Vec<ElementRef<'a>>> {
    enum Sel<'s> {
        Id(&'s str),
        Class(&'s str),
        Tag(&'s str),
    }
    let compiled: Vec<Sel> = sels
        .iter()
        .map(|s| {
            if let Some(id) = s.strip_prefix('#') {
                Sel::Id(id)
            } else if let Some(class) = s.strip_prefix('.') {
                Sel::Class(class)
            } else {
                Sel::Tag(s)
            }
        })
        .collect();
    let mut out: Vec<Vec<ElementRef<'a>>> = vec![Vec::new(); sels.len()];
    let mut classes: Vec<&str> = Vec::new();
    walk(root, |ev| {
        if let Event::Open(e) = ev {
            let el = e.value();
            if is_hidden(el.name()) {
                return Flow::Skip;
            }
            // Looked up once per element: an attribute lookup interns its name.
            let id = el.id();
            classes.clear();
            if let Some(c) = attr_of(el, "class") {
                classes.extend(c.split_ascii_whitespace());
            }
            for (i, sel) in compiled.iter().enumerate() {
                if out[i].len() >= max {
                    continue;
                }
                let hit = match sel {
                    Sel::Id(want) => id == Some(*want),
                    // Class names as old pages write them (quirks mode matches any case).
                    Sel::Class(class) => classes.iter().any(|x| x.eq_ignore_ascii_case(class)),
                    Sel::Tag(tag) => el.name() == *tag,
                };
                if hit {
                    out[i].push(e);
                }
            }
        }
        Flow::Continue
    });
    out
}

/// An attribute's value. (Scraper's `Element::attr` interns the name on every call; most
/// elements have two or three attributes, compared here as they are.)
#[inline]
pub(crate) fn attr_of<'a>(el: &'a scraper::node::Element, name: &str) -> Option<&'a str> {
    el.attrs().find(|(k, _)| *k == name).map(|(_, v)| v)
}

/// Lower-cased id and class of an element, space-separated (for hint matching).
pub(crate) fn id_class(e: ElementRef) -> String {
    let el = e.value();
    let mut s = String::new();
    if let Some(id) = attr_of(el, "id") {
        s.push_str(id);
    }
    if let Some(c) = attr_of(el, "class") {
        s.push(' ');
        s.push_str(c);
    }
    s.to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path for `<p>`/`<br>` fragments gives what parsing gives, on random
    /// sequences of those tags, text, whitespace of every kind and stray `>`; and refuses
    /// anything else.
    #[test]
    fn paragraphs_text_equals_parsing() {
        let parts = [
            "<p>",
            "</p>",
            "<br>",
            "<br/>",
            "<br />",
            "荔枝",
            "a",
            " ",
            "\n",
            "\r\n",
            "\r",
            "\t",
            "\u{3000}",
            "\u{a0}",
            ">",
            "x y",
            "经核实，",
            "…",
            "\u{200b}",
        ];
        let base = Url::parse("https://x.cn/").unwrap();
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for n in 0..4000 {
            let mut html = String::new();
            for _ in 0..(n % 23) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                html.push_str(parts[(seed % parts.len() as u64) as usize]);
            }
            let max = if n % 5 == 0 { 7 } else { 2000 };
            let Some(fast) = paragraphs_text(&html, max) else {
                assert!(html.len() * 2 > max * 4 + 64, "{html:?}");
                continue;
            };
            let doc = parse_fragment(&html);
            let slow = plain_text_with(
                doc.root_element(),
                &TextOpts {
                    max_chars: max,
                    img_alt: true,
                    skip: None,
                },
            );
            assert_eq!(fast, slow, "{html:?}");
            if html.contains('<') {
                // (Without markup an older shortcut applies, which keeps line breaks.)
                assert_eq!(
                    fragment_text_and_links(&html, &base, max, false),
                    (slow, Vec::new())
                );
            }
        }
        for other in [
            "<p class=\"x\">a</p>",
            "a&amp;b<br>",
            "<b>a</b>",
            "</br>",
            "<P>a",
            "a\0<br>b",
            "<a href=\"/x\">a</a>",
        ] {
            assert_eq!(paragraphs_text(other, 2000), None, "{other:?}");
        }
    }

    #[test]
    fn plain_text_drops_scripts_and_collapses() {
        let doc = Html::parse_document(
            "<html><head><title>t</title><style>p{color:red}</style></head><body>\
             <div>关于&nbsp;网传&amp;<b>谣言</b>\n  的说明</div><script>alert('x')</script>\
             <p>第二段</p><p>　　第三段</p><noscript>请启用脚本</noscript></body></html>",
        );
        assert_eq!(
            plain_text(doc.root_element(), 1000),
            "关于 网传&谣言 的说明\n第二段\n第三段"
        );
        assert_eq!(plain_text(body(&doc), 4), "关于 网");
    }

    #[test]
    fn resolve_links() {
        let base = Url::parse("http://www.yunchuan.gov.cn/xxgk/pyzl/index.html").unwrap();
        assert_eq!(
            resolve(&base, " ./202611/t20261118_123.html ").as_deref(),
            Some("http://www.yunchuan.gov.cn/xxgk/pyzl/202611/t20261118_123.html")
        );
        assert_eq!(
            resolve(&base, "../../a.html").as_deref(),
            Some("http://www.yunchuan.gov.cn/a.html")
        );
        assert_eq!(
            resolve(&base, "//m.weibo.cn/status/1").as_deref(),
            Some("http://m.weibo.cn/status/1")
        );
        for bad in [
            "",
            "#top",
            "javascript:void(0)",
            "JavaScript:;",
            "mailto:a@b.cn",
            "ftp://x/y",
        ] {
            assert_eq!(resolve(&base, bad), None, "{bad}");
        }
    }

    #[test]
    fn base_href_and_metas() {
        let doc = Html::parse_document(
            r#"<html><head><base href="/col/col123/"><meta property="og:title" content=" 标题 "><meta name="PubDate" content="2026-11-18 10:00"><link rel="canonical" href="https://x.cn/a"></head><body></body></html>"#,
        );
        let page = Url::parse("https://www.yunchuan.gov.cn/a/b.html").unwrap();
        assert_eq!(
            base_url(&doc, &page).as_str(),
            "https://www.yunchuan.gov.cn/col/col123/"
        );
        let m = Metas::of(&doc);
        assert_eq!(m.get(&["og:title"]), Some("标题"));
        assert_eq!(
            m.get(&["article:published_time", "pubdate"]),
            Some("2026-11-18 10:00")
        );
        assert_eq!(m.get(&["link:canonical"]), Some("https://x.cn/a"));
    }

    #[test]
    fn ellipses() {
        assert!(looks_truncated("关于网传……的情况..."));
        assert!(looks_truncated("关于网传的情况…"));
        assert!(!looks_truncated("关于网传的情况说明"));
        assert_eq!(strip_ellipsis("关于网传的情况..."), "关于网传的情况");
        assert_eq!(cjk_count("关于ab网传"), 4);
        assert_eq!(cut("关于", 4), "关");
    }

    #[test]
    fn walk_survives_deep_trees() {
        let html = format!("{}深处{}", "<span>".repeat(5000), "</span>".repeat(5000));
        let doc = parse_document(&html);
        assert_eq!(plain_text(doc.root_element(), 100), "深处");
    }
}
