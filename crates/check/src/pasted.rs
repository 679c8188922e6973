//! What people paste as evidence of their reposts: messages copied from the work group
//! ("李明：已转 https://…"), a list of links, a chat export with a header line per message
//! ("李明 10:32", "2026-12-03 10:32:05 李明"). Every link in it, with who sent it where the
//! text says so; and the account name a fetched page shows (a WeChat article's `nickname`,
//! a Weibo post's `screen_name`), to attribute the link.

use std::sync::LazyLock;

use regex::Regex;

use crate::text::find_urls;

/// At most this many links are taken from one paste (the rest are reported, not read).
pub const MAX_LINKS: usize = 500;
/// A pasted line is shown up to this many characters.
const LINE_CHARS: usize = 160;
/// A sender's display name is at most this many characters.
const SENDER_CHARS: usize = 24;

/// One link found in pasted text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PastedLink {
    pub url: String,
    /// Who sent the message it came in, when the text says.
    pub sender: Option<String>,
    /// The line it was on (shortened), to show in the preview.
    pub line: String,
}

/// A chat header without the message: "李明 10:32", "李明 2026-12-03 10:32:05",
/// "2026-12-03 10:32:05 李明", "2026/12/3 上午10:32 李明".
static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    let date = r"(?:\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*)?";
    let time = r"(?:上午|下午|晚上|凌晨)?\d{1,2}:\d{2}(?::\d{2})?";
    Regex::new(&format!(
        r"^(?:(?P<before>[^\s:：].{{0,23}}?)\s+{date}{time}|{date}{time}\s+(?P<after>[^\s:：].{{0,23}}?))$"
    ))
    .expect("header pattern")
});

/// "李明：已转 …" / "[10:32] 李明: 已转 …": the name before the colon.
static SPEAKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\[?\d{1,2}:\d{2}(?::\d{2})?\]?\s*)?(?P<name>[^\s:：/][^:：/]{0,23}?)\s*[:：]")
        .expect("speaker pattern")
});

fn clip(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.push('…');
    }
    out
}

fn name_ok(name: &str) -> Option<String> {
    let name = name.trim();
    (!name.is_empty()
        && name.chars().count() <= SENDER_CHARS
        && !name.contains("http")
        && !name
            .chars()
            .any(|c| c.is_ascii_digit() && name.chars().all(|d| d.is_ascii_digit())))
    .then(|| name.to_string())
}

/// The sender a header line names, if it is one.
fn header_sender(line: &str) -> Option<String> {
    let c = HEADER.captures(line)?;
    c.name("before")
        .or_else(|| c.name("after"))
        .and_then(|m| name_ok(m.as_str()))
}

/// Every link in `text` (the first [`MAX_LINKS`], each once) and who sent it; the second value
/// is how many more links were left out.
pub fn links_in(text: &str) -> (Vec<PastedLink>, usize) {
    let mut out: Vec<PastedLink> = Vec::new();
    let mut left_out = 0;
    let mut current: Option<String> = None;
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let urls = find_urls(line, MAX_LINKS + 1);
        if urls.is_empty() {
            if let Some(s) = header_sender(line) {
                current = Some(s);
            }
            continue;
        }
        let before_url = &line[..line.find(urls[0]).unwrap_or(0)];
        // "李明：…" names the sender of this line and of the bare lines that follow it
        if let Some(speaker) = SPEAKER
            .captures(before_url)
            .and_then(|c| c.name("name"))
            .and_then(|m| name_ok(m.as_str()))
        {
            current = Some(speaker);
        }
        let sender = current.clone();
        for url in urls {
            if out.iter().any(|l| l.url == url) {
                continue;
            }
            if out.len() >= MAX_LINKS {
                left_out += 1;
                continue;
            }
            out.push(PastedLink {
                url: url.to_string(),
                sender: sender.clone(),
                line: clip(line, LINE_CHARS),
            });
        }
    }
    (out, left_out)
}

static WECHAT_NICKNAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"var\s+nickname\s*=\s*(?:htmlDecode\()?\s*["']([^"'\n]{1,60})["']"#)
        .expect("nickname pattern")
});
static WECHAT_JS_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"id\s*=\s*["']js_name["'][^>]*>\s*([^<\n]{1,60}?)\s*<"#).expect("js_name pattern")
});
static SCREEN_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#""screen_name"\s*:\s*"([^"\n]{1,60})""#).expect("screen_name pattern")
});
static META_AUTHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"<meta\s+(?:name|property)\s*=\s*["'](?:author|og:site_name)["']\s+content\s*=\s*["']([^"'\n]{1,60})["']"#)
        .expect("author pattern")
});

/// The account name a page shows: a WeChat article's `nickname` / `#js_name`, a Weibo post's
/// author (`screen_name`, the first one: a repost's own author comes before the original's),
/// else the page's `author` meta. Decoded text in; `None` when the page names nobody.
pub fn page_account(text: &str) -> Option<String> {
    let mut end = text.len().min(400_000);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    [
        &WECHAT_NICKNAME,
        &WECHAT_JS_NAME,
        &SCREEN_NAME,
        &META_AUTHOR,
    ]
    .iter()
    .find_map(|re| re.captures(head))
    .map(|c| c[1].trim().to_string())
    .filter(|n| !n.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_their_senders_in_what_a_work_group_pastes() {
        let text = "区公安分局-李明：已转 https://weibo.com/1111111111/z0JH2lOMb\n\
                    王芳 10:32\n\
                    已转发，链接如下\n\
                    https://mp.weixin.qq.com/s?__biz=MzA5&mid=1&idx=1&sn=a。\n\
                    2026-12-03 10:40:05 赵强\n\
                    https://www.yunchuan.gov.cn/a.html https://www.yunchuan.gov.cn/b.html\n\
                    [10:41] 孙丽: 收到 https://www.yunchuan.gov.cn/a.html\n\
                    https://www.douyin.com/video/7312345";
        let (links, left_out) = links_in(text);
        assert_eq!(left_out, 0);
        let got: Vec<(&str, Option<&str>)> = links
            .iter()
            .map(|l| (l.url.as_str(), l.sender.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "https://weibo.com/1111111111/z0JH2lOMb",
                    Some("区公安分局-李明")
                ),
                (
                    "https://mp.weixin.qq.com/s?__biz=MzA5&mid=1&idx=1&sn=a",
                    Some("王芳")
                ),
                ("https://www.yunchuan.gov.cn/a.html", Some("赵强")),
                ("https://www.yunchuan.gov.cn/b.html", Some("赵强")),
                // a.html again (孙丽) is the same link: kept once, with its first sender;
                // the bare line after 孙丽's message is hers
                ("https://www.douyin.com/video/7312345", Some("孙丽")),
            ]
        );
        assert_eq!(
            links[0].line,
            "区公安分局-李明：已转 https://weibo.com/1111111111/z0JH2lOMb"
        );
    }

    #[test]
    fn a_bare_list_has_no_senders_and_a_huge_one_is_cut() {
        let (links, left_out) = links_in("https://a.cn/1\nhttps://a.cn/2\n");
        assert!(links.iter().all(|l| l.sender.is_none()));
        assert_eq!((links.len(), left_out), (2, 0));
        let many: String = (0..MAX_LINKS + 7)
            .map(|i| format!("https://a.cn/{i}\n"))
            .collect();
        let (links, left_out) = links_in(&many);
        assert_eq!((links.len(), left_out), (MAX_LINKS, 7));
        assert_eq!(links_in("没有链接的一段话\n李明 10:32").0, vec![]);
    }

    #[test]
    fn the_account_a_page_shows() {
        assert_eq!(
            page_account(r#"<script>var nickname = htmlDecode("云川发布");</script>"#).as_deref(),
            Some("云川发布")
        );
        assert_eq!(
            page_account(r#"<strong class="profile_nickname" id="js_name"> 平安云川 </strong>"#)
                .as_deref(),
            Some("平安云川")
        );
        assert_eq!(
            page_account(r#"{"status":{"user":{"id":1,"screen_name":"云川交警"},"retweeted_status":{"user":{"screen_name":"云川发布"}}}}"#)
                .as_deref(),
            Some("云川交警")
        );
        assert_eq!(
            page_account(r#"<meta name="author" content="云川区人民政府">"#).as_deref(),
            Some("云川区人民政府")
        );
        assert_eq!(page_account("<p>无名</p>"), None);
    }
}
