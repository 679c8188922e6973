//! 测试读取 over every kind of account, against a loopback Weibo and loopback bridges: what
//! is read (items with titles, dates, links) or why not, kept with the account so that the
//! ledger can filter on 可核查.

mod platforms;

use std::sync::Arc;

use piyao_check::fetch::{FetchConfig, Fetcher};
use piyao_check::probe::probe_all;
use piyao_core::model::{AccountFilter, AccountInput, Checkable, Platform, ProbeReport, Tier};
use piyao_core::rules::sources::PlatformSettings;
use piyao_core::Db;
use piyao_testnet::bridges::{Failure, FakeBridges};
use piyao_testnet::weibo::{FakeWeibo, Post};

fn add(db: &Db, name: &str, platform: Platform, url: Option<&str>, active: bool) {
    db.create_account(AccountInput {
        active,
        ..platforms::account(name, platform, Tier::Auxiliary, url)
    })
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_account_is_tested_and_the_ledger_knows_which_can_be_checked() {
    let weibo = FakeWeibo::start();
    weibo.set_timeline(
        "1111111111",
        "平安云川",
        vec![
            Post {
                pinned: true,
                ..Post::new("1", "【置顶】报警请拨打110")
            },
            Post::new("2", "冬季防火提示：请勿在林区吸烟。"),
        ],
    );
    let bridges = FakeBridges::start();
    bridges.set_feed(
        "wewe:MP_WXS_1",
        vec![(
            "区里召开冬季安全生产会议".into(),
            "https://mp.weixin.qq.com/s/a".into(),
            "会议部署工作。".into(),
        )],
    );
    bridges.fail(
        "toutiao:TK1",
        Some(Failure::RsshubPage(503, "Error: Cookies expired".into())),
    );

    let db = Db::open_in_memory().unwrap();
    db.set_platform_settings(PlatformSettings {
        wewe_rss: Some(bridges.base().into()),
        rsshub: Some(bridges.base().into()),
        weibo_api: Some(weibo.base().into()),
        weibo_cookie: None,
        ..Default::default()
    })
    .unwrap();
    add(
        &db,
        "平安云川",
        Platform::Weibo,
        Some("https://weibo.com/u/1111111111"),
        true,
    );
    add(&db, "云川发布", Platform::Wechat, Some("MP_WXS_1"), true);
    add(
        &db,
        "云川文章",
        Platform::Wechat,
        Some("https://mp.weixin.qq.com/s/xyz"),
        true,
    );
    add(
        &db,
        "云川头条",
        Platform::Toutiao,
        Some("https://www.toutiao.com/c/user/token/TK1/"),
        true,
    );
    add(&db, "龙塔网格群", Platform::GroupChat, None, true);
    add(
        &db,
        "停用的账号",
        Platform::Website,
        Some("http://127.0.0.1:9/x"),
        false,
    );

    let fetcher = Arc::new(Fetcher::new(FetchConfig {
        weibo_passport: weibo.base().into(),
        retries: 0,
        ..FetchConfig::impolite()
    }));
    let targets = db.probe_list(None).unwrap();
    assert_eq!(targets.len(), 5, "inactive accounts are not tested");
    let mut reports: Vec<ProbeReport> = Vec::new();
    assert!(
        probe_all(fetcher, targets, |r| {
            db.record_probe(&r).unwrap();
            reports.push(r);
            true
        })
        .await
    );
    let by = |name: &str| reports.iter().find(|r| r.account == name).unwrap().clone();

    let w = by("平安云川");
    assert_eq!(
        w.readability.checkable,
        Checkable::Auto,
        "{:?}",
        w.readability
    );
    assert_eq!(w.items.len(), 2);
    assert!(
        w.items.iter().any(|i| i.title.contains("冬季防火提示")),
        "{:?}",
        w.items
    );
    assert!(w
        .read_url
        .as_deref()
        .unwrap()
        .contains("/api/container/getIndex"));
    let feed = by("云川发布");
    assert_eq!(feed.readability.checkable, Checkable::Auto);
    assert_eq!(
        feed.items[0].link.as_deref(),
        Some("https://mp.weixin.qq.com/s/a")
    );
    assert!(
        feed.readability.reason.contains("读到 1 条"),
        "{}",
        feed.readability.reason
    );
    let article = by("云川文章");
    assert_eq!(article.readability.checkable, Checkable::People);
    assert!(article.readability.reason.contains("MP_WXS_"));
    let tt = by("云川头条");
    assert_eq!(tt.readability.checkable, Checkable::Failed);
    assert!(
        tt.readability.reason.contains("Cookies expired"),
        "{}",
        tt.readability.reason
    );
    assert_eq!(by("龙塔网格群").readability.checkable, Checkable::People);

    // the ledger shows and filters what the tests found
    let names = |c: Checkable| -> Vec<String> {
        db.list_accounts(&AccountFilter {
            checkable: Some(c),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect()
    };
    let mut auto = names(Checkable::Auto);
    auto.sort();
    assert_eq!(auto, vec!["云川发布", "平安云川"]);
    assert_eq!(names(Checkable::Failed), vec!["云川头条"]);
    let listed = db.list_accounts(&AccountFilter::default()).unwrap();
    let tt = listed.iter().find(|a| a.name == "云川头条").unwrap();
    assert!(tt
        .readability
        .as_ref()
        .unwrap()
        .reason
        .contains("Cookies expired"));

    // the dashboard: how much of each tier the checker can read
    let dash = db.dashboard(time::OffsetDateTime::now_utc()).unwrap();
    assert_eq!(dash.checkable.len(), 1);
    let aux = &dash.checkable[0];
    assert_eq!(
        (
            aux.tier,
            aux.accounts,
            aux.auto,
            aux.people,
            aux.failed,
            aux.untested
        ),
        (Tier::Auxiliary, 5, 2, 2, 1, 0)
    );

    // a new address voids the old test
    let mut input = AccountInput::from(tt);
    input.watch_url = Some("https://www.toutiao.com/c/user/token/TK2/".into());
    let edited = db.update_account(tt.id, input).unwrap();
    assert_eq!(edited.readability, None);
}
