//! `piyao push start` with target filters from a case, `piyao watch --once` against the
//! loopback internet, and `piyao coverage --json`.

use std::path::Path;
use std::process::{Command, Output};

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
    ok_ref(&out)
}

fn ok_ref(out: &Output) -> String {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// The loopback district (three main and two auxiliary feeds) with the main force's group
/// bot; a case with its rebuttal published.
fn seed(db: &Path, net: &Internet) -> i64 {
    let db = piyao_core::Db::open(db).unwrap();
    net.seed_district(&db).unwrap();
    net.seed_main_force_bot(&db).unwrap();
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

    let launched = piyao(
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
    );
    let out = ok_ref(&launched);
    // The launch is the app's: the notice went to the group bot covering the main force.
    let said = String::from_utf8_lossy(&launched.stderr);
    assert!(said.contains("推送通知已发到「主力军工作群」"), "{said}");
    let messages = net.messages();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("主力军"), "{}", messages[0]);
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

    // A second push without a notice: nothing more reaches the group.
    let quiet = piyao(
        &db,
        &[
            "push",
            "start",
            "--case",
            &case_id,
            "--tiers",
            "主力军",
            "--no-notice",
            "--json",
        ],
    );
    ok_ref(&quiet);
    assert!(!String::from_utf8_lossy(&quiet.stderr).contains("推送通知"));
    assert_eq!(net.messages().len(), 1);
}
