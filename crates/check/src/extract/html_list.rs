//! HTML list pages: a government site's column (`<ul class="list"><li><a …>…</a><span>
//! 2026-11-18</span></li>…`), a news site's section, a table of notices.
//!
//! Heuristics, in order:
//! 1. Candidate anchors: an `href` to an http(s) page and a label (visible text or `title`
//!    attribute) with at least [`MIN_CJK`] CJK characters. Anchors inside navigation, headers,
//!    footers, breadcrumbs, pagers and "friendly links" (by tag, id or class) are ignored.
//! 2. Containers: every ancestor (up to [`MAX_LEVELS`] up) of a candidate counts the distinct
//!    child branches holding candidates. A list is the element with many branches that look
//!    alike (same tag and class) and carry dates: score = branches × regularity × (1 + ½ ×
//!    share of branches with a date) × a small bonus or malus from id/class words (list,
//!    news… / side, hot, rank, related…).
//! 3. Siblings of the winner with the same tag and class (a column split into several
//!    `<ul>` of five) are merged in; then the other blocks of dated entries (a portal shows
//!    several columns), after the main list.
//! 4. Each branch yields one item: its best anchor; the title attribute when the visible text
//!    is shorter or cut ("…") and the attribute starts the same way; the first date near the
//!    anchor (`2026-11-18`, `2026年11月18日`, `[11-18]`), else a date in the URL
//!    (`t20261118_123.html`); truncated when the shown title ends with an ellipsis.

use std::collections::HashMap;

use scraper::{ElementRef, Html};
use url::Url;

use super::dates;
use super::html::{
    base_url, body, cjk_count, id_class, is_hidden, looks_truncated, one_line, plain_text,
    plain_text_with, resolve, strip_ellipsis, truncate_chars, walk, Event, Flow, TextOpts,
};
use super::MAX_ITEMS;
use crate::item::Item;

/// CJK characters a label needs to be a post title rather than a menu entry.
const MIN_CJK: usize = 6;
/// How far up from an anchor a container may be.
const MAX_LEVELS: usize = 6;
/// Candidate anchors considered at most (a page with more is not a list we can use anyway).
const MAX_CANDIDATES: usize = 20_000;
/// Containers whose dates are examined (the best by branches × regularity).
const DATE_CHECKED: usize = 12;
/// A block of at least this many entries, most of them dated, is read besides the main list
/// (a portal's columns: 要闻, 通知公告, 辟谣专栏…)…
const EXTRA_MIN_ENTRIES: usize = 4;
/// …up to this many blocks in all.
const MAX_BLOCKS: usize = 6;

struct Cand<'a> {
    a: ElementRef<'a>,
    visible: String,
    title_attr: String,
    href: String,
    /// A date shown inside the anchor (a card-like item wrapped in one `<a>`).
    date: Option<String>,
}

impl Cand<'_> {
    fn weight(&self) -> usize {
        cjk_count(&self.visible).max(cjk_count(&self.title_attr))
    }
}

struct Container<'a> {
    el: ElementRef<'a>,
    /// Child branches holding candidates (in document order) and their candidates.
    units: Vec<(ElementRef<'a>, Vec<usize>)>,
}

/// The items of a list page (possibly empty).
pub(crate) fn extract(doc: &Html, page_url: &Url) -> Vec<Item> {
    let base = base_url(doc, page_url);
    let cands = candidates(doc, &base);
    if cands.is_empty() {
        return Vec::new();
    }
    // Containers by node, with their branches.
    let mut index = HashMap::new();
    let mut conts: Vec<Container> = Vec::new();
    for (ci, c) in cands.iter().enumerate() {
        let mut child = c.a;
        for anc in c.a.ancestors().take(MAX_LEVELS) {
            let Some(el) = ElementRef::wrap(anc) else {
                break;
            };
            if el.value().name() == "html" {
                break;
            }
            let i = *index.entry(anc.id()).or_insert_with(|| {
                conts.push(Container {
                    el,
                    units: Vec::new(),
                });
                conts.len() - 1
            });
            let units = &mut conts[i].units;
            match units.last_mut() {
                Some((b, v)) if *b == child => v.push(ci),
                _ => units.push((child, vec![ci])),
            }
            child = el;
        }
    }
    // Rank by branches × regularity, then look at dates of the best few.
    let mut ranked: Vec<(usize, f64)> = conts
        .iter()
        .enumerate()
        .map(|(i, c)| (i, base_score(c)))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut best: Option<(usize, f64)> = None;
    // Other blocks of dated entries (a portal's several columns): (container, score).
    let mut dated_blocks: Vec<(usize, f64)> = Vec::new();
    for &(i, s) in ranked.iter().take(DATE_CHECKED) {
        let c = &conts[i];
        let h = hint(c.el);
        // A container that cannot beat the best even if all its branches had dates (the
        // dates raise the score by at most half) can only be another column: too small for
        // one, it is left; otherwise a sample of its entries tells whether they are dated.
        let hopeless = best.is_some_and(|(_, bs)| s * 1.5 * h <= bs + 1e-9);
        if hopeless && c.units.len() < EXTRA_MIN_ENTRIES {
            continue;
        }
        let sample = if hopeless { 12 } else { 60 };
        let with_dates = c
            .units
            .iter()
            .take(sample)
            .filter(|(b, v)| unit_date(*b, &cands[best_cand(&cands, v)]).is_some())
            .count();
        let share = with_dates as f64 / c.units.len().min(sample) as f64;
        let score = s * (1.0 + 0.5 * share) * h;
        if c.units.len() >= EXTRA_MIN_ENTRIES && share >= 0.5 {
            dated_blocks.push((i, score));
        }
        // Prefer the deeper container on (near) ties: it is the list, not its wrapper.
        if best.is_none_or(|(_, bs)| score > bs + 1e-9) {
            best = Some((i, score));
        }
    }
    let Some((bi, _)) = best else {
        return Vec::new();
    };
    let winner = &conts[bi];
    let sig = signature(winner.el);
    let parent = winner.el.parent();
    let mut chosen: Vec<&Container> = conts
        .iter()
        .filter(|c| {
            c.el == winner.el
                || (c.el.parent() == parent && parent.is_some() && signature(c.el) == sig)
        })
        .collect();
    chosen.sort_by_key(|c| c.units.first().map(|u| u.1[0]).unwrap_or(usize::MAX));
    // Then the other blocks of dated entries, best first, none inside or around another.
    dated_blocks.sort_by(|a, b| b.1.total_cmp(&a.1));
    for (i, _) in dated_blocks {
        let c = &conts[i];
        let overlaps = chosen.iter().any(|o| {
            o.el == c.el
                || o.el.ancestors().any(|a| a == *c.el)
                || c.el.ancestors().any(|a| a == *o.el)
        });
        if !overlaps && chosen.len() < MAX_BLOCKS && !furniture(c.el, false) {
            chosen.push(c);
        }
    }
    let mut items = Vec::new();
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for c in chosen {
        for (branch, v) in &c.units {
            if items.len() >= MAX_ITEMS {
                return items;
            }
            let cand = &cands[best_cand(&cands, v)];
            if !seen.insert(cand.href.as_str()) {
                continue;
            }
            items.push(item(*branch, cand, v, &cands));
        }
    }
    items
}

fn best_cand(cands: &[Cand], v: &[usize]) -> usize {
    let mut best = v[0];
    for &i in v {
        if cands[i].weight() > cands[best].weight() {
            best = i;
        }
    }
    best
}

/// Branches × regularity (share of branches with the most common tag and class).
fn base_score(c: &Container) -> f64 {
    let n = c.units.len();
    if n == 0 {
        return 0.0;
    }
    // By (tag, class): `signature` without building a string per branch.
    let mut counts: HashMap<(&str, &str), usize> = HashMap::new();
    for (b, _) in c.units.iter().take(200) {
        let key = (
            b.value().name(),
            super::html::attr_of(b.value(), "class")
                .unwrap_or("")
                .trim(),
        );
        *counts.entry(key).or_default() += 1;
    }
    let top = counts.values().copied().max().unwrap_or(0) as f64 / n.min(200) as f64;
    n as f64 * top * top
}

fn signature(e: ElementRef) -> String {
    format!(
        "{}.{}",
        e.value().name(),
        super::html::attr_of(e.value(), "class")
            .unwrap_or("")
            .trim()
    )
}

/// id/class words of the container and its parent.
fn hint(e: ElementRef) -> f64 {
    let mut words = id_class(e);
    if let Some(p) = e.parent().and_then(ElementRef::wrap) {
        words.push(' ');
        words.push_str(&id_class(p));
    }
    const GOOD: &[&str] = &[
        "list", "news", "article", "xxgk", "lb", "content", "main", "column", "info",
    ];
    const BAD_PREFIX: &[&str] = &[
        "side",
        "hot",
        "rank",
        "recommend",
        "related",
        "tuijian",
        "xgxw",
        "xgwz",
        "friend",
        "banner",
        "advert",
    ];
    const BAD_EXACT: &[&str] = &["ad", "ads", "tj", "link", "links", "yqlj", "rmtj", "xgyd"];
    let tokens: Vec<&str> = words
        .split([' ', '-', '_'])
        .filter(|t| !t.is_empty())
        .collect();
    let mut f = 1.0;
    if tokens.iter().any(|t| GOOD.iter().any(|g| t.contains(g))) {
        f *= 1.2;
    }
    if tokens
        .iter()
        .any(|t| BAD_PREFIX.iter().any(|b| t.starts_with(b)) || BAD_EXACT.contains(t))
    {
        f *= 0.6;
    }
    f
}

/// Is this element page furniture (navigation, header, footer, pager, breadcrumbs)?
fn furniture(e: ElementRef, in_item: bool) -> bool {
    let name = e.value().name();
    if name == "nav" || ((name == "header" || name == "footer") && !in_item) {
        return true;
    }
    let words = id_class(e);
    if words.is_empty() {
        return false;
    }
    const PREFIX: &[&str] = &[
        "nav",
        "menu",
        "breadcrumb",
        "crumb",
        "footer",
        "header",
        "friend",
        "yqlj",
        "copyright",
        "pagination",
        "pager",
    ];
    const EXACT: &[&str] = &[
        "foot", "head", "top", "topbar", "bottom", "dh", "position", "location", "weizhi", "dqwz",
        "page", "pages", "share", "login",
    ];
    words
        .split([' ', '-', '_'])
        .filter(|t| !t.is_empty())
        .any(|t| PREFIX.iter().any(|p| t.starts_with(p)) || EXACT.contains(&t))
}

fn candidates<'a>(doc: &'a Html, base: &Url) -> Vec<Cand<'a>> {
    let mut out = Vec::new();
    let mut item_depth = 0usize;
    walk(body(doc), |ev| {
        match ev {
            Event::Open(e) => {
                let name = e.value().name();
                if is_hidden(name) || furniture(e, item_depth > 0) {
                    return Flow::Skip;
                }
                if matches!(name, "li" | "article" | "tr" | "dd") {
                    item_depth += 1;
                }
                if name == "a" {
                    if let Some(h) = super::html::attr_of(e.value(), "href") {
                        // The label first: resolving a URL costs more than most labels, and
                        // most anchors that are not posts fail on their label.
                        let (visible, date) = anchor_label(e);
                        let title_attr =
                            clean_label(super::html::attr_of(e.value(), "title").unwrap_or(""));
                        if cjk_count(&visible) >= MIN_CJK || cjk_count(&title_attr) >= MIN_CJK {
                            if let Some(href) = resolve(base, h) {
                                out.push(Cand {
                                    a: e,
                                    visible,
                                    title_attr,
                                    href,
                                    date,
                                });
                            }
                        }
                    }
                }
            }
            Event::Close(e) => {
                if matches!(e.value().name(), "li" | "article" | "tr" | "dd") {
                    item_depth = item_depth.saturating_sub(1);
                }
            }
            Event::Text(_) => {}
        }
        if out.len() >= MAX_CANDIDATES {
            Flow::Stop
        } else {
            Flow::Continue
        }
    });
    out
}

/// The visible title of an anchor, and a date shown inside it. When the anchor wraps a whole
/// card (`<a><h3>title</h3><p>summary</p><span>date</span></a>`), the title is its heading
/// (an `h1`–`h6` or an element whose class says title); a date at the end of a plain label
/// ("关于……的说明 2026-11-18") is not part of the title.
fn anchor_label(a: ElementRef) -> (String, Option<String>) {
    let mut heading = None;
    walk(a, |ev| {
        if let Event::Open(e) = ev {
            let name = e.value().name();
            let classy = super::html::attr_of(e.value(), "class").is_some_and(|c| {
                c.split_ascii_whitespace()
                    .any(|k| k.contains("title") || k.contains("tit"))
            });
            if matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6") || classy {
                let t = clean_label(&plain_text(e, 500));
                if cjk_count(&t) >= 2 {
                    heading = Some(t);
                    return Flow::Stop;
                }
            }
        }
        Flow::Continue
    });
    let all = clean_label(&plain_text(a, 2000));
    let date = dates::find_date(&all).map(|f| f.value);
    if let Some(h) = heading {
        return (h, date);
    }
    // A trailing date, in brackets or not.
    let trimmed = all.trim_end_matches([']', '】', ')', '）', ' ']);
    if let Some(f) = dates::find_date(trimmed) {
        if f.end == trimmed.len() && f.start > 0 {
            let label = trimmed[..f.start]
                .trim_end_matches(['[', '【', '(', '（', ' '])
                .trim_end();
            return (label.to_string(), Some(f.value));
        }
    }
    (truncate_chars(&all, 500), None)
}

fn clean_label(s: &str) -> String {
    let s = one_line(s);
    s.trim_start_matches([
        '·', '•', '■', '□', '◆', '◇', '●', '○', '▪', '▶', '►', '>', '》', '-', ' ', '\u{3000}',
    ])
    .trim()
    .to_string()
}

/// Title and truncation from the visible text and the `title` attribute.
fn title_of(c: &Cand) -> (String, bool) {
    let core = strip_ellipsis(&c.visible);
    let attr = &c.title_attr;
    let prefix: String = core.chars().take(4).collect();
    let use_attr = !attr.is_empty()
        && cjk_count(attr) >= 2
        && attr.chars().count() >= core.chars().count()
        && (core.is_empty() || attr.contains(&prefix));
    if use_attr {
        (attr.clone(), looks_truncated(attr))
    } else {
        (c.visible.clone(), looks_truncated(&c.visible))
    }
}

/// Text near the anchor that is not the anchor: the rest of the branch, or, when the
/// anchor is itself the branch, the siblings that follow it up to the next anchor or `<br>`.
fn context_text(branch: ElementRef, anchor: ElementRef) -> String {
    if branch == anchor {
        let mut s = String::new();
        let mut next = anchor.next_sibling();
        let mut n = 0;
        while let Some(node) = next {
            n += 1;
            if n > 8 || s.len() > 300 {
                break;
            }
            if let Some(t) = node.value().as_text() {
                s.push_str(t);
            } else if let Some(e) = ElementRef::wrap(node) {
                if matches!(e.value().name(), "a" | "br" | "li" | "p" | "div") {
                    break;
                }
                s.push(' ');
                s.push_str(&plain_text(e, 300));
            }
            next = node.next_sibling();
        }
        return one_line(&s);
    }
    let skip = |e: ElementRef| e == anchor;
    one_line(&plain_text_with(
        branch,
        &TextOpts {
            max_chars: 1000,
            img_alt: false,
            skip: Some(&skip),
        },
    ))
}

fn unit_date(branch: ElementRef, c: &Cand) -> Option<String> {
    dates::find_date(&context_text(branch, c.a)).map(|f| f.value)
}

fn item(branch: ElementRef, c: &Cand, others: &[usize], cands: &[Cand]) -> Item {
    let (title, truncated) = title_of(c);
    let ctx = context_text(branch, c.a);
    let found = dates::find_date(&ctx);
    let date = found
        .as_ref()
        .map(|f| f.value.clone())
        .or_else(|| c.date.clone())
        .or_else(|| dates::date_in_url(&c.href));
    let text = match &found {
        Some(f) => format!("{} {}", &ctx[..f.start], &ctx[f.end..]),
        None => ctx.clone(),
    };
    let text =
        one_line(text.trim_matches(|ch: char| ch.is_whitespace() || "[]【】()（）".contains(ch)));
    let mut links: Vec<String> = Vec::new();
    for &i in others {
        if cands[i].href != c.href && !links.contains(&cands[i].href) {
            links.push(cands[i].href.clone());
        }
    }
    Item {
        title: truncate_chars(&title, 1000),
        link: Some(c.href.clone()),
        date,
        text: truncate_chars(&text, 2000),
        links,
        truncated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(html: &str) -> Vec<Item> {
        let doc = super::super::html::parse_document(html);
        extract(
            &doc,
            &Url::parse("http://www.yunchuan.gov.cn/xxgk/pyzl/index.html").unwrap(),
        )
    }

    #[test]
    fn picks_the_list_not_the_menu() {
        let html = r#"<html><body>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/xxgk/">政府信息公开专栏目录</a></li><li><a href="/hdjl/">互动交流栏目总入口</a></li></ul></div>
<div class="side"><ul class="hot"><li><a href="/a/1.html">热点：云川区召开全区安全生产工作会议</a></li><li><a href="/a/2.html">热点：云川区开展消防安全大检查活动</a></li></ul></div>
<div class="main"><ul class="list">
<li><a href="./202611/t20261118_123.html" title="关于网传云川区自来水受污染的情况说明">关于网传云川区自来水受污染的情...</a><span>2026-11-18</span></li>
<li><a href="./202611/t20261115_120.html">网传“云川一中发生食物中毒”系谣言</a><span>2026-11-15</span></li>
<li><a href="./202611/t20261110_118.html">网传“城东街道封路三个月”不实…</a><span>2026-11-10</span></li>
</ul></div>
<div class="footer"><a href="/about.html">关于我们网站地图联系我们</a></div>
</body></html>"#;
        let items = run(html);
        assert_eq!(items.len(), 3, "{items:#?}");
        assert_eq!(items[0].title, "关于网传云川区自来水受污染的情况说明");
        assert!(!items[0].truncated);
        assert_eq!(
            items[0].link.as_deref(),
            Some("http://www.yunchuan.gov.cn/xxgk/pyzl/202611/t20261118_123.html")
        );
        assert_eq!(items[0].date.as_deref(), Some("2026-11-18"));
        assert_eq!(items[2].title, "网传“城东街道封路三个月”不实…");
        assert!(items[2].truncated);
    }

    #[test]
    fn card_anchors_and_dates_inside_anchors() {
        let html = r#"<div class="m-list">
<a class="card" href="/a/1.html"><h4>网传“云川区停水三天”系谣言</h4><p>区水务局：计划检修仅影响两个小区。</p><span>2026-11-18</span></a>
<a class="card" href="/a/2.html"><h4>网传“城东街道封路”系谣言</h4><p>实为分段施工。</p><span>2026-11-15</span></a>
</div>
<ul class="news"><li><a href="/b/1.html">关于网传区医院停诊的情况说明 [2026-11-09]</a></li><li><a href="/b/2.html">关于网传学校停课的情况说明（11-08）</a></li><li><a href="/b/3.html">关于网传大米含塑料的情况说明 2026年11月5日</a></li></ul>"#;
        let items = run(html);
        let titles: Vec<&str> = items.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "关于网传区医院停诊的情况说明",
                "关于网传学校停课的情况说明",
                "关于网传大米含塑料的情况说明"
            ]
        );
        assert_eq!(items[0].date.as_deref(), Some("2026-11-09"));
        assert_eq!(items[1].date.as_deref(), Some("11-08"));
        assert_eq!(items[2].date.as_deref(), Some("2026-11-05"));
        let cards = run(&html[..html.find("<ul").unwrap()]);
        assert_eq!(cards.len(), 2);
        assert_eq!(cards[0].title, "网传“云川区停水三天”系谣言");
        assert_eq!(cards[0].date.as_deref(), Some("2026-11-18"));
    }

    #[test]
    fn a_portal_gives_its_several_columns() {
        let col = |class: &str, n: usize, label: &str, day: usize| -> String {
            let lis: String = (0..n)
                .map(|i| format!("<li><a href=\"/{class}/{i}.html\">{label}第{i}期工作动态信息发布</a><span>2026-11-{:02}</span></li>", day - i % 5))
                .collect();
            format!("<div class=\"{class}\"><ul>{lis}</ul></div>")
        };
        let html = format!(
            "<html><body><div class=\"main\">{}</div><div class=\"right\">{}{}</div></body></html>",
            col("yw", 15, "云川要闻", 20),
            col("tzgg", 6, "通知公告", 19),
            col("pyzl", 5, "辟谣专栏", 21).replace(
                "辟谣专栏第0期工作动态信息发布",
                "关于网传云川区自来水受污染的情况说明"
            ),
        );
        let items = run(&html);
        assert_eq!(
            items.len(),
            26,
            "{:#?}",
            items.iter().map(|i| &i.title).collect::<Vec<_>>()
        );
        // The main list first.
        assert!(items[0].title.starts_with("云川要闻"));
        assert!(items
            .iter()
            .any(|i| i.title == "关于网传云川区自来水受污染的情况说明"));
    }

    #[test]
    fn anchors_separated_by_br() {
        let html = r#"<div class="con"><a href="/1.html">云川区辟谣：网传学校停课消息不实</a> [11-18]<br><a href="/2.html">云川区辟谣：网传菜市场关闭消息不实</a> [11-17]<br></div>"#;
        let items = run(html);
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].date.as_deref(), Some("11-17"));
        assert_eq!(items[1].text, "");
    }
}
