//! The rows of the period report's case sheet.

use rusqlite::Connection;

use super::stats::{case_tags, rows, CASES};
use super::Db;
use crate::error::Result;
use crate::model::{CaseSource, Period};
use crate::rules::stats as rules;
use crate::rules::{CaseStatus, Level};

/// One case recorded in the period, as the report lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportCase {
    pub id: i64,
    /// Local "YYYY-MM-DD HH:MM".
    pub recorded_at: String,
    pub first_seen_at: Option<String>,
    pub title: String,
    pub source: CaseSource,
    pub level: Option<Level>,
    pub status: CaseStatus,
    pub lead_unit: Option<String>,
    pub co_units: Vec<String>,
    pub subjects: Vec<String>,
    pub territories: Vec<String>,
    /// Local time of the first rebuttal.
    pub first_rebuttal_at: Option<String>,
    /// First seen → first rebuttal, seconds (negative clamped to 0).
    pub rebuttal_seconds: Option<i64>,
    pub pushes: i64,
    pub targeted: i64,
    pub reposted: i64,
}

fn report_cases(c: &Connection, period: &Period) -> Result<Vec<ReportCase>> {
    let b = rules::bounds(period)?;
    let tags = case_tags(c, &b)?;
    let by_id: std::collections::HashMap<i64, (&Vec<usize>, &Vec<usize>)> =
        tags.cases.iter().map(|(id, s, t)| (*id, (s, t))).collect();
    let sql = format!(
        "SELECT r.id, strftime('%Y-%m-%d %H:%M', r.created_at, '+8 hours'), substr(r.first_seen_at, 1, 16), r.title,
                r.source, r.level, r.status, u.name,
                (SELECT group_concat(cu.name, '|') FROM case_co_units x JOIN units cu ON cu.id = x.unit_id WHERE x.rumor_id = r.id),
                substr(r.first_rebuttal_at, 1, 16),
                unixepoch(r.first_rebuttal_at) - unixepoch(COALESCE(r.first_seen_at, datetime(r.created_at, '+8 hours'))),
                (SELECT count(*) FROM rebuttals b JOIN pushes p ON p.rebuttal_id = b.id WHERE b.rumor_id = r.id),
                (SELECT count(*) FROM rebuttals b JOIN pushes p ON p.rebuttal_id = b.id JOIN push_targets t ON t.push_id = p.id
                  WHERE b.rumor_id = r.id),
                (SELECT count(*) FROM rebuttals b JOIN pushes p ON p.rebuttal_id = b.id JOIN push_targets t ON t.push_id = p.id
                  WHERE b.rumor_id = r.id AND t.verdict = 'reposted')
         FROM rumors r LEFT JOIN units u ON u.id = r.lead_unit_id
         WHERE {CASES} ORDER BY r.created_at, r.id"
    );
    let pick = |names: &[String], idx: Option<&Vec<usize>>| -> Vec<String> {
        idx.map(|v| v.iter().map(|&i| names[i].clone()).collect())
            .unwrap_or_default()
    };
    rows(c, &sql, &b, "", &[], |r| {
        let id: i64 = r.get(0)?;
        let tagged = by_id.get(&id);
        let co: Option<String> = r.get(8)?;
        Ok(ReportCase {
            id,
            recorded_at: r.get(1)?,
            first_seen_at: r.get(2)?,
            title: r.get(3)?,
            source: CaseSource::from_code(&r.get::<_, String>(4)?).unwrap_or(CaseSource::Patrol),
            level: r
                .get::<_, Option<String>>(5)?
                .as_deref()
                .and_then(Level::parse),
            status: CaseStatus::from_code(&r.get::<_, String>(6)?).unwrap_or(CaseStatus::New),
            lead_unit: r.get(7)?,
            co_units: co
                .map(|c| c.split('|').map(str::to_string).collect())
                .unwrap_or_default(),
            subjects: pick(tags.tagger.subjects(), tagged.map(|t| t.0)),
            territories: pick(tags.tagger.territories(), tagged.map(|t| t.1)),
            first_rebuttal_at: r.get(9)?,
            rebuttal_seconds: r.get::<_, Option<i64>>(10)?.map(|s| s.max(0)),
            pushes: r.get(11)?,
            targeted: r.get(12)?,
            reposted: r.get(13)?,
        })
    })
}

impl Db {
    /// The cases recorded in the period, oldest first, for the report's case sheet.
    pub fn report_cases(&self, period: &Period) -> Result<Vec<ReportCase>> {
        self.read(|c| report_cases(c, period))
    }
}
