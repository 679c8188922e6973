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
    import_into_an_empty_ledger(&s, &csv, "4");
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

/// On an empty ledger: declines the demo the app offers (this office has its own ledger), then
/// imports `file` through the dialog once its preview counts `rows` rows.
fn import_into_an_empty_ledger(s: &Session<'_>, file: &Path, rows: &str) {
    s.find("[data-testid=demo-offer]");
    s.click("[data-testid=btn-skip-demo]");
    s.click("[data-testid=btn-import]");
    s.type_into("[data-testid=import-path]", file.to_str().unwrap());
    s.click("[data-testid=btn-preview]");
    let summary = s.find("[data-testid=import-summary]");
    s.wait_for("the preview's totals", || {
        Some(s.text(&summary)).filter(|t| t.contains(rows))
    });
    // one page of the preview on screen, however long the file
    assert!(
        s.find_all("[data-testid=import-table] .el-table__body tr")
            .len()
            <= 200
    );
    s.click("[data-testid=btn-apply-import]");
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

/// A city-sized ledger: 10,000 rows through the import dialog, a filter, every matching
/// account moved to another tier at once, and the change found on the filter's last page.
#[test]
#[ignore = "needs a display and tauri-driver: run through `make test`"]
fn import_ten_thousand_accounts_filter_them_and_move_every_match_to_another_tier() {
    const N: usize = 10_000;
    let sandbox = Sandbox::new();
    let csv = sandbox.path("全市台账.csv");
    let mut text =
        String::from("账号名称,平台,梯队,责任单位,所属镇街,监测地址,联系方式,备注,状态\n");
    let platforms = ["微信公众号", "微博", "今日头条", "抖音", "网站", "群聊"];
    for i in 0..N {
        text.push_str(&format!(
            "矩阵账号{i:05},{},同盟军,区第{}局,第{}街道,http://127.0.0.1:9/feed/{i},联络员{},,启用\n",
            platforms[i % platforms.len()],
            i % 10,
            i % 12,
            i % 300
        ));
    }
    std::fs::write(&csv, text).unwrap();
    let driver = sandbox.driver();
    let s = open_app(&driver);
    import_into_an_empty_ledger(&s, &csv, "10000");
    let pager = s.find("[data-testid=ledger-pager]");
    s.wait_for("共 10000 条", || {
        Some(()).filter(|_| s.text(&pager).contains("10000"))
    });

    // the third department's accounts: a thousand of them, over many pages
    s.type_into("[data-testid=ledger-search]", "区第3局");
    s.wait_for("the filtered total", || {
        Some(()).filter(|_| s.text(&pager).contains("1000") && !s.text(&pager).contains("10000"))
    });
    s.wait_for("only the department's rows", || {
        let rows = s.find_all("[data-testid=account-row]");
        Some(()).filter(|_| !rows.is_empty() && !s.page_text().contains("区第4局"))
    });
    s.click("[data-testid=ledger-table] .el-table__header .el-checkbox");
    s.click("[data-testid=btn-select-all-matching]");
    let count = s.find("[data-testid=selection-count]");
    assert_eq!(s.text(&count), "已选 1000 个账号");
    s.click("[data-testid=btn-bulk-tier]");
    s.click("[data-testid=bulk-tier-main]");
    s.wait_text("已将 1000 个账号调整为主力军");

    // the filter's last page shows the change
    s.click("[data-testid=ledger-pager] .el-pager li:last-child");
    s.wait_for("the last page, all main force", || {
        let rows = s.find_all("[data-testid=account-row]");
        let names: Vec<String> = rows.iter().map(|r| s.text(r)).collect();
        Some(()).filter(|_| {
            !rows.is_empty()
                && names.iter().any(|n| n.contains("矩阵账号09993"))
                && rows
                    .iter()
                    .all(|r| s.attr(r, "data-tier").as_deref() == Some("main"))
        })
    });
    s.close();
    drop(driver);

    let db = piyao_core::Db::open(&sandbox.path("piyao.sqlite3")).unwrap();
    let main = AccountFilter {
        tier: Some(piyao_core::model::Tier::Main),
        ..Default::default()
    };
    let moved = db.account_page(&main, 1, 500).unwrap();
    assert_eq!(moved.total, 1000);
    assert!(moved
        .rows
        .iter()
        .all(|a| a.unit.as_deref() == Some("区第3局")));
    assert_eq!(db.count_accounts().unwrap(), N as i64);
}

#[test]
#[ignore = "needs a display and tauri-driver: run through `make test`"]
fn paste_a_weibo_profile_and_a_wechat_article_see_them_resolved_and_test_them() {
    use piyao_testnet::weibo::{FakeWeibo, Post};
    let weibo = FakeWeibo::start();
    weibo.set_timeline(
        "1111111111",
        "平安云川",
        vec![
            Post::new("2", "冬季防火提示：请勿在林区吸烟。"),
            Post::new("1", "平安云川提醒您：谨防电信诈骗。"),
        ],
    );
    // the office's WeWe RSS, with the feed of the account behind the article link below
    let bridges = piyao_testnet::bridges::FakeBridges::start();
    bridges.set_feed(
        "wewe:MP_WXS_3097612537",
        vec![(
            "云川发布：全区冬季供暖今日启动".into(),
            "https://mp.weixin.qq.com/s/heat".into(),
            "供暖安排。".into(),
        )],
    );
    let sandbox = Sandbox::new();
    // Weibo's passport on loopback too (the visitor handshake), no pacing
    let cfg = sandbox.path("fetch.json");
    std::fs::write(
        &cfg,
        serde_json::json!({ "weibo_passport": weibo.base(), "per_host_interval_ms": 0, "retries": 0 })
            .to_string(),
    )
    .unwrap();
    let driver = sandbox.driver_with(&[("PIYAO_FETCH_CONFIG", cfg.as_path())]);
    let s = open_app(&driver);
    s.find("[data-testid=demo-offer]");
    s.click("[data-testid=btn-skip-demo]");

    // the office's platform settings: where Weibo's API answers (here the loopback Weibo)
    s.click("[data-testid=nav-push-settings]");
    s.type_into("[data-testid=platform-settings-weibo_api]", weibo.base());
    s.type_into("[data-testid=platform-settings-wewe_rss]", bridges.base());
    s.click("[data-testid=btn-save-platform-settings]");
    s.wait_text("平台设置已保存");
    s.screenshot(&shots().join("14-platform-settings.png"));
    s.click("[data-testid=nav-ledger]");

    // a Weibo account from its profile link
    add_resolved(
        &s,
        "平安云川",
        Some(("weibo", "微博")),
        "https://weibo.com/u/1111111111",
        "微博 UID 1111111111",
        "可自动核查",
    );
    // a WeChat official account from one article link: its __biz names the account's feed
    // on the office's WeWe RSS
    add_resolved(
        &s,
        "云川发布",
        None,
        "https://mp.weixin.qq.com/s?__biz=MzA5NzYxMjUzNw==&mid=2650&idx=1&sn=abc",
        "公众号订阅 MP_WXS_3097612537",
        "可自动核查",
    );
    // a Toutiao account: the office runs no RSSHub, so only people can show a repost
    add_resolved(
        &s,
        "云川头条",
        Some(("toutiao", "今日头条")),
        "https://www.toutiao.com/c/user/token/MS4wLjABAAAAyunchuan/",
        "头条号 MS4wLjABAAAAyunchuan",
        "需人工佐证",
    );

    // 测试读取: the Weibo account's timeline, read through the visitor handshake
    s.click("[data-testid=probe-account][data-account-name='平安云川']");
    let verdict = s.find("[data-testid=probe-checkable]");
    s.wait_for("the Weibo test", || {
        Some(()).filter(|_| s.text(&verdict) == "可自动核查")
    });
    s.wait_text("冬季防火提示：请勿在林区吸烟。");
    s.wait_text("平安云川提醒您：谨防电信诈骗。");
    assert!(
        weibo.handshakes() >= 1,
        "the checker asked Weibo for a visitor identity"
    );
    s.screenshot(&shots().join("15-probe.png"));
    s.click("[data-testid=btn-probe-close]");

    // the WeChat account's articles, read from the office's WeWe RSS
    s.click("[data-testid=probe-account][data-account-name='云川发布']");
    s.wait_text("云川发布：全区冬季供暖今日启动");
    s.wait_for("the WeChat test", || {
        s.find_all("[data-testid=probe-checkable][data-checkable=auto]")
            .into_iter()
            .find(|e| s.displayed(e))
    });
    assert!(bridges.hits("wewe:MP_WXS_3097612537") >= 1);
    s.screenshot(&shots().join("15-probe-wechat.png"));
    s.click("[data-testid=btn-probe-close]");

    s.click("[data-testid=probe-account][data-account-name='云川头条']");
    s.wait_for("the Toutiao test", || {
        s.find_all("[data-testid=probe-checkable][data-checkable=people]")
            .into_iter()
            .find(|e| s.displayed(e))
    });
    s.wait_text("RSSHub");
    s.click("[data-testid=btn-probe-close]");

    // the ledger keeps what the tests found, and filters on it
    s.wait_for("the 可核查 column", || {
        Some(()).filter(|_| {
            s.find_all("[data-testid=account-checkable][data-checkable=auto]")
                .len()
                == 2
                && s.find_all("[data-testid=account-checkable][data-checkable=people]")
                    .len()
                    == 1
        })
    });
    s.wait_for("the test dialog to close", || {
        Some(()).filter(|_| {
            s.find_all("[data-testid=probe-dialog]")
                .iter()
                .all(|e| !s.displayed(e))
        })
    });
    s.screenshot(&shots().join("16-ledger-checkable.png"));
    s.click("[data-testid=filter-checkable]");
    s.click(".el-select-dropdown__item[data-value=people]");
    s.wait_for("only the account that needs people's evidence", || {
        Some(()).filter(|_| {
            let rows = s.find_all("[data-testid=edit-account]");
            rows.len() == 1 && s.attr(&rows[0], "data-account-name").as_deref() == Some("云川头条")
        })
    });

    // the dashboard: how much of each tier the checker can read on its own
    s.click("[data-testid=nav-dashboard]");
    let aux = s.find("[data-testid=dash-checkable-auxiliary]");
    assert!(s.text(&aux).contains("2 / 3"), "{}", s.text(&aux));
    s.screenshot(&shots().join("17-dashboard-checkable.png"));
    s.close();
}

/// Adds an account from the address pasted into the form (on `platform`, code and label, when
/// not the form's own choice), sees it resolved to `source` and read as `reading`, and saves it.
fn add_resolved(
    s: &Session<'_>,
    name: &str,
    platform: Option<(&str, &str)>,
    url: &str,
    source: &str,
    reading: &str,
) {
    s.click("[data-testid=btn-add-account]");
    s.type_into("[data-testid=account-name]", name);
    if let Some((code, label)) = platform {
        choose_platform(s, code, label);
    }
    s.type_into("[data-testid=account-url]", url);
    s.click("[data-testid=account-name]"); // leaving the field resolves it
    let label = s.find("[data-testid=account-source-label]");
    s.wait_for(&format!("{name} resolved"), || {
        Some(()).filter(|_| s.text(&label).contains(source))
    });
    assert_eq!(
        s.text(&s.find("[data-testid=account-source-reading]")),
        reading
    );
    save_account(s);
}

/// Chooses the account form's platform, again while the form does not show it (an option
/// clicked while the dropdown is still opening can be lost).
fn choose_platform(s: &Session<'_>, code: &str, label: &str) {
    let option = format!(".account-platform-options [data-value={code}]");
    let chosen = || {
        s.script(
            "return document.querySelector('[data-testid=account-platform]').textContent",
            serde_json::json!([]),
        )
        .as_str()
        .is_some_and(|t| t.contains(label))
    };
    // the visible option: a dropdown of an earlier form can still be in the page, hidden
    let click_visible = || {
        s.script(
            "const o = [...document.querySelectorAll(arguments[0])].find(e => e.offsetParent !== null);
             if (o) o.click();
             return o !== undefined;",
            serde_json::json!([option]),
        )
        .as_bool()
            == Some(true)
    };
    for _ in 0..5 {
        s.click("[data-testid=account-platform]");
        let until = std::time::Instant::now() + std::time::Duration::from_secs(2);
        while !click_visible() && std::time::Instant::now() < until {
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        let until = std::time::Instant::now() + std::time::Duration::from_secs(2);
        while std::time::Instant::now() < until {
            if chosen() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }
    panic!("the account form did not take the platform {label}");
}

/// Saves the account form and waits for it to close.
fn save_account(s: &Session<'_>) {
    s.click("[data-testid=btn-save-account]");
    s.wait_for("the form to close", || {
        Some(()).filter(|_| {
            s.find_all("[data-testid=account-dialog]")
                .iter()
                .all(|e| !s.displayed(e))
        })
    });
}
