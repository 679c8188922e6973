use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Platform, Tier};
use crate::error::{Error, Result};

pub const NAME_MAX_CHARS: usize = 100;
pub const TEXT_MAX_CHARS: usize = 2000;

/// One matrix member on one platform, as the ledger lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Account {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub platform: Platform,
    pub tier: Tier,
    /// 责任单位 name.
    pub unit: Option<String>,
    /// 所属镇街 name.
    pub territory: Option<String>,
    /// Where the account's posts can be seen, as the coordinator entered it (a profile or
    /// article link, an ID, a page or a feed).
    pub watch_url: Option<String>,
    /// What the checker reads for it, resolved from `watch_url` and the platform.
    pub source: Option<crate::rules::sources::Source>,
    /// `source` described for the ledger ("微博 UID 1234567890", "人工佐证").
    pub source_label: Option<String>,
    /// What the last 测试读取 found (可核查), or `None` before the first test.
    pub readability: Option<Readability>,
    pub contact: Option<String>,
    pub notes: Option<String>,
    pub active: bool,
    /// RFC 3339, UTC.
    pub updated_at: String,
}

/// What a user (form, import row, CLI) gives to create or change an account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AccountInput {
    pub name: String,
    pub platform: Platform,
    pub tier: Tier,
    pub unit: Option<String>,
    pub territory: Option<String>,
    pub watch_url: Option<String>,
    pub contact: Option<String>,
    pub notes: Option<String>,
    pub active: bool,
}

impl From<&Account> for AccountInput {
    fn from(a: &Account) -> Self {
        AccountInput {
            name: a.name.clone(),
            platform: a.platform,
            tier: a.tier,
            unit: a.unit.clone(),
            territory: a.territory.clone(),
            watch_url: a.watch_url.clone(),
            contact: a.contact.clone(),
            notes: a.notes.clone(),
            active: a.active,
        }
    }
}

/// Filters of the ledger list. Every field narrows the list; `None` means "any".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct AccountFilter {
    /// Substring of name, contact, notes, watch URL, unit or territory.
    pub query: Option<String>,
    pub tier: Option<Tier>,
    pub platform: Option<Platform>,
    pub unit: Option<String>,
    pub territory: Option<String>,
    /// What the last 测试读取 found; `None` means any (accounts never tested included).
    #[serde(default)]
    #[ts(optional)]
    pub checkable: Option<Checkable>,
}

/// Whether the checker can read an account (可核查), as its last test found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Checkable {
    /// 可自动核查: its page or feed was read and holds items.
    Auto,
    /// 需人工佐证: no machine can read it (a group chat, WeChat without a bridge, no address).
    People,
    /// 读取失败: it should be readable but the test failed (blocked, unreadable, unreachable).
    Failed,
}

impl Checkable {
    pub const ALL: [Checkable; 3] = [Checkable::Auto, Checkable::People, Checkable::Failed];

    pub fn code(self) -> &'static str {
        match self {
            Checkable::Auto => "auto",
            Checkable::People => "people",
            Checkable::Failed => "failed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Checkable::Auto => "可自动核查",
            Checkable::People => "需人工佐证",
            Checkable::Failed => "读取失败",
        }
    }

    pub fn parse(code: &str) -> Option<Checkable> {
        Checkable::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// What one 测试读取 of an account found, kept with the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Readability {
    pub checkable: Checkable,
    /// Why, in Chinese ("读到 12 条，最新：…", "平台拒绝了访问…").
    pub reason: String,
    /// RFC 3339, UTC.
    pub tested_at: String,
}

/// One item the checker read in a test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProbeItem {
    pub title: String,
    pub date: Option<String>,
    pub link: Option<String>,
}

/// 测试读取 of one account: what the checker reads there right now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProbeReport {
    #[ts(type = "number")]
    pub account_id: i64,
    pub account: String,
    pub readability: Readability,
    /// The address read (a feed, Weibo's API…); `None` when nothing could be fetched.
    pub read_url: Option<String>,
    /// The first items read, newest first as the page lists them.
    pub items: Vec<ProbeItem>,
}

/// The outcome of 检查全部账号.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProbeSummary {
    pub auto: u32,
    pub people: u32,
    pub failed: u32,
    /// Stopped by 取消 before every account was tested (the tested ones are kept).
    pub cancelled: bool,
}

impl ProbeSummary {
    /// Counts one account's test.
    pub fn add(&mut self, found: Checkable) {
        match found {
            Checkable::Auto => self.auto += 1,
            Checkable::People => self.people += 1,
            Checkable::Failed => self.failed += 1,
        }
    }
}

/// Progress of 检查全部账号: accounts tested of all, and what they found so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProbeProgress {
    pub done: u32,
    pub total: u32,
    pub found: ProbeSummary,
}

/// One page of the ledger: its rows, how many accounts match in all and per tier, and the
/// page actually shown (a page past the end shows the last one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AccountPage {
    pub rows: Vec<Account>,
    #[ts(type = "number")]
    pub total: i64,
    pub page: u32,
    pub page_size: u32,
    pub tiers: Vec<super::TierCount>,
}

/// Progress of a bulk change to the accounts a filter matches (调整梯队, 删除), in accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BulkProgress {
    #[ts(type = "number")]
    pub done: i64,
    #[ts(type = "number")]
    pub total: i64,
}

fn clean(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

impl AccountInput {
    /// Trims every field, turns blanks into `None`, and lists every problem in Chinese.
    pub fn normalized(self) -> std::result::Result<AccountInput, Vec<String>> {
        let input = AccountInput {
            name: self.name.trim().to_string(),
            unit: clean(self.unit),
            territory: clean(self.territory),
            watch_url: clean(self.watch_url),
            contact: clean(self.contact),
            notes: clean(self.notes),
            ..self
        };
        let mut errors = Vec::new();
        if input.name.is_empty() {
            errors.push("账号名称不能为空".to_string());
        } else if input.name.chars().count() > NAME_MAX_CHARS {
            errors.push(format!("账号名称不能超过 {NAME_MAX_CHARS} 个字"));
        }
        for (label, value) in [("责任单位", &input.unit), ("所属镇街", &input.territory)] {
            if value
                .as_ref()
                .is_some_and(|v| v.chars().count() > NAME_MAX_CHARS)
            {
                errors.push(format!("{label}不能超过 {NAME_MAX_CHARS} 个字"));
            }
        }
        for (label, value) in [("联系方式", &input.contact), ("备注", &input.notes)] {
            if value
                .as_ref()
                .is_some_and(|v| v.chars().count() > TEXT_MAX_CHARS)
            {
                errors.push(format!("{label}不能超过 {TEXT_MAX_CHARS} 个字"));
            }
        }
        if let Err(msg) = input.source() {
            errors.push(msg);
        }
        if errors.is_empty() {
            Ok(input)
        } else {
            Err(errors)
        }
    }

    /// What the checker reads for this account (see `rules::sources::resolve`).
    pub fn source(&self) -> std::result::Result<Option<crate::rules::sources::Source>, String> {
        crate::rules::sources::resolve(self.platform, self.watch_url.as_deref())
    }

    /// As `normalized`, with the problems joined into one error.
    pub fn validated(self) -> Result<AccountInput> {
        self.normalized()
            .map_err(|errs| Error::Invalid(errs.join("；")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, url: Option<&str>) -> AccountInput {
        AccountInput {
            name: name.into(),
            platform: Platform::Weibo,
            tier: Tier::Main,
            unit: Some("  区公安分局 ".into()),
            territory: Some("   ".into()),
            watch_url: url.map(Into::into),
            contact: None,
            notes: Some("".into()),
            active: true,
        }
    }

    #[test]
    fn trims_fields_and_blanks_become_none() {
        let ok = input("  平安云川 ", Some("https://weibo.example/u/1"))
            .normalized()
            .unwrap();
        assert_eq!(ok.name, "平安云川");
        assert_eq!(ok.unit.as_deref(), Some("区公安分局"));
        assert_eq!(ok.territory, None);
        assert_eq!(ok.notes, None);
    }

    #[test]
    fn lists_every_problem() {
        let errs = input(" ", Some("javascript:alert(1)"))
            .normalized()
            .unwrap_err();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs[0].contains("账号名称不能为空"));
        assert!(errs[1].contains("无法识别的微博监测地址"), "{errs:?}");
        let errs = input(&"长".repeat(101), Some("not a url"))
            .normalized()
            .unwrap_err();
        assert!(errs[0].contains("100"));
        assert!(errs[1].contains("无法识别的微博监测地址"), "{errs:?}");
    }

    #[test]
    fn the_address_resolves_by_platform() {
        let mut wechat = input("区网信办", Some("https://mp.weixin.qq.com/s/abc"));
        wechat.platform = Platform::Wechat;
        assert!(wechat.normalized().is_ok());
        for bad in ["ftp://x.example/", "file:///etc/passwd"] {
            let mut site = input("区政府网", Some(bad));
            site.platform = Platform::Website;
            assert!(site.normalized().is_err(), "{bad}");
        }
    }
}
