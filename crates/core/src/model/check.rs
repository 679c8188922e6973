use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Platform, Tier};

/// The verdict of one check of one account for one push (shared/GLOSSARY.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The account reposted the rebuttal.
    Reposted,
    /// The page was read; no repost on it.
    NotFound,
    /// The account posted the rumor itself.
    RumorReposted,
    /// A captcha, an anti-bot page, 403/412/432.
    Blocked,
    /// The reposted item was removed.
    Deleted,
    /// DNS, TLS, timeout, 5xx after retries.
    Unreachable,
    /// The page arrived but nothing could be read from it: a script-only shell, a login
    /// page, no items, a content type the checker cannot read. Never "not found".
    Unreadable,
    /// No URL to check: confirm by hand.
    Unchecked,
}

impl Verdict {
    pub const ALL: [Verdict; 8] = [
        Verdict::Reposted,
        Verdict::NotFound,
        Verdict::RumorReposted,
        Verdict::Blocked,
        Verdict::Deleted,
        Verdict::Unreachable,
        Verdict::Unreadable,
        Verdict::Unchecked,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Verdict::Reposted => "reposted",
            Verdict::NotFound => "not_found",
            Verdict::RumorReposted => "rumor_reposted",
            Verdict::Blocked => "blocked",
            Verdict::Deleted => "deleted",
            Verdict::Unreachable => "unreachable",
            Verdict::Unreadable => "unreadable",
            Verdict::Unchecked => "unchecked",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Verdict::Reposted => "已转载",
            Verdict::NotFound => "未发现转载",
            Verdict::RumorReposted => "转发了谣言",
            Verdict::Blocked => "被拦截",
            Verdict::Deleted => "已删除",
            Verdict::Unreachable => "无法访问",
            Verdict::Unreadable => "无法读取",
            Verdict::Unchecked => "需人工确认",
        }
    }

    /// The checker could not see the account's page (a wall, nothing readable on it, no
    /// answer): the account may well have reposted. Counted apart as 未能核查, never as
    /// 未转载, and left out of reminders unless the coordinator includes it.
    pub fn unverified(self) -> bool {
        matches!(
            self,
            Verdict::Blocked | Verdict::Unreadable | Verdict::Unreachable
        )
    }

    pub fn from_code(code: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|v| v.code() == code)
    }
}

/// What a verdict rests on. Every field is untrusted text from the fetched page except
/// `explanation`, `http_status` and `checked_at`; the UI shows all of it as plain text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Evidence {
    /// The page or feed that was fetched.
    pub page_url: Option<String>,
    /// The item the decision is about (its title and URL), when there is one.
    pub item_title: Option<String>,
    pub item_url: Option<String>,
    /// The piece of the item that matched.
    pub fragment: Option<String>,
    /// Similarity 0..1 to the rebuttal (or to the rumor, for rumor_reposted).
    pub score: Option<f32>,
    pub http_status: Option<u16>,
    /// RFC 3339, UTC.
    pub checked_at: String,
    /// Why, in Chinese, for the coordinator.
    pub explanation: String,
    /// What the page was read as (`feed`, `html_list`, `article`, `weibo_json`, `json`,
    /// `script_list`), when it was read in full.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_kind: Option<String>,
    /// The items the checker read on the page (at most [`Evidence::MAX_ITEMS_READ`], the
    /// decisive one always among them), so that anyone can see what it saw. Kept with the
    /// target's current verdict, not with every attempt.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items_read: Vec<ReadItem>,
}

impl Evidence {
    /// Items of a page kept in its evidence, at most.
    pub const MAX_ITEMS_READ: usize = 30;

    /// The same evidence without the items read (for the append-only attempt log).
    pub fn without_items(&self) -> Evidence {
        Evidence {
            items_read: Vec::new(),
            ..self.clone()
        }
    }
}

/// One item the checker read on a page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct ReadItem {
    pub title: String,
    pub date: Option<String>,
    pub link: Option<String>,
    /// The item the verdict rests on.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub decisive: bool,
}

/// One account of a push with its current verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TargetResult {
    #[ts(type = "number")]
    pub account_id: i64,
    pub account: String,
    pub platform: Platform,
    pub tier: Tier,
    pub unit: Option<String>,
    pub territory: Option<String>,
    pub watch_url: Option<String>,
    /// `None` until the first check.
    pub verdict: Option<Verdict>,
    /// The checker could not see the page ([`Verdict::unverified`], 未能核查): left out of
    /// reminders unless the coordinator ticks the account.
    pub unverified: bool,
    /// A person may still confirm it by hand ([`TargetResult::is_confirmable`]).
    pub confirmable: bool,
    pub evidence: Option<Evidence>,
    pub first_seen_at: Option<String>,
    pub checked_at: Option<String>,
    #[ts(type = "number")]
    pub attempts: i64,
}

impl TargetResult {
    /// Not reposted (yet): not checked, or checked and not reposted, but not among the
    /// targets the checker could not see, which are counted apart as 未能核查.
    pub fn is_straggler(verdict: Option<Verdict>) -> bool {
        verdict.is_none_or(|v| v != Verdict::Reposted && !v.unverified())
    }

    /// What a person may still confirm by hand (a link or a note): anything not reposted,
    /// the accounts the checker could not see first of all.
    pub fn is_confirmable(verdict: Option<Verdict>) -> bool {
        verdict != Some(Verdict::Reposted)
    }
}

/// Which targets of a push the board's table shows; `None` / `false` means any.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct TargetQuery {
    pub tier: Option<Tier>,
    pub verdict: Option<Verdict>,
    /// Only the targets not checked yet.
    pub pending: bool,
    /// A unit's name as the board groups it ("（未填写）" for none).
    pub unit: Option<String>,
    /// A town or street as the board groups it ("（未填写）" for none).
    pub territory: Option<String>,
    /// Only the stragglers ([`TargetResult::is_straggler`]).
    pub stragglers: bool,
    /// Only the targets the checker could not see (未能核查).
    pub unverified: bool,
}

/// One page of a push's targets: its rows, how many the query matches, and the page shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TargetPage {
    pub rows: Vec<TargetResult>,
    #[ts(type = "number")]
    pub total: i64,
    pub page: u32,
    pub page_size: u32,
}

/// Coverage of one tier: reposted ÷ targeted, with how the rest stand.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct TierCoverage {
    pub tier: Option<Tier>,
    #[ts(type = "number")]
    pub targeted: i64,
    #[ts(type = "number")]
    pub reposted: i64,
    #[ts(type = "number")]
    pub rumor_reposted: i64,
    #[ts(type = "number")]
    pub not_found: i64,
    #[ts(type = "number")]
    pub blocked: i64,
    #[ts(type = "number")]
    pub deleted: i64,
    #[ts(type = "number")]
    pub unreachable: i64,
    #[ts(type = "number")]
    pub unreadable: i64,
    #[ts(type = "number")]
    pub unchecked: i64,
    /// Not checked yet.
    #[ts(type = "number")]
    pub pending: i64,
    /// Not reposted (yet), the targets the checker could not see aside: 未转载.
    #[ts(type = "number")]
    pub stragglers: i64,
    /// The checker could not see the page (blocked + unreadable + unreachable): 未能核查.
    #[ts(type = "number")]
    pub unverified: i64,
    /// reposted ÷ targeted, 0 when nothing is targeted.
    pub ratio: f64,
}

/// Coverage of a push: one line per tier (main force first) and the total (`tier: None`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Coverage {
    #[ts(type = "number")]
    pub push_id: i64,
    pub tiers: Vec<TierCoverage>,
    pub total: TierCoverage,
}
