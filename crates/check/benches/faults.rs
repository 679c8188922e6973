//! `make bench` (second part): a sweep of 1,000 loopback accounts of which 300 misbehave.
//!
//! 700 accounts behave (HTML lists, RSS, Weibo JSON, articles, large pages, truncated titles
//! followed to their article; some reposted, some not, some reposting the rumor). 300 fail
//! in ten ways, 30 each: no answer at all, a body trickled slower than the total timeout,
//! connection resets (before the response and in the middle of the body), 5xx, 429 with and
//! without Retry-After, redirect loops, bodies far beyond `max_body_bytes` (and a gzip bomb),
//! and wrong or missing charsets (GBK labelled UTF-8, GBK with no label at all, damaged
//! UTF-8, garbage bytes).
//!
//! Every account has the verdict its page calls for; the bench prints expected against got
//! per fault kind and exits non-zero on any mismatch, on a sweep slower than the bound below,
//! or on a peak memory over its budget.
//!
//! The bound, from the `FetchConfig` used (global concurrency C, total timeout T, retries R,
//! first backoff B, Retry-After ceiling A):
//!
//! - one faulty account costs at most W = (R+1)·T + Σ_{k=1..R} D_k, where D_k, the wait
//!   before retry k, is at most max(2·min(B·2^(k−1), A), A) (backoff doubles, jitter adds up
//!   to 100 %, a Retry-After is honoured up to A and one past A ends the retries);
//! - requests hold one of C slots and waits hold none, so the faulty accounts are done
//!   within (ceil(N_faulty / C) + 1) · W (whole waves of C chains, plus one chain that starts
//!   last), on top of the time the healthy accounts alone take (measured first).
//!
//! With C = 64, T = 2 s, R = 1, B = 100 ms, A = 1 s: W = 2·2 + 1 = 5 s and the bound is
//! (5 + 1)·5 s = 30 s plus the healthy sweep.
//!
//! Memory: at most C bodies of at most `max_body_bytes` (1 MiB here) are held at once, each
//! decoded once; the budget asserted is 3·C·max_body_bytes over the process's size before
//! the sweep.

#[path = "../tests/common/mod.rs"]
mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, Response};
use axum::routing::get;
use axum::Router;
use common::*;
use piyao_check::fetch::{FetchConfig, Fetcher};
use piyao_check::sweep::{sweep, Checker};
use piyao_check::Reference;
use piyao_core::model::{Platform, Tier, Verdict};
use piyao_core::store::{CheckRecord, CheckTask};

const HEALTHY: usize = 700;
const FAULTY: usize = 300;

fn config() -> FetchConfig {
    FetchConfig {
        global_concurrency: 64,
        per_host_concurrency: 64,
        per_host_interval_ms: 0,
        connect_timeout_ms: 1_000,
        total_timeout_ms: 2_000,
        retries: 1,
        retry_base_ms: 100,
        retry_after_ceiling_ms: 1_000,
        max_body_bytes: 1024 * 1024,
        max_redirects: 5,
        ..FetchConfig::impolite()
    }
}

/// The worst time of one faulty account, in seconds (see the module comment).
fn chain_secs(c: &FetchConfig) -> f64 {
    let t = c.total_timeout_ms as f64 / 1000.0;
    let a = c.retry_after_ceiling_ms as f64 / 1000.0;
    let waits: f64 = (1..=c.retries)
        .map(|k| {
            let b = c.retry_base_ms as f64 / 1000.0 * 2f64.powi(k as i32 - 1);
            (2.0 * b.min(a)).max(a)
        })
        .sum();
    (c.retries + 1) as f64 * t + waits
}

// ---------------------------------------------------------------------------------------
// Pages

/// What a healthy account shows.
fn healthy_page(i: usize) -> (&'static str, Vec<u8>, Verdict) {
    let html = "text/html; charset=utf-8";
    match i % 7 {
        0 => (
            html,
            html_list(&[
                (
                    "/a/1.html",
                    "云川区召开2026年秋季安全生产工作会议",
                    "2026-11-20",
                ),
                (
                    "/a/r.html",
                    &format!("转载：{REBUTTAL_TITLE}"),
                    "2026-11-21",
                ),
                ("/a/3.html", "云川区开展冬季消防安全大检查", "2026-11-19"),
            ])
            .into_bytes(),
            Verdict::Reposted,
        ),
        1 => (
            "application/rss+xml; charset=utf-8",
            rss(&[
                (
                    "云川交通：冬季出行提示",
                    "http://127.0.0.1/t/1",
                    "雨雪天气请减速慢行。",
                ),
                ("云川区垃圾分类新规实施", "http://127.0.0.1/t/2", UNRELATED),
            ])
            .into_bytes(),
            Verdict::NotFound,
        ),
        2 => (
            "application/json",
            weibo(&[
                ("今天天气不错，注意防晒。", None),
                (
                    "转发微博 //@云川发布:【辟谣】真相来了",
                    Some(&format!("{REBUTTAL_TITLE}<br>{REBUTTAL_TEXT}")),
                ),
            ])
            .into_bytes(),
            Verdict::Reposted,
        ),
        3 => (
            html,
            article(OTHER_REBUTTAL_TITLE, OTHER_REBUTTAL_TEXT).into_bytes(),
            Verdict::NotFound,
        ),
        4 => (
            "application/json",
            weibo(&[(&format!("速看！{RUMOR_TEXT} 转发扩散！"), None)]).into_bytes(),
            Verdict::RumorReposted,
        ),
        // Over the pre-screen's 16 KB: decided without parsing.
        5 => (html, padded_list(&[], 300).into_bytes(), Verdict::NotFound),
        // A truncated title, decided on the article page behind it.
        _ => (
            html,
            padded_list(
                &[(
                    "/article",
                    "【辟谣】关于“吃荔枝后开车会被查出酒...",
                    "2026-11-21",
                )],
                40,
            )
            .into_bytes(),
            Verdict::Reposted,
        ),
    }
}

/// A repost as an article page, as bytes of `s` in an encoding.
fn repost_article() -> String {
    article(&format!("转载｜{REBUTTAL_TITLE}"), REBUTTAL_TEXT)
}

#[derive(Clone)]
enum Fault {
    /// Accepts, reads the request, never answers.
    NeverAnswers,
    /// Headers and `first` at once, then one byte every 300 ms, forever.
    Trickle { first: Vec<u8> },
    /// The connection is closed with the request unread (a reset), on another port.
    ResetBeforeResponse,
    /// Headers and part of the body, then the connection breaks.
    ResetMidBody { first: Vec<u8> },
    /// This status, every time.
    Status(u16),
    /// 503 once, then the repost.
    ServerErrorOnce,
    /// 429 every time, with this Retry-After (or none).
    TooMany(Option<&'static str>),
    /// 429 once (with this Retry-After, or none), then the repost.
    TooManyOnce(Option<&'static str>),
    /// A redirect to itself, or between two paths.
    RedirectLoop { ping_pong: bool },
    /// `size` bytes of `head` then padding; `endless` never ends.
    Huge {
        head: String,
        size: usize,
        endless: bool,
    },
    /// 64 MB of spaces in a few kilobytes of gzip.
    Bomb,
    /// These bytes with this Content-Type.
    Bytes {
        content_type: &'static str,
        body: Vec<u8>,
    },
}

struct Case {
    kind: &'static str,
    fault: Fault,
    expected: Verdict,
}

fn gbk(s: &str) -> Vec<u8> {
    encoding_rs::GBK.encode(s).0.into_owned()
}

fn garbage(seed: usize, n: usize) -> Vec<u8> {
    let mut x = 0x9E37_79B9_7F4A_7C15u64 ^ seed as u64;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

/// Faulty account `j` (0..300): ten kinds of thirty, each with its variants.
fn faulty_case(j: usize) -> Case {
    let v = j / 10;
    let head = "<!doctype html><html><head><meta charset=\"utf-8\"><title>新闻动态</title></head><body><ul class=\"list\">";
    let case = |kind, fault, expected| Case {
        kind,
        fault,
        expected,
    };
    match j % 10 {
        0 => case("no answer", Fault::NeverAnswers, Verdict::Unreachable),
        1 if v.is_multiple_of(2) => {
            // The repost arrives before the stall: what was read is evidence enough.
            let page = repost_article();
            let cut = page.find("</p>").unwrap() + 4;
            case(
                "slow trickle",
                Fault::Trickle {
                    first: page.as_bytes()[..cut].to_vec(),
                },
                Verdict::Reposted,
            )
        }
        1 => case(
            "slow trickle",
            Fault::Trickle {
                first: head.as_bytes().to_vec(),
            },
            Verdict::Unreachable,
        ),
        2 if v.is_multiple_of(2) => case("reset", Fault::ResetBeforeResponse, Verdict::Unreachable),
        2 => case(
            "reset",
            Fault::ResetMidBody {
                first: head.as_bytes().to_vec(),
            },
            Verdict::Unreachable,
        ),
        3 => match v % 3 {
            0 => case("5xx", Fault::Status(500), Verdict::Unreachable),
            1 => case(
                "5xx",
                Fault::Status(502 + (v % 3) as u16),
                Verdict::Unreachable,
            ),
            _ => case("5xx", Fault::ServerErrorOnce, Verdict::Reposted),
        },
        4 => match v % 4 {
            0 => case(
                "429 Retry-After",
                Fault::TooMany(Some("1")),
                Verdict::Unreachable,
            ),
            1 => case(
                "429 Retry-After",
                Fault::TooMany(Some("3600")),
                Verdict::Unreachable,
            ),
            2 => case(
                "429 Retry-After",
                Fault::TooMany(Some("Wed, 21 Oct 2099 07:28:00 GMT")),
                Verdict::Unreachable,
            ),
            _ => case(
                "429 Retry-After",
                Fault::TooManyOnce(Some("1")),
                Verdict::Reposted,
            ),
        },
        5 => match v % 2 {
            0 => case(
                "429 no Retry-After",
                Fault::TooMany(None),
                Verdict::Unreachable,
            ),
            _ => case(
                "429 no Retry-After",
                Fault::TooManyOnce(None),
                Verdict::Reposted,
            ),
        },
        6 => case(
            "redirect loop",
            Fault::RedirectLoop {
                ping_pong: v % 2 == 1,
            },
            Verdict::Unreachable,
        ),
        7 => {
            let repost = format!("<html><head><meta charset=\"utf-8\"></head><body><div id=\"js_content\"><h1>{REBUTTAL_TITLE}</h1><p>{REBUTTAL_TEXT}</p>");
            let plain = format!("<html><head><meta charset=\"utf-8\"></head><body><div id=\"js_content\"><h1>云川区召开冬季安全生产工作会议</h1><p>{UNRELATED}</p>");
            match v % 3 {
                0 => case(
                    "huge body",
                    Fault::Huge {
                        head: repost,
                        size: 8 << 20,
                        endless: false,
                    },
                    Verdict::Reposted,
                ),
                1 => case(
                    "huge body",
                    Fault::Huge {
                        head: plain,
                        size: 8 << 20,
                        endless: false,
                    },
                    Verdict::NotFound,
                ),
                _ => case(
                    "huge body",
                    Fault::Huge {
                        head: repost,
                        size: usize::MAX,
                        endless: true,
                    },
                    Verdict::Reposted,
                ),
            }
        }
        8 => case("gzip bomb", Fault::Bomb, Verdict::Unreadable),
        _ => match v % 5 {
            // GBK bytes under a header that says UTF-8.
            0 => case(
                "bad encoding",
                Fault::Bytes {
                    content_type: "text/html; charset=utf-8",
                    body: gbk(&repost_article().replace("charset=\"utf-8\"", "")),
                },
                Verdict::Reposted,
            ),
            // GBK with no label anywhere.
            1 => case(
                "bad encoding",
                Fault::Bytes {
                    content_type: "text/html",
                    body: gbk(&repost_article().replace("<meta charset=\"utf-8\">", "")),
                },
                Verdict::Reposted,
            ),
            // UTF-8 with a few damaged bytes.
            2 => {
                let mut b = repost_article().into_bytes();
                let n = b.len();
                for k in [n / 5, n / 3, n - 10] {
                    b[k] = 0xFF;
                }
                case(
                    "bad encoding",
                    Fault::Bytes {
                        content_type: "text/html; charset=utf-8",
                        body: b,
                    },
                    Verdict::Reposted,
                )
            }
            // Garbage under an HTML or a JSON label.
            3 => case(
                "bad encoding",
                Fault::Bytes {
                    content_type: "text/html; charset=utf-8",
                    body: garbage(j, 20_000),
                },
                Verdict::NotFound,
            ),
            _ => case(
                "bad encoding",
                Fault::Bytes {
                    content_type: "application/json; charset=gbk",
                    body: garbage(j, 3_000),
                },
                Verdict::NotFound,
            ),
        },
    }
}

// ---------------------------------------------------------------------------------------
// Server

struct Site {
    healthy: Vec<(&'static str, Vec<u8>)>,
    faults: Vec<Fault>,
    tries: Vec<AtomicUsize>,
    bomb: Bytes,
}

fn respond(status: u16, content_type: &str, body: Body) -> Response<Body> {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, content_type)
        .body(body)
        .unwrap()
}

async fn healthy(State(site): State<Arc<Site>>, Path(i): Path<usize>) -> Response<Body> {
    let (ct, body) = &site.healthy[i % site.healthy.len()];
    respond(200, ct, Body::from(body.clone()))
}

async fn article_page() -> Response<Body> {
    respond(
        200,
        "text/html; charset=utf-8",
        Body::from(article(REBUTTAL_TITLE, REBUTTAL_TEXT)),
    )
}

fn stream_of(
    chunks: impl futures::Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static,
) -> Body {
    Body::from_stream(chunks)
}

async fn faulty(State(site): State<Arc<Site>>, Path(j): Path<String>) -> Response<Body> {
    use futures::stream::{self, StreamExt};
    let (j, hop) = match j.split_once('-') {
        Some((a, b)) => (a.parse::<usize>().unwrap_or(0), b == "b"),
        None => (j.parse::<usize>().unwrap_or(0), false),
    };
    let tries = site.tries[j].fetch_add(1, Ordering::SeqCst);
    let html = "text/html; charset=utf-8";
    match site.faults[j].clone() {
        Fault::NeverAnswers => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            respond(200, html, Body::empty())
        }
        Fault::Trickle { first } => {
            let rest = stream::unfold((), |()| async {
                tokio::time::sleep(Duration::from_millis(300)).await;
                Some((Ok(Bytes::from_static(b" ")), ()))
            });
            let body = stream::once(async move { Ok(Bytes::from(first)) }).chain(rest);
            respond(200, html, stream_of(body))
        }
        Fault::ResetMidBody { first } => {
            let body = stream::iter([
                Ok(Bytes::from(first)),
                Err(std::io::Error::other("connection broken")),
            ]);
            respond(200, html, stream_of(body))
        }
        Fault::ResetBeforeResponse => unreachable!("served on the resetting port"),
        Fault::Status(s) => respond(s, html, Body::from("服务器错误")),
        Fault::ServerErrorOnce if tries == 0 => respond(503, html, Body::from("busy")),
        Fault::TooManyOnce(after) if tries == 0 => {
            let mut b = Response::builder().status(429);
            if let Some(a) = after {
                b = b.header("retry-after", a);
            }
            b.body(Body::empty()).unwrap()
        }
        Fault::ServerErrorOnce | Fault::TooManyOnce(_) => {
            respond(200, html, Body::from(repost_article()))
        }
        Fault::TooMany(after) => {
            let mut b = Response::builder().status(429);
            if let Some(a) = after {
                b = b.header("retry-after", a);
            }
            b.body(Body::empty()).unwrap()
        }
        Fault::RedirectLoop { ping_pong } => {
            let to = match (ping_pong, hop) {
                (false, _) => format!("/f/{j}"),
                (true, false) => format!("/f/{j}-b"),
                (true, true) => format!("/f/{j}"),
            };
            Response::builder()
                .status(302)
                .header(header::LOCATION, to)
                .body(Body::empty())
                .unwrap()
        }
        Fault::Huge {
            head,
            size,
            endless,
        } => {
            let pad = Bytes::from("<p>云川区各项工作有序推进。</p>".repeat(2048));
            let n = if endless {
                usize::MAX
            } else {
                size / pad.len()
            };
            let body = stream::once(async move { Ok(Bytes::from(head)) })
                .chain(stream::iter(std::iter::repeat_n(pad, n).map(Ok)));
            respond(200, html, stream_of(body))
        }
        Fault::Bomb => Response::builder()
            .header(header::CONTENT_TYPE, "text/html")
            .header(header::CONTENT_ENCODING, "gzip")
            .body(Body::from(site.bomb.clone()))
            .unwrap(),
        Fault::Bytes { content_type, body } => respond(200, content_type, Body::from(body)),
    }
}

async fn start_site(site: Arc<Site>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = Router::new()
        .route("/h/{i}", get(healthy))
        .route("/article", get(article_page))
        .route("/f/{j}", get(faulty))
        .with_state(site);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

// ---------------------------------------------------------------------------------------
// Measuring

fn reference(base: &str) -> Reference {
    Reference {
        rebuttal_title: REBUTTAL_TITLE.into(),
        rebuttal_text: REBUTTAL_TEXT.into(),
        rebuttal_url: Some(rebuttal_url(base)),
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

fn status_kb(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|k| k.parse::<f64>().ok())
        })
        .unwrap_or(0.0)
}

fn peak_rss_mb() -> f64 {
    status_kb("VmHWM:") / 1024.0
}

fn rss_mb() -> f64 {
    status_kb("VmRSS:") / 1024.0
}

async fn run(checker: Arc<Checker>, tasks: Vec<CheckTask>) -> (Vec<CheckRecord>, f64) {
    let started = Instant::now();
    let mut records = Vec::with_capacity(tasks.len());
    sweep(checker, tasks, |r| records.push(r)).await;
    (records, started.elapsed().as_secs_f64())
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let cfg = config();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let spaces = vec![b' '; 1 << 20];
    for _ in 0..64 {
        gz.write_all(&spaces).unwrap();
    }
    let healthy_pages: Vec<(&'static str, Vec<u8>, Verdict)> =
        (0..HEALTHY).map(healthy_page).collect();
    let cases: Vec<Case> = (0..FAULTY).map(faulty_case).collect();
    let site = Arc::new(Site {
        healthy: healthy_pages
            .iter()
            .map(|(ct, b, _)| (*ct, b.clone()))
            .collect(),
        faults: cases.iter().map(|c| c.fault.clone()).collect(),
        tries: (0..FAULTY).map(|_| AtomicUsize::new(0)).collect(),
        bomb: Bytes::from(gz.finish().unwrap()),
    });
    let base = start_site(site.clone()).await;
    let reset = resetting_server().await;

    // The healthy accounts alone: the "healthy time" of the bound.
    let healthy_tasks = || -> Vec<CheckTask> {
        (0..HEALTHY)
            .map(|i| task(i, format!("{base}/h/{i}")))
            .collect()
    };
    let checker = Arc::new(Checker::new(
        Arc::new(Fetcher::new(cfg.clone())),
        &reference(&base),
    ));
    let (_, healthy_secs) = run(checker, healthy_tasks()).await;

    // Everything, in an order that mixes faults among healthy accounts.
    let mut tasks = healthy_tasks();
    for (j, c) in cases.iter().enumerate() {
        let url = match c.fault {
            Fault::ResetBeforeResponse => format!("{reset}f/{j}"),
            _ => format!("{base}/f/{j}"),
        };
        tasks.push(task(HEALTHY + j, url));
    }
    let mut order: Vec<usize> = (0..tasks.len()).collect();
    order.sort_by_key(|&k| (k * 7919) % tasks.len());
    let tasks: Vec<CheckTask> = order.into_iter().map(|k| tasks[k].clone()).collect();
    let rss_before = rss_mb();
    let checker = Arc::new(Checker::new(
        Arc::new(Fetcher::new(cfg.clone())),
        &reference(&base),
    ));
    let (records, secs) = run(checker.clone(), tasks).await;
    let peak = peak_rss_mb();

    // Expected against got, per kind.
    let mut table: BTreeMap<&str, BTreeMap<(String, String), usize>> = BTreeMap::new();
    let mut wrong = Vec::new();
    let mut seen = 0usize;
    for r in &records {
        let k = r.account_id as usize;
        let (kind, expected) = if k < HEALTHY {
            ("healthy", healthy_pages[k].2)
        } else {
            (cases[k - HEALTHY].kind, cases[k - HEALTHY].expected)
        };
        seen += 1;
        *table
            .entry(kind)
            .or_default()
            .entry((expected.code().to_string(), r.verdict.code().to_string()))
            .or_default() += 1;
        if r.verdict != expected {
            wrong.push(format!(
                "account {k} ({kind}): expected {} got {}: {}",
                expected.code(),
                r.verdict.code(),
                r.evidence.explanation
            ));
        }
    }
    let chain = chain_secs(&cfg);
    let waves = FAULTY.div_ceil(cfg.global_concurrency);
    let bound = (waves + 1) as f64 * chain + healthy_secs;
    let s = checker.stats.snapshot();
    println!(
        "== sweep with faults: {} accounts ({HEALTHY} healthy, {FAULTY} faulty) ==",
        records.len()
    );
    println!(
        "config: C = {} concurrent requests, T = {} ms total timeout, R = {} retries, B = {} ms first backoff, A = {} ms Retry-After ceiling, body cap {} KiB",
        cfg.global_concurrency,
        cfg.total_timeout_ms,
        cfg.retries,
        cfg.retry_base_ms,
        cfg.retry_after_ceiling_ms,
        cfg.max_body_bytes / 1024
    );
    println!(
        "bound: W = (R+1)·T + Σ max(2·min(B·2^(k−1), A), A) = {chain:.1} s per faulty account; \
         (ceil({FAULTY}/{}) + 1)·W + healthy time {healthy_secs:.2} s = {bound:.1} s",
        cfg.global_concurrency
    );
    println!(
        "time {secs:.2} s ({:.0}% of the bound); {} pages fetched ({:.1} MB), {} followed",
        secs / bound * 100.0,
        s.pages,
        s.bytes as f64 / 1e6,
        s.followed
    );
    let budget = 3.0 * cfg.global_concurrency as f64 * cfg.max_body_bytes as f64 / 1048576.0;
    println!(
        "peak RSS (whole process, server included) {peak:.0} MB; {rss_before:.0} MB before the sweep; \
         budget {rss_before:.0} + 3·C·cap = {:.0} MB",
        rss_before + budget
    );
    println!(
        "\n{:<20} {:<16} {:<16} {:>5}",
        "kind", "expected", "got", "n"
    );
    for (kind, rows) in &table {
        for ((e, g), n) in rows {
            let mark = if e == g { "" } else { "  ✗" };
            println!("{kind:<20} {e:<16} {g:<16} {n:>5}{mark}");
        }
    }
    let mut failed = false;
    if seen != HEALTHY + FAULTY {
        println!("only {seen} of {} accounts got a verdict", HEALTHY + FAULTY);
        failed = true;
    }
    if !wrong.is_empty() {
        println!("\n{} wrong verdicts:", wrong.len());
        for w in wrong.iter().take(30) {
            println!("  {w}");
        }
        failed = true;
    }
    if secs > bound {
        println!("the sweep took {secs:.1} s, over its bound of {bound:.1} s");
        failed = true;
    }
    if peak > rss_before + budget {
        println!("peak memory {peak:.0} MB over its budget");
        failed = true;
    }
    if failed {
        std::process::exit(1);
    }
    println!("\nevery verdict as expected; within the time bound and the memory budget");
}
