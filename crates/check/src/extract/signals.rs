//! Page state: is this a captcha or login wall (blocked), or a removed item (deleted)?
//!
//! Words alone are not enough: an article about telecom fraud says 验证码 many times, a list
//! of rebuttals may mention 已被删除, a short rebuttal may be titled "网传视频已被删除？不实".
//! So cues count only at page level, and by how specific they are:
//! - **strong** cues name a wall or a removal notice unambiguously (该内容已被发布者删除,
//!   系统检测到您的网络, Sina Visitor System…): they count in the visible text of a short page
//!   (≤ 1500 characters) showing at most two items, or in a title;
//! - **plain** cues are ordinary words for it (安全验证, 页面不存在, 已被删除, 访问过于频繁…):
//!   they count in a tiny page (≤ 150 characters), in a very short page (≤ 400) that showed
//!   no items, or in a title where the cue is most of its segment ("404-页面不存在", not
//!   "网传视频已被删除？不实");
//! - **weak** words also fill normal pages (验证码, 请登录, captcha): as plain cues, or with
//!   captcha markup (an input or image named like a captcha, a slider, a geetest script) on a
//!   very short page or one with no items, or in a short page's title that is mostly the cue;
//! - markup alone (geetest, WAF challenge scripts) makes a wall of a nearly empty page with no
//!   items.
//!
//! Deletion is checked before walls.

use scraper::Html;
use serde_json::Value;

use super::html::{body, plain_text, title_text, walk, Event, Flow};
use super::PageState;

/// Visible text up to this many characters is a "short page".
const SHORT_PAGE: usize = 1500;
/// ...and up to this many a "very short page".
const VERY_SHORT_PAGE: usize = 400;
/// ...and up to this many a "tiny page" (a notice and nothing else).
const TINY_PAGE: usize = 150;
/// Markup-only cues need a page with at most this much visible text.
const NEARLY_EMPTY_PAGE: usize = 600;
/// A title this short (in characters) is a page label, not a headline.
const SHORT_TITLE: usize = 24;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Strength {
    Strong,
    Plain,
    Weak,
}
use Strength::{Plain, Strong, Weak};

/// A phrase, the reason it gives, how specific it is.
pub(crate) type Cue = (&'static str, &'static str, Strength);

/// Removed items. Longer, more specific phrases first: the first match gives the reason.
pub(crate) const DELETED: &[Cue] = &[
    ("该内容已被发布者删除", "内容已被发布者删除", Strong),
    ("链接已过期", "文章链接已过期", Strong),
    ("该链接已过期", "文章链接已过期", Strong),
    ("此内容已被发布者删除", "内容已被发布者删除", Strong),
    ("该公众号已迁移", "公众号已迁移", Strong),
    ("此内容因违规无法查看", "内容因违规无法查看", Strong),
    (
        "此内容被投诉且经审核涉嫌侵权",
        "内容因被投诉无法查看",
        Strong,
    ),
    ("抱歉，此微博已被作者删除", "微博已被作者删除", Strong),
    ("此微博已被作者删除", "微博已被作者删除", Strong),
    ("该微博已被删除", "微博已被删除", Strong),
    ("此微博已被删除", "微博已被删除", Strong),
    ("您访问的页面不存在", "页面不存在", Strong),
    ("404 not found", "页面不存在（404）", Strong),
    (
        "the page you requested does not exist",
        "页面不存在",
        Strong,
    ),
    ("因违反相关法律法规", "内容因违规无法查看", Plain),
    ("该账号已注销", "账号已注销", Plain),
    ("该帐号已注销", "账号已注销", Plain),
    ("文章已删除", "文章已删除", Plain),
    ("文章已被删除", "文章已删除", Plain),
    ("内容已删除", "内容已删除", Plain),
    ("已被删除", "内容已删除", Plain),
    ("页面不存在", "页面不存在", Plain),
    ("页面未找到", "页面不存在", Plain),
    ("找不到页面", "页面不存在", Plain),
    ("页面找不到", "页面不存在", Plain),
    ("内容不存在", "内容不存在", Plain),
    ("文章不存在", "内容不存在", Plain),
    ("not found", "页面不存在", Plain),
];

/// Captcha, anti-bot and login walls.
pub(crate) const BLOCKED: &[Cue] = &[
    ("系统检测到您的网络", "网络环境异常，需要验证", Strong),
    ("please verify you are a human", "人机验证页面", Strong),
    ("sina visitor system", "微博访客验证页面", Strong),
    ("请完成安全验证", "需要完成安全验证", Strong),
    ("请完成验证", "需要完成验证", Strong),
    ("人机验证", "人机验证页面", Strong),
    ("滑动验证", "滑块验证页面", Strong),
    ("拖动滑块", "滑块验证页面", Strong),
    ("访问验证", "访问验证页面", Strong),
    ("checking your browser", "反爬虫验证页面", Strong),
    ("just a moment...", "反爬虫验证页面", Strong),
    ("安全验证", "安全验证页面", Plain),
    ("访问过于频繁", "访问过于频繁", Plain),
    ("请求过于频繁", "访问过于频繁", Plain),
    ("操作过于频繁", "访问过于频繁", Plain),
    ("环境异常", "访问环境异常，需要验证", Plain),
    ("向右滑动", "滑块验证页面", Plain),
    ("访问被拒绝", "访问被拒绝", Plain),
    ("禁止访问", "访问被拒绝", Plain),
    ("access denied", "访问被拒绝", Plain),
    ("403 forbidden", "访问被拒绝", Plain),
    ("登录后查看", "需要登录", Weak),
    ("登录后才能查看", "需要登录", Weak),
    ("请先登录", "需要登录", Weak),
    ("请登录", "需要登录", Weak),
    ("验证码", "验证码页面", Weak),
    ("captcha", "验证码页面", Weak),
];

/// Markup of captcha widgets and anti-bot challenges (searched in lower-cased raw HTML).
pub(crate) const MARKUP: &[&str] = &[
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
    let tiny = visible_len <= TINY_PAGE;
    let few_items = items <= 2;
    let title_counts = title.chars().count() <= SHORT_TITLE || short;
    let mut markup = None;
    let mut has_markup = || *markup.get_or_insert_with(|| short && captcha_markup(doc, raw));

    let tables = [
        (DELETED, deleted as fn(&str) -> PageState),
        (BLOCKED, blocked),
    ];
    // The title first (it names the page), then the visible text.
    for (cues, make) in tables {
        for &(cue, reason, strength) in cues {
            if title_counts && title.contains(cue) {
                let hit = match strength {
                    Strong => true,
                    Plain => mostly_cue(&title, cue),
                    Weak => mostly_cue(&title, cue) && short,
                };
                if hit {
                    return make(reason);
                }
            }
        }
    }
    for (cues, make) in tables {
        for &(cue, reason, strength) in cues {
            if !(few_items && visible.contains(cue)) {
                continue;
            }
            let hit = match strength {
                Strong => short,
                Plain => tiny || (very_short && items == 0),
                Weak => {
                    tiny || (very_short && items == 0)
                        || (has_markup() && (items == 0 || very_short))
                }
            };
            if hit {
                return make(reason);
            }
        }
    }
    if visible_len <= NEARLY_EMPTY_PAGE && items == 0 && has_markup() {
        return blocked("反爬虫验证页面");
    }
    // A login form and little else, without any of the words above: nothing of the account
    // can be read here (it is not known to be a wall either).
    if short && items == 0 && has_password_input(doc) {
        return PageState::Unreadable {
            reason: "需要登录才能查看（页面上只有登录入口）".into(),
        };
    }
    PageState::Normal
}

fn has_password_input(doc: &Html) -> bool {
    let mut found = false;
    walk(doc.root_element(), |ev| {
        if let Event::Open(e) = ev {
            if e.value().name() == "input"
                && e.value()
                    .attr("type")
                    .is_some_and(|t| t.eq_ignore_ascii_case("password"))
            {
                found = true;
                return Flow::Stop;
            }
        }
        Flow::Continue
    });
    found
}

/// A content type the checker cannot read (images, audio, video, documents, archives).
pub(crate) fn unsupported_type(ct: &str) -> Option<String> {
    let main = ct.split(';').next().unwrap_or("").trim();
    let binary = main.starts_with("image/")
        || main.starts_with("audio/")
        || main.starts_with("video/")
        || main.starts_with("font/")
        || matches!(
            main,
            "application/pdf"
                | "application/octet-stream"
                | "application/zip"
                | "application/x-zip-compressed"
                | "application/msword"
                | "application/vnd.ms-excel"
                | "application/x-rar-compressed"
        )
        || main.starts_with("application/vnd.openxmlformats");
    binary.then(|| format!("不支持的内容类型（{main}）"))
}

/// Why nothing could be read from a page that showed no items (short Chinese).
pub(crate) fn why_unreadable(text: &str, kind: super::PageKind) -> String {
    use super::PageKind;
    let t = text.trim();
    if t.is_empty() {
        return "页面是空的".into();
    }
    match kind {
        PageKind::Json | PageKind::WeiboJson => {
            let Ok(v) = serde_json::from_str::<Value>(t) else {
                return "返回的内容不是可读的 JSON 数据".into();
            };
            let msg = ["msg", "message", "errmsg", "error"]
                .iter()
                .find_map(|k| v.get(*k).and_then(Value::as_str))
                .map(str::trim)
                .filter(|m| !m.is_empty());
            match msg {
                Some(m) => format!(
                    "接口没有返回内容条目（“{}”）",
                    super::html::truncate_chars(m, 40)
                ),
                None => "返回的数据中没有可识别的内容条目".into(),
            }
        }
        PageKind::Feed => "订阅源中没有条目".into(),
        _ => {
            let doc = super::html::parse_document(t);
            let visible = plain_text(body(&doc), 2000)
                .chars()
                .filter(|c| !c.is_whitespace())
                .count();
            let lower = super::html::cut(t, 512 * 1024).to_ascii_lowercase();
            let password = lower.contains("type=\"password\"")
                || lower.contains("type='password'")
                || lower.contains("type=password");
            let title = title_text(&doc).to_lowercase();
            if password
                || title.contains("登录")
                || title.contains("login")
                || title.contains("sign in")
            {
                "需要登录才能查看（页面上只有登录入口）".into()
            } else if visible < 200 && lower.contains("<script") {
                "页面只有脚本，内容要在浏览器里运行脚本后才显示".into()
            } else {
                "页面上没有读到任何内容条目".into()
            }
        }
    }
}

/// Is `cue` most of the title segment holding it? ("404-页面不存在": yes; "网传视频已被删除？
/// 不实": no.)
fn mostly_cue(title: &str, cue: &str) -> bool {
    let seps = [
        '-', '_', '|', '｜', '–', '—', '·', ' ', '：', ':', '，', ',', '!', '！',
    ];
    title
        .split(|c: char| seps.contains(&c))
        .filter(|seg| seg.contains(cue))
        .any(|seg| cue.chars().count() * 2 >= seg.chars().count())
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
    if let Some(r) = first_cue(&msg, BLOCKED) {
        return blocked(r);
    }
    if msg.contains("登录") || msg.contains("login") {
        return blocked("需要登录");
    }
    PageState::Normal
}

fn first_cue(hay: &str, cues: &[Cue]) -> Option<&'static str> {
    cues.iter()
        .find(|(c, _, _)| hay.contains(c))
        .map(|(_, r, _)| *r)
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
                if let Some(v) = super::html::attr_of(el, k) {
                    attrs.push_str(v);
                    attrs.push(' ');
                }
            }
            let attrs = attrs.to_ascii_lowercase();
            // (Not a bare "verify": a verified account's badge, `icon_verify`, is no wall.)
            if MARKUP.iter().any(|m| attrs.contains(m)) || attrs.contains("yzm") {
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
    fn short_rebuttals_using_the_words_are_normal() {
        let body = "<p>近日，网传“东湖公园抢孩子”视频在多个微信群流传。经云川区公安分局核查，该视频拍摄于外省，原视频已被删除，与我区无关。请勿转发。</p>".repeat(4);
        let html = format!("<html><head><title>网传视频已被删除？官方：系外地旧闻</title></head><body>{body}</body></html>");
        assert_eq!(state(&html, 1), PageState::Normal);
        let html = format!("<html><head><title>警惕“账户环境异常”诈骗短信</title></head><body>{}</body></html>",
            "<p>近期有不法分子群发短信，称您的支付账户环境异常、需点击链接完成安全验证，请勿点击。</p>".repeat(6));
        assert_eq!(state(&html, 1), PageState::Normal);
        // The same words on a near-empty page are a wall.
        let html = "<html><head><title>提示</title></head><body><p>您的访问环境异常，请稍后再试。</p></body></html>";
        assert_eq!(
            state(html, 0),
            PageState::Blocked {
                reason: "访问环境异常，需要验证".into()
            }
        );
        let html =
            "<html><head><title>404-页面不存在</title></head><body><p>返回首页</p></body></html>";
        assert_eq!(
            state(html, 0),
            PageState::Deleted {
                reason: "页面不存在".into()
            }
        );
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
