//! The rows behind a figure: the cases, pushes or push targets a `Drill` names, selected by the
//! same SQL populations that counted them (`stats.rs`).

use rusqlite::{Connection, ToSql};
use time::OffsetDateTime;

use super::cases::{summary_from_row, summary_select, OVERDUE};
use super::paging::Window;
use super::stats::{
    case_tags, count, rows, target_facts, CASES, FIRST_REBUTTALS, MISSED, NOT_ASSESSED,
    NOT_REBUTTED, NO_SUBJECT, NO_TERRITORY, NO_UNIT, PUSHES, REBUTTED, UNVERIFIED,
};
use super::Db;
use crate::error::{Error, Result};
use crate::model::{
    CaseSource, Drill, DrillKind, DrillResult, Platform, PushLine, PushStatus, TargetLine, Tier,
    Verdict,
};
use crate::rules::push::{fmt, parse};
use crate::rules::stats::{self as rules, Bounds};
use crate::rules::Level;

fn invalid(msg: impl Into<String>) -> Error {
    Error::Invalid(msg.into())
}

/// What the rows are, in Chinese.
fn title(drill: &Drill, period: &str) -> String {
    let k = drill.key.as_str();
    let or = |v: &str, none: &str| {
        if v.is_empty() {
            none.to_string()
        } else {
            v.to_string()
        }
    };
    let tier = Tier::parse(k).map(|t| t.label()).unwrap_or(k);
    match drill.kind {
        DrillKind::CasesRecorded => format!("{period} 登记的案件"),
        DrillKind::CasesBySource => format!(
            "{period} 登记的案件（来源：{}）",
            CaseSource::from_code(k).map(|s| s.label()).unwrap_or(k)
        ),
        DrillKind::CasesBySubject => format!("{period} 登记的案件（属事：{}）", or(k, NO_SUBJECT)),
        DrillKind::CasesByTerritory => {
            format!("{period} 登记的案件（属地：{}）", or(k, NO_TERRITORY))
        }
        DrillKind::CasesByLevel => format!(
            "{period} 登记的案件（等级：{}）",
            Level::parse(k).map(|l| l.label()).unwrap_or(NOT_ASSESSED)
        ),
        DrillKind::RebuttalsPublished => format!("{period} 发布辟谣信息的案件"),
        DrillKind::RebuttalTime => format!("{period} 登记且已有辟谣信息的案件"),
        DrillKind::NotRebutted => format!("{period} 登记、尚无辟谣信息的案件"),
        DrillKind::CasesOverdue => "辟谣已超时的案件".to_string(),
        DrillKind::RemindersSent => format!("{period} 催办过的推送"),
        DrillKind::PushesLaunched => format!("{period} 发起的推送"),
        DrillKind::MainReached => format!("{period} 发起、主力军转载达到 {k}% 的推送"),
        DrillKind::MainNotReached => format!("{period} 发起、主力军转载未达到 {k}% 的推送"),
        DrillKind::Targeted => format!("{period} 推送的全部目标账号"),
        DrillKind::Reposted => format!("{period} 推送中已转载的目标账号"),
        DrillKind::Unverified => {
            format!("{period} 推送中未能核查的目标账号（页面被拦截、无法读取或无法访问）")
        }
        DrillKind::AccountsReached => format!("{period} 推送中转载过的账号（各账号首次转载）"),
        DrillKind::RepostsConfirmed => format!("{period} 确认转载的目标账号"),
        DrillKind::TierTargeted => format!("{period} 推送的{tier}目标账号"),
        DrillKind::TierReposted => format!("{period} 推送中已转载的{tier}账号"),
        DrillKind::TierMissed => format!("{period} 推送中未按时转载的{tier}账号"),
        DrillKind::TierUnverified => format!("{period} 推送中未能核查的{tier}账号"),
        DrillKind::UnitTargeted => format!("{period} 推送中{}的目标账号", or(k, NO_UNIT)),
        DrillKind::UnitReposted => format!("{period} 推送中{}已转载的账号", or(k, NO_UNIT)),
        DrillKind::UnitMissed => format!("{period} 推送中{}未按时转载的账号", or(k, NO_UNIT)),
        DrillKind::UnitUnverified => format!("{period} 推送中{}未能核查的账号", or(k, NO_UNIT)),
        DrillKind::PushStragglers => {
            let (push, t) = k.split_once(':').unwrap_or((k, ""));
            let tier = Tier::parse(t).map(|t| t.label()).unwrap_or(t);
            format!("推送 #{push} 超过截止时间仍未转载的{tier}账号")
        }
    }
}

enum Rows {
    Cases(Vec<crate::model::CaseSummary>),
    Pushes(Vec<PushLine>),
    Targets(Vec<TargetLine>),
}

/// One page of the rows behind a figure.
struct Drilled {
    /// The figure.
    total: i64,
    /// How many rows the figure is made of (the pushes of a count of reminders).
    rows_total: i64,
    window: Window,
    rows: Rows,
}

/// The page asked for.
#[derive(Clone, Copy)]
struct Paging {
    page: u32,
    size: u32,
}

impl Paging {
    fn window(self, total: i64) -> Window {
        Window::of(total, self.page, self.size)
    }
}

/// Cases selected by `cond` (on `r`), newest first (or as `order` says), one page.
fn cases(
    c: &Connection,
    b: &Bounds,
    p: Paging,
    cond: &str,
    order: &str,
    extra: &[(&str, &dyn ToSql)],
) -> Result<Drilled> {
    let total = count(
        c,
        &format!("SELECT count(*) FROM rumors r WHERE {cond}"),
        b,
        "",
        extra,
    )?;
    let window = p.window(total);
    let sql = format!(
        "{} WHERE {cond} ORDER BY {order}{}",
        summary_select(),
        window.sql()
    );
    let list = rows(c, &sql, b, "", extra, summary_from_row)?;
    Ok(Drilled {
        total,
        rows_total: total,
        window,
        rows: Rows::Cases(list),
    })
}

/// The pushes `ids` names (with their reminder counts), newest first, one page; `total` is
/// the figure.
fn pushes(c: &Connection, p: Paging, total: i64, ids: &[(i64, i64)]) -> Result<Drilled> {
    let window = p.window(ids.len() as i64);
    let all: Vec<i64> = ids.iter().map(|(id, _)| *id).collect();
    let mut stmt = c.prepare(&format!(
        "SELECT id FROM pushes WHERE id IN (SELECT value FROM json_each(?1))
         ORDER BY created_at DESC, id DESC{}",
        window.sql()
    ))?;
    let reminders: std::collections::HashMap<i64, i64> = ids.iter().copied().collect();
    let page: Vec<(i64, i64)> = stmt
        .query_map([ids_json(&all)], |r| r.get::<_, i64>(0))?
        .map(|id| id.map(|id| (id, reminders.get(&id).copied().unwrap_or(0))))
        .collect::<rusqlite::Result<_>>()?;
    Ok(Drilled {
        total,
        rows_total: ids.len() as i64,
        window,
        rows: Rows::Pushes(push_lines(c, &page)?),
    })
}

fn ids_json(ids: &[i64]) -> String {
    serde_json::to_string(ids).expect("numbers serialise")
}

/// The drill's rows of pushes, one per id (newest first), with per-push counts.
fn push_lines(c: &Connection, ids: &[(i64, i64)]) -> Result<Vec<PushLine>> {
    let mut stmt = c.prepare_cached(
        "SELECT p.id, b.rumor_id, r.title, p.status, p.created_at,
                (SELECT count(*) FROM push_targets t WHERE t.push_id = p.id),
                (SELECT count(*) FROM push_targets t WHERE t.push_id = p.id AND t.verdict = 'reposted'),
                (SELECT count(*) FROM push_targets t WHERE t.push_id = p.id AND t.tier = 'main')
         FROM pushes p JOIN rebuttals b ON b.id = p.rebuttal_id JOIN rumors r ON r.id = b.rumor_id
         WHERE p.id = ?1",
    )?;
    let mut seen = c.prepare_cached(
        "SELECT first_seen_at FROM push_targets WHERE push_id = ?1 AND tier = 'main' AND verdict = 'reposted'",
    )?;
    let mut out = Vec::new();
    for &(id, reminders) in ids {
        let Some(mut line) = stmt
            .query_map([id], |r| {
                Ok(PushLine {
                    push_id: r.get(0)?,
                    case_id: r.get(1)?,
                    case_title: r.get(2)?,
                    status: match r.get::<_, String>(3)?.as_str() {
                        "finished" => PushStatus::Finished,
                        "cancelled" => PushStatus::Cancelled,
                        _ => PushStatus::Active,
                    },
                    launched_at: r.get(4)?,
                    targeted: r.get(5)?,
                    reposted: r.get(6)?,
                    main_targeted: r.get(7)?,
                    main_reposted: 0,
                    main_80_at: None,
                    main_100_at: None,
                    reminders,
                })
            })?
            .next()
            .transpose()?
        else {
            continue;
        };
        let mut times: Vec<(OffsetDateTime, String)> = seen
            .query_map([id], |r| r.get::<_, Option<String>>(0))?
            .filter_map(|t| t.ok().flatten())
            .filter_map(|t| parse(&t).map(|p| (p, t)))
            .collect();
        times.sort();
        line.main_reposted = times.len() as i64;
        let at = |share: u32| {
            let k = rules::needed(line.main_targeted, share) as usize;
            (line.main_targeted > 0 && k >= 1)
                .then(|| times.get(k - 1).map(|(_, t)| t.clone()))
                .flatten()
        };
        line.main_80_at = at(80);
        line.main_100_at = at(100);
        out.push(line);
    }
    out.sort_by(|a, b| {
        b.launched_at
            .cmp(&a.launched_at)
            .then(b.push_id.cmp(&a.push_id))
    });
    Ok(out)
}

const TARGET_COLS: &str =
    "t.push_id, b.rumor_id, r.title, p.created_at, t.account_id, a.name, a.platform,
     t.tier, u.name, t.verdict, t.first_seen_at, t.due_at";

fn target_from_row(r: &rusqlite::Row) -> rusqlite::Result<TargetLine> {
    Ok(TargetLine {
        push_id: r.get(0)?,
        case_id: r.get(1)?,
        case_title: r.get(2)?,
        launched_at: r.get(3)?,
        account_id: r.get(4)?,
        account: r.get(5)?,
        platform: Platform::parse(&r.get::<_, String>(6)?).unwrap_or(Platform::Other),
        tier: Tier::parse(&r.get::<_, String>(7)?).unwrap_or(Tier::Allied),
        unit: r.get(8)?,
        verdict: r
            .get::<_, Option<String>>(9)?
            .as_deref()
            .and_then(Verdict::from_code),
        first_seen_at: r.get(10)?,
        due_at: r.get(11)?,
    })
}

/// Targets of the pushes `push_cond` selects that `cond` keeps; main force first within a
/// push, newest push first.
fn targets(
    c: &Connection,
    b: &Bounds,
    (now, p): (&str, Paging),
    push_cond: &str,
    cond: &str,
    extra: &[(&str, &dyn ToSql)],
) -> Result<Drilled> {
    let from = format!(
        "SELECT {{cols}} FROM pushes p JOIN push_targets t ON t.push_id = p.id
         JOIN accounts a ON a.id = t.account_id LEFT JOIN units u ON u.id = t.unit_id
         JOIN rebuttals b ON b.id = p.rebuttal_id JOIN rumors r ON r.id = b.rumor_id
         WHERE {push_cond} AND {cond}"
    );
    let total = count(c, &from.replace("{cols}", "count(*)"), b, now, extra)?;
    let window = p.window(total);
    let sql = from.replace("{cols}", TARGET_COLS)
        + &format!(
            " ORDER BY p.created_at DESC, t.push_id DESC,
              CASE t.tier WHEN 'main' THEN 0 WHEN 'auxiliary' THEN 1 ELSE 2 END, a.name, a.id{}",
            window.sql()
        );
    Ok(Drilled {
        total,
        rows_total: total,
        window,
        rows: Rows::Targets(rows(c, &sql, b, now, extra, target_from_row)?),
    })
}

/// The unit condition on a target `t` (its account's unit at launch): by name, or targets
/// without a unit for "".
fn unit_cond(key: &str) -> &'static str {
    if key.is_empty() {
        "t.unit_id IS NULL"
    } else {
        "t.unit_id = (SELECT id FROM units WHERE name = :key)"
    }
}

fn drill(c: &Connection, b: &Bounds, d: &Drill, now: &str, p: Paging) -> Result<Drilled> {
    let at = (now, p);
    let key: &dyn ToSql = &d.key;
    let with_key: [(&str, &dyn ToSql); 1] = [(":key", key)];
    const NEWEST: &str = "r.created_at DESC, r.id DESC";
    let tier_key = || {
        Tier::parse(&d.key)
            .map(|t| t.code())
            .ok_or_else(|| invalid(format!("梯队无效：{}", d.key)))
    };
    match d.kind {
        DrillKind::CasesRecorded => cases(c, b, p, CASES, NEWEST, &[]),
        DrillKind::CasesBySource => cases(
            c,
            b,
            p,
            &format!("{CASES} AND r.source = :key"),
            NEWEST,
            &with_key,
        ),
        DrillKind::CasesByLevel if d.key.is_empty() => cases(
            c,
            b,
            p,
            &format!("{CASES} AND r.level IS NULL"),
            NEWEST,
            &[],
        ),
        DrillKind::CasesByLevel => cases(
            c,
            b,
            p,
            &format!("{CASES} AND r.level = :key"),
            NEWEST,
            &with_key,
        ),
        DrillKind::CasesBySubject | DrillKind::CasesByTerritory => {
            let tags = case_tags(c, b)?;
            let subject = d.kind == DrillKind::CasesBySubject;
            let names = if subject {
                tags.tagger.subjects()
            } else {
                tags.tagger.territories()
            };
            let wanted = names.iter().position(|n| *n == d.key);
            if !d.key.is_empty() && wanted.is_none() {
                return Err(invalid(format!(
                    "没有名为「{}」的{}",
                    d.key,
                    if subject { "属事" } else { "镇街" }
                )));
            }
            let ids: Vec<i64> = tags
                .cases
                .iter()
                .filter(|(_, s, t)| {
                    let found = if subject { s } else { t };
                    match wanted {
                        Some(i) => found.contains(&i),
                        None => found.is_empty(),
                    }
                })
                .map(|(id, _, _)| *id)
                .collect();
            let json = ids_json(&ids);
            cases(
                c,
                b,
                p,
                "r.id IN (SELECT value FROM json_each(:ids))",
                NEWEST,
                &[(":ids", &json)],
            )
        }
        DrillKind::RebuttalsPublished => cases(
            c,
            b,
            p,
            &format!("r.id IN ({FIRST_REBUTTALS})"),
            NEWEST,
            &[],
        ),
        DrillKind::RebuttalTime => cases(c, b, p, &format!("{CASES} AND {REBUTTED}"), NEWEST, &[]),
        DrillKind::NotRebutted => {
            cases(c, b, p, &format!("{CASES} AND {NOT_REBUTTED}"), NEWEST, &[])
        }
        DrillKind::CasesOverdue => cases(c, b, p, OVERDUE, "r.rebuttal_due_at, r.id", &[]),
        DrillKind::RemindersSent => {
            // The timeline line says "推送 #ID …" (store/push_board.rs, record_reminder).
            let per_push = rows(
                c,
                "SELECT CAST(substr(detail, instr(detail, '#') + 1) AS INTEGER), count(*) FROM case_timeline
                 WHERE action = 'reminder' AND at >= :uf AND at < :uu GROUP BY 1",
                b,
                now,
                &[],
                |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)),
            )?;
            let total = per_push.iter().map(|(_, n)| n).sum();
            pushes(c, p, total, &per_push)
        }
        DrillKind::PushesLaunched => {
            let ids = rows(
                c,
                &format!("SELECT p.id FROM pushes p WHERE {PUSHES}"),
                b,
                now,
                &[],
                |r| Ok((r.get::<_, i64>(0)?, 0)),
            )?;
            pushes(c, p, ids.len() as i64, &ids)
        }
        DrillKind::MainReached | DrillKind::MainNotReached => {
            let share: u32 = match d.key.as_str() {
                "80" => 80,
                "100" => 100,
                other => return Err(invalid(format!("覆盖比例只能是 80 或 100：{other}"))),
            };
            let reached = d.kind == DrillKind::MainReached;
            let ids: Vec<(i64, i64)> = target_facts(c, b, now)?
                .main
                .into_iter()
                .filter(|p| rules::reach_after(p.targeted, &p.delays, share).is_some() == reached)
                .map(|p| (p.push_id, 0))
                .collect();
            pushes(c, p, ids.len() as i64, &ids)
        }
        DrillKind::Targeted => targets(c, b, at, PUSHES, "1", &[]),
        DrillKind::Reposted => targets(c, b, at, PUSHES, "t.verdict = 'reposted'", &[]),
        DrillKind::Unverified => targets(c, b, at, PUSHES, UNVERIFIED, &[]),
        DrillKind::AccountsReached => {
            // Each account's first repost among the period's pushes.
            let firsts = format!(
                "t.rowid IN (SELECT id FROM (
                    SELECT t.rowid AS id, row_number() OVER (PARTITION BY t.account_id ORDER BY t.first_seen_at, t.push_id) AS n
                    FROM pushes p JOIN push_targets t ON t.push_id = p.id
                    WHERE {PUSHES} AND t.verdict = 'reposted') WHERE n = 1)"
            );
            targets(c, b, at, PUSHES, &firsts, &[])
        }
        DrillKind::RepostsConfirmed => targets(
            c,
            b,
            at,
            "1",
            "t.first_seen_at >= :uf AND t.first_seen_at < :uu",
            &[],
        ),
        DrillKind::TierTargeted => {
            let t: &dyn ToSql = &tier_key()?;
            targets(c, b, at, PUSHES, "t.tier = :tier", &[(":tier", t)])
        }
        DrillKind::TierReposted => {
            let t: &dyn ToSql = &tier_key()?;
            targets(
                c,
                b,
                at,
                PUSHES,
                "t.tier = :tier AND t.verdict = 'reposted'",
                &[(":tier", t)],
            )
        }
        DrillKind::TierMissed => {
            let t: &dyn ToSql = &tier_key()?;
            targets(
                c,
                b,
                at,
                PUSHES,
                &format!("t.tier = :tier AND {MISSED}"),
                &[(":tier", t)],
            )
        }
        DrillKind::TierUnverified => {
            let t: &dyn ToSql = &tier_key()?;
            targets(
                c,
                b,
                at,
                PUSHES,
                &format!("t.tier = :tier AND {UNVERIFIED}"),
                &[(":tier", t)],
            )
        }
        DrillKind::UnitTargeted => targets(c, b, at, PUSHES, unit_cond(&d.key), &with_key),
        DrillKind::UnitReposted => targets(
            c,
            b,
            at,
            PUSHES,
            &format!("{} AND t.verdict = 'reposted'", unit_cond(&d.key)),
            &with_key,
        ),
        DrillKind::UnitMissed => targets(
            c,
            b,
            at,
            PUSHES,
            &format!("{} AND {MISSED}", unit_cond(&d.key)),
            &with_key,
        ),
        DrillKind::UnitUnverified => targets(
            c,
            b,
            at,
            PUSHES,
            &format!("{} AND {UNVERIFIED}", unit_cond(&d.key)),
            &with_key,
        ),
        DrillKind::PushStragglers => {
            let (push, tier) = d
                .key
                .split_once(':')
                .and_then(|(p, t)| Some((p.parse::<i64>().ok()?, Tier::parse(t)?)))
                .ok_or_else(|| invalid(format!("应为「推送编号:梯队」：{}", d.key)))?;
            let (p, t): (&dyn ToSql, &dyn ToSql) = (&push, &tier.code());
            targets(
                c,
                b,
                at,
                "p.id = :push",
                &format!("t.tier = :tier AND t.verdict IS NOT 'reposted' AND NOT coalesce({UNVERIFIED}, 0)"),
                &[(":push", p), (":tier", t)],
            )
        }
    }
}

impl Db {
    /// One page of the rows behind one figure of `statistics(period)` or of the dashboard
    /// (`total` is the figure, `rows_total` how many rows there are in all; a page past the end
    /// gives the last page).
    pub fn stats_drill(
        &self,
        period: &crate::model::Period,
        d: &Drill,
        (page, page_size): (u32, u32),
        now: OffsetDateTime,
    ) -> Result<DrillResult> {
        let b = rules::bounds(period)?;
        let p = Paging {
            page,
            size: page_size,
        };
        let found = self.read(|c| drill(c, &b, d, &fmt(now), p))?;
        let mut out = DrillResult {
            drill: d.clone(),
            title: title(d, &rules::period_label(period)),
            total: found.total,
            rows_total: found.rows_total,
            page: found.window.page,
            page_size: found.window.size,
            cases: Vec::new(),
            pushes: Vec::new(),
            targets: Vec::new(),
        };
        match found.rows {
            Rows::Cases(v) => out.cases = v,
            Rows::Pushes(v) => out.pushes = v,
            Rows::Targets(v) => out.targets = v,
        }
        Ok(out)
    }
}
