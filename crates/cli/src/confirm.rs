//! `piyao confirm`: evidence from people for a push. The links in a text (messages copied
//! from the work group, a list of links, a chat export) are read, verified against the push's
//! rebuttal and attributed to its targets, over the same code as the board's 粘贴转载证据.
//! Or screenshots are recognised (Tesseract), judged and attributed by the names they show.
//! A preview by default; `--yes` confirms the accepted ones (screenshots are then kept in the
//! database as evidence).

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use clap::Args;
use piyao_check::fetch::Fetcher;
use piyao_core::model::{PasteOutcome, PastePick};
use piyao_core::{ApiError, Db};
use piyao_monitor::{ImageFile, Monitor};
use piyao_notify::{Notifier, NotifyConfig};

use crate::checks::{print_json, runtime, FetchArgs};

#[derive(Args)]
pub(crate) struct ConfirmArgs {
    /// 推送编号
    #[arg(long)]
    push: i64,
    /// 含转载链接的文件（从工作群复制的消息、链接清单或聊天记录导出：.txt、.csv 或 .xlsx）
    #[arg(long, conflicts_with = "image", required_unless_present = "image")]
    text: Option<PathBuf>,
    /// 转发截图（PNG、JPEG 或 WebP，可多个）：识别文字后与辟谣信息核对
    #[arg(long, num_args = 1..)]
    image: Vec<PathBuf>,
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
    let Some(path) = &args.text else {
        return confirm_images(db, &args);
    };
    let text = piyao_core::ledger::text_of(path, piyao_monitor::PASTE_MAX_BYTES as u64)?;
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
            show(
                args.json,
                link,
                link.accepted,
                &link.url,
                link.account.as_deref(),
                &link.note,
            );
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
        said(&monitor.confirm_paste(args.push, &picks, "命令行").await?);
        Ok::<(), ApiError>(())
    })
}

/// `--image`: each screenshot recognised, judged and attributed; `--yes` keeps and confirms
/// the accepted ones. A file that cannot be read is 无法读取 with why; the others go on.
fn confirm_images(db: Db, args: &ConfirmArgs) -> Result<(), ApiError> {
    let files: Vec<ImageFile> = args.image.iter().map(|p| ImageFile::read(p)).collect();
    let monitor = Monitor::new(
        Arc::new(db),
        Arc::new(Fetcher::new(args.fetch.config()?)),
        Arc::new(Notifier::new(NotifyConfig::default())),
    );
    runtime().block_on(async {
        let preview = monitor
            .preview_images(args.push, &files, |done, total| {
                eprint!("\r已识别 {done}/{total} 张截图");
                let _ = std::io::stderr().flush();
            })
            .await?;
        eprintln!();
        for image in &preview.images {
            show(
                args.json,
                image,
                image.accepted,
                &image.file,
                image.account.as_deref(),
                &image.note,
            );
        }
        let picks: Vec<(ImageFile, i64)> = preview
            .images
            .iter()
            .zip(&files)
            .filter(|(i, _)| i.accepted)
            .filter_map(|(i, f)| Some((f.clone(), i.attribution.account_id?)))
            .collect();
        if !args.yes {
            eprintln!(
                "共 {} 张截图，{} 张可确认。加 --yes 确认这些截图。",
                preview.images.len(),
                picks.len()
            );
            return Ok(());
        }
        said(&monitor.confirm_images(args.push, &picks, "命令行").await?);
        Ok::<(), ApiError>(())
    })
}

/// One line per link or screenshot: its JSON, or ✓/✗ with the account and why.
fn show<T: serde::Serialize>(
    json: bool,
    item: &T,
    accepted: bool,
    what: &str,
    account: Option<&str>,
    note: &str,
) {
    if json {
        print_json(item);
    } else {
        println!(
            "{} {what}  {}  {note}",
            if accepted { "✓" } else { "✗" },
            account.unwrap_or("（未归属）")
        );
    }
}

/// What 确认 did, on stderr: each refusal with why, then the accounts confirmed.
fn said(outcome: &PasteOutcome) {
    for refused in &outcome.refused {
        eprintln!("未确认 {}：{}", refused.url, refused.why);
    }
    let names = if outcome.confirmed.is_empty() {
        String::new()
    } else {
        format!("：{}", outcome.confirmed.join("、"))
    };
    eprintln!("已确认 {} 个账号{names}", outcome.confirmed.len());
}
