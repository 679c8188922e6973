//! The checker end to end against a loopback internet: every supported format, GBK pages,
//! and faults; verdicts and evidence stored through the real store.

mod common;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use piyao_check::fetch::{FetchConfig, Fetcher};
use piyao_check::sweep::{sweep, Checker};
use piyao_check::Reference;
use piyao_core::model::{AccountInput, Platform, RebuttalInput, Tier, Verdict};
use piyao_core::Db;

fn reference(server: &FixtureServer) -> Reference {
    Reference {
        rebuttal_title: REBUTTAL_TITLE.into(),
        rebuttal_text: REBUTTAL_TEXT.into(),
        rebuttal_url: Some(rebuttal_url(&server.base)),
        rumor_title: RUMOR_TITLE.into(),
        rumor_text: RUMOR_TEXT.into(),
        rebuttal_published: None,
    }
}

/// Fast timeouts so that faults finish quickly; no pacing on loopback.
fn test_config() -> FetchConfig {
    FetchConfig {
        connect_timeout_ms: 1_000,
        total_timeout_ms: 2_000,
        retries: 2,
        retry_base_ms: 50,
        retry_after_ceiling_ms: 3_000,
        max_body_bytes: 2 * 1024 * 1024,
        ..FetchConfig::impolite()
    }
}

fn account(name: &str, tier: Tier, url: Option<String>) -> AccountInput {
    AccountInput {
        name: name.into(),
        platform: Platform::Website,
        tier,
        unit: Some("区委网信办".into()),
        territory: None,
        watch_url: url,
        contact: None,
        notes: None,
        active: true,
    }
}

struct World {
    db: Db,
    push_id: i64,
    checker: Arc<Checker>,
}

async fn world(server: &FixtureServer, accounts: &[(&str, Option<String>)]) -> World {
    let db = Db::open_in_memory().unwrap();
    for (name, url) in accounts {
        db.create_account(account(name, Tier::Main, url.clone()))
            .unwrap();
    }
    let rumor = db.create_rumor(RUMOR_TITLE, RUMOR_TEXT).unwrap();
    let reb = db
        .create_rebuttal(&RebuttalInput {
            rumor_id: rumor.id,
            title: REBUTTAL_TITLE.into(),
            content: REBUTTAL_TEXT.into(),
            url: Some(rebuttal_url(&server.base)),
            publisher: Some("云川发布".into()),
            published_at: None,
        })
        .unwrap();
    let push = db
        .start_push_with(
            reb.id,
            &piyao_core::model::TargetFilter {
                tiers: vec![Tier::Main],
                ..Default::default()
            },
        )
        .unwrap();
    let checker = Arc::new(Checker::new(
        Arc::new(Fetcher::new(test_config())),
        &reference(server),
    ));
    World {
        db,
        push_id: push.id,
        checker,
    }
}

impl World {
    async fn sweep(&self) -> HashMap<String, (Verdict, String)> {
        let tasks = self.db.pending_checks(self.push_id).unwrap();
        let mut records = Vec::new();
        sweep(self.checker.clone(), tasks, |r| records.push(r)).await;
        self.db.record_checks(&records).unwrap();
        self.db
            .push_results(self.push_id)
            .unwrap()
            .into_iter()
            .map(|r| {
                let e = r.evidence.unwrap();
                (r.account, (r.verdict.unwrap(), e.explanation))
            })
            .collect()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_format_and_fault_gets_the_right_verdict() {
    let s = FixtureServer::start().await;
    let reset = resetting_server().await;
    let cases: Vec<(&str, Option<String>, Verdict)> = vec![
        ("RSS 转载", Some(s.url("/feed.xml")), Verdict::Reposted),
        ("微博转发", Some(s.url("/weibo.json")), Verdict::Reposted),
        (
            "政府网站截断标题",
            Some(s.url("/gov/list")),
            Verdict::Reposted,
        ),
        ("GBK 页面", Some(s.url("/gbk/list")), Verdict::Reposted),
        (
            "公众号转载",
            Some(s.url("/wechat/repost")),
            Verdict::Reposted,
        ),
        (
            "只转链接",
            Some(s.url("/wechat/link-only")),
            Verdict::Reposted,
        ),
        (
            "转发谣言",
            Some(s.url("/weibo-rumor.json")),
            Verdict::RumorReposted,
        ),
        (
            "另一条辟谣",
            Some(s.url("/other-rebuttal")),
            Verdict::NotFound,
        ),
        ("无关内容", Some(s.url("/unrelated")), Verdict::NotFound),
        ("验证码", Some(s.url("/captcha")), Verdict::Blocked),
        ("403", Some(s.url("/forbidden")), Verdict::Blocked),
        ("已删除", Some(s.url("/gov/list-deleted")), Verdict::Deleted),
        ("页面不存在", Some(s.url("/missing")), Verdict::Unreachable),
        ("先失败后成功", Some(s.url("/flaky")), Verdict::Reposted),
        ("限流后成功", Some(s.url("/limited")), Verdict::Reposted),
        (
            "长时间限流",
            Some(s.url("/limited-long")),
            Verdict::Unreachable,
        ),
        ("响应太慢", Some(s.url("/slow")), Verdict::Unreachable),
        ("连接被重置", Some(reset.clone()), Verdict::Unreachable),
        (
            "重定向循环",
            Some(s.url("/redirect-loop")),
            Verdict::Unreachable,
        ),
        ("超大页面", Some(s.url("/huge")), Verdict::Reposted),
        // Four megabytes of nothing: no item to read, not "not found".
        ("压缩炸弹", Some(s.url("/bomb")), Verdict::Unreadable),
        ("群聊", None, Verdict::Unchecked),
        (
            "公众号历史消息",
            Some(s.url("/wechat/history")),
            Verdict::Reposted,
        ),
        (
            "公众号链接过期",
            Some(s.url("/wechat/expired")),
            Verdict::Deleted,
        ),
        (
            "微博网页版主页",
            Some(s.url("/weibo-shell")),
            Verdict::Unreadable,
        ),
        ("登录页", Some(s.url("/login-page")), Verdict::Unreadable),
        ("列表片段", Some(s.url("/ajax-list")), Verdict::Reposted),
        // Large pages: the pre-screen decides the first without parsing; the others must get
        // through it.
        (
            "大页面无关内容",
            Some(s.url("/big/unrelated")),
            Verdict::NotFound,
        ),
        (
            "大页面转义微博",
            Some(s.url("/big/weibo-escaped.json")),
            Verdict::Reposted,
        ),
        (
            "大页面实体编码",
            Some(s.url("/big/entities")),
            Verdict::Reposted,
        ),
        (
            "大页面包装链接",
            Some(s.url("/big/weibo-link.json")),
            Verdict::Reposted,
        ),
        (
            "大页面截断标题",
            Some(s.url("/big/truncated")),
            Verdict::Reposted,
        ),
        ("大页面验证码", Some(s.url("/big/wall")), Verdict::Blocked),
    ];
    let accounts: Vec<(&str, Option<String>)> =
        cases.iter().map(|(n, u, _)| (*n, u.clone())).collect();
    let w = world(&s, &accounts).await;
    let started = Instant::now();
    let got = w.sweep().await;
    let took = started.elapsed();
    let mut wrong = Vec::new();
    for (name, _, want) in &cases {
        let (verdict, why) = &got[*name];
        println!("{name:<12} {verdict:?}: {why}");
        if verdict != want {
            wrong.push(format!("{name}: got {verdict:?} want {want:?} ({why})"));
        }
    }
    assert!(wrong.is_empty(), "wrong verdicts:\n{}", wrong.join("\n"));
    assert_eq!(s.hits("flaky"), 3, "two 503s retried, then success");
    assert_eq!(s.hits("limited"), 2, "429 honoured once, then success");
    assert_eq!(
        s.hits("limited-long"),
        1,
        "a Retry-After past the ceiling is not waited for"
    );
    // Bounded by the timeouts: the slow page costs (1 + retries) × total timeout plus backoff.
    assert!(took < Duration::from_secs(12), "sweep took {took:?}");
    // Evidence says why, in words a coordinator reads.
    assert!(
        got["重定向循环"].1.contains("重定向"),
        "{}",
        got["重定向循环"].1
    );
    assert!(got["验证码"].1.contains("拦截"), "{}", got["验证码"].1);
    // A large page with nothing on it is decided by the pre-screen, and says so.
    assert!(
        got["大页面无关内容"]
            .1
            .contains("没有出现与本条辟谣信息或谣言相关的文字"),
        "{}",
        got["大页面无关内容"].1
    );
    assert!(w.checker.stats.snapshot().screened >= 1);
    let results = w.db.push_results(w.push_id).unwrap();
    let gov = results
        .iter()
        .find(|r| r.account == "政府网站截断标题")
        .unwrap();
    let e = gov.evidence.as_ref().unwrap();
    assert!(
        e.item_url.as_deref().unwrap().ends_with("/gov/a/2.html"),
        "{e:?}"
    );
    assert_eq!(e.http_status, Some(200));
    assert!(gov.first_seen_at.is_some());
    // The evidence lists what was read (the decisive item marked) and as what; a page
    // nothing could be read from names no kind and lists nothing.
    assert_eq!(e.page_kind.as_deref(), Some("html_list"));
    assert!(e.items_read.iter().any(|i| i.decisive), "{e:?}");
    let shell = results
        .iter()
        .find(|r| r.account == "微博网页版主页")
        .unwrap();
    let e = shell.evidence.as_ref().unwrap();
    assert_eq!(
        (e.page_kind.as_deref(), e.items_read.len()),
        (None, 0),
        "{e:?}"
    );
    assert!(
        e.explanation.contains("请人工打开核查"),
        "{}",
        e.explanation
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unchanged_page_costs_nothing_and_a_confirmed_repost_is_not_fetched_again() {
    let s = FixtureServer::start().await;
    let w = world(
        &s,
        &[
            ("ETag 页面", Some(s.url("/etag"))),
            ("公众号转载", Some(s.url("/wechat/repost"))),
        ],
    )
    .await;
    let first = w.sweep().await;
    assert_eq!(first["ETag 页面"].0, Verdict::NotFound);
    assert_eq!(first["公众号转载"].0, Verdict::Reposted);
    let second = w.sweep().await;
    assert_eq!(second["ETag 页面"].0, Verdict::NotFound);
    assert!(
        second["ETag 页面"].1.contains("没有变化"),
        "{}",
        second["ETag 页面"].1
    );
    assert_eq!(w.checker.stats.snapshot().unchanged, 1);
    assert_eq!(s.hits("etag"), 2);
    // The confirmed repost is no longer a pending check.
    let pending = w.db.pending_checks(w.push_id).unwrap();
    assert_eq!(pending.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_an_account_gives_is_verified() {
    let s = FixtureServer::start().await;
    let fetcher = Arc::new(Fetcher::new(test_config()));
    let checker = Checker::new(fetcher, &reference(&s));
    assert_eq!(
        checker.verify_link(&s.url("/wechat/repost")).await.verdict,
        Verdict::Reposted
    );
    assert_eq!(
        checker.verify_link(&s.url("/other-rebuttal")).await.verdict,
        Verdict::NotFound
    );
    assert_eq!(
        checker.verify_link(&s.url("/gov/a/9.html")).await.verdict,
        Verdict::Deleted
    );
    assert_eq!(
        checker.verify_link("javascript:alert(1)").await.verdict,
        Verdict::Unreachable
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn per_host_pacing_spaces_requests() {
    let s = FixtureServer::start().await;
    let cfg = FetchConfig {
        per_host_interval_ms: 200,
        per_host_concurrency: 1,
        ..test_config()
    };
    let fetcher = Fetcher::new(cfg);
    let started = Instant::now();
    for _ in 0..4 {
        fetcher
            .fetch(&s.url("/unrelated"), &Default::default())
            .await;
    }
    // 4 requests to one host, 200 ms apart: at least 3 intervals.
    assert!(
        started.elapsed() >= Duration::from_millis(600),
        "{:?}",
        started.elapsed()
    );
}

/// The large fixtures reach the pre-screen (over 16 KB decoded) and pass it, or not, for the
/// reason they were made for: a test of the sweep alone could pass with a page the screen
/// never saw.
#[test]
fn large_pages_meet_the_screen() {
    use piyao_check::extract::Format;
    use piyao_check::matcher::Matcher;
    use piyao_check::screen::MIN_SCREENED_BYTES;
    let base = "http://127.0.0.1:8";
    let pages = pages(base);
    let m = Matcher::new(&Reference {
        rebuttal_title: REBUTTAL_TITLE.into(),
        rebuttal_text: REBUTTAL_TEXT.into(),
        rebuttal_url: Some(rebuttal_url(base)),
        rumor_title: RUMOR_TITLE.into(),
        rumor_text: RUMOR_TEXT.into(),
        rebuttal_published: None,
    });
    let cases: &[(&str, bool, &str)] = &[
        ("/big/unrelated", false, "没有出现"),
        // (Only the decoded escapes and entities show any Chinese words at all.)
        ("/big/weibo-escaped.json", true, "页面含"),
        ("/big/entities", true, "页面含"),
        ("/big/weibo-link.json", true, "辟谣原文链接"),
        ("/big/truncated", true, "页面含"),
        ("/big/wall", true, "拦截"),
    ];
    for (path, may_match, reason) in cases {
        let f = &pages[*path];
        let text = piyao_check::decode::decode(&f.body, Some(f.content_type));
        assert!(
            text.len() >= MIN_SCREENED_BYTES,
            "{path}: {} bytes",
            text.len()
        );
        let url = url::Url::parse(&format!("{base}{path}")).unwrap();
        let s = m.screen(&text, Some(f.content_type), &url, &Format::Auto);
        assert_eq!(s.may_match, *may_match, "{path}: {s:?}");
        assert!(s.reason.contains(reason), "{path}: {s:?}");
    }
}

/// A body cut short by a stall (a slow trickle past the total timeout) or a broken
/// connection is not the account's page: "no repost found" on a few hundred bytes would send
/// a wrong reminder. What did arrive still counts when it shows the repost. A body cut at the
/// size cap is the top of the page (newest posts first) and is judged, saying so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_cut_short_is_judged_only_on_what_it_shows() {
    let s = FixtureServer::start().await;
    let w = world(
        &s,
        &[
            ("细水长流", Some(s.url("/trickle"))),
            ("转载后卡住", Some(s.url("/trickle-repost"))),
            ("传输中断", Some(s.url("/broken"))),
            ("超大页面", Some(s.url("/huge"))),
            ("压缩炸弹", Some(s.url("/bomb"))),
        ],
    )
    .await;
    let started = Instant::now();
    let got = w.sweep().await;
    for (name, (v, why)) in &got {
        println!("{name}: {v:?} {why}");
    }
    assert_eq!(
        got["细水长流"].0,
        Verdict::Unreachable,
        "{}",
        got["细水长流"].1
    );
    assert!(got["细水长流"].1.contains("超时"), "{}", got["细水长流"].1);
    assert_eq!(
        got["传输中断"].0,
        Verdict::Unreachable,
        "{}",
        got["传输中断"].1
    );
    assert!(got["传输中断"].1.contains("中断"), "{}", got["传输中断"].1);
    assert_eq!(
        got["转载后卡住"].0,
        Verdict::Reposted,
        "{}",
        got["转载后卡住"].1
    );
    assert!(
        got["转载后卡住"].1.contains("未传输完整"),
        "{}",
        got["转载后卡住"].1
    );
    assert_eq!(got["超大页面"].0, Verdict::Reposted);
    assert_eq!(got["压缩炸弹"].0, Verdict::Unreadable);
    assert!(
        got["压缩炸弹"].1.contains("只核查了前"),
        "{}",
        got["压缩炸弹"].1
    );
    // A stall costs one total timeout, not more: it is not retried.
    assert!(
        started.elapsed() < Duration::from_secs(6),
        "{:?}",
        started.elapsed()
    );
}
