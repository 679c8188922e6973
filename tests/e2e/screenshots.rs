//! `make screenshot`: the README's pictures of the main screens.

use super::*;

/// `make screenshot`: PNGs of the main screens, from the real app with the demo ledger.
#[test]
#[ignore = "needs a display and tauri-driver: run through `make screenshot`"]
fn screenshots() {
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("shots");
    let sandbox = Sandbox::new();
    let driver = sandbox.driver();
    let s = open_app(&driver);
    s.find("[data-testid=demo-offer]");
    s.screenshot(&out.join("01-first-start-demo-offer.png"));
    s.click("[data-testid=btn-load-demo]");
    s.wait_text("平安云川");
    std::thread::sleep(std::time::Duration::from_millis(500));
    s.screenshot(&out.join("02-ledger.png"));
    s.click("[data-testid=edit-account][data-account-name='平安云川']");
    s.find("[data-testid=account-name]");
    std::thread::sleep(std::time::Duration::from_millis(400));
    s.screenshot(&out.join("03-account-form.png"));
    s.close();

    let csv = sandbox.path("有错误的台账.csv");
    std::fs::write(
        &csv,
        format!("{LEDGER_CSV}云川新号,快手,先锋队,,,ftp://x,,,\n"),
    )
    .unwrap();
    let s = open_app(&driver);
    s.click("[data-testid=btn-import]");
    s.type_into("[data-testid=import-path]", csv.to_str().unwrap());
    s.click("[data-testid=btn-preview]");
    s.find("[data-testid=import-error]");
    std::thread::sleep(std::time::Duration::from_millis(400));
    s.screenshot(&out.join("04-import-preview-errors.png"));
    s.close();

    // Cases: a few in different states, seeded through the store.
    let sandbox = Sandbox::new();
    seed_cases(&sandbox.path("piyao.sqlite3"));
    let driver = sandbox.driver();
    let s = open_app(&driver);
    s.click("[data-testid=nav-cases]");
    s.find("[data-testid=case-row]");
    std::thread::sleep(std::time::Duration::from_millis(400));
    s.screenshot(&out.join("05-cases.png"));
    s.click("[data-testid=case-row][data-case-title='龙塔社区大门被枪击'] td:nth-child(2)");
    s.find("[data-testid=suggestion-explanation]");
    std::thread::sleep(std::time::Duration::from_millis(400));
    s.screenshot(&out.join("06-case-page.png"));
    s.click("[data-testid=nav-rules]");
    s.find("[data-testid=btn-save-level-policy]");
    std::thread::sleep(std::time::Duration::from_millis(400));
    s.screenshot(&out.join("07-rules.png"));
    s.close();
}

fn seed_cases(path: &Path) {
    use piyao_core::model::{CaseInput, CaseSource};
    use piyao_core::rules::{CaseStatus, Scores};
    let db = piyao_core::Db::open(path).unwrap();
    db.load_demo().unwrap();
    let case = |title: &str, content: &str, source: CaseSource, seen: &str| CaseInput {
        title: title.into(),
        content: content.into(),
        platform: Some("微信群".into()),
        urls: vec![],
        first_seen_at: Some(seen.into()),
        source,
        reporter_name: Some("王先生".into()),
        reporter_contact: Some("13812345678".into()),
    };
    let me = "协调员";
    let a = db
        .create_case(
            &case(
                "有人冒充民警销售通行证",
                "网传有人冒充民警在龙塔广场销售通行证，两百元一张。",
                CaseSource::Patrol,
                "2026-11-18 09:00",
            ),
            me,
        )
        .unwrap();
    db.assess_case(
        a.id,
        &Scores {
            severity: 3,
            controllability: 4,
            influence: 3,
        },
        me,
    )
    .unwrap();
    let b = db
        .create_case(
            &case(
                "青石中心小学因疫情停课",
                "青石中心小学学生家长群传言学校因疫情全体停课。",
                CaseSource::DepartmentReport,
                "2026-11-19 15:20",
            ),
            me,
        )
        .unwrap();
    db.assess_case(
        b.id,
        &Scores {
            severity: 2,
            controllability: 4,
            influence: 2,
        },
        me,
    )
    .unwrap();
    db.transition_case(
        b.id,
        CaseStatus::Declined,
        Some("经核实停课属实，非谣言"),
        me,
    )
    .unwrap();
    let c = db
        .create_case(
            &case(
                "龙塔社区大门被枪击",
                "网传龙塔社区大门昨夜被枪击，有人受伤，附近居民很恐慌。",
                CaseSource::NetizenReport,
                "2026-11-21 22:40",
            ),
            me,
        )
        .unwrap();
    db.assess_case(
        c.id,
        &Scores {
            severity: 4,
            controllability: 2,
            influence: 4,
        },
        me,
    )
    .unwrap();
}
