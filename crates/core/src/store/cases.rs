//! Rumor cases: intake, assessment, assignment, workflow, rebuttal, feedback, archive. Every
//! change appends a line to the case's timeline in the same transaction.

use rusqlite::{params, params_from_iter, Connection, OptionalExtension, ToSql};

use super::directory::ensure_unit;
use super::paging::Window;
use super::pushes::{rebuttal_from_row, REBUTTAL_SELECT};
use super::settings::{assignment_rules, level_policy, territory_places};
use super::Db;
use crate::error::{Error, Result};
use crate::model::{
    mask_contact, AssignInput, AssignmentView, Case, CaseFilter, CaseInput, CasePage, CaseSort,
    CaseSortKey, CaseSource, CaseSummary, RebuttalInput, SimilarCase, TimelineEntry,
};
use crate::rules::workflow::{self, CaseAction, CaseFacts};
use crate::rules::{suggest, CaseStatus, Deadlines, Level, Scores};
use crate::search::{bigram_set, dice, index_tokens, match_query};

pub(crate) const TITLE_MAX: usize = 200;
const TEXT_MAX: usize = 20_000;

/// Cases whose rebuttal is late: due time passed and no rebuttal published yet.
pub(crate) const OVERDUE: &str =
    "(r.rebuttal_due_at IS NOT NULL AND r.rebuttal_due_at < datetime('now', 'localtime')
     AND r.status IN ('new', 'assessed', 'verifying'))"; // CaseStatus::rebuttal_pending

fn invalid(msg: impl Into<String>) -> Error {
    Error::Invalid(msg.into())
}

fn opt(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

fn check_url(u: &str) -> Result<()> {
    match url::Url::parse(u) {
        Ok(p) if matches!(p.scheme(), "http" | "https") && p.host().is_some() => Ok(()),
        _ => Err(invalid(format!(
            "网址无效（须以 http:// 或 https:// 开头）：{u}"
        ))),
    }
}

/// "YYYY-MM-DD HH:MM[:SS]" (or anything SQLite's datetime() reads) → "YYYY-MM-DD HH:MM:SS".
fn local_time(c: &Connection, text: &str) -> Result<String> {
    let v: Option<String> = c.query_row("SELECT datetime(?1)", [text.trim()], |r| r.get(0))?;
    v.ok_or_else(|| invalid(format!("时间格式无效：{text}（应为 2026-11-22 09:30）")))
}

pub(crate) fn timeline(
    c: &Connection,
    id: i64,
    actor: &str,
    action: &str,
    detail: &str,
) -> Result<()> {
    c.execute(
        "INSERT INTO case_timeline (rumor_id, actor, action, detail) VALUES (?1, ?2, ?3, ?4)",
        params![id, actor, action, detail],
    )?;
    c.execute(
        "UPDATE rumors SET updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1",
        [id],
    )?;
    Ok(())
}

/// Rewrites the case's row of the full-text index.
pub(crate) fn reindex(c: &Connection, id: i64) -> Result<()> {
    let text: String = c.query_row(
        "SELECT r.title || ' ' || r.content || ' ' || COALESCE(r.summary, '') || ' ' ||
                COALESCE((SELECT group_concat(b.title || ' ' || b.content, ' ') FROM rebuttals b WHERE b.rumor_id = r.id), '')
         FROM rumors r WHERE r.id = ?1",
        [id],
        |r| r.get(0),
    )?;
    c.execute("DELETE FROM case_fts WHERE rowid = ?1", [id])?;
    c.execute(
        "INSERT INTO case_fts (rowid, body) VALUES (?1, ?2)",
        params![id, index_tokens(&text)],
    )?;
    Ok(())
}

/// Rewrites the full-text index of every case (after its format changed).
pub(crate) fn reindex_all(c: &Connection) -> Result<()> {
    let ids: Vec<i64> = {
        let mut stmt = c.prepare("SELECT id FROM rumors ORDER BY id")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for id in ids {
        reindex(c, id)?;
    }
    Ok(())
}

pub(crate) fn status_of(c: &Connection, id: i64) -> Result<CaseStatus> {
    let s: Option<String> = c
        .query_row("SELECT status FROM rumors WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    let s = s.ok_or(Error::NotFound { what: "案件", id })?;
    Ok(CaseStatus::from_code(&s).unwrap_or(CaseStatus::New))
}

/// What the workflow rules need to know of a case (`rules::workflow::CaseFacts`).
pub(crate) fn case_facts(c: &Connection, id: i64) -> Result<CaseFacts> {
    let row: Option<(String, String, bool, Option<String>, bool)> = c
        .query_row(
            "SELECT status, source, lead_unit_id IS NOT NULL, feedback,
                    EXISTS (SELECT 1 FROM rebuttals b WHERE b.rumor_id = r.id)
             FROM rumors r WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let (status, source, has_lead_unit, feedback, has_rebuttal) =
        row.ok_or(Error::NotFound { what: "案件", id })?;
    Ok(CaseFacts {
        status: CaseStatus::from_code(&status).unwrap_or(CaseStatus::New),
        is_report: CaseSource::from_code(&source).is_some_and(CaseSource::is_report),
        has_lead_unit,
        has_rebuttal,
        has_feedback: feedback.is_some_and(|f| !f.trim().is_empty()),
    })
}

/// The case's facts if the workflow allows `action` now; its reason as the error if not.
/// Called inside the transaction of every step, so the check and the change are one.
pub(crate) fn require(c: &Connection, id: i64, action: CaseAction) -> Result<CaseFacts> {
    let facts = case_facts(c, id)?;
    workflow::check(&facts, action).map_err(|r| invalid(r.reason))?;
    Ok(facts)
}

pub(crate) fn set_status(
    c: &Connection,
    id: i64,
    from: CaseStatus,
    to: CaseStatus,
    actor: &str,
    note: Option<&str>,
) -> Result<()> {
    if !from.can_move_to(to) {
        return Err(invalid(format!(
            "案件状态不能从「{}」变为「{}」",
            from.label(),
            to.label()
        )));
    }
    c.execute(
        "UPDATE rumors SET status = ?1 WHERE id = ?2",
        params![to.code(), id],
    )?;
    let detail = match note.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => format!("状态：{} → {}（{n}）", from.label(), to.label()),
        None => format!("状态：{} → {}", from.label(), to.label()),
    };
    timeline(c, id, actor, "status", &detail)
}

fn get_case(c: &Connection, id: i64) -> Result<Case> {
    let mut case = c
        .query_row(
            &format!(
                "SELECT r.id, r.title, r.content, r.platform, r.urls, r.first_seen_at, r.source, r.reporter_name,
                        r.reporter_contact, r.status, r.severity, r.controllability, r.influence, r.level, r.deadlines,
                        r.rebuttal_due_at, {OVERDUE}, u.name, r.assignment_note, r.feedback, r.feedback_at, r.summary,
                        r.archived_at, r.merged_into, r.created_at, COALESCE(r.updated_at, r.created_at)
                 FROM rumors r LEFT JOIN units u ON u.id = r.lead_unit_id WHERE r.id = ?1"
            ),
            [id],
            |r| {
                let scores = match (r.get::<_, Option<u8>>(10)?, r.get::<_, Option<u8>>(11)?, r.get::<_, Option<u8>>(12)?) {
                    (Some(severity), Some(controllability), Some(influence)) => Some(Scores { severity, controllability, influence }),
                    _ => None,
                };
                Ok(Case {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    content: r.get(2)?,
                    platform: r.get(3)?,
                    urls: serde_json::from_str(&r.get::<_, String>(4)?).unwrap_or_default(),
                    first_seen_at: r.get(5)?,
                    source: CaseSource::from_code(&r.get::<_, String>(6)?).unwrap_or(CaseSource::Patrol),
                    reporter_name: r.get(7)?,
                    reporter_contact_masked: r.get::<_, Option<String>>(8)?.map(|c| mask_contact(&c)),
                    status: CaseStatus::from_code(&r.get::<_, String>(9)?).unwrap_or(CaseStatus::New),
                    risk: scores.as_ref().filter(|s| s.validate().is_ok()).map(Scores::risk),
                    scores,
                    level: r.get::<_, Option<String>>(13)?.as_deref().and_then(Level::parse),
                    deadlines: r.get::<_, Option<String>>(14)?.and_then(|d| serde_json::from_str::<Deadlines>(&d).ok()),
                    rebuttal_due_at: r.get(15)?,
                    overdue: r.get(16)?,
                    lead_unit: r.get(17)?,
                    co_units: Vec::new(),
                    assignment_note: r.get(18)?,
                    rebuttal: None,
                    feedback: r.get(19)?,
                    feedback_at: r.get(20)?,
                    summary: r.get(21)?,
                    archived_at: r.get(22)?,
                    merged_into: r.get(23)?,
                    created_at: r.get(24)?,
                    updated_at: r.get(25)?,
                    timeline: Vec::new(),
                    actions: Vec::new(),
                })
            },
        )
        .optional()?
        .ok_or(Error::NotFound { what: "案件", id })?;
    case.co_units = co_units(c, id)?;
    case.rebuttal = c
        .query_row(
            &format!("{REBUTTAL_SELECT} WHERE rumor_id = ?1 ORDER BY id DESC LIMIT 1"),
            [id],
            rebuttal_from_row,
        )
        .optional()?;
    let mut stmt = c.prepare(
        "SELECT id, at, actor, action, detail FROM case_timeline WHERE rumor_id = ?1 ORDER BY id",
    )?;
    case.timeline = stmt
        .query_map([id], |r| {
            Ok(TimelineEntry {
                id: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                action: r.get(3)?,
                detail: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    case.actions = workflow::actions(&case_facts(c, id)?);
    Ok(case)
}

/// The case list's columns (`r` is the case); add WHERE / ORDER BY.
pub(crate) fn summary_select() -> String {
    format!(
        "SELECT r.id, r.title, r.status, r.level, r.source, u.name, r.first_seen_at, r.created_at, r.rebuttal_due_at,
                {OVERDUE},
                (SELECT group_concat(cu.name, '|') FROM case_co_units x JOIN units cu ON cu.id = x.unit_id WHERE x.rumor_id = r.id)
         FROM rumors r LEFT JOIN units u ON u.id = r.lead_unit_id"
    )
}

pub(crate) fn summary_from_row(r: &rusqlite::Row) -> rusqlite::Result<CaseSummary> {
    let co: Option<String> = r.get(10)?;
    Ok(CaseSummary {
        id: r.get(0)?,
        title: r.get(1)?,
        status: CaseStatus::from_code(&r.get::<_, String>(2)?).unwrap_or(CaseStatus::New),
        level: r
            .get::<_, Option<String>>(3)?
            .as_deref()
            .and_then(Level::parse),
        source: CaseSource::from_code(&r.get::<_, String>(4)?).unwrap_or(CaseSource::Patrol),
        lead_unit: r.get(5)?,
        co_units: co
            .map(|c| c.split('|').map(str::to_string).collect())
            .unwrap_or_default(),
        first_seen_at: r.get(6)?,
        created_at: r.get(7)?,
        rebuttal_due_at: r.get(8)?,
        overdue: r.get(9)?,
    })
}

/// The case list's filter and order as SQL over `rumors r`.
struct CaseQuery {
    /// ` WHERE …`, or empty.
    clause: String,
    args: Vec<Box<dyn ToSql>>,
    /// ` ORDER BY …`
    order: String,
    /// A full-text search walks the cases by registration time and stops at the page:
    /// cheaper than sorting every match when a word is common.
    by_created_index: bool,
}

impl CaseQuery {
    fn new(filter: &CaseFilter, sort: CaseSort) -> CaseQuery {
        let mut clauses: Vec<String> = Vec::new();
        let mut args: Vec<Box<dyn ToSql>> = Vec::new();
        // Adds a parameter and returns its placeholder.
        let mut arg = |v: Box<dyn ToSql>| {
            args.push(v);
            format!("?{}", args.len())
        };
        let mut full_text = false;
        if let Some(q) = filter
            .query
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
        {
            clauses.push(match match_query(q) {
                Some(m) => {
                    full_text = true;
                    format!(
                        "r.id IN (SELECT rowid FROM case_fts WHERE case_fts MATCH {})",
                        arg(Box::new(m))
                    )
                }
                None => format!(
                    "instr(r.title || r.content, {}) > 0",
                    arg(Box::new(q.to_string()))
                ),
            });
        }
        if let Some(s) = filter.status {
            clauses.push(format!("r.status = {}", arg(Box::new(s.code()))));
        }
        if let Some(l) = filter.level {
            clauses.push(format!("r.level = {}", arg(Box::new(l.code()))));
        }
        if let Some(u) = opt(&filter.unit) {
            let p = arg(Box::new(u));
            clauses.push(format!(
                "(r.lead_unit_id = (SELECT id FROM units WHERE name = {p}) OR EXISTS (SELECT 1 FROM case_co_units x
                  JOIN units cu ON cu.id = x.unit_id WHERE x.rumor_id = r.id AND cu.name = {p}))"
            ));
        }
        if let Some(s) = opt(&filter.subject) {
            clauses.push(format!(
                "EXISTS (SELECT 1 FROM subject_rules sr WHERE sr.subject = {} AND instr(r.title || r.content, sr.word) > 0)",
                arg(Box::new(s))
            ));
        }
        if let Some(t) = opt(&filter.territory) {
            clauses.push(format!(
                "EXISTS (SELECT 1 FROM territories t LEFT JOIN territory_places p ON p.territory_id = t.id
                  WHERE t.name = {} AND (instr(r.title || r.content, t.name) > 0 OR instr(r.title || r.content, p.name) > 0))",
                arg(Box::new(t))
            ));
        }
        if let Some(f) = opt(&filter.from) {
            clauses.push(format!("r.created_at >= date({})", arg(Box::new(f))));
        }
        if let Some(t) = opt(&filter.to) {
            clauses.push(format!(
                "r.created_at < date({}, '+1 day')",
                arg(Box::new(t))
            ));
        }
        let clause = if clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", clauses.join(" AND "))
        };
        let dir = if sort.descending { "DESC" } else { "ASC" };
        let value = match sort.key {
            CaseSortKey::CreatedAt => None,
            CaseSortKey::FirstSeenAt => Some("r.first_seen_at".to_string()),
            CaseSortKey::RebuttalDueAt => Some("r.rebuttal_due_at".to_string()),
            CaseSortKey::Level => Some(format!(
                "CASE r.level {} END",
                Level::ALL
                    .iter()
                    .enumerate()
                    .map(|(rank, l)| format!("WHEN '{}' THEN {rank}", l.code()))
                    .collect::<Vec<_>>()
                    .join(" ")
            )),
        };
        // rows without the value last, either way; ties newest registration first
        let order = match value {
            None => format!(" ORDER BY r.created_at {dir}, r.id {dir}"),
            Some(v) => format!(" ORDER BY ({v}) IS NULL, {v} {dir}, r.created_at DESC, r.id DESC"),
        };
        CaseQuery {
            clause,
            args,
            order,
            by_created_index: full_text && sort.key == CaseSortKey::CreatedAt,
        }
    }

    fn select(&self) -> String {
        let mut sql = summary_select();
        if self.by_created_index {
            sql = sql.replace(
                "FROM rumors r ",
                "FROM rumors r INDEXED BY rumors_by_created ",
            );
        }
        sql + &self.clause
    }
}

fn co_units(c: &Connection, id: i64) -> Result<Vec<String>> {
    let mut stmt = c.prepare(
        "SELECT u.name FROM case_co_units x JOIN units u ON u.id = x.unit_id WHERE x.rumor_id = ?1 ORDER BY u.name",
    )?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn unit_id(c: &Connection, name: &str) -> Result<i64> {
    c.query_row("SELECT id FROM units WHERE name = ?1", [name.trim()], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or_else(|| {
        invalid(format!(
            "找不到责任单位「{}」，请先在目录中添加",
            name.trim()
        ))
    })
}

impl Db {
    /// Records a new case (status 新登记).
    pub fn create_case(&self, input: &CaseInput, actor: &str) -> Result<Case> {
        let title = input.title.trim();
        if title.is_empty() {
            return Err(invalid("谣言标题不能为空"));
        }
        if title.chars().count() > TITLE_MAX {
            return Err(invalid(format!("谣言标题不能超过 {TITLE_MAX} 个字")));
        }
        if input.content.chars().count() > TEXT_MAX {
            return Err(invalid(format!("谣言内容不能超过 {TEXT_MAX} 个字")));
        }
        let urls: Vec<String> = input
            .urls
            .iter()
            .map(|u| u.trim().to_string())
            .filter(|u| !u.is_empty())
            .collect();
        for u in &urls {
            check_url(u)?;
        }
        let (name, contact) = if input.source.is_report() {
            (opt(&input.reporter_name), opt(&input.reporter_contact))
        } else {
            (None, None)
        };
        let id = self.with_tx(|tx| {
            let first_seen = input.first_seen_at.as_deref().filter(|t| !t.trim().is_empty()).map(|t| local_time(tx, t)).transpose()?;
            tx.execute(
                "INSERT INTO rumors (title, content, platform, urls, first_seen_at, source, reporter_name, reporter_contact,
                                     status, updated_at)
                 VALUES (?1, ?2, ?3, ?4, COALESCE(?5, datetime('now', 'localtime')), ?6, ?7, ?8, 'new',
                         strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
                params![
                    title,
                    input.content.trim(),
                    opt(&input.platform),
                    serde_json::to_string(&urls).expect("urls serialise"),
                    first_seen,
                    input.source.code(),
                    name,
                    contact
                ],
            )?;
            let id = tx.last_insert_rowid();
            timeline(tx, id, actor, "created", &format!("登记谣言（{}）：{title}", input.source.label()))?;
            reindex(tx, id)?;
            Ok(id)
        })?;
        self.get_case(id)
    }

    pub fn get_case(&self, id: i64) -> Result<Case> {
        self.read(|c| get_case(c, id))
    }

    /// Every case the filter matches, newest first (the CLI's search).
    pub fn list_cases(&self, filter: &CaseFilter) -> Result<Vec<CaseSummary>> {
        let q = CaseQuery::new(filter, CaseSort::default());
        let sql = format!("{}{}", q.select(), q.order);
        self.read(|c| {
            let mut stmt = c.prepare(&sql)?;
            let rows = stmt.query_map(params_from_iter(q.args.iter()), summary_from_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// One page of the case list: filter, search, order and counts are SQL's, the window
    /// holds one page. A page past the end gives the last page.
    pub fn case_page(
        &self,
        filter: &CaseFilter,
        sort: CaseSort,
        page: u32,
        page_size: u32,
    ) -> Result<CasePage> {
        let q = CaseQuery::new(filter, sort);
        self.read(|c| {
            let (total, overdue): (i64, i64) = c.query_row(
                &format!(
                    "SELECT count(*), coalesce(sum({OVERDUE}), 0) FROM rumors r{}",
                    q.clause
                ),
                params_from_iter(q.args.iter()),
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let w = Window::of(total, page, page_size);
            let mut stmt = c.prepare(&format!("{}{}{}", q.select(), q.order, w.sql()))?;
            let rows = stmt
                .query_map(params_from_iter(q.args.iter()), summary_from_row)?
                .collect::<rusqlite::Result<_>>()?;
            Ok(CasePage {
                rows,
                total,
                overdue,
                page: w.page,
                page_size: w.size,
            })
        })
    }

    /// Existing cases whose text resembles `title` + `content` (Dice over character bigrams),
    /// most similar first; merged cases are left out.
    pub fn similar_cases(
        &self,
        title: &str,
        content: &str,
        exclude: Option<i64>,
    ) -> Result<Vec<SimilarCase>> {
        let text = format!("{title} {content}");
        let mine = bigram_set(&text);
        if mine.is_empty() {
            return Ok(Vec::new());
        }
        let mut grams: Vec<&String> = mine.iter().collect();
        grams.sort();
        grams.truncate(64);
        let query = grams
            .iter()
            .map(|g| format!("\"{}\"", g.replace('"', "")))
            .collect::<Vec<_>>()
            .join(" OR ");
        self.read(|c| {
            let mut stmt = c.prepare(
                "SELECT r.id, r.title, r.content, r.status, r.created_at FROM case_fts f JOIN rumors r ON r.id = f.rowid
                 WHERE case_fts MATCH ?1 AND r.status <> 'merged' ORDER BY rank LIMIT 30",
            )?;
            let rows = stmt.query_map([query], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?, r.get::<_, String>(4)?))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (id, t, body, status, created_at) = row?;
                if Some(id) == exclude {
                    continue;
                }
                let score = dice(&mine, &bigram_set(&format!("{t} {body}")));
                if score >= 0.3 {
                    out.push(SimilarCase {
                        id,
                        title: t,
                        status: CaseStatus::from_code(&status).unwrap_or(CaseStatus::New),
                        created_at,
                        score,
                    });
                }
            }
            out.sort_by(|a, b| b.score.total_cmp(&a.score));
            out.truncate(10);
            Ok(out)
        })
    }

    /// Merges case `id` into case `into`: `id` becomes 已合并 and points to `into`.
    pub fn merge_case(&self, id: i64, into: i64, actor: &str) -> Result<Case> {
        if id == into {
            return Err(invalid("不能把案件合并到它自己"));
        }
        self.with_tx(|tx| {
            let from = require(tx, id, CaseAction::Merge)?.status;
            let target = status_of(tx, into)?;
            if target == CaseStatus::Merged {
                return Err(invalid("目标案件已被合并，请合并到它所并入的案件"));
            }
            set_status(
                tx,
                id,
                from,
                CaseStatus::Merged,
                actor,
                Some(&format!("并入案件 #{into}")),
            )?;
            tx.execute(
                "UPDATE rumors SET merged_into = ?1 WHERE id = ?2",
                params![into, id],
            )?;
            let title: String =
                tx.query_row("SELECT title FROM rumors WHERE id = ?1", [id], |r| r.get(0))?;
            timeline(
                tx,
                into,
                actor,
                "merged",
                &format!("合并重复线索 #{id}：{title}"),
            )
        })?;
        self.get_case(into)
    }

    /// Records the assessment; the level and deadlines follow from the office's policy. A new
    /// case becomes 已研判.
    pub fn assess_case(&self, id: i64, scores: &Scores, actor: &str) -> Result<Case> {
        scores.validate()?;
        self.with_tx(|tx| {
            let status = require(tx, id, CaseAction::Assess)?.status;
            let policy = level_policy(tx)?;
            let level = policy.level(scores);
            let d = policy.deadlines(level);
            tx.execute(
                "UPDATE rumors SET severity = ?1, controllability = ?2, influence = ?3, level = ?4, deadlines = ?5,
                        rebuttal_due_at = datetime(COALESCE(first_seen_at, datetime(created_at, 'localtime')), ?6)
                 WHERE id = ?7",
                params![
                    scores.severity,
                    scores.controllability,
                    scores.influence,
                    level.code(),
                    serde_json::to_string(&d).expect("deadlines serialise"),
                    format!("+{} hours", d.rebuttal_hours),
                    id
                ],
            )?;
            timeline(
                tx,
                id,
                actor,
                "assessed",
                &format!(
                    "研判：严重性 {}、可控性 {}、影响力 {}（风险指数 {}）→ {}；辟谣须在首次发现后 {} 小时内发布，主力军 {} 小时、生力军 {} 小时内转载",
                    scores.severity, scores.controllability, scores.influence, scores.risk(), level.label(),
                    d.rebuttal_hours, d.main_hours, d.auxiliary_hours
                ),
            )?;
            if status == CaseStatus::New {
                set_status(tx, id, status, CaseStatus::Assessed, actor, None)?;
            }
            Ok(())
        })?;
        self.get_case(id)
    }

    /// The suggested responsible bodies for a case, and the units to choose from.
    pub fn case_assignment(&self, id: i64) -> Result<AssignmentView> {
        self.read(|c| {
            let (title, content): (String, String) = c
                .query_row(
                    "SELECT title, content FROM rumors WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
                .ok_or(Error::NotFound { what: "案件", id })?;
            let rules = assignment_rules(c)?;
            let territories = territory_places(c)?;
            let suggestion = suggest(
                &format!("{title}\n{content}"),
                &rules.subject_rules,
                &rules.unit_subjects,
                &territories,
            );
            let mut stmt = c.prepare("SELECT name FROM units ORDER BY kind, name")?;
            let units = stmt
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?;
            Ok(AssignmentView { suggestion, units })
        })
    }

    /// Sets the lead unit and co-units. Differing from the suggestion needs a reason.
    pub fn assign_case(&self, id: i64, input: &AssignInput, actor: &str) -> Result<Case> {
        let view = self.case_assignment(id)?;
        let mut co: Vec<String> = input
            .co_units
            .iter()
            .map(|u| u.trim().to_string())
            .filter(|u| !u.is_empty())
            .collect();
        co.sort();
        co.dedup();
        co.retain(|u| u != input.lead_unit.trim());
        let mut suggested = view.suggestion.co_units.clone();
        suggested.sort();
        let follows =
            view.suggestion.lead_unit.as_deref() == Some(input.lead_unit.trim()) && suggested == co;
        let reason = opt(&input.reason);
        if !follows && reason.is_none() {
            return Err(invalid("所选辟谣主体与系统建议不同，请填写调整理由"));
        }
        self.with_tx(|tx| {
            require(tx, id, CaseAction::Assign)?;
            let lead = unit_id(tx, &input.lead_unit)?;
            tx.execute(
                "UPDATE rumors SET lead_unit_id = ?1, assignment_note = ?2 WHERE id = ?3",
                params![
                    lead,
                    reason
                        .clone()
                        .unwrap_or_else(|| view.suggestion.explanation.clone()),
                    id
                ],
            )?;
            tx.execute("DELETE FROM case_co_units WHERE rumor_id = ?1", [id])?;
            for u in &co {
                let uid = unit_id(tx, u)?;
                tx.execute(
                    "INSERT INTO case_co_units (rumor_id, unit_id) VALUES (?1, ?2)",
                    params![id, uid],
                )?;
            }
            let bodies = if co.is_empty() {
                String::new()
            } else {
                format!("，协办：{}", co.join("、"))
            };
            let detail = match &reason {
                Some(r) if !follows => format!(
                    "指定辟谣主体：{}{bodies}（调整理由：{r}）",
                    input.lead_unit.trim()
                ),
                _ => format!(
                    "采纳建议，辟谣主体：{}{bodies}（{}）",
                    input.lead_unit.trim(),
                    view.suggestion.explanation
                ),
            };
            timeline(tx, id, actor, "assigned", &detail)
        })?;
        self.get_case(id)
    }

    /// Moves a case to another status along the allowed transitions. Archiving, merging,
    /// assessing and publishing the rebuttal have their own calls, which check their needs.
    pub fn transition_case(
        &self,
        id: i64,
        to: CaseStatus,
        note: Option<&str>,
        actor: &str,
    ) -> Result<Case> {
        let action = CaseAction::moving_to(to);
        if action.plain_move() != Some(to) {
            return Err(invalid(match action {
                CaseAction::Archive => "请填写归档摘要后归档",
                CaseAction::Merge => "请选择要并入的案件",
                CaseAction::Assess => "请完成研判评分",
                CaseAction::RecordRebuttal => "请录入已发布的辟谣信息",
                _ => "请从辟谣信息发起推送",
            }));
        }
        self.with_tx(|tx| {
            let from = require(tx, id, action)?.status;
            set_status(tx, id, from, to, actor, note)
        })?;
        self.get_case(id)
    }

    /// Records the published rebuttal; a case under verification becomes 已发布辟谣.
    pub fn record_case_rebuttal(
        &self,
        id: i64,
        input: &RebuttalInput,
        actor: &str,
    ) -> Result<Case> {
        if input.title.trim().is_empty() {
            return Err(invalid("辟谣信息标题不能为空"));
        }
        if let Some(u) = opt(&input.url) {
            check_url(&u)?;
        }
        self.with_tx(|tx| {
            let status = require(tx, id, CaseAction::RecordRebuttal)?.status;
            let published = opt(&input.published_at).map(|t| local_time(tx, &t)).transpose()?;
            tx.execute(
                "INSERT INTO rebuttals (rumor_id, title, content, url, publisher, published_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, input.title.trim(), input.content.trim(), opt(&input.url), opt(&input.publisher), published],
            )?;
            let by = opt(&input.publisher).map(|p| format!("（{p}）")).unwrap_or_default();
            timeline(tx, id, actor, "rebuttal", &format!("录入辟谣信息{by}：{}", input.title.trim()))?;
            if status == CaseStatus::Verifying {
                set_status(tx, id, status, CaseStatus::RebuttalPublished, actor, None)?;
            }
            reindex(tx, id)
        })?;
        self.get_case(id)
    }

    /// Records the feedback given to whoever reported the rumor.
    pub fn case_feedback(&self, id: i64, text: &str, actor: &str) -> Result<Case> {
        if text.trim().is_empty() {
            return Err(invalid("反馈内容不能为空"));
        }
        self.with_tx(|tx| {
            require(tx, id, CaseAction::Feedback)?;
            tx.execute(
                "UPDATE rumors SET feedback = ?1, feedback_at = datetime('now', 'localtime') WHERE id = ?2",
                params![text.trim(), id],
            )?;
            timeline(tx, id, actor, "feedback", &format!("向举报人反馈：{}", text.trim()))
        })?;
        self.get_case(id)
    }

    /// Archives a finished case with a summary; frozen from then on.
    pub fn archive_case(&self, id: i64, summary: &str, actor: &str) -> Result<Case> {
        if summary.trim().is_empty() {
            return Err(invalid("请填写归档摘要"));
        }
        self.with_tx(|tx| {
            let status = require(tx, id, CaseAction::Archive)?.status;
            set_status(tx, id, status, CaseStatus::Archived, actor, None)?;
            tx.execute(
                "UPDATE rumors SET summary = ?1, archived_at = datetime('now', 'localtime') WHERE id = ?2",
                params![summary.trim(), id],
            )?;
            timeline(tx, id, actor, "archived", &format!("归档：{}", summary.trim()))?;
            reindex(tx, id)
        })?;
        self.get_case(id)
    }

    /// The reporter's full contact, on explicit request; the request itself is logged.
    pub fn reporter_contact(&self, id: i64, actor: &str) -> Result<Option<String>> {
        self.with_tx(|tx| {
            let v: Option<String> = tx
                .query_row(
                    "SELECT reporter_contact FROM rumors WHERE id = ?1",
                    [id],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or(Error::NotFound { what: "案件", id })?;
            if v.is_some() {
                timeline(tx, id, actor, "note", "查看了举报人完整联系方式")?;
            }
            Ok(v)
        })
    }

    /// Makes sure a unit exists (for directory edits from the case page).
    pub fn ensure_unit(&self, name: &str) -> Result<i64> {
        self.with_tx(|tx| ensure_unit(tx, name.trim()))
    }
}

#[cfg(test)]
#[path = "cases_tests.rs"]
mod tests;
