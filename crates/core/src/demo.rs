//! The demo district (云川区, fictional): its directory and ledger ship inside the binary so a
//! new user can try the app on realistic data.

use crate::error::Result;
use crate::ledger::ImportSummary;
use crate::store::{Db, Directory};

pub const DIRECTORY_JSON: &str = include_str!("../../../assets/demo/directory.json");
pub const LEDGER_CSV: &str = include_str!("../../../assets/demo/ledger.csv");
/// Words → subjects and units → subjects, in the directory file format.
pub const RULES_JSON: &str = include_str!("../../../assets/demo/rules.json");

impl Db {
    /// Loads the demo directory and ledger into an empty ledger. Refused when the ledger has
    /// accounts, so demo rows never overwrite an office's own.
    pub fn load_demo(&self) -> Result<ImportSummary> {
        if self.count_accounts()? > 0 {
            return Err(crate::Error::Invalid(
                "台账中已有账号，示范台账只能载入到空的数据库中。".to_string(),
            ));
        }
        let dir: Directory = serde_json::from_str(DIRECTORY_JSON)
            .map_err(|e| crate::Error::Invalid(format!("示范目录损坏：{e}")))?;
        self.merge_directory(&dir)?;
        let rules: crate::store::DirectoryFile = serde_json::from_str(RULES_JSON)
            .map_err(|e| crate::Error::Invalid(format!("示范规则损坏：{e}")))?;
        self.set_assignment_rules(&crate::rules::AssignmentRules {
            subject_rules: rules.subject_rules,
            unit_subjects: rules.unit_subjects,
        })?;
        let sheet = crate::ledger::sheet_from_csv(LEDGER_CSV.as_bytes())?;
        self.import_sheet(&sheet, false)
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{AccountFilter, Tier};
    use crate::store::Db;

    #[test]
    fn demo_loads_every_row_with_all_three_tiers() {
        let db = Db::open_in_memory().unwrap();
        let s = db.load_demo().unwrap();
        assert!(s.created >= 30, "{s:?}");
        assert_eq!(s.skipped, 0);
        let all = db.list_accounts(&AccountFilter::default()).unwrap();
        for tier in Tier::ALL {
            assert!(all.iter().any(|a| a.tier == tier), "{tier:?}");
        }
        assert!(db
            .list_territories()
            .unwrap()
            .iter()
            .all(|t| !t.places.is_empty()));
        let rules = db.assignment_rules().unwrap();
        assert!(rules.subject_rules.len() >= 30);
        assert!(rules
            .unit_subjects
            .iter()
            .any(|u| u.unit == "区公安分局" && u.subjects == ["公安"]));
        let err = db.load_demo().unwrap_err();
        assert!(
            err.to_string().contains("已有账号"),
            "never over an existing ledger"
        );
    }
}
