//! A case from intake to archive, found again by two characters.

use super::*;

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
