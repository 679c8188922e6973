//! RSS 0.9x/1.0/2.0 and Atom feeds, through feed-rs.

use url::Url;

use super::dates;
use super::html::{fragment_text_and_links, looks_truncated, one_line, resolve};
use super::{MAX_ITEMS, MAX_TEXT_CHARS};
use crate::item::Item;

/// Atom 0.3 (Blogger and other blogs of the 2000s, namespace `http://purl.org/atom/ns#`) in the
/// words of Atom 1.0, which feed-rs reads: the namespace, `issued` → `published`, `modified`
/// → `updated`, `tagline` → `subtitle`, MIME content types → `xhtml`/`html`/`text`. Other
/// feeds are returned as they are.
fn atom_03(xml: &str) -> std::borrow::Cow<'_, str> {
    const NS_03: &str = "http://purl.org/atom/ns#";
    if !xml.contains(NS_03) {
        return std::borrow::Cow::Borrowed(xml);
    }
    let mut out = xml.replace(NS_03, "http://www.w3.org/2005/Atom");
    for (old, new) in [
        ("issued", "published"),
        ("modified", "updated"),
        ("tagline", "subtitle"),
    ] {
        out = out
            .replace(&format!("<{old}>"), &format!("<{new}>"))
            .replace(&format!("<{old} "), &format!("<{new} "))
            .replace(&format!("</{old}>"), &format!("</{new}>"));
    }
    // Content types were MIME types in 0.3.
    out = out
        .replace("type=\"application/xhtml+xml\"", "type=\"xhtml\"")
        .replace("type=\"text/html\"", "type=\"html\"")
        .replace("type=\"text/plain\"", "type=\"text\"");
    std::borrow::Cow::Owned(out)
}

/// Quick look: does this text start like a feed?
pub(crate) fn looks_like_feed(text: &str) -> bool {
    let head = super::html::cut(text.trim_start(), 2048).to_ascii_lowercase();
    head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:rdf")
}

/// The feed's items, or `None` when the text is not a feed feed-rs can read.
pub(crate) fn extract(text: &str, page_url: &Url) -> Option<Vec<Item>> {
    let xml = utf8_declaration(text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']));
    let xml = atom_03(&xml);
    if !xml.trim_start().starts_with('<') {
        // feed-rs would try JSON Feed on '{'; we handle JSON elsewhere.
        return None;
    }
    let parser = feed_rs::parser::Builder::new()
        .base_uri(Some(page_url.as_str()))
        .sanitize_content(false)
        .build();
    let feed = parser.parse(xml.as_bytes()).ok()?;
    let mut items = Vec::new();
    for entry in feed.entries.into_iter().take(MAX_ITEMS) {
        let title_raw = entry
            .title
            .as_ref()
            .map(|t| t.content.clone())
            .unwrap_or_default();
        let title = if title_raw.contains('<') || title_raw.contains('&') {
            fragment_text_and_links(&title_raw, page_url, 2000, false).0
        } else {
            title_raw
        };
        let title = one_line(&title);
        let link = entry
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or(entry.links.first())
            .and_then(|l| resolve(page_url, &l.href));
        let date = entry
            .published
            .or(entry.updated)
            .map(|d| dates::epoch(d.timestamp()));
        // Prefer the full content; the summary is often an excerpt.
        let (body, is_html) = match (&entry.content, &entry.summary) {
            (Some(c), _) if c.body.as_deref().is_some_and(|b| !b.trim().is_empty()) => {
                let mime = c.content_type.to_string();
                (
                    c.body.clone().unwrap_or_default(),
                    !mime.starts_with("text/plain"),
                )
            }
            (_, Some(s)) => {
                let mime = s.content_type.to_string();
                (
                    s.content.clone(),
                    !mime.starts_with("text/plain") || s.content.contains("</"),
                )
            }
            _ => (String::new(), false),
        };
        let base = link
            .as_deref()
            .and_then(|l| Url::parse(l).ok())
            .unwrap_or_else(|| page_url.clone());
        let (text, links) = if is_html {
            fragment_text_and_links(&body, &base, MAX_TEXT_CHARS, false)
        } else {
            (super::html::normalize_lines(&body), Vec::new())
        };
        let truncated =
            looks_truncated(&title) || (entry.content.is_none() && looks_truncated(&text));
        items.push(Item {
            title,
            link,
            date,
            text,
            links,
            truncated,
        });
    }
    Some(items)
}

/// feed-rs decodes by the XML declaration's encoding, but our text is already UTF-8: the first
/// declaration is made to say so. Any later declaration with an encoding (feeds glued
/// together, a declaration inside an item) loses the encoding: quick-xml cannot switch
/// encodings once past the start of the document and panics, which would read the whole
/// feed as empty.
fn utf8_declaration(text: &str) -> std::borrow::Cow<'_, str> {
    let mut out: Option<String> = None;
    let mut copied = 0;
    for at in memchr::memmem::find_iter(text.as_bytes(), b"<?xml") {
        let rest = &text[at..];
        let is_decl = rest[5..]
            .chars()
            .next()
            .is_some_and(|c| c == '?' || c.is_ascii_whitespace());
        if at < copied || !is_decl {
            continue;
        }
        let Some(end) = rest.find("?>") else { break };
        if !rest[..end].contains("encoding") {
            continue;
        }
        let o = out.get_or_insert_with(|| String::with_capacity(text.len()));
        o.push_str(&text[copied..at]);
        o.push_str(if at == 0 {
            "<?xml version=\"1.0\" encoding=\"UTF-8\""
        } else {
            "<?xml version=\"1.0\""
        });
        // Keep the "?>".
        copied = at + end;
    }
    match out {
        None => text.into(),
        Some(mut o) => {
            o.push_str(&text[copied..]);
            o.into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_with_gbk_declaration_and_html_description() {
        let rss = r#"<?xml version="1.0" encoding="gb2312"?>
<rss version="2.0"><channel><title>云川发布</title><link>http://www.yunchuan.gov.cn/</link>
<item><title>关于网传&ldquo;自来水污染&rdquo;的情况说明</title><link>/xwzx/202611/t20261118_1.html</link>
<pubDate>Wed, 18 Nov 2026 10:00:00 +0800</pubDate>
<description><![CDATA[<p>近日，网传<b>自来水污染</b>。经核查，系谣言。<a href="https://www.piyao.org.cn/x.html">详情</a></p><script>x()</script>]]></description></item>
</channel></rss>"#;
        let url = Url::parse("http://www.yunchuan.gov.cn/rss.xml").unwrap();
        let items = extract(rss, &url).expect("feed");
        assert_eq!(items.len(), 1);
        let it = &items[0];
        assert_eq!(
            it.link.as_deref(),
            Some("http://www.yunchuan.gov.cn/xwzx/202611/t20261118_1.html")
        );
        assert_eq!(it.date.as_deref(), Some("2026-11-18T10:00:00+08:00"));
        assert_eq!(it.text, "近日，网传自来水污染。经核查，系谣言。详情");
        assert_eq!(it.title, "关于网传“自来水污染”的情况说明");
        assert_eq!(
            it.links,
            vec!["https://www.piyao.org.cn/x.html".to_string()]
        );
    }

    #[test]
    fn a_declaration_with_an_encoding_after_the_start_does_not_panic() {
        // Found by tests/extract_fuzz.rs: quick-xml panicked ("set_encoding() called after
        // prefix buffer was drained") on a declaration past the start; `extract` caught it and
        // the page read as empty, so a feed holding a repost would have been "not found".
        let url = Url::parse("http://x.cn/rss.xml").unwrap();
        let found = "<script>关于网传“云川区自来水受到污染”的情况说明><?xml version=\"1.0\" encoding=\"gbk\"?>";
        assert!(std::panic::catch_unwind(|| extract(found, &url)).is_ok());
        let item =
            "<item><title>关于网传某事的情况说明</title><link>http://x.cn/1.html</link></item>";
        let feed = format!("<rss version=\"2.0\"><channel><title>“频道”</title>{item}<?xml version=\"1.0\" encoding=\"gbk\"?>{item}</channel></rss>");
        let items = extract(&feed, &url).expect("a feed");
        assert_eq!(items[0].title, "关于网传某事的情况说明");
        // Only declarations lose their encoding; other processing instructions stay.
        assert_eq!(
            utf8_declaration("<?xml-stylesheet href=\"a\"?><rss/>"),
            "<?xml-stylesheet href=\"a\"?><rss/>"
        );
        assert_eq!(
            utf8_declaration(
                "<?xml version='1.0' encoding='gb2312'?><rss><?xml encoding='x'?></rss>"
            ),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss><?xml version=\"1.0\"?></rss>"
        );
    }

    #[test]
    fn not_a_feed() {
        let url = Url::parse("http://x.cn/").unwrap();
        assert!(extract("<html><body>x</body></html>", &url).is_none());
        assert!(extract("{\"a\":1}", &url).is_none());
        assert!(extract("", &url).is_none());
    }
}
