//! Statistics over a period. Each figure is a population written once here as SQL and used
//! both to count it and (in `stats_drill.rs`) to list it, so a figure and its drill-down
//! cannot disagree. A year's figures read narrow indexes (migration 0005) and facts kept on
//! write by triggers: a case's first rebuttal time; a target's unit and deadline at launch and
//! its seconds to repost; each push's coverage per tier and unit (`push_cells`), so that a
//! year's coverage reads a few thousand cells instead of every target.
//!
//! Which rows belong to a period (local days, Asia/Shanghai):
//! - a case: when it was recorded (`created_at`); cases merged into another are duplicates and
//!   never counted;
//! - a rebuttal: its publication time (`published_at`, local), else when it was recorded;
//! - a push, and all its targets: when it was launched (a target's unit is the one its account
//!   had at launch, copied like its tier);
//! - a confirmed repost (dashboard): when it was first seen;
//! - a reminder: when it was sent (the case timeline's `reminder` lines).

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, Row, ToSql};
use time::OffsetDateTime;

use super::settings::{assignment_rules, territory_places};
use super::Db;
use crate::error::Result;
use crate::model::{
    Bucket, CaseSource, CoverageLine, DrillKind, Figure, Period, Statistics, Tier, Timeliness,
};
use crate::rules::push::fmt;
use crate::rules::stats::{self as rules, Bounds};
use crate::rules::tagging::Tagger;
use crate::rules::Level;

pub(crate) const NO_UNIT: &str = "（未填写）";
pub(crate) const NO_SUBJECT: &str = "未归属属事";
pub(crate) const NO_TERRITORY: &str = "未涉及镇街";
pub(crate) const NOT_ASSESSED: &str = "未研判";

/// Cases (`r`) recorded in the period.
pub(crate) const CASES: &str =
    "r.created_at >= :uf AND r.created_at < :uu AND r.status <> 'merged'";

/// Ids of the cases whose first rebuttal was published in the period (`first_rebuttal_at` is
/// kept by triggers on rebuttals, migration 0005).
pub(crate) const FIRST_REBUTTALS: &str = "SELECT r.id FROM rumors r
     WHERE r.first_rebuttal_at >= :lf AND r.first_rebuttal_at < :lu AND r.status <> 'merged'";

/// Cases recorded in the period with a rebuttal (the population of the rebuttal timeliness).
pub(crate) const REBUTTED: &str = "r.first_rebuttal_at IS NOT NULL";
/// Cases recorded in the period that need a rebuttal and have none.
pub(crate) const NOT_REBUTTED: &str = "r.status <> 'declined' AND r.first_rebuttal_at IS NULL";

/// Pushes (`p`) launched in the period.
pub(crate) const PUSHES: &str = "p.created_at >= :uf AND p.created_at < :uu";

/// A target (`t`) whose tier's deadline in its push has passed (at :now) without a repost
/// seen by then, unless the checker could not see its page. Pushes launched without deadlines
/// have none to miss. (`push_cells` counts the same: targeted − on_time − unverified once
/// due_at has passed.)
pub(crate) const MISSED: &str = "(t.due_at < :now
     AND NOT (t.verdict IS 'reposted' AND coalesce(t.first_seen_at <= t.due_at, 0))
     AND NOT coalesce(t.verdict IN ('blocked', 'unreadable', 'unreachable'), 0))";

/// A target (`t`) whose page the checker could not see: 未能核查 (push_cells counts the same).
pub(crate) const UNVERIFIED: &str = "t.verdict IN ('blocked', 'unreadable', 'unreachable')";

/// Runs `sql`, binding whichever of :uf :uu :lf :lu :now and `extra` it names.
pub(crate) fn rows<T>(
    c: &Connection,
    sql: &str,
    b: &Bounds,
    now: &str,
    extra: &[(&str, &dyn ToSql)],
    mut f: impl FnMut(&Row) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = c.prepare_cached(sql)?;
    let named: [(&str, &dyn ToSql); 5] = [
        (":uf", &b.utc_from),
        (":uu", &b.utc_until),
        (":lf", &b.local_from),
        (":lu", &b.local_until),
        (":now", &now),
    ];
    for (name, value) in named.iter().chain(extra) {
        if let Some(i) = stmt.parameter_index(name)? {
            stmt.raw_bind_parameter(i, value)?;
        }
    }
    let mut out = Vec::new();
    let mut rs = stmt.raw_query();
    while let Some(row) = rs.next()? {
        out.push(f(row)?);
    }
    Ok(out)
}

pub(crate) fn count(
    c: &Connection,
    sql: &str,
    b: &Bounds,
    now: &str,
    extra: &[(&str, &dyn ToSql)],
) -> Result<i64> {
    Ok(rows(c, sql, b, now, extra, |r| r.get(0))?
        .into_iter()
        .next()
        .unwrap_or(0))
}

/// The subjects and territories named by each case recorded in the period.
pub(crate) struct CaseTags {
    pub tagger: Tagger,
    /// (case id, subject indexes, territory indexes)
    pub cases: Vec<(i64, Vec<usize>, Vec<usize>)>,
}

pub(crate) fn case_tags(c: &Connection, b: &Bounds) -> Result<CaseTags> {
    let rules = assignment_rules(c)?;
    let tagger = Tagger::new(&rules.subject_rules, &territory_places(c)?);
    // The same text the case list's filters search: title and content, joined.
    let sql = format!("SELECT r.id, r.title || r.content FROM rumors r WHERE {CASES}");
    let cases = rows(c, &sql, b, "", &[], |r| {
        let text = r.get_ref(1)?.as_str().unwrap_or("");
        let tags = tagger.tags(text);
        Ok((r.get(0)?, tags.subjects, tags.territories))
    })?;
    Ok(CaseTags { tagger, cases })
}

/// One push's main force: how many were targeted and, sorted, the seconds from launch to each
/// repost.
pub(crate) struct MainReach {
    pub push_id: i64,
    pub targeted: i64,
    pub delays: Vec<i64>,
}

/// Coverage of the targets of one tier and unit (summed over pushes).
#[derive(Default)]
struct Cell {
    targeted: i64,
    reposted: i64,
    missed: i64,
    unverified: i64,
    delays: Vec<i64>,
}

/// What the period's pushes' targets add up to, read from `push_cells`.
pub(crate) struct TargetFacts {
    /// (tier code, unit id at launch) → coverage.
    cells: HashMap<(String, Option<i64>), Cell>,
    pub main: Vec<MainReach>,
    accounts_reached: i64,
}

/// Parses a `group_concat` of integers.
fn ints(list: Option<&str>) -> impl Iterator<Item = i64> + '_ {
    list.unwrap_or("")
        .split(',')
        .filter_map(|n| n.parse::<i64>().ok())
}

pub(crate) fn target_facts(c: &Connection, b: &Bounds, now: &str) -> Result<TargetFacts> {
    // One row per push, tier and unit, kept on write (`push_cells`, migration 0005), a push's
    // rows together; each lists its reposts' delays and accounts for the medians and the
    // accounts reached.
    let sql = format!(
        "SELECT c.push_id, c.tier, nullif(c.unit_id, 0), c.targeted, c.reposted,
                CASE WHEN c.due_at < :now THEN max(c.targeted - c.on_time - c.unverified, 0) ELSE 0 END,
                c.delays, c.accounts, c.unverified
         FROM pushes p JOIN push_cells c ON c.push_id = p.id
         WHERE {PUSHES} ORDER BY p.created_at, p.id"
    );
    let mut cells: HashMap<(String, Option<i64>), Cell> = HashMap::new();
    let mut main: Vec<MainReach> = Vec::new();
    let mut accounts: HashSet<i64> = HashSet::new();
    rows(c, &sql, b, now, &[], |r| {
        let tier: String = r.get(1)?;
        let delays: Vec<i64> = ints(r.get_ref(6)?.as_str_or_null()?)
            .map(|d| d.max(0))
            .collect();
        accounts.extend(ints(r.get_ref(7)?.as_str_or_null()?));
        if tier == "main" {
            let push: i64 = r.get(0)?;
            if main.last().map(|m| m.push_id) != Some(push) {
                main.push(MainReach {
                    push_id: push,
                    targeted: 0,
                    delays: Vec::new(),
                });
            }
            let m = main.last_mut().expect("just pushed");
            m.targeted += r.get::<_, i64>(3)?;
            m.delays.extend(&delays);
        }
        let cell = cells.entry((tier, r.get(2)?)).or_default();
        cell.targeted += r.get::<_, i64>(3)?;
        cell.reposted += r.get::<_, i64>(4)?;
        cell.missed += r.get::<_, i64>(5)?;
        cell.unverified += r.get::<_, i64>(8)?;
        cell.delays.extend(delays);
        Ok(())
    })?;
    for m in &mut main {
        m.delays.sort_unstable();
    }
    Ok(TargetFacts {
        cells,
        main,
        accounts_reached: accounts.len() as i64,
    })
}

fn line(key: &str, label: &str, kinds: [DrillKind; 4], cells: &[&Cell]) -> CoverageLine {
    let targeted: i64 = cells.iter().map(|c| c.targeted).sum();
    let reposted: i64 = cells.iter().map(|c| c.reposted).sum();
    let missed: i64 = cells.iter().map(|c| c.missed).sum();
    let unverified: i64 = cells.iter().map(|c| c.unverified).sum();
    let mut delays: Vec<i64> = cells
        .iter()
        .flat_map(|c| c.delays.iter().copied())
        .collect();
    let (median, _) = rules::median_p90(&mut delays);
    CoverageLine {
        key: key.to_string(),
        label: label.to_string(),
        targeted: Figure::new(targeted, kinds[0], key),
        reposted: Figure::new(reposted, kinds[1], key),
        missed: Figure::new(missed, kinds[2], key),
        unverified: Figure::new(unverified, kinds[3], key),
        ratio: if targeted > 0 {
            reposted as f64 / targeted as f64
        } else {
            0.0
        },
        median_seconds: median,
    }
}

fn sorted_buckets(mut buckets: Vec<Bucket>, none: Option<Bucket>) -> Vec<Bucket> {
    buckets.sort_by(|a, b| b.value.cmp(&a.value).then_with(|| a.label.cmp(&b.label)));
    buckets.extend(none.filter(|n| n.value > 0));
    buckets
}

fn bucket(kind: DrillKind, key: &str, label: &str, value: i64) -> Bucket {
    Bucket {
        key: key.to_string(),
        label: label.to_string(),
        value,
        drill: crate::model::Drill::new(kind, key),
    }
}

pub(crate) fn unit_names(c: &Connection) -> Result<HashMap<i64, String>> {
    let mut stmt = c.prepare_cached("SELECT id, name FROM units")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn timeliness(
    mut delays: Vec<i64>,
    not_reached: i64,
    kinds: (DrillKind, DrillKind),
    key: &str,
) -> Timeliness {
    let n = delays.len() as i64;
    let (median, p90) = rules::median_p90(&mut delays);
    Timeliness {
        measured: Figure::new(n, kinds.0, key),
        median_seconds: median,
        p90_seconds: p90,
        not_reached: Figure::new(not_reached, kinds.1, key),
    }
}

fn main_timeliness(reach: &[MainReach], share: u32) -> Timeliness {
    let mut delays = Vec::new();
    let mut never = 0;
    for p in reach {
        match rules::reach_after(p.targeted, &p.delays, share) {
            Some(d) => delays.push(d),
            None => never += 1,
        }
    }
    timeliness(
        delays,
        never,
        (DrillKind::MainReached, DrillKind::MainNotReached),
        &share.to_string(),
    )
}

fn statistics(c: &Connection, period: &Period, now: OffsetDateTime) -> Result<Statistics> {
    let b = rules::bounds(period)?;
    let now_text = fmt(now);
    let now = now_text.as_str();

    // The period's cases, from the `rumors_stats` index: source, level, and rebuttal delay.
    let sql = format!(
        "SELECT r.source, r.level, r.status = 'declined',
                unixepoch(r.first_rebuttal_at) - unixepoch(COALESCE(r.first_seen_at, datetime(r.created_at, '+8 hours')))
         FROM rumors r WHERE {CASES}"
    );
    let mut cases = 0;
    let mut sources: HashMap<String, i64> = HashMap::new();
    let mut levels: HashMap<Option<String>, i64> = HashMap::new();
    let mut rebuttal_delays = Vec::new();
    let mut not_rebutted = 0;
    rows(c, &sql, &b, now, &[], |r| {
        cases += 1;
        *sources.entry(r.get(0)?).or_default() += 1;
        *levels.entry(r.get(1)?).or_default() += 1;
        match r.get::<_, Option<i64>>(3)? {
            Some(d) => rebuttal_delays.push(d.max(0)),
            None => not_rebutted += !r.get::<_, bool>(2)? as i64,
        }
        Ok(())
    })?;
    let by_source = CaseSource::ALL
        .into_iter()
        .map(|s| {
            let n = sources.get(s.code()).copied().unwrap_or(0);
            bucket(DrillKind::CasesBySource, s.code(), s.label(), n)
        })
        .collect();
    let mut by_level: Vec<Bucket> = Level::ALL
        .into_iter()
        .map(|l| {
            let n = levels
                .get(&Some(l.code().to_string()))
                .copied()
                .unwrap_or(0);
            bucket(DrillKind::CasesByLevel, l.code(), l.label(), n)
        })
        .collect();
    let unassessed = levels.get(&None).copied().unwrap_or(0);
    if unassessed > 0 {
        by_level.push(bucket(
            DrillKind::CasesByLevel,
            "",
            NOT_ASSESSED,
            unassessed,
        ));
    }

    // By subject and territory: the words each case's text contains.
    let tags = case_tags(c, &b)?;
    let mut per_subject = vec![0i64; tags.tagger.subjects().len()];
    let mut per_territory = vec![0i64; tags.tagger.territories().len()];
    let (mut no_subject, mut no_territory) = (0, 0);
    for (_, subjects, territories) in &tags.cases {
        subjects.iter().for_each(|&s| per_subject[s] += 1);
        territories.iter().for_each(|&t| per_territory[t] += 1);
        no_subject += subjects.is_empty() as i64;
        no_territory += territories.is_empty() as i64;
    }
    let by_subject = sorted_buckets(
        tags.tagger
            .subjects()
            .iter()
            .zip(per_subject)
            .map(|(s, n)| bucket(DrillKind::CasesBySubject, s, s, n))
            .collect(),
        Some(bucket(
            DrillKind::CasesBySubject,
            "",
            NO_SUBJECT,
            no_subject,
        )),
    );
    let by_territory = sorted_buckets(
        tags.tagger
            .territories()
            .iter()
            .zip(per_territory)
            .map(|(t, n)| bucket(DrillKind::CasesByTerritory, t, t, n))
            .collect(),
        Some(bucket(
            DrillKind::CasesByTerritory,
            "",
            NO_TERRITORY,
            no_territory,
        )),
    );

    let rebuttals = count(
        c,
        &format!("SELECT count(*) FROM ({FIRST_REBUTTALS})"),
        &b,
        now,
        &[],
    )?;
    let pushes = count(
        c,
        &format!("SELECT count(*) FROM pushes p WHERE {PUSHES}"),
        &b,
        now,
        &[],
    )?;

    // Coverage by tier and unit, the leaderboard, the main force's timeliness.
    let facts = target_facts(c, &b, now)?;
    let all: Vec<&Cell> = facts.cells.values().collect();
    let total = line(
        "",
        "",
        [
            DrillKind::Targeted,
            DrillKind::Reposted,
            DrillKind::Targeted,
            DrillKind::Unverified,
        ],
        &all,
    );
    let coverage_by_tier = Tier::ALL
        .into_iter()
        .filter_map(|tier| {
            let mine: Vec<&Cell> = facts
                .cells
                .iter()
                .filter(|((t, _), _)| t == tier.code())
                .map(|(_, c)| c)
                .collect();
            (!mine.is_empty()).then(|| {
                line(
                    tier.code(),
                    tier.label(),
                    [
                        DrillKind::TierTargeted,
                        DrillKind::TierReposted,
                        DrillKind::TierMissed,
                        DrillKind::TierUnverified,
                    ],
                    &mine,
                )
            })
        })
        .collect();
    let names = unit_names(c)?;
    let mut by_unit: HashMap<Option<i64>, Vec<&Cell>> = HashMap::new();
    for ((_, unit), cell) in &facts.cells {
        by_unit.entry(*unit).or_default().push(cell);
    }
    let mut units: Vec<CoverageLine> = by_unit
        .into_iter()
        .map(|(unit, cells)| {
            let name = unit
                .and_then(|u| names.get(&u).cloned())
                .unwrap_or_default();
            let label = if name.is_empty() {
                NO_UNIT.to_string()
            } else {
                name.clone()
            };
            line(
                &name,
                &label,
                [
                    DrillKind::UnitTargeted,
                    DrillKind::UnitReposted,
                    DrillKind::UnitMissed,
                    DrillKind::UnitUnverified,
                ],
                &cells,
            )
        })
        .collect();
    units.sort_by(rules::leaderboard_order);
    let (fastest, slowest, most_missed) = rules::leaders(&units);

    Ok(Statistics {
        period: period.clone(),
        computed_at: now_text.clone(),
        cases: Figure::new(cases, DrillKind::CasesRecorded, ""),
        by_source,
        by_subject,
        by_territory,
        by_level,
        rebuttals: Figure::new(rebuttals, DrillKind::RebuttalsPublished, ""),
        pushes: Figure::new(pushes, DrillKind::PushesLaunched, ""),
        targeted: total.targeted,
        reposted: total.reposted,
        accounts_reached: Figure::new(facts.accounts_reached, DrillKind::AccountsReached, ""),
        coverage_by_tier,
        units,
        fastest,
        slowest,
        most_missed,
        rebuttal_time: timeliness(
            rebuttal_delays,
            not_rebutted,
            (DrillKind::RebuttalTime, DrillKind::NotRebutted),
            "",
        ),
        main_80: main_timeliness(&facts.main, 80),
        main_100: main_timeliness(&facts.main, 100),
    })
}

impl Db {
    /// Statistics over a period; deadlines are judged at `now`.
    pub fn statistics(&self, period: &Period, now: OffsetDateTime) -> Result<Statistics> {
        self.read(|c| statistics(c, period, now))
    }
}

#[cfg(test)]
#[path = "stats_tests.rs"]
mod tests;
