//! Statistics: the dashboard, figures over a period, and the rows behind each figure.

use time::OffsetDateTime;

use super::Db;
use crate::error::Result;
use crate::model::{
    Dashboard, Drill, DrillKind, DrillResult, Figure, Period, Statistics, Timeliness, WorkSummary,
};
use crate::rules::push::fmt;

fn zero(kind: DrillKind) -> Figure {
    Figure::new(0, kind, "")
}

fn work(period: Period) -> WorkSummary {
    WorkSummary {
        period,
        cases_recorded: zero(DrillKind::CasesRecorded),
        rebuttals_published: zero(DrillKind::RebuttalsPublished),
        pushes_launched: zero(DrillKind::PushesLaunched),
        reposts_confirmed: zero(DrillKind::RepostsConfirmed),
        reminders_sent: zero(DrillKind::RemindersSent),
    }
}

fn timeliness(measured: DrillKind, not_reached: DrillKind, key: &str) -> Timeliness {
    Timeliness {
        measured: Figure::new(0, measured, key),
        median_seconds: None,
        p90_seconds: None,
        not_reached: Figure::new(0, not_reached, key),
    }
}

impl Db {
    /// The dashboard at `now`.
    pub fn dashboard(&self, now: OffsetDateTime) -> Result<Dashboard> {
        let day = Period {
            from: String::new(),
            to: String::new(),
        };
        Ok(Dashboard {
            now: fmt(now),
            active_pushes: Vec::new(),
            overdue_cases: Vec::new(),
            overdue_count: zero(DrillKind::CasesOverdue),
            overdue_tiers: Vec::new(),
            today: work(day.clone()),
            week: work(day),
        })
    }

    /// Statistics over a period, deadlines judged at `now`.
    pub fn statistics(&self, period: &Period, now: OffsetDateTime) -> Result<Statistics> {
        Ok(Statistics {
            period: period.clone(),
            computed_at: fmt(now),
            cases: zero(DrillKind::CasesRecorded),
            by_source: Vec::new(),
            by_subject: Vec::new(),
            by_territory: Vec::new(),
            by_level: Vec::new(),
            rebuttals: zero(DrillKind::RebuttalsPublished),
            pushes: zero(DrillKind::PushesLaunched),
            targeted: zero(DrillKind::Targeted),
            reposted: zero(DrillKind::Reposted),
            accounts_reached: zero(DrillKind::AccountsReached),
            coverage_by_tier: Vec::new(),
            units: Vec::new(),
            fastest: Vec::new(),
            slowest: Vec::new(),
            most_missed: Vec::new(),
            rebuttal_time: timeliness(DrillKind::RebuttalTime, DrillKind::NotRebutted, ""),
            main_80: timeliness(DrillKind::MainReached, DrillKind::MainNotReached, "80"),
            main_100: timeliness(DrillKind::MainReached, DrillKind::MainNotReached, "100"),
        })
    }

    /// The rows behind one figure of `statistics(period)` or of the dashboard.
    pub fn stats_drill(
        &self,
        _period: &Period,
        drill: &Drill,
        _now: OffsetDateTime,
    ) -> Result<DrillResult> {
        Ok(DrillResult {
            drill: drill.clone(),
            title: String::new(),
            total: 0,
            cases: Vec::new(),
            pushes: Vec::new(),
            targets: Vec::new(),
        })
    }
}
