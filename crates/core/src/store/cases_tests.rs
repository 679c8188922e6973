use super::*;
use crate::model::{CaseFilter, CaseInput, CaseSource, RebuttalInput};
use crate::rules::{CaseStatus, Level, Scores};

const ME: &str = "测试员";

fn db() -> Db {
    let db = Db::open_in_memory().unwrap();
    db.load_demo_ledger().unwrap();
    db
}

fn input(title: &str, content: &str, source: CaseSource) -> CaseInput {
    CaseInput {
        title: title.into(),
        content: content.into(),
        platform: Some("微信群".into()),
        urls: vec!["https://weibo.example/1".into()],
        first_seen_at: Some("2026-11-20 08:30".into()),
        source,
        reporter_name: Some("王先生".into()),
        reporter_contact: Some("13812345678".into()),
    }
}

fn rebuttal(id: i64) -> RebuttalInput {
    RebuttalInput {
        rumor_id: id,
        title: "【辟谣】龙塔社区大门被枪击？系谣言".into(),
        content: "经核实，龙塔社区大门玻璃系施工碰碎，并非枪击。".into(),
        url: Some("https://127.0.0.1:9/r/1".into()),
        publisher: Some("平安云川".into()),
        published_at: Some("2026-11-20 12:00".into()),
    }
}

#[test]
fn a_reported_case_goes_from_intake_to_archive_with_a_timeline() {
    let db = db();
    let c = db
        .create_case(
            &input(
                "龙塔社区大门被枪击",
                "网传龙塔社区大门昨夜被枪击，有人受伤",
                CaseSource::NetizenReport,
            ),
            ME,
        )
        .unwrap();
    assert_eq!(c.status, CaseStatus::New);
    assert_eq!(c.reporter_contact_masked.as_deref(), Some("138****5678"));
    assert_eq!(c.first_seen_at.as_deref(), Some("2026-11-20 08:30:00"));

    let c = db
        .assess_case(
            c.id,
            &Scores {
                severity: 4,
                controllability: 2,
                influence: 4,
            },
            ME,
        )
        .unwrap();
    assert_eq!(
        (c.status, c.level),
        (CaseStatus::Assessed, Some(Level::Serious))
    );
    assert_eq!(
        c.rebuttal_due_at.as_deref(),
        Some("2026-11-20 14:30:00"),
        "first seen + 6 h for 重大"
    );
    assert!(c.overdue, "due in the past, no rebuttal yet");

    let view = db.case_assignment(c.id).unwrap();
    assert_eq!(view.suggestion.lead_unit.as_deref(), Some("区公安分局"));
    assert_eq!(view.suggestion.co_units, ["龙塔街道办事处"]);
    assert!(
        view.suggestion.explanation.contains("'枪击' → 公安"),
        "{}",
        view.suggestion.explanation
    );
    let c = db
        .assign_case(
            c.id,
            &AssignInput {
                lead_unit: "区公安分局".into(),
                co_units: vec!["龙塔街道办事处".into()],
                reason: None,
            },
            ME,
        )
        .unwrap();
    assert_eq!(c.lead_unit.as_deref(), Some("区公安分局"));

    let err = db
        .record_case_rebuttal(c.id, &rebuttal(c.id), ME)
        .unwrap_err();
    assert!(err.to_string().contains("核查后"), "{err}");
    db.transition_case(c.id, CaseStatus::Verifying, Some("已转公安核查"), ME)
        .unwrap();
    let c = db.record_case_rebuttal(c.id, &rebuttal(c.id), ME).unwrap();
    assert_eq!(c.status, CaseStatus::RebuttalPublished);
    assert!(!c.overdue);
    db.transition_case(c.id, CaseStatus::Done, None, ME)
        .unwrap();

    let err = db.archive_case(c.id, "已辟谣并反馈", ME).unwrap_err();
    assert!(err.to_string().contains("反馈"), "{err}");
    db.case_feedback(c.id, "已电话告知举报人核查结果", ME)
        .unwrap();
    let c = db
        .archive_case(c.id, "枪击系谣言，公安分局当日辟谣。", ME)
        .unwrap();
    assert_eq!(c.status, CaseStatus::Archived);

    let actions: Vec<&str> = c.timeline.iter().map(|t| t.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "created", "assessed", "status", "assigned", "status", "rebuttal", "status", "status",
            "feedback", "status", "archived"
        ]
    );
    assert!(c.timeline.iter().all(|t| t.actor == ME));
    // Frozen.
    let err = db
        .assess_case(
            c.id,
            &Scores {
                severity: 1,
                controllability: 5,
                influence: 1,
            },
            ME,
        )
        .unwrap_err();
    assert!(err.to_string().contains("已归档"), "{err}");
    // Append-only timeline, even for SQL that tries.
    let e = db
        .read(|c| {
            Ok(c.execute("DELETE FROM case_timeline", [])
                .map_err(Error::from))
        })
        .unwrap();
    assert!(e.is_err());
}

#[test]
fn invalid_transitions_and_overrides_without_reason_are_refused() {
    let db = db();
    let c = db
        .create_case(
            &input(
                "超市食品过期",
                "白沙菜市场旁超市卖过期食品",
                CaseSource::Patrol,
            ),
            ME,
        )
        .unwrap();
    assert!(
        c.reporter_contact_masked.is_none(),
        "patrol cases keep no reporter"
    );
    let err = db
        .transition_case(c.id, CaseStatus::Done, None, ME)
        .unwrap_err();
    assert!(
        err.to_string().contains("案件处于「新登记」状态，不能办结"),
        "{err}"
    );
    assert!(db
        .transition_case(c.id, CaseStatus::Archived, None, ME)
        .is_err());
    let other = AssignInput {
        lead_unit: "区卫生健康局".into(),
        co_units: vec![],
        reason: None,
    };
    let err = db.assign_case(c.id, &other, ME).unwrap_err();
    assert!(err.to_string().contains("调整理由"), "{err}");
    let err = db
        .assign_case(
            c.id,
            &AssignInput {
                reason: Some("涉及食品安全事件，卫健牵头".into()),
                ..other.clone()
            },
            ME,
        )
        .unwrap_err();
    assert!(err.to_string().contains("请先完成研判"), "{err}");
    let scores = Scores {
        severity: 2,
        controllability: 2,
        influence: 2,
    };
    db.assess_case(c.id, &scores, ME).unwrap();
    let c = db
        .assign_case(
            c.id,
            &AssignInput {
                reason: Some("涉及食品安全事件，卫健牵头".into()),
                ..other
            },
            ME,
        )
        .unwrap();
    assert_eq!(
        c.assignment_note.as_deref(),
        Some("涉及食品安全事件，卫健牵头")
    );
    let err = db
        .assign_case(
            c.id,
            &AssignInput {
                lead_unit: "不存在的局".into(),
                co_units: vec![],
                reason: Some("x".into()),
            },
            ME,
        )
        .unwrap_err();
    assert!(err.to_string().contains("找不到责任单位"));
    assert!(db
        .create_case(&input(" ", "", CaseSource::Patrol), ME)
        .is_err());
    let mut bad = input("标题", "", CaseSource::Patrol);
    bad.urls = vec!["javascript:alert(1)".into()];
    assert!(db.create_case(&bad, ME).is_err());
    bad.urls = vec![];
    bad.first_seen_at = Some("昨天".into());
    assert!(db
        .create_case(&bad, ME)
        .unwrap_err()
        .to_string()
        .contains("时间格式"));
}

#[test]
fn search_finds_two_character_substrings_and_filters() {
    let db = db();
    let a = db
        .create_case(
            &input(
                "龙塔社区大门被枪击",
                "网传龙塔社区大门昨夜被枪击",
                CaseSource::Patrol,
            ),
            ME,
        )
        .unwrap();
    let b = db
        .create_case(
            &input(
                "青石中心小学停课",
                "青石中心小学因疫情全体停课",
                CaseSource::Patrol,
            ),
            ME,
        )
        .unwrap();
    let find = |q: &str| -> Vec<i64> {
        db.list_cases(&CaseFilter {
            query: Some(q.into()),
            ..Default::default()
        })
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect()
    };
    assert_eq!(find("枪击"), [a.id]);
    assert_eq!(
        find("塔社"),
        [a.id],
        "a two-character piece from the middle of a word"
    );
    assert_eq!(find("中心小学停课"), [b.id]);
    assert_eq!(find("停课 青石"), [b.id]);
    assert!(find("枪击 青石").is_empty());
    assert_eq!(
        find("击"),
        [a.id],
        "one character, even the last of a run, through the index"
    );
    assert!(find("\" OR *").is_empty());

    let by =
        |f: CaseFilter| -> Vec<i64> { db.list_cases(&f).unwrap().iter().map(|c| c.id).collect() };
    assert_eq!(
        by(CaseFilter {
            subject: Some("公安".into()),
            ..Default::default()
        }),
        [a.id]
    );
    assert_eq!(
        by(CaseFilter {
            territory: Some("青石镇".into()),
            ..Default::default()
        }),
        [b.id]
    );
    let scores = Scores {
        severity: 2,
        controllability: 2,
        influence: 2,
    };
    db.assess_case(a.id, &scores, ME).unwrap();
    db.assign_case(
        a.id,
        &AssignInput {
            lead_unit: "区公安分局".into(),
            co_units: vec!["龙塔街道办事处".into()],
            reason: None,
        },
        ME,
    )
    .unwrap();
    assert_eq!(
        by(CaseFilter {
            unit: Some("龙塔街道办事处".into()),
            ..Default::default()
        }),
        [a.id]
    );
    assert_eq!(
        by(CaseFilter {
            status: Some(CaseStatus::New),
            ..Default::default()
        })
        .len(),
        1
    );
    assert!(by(CaseFilter {
        to: Some("2000-01-01".into()),
        ..Default::default()
    })
    .is_empty());

    // The rebuttal and the archive summary are searchable too.
    db.transition_case(b.id, CaseStatus::Declined, Some("经核实属实，非谣言"), ME)
        .unwrap();
    db.archive_case(b.id, "疫情停课属实，通知家长", ME).unwrap();
    assert_eq!(find("通知家长"), [b.id]);
}

#[test]
fn similar_cases_are_found_and_duplicates_merge() {
    let db = db();
    let a = db
        .create_case(
            &input(
                "有人冒充民警卖通行证",
                "网传有人冒充民警在龙塔广场销售通行证",
                CaseSource::Patrol,
            ),
            ME,
        )
        .unwrap();
    db.create_case(
        &input(
            "青石中心小学停课",
            "青石中心小学因疫情全体停课",
            CaseSource::Patrol,
        ),
        ME,
    )
    .unwrap();
    let similar = db
        .similar_cases("冒充民警销售通行证", "龙塔广场有人冒充民警卖通行证", None)
        .unwrap();
    assert_eq!(similar.len(), 1, "{similar:?}");
    assert_eq!(similar[0].id, a.id);
    assert!(similar[0].score > 0.4);
    let dup = db
        .create_case(
            &input(
                "冒充民警卖通行证",
                "龙塔广场冒充民警卖通行证",
                CaseSource::NetizenReport,
            ),
            ME,
        )
        .unwrap();
    let target = db.merge_case(dup.id, a.id, ME).unwrap();
    assert!(target.timeline.iter().any(|t| t.action == "merged"));
    let dup = db.get_case(dup.id).unwrap();
    assert_eq!(
        (dup.status, dup.merged_into),
        (CaseStatus::Merged, Some(a.id))
    );
    assert!(db
        .similar_cases("冒充民警卖通行证", "", None)
        .unwrap()
        .iter()
        .all(|s| s.id != dup.id));
    assert!(db.merge_case(a.id, a.id, ME).is_err());
    assert!(
        db.merge_case(a.id, dup.id, ME).is_err(),
        "never into a merged case"
    );
}

#[test]
fn the_reporter_contact_is_given_only_on_request_and_the_request_is_logged() {
    let db = db();
    let c = db
        .create_case(
            &input(
                "高速封路",
                "云溪高速出口封路三天",
                CaseSource::DepartmentReport,
            ),
            ME,
        )
        .unwrap();
    assert_eq!(
        db.reporter_contact(c.id, ME).unwrap().as_deref(),
        Some("13812345678")
    );
    let c = db.get_case(c.id).unwrap();
    assert!(c
        .timeline
        .iter()
        .any(|t| t.detail.contains("查看了举报人完整联系方式")));
    assert!(
        !serde_json::to_string(&c).unwrap().contains("13812345678"),
        "the case itself never carries it"
    );
}

#[test]
fn level_policy_and_rules_are_editable() {
    let db = db();
    let mut p = db.level_policy().unwrap();
    p.major_from = 5;
    p.serious_from = 7;
    p.critical_from = 8;
    db.set_level_policy(&p).unwrap();
    let c = db
        .create_case(&input("小事", "小事一桩", CaseSource::Patrol), ME)
        .unwrap();
    let c = db
        .assess_case(
            c.id,
            &Scores {
                severity: 2,
                controllability: 4,
                influence: 2,
            },
            ME,
        )
        .unwrap();
    assert_eq!(c.level, Some(Level::Major), "risk 6 is 较大 from 5");
    p.serious_from = 4;
    assert!(db.set_level_policy(&p).is_err());

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("目录.json");
    db.export_directory(&path).unwrap();
    let other = Db::open_in_memory().unwrap();
    other.import_directory(&path).unwrap();
    assert_eq!(
        other.assignment_rules().unwrap(),
        db.assignment_rules().unwrap()
    );
    assert_eq!(
        other.territory_places().unwrap(),
        db.territory_places().unwrap()
    );
    std::fs::write(
        &path,
        r#"{"subject_rules":[{"word":"枪击","subject":"公安"},{"word":"枪击","subject":"应急"}]}"#,
    )
    .unwrap();
    assert!(other
        .import_directory(&path)
        .unwrap_err()
        .to_string()
        .contains("两次"));
}

#[test]
fn the_store_enforces_the_workflow_and_the_case_carries_its_actions() {
    use crate::rules::CaseAction;
    use crate::testing::CaseBuilder;
    let db = Db::open_in_memory().unwrap();
    let c = CaseBuilder::new("网传龙塔社区停水三天")
        .assessed(&db)
        .unwrap();
    let state =
        |c: &Case, a: CaseAction| c.actions.iter().find(|s| s.action == a).cloned().unwrap();
    let verify = state(&c, CaseAction::Verify);
    assert_eq!(verify.to, Some(CaseStatus::Verifying));
    assert_eq!(verify.refused.unwrap().code, "needs_lead_unit");
    assert!(state(&c, CaseAction::Assess).refused.is_none());
    // the store refuses what the actions refuse, with the same reason
    let err = db
        .transition_case(c.id, CaseStatus::Verifying, None, ME)
        .unwrap_err();
    assert!(err.to_string().contains("请先指定辟谣主体"), "{err}");
    // 推送中 comes only from launching a push
    let c = CaseBuilder::new("网传龙塔社区停电").published(&db).unwrap();
    assert_eq!(c.status, CaseStatus::RebuttalPublished);
    let err = db
        .transition_case(c.id, CaseStatus::Pushing, None, ME)
        .unwrap_err();
    assert!(err.to_string().contains("发起推送"), "{err}");
    assert!(state(&c, CaseAction::LaunchPush).refused.is_none());
    // a follow-up statement may still be recorded; the case stays published
    assert!(state(&c, CaseAction::RecordRebuttal).refused.is_none());
    let c = db.record_case_rebuttal(c.id, &rebuttal(c.id), ME).unwrap();
    assert_eq!(c.status, CaseStatus::RebuttalPublished);
    db.transition_case(c.id, CaseStatus::Done, None, ME)
        .unwrap();
    let err = db
        .record_case_rebuttal(c.id, &rebuttal(c.id), ME)
        .unwrap_err();
    assert!(err.to_string().contains("不能再录入辟谣信息"), "{err}");
}

#[test]
fn the_case_list_is_paged_and_sorted_in_sql() {
    use crate::model::{CaseSort, CaseSortKey};
    let db = db();
    // 23 cases: registered a day apart, some assessed (levels), some first seen, some due
    for i in 0..23 {
        let mut case = input(&format!("谣言{i:02}号"), "某小区停水", CaseSource::Patrol);
        case.first_seen_at = (i % 3 != 0).then(|| format!("2026-10-{:02} 08:00", 28 - i));
        let c = db.create_case(&case, ME).unwrap();
        if i % 4 != 0 {
            let n = 1 + (i % 4) as u8;
            let scores = Scores {
                severity: n,
                controllability: n,
                influence: n,
            };
            db.assess_case(c.id, &scores, ME).unwrap();
        }
        db.with_tx(|tx| {
            tx.execute(
                "UPDATE rumors SET created_at = datetime('2026-11-01', ?1 || ' days'),
                        rebuttal_due_at = CASE WHEN ?2 THEN '2020-01-01 00:00:00' ELSE rebuttal_due_at END
                 WHERE id = ?3",
                rusqlite::params![i, i % 5 == 0, c.id],
            )?;
            Ok(())
        })
        .unwrap();
    }
    let all = db.list_cases(&CaseFilter::default()).unwrap();
    assert_eq!(all.len(), 23);
    let ids = |rows: &[CaseSummary]| rows.iter().map(|c| c.id).collect::<Vec<_>>();
    // the reference order: values compared, rows without one last, ties newest registration first
    let reference = |sort: CaseSort| {
        let mut rows = all.clone();
        let value = |c: &CaseSummary| match sort.key {
            CaseSortKey::CreatedAt => Some(c.created_at.clone()),
            CaseSortKey::FirstSeenAt => c.first_seen_at.clone(),
            CaseSortKey::RebuttalDueAt => c.rebuttal_due_at.clone(),
            CaseSortKey::Level => c
                .level
                .map(|l| format!("{}", Level::ALL.iter().position(|x| *x == l).unwrap())),
        };
        rows.sort_by(|a, b| {
            let (va, vb) = (value(a), value(b));
            let by_value = match (&va, &vb) {
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (Some(x), Some(y)) if sort.descending => y.cmp(x),
                (Some(x), Some(y)) => x.cmp(y),
                (None, None) => std::cmp::Ordering::Equal,
            };
            by_value
                .then(b.created_at.cmp(&a.created_at))
                .then(b.id.cmp(&a.id))
        });
        ids(&rows)
    };
    for key in [
        CaseSortKey::CreatedAt,
        CaseSortKey::FirstSeenAt,
        CaseSortKey::Level,
        CaseSortKey::RebuttalDueAt,
    ] {
        for descending in [true, false] {
            let sort = CaseSort { key, descending };
            let mut paged = Vec::new();
            for page in 1..=3 {
                let p = db
                    .case_page(&CaseFilter::default(), sort, page, 10)
                    .unwrap();
                assert_eq!((p.total, p.page, p.page_size), (23, page, 10));
                paged.extend(ids(&p.rows));
            }
            assert_eq!(paged, reference(sort), "{sort:?}");
        }
    }
    // the overdue count covers every match, not the page
    let overdue = all.iter().filter(|c| c.overdue).count() as i64;
    assert!(overdue >= 3, "{overdue}");
    assert_eq!(
        db.case_page(&CaseFilter::default(), CaseSort::default(), 1, 5)
            .unwrap()
            .overdue,
        overdue
    );
    // past the end: the last page
    let last = db
        .case_page(&CaseFilter::default(), CaseSort::default(), 99, 10)
        .unwrap();
    assert_eq!((last.page, last.rows.len()), (3, 3));
    // a filter with its order and counts; nothing matching is an empty first page
    let major = CaseFilter {
        level: Some(Level::Major),
        ..Default::default()
    };
    let p = db
        .case_page(
            &major,
            CaseSort {
                key: CaseSortKey::CreatedAt,
                descending: false,
            },
            1,
            5,
        )
        .unwrap();
    let expected: Vec<i64> = all
        .iter()
        .rev()
        .filter(|c| c.level == Some(Level::Major))
        .map(|c| c.id)
        .collect();
    assert!(expected.len() >= 5);
    assert_eq!(p.total, expected.len() as i64);
    assert_eq!(ids(&p.rows), expected[..5]);
    let none = CaseFilter {
        query: Some("没有这个谣言".into()),
        ..Default::default()
    };
    let p = db.case_page(&none, CaseSort::default(), 4, 20).unwrap();
    assert_eq!((p.total, p.overdue, p.page, p.rows.len()), (0, 0, 1, 0));
}
