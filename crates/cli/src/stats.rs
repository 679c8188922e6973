//! `piyao dashboard`, `piyao stats`, `piyao report`: the figures of the office's work.

use std::path::PathBuf;

use clap::Args;
use piyao_core::model::Period;
use piyao_core::report::build;
use piyao_core::rules::push::{local_label, now_utc};
use piyao_core::rules::stats::{duration_label, percent, LOCAL};
use piyao_core::{ApiError, Db};

/// A period of local days; both default to the current calendar year.
#[derive(Args)]
pub(crate) struct PeriodArgs {
    /// 起始日期（含），如 2026-01-01；默认为今年 1 月 1 日
    #[arg(long, value_name = "YYYY-MM-DD")]
    from: Option<String>,
    /// 截止日期（含），如 2026-12-31；默认为今年 12 月 31 日
    #[arg(long, value_name = "YYYY-MM-DD")]
    to: Option<String>,
}

impl PeriodArgs {
    fn period(&self) -> Period {
        let year = now_utc().to_offset(LOCAL).year();
        Period {
            from: self.from.clone().unwrap_or_else(|| format!("{year}-01-01")),
            to: self.to.clone().unwrap_or_else(|| format!("{year}-12-31")),
        }
    }
}

#[derive(Args)]
pub(crate) struct DashboardArgs {
    /// 以 JSON 输出（一个对象）
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub(crate) struct StatsArgs {
    #[command(flatten)]
    period: PeriodArgs,
    /// 以 JSON 输出（一个对象；每个数字都带有可下钻的 drill）
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub(crate) struct ReportArgs {
    #[command(flatten)]
    period: PeriodArgs,
    /// 输出文件：.xlsx（概况、案件、单位三个工作表）或 .csv（分节的一个文件）
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

pub(crate) fn dashboard(db: &Db, args: DashboardArgs) -> Result<(), ApiError> {
    let d = db.dashboard(now_utc())?;
    if args.json {
        println!("{}", serde_json::to_string(&d).expect("plain data"));
        return Ok(());
    }
    println!("进行中的推送：{} 个", d.active_pushes.len());
    for p in &d.active_pushes {
        let tiers: Vec<String> = p
            .coverage
            .tiers
            .iter()
            .filter_map(|t| {
                t.tier.map(|tier| {
                    format!(
                        "{} {}/{}（{}）",
                        tier.label(),
                        t.reposted,
                        t.targeted,
                        percent(t.ratio)
                    )
                })
            })
            .collect();
        println!("  #{} {}：{}", p.push.id, p.case_title, tiers.join("，"));
    }
    println!("辟谣超时的案件：{} 个", d.overdue_count.value);
    for c in &d.overdue_cases {
        println!(
            "  #{} {}（时限 {}）",
            c.id,
            c.title,
            c.rebuttal_due_at.clone().unwrap_or_default()
        );
    }
    println!("超过截止时间仍有未转载的梯队：{} 个", d.overdue_tiers.len());
    for t in &d.overdue_tiers {
        println!(
            "  推送 #{} {} {}：截止 {}，{} 个账号未转载",
            t.push_id,
            t.case_title,
            t.tier.label(),
            local_label(&t.due_at),
            t.stragglers.value
        );
    }
    for (name, w) in [("今天", &d.today), ("本周", &d.week)] {
        println!(
            "{name}（{} 起）：登记案件 {}，发布辟谣 {}，发起推送 {}，确认转载 {}，催办 {}",
            w.period.from,
            w.cases_recorded.value,
            w.rebuttals_published.value,
            w.pushes_launched.value,
            w.reposts_confirmed.value,
            w.reminders_sent.value
        );
    }
    Ok(())
}

pub(crate) fn stats(db: &Db, args: StatsArgs) -> Result<(), ApiError> {
    let now = now_utc();
    let s = db.statistics(&args.period.period(), now)?;
    if args.json {
        println!("{}", serde_json::to_string(&s).expect("plain data"));
        return Ok(());
    }
    let report = build(&s, &[], now);
    println!("{}", report.title);
    for line in &report.sentences {
        println!("{line}");
    }
    for table in &report.tables {
        println!("\n{}", table.title);
        println!("{}", table.headers.join("\t"));
        for row in &table.rows {
            let cells: Vec<String> = row.iter().map(cell_text).collect();
            println!("{}", cells.join("\t"));
        }
    }
    println!("\n各单位（按转载用时中位数）");
    for (i, u) in s.units.iter().enumerate() {
        println!(
            "{}. {}\t推送目标 {}\t已转载 {}（{}）\t未按时 {}\t中位数 {}",
            i + 1,
            u.label,
            u.targeted.value,
            u.reposted.value,
            percent(u.ratio),
            u.missed.value,
            u.median_seconds
                .map(duration_label)
                .unwrap_or_else(|| "—".into())
        );
    }
    Ok(())
}

fn cell_text(c: &piyao_core::report::Cell) -> String {
    match c {
        piyao_core::report::Cell::Text(t) => t.clone(),
        piyao_core::report::Cell::Int(n) => n.to_string(),
        piyao_core::report::Cell::Ratio(r) => percent(*r),
    }
}

pub(crate) fn report(db: &Db, args: ReportArgs) -> Result<(), ApiError> {
    let period = args.period.period();
    let rows = db.export_report(&period, &args.out, now_utc())?;
    println!(
        "已写入 {}（{} 至 {}，{rows} 行）",
        args.out.display(),
        period.from,
        period.to
    );
    Ok(())
}
