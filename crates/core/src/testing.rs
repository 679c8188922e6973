//! Test support shared by every crate's tests (feature `test-support`): one builder for a
//! case taken through the workflow to the step a test needs, so tests follow the same rules
//! the app enforces instead of each writing its own shortcut.

use crate::model::{AssignInput, Case, CaseInput, CaseSource, RebuttalInput};
use crate::rules::{CaseStatus, Scores};
use crate::{Db, Result};

/// Who the tests' timeline entries name.
pub const ACTOR: &str = "协调员";

/// A case to be recorded, then assessed, assigned, verified and published as far as asked.
#[derive(Debug, Clone)]
pub struct CaseBuilder {
    pub input: CaseInput,
    pub scores: Scores,
    pub lead_unit: String,
    pub co_units: Vec<String>,
    /// Why the lead unit differs from the suggestion; `None` takes the suggestion's wording.
    pub reason: Option<String>,
    pub rebuttal: RebuttalInput,
}

impl CaseBuilder {
    /// A rumor found by patrol, scored 3/3/3, the district police as lead unit, and a
    /// rebuttal titled 【辟谣】{title}.
    pub fn new(title: &str) -> CaseBuilder {
        CaseBuilder {
            input: CaseInput {
                title: title.into(),
                content: String::new(),
                platform: None,
                urls: vec![],
                first_seen_at: None,
                source: CaseSource::Patrol,
                reporter_name: None,
                reporter_contact: None,
            },
            scores: Scores {
                severity: 3,
                controllability: 3,
                influence: 3,
            },
            lead_unit: "区公安分局".into(),
            co_units: vec![],
            reason: Some("测试指定".into()),
            rebuttal: RebuttalInput {
                rumor_id: 0,
                title: format!("【辟谣】{title}"),
                content: String::new(),
                url: None,
                publisher: None,
                published_at: None,
            },
        }
    }

    pub fn content(mut self, text: &str) -> Self {
        self.input.content = text.into();
        self
    }

    pub fn platform(mut self, platform: &str) -> Self {
        self.input.platform = Some(platform.into());
        self
    }

    pub fn source(mut self, source: CaseSource) -> Self {
        self.input.source = source;
        self
    }

    pub fn scores(mut self, severity: u8, controllability: u8, influence: u8) -> Self {
        self.scores = Scores {
            severity,
            controllability,
            influence,
        };
        self
    }

    pub fn lead_unit(mut self, unit: &str) -> Self {
        self.lead_unit = unit.into();
        self
    }

    pub fn co_units(mut self, units: &[&str]) -> Self {
        self.co_units = units.iter().map(|u| u.to_string()).collect();
        self
    }

    /// The lead unit and co-units are the system's suggestion (no reason given).
    pub fn follows_suggestion(mut self) -> Self {
        self.reason = None;
        self
    }

    /// The rebuttal's title, text and page.
    pub fn rebuttal(mut self, title: &str, content: &str, url: Option<String>) -> Self {
        self.rebuttal.title = title.into();
        self.rebuttal.content = content.into();
        self.rebuttal.url = url;
        self
    }

    pub fn publisher(mut self, publisher: &str) -> Self {
        self.rebuttal.publisher = Some(publisher.into());
        self
    }

    pub fn published_at(mut self, at: &str) -> Self {
        self.rebuttal.published_at = Some(at.into());
        self
    }

    /// Recorded and assessed (已研判).
    pub fn assessed(&self, db: &Db) -> Result<Case> {
        let case = db.create_case(&self.input, ACTOR)?;
        db.assess_case(case.id, &self.scores, ACTOR)
    }

    /// Assessed, assigned and under verification (核查中).
    pub fn verifying(&self, db: &Db) -> Result<Case> {
        let case = self.assessed(db)?;
        assign(
            db,
            case.id,
            &self.lead_unit,
            &self.co_units,
            self.reason.as_deref(),
        )?;
        db.transition_case(case.id, CaseStatus::Verifying, None, ACTOR)
    }

    /// Verified with its rebuttal recorded (已发布辟谣): ready for a push.
    pub fn published(&self, db: &Db) -> Result<Case> {
        let case = self.verifying(db)?;
        let rebuttal = RebuttalInput {
            rumor_id: case.id,
            ..self.rebuttal.clone()
        };
        db.record_case_rebuttal(case.id, &rebuttal, ACTOR)
    }
}

/// Assigns the lead unit and co-units, adding them to the directory if missing.
pub fn assign(
    db: &Db,
    id: i64,
    lead_unit: &str,
    co_units: &[String],
    reason: Option<&str>,
) -> Result<Case> {
    db.ensure_unit(lead_unit)?;
    for u in co_units {
        db.ensure_unit(u)?;
    }
    db.assign_case(
        id,
        &AssignInput {
            lead_unit: lead_unit.into(),
            co_units: co_units.to_vec(),
            reason: reason.map(str::to_string),
        },
        ACTOR,
    )
}

/// Takes an assessed case to 核查中; a case without a lead unit gets `lead_unit` first, as
/// the workflow requires.
pub fn start_verifying(db: &Db, id: i64, lead_unit: &str) -> Result<Case> {
    if db.get_case(id)?.lead_unit.is_none() {
        assign(db, id, lead_unit, &[], Some("测试指定"))?;
    }
    db.transition_case(id, CaseStatus::Verifying, None, ACTOR)
}
