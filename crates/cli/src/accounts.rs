//! `piyao accounts …`: the ledger.

use piyao_core::model::{Account, AccountFilter, Checkable};
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
        AccountsCommand::Probe { ids, json, fetch } => probe(db, &ids, json, &fetch)?,
    }
    Ok(())
}

/// `piyao accounts probe`: every active account (or the ones named) tested and kept as 可核查;
/// one line per account as it comes (JSON with `--json`), the counts on stderr.
fn probe(
    db: &Db,
    ids: &[i64],
    json: bool,
    fetch: &crate::checks::FetchArgs,
) -> Result<(), ApiError> {
    let targets = db.probe_list((!ids.is_empty()).then_some(ids))?;
    if let Some(missing) = ids.iter().find(|id| !targets.iter().any(|t| t.id == **id)) {
        return Err(piyao_core::Error::NotFound {
            what: "账号",
            id: *missing,
        }
        .into());
    }
    let fetcher = piyao_check::fetch::Fetcher::new(fetch.config()?);
    piyao_check::office::prepare(&fetcher, db)?;
    let fetcher = std::sync::Arc::new(fetcher);
    let total = targets.len();
    let mut found = piyao_core::model::ProbeSummary::default();
    let mut failure = None;
    crate::checks::runtime().block_on(piyao_check::probe::probe_all(
        fetcher.clone(),
        targets,
        |r| {
            if let Err(e) = db.record_probe(&r) {
                failure = Some(e);
                return false;
            }
            found.add(r.readability.checkable);
            if json {
                println!("{}", serde_json::to_string(&r).expect("report serialises"));
            } else {
                println!(
                    "{}\t{}\t{}\t{}",
                    r.account_id,
                    r.account,
                    r.readability.checkable.label(),
                    r.readability.reason
                );
            }
            true
        },
    ));
    if let Some(e) = failure {
        return Err(e.into());
    }
    piyao_check::office::keep(&fetcher, db)?;
    eprintln!(
        "已测试 {total} 个账号：{} {}，{} {}，{} {}",
        Checkable::Auto.label(),
        found.auto,
        Checkable::People.label(),
        found.people,
        Checkable::Failed.label(),
        found.failed
    );
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
