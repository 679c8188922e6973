//! A whole case in a day, from the ledger to the year report.

use super::*;

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
    answer_file_dialog("导出统计报表", &report);
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
