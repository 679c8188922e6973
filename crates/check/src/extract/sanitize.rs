//! A linear pre-pass over HTML before html5ever sees it, so that no page can make parsing
//! slow or huge. html5ever is correct but some inputs cost it quadratic time or memory:
//! 100 000 nested `<div>`s (every block start tag scans the stack of open elements: 17 s in
//! release builds), thousands of attributes on one tag (duplicate check per attribute), and
//! many unclosed formatting elements (`<b><i><font>…`) re-created before every text run.
//!
//! The pass copies the input, and:
//! - drops comments, and the bodies of `<script>` and `<style>` (text extraction ignores
//!   them anyway; callers that need script variables read the raw text);
//! - drops start tags nested deeper than [`MAX_DEPTH`] (counting only elements that can
//!   nest: not void elements, not `p`/`li`/`td`… which close themselves) and their end tags;
//! - drops formatting start tags beyond [`MAX_OPEN_FORMATTING`] unclosed ones;
//! - keeps only the first [`MAX_ATTRS`] attributes of a tag;
//! - stops after [`MAX_TAGS`] start tags.
//!
//! Text is never dropped, only markup, so a real page keeps its words even when mangled.

pub(crate) const MAX_DEPTH: usize = 256;
pub(crate) const MAX_OPEN_FORMATTING: usize = 4;
pub(crate) const MAX_ATTRS: usize = 48;
pub(crate) const MAX_TAGS: usize = 150_000;

const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
    "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
];
/// Elements html5ever closes implicitly (or that cannot nest without a counted parent).
const SELF_CLOSING_CONTEXT: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "tbody", "thead", "tfoot", "option", "optgroup", "rb",
    "rp", "rt", "rtc", "caption", "colgroup", "html", "head", "body", "a", "nobr",
];
const FORMATTING: &[&str] = &[
    "b", "big", "code", "em", "font", "i", "s", "small", "strike", "strong", "tt", "u",
];
/// Elements whose content is raw text; `true` = drop the content.
const RAW_TEXT: &[(&str, bool)] = &[
    ("script", true),
    ("style", true),
    ("textarea", false),
    ("title", false),
    ("xmp", false),
    ("iframe", false),
    ("noembed", false),
    ("noframes", false),
    ("noscript", false),
];

pub(crate) fn sanitize(html: &str) -> String {
    let bytes = html.as_bytes();
    let n = bytes.len();
    let mut out = String::with_capacity(n.min(1 << 24));
    let mut depth = 0usize;
    let mut skipped = 0usize;
    let mut fmt_open = [0usize; 12];
    let mut fmt_skip = [0usize; 12];
    let mut foreign = 0usize;
    let mut tags = 0usize;
    let mut i = 0usize;
    while i < n {
        let Some(lt) = memchr(b'<', &bytes[i..]).map(|p| i + p) else {
            out.push_str(&html[i..]);
            break;
        };
        out.push_str(&html[i..lt]);
        i = lt;
        let rest = &bytes[i..];
        if rest.starts_with(b"<!--") {
            i = match find(&bytes[i + 4..], b"-->") {
                Some(p) => i + 4 + p + 3,
                None => n,
            };
            continue;
        }
        if rest.len() >= 2 && (rest[1] == b'!' || rest[1] == b'?') {
            let end = memchr(b'>', &bytes[i..]).map(|p| i + p + 1).unwrap_or(n);
            out.push_str(&html[i..end]);
            i = end;
            continue;
        }
        let closing = rest.len() >= 2 && rest[1] == b'/';
        let name_start = i + if closing { 2 } else { 1 };
        if name_start >= n || !bytes[name_start].is_ascii_alphabetic() {
            out.push('<');
            i += 1;
            continue;
        }
        let mut name_end = name_start;
        while name_end < n
            && !matches!(
                bytes[name_end],
                b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>'
            )
        {
            name_end += 1;
        }
        let name = html[name_start..name_end].to_ascii_lowercase();
        let (tag_end, attrs_keep_end, self_closing) = scan_attributes(bytes, name_end);
        if closing {
            let keep = if let Some(k) = FORMATTING.iter().position(|f| *f == name) {
                if fmt_skip[k] > 0 {
                    fmt_skip[k] -= 1;
                    false
                } else {
                    fmt_open[k] = fmt_open[k].saturating_sub(1);
                    true
                }
            } else if VOID.contains(&name.as_str()) || SELF_CLOSING_CONTEXT.contains(&name.as_str())
            {
                true
            } else {
                if name == "svg" || name == "math" {
                    foreign = foreign.saturating_sub(1);
                }
                if skipped > 0 {
                    skipped -= 1;
                    false
                } else {
                    depth = depth.saturating_sub(1);
                    true
                }
            };
            if keep {
                out.push_str("</");
                out.push_str(&name);
                out.push('>');
            }
            i = tag_end;
            continue;
        }
        tags += 1;
        if tags > MAX_TAGS {
            break;
        }
        let keep = if VOID.contains(&name.as_str()) || SELF_CLOSING_CONTEXT.contains(&name.as_str())
        {
            true
        } else if let Some(k) = FORMATTING.iter().position(|f| *f == name) {
            let open: usize = fmt_open.iter().sum();
            if open >= MAX_OPEN_FORMATTING {
                fmt_skip[k] += 1;
                false
            } else {
                fmt_open[k] += 1;
                true
            }
        } else if self_closing && foreign > 0 {
            true
        } else if depth >= MAX_DEPTH {
            skipped += 1;
            false
        } else {
            depth += 1;
            if name == "svg" || name == "math" {
                foreign += 1;
            }
            true
        };
        if keep {
            out.push_str(&html[i..attrs_keep_end]);
            if attrs_keep_end < tag_end && self_closing {
                out.push('/');
            }
            out.push('>');
        }
        i = tag_end;
        if let Some((_, drop_body)) = RAW_TEXT.iter().find(|(r, _)| *r == name) {
            // Find `</name` case-insensitively; the body is raw text.
            let close = find_ci_close(bytes, i, name.as_bytes());
            let body_end = close.unwrap_or(n);
            if !drop_body && keep {
                out.push_str(&html[i..body_end]);
            }
            i = body_end;
        }
    }
    out
}

/// From just after a tag name: the index after the closing `>`, the index where the kept
/// part ends (after at most [`MAX_ATTRS`] attributes, before the `>` or `/>`), and whether
/// the tag ends with `/>`.
fn scan_attributes(b: &[u8], mut i: usize) -> (usize, usize, bool) {
    let n = b.len();
    let mut count = 0usize;
    let mut keep_end = i;
    loop {
        while i < n && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c') {
            i += 1;
        }
        if i >= n {
            return (n, keep_end, false);
        }
        if b[i] == b'>' {
            return (i + 1, keep_end, false);
        }
        if b[i] == b'/' {
            if i + 1 < n && b[i + 1] == b'>' {
                return (i + 2, keep_end, true);
            }
            i += 1;
            continue;
        }
        // Attribute name.
        let start = i;
        i += 1;
        while i < n
            && !matches!(
                b[i],
                b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>' | b'='
            )
        {
            i += 1;
        }
        let mut j = i;
        while j < n && matches!(b[j], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c') {
            j += 1;
        }
        if j < n && b[j] == b'=' {
            j += 1;
            while j < n && matches!(b[j], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c') {
                j += 1;
            }
            if j < n && (b[j] == b'"' || b[j] == b'\'') {
                let q = b[j];
                j = memchr(q, &b[j + 1..]).map(|p| j + 1 + p + 1).unwrap_or(n);
            } else {
                while j < n && !matches!(b[j], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>') {
                    j += 1;
                }
            }
            i = j;
        }
        let _ = start;
        count += 1;
        if count <= MAX_ATTRS {
            keep_end = i.min(n);
        }
    }
}

fn find_ci_close(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(p) = find(&b[i..], b"</") {
        let at = i + p;
        let s = at + 2;
        if s + name.len() <= b.len() && b[s..s + name.len()].eq_ignore_ascii_case(name) {
            let after = b.get(s + name.len()).copied();
            if matches!(
                after,
                None | Some(b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/')
            ) {
                return Some(at);
            }
        }
        i = at + 2;
    }
    None
}

pub(crate) fn memchr(c: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == c)
}

/// Linear-time substring search (first byte scan, then compare); needles here are short.
pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    let first = needle[0];
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        let p = memchr(first, &hay[i..hay.len() - needle.len() + 1])?;
        let at = i + p;
        if &hay[at..at + needle.len()] == needle {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_ordinary_markup() {
        let html = r#"<ul class="list"><li><a href="./t1.html" title="关于网传的情况说明">关于网传…</a><span>2026-11-18</span></li></ul>"#;
        assert_eq!(sanitize(html), html);
    }

    #[test]
    fn drops_comments_and_script_bodies() {
        let html = "<p>甲<!-- 注释 --></p><script>var a = '<div>';</script><style>p{}</style><title>标题</title>";
        assert_eq!(
            sanitize(html),
            "<p>甲</p><script></script><style></style><title>标题</title>"
        );
        assert_eq!(sanitize("<SCRIPT>x</Script >y"), "<SCRIPT></script>y");
        assert_eq!(sanitize("a<script>never closed"), "a<script>");
    }

    #[test]
    fn caps_depth_and_keeps_text() {
        let n = 10_000;
        let html = format!("{}正文{}", "<div>".repeat(n), "</div>".repeat(n));
        let out = sanitize(&html);
        assert_eq!(out.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(out.matches("</div>").count(), MAX_DEPTH);
        assert!(out.contains("正文"));
    }

    #[test]
    fn caps_formatting_and_attributes() {
        let html = format!("<p>{}</p>{}", "<b>".repeat(100), "<p>x</p>".repeat(3));
        assert_eq!(sanitize(&html).matches("<b>").count(), MAX_OPEN_FORMATTING);
        let attrs: String = (0..1000).map(|i| format!(" a{i}=\"v>\"")).collect();
        let out = sanitize(&format!("<div{attrs}>文字</div>"));
        assert_eq!(out.matches("=\"v>\"").count(), MAX_ATTRS);
        assert!(out.ends_with(">文字</div>"));
    }

    #[test]
    fn odd_markup() {
        for s in [
            "<",
            "</",
            "<a",
            "<a href=\"",
            "a < b",
            "<1>",
            "</div",
            "<!",
            "<!--",
            "<br/>",
            "<svg><path/></svg>",
        ] {
            let _ = sanitize(s);
        }
        assert_eq!(sanitize("a < b"), "a < b");
        assert_eq!(
            sanitize("<svg><path d='M0'/></svg>"),
            "<svg><path d='M0'/></svg>"
        );
    }
}
