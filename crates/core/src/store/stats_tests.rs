//! Statistics on the hand-worked fixture (`stats_fixture.rs`): every figure, and the rows
//! behind it.

use time::{Duration, OffsetDateTime};

use crate::model::{
    Bucket, CaseInput, CaseSource, Drill, DrillKind, DrillResult, Figure, Period, PushLaunch,
    Statistics, TargetFilter, Tier, TierDeadline, Verdict,
};
use crate::rules::push::fmt;
use crate::rules::Scores;
use crate::store::stats_fixture::{fixture, Fixture, ME, NOW};
use crate::store::{CheckRecord, Db};
use crate::testing::CaseBuilder;

fn year() -> Period {
    Period {
        from: "2026-01-01".into(),
        to: "2026-12-31".into(),
    }
}

fn stats(f: &Fixture) -> Statistics {
    f.db.statistics(&year(), NOW).unwrap()
}

fn drill(f: &Fixture, d: &Drill) -> DrillResult {
    f.db.stats_drill(&year(), d, (1, 500), NOW).unwrap()
}

/// The drill of a figure returns exactly as many rows as the figure says, and the same rows
/// page by page.
fn rows_of(f: &Fixture, fig: &Figure) -> DrillResult {
    let r = drill(f, &fig.drill);
    let n = r.cases.len() + r.pushes.len() + r.targets.len();
    assert_eq!(r.total, fig.value, "{:?}", fig.drill);
    assert_eq!(r.rows_total, n as i64, "{:?}", fig.drill);
    if fig.drill.kind != DrillKind::RemindersSent {
        assert_eq!(n as i64, fig.value, "{:?}", fig.drill);
    }
    let key = |r: &DrillResult| -> Vec<(i64, i64)> {
        r.cases
            .iter()
            .map(|c| (c.id, 0))
            .chain(r.pushes.iter().map(|p| (p.push_id, 0)))
            .chain(r.targets.iter().map(|t| (t.push_id, t.account_id)))
            .collect()
    };
    let mut paged = Vec::new();
    for page in 1..=(n as u32).div_ceil(2).max(1) {
        let p =
            f.db.stats_drill(&year(), &fig.drill, (page, 2), NOW)
                .unwrap();
        assert_eq!((p.page, p.page_size, p.rows_total), (page, 2, n as i64));
        paged.extend(key(&p));
    }
    assert_eq!(paged, key(&r), "{:?} page by page", fig.drill);
    r
}

fn case_ids(r: &DrillResult) -> Vec<i64> {
    let mut v: Vec<i64> = r.cases.iter().map(|c| c.id).collect();
    v.sort();
    v
}

fn values(b: &[Bucket]) -> Vec<(&str, i64)> {
    b.iter().map(|b| (b.label.as_str(), b.value)).collect()
}

#[test]
fn case_figures_match_the_hand_count() {
    let f = fixture();
    let s = stats(&f);
    let c = |i: usize| f.cases[i - 1];
    // C1 C2 C3 C4 C5 C8: C6 is merged, C7 was recorded on 2025-12-31 23:30 local.
    assert_eq!(s.cases.value, 6);
    assert_eq!(
        case_ids(&rows_of(&f, &s.cases)),
        [c(1), c(2), c(3), c(4), c(5), c(8)]
    );
    assert_eq!(
        values(&s.by_source),
        [
            ("网民举报", 1),
            ("巡查发现", 3),
            ("上级交办", 1),
            ("部门报送", 1)
        ]
    );
    let patrol = s.by_source.iter().find(|b| b.key == "patrol").unwrap();
    assert_eq!(patrol.drill, Drill::new(DrillKind::CasesBySource, "patrol"));
    assert_eq!(
        case_ids(&rows_of(
            &f,
            &Figure {
                value: patrol.value,
                drill: patrol.drill.clone()
            }
        )),
        [c(2), c(3), c(5)]
    );
    assert_eq!(
        values(&s.by_level),
        [
            ("一般", 1),
            ("较大", 1),
            ("重大", 1),
            ("特别重大", 0),
            ("未研判", 3)
        ]
    );
    // Largest first, "none" last; C2 falls under two subjects.
    assert_eq!(
        values(&s.by_subject),
        [("公安", 2), ("卫生健康", 1), ("教育", 1), ("未归属属事", 3)]
    );
    assert_eq!(
        values(&s.by_territory),
        [("青石镇", 1), ("龙塔街道", 1), ("未涉及镇街", 4)]
    );
    for b in s
        .by_subject
        .iter()
        .chain(&s.by_territory)
        .chain(&s.by_level)
        .chain(&s.by_source)
    {
        rows_of(
            &f,
            &Figure {
                value: b.value,
                drill: b.drill.clone(),
            },
        );
    }
    let police = drill(&f, &Drill::new(DrillKind::CasesBySubject, "公安"));
    assert_eq!(case_ids(&police), [c(1), c(3)]);
    let nowhere = drill(&f, &Drill::new(DrillKind::CasesByTerritory, ""));
    assert_eq!(case_ids(&nowhere), [c(3), c(4), c(5), c(8)]);
    let unassessed = drill(&f, &Drill::new(DrillKind::CasesByLevel, ""));
    assert_eq!(case_ids(&unassessed), [c(4), c(5), c(8)]);
    // The drill by subject agrees with the case list's subject filter.
    let listed =
        f.db.list_cases(&crate::model::CaseFilter {
            subject: Some("公安".into()),
            ..Default::default()
        })
        .unwrap();
    let mut listed: Vec<i64> = listed
        .iter()
        .map(|c| c.id)
        .filter(|id| *id != c(6))
        .collect();
    listed.sort();
    assert_eq!(listed, [c(1), c(3)]);
}

#[test]
fn rebuttals_and_their_timeliness() {
    let f = fixture();
    let s = stats(&f);
    let c = |i: usize| f.cases[i - 1];
    // First rebuttals published in 2026: C1 (its second one does not count again), C2, C3, and
    // C7's (recorded in 2025).
    assert_eq!(s.rebuttals.value, 4);
    assert_eq!(
        case_ids(&rows_of(&f, &s.rebuttals)),
        [c(1), c(2), c(3), c(7)]
    );
    // First seen → first rebuttal of the cases recorded in 2026: 7 200, 14 400, 86 400 s.
    let t = &s.rebuttal_time;
    assert_eq!(t.measured.value, 3);
    assert_eq!(t.median_seconds, Some(14_400));
    assert_eq!(t.p90_seconds, Some(86_400));
    assert_eq!(case_ids(&rows_of(&f, &t.measured)), [c(1), c(2), c(3)]);
    // C4 and C8 still wait; C5 was declined.
    assert_eq!(t.not_reached.value, 2);
    assert_eq!(case_ids(&rows_of(&f, &t.not_reached)), [c(4), c(8)]);
}

#[test]
fn pushes_coverage_and_main_force_timeliness() {
    let f = fixture();
    let s = stats(&f);
    let (p1, p2) = (f.pushes[1], f.pushes[2]);
    assert_eq!(
        s.pushes.value, 2,
        "P0 was launched at 23:59:59 on 2025-12-31"
    );
    let pushes = rows_of(&f, &s.pushes).pushes;
    assert_eq!(
        pushes.iter().map(|p| p.push_id).collect::<Vec<_>>(),
        [p2, p1]
    );
    let line1 = pushes.iter().find(|p| p.push_id == p1).unwrap();
    assert_eq!(
        (
            line1.targeted,
            line1.reposted,
            line1.main_targeted,
            line1.main_reposted
        ),
        (7, 5, 5, 4)
    );
    assert_eq!(line1.main_80_at.as_deref(), Some("2026-03-01T06:00:00Z"));
    assert_eq!(line1.main_100_at, None);

    assert_eq!((s.targeted.value, s.reposted.value), (12, 10));
    rows_of(&f, &s.targeted);
    assert!(rows_of(&f, &s.reposted)
        .targets
        .iter()
        .all(|t| t.verdict == Some(Verdict::Reposted)));
    // M1..M5 and A1.
    assert_eq!(s.accounts_reached.value, 6);
    let reached = rows_of(&f, &s.accounts_reached);
    let mut ids: Vec<i64> = reached.targets.iter().map(|t| t.account_id).collect();
    ids.sort();
    assert_eq!(ids, f.accounts[..6]);
    // M1's first repost of the year was P1's (P0 is not the period's).
    let m1 = reached
        .targets
        .iter()
        .find(|t| t.account_id == f.accounts[0])
        .unwrap();
    assert_eq!(m1.push_id, p1);

    let main = &s.coverage_by_tier[0];
    assert_eq!(main.key, "main");
    assert_eq!(
        (main.targeted.value, main.reposted.value, main.missed.value),
        (10, 9, 3)
    );
    assert!((main.ratio - 0.9).abs() < 1e-9);
    // 300 600 1200 1800 [2400] 3000 3600 7200 10800
    assert_eq!(main.median_seconds, Some(2400));
    let aux = &s.coverage_by_tier[1];
    assert_eq!(
        (
            aux.key.as_str(),
            aux.targeted.value,
            aux.reposted.value,
            aux.missed.value
        ),
        ("auxiliary", 2, 1, 1)
    );
    assert_eq!(aux.median_seconds, Some(7200));
    assert_eq!(s.coverage_by_tier.len(), 2);
    let missed = rows_of(&f, &main.missed);
    let mut who: Vec<(i64, i64)> = missed
        .targets
        .iter()
        .map(|t| (t.push_id, t.account_id))
        .collect();
    who.sort();
    let [_, _, _, m4, m5, _, a2] = f.accounts[..] else {
        unreachable!()
    };
    assert_eq!(who, [(p1, m4), (p1, m5), (p2, m5)]);
    assert_eq!(rows_of(&f, &aux.missed).targets[0].account_id, a2);

    // Push → 80 % of the main force: P1 at +10 800 (4th of 5), P2 at +3 000 (4th of 5).
    assert_eq!(s.main_80.measured.value, 2);
    assert_eq!(
        (s.main_80.median_seconds, s.main_80.p90_seconds),
        (Some(3000), Some(10_800))
    );
    assert_eq!(s.main_80.not_reached.value, 0);
    // → 100 %: only P2, at +7 200; P1 never (M5) is counted, not dropped.
    assert_eq!(s.main_100.measured.value, 1);
    assert_eq!(
        (s.main_100.median_seconds, s.main_100.p90_seconds),
        (Some(7200), Some(7200))
    );
    assert_eq!(s.main_100.not_reached.value, 1);
    assert_eq!(rows_of(&f, &s.main_100.not_reached).pushes[0].push_id, p1);
    assert_eq!(rows_of(&f, &s.main_100.measured).pushes[0].push_id, p2);
}

#[test]
fn unit_leaderboard() {
    let f = fixture();
    let s = stats(&f);
    let board: Vec<(&str, i64, i64, i64, Option<i64>)> = s
        .units
        .iter()
        .map(|u| {
            (
                u.label.as_str(),
                u.targeted.value,
                u.reposted.value,
                u.missed.value,
                u.median_seconds,
            )
        })
        .collect();
    assert_eq!(
        board,
        [
            // 300 [600] 1200 1800
            ("区公安分局", 4, 4, 0, Some(600)),
            // 2400 [3000] 3600 10800; M4 was late in P1
            ("区卫健委", 4, 4, 1, Some(3000)),
            // M5 missed both, A1 +7200, M5 +7200 in P2
            ("龙塔街道办事处", 3, 2, 2, Some(7200)),
            ("（未填写）", 1, 0, 1, None),
        ]
    );
    assert_eq!(s.fastest, ["区公安分局", "区卫健委", "龙塔街道办事处"]);
    assert_eq!(s.slowest, ["龙塔街道办事处", "区卫健委", "区公安分局"]);
    assert_eq!(s.most_missed, ["龙塔街道办事处", "区卫健委", "（未填写）"]);
    let health = &s.units[1];
    assert_eq!(
        health.missed.drill,
        Drill::new(DrillKind::UnitMissed, "区卫健委")
    );
    let late = rows_of(&f, &health.missed);
    assert_eq!(
        (late.targets[0].push_id, late.targets[0].account_id),
        (f.pushes[1], f.accounts[3])
    );
    assert_eq!(
        late.targets[0].due_at.as_deref(),
        Some("2026-03-01T05:00:00Z")
    );
    for u in &s.units {
        rows_of(&f, &u.targeted);
        rows_of(&f, &u.reposted);
        rows_of(&f, &u.missed);
    }
    assert_eq!(rows_of(&f, &s.units[3].targeted).targets[0].unit, None);
}

#[test]
fn deadlines_not_yet_passed_are_not_missed() {
    let f = fixture();
    // Judged between P2's main deadline (07:00Z) and P1's auxiliary one (09:00Z) on 03-02 … no:
    // judged on 2026-03-01 at 06:00Z, P1's main deadline (05:00Z) has passed, its auxiliary
    // one (09:00Z) has not.
    let at = time::macros::datetime!(2026-03-01 06:00 UTC);
    let s = f.db.statistics(&year(), at).unwrap();
    let aux = s
        .coverage_by_tier
        .iter()
        .find(|l| l.key == "auxiliary")
        .unwrap();
    assert_eq!(aux.missed.value, 0);
    let main = &s.coverage_by_tier[0];
    // P1: M4 (not reposted by then… it reposted at 06:00Z, after 05:00Z) and M5; P2 not yet due.
    assert_eq!(main.missed.value, 2);
}

#[test]
fn an_empty_period_and_a_bad_one() {
    let f = fixture();
    let p = Period {
        from: "2024-01-01".into(),
        to: "2024-12-31".into(),
    };
    let s = f.db.statistics(&p, NOW).unwrap();
    assert_eq!((s.cases.value, s.pushes.value, s.targeted.value), (0, 0, 0));
    assert_eq!(s.rebuttal_time.median_seconds, None);
    assert!(s.units.is_empty() && s.coverage_by_tier.is_empty());
    assert!(s.fastest.is_empty());
    let bad = Period {
        from: "2026-12-31".into(),
        to: "2026-01-01".into(),
    };
    assert_eq!(f.db.statistics(&bad, NOW).unwrap_err().code(), "invalid");
    let err =
        f.db.stats_drill(
            &year(),
            &Drill::new(DrillKind::TierTargeted, "nobody"),
            (1, 50),
            NOW,
        )
        .unwrap_err();
    assert_eq!(err.code(), "invalid");
}

#[test]
fn reposts_confirmed_are_counted_by_when_they_were_seen() {
    let f = fixture();
    let r = drill(&f, &Drill::new(DrillKind::RepostsConfirmed, ""));
    // P0's M1 (seen 2025-12-31T16:30Z = 2026-01-01 00:30 local), P1's five, P2's five.
    assert_eq!(r.total, 11);
    assert!(r.targets.iter().any(|t| t.push_id == f.pushes[0]));
}

// ---- the dashboard, on the real clock ----

fn pushed_case(db: &Db, now: OffsetDateTime) -> (i64, i64) {
    db.set_territories(&[]).unwrap();
    for (name, tier) in [
        ("甲", Tier::Main),
        ("乙", Tier::Main),
        ("丙", Tier::Auxiliary),
    ] {
        db.create_account(crate::model::AccountInput {
            name: name.into(),
            platform: crate::model::Platform::Wechat,
            tier,
            unit: Some("区公安分局".into()),
            territory: None,
            watch_url: None,
            contact: None,
            notes: None,
            active: true,
        })
        .unwrap();
    }
    let id = CaseBuilder::new("网传今天停电")
        .scores(2, 2, 2)
        .rebuttal("【辟谣】今天不停电", "", None)
        .published(db)
        .unwrap()
        .id;
    let launched = now - Duration::seconds(60);
    let push = db
        .launch_push(
            &PushLaunch {
                case_id: id,
                filter: TargetFilter::default(),
                deadlines: vec![
                    TierDeadline {
                        tier: Tier::Main,
                        due_at: fmt(launched + Duration::seconds(30)),
                    },
                    TierDeadline {
                        tier: Tier::Auxiliary,
                        due_at: fmt(now + Duration::hours(2)),
                    },
                ],
                notice: "请转发".into(),
                bot_ids: vec![],
            },
            ME,
            launched,
        )
        .unwrap();
    (id, push.id)
}

#[test]
fn the_dashboard_shows_running_pushes_late_tiers_late_cases_and_todays_work() {
    let db = Db::open_in_memory().unwrap();
    let now = OffsetDateTime::now_utc();
    let (case_id, push_id) = pushed_case(&db, now);
    let main_ids: Vec<i64> = db
        .push_results(push_id)
        .unwrap()
        .iter()
        .filter(|t| t.tier == Tier::Main)
        .map(|t| t.account_id)
        .collect();
    db.record_checks(&[CheckRecord {
        push_id,
        account_id: main_ids[0],
        verdict: Verdict::Reposted,
        evidence: crate::model::Evidence {
            checked_at: fmt(now),
            ..Default::default()
        },
        etag: None,
        last_modified: None,
        content_hash: None,
        duration_ms: None,
    }])
    .unwrap();
    db.record_reminder(push_id, 1, &[], false, ME, now).unwrap();
    // A case first seen two days ago, assessed, without a rebuttal: overdue.
    let late = db
        .create_case(
            &CaseInput {
                title: "网传水库垮坝".into(),
                content: String::new(),
                platform: None,
                urls: vec![],
                first_seen_at: Some("2020-01-01 08:00".into()),
                source: CaseSource::NetizenReport,
                reporter_name: None,
                reporter_contact: None,
            },
            ME,
        )
        .unwrap();
    db.assess_case(
        late.id,
        &Scores {
            severity: 2,
            controllability: 2,
            influence: 2,
        },
        ME,
    )
    .unwrap();

    let d = db.dashboard(now).unwrap();
    assert_eq!(d.active_pushes.len(), 1);
    let cov = &d.active_pushes[0].coverage;
    assert_eq!((cov.tiers[0].targeted, cov.tiers[0].reposted), (2, 1));
    assert_eq!(
        d.overdue_cases.iter().map(|c| c.id).collect::<Vec<_>>(),
        [late.id]
    );
    assert_eq!(d.overdue_count.value, 1);
    // The main force's deadline passed with one straggler; the auxiliary one has not.
    assert_eq!(d.overdue_tiers.len(), 1);
    let t = &d.overdue_tiers[0];
    assert_eq!(
        (t.push_id, t.case_id, t.tier, t.targeted, t.reposted),
        (push_id, case_id, Tier::Main, 2, 1)
    );
    assert_eq!(t.stragglers.value, 1);
    let today = &d.today;
    let mut figures = vec![
        (&today.cases_recorded, 2),
        (&today.rebuttals_published, 1),
        (&today.pushes_launched, 1),
        (&today.reposts_confirmed, 1),
        (&today.reminders_sent, 1),
    ];
    figures.extend([(&d.overdue_count, 1), (&t.stragglers, 1)]);
    for (fig, n) in figures {
        assert_eq!(fig.value, n, "{:?}", fig.drill);
        let r = db
            .stats_drill(&today.period, &fig.drill, (1, 50), now)
            .unwrap();
        assert_eq!(r.total, n, "{:?}", fig.drill);
    }
    assert!(d.week.cases_recorded.value >= 2);
    let stragglers = db
        .stats_drill(&today.period, &t.stragglers.drill, (1, 50), now)
        .unwrap();
    assert_eq!(stragglers.targets[0].account_id, main_ids[1]);
    let reminded = db
        .stats_drill(&today.period, &today.reminders_sent.drill, (1, 50), now)
        .unwrap();
    assert_eq!(
        (reminded.pushes[0].push_id, reminded.pushes[0].reminders),
        (push_id, 1)
    );
    let overdue = db
        .stats_drill(&today.period, &d.overdue_count.drill, (1, 50), now)
        .unwrap();
    assert_eq!(overdue.cases[0].id, late.id);

    // The straggler's page turns out unreadable: nobody knows it has not reposted, so the
    // tier is no longer late and its stragglers' list is empty.
    db.record_checks(&[CheckRecord {
        push_id,
        account_id: main_ids[1],
        verdict: Verdict::Unreadable,
        evidence: crate::model::Evidence {
            checked_at: fmt(now),
            ..Default::default()
        },
        etag: None,
        last_modified: None,
        content_hash: None,
        duration_ms: None,
    }])
    .unwrap();
    assert!(db.dashboard(now).unwrap().overdue_tiers.is_empty());
    let none = db
        .stats_drill(&today.period, &t.stragglers.drill, (1, 50), now)
        .unwrap();
    assert_eq!(none.total, 0);
}

/// `push_cells` as counted from scratch from the targets.
const RECOUNT: &str = "SELECT t.push_id, t.tier, coalesce(t.unit_id, 0), max(t.due_at), count(*),
       count(*) FILTER (WHERE t.verdict = 'reposted'),
       count(*) FILTER (WHERE t.verdict = 'reposted' AND t.first_seen_at <= t.due_at),
       (SELECT group_concat(d, ',') FROM (SELECT unixepoch(x.first_seen_at) - unixepoch(p.created_at) AS d
          FROM push_targets x WHERE x.push_id = t.push_id AND x.tier = t.tier AND coalesce(x.unit_id, 0) = coalesce(t.unit_id, 0)
            AND x.verdict = 'reposted' ORDER BY x.account_id)),
       (SELECT group_concat(a, ',') FROM (SELECT x.account_id AS a
          FROM push_targets x WHERE x.push_id = t.push_id AND x.tier = t.tier AND coalesce(x.unit_id, 0) = coalesce(t.unit_id, 0)
            AND x.verdict = 'reposted' ORDER BY x.account_id))
FROM push_targets t JOIN pushes p ON p.id = t.push_id
GROUP BY t.push_id, t.tier, coalesce(t.unit_id, 0) ORDER BY 1, 2, 3";

type CellRow = (
    i64,
    String,
    i64,
    Option<String>,
    i64,
    i64,
    i64,
    String,
    String,
);

fn cells(db: &Db, sql: &str) -> Vec<CellRow> {
    db.read(|c| {
        let mut stmt = c.prepare(sql)?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get::<_, Option<String>>(7)?.unwrap_or_default(),
                r.get::<_, Option<String>>(8)?.unwrap_or_default(),
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    })
    .unwrap()
}

/// The kept cells, with their lists sorted by account like RECOUNT's.
fn kept(db: &Db) -> Vec<CellRow> {
    cells(
        db,
        "SELECT push_id, tier, unit_id, due_at, targeted, reposted, on_time, delays, accounts
         FROM push_cells ORDER BY 1, 2, 3",
    )
    .into_iter()
    .map(|mut c| {
        let mut pairs: Vec<(i64, i64)> =
            c.8.split(',')
                .zip(c.7.split(','))
                .filter(|(a, _)| !a.is_empty())
                .map(|(a, d)| (a.parse().unwrap(), d.parse().unwrap()))
                .collect();
        pairs.sort();
        c.7 = pairs
            .iter()
            .map(|p| p.1.to_string())
            .collect::<Vec<_>>()
            .join(",");
        c.8 = pairs
            .iter()
            .map(|p| p.0.to_string())
            .collect::<Vec<_>>()
            .join(",");
        c
    })
    .collect()
}

#[test]
fn push_cells_kept_on_write_match_a_recount_from_the_targets() {
    let f = fixture();
    let recount = cells(&f.db, RECOUNT);
    assert_eq!(kept(&f.db), recount);
    // P1's main force, unit 区卫健委: M3 and M4 reposted, M4 after the deadline.
    let (p1, m3, m4) = (f.pushes[1], f.accounts[2], f.accounts[3]);
    let health = recount
        .iter()
        .find(|c| c.0 == p1 && c.1 == "main" && c.8 == format!("{m3},{m4}"))
        .unwrap();
    assert_eq!((health.4, health.5, health.6), (2, 2, 1));
    assert_eq!(health.7, "3600,10800");

    // Writes no store function makes today are still counted right: a repost withdrawn, a
    // first sighting moved, a target removed.
    f.db.with_tx(|tx| {
        tx.execute_batch(&format!(
            "UPDATE push_targets SET verdict = 'not_found', first_seen_at = NULL WHERE push_id = {p1} AND account_id = {m3};
             UPDATE push_targets SET first_seen_at = '2026-03-01T04:00:00Z' WHERE push_id = {p1} AND account_id = {m4};
             DELETE FROM push_targets WHERE push_id = {} AND account_id = {};",
            f.pushes[2], f.accounts[0]
        ))?;
        Ok(())
    })
    .unwrap();
    let recount = cells(&f.db, RECOUNT);
    assert_eq!(kept(&f.db), recount);
    let health = recount
        .iter()
        .find(|c| c.0 == p1 && c.1 == "main" && c.8 == m4.to_string())
        .unwrap();
    assert_eq!(
        (health.4, health.5, health.6, health.7.as_str()),
        (2, 1, 1, "3600")
    );
}

#[test]
fn targets_the_checker_could_not_see_are_counted_apart_not_missed() {
    let f = fixture();
    let [_, _, _, m4, m5, ..] = f.accounts[..] else {
        unreachable!()
    };
    let p1 = f.pushes[1];
    // M5 never reposted P1 (missed); its page turns out unreadable, M4's blocked (M4 reposted
    // late: a repost stays a repost).
    f.db.with_tx(|tx| {
        tx.execute_batch(&format!(
            "UPDATE push_targets SET verdict = 'unreadable' WHERE push_id = {p1} AND account_id = {m5};
             UPDATE push_targets SET verdict = 'blocked' WHERE push_id = {p1} AND account_id = {m4} AND verdict <> 'reposted';"
        ))?;
        Ok(())
    })
    .unwrap();
    let s = stats(&f);
    let main = &s.coverage_by_tier[0];
    assert_eq!(
        (
            main.targeted.value,
            main.reposted.value,
            main.missed.value,
            main.unverified.value
        ),
        (10, 9, 2, 1),
        "M5 in P1 is 未能核查, not missed"
    );
    let unverified = rows_of(&f, &main.unverified);
    assert_eq!(
        unverified
            .targets
            .iter()
            .map(|t| (t.push_id, t.account_id, t.verdict))
            .collect::<Vec<_>>(),
        [(p1, m5, Some(Verdict::Unreadable))]
    );
    assert!(rows_of(&f, &main.missed)
        .targets
        .iter()
        .all(|t| !(t.push_id == p1 && t.account_id == m5)));
    assert_eq!(
        s.coverage_by_tier
            .iter()
            .map(|l| l.unverified.value)
            .sum::<i64>(),
        1
    );
    // The kept cells agree with a recount from the targets.
    let kept: i64 =
        f.db.read(|c| Ok(c.query_row("SELECT sum(unverified) FROM push_cells", [], |r| r.get(0))?))
            .unwrap();
    let recount: i64 = f
        .db
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM push_targets WHERE verdict IN ('blocked', 'unreadable', 'unreachable')",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(kept, recount);
}
