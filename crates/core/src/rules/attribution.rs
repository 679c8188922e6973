//! Whose repost is this link? Evidence from people (a liaison's "已转" with a link) names an
//! account in one of three ways, tried in this order:
//! 1. an ID in the link itself: a Weibo post link carries its author's user ID
//!    (`weibo.com/<uid>/<bid>`), a WeChat article its account's `__biz`;
//! 2. the account name the page shows (a WeChat article's `nickname`, a Weibo post's
//!    `screen_name`), matched to the names in the ledger;
//! 3. the sender of the pasted line, matched to an account's liaison (联系人) or unit.
//!
//! A way that names several accounts of the push says so and offers them; the coordinator picks.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use url::Url;

use super::sources::Source;
use crate::model::Verdict;

/// One target of the push, as attribution sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub account_id: i64,
    pub name: String,
    pub unit: Option<String>,
    /// The liaison as the ledger has it ("李明 13800000000").
    pub contact: Option<String>,
    pub source: Option<Source>,
    /// The address as entered (a WeChat article link of the account carries its `__biz`).
    pub watch_url: Option<String>,
}

/// How a link was attributed to an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AttributedBy {
    /// The user ID or `__biz` in the link.
    LinkId,
    /// The account name the page shows.
    PageName,
    /// The sender of the pasted line is the account's liaison or unit.
    Sender,
    /// The coordinator picked it.
    Coordinator,
}

impl AttributedBy {
    pub fn label(self) -> &'static str {
        match self {
            AttributedBy::LinkId => "链接中的账号ID",
            AttributedBy::PageName => "页面显示的账号名称",
            AttributedBy::Sender => "发送人是该账号的联络人",
            AttributedBy::Coordinator => "协调员指定",
        }
    }
}

/// The account a link confirms, or why none could be chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Attribution {
    #[ts(type = "number | null")]
    pub account_id: Option<i64>,
    pub by: Option<AttributedBy>,
    /// Chinese, for the preview: how it was found, or why not.
    pub reason: String,
    /// When one way named several accounts: those, for the coordinator to pick from.
    #[ts(type = "Array<number>")]
    pub among: Vec<i64>,
}

/// The Weibo user ID of a post link (`weibo.com/<uid>/<bid>`, `weibo.com/u/<uid>`).
fn weibo_uid(url: &Url) -> Option<String> {
    let host = url.host_str()?.to_ascii_lowercase();
    if !(host == "weibo.com" || host.ends_with(".weibo.com")) {
        return None;
    }
    let seg: Vec<&str> = url.path_segments()?.filter(|s| !s.is_empty()).collect();
    let digits = |s: &str| (5..=12).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    match seg.as_slice() {
        ["u", uid, ..] if digits(uid) => Some(uid.to_string()),
        [uid, _post] if digits(uid) => Some(uid.to_string()),
        _ => None,
    }
}

/// The `__biz` of a WeChat article link.
fn wechat_biz(url: &Url) -> Option<String> {
    if url.host_str()? != "mp.weixin.qq.com" {
        return None;
    }
    url.query_pairs()
        .find(|(k, _)| k == "__biz")
        .map(|(_, v)| v.into_owned())
        .filter(|v| !v.is_empty())
}

fn candidate_biz(c: &Candidate) -> Option<String> {
    if let Some(Source::WechatArticle { biz: Some(b), .. }) = &c.source {
        return Some(b.clone());
    }
    c.watch_url
        .as_deref()
        .and_then(|u| Url::parse(u).ok())
        .and_then(|u| wechat_biz(&u))
}

/// Names compared without spaces, punctuation or case ("平安 云川" is "平安云川").
fn plain(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The pieces of a sender's display name ("区公安分局-李明" → 区公安分局, 李明).
fn sender_parts(sender: &str) -> Vec<String> {
    sender
        .split(|c: char| c.is_whitespace() || "-—–_·|/（）()【】[]".contains(c))
        .map(plain)
        .filter(|p| p.chars().count() >= 2)
        .collect()
}

fn sender_matches(c: &Candidate, parts: &[String]) -> bool {
    let contact = c.contact.as_deref().map(plain).unwrap_or_default();
    let unit = c.unit.as_deref().map(plain).unwrap_or_default();
    parts.iter().any(|p| {
        (!contact.is_empty() && contact.contains(p.as_str()))
            || (!unit.is_empty() && unit == *p)
            || plain(&c.name) == *p
    })
}

fn names(ids: &[&Candidate]) -> String {
    ids.iter()
        .take(5)
        .map(|c| format!("“{}”", c.name))
        .collect::<Vec<_>>()
        .join("、")
}

/// Which of `among` the repost at `link` belongs to. `page_name`: the account name its page
/// shows; `sender`: who sent the line the link was pasted in.
pub fn attribute(
    link: &str,
    page_name: Option<&str>,
    sender: Option<&str>,
    among: &[Candidate],
) -> Attribution {
    let found = |c: &Candidate, by: AttributedBy, reason: String| Attribution {
        account_id: Some(c.account_id),
        by: Some(by),
        reason,
        among: Vec::new(),
    };
    let several = |hits: &[&Candidate], what: String| Attribution {
        account_id: None,
        by: None,
        reason: format!("{what}对应多个账号（{}），请选择", names(hits)),
        among: hits.iter().map(|c| c.account_id).collect(),
    };
    let url = Url::parse(link.trim()).ok();

    // 1. the ID in the link
    if let Some(uid) = url.as_ref().and_then(weibo_uid) {
        let hits: Vec<&Candidate> = among
            .iter()
            .filter(|c| matches!(&c.source, Some(Source::Weibo { uid: u }) if *u == uid))
            .collect();
        match hits.as_slice() {
            [one] => return found(one, AttributedBy::LinkId, format!("链接中的微博ID {uid}")),
            [] => {}
            many => return several(many, format!("微博ID {uid} ")),
        }
    }
    if let Some(biz) = url.as_ref().and_then(wechat_biz) {
        let hits: Vec<&Candidate> = among
            .iter()
            .filter(|c| candidate_biz(c).as_deref() == Some(biz.as_str()))
            .collect();
        match hits.as_slice() {
            [one] => {
                return found(
                    one,
                    AttributedBy::LinkId,
                    format!("链接中的公众号标识 __biz={biz}"),
                )
            }
            [] => {}
            many => return several(many, format!("公众号标识 __biz={biz} ")),
        }
    }

    // 2. the account name the page shows
    if let Some(shown) = page_name.map(plain).filter(|n| !n.is_empty()) {
        let hits: Vec<&Candidate> = among.iter().filter(|c| plain(&c.name) == shown).collect();
        match hits.as_slice() {
            [one] => {
                return found(
                    one,
                    AttributedBy::PageName,
                    format!(
                        "页面显示的账号名称“{}”",
                        page_name.unwrap_or_default().trim()
                    ),
                )
            }
            [] => {}
            many => {
                return several(
                    many,
                    format!("账号名称“{}”", page_name.unwrap_or_default().trim()),
                )
            }
        }
    }

    // 3. the sender
    if let Some(sender) = sender.map(str::trim).filter(|s| !s.is_empty()) {
        let parts = sender_parts(sender);
        let hits: Vec<&Candidate> = among.iter().filter(|c| sender_matches(c, &parts)).collect();
        match hits.as_slice() {
            [one] => {
                return found(
                    one,
                    AttributedBy::Sender,
                    format!("发送人“{sender}”是该账号的联络人或所属单位"),
                )
            }
            [] => {}
            many => return several(many, format!("发送人“{sender}”")),
        }
    }

    let shown = page_name
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| format!("页面显示的账号“{n}”不在本次推送中；"))
        .unwrap_or_default();
    Attribution {
        account_id: None,
        by: None,
        reason: format!("{shown}无法确定是哪个账号的转载，请手动选择"),
        among: Vec::new(),
    }
}

/// Which of `among` a screenshot shows, by the names visible in its recognised `text` (a
/// group chat's title, an account's name over its post). A name is seen when a line holds it,
/// or, for names of four characters or more, holds it with one character misread.
pub fn attribute_shown(text: &str, among: &[Candidate]) -> Attribution {
    let lines: Vec<Vec<char>> = text.lines().map(|l| plain(l).chars().collect()).collect();
    let seen = |name: &str| {
        let n: Vec<char> = plain(name).chars().collect();
        if n.len() < 2 {
            return false;
        }
        lines.iter().any(|l| {
            let hay: String = l.iter().collect();
            hay.contains(&n.iter().collect::<String>()) || (n.len() >= 4 && misread_once(&n, l))
        })
    };
    let hits: Vec<&Candidate> = among.iter().filter(|c| seen(&c.name)).collect();
    match hits.as_slice() {
        [one] => Attribution {
            account_id: Some(one.account_id),
            by: Some(AttributedBy::PageName),
            reason: format!("截图中显示的名称“{}”", one.name),
            among: Vec::new(),
        },
        [] => Attribution {
            account_id: None,
            by: None,
            reason: "截图中没有认出本次推送的账号或群名，请手动选择".into(),
            among: Vec::new(),
        },
        many => Attribution {
            account_id: None,
            by: None,
            reason: format!("截图中的名称对应多个账号（{}），请选择", names(many)),
            among: many.iter().map(|c| c.account_id).collect(),
        },
    }
}

/// Whether `hay` holds `name` with exactly one character different.
fn misread_once(name: &[char], hay: &[char]) -> bool {
    hay.windows(name.len())
        .any(|w| w.iter().zip(name).filter(|(a, b)| a != b).count() <= 1)
}

/// Whether a read and attributed link is confirmed by one click, and what that does or why
/// not: only a verified repost of this rebuttal, attributed to a target not confirmed yet.
pub fn accept(
    verdict: Verdict,
    explanation: &str,
    attribution: &Attribution,
    account: Option<(&str, Option<Verdict>)>,
) -> (bool, String) {
    if verdict != Verdict::Reposted {
        let why = match verdict {
            Verdict::RumorReposted => "这是谣言的转载，不能作为转发辟谣的证据".to_string(),
            _ => format!("核验未通过（{}）：{explanation}", verdict.label()),
        };
        return (false, why);
    }
    match (attribution.account_id, account) {
        (Some(_), Some((name, Some(Verdict::Reposted)))) => {
            (false, format!("“{name}”已确认转载，无需重复确认"))
        }
        (Some(_), Some((name, _))) => (
            true,
            format!(
                "将确认“{name}”已转载（依据：{}）",
                attribution
                    .by
                    .map(AttributedBy::label)
                    .unwrap_or("协调员指定")
            ),
        ),
        _ => (false, attribution.reason.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(
        id: i64,
        name: &str,
        unit: &str,
        contact: &str,
        source: Option<Source>,
    ) -> Candidate {
        Candidate {
            account_id: id,
            name: name.into(),
            unit: Some(unit.into()),
            contact: Some(contact.into()),
            watch_url: None,
            source,
        }
    }

    fn push() -> Vec<Candidate> {
        vec![
            candidate(
                1,
                "平安云川",
                "区公安分局",
                "李明 13800000001",
                Some(Source::Weibo {
                    uid: "1111111111".into(),
                }),
            ),
            candidate(
                2,
                "云川发布",
                "区委宣传部",
                "王芳 13800000002",
                Some(Source::WechatArticle {
                    biz: Some("MzA5NzYxMjUzNw==".into()),
                    article: "https://mp.weixin.qq.com/s?__biz=MzA5NzYxMjUzNw==&mid=1".into(),
                }),
            ),
            candidate(3, "云川文旅", "区文旅局", "赵强", Some(Source::People)),
            candidate(4, "云川交通", "区交通局", "赵强 13800000004", None),
        ]
    }

    #[test]
    fn each_way_of_naming_an_account_in_order() {
        let among = push();
        // (link, name the page shows, sender) → (account, how)
        type Row<'a> = (
            &'a str,
            Option<&'a str>,
            Option<&'a str>,
            Option<i64>,
            Option<AttributedBy>,
        );
        let table: Vec<Row> = vec![
            // the ID in the link wins over a misleading sender
            (
                "https://weibo.com/1111111111/z0JH2lOMb",
                None,
                Some("王芳"),
                Some(1),
                Some(AttributedBy::LinkId),
            ),
            (
                "https://mp.weixin.qq.com/s?__biz=MzA5NzYxMjUzNw==&mid=2650&idx=1&sn=abc",
                Some("别的号"),
                None,
                Some(2),
                Some(AttributedBy::LinkId),
            ),
            // the name the page shows, spaces and case aside
            (
                "https://mp.weixin.qq.com/s/AbC",
                Some(" 云川 文旅 "),
                None,
                Some(3),
                Some(AttributedBy::PageName),
            ),
            // the sender: the liaison's name or the unit in the sender's display name
            (
                "https://www.yunchuan.gov.cn/a.html",
                None,
                Some("区公安分局-李明"),
                Some(1),
                Some(AttributedBy::Sender),
            ),
            (
                "https://www.yunchuan.gov.cn/a.html",
                None,
                Some("区文旅局"),
                Some(3),
                Some(AttributedBy::Sender),
            ),
            // nothing names it
            (
                "https://www.yunchuan.gov.cn/a.html",
                Some("外区发布"),
                Some("陌生人"),
                None,
                None,
            ),
            ("not a link", None, None, None, None),
        ];
        for (link, page, sender, want, by) in table {
            let a = attribute(link, page, sender, &among);
            assert_eq!(
                (a.account_id, a.by),
                (want, by),
                "{link} {page:?} {sender:?}: {}",
                a.reason
            );
        }
    }

    #[test]
    fn a_screenshot_is_attributed_by_the_names_it_shows() {
        let among = push();
        let shown = |text: &str| attribute_shown(text, &among).account_id;
        assert_eq!(shown("10:32\n平安云川\n【辟谣】关于…"), Some(1));
        // a name with one character misread is still seen; with two, not
        assert_eq!(shown("云川文族(356)\n李明"), Some(3));
        assert_eq!(shown("云山文族(356)\n李明"), None);
        assert_eq!(shown("今晚七点社区开展消防演练"), None);
        let both = attribute_shown("平安云川\n云川发布", &among);
        assert_eq!((both.account_id, both.among), (None, vec![1, 2]));
    }

    #[test]
    fn a_way_that_names_several_accounts_offers_them() {
        let a = attribute("https://v.douyin.com/x/", None, Some("赵强"), &push());
        assert_eq!(a.account_id, None);
        assert_eq!(a.among, vec![3, 4]);
        assert!(a.reason.contains("“云川文旅”、“云川交通”"), "{}", a.reason);
        let unknown = attribute("https://a.cn/1", Some("外区发布"), None, &push());
        assert!(
            unknown.reason.contains("“外区发布”不在本次推送中"),
            "{}",
            unknown.reason
        );
    }
}
