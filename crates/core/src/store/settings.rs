//! The office's settings: the level policy, the assignment rules, and territories' place names.

use rusqlite::{params, Connection, OptionalExtension};

use super::directory::{ensure_territory, ensure_unit};
use super::Db;
use crate::error::{Error, Result};
use crate::rules::sources::PlatformSettings;
use crate::rules::{AssignmentRules, LevelPolicy, SubjectRule, TerritoryPlaces, UnitSubjects};

const LEVEL_POLICY: &str = "level_policy";
const PLATFORMS: &str = "platforms";
const WEIBO_VISITORS: &str = "weibo_visitors";

/// The office's bridges and platform addresses (defaults when never saved).
pub(crate) fn platform_settings(c: &Connection) -> Result<PlatformSettings> {
    let text: Option<String> = c
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [PLATFORMS],
            |r| r.get(0),
        )
        .optional()?;
    Ok(text
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default())
}

pub(crate) fn level_policy(c: &Connection) -> Result<LevelPolicy> {
    let text: Option<String> = c
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [LEVEL_POLICY],
            |r| r.get(0),
        )
        .optional()?;
    Ok(text
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default())
}

pub(crate) fn assignment_rules(c: &Connection) -> Result<AssignmentRules> {
    let mut stmt = c.prepare("SELECT word, subject FROM subject_rules ORDER BY id")?;
    let subject_rules = stmt
        .query_map([], |r| {
            Ok(SubjectRule {
                word: r.get(0)?,
                subject: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = c.prepare(
        "SELECT u.name, group_concat(s.subject, '|') FROM unit_subjects s JOIN units u ON u.id = s.unit_id
         GROUP BY u.id ORDER BY u.name",
    )?;
    let unit_subjects = stmt
        .query_map([], |r| {
            let subjects: String = r.get(1)?;
            Ok(UnitSubjects {
                unit: r.get(0)?,
                subjects: subjects.split('|').map(str::to_string).collect(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(AssignmentRules {
        subject_rules,
        unit_subjects,
    })
}

pub(crate) fn territory_places(c: &Connection) -> Result<Vec<TerritoryPlaces>> {
    let mut stmt = c.prepare(
        "SELECT t.name, u.name, COALESCE((SELECT group_concat(p.name, '|') FROM territory_places p WHERE p.territory_id = t.id), '')
         FROM territories t LEFT JOIN units u ON u.id = t.unit_id ORDER BY t.name",
    )?;
    let rows = stmt.query_map([], |r| {
        let places: String = r.get(2)?;
        Ok(TerritoryPlaces {
            territory: r.get(0)?,
            unit: r.get(1)?,
            places: places
                .split('|')
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn clean_list(items: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for i in items.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        if !out.iter().any(|o| o == i) {
            out.push(i.to_string());
        }
    }
    out
}

/// The directory file: rules, unit subjects and territories, for import and export.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DirectoryFile {
    #[serde(default)]
    pub subject_rules: Vec<SubjectRule>,
    #[serde(default)]
    pub unit_subjects: Vec<UnitSubjects>,
    #[serde(default)]
    pub territories: Vec<TerritoryPlaces>,
}

impl Db {
    pub fn level_policy(&self) -> Result<LevelPolicy> {
        self.read(level_policy)
    }

    pub fn set_level_policy(&self, policy: &LevelPolicy) -> Result<LevelPolicy> {
        policy.validate()?;
        self.with_tx(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![LEVEL_POLICY, serde_json::to_string(policy).expect("policy serialises")],
            )?;
            Ok(())
        })?;
        self.level_policy()
    }

    pub fn assignment_rules(&self) -> Result<AssignmentRules> {
        self.read(assignment_rules)
    }

    /// The office's platform settings (WeWe RSS, RSSHub, Weibo's API address).
    pub fn platform_settings(&self) -> Result<PlatformSettings> {
        self.read(platform_settings)
    }

    /// Weibo visitor identities the checker holds, per API host (Cookie headers), so that a
    /// restart does not ask Weibo again. Never shown, logged or exported.
    pub fn weibo_visitors(&self) -> Result<std::collections::BTreeMap<String, String>> {
        self.read(|c| {
            let text: Option<String> = c
                .query_row(
                    "SELECT value FROM settings WHERE key = ?1",
                    [WEIBO_VISITORS],
                    |r| r.get(0),
                )
                .optional()?;
            Ok(text
                .and_then(|t| serde_json::from_str(&t).ok())
                .unwrap_or_default())
        })
    }

    /// Keeps the visitor identities the checker holds now (replacing the kept ones).
    pub fn set_weibo_visitors(
        &self,
        visitors: &std::collections::BTreeMap<String, String>,
    ) -> Result<()> {
        self.with_tx(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![WEIBO_VISITORS, serde_json::to_string(visitors).expect("map serialises")],
            )?;
            Ok(())
        })
    }

    /// What an address typed for an account on `platform` resolves to, and how the checker
    /// would read it with the office's platform settings now.
    pub fn source_preview(
        &self,
        platform: crate::model::Platform,
        entered: Option<&str>,
    ) -> Result<crate::rules::sources::SourcePreview> {
        let settings = self.platform_settings()?;
        crate::rules::sources::preview(platform, entered, &settings).map_err(Error::Invalid)
    }

    /// Saves the platform settings, addresses trimmed; a malformed address is refused.
    pub fn set_platform_settings(&self, settings: PlatformSettings) -> Result<PlatformSettings> {
        let settings = settings.validated().map_err(Error::Invalid)?;
        self.with_tx(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![PLATFORMS, serde_json::to_string(&settings).expect("settings serialise")],
            )?;
            Ok(())
        })?;
        self.platform_settings()
    }

    /// Replaces the subject rules and the units' subjects (units are created when missing).
    pub fn set_assignment_rules(&self, rules: &AssignmentRules) -> Result<AssignmentRules> {
        check_rules(rules)?;
        self.with_tx(|tx| write_rules(tx, rules))?;
        self.assignment_rules()
    }

    pub fn territory_places(&self) -> Result<Vec<TerritoryPlaces>> {
        self.read(territory_places)
    }

    /// Sets the place names (and, when given, the government unit) of the given territories,
    /// adding missing ones. Territories not listed keep theirs.
    pub fn set_territories(&self, territories: &[TerritoryPlaces]) -> Result<()> {
        self.with_tx(|tx| write_territories(tx, territories))
    }

    pub fn export_directory(&self, path: &std::path::Path) -> Result<()> {
        let rules = self.assignment_rules()?;
        let file = DirectoryFile {
            subject_rules: rules.subject_rules,
            unit_subjects: rules.unit_subjects,
            territories: self.territory_places()?,
        };
        std::fs::write(
            path,
            serde_json::to_string_pretty(&file).expect("directory serialises"),
        )
        .map_err(|e| Error::WriteFile {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })
    }

    pub fn import_directory(&self, path: &std::path::Path) -> Result<()> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::ReadFile {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        let file: DirectoryFile = serde_json::from_str(&text)
            .map_err(|e| Error::Invalid(format!("目录文件格式错误：{e}")))?;
        let rules = AssignmentRules {
            subject_rules: file.subject_rules,
            unit_subjects: file.unit_subjects,
        };
        check_rules(&rules)?;
        // Rules and territories change together or not at all.
        self.with_tx(|tx| {
            write_rules(tx, &rules)?;
            write_territories(tx, &file.territories)
        })
    }
}

fn check_rules(rules: &AssignmentRules) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for r in &rules.subject_rules {
        if r.word.trim().is_empty() || r.subject.trim().is_empty() {
            return Err(Error::Invalid("规则中的词语和主管事项都不能为空".into()));
        }
        if !seen.insert(r.word.trim().to_string()) {
            return Err(Error::Invalid(format!(
                "词语「{}」出现了两次",
                r.word.trim()
            )));
        }
    }
    Ok(())
}

fn write_rules(tx: &Connection, rules: &AssignmentRules) -> Result<()> {
    tx.execute("DELETE FROM subject_rules", [])?;
    for r in &rules.subject_rules {
        tx.execute(
            "INSERT INTO subject_rules (word, subject) VALUES (?1, ?2)",
            params![r.word.trim(), r.subject.trim()],
        )?;
    }
    tx.execute("DELETE FROM unit_subjects", [])?;
    for u in rules
        .unit_subjects
        .iter()
        .filter(|u| !u.unit.trim().is_empty())
    {
        let id = ensure_unit(tx, u.unit.trim())?;
        for s in clean_list(&u.subjects) {
            tx.execute(
                "INSERT OR IGNORE INTO unit_subjects (unit_id, subject) VALUES (?1, ?2)",
                params![id, s],
            )?;
        }
    }
    Ok(())
}

fn write_territories(tx: &Connection, territories: &[TerritoryPlaces]) -> Result<()> {
    for t in territories
        .iter()
        .filter(|t| !t.territory.trim().is_empty())
    {
        let id = ensure_territory(tx, t.territory.trim())?;
        // No unit given keeps the one the territory has.
        if let Some(u) = t.unit.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            let unit = ensure_unit(tx, u)?;
            tx.execute(
                "UPDATE territories SET unit_id = ?1 WHERE id = ?2",
                params![unit, id],
            )?;
        }
        tx.execute("DELETE FROM territory_places WHERE territory_id = ?1", [id])?;
        for p in clean_list(&t.places) {
            tx.execute(
                "INSERT INTO territory_places (territory_id, name) VALUES (?1, ?2)",
                params![id, p],
            )?;
        }
    }
    Ok(())
}
