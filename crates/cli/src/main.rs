//! `piyao`: the command-line host over the Piyao Matrix crates, for scripts and office servers.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use piyao_core::model::{Account, AccountFilter};
use piyao_core::{ApiError, Db};

#[derive(Parser)]
#[command(name = "piyao", version, about = "辟谣矩阵协调台命令行工具 (Piyao Matrix CLI)")]
struct Cli {
    /// 数据库文件路径（默认：$PIYAO_DB，否则为系统应用数据目录，与桌面程序相同）
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 台账：矩阵账号的导入、列表与导出
    #[command(subcommand)]
    Accounts(AccountsCommand),
}

#[derive(Subcommand)]
enum AccountsCommand {
    /// 从 .csv 或 .xlsx 导入台账（同平台同名账号会被更新）；任一行有错时不导入
    Import {
        /// 台账文件（.csv 或 .xlsx）
        file: PathBuf,
        /// 跳过有错误的行，导入其余各行
        #[arg(long)]
        skip_invalid: bool,
    },
    /// 列出台账中的账号
    List {
        /// 以 JSON 输出（每行一个账号）
        #[arg(long)]
        json: bool,
    },
    /// 把台账导出为 .csv 或 .xlsx（按扩展名）
    Export {
        /// 输出文件（.csv 或 .xlsx）
        file: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误：{}（{}）", e.message, e.code);
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), ApiError> {
    let path = cli.db.unwrap_or_else(piyao_core::store::default_db_path);
    let db = Db::open(&path)?;
    match cli.command {
        Command::Accounts(cmd) => accounts(&db, cmd),
    }
}

fn accounts(db: &Db, cmd: AccountsCommand) -> Result<(), ApiError> {
    match cmd {
        AccountsCommand::Import { file, skip_invalid } => {
            let preview = db.preview_ledger_import(&file)?;
            for row in preview.rows.iter().filter(|r| !r.errors.is_empty()) {
                eprintln!("第 {} 行「{}」：{}", row.line, row.name, row.errors.join("；"));
            }
            let s = db.import_ledger(&file, skip_invalid)?;
            println!("已新增 {} 个账号，更新 {} 个，跳过 {} 行", s.created, s.updated, s.skipped);
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
            let n = db.export_ledger(&file)?;
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
