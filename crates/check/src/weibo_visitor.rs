//! Weibo's visitor handshake. Since late 2025 m.weibo.cn's JSON API answers a client without
//! visitor cookies with HTTP 432 or the "Sina Visitor System" page. A client first asks the
//! passport for a visitor identity (`POST /visitor/genvisitor2`, `cb=visitor_gray_callback`,
//! answered with `visitor_gray_callback({"retcode":20000000,"data":{"sub":…,"subp":…}})`),
//! then sends `SUB` and `SUBP` as cookies. Visitor identities cool down under load: a refusal
//! with a cookie gets one fresh handshake, then the refusal stands (blocked, never "not found").
//!
//! Cookies are kept per API host, in memory and in the database between runs (`office.rs`),
//! never logged and never put into evidence. An office's own logged-in cookie (settings)
//! replaces the visitor identity when given.

use std::collections::HashMap;
use std::sync::Mutex;

use url::Url;

/// Is this a request to Weibo's mobile JSON API (on m.weibo.cn or an address standing in for
/// it): a timeline, or the long text of one post?
pub fn is_weibo_api(url: &Url) -> bool {
    url.path().starts_with("/api/container/getIndex")
        || url.path() == "/statuses/extend"
        || is_domain_lookup(url)
}

/// Is this the lookup of a Weibo personal domain on the mobile site
/// (`/<domain>?jumpfrom=weibocom`, see `Source::WeiboDomain`)? Weibo answers it with a
/// redirect to the account's `/u/<uid>`.
pub fn is_domain_lookup(url: &Url) -> bool {
    url.query() == Some(piyao_core::rules::sources::WEIBO_DOMAIN_QUERY)
        && url
            .path_segments()
            .is_some_and(|mut s| s.next().is_some_and(|d| !d.is_empty()) && s.next().is_none())
}

/// Where a personal domain's lookup ended, `…/u/<uid>`: that account's timeline on the same
/// API. `None` when the lookup did not end at an account.
pub fn timeline_after_lookup(final_url: &Url) -> Option<Url> {
    let mut seg = final_url.path_segments()?;
    let (u, uid) = (seg.next()?, seg.next()?);
    if u != "u" || uid.is_empty() || uid.len() > 12 || !uid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut timeline = final_url.clone();
    timeline.set_path("/api/container/getIndex");
    timeline.set_query(Some(&format!(
        "type=uid&value={uid}&containerid=107603{uid}"
    )));
    timeline.set_fragment(None);
    Some(timeline)
}

/// A long post (`…全文`) of a timeline read from Weibo's API at `api_page` is opened through
/// the same API (`/statuses/extend?id=…`, with the visitor identity), not at its status page
/// (`m.weibo.cn/status/<id>`, which Weibo also guards). `None` for any other link.
pub fn long_text_url(api_page: &str, link: &str) -> Option<String> {
    let api = Url::parse(api_page).ok()?;
    if !api.path().starts_with("/api/container/getIndex") {
        return None;
    }
    let post = Url::parse(link).ok()?;
    let weibo_host = post.host_str().is_some_and(|h| h == "m.weibo.cn")
        || post.host_str() == api.host_str() && post.port() == api.port();
    let mut seg = post.path_segments()?;
    let (kind, id) = (seg.next()?, seg.next()?);
    let is_post = matches!(kind, "status" | "detail")
        && !id.is_empty()
        && id.bytes().all(|b| b.is_ascii_alphanumeric());
    if !(weibo_host && is_post) {
        return None;
    }
    let mut extend = api.clone();
    extend.set_path("/statuses/extend");
    extend.set_query(Some(&format!("id={id}")));
    Some(extend.to_string())
}

/// A refusal that a fresh visitor identity may lift: 432/403/418, or the visitor page.
pub fn refused(status: u16, final_url: &Url, body: &[u8]) -> bool {
    if matches!(status, 403 | 418 | 432) {
        return true;
    }
    if final_url.path().starts_with("/visitor/") {
        return true;
    }
    let head = &body[..body.len().min(4096)];
    String::from_utf8_lossy(head).contains("Sina Visitor System")
}

/// The `SUB` and `SUBP` of a genvisitor2 answer, as a Cookie header; or why there are none.
pub fn parse_answer(body: &str) -> Result<String, String> {
    let start = body
        .find("visitor_gray_callback(")
        .map(|i| i + "visitor_gray_callback(".len())
        .ok_or("微博访客验证没有返回预期的内容")?;
    let end = body[start..]
        .rfind(')')
        .map(|i| start + i)
        .ok_or("微博访客验证的返回不完整")?;
    let v: serde_json::Value =
        serde_json::from_str(&body[start..end]).map_err(|_| "微博访客验证的返回无法解析")?;
    let retcode = v.get("retcode").and_then(serde_json::Value::as_i64);
    if retcode != Some(20_000_000) {
        let msg = v
            .get("msg")
            .and_then(serde_json::Value::as_str)
            .unwrap_or("")
            .chars()
            .take(80)
            .collect::<String>();
        return Err(format!(
            "微博暂不发放访客身份（{}{msg}），可能正在冷却，请稍后再试",
            retcode.map(|c| format!("{c} ")).unwrap_or_default()
        ));
    }
    let field = |k: &str| {
        v.pointer(&format!("/data/{k}"))
            .and_then(serde_json::Value::as_str)
            .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_graphic() && b != b';'))
            .map(str::to_string)
    };
    match (field("sub"), field("subp")) {
        (Some(sub), Some(subp)) => Ok(format!("SUB={sub}; SUBP={subp}")),
        _ => Err("微博访客验证没有返回访客身份".into()),
    }
}

/// The identities the checker presents to Weibo, per API host.
#[derive(Default)]
pub struct Visitors {
    cookies: Mutex<HashMap<String, String>>,
    login: Mutex<Option<String>>,
}

impl Visitors {
    /// The Cookie header for `host`: the office's login cookie, else the visitor identity.
    pub fn cookie(&self, host: &str) -> Option<String> {
        let login = self.login.lock().unwrap_or_else(|p| p.into_inner()).clone();
        login.or_else(|| {
            self.cookies
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .get(host)
                .cloned()
        })
    }

    pub fn has_login(&self) -> bool {
        self.login
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_some()
    }

    pub fn keep(&self, host: &str, cookie: String) {
        self.cookies
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(host.to_string(), cookie);
    }

    pub fn forget(&self, host: &str) {
        self.cookies
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(host);
    }

    /// The visitor identities held now, per host (to keep them across restarts).
    pub fn snapshot(&self) -> std::collections::BTreeMap<String, String> {
        self.cookies
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .map(|(h, c)| (h.clone(), c.clone()))
            .collect()
    }

    /// Takes up identities kept earlier, for the hosts that hold none now.
    pub fn restore(&self, kept: std::collections::BTreeMap<String, String>) {
        let mut cookies = self.cookies.lock().unwrap_or_else(|p| p.into_inner());
        for (host, cookie) in kept {
            cookies.entry(host).or_insert(cookie);
        }
    }

    /// Sets (or clears) the office's logged-in cookie.
    pub fn set_login(&self, cookie: Option<String>) {
        *self.login.lock().unwrap_or_else(|p| p.into_inner()) = cookie
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty());
    }
}

/// The host key of a URL (host and port), for the per-host identity.
pub fn host_key(url: &Url) -> String {
    match url.port() {
        Some(p) => format!("{}:{p}", url.host_str().unwrap_or_default()),
        None => url.host_str().unwrap_or_default().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_visitor_answer_gives_sub_and_subp_or_says_why_not() {
        let ok = r#"window.visitor_gray_callback && visitor_gray_callback({"retcode":20000000,"msg":"succ","data":{"sub":"_2AkMS1","subp":"0033WrSX","tid":"t"}});"#;
        assert_eq!(parse_answer(ok).unwrap(), "SUB=_2AkMS1; SUBP=0033WrSX");
        let cooling = r#"visitor_gray_callback({"retcode":20003000,"msg":"cooling"});"#;
        let e = parse_answer(cooling).unwrap_err();
        assert!(e.contains("冷却") && e.contains("20003000"), "{e}");
        assert!(parse_answer("<html>502 Bad Gateway</html>").is_err());
        let injected =
            r#"visitor_gray_callback({"retcode":20000000,"data":{"sub":"a; evil=1","subp":"b"}});"#;
        assert!(
            parse_answer(injected).is_err(),
            "a cookie value cannot carry another cookie"
        );
    }

    #[test]
    fn a_personal_domain_is_looked_up_then_read_as_its_timeline() {
        let lookup = Url::parse("https://m.weibo.cn/pinganchengdu?jumpfrom=weibocom").unwrap();
        assert!(is_domain_lookup(&lookup) && is_weibo_api(&lookup));
        for other in [
            "https://m.weibo.cn/pinganchengdu",
            "https://m.weibo.cn/a/b?jumpfrom=weibocom",
            "https://m.weibo.cn/?jumpfrom=weibocom",
        ] {
            assert!(!is_domain_lookup(&Url::parse(other).unwrap()), "{other}");
        }
        let ended = Url::parse("http://127.0.0.1:9/u/1234567890?jumpfrom=weibocom").unwrap();
        assert_eq!(
            timeline_after_lookup(&ended).unwrap().as_str(),
            "http://127.0.0.1:9/api/container/getIndex?type=uid&value=1234567890&containerid=1076031234567890"
        );
        for nowhere in [
            "http://127.0.0.1:9/pinganchengdu?jumpfrom=weibocom",
            "http://127.0.0.1:9/u/",
            "http://127.0.0.1:9/u/abc",
            "http://127.0.0.1:9/visitor/visitor?entry=miniblog",
        ] {
            assert_eq!(
                timeline_after_lookup(&Url::parse(nowhere).unwrap()),
                None,
                "{nowhere}"
            );
        }
    }

    #[test]
    fn refusals_are_recognised() {
        let u = Url::parse("https://m.weibo.cn/api/container/getIndex?type=uid").unwrap();
        assert!(refused(432, &u, b""));
        assert!(refused(200, &u, b"<title>Sina Visitor System</title>"));
        let visitor =
            Url::parse("https://passport.weibo.com/visitor/visitor?entry=miniblog").unwrap();
        assert!(refused(200, &visitor, b"<html></html>"));
        assert!(!refused(200, &u, br#"{"ok":1,"data":{"cards":[]}}"#));
        assert!(is_weibo_api(&u));
        assert!(!is_weibo_api(&Url::parse("https://weibo.com/u/1").unwrap()));
    }

    #[test]
    fn a_long_post_is_opened_through_the_api_it_was_read_from() {
        let api = "https://m.weibo.cn/api/container/getIndex?type=uid&value=1&containerid=1076031";
        assert_eq!(
            long_text_url(api, "https://m.weibo.cn/status/5099").as_deref(),
            Some("https://m.weibo.cn/statuses/extend?id=5099")
        );
        let proxy = "http://127.0.0.1:8081/api/container/getIndex?type=uid&value=1";
        assert_eq!(
            long_text_url(proxy, "https://m.weibo.cn/detail/Pabc12").as_deref(),
            Some("http://127.0.0.1:8081/statuses/extend?id=Pabc12")
        );
        assert_eq!(long_text_url(api, "https://www.gov.cn/status/1"), None);
        assert_eq!(
            long_text_url("https://news.example/list", "https://m.weibo.cn/status/1"),
            None
        );
    }
}
