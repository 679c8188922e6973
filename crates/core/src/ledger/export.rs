//! Ledger export to XLSX or CSV, in the columns the import reads back.

use std::path::Path;

use super::columns::{active_label, Column};
use super::sheet::{self, Format};
use crate::error::Result;
use crate::model::{Account, AccountFilter};
use crate::store::Db;

fn row_of(a: &Account) -> Vec<String> {
    let s = |v: &Option<String>| v.clone().unwrap_or_default();
    Column::ALL
        .iter()
        .map(|c| match c {
            Column::Name => a.name.clone(),
            Column::Platform => a.platform.label().to_string(),
            Column::Tier => a.tier.label().to_string(),
            Column::Unit => s(&a.unit),
            Column::Territory => s(&a.territory),
            Column::WatchUrl => s(&a.watch_url),
            Column::Contact => s(&a.contact),
            Column::Notes => s(&a.notes),
            Column::Active => active_label(a.active).to_string(),
        })
        .collect()
}

impl Db {
    /// Writes the whole ledger to `path` (.xlsx or .csv); returns how many accounts it wrote.
    pub fn export_ledger(&self, path: &Path) -> Result<usize> {
        let format = Format::of(path)?;
        let accounts = self.list_accounts(&AccountFilter::default())?;
        let rows: Vec<Vec<String>> = accounts.iter().map(row_of).collect();
        let headers = Column::ALL.map(Column::header);
        match format {
            Format::Csv => sheet::write_csv(path, &headers, &rows)?,
            Format::Xlsx => sheet::write_xlsx(path, "台账", &headers, &rows)?,
        }
        Ok(rows.len())
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{AccountFilter, AccountInput, Platform, Tier};
    use crate::store::Db;

    fn tricky() -> AccountInput {
        AccountInput {
            name: "云川发布, \"官方\"".into(),
            platform: Platform::GroupChat,
            tier: Tier::Allied,
            unit: Some("区网信办".into()),
            territory: Some("龙塔街道".into()),
            watch_url: Some("https://127.0.0.1:8080/feed?a=1&b=2".into()),
            contact: Some("013800000000".into()),
            notes: Some("第一行\n第二行 <script>alert(1)</script>".into()),
            active: false,
        }
    }

    #[test]
    fn round_trip_keeps_every_field_in_both_formats() {
        for ext in ["csv", "xlsx"] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(format!("台账.{ext}"));
            let a = Db::open_in_memory().unwrap();
            a.create_account(tricky()).unwrap();
            let mut plain = tricky();
            plain.name = "平安云川".into();
            plain.platform = Platform::Weibo;
            plain.tier = Tier::Main;
            plain.unit = None;
            plain.territory = None;
            plain.watch_url = None;
            plain.contact = None;
            plain.notes = None;
            plain.active = true;
            a.create_account(plain).unwrap();
            assert_eq!(a.export_ledger(&path).unwrap(), 2);

            let b = Db::open_in_memory().unwrap();
            let summary = b.import_ledger(&path, false).unwrap();
            assert_eq!(summary.created, 2, "{ext}");
            let inputs = |db: &Db| -> Vec<AccountInput> {
                db.list_accounts(&AccountFilter::default())
                    .unwrap()
                    .iter()
                    .map(AccountInput::from)
                    .collect()
            };
            assert_eq!(inputs(&a), inputs(&b), "{ext}");
        }
    }
}
