//! `piyao case …`: rumor cases from the command line.

use clap::Subcommand;
use piyao_core::model::{Case, CaseFilter};
use piyao_core::{ApiError, Db};

#[derive(Subcommand)]
pub(crate) enum CaseCommand {
    /// 显示一个案件（含时间线；举报人联系方式已脱敏）
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// 全文检索案件：任意片段，一个字也可以（标题、内容、辟谣信息、归档摘要）
    Search {
        text: String,
        #[arg(long)]
        json: bool,
    },
}

fn print_case(c: &Case) {
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    println!("#{} {}", c.id, c.title);
    println!(
        "状态：{}　等级：{}　来源：{}",
        c.status.label(),
        c.level.map(|l| l.label()).unwrap_or("-"),
        c.source.label()
    );
    println!(
        "首次发现：{}　辟谣时限：{}{}",
        opt(&c.first_seen_at),
        opt(&c.rebuttal_due_at),
        if c.overdue { "（已超时）" } else { "" }
    );
    println!(
        "辟谣主体：{}　协办：{}",
        opt(&c.lead_unit),
        if c.co_units.is_empty() {
            "-".into()
        } else {
            c.co_units.join("、")
        }
    );
    if let Some(r) = &c.rebuttal {
        println!(
            "辟谣信息：{}　{}",
            r.title,
            r.url.clone().unwrap_or_default()
        );
    }
    println!("内容：{}", c.content);
    println!("时间线：");
    for t in &c.timeline {
        println!("  {}　{}　{}", t.at, t.actor, t.detail);
    }
}

pub(crate) fn run(db: &Db, cmd: CaseCommand) -> Result<(), ApiError> {
    match cmd {
        CaseCommand::Show { id, json } => {
            let c = db.get_case(id)?;
            if json {
                println!("{}", serde_json::to_string(&c).expect("case serialises"));
            } else {
                print_case(&c);
            }
        }
        CaseCommand::Search { text, json } => {
            let found = db.list_cases(&CaseFilter {
                query: Some(text),
                ..Default::default()
            })?;
            for c in &found {
                if json {
                    println!("{}", serde_json::to_string(c).expect("case serialises"));
                } else {
                    println!(
                        "#{}\t{}\t{}\t{}",
                        c.id,
                        c.status.label(),
                        c.created_at,
                        c.title
                    );
                }
            }
            if !json {
                eprintln!("共找到 {} 个案件", found.len());
            }
        }
    }
    Ok(())
}
