//! `make screenshot`: the README's pictures (docs/screenshot-*.png), from the real app on the
//! demo district, full window: the first start, the dashboard after the demo's year, the
//! ledger tested (可核查), the cases, an archived case, the launch, the board mid-push, the
//! statistics and the backups.

use super::*;

/// Lets the page settle: toasts gone, notifications closed, and the X pointer (where Xvfb
/// left it, mid-screen) moved to an empty spot of the title bar so no tooltip shows.
fn settle(s: &support::webdriver::Session<'_>) {
    let _ = std::process::Command::new("xdotool")
        .args(["mousemove", "760", "8"])
        .status();
    std::thread::sleep(std::time::Duration::from_millis(600));
    s.script(
        "document.querySelectorAll('.el-notification__closeBtn').forEach((b) => b.click());",
        serde_json::json!([]),
    );
    let gone = std::time::Instant::now() + std::time::Duration::from_secs(6);
    while std::time::Instant::now() < gone
        && s.script(
            "return document.querySelectorAll('.el-message, .el-notification').length",
            serde_json::json!([]),
        )
        .as_u64()
            != Some(0)
    {
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}

#[test]
#[ignore = "needs a display and tauri-driver: run through `make screenshot`"]
fn screenshots() {
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs");
    let shot = |s: &support::webdriver::Session<'_>, name: &str| {
        settle(s);
        s.screenshot(&out.join(format!("screenshot-{name}.png")));
    };
    let sandbox = Sandbox::new();
    let config = loopback_fetch_config(&sandbox);
    // the office's clock: times read as a district office in China reads them
    let driver = sandbox.driver_with(&[
        ("PIYAO_FETCH_CONFIG", config.as_path()),
        ("TZ", Path::new("Asia/Shanghai")),
    ]);
    let s = open_app(&driver);
    s.find("[data-testid=demo-offer]");
    shot(&s, "first-start");
    s.click("[data-testid=btn-load-demo]");
    s.find("[data-testid=demo-badge]");

    // the ledger, every account tested against the demo internet
    s.click("[data-testid=btn-probe-all]");
    s.wait_for("every account tested", || {
        s.find_all("[data-testid=btn-probe-all-close]")
            .first()
            .cloned()
    });
    s.click("[data-testid=btn-probe-all-close]");
    s.wait_still("[data-testid=ledger-table]");
    shot(&s, "ledger");

    s.click("[data-testid=nav-dashboard]");
    s.find("[data-testid=dashboard]");
    shot(&s, "dashboard");

    s.click("[data-testid=nav-cases]");
    s.find("[data-testid=case-row]");
    shot(&s, "cases");
    s.click("[data-testid=case-row][data-status=archived] td:nth-child(2)");
    s.find("[data-testid=timeline]");
    shot(&s, "case");

    // the demo's case: the launch, to every tier, the notice to both work groups
    s.click("[data-testid=nav-cases]");
    open_demo_launch(&s);
    shot(&s, "launch");
    s.click("[data-testid=btn-confirm-launch]");
    let launched = std::time::Instant::now();
    s.find("[data-testid=coverage-main]");
    // mid-push: the main force in, the rumor flagged, the others coming
    std::thread::sleep(std::time::Duration::from_secs(100).saturating_sub(launched.elapsed()));
    s.click("[data-testid=btn-check-now]");
    s.wait_for("the main force at 100 %", || {
        Some(()).filter(|_| (ratio(&s, "main") - 1.0).abs() < 0.01)
    });
    shot(&s, "board");

    s.click("[data-testid=nav-statistics]");
    s.find("[data-testid=stats-summary]");
    shot(&s, "statistics");

    s.click("[data-testid=nav-backup]");
    s.click("[data-testid=btn-backup-now]");
    answer_file_dialog("立即备份", &sandbox.path("辟谣矩阵备份.sqlite3"));
    s.wait_text("备份完成");
    shot(&s, "backup");
    s.close();
}
