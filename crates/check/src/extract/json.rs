//! JSON lists: by a configured path ([`JsonSpec`]) or by guessing common shapes.

use serde_json::{Map, Value};
use serde_json_path::JsonPath;
use url::Url;

use super::dates;
use super::html::{fragment_text_and_links, looks_truncated, one_line, resolve, truncate_chars};
use super::{JsonSpec, MAX_ITEMS, MAX_TEXT_CHARS};
use crate::item::Item;

/// Paths tried when no spec is given, in order.
const AUTO_PATHS: &[&str] = &[
    "$.data[*]",
    "$.data.list[*]",
    "$.data.items[*]",
    "$.data.data[*]",
    "$.data.records[*]",
    "$.data.rows[*]",
    "$.items[*]",
    "$.list[*]",
    "$.result[*]",
    "$.result.list[*]",
    "$.result.records[*]",
    "$.results[*]",
    "$.rows[*]",
    "$.articles[*]",
    "$.docs[*]",
    "$[*]",
];
const TITLE_KEYS: &[&str] = &[
    "title",
    "name",
    "headline",
    "article_title",
    "content_title",
    "docTitle",
    "doctitle",
    "subject",
];
const LINK_KEYS: &[&str] = &[
    "url",
    "link",
    "article_url",
    "share_url",
    "display_url",
    "href",
    "source_url",
    "docUrl",
    "docurl",
    "detail_url",
];
const DATE_KEYS: &[&str] = &[
    "publish_time",
    "publishTime",
    "pubDate",
    "pub_date",
    "pubtime",
    "pub_time",
    "date",
    "time",
    "created_at",
    "create_time",
    "createTime",
    "datetime",
    "ctime",
    "behot_time",
    "docRelTime",
    "release_time",
    "releaseTime",
];
const TEXT_KEYS: &[&str] = &[
    "abstract",
    "summary",
    "description",
    "digest",
    "content",
    "text",
    "intro",
    "desc",
];

/// Parse JSON, also unwrapping JSONP (`callback({...});`). `None` for anything else,
/// including JSON nested deeper than serde_json's recursion limit.
pub(crate) fn parse(text: &str) -> Option<Value> {
    let t = text.trim_start_matches('\u{feff}').trim();
    if t.starts_with('{') || t.starts_with('[') {
        return serde_json::from_str(t).ok();
    }
    // JSONP
    let open = t.find('(')?;
    let name = &t[..open];
    if name.is_empty()
        || !name
            .trim()
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'$' | b'.'))
    {
        return None;
    }
    let inner = t[open + 1..]
        .trim_end()
        .trim_end_matches(';')
        .trim_end()
        .strip_suffix(')')?;
    serde_json::from_str(inner).ok()
}

/// Items selected by a spec; an invalid path gives no items.
pub(crate) fn extract_spec(v: &Value, spec: &JsonSpec, page_url: &Url) -> Vec<Item> {
    let Ok(path) = JsonPath::parse(spec.items.trim()) else {
        return Vec::new();
    };
    let nodes = path.query(v).all();
    let mut items = Vec::new();
    for node in nodes {
        if items.len() >= MAX_ITEMS {
            break;
        }
        let Some(obj) = node.as_object() else {
            continue;
        };
        let field = |f: &Option<String>| f.as_deref().and_then(|p| get_path(obj, p));
        let title = get_path(obj, &spec.title);
        if let Some(item) = build(
            title,
            field(&spec.link),
            field(&spec.date),
            field(&spec.text),
            page_url,
        ) {
            items.push(item);
        }
    }
    items
}

/// Items of a JSON list of a common shape, or `None` when no shape fits.
pub(crate) fn extract_auto(v: &Value, page_url: &Url) -> Option<Vec<Item>> {
    for p in AUTO_PATHS {
        let Ok(path) = JsonPath::parse(p) else {
            continue;
        };
        let nodes = path.query(v).all();
        let objs: Vec<&Map<String, Value>> = nodes
            .iter()
            .filter_map(|n| n.as_object())
            .take(MAX_ITEMS)
            .collect();
        if objs.is_empty() {
            continue;
        }
        // The title key most items have as a non-empty string.
        let key = TITLE_KEYS.iter().find(|k| {
            let with = objs
                .iter()
                .filter(|o| {
                    o.get(**k)
                        .and_then(Value::as_str)
                        .is_some_and(|s| !s.trim().is_empty())
                })
                .count();
            with * 2 >= objs.len()
        });
        let Some(key) = key else { continue };
        let first = |o: &Map<String, Value>, keys: &[&str]| -> Option<Value> {
            keys.iter().find_map(|k| {
                o.get(*k)
                    .filter(|x| !x.is_null() && x.as_str() != Some(""))
                    .cloned()
            })
        };
        let items = objs
            .iter()
            .filter_map(|o| {
                build(
                    o.get(*key).cloned(),
                    first(o, LINK_KEYS),
                    first(o, DATE_KEYS),
                    first(o, TEXT_KEYS),
                    page_url,
                )
            })
            .collect();
        return Some(items);
    }
    None
}

/// A field by name, or by a dotted path (`"user.name"`, `"cover.0.url"`, `"$.a.b"`).
fn get_path(obj: &Map<String, Value>, path: &str) -> Option<Value> {
    let path = path.trim();
    let path = path
        .strip_prefix("$.")
        .or_else(|| path.strip_prefix("@."))
        .unwrap_or(path);
    if let Some(v) = obj.get(path) {
        return Some(v.clone());
    }
    let mut parts = path.split('.');
    let mut cur = obj.get(parts.next()?)?;
    for p in parts {
        cur = match cur {
            Value::Object(m) => m.get(p)?,
            Value::Array(a) => a.get(p.trim_matches(['[', ']']).parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur.clone())
}

fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn build(
    title: Option<Value>,
    link: Option<Value>,
    date: Option<Value>,
    text: Option<Value>,
    page_url: &Url,
) -> Option<Item> {
    let title_raw = title.as_ref().and_then(as_text)?;
    let title = one_line(&fragment_text_and_links(&title_raw, page_url, 2000, false).0);
    if title.is_empty() {
        return None;
    }
    let link = link
        .as_ref()
        .and_then(as_text)
        .and_then(|l| resolve(page_url, &l));
    let date = date.as_ref().and_then(|d| match d {
        Value::Number(n) => n.as_i64().map(dates::epoch_auto),
        _ => as_text(d).and_then(|s| dates::normalize(&s)),
    });
    let base = link
        .as_deref()
        .and_then(|l| Url::parse(l).ok())
        .unwrap_or_else(|| page_url.clone());
    let (text, links) = match text.as_ref().and_then(as_text) {
        Some(t) => fragment_text_and_links(&t, &base, MAX_TEXT_CHARS, false),
        None => (String::new(), Vec::new()),
    };
    let truncated = looks_truncated(&title) || looks_truncated(&text);
    Some(Item {
        title: truncate_chars(&title, 1000),
        link,
        date,
        text,
        links,
        truncated,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url() -> Url {
        Url::parse("https://www.toutiao.com/c/user/token/abc/").unwrap()
    }

    #[test]
    fn spec_with_dotted_fields() {
        let v: Value = serde_json::from_str(
            r#"{"data":{"list":[{"info":{"t":"云川公安：网传“抢孩子”系谣言"},"u":"/article/1/","ts":1794967200,"s":"<p>经查…</p>"}]}}"#,
        )
        .unwrap();
        let spec = JsonSpec {
            items: "$.data.list[*]".into(),
            title: "info.t".into(),
            link: Some("u".into()),
            date: Some("ts".into()),
            text: Some("s".into()),
        };
        let items = extract_spec(&v, &spec, &url());
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].title, "云川公安：网传“抢孩子”系谣言");
        assert_eq!(
            items[0].link.as_deref(),
            Some("https://www.toutiao.com/article/1/")
        );
        assert_eq!(items[0].date.as_deref(), Some("2026-11-18T10:00:00+08:00"));
        assert_eq!(items[0].text, "经查…");
        assert!(items[0].truncated);
        let bad = JsonSpec {
            items: "$[".into(),
            ..spec
        };
        assert!(extract_spec(&v, &bad, &url()).is_empty());
    }

    #[test]
    fn auto_shapes_and_jsonp() {
        let v = parse(r#"cb({"items":[{"title":"甲","url":"a.html"},{"title":"乙"}]});"#).unwrap();
        let items = extract_auto(&v, &url()).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(
            items[0].link.as_deref(),
            Some("https://www.toutiao.com/c/user/token/abc/a.html")
        );
        let v = parse(r#"{"data":[{"id":1},{"id":2}]}"#).unwrap();
        assert!(extract_auto(&v, &url()).is_none());
        assert!(parse("not json").is_none());
        let deep = "[".repeat(100_000);
        assert!(parse(&deep).is_none());
    }
}
