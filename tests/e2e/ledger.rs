//! The ledger: import a CSV, edit an account, find the edit after a restart; a database from
//! a newer version.

use super::*;

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
