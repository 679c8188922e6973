//! `piyao confirm`: evidence from people for a push. The links in a text (messages copied
//! from the work group, a list of links, a chat export) are read, verified against the push's
//! rebuttal and attributed to its targets, over the same code as the board's 粘贴转载证据.
//! A preview by default; `--yes` confirms the accepted links.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use clap::Args;
use piyao_check::fetch::Fetcher;
use piyao_core::model::PastePick;
use piyao_core::{ApiError, Db, Error};
use piyao_monitor::Monitor;
use piyao_notify::{Notifier, NotifyConfig};

use crate::checks::{print_json, runtime, FetchArgs};

#[derive(Args)]
pub(crate) struct ConfirmArgs {
    /// 推送编号
    #[arg(long)]
    push: i64,
    /// 含转载链接的文本文件（从工作群复制的消息、链接清单或聊天记录导出，UTF-8）
    #[arg(long)]
    text: PathBuf,
    /// 确认核验通过且已归属账号的链接（不加时只预览）
    #[arg(long)]
    yes: bool,
    /// 每个链接输出一行 JSON
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    fetch: FetchArgs,
}

pub(crate) fn confirm(db: Db, args: ConfirmArgs) -> Result<(), ApiError> {
    let bytes = std::fs::read(&args.text)
        .map_err(|e| Error::Invalid(format!("无法读取文件 {}：{e}", args.text.display())))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Error::Invalid(format!(
            "{} 不是 UTF-8 编码的文本文件，请另存为 UTF-8 后再试",
            args.text.display()
        ))
    })?;
    let fetcher = Fetcher::new(args.fetch.config()?);
    piyao_check::office::prepare(&fetcher, &db)?;
    let monitor = Monitor::new(
        Arc::new(db),
        Arc::new(fetcher),
        Arc::new(Notifier::new(NotifyConfig::default())),
    );
    runtime().block_on(async {
        let preview = monitor
            .preview_paste(args.push, &text, |done, total| {
                eprint!("\r已读取 {done}/{total} 个链接");
                let _ = std::io::stderr().flush();
            })
            .await?;
        eprintln!();
        for link in &preview.links {
            if args.json {
                print_json(link);
            } else {
                println!(
                    "{} {}  {}  {}",
                    if link.accepted { "✓" } else { "✗" },
                    link.url,
                    link.account.as_deref().unwrap_or("（未归属）"),
                    link.note
                );
            }
        }
        if preview.left_out > 0 {
            eprintln!(
                "另有 {} 个链接超出单次上限，未读取；请分批提交",
                preview.left_out
            );
        }
        let picks: Vec<PastePick> = preview
            .links
            .iter()
            .filter(|l| l.accepted)
            .filter_map(|l| {
                Some(PastePick {
                    url: l.url.clone(),
                    account_id: l.attribution.account_id?,
                })
            })
            .collect();
        if !args.yes {
            eprintln!(
                "共 {} 个链接，{} 个可确认。加 --yes 确认这些链接。",
                preview.links.len(),
                picks.len()
            );
            return Ok(());
        }
        let outcome = monitor.confirm_paste(args.push, &picks, "命令行").await?;
        for refused in &outcome.refused {
            eprintln!("未确认 {}：{}", refused.url, refused.why);
        }
        eprintln!(
            "已确认 {} 个账号{}",
            outcome.confirmed.len(),
            if outcome.confirmed.is_empty() {
                String::new()
            } else {
                format!("：{}", outcome.confirmed.join("、"))
            }
        );
        Ok::<(), ApiError>(())
    })
}
