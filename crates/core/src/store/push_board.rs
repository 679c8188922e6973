//! Launching a push from a case, its board, its monitoring schedule, manual confirmations,
//! reminders and the events that raise notifications.

use rusqlite::{params, Connection, OptionalExtension};
use time::OffsetDateTime;

use super::cases::{require, set_status, timeline};
use super::paging::Window;
use super::pushes::Detail;
use super::Db;
use crate::error::{Error, Result};
use crate::model::{
    Account, BlockedCause, CurvePoint, Evidence, GroupCoverage, MonitorState, Push, PushBoard,
    PushDraft, PushEvent, PushLaunch, PushSettings, PushStatus, PushSummary, Rebuttal,
    TargetFilter, TargetPreview, TargetQuery, TargetResult, Tier, TierDeadline, Verdict,
};
use crate::rules::push::{self as rules, fmt, parse};
use crate::rules::{CaseAction, CaseStatus};

const PUSH_SETTINGS: &str = "push_settings";
pub(crate) const NO_NAME: &str = "（未填写）";

fn invalid(msg: impl Into<String>) -> Error {
    Error::Invalid(msg.into())
}

pub(crate) fn push_settings(c: &Connection) -> Result<PushSettings> {
    let text: Option<String> = c
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [PUSH_SETTINGS],
            |r| r.get(0),
        )
        .optional()?;
    Ok(text
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default())
}

/// The SQL condition and parameters that select a filter's accounts (active ones only).
fn filter_sql(f: &TargetFilter) -> (String, Vec<String>) {
    let mut sql = String::from("a.active = 1");
    let mut args: Vec<String> = Vec::new();
    let mut any_of = |column: &str, values: Vec<String>, sql: &mut String| {
        if values.is_empty() {
            return;
        }
        let marks: Vec<String> = values
            .into_iter()
            .map(|v| {
                args.push(v);
                format!("?{}", args.len())
            })
            .collect();
        sql.push_str(&format!(" AND {column} IN ({})", marks.join(", ")));
    };
    any_of(
        "a.tier",
        f.tiers.iter().map(|t| t.code().to_string()).collect(),
        &mut sql,
    );
    any_of(
        "a.platform",
        f.platforms.iter().map(|p| p.code().to_string()).collect(),
        &mut sql,
    );
    any_of("u.name", f.units.clone(), &mut sql);
    any_of("t.name", f.territories.clone(), &mut sql);
    if !f.exclude.is_empty() {
        let ids: Vec<String> = f.exclude.iter().map(|i| i.to_string()).collect();
        sql.push_str(&format!(" AND a.id NOT IN ({})", ids.join(", ")));
    }
    (sql, args)
}

/// The active accounts a filter selects, main force first; `tail` ends the query (a page).
fn filtered(c: &Connection, f: &TargetFilter, tail: &str) -> Result<Vec<Account>> {
    let (cond, args) = filter_sql(f);
    let mut stmt = c.prepare(&format!(
        "{} WHERE {cond} ORDER BY CASE a.tier WHEN 'main' THEN 0 WHEN 'auxiliary' THEN 1 ELSE 2 END, u.name, a.name, a.id{tail}",
        super::accounts::SELECT
    ))?;
    let rows = stmt.query_map(
        rusqlite::params_from_iter(args.iter()),
        super::accounts::from_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The case's latest rebuttal, which a push asks the matrix to repost.
fn case_rebuttal(c: &Connection, case_id: i64) -> Result<Rebuttal> {
    c.query_row(
        &format!(
            "{} WHERE rumor_id = ?1 ORDER BY id DESC LIMIT 1",
            super::pushes::REBUTTAL_SELECT
        ),
        [case_id],
        super::pushes::rebuttal_from_row,
    )
    .optional()?
    .ok_or_else(|| invalid("案件还没有辟谣信息，录入已发布的辟谣信息后才能发起推送"))
}

fn case_title(c: &Connection, case_id: i64) -> Result<String> {
    c.query_row("SELECT title FROM rumors WHERE id = ?1", [case_id], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or(Error::NotFound {
        what: "案件",
        id: case_id,
    })
}

fn case_of_push(c: &Connection, push_id: i64) -> Result<i64> {
    c.query_row(
        "SELECT b.rumor_id FROM pushes p JOIN rebuttals b ON b.id = p.rebuttal_id WHERE p.id = ?1",
        [push_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(Error::NotFound {
        what: "推送",
        id: push_id,
    })
}

fn notice_vars(
    title: &str,
    rebuttal: &Rebuttal,
    level: Option<crate::rules::Level>,
    deadlines: &[TierDeadline],
) -> Vec<(&'static str, String)> {
    vec![
        ("案件", title.to_string()),
        ("标题", rebuttal.title.clone()),
        (
            "链接",
            rebuttal.url.clone().unwrap_or_else(|| "（无链接）".into()),
        ),
        ("要求", rules::requirement(level)),
        ("截止时间", rules::deadlines_line(deadlines)),
    ]
}

fn case_level(c: &Connection, case_id: i64) -> Result<Option<crate::rules::Level>> {
    let level: Option<String> =
        c.query_row("SELECT level FROM rumors WHERE id = ?1", [case_id], |r| {
            r.get(0)
        })?;
    Ok(level.as_deref().and_then(crate::rules::Level::parse))
}

struct PushRow {
    status: PushStatus,
    deadlines: Vec<TierDeadline>,
    stopped_reason: Option<String>,
    last_sweep_at: Option<String>,
    last_reminder_at: Option<String>,
}

fn push_row(c: &Connection, push_id: i64) -> Result<PushRow> {
    c.query_row(
        "SELECT status, deadlines, stopped_reason, last_sweep_at, last_reminder_at FROM pushes WHERE id = ?1",
        [push_id],
        |r| {
            Ok(PushRow {
                status: match r.get::<_, String>(0)?.as_str() {
                    "finished" => PushStatus::Finished,
                    "cancelled" => PushStatus::Cancelled,
                    _ => PushStatus::Active,
                },
                deadlines: serde_json::from_str(&r.get::<_, String>(1)?).unwrap_or_default(),
                stopped_reason: r.get(2)?,
                last_sweep_at: r.get(3)?,
                last_reminder_at: r.get(4)?,
            })
        },
    )
    .optional()?
    .ok_or(Error::NotFound { what: "推送", id: push_id })
}

fn monitor_state(row: &PushRow, s: &PushSettings, now: OffsetDateTime) -> MonitorState {
    let active = row.status == PushStatus::Active;
    let last = row.last_sweep_at.as_deref().and_then(parse);
    let cooldown_end = row
        .last_reminder_at
        .as_deref()
        .and_then(parse)
        .map(|t| t + time::Duration::minutes(s.reminder_cooldown_minutes as i64))
        .filter(|t| *t > now);
    MonitorState {
        active,
        interval_minutes: s.interval_minutes,
        last_sweep_at: row.last_sweep_at.clone(),
        next_sweep_at: active.then(|| fmt(rules::next_sweep(last, s.interval_minutes, now))),
        stops_at: rules::stops_at(&row.deadlines, s.grace_hours).map(fmt),
        stopped_reason: row.stopped_reason.clone(),
        reminder_allowed_at: cooldown_end.map(fmt),
    }
}

fn group_coverage(
    targets: &[TargetResult],
    key: impl Fn(&TargetResult) -> Option<&String>,
) -> Vec<GroupCoverage> {
    let mut groups: Vec<GroupCoverage> = Vec::new();
    for t in targets {
        let name = key(t).cloned().unwrap_or_else(|| NO_NAME.to_string());
        let pos = match groups.iter().position(|g| g.name == name) {
            Some(p) => p,
            None => {
                groups.push(GroupCoverage {
                    name,
                    targeted: 0,
                    reposted: 0,
                    rumor_reposted: 0,
                    stragglers: 0,
                    unverified: 0,
                    ratio: 0.0,
                });
                groups.len() - 1
            }
        };
        let g = &mut groups[pos];
        g.targeted += 1;
        match t.verdict {
            Some(Verdict::Reposted) => g.reposted += 1,
            _ if t.unverified => g.unverified += 1,
            Some(Verdict::RumorReposted) => {
                g.rumor_reposted += 1;
                g.stragglers += 1;
            }
            _ => g.stragglers += 1,
        }
    }
    for g in &mut groups {
        g.ratio = g.reposted as f64 / g.targeted as f64;
    }
    // Worst coverage first: that is where the coordinator must act.
    groups.sort_by(|a, b| {
        a.ratio
            .total_cmp(&b.ratio)
            .then_with(|| a.name.cmp(&b.name))
    });
    groups
}

fn curve(targets: &[TargetResult]) -> Vec<CurvePoint> {
    let mut seen: Vec<(&str, Tier)> = targets
        .iter()
        .filter(|t| t.verdict == Some(Verdict::Reposted))
        .filter_map(|t| t.first_seen_at.as_deref().map(|at| (at, t.tier)))
        .collect();
    seen.sort();
    let mut counts = [0i64; 3];
    seen.into_iter()
        .map(|(at, tier)| {
            counts[tier as usize] += 1;
            CurvePoint {
                at: at.to_string(),
                tier,
                reposted: counts[tier as usize],
            }
        })
        .collect()
}

impl Db {
    pub fn push_settings(&self) -> Result<PushSettings> {
        self.read(push_settings)
    }

    pub fn set_push_settings(&self, s: &PushSettings) -> Result<PushSettings> {
        s.validate()?;
        self.with_tx(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![PUSH_SETTINGS, serde_json::to_string(s).expect("plain data")],
            )?;
            Ok(())
        })?;
        self.push_settings()
    }

    /// The launch form for a case with a published rebuttal: all main force, deadlines from
    /// the case level counted from `now`, the notice filled in.
    pub fn push_draft(&self, case_id: i64, now: OffsetDateTime) -> Result<PushDraft> {
        self.read(|c| {
            let title = case_title(c, case_id)?;
            let rebuttal = case_rebuttal(c, case_id)?;
            let level = case_level(c, case_id)?;
            let policy = super::settings::level_policy(c)?;
            let hours = policy.deadlines(level.unwrap_or(crate::rules::Level::General));
            let deadlines = if crate::demo::is_demo(c)? {
                crate::demo::demo_deadlines(now)
            } else {
                rules::default_deadlines(&hours, &Tier::ALL, now)
            };
            let settings = push_settings(c)?;
            let main_only: Vec<TierDeadline> = deadlines.iter().filter(|d| d.tier == Tier::Main).cloned().collect();
            let notice = rules::render(&settings.notice_template, &notice_vars(&title, &rebuttal, level, &main_only));
            let names = |sql: &str| -> Result<Vec<String>> {
                let mut stmt = c.prepare(sql)?;
                let rows = stmt.query_map([], |r| r.get(0))?;
                Ok(rows.collect::<rusqlite::Result<_>>()?)
            };
            Ok(PushDraft {
                case_id,
                case_title: title,
                level,
                rebuttal,
                filter: TargetFilter { tiers: vec![Tier::Main], ..Default::default() },
                deadlines,
                template: settings.notice_template,
                notice,
                units: names(
                    "SELECT DISTINCT u.name FROM accounts a JOIN units u ON u.id = a.unit_id WHERE a.active = 1 ORDER BY u.name",
                )?,
                territories: names(
                    "SELECT DISTINCT t.name FROM accounts a JOIN territories t ON t.id = a.territory_id WHERE a.active = 1 ORDER BY t.name",
                )?,
            })
        })
    }

    /// The notice for `case_id` with these deadlines, from `template`.
    pub fn render_notice(
        &self,
        case_id: i64,
        deadlines: &[TierDeadline],
        template: &str,
    ) -> Result<String> {
        self.read(|c| {
            let title = case_title(c, case_id)?;
            let rebuttal = case_rebuttal(c, case_id)?;
            let level = case_level(c, case_id)?;
            Ok(rules::render(
                template,
                &notice_vars(&title, &rebuttal, level, deadlines),
            ))
        })
    }

    /// Every active account a push with this filter would target, main force first.
    pub fn target_accounts(&self, filter: &TargetFilter) -> Result<Vec<Account>> {
        self.read(|c| filtered(c, filter, ""))
    }

    /// The launch preview, one page at a time: the active accounts the filter selects
    /// (unticked ones listed too, so they can be ticked again), how many those are, and per
    /// tier how many the push will target with the unticked ones left out.
    pub fn preview_targets(
        &self,
        filter: &TargetFilter,
        page: u32,
        page_size: u32,
    ) -> Result<TargetPreview> {
        let listed = TargetFilter {
            exclude: Vec::new(),
            ..filter.clone()
        };
        self.read(|c| {
            let count = |f: &TargetFilter| {
                let (cond, args) = filter_sql(f);
                super::accounts::tier_counts(
                    c,
                    &format!(" WHERE {cond}"),
                    rusqlite::params_from_iter(args.iter()),
                )
            };
            let counts = count(filter)?;
            let matching = count(&listed)?.iter().map(|tc| tc.count).sum();
            let w = Window::of(matching, page, page_size);
            Ok(TargetPreview {
                accounts: filtered(c, &listed, &w.sql())?,
                counts,
                matching,
                page: w.page,
                page_size: w.size,
            })
        })
    }

    /// Launches a push of the case's rebuttal to the filter's accounts; the case moves to
    /// 推送中 and its timeline says who launched what.
    pub fn launch_push(
        &self,
        launch: &PushLaunch,
        actor: &str,
        now: OffsetDateTime,
    ) -> Result<Push> {
        if launch.notice.trim().is_empty() {
            return Err(invalid("推送通知不能为空"));
        }
        let id = self.with_tx(|tx| {
            let status = require(tx, launch.case_id, CaseAction::LaunchPush)?.status;
            let rebuttal = case_rebuttal(tx, launch.case_id)?;
            let accounts = filtered(tx, &launch.filter, "")?;
            if accounts.is_empty() {
                return Err(invalid("所选条件下没有启用的账号"));
            }
            let count = |tier: Tier| accounts.iter().filter(|a| a.tier == tier).count();
            let tiers: Vec<Tier> = Tier::ALL.into_iter().filter(|&t| count(t) > 0).collect();
            rules::validate_deadlines(&launch.deadlines, &tiers, now)?;
            let deadlines: Vec<TierDeadline> = tiers
                .iter()
                .filter_map(|t| launch.deadlines.iter().find(|d| d.tier == *t))
                .map(|d| TierDeadline { tier: d.tier, due_at: fmt(parse(&d.due_at).expect("validated")) })
                .collect();
            tx.execute(
                "INSERT INTO pushes (rebuttal_id, deadlines, notice, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![rebuttal.id, serde_json::to_string(&deadlines).expect("plain data"), launch.notice.trim(), fmt(now)],
            )?;
            let push_id = tx.last_insert_rowid();
            insert_targets(tx, push_id, &accounts)?;
            let per_tier: Vec<String> = tiers.iter().map(|&t| format!("{}{}个", t.label(), count(t))).collect();
            if status == CaseStatus::RebuttalPublished {
                set_status(tx, launch.case_id, status, CaseStatus::Pushing, actor, None)?;
            }
            timeline(
                tx,
                launch.case_id,
                actor,
                "push",
                &format!(
                    "发起推送 #{push_id}：{}账号（{}），截止：{}",
                    accounts.len(),
                    per_tier.join("、"),
                    rules::deadlines_line(&deadlines)
                ),
            )?;
            Ok(push_id)
        })?;
        self.get_push(id)
    }

    /// Launches a push of a rebuttal to the filter's accounts, without deadlines or notice
    /// (the command line's quick path).
    pub fn start_push_with(&self, rebuttal_id: i64, filter: &TargetFilter) -> Result<Push> {
        let id = self.with_tx(|tx| {
            let exists: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM rebuttals WHERE id = ?1)",
                [rebuttal_id],
                |r| r.get(0),
            )?;
            if !exists {
                return Err(Error::NotFound {
                    what: "辟谣信息",
                    id: rebuttal_id,
                });
            }
            let accounts = filtered(tx, filter, "")?;
            if accounts.is_empty() {
                return Err(invalid("所选条件下没有启用的账号"));
            }
            tx.execute(
                "INSERT INTO pushes (rebuttal_id) VALUES (?1)",
                [rebuttal_id],
            )?;
            let push_id = tx.last_insert_rowid();
            insert_targets(tx, push_id, &accounts)?;
            Ok(push_id)
        })?;
        self.get_push(id)
    }

    /// The coverage board of a push: its figures, and by name the accounts that reposted the
    /// rumor (without evidence: the targets table pages through the targets with theirs,
    /// [`Db::push_target_page`]).
    pub fn push_board(&self, push_id: i64, now: OffsetDateTime) -> Result<PushBoard> {
        let push = self.get_push(push_id)?;
        let coverage = self.coverage(push_id)?;
        let (targets, case_id, case_title, row, settings, blocked_causes) = self.read(|c| {
            let case_id = case_of_push(c, push_id)?;
            Ok((
                super::pushes::targets(c, push_id, &TargetQuery::default(), Detail::Counts, "")?,
                case_id,
                case_title(c, case_id)?,
                push_row(c, push_id)?,
                push_settings(c)?,
                blocked_causes(c, push_id)?,
            ))
        })?;
        let rebuttal = self.get_rebuttal(push.rebuttal_id)?;
        Ok(PushBoard {
            by_unit: group_coverage(&targets, |t| t.unit.as_ref()),
            by_territory: group_coverage(&targets, |t| t.territory.as_ref()),
            curve: curve(&targets),
            monitor: monitor_state(&row, &settings, now),
            rumor_reposters: targets
                .into_iter()
                .filter(|t| t.verdict == Some(Verdict::RumorReposted))
                .collect(),
            blocked_causes,
            push,
            case_id,
            case_title,
            rebuttal,
            coverage,
        })
    }

    /// Pushes, newest first; active ones only when asked; one case's when `case_id` is given.
    pub fn push_summaries(
        &self,
        active_only: bool,
        case_id: Option<i64>,
        now: OffsetDateTime,
    ) -> Result<Vec<PushSummary>> {
        let ids: Vec<i64> = self.read(|c| {
            let mut stmt = c.prepare(
                "SELECT p.id FROM pushes p JOIN rebuttals b ON b.id = p.rebuttal_id
                 WHERE (?1 = 0 OR p.status = 'active') AND (?2 IS NULL OR b.rumor_id = ?2)
                 ORDER BY p.status = 'active' DESC, p.id DESC",
            )?;
            let rows = stmt.query_map(params![active_only as i64, case_id], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })?;
        let settings = self.push_settings()?;
        ids.into_iter()
            .map(|id| {
                let (case_id, case_title, row) = self.read(|c| {
                    let case_id = case_of_push(c, id)?;
                    Ok((case_id, case_title(c, case_id)?, push_row(c, id)?))
                })?;
                Ok(PushSummary {
                    push: self.get_push(id)?,
                    case_id,
                    case_title,
                    coverage: self.coverage(id)?,
                    monitor: monitor_state(&row, &settings, now),
                })
            })
            .collect()
    }

    /// Active pushes whose next re-check is due at `now`.
    pub fn due_pushes(&self, now: OffsetDateTime) -> Result<Vec<i64>> {
        let settings = self.push_settings()?;
        let rows: Vec<(i64, Option<String>)> = self.read(|c| {
            let mut stmt = c.prepare(
                "SELECT id, last_sweep_at FROM pushes WHERE status = 'active' ORDER BY id",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })?;
        Ok(rows
            .into_iter()
            .filter(|(_, last)| {
                rules::next_sweep(
                    last.as_deref().and_then(parse),
                    settings.interval_minutes,
                    now,
                ) <= now
            })
            .map(|(id, _)| id)
            .collect())
    }

    /// Notes that a sweep of the push ended at `now`, and stops monitoring when every target
    /// reposted or the last deadline plus the grace period has passed. Returns the reason
    /// when it stopped.
    pub fn finish_sweep(&self, push_id: i64, now: OffsetDateTime) -> Result<Option<String>> {
        let coverage = self.coverage(push_id)?;
        let settings = self.push_settings()?;
        self.with_tx(|tx| {
            tx.execute(
                "UPDATE pushes SET last_sweep_at = ?2 WHERE id = ?1",
                params![push_id, fmt(now)],
            )?;
            let row = push_row(tx, push_id)?;
            if row.status != PushStatus::Active {
                return Ok(None);
            }
            let stops = rules::stops_at(&row.deadlines, settings.grace_hours);
            let reason =
                rules::stop_reason(coverage.total.targeted, coverage.total.reposted, stops, now);
            if let Some(r) = &reason {
                stop(tx, push_id, r, "系统", now)?;
            }
            Ok(reason)
        })
    }

    /// Stops monitoring a push by hand.
    pub fn stop_push(&self, push_id: i64, actor: &str, now: OffsetDateTime) -> Result<Push> {
        self.with_tx(|tx| {
            let row = push_row(tx, push_id)?;
            if row.status != PushStatus::Active {
                return Err(invalid("该推送已停止监测"));
            }
            stop(tx, push_id, &format!("{actor}停止监测"), actor, now)
        })?;
        self.get_push(push_id)
    }

    /// The events the push's state calls for that were not raised before; raises them.
    pub fn new_push_events(&self, push_id: i64, now: OffsetDateTime) -> Result<Vec<PushEvent>> {
        let coverage = self.coverage(push_id)?;
        let targets = self.push_results(push_id)?;
        self.with_tx(|tx| {
            let case_id = case_of_push(tx, push_id)?;
            let title = case_title(tx, case_id)?;
            let row = push_row(tx, push_id)?;
            let mut out = Vec::new();
            for e in rules::events(&title, &coverage.tiers, &row.deadlines, &targets, now) {
                let fresh = tx.execute(
                    "INSERT OR IGNORE INTO push_events (push_id, kind, subject, at) VALUES (?1, ?2, ?3, ?4)",
                    params![push_id, serde_json::to_value(e.kind).expect("enum").as_str(), e.subject, fmt(now)],
                )? == 1;
                if fresh {
                    timeline(tx, case_id, "系统", "push_event", &format!("{}：{}", e.title, e.body))?;
                    out.push(PushEvent {
                        push_id,
                        kind: e.kind,
                        tier: e.tier,
                        account_id: e.account_id,
                        at: fmt(now),
                        title: e.title,
                        body: e.body,
                    });
                }
            }
            Ok(out)
        })
    }

    /// Confirms a target by hand (with the checker's evidence when a link was verified).
    pub fn confirm_target(
        &self,
        push_id: i64,
        account_id: i64,
        note: Option<&str>,
        evidence: Option<Evidence>,
        actor: &str,
        now: OffsetDateTime,
    ) -> Result<TargetResult> {
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        if note.is_none() && evidence.is_none() {
            return Err(invalid("人工确认须填写说明或转发链接"));
        }
        let mut evidence = evidence.unwrap_or_default();
        evidence.checked_at = fmt(now);
        let by_hand = format!(
            "{actor}人工确认{}",
            note.map(|n| format!("：{n}")).unwrap_or_default()
        );
        evidence.explanation = if evidence.explanation.is_empty() {
            by_hand.clone()
        } else {
            format!("{by_hand}；{}", evidence.explanation)
        };
        let account = self.read(|c| {
            c.query_row(
                "SELECT a.name FROM push_targets t JOIN accounts a ON a.id = t.account_id WHERE t.push_id = ?1 AND t.account_id = ?2",
                params![push_id, account_id],
                |r| r.get::<_, String>(0),
            )
            .optional()?
            .ok_or_else(|| invalid("该账号不在此次推送的目标中"))
        })?;
        self.record_checks(&[super::CheckRecord {
            push_id,
            account_id,
            verdict: Verdict::Reposted,
            evidence,
            etag: None,
            last_modified: None,
            content_hash: None,
            duration_ms: None,
        }])?;
        self.with_tx(|tx| {
            tx.execute(
                "UPDATE push_targets SET manual_by = ?3, manual_note = ?4 WHERE push_id = ?1 AND account_id = ?2",
                params![push_id, account_id, actor, note],
            )?;
            let case_id = case_of_push(tx, push_id)?;
            timeline(tx, case_id, actor, "confirm", &format!("推送 #{push_id}：{by_hand}（{account}）"))
        })?;
        self.push_target(push_id, account_id)
    }

    /// The reminder for a push's stragglers, or why none may be sent now (cooldown, stopped,
    /// nobody left). Accounts the checker could not see are left out unless `include` names
    /// them ([`rules::push::reminder_targets`]). Returns the stragglers, the digest text and
    /// how many unverified accounts were left out.
    pub fn reminder_digest(
        &self,
        push_id: i64,
        now: OffsetDateTime,
        include: &[i64],
    ) -> Result<(Vec<TargetResult>, String, usize)> {
        let settings = self.push_settings()?;
        let row = self.read(|c| push_row(c, push_id))?;
        if let Some(allowed) = monitor_state(&row, &settings, now).reminder_allowed_at {
            return Err(Error::Cooldown(format!(
                "催办过于频繁：{} 分钟内只能催办一次，{} 后可再次催办",
                settings.reminder_cooldown_minutes,
                rules::local_label(&allowed)
            )));
        }
        let (stragglers, left_out) = rules::reminder_targets(self.push_results(push_id)?, include);
        if stragglers.is_empty() {
            return Err(invalid(if left_out.is_empty() {
                "所有目标账号都已转发，无需催办".to_string()
            } else {
                format!(
                    "没有确认未转发的账号；另有 {} 个账号未能核查，如需催办请勾选",
                    left_out.len()
                )
            }));
        }
        let push = self.get_push(push_id)?;
        let rebuttal = self.get_rebuttal(push.rebuttal_id)?;
        let pending_tiers: Vec<TierDeadline> = row
            .deadlines
            .iter()
            .filter(|d| stragglers.iter().any(|s| s.tier == d.tier))
            .cloned()
            .collect();
        let text = rules::render(
            &settings.reminder_template,
            &[
                ("标题", rebuttal.title.clone()),
                (
                    "链接",
                    rebuttal.url.clone().unwrap_or_else(|| "（无链接）".into()),
                ),
                ("截止时间", rules::deadlines_line(&pending_tiers)),
                ("未转载名单", rules::straggler_lines(&stragglers)),
                ("未转载数", stragglers.len().to_string()),
            ],
        );
        Ok((stragglers, text, left_out.len()))
    }

    /// Writes that a reminder went out (starting the cooldown) on the push and the case timeline.
    pub fn record_reminder(
        &self,
        push_id: i64,
        stragglers: usize,
        sent_to: &[String],
        auto: bool,
        actor: &str,
        now: OffsetDateTime,
    ) -> Result<()> {
        self.with_tx(|tx| {
            tx.execute(
                "UPDATE pushes SET last_reminder_at = ?2 WHERE id = ?1",
                params![push_id, fmt(now)],
            )?;
            let case_id = case_of_push(tx, push_id)?;
            let to = if sent_to.is_empty() {
                "未配置覆盖这些账号的群机器人，请复制催办内容手动发送".to_string()
            } else {
                format!("发送至：{}", sent_to.join("、"))
            };
            let how = if auto {
                "截止时间已到，自动催办"
            } else {
                "催办"
            };
            timeline(
                tx,
                case_id,
                actor,
                "reminder",
                &format!("推送 #{push_id} {how}：{stragglers} 个账号未转发；{to}"),
            )
        })
    }
}

fn insert_targets(tx: &Connection, push_id: i64, accounts: &[Account]) -> Result<()> {
    let mut insert = tx.prepare(
        "INSERT INTO push_targets (push_id, account_id, tier, watch_url)
         SELECT ?1, id, tier, watch_url FROM accounts WHERE id = ?2",
    )?;
    for a in accounts {
        insert.execute(params![push_id, a.id])?;
    }
    Ok(())
}

fn stop(
    tx: &Connection,
    push_id: i64,
    reason: &str,
    actor: &str,
    now: OffsetDateTime,
) -> Result<()> {
    tx.execute(
        "UPDATE pushes SET status = 'finished', finished_at = ?2, stopped_reason = ?3 WHERE id = ?1 AND status = 'active'",
        params![push_id, fmt(now), reason],
    )?;
    let case_id = case_of_push(tx, push_id)?;
    timeline(
        tx,
        case_id,
        actor,
        "push_stopped",
        &format!("推送 #{push_id} 停止监测：{reason}"),
    )
}

#[cfg(test)]
#[path = "push_board_tests.rs"]
mod tests;

/// Blocked or unreachable targets of a push that share the checker's explanation, as the
/// board lists them (the same grouping as `rules::push::blocked_causes`, counted by the
/// database).
fn blocked_causes(c: &Connection, push_id: i64) -> Result<Vec<BlockedCause>> {
    let mut stmt = c.prepare(
        "SELECT json_extract(t.evidence, '$.explanation') AS why, count(*) AS n,
                (SELECT group_concat(name, char(31)) FROM (
                    SELECT a2.name FROM push_targets t2 JOIN accounts a2 ON a2.id = t2.account_id
                    WHERE t2.push_id = ?1 AND t2.verdict = t.verdict
                      AND json_extract(t2.evidence, '$.explanation') = json_extract(t.evidence, '$.explanation')
                    ORDER BY CASE t2.tier WHEN 'main' THEN 0 WHEN 'auxiliary' THEN 1 ELSE 2 END, a2.id
                    LIMIT ?3)),
                t.verdict
         FROM push_targets t
         WHERE t.push_id = ?1 AND t.verdict IN ('blocked', 'unreachable') AND why IS NOT NULL
         GROUP BY t.verdict, why HAVING n >= ?2 ORDER BY n DESC, why",
    )?;
    let rows = stmt.query_map(
        params![
            push_id,
            rules::SAME_CAUSE_MIN as i64,
            rules::CAUSE_NAMES as i64
        ],
        |r| {
            let names: Option<String> = r.get(2)?;
            Ok(BlockedCause {
                verdict: Verdict::from_code(&r.get::<_, String>(3)?).unwrap_or(Verdict::Blocked),
                why: r.get(0)?,
                accounts: r.get(1)?,
                names: names
                    .map(|n| n.split('\u{1f}').map(str::to_string).collect())
                    .unwrap_or_default(),
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
