//! Rumors, rebuttals, pushes and the checker's results. A confirmed repost stays confirmed,
//! with its evidence, whatever later checks find: later attempts are appended, never
//! written over it.

use rusqlite::{params, params_from_iter, Connection, OptionalExtension, ToSql};

use super::paging::Window;
use super::push_board::NO_NAME;
use super::Db;
use crate::error::{Error, Result};
use crate::model::{
    Coverage, Evidence, Platform, Push, PushStatus, Rebuttal, RebuttalInput, Rumor, TargetPage,
    TargetQuery, TargetResult, Tier, TierCoverage, Verdict,
};

/// One account the checker must look at for a push, with what the push already knows of it.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckTask {
    pub push_id: i64,
    pub account_id: i64,
    pub account: String,
    pub platform: Platform,
    pub tier: Tier,
    /// What the checker fetches: the address the push recorded, resolved to its source and
    /// read through the office's platform settings (`rules::sources`).
    pub watch_url: Option<String>,
    /// When only people's evidence can show a repost (a group chat, WeChat without a bridge,
    /// an address the checker cannot use): why, in Chinese. `watch_url` is then `None`.
    pub people: Option<String>,
    pub verdict: Option<Verdict>,
    pub evidence: Option<Evidence>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub content_hash: Option<String>,
}

impl CheckTask {
    /// Sets what the checker reads for the address `entered` of an account on `platform`.
    /// `stored`: the ledger's source for that same address (JSON), which may hold what a read
    /// taught (a Weibo personal domain's user ID); without it the address is resolved afresh.
    pub fn read_through(
        mut self,
        platform: Platform,
        entered: Option<&str>,
        stored: Option<&str>,
        settings: &crate::rules::sources::PlatformSettings,
    ) -> CheckTask {
        use crate::rules::sources::{resolve_stored, Reading};
        (self.watch_url, self.people) = match resolve_stored(platform, entered, stored) {
            Ok(None) => (None, None),
            Ok(Some(source)) => match source.reading(settings) {
                Reading::Fetch { url } => (Some(url), None),
                Reading::People { why } => (None, Some(why)),
            },
            Err(e) => (None, Some(format!("{e}。请在台账中改正该账号的监测地址。"))),
        };
        self
    }
}

/// The outcome of one check, as the checker hands it to the store.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckRecord {
    pub push_id: i64,
    pub account_id: i64,
    pub verdict: Verdict,
    pub evidence: Evidence,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub content_hash: Option<String>,
    pub duration_ms: Option<i64>,
}

pub(crate) const REBUTTAL_SELECT: &str =
    "SELECT id, rumor_id, title, content, url, publisher, published_at FROM rebuttals";

pub(crate) fn rebuttal_from_row(r: &rusqlite::Row) -> rusqlite::Result<Rebuttal> {
    Ok(Rebuttal {
        id: r.get(0)?,
        rumor_id: r.get(1)?,
        title: r.get(2)?,
        content: r.get(3)?,
        url: r.get(4)?,
        publisher: r.get(5)?,
        published_at: r.get(6)?,
    })
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("plain data serialises")
}

fn evidence_of(text: Option<String>) -> Option<Evidence> {
    text.and_then(|t| serde_json::from_str(&t).ok())
}

/// Whether a target list carries each target's evidence (the table) or not (the board's
/// figures, which only count verdicts, units and times).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Detail {
    Evidence,
    Counts,
}

const TARGET_FROM: &str = "FROM push_targets t
     JOIN accounts a ON a.id = t.account_id
     LEFT JOIN units u ON u.id = a.unit_id
     LEFT JOIN territories tr ON tr.id = a.territory_id";

const TARGET_ORDER: &str =
    " ORDER BY CASE t.tier WHEN 'main' THEN 0 WHEN 'auxiliary' THEN 1 ELSE 2 END, a.id";

fn target_select(detail: Detail) -> String {
    let evidence = match detail {
        Detail::Evidence => "t.evidence",
        Detail::Counts => "NULL",
    };
    format!(
        "SELECT t.account_id, a.name, a.platform, t.tier, u.name, tr.name, t.watch_url, t.verdict,
                {evidence}, t.first_seen_at, t.checked_at,
                (SELECT count(*) FROM check_attempts x WHERE x.push_id = t.push_id AND x.account_id = t.account_id) "
    )
}

fn target_from_row(r: &rusqlite::Row) -> rusqlite::Result<TargetResult> {
    let verdict = r
        .get::<_, Option<String>>(7)?
        .as_deref()
        .and_then(Verdict::from_code);
    Ok(TargetResult {
        account_id: r.get(0)?,
        account: r.get(1)?,
        platform: Platform::parse(&r.get::<_, String>(2)?).unwrap_or(Platform::Other),
        tier: tier_of(&r.get::<_, String>(3)?),
        unit: r.get(4)?,
        territory: r.get(5)?,
        watch_url: r.get(6)?,
        verdict,
        unverified: verdict.is_some_and(Verdict::unverified),
        confirmable: TargetResult::is_confirmable(verdict),
        evidence: evidence_of(r.get(8)?),
        first_seen_at: r.get(9)?,
        checked_at: r.get(10)?,
        attempts: r.get(11)?,
    })
}

/// Verdict codes as a SQL list, of the verdicts `keep` picks.
fn verdict_codes(keep: impl Fn(Verdict) -> bool) -> String {
    Verdict::ALL
        .into_iter()
        .filter(|v| keep(*v))
        .map(|v| format!("'{}'", v.code()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The query as SQL over `TARGET_FROM`: ` WHERE …` and its numbered arguments.
fn target_clause(push_id: i64, q: &TargetQuery) -> (String, Vec<Box<dyn ToSql>>) {
    let mut args: Vec<Box<dyn ToSql>> = vec![Box::new(push_id)];
    let mut clauses = vec!["t.push_id = ?1".to_string()];
    let mut arg = |v: Box<dyn ToSql>| {
        args.push(v);
        format!("?{}", args.len())
    };
    if let Some(tier) = q.tier {
        clauses.push(format!("t.tier = {}", arg(Box::new(tier.code()))));
    }
    if let Some(v) = q.verdict {
        clauses.push(format!("t.verdict = {}", arg(Box::new(v.code()))));
    }
    if q.pending {
        clauses.push("t.verdict IS NULL".into());
    }
    // the board's groups: a target without a unit or territory counts under 未填写
    if let Some(unit) = q.unit.as_deref() {
        clauses.push(format!(
            "coalesce(u.name, {}) = {}",
            arg(Box::new(NO_NAME)),
            arg(Box::new(unit.to_string()))
        ));
    }
    if let Some(territory) = q.territory.as_deref() {
        clauses.push(format!(
            "coalesce(tr.name, {}) = {}",
            arg(Box::new(NO_NAME)),
            arg(Box::new(territory.to_string()))
        ));
    }
    if q.stragglers {
        clauses.push(format!(
            "(t.verdict IS NULL OR t.verdict IN ({}))",
            verdict_codes(|v| TargetResult::is_straggler(Some(v)))
        ));
    }
    if q.unverified {
        clauses.push(format!(
            "t.verdict IN ({})",
            verdict_codes(Verdict::unverified)
        ));
    }
    (format!(" WHERE {}", clauses.join(" AND ")), args)
}

/// A push's targets the query picks, main force first; `tail` ends the query (a page's limit).
pub(crate) fn targets(
    c: &Connection,
    push_id: i64,
    query: &TargetQuery,
    detail: Detail,
    tail: &str,
) -> Result<Vec<TargetResult>> {
    let (clause, args) = target_clause(push_id, query);
    let mut stmt = c.prepare(&format!(
        "{}{TARGET_FROM}{clause}{TARGET_ORDER}{tail}",
        target_select(detail)
    ))?;
    let rows = stmt.query_map(params_from_iter(args.iter()), target_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn tier_of(text: &str) -> Tier {
    Tier::parse(text).unwrap_or(Tier::Allied)
}

fn required(field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::Invalid(format!("{field}不能为空")));
    }
    Ok(())
}

fn get_push(c: &Connection, id: i64) -> Result<Push> {
    let row = c
        .query_row(
            "SELECT p.id, p.rebuttal_id, p.status, p.created_at,
                    (SELECT count(*) FROM push_targets t WHERE t.push_id = p.id),
                    (SELECT group_concat(DISTINCT tier) FROM push_targets t WHERE t.push_id = p.id),
                    p.deadlines, p.notice, p.finished_at
             FROM pushes p WHERE p.id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, Option<String>>(8)?,
                ))
            },
        )
        .optional()?
        .ok_or(Error::NotFound { what: "推送", id })?;
    let mut tiers: Vec<Tier> = row
        .5
        .unwrap_or_default()
        .split(',')
        .filter_map(Tier::parse)
        .collect();
    tiers.sort();
    Ok(Push {
        id: row.0,
        rebuttal_id: row.1,
        status: match row.2.as_str() {
            "finished" => PushStatus::Finished,
            "cancelled" => PushStatus::Cancelled,
            _ => PushStatus::Active,
        },
        created_at: row.3,
        tiers,
        targets: row.4,
        deadlines: serde_json::from_str(&row.6).unwrap_or_default(),
        notice: row.7,
        finished_at: row.8,
    })
}

impl Db {
    /// Records a rumor found on patrol: a case with nothing but its text (the CLI's quick path).
    pub fn create_rumor(&self, title: &str, content: &str) -> Result<Rumor> {
        let case = self.create_case(
            &crate::model::CaseInput {
                title: title.into(),
                content: content.into(),
                platform: None,
                urls: vec![],
                first_seen_at: None,
                source: crate::model::CaseSource::Patrol,
                reporter_name: None,
                reporter_contact: None,
            },
            "命令行",
        )?;
        self.get_rumor(case.id)
    }

    pub fn get_rumor(&self, id: i64) -> Result<Rumor> {
        self.read(|c| {
            c.query_row(
                "SELECT id, title, content, created_at FROM rumors WHERE id = ?1",
                [id],
                |r| {
                    Ok(Rumor {
                        id: r.get(0)?,
                        title: r.get(1)?,
                        content: r.get(2)?,
                        created_at: r.get(3)?,
                    })
                },
            )
            .optional()?
            .ok_or(Error::NotFound { what: "谣言", id })
        })
    }

    pub fn create_rebuttal(&self, input: &RebuttalInput) -> Result<Rebuttal> {
        required("辟谣信息标题", &input.title)?;
        if let Some(u) = input.url.as_deref().filter(|u| !u.trim().is_empty()) {
            match url::Url::parse(u.trim()) {
                Ok(p) if matches!(p.scheme(), "http" | "https") => {}
                _ => return Err(Error::Invalid(format!("辟谣信息网址无效：{u}"))),
            }
        }
        let blank = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(String::from)
        };
        let id = self.with_tx(|tx| {
            self::ensure_rumor(tx, input.rumor_id)?;
            tx.execute(
                "INSERT INTO rebuttals (rumor_id, title, content, url, publisher, published_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    input.rumor_id,
                    input.title.trim(),
                    input.content.trim(),
                    blank(&input.url),
                    blank(&input.publisher),
                    blank(&input.published_at)
                ],
            )?;
            let id = tx.last_insert_rowid();
            super::cases::reindex(tx, input.rumor_id)?;
            Ok(id)
        })?;
        self.get_rebuttal(id)
    }

    pub fn get_rebuttal(&self, id: i64) -> Result<Rebuttal> {
        self.read(|c| {
            c.query_row(
                &format!("{REBUTTAL_SELECT} WHERE id = ?1"),
                [id],
                rebuttal_from_row,
            )
            .optional()?
            .ok_or(Error::NotFound {
                what: "辟谣信息",
                id,
            })
        })
    }

    pub fn get_push(&self, id: i64) -> Result<Push> {
        self.read(|c| get_push(c, id))
    }

    /// The rebuttal and the rumor a push is about.
    pub fn push_subject(&self, push_id: i64) -> Result<(Rebuttal, Rumor)> {
        let push = self.get_push(push_id)?;
        let rebuttal = self.get_rebuttal(push.rebuttal_id)?;
        let rumor = self.get_rumor(rebuttal.rumor_id)?;
        Ok((rebuttal, rumor))
    }

    /// Targets still to check (not yet confirmed reposted): the tier whose deadline comes
    /// first goes first, then main force, auxiliary, allied.
    pub fn pending_checks(&self, push_id: i64) -> Result<Vec<CheckTask>> {
        let push = self.get_push(push_id)?;
        let mut tasks: Vec<CheckTask> = self.read(|c| {
            let settings = super::settings::platform_settings(c)?;
            let mut stmt = c.prepare(
                "SELECT t.push_id, t.account_id, a.name, a.platform, t.tier, t.watch_url, t.verdict, t.evidence,
                        t.etag, t.last_modified, t.content_hash,
                        CASE WHEN t.watch_url IS a.watch_url THEN a.source END
                 FROM push_targets t JOIN accounts a ON a.id = t.account_id
                 WHERE t.push_id = ?1 AND (t.verdict IS NULL OR t.verdict <> 'reposted')
                 ORDER BY CASE t.tier WHEN 'main' THEN 0 WHEN 'auxiliary' THEN 1 ELSE 2 END, a.id",
            )?;
            let rows = stmt.query_map([push_id], |r| {
                let platform = Platform::parse(&r.get::<_, String>(3)?).unwrap_or(Platform::Other);
                let entered: Option<String> = r.get(5)?;
                let stored: Option<String> = r.get(11)?;
                Ok(CheckTask {
                    push_id: r.get(0)?,
                    account_id: r.get(1)?,
                    account: r.get(2)?,
                    platform,
                    tier: tier_of(&r.get::<_, String>(4)?),
                    watch_url: None,
                    people: None,
                    verdict: r.get::<_, Option<String>>(6)?.as_deref().and_then(Verdict::from_code),
                    evidence: evidence_of(r.get(7)?),
                    etag: r.get(8)?,
                    last_modified: r.get(9)?,
                    content_hash: r.get(10)?,
                }
                .read_through(platform, entered.as_deref(), stored.as_deref(), &settings))
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })?;
        tasks.sort_by_key(|t| crate::rules::push::urgency_rank(&push.deadlines, t.tier));
        Ok(tasks)
    }

    /// Stores check outcomes in one transaction. Each is appended as an attempt; the
    /// target's verdict changes unless it is already a confirmed repost.
    pub fn record_checks(&self, records: &[CheckRecord]) -> Result<()> {
        self.with_tx(|tx| {
            for rec in records {
                let evidence = json(&rec.evidence);
                // The attempt log keeps every verdict and why; the items read stay with the
                // target's current evidence only (the log would grow by a page per check).
                tx.execute(
                    "INSERT INTO check_attempts (push_id, account_id, verdict, http_status, duration_ms, evidence)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        rec.push_id,
                        rec.account_id,
                        rec.verdict.code(),
                        rec.evidence.http_status,
                        rec.duration_ms,
                        json(&rec.evidence.without_items())
                    ],
                )?;
                tx.execute(
                    "UPDATE push_targets SET
                        verdict       = CASE WHEN verdict = 'reposted' THEN verdict ELSE ?3 END,
                        evidence      = CASE WHEN verdict = 'reposted' THEN evidence ELSE ?4 END,
                        first_seen_at = CASE WHEN verdict = 'reposted' THEN first_seen_at
                                             WHEN ?3 = 'reposted' THEN ?5 ELSE first_seen_at END,
                        etag          = CASE WHEN verdict = 'reposted' THEN etag ELSE ?6 END,
                        last_modified = CASE WHEN verdict = 'reposted' THEN last_modified ELSE ?7 END,
                        content_hash  = CASE WHEN verdict = 'reposted' THEN content_hash ELSE ?8 END,
                        checked_at    = ?5
                     WHERE push_id = ?1 AND account_id = ?2",
                    params![
                        rec.push_id,
                        rec.account_id,
                        rec.verdict.code(),
                        evidence,
                        rec.evidence.checked_at,
                        rec.etag,
                        rec.last_modified,
                        rec.content_hash
                    ],
                )?;
            }
            Ok(())
        })
    }

    /// Every target of a push with its current verdict, main force first.
    /// The push's targets as attribution of people's evidence sees them (name, unit, liaison,
    /// source), each with its verdict so far.
    pub fn push_candidates(
        &self,
        push_id: i64,
    ) -> Result<Vec<(crate::rules::attribution::Candidate, Option<Verdict>)>> {
        self.get_push(push_id)?;
        self.read(|c| {
            let mut stmt = c.prepare(
                "SELECT t.account_id, a.name, u.name, a.contact, a.source, a.watch_url, t.verdict
                 FROM push_targets t JOIN accounts a ON a.id = t.account_id
                 LEFT JOIN units u ON u.id = a.unit_id
                 WHERE t.push_id = ?1 ORDER BY t.account_id",
            )?;
            let rows = stmt.query_map([push_id], |r| {
                Ok((
                    crate::rules::attribution::Candidate {
                        account_id: r.get(0)?,
                        name: r.get(1)?,
                        unit: r.get(2)?,
                        contact: r.get(3)?,
                        source: r
                            .get::<_, Option<String>>(4)?
                            .and_then(|j| serde_json::from_str(&j).ok()),
                        watch_url: r.get(5)?,
                    },
                    r.get::<_, Option<String>>(6)?
                        .as_deref()
                        .and_then(Verdict::from_code),
                ))
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    pub fn push_results(&self, push_id: i64) -> Result<Vec<TargetResult>> {
        self.get_push(push_id)?;
        self.read(|c| targets(c, push_id, &TargetQuery::default(), Detail::Evidence, ""))
    }

    /// One page of a push's targets as the board's table shows them (filtered, counted and
    /// cut in SQL, main force first). A page past the end gives the last page.
    pub fn push_target_page(
        &self,
        push_id: i64,
        query: &TargetQuery,
        page: u32,
        page_size: u32,
    ) -> Result<TargetPage> {
        self.get_push(push_id)?;
        self.read(|c| {
            let (clause, args) = target_clause(push_id, query);
            let total: i64 = c.query_row(
                &format!("SELECT count(*) {TARGET_FROM}{clause}"),
                params_from_iter(args.iter()),
                |r| r.get(0),
            )?;
            let w = Window::of(total, page, page_size);
            Ok(TargetPage {
                rows: targets(c, push_id, query, Detail::Evidence, &w.sql())?,
                total,
                page: w.page,
                page_size: w.size,
            })
        })
    }

    /// One target of a push, with its evidence.
    pub fn push_target(&self, push_id: i64, account_id: i64) -> Result<TargetResult> {
        self.read(|c| {
            let mut stmt = c.prepare(&format!(
                "{}{TARGET_FROM} WHERE t.push_id = ?1 AND t.account_id = ?2",
                target_select(Detail::Evidence)
            ))?;
            stmt.query_row(params![push_id, account_id], target_from_row)
                .optional()?
                .ok_or_else(|| Error::Invalid("该账号不在此次推送的目标中".into()))
        })
    }

    /// Coverage per tier and in total.
    pub fn coverage(&self, push_id: i64) -> Result<Coverage> {
        self.get_push(push_id)?;
        let counts: Vec<(Tier, Option<Verdict>, i64)> = self.read(|c| {
            let mut stmt = c.prepare(
                "SELECT tier, verdict, count(*) FROM push_targets WHERE push_id = ?1 GROUP BY tier, verdict",
            )?;
            let rows = stmt.query_map([push_id], |r| {
                Ok((
                    tier_of(&r.get::<_, String>(0)?),
                    r.get::<_, Option<String>>(1)?.as_deref().and_then(Verdict::from_code),
                    r.get(2)?,
                ))
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })?;
        let mut total = TierCoverage::default();
        let mut tiers = Vec::new();
        for tier in Tier::ALL {
            let mut line = TierCoverage {
                tier: Some(tier),
                ..Default::default()
            };
            for (_, verdict, n) in counts.iter().filter(|(t, _, _)| *t == tier) {
                add(&mut line, *verdict, *n);
                add(&mut total, *verdict, *n);
            }
            if line.targeted > 0 {
                line.ratio = line.reposted as f64 / line.targeted as f64;
                tiers.push(line);
            }
        }
        if total.targeted > 0 {
            total.ratio = total.reposted as f64 / total.targeted as f64;
        }
        Ok(Coverage {
            push_id,
            tiers,
            total,
        })
    }
}

fn add(line: &mut TierCoverage, verdict: Option<Verdict>, n: i64) {
    line.targeted += n;
    match verdict {
        Some(Verdict::Reposted) => {}
        Some(v) if v.unverified() => line.unverified += n,
        _ => line.stragglers += n,
    }
    let slot = match verdict {
        None => &mut line.pending,
        Some(Verdict::Reposted) => &mut line.reposted,
        Some(Verdict::RumorReposted) => &mut line.rumor_reposted,
        Some(Verdict::NotFound) => &mut line.not_found,
        Some(Verdict::Blocked) => &mut line.blocked,
        Some(Verdict::Deleted) => &mut line.deleted,
        Some(Verdict::Unreachable) => &mut line.unreachable,
        Some(Verdict::Unreadable) => &mut line.unreadable,
        Some(Verdict::Unchecked) => &mut line.unchecked,
    };
    *slot += n;
}

fn ensure_rumor(c: &Connection, id: i64) -> Result<()> {
    let exists: bool = c.query_row(
        "SELECT EXISTS (SELECT 1 FROM rumors WHERE id = ?1)",
        [id],
        |r| r.get(0),
    )?;
    if exists {
        Ok(())
    } else {
        Err(Error::NotFound { what: "谣言", id })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiers(tiers: &[Tier]) -> crate::model::TargetFilter {
        crate::model::TargetFilter {
            tiers: tiers.to_vec(),
            ..Default::default()
        }
    }
    use crate::model::{AccountFilter, RebuttalInput};

    fn setup() -> (Db, i64) {
        let db = Db::open_in_memory().unwrap();
        db.load_demo_ledger().unwrap();
        let rumor = db
            .create_rumor(
                "有人冒充民警销售通行证",
                "网传有人冒充民警在龙塔广场销售通行证",
            )
            .unwrap();
        let reb = db
            .create_rebuttal(&RebuttalInput {
                rumor_id: rumor.id,
                title: "【辟谣】关于网传“冒充民警销售通行证”的情况说明".into(),
                content: "经核实，该信息不实。".into(),
                url: Some("http://127.0.0.1:9/rebuttal/1".into()),
                publisher: Some("平安云川".into()),
                published_at: None,
            })
            .unwrap();
        let push = db
            .start_push_with(reb.id, &tiers(&[Tier::Main, Tier::Auxiliary]))
            .unwrap();
        (db, push.id)
    }

    fn record(push_id: i64, account_id: i64, verdict: Verdict, note: &str) -> CheckRecord {
        CheckRecord {
            push_id,
            account_id,
            verdict,
            evidence: Evidence {
                checked_at: format!("2026-11-22T10:00:0{}Z", note.len() % 10),
                explanation: note.into(),
                ..Default::default()
            },
            etag: None,
            last_modified: None,
            content_hash: None,
            duration_ms: Some(5),
        }
    }

    #[test]
    fn push_targets_the_active_accounts_of_the_chosen_tiers() {
        let (db, push_id) = setup();
        let push = db.get_push(push_id).unwrap();
        let active = |t: Tier| {
            db.list_accounts(&AccountFilter {
                tier: Some(t),
                ..Default::default()
            })
            .unwrap()
            .iter()
            .filter(|a| a.active)
            .count() as i64
        };
        assert_eq!(push.tiers, vec![Tier::Main, Tier::Auxiliary]);
        assert_eq!(push.targets, active(Tier::Main) + active(Tier::Auxiliary));
        let tasks = db.pending_checks(push_id).unwrap();
        assert_eq!(tasks.len() as i64, push.targets);
        assert_eq!(tasks[0].tier, Tier::Main, "main force first");
    }

    #[test]
    fn each_target_is_read_through_its_source_and_the_offices_bridges() {
        use crate::model::{AccountInput, Platform};
        use crate::rules::sources::PlatformSettings;
        let db = Db::open_in_memory().unwrap();
        for (name, platform, url) in [
            (
                "平安云川",
                Platform::Weibo,
                Some("https://weibo.com/u/1234567890"),
            ),
            ("云川发布", Platform::Wechat, Some("MP_WXS_3071")),
            (
                "云川头条",
                Platform::Toutiao,
                Some("https://www.toutiao.com/c/user/token/TK1/"),
            ),
            ("龙塔网格群", Platform::GroupChat, None),
            (
                "云川政府网",
                Platform::Website,
                Some("http://127.0.0.1:9/news/"),
            ),
            ("未填地址", Platform::Douyin, None),
        ] {
            db.create_account(AccountInput {
                name: name.into(),
                platform,
                tier: Tier::Main,
                unit: None,
                territory: None,
                watch_url: url.map(Into::into),
                contact: None,
                notes: None,
                active: true,
            })
            .unwrap();
        }
        let rumor = db.create_rumor("网传", "网传内容").unwrap();
        let reb = db
            .create_rebuttal(&RebuttalInput {
                rumor_id: rumor.id,
                title: "辟谣".into(),
                content: "经核实，该信息不实。".into(),
                url: None,
                publisher: None,
                published_at: None,
            })
            .unwrap();
        let push = db.start_push_with(reb.id, &tiers(&[Tier::Main])).unwrap();
        let read = |db: &Db| -> Vec<(String, Option<String>, bool)> {
            db.pending_checks(push.id)
                .unwrap()
                .into_iter()
                .map(|t| (t.account, t.watch_url, t.people.is_some()))
                .collect()
        };
        let weibo = "https://m.weibo.cn/api/container/getIndex?type=uid&value=1234567890&containerid=1076031234567890";
        assert_eq!(
            read(&db),
            vec![
                ("平安云川".into(), Some(weibo.into()), false),
                ("云川发布".into(), None, true),
                ("云川头条".into(), None, true),
                ("龙塔网格群".into(), None, true),
                (
                    "云川政府网".into(),
                    Some("http://127.0.0.1:9/news/".into()),
                    false
                ),
                ("未填地址".into(), None, false),
            ]
        );
        db.set_platform_settings(PlatformSettings {
            wewe_rss: Some("http://127.0.0.1:4000/".into()),
            rsshub: Some("http://127.0.0.1:1200".into()),
            weibo_api: Some("http://127.0.0.1:8081".into()),
            weibo_cookie: None,
            ..Default::default()
        })
        .unwrap();
        let now = read(&db);
        assert!(now[0]
            .1
            .as_deref()
            .unwrap()
            .starts_with("http://127.0.0.1:8081/api/"));
        assert_eq!(
            now[1].1.as_deref(),
            Some("http://127.0.0.1:4000/feeds/MP_WXS_3071.atom")
        );
        assert_eq!(
            now[2].1.as_deref(),
            Some("http://127.0.0.1:1200/toutiao/user/token/TK1")
        );
        assert!(now[3].2, "a group chat stays with people's evidence");
        let e = db
            .set_platform_settings(PlatformSettings {
                rsshub: Some("rsshub.lan".into()),
                ..Default::default()
            })
            .unwrap_err();
        assert!(e.to_string().contains("RSSHub"), "{e}");
    }

    #[test]
    fn a_confirmed_repost_stays_confirmed_with_its_evidence() {
        let (db, push_id) = setup();
        let a = db.pending_checks(push_id).unwrap()[0].account_id;
        db.record_checks(&[record(push_id, a, Verdict::NotFound, "first")])
            .unwrap();
        db.record_checks(&[record(push_id, a, Verdict::Reposted, "seen it")])
            .unwrap();
        db.record_checks(&[record(push_id, a, Verdict::Unreachable, "later timeout")])
            .unwrap();
        db.record_checks(&[record(push_id, a, Verdict::Deleted, "later deleted")])
            .unwrap();
        let r = db
            .push_results(push_id)
            .unwrap()
            .into_iter()
            .find(|r| r.account_id == a)
            .unwrap();
        assert_eq!(r.verdict, Some(Verdict::Reposted));
        assert_eq!(r.evidence.unwrap().explanation, "seen it");
        assert_eq!(r.first_seen_at.as_deref(), Some("2026-11-22T10:00:07Z"));
        assert_eq!(r.attempts, 4, "every attempt kept");
        assert!(db
            .pending_checks(push_id)
            .unwrap()
            .iter()
            .all(|t| t.account_id != a));
    }

    #[test]
    fn coverage_counts_per_tier() {
        let (db, push_id) = setup();
        let tasks = db.pending_checks(push_id).unwrap();
        let mains: Vec<_> = tasks.iter().filter(|t| t.tier == Tier::Main).collect();
        db.record_checks(&[
            record(push_id, mains[0].account_id, Verdict::Reposted, "a"),
            record(push_id, mains[1].account_id, Verdict::RumorReposted, "b"),
        ])
        .unwrap();
        let c = db.coverage(push_id).unwrap();
        let main = &c.tiers[0];
        assert_eq!(main.tier, Some(Tier::Main));
        assert_eq!((main.reposted, main.rumor_reposted), (1, 1));
        assert_eq!(main.pending, main.targeted - 2);
        assert!((main.ratio - 1.0 / main.targeted as f64).abs() < 1e-9);
        assert_eq!(c.total.targeted, tasks.len() as i64);
        assert_eq!(c.tiers.len(), 2, "allied not targeted");
    }

    #[test]
    fn bad_input_is_refused() {
        let db = Db::open_in_memory().unwrap();
        assert_eq!(db.create_rumor(" ", "x").unwrap_err().code(), "invalid");
        let r = db.create_rumor("t", "").unwrap();
        let input = RebuttalInput {
            rumor_id: r.id,
            title: "t".into(),
            content: String::new(),
            url: Some("javascript:alert(1)".into()),
            publisher: None,
            published_at: None,
        };
        assert_eq!(db.create_rebuttal(&input).unwrap_err().code(), "invalid");
        let input = RebuttalInput {
            rumor_id: 99,
            url: None,
            ..input
        };
        assert_eq!(db.create_rebuttal(&input).unwrap_err().code(), "not_found");
        assert_eq!(
            db.start_push_with(1, &tiers(&[Tier::Main]))
                .unwrap_err()
                .code(),
            "not_found"
        );
    }
}
