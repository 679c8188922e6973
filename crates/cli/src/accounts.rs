//! `piyao accounts …`: the ledger.

use piyao_core::model::{Account, AccountFilter};
use piyao_core::{ApiError, Db};

use crate::AccountsCommand;

pub(crate) fn run(db: &Db, cmd: AccountsCommand) -> Result<(), ApiError> {
    match cmd {
        AccountsCommand::Import { file, skip_invalid } => {
            let preview = db.preview_ledger_import(&file)?;
            for row in preview.rows.iter().filter(|r| !r.errors.is_empty()) {
                eprintln!(
                    "第 {} 行「{}」：{}",
                    row.line,
                    row.name,
                    row.errors.join("；")
                );
            }
            let s = db.import_ledger(&file, skip_invalid)?;
            println!(
                "已新增 {} 个账号，更新 {} 个，跳过 {} 行",
                s.created, s.updated, s.skipped
            );
        }
        AccountsCommand::List { json } => {
            let list = db.list_accounts(&AccountFilter::default())?;
            for a in &list {
                if json {
                    println!("{}", serde_json::to_string(a).expect("account serialises"));
                } else {
                    println!("{}", line_of(a));
                }
            }
            if !json {
                eprintln!("共 {} 个账号", list.len());
            }
        }
        AccountsCommand::Export { file } => {
            let n = db.export_ledger(&file, &AccountFilter::default())?;
            println!("已导出 {n} 个账号到 {}", file.display());
        }
    }
    Ok(())
}

fn line_of(a: &Account) -> String {
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    format!(
        "{}\t{}\t{}\t{}\t{}\t{}\t{}{}",
        a.id,
        a.tier.label(),
        a.platform.label(),
        a.name,
        opt(&a.unit),
        opt(&a.territory),
        opt(&a.watch_url),
        if a.active { "" } else { "\t停用" }
    )
}
