//! Page state: is this a captcha or login wall (blocked), or a removed item (deleted)?
//!
//! Words alone are not enough: an article about telecom fraud says 验证码 many times, a list
//! of rebuttals may mention 已被删除. So cues count only at page level:
//! - in the `<title>` when the title is short (a wall's title is 安全验证, not a headline),
//!   or when the page is short;
//! - in the visible text when the page is short (walls and removal notices are a few lines)
//!   and the page shows hardly any items;
//! - weak words (验证码, 请登录, captcha) need a very short page, or captcha markup (an
//!   input named like a captcha, a slider, a geetest script) on a short page;
//! - markup-only cues (geetest, WAF challenge scripts) need a nearly empty page.

use scraper::Html;
use serde_json::Value;

use super::html::{body, plain_text, title_text, walk, Event, Flow};
use super::PageState;

/// Visible text up to this many characters is a "short page".
const SHORT_PAGE: usize = 1500;
/// ...and up to this many a "very short page".
const VERY_SHORT_PAGE: usize = 400;
/// Markup-only cues need a page with at most this much visible text.
const NEARLY_EMPTY_PAGE: usize = 600;
/// A title this short (in characters) is a page label, not a headline.
const SHORT_TITLE: usize = 24;

/// Removed items. Longer, more specific phrases first: the first match gives the reason.
const DELETED: &[(&str, &str)] = &[
    ("该内容已被发布者删除", "内容已被发布者删除"),
    ("此内容因违规无法查看", "内容因违规无法查看"),
    ("此内容被投诉且经审核涉嫌侵权", "内容因被投诉无法查看"),
    ("因违反相关法律法规", "内容因违规无法查看"),
    ("抱歉，此微博已被作者删除", "微博已被作者删除"),
    ("此微博已被作者删除", "微博已被作者删除"),
    ("该微博已被删除", "微博已被删除"),
    ("此微博已被删除", "微博已被删除"),
    ("该账号已注销", "账号已注销"),
    ("该帐号已注销", "账号已注销"),
    ("文章已删除", "文章已删除"),
    ("文章已被删除", "文章已删除"),
    ("内容已删除", "内容已删除"),
    ("已被删除", "内容已删除"),
    ("您访问的页面不存在", "页面不存在"),
    ("页面不存在", "页面不存在"),
    ("页面未找到", "页面不存在"),
    ("找不到页面", "页面不存在"),
    ("页面找不到", "页面不存在"),
    ("内容不存在", "内容不存在"),
    ("文章不存在", "内容不存在"),
    ("404 not found", "页面不存在（404）"),
    ("the page you requested does not exist", "页面不存在"),
];

/// Walls that say what they are.
const BLOCKED_STRONG: &[(&str, &str)] = &[
    ("系统检测到您的网络", "网络环境异常，需要验证"),
    ("please verify you are a human", "人机验证页面"),
    ("sina visitor system", "微博访客验证页面"),
    ("请完成安全验证", "需要完成安全验证"),
    ("请完成验证", "需要完成验证"),
    ("安全验证", "安全验证页面"),
    ("人机验证", "人机验证页面"),
    ("滑动验证", "滑块验证页面"),
    ("拖动滑块", "滑块验证页面"),
    ("向右滑动", "滑块验证页面"),
    ("访问验证", "访问验证页面"),
    ("访问过于频繁", "访问过于频繁"),
    ("请求过于频繁", "访问过于频繁"),
    ("操作过于频繁", "访问过于频繁"),
    ("环境异常", "访问环境异常，需要验证"),
    ("checking your browser", "反爬虫验证页面"),
    ("just a moment...", "反爬虫验证页面"),
    ("访问被拒绝", "访问被拒绝"),
    ("禁止访问", "访问被拒绝"),
    ("access denied", "访问被拒绝"),
];

/// Words that also occur in ordinary articles.
const BLOCKED_WEAK: &[(&str, &str)] = &[
    ("登录后查看", "需要登录"),
    ("登录后才能查看", "需要登录"),
    ("请先登录", "需要登录"),
    ("请登录", "需要登录"),
    ("验证码", "验证码页面"),
    ("captcha", "验证码页面"),
];

/// Markup of captcha widgets and anti-bot challenges (searched in lower-cased raw HTML).
const MARKUP: &[&str] = &[
    "geetest",
    "captcha",
    "tencentcaptcha",
    "nc_1_wrapper",
    "nocaptcha",
    "challenge-platform",
    "cf-chl",
    "yunsuo_session_verify",
    "safedog",
    "waf_verify",
    "slider-verify",
    "verifycode",
    "checkcode",
    "validatecode",
];

/// State of an HTML page showing `items` items.
pub(crate) fn html_state(doc: &Html, raw: &str, items: usize) -> PageState {
    let title = title_text(doc).to_lowercase();
    let visible = plain_text(body(doc), SHORT_PAGE + 1).to_lowercase();
    let visible_len = visible.chars().count();
    let short = visible_len <= SHORT_PAGE;
    let very_short = visible_len <= VERY_SHORT_PAGE;
    let title_counts = title.chars().count() <= SHORT_TITLE || short;

    if title_counts {
        if let Some(r) = first_cue(&title, DELETED) {
            return deleted(r);
        }
    }
    if short && items <= 1 {
        if let Some(r) = first_cue(&visible, DELETED) {
            return deleted(r);
        }
    }
    if title_counts {
        if let Some(r) = first_cue(&title, BLOCKED_STRONG) {
            return blocked(r);
        }
        if title.chars().count() <= 12 || very_short {
            if let Some(r) = first_cue(&title, BLOCKED_WEAK) {
                return blocked(r);
            }
        }
    }
    if short && items <= 2 {
        if let Some(r) = first_cue(&visible, BLOCKED_STRONG) {
            return blocked(r);
        }
        let markup = short && captcha_markup(doc, raw);
        if very_short || markup {
            if let Some(r) = first_cue(&visible, BLOCKED_WEAK) {
                return blocked(r);
            }
        }
        if visible_len <= NEARLY_EMPTY_PAGE && items == 0 && markup {
            return blocked("反爬虫验证页面");
        }
    }
    PageState::Normal
}

/// State of a JSON answer (Weibo's API and similar): `{"ok":-100}` is the login wall.
pub(crate) fn json_state(v: &Value) -> PageState {
    let Some(obj) = v.as_object() else {
        return PageState::Normal;
    };
    let ok = obj.get("ok").and_then(|o| {
        o.as_i64()
            .or_else(|| o.as_str().and_then(|s| s.parse().ok()))
    });
    let msg = ["msg", "message", "errmsg", "error"]
        .iter()
        .find_map(|k| obj.get(*k).and_then(Value::as_str))
        .unwrap_or("")
        .to_lowercase();
    if ok == Some(-100) {
        return blocked("需要登录（微博）");
    }
    if ok == Some(1) || ok.is_none() && msg.is_empty() {
        return PageState::Normal;
    }
    if let Some(r) = first_cue(&msg, DELETED) {
        return deleted(r);
    }
    if let Some(r) = first_cue(&msg, BLOCKED_STRONG).or_else(|| first_cue(&msg, BLOCKED_WEAK)) {
        return blocked(r);
    }
    if msg.contains("登录") || msg.contains("login") {
        return blocked("需要登录");
    }
    PageState::Normal
}

fn first_cue(hay: &str, cues: &[(&str, &'static str)]) -> Option<&'static str> {
    cues.iter().find(|(c, _)| hay.contains(c)).map(|(_, r)| *r)
}

fn deleted(reason: &str) -> PageState {
    PageState::Deleted {
        reason: reason.to_string(),
    }
}

fn blocked(reason: &str) -> PageState {
    PageState::Blocked {
        reason: reason.to_string(),
    }
}

/// Captcha inputs, images, sliders or challenge scripts in the page.
fn captcha_markup(doc: &Html, raw: &str) -> bool {
    let mut found = false;
    walk(doc.root_element(), |ev| {
        if let Event::Open(e) = ev {
            let el = e.value();
            let mut attrs = String::new();
            for k in ["id", "class", "name", "src", "action"] {
                if let Some(v) = el.attr(k) {
                    attrs.push_str(v);
                    attrs.push(' ');
                }
            }
            let attrs = attrs.to_ascii_lowercase();
            if MARKUP.iter().any(|m| attrs.contains(m))
                || attrs.contains("yzm")
                || attrs.contains("verify")
            {
                found = true;
                return Flow::Stop;
            }
        }
        Flow::Continue
    });
    if found {
        return true;
    }
    // Script bodies were dropped before parsing; look at the raw text (bounded: short pages
    // only reach here, but the raw HTML could still be large).
    let head = super::html::cut(raw, 256 * 1024).to_ascii_lowercase();
    MARKUP.iter().any(|m| head.contains(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(html: &str, items: usize) -> PageState {
        html_state(&Html::parse_document(html), html, items)
    }

    #[test]
    fn captcha_walls() {
        let s = state("<html><head><title>安全验证</title></head><body><p>请完成下方验证后继续访问</p></body></html>", 0);
        assert!(matches!(s, PageState::Blocked { .. }), "{s:?}");
        let s = state("<html><body><div id='captcha'><img src='/captcha.jpg'><input name='yzm'></div><p>请输入验证码</p></body></html>", 0);
        assert_eq!(
            s,
            PageState::Blocked {
                reason: "验证码页面".into()
            }
        );
        let s = state("<html><head><title></title><script src='https://static.geetest.com/gt.js'></script></head><body></body></html>", 0);
        assert_eq!(
            s,
            PageState::Blocked {
                reason: "反爬虫验证页面".into()
            }
        );
        let s = state(
            "<html><head><title>Sina Visitor System</title></head><body></body></html>",
            0,
        );
        assert_eq!(
            s,
            PageState::Blocked {
                reason: "微博访客验证页面".into()
            }
        );
    }

    #[test]
    fn deleted_notices() {
        let s = state(
            "<html><body><div class='weui-msg'><h2>该内容已被发布者删除</h2></div></body></html>",
            0,
        );
        assert_eq!(
            s,
            PageState::Deleted {
                reason: "内容已被发布者删除".into()
            }
        );
        let s = state(
            "<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>",
            0,
        );
        assert_eq!(
            s,
            PageState::Deleted {
                reason: "页面不存在（404）".into()
            }
        );
    }

    #[test]
    fn fraud_article_is_not_a_wall() {
        let para = "<p>近日，有不法分子冒充客服，以退款为由诱导群众提供手机验证码，请广大群众提高警惕，切勿向陌生人透露验证码。</p>".repeat(20);
        let html = format!("<html><head><title>警惕！冒充客服索要验证码的都是诈骗 - 云川区人民政府</title></head><body><form><input name='q'></form>{para}</body></html>");
        assert_eq!(state(&html, 1), PageState::Normal);
        // A short tip still is not a wall when it has no captcha markup.
        let html = "<html><head><title>反诈提示：验证码不要告诉任何人，谨防电信网络诈骗</title></head><body><p>收到验证码请勿转告他人。公安机关不会索要验证码，银行也不会。如遇可疑情况，请拨打96110咨询。这是一条很长的提示，提醒大家守好自己的钱袋子，不给骗子任何可乘之机。</p>".to_string()
            + &"<p>防范电信网络诈骗，需要全社会共同参与，人人都是反诈宣传员，请把这条提示转告家人朋友。</p>".repeat(12)
            + "</body></html>";
        assert_eq!(state(&html, 1), PageState::Normal);
        // A list page mentioning a deleted rumor video is not deleted.
        let html = "<html><body><ul><li><a href='/a'>网传视频已被删除？官方回应来了</a></li></ul></body></html>";
        assert_eq!(state(html, 12), PageState::Normal);
    }

    #[test]
    fn weibo_json_states() {
        let v: Value =
            serde_json::from_str(r#"{"ok":-100,"url":"https://passport.weibo.cn/signin/welcome"}"#)
                .unwrap();
        assert_eq!(
            json_state(&v),
            PageState::Blocked {
                reason: "需要登录（微博）".into()
            }
        );
        let v: Value = serde_json::from_str(r#"{"ok":0,"msg":"请求过于频繁,歇歇吧"}"#).unwrap();
        assert_eq!(
            json_state(&v),
            PageState::Blocked {
                reason: "访问过于频繁".into()
            }
        );
        let v: Value =
            serde_json::from_str(r#"{"ok":0,"msg":"抱歉，此微博已被作者删除。"}"#).unwrap();
        assert_eq!(
            json_state(&v),
            PageState::Deleted {
                reason: "微博已被作者删除".into()
            }
        );
        let v: Value = serde_json::from_str(r#"{"ok":1,"data":{"cards":[]}}"#).unwrap();
        assert_eq!(json_state(&v), PageState::Normal);
        let v: Value = serde_json::from_str(r#"{"ok":0,"msg":"这里还没有内容"}"#).unwrap();
        assert_eq!(json_state(&v), PageState::Normal);
    }
}
