//! Ledger export to XLSX or CSV, in the columns the import reads back.

use std::path::Path;

use super::columns::{active_label, Column};
use super::sheet::{Format, TableWriter};
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
    /// Writes every account the filter matches to `path` (.xlsx or .csv), in the ledger's
    /// order, streamed from the database row by row; returns how many accounts it wrote.
    pub fn export_ledger(&self, path: &Path, filter: &AccountFilter) -> Result<usize> {
        Format::of(path)?;
        let columns = Column::ALL.map(|c| (c.header(), c.width()));
        let mut table = TableWriter::create(path, "台账", &columns)?;
        self.for_each_account(filter, |a| table.push(&row_of(&a)))?;
        table.finish()
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
            assert_eq!(
                a.export_ledger(&path, &AccountFilter::default()).unwrap(),
                2
            );

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

    #[test]
    fn an_export_writes_every_matching_account_streamed_and_leaves_nothing_half_written() {
        let db = Db::open_in_memory().unwrap();
        for i in 0..1200 {
            let mut a = tricky();
            a.name = format!("账号{i:04}");
            a.tier = if i % 3 == 0 { Tier::Main } else { Tier::Allied };
            db.create_account(a).unwrap();
        }
        let main = AccountFilter {
            tier: Some(Tier::Main),
            ..Default::default()
        };
        let dir = tempfile::tempdir().unwrap();
        for ext in ["csv", "xlsx"] {
            let path = dir.path().join(format!("主力军.{ext}"));
            assert_eq!(db.export_ledger(&path, &main).unwrap(), 400, "{ext}");
            let back = Db::open_in_memory().unwrap();
            assert_eq!(
                back.import_ledger(&path, false).unwrap().created,
                400,
                "{ext}"
            );
            assert!(back
                .list_accounts(&AccountFilter::default())
                .unwrap()
                .iter()
                .all(|a| a.tier == Tier::Main));
            assert!(!dir.path().join(format!("主力军.{ext}.part")).exists());
        }
        // a folder that does not exist: a clear error, no file
        let nowhere = dir.path().join("没有这个文件夹").join("台账.csv");
        let err = db.export_ledger(&nowhere, &main).unwrap_err();
        assert!(err.to_string().contains("台账.csv"), "{err}");
        assert!(!nowhere.exists());
    }
}
