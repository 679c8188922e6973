use time::macros::datetime;
use time::OffsetDateTime;

use super::*;
use crate::model::{
    BotInput, BotKind, DeliveryPurpose, Platform, PushEventKind, SendOutcome, TargetQuery,
    TierCount,
};
use crate::store::CheckRecord;
use crate::testing::CaseBuilder;

const ME: &str = "测试员";
const NOW: OffsetDateTime = datetime!(2026-11-22 06:00 UTC);

/// The demo district with a 重大 case whose rebuttal is published.
fn published() -> (Db, i64) {
    let db = Db::open_in_memory().unwrap();
    db.load_demo_ledger().unwrap();
    let c = CaseBuilder::new("龙塔社区大门被枪击")
        .content("网传龙塔社区大门昨夜被枪击")
        .scores(4, 2, 4)
        .co_units(&["龙塔街道办事处"])
        .follows_suggestion()
        .rebuttal(
            "【辟谣】龙塔社区大门被枪击？系谣言",
            "经核实，系施工碰碎。",
            Some("http://127.0.0.1:9/r/1".into()),
        )
        .publisher("平安云川")
        .published(&db)
        .unwrap();
    (db, c.id)
}

fn launch(db: &Db, case_id: i64, filter: TargetFilter) -> Push {
    let draft = db.push_draft(case_id, NOW).unwrap();
    db.launch_push(
        &PushLaunch {
            case_id,
            filter,
            deadlines: draft.deadlines,
            notice: draft.notice,
            bot_ids: vec![],
        },
        ME,
        NOW,
    )
    .unwrap()
}

fn check(push_id: i64, account_id: i64, verdict: Verdict, at: &str) -> CheckRecord {
    CheckRecord {
        push_id,
        account_id,
        verdict,
        evidence: Evidence {
            checked_at: at.into(),
            explanation: "测试".into(),
            ..Default::default()
        },
        etag: None,
        last_modified: None,
        content_hash: None,
        duration_ms: None,
    }
}

#[test]
fn the_draft_preselects_main_force_with_deadlines_from_the_level() {
    let (db, case_id) = published();
    let d = db.push_draft(case_id, NOW).unwrap();
    assert_eq!(d.level, Some(crate::rules::Level::Serious));
    assert_eq!(d.filter.tiers, vec![Tier::Main]);
    // 重大: main force within 3 h, auxiliary 6 h; allied as auxiliary.
    assert_eq!(
        d.deadlines[0],
        TierDeadline {
            tier: Tier::Main,
            due_at: "2026-11-22T09:00:00Z".into()
        }
    );
    assert_eq!(
        d.deadlines[2],
        TierDeadline {
            tier: Tier::Allied,
            due_at: "2026-11-22T12:00:00Z".into()
        }
    );
    assert!(
        d.notice.contains("龙塔社区大门被枪击？系谣言"),
        "{}",
        d.notice
    );
    assert!(d.notice.contains("http://127.0.0.1:9/r/1"));
    assert!(d.notice.contains("主力军 11月22日 17:00"), "{}", d.notice);
    assert!(d.notice.contains("事态紧急"), "{}", d.notice);
    assert!(d.units.contains(&"区公安分局".to_string()));
    assert!(!d.territories.is_empty());

    let other = db.create_rumor("无辟谣的案件", "").unwrap();
    assert!(db
        .push_draft(other.id, NOW)
        .unwrap_err()
        .to_string()
        .contains("还没有辟谣信息"));
}

#[test]
fn filters_narrow_the_targets_and_unticked_accounts_stay_out() {
    let (db, _) = published();
    let all = db
        .preview_targets(&TargetFilter::default(), 1, 500)
        .unwrap();
    assert_eq!(all.accounts.len(), 58, "59 demo accounts, one disabled");
    assert_eq!(all.counts.iter().map(|c| c.count).sum::<i64>(), 58);
    let main = db
        .preview_targets(
            &TargetFilter {
                tiers: vec![Tier::Main],
                ..Default::default()
            },
            1,
            500,
        )
        .unwrap();
    assert_eq!(main.accounts.len(), 6);
    assert!(main.accounts.iter().all(|a| a.tier == Tier::Main));
    let weibo_main = db
        .preview_targets(
            &TargetFilter {
                tiers: vec![Tier::Main],
                platforms: vec![Platform::Weibo],
                ..Default::default()
            },
            1,
            500,
        )
        .unwrap();
    assert!(!weibo_main.accounts.is_empty() && weibo_main.accounts.len() < 6);
    let police = db
        .preview_targets(
            &TargetFilter {
                units: vec!["区公安分局".into()],
                ..Default::default()
            },
            1,
            500,
        )
        .unwrap();
    assert!(police
        .accounts
        .iter()
        .all(|a| a.unit.as_deref() == Some("区公安分局")));
    let town = all
        .accounts
        .iter()
        .find_map(|a| a.territory.clone())
        .unwrap();
    let by_town = db
        .preview_targets(
            &TargetFilter {
                territories: vec![town.clone()],
                ..Default::default()
            },
            1,
            500,
        )
        .unwrap();
    assert!(
        !by_town.accounts.is_empty()
            && by_town
                .accounts
                .iter()
                .all(|a| a.territory.as_ref() == Some(&town))
    );
    let first = main.accounts[0].id;
    let fewer = db
        .preview_targets(
            &TargetFilter {
                tiers: vec![Tier::Main],
                exclude: vec![first],
                ..Default::default()
            },
            1,
            500,
        )
        .unwrap();
    // the unticked account is still listed (to tick it again) but no longer counted
    assert_eq!((fewer.accounts.len(), fewer.matching), (6, 6));
    assert_eq!(
        fewer.counts,
        vec![TierCount {
            tier: Tier::Main,
            count: 5
        }]
    );
    // one page at a time, in the same order; a page past the end is the last
    let mut paged = Vec::new();
    for page in 1..=6 {
        let p = db
            .preview_targets(&TargetFilter::default(), page, 10)
            .unwrap();
        assert_eq!((p.matching, p.page, p.page_size), (58, page, 10));
        paged.extend(p.accounts);
    }
    assert_eq!(paged, all.accounts);
    assert_eq!(
        db.preview_targets(&TargetFilter::default(), 99, 10)
            .unwrap()
            .page,
        6
    );
    // every account the launch reaches, none of those unticked
    let reached = db
        .target_accounts(&TargetFilter {
            tiers: vec![Tier::Main],
            exclude: vec![first],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(reached.len(), 5);
    assert!(reached.iter().all(|a| a.id != first));
}

#[test]
fn launching_moves_the_case_to_pushing_and_writes_the_timeline() {
    let (db, case_id) = published();
    let push = launch(
        &db,
        case_id,
        TargetFilter {
            tiers: vec![Tier::Main, Tier::Auxiliary],
            ..Default::default()
        },
    );
    assert_eq!(push.targets, 40, "6 main, 34 auxiliary");
    assert_eq!(push.tiers, vec![Tier::Main, Tier::Auxiliary]);
    assert_eq!(
        push.deadlines.len(),
        2,
        "only targeted tiers keep a deadline"
    );
    let case = db.get_case(case_id).unwrap();
    assert_eq!(case.status, CaseStatus::Pushing);
    let line = case.timeline.iter().find(|e| e.action == "push").unwrap();
    assert!(
        line.detail.contains("40") && line.detail.contains("主力军6个"),
        "{}",
        line.detail
    );
    // A second push of the same case is allowed while pushing.
    launch(
        &db,
        case_id,
        TargetFilter {
            tiers: vec![Tier::Allied],
            ..Default::default()
        },
    );
    assert_eq!(
        db.push_summaries(false, Some(case_id), NOW).unwrap().len(),
        2
    );
}

#[test]
fn launch_refuses_bad_input() {
    let (db, case_id) = published();
    let draft = db.push_draft(case_id, NOW).unwrap();
    let base = PushLaunch {
        case_id,
        filter: TargetFilter {
            tiers: vec![Tier::Main],
            ..Default::default()
        },
        deadlines: draft.deadlines.clone(),
        notice: draft.notice.clone(),
        bot_ids: vec![],
    };
    let err = |l: PushLaunch| db.launch_push(&l, ME, NOW).unwrap_err().to_string();
    assert!(err(PushLaunch {
        notice: " ".into(),
        ..base.clone()
    })
    .contains("通知不能为空"));
    assert!(err(PushLaunch {
        deadlines: vec![],
        ..base.clone()
    })
    .contains("截止时间"));
    assert!(err(PushLaunch {
        filter: TargetFilter {
            units: vec!["不存在的单位".into()],
            ..Default::default()
        },
        ..base.clone()
    })
    .contains("没有启用的账号"));
    let past = vec![TierDeadline {
        tier: Tier::Main,
        due_at: "2026-11-22T05:00:00Z".into(),
    }];
    assert!(err(PushLaunch {
        deadlines: past,
        ..base.clone()
    })
    .contains("已过"));
    let fresh = db.create_rumor("新案件", "").unwrap();
    assert!(err(PushLaunch {
        case_id: fresh.id,
        ..base
    })
    .contains("辟谣信息发布后才能发起推送"));
}

#[test]
fn the_board_breaks_coverage_down_and_draws_the_curve() {
    let (db, case_id) = published();
    let push = launch(
        &db,
        case_id,
        TargetFilter {
            tiers: vec![Tier::Main, Tier::Auxiliary],
            ..Default::default()
        },
    );
    let targets = db.push_results(push.id).unwrap();
    let mains: Vec<i64> = targets
        .iter()
        .filter(|t| t.tier == Tier::Main)
        .map(|t| t.account_id)
        .collect();
    let aux = targets
        .iter()
        .find(|t| t.tier == Tier::Auxiliary)
        .unwrap()
        .account_id;
    let unread = targets
        .iter()
        .filter(|t| t.tier == Tier::Auxiliary)
        .nth(1)
        .unwrap()
        .account_id;
    db.record_checks(&[
        check(push.id, unread, Verdict::Unreadable, "2026-11-22T06:05:00Z"),
        check(push.id, mains[0], Verdict::Reposted, "2026-11-22T06:10:00Z"),
        check(push.id, aux, Verdict::Reposted, "2026-11-22T06:20:00Z"),
        check(push.id, mains[1], Verdict::Reposted, "2026-11-22T06:30:00Z"),
        check(
            push.id,
            mains[2],
            Verdict::RumorReposted,
            "2026-11-22T06:30:00Z",
        ),
    ])
    .unwrap();
    let b = db.push_board(push.id, NOW).unwrap();
    assert_eq!(b.case_id, case_id);
    assert_eq!(b.coverage.tiers[0].reposted, 2);
    // The page that could not be read is counted apart (未能核查), never as not reposted.
    let aux_line = &b.coverage.tiers[1];
    assert_eq!(aux_line.unverified, 1);
    assert_eq!(aux_line.unreadable, 1);
    assert_eq!(aux_line.stragglers, aux_line.targeted - 2);
    assert_eq!(
        b.coverage.total.stragglers + b.coverage.total.unverified + b.coverage.total.reposted,
        b.coverage.total.targeted
    );
    let unverified = TargetQuery {
        unverified: true,
        ..Default::default()
    };
    assert!(db
        .push_target_page(push.id, &unverified, 1, 50)
        .unwrap()
        .rows
        .iter()
        .any(|t| t.account_id == unread && t.unverified));
    the_target_table_pages_what_the_board_counts(&db, push.id, &b);
    assert_eq!(b.by_unit.iter().map(|g| g.unverified).sum::<i64>(), 1);
    assert_eq!(
        b.by_unit.iter().map(|g| g.stragglers).sum::<i64>(),
        b.coverage.total.stragglers
    );
    let ats: Vec<(&str, Tier, i64)> = b
        .curve
        .iter()
        .map(|p| (p.at.as_str(), p.tier, p.reposted))
        .collect();
    assert_eq!(
        ats,
        vec![
            ("2026-11-22T06:10:00Z", Tier::Main, 1),
            ("2026-11-22T06:20:00Z", Tier::Auxiliary, 1),
            ("2026-11-22T06:30:00Z", Tier::Main, 2)
        ]
    );
    let total: i64 = b.by_unit.iter().map(|g| g.targeted).sum();
    assert_eq!(total, 40);
    assert_eq!(b.by_unit.iter().map(|g| g.rumor_reposted).sum::<i64>(), 1);
    assert!(
        b.by_unit.windows(2).all(|w| w[0].ratio <= w[1].ratio),
        "worst first"
    );
    assert_eq!(b.by_territory.iter().map(|g| g.targeted).sum::<i64>(), 40);
    assert!(b.monitor.active);
    assert_eq!(
        b.monitor.next_sweep_at.as_deref(),
        Some("2026-11-22T06:00:00Z"),
        "never swept: due now"
    );
    assert_eq!(
        b.monitor.stops_at.as_deref(),
        Some("2026-11-22T14:00:00Z"),
        "last deadline 12:00 + 2 h grace"
    );
}

#[test]
fn re_checks_go_to_the_most_urgent_tier_first() {
    let (db, case_id) = published();
    let draft = db.push_draft(case_id, NOW).unwrap();
    let deadlines = vec![
        TierDeadline {
            tier: Tier::Main,
            due_at: "2026-11-22T10:00:00Z".into(),
        },
        TierDeadline {
            tier: Tier::Allied,
            due_at: "2026-11-22T08:00:00Z".into(),
        },
    ];
    let push = db
        .launch_push(
            &PushLaunch {
                case_id,
                filter: TargetFilter {
                    tiers: vec![Tier::Main, Tier::Allied],
                    ..Default::default()
                },
                deadlines,
                notice: draft.notice,
                bot_ids: vec![],
            },
            ME,
            NOW,
        )
        .unwrap();
    let tasks = db.pending_checks(push.id).unwrap();
    assert_eq!(tasks[0].tier, Tier::Allied);
    assert_eq!(tasks.last().unwrap().tier, Tier::Main);
}

#[test]
fn monitoring_is_due_on_schedule_and_stops_at_completion_or_after_grace() {
    let (db, case_id) = published();
    let push = launch(
        &db,
        case_id,
        TargetFilter {
            tiers: vec![Tier::Main],
            ..Default::default()
        },
    );
    assert_eq!(db.due_pushes(NOW).unwrap(), vec![push.id]);
    assert_eq!(db.finish_sweep(push.id, NOW).unwrap(), None);
    assert!(db
        .due_pushes(NOW + time::Duration::minutes(9))
        .unwrap()
        .is_empty());
    assert_eq!(
        db.due_pushes(NOW + time::Duration::minutes(10)).unwrap(),
        vec![push.id]
    );
    // main force due 09:00, grace 2 h → stops at 11:00
    let reason = db
        .finish_sweep(push.id, datetime!(2026-11-22 11:00 UTC))
        .unwrap()
        .unwrap();
    assert!(reason.contains("宽限期"));
    assert!(db
        .due_pushes(datetime!(2026-11-22 12:00 UTC))
        .unwrap()
        .is_empty());
    let b = db.push_board(push.id, NOW).unwrap();
    assert!(!b.monitor.active);
    assert_eq!(b.push.status, PushStatus::Finished);
    assert!(db
        .get_case(case_id)
        .unwrap()
        .timeline
        .iter()
        .any(|e| e.action == "push_stopped"));

    let second = launch(
        &db,
        case_id,
        TargetFilter {
            tiers: vec![Tier::Main],
            ..Default::default()
        },
    );
    let ids: Vec<i64> = db
        .push_results(second.id)
        .unwrap()
        .iter()
        .map(|t| t.account_id)
        .collect();
    let all: Vec<CheckRecord> = ids
        .iter()
        .map(|&id| check(second.id, id, Verdict::Reposted, "2026-11-22T06:05:00Z"))
        .collect();
    db.record_checks(&all).unwrap();
    assert!(db
        .finish_sweep(second.id, NOW)
        .unwrap()
        .unwrap()
        .contains("全部"));
    assert!(db
        .stop_push(second.id, ME, NOW)
        .unwrap_err()
        .to_string()
        .contains("已停止"));
}

#[test]
fn events_are_raised_once_each() {
    let (db, case_id) = published();
    let push = launch(
        &db,
        case_id,
        TargetFilter {
            tiers: vec![Tier::Main, Tier::Auxiliary],
            ..Default::default()
        },
    );
    let targets = db.push_results(push.id).unwrap();
    let mut recs: Vec<CheckRecord> = targets
        .iter()
        .filter(|t| t.tier == Tier::Main)
        .map(|t| {
            check(
                push.id,
                t.account_id,
                Verdict::Reposted,
                "2026-11-22T06:05:00Z",
            )
        })
        .collect();
    let aux = targets.iter().find(|t| t.tier == Tier::Auxiliary).unwrap();
    recs.push(check(
        push.id,
        aux.account_id,
        Verdict::RumorReposted,
        "2026-11-22T06:05:00Z",
    ));
    db.record_checks(&recs).unwrap();
    let first = db.new_push_events(push.id, NOW).unwrap();
    let kinds: Vec<PushEventKind> = first.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        vec![PushEventKind::RumorRepost, PushEventKind::TierComplete]
    );
    assert!(first[0].body.contains(&aux.account));
    assert!(
        db.new_push_events(push.id, NOW).unwrap().is_empty(),
        "raised once"
    );
    let late = db
        .new_push_events(push.id, datetime!(2026-11-22 12:00 UTC))
        .unwrap();
    assert_eq!(late.len(), 1);
    assert_eq!(
        (late[0].kind, late[0].tier),
        (PushEventKind::DeadlineMissed, Some(Tier::Auxiliary))
    );
    assert!(db
        .get_case(case_id)
        .unwrap()
        .timeline
        .iter()
        .any(|e| e.action == "push_event"));
}

#[test]
fn a_target_confirmed_by_hand_counts_and_says_who() {
    let (db, case_id) = published();
    let push = launch(
        &db,
        case_id,
        TargetFilter {
            tiers: vec![Tier::Allied],
            ..Default::default()
        },
    );
    let t = db
        .push_results(push.id)
        .unwrap()
        .into_iter()
        .find(|t| t.platform == Platform::GroupChat)
        .unwrap();
    assert!(db
        .confirm_target(push.id, t.account_id, Some(" "), None, ME, NOW)
        .is_err());
    let r = db
        .confirm_target(
            push.id,
            t.account_id,
            Some("群主截图确认已转发"),
            None,
            ME,
            NOW,
        )
        .unwrap();
    assert_eq!(r.verdict, Some(Verdict::Reposted));
    assert!(r
        .evidence
        .unwrap()
        .explanation
        .contains("测试员人工确认：群主截图确认已转发"));
    assert!(db
        .get_case(case_id)
        .unwrap()
        .timeline
        .iter()
        .any(|e| e.action == "confirm"));
    assert!(db
        .confirm_target(push.id, 999_999, Some("x"), None, ME, NOW)
        .is_err());
}

#[test]
fn reminders_respect_the_cooldown() {
    let (db, case_id) = published();
    let push = launch(
        &db,
        case_id,
        TargetFilter {
            tiers: vec![Tier::Main],
            ..Default::default()
        },
    );
    let (stragglers, text, _) = db.reminder_digest(push.id, NOW, &[]).unwrap();
    assert_eq!(stragglers.len(), 6);
    assert!(
        text.contains("6 个账号未转发") && text.contains("主力军："),
        "{text}"
    );
    db.record_reminder(push.id, 6, &["主力军工作群".into()], false, ME, NOW)
        .unwrap();
    let err = db
        .reminder_digest(push.id, NOW + time::Duration::minutes(29), &[])
        .unwrap_err();
    assert_eq!(err.code(), "cooldown");
    assert!(err.to_string().contains("30 分钟"), "{err}");
    assert!(db
        .push_board(push.id, NOW)
        .unwrap()
        .monitor
        .reminder_allowed_at
        .is_some());
    assert!(db
        .reminder_digest(push.id, NOW + time::Duration::minutes(30), &[])
        .is_ok());
    let line = db
        .get_case(case_id)
        .unwrap()
        .timeline
        .into_iter()
        .find(|e| e.action == "reminder")
        .unwrap();
    assert!(line.detail.contains("主力军工作群"), "{}", line.detail);
}

#[test]
fn reminders_leave_out_accounts_the_checker_could_not_see_unless_ticked() {
    let (db, case_id) = published();
    let push = launch(
        &db,
        case_id,
        TargetFilter {
            tiers: vec![Tier::Main],
            ..Default::default()
        },
    );
    let results = db.push_results(push.id).unwrap();
    let (a, b) = (results[0].account_id, results[1].account_id);
    db.record_checks(&[
        check(push.id, a, Verdict::Unreadable, "2026-03-01T03:00:00Z"),
        check(push.id, b, Verdict::Blocked, "2026-03-01T03:00:00Z"),
    ])
    .unwrap();
    let (stragglers, text, left_out) = db.reminder_digest(push.id, NOW, &[]).unwrap();
    assert_eq!((stragglers.len(), left_out), (4, 2));
    assert!(!text.contains(&results[0].account), "{text}");
    let (stragglers, text, left_out) = db.reminder_digest(push.id, NOW, &[a]).unwrap();
    assert_eq!((stragglers.len(), left_out), (5, 1));
    assert!(text.contains(&results[0].account), "{text}");
}

#[test]
fn settings_are_validated_and_kept() {
    let (db, _) = published();
    let mut s = db.push_settings().unwrap();
    assert_eq!(s.interval_minutes, 10);
    s.interval_minutes = 0;
    assert!(db.set_push_settings(&s).is_err());
    s.interval_minutes = 5;
    s.auto_remind = false;
    assert_eq!(db.set_push_settings(&s).unwrap(), s);
}

#[test]
fn bots_are_validated_scoped_and_their_deliveries_logged() {
    let (db, case_id) = published();
    let input = |name: &str, kind, secret: Option<&str>| BotInput {
        name: name.into(),
        kind,
        webhook: "http://127.0.0.1:9/robot/send?access_token=x".into(),
        secret: secret.map(String::from),
        tiers: vec![Tier::Main],
        units: vec![],
        enabled: true,
    };
    let err = db
        .save_bot(
            None,
            &BotInput {
                webhook: "ftp://x".into(),
                name: "".into(),
                ..input("a", BotKind::Wecom, None)
            },
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("名称") && err.to_string().contains("Webhook"),
        "{err}"
    );
    assert!(
        db.save_bot(None, &input("企微", BotKind::Wecom, Some("SEC1")))
            .is_err(),
        "WeCom has no secret"
    );
    let main = db
        .save_bot(
            None,
            &input("主力军工作群", BotKind::Dingtalk, Some("SEC123")),
        )
        .unwrap();
    assert!(
        db.save_bot(None, &input("主力军工作群", BotKind::Feishu, None))
            .is_err(),
        "unique names"
    );
    let allied = db
        .save_bot(
            None,
            &BotInput {
                tiers: vec![Tier::Allied],
                ..input("同盟军群", BotKind::Feishu, None)
            },
        )
        .unwrap();
    let push = launch(
        &db,
        case_id,
        TargetFilter {
            tiers: vec![Tier::Main],
            ..Default::default()
        },
    );
    let targets = db.push_results(push.id).unwrap();
    let for_main: Vec<i64> = db
        .bots_for(&targets)
        .unwrap()
        .iter()
        .map(|b| b.id)
        .collect();
    assert_eq!(for_main, vec![main.id]);
    let ok = SendOutcome {
        ok: true,
        parts: 1,
        attempts: 2,
        http_status: Some(200),
        error: None,
    };
    let d = db
        .record_delivery(
            main.id,
            Some(push.id),
            DeliveryPurpose::Reminder,
            &ok,
            "催办",
        )
        .unwrap();
    assert_eq!(
        (d.bot_name.as_str(), d.outcome.attempts),
        ("主力军工作群", 2)
    );
    assert_eq!(db.push_deliveries(push.id).unwrap().len(), 1);
    let renamed = db
        .save_bot(
            Some(allied.id),
            &BotInput {
                enabled: false,
                ..input("同盟军群", BotKind::Feishu, None)
            },
        )
        .unwrap();
    assert!(!renamed.enabled);
    db.delete_bot(main.id).unwrap();
    assert!(db.push_deliveries(push.id).unwrap().is_empty());
}

/// The board's table, paged in SQL, shows exactly the targets each figure counts.
fn the_target_table_pages_what_the_board_counts(db: &Db, push_id: i64, b: &PushBoard) {
    let all = db.push_results(push_id).unwrap();
    let whole = |q: &TargetQuery| {
        let mut rows = Vec::new();
        for page in 1..=20 {
            let p = db.push_target_page(push_id, q, page, 2).unwrap();
            assert_eq!(p.page, page.min(((p.total.max(1) + 1) / 2) as u32));
            rows.extend(p.rows.iter().map(|t| t.account_id));
            if page as i64 * 2 >= p.total {
                assert_eq!(rows.len() as i64, p.total);
                break;
            }
        }
        rows
    };
    let expect = |keep: &dyn Fn(&TargetResult) -> bool| {
        all.iter()
            .filter(|t| keep(t))
            .map(|t| t.account_id)
            .collect::<Vec<_>>()
    };
    assert_eq!(whole(&TargetQuery::default()), expect(&|_| true));
    let stragglers = TargetQuery {
        stragglers: true,
        ..Default::default()
    };
    assert_eq!(
        whole(&stragglers),
        expect(&|t| TargetResult::is_straggler(t.verdict))
    );
    assert_eq!(whole(&stragglers).len() as i64, b.coverage.total.stragglers);
    let unverified = TargetQuery {
        unverified: true,
        ..Default::default()
    };
    assert_eq!(whole(&unverified).len() as i64, b.coverage.total.unverified);
    let pending = TargetQuery {
        pending: true,
        ..Default::default()
    };
    assert_eq!(whole(&pending), expect(&|t| t.verdict.is_none()));
    let reposted_main = TargetQuery {
        tier: Some(Tier::Main),
        verdict: Some(Verdict::Reposted),
        ..Default::default()
    };
    assert_eq!(
        whole(&reposted_main).len() as i64,
        b.coverage.tiers[0].reposted
    );
    for group in &b.by_unit {
        let q = TargetQuery {
            unit: Some(group.name.clone()),
            ..Default::default()
        };
        assert_eq!(whole(&q).len() as i64, group.targeted, "{}", group.name);
        let q = TargetQuery {
            stragglers: true,
            ..q
        };
        assert_eq!(whole(&q).len() as i64, group.stragglers, "{}", group.name);
    }
    for group in &b.by_territory {
        let q = TargetQuery {
            territory: Some(group.name.clone()),
            ..Default::default()
        };
        assert_eq!(whole(&q).len() as i64, group.targeted, "{}", group.name);
    }
    // the rows carry their evidence and what a person may still do
    let page = db
        .push_target_page(push_id, &TargetQuery::default(), 1, 500)
        .unwrap();
    assert!(page.rows.iter().any(|t| t.evidence.is_some()));
    assert!(page
        .rows
        .iter()
        .all(|t| t.confirmable == (t.verdict != Some(Verdict::Reposted))));
    // nothing matching: an empty first page
    let none = TargetQuery {
        unit: Some("没有这个单位".into()),
        ..Default::default()
    };
    let p = db.push_target_page(push_id, &none, 7, 50).unwrap();
    assert_eq!((p.total, p.page, p.rows.len()), (0, 1, 0));
}

#[test]
fn targets_blocked_for_one_reason_are_said_once_on_the_board_and_in_the_events() {
    let (db, case_id) = published();
    let push = launch(&db, case_id, TargetFilter::default());
    let ids: Vec<i64> = db
        .pending_checks(push.id)
        .unwrap()
        .iter()
        .map(|t| t.account_id)
        .collect();
    assert!(ids.len() >= 7);
    let bridge = "订阅转换服务报错（HTTP 503）：Error: Cookies expired。这不是“未转载”。";
    let down = "无法连接：connection refused（已按策略重试）。 本轮核查中 127.0.0.1:4000 上的其他账号沿用此结论，不再重复请求。";
    let unreachable = |id: i64| {
        let mut r = check(push.id, id, Verdict::Unreachable, "2026-11-22T06:10:00Z");
        r.evidence.explanation = down.into();
        r
    };
    let blocked = |id: i64, why: &str| {
        let mut r = check(push.id, id, Verdict::Blocked, "2026-11-22T06:10:00Z");
        r.evidence.explanation = why.into();
        r
    };
    db.record_checks(&[
        blocked(ids[0], bridge),
        blocked(ids[1], bridge),
        blocked(ids[2], bridge),
        // a reason met once is the account's own, not a cause
        blocked(ids[3], "页面被拦截：需要登录。"),
        check(push.id, ids[4], Verdict::NotFound, "2026-11-22T06:10:00Z"),
        // a bridge that could not be reached: one cause too, told apart by its verdict
        unreachable(ids[5]),
        unreachable(ids[6]),
    ])
    .unwrap();

    let board = db.push_board(push.id, NOW).unwrap();
    assert_eq!(board.blocked_causes.len(), 2);
    let cause = &board.blocked_causes[0];
    assert_eq!((cause.why.as_str(), cause.accounts), (bridge, 3));
    assert_eq!(cause.verdict, Verdict::Blocked);
    assert_eq!(cause.names.len(), 3);
    let dead = &board.blocked_causes[1];
    assert_eq!((dead.verdict, dead.accounts), (Verdict::Unreachable, 2));

    let events = db.new_push_events(push.id, NOW).unwrap();
    let said: Vec<_> = events
        .iter()
        .filter(|e| e.kind == PushEventKind::SourceBlocked)
        .collect();
    assert_eq!(said.len(), 2, "{events:?}");
    assert!(said[0].title.contains("3 个账号") && said[0].body.contains("Cookies expired"));
    // the next sweep meets the same cause: not said again
    db.record_checks(&[blocked(ids[4], bridge)]).unwrap();
    assert!(db
        .new_push_events(push.id, NOW)
        .unwrap()
        .iter()
        .all(|e| e.kind != PushEventKind::SourceBlocked));
    assert_eq!(
        db.push_board(push.id, NOW).unwrap().blocked_causes[0].accounts,
        4
    );
}
