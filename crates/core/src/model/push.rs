//! A push and what the coordinator sees of it: the launch form, the coverage board, the
//! monitoring schedule, reminders and the events that raise desktop notifications.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Account, Coverage, Platform, Push, Rebuttal, TargetResult, Tier};
use crate::rules::Level;

/// Which active accounts a push targets. Each list narrows the set; an empty list means any.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct TargetFilter {
    pub tiers: Vec<Tier>,
    pub units: Vec<String>,
    pub territories: Vec<String>,
    pub platforms: Vec<Platform>,
    /// Accounts the coordinator unticked in the preview.
    #[ts(type = "Array<number>")]
    pub exclude: Vec<i64>,
}

/// When one tier must have reposted (RFC 3339, UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TierDeadline {
    pub tier: Tier,
    pub due_at: String,
}

/// What the launch form starts from, for a case with a published rebuttal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PushDraft {
    #[ts(type = "number")]
    pub case_id: i64,
    pub case_title: String,
    pub level: Option<Level>,
    pub rebuttal: Rebuttal,
    /// All main force, nothing else.
    pub filter: TargetFilter,
    /// From the case level (allied force: the auxiliary deadline), counted from now.
    pub deadlines: Vec<TierDeadline>,
    /// The office's notice template, with {标题} {链接} {要求} {截止时间} {案件} placeholders.
    pub template: String,
    /// The template filled in for this case and these deadlines.
    pub notice: String,
    /// Units and territories that have active accounts, for the filter's choices.
    pub units: Vec<String>,
    pub territories: Vec<String>,
}

/// The accounts a filter selects, before launch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TargetPreview {
    /// One page of the accounts the filter selects, unticked ones included.
    pub accounts: Vec<Account>,
    /// (tier, how many the push will target: unticked accounts left out), main force first,
    /// tiers with none left out.
    pub counts: Vec<TierCount>,
    /// How many accounts the filter selects, unticked ones included.
    #[ts(type = "number")]
    pub matching: i64,
    pub page: u32,
    pub page_size: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TierCount {
    pub tier: Tier,
    #[ts(type = "number")]
    pub count: i64,
}

/// What the coordinator launches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PushLaunch {
    #[ts(type = "number")]
    pub case_id: i64,
    pub filter: TargetFilter,
    /// One per targeted tier.
    pub deadlines: Vec<TierDeadline>,
    /// The notice text as edited.
    pub notice: String,
    /// Bots to send the notice to right after launch.
    #[ts(type = "Array<number>")]
    pub bot_ids: Vec<i64>,
}

/// Coverage of one unit or territory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct GroupCoverage {
    /// The unit's or territory's name; "（未填写）" for accounts without one.
    pub name: String,
    #[ts(type = "number")]
    pub targeted: i64,
    #[ts(type = "number")]
    pub reposted: i64,
    #[ts(type = "number")]
    pub rumor_reposted: i64,
    /// Not reposted (yet), the targets the checker could not see aside: 未转载.
    #[ts(type = "number")]
    pub stragglers: i64,
    /// The checker could not see the page: 未能核查.
    #[ts(type = "number")]
    pub unverified: i64,
    pub ratio: f64,
}

/// One step of the cumulative repost curve: at `at`, `reposted` accounts of `tier` had
/// reposted (first-seen times).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CurvePoint {
    pub at: String,
    pub tier: Tier,
    #[ts(type = "number")]
    pub reposted: i64,
}

/// Where the monitoring of a push stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MonitorState {
    /// Still being re-checked on schedule.
    pub active: bool,
    pub interval_minutes: u32,
    pub last_sweep_at: Option<String>,
    pub next_sweep_at: Option<String>,
    /// The last deadline plus the grace period: monitoring stops then at the latest.
    pub stops_at: Option<String>,
    /// Why it stopped, in Chinese, once it has.
    pub stopped_reason: Option<String>,
    /// When the next reminder may be sent (cooldown), if not now.
    pub reminder_allowed_at: Option<String>,
}

/// The coverage board of one push.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PushBoard {
    pub push: Push,
    #[ts(type = "number")]
    pub case_id: i64,
    pub case_title: String,
    pub rebuttal: Rebuttal,
    pub coverage: Coverage,
    pub by_unit: Vec<GroupCoverage>,
    pub by_territory: Vec<GroupCoverage>,
    pub curve: Vec<CurvePoint>,
    /// The targets that reposted the rumor itself, main force first (without evidence).
    pub rumor_reposters: Vec<TargetResult>,
    /// Blocked targets that share one reason (a bridge or a platform refusing the checker),
    /// most accounts first: one line each on the board.
    pub blocked_causes: Vec<BlockedCause>,
    pub monitor: MonitorState,
}

/// One reason several targets of a push could not be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BlockedCause {
    /// 被拦截 or 无法访问 (a bridge or a site that could not be reached).
    pub verdict: super::Verdict,
    /// The checker's explanation, the same for every one of them.
    pub why: String,
    #[ts(type = "number")]
    pub accounts: i64,
    /// The first few accounts' names.
    pub names: Vec<String>,
}

/// A push as the dashboard and a case page list it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PushSummary {
    pub push: Push,
    #[ts(type = "number")]
    pub case_id: i64,
    pub case_title: String,
    pub coverage: Coverage,
    pub monitor: MonitorState,
}

/// A target confirmed by hand (group chats and other accounts the checker cannot read).
/// With a link, the checker verifies the link first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ManualConfirm {
    #[ts(type = "number")]
    pub push_id: i64,
    #[ts(type = "number")]
    pub account_id: i64,
    pub note: Option<String>,
    pub link: Option<String>,
}

/// The office's push settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PushSettings {
    /// Minutes between re-checks of an active push.
    pub interval_minutes: u32,
    /// Hours after the last deadline that monitoring goes on.
    pub grace_hours: u32,
    /// Minimum minutes between two reminders of one push.
    pub reminder_cooldown_minutes: u32,
    /// Send a reminder by itself when a tier's deadline passes.
    pub auto_remind: bool,
    /// Notice template; placeholders {案件} {标题} {链接} {要求} {截止时间}.
    pub notice_template: String,
    /// Reminder template; placeholders {标题} {链接} {截止时间} {未转载名单} {未转载数}.
    pub reminder_template: String,
}

/// What happened on a push that the coordinator should hear of (desktop notification).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PushEventKind {
    /// Every target of a tier reposted.
    TierComplete,
    /// A tier's deadline passed with targets still missing.
    DeadlineMissed,
    /// A target posted the rumor.
    RumorRepost,
    /// Several targets could not be read for one and the same reason (a bridge down, Weibo
    /// refusing visitors): said once, not account by account.
    SourceBlocked,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PushEvent {
    #[ts(type = "number")]
    pub push_id: i64,
    pub kind: PushEventKind,
    pub tier: Option<Tier>,
    #[ts(type = "number | null")]
    pub account_id: Option<i64>,
    pub at: String,
    /// The notification's title and text, in Chinese.
    pub title: String,
    pub body: String,
}

/// A push's results changed (a scheduled or manual check recorded them): the board reloads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PushUpdated {
    #[ts(type = "number")]
    pub push_id: i64,
}

/// Progress of a sweep ("check now" and scheduled), for the progress bar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SweepProgress {
    #[ts(type = "number")]
    pub push_id: i64,
    #[ts(type = "number")]
    pub done: i64,
    #[ts(type = "number")]
    pub total: i64,
    pub finished: bool,
}

/// The outcome of a reminder action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RemindOutcome {
    #[ts(type = "number")]
    pub stragglers: i64,
    pub deliveries: Vec<super::BotDelivery>,
    /// The digest as sent (also when no bot covers the stragglers, to copy by hand).
    pub text: String,
    pub next_allowed_at: Option<String>,
    /// Accounts the checker could not see, not reminded (not ticked).
    #[ts(type = "number")]
    pub left_out: i64,
}
