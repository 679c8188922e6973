//! Hostile content from pages, ledgers and cases is shown as text and never runs.

use super::*;

/// The hostile strings of tests/data/injection-payloads.txt.
fn payloads() -> Vec<String> {
    let text = include_str!("../data/injection-payloads.txt");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.trim().to_string())
        .collect()
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn csv_field(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Nothing any payload does has happened: no marker, still the app's own page.
fn assert_nothing_ran(s: &Session<'_>, where_: &str) {
    let state = s.script(
        "return { pwned: typeof window.__pwned === 'undefined' ? null : String(window.__pwned), href: location.href }",
        serde_json::json!([]),
    );
    assert!(
        state["pwned"].is_null(),
        "a payload ran on {where_}: window.__pwned = {}",
        state["pwned"]
    );
    let href = state["href"].as_str().unwrap_or_default();
    assert!(
        href.starts_with("tauri://localhost"),
        "the window left the app on {where_}: {href}"
    );
}

/// How many of the payloads appear in the page as literal text.
fn shown_count(s: &Session<'_>, ps: &[String]) -> usize {
    let text = s.script("return document.body.textContent", serde_json::json!([]));
    let text = text.as_str().unwrap_or_default();
    ps.iter().filter(|p| text.contains(p.as_str())).count()
}

/// Every payload in `expected` appears in the page as literal text.
fn assert_shown_as_text(s: &Session<'_>, expected: &[String], where_: &str) {
    let text = s.script("return document.body.textContent", serde_json::json!([]));
    let text = text.as_str().unwrap_or_default();
    let missing: Vec<&String> = expected
        .iter()
        .filter(|p| !text.contains(p.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "on {where_}, not shown literally: {missing:#?}"
    );
}

#[test]
#[ignore = "needs a display and tauri-driver: run through `make test`"]
fn hostile_content_is_shown_as_text_and_never_runs() {
    let ps = payloads();
    assert!(ps.len() >= 50, "the corpus has {} payloads", ps.len());
    let net = piyao_testnet::Internet::start();
    let sandbox = Sandbox::new();

    // A ledger whose every text field carries a payload; each account's feed reposts the
    // rebuttal in an item whose title, link and text carry its payload too.
    let mut csv =
        String::from("账号名称,平台,梯队,责任单位,所属镇街,监测地址,联系方式,备注,状态\n");
    for (i, p) in ps.iter().enumerate() {
        let item = (
            xml_escape(&format!("{} {p}", piyao_testnet::REBUTTAL)),
            xml_escape(if i % 2 == 0 {
                "javascript:window.__pwned=1"
            } else {
                p
            }),
            xml_escape(&format!("{}{p}", piyao_testnet::REBUTTAL_TEXT)),
        );
        let feed = net.serve_raw(
            &format!("a{i}"),
            "application/rss+xml; charset=utf-8",
            piyao_testnet::Internet::rss(&[item]),
        );
        let unit = if i % 6 == 0 {
            p.clone()
        } else {
            "区委网信办".to_string()
        };
        csv.push_str(&format!(
            "{},网站,主力军,{},,{feed},{},{},启用\n",
            csv_field(p),
            csv_field(&unit),
            csv_field(p),
            csv_field(p)
        ));
    }
    let ledger = sandbox.path("恶意台账.csv");
    std::fs::write(&ledger, csv).unwrap();

    // Cases whose titles, texts and reporters are payloads (what the case forms store).
    let db_path = sandbox.path("piyao.sqlite3");
    {
        use piyao_core::model::{CaseInput, CaseSource};
        let db = piyao_core::Db::open(&db_path).unwrap();
        for p in &ps {
            db.create_case(
                &CaseInput {
                    title: p.clone(),
                    content: format!("正文：{p}"),
                    platform: Some(p.clone()),
                    urls: vec![],
                    first_seen_at: None,
                    source: CaseSource::NetizenReport,
                    reporter_name: Some(p.chars().take(50).collect()),
                    reporter_contact: Some("13812345678".into()),
                },
                "协调员",
            )
            .unwrap();
        }
    }
    let config = loopback_fetch_config(&sandbox);
    let driver = sandbox.driver_with(&[("PIYAO_FETCH_CONFIG", config.as_path())]);
    let s = open_app(&driver);

    // 1. The ledger import: previewed, imported, listed.
    s.click("[data-testid=btn-skip-demo]");
    s.click("[data-testid=btn-import]");
    s.type_into("[data-testid=import-path]", ledger.to_str().unwrap());
    s.click("[data-testid=btn-preview]");
    s.find("[data-testid=import-summary]");
    assert_nothing_ran(&s, "the import preview");
    s.click("[data-testid=btn-apply-import]");
    s.wait_text("区委网信办");
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_nothing_ran(&s, "the ledger");
    let n = shown_count(&s, &ps);
    assert!(
        n >= 10,
        "only {n} hostile account names shown literally on the ledger's first page"
    );

    // 2. The case forms: a new case typed in with payloads, and the seeded ones listed.
    s.click("[data-testid=nav-cases]");
    s.find("[data-testid=case-row]");
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_nothing_ran(&s, "the case list");
    let n = shown_count(&s, &ps);
    assert!(
        n >= 10,
        "only {n} hostile case titles shown literally on the case list"
    );
    s.click("[data-testid=btn-new-case]");
    s.type_into(
        "[data-testid=intake-title]",
        "<img src=x onerror=window.__pwned=100>龙塔社区大门被枪击",
    );
    s.paste_into(
        "[data-testid=intake-content]",
        &format!("{}\n{}", piyao_testnet::RUMOR_TEXT, ps.join("\n")),
    );
    s.click("[data-testid=btn-save-case]");
    s.find("[data-testid=case-title]");
    s.wait_text("<img src=x onerror=window.__pwned=100>龙塔社区大门被枪击");
    assert_nothing_ran(&s, "a typed-in case");
    assert_shown_as_text(&s, &ps, "a typed-in case");

    // Assess, assign, verify, and a rebuttal whose page title and text carry payloads too.
    s.click("[data-testid=assess-severity-4]");
    s.click("[data-testid=assess-controllability-2]");
    s.click("[data-testid=assess-influence-4]");
    s.click("[data-testid=btn-save-assessment]");
    s.find("[data-testid=section-assignment]");
    let db = piyao_core::Db::open(&db_path).unwrap();
    let case_id = db
        .list_cases(&Default::default())
        .unwrap()
        .iter()
        .map(|c| c.id)
        .max()
        .unwrap();
    db.assign_case(
        case_id,
        &piyao_core::model::AssignInput {
            lead_unit: "区委网信办".into(),
            co_units: vec![],
            reason: Some(ps[1].clone()),
        },
        "协调员",
    )
    .unwrap();
    db.transition_case(
        case_id,
        piyao_core::rules::CaseStatus::Verifying,
        None,
        "协调员",
    )
    .unwrap();
    let page = format!(
        "<html><head><meta charset=\"utf-8\"><title>{}</title></head><body><article><h1>{}</h1><p>{}</p><p>{}</p></article></body></html>",
        piyao_testnet::REBUTTAL,
        piyao_testnet::REBUTTAL,
        piyao_testnet::REBUTTAL_TEXT,
        xml_escape(&ps.join(" "))
    );
    let rebuttal_url = net.serve_raw("rebuttal-hostile", "text/html; charset=utf-8", page);
    s.script("location.reload()", serde_json::json!([]));
    s.find("[data-testid=case-title]");
    s.type_into("[data-testid=rebuttal-url]", &rebuttal_url);
    s.click("[data-testid=btn-fetch-rebuttal]");
    s.wait_for("the page read", || {
        Some(()).filter(|_| s.value("[data-testid=rebuttal-title]").contains("系谣言"))
    });
    s.click("[data-testid=btn-save-rebuttal]");
    s.wait_for("已发布辟谣", || {
        Some(()).filter(|_| {
            s.text(&s.find("[data-testid=case-status]"))
                .contains("已发布辟谣")
        })
    });
    assert_nothing_ran(&s, "the rebuttal read from a hostile page");

    // 3. The checker: a push to every hostile account; the board with every evidence open.
    s.click("[data-testid=btn-launch-push]");
    s.wait_still("[data-testid=push-launch]");
    s.click("[data-testid=btn-confirm-launch]");
    s.find("[data-testid=coverage-main]");
    s.click("[data-testid=btn-check-now]");
    s.wait_for("every account reposted", || {
        Some(()).filter(|_| (ratio(&s, "main") - 1.0).abs() < 1e-9)
    });
    // The targets table shows 20 per page: open every evidence on each page.
    let pages = ps.chunks(20).collect::<Vec<_>>();
    for (n, page) in pages.iter().enumerate() {
        if n > 0 {
            s.click("[data-testid=targets-pagination] .btn-next");
            std::thread::sleep(std::time::Duration::from_millis(300));
        }
        s.script(
            "document.querySelectorAll('.el-table__expand-icon:not(.el-table__expand-icon--expanded)').forEach(e => e.click())",
            serde_json::json!([]),
        );
        s.find("[data-testid=evidence]");
        std::thread::sleep(std::time::Duration::from_millis(500));
        assert_nothing_ran(&s, "the coverage board with evidence");
        assert_shown_as_text(&s, page, "the coverage board with evidence");
        let created = s.script(
            "return document.querySelectorAll('a[href^=\"javascript\"], iframe, object, embed, [onerror], [onload]').length",
            serde_json::json!([]),
        );
        assert_eq!(created, 0, "no hostile element was created");
        if n == 0 {
            s.screenshot(&shots().join("10-hostile-evidence.png"));
        }
    }

    // 4. The case page again (timeline with every step), and the push list.
    s.click("[data-testid=board-case-link]");
    s.find("[data-testid=timeline]");
    assert_nothing_ran(&s, "the case page with its timeline");
    s.click("[data-testid=nav-pushes]");
    s.find("[data-testid=push-item]");
    assert_nothing_ran(&s, "the push list");
    s.close();
}
