//! The dashboard (工作台): what is running, what is late, and today's and this week's work.

use rusqlite::Connection;
use time::OffsetDateTime;

use super::cases::{summary_from_row, summary_select, OVERDUE};
use super::stats::{count, rows, CASES, FIRST_REBUTTALS, PUSHES};
use super::Db;
use crate::error::Result;
use crate::model::{
    Dashboard, DrillKind, Figure, OverdueTier, Period, PushSummary, TierCheckable, WorkSummary,
};
use crate::rules::push::{fmt, parse};
use crate::rules::stats::{self as rules};

/// The most overdue cases the dashboard lists (the figure counts them all).
const OVERDUE_LIST: usize = 50;

fn work(c: &Connection, period: Period) -> Result<WorkSummary> {
    let b = rules::bounds(&period)?;
    let n = |sql: &str| count(c, sql, &b, "", &[]);
    Ok(WorkSummary {
        cases_recorded: Figure::new(
            n(&format!("SELECT count(*) FROM rumors r WHERE {CASES}"))?,
            DrillKind::CasesRecorded,
            "",
        ),
        rebuttals_published: Figure::new(
            n(&format!("SELECT count(*) FROM ({FIRST_REBUTTALS})"))?,
            DrillKind::RebuttalsPublished,
            "",
        ),
        pushes_launched: Figure::new(
            n(&format!("SELECT count(*) FROM pushes p WHERE {PUSHES}"))?,
            DrillKind::PushesLaunched,
            "",
        ),
        reposts_confirmed: Figure::new(
            n("SELECT count(*) FROM push_targets t WHERE t.first_seen_at >= :uf AND t.first_seen_at < :uu")?,
            DrillKind::RepostsConfirmed,
            "",
        ),
        reminders_sent: Figure::new(
            n("SELECT count(*) FROM case_timeline WHERE action = 'reminder' AND at >= :uf AND at < :uu")?,
            DrillKind::RemindersSent,
            "",
        ),
        period,
    })
}

/// Tiers of active pushes whose deadline passed at `now` with targets that have not reposted
/// (those the checker could not see aside), earliest deadline first.
pub fn overdue_tiers(pushes: &[PushSummary], now: OffsetDateTime) -> Vec<OverdueTier> {
    let mut out: Vec<OverdueTier> = pushes
        .iter()
        .filter(|p| p.monitor.active)
        .flat_map(|p| {
            p.push.deadlines.iter().filter_map(move |d| {
                let due = parse(&d.due_at)?;
                let line = p.coverage.tiers.iter().find(|t| t.tier == Some(d.tier))?;
                let missing = line.stragglers;
                (due < now && missing > 0).then(|| OverdueTier {
                    push_id: p.push.id,
                    case_id: p.case_id,
                    case_title: p.case_title.clone(),
                    tier: d.tier,
                    due_at: d.due_at.clone(),
                    targeted: line.targeted,
                    reposted: line.reposted,
                    stragglers: Figure::new(
                        missing,
                        DrillKind::PushStragglers,
                        format!("{}:{}", p.push.id, d.tier.code()),
                    ),
                })
            })
        })
        .collect();
    out.sort_by(|a, b| {
        a.due_at
            .cmp(&b.due_at)
            .then(a.push_id.cmp(&b.push_id))
            .then(a.tier.cmp(&b.tier))
    });
    out
}

impl Db {
    /// The dashboard at `now`.
    pub fn dashboard(&self, now: OffsetDateTime) -> Result<Dashboard> {
        let active_pushes = self.push_summaries(true, None, now)?;
        let overdue_tiers = overdue_tiers(&active_pushes, now);
        self.read(|c| {
            // The overdue test reads the clock itself; the bounds are unused.
            let b = rules::bounds(&rules::today(now))?;
            let overdue_count = count(
                c,
                &format!("SELECT count(*) FROM rumors r WHERE {OVERDUE}"),
                &b,
                "",
                &[],
            )?;
            let overdue_cases = rows(
                c,
                &format!(
                    "{} WHERE {OVERDUE} ORDER BY r.rebuttal_due_at, r.id LIMIT {OVERDUE_LIST}",
                    summary_select()
                ),
                &b,
                "",
                &[],
                summary_from_row,
            )?;
            Ok(Dashboard {
                now: fmt(now),
                active_pushes,
                overdue_cases,
                overdue_count: Figure::new(overdue_count, DrillKind::CasesOverdue, ""),
                overdue_tiers,
                today: work(c, rules::today(now))?,
                week: work(c, rules::this_week(now))?,
                checkable: checkable_by_tier(c)?,
            })
        })
    }
}

/// 可核查 of each tier's active accounts, main force first; tiers without accounts left out.
fn checkable_by_tier(c: &Connection) -> Result<Vec<TierCheckable>> {
    let mut stmt = c.prepare(
        "SELECT tier, count(*), count(*) FILTER (WHERE checkable = 'auto'),
                count(*) FILTER (WHERE checkable = 'people'), count(*) FILTER (WHERE checkable = 'failed'),
                count(*) FILTER (WHERE checkable IS NULL)
         FROM accounts WHERE active = 1 GROUP BY tier",
    )?;
    let mut out = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                TierCheckable {
                    tier: crate::model::Tier::Main,
                    accounts: r.get(1)?,
                    auto: r.get(2)?,
                    people: r.get(3)?,
                    failed: r.get(4)?,
                    untested: r.get(5)?,
                },
            ))
        })?
        .filter_map(|row| {
            row.map(|(tier, tc)| {
                crate::model::Tier::parse(&tier).map(|tier| TierCheckable { tier, ..tc })
            })
            .transpose()
        })
        .collect::<rusqlite::Result<Vec<_>>>()?;
    out.sort_by_key(|t| t.tier);
    Ok(out)
}
