//! Statistics over a period. Each figure is a population written once here as SQL and used
//! both to count it and (in `stats_drill.rs`) to list it, so a figure and its drill-down
//! cannot disagree.
//!
//! Which rows belong to a period (local days, Asia/Shanghai):
//! - a case: when it was recorded (`created_at`); cases merged into another are duplicates and
//!   never counted;
//! - a rebuttal: its publication time (`published_at`, local), else when it was recorded;
//! - a push, and all its targets: when it was launched;
//! - a confirmed repost (dashboard): when it was first seen;
//! - a reminder: when it was sent (the case timeline's `reminder` lines).

use std::collections::HashMap;

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

/// When a rebuttal (`b`) counts as published, as local text. Migration 0005 indexes exactly
/// this expression.
macro_rules! published {
    ($b:literal) => {
        concat!(
            "COALESCE(",
            $b,
            ".published_at, datetime(",
            $b,
            ".created_at, '+8 hours'))"
        )
    };
}

/// Ids of the cases whose first rebuttal was published in the period.
pub(crate) const FIRST_REBUTTALS: &str = concat!(
    "SELECT b.rumor_id FROM rebuttals b JOIN rumors r ON r.id = b.rumor_id
     WHERE ",
    published!("b"),
    " >= :lf AND ",
    published!("b"),
    " < :lu AND r.status <> 'merged'
       AND NOT EXISTS (SELECT 1 FROM rebuttals e WHERE e.rumor_id = b.rumor_id AND (",
    published!("e"),
    " < ",
    published!("b"),
    " OR (",
    published!("e"),
    " = ",
    published!("b"),
    " AND e.id < b.id)))"
);

/// Cases recorded in the period with a rebuttal (the population of the rebuttal timeliness).
pub(crate) const REBUTTED: &str = "EXISTS (SELECT 1 FROM rebuttals b WHERE b.rumor_id = r.id)";
/// Cases recorded in the period that need a rebuttal and have none.
pub(crate) const NOT_REBUTTED: &str =
    "r.status <> 'declined' AND NOT EXISTS (SELECT 1 FROM rebuttals b WHERE b.rumor_id = r.id)";

/// Pushes (`p`) launched in the period.
pub(crate) const PUSHES: &str = "p.created_at >= :uf AND p.created_at < :uu";

/// Each push's deadline per tier, for the pushes `p` that `$cond` selects.
pub(crate) fn dues(cond: &str) -> String {
    format!(
        "dues AS MATERIALIZED (
            SELECT p.id AS push_id, json_extract(d.value, '$.tier') AS tier, json_extract(d.value, '$.due_at') AS due_at
            FROM pushes p, json_each(p.deadlines) d WHERE {cond})"
    )
}

/// A target (`t`, joined to `dues`) whose tier's deadline has passed (at :now) without a
/// repost seen by then.
pub(crate) const MISSED: &str = "(dues.due_at IS NOT NULL AND dues.due_at < :now
     AND (t.verdict IS NOT 'reposted' OR t.first_seen_at > dues.due_at))";

/// Targets of the pushes `p` launched in the period, with their account `a` and deadline.
pub(crate) fn targets_from() -> String {
    format!(
        "WITH {} SELECT {{cols}} FROM pushes p JOIN push_targets t ON t.push_id = p.id
         JOIN accounts a ON a.id = t.account_id
         LEFT JOIN dues ON dues.push_id = t.push_id AND dues.tier = t.tier
         WHERE {PUSHES}",
        dues(PUSHES)
    )
}

/// Seconds from the push's launch to the repost's first sighting.
pub(crate) const REPOST_DELAY: &str = "unixepoch(t.first_seen_at) - unixepoch(p.created_at)";

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

/// The main force of every push launched in the period that targeted it.
pub(crate) fn main_reach(c: &Connection, b: &Bounds) -> Result<Vec<MainReach>> {
    let sql = format!(
        "SELECT t.push_id, count(*) FROM pushes p JOIN push_targets t ON t.push_id = p.id
         WHERE {PUSHES} AND t.tier = 'main' GROUP BY t.push_id ORDER BY t.push_id"
    );
    let mut pushes: Vec<MainReach> = rows(c, &sql, b, "", &[], |r| {
        Ok(MainReach {
            push_id: r.get(0)?,
            targeted: r.get(1)?,
            delays: Vec::new(),
        })
    })?;
    let sql = format!(
        "SELECT t.push_id, {REPOST_DELAY} FROM pushes p JOIN push_targets t ON t.push_id = p.id
         WHERE {PUSHES} AND t.tier = 'main' AND t.verdict = 'reposted'"
    );
    let mut delays: HashMap<i64, Vec<i64>> = HashMap::new();
    for (push, d) in rows(c, &sql, b, "", &[], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, Option<i64>>(1)?))
    })? {
        delays.entry(push).or_default().push(d.unwrap_or(0));
    }
    for p in &mut pushes {
        p.delays = delays.remove(&p.push_id).unwrap_or_default();
        p.delays.sort_unstable();
    }
    Ok(pushes)
}

/// Coverage per (tier, unit id) of the period's targets: targeted, reposted, missed, and the
/// repost delays.
struct Cell {
    targeted: i64,
    reposted: i64,
    missed: i64,
    delays: Vec<i64>,
}

fn coverage_cells(
    c: &Connection,
    b: &Bounds,
    now: &str,
) -> Result<HashMap<(String, Option<i64>), Cell>> {
    let sql = targets_from().replace(
        "{cols}",
        &format!(
            "t.tier, a.unit_id, count(*), sum(t.verdict IS 'reposted'), sum(CASE WHEN {MISSED} THEN 1 ELSE 0 END)"
        ),
    ) + " GROUP BY t.tier, a.unit_id";
    let mut cells: HashMap<(String, Option<i64>), Cell> = HashMap::new();
    for (tier, unit, targeted, reposted, missed) in rows(c, &sql, b, now, &[], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<i64>>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, i64>(4)?,
        ))
    })? {
        cells.insert(
            (tier, unit),
            Cell {
                targeted,
                reposted,
                missed,
                delays: Vec::new(),
            },
        );
    }
    let sql = format!(
        "SELECT t.tier, a.unit_id, {REPOST_DELAY} FROM pushes p JOIN push_targets t ON t.push_id = p.id
         JOIN accounts a ON a.id = t.account_id
         WHERE {PUSHES} AND t.verdict = 'reposted'"
    );
    for (tier, unit, d) in rows(c, &sql, b, now, &[], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<i64>>(1)?,
            r.get::<_, Option<i64>>(2)?,
        ))
    })? {
        if let Some(cell) = cells.get_mut(&(tier, unit)) {
            cell.delays.push(d.unwrap_or(0).max(0));
        }
    }
    Ok(cells)
}

fn line(key: &str, label: &str, kinds: [DrillKind; 3], cells: &[&Cell]) -> CoverageLine {
    let targeted: i64 = cells.iter().map(|c| c.targeted).sum();
    let reposted: i64 = cells.iter().map(|c| c.reposted).sum();
    let missed: i64 = cells.iter().map(|c| c.missed).sum();
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
    let cases = count(
        c,
        &format!("SELECT count(*) FROM rumors r WHERE {CASES}"),
        &b,
        now,
        &[],
    )?;

    // By source and level.
    let grouped = |column: &str| -> Result<HashMap<Option<String>, i64>> {
        let sql = format!("SELECT {column}, count(*) FROM rumors r WHERE {CASES} GROUP BY 1");
        Ok(rows(c, &sql, &b, now, &[], |r| Ok((r.get(0)?, r.get(1)?)))?
            .into_iter()
            .collect())
    };
    let sources = grouped("r.source")?;
    let by_source = CaseSource::ALL
        .into_iter()
        .map(|s| {
            let n = sources
                .get(&Some(s.code().to_string()))
                .copied()
                .unwrap_or(0);
            bucket(DrillKind::CasesBySource, s.code(), s.label(), n)
        })
        .collect();
    let levels = grouped("r.level")?;
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

    // Rebuttals and their timeliness.
    let rebuttals = count(
        c,
        &format!("SELECT count(*) FROM ({FIRST_REBUTTALS})"),
        &b,
        now,
        &[],
    )?;
    let sql = format!(
        "SELECT unixepoch(min({})) - unixepoch(COALESCE(r.first_seen_at, datetime(r.created_at, '+8 hours')))
         FROM rumors r JOIN rebuttals b ON b.rumor_id = r.id WHERE {CASES} GROUP BY r.id",
        published!("b")
    );
    let rebuttal_delays = rows(c, &sql, &b, now, &[], |r| {
        Ok(r.get::<_, Option<i64>>(0)?.unwrap_or(0).max(0))
    })?;
    let not_rebutted = count(
        c,
        &format!("SELECT count(*) FROM rumors r WHERE {CASES} AND {NOT_REBUTTED}"),
        &b,
        now,
        &[],
    )?;

    // Pushes, coverage, leaderboard.
    let pushes = count(
        c,
        &format!("SELECT count(*) FROM pushes p WHERE {PUSHES}"),
        &b,
        now,
        &[],
    )?;
    let accounts_reached = count(
        c,
        &format!(
            "SELECT count(DISTINCT t.account_id) FROM pushes p JOIN push_targets t ON t.push_id = p.id
             WHERE {PUSHES} AND t.verdict = 'reposted'"
        ),
        &b,
        now,
        &[],
    )?;
    let cells = coverage_cells(c, &b, now)?;
    let all: Vec<&Cell> = cells.values().collect();
    let total = line(
        "",
        "",
        [
            DrillKind::Targeted,
            DrillKind::Reposted,
            DrillKind::Targeted,
        ],
        &all,
    );
    let coverage_by_tier = Tier::ALL
        .into_iter()
        .filter_map(|tier| {
            let mine: Vec<&Cell> = cells
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
                    ],
                    &mine,
                )
            })
        })
        .collect();
    let names = unit_names(c)?;
    let mut by_unit: HashMap<Option<i64>, Vec<&Cell>> = HashMap::new();
    for ((_, unit), cell) in &cells {
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
                ],
                &cells,
            )
        })
        .collect();
    units.sort_by(rules::leaderboard_order);
    let (fastest, slowest, most_missed) = rules::leaders(&units);

    let reach = main_reach(c, &b)?;
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
        accounts_reached: Figure::new(accounts_reached, DrillKind::AccountsReached, ""),
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
        main_80: main_timeliness(&reach, 80),
        main_100: main_timeliness(&reach, 100),
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
