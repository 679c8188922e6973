//! `piyao`: the command-line host over the Piyao Matrix crates, for scripts and office servers.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use piyao_core::{ApiError, Db};

mod accounts;
mod backups;
mod cases;
mod checks;
mod confirm;
mod demo;
mod pushes;
mod stats;

#[derive(Parser)]
#[command(
    name = "piyao",
    version,
    about = "辟谣矩阵协调台命令行工具 (Piyao Matrix CLI)"
)]
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
    /// 谣言案件：查看与检索
    #[command(subcommand)]
    Case(cases::CaseCommand),
    /// 谣言：登记一条谣言（巡查发现）
    #[command(subcommand)]
    Rumor(checks::RumorCommand),
    /// 辟谣信息：登记已发布的辟谣信息
    #[command(subcommand)]
    Rebuttal(checks::RebuttalCommand),
    /// 推送：向矩阵发起转载推送
    #[command(subcommand)]
    Push(pushes::PushCommand),
    /// 对一次推送的全部目标账号核查一轮，结果存入数据库（进度输出到 stderr）
    Check(checks::CheckArgs),
    /// 持续监测进行中的推送：按设置的间隔复查、提醒超时、自动催办（供办公室服务器使用）
    Watch(pushes::WatchArgs),
    /// 人工佐证：读取文本中的转载链接，核验并归属到推送的目标账号（默认预览，--yes 确认）
    Confirm(confirm::ConfirmArgs),
    /// 查看一次推送的覆盖率（按梯队）
    Coverage(checks::CoverageArgs),
    /// 判断一个页面或网址是否转载了某条辟谣信息，并说明理由
    Match(checks::MatchArgs),
    /// 数据备份：立即备份、检查备份、从备份恢复、每日自动备份
    #[command(subcommand)]
    Backup(backups::BackupCommand),
    /// 工作台：进行中的推送、超时的案件与梯队、今天和本周的工作量
    Dashboard(stats::DashboardArgs),
    /// 统计：某一时段的案件、辟谣、推送、覆盖率、时效与单位排行（默认今年）
    Stats(stats::StatsArgs),
    /// 统计报告：把某一时段的统计写成 .xlsx 或 .csv（默认今年）
    Report(stats::ReportArgs),
    /// 演示：载入虚构的云川区演示数据（仅限空数据库），--serve 在本机提供演示网络，--leave 清空退出
    Demo(demo::DemoArgs),
}

#[derive(Subcommand)]
pub(crate) enum AccountsCommand {
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
    /// 测试读取：逐个读取启用的账号（或 --id 指定的账号），记录能否自动核查（可核查）
    Probe {
        /// 只测试这些账号（可重复）
        #[arg(long = "id", value_name = "ID")]
        ids: Vec<i64>,
        /// 每个账号输出一行 JSON（读到的前几条、原因）
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        fetch: checks::FetchArgs,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误：{}（{}）", e.message, e.code);
            if e.code == "db_corrupt" {
                eprintln!("可用 piyao backup list 查看备份，再用 piyao backup restore 备份文件 --yes 恢复（损坏的文件会被保留）。");
            }
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), ApiError> {
    let path = cli.db.unwrap_or_else(piyao_core::store::default_db_path);
    // Backups first: they must work when the database itself cannot be opened.
    let cmd = match cli.command {
        Command::Backup(cmd) => return backups::run(&path, cmd),
        cmd => cmd,
    };
    let db = Db::open(&path)?;
    match cmd {
        Command::Accounts(cmd) => accounts::run(&db, cmd),
        Command::Case(cmd) => cases::run(&db, cmd),
        Command::Rumor(cmd) => checks::rumor(&db, cmd),
        Command::Rebuttal(cmd) => checks::rebuttal(&db, cmd),
        Command::Push(cmd) => pushes::push(db, cmd),
        Command::Watch(args) => pushes::watch(db, args),
        Command::Check(args) => checks::check(&db, args),
        Command::Confirm(args) => confirm::confirm(db, args),
        Command::Coverage(args) => checks::coverage(&db, args),
        Command::Match(args) => checks::matching(&db, args),
        Command::Backup(_) => unreachable!("handled above"),
        Command::Dashboard(args) => stats::dashboard(&db, args),
        Command::Stats(args) => stats::stats(&db, args),
        Command::Report(args) => stats::report(&db, args),
        Command::Demo(args) => demo::demo(db, args),
    }
}
