//! The demo district against its demo internet, read by the real checker: a push launched a
//! minute and a half ago finds the main force reposted, the rumor and the wall of the allied
//! force, the late accounts not yet, the group chats left to people; the demo work groups get
//! the notice and the reminder.

use std::sync::Arc;

use piyao_check::fetch::{FetchConfig, Fetcher};
use piyao_core::model::{AccountFilter, CaseFilter, PushLaunch, Tier, Verdict};
use piyao_core::Db;
use piyao_monitor::Monitor;
use piyao_notify::{Notifier, NotifyConfig};
use piyao_testnet::demo::DemoNet;
use time::{Duration, OffsetDateTime};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_demo_push_plays_out_on_the_demo_internet() {
    let db = Arc::new(Db::open_in_memory().unwrap());
    db.load_demo().unwrap();
    // port 0: whatever is free (the app asks for 8790 first)
    let net = DemoNet::start(db.clone(), 0).unwrap();
    db.rebase_demo(net.base()).unwrap();
    let launched = OffsetDateTime::now_utc() - Duration::seconds(100);
    let clock = Arc::new(std::sync::Mutex::new(launched));
    let c = clock.clone();
    let monitor = Monitor::new(
        db.clone(),
        Arc::new(Fetcher::new(FetchConfig {
            connect_timeout_ms: 1_000,
            total_timeout_ms: 3_000,
            retries: 1,
            retry_base_ms: 50,
            ..FetchConfig::impolite()
        })),
        Arc::new(Notifier::new(NotifyConfig::default())),
    )
    .with_clock(Arc::new(move || *c.lock().unwrap()));

    let case_id = db.list_cases(&CaseFilter::default()).unwrap()[0].id;
    let draft = db.push_draft(case_id, launched).unwrap();
    let bots: Vec<i64> = db.list_bots().unwrap().iter().map(|b| b.id).collect();
    let (push, sent) = monitor
        .launch(
            &PushLaunch {
                case_id,
                filter: piyao_core::model::TargetFilter {
                    tiers: Tier::ALL.to_vec(),
                    ..Default::default()
                },
                deadlines: draft.deadlines,
                notice: draft.notice,
                bot_ids: bots.clone(),
            },
            "测试员",
        )
        .await
        .unwrap();
    assert!(sent.iter().all(|d| d.outcome.ok), "{sent:?}");
    let received = net.received();
    assert_eq!(received.len(), 2);
    assert!(received[0].text.contains(piyao_core::demo::DEMO_REBUTTAL));

    monitor.sweep_push(push.id, &|_| {}).await.unwrap();
    let results = db.push_results(push.id).unwrap();
    let verdict = |name: &str| {
        results
            .iter()
            .filter(|r| r.account == name)
            .map(|r| r.verdict)
            .collect::<Vec<_>>()
    };
    // every main-force account, on every platform (list page, Weibo JSON, feeds)
    for r in results.iter().filter(|r| r.tier == Tier::Main) {
        assert_eq!(
            r.verdict,
            Some(Verdict::Reposted),
            "{} {:?}",
            r.account,
            r.evidence
        );
    }
    assert_eq!(verdict("云川吃喝玩乐"), [Some(Verdict::RumorReposted)]);
    assert_eq!(verdict("江湾同城"), [Some(Verdict::Blocked)]);
    assert_eq!(verdict("云川车友会"), [Some(Verdict::Reposted)]);
    // late, on both its platforms
    assert_eq!(
        verdict("云川住建"),
        [Some(Verdict::NotFound), Some(Verdict::NotFound)]
    );
    let chats = db
        .list_accounts(&AccountFilter::default())
        .unwrap()
        .into_iter()
        .filter(|a| a.watch_url.is_none())
        .count();
    assert_eq!(chats, 6);
    assert!(results
        .iter()
        .filter(|r| r.watch_url.is_none())
        .all(|r| r.verdict != Some(Verdict::Reposted)));

    // eight minutes on, the deadlines of the auxiliary and allied forces have passed with
    // stragglers: the next sweep sends the automatic reminder to the demo work groups
    *clock.lock().unwrap() = launched + Duration::minutes(9);
    monitor.sweep_push(push.id, &|_| {}).await.unwrap();
    let received = net.received();
    assert!(received.len() > 2, "{received:?}");
    let reminder = &received.last().unwrap().text;
    assert!(
        reminder.contains("催办") && reminder.contains("云川住建"),
        "{reminder}"
    );
}
