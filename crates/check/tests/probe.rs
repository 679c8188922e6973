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
    // the account behind a short article link, once its page has named it (`__biz`)
    bridges.set_feed(
        "wewe:MP_WXS_2397155326",
        vec![(
            "垃圾分类新规今起施行".into(),
            "https://mp.weixin.qq.com/s/b".into(),
            "新规要点。".into(),
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
        "云川短链",
        Platform::Wechat,
        Some("https://mp.weixin.qq.com/s/verify"),
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
    let mut targets = db.probe_list(None).unwrap();
    assert_eq!(targets.len(), 6, "inactive accounts are not tested");
    // the short links' articles are opened to find their accounts: a real article page as
    // WeChat served it (no __biz in its link, `var biz` in its page), and WeChat's check page;
    // served on loopback in their place
    let internet = piyao_testnet::Internet::start();
    let real = include_str!("real/pages/wechat_article/mp.weixin.qq.com-1.html");
    for (name, page) in [
        ("云川文章", real.to_string()),
        (
            "云川短链",
            "<html><title>当前环境异常，完成验证后即可继续访问</title></html>".to_string(),
        ),
    ] {
        let t = targets.iter_mut().find(|t| t.name == name).unwrap();
        let identify = t.identify.as_mut().expect("a short link is identified");
        assert!(identify.article.starts_with("https://mp.weixin.qq.com/s/"));
        identify.article = internet.serve_raw(name, "text/html; charset=utf-8", page);
    }
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
    assert_eq!(
        article.readability.checkable,
        Checkable::Auto,
        "{:?}",
        article.readability
    );
    assert_eq!(article.items[0].title, "垃圾分类新规今起施行");
    let check_page = by("云川短链");
    assert_eq!(check_page.readability.checkable, Checkable::Failed);
    assert!(
        check_page.readability.reason.contains("__biz"),
        "{}",
        check_page.readability.reason
    );
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
    assert_eq!(auto, vec!["云川发布", "云川文章", "平安云川"]);
    let mut failed = names(Checkable::Failed);
    failed.sort();
    assert_eq!(failed, vec!["云川头条", "云川短链"]);
    // the account found stays found: the feed is read from now on, by checks too
    let after = db.probe_list(None).unwrap();
    let article = after.iter().find(|t| t.name == "云川文章").unwrap();
    assert_eq!(article.identify, None);
    assert_eq!(
        article.reading,
        Ok(Some(piyao_core::rules::sources::Reading::Fetch {
            url: format!("{}/feeds/MP_WXS_2397155326.atom", bridges.base())
        }))
    );
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
        (Tier::Auxiliary, 6, 3, 1, 2, 0)
    );

    // a new address voids the old test
    let mut input = AccountInput::from(tt);
    input.watch_url = Some("https://www.toutiao.com/c/user/token/TK2/".into());
    let edited = db.update_account(tt.id, input).unwrap();
    assert_eq!(edited.readability, None);
}
