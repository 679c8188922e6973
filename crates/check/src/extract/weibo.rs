//! Weibo JSON: the m.weibo.cn timeline (`container/getIndex`: cards of type 9 with an
//! `mblog`, type 11 with a `card_group`), weibo.com's `statuses` lists, a single status
//! (`statuses/show`, the `$render_data` of a status page) and `statuses/extend` long texts.

use serde_json::Value;
use url::Url;

use super::dates;
use super::html::{fragment_text_and_links, one_line, truncate_chars};
use super::{MAX_ITEMS, MAX_LINKS, MAX_TEXT_CHARS};
use crate::item::Item;

const STATUS_URL: &str = "https://m.weibo.cn/status/";
/// The retweet separator in an item's text.
pub const RETWEET_SEPARATOR: &str = " //转发原文: ";
/// Characters of the text used as the title.
const TITLE_CHARS: usize = 60;

/// Does this JSON look like a Weibo answer?
pub(crate) fn is_weibo(v: &Value) -> bool {
    let data = v.get("data");
    let has = |k: &str| v.get(k).is_some() || data.is_some_and(|d| d.get(k).is_some());
    if has("cards") || has("mblog") || has("statuses") || has("longTextContent") {
        return true;
    }
    // A single status or a weibo.com list of statuses.
    let status_like = |s: &Value| {
        s.get("text").is_some() && (s.get("mblogid").is_some() || s.get("bid").is_some())
    };
    data.is_some_and(|d| {
        status_like(d)
            || d.get("list")
                .and_then(Value::as_array)
                .is_some_and(|l| l.iter().take(3).any(status_like))
    }) || status_like(v)
        || v.get("ok").is_some()
            && data.is_none()
            && (v.get("msg").is_some() || v.get("url").is_some())
}

/// The status of an m.weibo.cn status page (`var $render_data = [{"status":{…}}][0] || {};`).
pub(crate) fn render_data(html: &str) -> Option<Value> {
    let start = html.find("$render_data")?;
    let rest = &html[start..];
    let open = rest.find('[')?;
    let close = rest.find("][0]")?;
    if close < open {
        return None;
    }
    let v: Value = serde_json::from_str(&rest[open..=close]).ok()?;
    let status = v.get(0)?.get("status")?.clone();
    Some(serde_json::json!({ "ok": 1, "data": status }))
}

pub(crate) fn extract(v: &Value) -> Vec<Item> {
    let mut statuses: Vec<&Value> = Vec::new();
    let data = v.get("data").unwrap_or(&Value::Null);
    for cards in [v.get("cards"), data.get("cards")].into_iter().flatten() {
        collect_cards(cards, &mut statuses, 0);
    }
    for list in [v.get("statuses"), data.get("statuses"), data.get("list")]
        .into_iter()
        .flatten()
    {
        if let Some(a) = list.as_array() {
            statuses.extend(a.iter().filter(|s| s.get("text").is_some()));
        }
    }
    if let Some(m) = data.get("mblog").or(v.get("mblog")) {
        statuses.push(m);
    }
    if statuses.is_empty() && data.get("text").is_some() {
        statuses.push(data);
    }
    if statuses.is_empty() && v.get("text").is_some() && v.get("ok").is_none() {
        statuses.push(v);
    }
    // A pinned card (置顶) is the account's choice, not its latest post: it goes last, so that
    // what the account posted lately comes first (测试读取, the order of evidence); it is still
    // read, since an account that pinned the rebuttal has reposted it.
    statuses.sort_by_key(|s| is_pinned(s));
    let mut items: Vec<Item> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for s in statuses {
        if items.len() >= MAX_ITEMS {
            break;
        }
        let item = status_item(s);
        if let Some(link) = &item.link {
            if seen.contains(link) {
                continue;
            }
            seen.push(link.clone());
        }
        items.push(item);
    }
    // statuses/extend: the long text of one post.
    if items.is_empty() {
        if let Some(long) = data.get("longTextContent").and_then(Value::as_str) {
            let (text, links) = post_text(long);
            items.push(Item {
                title: title_of(&text),
                link: None,
                date: None,
                text,
                links,
                truncated: false,
            });
        }
    }
    items
}

/// A pinned card: `isTop`, or the "置顶" label over it.
fn is_pinned(s: &Value) -> bool {
    flag(s.get("isTop"))
        || s.get("title")
            .and_then(|t| t.get("text"))
            .and_then(Value::as_str)
            .is_some_and(|t| t.contains("置顶"))
}

fn collect_cards<'a>(cards: &'a Value, out: &mut Vec<&'a Value>, depth: usize) {
    let Some(cards) = cards.as_array() else {
        return;
    };
    for card in cards {
        if out.len() >= MAX_ITEMS || depth > 4 {
            return;
        }
        if let Some(m) = card.get("mblog").filter(|m| m.is_object()) {
            out.push(m);
        }
        if let Some(group) = card.get("card_group") {
            collect_cards(group, out, depth + 1);
        }
    }
}

fn id_of(s: &Value) -> Option<String> {
    ["id", "idstr", "mid", "bid", "mblogid"]
        .iter()
        .find_map(|k| match s.get(*k)? {
            Value::String(x) if !x.is_empty() => Some(x.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
}

fn flag(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_i64().unwrap_or(0) != 0,
        Some(Value::String(s)) => s == "true" || s == "1",
        _ => false,
    }
}

/// Plain text and absolute links of a post's HTML text.
fn post_text(html: &str) -> (String, Vec<String>) {
    let base = Url::parse("https://m.weibo.cn/").expect("static URL");
    let (text, links) = fragment_text_and_links(html, &base, MAX_TEXT_CHARS, true);
    (
        text,
        links.into_iter().map(|l| unwrap_sinaurl(&l)).collect(),
    )
}

/// Weibo wraps outside links: `https://weibo.cn/sinaurl?u=https%3A%2F%2F…` → the target.
pub(crate) fn unwrap_sinaurl(link: &str) -> String {
    if let Ok(u) = Url::parse(link) {
        if u.host_str()
            .is_some_and(|h| h.ends_with("weibo.cn") || h.ends_with("weibo.com"))
            && u.path().starts_with("/sinaurl")
        {
            if let Some((_, target)) = u.query_pairs().find(|(k, _)| k == "u" || k == "toasturl") {
                if target.starts_with("http://") || target.starts_with("https://") {
                    return target.into_owned();
                }
            }
        }
    }
    link.to_string()
}

/// Extra links Weibo keeps beside the text: link cards and the long URLs of short links.
fn side_links(s: &Value, out: &mut Vec<String>) {
    if let Some(p) = s.get("page_info") {
        for k in ["page_url", "url"] {
            if let Some(u) = p.get(k).and_then(Value::as_str) {
                push_link(out, u);
            }
        }
    }
    if let Some(list) = s.get("url_struct").and_then(Value::as_array) {
        for u in list.iter().take(MAX_LINKS) {
            for k in ["long_url", "ori_url", "short_url"] {
                if let Some(x) = u.get(k).and_then(Value::as_str) {
                    push_link(out, x);
                    break;
                }
            }
        }
    }
}

fn push_link(out: &mut Vec<String>, link: &str) {
    let link = link.trim();
    let link = if let Some(rest) = link.strip_prefix("//") {
        format!("https://{rest}")
    } else {
        link.to_string()
    };
    if !(link.starts_with("http://") || link.starts_with("https://")) || out.len() >= MAX_LINKS {
        return;
    }
    let link = unwrap_sinaurl(&link);
    if !out.contains(&link) {
        out.push(link);
    }
}

fn title_of(text: &str) -> String {
    one_line(&truncate_chars(&one_line(text), TITLE_CHARS))
}

fn html_text(s: &Value) -> &str {
    s.get("longText")
        .and_then(|l| l.get("longTextContent"))
        .and_then(Value::as_str)
        .or_else(|| s.get("text").and_then(Value::as_str))
        .or_else(|| s.get("text_raw").and_then(Value::as_str))
        .unwrap_or("")
}

/// A shortened post (`isLongText`) ends with a "全文" ("full text") link: not part of it.
fn strip_more(text: &mut String, long: bool) {
    if long {
        if let Some(t) = text.strip_suffix("全文") {
            *text = t.trim_end().to_string();
        }
    }
}

fn status_item(s: &Value) -> Item {
    let has_long = s
        .get("longText")
        .and_then(|l| l.get("longTextContent"))
        .is_some();
    let (mut text, mut links) = post_text(html_text(s));
    strip_more(&mut text, flag(s.get("isLongText")));
    side_links(s, &mut links);
    let mut truncated = flag(s.get("isLongText")) && !has_long;
    if let Some(rt) = s.get("retweeted_status").filter(|r| r.is_object()) {
        let (mut rt_text, rt_links) = post_text(html_text(rt));
        strip_more(&mut rt_text, flag(rt.get("isLongText")));
        text.push_str(RETWEET_SEPARATOR);
        text.push_str(&rt_text);
        if let Some(id) = id_of(rt) {
            push_link(&mut links, &format!("{STATUS_URL}{id}"));
        }
        for l in rt_links {
            push_link(&mut links, &l);
        }
        side_links(rt, &mut links);
        truncated |= flag(rt.get("isLongText")) && rt.get("longText").is_none();
    }
    let date = s
        .get("created_at")
        .and_then(Value::as_str)
        .and_then(dates::normalize);
    let link = id_of(s).map(|id| format!("{STATUS_URL}{id}"));
    if let Some(l) = &link {
        links.retain(|x| x != l);
    }
    let text = truncate_chars(&text, MAX_TEXT_CHARS);
    Item {
        title: title_of(&text),
        link,
        date,
        text,
        links,
        truncated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pinned_card_comes_after_the_latest_posts() {
        let v: Value = serde_json::from_str(r#"{"ok":1,"data":{"cards":[
            {"card_type":9,"mblog":{"id":"1","isTop":1,"title":{"text":"置顶"},"created_at":"Mon Jan 06 09:00:00 +0800 2025","text":"欢迎关注平安云川"}},
            {"card_type":9,"mblog":{"id":"2","created_at":"Thu Dec 03 09:00:00 +0800 2026","text":"冬季防火提示"}}
        ]}}"#).unwrap();
        let titles: Vec<String> = extract(&v).into_iter().map(|i| i.title).collect();
        assert_eq!(titles, vec!["冬季防火提示", "欢迎关注平安云川"]);
    }

    #[test]
    fn retweet_with_links() {
        let v: Value = serde_json::from_str(r#"{"ok":1,"data":{"cards":[{"card_type":9,"mblog":{
            "id":"5100000000000001","bid":"Pabc1","created_at":"Wed Nov 18 10:00:00 +0800 2026",
            "text":"<a href='/n/云川发布'>@云川发布</a> 转发微博<span class=\"url-icon\"><img alt=\"[赞]\" src=\"x.png\"></span>",
            "isLongText":false,
            "retweeted_status":{"id":"5099999999999999","text":"【辟谣】网传云川区自来水受污染系谣言<a href=\"https://weibo.cn/sinaurl?u=https%3A%2F%2Fwww.yunchuan.gov.cn%2Fpy%2F1.html\">网页链接</a>","user":{"screen_name":"平安云川"}}
        }}]}}"#).unwrap();
        assert!(is_weibo(&v));
        let items = extract(&v);
        assert_eq!(items.len(), 1);
        let it = &items[0];
        assert_eq!(
            it.text,
            "@云川发布 转发微博[赞] //转发原文: 【辟谣】网传云川区自来水受污染系谣言网页链接"
        );
        assert_eq!(
            it.link.as_deref(),
            Some("https://m.weibo.cn/status/5100000000000001")
        );
        assert_eq!(it.date.as_deref(), Some("2026-11-18T10:00:00+08:00"));
        assert!(it
            .links
            .contains(&"https://m.weibo.cn/status/5099999999999999".to_string()));
        assert!(it
            .links
            .contains(&"https://www.yunchuan.gov.cn/py/1.html".to_string()));
        assert!(it
            .links
            .iter()
            .any(|l| l.starts_with("https://m.weibo.cn/n/")));
        assert!(!it.truncated);
    }

    #[test]
    fn render_data_of_a_status_page() {
        let html = r#"<script>var $render_data = [{"status":{"id":"42","text":"全文在此","created_at":"刚刚"},"call":"x"}][0] || {};</script>"#;
        let v = render_data(html).unwrap();
        let items = extract(&v);
        assert_eq!(items[0].text, "全文在此");
        assert_eq!(items[0].date.as_deref(), Some("刚刚"));
    }

    #[test]
    fn long_text_content() {
        let v: Value = serde_json::from_str(
            r#"{"ok":1,"data":{"ok":1,"longTextContent":"很长的正文<br />第二行"}}"#,
        )
        .unwrap();
        assert!(is_weibo(&v));
        let items = extract(&v);
        assert_eq!(items[0].text, "很长的正文\n第二行");
    }
}
