//! `piyao dashboard`, `piyao stats` and `piyao report` on a small database built through the
//! core crate.

use std::path::Path;
use std::process::{Command, Output};

use piyao_core::model::{
    AccountInput, CaseSource, Evidence, Platform, PushLaunch, TargetFilter, Tier, TierDeadline,
    Verdict,
};
use piyao_core::rules::push::{fmt, now_utc};
use piyao_core::store::CheckRecord;
use piyao_core::testing::CaseBuilder;
use serde_json::Value;

fn piyao(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_piyao"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("PIYAO_DB")
        .output()
        .unwrap()
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Two main-force accounts; a case pushed a minute ago with a main deadline that has just
/// passed; one account reposted.
fn seed(path: &Path) {
    let db = piyao_core::Db::open(path).unwrap();
    let me = "测试员";
    let mut ids = Vec::new();
    for name in ["平安云川", "网信云川"] {
        ids.push(
            db.create_account(AccountInput {
                name: name.into(),
                platform: Platform::Weibo,
                tier: Tier::Main,
                unit: Some("区公安分局".into()),
                territory: None,
                watch_url: None,
                contact: None,
                notes: None,
                active: true,
            })
            .unwrap()
            .id,
        );
    }
    let c = CaseBuilder::new("网传有民警在龙塔广场打人")
        .source(CaseSource::NetizenReport)
        .rebuttal("【辟谣】民警打人系谣言", "", None)
        .published(&db)
        .unwrap();
    let launched = now_utc() - time::Duration::seconds(60);
    let push = db
        .launch_push(
            &PushLaunch {
                case_id: c.id,
                filter: TargetFilter::default(),
                deadlines: vec![TierDeadline {
                    tier: Tier::Main,
                    due_at: fmt(launched + time::Duration::seconds(30)),
                }],
                notice: "请转发".into(),
                bot_ids: vec![],
            },
            me,
            launched,
        )
        .unwrap();
    db.record_checks(&[CheckRecord {
        push_id: push.id,
        account_id: ids[0],
        verdict: Verdict::Reposted,
        evidence: Evidence {
            checked_at: fmt(launched + time::Duration::seconds(20)),
            ..Default::default()
        },
        etag: None,
        last_modified: None,
        content_hash: None,
        duration_ms: None,
    }])
    .unwrap();
}

const ALL_TIME: [&str; 4] = ["--from", "2000-01-01", "--to", "2999-12-31"];

#[test]
fn stats_and_dashboard_as_json_and_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite3");
    seed(&db);

    let mut args = vec!["stats", "--json"];
    args.extend(ALL_TIME);
    let s: Value = serde_json::from_str(&ok(piyao(&db, &args))).unwrap();
    assert_eq!(s["cases"]["value"], 1);
    assert_eq!(s["cases"]["drill"]["kind"], "cases_recorded");
    assert_eq!(s["rebuttals"]["value"], 1);
    assert_eq!(s["pushes"]["value"], 1);
    assert_eq!(s["targeted"]["value"], 2);
    assert_eq!(s["reposted"]["value"], 1);
    assert_eq!(s["accounts_reached"]["value"], 1);
    assert_eq!(
        s["main_80"]["not_reached"]["value"], 1,
        "1 of 2 is not 80 %"
    );
    assert_eq!(s["units"][0]["label"], "区公安分局");
    assert_eq!(s["units"][0]["missed"]["value"], 1);
    assert_eq!(s["units"][0]["median_seconds"], 20);
    let by_source = s["by_source"].as_array().unwrap();
    let reports = by_source
        .iter()
        .find(|b| b["key"] == "netizen_report")
        .unwrap();
    assert_eq!(reports["value"], 1);

    let mut args = vec!["stats"];
    args.extend(ALL_TIME);
    let text = ok(piyao(&db, &args));
    assert!(
        text.contains("共登记谣言案件 1 起（网民举报 1 起）"),
        "{text}"
    );
    assert!(text.contains("转载覆盖 1 个账号"), "{text}");
    assert!(text.contains("1. 区公安分局"), "{text}");

    let d: Value = serde_json::from_str(&ok(piyao(&db, &["dashboard", "--json"]))).unwrap();
    assert_eq!(d["active_pushes"].as_array().unwrap().len(), 1);
    assert_eq!(d["overdue_tiers"][0]["tier"], "main");
    assert_eq!(d["overdue_tiers"][0]["stragglers"]["value"], 1);
    assert_eq!(d["week"]["pushes_launched"]["value"], 1);
    let text = ok(piyao(&db, &["dashboard"]));
    assert!(text.contains("进行中的推送：1 个"), "{text}");
    assert!(text.contains("1 个账号未转载"), "{text}");
}

#[test]
fn report_writes_xlsx_and_csv_by_extension() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite3");
    seed(&db);
    for name in ["年度报告.xlsx", "年度报告.csv"] {
        let out = dir.path().join(name);
        let mut args = vec!["report", "--out", out.to_str().unwrap()];
        args.extend(ALL_TIME);
        let said = ok(piyao(&db, &args));
        assert!(said.contains("已写入"), "{said}");
        let bytes = std::fs::read(&out).unwrap();
        if name.ends_with(".xlsx") {
            assert!(bytes.starts_with(b"PK"), "an XLSX is a zip");
        } else {
            let text = String::from_utf8(bytes).unwrap();
            assert!(text.starts_with('\u{feff}'));
            assert!(
                text.contains("【概况】") && text.contains("共组织辟谣 1 次"),
                "{text}"
            );
        }
    }
}

#[test]
fn a_bad_period_or_format_fails_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite3");
    let out = piyao(
        &db,
        &["stats", "--from", "2026-13-01", "--to", "2026-12-31"],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("日期格式无效") && err.contains("invalid"),
        "{err}"
    );
    let pdf = dir.path().join("r.pdf");
    let out = piyao(&db, &["report", "--out", pdf.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unsupported_file"));
}
