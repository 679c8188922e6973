//! Lists that a page holds only in its scripts: a WeChat account's history page (`msgList`,
//! with multi-article pushes nested in `multi_app_msg_item_list`), and JSON data written into
//! a `<script>` (`window.__INITIAL_STATE__ = {…}`, `<script type="application/json">`).

use serde_json::Value;
use url::Url;

use super::dates;
use super::html::{cut, one_line, resolve, truncate_chars};
use super::{json, MAX_ITEMS, MAX_TEXT_CHARS};
use crate::item::Item;

/// Bytes of a script's JSON parsed at most.
const MAX_SCRIPT_JSON: usize = 2 * 1024 * 1024;

/// The articles of a WeChat history page's `msgList` (None when the page has none).
pub(crate) fn wechat_msg_list(raw: &str, page_url: &Url) -> Option<Vec<Item>> {
    let at = raw.find("msgList")?;
    let rest = raw[at + "msgList".len()..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    // Either an object literal, or a string of entity-escaped JSON ('{&quot;list&quot;…}').
    let v: Value = if let Some(s) = rest.strip_prefix(['\'', '"']) {
        let q = rest.as_bytes()[0] as char;
        let end = s.find(q)?;
        let unescaped = s[..end]
            .replace("&quot;", "\"")
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("\\/", "/");
        serde_json::from_str(&unescaped).ok()?
    } else {
        balanced_json(rest)?
    };
    let list = v.get("list")?.as_array()?;
    let mut items = Vec::new();
    for entry in list {
        let date = entry
            .pointer("/comm_msg_info/datetime")
            .and_then(Value::as_i64)
            .map(dates::epoch_auto);
        let Some(info) = entry.get("app_msg_ext_info") else {
            continue;
        };
        let nested = info
            .get("multi_app_msg_item_list")
            .and_then(Value::as_array)
            .into_iter()
            .flatten();
        for a in std::iter::once(info).chain(nested) {
            if items.len() >= MAX_ITEMS {
                return Some(items);
            }
            let s = |k: &str| a.get(k).and_then(Value::as_str).unwrap_or("").trim();
            let title = one_line(s("title"));
            if title.is_empty() {
                continue;
            }
            // WeChat writes its links with `&amp;`.
            let link = Some(s("content_url").replace("&amp;", "&"))
                .filter(|u| !u.is_empty())
                .and_then(|u| resolve(&wechat_base(page_url), &u));
            let source = Some(s("source_url").replace("&amp;", "&"))
                .filter(|u| !u.is_empty())
                .and_then(|u| resolve(page_url, &u));
            items.push(Item {
                title,
                link,
                date: date.clone(),
                text: truncate_chars(s("digest"), MAX_TEXT_CHARS),
                links: source.into_iter().collect(),
                truncated: false,
            });
        }
    }
    Some(items)
}

/// Relative article links of a history page point at mp.weixin.qq.com.
fn wechat_base(page_url: &Url) -> Url {
    if page_url.host_str() == Some("mp.weixin.qq.com") {
        page_url.clone()
    } else {
        Url::parse("https://mp.weixin.qq.com/").expect("static url")
    }
}

/// Items of JSON data written into the page's scripts: a `<script type="application/json">`
/// (or `application/ld+json` lists) or an assignment (`window.__INITIAL_STATE__ = {…}`,
/// `var data = […]`). The first script whose JSON holds a list of titled records wins.
pub(crate) fn json_in_scripts(raw: &str, page_url: &Url) -> Option<Vec<Item>> {
    let raw = cut(raw, 8 * 1024 * 1024);
    let mut from = 0;
    let mut tries = 0;
    while let Some(p) = raw[from..].find("<script") {
        let start = from + p;
        let Some(gt) = raw[start..].find('>') else {
            break;
        };
        let body_start = start + gt + 1;
        let Some(end) = raw[body_start..].find("</script") else {
            break;
        };
        let body = raw[body_start..body_start + end].trim();
        from = body_start + end;
        tries += 1;
        if tries > 200 {
            break;
        }
        if body.len() < 40 {
            continue;
        }
        // The JSON itself, or what follows the first "=" of an assignment.
        let candidates = [
            Some(body),
            body.find('=').map(|i| body[i + 1..].trim_start()),
        ];
        for c in candidates.into_iter().flatten() {
            if !(c.starts_with('{') || c.starts_with('[')) {
                continue;
            }
            let Some(v) = balanced_json(c) else {
                continue;
            };
            // A list of at least two titled records: nested state first (its top-level
            // objects — the user, the site — are no list), then the usual shapes.
            if let Some(items) = deep_list(&v, page_url, 0) {
                return Some(items);
            }
            if let Some(items) = json::extract_auto(&v, page_url).filter(|i| i.len() >= 2) {
                return Some(items);
            }
        }
    }
    None
}

/// A list of titled records anywhere in the first levels of a JSON value (state objects
/// nest their lists: `{"page":{"feed":{"list":[…]}}}`).
fn deep_list(v: &Value, page_url: &Url, depth: usize) -> Option<Vec<Item>> {
    if depth > 6 {
        return None;
    }
    match v {
        Value::Object(m) => {
            for child in m.values().take(200) {
                if child.is_array() {
                    let wrapped = serde_json::json!({ "items": child });
                    if let Some(items) =
                        json::extract_auto(&wrapped, page_url).filter(|i| i.len() >= 2)
                    {
                        return Some(items);
                    }
                }
                if let Some(items) = deep_list(child, page_url, depth + 1) {
                    return Some(items);
                }
            }
            None
        }
        _ => None,
    }
}

/// The JSON value at the start of `s` (an object or array), read up to its balanced end so
/// that a statement after it (`;`, `window.x = …`) does not spoil the parse.
fn balanced_json(s: &str) -> Option<Value> {
    let b = s.as_bytes();
    let (mut depth, mut in_str, mut esc) = (0usize, false, false);
    for (i, &c) in b.iter().enumerate().take(MAX_SCRIPT_JSON) {
        if in_str {
            match c {
                _ if esc => esc = false,
                b'\\' => esc = true,
                b'"' => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            b'"' => in_str = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return serde_json::from_str(&s[..=i]).ok();
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url() -> Url {
        Url::parse("https://mp.weixin.qq.com/profile?src=3&timestamp=1").unwrap()
    }

    #[test]
    fn wechat_history_with_a_nested_push() {
        let raw = r#"<script>var msgList = {"list":[{"app_msg_ext_info":{"title":"关于网传“云川区停水”的情况说明","digest":"经核实，系谣言。","content_url":"/s?timestamp=1&amp;src=3&amp;signature=abc","source_url":"https://www.yunchuan.gov.cn/py/t20261120_1.html","multi_app_msg_item_list":[{"title":"冬季用电安全提示","digest":"","content_url":"/s?timestamp=2&amp;src=3","source_url":""}]},"comm_msg_info":{"datetime":1795140000}}]};
        seajs.use("sougou/profile.js");</script>"#;
        let items = wechat_msg_list(raw, &url()).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].title, "关于网传“云川区停水”的情况说明");
        assert_eq!(
            items[0].link.as_deref(),
            Some("https://mp.weixin.qq.com/s?timestamp=1&src=3&signature=abc")
        );
        assert_eq!(
            items[0].links,
            vec!["https://www.yunchuan.gov.cn/py/t20261120_1.html".to_string()]
        );
        assert!(items[0].date.as_deref().unwrap().starts_with("2026-11-"));
        assert_eq!(items[1].title, "冬季用电安全提示");
        assert_eq!(items[1].date, items[0].date);
        // The escaped-string form.
        let raw = "msgList = '{&quot;list&quot;:[{&quot;app_msg_ext_info&quot;:{&quot;title&quot;:&quot;辟谣&quot;,&quot;content_url&quot;:&quot;/s?a=1&amp;amp;b=2&quot;},&quot;comm_msg_info&quot;:{&quot;datetime&quot;:1795140000}}]}';";
        let items = wechat_msg_list(raw, &url()).unwrap();
        assert_eq!(items[0].title, "辟谣");
        assert_eq!(
            items[0].link.as_deref(),
            Some("https://mp.weixin.qq.com/s?a=1&b=2")
        );
        assert!(wechat_msg_list("<p>nothing</p>", &url()).is_none());
    }

    #[test]
    fn json_written_into_scripts() {
        let raw = r#"<html><body><div id="app"></div><script>window.__INITIAL_STATE__ = {"user":{"name":"云川发布"},"feed":{"list":[{"title":"关于网传“云川区停水”的情况说明","url":"/a/1.html","publish_time":"2026-11-20 10:00"},{"title":"冬季用电安全提示","url":"/a/2.html"}]}};window.x=1;</script></body></html>"#;
        let items =
            json_in_scripts(raw, &Url::parse("https://www.example.cn/u/1").unwrap()).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(
            items[0].link.as_deref(),
            Some("https://www.example.cn/a/1.html")
        );
        let raw = r#"<script type="application/json" id="data">[{"title":"关于网传停水的情况说明","link":"https://x.cn/1"},{"title":"冬季用电安全提示","link":"https://x.cn/2"}]</script>"#;
        assert_eq!(
            json_in_scripts(raw, &Url::parse("https://x.cn/").unwrap())
                .unwrap()
                .len(),
            2
        );
        assert!(json_in_scripts(
            "<script>var a = 1;</script>",
            &Url::parse("https://x.cn/").unwrap()
        )
        .is_none());
        // Unbalanced or hostile JSON never panics.
        assert!(balanced_json("{\"a\":[1,2}").is_none());
        assert!(balanced_json("]]]").is_none());
    }
}
