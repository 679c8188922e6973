//! End-to-end tests in the real app window: the release of record for what a coordinator sees.
//! They drive the app through tauri-driver + WebKitWebDriver and need a display, so plain
//! `cargo test` skips them; `make test` runs them under Xvfb (`--include-ignored`).
//! `make screenshot` runs `screenshots` to write PNGs of the main screens to `shots/`.

mod support;

use std::path::{Path, PathBuf};

use piyao_core::model::AccountFilter;
use support::webdriver::{Driver, Session};

const APP: &str = env!("CARGO_BIN_EXE_piyao-matrix");

/// A private home for one app run: database and every XDG folder WebKit and plugins write to.
struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
        std::fs::create_dir_all(&root).unwrap();
        Sandbox {
            dir: tempfile::tempdir_in(root).unwrap(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn driver(&self) -> Driver {
        self.driver_with(&[])
    }

    /// The driver, with more environment for the app (e.g. `PIYAO_FETCH_CONFIG`).
    fn driver_with(&self, extra: &[(&str, &Path)]) -> Driver {
        let dirs: Vec<(&str, PathBuf)> = ["config", "data", "cache", "runtime"]
            .iter()
            .map(|d| {
                let p = self.path(d);
                std::fs::create_dir_all(&p).unwrap();
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o700)).unwrap();
                }
                (*d, p)
            })
            .collect();
        let db = self.path("piyao.sqlite3");
        let env: Vec<(&str, &Path)> = vec![
            ("PIYAO_DB", db.as_path()),
            ("XDG_CONFIG_HOME", dirs[0].1.as_path()),
            ("XDG_DATA_HOME", dirs[1].1.as_path()),
            ("XDG_CACHE_HOME", dirs[2].1.as_path()),
            ("XDG_RUNTIME_DIR", dirs[3].1.as_path()),
        ];
        let env: Vec<(&str, &Path)> = env.into_iter().chain(extra.iter().copied()).collect();
        Driver::start(&env)
    }
}

/// Starts the app and opens the ledger (the app itself starts on the dashboard).
fn open_app(driver: &Driver) -> Session<'_> {
    let s = driver.session(Path::new(APP));
    s.find("[data-testid=dashboard]");
    s.click("[data-testid=nav-ledger]");
    s
}

const LEDGER_CSV: &str = "账号名称,平台,梯队,责任单位,所属镇街,监测地址,联系方式,备注,状态
网信云川,微信公众号,主力军,区委网信办,,http://127.0.0.1:9/wx/1,陈立,,启用
平安云川,微博,主力军,区公安分局,,http://127.0.0.1:9/wb/2,刘洋,,启用
龙塔街道发布,微信公众号,生力军,龙塔街道办事处,龙塔街道,http://127.0.0.1:9/wx/3,杨帆,,启用
龙塔社区居民群,群聊,同盟军,龙塔街道办事处,龙塔街道,,网格员 小陈,,启用
";

#[test]
#[ignore = "needs a display and tauri-driver: run through `make test`"]
fn import_a_csv_ledger_edit_an_account_and_find_the_edit_after_a_restart() {
    let sandbox = Sandbox::new();
    let csv = sandbox.path("台账.csv");
    std::fs::write(&csv, LEDGER_CSV).unwrap();
    let driver = sandbox.driver();

    let s = open_app(&driver);
    // An empty database: the app offers the demo ledger; this office has its own.
    s.find("[data-testid=demo-offer]");
    s.click("[data-testid=btn-skip-demo]");

    s.click("[data-testid=btn-import]");
    s.type_into("[data-testid=import-path]", csv.to_str().unwrap());
    s.click("[data-testid=btn-preview]");
    let summary = s.find("[data-testid=import-summary]");
    s.wait_for("preview totals", || {
        Some(s.text(&summary)).filter(|t| t.contains('4'))
    });
    s.click("[data-testid=btn-apply-import]");
    s.wait_text("龙塔社区居民群");
    s.wait_text("平安云川");

    s.type_into("[data-testid=ledger-search]", "平安云川");
    s.wait_for("the filtered list", || {
        Some(()).filter(|_| !s.page_text().contains("龙塔社区居民群"))
    });
    s.click("[data-testid=edit-account][data-account-name='平安云川']");
    s.type_into("[data-testid=account-notes]", "夜间联系值班室 0000-110");
    s.click("[data-testid=btn-save-account]");
    s.wait_for("the form to close", || {
        Some(()).filter(|_| {
            s.find_all("[data-testid=account-notes]")
                .iter()
                .all(|e| !s.displayed(e))
        })
    });
    // The notes are not a column; the search covers them.
    s.type_into("[data-testid=ledger-search]", "值班室");
    s.find("[data-testid=edit-account][data-account-name='平安云川']");
    s.close();

    // Restart: a new app process on the same database.
    let s = open_app(&driver);
    assert!(
        s.find_all("[data-testid=demo-offer]")
            .iter()
            .all(|e| !s.displayed(e)),
        "no demo offer on a kept ledger"
    );
    s.wait_text("龙塔社区居民群");
    s.click("[data-testid=edit-account][data-account-name='平安云川']");
    s.wait_for("the saved notes in the form", || {
        Some(s.value("[data-testid=account-notes]")).filter(|v| v == "夜间联系值班室 0000-110")
    });
    s.close();
    drop(driver);

    // And the store agrees.
    let db = piyao_core::Db::open(&sandbox.path("piyao.sqlite3")).unwrap();
    let all = db.list_accounts(&AccountFilter::default()).unwrap();
    assert_eq!(all.len(), 4);
    let edited = all.iter().find(|a| a.name == "平安云川").unwrap();
    assert_eq!(edited.notes.as_deref(), Some("夜间联系值班室 0000-110"));
}

#[test]
#[ignore = "needs a display and tauri-driver: run through `make test`"]
fn a_database_from_a_newer_version_shows_a_clear_message() {
    let sandbox = Sandbox::new();
    let path = sandbox.path("piyao.sqlite3");
    drop(piyao_core::Db::open(&path).unwrap());
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[60..64].copy_from_slice(&999u32.to_be_bytes()); // PRAGMA user_version
    std::fs::write(&path, &bytes).unwrap();

    let driver = sandbox.driver();
    let s = driver.session(Path::new(APP));
    let e = s.find("[data-testid=db-error]");
    assert!(s.text(&e).contains("更新版本"), "{}", s.text(&e));
    s.close();
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "the newer database is left untouched"
    );
}

/// Where screenshots go (`shots/`, ignored by git; `make screenshot` and the push test write there).
fn shots() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("shots")
}

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

/// A loopback page for the rebuttal, so that "从网址读取" reads a real HTTP page.
fn serve_rebuttal_page() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async move {
            let page = "<html><head><meta charset=\"utf-8\"><meta property=\"og:type\" content=\"article\">\
                <meta property=\"og:title\" content=\"【辟谣】龙塔社区大门被枪击？系谣言\"></head><body>\
                <div id=\"js_content\"><p>近日，网传龙塔社区大门被枪击。经云川区公安分局核实，大门玻璃系施工碰碎，并非枪击，请勿传谣。</p></div></body></html>";
            let app = axum::Router::new().route(
                "/rebuttal",
                axum::routing::get(move || async move { ([(axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8")], page) }),
            );
            axum::serve(tokio::net::TcpListener::from_std(listener).unwrap(), app).await.unwrap();
        });
    });
    format!("{base}/rebuttal")
}

/// On an open new case: assess it 4 / 2 / 4 (重大), accept the 属事/属地 suggestion (the police
/// for 枪击), start verification, read the rebuttal from `rebuttal_url` and publish it.
fn assess_assign_and_publish(s: &Session<'_>, rebuttal_url: &str) {
    s.click("[data-testid=assess-severity-4]");
    s.click("[data-testid=assess-controllability-2]");
    s.click("[data-testid=assess-influence-4]");
    s.click("[data-testid=btn-save-assessment]");
    let level = s.find("[data-testid=case-level]");
    s.wait_for("the level", || {
        Some(()).filter(|_| s.text(&level).contains("重大"))
    });

    let why = s.find("[data-testid=suggestion-explanation]");
    s.wait_for("the suggestion", || {
        Some(()).filter(|_| s.text(&why).contains("枪击"))
    });
    s.click("[data-testid=btn-accept-suggestion]");
    s.wait_text("区公安分局");

    s.click("[data-testid=btn-transition-verifying]");
    s.type_into("[data-testid=rebuttal-url]", rebuttal_url);
    s.click("[data-testid=btn-fetch-rebuttal]");
    s.wait_for("the title read from the page", || {
        Some(()).filter(|_| s.value("[data-testid=rebuttal-title]").contains("系谣言"))
    });
    s.type_into("[data-testid=rebuttal-publisher]", "平安云川");
    s.click("[data-testid=btn-save-rebuttal]");
    let status = s.find("[data-testid=case-status]");
    s.wait_for("已发布辟谣", || {
        Some(()).filter(|_| s.text(&status).contains("已发布辟谣"))
    });
}

#[test]
#[ignore = "needs a display and tauri-driver: run through `make test`"]
fn record_a_case_accept_the_suggestion_rebut_archive_and_find_it_by_two_characters() {
    let rebuttal_url = serve_rebuttal_page();
    let sandbox = Sandbox::new();
    let driver = sandbox.driver();
    let s = open_app(&driver);
    s.find("[data-testid=demo-offer]");
    s.click("[data-testid=btn-load-demo]");
    s.wait_text("平安云川");

    // Intake.
    s.click("[data-testid=nav-cases]");
    s.click("[data-testid=btn-new-case]");
    s.type_into("[data-testid=intake-title]", "龙塔社区大门被枪击");
    s.type_into(
        "[data-testid=intake-content]",
        "网传龙塔社区大门昨夜被枪击，有人受伤，附近居民很恐慌。",
    );
    s.click("[data-testid=intake-source-netizen_report]");
    s.type_into("[data-testid=intake-reporter-name]", "王先生");
    s.type_into("[data-testid=intake-reporter-contact]", "13812345678");
    s.click("[data-testid=btn-save-case]");
    // Saving opens the new case.
    let title = s.find("[data-testid=case-title]");
    assert!(s.text(&title).contains("龙塔社区大门被枪击"));
    s.wait_text("138****5678");

    // Assessment 重大, the suggested bodies, verification, the rebuttal read from its URL.
    assess_assign_and_publish(&s, &rebuttal_url);

    // Done, feedback, archive.
    s.click("[data-testid=btn-transition-done]");
    s.wait_for("已办结", || {
        Some(()).filter(|_| {
            s.text(&s.find("[data-testid=case-status]"))
                .contains("已办结")
        })
    });
    s.type_into("[data-testid=feedback-text]", "已电话告知举报人核查结果");
    s.click("[data-testid=btn-save-feedback]");
    s.wait_text("已电话告知举报人核查结果");
    s.type_into(
        "[data-testid=archive-summary]",
        "枪击系谣言，区公安分局当日辟谣，已反馈举报人。",
    );
    s.click("[data-testid=btn-archive]");
    s.click(".el-message-box .el-button--primary"); // 归档后案件不能再修改，确定归档吗？
    s.wait_for("已归档", || {
        Some(()).filter(|_| {
            s.text(&s.find("[data-testid=case-status]"))
                .contains("已归档")
        })
    });
    let timeline = s.find("[data-testid=timeline]");
    let t = s.text(&timeline);
    for step in [
        "登记谣言",
        "研判",
        "采纳建议",
        "录入辟谣信息",
        "向举报人反馈",
        "归档",
    ] {
        assert!(t.contains(step), "timeline lacks {step}: {t}");
    }

    // Found again by two characters from the middle of a word.
    s.click("[data-testid=nav-cases]");
    s.type_into("[data-testid=case-search]", "塔社");
    s.find("[data-testid=case-row][data-case-title='龙塔社区大门被枪击']");
    s.type_into("[data-testid=case-search]", "青石");
    s.wait_for("no case for 青石", || {
        Some(()).filter(|_| {
            s.find_all("[data-testid=case-row]")
                .iter()
                .all(|e| !s.displayed(e))
        })
    });
    s.close();
}

/// A district of five feeds on the loopback internet, a 重大 case whose rebuttal is published,
/// and a signed DingTalk bot for the main force's working group. Returns the case and bot ids.
fn seed_push_world(path: &Path, net: &piyao_testnet::Internet) -> (i64, i64) {
    use piyao_core::testing::CaseBuilder;
    let db = piyao_core::Db::open(path).unwrap();
    // 青石镇发布's page holds nothing but a script that would draw it in a browser: the
    // checker cannot read it (无法读取) and says so instead of "not found".
    let shell = net.serve_raw(
        "qs-shell",
        "text/html; charset=utf-8",
        "<html><head><title>青石镇发布</title></head><body><div id=\"app\"></div>\
         <script src=\"/static/js/app.3f2a.js\"></script></body></html>"
            .into(),
    );
    net.seed_district_with(&db, |feed| {
        Some(if feed == "qs" {
            shell.clone()
        } else {
            net.feed_url(feed)
        })
    })
    .unwrap();
    let c = CaseBuilder::new(piyao_testnet::RUMOR)
        .content(piyao_testnet::RUMOR_TEXT)
        .platform("微信群")
        .scores(4, 2, 4)
        .rebuttal(
            piyao_testnet::REBUTTAL,
            piyao_testnet::REBUTTAL_TEXT,
            Some(net.rebuttal_url()),
        )
        .publisher("平安云川")
        .published(&db)
        .unwrap();
    let bot = net.seed_main_force_bot(&db).unwrap();
    (c.id, bot.id)
}

/// No pacing on loopback: the app reads it from `$PIYAO_FETCH_CONFIG`.
fn loopback_fetch_config(sandbox: &Sandbox) -> PathBuf {
    let path = sandbox.path("fetch.json");
    let cfg = serde_json::json!({ "per_host_interval_ms": 0, "per_host_concurrency": 16, "connect_timeout_ms": 1000,
                                  "total_timeout_ms": 3000, "retries": 1, "retry_base_ms": 50 });
    std::fs::write(&path, cfg.to_string()).unwrap();
    path
}

fn ratio(s: &Session<'_>, tier: &str) -> f64 {
    let card = s.find(&format!("[data-testid=coverage-{tier}]"));
    s.attr(&card, "data-ratio")
        .and_then(|r| r.parse().ok())
        .unwrap_or(-1.0)
}

#[test]
#[ignore = "needs a display and tauri-driver: run through `make test`"]
fn launch_a_push_watch_the_board_fill_remind_and_reach_full_main_force() {
    use piyao_testnet::Shows;
    let net = piyao_testnet::Internet::start();
    let sandbox = Sandbox::new();
    let (case_id, bot_id) = seed_push_world(&sandbox.path("piyao.sqlite3"), &net);
    let config = loopback_fetch_config(&sandbox);
    let driver = sandbox.driver_with(&[("PIYAO_FETCH_CONFIG", config.as_path())]);
    let s = open_app(&driver);

    // Launch from the case: main force preselected; add the auxiliary force; notice to the bot.
    s.click("[data-testid=nav-cases]");
    s.click(&format!(
        "[data-testid=case-row][data-case-title='{}'] td:nth-child(2)",
        piyao_testnet::RUMOR
    ));
    s.find("[data-testid=case-title]");
    s.click("[data-testid=btn-launch-push]");
    s.wait_still("[data-testid=push-launch]");
    s.wait_for("main force preselected", || {
        Some(()).filter(|_| {
            s.text(&s.find("[data-testid=push-preview-count-main]"))
                .contains('3')
        })
    });
    s.click_until(
        "[data-testid=push-filter-tier-auxiliary]",
        "the auxiliary force added",
        || {
            s.find_all("[data-testid=push-preview-count-auxiliary]")
                .first()
                .is_some_and(|e| s.text(e).contains('2'))
        },
    );
    assert!(s
        .value("[data-testid=push-notice]")
        .contains(piyao_testnet::REBUTTAL));
    s.click(&format!("[data-testid=push-bot-{bot_id}]"));
    s.screenshot(&shots().join("08-push-launch.png"));
    s.click("[data-testid=btn-confirm-launch]");

    // The board: the notice went out signed, and the first sweep (started at launch) finds nobody.
    s.find("[data-testid=coverage-main]");
    s.wait_for("the notice at the bot", || {
        net.messages()
            .first()
            .filter(|m| m.contains(piyao_testnet::REBUTTAL))
            .cloned()
    });
    s.wait_for("the first sweep", || {
        Some(()).filter(|_| s.page_text().contains("未发现转载"))
    });
    assert_eq!(ratio(&s, "main"), 0.0);

    // Two of three main accounts repost; one auxiliary account posts the rumor.
    net.show("wx", Shows::Rebuttal);
    net.show("pa", Shows::Rebuttal);
    net.show("lt", Shows::Rumor);
    s.click("[data-testid=btn-check-now]");
    s.wait_for("main force at 2/3", || {
        Some(()).filter(|_| (ratio(&s, "main") - 2.0 / 3.0).abs() < 0.01)
    });
    s.find("[data-testid=rumor-alert]");
    s.wait_text("龙塔街道发布");

    // The account whose page could not be read is told apart, with why.
    let shell_row = s.find("[data-testid=target-row] [data-verdict=unreadable]");
    assert!(s.text(&shell_row).contains("无法读取"));
    s.click("[data-testid=target-row][data-account-id='5'] .el-table__expand-icon");
    let why =
        s.find("[data-testid=evidence][data-account-id='5'] [data-testid=evidence-explanation]");
    assert!(s.text(&why).contains("请人工打开核查"), "{}", s.text(&why));
    // What the checker read on a page that reposted: every item, the decisive one marked.
    s.click("[data-testid=target-row][data-account-id='1'] .el-table__expand-icon");
    s.click("[data-testid=evidence][data-account-id='1'] [data-testid=evidence-items] summary");
    let decisive = s.find("[data-testid=evidence][data-account-id='1'] [data-testid=evidence-item][data-decisive=true]");
    assert!(
        s.text(&decisive).contains(piyao_testnet::REBUTTAL),
        "{}",
        s.text(&decisive)
    );
    s.script(
        "document.querySelector('[data-testid=evidence][data-account-id=\"1\"] [data-testid=evidence-items]').scrollIntoView({ block: 'center', behavior: 'instant' })",
        serde_json::json!([]),
    );
    std::thread::sleep(std::time::Duration::from_millis(300));
    s.screenshot(&shots().join("13-evidence-items.png"));

    // A reminder: first the question about the account the checker could not see (left
    // out unless ticked), then the digest reaches the main force's group, correctly signed.
    s.click("[data-testid=btn-remind]");
    s.wait_still("[data-testid=remind-pick]");
    let pick = s.find_all("[data-testid=remind-pick-row]");
    assert_eq!(pick.len(), 1);
    assert!(s.text(&pick[0]).contains("青石镇发布"));
    s.screenshot(&shots().join("12-remind-pick.png"));
    s.click("[data-testid=btn-remind-send]");
    s.find("[data-testid=remind-result]");
    s.wait_text("另有 1 个未能核查的账号未催办");
    let digest = s.wait_for("the reminder at the bot", || net.messages().get(1).cloned());
    assert!(digest.contains("云川发布"), "{digest}");
    assert!(
        !digest.contains("网信云川"),
        "reposted accounts are not reminded: {digest}"
    );
    assert!(
        !digest.contains("青石镇发布"),
        "an account the checker could not see is not reminded unless ticked: {digest}"
    );
    assert_eq!(net.bad_signatures(), 0);
    s.script("document.querySelectorAll('.el-dialog__headerbtn').forEach(b => b.offsetParent && b.click())", serde_json::json!([]));

    // The last main account reposts: 100% main force.
    net.show("fb", Shows::Rebuttal);
    s.click("[data-testid=btn-check-now]");
    s.wait_for("main force complete", || {
        Some(()).filter(|_| (ratio(&s, "main") - 1.0).abs() < 1e-9)
    });
    s.wait_text("100%");
    std::thread::sleep(std::time::Duration::from_millis(600));
    s.screenshot(&shots().join("09-push-board.png"));

    // The store agrees, and the case's timeline tells the story.
    let db = piyao_core::Db::open(&sandbox.path("piyao.sqlite3")).unwrap();
    let case = db.get_case(case_id).unwrap();
    for action in ["push", "reminder", "push_event"] {
        assert!(
            case.timeline.iter().any(|e| e.action == action),
            "timeline lacks {action}"
        );
    }
    s.close();
}

/// The hostile strings of tests/data/injection-payloads.txt.
fn payloads() -> Vec<String> {
    let text = include_str!("data/injection-payloads.txt");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.trim().to_string())
        .collect()
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn csv_field(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Nothing any payload does has happened: no marker, still the app's own page.
fn assert_nothing_ran(s: &Session<'_>, where_: &str) {
    let state = s.script(
        "return { pwned: typeof window.__pwned === 'undefined' ? null : String(window.__pwned), href: location.href }",
        serde_json::json!([]),
    );
    assert!(
        state["pwned"].is_null(),
        "a payload ran on {where_}: window.__pwned = {}",
        state["pwned"]
    );
    let href = state["href"].as_str().unwrap_or_default();
    assert!(
        href.starts_with("tauri://localhost"),
        "the window left the app on {where_}: {href}"
    );
}

/// How many of the payloads appear in the page as literal text.
fn shown_count(s: &Session<'_>, ps: &[String]) -> usize {
    let text = s.script("return document.body.textContent", serde_json::json!([]));
    let text = text.as_str().unwrap_or_default();
    ps.iter().filter(|p| text.contains(p.as_str())).count()
}

/// Every payload in `expected` appears in the page as literal text.
fn assert_shown_as_text(s: &Session<'_>, expected: &[String], where_: &str) {
    let text = s.script("return document.body.textContent", serde_json::json!([]));
    let text = text.as_str().unwrap_or_default();
    let missing: Vec<&String> = expected
        .iter()
        .filter(|p| !text.contains(p.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "on {where_}, not shown literally: {missing:#?}"
    );
}

#[test]
#[ignore = "needs a display and tauri-driver: run through `make test`"]
fn hostile_content_is_shown_as_text_and_never_runs() {
    let ps = payloads();
    assert!(ps.len() >= 50, "the corpus has {} payloads", ps.len());
    let net = piyao_testnet::Internet::start();
    let sandbox = Sandbox::new();

    // A ledger whose every text field carries a payload; each account's feed reposts the
    // rebuttal in an item whose title, link and text carry its payload too.
    let mut csv =
        String::from("账号名称,平台,梯队,责任单位,所属镇街,监测地址,联系方式,备注,状态\n");
    for (i, p) in ps.iter().enumerate() {
        let item = (
            xml_escape(&format!("{} {p}", piyao_testnet::REBUTTAL)),
            xml_escape(if i % 2 == 0 {
                "javascript:window.__pwned=1"
            } else {
                p
            }),
            xml_escape(&format!("{}{p}", piyao_testnet::REBUTTAL_TEXT)),
        );
        let feed = net.serve_raw(
            &format!("a{i}"),
            "application/rss+xml; charset=utf-8",
            piyao_testnet::Internet::rss(&[item]),
        );
        let unit = if i % 6 == 0 {
            p.clone()
        } else {
            "区委网信办".to_string()
        };
        csv.push_str(&format!(
            "{},网站,主力军,{},,{feed},{},{},启用\n",
            csv_field(p),
            csv_field(&unit),
            csv_field(p),
            csv_field(p)
        ));
    }
    let ledger = sandbox.path("恶意台账.csv");
    std::fs::write(&ledger, csv).unwrap();

    // Cases whose titles, texts and reporters are payloads (what the case forms store).
    let db_path = sandbox.path("piyao.sqlite3");
    {
        use piyao_core::model::{CaseInput, CaseSource};
        let db = piyao_core::Db::open(&db_path).unwrap();
        for p in &ps {
            db.create_case(
                &CaseInput {
                    title: p.clone(),
                    content: format!("正文：{p}"),
                    platform: Some(p.clone()),
                    urls: vec![],
                    first_seen_at: None,
                    source: CaseSource::NetizenReport,
                    reporter_name: Some(p.chars().take(50).collect()),
                    reporter_contact: Some("13812345678".into()),
                },
                "协调员",
            )
            .unwrap();
        }
    }
    let config = loopback_fetch_config(&sandbox);
    let driver = sandbox.driver_with(&[("PIYAO_FETCH_CONFIG", config.as_path())]);
    let s = open_app(&driver);

    // 1. The ledger import: previewed, imported, listed.
    s.click("[data-testid=btn-skip-demo]");
    s.click("[data-testid=btn-import]");
    s.type_into("[data-testid=import-path]", ledger.to_str().unwrap());
    s.click("[data-testid=btn-preview]");
    s.find("[data-testid=import-summary]");
    assert_nothing_ran(&s, "the import preview");
    s.click("[data-testid=btn-apply-import]");
    s.wait_text("区委网信办");
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_nothing_ran(&s, "the ledger");
    let n = shown_count(&s, &ps);
    assert!(
        n >= 10,
        "only {n} hostile account names shown literally on the ledger's first page"
    );

    // 2. The case forms: a new case typed in with payloads, and the seeded ones listed.
    s.click("[data-testid=nav-cases]");
    s.find("[data-testid=case-row]");
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_nothing_ran(&s, "the case list");
    let n = shown_count(&s, &ps);
    assert!(
        n >= 10,
        "only {n} hostile case titles shown literally on the case list"
    );
    s.click("[data-testid=btn-new-case]");
    s.type_into(
        "[data-testid=intake-title]",
        "<img src=x onerror=window.__pwned=100>龙塔社区大门被枪击",
    );
    s.paste_into(
        "[data-testid=intake-content]",
        &format!("{}\n{}", piyao_testnet::RUMOR_TEXT, ps.join("\n")),
    );
    s.click("[data-testid=btn-save-case]");
    s.find("[data-testid=case-title]");
    s.wait_text("<img src=x onerror=window.__pwned=100>龙塔社区大门被枪击");
    assert_nothing_ran(&s, "a typed-in case");
    assert_shown_as_text(&s, &ps, "a typed-in case");

    // Assess, assign, verify, and a rebuttal whose page title and text carry payloads too.
    s.click("[data-testid=assess-severity-4]");
    s.click("[data-testid=assess-controllability-2]");
    s.click("[data-testid=assess-influence-4]");
    s.click("[data-testid=btn-save-assessment]");
    s.find("[data-testid=section-assignment]");
    let db = piyao_core::Db::open(&db_path).unwrap();
    let case_id = db
        .list_cases(&Default::default())
        .unwrap()
        .iter()
        .map(|c| c.id)
        .max()
        .unwrap();
    db.assign_case(
        case_id,
        &piyao_core::model::AssignInput {
            lead_unit: "区委网信办".into(),
            co_units: vec![],
            reason: Some(ps[1].clone()),
        },
        "协调员",
    )
    .unwrap();
    db.transition_case(
        case_id,
        piyao_core::rules::CaseStatus::Verifying,
        None,
        "协调员",
    )
    .unwrap();
    let page = format!(
        "<html><head><meta charset=\"utf-8\"><title>{}</title></head><body><article><h1>{}</h1><p>{}</p><p>{}</p></article></body></html>",
        piyao_testnet::REBUTTAL,
        piyao_testnet::REBUTTAL,
        piyao_testnet::REBUTTAL_TEXT,
        xml_escape(&ps.join(" "))
    );
    let rebuttal_url = net.serve_raw("rebuttal-hostile", "text/html; charset=utf-8", page);
    s.script("location.reload()", serde_json::json!([]));
    s.find("[data-testid=case-title]");
    s.type_into("[data-testid=rebuttal-url]", &rebuttal_url);
    s.click("[data-testid=btn-fetch-rebuttal]");
    s.wait_for("the page read", || {
        Some(()).filter(|_| s.value("[data-testid=rebuttal-title]").contains("系谣言"))
    });
    s.click("[data-testid=btn-save-rebuttal]");
    s.wait_for("已发布辟谣", || {
        Some(()).filter(|_| {
            s.text(&s.find("[data-testid=case-status]"))
                .contains("已发布辟谣")
        })
    });
    assert_nothing_ran(&s, "the rebuttal read from a hostile page");

    // 3. The checker: a push to every hostile account; the board with every evidence open.
    s.click("[data-testid=btn-launch-push]");
    s.wait_still("[data-testid=push-launch]");
    s.click("[data-testid=btn-confirm-launch]");
    s.find("[data-testid=coverage-main]");
    s.click("[data-testid=btn-check-now]");
    s.wait_for("every account reposted", || {
        Some(()).filter(|_| (ratio(&s, "main") - 1.0).abs() < 1e-9)
    });
    // The targets table shows 50 per page: open every evidence on each page.
    let pages = ps.chunks(50).collect::<Vec<_>>();
    for (n, page) in pages.iter().enumerate() {
        if n > 0 {
            s.click("[data-testid=targets-pagination] .btn-next");
            std::thread::sleep(std::time::Duration::from_millis(300));
        }
        s.script(
            "document.querySelectorAll('.el-table__expand-icon:not(.el-table__expand-icon--expanded)').forEach(e => e.click())",
            serde_json::json!([]),
        );
        s.find("[data-testid=evidence]");
        std::thread::sleep(std::time::Duration::from_millis(500));
        assert_nothing_ran(&s, "the coverage board with evidence");
        assert_shown_as_text(&s, page, "the coverage board with evidence");
        let created = s.script(
            "return document.querySelectorAll('a[href^=\"javascript\"], iframe, object, embed, [onerror], [onload]').length",
            serde_json::json!([]),
        );
        assert_eq!(created, 0, "no hostile element was created");
        if n == 0 {
            s.screenshot(&shots().join("10-hostile-evidence.png"));
        }
    }

    // 4. The case page again (timeline with every step), and the push list.
    s.click("[data-testid=board-case-link]");
    s.find("[data-testid=timeline]");
    assert_nothing_ran(&s, "the case page with its timeline");
    s.click("[data-testid=nav-pushes]");
    s.find("[data-testid=push-item]");
    assert_nothing_ran(&s, "the push list");
    s.close();
}

/// The office's directory and rules (the demo district's), as set up once in 规则设置.
fn seed_directory(path: &Path) {
    let db = piyao_core::Db::open(path).unwrap();
    let dir: piyao_core::store::Directory =
        serde_json::from_str(piyao_core::demo::DIRECTORY_JSON).unwrap();
    db.merge_directory(&dir).unwrap();
    let rules: piyao_core::store::DirectoryFile =
        serde_json::from_str(piyao_core::demo::RULES_JSON).unwrap();
    db.set_assignment_rules(&piyao_core::rules::AssignmentRules {
        subject_rules: rules.subject_rules,
        unit_subjects: rules.unit_subjects,
    })
    .unwrap();
}

/// Answers the OS "save as" dialog (GTK's file chooser, a native window WebDriver cannot
/// reach) the way a user does: types the full path into its name field and presses Enter.
fn answer_save_dialog(path: &Path) {
    let xdotool = |args: &[&str]| {
        let ok = std::process::Command::new("xdotool")
            .args(args)
            .status()
            .expect("run xdotool (make test installs it)");
        assert!(ok.success(), "xdotool {args:?}");
    };
    // The dialog is the app's newest visible window; there is no window manager under Xvfb to
    // give it the keyboard, so the test does.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    let dialog = loop {
        let found = std::process::Command::new("xdotool")
            .args(["search", "--onlyvisible", "--class", "piyao-matrix"])
            .output()
            .unwrap();
        let mut ids: Vec<u64> = String::from_utf8_lossy(&found.stdout)
            .lines()
            .filter_map(|l| l.trim().parse().ok())
            .collect();
        ids.sort();
        if ids.len() >= 2 {
            break ids.last().unwrap().to_string();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the save dialog did not open"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    };
    std::thread::sleep(std::time::Duration::from_millis(500));
    xdotool(&["windowfocus", "--sync", &dialog]);
    xdotool(&["key", "--clearmodifiers", "ctrl+a"]);
    xdotool(&["type", "--delay", "20", path.to_str().unwrap()]);
    xdotool(&["key", "Return"]);
}

#[test]
#[ignore = "needs a display and tauri-driver: run through `make test`"]
fn a_whole_case_in_a_day_from_ledger_to_year_report() {
    use piyao_testnet::Shows;
    let net = piyao_testnet::Internet::start();
    let sandbox = Sandbox::new();
    seed_directory(&sandbox.path("piyao.sqlite3"));
    let ledger = sandbox.path("云川区矩阵台账.csv");
    std::fs::write(
        &ledger,
        format!(
            "账号名称,平台,梯队,责任单位,所属镇街,监测地址,联系方式,备注,状态
网信云川,网站,主力军,区委网信办,,{},陈立,,启用
平安云川,网站,主力军,区公安分局,,{},刘洋,,启用
云川融媒,网站,主力军,区融媒体中心,,{},王敏,,启用
龙塔街道发布,网站,生力军,龙塔街道办事处,龙塔街道,{},杨帆,,启用
青石镇发布,网站,生力军,青石镇人民政府,青石镇,{},李青,,启用
龙塔社区居民群,群聊,同盟军,龙塔街道办事处,龙塔街道,,网格员 小陈,,启用
",
            net.feed_url("wx"),
            net.feed_url("pa"),
            net.feed_url("rm"),
            net.feed_url("lt"),
            net.feed_url("qs"),
        ),
    )
    .unwrap();
    let config = loopback_fetch_config(&sandbox);
    let driver = sandbox.driver_with(&[("PIYAO_FETCH_CONFIG", config.as_path())]);
    let s = open_app(&driver);

    // 08:30 The ledger is imported.
    s.click("[data-testid=btn-skip-demo]");
    s.click("[data-testid=btn-import]");
    s.type_into("[data-testid=import-path]", ledger.to_str().unwrap());
    s.click("[data-testid=btn-preview]");
    let summary = s.find("[data-testid=import-summary]");
    s.wait_for("preview totals", || {
        Some(s.text(&summary)).filter(|t| t.contains('6'))
    });
    s.click("[data-testid=btn-apply-import]");
    s.wait_text("龙塔社区居民群");

    // 09:00 A netizen reports a rumor; it is recorded.
    s.click("[data-testid=nav-cases]");
    s.click("[data-testid=btn-new-case]");
    s.type_into("[data-testid=intake-title]", piyao_testnet::RUMOR);
    s.type_into("[data-testid=intake-content]", piyao_testnet::RUMOR_TEXT);
    s.click("[data-testid=intake-source-netizen_report]");
    s.type_into("[data-testid=intake-reporter-name]", "王先生");
    s.type_into("[data-testid=intake-reporter-contact]", "13812345678");
    s.click("[data-testid=btn-save-case]");
    s.find("[data-testid=case-title]");
    // 09:10–11:00 Assessed 重大; the police (属事) and 龙塔街道 (属地) assigned as suggested; the
    // police publish the rebuttal, read from its page.
    assess_assign_and_publish(&s, &net.rebuttal_url());

    // 11:05 The push goes to the main and auxiliary forces and the allied group chat.
    s.click("[data-testid=btn-launch-push]");
    s.wait_still("[data-testid=push-launch]");
    let count_is = |tier: &str, n: char| {
        s.find_all(&format!("[data-testid=push-preview-count-{tier}]"))
            .first()
            .is_some_and(|e| s.text(e).contains(n))
    };
    s.click_until(
        "[data-testid=push-filter-tier-auxiliary]",
        "the auxiliary force added",
        || count_is("auxiliary", '2'),
    );
    s.click_until(
        "[data-testid=push-filter-tier-allied]",
        "the allied force added",
        || count_is("allied", '1'),
    );
    s.click("[data-testid=btn-confirm-launch]");
    s.find("[data-testid=coverage-main]");

    // 11:30 The board fills from the internet; the group chat is confirmed by hand.
    net.show("wx", Shows::Rebuttal);
    net.show("pa", Shows::Rebuttal);
    net.show("lt", Shows::Rebuttal);
    s.click("[data-testid=btn-check-now]");
    s.wait_for("main force 2/3", || {
        Some(()).filter(|_| (ratio(&s, "main") - 2.0 / 3.0).abs() < 0.01)
    });
    let chat = piyao_core::Db::open(&sandbox.path("piyao.sqlite3"))
        .unwrap()
        .list_accounts(&Default::default())
        .unwrap()
        .into_iter()
        .find(|a| a.name == "龙塔社区居民群")
        .unwrap();
    s.click(&format!("[data-testid=btn-confirm-{}]", chat.id));
    s.wait_still("[data-testid=confirm-dialog]");
    s.type_into("[data-testid=confirm-note]", "群主发来转发截图");
    s.click("[data-testid=btn-confirm-ok]");
    s.wait_for("the allied force confirmed", || {
        Some(()).filter(|_| (ratio(&s, "allied") - 1.0).abs() < 1e-9)
    });

    // 12:00 A reminder to the stragglers (no bot configured: the digest is shown to copy).
    s.click("[data-testid=btn-remind]");
    let digest = s.find("[data-testid=remind-text]");
    s.wait_for("the digest", || {
        Some(()).filter(|_| {
            s.text(&digest).contains("云川融媒") && s.text(&digest).contains("青石镇发布")
        })
    });
    s.script("document.querySelectorAll('.el-dialog__headerbtn').forEach(b => b.offsetParent && b.click())", serde_json::json!([]));

    // 14:00 Everyone has reposted; monitoring stops by itself.
    net.show("rm", Shows::Rebuttal);
    net.show("qs", Shows::Rebuttal);
    s.click("[data-testid=btn-check-now]");
    s.wait_for("100% coverage", || {
        Some(()).filter(|_| (ratio(&s, "total") - 1.0).abs() < 1e-9)
    });
    let state = s.find("[data-testid=monitor-state]");
    s.wait_for("monitoring stopped", || {
        Some(()).filter(|_| s.attr(&state, "data-active").as_deref() == Some("false"))
    });

    // 17:00 The case is closed: done, feedback to the reporter, archived.
    s.click("[data-testid=board-case-link]");
    s.find("[data-testid=case-title]");
    s.click("[data-testid=btn-transition-done]");
    s.wait_for("已办结", || {
        Some(()).filter(|_| {
            s.text(&s.find("[data-testid=case-status]"))
                .contains("已办结")
        })
    });
    s.type_into("[data-testid=feedback-text]", "已电话告知举报人核查结果");
    s.click("[data-testid=btn-save-feedback]");
    s.wait_text("已电话告知举报人核查结果");
    s.type_into(
        "[data-testid=archive-summary]",
        "枪击系谣言，区公安分局当日辟谣，矩阵全部转发。",
    );
    s.click("[data-testid=btn-archive]");
    s.click(".el-message-box .el-button--primary");
    s.wait_for("已归档", || {
        Some(()).filter(|_| {
            s.text(&s.find("[data-testid=case-status]"))
                .contains("已归档")
        })
    });
    let timeline = s.text(&s.find("[data-testid=timeline]"));
    for step in [
        "登记谣言",
        "研判",
        "采纳建议",
        "录入辟谣信息",
        "发起推送",
        "人工确认",
        "催办",
        "停止监测",
        "向举报人反馈",
        "归档",
    ] {
        assert!(timeline.contains(step), "timeline lacks {step}: {timeline}");
    }

    // Year end: the statistics count it, and the year's report is exported and opened.
    s.click("[data-testid=nav-statistics]");
    s.find("[data-testid=stats-summary]");
    let cases = s.find("[data-testid=stats-figure-cases-value]");
    s.wait_for("one case this year", || {
        Some(()).filter(|_| s.text(&cases).trim() == "1")
    });
    let report = sandbox.path("report-2026.xlsx");
    s.click("[data-testid=btn-export-report]");
    answer_save_dialog(&report);
    s.wait_for("the report written", || {
        Some(()).filter(|_| report.exists())
    });
    std::thread::sleep(std::time::Duration::from_millis(300));
    s.screenshot(&shots().join("11-statistics.png"));
    s.close();

    use calamine::{open_workbook_auto, Reader};
    let mut book = open_workbook_auto(&report).expect("the report opens as a workbook");
    let sheets = book.sheet_names().to_vec();
    assert!(sheets.len() >= 3, "{sheets:?}");
    let mut all = String::new();
    for name in &sheets {
        let range = book.worksheet_range(name).unwrap();
        for row in range.rows() {
            for cell in row {
                all.push_str(&cell.to_string());
                all.push('\t');
            }
        }
    }
    assert!(
        all.contains(piyao_testnet::RUMOR),
        "the case is in the report"
    );
    assert!(all.contains("区公安分局"), "the lead unit is in the report");
    assert!(
        !all.contains("13812345678"),
        "the reporter's contact is not in the report"
    );
}
