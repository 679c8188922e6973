//! `piyao backup …` as an office server's cron job and a coordinator at a terminal use it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn piyao(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_piyao"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("PIYAO_DB")
        .output()
        .expect("run piyao")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = piyao(db, args);
    assert!(
        out.status.success(),
        "piyao {args:?}: {}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout)
}

/// A database with `n` accounts imported from a ledger.
fn ledger_db(dir: &Path, n: usize) -> PathBuf {
    let db = dir.join("piyao.sqlite3");
    let mut csv = String::from("账号名称,平台,梯队,责任单位,备注\n");
    for i in 0..n {
        csv.push_str(&format!(
            "账号{i},微博,同盟军,区融媒体中心,{}\n",
            "长备注".repeat(40)
        ));
    }
    let file = dir.join("台账.csv");
    std::fs::write(&file, csv).unwrap();
    ok(&db, &["accounts", "import", file.to_str().unwrap()]);
    db
}

fn account_names(db: &Path) -> Vec<String> {
    ok(db, &["accounts", "list", "--json"])
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["name"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn create_verify_and_restore_with_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    let db = ledger_db(dir.path(), 3);
    let file = dir.path().join("周一备份.sqlite3");
    let out = ok(&db, &["backup", "create", file.to_str().unwrap()]);
    assert!(out.contains("完整性检查通过"), "{out}");
    assert!(out.contains("账号 3 个，案件 0 件，推送 0 次"), "{out}");

    let out = ok(&db, &["backup", "verify", file.to_str().unwrap(), "--json"]);
    let report: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(report["accounts"], 3);
    assert_eq!(report["needs_upgrade"], false);

    // Later work, then the restore: first a look, then --yes.
    let more = dir.path().join("more.csv");
    std::fs::write(&more, "账号名称,平台,梯队\n新账号,抖音,同盟军\n").unwrap();
    ok(&db, &["accounts", "import", more.to_str().unwrap()]);
    assert_eq!(account_names(&db).len(), 4);

    let out = piyao(&db, &["backup", "restore", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("账号 3 个"),
        "{}",
        text(&out.stdout)
    );
    let err = text(&out.stderr);
    assert!(err.contains("尚未恢复") && err.contains("--yes"), "{err}");
    assert_eq!(
        account_names(&db).len(),
        4,
        "nothing restored without --yes"
    );

    let out = ok(&db, &["backup", "restore", file.to_str().unwrap(), "--yes"]);
    assert!(out.contains("恢复前的数据库已另存为"), "{out}");
    assert_eq!(account_names(&db), ["账号0", "账号1", "账号2"]);
    let safety = out
        .lines()
        .find_map(|l| {
            l.split_once("另存为 ")?
                .1
                .split_once('；')
                .map(|(p, _)| p.to_string())
        })
        .unwrap();
    assert!(safety.contains("piyao-before-restore-"), "{safety}");
    // Undo.
    ok(&db, &["backup", "restore", &safety, "--yes"]);
    assert_eq!(account_names(&db).len(), 4);
}

#[test]
fn clear_errors_for_bad_files_and_the_live_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = ledger_db(dir.path(), 2);
    let out = piyao(&db, &["backup", "create", db.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("不能把备份写到正在使用的数据库文件上"));
    assert!(text(&out.stderr).contains("backup_over_live"));

    let junk = dir.path().join("junk.sqlite3");
    std::fs::write(&junk, "不是数据库".repeat(300)).unwrap();
    let junk = junk.to_str().unwrap();
    for args in [
        vec!["backup", "verify", junk],
        vec!["backup", "restore", junk, "--yes"],
    ] {
        let out = piyao(&db, &args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = text(&out.stderr);
        assert!(err.starts_with("错误："), "{err}");
        assert!(
            err.contains("不能用于恢复") && err.contains("backup_invalid"),
            "{err}"
        );
    }
    assert_eq!(account_names(&db).len(), 2);
}

#[test]
fn the_daily_backup_for_cron_and_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let db = ledger_db(dir.path(), 2);
    let out = ok(&db, &["backup", "auto"]);
    assert!(out.contains("已完成自动备份"), "{out}");
    let out = ok(&db, &["backup", "auto"]);
    assert!(out.contains("未满 24 小时，本次不备份"), "{out}");

    let out = ok(&db, &["backup", "list"]);
    assert!(
        out.contains(&format!(
            "备份文件夹：{}",
            dir.path().join("backups").display()
        )),
        "{out}"
    );
    let rows: Vec<serde_json::Value> = ok(&db, &["backup", "list", "--json"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["kind"], "auto");
    let name = rows[0]["name"].as_str().unwrap();
    assert!(
        name.starts_with("piyao-") && name.ends_with(".sqlite3"),
        "{name}"
    );
}

#[test]
fn a_damaged_database_is_refused_then_restored_from_the_newest_automatic_backup() {
    let dir = tempfile::tempdir().unwrap();
    let db = ledger_db(dir.path(), 400);
    ok(&db, &["backup", "auto"]);

    // Damage pages in the middle of the (checkpointed) file.
    let mut bytes = std::fs::read(&db).unwrap();
    let pages = bytes.len() / 4096;
    assert!(pages > 40, "{pages} pages");
    let start = pages / 2 * 4096;
    bytes[start..start + 4 * 4096].fill(0x5A);
    std::fs::write(&db, &bytes).unwrap();

    let out = piyao(&db, &["accounts", "list"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("数据库文件已损坏") && err.contains("db_corrupt"),
        "{err}"
    );
    assert!(err.contains("piyao backup restore"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "left as it was");

    let newest = ok(&db, &["backup", "list", "--json"])
        .lines()
        .next()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["path"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .expect("the automatic backup is listed although the database is damaged");
    let out = ok(&db, &["backup", "restore", &newest, "--yes"]);
    assert!(out.contains("损坏的数据库文件已移到"), "{out}");
    assert_eq!(account_names(&db).len(), 400);
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("piyao.sqlite3.damaged-"))
        // its write-ahead log, when SQLite left one, goes with it
        .filter(|n| !n.ends_with("-wal"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(std::fs::read(dir.path().join(&aside[0])).unwrap(), bytes);
}
