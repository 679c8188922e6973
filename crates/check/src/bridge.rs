//! Error answers of the feed bridges an office runs (RSSHub, WeWe RSS): they fail in their own
//! words ("Cookies expired", "filtered by WAF", "Cooling down", a route that does not exist),
//! with HTTP 503, 403 or 404. Such an answer says nothing about the account's posts: the
//! account is blocked, with the bridge's message and what to do, never "not reposted" and
//! never "the page does not exist".

/// Longest bridge message quoted.
const MESSAGE_CHARS: usize = 160;

fn text_between<'a>(body: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = body.find(start)? + start.len();
    let to = body[from..].find(end)? + from;
    Some(&body[from..to])
}

/// RSSHub's error page: "Looks like something went wrong", then `Error Message: <code>…</code>`.
fn rsshub_message(body: &str) -> Option<String> {
    if !body.contains("Looks like something went wrong") {
        return None;
    }
    let after = &body[body.find("Error Message")?..];
    let code = text_between(after, "<code", "</code>")?;
    let message = code.split_once('>').map_or(code, |(_, m)| m);
    Some(unescape(message))
}

/// A NestJS/RSSHub-package JSON error: `{"statusCode":…,"message":…}` or `{"error":{"message":…}}`.
fn json_message(body: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(body.trim()).ok()?;
    let message = v
        .pointer("/error/message")
        .or_else(|| v.get("statusCode").and(v.get("message")))?;
    Some(match message {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    })
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// What to do, by the bridge's words.
fn advice(message: &str) -> &'static str {
    let m = message.to_ascii_lowercase();
    if m.contains("cookie") || m.contains("token") || m.contains("login") || m.contains("登录") {
        "转换服务保存的登录信息已失效，请在 RSSHub / WeWe RSS 中重新登录或更新 Cookie"
    } else if m.contains("waf") || m.contains("captcha") || m.contains("验证") {
        "平台的防火墙拦截了转换服务，请稍后再试，或请单位报送转载链接"
    } else if m.contains("cool")
        || m.contains("rate")
        || m.contains("频繁")
        || m.contains("too many")
    {
        "平台要求转换服务放慢，请稍后再试"
    } else if m.contains("不存在该feed") {
        "本单位的 WeWe RSS 还没有添加这个公众号：请在 WeWe RSS 中用该号的一篇文章链接添加它，或请单位报送转载链接"
    } else if m.contains("not exist") || m.contains("not found") || m.contains("notfounderror") {
        "转换服务没有这个地址（版本过旧或订阅号 ID 有误），请核对平台设置和台账"
    } else {
        "请检查转换服务是否正常运行，稍后再试"
    }
}

/// The bridge's error in a Chinese sentence for the coordinator, when `body` is one.
pub fn bridge_error(status: u16, body: &[u8]) -> Option<String> {
    if status < 400 {
        return None;
    }
    let head = String::from_utf8_lossy(&body[..body.len().min(64 * 1024)]);
    let message = rsshub_message(&head).or_else(|| json_message(&head))?;
    let message: String = message.trim().chars().take(MESSAGE_CHARS).collect();
    Some(format!(
        "订阅转换服务报错（HTTP {status}）：{message}。{}。",
        advice(&message)
    ))
}

/// 测试连接 of a bridge's base address: `Ok` says what answered, `Err` why it cannot be used
/// (Chinese, for the settings page).
pub async fn test_bridge(fetcher: &crate::fetch::Fetcher, base: &str) -> Result<String, String> {
    use crate::fetch::{FetchOutcome, Validators};
    let base = base.trim().trim_end_matches('/');
    let page = match fetcher.fetch(base, &Validators::default()).await {
        FetchOutcome::Page(p) => p,
        FetchOutcome::NotModified { .. } => return Ok("已连接".into()),
        FetchOutcome::Failed { error, .. } => return Err(format!("无法连接 {base}：{error}")),
    };
    if let Some(why) = bridge_error(page.status, &page.body) {
        return Err(why);
    }
    if !(200..300).contains(&page.status) {
        return Err(format!(
            "{base} 返回 HTTP {}，不像是可用的订阅转换服务",
            page.status
        ));
    }
    let head = String::from_utf8_lossy(&page.body[..page.body.len().min(64 * 1024)]);
    Ok(if head.contains("RSSHub") {
        "已连接 RSSHub".into()
    } else if head.contains("WeWe RSS") || head.contains("wewe-rss") {
        "已连接 WeWe RSS".into()
    } else {
        format!("{base} 可以访问，但看不出是 RSSHub 还是 WeWe RSS，请核对地址")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rsshub_page(message: &str) -> String {
        format!(
            "<!DOCTYPE html><html><body><h1 class=\"text-4xl font-bold\">Looks like something went wrong</h1><p class=\"message\">Error Message:<br/><code class=\"mt-2 block details\">{message}</code></p><p class=\"message\">Route: <code class=\"ml-2\">/toutiao/user/token/:token</code></p></body></html>"
        )
    }

    #[test]
    fn rsshub_and_wewe_errors_are_quoted_with_advice() {
        let cases = [
            (
                503,
                rsshub_page("Error: Cookies expired"),
                "Cookies expired",
                "重新登录",
            ),
            (
                503,
                rsshub_page("FetchError: filtered by WAF"),
                "filtered by WAF",
                "防火墙",
            ),
            (
                503,
                rsshub_page("Error: Cooling down, try later"),
                "Cooling down",
                "放慢",
            ),
            (
                404,
                rsshub_page("NotFoundError: The route does not exist or has been deleted."),
                "route does not exist",
                "没有这个地址",
            ),
            (
                403,
                rsshub_page("RejectError: &lt;b&gt;Access denied&lt;/b&gt;"),
                "<b>Access denied</b>",
                "检查转换服务",
            ),
            (
                500,
                r#"{"statusCode":500,"message":"获取文章失败：请求过于频繁"}"#.to_string(),
                "请求过于频繁",
                "放慢",
            ),
            (
                400,
                r#"{"statusCode":400,"message":"不存在该feed！"}"#.to_string(),
                "不存在该feed",
                "还没有添加这个公众号",
            ),
            (
                503,
                r#"{"error":{"message":"Cookies expired"}}"#.to_string(),
                "Cookies expired",
                "重新登录",
            ),
        ];
        for (status, body, quoted, advised) in cases {
            let e = bridge_error(status, body.as_bytes()).unwrap_or_else(|| panic!("{body}"));
            assert!(e.contains(quoted) && e.contains(advised), "{e}");
            assert!(e.contains(&format!("HTTP {status}")), "{e}");
        }
    }

    #[test]
    fn other_answers_are_not_bridge_errors() {
        assert_eq!(bridge_error(200, rsshub_page("x").as_bytes()), None);
        assert_eq!(
            bridge_error(404, b"<html><body>404 Not Found</body></html>"),
            None
        );
        assert_eq!(bridge_error(503, b"Service Unavailable"), None);
        assert_eq!(bridge_error(500, br#"{"ok":0}"#), None);
    }
}
