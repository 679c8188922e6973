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

#[test]
#[ignore = "needs a display and tauri-driver: run through `make test`"]
fn paste_the_work_groups_links_on_the_board_and_confirm_the_good_ones() {
    use piyao_core::model::{AccountInput, Platform, PushLaunch, TargetFilter, Tier, Verdict};
    let net = piyao_testnet::Internet::start();
    let sandbox = Sandbox::new();
    let path = sandbox.path("piyao.sqlite3");
    let (case_id, _) = seed_push_world(&path, &net);
    let push_id = {
        let db = piyao_core::Db::open(&path).unwrap();
        for (name, contact) in [
            ("龙塔社区居民群", "李明 13800000001"),
            ("龙塔网格员群", "王芳 13800000002"),
            ("龙塔商户群", "赵强 13800000003"),
            ("龙塔志愿者群", "孙丽 13800000004"),
        ] {
            db.create_account(AccountInput {
                name: name.into(),
                platform: Platform::GroupChat,
                tier: Tier::Allied,
                unit: Some("龙塔街道办事处".into()),
                territory: None,
                watch_url: None,
                contact: Some(contact.into()),
                notes: None,
                active: true,
            })
            .unwrap();
        }
        let now = time::OffsetDateTime::now_utc();
        let draft = db.push_draft(case_id, now).unwrap();
        db.launch_push(
            &PushLaunch {
                case_id,
                filter: TargetFilter {
                    tiers: vec![Tier::Allied],
                    platforms: vec![Platform::GroupChat],
                    ..Default::default()
                },
                deadlines: draft.deadlines,
                notice: draft.notice,
                bot_ids: vec![],
            },
            "协调员",
            now,
        )
        .unwrap()
        .id
    };
    // What the liaisons sent: three reposts, the rumor, and a repost nobody can be named for.
    let article = |name: &str, account: Option<&str>, title: &str, text: &str| {
        let nickname = account
            .map(|a| format!("<script>var nickname = htmlDecode(\"{a}\");</script>"))
            .unwrap_or_default();
        net.serve_raw(
            name,
            "text/html; charset=utf-8",
            format!("<html><head><meta charset=\"utf-8\"><title>{title}</title>{nickname}</head><body><h1>{title}</h1><div id=\"js_content\"><p>{text}</p></div></body></html>"),
        )
    };
    let (reb, reb_text) = (piyao_testnet::REBUTTAL, piyao_testnet::REBUTTAL_TEXT);
    let residents = article("p1", None, reb, reb_text);
    let grid = article("p2", Some("龙塔网格员群"), reb, reb_text);
    let volunteers = article("p3", None, reb, reb_text);
    let rumor = article("p4", None, piyao_testnet::RUMOR, piyao_testnet::RUMOR_TEXT);
    let nobody = article("p5", None, reb, reb_text);
    let chat = format!(
        "{nobody}\n李明：已转 {residents}\n王芳 10:32\n已转发 {grid}\n赵强：{rumor}\n[10:41] 孙丽: 收到，已转 {volunteers}\n"
    );

    let config = loopback_fetch_config(&sandbox);
    let driver = sandbox.driver_with(&[("PIYAO_FETCH_CONFIG", config.as_path())]);
    let s = open_app(&driver);
    s.click("[data-testid=nav-pushes]");
    s.click(&format!(
        "[data-testid=push-item][data-push-id='{push_id}']"
    ));
    s.find("[data-testid=coverage-allied]");
    s.click("[data-testid=btn-paste-evidence]");
    s.wait_still("[data-testid=paste-dialog]");
    s.paste_into("[data-testid=paste-text]", &chat);
    s.click("[data-testid=btn-paste-read]");
    s.wait_for("the links read", || {
        s.find_all("[data-testid=paste-summary]")
            .first()
            .map(|e| s.text(e))
            .filter(|t| t.contains("共 5 个链接，3 个可确认"))
    });
    let notes: Vec<String> = s
        .find_all("[data-testid=paste-note]")
        .iter()
        .map(|e| s.text(e))
        .collect();
    assert!(notes[0].contains("请手动选择"), "{notes:?}");
    assert!(notes[3].contains("谣言的转载"), "{notes:?}");
    s.screenshot(&shots().join("18-paste-evidence.png"));
    s.click("[data-testid=btn-paste-confirm]");
    s.wait_text("已确认 3 个账号");

    let db = piyao_core::Db::open(&path).unwrap();
    let results = db.push_results(push_id).unwrap();
    let verdict = |name: &str| results.iter().find(|r| r.account == name).unwrap();
    for (name, link) in [
        ("龙塔社区居民群", &residents),
        ("龙塔网格员群", &grid),
        ("龙塔志愿者群", &volunteers),
    ] {
        let r = verdict(name);
        assert_eq!(r.verdict, Some(Verdict::Reposted), "{name}");
        assert_eq!(
            r.evidence.as_ref().and_then(|e| e.page_url.as_deref()),
            Some(link.as_str()),
            "{name}"
        );
    }
    assert_ne!(verdict("龙塔商户群").verdict, Some(Verdict::Reposted));
    s.wait_for("the board counts them", || {
        Some(()).filter(|_| (ratio(&s, "allied") - 0.75).abs() < 0.01)
    });
    s.screenshot(&shots().join("19-board-after-paste.png"));

    // Two screenshots from the work group, chosen one after the other: the shops' group with
    // the rebuttal's card, and a group that shared the rumor. Read on this computer (OCR).
    let shop_shot = sandbox.path("商户群转发.png");
    piyao_testnet::screenshot::group_chat(&shop_shot, "龙塔商户群(88)", reb);
    let rumor_shot = sandbox.path("谣言截图.png");
    piyao_testnet::screenshot::group_chat(
        &rumor_shot,
        "龙塔志愿者群(120)",
        piyao_testnet::RUMOR_TEXT,
    );
    s.click("[data-testid=btn-image-evidence]");
    s.wait_still("[data-testid=image-dialog]");
    for (shot, summary) in [
        (&shop_shot, "共 1 张截图，1 张可确认"),
        (&rumor_shot, "共 2 张截图，1 张可确认"),
    ] {
        s.click("[data-testid=btn-image-choose]");
        answer_file_dialog("选择转发截图", shot);
        s.wait_for("the screenshot read", || {
            s.find_all("[data-testid=image-summary]")
                .first()
                .map(|e| s.text(e))
                .filter(|t| t.contains(summary))
        });
    }
    let notes: Vec<String> = s
        .find_all("[data-testid=image-note]")
        .iter()
        .map(|e| s.text(e))
        .collect();
    assert!(notes[0].contains("龙塔商户群"), "{notes:?}");
    assert!(notes[1].contains("谣言"), "{notes:?}");
    s.screenshot(&shots().join("20-screenshot-evidence.png"));
    s.click("[data-testid=btn-image-confirm]");
    s.wait_text("已依据截图确认 1 个账号");
    s.wait_for("the board counts every group", || {
        Some(()).filter(|_| (ratio(&s, "allied") - 1.0).abs() < 0.01)
    });
    let shops = db
        .push_results(push_id)
        .unwrap()
        .into_iter()
        .find(|r| r.account == "龙塔商户群")
        .unwrap();
    assert_eq!(shops.verdict, Some(Verdict::Reposted));
    // its row shows the screenshot it was confirmed by, drawn from the database
    s.click(&format!(
        "[data-testid=target-row][data-account-id='{}'] .el-table__expand-icon",
        shops.account_id
    ));
    s.wait_for("the thumbnail drawn", || {
        let drawn = s.script(
            "const img = document.querySelector('[data-testid=evidence-image] img'); \
             return img !== null && img.complete && img.naturalWidth > 0 && img.src.startsWith('blob:');",
            serde_json::json!([]),
        );
        drawn.as_bool().filter(|d| *d)
    });
    s.script(
        "document.querySelector('[data-testid=evidence-images]').scrollIntoView({ block: 'center' });",
        serde_json::json!([]),
    );
    std::thread::sleep(std::time::Duration::from_millis(300));
    s.screenshot(&shots().join("21-target-screenshot.png"));

    // The evidence package, saved where the coordinator says, and opened.
    let package = sandbox.path("evidence.zip");
    s.click("[data-testid=btn-export-evidence]");
    answer_file_dialog("导出证据包", &package);
    s.wait_text("证据包已导出（4 个目标账号）");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&package).unwrap()).unwrap();
    let names: Vec<String> = zip.file_names().map(|n| n.unwrap().to_string()).collect();
    assert!(names.iter().any(|n| n == "汇总.xlsx"), "{names:?}");
    let files: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with("证据/") && n.ends_with(".txt"))
        .collect();
    // every target has a file: the three reposts by link, the one by screenshot
    assert_eq!(files.len(), 4, "{names:?}");
    // and the screenshot as it was sent
    let kept = names
        .iter()
        .find(|n| n.starts_with("证据/截图/") && n.contains("龙塔商户群"))
        .unwrap_or_else(|| panic!("{names:?}"));
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut zip.by_name(kept).unwrap(), &mut bytes).unwrap();
    assert_eq!(bytes, std::fs::read(&shop_shot).unwrap());
    let mut text = String::new();
    let grid_file = files.iter().find(|n| n.contains("龙塔网格员群")).unwrap();
    std::io::Read::read_to_string(&mut zip.by_name(grid_file).unwrap(), &mut text).unwrap();
    assert!(text.contains(&format!("读取的页面：{grid}")), "{text}");
    assert!(text.contains("人工确认"), "{text}");
    s.close();
}
