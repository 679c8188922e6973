//! Evidence from people, end to end against loopback pages: a block of work-group messages
//! with links is read, each link verified against the push's rebuttal and attributed (by the
//! name its page shows or by its sender); the accepted ones are confirmed with their evidence.

use std::sync::Arc;

use piyao_check::fetch::{FetchConfig, Fetcher};
use piyao_core::model::{
    AccountInput, PastePick, Platform, PushLaunch, TargetFilter, Tier, Verdict,
};
use piyao_core::rules::attribution::AttributedBy;
use piyao_core::testing::CaseBuilder;
use piyao_core::Db;
use piyao_monitor::Monitor;
use piyao_notify::{Notifier, NotifyConfig};
use piyao_testnet::{Internet, REBUTTAL, REBUTTAL_TEXT, RUMOR, RUMOR_TEXT};
use time::OffsetDateTime;

fn group(name: &str, contact: &str) -> AccountInput {
    AccountInput {
        name: name.into(),
        platform: Platform::GroupChat,
        tier: Tier::Allied,
        unit: Some("龙塔街道办事处".into()),
        territory: None,
        watch_url: None,
        contact: Some(contact.into()),
        notes: None,
        active: true,
    }
}

fn article(net: &Internet, name: &str, account: Option<&str>, title: &str, text: &str) -> String {
    let nickname = account
        .map(|a| format!("<script>var nickname = htmlDecode(\"{a}\");</script>"))
        .unwrap_or_default();
    net.serve_raw(
        name,
        "text/html; charset=utf-8",
        format!(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title>{nickname}</head>\
             <body><h1 id=\"activity-name\">{title}</h1><div id=\"js_content\"><p>{text}</p></div></body></html>"
        ),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pasted_links_are_verified_attributed_and_confirmed_with_their_evidence() {
    let net = Internet::start();
    let db = Db::open_in_memory().unwrap();
    for (name, contact) in [
        ("龙塔社区居民群", "李明 13800000001"),
        ("龙塔网格员群", "王芳 13800000002"),
        ("龙塔商户群", "赵强 13800000003"),
    ] {
        db.create_account(group(name, contact)).unwrap();
    }
    let case = CaseBuilder::new(RUMOR)
        .content(RUMOR_TEXT)
        .scores(4, 2, 4)
        .rebuttal(REBUTTAL, REBUTTAL_TEXT, Some(net.rebuttal_url()))
        .publisher("平安云川")
        .published(&db)
        .unwrap();
    let db = Arc::new(db);
    let now = OffsetDateTime::now_utc();
    let draft = db.push_draft(case.id, now).unwrap();
    let push = db
        .launch_push(
            &PushLaunch {
                case_id: case.id,
                filter: TargetFilter {
                    tiers: vec![Tier::Allied],
                    ..Default::default()
                },
                deadlines: draft.deadlines.clone(),
                notice: draft.notice.clone(),
                bot_ids: vec![],
            },
            "协调员",
            now,
        )
        .unwrap();
    let monitor = Monitor::new(
        db.clone(),
        Arc::new(Fetcher::new(FetchConfig {
            retries: 0,
            ..FetchConfig::impolite()
        })),
        Arc::new(Notifier::new(NotifyConfig::default())),
    );

    let by_sender = article(&net, "a", None, REBUTTAL, REBUTTAL_TEXT);
    let by_name = article(&net, "b", Some("龙塔网格员群"), REBUTTAL, REBUTTAL_TEXT);
    let rumor = article(&net, "c", Some("龙塔商户群"), RUMOR, RUMOR_TEXT);
    let nobody = article(&net, "d", None, REBUTTAL, REBUTTAL_TEXT);
    let gone = format!("{}/raw/missing", net.base());
    let text = format!(
        "{nobody}\n\
         李明：已转 {by_sender}\n\
         王芳 10:32\n已转发 {by_name}\n\
         赵强：{rumor}\n\
         孙丽：{gone}\n"
    );
    let mut progress = Vec::new();
    let preview = monitor
        .preview_paste(push.id, &text, |done, total| progress.push((done, total)))
        .await
        .unwrap();
    assert_eq!(progress.last(), Some(&(5, 5)));
    let row = |url: &str| preview.links.iter().find(|l| l.url == url).unwrap();

    let a = row(&by_sender);
    assert_eq!(
        (a.verdict, a.accepted),
        (Verdict::Reposted, true),
        "{}",
        a.note
    );
    assert_eq!(a.account.as_deref(), Some("龙塔社区居民群"));
    assert_eq!(a.attribution.by, Some(AttributedBy::Sender));
    let b = row(&by_name);
    assert_eq!(
        (b.verdict, b.accepted),
        (Verdict::Reposted, true),
        "{}",
        b.note
    );
    assert_eq!(b.account.as_deref(), Some("龙塔网格员群"));
    assert_eq!(b.attribution.by, Some(AttributedBy::PageName));
    assert_eq!(b.sender.as_deref(), Some("王芳"));
    let c = row(&rumor);
    assert_eq!((c.verdict, c.accepted), (Verdict::RumorReposted, false));
    assert!(c.note.contains("谣言的转载"), "{}", c.note);
    let d = row(&nobody);
    assert_eq!(
        (d.verdict, d.accepted, d.account.as_deref()),
        (Verdict::Reposted, false, None)
    );
    assert!(d.note.contains("请手动选择"), "{}", d.note);
    let e = row(&gone);
    assert!(!e.accepted && e.verdict != Verdict::Reposted, "{:?}", e);

    // confirm the accepted ones, the unattributed one with the coordinator's pick, and the
    // rumor (forced): the rumor is refused with why, the others stand
    let merchants = db
        .push_candidates(push.id)
        .unwrap()
        .into_iter()
        .find(|(c, _)| c.name == "龙塔商户群")
        .unwrap()
        .0
        .account_id;
    let mut picks: Vec<PastePick> = preview
        .links
        .iter()
        .filter(|l| l.accepted)
        .map(|l| PastePick {
            url: l.url.clone(),
            account_id: l.attribution.account_id.unwrap(),
        })
        .collect();
    picks.push(PastePick {
        url: rumor.clone(),
        account_id: merchants,
    });
    let outcome = monitor
        .confirm_paste(push.id, &picks, "协调员")
        .await
        .unwrap();
    assert_eq!(outcome.confirmed, vec!["龙塔社区居民群", "龙塔网格员群"]);
    assert_eq!(outcome.refused.len(), 1);
    assert!(
        outcome.refused[0].why.contains("核验未通过"),
        "{}",
        outcome.refused[0].why
    );

    let results = db.push_results(push.id).unwrap();
    let target = |name: &str| results.iter().find(|r| r.account == name).unwrap();
    let kept = target("龙塔网格员群");
    assert_eq!(kept.verdict, Some(Verdict::Reposted));
    let evidence = kept.evidence.as_ref().unwrap();
    assert_eq!(evidence.page_url.as_deref(), Some(by_name.as_str()));
    assert_ne!(target("龙塔商户群").verdict, Some(Verdict::Reposted));

    // a paste without links, and one too long, are refused with a clear message
    let none = monitor
        .preview_paste(push.id, "收到，已转", |_, _| {})
        .await;
    assert!(none.unwrap_err().to_string().contains("没有找到"));
    let huge = "链".repeat(piyao_monitor::PASTE_MAX_BYTES);
    let long = monitor.preview_paste(push.id, &huge, |_, _| {}).await;
    assert!(long.unwrap_err().to_string().contains("太长"));
}
