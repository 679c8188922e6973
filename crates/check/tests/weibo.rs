//! Weibo accounts entered as profile links, checked through the mobile JSON API of a loopback
//! Weibo that enforces the visitor handshake: identities are fetched, renewed when they
//! expire, a cooling passport makes the account blocked (never "not reposted"), and no cookie
//! reaches the evidence.

mod platforms;

use std::collections::HashMap;
use std::sync::Arc;

use piyao_check::fetch::{FetchConfig, Fetcher};
use piyao_check::sweep::Checker;
use piyao_core::model::{Platform, Verdict};
use piyao_core::rules::sources::PlatformSettings;
use piyao_core::Db;
use piyao_testnet::weibo::{FakeWeibo, Post, Refusal};
use piyao_testnet::{REBUTTAL, REBUTTAL_TEXT, RUMOR, RUMOR_TEXT};

struct World {
    db: Db,
    push_id: i64,
    checker: Arc<Checker>,
    fetcher: Arc<Fetcher>,
}

fn world(weibo: &FakeWeibo, accounts: &[(&str, &str)]) -> World {
    let accounts: Vec<(&str, Platform, &str)> = accounts
        .iter()
        .map(|(name, link)| (*name, Platform::Weibo, *link))
        .collect();
    let (db, push_id) = platforms::db_with_push(
        PlatformSettings {
            weibo_api: Some(weibo.base().to_string()),
            ..Default::default()
        },
        &accounts,
    );
    let config = FetchConfig {
        weibo_passport: weibo.base().to_string(),
        retries: 0,
        ..FetchConfig::impolite()
    };
    let fetcher = Arc::new(Fetcher::new(config));
    let checker = Arc::new(Checker::new(fetcher.clone(), &platforms::reference()));
    World {
        db,
        push_id,
        checker,
        fetcher,
    }
}

impl World {
    fn checker_fetcher(&self) -> &Fetcher {
        &self.fetcher
    }

    async fn sweep(&self) -> HashMap<String, (Verdict, String, String)> {
        platforms::sweep_all(&self.db, self.push_id, self.checker.clone()).await
    }
}

fn timelines(weibo: &FakeWeibo) {
    let pinned = Post {
        pinned: true,
        created_at: "Mon Jan 06 09:00:00 +0800 2025".into(),
        ..Post::new("4001", "【置顶】欢迎关注平安云川，报警请拨打110")
    };
    let repost = Post {
        repost_of: Some((
            "5099".into(),
            "云川发布".into(),
            format!("{REBUTTAL} {REBUTTAL_TEXT}"),
        )),
        ..Post::new("4002", "转发微博")
    };
    weibo.set_timeline(
        "1111111111",
        "平安云川",
        vec![
            pinned,
            Post::new("4003", "今日天气晴，出行注意安全。"),
            repost,
        ],
    );
    weibo.set_timeline(
        "2222222222",
        "云川发布",
        vec![Post::new("5099", &format!("{REBUTTAL} {REBUTTAL_TEXT}"))],
    );
    weibo.set_timeline(
        "3333333333",
        "云川网格",
        vec![Post::new("6001", &format!("{RUMOR}！{RUMOR_TEXT}"))],
    );
    weibo.set_timeline(
        "4444444444",
        "云川文旅",
        vec![Post::new("7001", "冬季到云川看雪，景区门票半价。")],
    );
}

const ACCOUNTS: [(&str, &str); 4] = [
    ("平安云川", "https://weibo.com/u/1111111111"),
    ("云川发布", "m.weibo.cn/profile/2222222222"),
    ("云川网格", "https://m.weibo.cn/u/3333333333"),
    ("云川文旅", "4444444444"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profile_links_are_read_with_a_visitor_identity_renewed_when_it_expires() {
    let weibo = FakeWeibo::start();
    timelines(&weibo);
    let w = world(&weibo, &ACCOUNTS);

    let first = w.sweep().await;
    let verdict = |m: &HashMap<String, (Verdict, String, String)>, name: &str| m[name].0;
    assert_eq!(
        verdict(&first, "平安云川"),
        Verdict::Reposted,
        "{:?}",
        first["平安云川"]
    );
    assert_eq!(
        verdict(&first, "云川发布"),
        Verdict::Reposted,
        "{:?}",
        first["云川发布"]
    );
    assert_eq!(
        verdict(&first, "云川网格"),
        Verdict::RumorReposted,
        "{:?}",
        first["云川网格"]
    );
    assert_eq!(
        verdict(&first, "云川文旅"),
        Verdict::NotFound,
        "{:?}",
        first["云川文旅"]
    );
    assert!(weibo.handshakes() >= 1);
    let after_first = weibo.handshakes();

    // the identities expire: the API refuses them, the checker asks for new ones once
    weibo.expire_identities();
    let refused_before = weibo.refused();
    let second = w.sweep().await;
    assert!(
        weibo.refused() > refused_before,
        "the expired identity was refused"
    );
    assert!(weibo.handshakes() > after_first, "and a new one fetched");
    assert_eq!(
        verdict(&second, "云川文旅"),
        Verdict::NotFound,
        "{:?}",
        second["云川文旅"]
    );
    assert_eq!(verdict(&second, "云川网格"), Verdict::RumorReposted);

    // no cookie ever reaches the evidence
    for (name, (_, _, evidence)) in first.iter().chain(second.iter()) {
        assert!(
            !evidence.contains("SUB=") && !evidence.contains("_2AkMV"),
            "{name}: {evidence}"
        );
    }
    assert!(weibo
        .cookies_seen()
        .iter()
        .all(|c| c.starts_with("SUB=_2AkMV")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cooling_passport_makes_the_account_blocked_never_not_reposted() {
    for refusal in [Refusal::Status432, Refusal::VisitorPage] {
        let weibo = FakeWeibo::start();
        timelines(&weibo);
        weibo.refuse_with(refusal);
        let w = world(&weibo, &ACCOUNTS[3..]);
        assert_eq!(w.sweep().await["云川文旅"].0, Verdict::NotFound);

        weibo.expire_identities();
        weibo.set_cooling(true);
        let (verdict, why, _) = w.sweep().await.remove("云川文旅").unwrap();
        assert_eq!(verdict, Verdict::Blocked, "{refusal:?}: {why}");
        assert!(why.contains("冷却"), "{refusal:?}: {why}");

        // the passport recovers: the next sweep reads the account again
        weibo.set_cooling(false);
        assert_eq!(
            w.sweep().await["云川文旅"].0,
            Verdict::NotFound,
            "{refusal:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_account_only_logged_in_users_see_is_read_with_the_offices_cookie() {
    const LOGIN: &str = "SUB=_2A25LoginSecret; SUBP=0033WrLogin";
    let weibo = FakeWeibo::start();
    timelines(&weibo);
    weibo.login_only("2222222222", LOGIN);
    let w = world(&weibo, &ACCOUNTS[1..2]);
    let (verdict, why, _) = w.sweep().await.remove("云川发布").unwrap();
    assert_ne!(
        verdict,
        Verdict::NotFound,
        "a login wall is never not-reposted: {why}"
    );
    assert!(
        matches!(verdict, Verdict::Blocked | Verdict::Unreadable),
        "{verdict:?}: {why}"
    );

    let mut settings = w.db.platform_settings().unwrap();
    settings.weibo_cookie = Some(LOGIN.into());
    w.db.set_platform_settings(settings.clone()).unwrap();
    w.checker_fetcher()
        .apply(&w.db.platform_settings().unwrap());
    let (verdict, why, evidence) = w.sweep().await.remove("云川发布").unwrap();
    assert_eq!(verdict, Verdict::Reposted, "{why}");
    assert!(!evidence.contains("LoginSecret") && !why.contains("LoginSecret"));
    assert!(weibo.cookies_seen().iter().any(|c| c == LOGIN));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_post_is_read_whole_through_the_api_with_the_visitor_identity() {
    let weibo = FakeWeibo::start();
    // the timeline shows the start of the title, cut with "...全文"; the rest is behind it
    let cut: String = REBUTTAL.chars().take(10).collect();
    weibo.set_timeline(
        "5555555555",
        "云川消防",
        vec![Post {
            long_text: Some(format!("{REBUTTAL} {REBUTTAL_TEXT}")),
            ..Post::new("8001", &cut)
        }],
    );
    let w = world(&weibo, &[("云川消防", "https://weibo.com/u/5555555555")]);
    let (verdict, why, evidence) = w.sweep().await.remove("云川消防").unwrap();
    assert_eq!(verdict, Verdict::Reposted, "{why}");
    assert!(
        evidence.contains("m.weibo.cn/status/8001"),
        "the post's own link as evidence: {evidence}"
    );
    assert_eq!(
        weibo.refused(),
        0,
        "the long text was asked with the identity"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_personal_domain_is_looked_up_with_the_identity_and_its_user_id_kept() {
    use piyao_check::probe::probe;
    use piyao_core::model::{AccountFilter, Checkable};
    use piyao_core::rules::sources::Source;

    let weibo = FakeWeibo::start();
    timelines(&weibo);
    weibo.set_domain("pinganyunchuan", "1111111111");
    let w = world(
        &weibo,
        &[
            ("平安云川", "https://weibo.com/pinganyunchuan"),
            ("无此账号", "weibo.com/nobody_here"),
        ],
    );

    // a sweep reads the domain's timeline behind its lookup, with the visitor identity
    let first = w.sweep().await;
    assert_eq!(
        first["平安云川"].0,
        Verdict::Reposted,
        "{:?}",
        first["平安云川"]
    );
    let (verdict, why, _) = &first["无此账号"];
    assert_eq!(*verdict, Verdict::Unreachable, "{why}");
    assert!(why.contains("个性域名“nobody_here”没有对应的账号"), "{why}");
    assert_eq!(weibo.lookups(), 2);
    assert!(weibo
        .cookies_seen()
        .iter()
        .all(|c| c.starts_with("SUB=_2AkMV")));

    // 测试读取 keeps what the lookup found: the user ID, beside the address as entered
    for target in w.db.probe_list(None).unwrap() {
        let report = probe(w.checker_fetcher(), &target).await;
        w.db.record_probe(&report).unwrap();
    }
    let ledger = w.db.list_accounts(&AccountFilter::default()).unwrap();
    let account = |name: &str| ledger.iter().find(|a| a.name == name).unwrap().clone();
    let found = account("平安云川");
    assert_eq!(
        found.source,
        Some(Source::Weibo {
            uid: "1111111111".into()
        })
    );
    assert_eq!(
        found.watch_url.as_deref(),
        Some("https://weibo.com/pinganyunchuan")
    );
    assert_eq!(found.readability.unwrap().checkable, Checkable::Auto);
    let missing = account("无此账号");
    assert_eq!(
        missing.source,
        Some(Source::WeiboDomain {
            domain: "nobody_here".into()
        })
    );
    let failed = missing.readability.unwrap();
    assert_eq!(failed.checkable, Checkable::Failed);
    assert!(
        failed.reason.contains("没有对应的账号"),
        "{}",
        failed.reason
    );

    // from now on the timeline is read straight away: no more lookups for it
    let lookups = weibo.lookups();
    let target = w.db.probe_list(Some(&[found.id])).unwrap().pop().unwrap();
    let again = probe(w.checker_fetcher(), &target).await;
    assert_eq!(again.readability.checkable, Checkable::Auto);
    assert!(!again.items.is_empty());
    assert_eq!(weibo.lookups(), lookups);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_native_repost_is_matched_by_the_originals_id_whatever_form_the_rebuttals_link_has() {
    // an image-only rebuttal: its words are in the picture, so only its id can match
    const MID: &str = "3501756485200075";
    const BID: &str = "z0JH2lOMb";
    let weibo = FakeWeibo::start();
    let repost_of = |mid: &str| Post {
        repost_of: Some((
            mid.into(),
            "云川发布".into(),
            "【辟谣】关于网传情况的说明（详见图片）".into(),
        )),
        ..Post::new(&format!("41{mid}"), "转发微博")
    };
    weibo.set_timeline("1111111111", "平安云川", vec![repost_of(MID)]);
    // another post of the same author
    weibo.set_timeline(
        "5555555555",
        "云川交警",
        vec![repost_of("3501756485200076")],
    );
    let w = world(
        &weibo,
        &[
            ("平安云川", "https://weibo.com/u/1111111111"),
            ("云川交警", "https://weibo.com/u/5555555555"),
        ],
    );
    let reference = piyao_check::item::Reference {
        rebuttal_url: Some(format!("https://weibo.com/2222222222/{BID}")),
        ..platforms::reference()
    };
    let checker = Arc::new(Checker::new(w.fetcher.clone(), &reference));
    let found = platforms::sweep_all(&w.db, w.push_id, checker).await;
    let (verdict, why, evidence) = &found["平安云川"];
    assert_eq!(*verdict, Verdict::Reposted, "{why}");
    assert!(
        evidence.contains(&format!("m.weibo.cn/status/{MID}")),
        "{evidence}"
    );
    assert_eq!(
        found["云川交警"].0,
        Verdict::NotFound,
        "{:?}",
        found["云川交警"]
    );
}
