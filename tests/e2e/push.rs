//! A push: launch, watch the board fill, remind, reach the whole main force; open the
//! rebuttal in the browser.

use super::*;

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

#[test]
#[ignore = "needs a display and tauri-driver: run through `make test`"]
fn launch_a_push_watch_the_board_fill_remind_and_reach_full_main_force() {
    use piyao_testnet::Shows;
    let net = piyao_testnet::Internet::start();
    let sandbox = Sandbox::new();
    let (case_id, bot_id) = seed_push_world(&sandbox.path("piyao.sqlite3"), &net);
    let config = loopback_fetch_config(&sandbox);
    // "在浏览器中打开" hands the link to the program $PIYAO_OPENER names: here a recorder.
    let opened = sandbox.path("opened.txt");
    let opener = sandbox.path("open-recorder.sh");
    std::fs::write(
        &opener,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n",
            opened.display()
        ),
    )
    .unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let driver = sandbox.driver_with(&[
        ("PIYAO_FETCH_CONFIG", config.as_path()),
        ("PIYAO_OPENER", opener.as_path()),
    ]);
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

    // The rebuttal's link opens in the browser (the command is registered and the URL reaches
    // the opener as it is), never inside the window.
    s.click("[data-testid=board-rebuttal-url] ~ [data-testid=btn-open-link]");
    let handed = s.wait_for("the link handed to the browser", || {
        std::fs::read_to_string(&opened)
            .ok()
            .filter(|t| !t.trim().is_empty())
    });
    assert_eq!(handed.trim(), net.rebuttal_url());

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
