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
        Sandbox { dir: tempfile::tempdir_in(root).unwrap() }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn driver(&self) -> Driver {
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
        Driver::start(&env)
    }
}

fn open_app(driver: &Driver) -> Session<'_> {
    let s = driver.session(Path::new(APP));
    s.find("[data-testid=nav-ledger]");
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
    s.wait_for("preview totals", || Some(s.text(&summary)).filter(|t| t.contains('4')));
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
        Some(()).filter(|_| s.find_all("[data-testid=account-notes]").iter().all(|e| !s.displayed(e)))
    });
    // The notes are not a column; the search covers them.
    s.type_into("[data-testid=ledger-search]", "值班室");
    s.find("[data-testid=edit-account][data-account-name='平安云川']");
    s.close();

    // Restart: a new app process on the same database.
    let s = open_app(&driver);
    assert!(s.find_all("[data-testid=demo-offer]").iter().all(|e| !s.displayed(e)), "no demo offer on a kept ledger");
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
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "the newer database is left untouched");
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
    std::fs::write(&csv, format!("{LEDGER_CSV}云川新号,快手,先锋队,,,ftp://x,,,\n")).unwrap();
    let s = open_app(&driver);
    s.click("[data-testid=btn-import]");
    s.type_into("[data-testid=import-path]", csv.to_str().unwrap());
    s.click("[data-testid=btn-preview]");
    s.find("[data-testid=import-error]");
    std::thread::sleep(std::time::Duration::from_millis(400));
    s.screenshot(&out.join("04-import-preview-errors.png"));
    s.close();
}
