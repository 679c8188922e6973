//! Figures: the dashboard (工作台), statistics over a period (统计) and what each figure is
//! made of (drill-down). Every count carries a `Drill`; `Db::stats_drill` with the same period
//! returns exactly the rows behind it.
//!
//! Times: a `Period` is a span of local calendar days in Asia/Shanghai (UTC+8, no daylight
//! saving), both ends included. Durations are whole seconds. Percentiles are nearest-rank: the
//! p-th percentile of n sorted values is the ⌈p·n/100⌉-th smallest, so the median of
//! [10, 20, 30, 40] is 20 and every percentile is a value that really occurred.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{CaseSummary, Platform, PushStatus, PushSummary, Tier, Verdict};

/// Local calendar days (Asia/Shanghai), "YYYY-MM-DD", both included.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct Period {
    pub from: String,
    pub to: String,
}

/// What a figure drills down to. Cases, pushes or push targets, see `DrillResult`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DrillKind {
    // ---- cases (CaseSummary) ----
    /// Cases recorded in the period (by when they were recorded; cases merged into another
    /// are duplicates and never counted). Key "".
    CasesRecorded,
    /// Cases recorded in the period from one source. Key: the source's code (`netizen_report`…).
    CasesBySource,
    /// Cases recorded in the period whose title or text contains one of the subject's rule
    /// words. Key: the subject (公安…); "" = cases that fall under no subject.
    CasesBySubject,
    /// Cases recorded in the period whose title or text names the territory or one of its
    /// places. Key: the territory's name; "" = cases that name none.
    CasesByTerritory,
    /// Cases recorded in the period at one level. Key: the level's code; "" = not assessed.
    CasesByLevel,
    /// Cases whose first rebuttal was published in the period. Key "".
    RebuttalsPublished,
    /// Cases recorded in the period that have a rebuttal: the population of the first seen →
    /// first rebuttal timeliness. Key "".
    RebuttalTime,
    /// Cases recorded in the period that have no rebuttal yet (declined cases left out). Key "".
    NotRebutted,
    /// Cases whose rebuttal is overdue now (the period is ignored). Key "".
    CasesOverdue,
    // ---- pushes (PushLine) ----
    /// Pushes that had reminders sent in the period, each with how many (`PushLine.reminders`;
    /// they add up to the figure). Key "".
    RemindersSent,
    /// Pushes launched in the period. Key "".
    PushesLaunched,
    /// Pushes launched in the period that reached this share of their main force. Key "80" or "100".
    MainReached,
    /// Pushes launched in the period with main-force targets that never reached this share.
    /// Key "80" or "100".
    MainNotReached,
    // ---- push targets (TargetLine) ----
    /// Every target of the period's pushes. Key "".
    Targeted,
    /// Targets of the period's pushes that reposted. Key "".
    Reposted,
    /// Targets of the period's pushes whose page the checker could not see: 未能核查. Key "".
    Unverified,
    /// Distinct accounts that reposted at least one of the period's pushes: one line per
    /// account, its first repost. Key "".
    AccountsReached,
    /// Targets (of any push) whose repost was first seen in the period. Key "".
    RepostsConfirmed,
    /// Targets of the period's pushes in one tier. Key: the tier's code.
    TierTargeted,
    TierReposted,
    /// Targets of one tier whose deadline passed before they reposted (or that never did),
    /// the ones the checker could not see aside.
    TierMissed,
    /// Targets of one tier the checker could not see (blocked, unreadable, unreachable): 未能核查.
    TierUnverified,
    /// Targets of the period's pushes whose account belongs to the unit (its unit now, as the
    /// ledger says). Key: the unit's name; "" = accounts without a unit.
    UnitTargeted,
    UnitReposted,
    UnitMissed,
    UnitUnverified,
    /// An active push's tier past its deadline: the targets that have not reposted.
    /// Key "PUSH_ID:TIER", e.g. "12:main" (the period is ignored).
    PushStragglers,
}

/// A figure's drill-down: `{ kind: "cases_by_source", key: "netizen_report" }`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct Drill {
    pub kind: DrillKind,
    pub key: String,
}

/// A count and what it is made of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Figure {
    #[ts(type = "number")]
    pub value: i64,
    pub drill: Drill,
}

/// One line of a breakdown (by source, subject, territory, level).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Bucket {
    /// The code or name the drill uses ("" for "none").
    pub key: String,
    /// What the UI shows, in Chinese.
    pub label: String,
    #[ts(type = "number")]
    pub value: i64,
    pub drill: Drill,
}

/// How long something took: nearest-rank median and 90th percentile of the measured items,
/// and how many never got there (counted, not dropped).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Timeliness {
    /// Items with a duration.
    pub measured: Figure,
    #[ts(type = "number | null")]
    pub median_seconds: Option<i64>,
    #[ts(type = "number | null")]
    pub p90_seconds: Option<i64>,
    /// Items that have not got there (yet).
    pub not_reached: Figure,
}

/// Coverage of one tier or one unit over the period's pushes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CoverageLine {
    /// The tier's code or the unit's name ("" = accounts without a unit).
    pub key: String,
    pub label: String,
    pub targeted: Figure,
    pub reposted: Figure,
    /// Not reposted by the tier's deadline (deadlines that have passed only; pushes launched
    /// without deadlines never count as missed), the targets the checker could not see aside.
    pub missed: Figure,
    /// Targets whose page the checker could not see (blocked, unreadable, unreachable): 未能核查,
    /// never counted as not reposted.
    pub unverified: Figure,
    /// reposted ÷ targeted, 0 when nothing was targeted.
    pub ratio: f64,
    /// Median (nearest rank) of push launched → repost first seen, over the reposts.
    #[ts(type = "number | null")]
    pub median_seconds: Option<i64>,
}

/// Statistics over a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Statistics {
    pub period: Period,
    /// The moment "deadline passed" and "overdue" were judged at (RFC 3339, UTC).
    pub computed_at: String,
    /// Cases recorded in the period.
    pub cases: Figure,
    pub by_source: Vec<Bucket>,
    /// A case may fall under several subjects: the lines can add up to more than `cases`.
    pub by_subject: Vec<Bucket>,
    /// A case may name several territories: the lines can add up to more than `cases`.
    pub by_territory: Vec<Bucket>,
    pub by_level: Vec<Bucket>,
    /// Cases whose first rebuttal was published in the period.
    pub rebuttals: Figure,
    /// Pushes launched in the period.
    pub pushes: Figure,
    /// Targets of those pushes (one per push and account).
    pub targeted: Figure,
    /// Of which reposted.
    pub reposted: Figure,
    /// Distinct accounts that reposted at least one of those pushes.
    pub accounts_reached: Figure,
    /// Main force first.
    pub coverage_by_tier: Vec<CoverageLine>,
    /// The unit leaderboard: fastest median time to repost first (units without a repost
    /// last), then by name.
    pub units: Vec<CoverageLine>,
    /// Up to three units each, by name: shortest and longest median time to repost, most
    /// targets missed (units that missed none are not listed).
    pub fastest: Vec<String>,
    pub slowest: Vec<String>,
    pub most_missed: Vec<String>,
    /// First seen → first rebuttal published, over the cases recorded in the period that have
    /// a rebuttal; `not_reached`: those without one yet (declined cases left out).
    pub rebuttal_time: Timeliness,
    /// Push launched → 80% of its main-force targets reposted, over the period's pushes that
    /// targeted the main force.
    pub main_80: Timeliness,
    /// Push launched → every main-force target reposted.
    pub main_100: Timeliness,
}

/// A few figures of work done in a span (today, this week).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct WorkSummary {
    /// Pass it with a figure's drill to `stats_drill`.
    pub period: Period,
    pub cases_recorded: Figure,
    pub rebuttals_published: Figure,
    pub pushes_launched: Figure,
    pub reposts_confirmed: Figure,
    pub reminders_sent: Figure,
}

/// An active push's tier whose deadline passed with targets still missing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct OverdueTier {
    #[ts(type = "number")]
    pub push_id: i64,
    #[ts(type = "number")]
    pub case_id: i64,
    pub case_title: String,
    pub tier: Tier,
    /// RFC 3339, UTC.
    pub due_at: String,
    #[ts(type = "number")]
    pub targeted: i64,
    #[ts(type = "number")]
    pub reposted: i64,
    /// The targets still missing (drill: push_stragglers).
    pub stragglers: Figure,
}

/// The dashboard (工作台), the app's first page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Dashboard {
    /// RFC 3339, UTC.
    pub now: String,
    /// Pushes being monitored, with live coverage per tier.
    pub active_pushes: Vec<PushSummary>,
    /// Cases whose rebuttal is overdue, most overdue first.
    pub overdue_cases: Vec<CaseSummary>,
    pub overdue_count: Figure,
    /// Tiers of active pushes past their deadline with stragglers, earliest deadline first.
    pub overdue_tiers: Vec<OverdueTier>,
    pub today: WorkSummary,
    /// Monday 00:00 (Asia/Shanghai) to now.
    pub week: WorkSummary,
    /// How much of each tier's active accounts the checker can read (可核查), main force first.
    pub checkable: Vec<TierCheckable>,
}

/// 可核查 of one tier's active accounts, as their last tests found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TierCheckable {
    pub tier: super::Tier,
    #[ts(type = "number")]
    pub accounts: i64,
    #[ts(type = "number")]
    pub auto: i64,
    #[ts(type = "number")]
    pub people: i64,
    #[ts(type = "number")]
    pub failed: i64,
    /// Never tested (测试读取) yet.
    #[ts(type = "number")]
    pub untested: i64,
}

/// A push as a drill-down lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PushLine {
    #[ts(type = "number")]
    pub push_id: i64,
    #[ts(type = "number")]
    pub case_id: i64,
    pub case_title: String,
    pub status: PushStatus,
    /// RFC 3339, UTC.
    pub launched_at: String,
    #[ts(type = "number")]
    pub targeted: i64,
    #[ts(type = "number")]
    pub reposted: i64,
    #[ts(type = "number")]
    pub main_targeted: i64,
    #[ts(type = "number")]
    pub main_reposted: i64,
    /// When 80% / all of the main force had reposted (first-seen times), if it did.
    pub main_80_at: Option<String>,
    pub main_100_at: Option<String>,
    /// Reminders sent in the period (the reminders_sent drill); 0 for other drills.
    #[ts(type = "number")]
    pub reminders: i64,
}

/// One target account of one push, as a drill-down lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TargetLine {
    #[ts(type = "number")]
    pub push_id: i64,
    #[ts(type = "number")]
    pub case_id: i64,
    pub case_title: String,
    /// RFC 3339, UTC.
    pub launched_at: String,
    #[ts(type = "number")]
    pub account_id: i64,
    pub account: String,
    pub platform: Platform,
    pub tier: Tier,
    pub unit: Option<String>,
    /// `None` until the first check.
    pub verdict: Option<Verdict>,
    /// When the repost was first seen (RFC 3339).
    pub first_seen_at: Option<String>,
    /// The tier's deadline in this push, if it had one.
    pub due_at: Option<String>,
}

/// The rows behind one figure: `cases`, `pushes` or `targets`, as the drill's kind says (the
/// other two are empty).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DrillResult {
    pub drill: Drill,
    /// What the rows are, in Chinese ("2026-01-01 至 2026-12-31 网民举报的案件").
    pub title: String,
    /// The figure: how many cases, pushes, targets (or reminders) are behind it.
    #[ts(type = "number")]
    pub total: i64,
    /// How many rows list it in all, on every page (the pushes behind a count of reminders).
    #[ts(type = "number")]
    pub rows_total: i64,
    pub page: u32,
    pub page_size: u32,
    pub cases: Vec<CaseSummary>,
    pub pushes: Vec<PushLine>,
    pub targets: Vec<TargetLine>,
}

impl Drill {
    pub fn new(kind: DrillKind, key: impl Into<String>) -> Drill {
        Drill {
            kind,
            key: key.into(),
        }
    }
}

impl Figure {
    pub fn new(value: i64, kind: DrillKind, key: impl Into<String>) -> Figure {
        Figure {
            value,
            drill: Drill::new(kind, key),
        }
    }
}
