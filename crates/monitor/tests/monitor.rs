//! The monitor end to end against a loopback internet: account feeds that change between
//! sweeps, and a DingTalk-style bot that checks every request's signature.

use std::sync::{Arc, Mutex};

use piyao_check::fetch::{FetchConfig, Fetcher};
use piyao_core::model::{
    AccountInput, ManualConfirm, Platform, PushEventKind, PushLaunch, TargetFilter, Tier,
    TierDeadline, Verdict,
};
use piyao_core::testing::CaseBuilder;
use piyao_core::Db;
use piyao_monitor::Monitor;
use piyao_notify::{Notifier, NotifyConfig};
use piyao_testnet::{Internet, Shows, REBUTTAL, REBUTTAL_TEXT, RUMOR, RUMOR_TEXT};
use time::OffsetDateTime;

const ME: &str = "测试员";

fn account(name: &str, tier: Tier, unit: &str, url: Option<String>) -> AccountInput {
    AccountInput {
        name: name.into(),
        platform: if url.is_some() {
            Platform::Website
        } else {
            Platform::GroupChat
        },
        tier,
        unit: Some(unit.into()),
        territory: None,
        watch_url: url,
        contact: None,
        notes: None,
        active: true,
    }
}

/// A case with its rebuttal published, three main-force feeds, two auxiliary, one group chat.
fn world(net: &Internet) -> (Arc<Db>, i64) {
    let db = Db::open_in_memory().unwrap();
    net.seed_district(&db).unwrap();
    db.create_account(account(
        "龙塔社区居民群",
        Tier::Allied,
        "龙塔街道办事处",
        None,
    ))
    .unwrap();
    let c = CaseBuilder::new(RUMOR)
        .content(RUMOR_TEXT)
        .scores(4, 2, 4)
        .rebuttal(REBUTTAL, REBUTTAL_TEXT, Some(net.rebuttal_url()))
        .publisher("平安云川")
        .published(&db)
        .unwrap();
    (Arc::new(db), c.id)
}

fn fetch_config() -> FetchConfig {
    FetchConfig {
        connect_timeout_ms: 1_000,
        total_timeout_ms: 3_000,
        retries: 1,
        retry_base_ms: 50,
        ..FetchConfig::impolite()
    }
}

struct Clock(Mutex<OffsetDateTime>);

impl Clock {
    fn set(&self, t: OffsetDateTime) {
        *self.0.lock().unwrap() = t;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_push_is_monitored_reminded_and_completed() {
    let net = Internet::start();
    let (db, case_id) = world(&net);
    let bot = net.seed_main_force_bot(&db).unwrap();
    let start_at = OffsetDateTime::now_utc();
    let clock = Arc::new(Clock(Mutex::new(start_at)));
    let c = clock.clone();
    let monitor = Monitor::new(
        db.clone(),
        Arc::new(Fetcher::new(fetch_config())),
        Arc::new(Notifier::new(NotifyConfig::default())),
    )
    .with_clock(Arc::new(move || *c.0.lock().unwrap()));

    let draft = db.push_draft(case_id, start_at).unwrap();
    let deadlines: Vec<TierDeadline> = draft.deadlines.clone();
    let push = db
        .launch_push(
            &PushLaunch {
                case_id,
                filter: TargetFilter {
                    tiers: vec![Tier::Main, Tier::Auxiliary, Tier::Allied],
                    ..Default::default()
                },
                deadlines,
                notice: draft.notice.clone(),
                bot_ids: vec![bot.id],
            },
            ME,
            start_at,
        )
        .unwrap();
    let sent = monitor.send_notice(push.id, &[bot.id]).await.unwrap();
    assert!(sent[0].outcome.ok, "{:?}", sent[0].outcome);
    assert!(net.messages()[0].contains(REBUTTAL));

    // First sweep: nobody has reposted; the group chat cannot be read.
    let progress = Mutex::new(Vec::new());
    let record = |p: piyao_core::model::SweepProgress| {
        progress.lock().unwrap().push((p.done, p.total, p.finished))
    };
    assert_eq!(db.due_pushes(start_at).unwrap(), vec![push.id]);
    let first = monitor.tick(&record).await.pop().unwrap().unwrap();
    assert_eq!((first.checked, first.coverage.total.reposted), (6, 0));
    let seen = progress.lock().unwrap().clone();
    assert_eq!(seen.first(), Some(&(0, 6, false)));
    assert_eq!(seen.last(), Some(&(6, 6, true)));
    assert!(
        db.due_pushes(start_at).unwrap().is_empty(),
        "next sweep after the interval"
    );

    // Two main accounts repost, one auxiliary posts the rumor.
    net.show("wx", Shows::Rebuttal);
    net.show("pa", Shows::Rebuttal);
    net.show("lt", Shows::Rumor);
    let second = monitor.sweep_push(push.id, &|_| {}).await.unwrap();
    assert_eq!(second.coverage.tiers[0].reposted, 2);
    assert_eq!(second.coverage.tiers[1].rumor_reposted, 1);
    assert_eq!(
        second.events.iter().map(|e| e.kind).collect::<Vec<_>>(),
        vec![PushEventKind::RumorRepost]
    );
    assert!(second.events[0].body.contains("龙塔街道发布"));

    // A reminder goes to the main-force group, signed; a second one waits for the cooldown.
    let r = monitor.remind(push.id, false, ME, &[]).await.unwrap();
    assert_eq!(r.stragglers, 4);
    assert_eq!(r.deliveries.len(), 1);
    assert!(r.deliveries[0].outcome.ok);
    let digest = net.messages().last().cloned().unwrap();
    assert!(
        digest.contains("云川发布") && !digest.contains("网信云川"),
        "{digest}"
    );
    assert_eq!(
        monitor
            .remind(push.id, false, ME, &[])
            .await
            .unwrap_err()
            .code(),
        "cooldown"
    );
    assert!(db
        .get_case(case_id)
        .unwrap()
        .timeline
        .iter()
        .any(|e| e.action == "reminder" && e.detail.contains("主力军工作群")));

    // The group chat is confirmed by hand; a link that shows nothing is refused.
    let chat = db
        .push_results(push.id)
        .unwrap()
        .into_iter()
        .find(|t| t.platform == Platform::GroupChat)
        .unwrap();
    let bad = monitor
        .confirm(
            &ManualConfirm {
                push_id: push.id,
                account_id: chat.account_id,
                note: None,
                link: Some(net.feed_url("none")),
            },
            ME,
        )
        .await
        .unwrap_err();
    assert!(bad.to_string().contains("核验未通过"), "{bad}");
    let ok = monitor
        .confirm(
            &ManualConfirm {
                push_id: push.id,
                account_id: chat.account_id,
                note: Some("群主截图".into()),
                link: Some(net.rebuttal_url()),
            },
            ME,
        )
        .await
        .unwrap();
    assert_eq!(ok.verdict, Some(Verdict::Reposted));

    // Main force complete.
    net.show("fb", Shows::Rebuttal);
    let third = monitor.sweep_push(push.id, &|_| {}).await.unwrap();
    assert!(third
        .events
        .iter()
        .any(|e| e.kind == PushEventKind::TierComplete && e.tier == Some(Tier::Main)));
    assert!(third.stopped.is_none());

    // The auxiliary deadline passes: the event is raised and the automatic reminder, after
    // the cooldown, goes out... to no bot (none covers the auxiliary force), but is logged.
    let aux_due = push
        .deadlines
        .iter()
        .find(|d| d.tier == Tier::Auxiliary)
        .unwrap();
    clock
        .set(piyao_core::rules::push::parse(&aux_due.due_at).unwrap() + time::Duration::minutes(1));
    let late = monitor.sweep_push(push.id, &|_| {}).await.unwrap();
    assert!(late
        .events
        .iter()
        .any(|e| e.kind == PushEventKind::DeadlineMissed && e.tier == Some(Tier::Auxiliary)));
    let auto = late.reminder.expect("automatic reminder");
    assert!(auto.deliveries.is_empty());
    assert!(db
        .get_case(case_id)
        .unwrap()
        .timeline
        .iter()
        .any(|e| e.detail.contains("自动催办")));

    // Everyone reposts: monitoring stops.
    net.show("lt", Shows::Rebuttal);
    net.show("qs", Shows::Rebuttal);
    let last = monitor.sweep_push(push.id, &|_| {}).await.unwrap();
    assert_eq!(last.coverage.total.reposted, 6, "{:?}", last.coverage);
    assert!(
        last.stopped.as_deref().is_some_and(|r| r.contains("全部")),
        "{:?}",
        last.stopped
    );
    assert!(db
        .due_pushes(clock.0.lock().unwrap().to_owned())
        .unwrap()
        .is_empty());
    assert_eq!(net.bad_signatures(), 0);
    assert_eq!(db.push_deliveries(push.id).unwrap().len(), 2);
}
