//! `piyao backup …`: back up, check and restore the database, and the daily backup for cron.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use piyao_core::model::{BackupFile, BackupKind, BackupReport};
use piyao_core::store::{local_now, recovery_overview, restore_in_place, verify_backup};
use piyao_core::{ApiError, Db};

#[derive(Subcommand)]
pub(crate) enum BackupCommand {
    /// 立即把数据库备份到一个文件（桌面程序运行中也可以备份；完成后检查备份副本）
    Create {
        /// 备份文件（如 辟谣矩阵备份.sqlite3）；不能是正在使用的数据库本身
        file: PathBuf,
    },
    /// 检查一个备份文件：能否打开、是否完好、是否为本程序的数据库，以及其中有多少数据
    Verify {
        file: PathBuf,
        /// 以一行 JSON 输出检查结果
        #[arg(long)]
        json: bool,
    },
    /// 用备份文件恢复数据库：先检查备份，并把当前数据库另存为安全备份（可撤销）
    Restore {
        file: PathBuf,
        /// 确认恢复（不加时只显示检查结果，不做任何改动）
        #[arg(long)]
        yes: bool,
    },
    /// 每日自动备份：距上次自动备份满 24 小时才备份，并删除超出保留份数的旧备份（供 cron 使用）
    Auto,
    /// 列出备份文件夹中的备份（最新的在前）
    List {
        /// 以 JSON 输出（每行一个备份）
        #[arg(long)]
        json: bool,
    },
}

/// Runs a backup command. The database is opened only by the commands that need it: a
/// damaged database can still be listed, checked against and restored.
pub(crate) fn run(db_path: &Path, cmd: BackupCommand) -> Result<(), ApiError> {
    match cmd {
        BackupCommand::Create { file } => create(db_path, &file),
        BackupCommand::Verify { file, json } => {
            let report = verify_backup(&file)?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string(&report).expect("report serialises")
                );
            } else {
                println!("{} 检查通过，可以用于恢复。", file.display());
                print_report(&report);
            }
            Ok(())
        }
        BackupCommand::Restore { file, yes } => restore(db_path, &file, yes),
        BackupCommand::Auto => auto(db_path),
        BackupCommand::List { json } => list(db_path, json),
    }
}

/// `12.3 MB`, `850 KB`.
pub(crate) fn human_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 => format!("{:.2} GB", b as f64 / (1u64 << 30) as f64),
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / (1u64 << 20) as f64),
        b => format!("{} KB", b.div_ceil(1024)),
    }
}

fn print_report(r: &BackupReport) {
    println!("  文件大小：{}", human_size(r.size_bytes));
    println!(
        "  数据结构版本：{}{}",
        r.schema_version,
        if r.needs_upgrade {
            "（较旧，恢复时会自动升级）"
        } else {
            ""
        }
    );
    println!(
        "  账号 {} 个，案件 {} 件，推送 {} 次",
        r.accounts, r.cases, r.pushes
    );
    println!(
        "  最新案件登记于：{}",
        r.newest_case_at.as_deref().unwrap_or("（没有案件）")
    );
}

fn create(db_path: &Path, file: &Path) -> Result<(), ApiError> {
    let db = Db::open(db_path)?;
    let mut shown = None;
    let report = db.backup_to(file, &mut |p| {
        let percent = (p.done * 100).checked_div(p.total).unwrap_or(100);
        if shown != Some(percent) {
            shown = Some(percent);
            eprint!("\r正在备份… {percent}%");
            let _ = std::io::stderr().flush();
        }
    });
    eprintln!();
    let report = report?;
    println!("已备份到 {}，完整性检查通过。", report.path);
    print_report(&report);
    Ok(())
}

fn restore(db_path: &Path, file: &Path, yes: bool) -> Result<(), ApiError> {
    let report = verify_backup(file)?;
    println!("{} 检查通过：", file.display());
    print_report(&report);
    if !yes {
        return Err(ApiError {
            code: "confirmation_required".into(),
            message: format!(
                "尚未恢复，数据库没有任何改动。核对以上内容无误后，加上 --yes 重新运行：piyao backup restore {} --yes",
                file.display()
            ),
        });
    }
    let outcome = match Db::open(db_path) {
        Ok(db) => db.restore_backup(file, local_now())?,
        // A damaged database cannot be opened: the backup takes its place, the file is kept.
        Err(e) if e.code() == "db_corrupt" => {
            let outcome = restore_in_place(db_path, file, local_now())?;
            Db::open(db_path)?;
            outcome
        }
        Err(e) => return Err(e.into()),
    };
    println!("已用 {} 恢复数据库 {}。", file.display(), db_path.display());
    if let Some(safety) = &outcome.safety_backup {
        println!("恢复前的数据库已另存为 {safety}；如需撤销，用它再恢复一次即可。");
    }
    if let Some(damaged) = &outcome.damaged_file {
        println!("损坏的数据库文件已移到 {damaged}（未删除）。");
    }
    Ok(())
}

fn auto(db_path: &Path) -> Result<(), ApiError> {
    let db = Db::open(db_path)?;
    let outcome = db.auto_backup_if_due(local_now())?;
    if !outcome.enabled {
        println!("自动备份已关闭，未备份（可在桌面程序的「数据备份」页开启）。");
        return Ok(());
    }
    match (&outcome.created, &outcome.newest_at) {
        (Some(f), _) => println!("已完成自动备份：{}（{}）", f.path, human_size(f.size_bytes)),
        (None, Some(at)) => println!("最近一次自动备份在 {at}，未满 24 小时，本次不备份。"),
        (None, None) => {}
    }
    for name in &outcome.deleted {
        println!("已删除超出保留份数的旧备份：{name}");
    }
    Ok(())
}

fn kind_label(f: &BackupFile) -> &'static str {
    match f.kind {
        BackupKind::Auto => "自动备份",
        BackupKind::Safety => "恢复前的安全备份",
    }
}

fn list(db_path: &Path, json: bool) -> Result<(), ApiError> {
    let overview = match Db::open(db_path) {
        Ok(db) => db.backup_overview()?,
        Err(_) => recovery_overview(db_path)?,
    };
    if json {
        for f in &overview.backups {
            println!("{}", serde_json::to_string(f).expect("file serialises"));
        }
        return Ok(());
    }
    println!("备份文件夹：{}", overview.backup_dir);
    for f in &overview.backups {
        println!(
            "{}  {}  {:>10}  {}",
            f.created_at,
            kind_label(f),
            human_size(f.size_bytes),
            f.path
        );
    }
    eprintln!("共 {} 份备份", overview.backups.len());
    Ok(())
}
