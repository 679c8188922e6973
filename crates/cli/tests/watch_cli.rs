//! `piyao push start` with target filters from a case, `piyao watch --once` against the
//! loopback internet, and `piyao coverage --json`.

use std::path::Path;
use std::process::{Command, Output};

use piyao_core::model::{AccountInput, Platform, Tier};
use piyao_core::testing::CaseBuilder;
use piyao_testnet::{Internet, Shows};

fn piyao(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_piyao"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("PIYAO_DB")
        .env_remove("PIYAO_FETCH_CONFIG")
        .output()
        .unwrap()
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Three main and two auxiliary feeds; a case with its rebuttal published.
fn seed(db: &Path, net: &Internet) -> i64 {
    let db = piyao_core::Db::open(db).unwrap();
    for (name, tier, unit, feed) in [
        ("网信云川", Tier::Main, "区委网信办", "wx"),
        ("平安云川", Tier::Main, "区公安分局", "pa"),
        ("云川发布", Tier::Main, "区委宣传部", "fb"),
        ("龙塔街道发布", Tier::Auxiliary, "龙塔街道办事处", "lt"),
        ("青石镇发布", Tier::Auxiliary, "青石镇人民政府", "qs"),
    ] {
        db.create_account(AccountInput {
            name: name.into(),
            platform: Platform::Website,
            tier,
            unit: Some(unit.into()),
            territory: None,
            watch_url: Some(net.feed_url(feed)),
            contact: None,
            notes: None,
            active: true,
        })
        .unwrap();
    }
    let c = CaseBuilder::new(piyao_testnet::RUMOR)
        .content(piyao_testnet::RUMOR_TEXT)
        .rebuttal(
            piyao_testnet::REBUTTAL,
            piyao_testnet::REBUTTAL_TEXT,
            Some(net.rebuttal_url()),
        )
        .published(&db)
        .unwrap();
    c.id
}

#[test]
fn push_from_a_case_with_filters_then_watch_once_and_read_the_coverage() {
    let net = Internet::start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite3");
    let case_id = seed(&db, &net).to_string();
    let cfg = dir.path().join("fetch.json");
    std::fs::write(
        &cfg,
        r#"{"per_host_interval_ms": 0, "per_host_concurrency": 8, "retries": 0}"#,
    )
    .unwrap();

    let bad = piyao(
        &db,
        &["push", "start", "--case", &case_id, "--platforms", "传真"],
    );
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("无法识别的平台「传真」"));

    let out = ok(piyao(
        &db,
        &[
            "push",
            "start",
            "--case",
            &case_id,
            "--tiers",
            "主力军",
            "--units",
            "区委网信办,区公安分局",
            "--json",
        ],
    ));
    let push: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(push["targets"], 2, "two units of the main force");
    assert_eq!(push["deadlines"].as_array().unwrap().len(), 1);
    let push_id = push["id"].to_string();

    net.show("wx", Shows::Rebuttal);
    let watched = ok(piyao(
        &db,
        &[
            "watch",
            "--once",
            "--json",
            "--fetch-config",
            cfg.to_str().unwrap(),
        ],
    ));
    let last: serde_json::Value = serde_json::from_str(watched.lines().last().unwrap()).unwrap();
    assert_eq!(last["push_id"].to_string(), push_id);
    assert_eq!(last["checked"], 2);

    let coverage: serde_json::Value =
        serde_json::from_str(ok(piyao(&db, &["coverage", "--push", &push_id, "--json"])).trim())
            .unwrap();
    assert_eq!(coverage["tiers"][0]["reposted"], 1);
    assert_eq!(coverage["tiers"][0]["targeted"], 2);

    // Not due again before the interval: a second round checks nothing.
    let again = ok(piyao(
        &db,
        &[
            "watch",
            "--once",
            "--json",
            "--fetch-config",
            cfg.to_str().unwrap(),
        ],
    ));
    assert!(again.trim().is_empty(), "{again}");
}
