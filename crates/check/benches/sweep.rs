//! `make bench`: a sweep of 10,000 accounts served from loopback.
//!
//! 1. Politeness off: realistic 30–100 KB pages in every supported format, a quarter of them
//!    with a repost. Reports pages/s, MB/s, peak memory and where the time goes.
//! 2. Per-host pacing on: accounts spread unevenly over several loopback hosts; reports how
//!    close the sweep comes to its lower bound (the busiest host's queue × its interval).

#[path = "../tests/common/mod.rs"]
mod common;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, Response};
use axum::routing::get;
use axum::Router;
use common::*;
use piyao_check::fetch::{FetchConfig, Fetched, Fetcher};
use piyao_check::sweep::{sweep, Checker};
use piyao_check::Reference;
use piyao_core::model::{Platform, Tier, Verdict};
use piyao_core::store::CheckTask;

const ACCOUNTS: usize = 10_000;

fn padding_titles(n: usize, seed: usize) -> Vec<String> {
    const TOPICS: [&str; 8] = [
        "安全生产",
        "消防检查",
        "文明城市创建",
        "冬季供暖",
        "垃圾分类",
        "道路改造",
        "社区服务",
        "秋季运动会",
    ];
    (0..n)
        .map(|i| {
            format!(
                "云川区{}工作推进会召开（第{}期）",
                TOPICS[(i + seed) % TOPICS.len()],
                i + seed
            )
        })
        .collect()
}

/// One account page of about `size` bytes in format `i % 4`, with the repost when `repost`.
fn account_page(i: usize, repost: bool, size: usize) -> (&'static str, Vec<u8>) {
    let mut filler = padding_titles(2000, i);
    let body_text = format!(
        "{}。{}",
        UNRELATED,
        "各镇街、各部门认真落实工作部署，确保各项任务按期完成。".repeat(4)
    );
    match i % 4 {
        0 => {
            let mut rows: Vec<(String, String)> = Vec::new();
            if repost {
                rows.push(("/a/r.html".into(), format!("转载：{REBUTTAL_TITLE}")));
            }
            let mut total = 600;
            while total < size {
                let t = filler.pop().unwrap_or_else(|| "云川区工作动态".into());
                total += t.len() + 70;
                rows.push((format!("/a/{}.html", rows.len()), t));
            }
            let r: Vec<(&str, &str, &str)> = rows
                .iter()
                .map(|(a, b)| (a.as_str(), b.as_str(), "2026-11-20"))
                .collect();
            ("text/html; charset=utf-8", html_list(&r).into_bytes())
        }
        1 => {
            let mut items: Vec<(String, String, String)> = Vec::new();
            if repost {
                items.push((
                    format!("#云川辟谣# {REBUTTAL_TITLE}"),
                    "http://127.0.0.1/t/r".into(),
                    REBUTTAL_TEXT.into(),
                ));
            }
            let mut total = 0;
            while total < size {
                let t = filler.pop().unwrap_or_default();
                total += t.len() + body_text.len() + 120;
                items.push((
                    t,
                    format!("http://127.0.0.1/t/{}", items.len()),
                    body_text.clone(),
                ));
            }
            let r: Vec<(&str, &str, &str)> = items
                .iter()
                .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
                .collect();
            ("application/rss+xml; charset=utf-8", rss(&r).into_bytes())
        }
        2 => {
            let rt = format!("{REBUTTAL_TITLE}<br>{REBUTTAL_TEXT}");
            let mut posts: Vec<(String, Option<String>)> = Vec::new();
            if repost {
                posts.push(("转发微博 //@云川发布:【辟谣】真相来了".into(), Some(rt)));
            }
            let mut total = 0;
            while total < size {
                let t = format!("{} {}", filler.pop().unwrap_or_default(), body_text);
                total += t.len() + 200;
                posts.push((t, None));
            }
            let p: Vec<(&str, Option<&str>)> = posts
                .iter()
                .map(|(a, b)| (a.as_str(), b.as_deref()))
                .collect();
            ("application/json", weibo(&p).into_bytes())
        }
        _ => {
            let (title, mut text) = if repost {
                (format!("转载｜{REBUTTAL_TITLE}"), REBUTTAL_TEXT.to_string())
            } else {
                (
                    "云川区召开冬季安全生产工作会议".to_string(),
                    body_text.clone(),
                )
            };
            while text.len() < size {
                text.push_str("会议强调，要压实各方责任，确保人民群众生命财产安全。");
            }
            (
                "text/html; charset=utf-8",
                article(&title, &text).into_bytes(),
            )
        }
    }
}

struct Site {
    pages: Vec<(&'static str, Vec<u8>)>,
    served: AtomicU64,
}

async fn serve(State(site): State<Arc<Site>>, Path(n): Path<usize>) -> Response<Body> {
    site.served.fetch_add(1, Ordering::Relaxed);
    let (ct, body) = &site.pages[n % site.pages.len()];
    Response::builder()
        .header(header::CONTENT_TYPE, *ct)
        .body(Body::from(body.clone()))
        .unwrap()
}

async fn start_site(addr: &str, site: Arc<Site>) -> String {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .expect("bind loopback");
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = Router::new().route("/p/{n}", get(serve)).with_state(site);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

fn reference() -> Reference {
    Reference {
        rebuttal_title: REBUTTAL_TITLE.into(),
        rebuttal_text: REBUTTAL_TEXT.into(),
        rebuttal_url: Some("http://127.0.0.1:9/rebuttal/lychee".into()),
        rumor_title: RUMOR_TITLE.into(),
        rumor_text: RUMOR_TEXT.into(),
        rebuttal_published: None,
    }
}

fn task(i: usize, url: String) -> CheckTask {
    CheckTask {
        push_id: 1,
        account_id: i as i64,
        account: format!("账号{i}"),
        platform: Platform::Website,
        tier: Tier::Main,
        watch_url: Some(url),
        people: None,
        verdict: None,
        evidence: None,
        etag: None,
        last_modified: None,
        content_hash: None,
    }
}

/// User + system CPU time of the whole process so far, in seconds.
fn process_cpu_secs() -> f64 {
    // /proc/self/stat fields 14 and 15 (utime, stime) are in clock ticks (100 per second on
    // Linux); the command name (field 2) may hold spaces, so count from its closing ')'.
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let rest = &s[s.rfind(')')? + 2..];
            let f: Vec<&str> = rest.split_whitespace().collect();
            Some((f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?) / 100.0)
        })
        .unwrap_or(0.0)
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.to_string())
        })
        .and_then(|l| {
            l.split_whitespace()
                .nth(1)
                .and_then(|k| k.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

async fn run_sweep(checker: Arc<Checker>, tasks: Vec<CheckTask>) -> HashMap<Verdict, usize> {
    let mut counts = HashMap::new();
    sweep(checker, tasks, |r| {
        *counts.entry(r.verdict).or_insert(0) += 1
    })
    .await;
    counts
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let accounts: usize = std::env::var("BENCH_ACCOUNTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(ACCOUNTS);
    // Distinct pages: 400 of them (a quarter with the repost), 30–100 KB, every format.
    let t = Instant::now();
    let pages: Vec<_> = (0..400)
        .map(|i| account_page(i, i % 4 == (i / 4) % 4, 30_000 + (i * 7919) % 70_000))
        .collect();
    let sizes: Vec<usize> = pages.iter().map(|(_, b)| b.len()).collect();
    let reposts = (0..400).filter(|i| i % 4 == (i / 4) % 4).count();
    println!(
        "pages: {} distinct, {:.0}–{:.0} KB (mean {:.0} KB), {} with a repost; generated in {:.1} s",
        pages.len(),
        *sizes.iter().min().unwrap() as f64 / 1024.0,
        *sizes.iter().max().unwrap() as f64 / 1024.0,
        sizes.iter().sum::<usize>() as f64 / sizes.len() as f64 / 1024.0,
        reposts,
        t.elapsed().as_secs_f64()
    );
    let site = Arc::new(Site {
        pages,
        served: AtomicU64::new(0),
    });
    let base = start_site("127.0.0.1:0", site.clone()).await;

    // 0. The loopback ceiling: the same fetches with no engine behind them.
    {
        use futures::StreamExt;
        let fetcher = Arc::new(Fetcher::new(FetchConfig {
            global_concurrency: 32,
            ..FetchConfig::impolite()
        }));
        let started = Instant::now();
        let bytes: usize = futures::stream::iter(0..accounts)
            .map(|i| {
                let (f, url) = (fetcher.clone(), format!("{base}/p/{}", i % 400));
                async move {
                    match f.fetch(&url, &Default::default()).await {
                        piyao_check::fetch::FetchOutcome::Page(p) => p.body.len(),
                        _ => 0,
                    }
                }
            })
            .buffer_unordered(64)
            .fold(0, |a, b| async move { a + b })
            .await;
        let secs = started.elapsed().as_secs_f64();
        println!("\n== fetch only (loopback server + HTTP client, no engine): {accounts} pages ==");
        println!(
            "time {secs:.2} s; {:.0} pages/s; {:.1} MB/s",
            accounts as f64 / secs,
            bytes as f64 / 1e6 / secs
        );
    }

    // 0b. The engine alone: the same pages decided on one thread, no network, no server.
    {
        let checker = Checker::new(
            Arc::new(Fetcher::new(FetchConfig::impolite())),
            &reference(),
        );
        let fetched: Vec<Fetched> = site
            .pages
            .iter()
            .enumerate()
            .map(|(i, (ct, body))| Fetched {
                status: 200,
                final_url: url::Url::parse(&format!("{base}/p/{i}")).unwrap(),
                content_type: Some(ct.to_string()),
                body: body.clone(),
                cut: None,
                validators: Default::default(),
                hash: String::new(),
                attempts: 1,
                transfer: Default::default(),
            })
            .collect();
        let rounds = 5;
        let mut reposted = 0;
        let started = Instant::now();
        for _ in 0..rounds {
            for (i, f) in fetched.iter().enumerate() {
                let d = checker.decide_fetched(&format!("{base}/p/{i}"), f).await;
                reposted += usize::from(d.verdict == Verdict::Reposted);
            }
        }
        let secs = started.elapsed().as_secs_f64();
        let n = rounds * fetched.len();
        let s = checker.stats.snapshot();
        println!("\n== engine only (decide_fetched on one thread, no network): {n} pages ==");
        let per = |ms: u64| ms as f64 / n as f64;
        println!(
            "{:.3} ms per page (decode+screen {:.3}, extract {:.3}, match {:.3}); {:.0} pages/s on one core; {reposted} reposted; screened out {} (no parsing), parsed {}",
            secs * 1000.0 / n as f64,
            per(s.screen_ms),
            per(s.extract_ms),
            per(s.match_ms),
            n as f64 / secs,
            s.screened,
            s.parsed
        );
    }

    // 1. Politeness off.
    let fetcher = Arc::new(Fetcher::new(FetchConfig {
        global_concurrency: 32,
        ..FetchConfig::impolite()
    }));
    let checker = Arc::new(Checker::new(fetcher, &reference()));
    let tasks: Vec<CheckTask> = (0..accounts)
        .map(|i| task(i, format!("{base}/p/{}", i % 400)))
        .collect();
    let started = Instant::now();
    let cpu_before = process_cpu_secs();
    let counts = run_sweep(checker.clone(), tasks).await;
    let secs = started.elapsed().as_secs_f64();
    let cpu = process_cpu_secs() - cpu_before;
    let s = checker.stats.snapshot();
    println!("\n== sweep, politeness off: {accounts} accounts ==");
    println!(
        "time {secs:.2} s; {:.0} pages/s; {:.1} MB/s; {:.1} MB read",
        s.pages as f64 / secs,
        s.bytes as f64 / 1e6 / secs,
        s.bytes as f64 / 1e6
    );
    println!("verdicts: {counts:?}");
    println!(
        "pages screened out before parsing (no rebuttal or rumor text on them): {}; parsed: {}",
        s.screened, s.parsed
    );
    println!(
        "peak RSS (whole process, server included): {:.0} MB",
        peak_rss_mb()
    );
    println!(
        "process CPU (user + system, server and client included) {cpu:.2} s = {:.0}% of 2 cores × wall time; {:.2} ms per page",
        cpu / (2.0 * secs) * 100.0,
        cpu * 1000.0 / s.pages as f64
    );
    let cpu = (s.screen_ms + s.extract_ms + s.match_ms) as f64 / 1000.0;
    println!(
        "where the time goes (summed over tasks): decode+screen {:.2} s, extract {:.2} s, match {:.2} s => engine CPU {:.2} s = {:.0}% of 2 cores × wall time; \
         HTTP transfer (slot held to last byte, overlapping) {:.1} s",
        s.screen_ms as f64 / 1000.0,
        s.extract_ms as f64 / 1000.0,
        s.match_ms as f64 / 1000.0,
        cpu,
        cpu / (2.0 * secs) * 100.0,
        s.fetch_ms as f64 / 1000.0,
    );
    let expected = (0..accounts)
        .filter(|i| {
            let p = i % 400;
            p % 4 == (p / 4) % 4
        })
        .count();
    println!(
        "reposted found: {} of {expected} pages that carry one",
        counts.get(&Verdict::Reposted).copied().unwrap_or(0)
    );

    // 2. Pacing on: 4 loopback hosts, uneven queues.
    let interval_ms = 20u64;
    let hosts = ["127.0.0.2:0", "127.0.0.3:0", "127.0.0.4:0", "127.0.0.5:0"];
    let mut bases = Vec::new();
    for h in hosts {
        bases.push(start_site(h, site.clone()).await);
    }
    let share = [0.4, 0.3, 0.2, 0.1];
    let paced_n = 500usize;
    let mut tasks = Vec::new();
    for (h, frac) in share.iter().enumerate() {
        for j in 0..(paced_n as f64 * frac) as usize {
            tasks.push(task(tasks.len(), format!("{}/p/{}", bases[h], j % 400)));
        }
    }
    let busiest = (paced_n as f64 * share[0]) as u64;
    let cfg = FetchConfig {
        per_host_interval_ms: interval_ms,
        per_host_concurrency: 2,
        global_concurrency: 32,
        ..FetchConfig::impolite()
    };
    let checker = Arc::new(Checker::new(Arc::new(Fetcher::new(cfg)), &reference()));
    let started = Instant::now();
    run_sweep(checker, tasks).await;
    let secs = started.elapsed().as_secs_f64();
    let bound = (busiest - 1) as f64 * interval_ms as f64 / 1000.0;
    println!("\n== sweep, per-host pacing {interval_ms} ms: {paced_n} accounts on 4 hosts (busiest {busiest}) ==");
    println!(
        "time {secs:.2} s; lower bound {bound:.2} s ((busiest queue − 1) × interval); ratio {:.2}",
        secs / bound
    );
}
