//! `piyao rumor|rebuttal|push|check|coverage|match`: the repost checker from the command line.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use piyao_check::extract::PageState;

use clap::{Args, Subcommand};
use piyao_check::fetch::{FetchConfig, Fetcher};
use piyao_check::sweep::{sweep, Checker};
use piyao_core::model::{Coverage, RebuttalInput, Tier, TierCoverage, Verdict};
use piyao_core::store::CheckRecord;
use piyao_core::{ApiError, Db};
use serde::Serialize;

pub(crate) fn invalid(message: String) -> ApiError {
    ApiError {
        code: "invalid".into(),
        message,
    }
}

pub(crate) fn print_json<T: Serialize>(v: &T) {
    println!(
        "{}",
        serde_json::to_string(v).expect("plain data serialises")
    );
}

#[derive(Subcommand)]
pub(crate) enum RumorCommand {
    /// 登记一条谣言，输出其编号
    Add {
        /// 谣言标题（概括）
        #[arg(long)]
        title: String,
        /// 谣言原文
        #[arg(long, default_value = "")]
        text: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub(crate) enum RebuttalCommand {
    /// 登记已发布的辟谣信息，输出其编号
    Add {
        /// 所辟谣言的编号
        #[arg(long)]
        rumor: i64,
        #[arg(long)]
        title: String,
        /// 辟谣正文
        #[arg(long, default_value = "", conflicts_with = "text_file")]
        text: String,
        /// 从文件读取辟谣正文（UTF-8）
        #[arg(long, value_name = "FILE")]
        text_file: Option<PathBuf>,
        /// 辟谣信息的发布网址
        #[arg(long)]
        url: Option<String>,
        /// 发布账号
        #[arg(long)]
        publisher: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

/// How the checker fetches: polite defaults, or a JSON file of `FetchConfig` fields.
#[derive(Args)]
pub(crate) struct FetchArgs {
    /// 抓取设置（JSON，字段见 README）：并发数、每站点间隔、超时、重试等；默认读 $PIYAO_FETCH_CONFIG
    #[arg(long, value_name = "FILE")]
    fetch_config: Option<PathBuf>,
}

impl FetchArgs {
    pub(crate) fn config(&self) -> Result<FetchConfig, ApiError> {
        FetchConfig::load(self.fetch_config.as_deref()).map_err(invalid)
    }
}

#[derive(Args)]
pub(crate) struct CheckArgs {
    #[arg(long)]
    push: i64,
    /// 每个账号输出一行 JSON
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    fetch: FetchArgs,
}

#[derive(Args)]
pub(crate) struct CoverageArgs {
    #[arg(long)]
    push: i64,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub(crate) struct MatchArgs {
    /// 辟谣信息编号
    #[arg(long)]
    rebuttal: i64,
    /// 要判断的网址（抓取后判断）
    #[arg(long, conflicts_with = "file", required_unless_present = "file")]
    url: Option<String>,
    /// 要判断的本地页面文件（HTML、RSS、JSON）
    #[arg(long)]
    file: Option<PathBuf>,
    /// 本地文件的原始网址，用于解析相对链接
    #[arg(long, requires = "file", default_value = "http://localhost/")]
    base_url: String,
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    fetch: FetchArgs,
}

pub(crate) fn rumor(db: &Db, cmd: RumorCommand) -> Result<(), ApiError> {
    let RumorCommand::Add { title, text, json } = cmd;
    let r = db.create_rumor(&title, &text)?;
    if json {
        print_json(&r);
    } else {
        println!("已登记谣言 #{}：{}", r.id, r.title);
    }
    Ok(())
}

pub(crate) fn rebuttal(db: &Db, cmd: RebuttalCommand) -> Result<(), ApiError> {
    let RebuttalCommand::Add {
        rumor,
        title,
        text,
        text_file,
        url,
        publisher,
        json,
    } = cmd;
    let content = match text_file {
        Some(p) => std::fs::read_to_string(&p)
            .map_err(|e| invalid(format!("无法读取 {}：{e}", p.display())))?,
        None => text,
    };
    let r = db.create_rebuttal(&RebuttalInput {
        rumor_id: rumor,
        title,
        content,
        url,
        publisher,
        published_at: None,
    })?;
    if json {
        print_json(&r);
    } else {
        println!("已登记辟谣信息 #{}：{}", r.id, r.title);
    }
    Ok(())
}

pub(crate) fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
}

/// Records are written in batches so that a sweep of thousands of accounts does not hold
/// the database lock per account, and nothing decided is lost when the sweep is stopped.
const BATCH: usize = 50;

pub(crate) fn check(db: &Db, args: CheckArgs) -> Result<(), ApiError> {
    let push = db.get_push(args.push)?;
    let reference = piyao_monitor::reference(db, push.rebuttal_id)?;
    let tasks = db.pending_checks(push.id)?;
    let total = tasks.len();
    let names: std::collections::HashMap<i64, String> = tasks
        .iter()
        .map(|t| (t.account_id, t.account.clone()))
        .collect();
    let fetcher = Fetcher::new(args.fetch.config()?);
    piyao_check::office::prepare(&fetcher, db)?;
    let fetcher = Arc::new(fetcher);
    let checker = Arc::new(Checker::new(fetcher.clone(), &reference));
    let started = std::time::Instant::now();
    let mut batch: Vec<CheckRecord> = Vec::with_capacity(BATCH);
    let mut done = 0usize;
    let mut store_error: Option<ApiError> = None;
    let mut flush = |batch: &mut Vec<CheckRecord>| {
        if let Err(e) = db.record_checks(batch) {
            store_error.get_or_insert(e.into());
        }
        batch.clear();
    };
    runtime().block_on(sweep(checker.clone(), tasks, |rec| {
        done += 1;
        let name = names.get(&rec.account_id).cloned().unwrap_or_default();
        eprint!(
            "\r已核查 {done}/{total}  {}：{}          ",
            name,
            rec.verdict.label()
        );
        let _ = std::io::stderr().flush();
        if args.json {
            print_json(&serde_json::json!({
                "push_id": rec.push_id, "account_id": rec.account_id, "account": name,
                "verdict": rec.verdict, "evidence": rec.evidence,
            }));
        }
        batch.push(rec);
        if batch.len() >= BATCH {
            flush(&mut batch);
        }
    }));
    flush(&mut batch);
    let stats = checker.stats.snapshot();
    eprintln!(
        "\r本轮核查 {total} 个账号，用时 {:.1} 秒，抓取 {} 个页面（{:.1} MB），跟进文章页 {} 个，未变化 {} 个",
        started.elapsed().as_secs_f64(),
        stats.pages,
        stats.bytes as f64 / 1e6,
        stats.followed,
        stats.unchanged
    );
    if let Some(e) = store_error {
        return Err(e);
    }
    if !args.json {
        print_coverage(&db.coverage(push.id)?);
    }
    Ok(())
}

fn coverage_line(c: &TierCoverage) -> String {
    let label = c.tier.map(Tier::label).unwrap_or("合计");
    format!(
        "{label}\t{}/{}\t{:.0}%\t未转载 {}（转发谣言 {}、未发现 {}、已删除 {}、需人工 {}、待核查 {}）\t未能核查 {}（被拦截 {}、无法读取 {}、无法访问 {}）",
        c.reposted, c.targeted, c.ratio * 100.0, c.stragglers, c.rumor_reposted, c.not_found,
        c.deleted, c.unchecked, c.pending, c.unverified, c.blocked, c.unreadable, c.unreachable
    )
}

pub(crate) fn print_coverage(c: &Coverage) {
    println!("推送 #{} 覆盖率（已转载/目标）", c.push_id);
    for t in &c.tiers {
        println!("{}", coverage_line(t));
    }
    println!("{}", coverage_line(&c.total));
}

pub(crate) fn coverage(db: &Db, args: CoverageArgs) -> Result<(), ApiError> {
    let c = db.coverage(args.push)?;
    if args.json {
        print_json(&c);
    } else {
        print_coverage(&c);
        for r in db
            .push_results(args.push)?
            .iter()
            .filter(|r| r.verdict != Some(Verdict::Reposted))
        {
            let status = r.verdict.map(Verdict::label).unwrap_or("待核查");
            let why = r
                .evidence
                .as_ref()
                .map(|e| e.explanation.as_str())
                .unwrap_or("");
            println!("  {}\t{}\t{}\t{}", r.tier.label(), r.account, status, why);
        }
    }
    Ok(())
}

pub(crate) fn matching(db: &Db, args: MatchArgs) -> Result<(), ApiError> {
    let reference = piyao_monitor::reference(db, args.rebuttal)?;
    let checker = Checker::new(Arc::new(Fetcher::new(args.fetch.config()?)), &reference);
    let (decision, report) = match (&args.url, &args.file) {
        (Some(url), _) => runtime().block_on(checker.inspect(url)),
        (None, Some(path)) => {
            let body = std::fs::read(path)
                .map_err(|e| invalid(format!("无法读取 {}：{e}", path.display())))?;
            let base = url::Url::parse(&args.base_url)
                .map_err(|e| invalid(format!("--base-url 无效：{e}")))?;
            let fetched = piyao_check::fetch::Fetched {
                status: 200,
                final_url: base.clone(),
                content_type: None,
                hash: String::new(),
                cut: None,
                validators: Default::default(),
                attempts: 0,
                transfer: Default::default(),
                body: body.clone(),
            };
            let d = runtime().block_on(checker.decide_fetched(base.as_str(), &fetched));
            (d, Some(checker.report(&body, None, &base)))
        }
        (None, None) => return Err(invalid("请用 --url 或 --file 指定要判断的页面".into())),
    };
    if args.json {
        print_json(&serde_json::json!({
            "verdict": decision.verdict,
            "evidence": decision.evidence,
            "page": report.as_ref().map(|r| serde_json::json!({ "kind": r.kind, "state": r.state })),
            "items": report.as_ref().map(|r| &r.items),
        }));
        return Ok(());
    }
    println!(
        "结论：{}（{}）",
        decision.verdict.label(),
        decision.verdict.code()
    );
    println!("理由：{}", decision.evidence.explanation);
    if let Some(t) = &decision.evidence.item_title {
        println!("依据条目：{t}");
    }
    if let Some(u) = &decision.evidence.item_url {
        println!("条目链接：{u}");
    }
    let Some(report) = report else {
        return Ok(());
    };
    println!(
        "读到的内容：{}，共 {} 条{}",
        page_kind_label(report.kind),
        report.items.len(),
        match &report.state {
            PageState::Normal => String::new(),
            PageState::Blocked { reason } => format!("（页面被拦截：{reason}）"),
            PageState::Deleted { reason } => format!("（内容已删除：{reason}）"),
            PageState::Unreadable { reason } => format!("（无法读取：{reason}）"),
        }
    );
    for (k, (item, m)) in report.items.iter().take(50).enumerate() {
        println!(
            "{:>3}. [{}] {}",
            k + 1,
            outcome_label(m.kind),
            item.title.chars().take(60).collect::<String>()
        );
        let date = item.date.as_deref().unwrap_or("无日期");
        let link = item.link.as_deref().unwrap_or("无链接");
        println!("     {date}  {link}");
        println!("     {}", m.explanation);
    }
    if report.items.len() > 50 {
        println!(
            "  …… 另有 {} 条未列出（--json 可看全部）",
            report.items.len() - 50
        );
    }
    Ok(())
}

fn page_kind_label(kind: piyao_check::extract::PageKind) -> &'static str {
    use piyao_check::extract::PageKind::*;
    match kind {
        Feed => "订阅源（RSS/Atom）",
        WeiboJson => "微博接口数据",
        Json => "JSON 数据",
        HtmlList => "网页列表",
        Article => "文章页",
        ScriptList => "页面脚本中的列表",
    }
}

fn outcome_label(kind: piyao_check::matcher::MatchKind) -> &'static str {
    use piyao_check::matcher::MatchKind::*;
    match kind {
        Repost => "转载本条辟谣",
        RumorRepost => "转发谣言",
        OtherRebuttal => "相关但不是本条",
        Unrelated => "无关",
    }
}
