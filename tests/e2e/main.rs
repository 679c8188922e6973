//! End-to-end tests in the real app window: the release of record for what a coordinator sees.
//! They drive the app through tauri-driver + WebKitWebDriver and need a display, so plain
//! `cargo test` skips them; `make test` runs them under Xvfb (`--include-ignored`).
//! `make screenshot` runs `screenshots` to write PNGs of the main screens to `shots/`.
//! One module per journey; what several journeys share (the sandbox, the app, the loopback
//! fetch settings) is here.

#[path = "../support/mod.rs"]
mod support;

mod cases;
mod demo;
mod hostile;
mod ledger;
mod push;
mod screenshots;
mod year;

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

/// Where screenshots go (`shots/`, ignored by git; `make screenshot` and the push test write there).
fn shots() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("shots")
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

/// On the cases page of the demo: opens the launch of its case ready for a push, to every
/// tier, the notice ticked for both demo work groups (its only bots).
fn open_demo_launch(s: &Session<'_>) {
    s.click(&format!(
        "[data-testid=case-row][data-case-title='{}'] td:nth-child(2)",
        piyao_core::demo::DEMO_RUMOR
    ));
    s.find("[data-testid=case-title]");
    s.click("[data-testid=btn-launch-push]");
    s.wait_still("[data-testid=push-launch]");
    for tier in ["auxiliary", "allied"] {
        s.click_until(
            &format!("[data-testid=push-filter-tier-{tier}]"),
            "the tier added",
            || {
                s.find_all(&format!("[data-testid=push-preview-count-{tier}]"))
                    .first()
                    .is_some_and(|e| s.text(e).trim() != "0")
            },
        );
    }
    for bot in [1, 2] {
        s.click(&format!("[data-testid=push-bot-{bot}]"));
    }
}

/// The visible windows titled exactly `title`.
fn windows_titled(title: &str) -> Vec<String> {
    let found = std::process::Command::new("xdotool")
        .args(["search", "--onlyvisible", "--name", &format!("^{title}$")])
        .output()
        .expect("run xdotool (make test installs it)");
    String::from_utf8_lossy(&found.stdout)
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// Answers the OS file dialog, "save as" or "open" (GTK's file chooser, a native window
/// WebDriver cannot reach), the way a user does: types the full path and presses Enter. The
/// dialog is found by its title, the one the app gives it (`title`), so no other window (the
/// app's own, a tooltip) can take the keys. Returns once the dialog has closed.
fn answer_file_dialog(title: &str, path: &Path) {
    let xdotool = |args: &[&str]| {
        let ok = std::process::Command::new("xdotool")
            .args(args)
            .status()
            .expect("run xdotool (make test installs it)");
        assert!(ok.success(), "xdotool {args:?}");
    };
    let gave_up = |what: &str| -> ! {
        let shot = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("e2e-dialog.png");
        let _ = std::process::Command::new("import")
            .args(["-window", "root"])
            .arg(&shot)
            .status();
        panic!(
            "the save dialog {title:?} {what}; the screen: {}",
            shot.display()
        );
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let dialog = loop {
        if let Some(id) = windows_titled(title).pop() {
            break id;
        }
        if std::time::Instant::now() > deadline {
            gave_up("did not open");
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    };
    let open = || windows_titled(title).contains(&dialog);
    // There is no window manager under Xvfb to give the dialog the keyboard, so the test does.
    // Keys typed before the dialog takes them are lost (seen under load): while it stays open,
    // focus it and type the path again.
    for _ in 0..6 {
        std::thread::sleep(std::time::Duration::from_millis(500));
        if !open() {
            return; // the dialog took the path
        }
        xdotool(&["windowfocus", "--sync", &dialog]);
        xdotool(&["key", "--clearmodifiers", "ctrl+a"]);
        xdotool(&["type", "--delay", "20", path.to_str().unwrap()]);
        xdotool(&["key", "Return"]);
        let answered = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while std::time::Instant::now() < answered {
            if !open() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }
    gave_up("did not take the path");
}
