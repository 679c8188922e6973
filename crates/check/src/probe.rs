//! 测试读取: what the checker reads for one account right now, without a rebuttal to look for.
//! The first items with titles, dates and links, or why nothing can be read: no address,
//! people's evidence only, a bridge's or platform's refusal, a wall, a script shell.

use std::sync::Arc;

use piyao_core::model::{Checkable, ProbeItem, ProbeReport, Readability};
use piyao_core::rules::sources::{Identify, Reading};
use piyao_core::store::ProbeTarget;

use crate::decode::decode;
use crate::extract::{extract, Format, PageState};
use crate::fetch::{FetchOutcome, Fetcher, Validators};
use crate::sweep::now_rfc3339;

/// How many items a test shows.
pub const ITEMS_SHOWN: usize = 5;

fn clip(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.push('…');
    }
    out
}

fn found(checkable: Checkable, reason: impl Into<String>) -> Readability {
    Readability {
        checkable,
        reason: reason.into(),
        tested_at: now_rfc3339(),
    }
}

/// "2026-12-03T09:00:00+08:00" as "2026-12-03 09:00" (as the page gives it, to the minute);
/// other forms as they are, shortened.
fn readable_date(d: &str) -> String {
    let b = d.as_bytes();
    if b.len() >= 16 && b[10] == b'T' && b[13] == b':' {
        format!("{} {}", &d[..10], &d[11..16])
    } else {
        clip(d, 25)
    }
}

/// Tests one account: fetches what its source reads and says whether items can be read.
pub async fn probe(fetcher: &Fetcher, target: &ProbeTarget) -> ProbeReport {
    let report =
        |readability: Readability, read_url: Option<String>, items: Vec<ProbeItem>| ProbeReport {
            account_id: target.id,
            account: target.name.clone(),
            readability,
            read_url,
            items,
        };
    let url = match &target.reading {
        Err(why) => return report(found(Checkable::Failed, why.clone()), None, Vec::new()),
        Ok(None) => {
            return report(
                found(
                    Checkable::People,
                    "台账中没有监测地址，转载情况需人工确认。",
                ),
                None,
                Vec::new(),
            )
        }
        Ok(Some(Reading::People { why })) => match &target.identify {
            // a short article link: its page names the account, whose feed is then read
            Some(identify) => match identify_feed(fetcher, identify).await {
                Ok(feed) => feed,
                Err(why) => {
                    return report(
                        found(Checkable::Failed, why),
                        Some(identify.article.clone()),
                        Vec::new(),
                    )
                }
            },
            None => return report(found(Checkable::People, why.clone()), None, Vec::new()),
        },
        Ok(Some(Reading::Fetch { url })) => url.clone(),
    };
    let failed = |why: String| report(found(Checkable::Failed, why), Some(url.clone()), Vec::new());
    let page = match fetcher.fetch(&url, &Validators::default()).await {
        FetchOutcome::Page(p) => p,
        FetchOutcome::NotModified { .. } => {
            return failed("服务器返回“未修改”，没有读到内容。".into())
        }
        FetchOutcome::Failed { error, .. } => return failed(format!("{error}。")),
    };
    if let Some(why) = crate::bridge::bridge_error(page.status, &page.body) {
        return failed(why);
    }
    match page.status {
        200..=299 => {}
        401 | 403 | 412 | 432 => {
            return failed(format!(
                "平台拒绝了访问（HTTP {}），可能有反爬虫限制或需要登录。",
                page.status
            ))
        }
        404 | 410 => {
            return failed(format!(
                "页面不存在（HTTP {}），请核对台账中的监测地址。",
                page.status
            ))
        }
        s => return failed(format!("网站返回 HTTP {s}，无法读取。")),
    }
    let text = decode(&page.body, page.content_type.as_deref());
    let extracted = extract(
        &text,
        page.content_type.as_deref(),
        &page.final_url,
        &Format::Auto,
    );
    match extracted.state {
        PageState::Blocked { reason } => return failed(format!("页面被拦截：{reason}。")),
        PageState::Deleted { reason } => return failed(format!("页面不存在或已删除：{reason}。")),
        PageState::Unreadable { reason } => return failed(format!("读不到内容：{reason}。")),
        PageState::Normal => {}
    }
    let Some(first) = extracted.items.first() else {
        return failed("页面上没有读到任何条目。".into());
    };
    let reason = format!(
        "读到 {} 条，第一条：{}{}",
        extracted.items.len(),
        clip(&first.title, 40),
        first
            .date
            .as_deref()
            .map(|d| format!("（{}）", readable_date(d)))
            .unwrap_or_default()
    );
    let items = extracted
        .items
        .iter()
        .take(ITEMS_SHOWN)
        .map(|i| ProbeItem {
            title: clip(&i.title, 120),
            date: i.date.clone(),
            link: i.link.clone(),
        })
        .collect();
    // where the read ended (a personal domain's lookup ends at the account's timeline)
    report(
        found(Checkable::Auto, reason),
        Some(page.final_url.to_string()),
        items,
    )
}

/// Opens a WeChat article to find its account, and says which feed of the office's WeWe RSS
/// holds that account; or why not, in Chinese.
async fn identify_feed(fetcher: &Fetcher, identify: &Identify) -> Result<String, String> {
    let page = match fetcher
        .fetch(&identify.article, &Validators::default())
        .await
    {
        FetchOutcome::Page(p) if (200..300).contains(&p.status) => p,
        FetchOutcome::Page(p) => {
            return Err(format!(
                "打开这篇公众号文章以找出公众号时，微信返回 HTTP {}。",
                p.status
            ))
        }
        FetchOutcome::NotModified { .. } => {
            return Err("打开这篇公众号文章时服务器返回“未修改”，没有读到内容。".into())
        }
        FetchOutcome::Failed { error, .. } => {
            return Err(format!("打开这篇公众号文章以找出公众号时失败：{error}。"))
        }
    };
    let text = decode(&page.body, page.content_type.as_deref());
    identify.feed_url(&text).ok_or_else(|| {
        let wall = match extract(&text, page.content_type.as_deref(), &page.final_url, &Format::Auto)
            .state
        {
            PageState::Blocked { reason }
            | PageState::Deleted { reason }
            | PageState::Unreadable { reason } => format!("（{reason}）"),
            PageState::Normal => String::new(),
        };
        format!(
            "打开了这篇公众号文章，但页面上没有公众号标识 __biz{wall}：请换一篇该公众号的文章链接（带 __biz= 的完整链接最好），或把 WeWe RSS 的订阅号 ID（MP_WXS_…）填入监测地址。"
        )
    })
}

/// Tests many accounts, as fast as the fetcher's per-host pacing allows; `on_report` sees each
/// report as it comes and returns `false` to stop (the reports so far stand).
pub async fn probe_all(
    fetcher: Arc<Fetcher>,
    targets: Vec<ProbeTarget>,
    mut on_report: impl FnMut(ProbeReport) -> bool,
) -> bool {
    let mut running = tokio::task::JoinSet::new();
    for target in targets {
        let fetcher = fetcher.clone();
        running.spawn(async move { probe(&fetcher, &target).await });
    }
    while let Some(done) = running.join_next().await {
        match done {
            Ok(report) => {
                if !on_report(report) {
                    running.abort_all();
                    return false;
                }
            }
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(_) => {}
        }
    }
    true
}
