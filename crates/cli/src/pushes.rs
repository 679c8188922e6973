//! `piyao push start` and `piyao watch`: launching pushes and monitoring them headless.

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, Subcommand};
use piyao_check::fetch::Fetcher;
use piyao_core::model::{BotDelivery, Platform, PushLaunch, SweepProgress, TargetFilter};
use piyao_core::rules::push::now_utc;
use piyao_core::{ApiError, Db};
use piyao_monitor::{Monitor, SweepOutcome};
use piyao_notify::{Notifier, NotifyConfig};

use piyao_core::model::Tier;

use crate::checks::{invalid, print_coverage, print_json, runtime, FetchArgs};

#[derive(Subcommand)]
pub(crate) enum PushCommand {
    /// 发起推送：目标为符合条件的全部启用账号
    ///
    /// 用 --case 从案件发起（截止时间按案件等级、通知按模板生成，案件转为“推送中”）；
    /// 或用 --rebuttal 直接推送一条辟谣信息（不设截止时间）。
    Start(StartArgs),
    /// 导出一次推送的证据包（.zip）：汇总表（每个目标账号的梯队、单位、核查结果、时间、确认方式）和每个账号的证据
    Evidence {
        /// 推送编号
        #[arg(long)]
        push: i64,
        /// 证据包文件（.zip）
        #[arg(long)]
        out: std::path::PathBuf,
    },
}

/// What `push start` is given.
#[derive(Args)]
pub(crate) struct StartArgs {
    /// 从案件发起：案件编号（须已发布辟谣信息）
    #[arg(
        long,
        conflicts_with = "rebuttal",
        required_unless_present = "rebuttal"
    )]
    case: Option<i64>,
    /// 直接推送的辟谣信息编号
    #[arg(long)]
    rebuttal: Option<i64>,
    /// 目标梯队，逗号分隔：主力军/生力军/同盟军 或 main,auxiliary,allied
    #[arg(long, default_value = "main,auxiliary,allied")]
    tiers: String,
    /// 只推送这些责任单位的账号，逗号分隔
    #[arg(long)]
    units: Option<String>,
    /// 只推送这些镇街的账号，逗号分隔
    #[arg(long)]
    territories: Option<String>,
    /// 只推送这些平台的账号，逗号分隔：微信公众号/微博/头条号/抖音/网站/群聊/其他 或 wechat,weibo…
    #[arg(long)]
    platforms: Option<String>,
    /// 推送通知发到这些群机器人（编号或名称，逗号分隔）；默认发到群里有目标账号的全部启用机器人
    #[arg(long, conflicts_with = "no_notice")]
    bots: Option<String>,
    /// 不发推送通知
    #[arg(long)]
    no_notice: bool,
    #[command(flatten)]
    fetch: FetchArgs,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub(crate) struct WatchArgs {
    /// 只检查一轮到期的推送后退出（供定时任务使用）
    #[arg(long)]
    once: bool,
    /// 多久查看一次有无到期的推送（秒）；复查间隔本身在推送设置中
    #[arg(long, default_value_t = 30, value_name = "SECONDS")]
    every: u64,
    /// 每个事件和每轮结果输出一行 JSON
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    fetch: FetchArgs,
}

fn parse_tiers(text: &str) -> Result<Vec<Tier>, ApiError> {
    let mut tiers = Vec::new();
    for part in text
        .split([',', '，', '、'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let tier = Tier::parse(part).ok_or_else(|| {
            invalid(format!(
                "无法识别的梯队「{part}」（可填：主力军、生力军、同盟军）"
            ))
        })?;
        if !tiers.contains(&tier) {
            tiers.push(tier);
        }
    }
    tiers.sort();
    Ok(tiers)
}

fn list(text: &Option<String>) -> Vec<String> {
    text.as_deref()
        .unwrap_or("")
        .split([',', '，', '、'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(String::from)
        .collect()
}

pub(crate) fn push(db: Db, cmd: PushCommand) -> Result<(), ApiError> {
    let args = match cmd {
        PushCommand::Evidence { push, out } => {
            let n = db.export_evidence(push, &out, now_utc())?;
            eprintln!(
                "已导出推送 #{push} 的证据包（{n} 个目标账号）：{}",
                out.display()
            );
            return Ok(());
        }
        PushCommand::Start(args) => args,
    };
    let StartArgs {
        case,
        rebuttal,
        tiers,
        units,
        territories,
        platforms,
        bots,
        no_notice,
        fetch,
        json,
    } = args;
    let platforms = list(&platforms)
        .iter()
        .map(|p| Platform::parse(p).ok_or_else(|| invalid(format!("无法识别的平台「{p}」"))))
        .collect::<Result<Vec<_>, _>>()?;
    let filter = TargetFilter {
        tiers: parse_tiers(&tiers)?,
        units: list(&units),
        territories: list(&territories),
        platforms,
        exclude: vec![],
    };
    let (p, deliveries) = match (case, rebuttal) {
        (Some(case_id), _) => {
            let now = now_utc();
            let draft = db.push_draft(case_id, now)?;
            let deadlines: Vec<_> = draft
                .deadlines
                .into_iter()
                .filter(|d| filter.tiers.contains(&d.tier))
                .collect();
            let notice = db.render_notice(case_id, &deadlines, &draft.template)?;
            let bot_ids = if no_notice {
                vec![]
            } else {
                notice_bots(&db, bots.as_deref(), &filter)?
            };
            let launch = PushLaunch {
                case_id,
                filter,
                deadlines,
                notice,
                bot_ids,
            };
            let monitor = Monitor::new(
                Arc::new(db),
                Arc::new(Fetcher::new(fetch.config()?)),
                Arc::new(Notifier::new(NotifyConfig::default())),
            );
            runtime().block_on(monitor.launch(&launch, "命令行"))?
        }
        (None, Some(rebuttal)) => (db.start_push_with(rebuttal, &filter)?, vec![]),
        (None, None) => return Err(invalid("请用 --case 或 --rebuttal 指定要推送的内容".into())),
    };
    for d in &deliveries {
        eprintln!("{}", delivery_line(d));
    }
    if json {
        print_json(&p);
    } else {
        let names: Vec<&str> = p.tiers.iter().map(|t| t.label()).collect();
        println!(
            "已发起推送 #{}：{}，共 {} 个目标账号",
            p.id,
            names.join("、"),
            p.targets
        );
        if !p.deadlines.is_empty() {
            println!(
                "截止时间：{}",
                piyao_core::rules::push::deadlines_line(&p.deadlines)
            );
        }
    }
    Ok(())
}

/// The bots the notice goes to: those named (ID or name), else every enabled bot whose
/// group holds one of the push's accounts.
fn notice_bots(db: &Db, named: Option<&str>, filter: &TargetFilter) -> Result<Vec<i64>, ApiError> {
    let all = db.list_bots()?;
    if let Some(named) = named {
        return list(&Some(named.to_string()))
            .iter()
            .map(|n| {
                all.iter()
                    .find(|b| b.name == *n || b.id.to_string() == *n)
                    .map(|b| b.id)
                    .ok_or_else(|| invalid(format!("找不到群机器人「{n}」")))
            })
            .collect();
    }
    Ok(db.bots_for_filter(filter)?.iter().map(|b| b.id).collect())
}

/// One line per notice sent: which group, and whether it arrived.
fn delivery_line(d: &BotDelivery) -> String {
    match (&d.outcome.ok, &d.outcome.error) {
        (true, _) => format!("推送通知已发到「{}」", d.bot_name),
        (false, e) => format!(
            "推送通知未能发到「{}」：{}",
            d.bot_name,
            e.as_deref().unwrap_or("发送失败")
        ),
    }
}

fn report(outcome: &piyao_core::Result<SweepOutcome>, json: bool) {
    match outcome {
        Ok(o) if json => {
            for e in &o.events {
                print_json(&serde_json::json!({ "event": e }));
            }
            print_json(&serde_json::json!({
                "push_id": o.push_id, "checked": o.checked, "coverage": o.coverage,
                "stopped": o.stopped, "reminder": o.reminder,
            }));
        }
        Ok(o) => {
            eprintln!();
            println!("推送 #{}：本轮核查 {} 个账号", o.push_id, o.checked);
            print_coverage(&o.coverage);
            for e in &o.events {
                println!("【{}】{}", e.title, e.body);
            }
            if let Some(r) = &o.reminder {
                println!(
                    "已自动催办：{} 个账号未转发，发送 {} 个群",
                    r.stragglers,
                    r.deliveries.len()
                );
            }
            if let Some(reason) = &o.stopped {
                println!("推送 #{} 停止监测：{reason}", o.push_id);
            }
        }
        Err(e) => eprintln!("错误：{e}（{}）", e.code()),
    }
    let _ = std::io::stdout().flush();
}

/// Monitors every active push on schedule until Ctrl-C (or one round with `--once`).
pub(crate) fn watch(db: Db, args: WatchArgs) -> Result<(), ApiError> {
    let config = args.fetch.config()?;
    let json = args.json;
    let progress = |p: SweepProgress| {
        if !p.finished {
            eprint!(
                "\r推送 #{} 已核查 {}/{}        ",
                p.push_id, p.done, p.total
            );
            let _ = std::io::stderr().flush();
        }
    };
    runtime().block_on(async move {
        let monitor = Monitor::new(
            Arc::new(db),
            Arc::new(Fetcher::new(config)),
            Arc::new(Notifier::new(NotifyConfig::default())),
        );
        if args.once {
            for o in monitor.tick(&progress).await {
                report(&o, json);
            }
            return;
        }
        eprintln!(
            "正在监测进行中的推送（每 {} 秒检查一次有无到期的推送，Ctrl-C 退出）",
            args.every
        );
        let stop = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        monitor
            .run(
                Duration::from_secs(args.every.max(1)),
                &progress,
                &|o| report(o, json),
                stop,
            )
            .await;
        eprintln!("已停止监测");
    });
    Ok(())
}
