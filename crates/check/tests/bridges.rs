//! WeChat, Toutiao and Douyin accounts read through the office's own bridges (a WeWe RSS and
//! an RSSHub on loopback): the ledger holds what the coordinator pasted, the checker reads the
//! bridge's feed, and every bridge failure is blocked in the bridge's own words, never "not
//! reposted" or "the page does not exist". Without a bridge the account needs people's evidence.

mod platforms;

use std::collections::HashMap;
use std::sync::Arc;

use piyao_check::fetch::{FetchConfig, Fetcher};
use piyao_check::sweep::Checker;
use piyao_core::model::{Platform, Verdict};
use piyao_core::rules::sources::PlatformSettings;
use piyao_core::Db;
use piyao_testnet::bridges::{Failure, FakeBridges};
use piyao_testnet::{REBUTTAL, REBUTTAL_TEXT, RUMOR, RUMOR_TEXT};

const TOKEN: &str = "MS4wLjABAAAAv7iSuuXDJGDvJkmH";
const SEC_UID: &str = "MS4wLjABAAAA-dy_1";

fn db_with_push(settings: PlatformSettings) -> (Db, i64) {
    let toutiao = format!("https://www.toutiao.com/c/user/token/{TOKEN}/");
    let douyin = format!("https://www.douyin.com/user/{SEC_UID}?from_tab_name=main");
    platforms::db_with_push(
        settings,
        &[
            ("云川发布", Platform::Wechat, "MP_WXS_3071"),
            ("平安云川公众号", Platform::Wechat, "MP_WXS_3072"),
            ("云川头条", Platform::Toutiao, &toutiao),
            ("云川抖音", Platform::Douyin, &douyin),
        ],
    )
}

async fn sweep_all(db: &Db, push_id: i64) -> HashMap<String, (Verdict, String)> {
    let checker = Arc::new(Checker::new(
        Arc::new(Fetcher::new(FetchConfig {
            retries: 1,
            retry_base_ms: 20,
            ..FetchConfig::impolite()
        })),
        &platforms::reference(),
    ));
    platforms::sweep_all(db, push_id, checker)
        .await
        .into_iter()
        .map(|(name, (verdict, why, _))| (name, (verdict, why)))
        .collect()
}

fn entry(title: &str, link: &str, text: &str) -> (String, String, String) {
    (title.into(), link.into(), text.into())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accounts_are_read_through_the_offices_bridges() {
    let b = FakeBridges::start();
    let rebuttal = entry(REBUTTAL, "https://mp.weixin.qq.com/s/r1", REBUTTAL_TEXT);
    let other = entry(
        "区里召开冬季安全生产会议",
        "https://mp.weixin.qq.com/s/o1",
        "会议部署冬季安全生产工作。",
    );
    b.set_feed("wewe:MP_WXS_3071", vec![other.clone(), rebuttal.clone()]);
    b.set_feed("wewe:MP_WXS_3072", vec![other.clone()]);
    b.set_feed(&format!("toutiao:{TOKEN}"), vec![rebuttal.clone()]);
    b.set_feed(
        &format!("douyin:{SEC_UID}"),
        vec![entry(
            &format!("{RUMOR}！"),
            "https://www.douyin.com/video/1",
            RUMOR_TEXT,
        )],
    );
    let (db, push) = db_with_push(PlatformSettings {
        wewe_rss: Some(b.base().into()),
        rsshub: Some(b.base().into()),
        weibo_api: None,
        weibo_cookie: None,
        ..Default::default()
    });
    let got = sweep_all(&db, push).await;
    assert_eq!(
        got["云川发布"].0,
        Verdict::Reposted,
        "{:?}",
        got["云川发布"]
    );
    assert_eq!(
        got["平安云川公众号"].0,
        Verdict::NotFound,
        "{:?}",
        got["平安云川公众号"]
    );
    assert_eq!(
        got["云川头条"].0,
        Verdict::Reposted,
        "{:?}",
        got["云川头条"]
    );
    assert_eq!(
        got["云川抖音"].0,
        Verdict::RumorReposted,
        "{:?}",
        got["云川抖音"]
    );
    assert_eq!(b.hits("wewe:MP_WXS_3071"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bridge_failure_is_blocked_in_the_bridges_words() {
    let b = FakeBridges::start();
    let (db, push) = db_with_push(PlatformSettings {
        wewe_rss: Some(b.base().into()),
        rsshub: Some(b.base().into()),
        weibo_api: None,
        weibo_cookie: None,
        ..Default::default()
    });
    let cases = [
        (
            "wewe:MP_WXS_3071",
            "云川发布",
            Failure::Json(500, "微信读书账号已失效，请重新登录".into()),
            "重新登录",
        ),
        (
            "wewe:MP_WXS_3072",
            "平安云川公众号",
            Failure::RsshubPage(503, "Error: Cooling down".into()),
            "Cooling down",
        ),
        (
            &format!("toutiao:{TOKEN}"),
            "云川头条",
            Failure::RsshubPage(503, "FetchError: filtered by WAF".into()),
            "filtered by WAF",
        ),
        (
            &format!("douyin:{SEC_UID}"),
            "云川抖音",
            Failure::RsshubPage(503, "Error: Cookies expired".into()),
            "Cookies expired",
        ),
    ];
    for (key, _, failure, _) in &cases {
        b.fail(key, Some(failure.clone()));
    }
    let got = sweep_all(&db, push).await;
    // Toutiao and Douyin: each route's failure in its own words, asked once
    for (key, name, _, words) in &cases[2..] {
        let (verdict, why) = &got[*name];
        assert_eq!(*verdict, Verdict::Blocked, "{name}: {why}");
        assert!(
            why.contains(words) && why.contains("不是“未转载”"),
            "{name}: {why}"
        );
        assert_eq!(
            b.hits(key),
            1,
            "{name}: a bridge's own error is not retried"
        );
    }
    // the two WeChat feeds share the bridge's login: the first refusal is said for both, and
    // the second feed is not asked for this sweep
    let (first, second) = (&got[cases[0].1], &got[cases[1].1]);
    assert_eq!((first.0, second.0), (Verdict::Blocked, Verdict::Blocked));
    assert_eq!(first.1, second.1);
    assert!(
        first.1.contains("/feeds 上的其他账号沿用此结论"),
        "{}",
        first.1
    );
    assert!(cases[..2]
        .iter()
        .any(|(_, _, _, words)| first.1.contains(words)));
    assert_eq!(b.hits(cases[0].0) + b.hits(cases[1].0), 1);

    // a route the bridge does not have (wrong ID, old RSSHub): blocked, not "page missing"
    let (db, push) = db_with_push(PlatformSettings {
        rsshub: Some(b.base().into()),
        ..Default::default()
    });
    b.fail(&format!("toutiao:{TOKEN}"), None);
    let got = sweep_all(&db, push).await;
    let (verdict, why) = &got["云川头条"];
    assert_eq!(*verdict, Verdict::Blocked, "{why}");
    assert!(
        why.contains("HTTP 404") && why.contains("订阅号 ID 有误"),
        "{why}"
    );
    // without WeWe RSS the WeChat accounts need people's evidence, not a blind check
    let (verdict, why) = &got["云川发布"];
    assert_eq!(*verdict, Verdict::Unchecked, "{why}");
    assert!(why.contains("WeWe RSS"), "{why}");
    // with WeWe RSS but an account it has not added: WeWe RSS's own answer, with what to do,
    // for that account only (the other feed is read)
    b.fail("wewe:MP_WXS_3071", None);
    b.fail("wewe:MP_WXS_3072", None);
    b.set_feed(
        "wewe:MP_WXS_3072",
        vec![entry(
            "区里召开冬季安全生产会议",
            "https://mp.weixin.qq.com/s/m",
            "会议。",
        )],
    );
    let (db, push) = db_with_push(PlatformSettings {
        wewe_rss: Some(b.base().into()),
        ..Default::default()
    });
    let got = sweep_all(&db, push).await;
    let (verdict, why) = &got["云川发布"];
    assert_eq!(*verdict, Verdict::Blocked, "{why}");
    assert!(
        why.contains("不存在该feed") && why.contains("添加") && !why.contains("沿用"),
        "{why}"
    );
    let (verdict, why) = &got["平安云川公众号"];
    assert_eq!(*verdict, Verdict::NotFound, "{why}");
    let (db, push) = db_with_push(PlatformSettings {
        rsshub: Some(b.base().into()),
        ..Default::default()
    });
    let got = sweep_all(&db, push).await;
    let (verdict, why) = &got["云川发布"];
    assert_eq!(*verdict, Verdict::Unchecked, "{why}");
    assert!(why.contains("WeWe RSS"), "{why}");

    // a bridge that answers a bare 503 is unreachable after retries (it says nothing more)
    b.fail(&format!("douyin:{SEC_UID}"), Some(Failure::Bare503));
    let got = sweep_all(&db, push).await;
    assert_eq!(
        got["云川抖音"].0,
        Verdict::Unreachable,
        "{:?}",
        got["云川抖音"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_settings_page_tests_a_bridge_address() {
    let b = FakeBridges::start();
    let fetcher = Fetcher::new(FetchConfig {
        retries: 0,
        ..FetchConfig::impolite()
    });
    let ok = piyao_check::bridge::test_bridge(&fetcher, &format!("{}/", b.base())).await;
    assert_eq!(ok, Ok("已连接 RSSHub".to_string()));
    // nothing listens there
    let dead = piyao_check::bridge::test_bridge(&fetcher, "http://127.0.0.1:9").await;
    assert!(dead.unwrap_err().contains("无法连接"));
    // a route instead of the base: RSSHub's own 404 page, quoted
    let wrong =
        piyao_check::bridge::test_bridge(&fetcher, &format!("{}/nothing/here", b.base())).await;
    assert!(wrong.unwrap_err().contains("HTTP 404"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pace_set_for_bridges_holds_between_requests() {
    use piyao_check::fetch::{FetchOutcome, Validators};
    use piyao_core::rules::sources::PlatformPace;
    let b = FakeBridges::start();
    b.set_feed(
        &format!("toutiao:{TOKEN}"),
        vec![entry("标题", "https://www.toutiao.com/a1", "正文")],
    );
    let fetcher = Fetcher::new(FetchConfig {
        retries: 0,
        ..FetchConfig::impolite()
    });
    let url = format!("{}/toutiao/user/token/{TOKEN}", b.base());
    let three = || async {
        let started = std::time::Instant::now();
        for _ in 0..3 {
            assert!(matches!(
                fetcher.fetch(&url, &Validators::default()).await,
                FetchOutcome::Page(_)
            ));
        }
        started.elapsed()
    };
    assert!(
        three().await < std::time::Duration::from_millis(900),
        "unpaced on loopback"
    );
    fetcher.apply(&PlatformSettings {
        rsshub: Some(b.base().into()),
        pace: PlatformPace {
            bridge_interval_s: 1,
            bridge_concurrency: 1,
            ..Default::default()
        },
        ..Default::default()
    });
    let paced = three().await;
    assert!(paced >= std::time::Duration::from_millis(1900), "{paced:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bridge_that_is_down_is_reported_once_per_sweep_and_host() {
    // an address where nothing listens: the office's bridge is not running
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let (db, push) = db_with_push(PlatformSettings {
        wewe_rss: Some(dead.clone()),
        rsshub: Some(dead.clone()),
        ..Default::default()
    });
    let got = sweep_all(&db, push).await;
    let whys: Vec<&String> = got.values().map(|(_, why)| why).collect();
    assert_eq!(got.len(), 4);
    for (name, (verdict, why)) in &got {
        assert_eq!(*verdict, Verdict::Unreachable, "{name}: {why}");
        assert!(why.contains("上的其他账号沿用此结论"), "{name}: {why}");
    }
    // one host, one cause, in the same words for every account: the board says it once
    assert!(whys.iter().all(|w| *w == whys[0]), "{whys:?}");
    let board = db
        .push_board(push, piyao_core::rules::push::now_utc())
        .unwrap();
    assert_eq!(board.blocked_causes.len(), 1, "{:?}", board.blocked_causes);
    assert_eq!(
        (
            board.blocked_causes[0].verdict,
            board.blocked_causes[0].accounts
        ),
        (Verdict::Unreachable, 4)
    );

    // the next sweep asks again: the bridge was started meanwhile
    let b = FakeBridges::start();
    db.set_platform_settings(PlatformSettings {
        wewe_rss: Some(b.base().into()),
        rsshub: Some(b.base().into()),
        ..Default::default()
    })
    .unwrap();
    let again = sweep_all(&db, push).await;
    assert!(
        again.values().all(|(v, _)| *v != Verdict::Unreachable),
        "{again:?}"
    );
}
