//! A newcomer's first five minutes: load the demo district, launch a push on its case, watch
//! the board fill from the demo internet the app serves (the main force within the minute,
//! the rumor flagged), remind the stragglers and see the demo work group receive it, then
//! leave the demo and find an empty ledger.

use super::*;

#[test]
#[ignore = "needs a display and tauri-driver: run through `make test`"]
fn load_the_demo_launch_its_push_watch_the_board_fill_and_leave_the_demo() {
    let sandbox = Sandbox::new();
    let config = loopback_fetch_config(&sandbox);
    let driver = sandbox.driver_with(&[("PIYAO_FETCH_CONFIG", config.as_path())]);
    let s = open_app(&driver);
    // an empty database opens on the ledger, with the demo offered
    s.find("[data-testid=demo-offer]");
    s.click("[data-testid=btn-load-demo]");
    s.find("[data-testid=demo-badge]");
    s.wait_text("平安云川");

    // The demo's case has its rebuttal published: launch the push to every tier, notice to
    // both demo work groups.
    s.click("[data-testid=nav-cases]");
    open_demo_launch(&s);
    s.click("[data-testid=btn-confirm-launch]");
    let launched = std::time::Instant::now();
    s.find("[data-testid=coverage-main]");
    let inbox = s.find("[data-testid=demo-inbox]");
    s.wait_for("the notices at the demo work groups", || {
        s.attr(&inbox, "data-count")
            .filter(|n| n.parse::<u32>().unwrap_or(0) >= 2)
    });

    // The main force reposts within the first minute; 立即检查 once it had the time.
    std::thread::sleep(std::time::Duration::from_secs(50).saturating_sub(launched.elapsed()));
    s.click("[data-testid=btn-check-now]");
    s.wait_for("the main force at 100 %", || {
        Some(()).filter(|_| (ratio(&s, "main") - 1.0).abs() < 0.01)
    });
    let alert = s.find("[data-testid=rumor-alert]");
    assert!(
        s.text(&alert).contains("云川吃喝玩乐"),
        "{}",
        s.text(&alert)
    );
    s.screenshot(&shots().join("22-demo-board.png"));

    // 催办: the accounts the checker could not see are asked about first; the digest reaches
    // the demo work groups.
    s.click("[data-testid=btn-remind]");
    s.wait_still("[data-testid=remind-pick]");
    s.click("[data-testid=btn-remind-send]");
    s.wait_still("[data-testid=remind-result]");
    s.click("[data-testid=btn-remind-close]");
    s.wait_for("the reminder at a demo work group", || {
        s.find_all("[data-testid=demo-message]")
            .first()
            .map(|m| s.text(m))
            .filter(|t| t.contains("催办"))
    });

    // 退出演示: an empty database.
    s.click("[data-testid=btn-leave-demo]");
    s.click(".demo-leave-confirm .el-button--primary");
    s.wait_text("已退出演示");
    assert!(s.find_all("[data-testid=demo-badge]").is_empty());
    s.click("[data-testid=nav-ledger]");
    s.find("[data-testid=ledger-empty]");
    let db = piyao_core::Db::open(&sandbox.path("piyao.sqlite3")).unwrap();
    assert_eq!(db.count_accounts().unwrap(), 0);
    assert_eq!(db.demo_base().unwrap(), None);
    s.close();
}
