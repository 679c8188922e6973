//! A small district with known times, for statistics tests. Every figure the tests expect is
//! worked out by hand in the comments below.
//!
//! Period: 2026 (2026-01-01 .. 2026-12-31, Shanghai), judged at 2026-12-31T00:00Z.
//!
//! Cases (recorded = created_at, UTC; local = +8 h):
//!   C1 网民举报 重大  "网传民警在龙塔广场打人"        recorded 03-01, first seen 03-01 08:00,
//!      rebuttals published 03-01 10:00 and 03-05 09:00 (local) → 7 200 s
//!   C2 巡查发现 较大  "青石中心小学学生接种疫苗后死亡" first seen 03-02 09:00, rebuttal 03-02 13:00 → 14 400 s
//!   C3 巡查发现 一般  "有人冒充民警销售通行证"        first seen 05-01 10:00, rebuttal 05-02 10:00 → 86 400 s
//!   C4 部门报送 未研判 "某小区停水三天"              no rebuttal
//!   C5 巡查发现 未研判 "明天有特大暴雨"              declined, no rebuttal
//!   C6 网民举报        duplicate of C1, merged into it (never counted)
//!   C7 巡查发现        recorded 2025-12-31T15:30Z = 2025-12-31 23:30 local (outside), its first
//!      rebuttal published 2026-01-01 09:00 local (inside)
//!   C8 上级交办 未研判 "网传某工厂排污"               recorded 2025-12-31T16:10Z = 2026-01-01 00:10
//!      local (inside), no rebuttal
//!
//! Accounts: main M1 M2 (区公安分局), M3 M4 (区卫健委), M5 (龙塔街道办事处);
//!           auxiliary A1 (龙塔街道办事处), A2 (no unit).
//!
//! Pushes (launched, deadlines):
//!   P0 (C7) 2025-12-31T15:59:59Z (outside): M1 reposted 2025-12-31T16:30Z.
//!   P1 (C1) 2026-03-01T03:00Z, main due 05:00Z, auxiliary due 09:00Z; all seven:
//!      M1 +600 s, M2 +1 800, M3 +3 600, M4 +10 800 (late), M5 not found, A1 +7 200, A2 never checked.
//!   P2 (C2) 2026-03-02T06:00Z, main due 07:00Z; main only:
//!      M1 +300, M2 +1 200, M3 +2 400, M4 +3 000, M5 +7 200 (late).

use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use super::{CheckRecord, Db};
use crate::model::{
    AccountInput, CaseInput, CaseSource, Evidence, Platform, PushLaunch, RebuttalInput,
    TargetFilter, Tier, TierDeadline, Verdict,
};
use crate::rules::push::fmt;
use crate::rules::{AssignmentRules, CaseStatus, Scores, SubjectRule, TerritoryPlaces};

pub const ME: &str = "统计测试";
pub const NOW: OffsetDateTime = datetime!(2026-12-31 00:00 UTC);

pub struct Fixture {
    pub db: Db,
    /// C1..C8 (index 0 = C1).
    pub cases: Vec<i64>,
    /// P0, P1, P2.
    pub pushes: Vec<i64>,
    /// M1..M5, A1, A2.
    pub accounts: Vec<i64>,
}

fn case(db: &Db, title: &str, source: CaseSource, first_seen: &str) -> i64 {
    db.create_case(
        &CaseInput {
            title: title.into(),
            content: String::new(),
            platform: None,
            urls: vec![],
            first_seen_at: Some(first_seen.into()),
            source,
            reporter_name: None,
            reporter_contact: None,
        },
        ME,
    )
    .unwrap()
    .id
}

fn set(db: &Db, sql: &str, id: i64, value: &str) {
    db.with_tx(|tx| {
        tx.execute(sql, rusqlite::params![value, id])?;
        Ok(())
    })
    .unwrap();
}

fn recorded(db: &Db, id: i64, at: &str) {
    set(
        db,
        "UPDATE rumors SET created_at = ?1 WHERE id = ?2",
        id,
        at,
    );
}

fn level(db: &Db, id: i64, level: Option<&str>) {
    if let Some(l) = level {
        db.assess_case(
            id,
            &Scores {
                severity: 2,
                controllability: 2,
                influence: 2,
            },
            ME,
        )
        .unwrap();
        set(db, "UPDATE rumors SET level = ?1 WHERE id = ?2", id, l);
    }
}

fn rebut(db: &Db, id: i64, published: &str) {
    if db.get_case(id).unwrap().status == CaseStatus::Assessed {
        crate::testing::start_verifying(db, id, "区公安分局").unwrap();
    }
    db.record_case_rebuttal(
        id,
        &RebuttalInput {
            rumor_id: id,
            title: format!("【辟谣】案件 {id}"),
            content: "经核实，系谣言。".into(),
            url: None,
            publisher: Some("平安云川".into()),
            published_at: Some(published.into()),
        },
        ME,
    )
    .unwrap();
}

fn launch(db: &Db, case_id: i64, at: OffsetDateTime, tiers: &[(Tier, i64)]) -> i64 {
    let push = db
        .launch_push(
            &PushLaunch {
                case_id,
                filter: TargetFilter {
                    tiers: tiers.iter().map(|(t, _)| *t).collect(),
                    ..Default::default()
                },
                deadlines: tiers
                    .iter()
                    .map(|(tier, minutes)| TierDeadline {
                        tier: *tier,
                        due_at: fmt(at + Duration::minutes(*minutes)),
                    })
                    .collect(),
                notice: "请转发".into(),
                bot_ids: vec![],
            },
            ME,
            at,
        )
        .unwrap();
    push.id
}

fn seen(db: &Db, push_id: i64, account_id: i64, verdict: Verdict, at: OffsetDateTime) {
    db.record_checks(&[CheckRecord {
        push_id,
        account_id,
        verdict,
        evidence: Evidence {
            checked_at: fmt(at),
            explanation: "测试".into(),
            ..Default::default()
        },
        etag: None,
        last_modified: None,
        content_hash: None,
        duration_ms: Some(10),
    }])
    .unwrap();
}

pub fn fixture() -> Fixture {
    let db = Db::open_in_memory().unwrap();
    db.set_territories(&[
        TerritoryPlaces {
            territory: "龙塔街道".into(),
            unit: Some("龙塔街道办事处".into()),
            places: vec!["龙塔广场".into()],
        },
        TerritoryPlaces {
            territory: "青石镇".into(),
            unit: None,
            places: vec!["青石中心小学".into()],
        },
    ])
    .unwrap();
    let rule = |word: &str, subject: &str| SubjectRule {
        word: word.into(),
        subject: subject.into(),
    };
    db.set_assignment_rules(&AssignmentRules {
        subject_rules: vec![
            rule("民警", "公安"),
            rule("疫苗", "卫生健康"),
            rule("学生", "教育"),
        ],
        unit_subjects: vec![],
    })
    .unwrap();
    let accounts: Vec<i64> = [
        ("平安云川", Tier::Main, Some("区公安分局")),
        ("云川交警", Tier::Main, Some("区公安分局")),
        ("健康云川", Tier::Main, Some("区卫健委")),
        ("云川疾控", Tier::Main, Some("区卫健委")),
        ("龙塔发布", Tier::Main, Some("龙塔街道办事处")),
        ("龙塔社区", Tier::Auxiliary, Some("龙塔街道办事处")),
        ("热心市民", Tier::Auxiliary, None),
    ]
    .into_iter()
    .map(|(name, tier, unit)| {
        db.create_account(AccountInput {
            name: name.into(),
            platform: Platform::Weibo,
            tier,
            unit: unit.map(String::from),
            territory: None,
            watch_url: None,
            contact: None,
            notes: None,
            active: true,
        })
        .unwrap()
        .id
    })
    .collect();

    let c1 = case(
        &db,
        "网传民警在龙塔广场打人",
        CaseSource::NetizenReport,
        "2026-03-01 08:00",
    );
    recorded(&db, c1, "2026-03-01T00:30:00Z");
    let c2 = case(
        &db,
        "青石中心小学学生接种疫苗后死亡",
        CaseSource::Patrol,
        "2026-03-02 09:00",
    );
    recorded(&db, c2, "2026-03-02T01:30:00Z");
    let c3 = case(
        &db,
        "有人冒充民警销售通行证",
        CaseSource::Patrol,
        "2026-05-01 10:00",
    );
    recorded(&db, c3, "2026-05-01T02:30:00Z");
    let c4 = case(
        &db,
        "某小区停水三天",
        CaseSource::DepartmentReport,
        "2026-06-01 10:00",
    );
    recorded(&db, c4, "2026-06-01T02:30:00Z");
    let c5 = case(
        &db,
        "明天有特大暴雨",
        CaseSource::Patrol,
        "2026-07-01 10:00",
    );
    recorded(&db, c5, "2026-07-01T02:30:00Z");
    let c6 = case(
        &db,
        "民警在龙塔广场打人",
        CaseSource::NetizenReport,
        "2026-03-01 08:10",
    );
    recorded(&db, c6, "2026-03-01T00:40:00Z");
    let c7 = case(
        &db,
        "网传跨年夜封路",
        CaseSource::Patrol,
        "2025-12-31 23:00",
    );
    recorded(&db, c7, "2025-12-31T15:30:00Z");
    let c8 = case(
        &db,
        "网传某工厂排污",
        CaseSource::Assigned,
        "2026-01-01 00:05",
    );
    recorded(&db, c8, "2025-12-31T16:10:00Z");

    level(&db, c1, Some("serious"));
    level(&db, c2, Some("major"));
    level(&db, c3, Some("general"));
    level(&db, c7, Some("general"));
    db.transition_case(c5, CaseStatus::Declined, None, ME)
        .unwrap();
    db.merge_case(c6, c1, ME).unwrap();

    rebut(&db, c1, "2026-03-01 10:00");
    rebut(&db, c1, "2026-03-05 09:00");
    rebut(&db, c2, "2026-03-02 13:00");
    rebut(&db, c3, "2026-05-02 10:00");
    rebut(&db, c7, "2026-01-01 09:00");

    let [m1, m2, m3, m4, m5, a1, a2] = accounts[..] else {
        unreachable!()
    };
    let p0_at = datetime!(2025-12-31 15:59:59 UTC);
    let p0 = launch(&db, c7, p0_at, &[(Tier::Main, 120)]);
    seen(
        &db,
        p0,
        m1,
        Verdict::Reposted,
        datetime!(2025-12-31 16:30 UTC),
    );

    let p1_at = datetime!(2026-03-01 03:00 UTC);
    let p1 = launch(&db, c1, p1_at, &[(Tier::Main, 120), (Tier::Auxiliary, 360)]);
    let s = |n: i64| p1_at + Duration::seconds(n);
    seen(&db, p1, m5, Verdict::NotFound, s(500));
    seen(&db, p1, m1, Verdict::Reposted, s(600));
    seen(&db, p1, m2, Verdict::NotFound, s(900));
    seen(&db, p1, m2, Verdict::Reposted, s(1800));
    seen(&db, p1, m3, Verdict::Reposted, s(3600));
    seen(&db, p1, a1, Verdict::Reposted, s(7200));
    seen(&db, p1, m4, Verdict::Reposted, s(10800));
    seen(&db, p1, m1, Verdict::Deleted, s(20000));
    let _ = a2;

    let p2_at = datetime!(2026-03-02 06:00 UTC);
    let p2 = launch(&db, c2, p2_at, &[(Tier::Main, 60)]);
    let s = |n: i64| p2_at + Duration::seconds(n);
    seen(&db, p2, m1, Verdict::Reposted, s(300));
    seen(&db, p2, m2, Verdict::Reposted, s(1200));
    seen(&db, p2, m3, Verdict::Reposted, s(2400));
    seen(&db, p2, m4, Verdict::Reposted, s(3000));
    seen(&db, p2, m5, Verdict::Reposted, s(7200));

    Fixture {
        db,
        cases: vec![c1, c2, c3, c4, c5, c6, c7, c8],
        pushes: vec![p0, p1, p2],
        accounts,
    }
}
