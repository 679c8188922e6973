use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::Arc;

use rusqlite::types::Value;
use time::macros::datetime;

use super::*;
use crate::model::{BackupSettings, CaseInput, CaseSource, RebuttalInput, Tier};
use crate::store::{list_backups, recovery_overview};

const ME: &str = "测试员";

/// A database with the demo ledger, cases, a rebuttal and a push: every aggregate has rows.
fn filled(path: &Path) -> Db {
    let db = Db::open(path).unwrap();
    db.load_demo_ledger().unwrap();
    for (title, content) in [
        ("龙塔社区大门被枪击", "网传龙塔社区大门昨夜被枪击，有人受伤"),
        ("云川水库决堤", "有人称云川水库今晨决堤，下游村庄被淹"),
    ] {
        db.create_case(
            &CaseInput {
                title: title.into(),
                content: content.into(),
                platform: Some("微信群".into()),
                urls: vec!["https://weibo.example/1".into()],
                first_seen_at: Some("2026-11-20 08:30".into()),
                source: CaseSource::NetizenReport,
                reporter_name: Some("王先生".into()),
                reporter_contact: Some("13812345678".into()),
            },
            ME,
        )
        .unwrap();
    }
    let rumor = db.create_rumor("学校停课", "网传全区学校停课").unwrap();
    let rebuttal = db
        .create_rebuttal(&RebuttalInput {
            rumor_id: rumor.id,
            title: "【辟谣】全区学校停课？不实".into(),
            content: "经核实，全区学校正常上课。".into(),
            url: Some("http://127.0.0.1:9/r/1".into()),
            publisher: Some("云川发布".into()),
            published_at: None,
        })
        .unwrap();
    let push = db
        .start_push_with(
            rebuttal.id,
            &crate::model::TargetFilter {
                tiers: vec![Tier::Main],
                ..Default::default()
            },
        )
        .unwrap();
    // a screenshot kept as evidence: its bytes live in the database, so every backup and
    // restore below carries them (the dumps compare every row of every table)
    let target = db.push_results(push.id).unwrap()[0].account_id;
    db.keep_image(
        push.id,
        target,
        &crate::store::NewImage {
            bytes: b"\x89PNG\r\n\x1a\n screenshot bytes",
            format: "png",
            width: 1080,
            height: 2340,
            file_name: Some("转发截图.png"),
            ocr_text: "【辟谣】全区学校停课？不实",
        },
        ME,
        "2026-11-21T01:00:00Z",
    )
    .unwrap();
    db
}

type Dump = BTreeMap<String, Vec<String>>;

/// Every row of every table (the full-text index's tables included), in a stable order.
fn dump(c: &Connection) -> Dump {
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    tables
        .into_iter()
        .map(|t| {
            let mut stmt = c.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
            let n = stmt.column_count();
            let mut rows: Vec<String> = stmt
                .query_map([], |r| {
                    (0..n)
                        .map(|i| r.get::<_, Value>(i).map(|v| format!("{v:?}")))
                        .collect::<rusqlite::Result<Vec<_>>>()
                        .map(|v| v.join("|"))
                })
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            rows.sort();
            (t, rows)
        })
        .collect()
}

fn dump_db(db: &Db) -> Dump {
    db.read(|c| Ok(dump(c))).unwrap()
}

fn dump_file(path: &Path) -> Dump {
    dump(&Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap())
}

fn count(db: &Db, sql: &str) -> i64 {
    db.read(|c| Ok(c.query_row(sql, [], |r| r.get(0))?))
        .unwrap()
}

/// Overwrites `pages` pages of 4 KiB from the middle of a database file.
fn damage_middle(path: &Path, pages: usize) {
    let mut bytes = std::fs::read(path).unwrap();
    let page = 4096;
    let total = bytes.len() / page;
    assert!(total > pages * 4, "only {total} pages");
    let start = (total / 2) * page;
    for b in &mut bytes[start..start + pages * page] {
        *b = 0x5A;
    }
    std::fs::write(path, bytes).unwrap();
}

fn set_version(path: &Path, version: i64) {
    let c = Connection::open(path).unwrap();
    c.pragma_update(None, "user_version", version).unwrap();
}

#[test]
fn a_backup_taken_while_another_thread_writes_is_a_consistent_committed_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let db = Arc::new(filled(&dir.path().join("piyao.sqlite3")));
    // Bulk, so that the copy takes many steps.
    db.with_tx(|tx| {
        for i in 0..400 {
            tx.execute(
                "INSERT INTO units (name, kind) VALUES (?1, 'department')",
                [format!("{i}号单位{}", "备注".repeat(200))],
            )?;
        }
        Ok(())
    })
    .unwrap();

    // The writer adds ten units per transaction and records, in the same transaction, how
    // many it has added: a consistent copy has exactly that many.
    let stop = Arc::new(AtomicBool::new(false));
    let written = Arc::new(AtomicI64::new(0));
    let writer = {
        let (db, stop, written) = (db.clone(), stop.clone(), written.clone());
        std::thread::spawn(move || {
            let mut n = 0i64;
            while !stop.load(Ordering::Relaxed) {
                db.with_tx(|tx| {
                    for i in 0..10 {
                        tx.execute(
                            "INSERT INTO units (name, kind) VALUES (?1, 'town')",
                            [format!("写入-{n}-{i}")],
                        )?;
                    }
                    tx.execute(
                        "INSERT INTO settings (key, value) VALUES ('test_written', ?1)
                         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        [(n + 1) * 10],
                    )?;
                    Ok(())
                })
                .unwrap();
                n += 1;
                written.store(n * 10, Ordering::SeqCst);
            }
        })
    };
    while written.load(Ordering::SeqCst) < 50 {
        std::thread::yield_now();
    }

    let target = dir.path().join("备份.sqlite3");
    let mut during = Vec::new();
    let mut steps = 0;
    let report = db
        .backup_in_steps(&target, 4, &mut |p| {
            steps += 1;
            during.push(written.load(Ordering::SeqCst));
            assert!(p.done <= p.total);
            std::thread::sleep(std::time::Duration::from_millis(3));
        })
        .unwrap();
    stop.store(true, Ordering::Relaxed);
    writer.join().unwrap();

    assert!(steps > 20, "{steps} steps");
    assert!(
        during.last() > during.first(),
        "the app kept writing during the backup: {:?}..{:?}",
        during.first(),
        during.last()
    );
    let copy = Connection::open(&target).unwrap();
    assert_eq!(problems(&copy, "PRAGMA integrity_check"), Ok(()));
    let in_copy: i64 = copy
        .query_row(
            "SELECT count(*) FROM units WHERE name LIKE '写入-%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let recorded: i64 = copy
        .query_row(
            "SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'test_written'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(in_copy, recorded, "only whole, committed transactions");
    assert_eq!(in_copy % 10, 0);
    assert!(in_copy >= 50 && in_copy <= written.load(Ordering::SeqCst));
    let mode: String = copy
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete", "a backup is one self-contained file");
    assert!(!dir.path().join("备份.sqlite3.part").exists());

    assert_eq!(report.schema_version, SCHEMA_VERSION);
    assert_eq!(report.accounts, db.count_accounts().unwrap());
    assert_eq!(report.cases, 3);
    assert_eq!(report.pushes, 1);
    assert_eq!(report.size_bytes, std::fs::metadata(&target).unwrap().len());
}

#[test]
fn a_backup_never_overwrites_the_live_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("piyao.sqlite3");
    let db = filled(&path);
    let before = dump_db(&db);
    for target in [
        path.clone(),
        dir.path().join(".").join("piyao.sqlite3"),
        dir.path().join("piyao.sqlite3-wal"),
    ] {
        let err = db.backup_to(&target, &mut |_| {}).unwrap_err();
        assert_eq!(err.code(), "backup_over_live", "{}", target.display());
        assert!(err.to_string().contains("正在使用的数据库"), "{err}");
    }
    assert_eq!(dump_db(&db), before);
}

#[test]
fn restore_round_trip_loses_nothing_and_can_be_undone() {
    let dir = tempfile::tempdir().unwrap();
    let db = filled(&dir.path().join("piyao.sqlite3"));
    let at_backup = dump_db(&db);
    let backup = dir.path().join("周一.sqlite3");
    db.backup_to(&backup, &mut |_| {}).unwrap();
    assert_eq!(dump_file(&backup), at_backup);

    // Work goes on after the backup.
    let ids: Vec<i64> = db
        .list_accounts(&Default::default())
        .unwrap()
        .iter()
        .filter(|a| a.tier != Tier::Main) // the push's targets stay
        .map(|a| a.id)
        .take(5)
        .collect();
    db.delete_accounts(&ids).unwrap();
    db.create_rumor("新线索", "下午出现的新谣言").unwrap();
    let after_work = dump_db(&db);
    assert_ne!(after_work, at_backup);

    let outcome = db
        .restore_from(
            &backup,
            &dir.path().join("backups"),
            datetime!(2026-11-21 09:30:00 +8),
        )
        .unwrap();
    assert_eq!(dump_db(&db), at_backup, "every row of every table is back");
    assert_eq!(outcome.restored.cases, 3);
    assert_eq!(outcome.damaged_file, None);
    let safety = PathBuf::from(outcome.safety_backup.unwrap());
    assert_eq!(
        safety.file_name().unwrap(),
        "piyao-before-restore-20261121-093000.sqlite3"
    );
    assert_eq!(
        dump_file(&safety),
        after_work,
        "the safety copy is the state before"
    );
    let mode: String = db
        .read(|c| Ok(c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(mode, "wal");
    assert!(!dir.path().join("piyao.sqlite3.restoring").exists());

    // Undo: the safety backup brings the afternoon's work back, with its own safety copy.
    let undo = db
        .restore_from(
            &safety,
            &dir.path().join("backups"),
            datetime!(2026-11-21 09:30:00 +8),
        )
        .unwrap();
    assert_eq!(dump_db(&db), after_work);
    assert_eq!(
        Path::new(&undo.safety_backup.unwrap()).file_name().unwrap(),
        "piyao-before-restore-20261121-093001.sqlite3",
        "a second restore in the same second keeps the first safety copy"
    );
}

#[test]
fn an_older_backup_is_reported_and_upgraded_on_restore() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.sqlite3");
    {
        let mut c = Connection::open(&old).unwrap();
        migrations::migrate_to(&mut c, 1);
        c.execute(
            "INSERT INTO accounts (name, platform, tier) VALUES ('老账号', 'weibo', 'main')",
            [],
        )
        .unwrap();
    }
    let report = verify_backup(&old).unwrap();
    assert_eq!(report.schema_version, 1);
    assert!(report.needs_upgrade);
    assert_eq!((report.accounts, report.cases, report.pushes), (1, 0, 0));
    assert_eq!(report.newest_case_at, None);

    let db = filled(&dir.path().join("piyao.sqlite3"));
    db.restore_from(&old, dir.path(), datetime!(2026-11-21 09:30:00 +8))
        .unwrap();
    assert_eq!(db.schema_version().unwrap(), SCHEMA_VERSION);
    let names: Vec<String> = db
        .list_accounts(&Default::default())
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect();
    assert_eq!(names, ["老账号"]);
    assert!(db.list_cases(&Default::default()).unwrap().is_empty());
    assert_eq!(
        verify_backup(&old).unwrap().schema_version,
        1,
        "the backup file is untouched"
    );
}

#[test]
fn verify_says_what_a_backup_holds() {
    let dir = tempfile::tempdir().unwrap();
    let db = filled(&dir.path().join("piyao.sqlite3"));
    let file = dir.path().join("b.sqlite3");
    db.backup_to(&file, &mut |_| {}).unwrap();
    let report = verify_backup(&file).unwrap();
    assert_eq!(report.accounts, db.count_accounts().unwrap());
    assert!(report.accounts >= 30);
    assert_eq!((report.cases, report.pushes), (3, 1));
    assert!(!report.needs_upgrade);
    let newest = report.newest_case_at.unwrap();
    assert_eq!(newest.len(), "2026-11-21 09:30".len(), "{newest}");
}

#[test]
fn a_failed_restore_leaves_the_live_database_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let db = filled(&dir.path().join("piyao.sqlite3"));
    let good = dir.path().join("good.sqlite3");
    db.backup_to(&good, &mut |_| {}).unwrap();
    db.create_rumor("备份之后的线索", "").unwrap();
    let before = dump_db(&db);
    let safety_dir = dir.path().join("backups");
    let now = datetime!(2026-11-21 09:30:00 +8);

    // damaged in the middle
    let damaged = dir.path().join("damaged.sqlite3");
    std::fs::copy(&good, &damaged).unwrap();
    damage_middle(&damaged, 3);
    let err = db.restore_from(&damaged, &safety_dir, now).unwrap_err();
    assert_eq!(err.code(), "backup_invalid", "{err}");
    assert!(err.to_string().contains("已损坏"), "{err}");

    // written by a newer version
    let newer = dir.path().join("newer.sqlite3");
    std::fs::copy(&good, &newer).unwrap();
    set_version(&newer, SCHEMA_VERSION + 1);
    let err = db.restore_from(&newer, &safety_dir, now).unwrap_err();
    assert_eq!(err.code(), "backup_too_new");
    assert!(err.to_string().contains("请升级到最新版本"), "{err}");

    // another program's database, a text file, nothing at all
    let other = dir.path().join("other.sqlite3");
    Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE notes (x); PRAGMA user_version = 2;")
        .unwrap();
    let text = dir.path().join("text.sqlite3");
    std::fs::write(&text, "不是数据库".repeat(300)).unwrap();
    for (file, words) in [
        (other, "不是辟谣矩阵协调台的数据库"),
        (text, "不是数据库文件"),
        (dir.path().join("missing.sqlite3"), "无法读取文件"),
    ] {
        let err = db.restore_from(&file, &safety_dir, now).unwrap_err();
        assert_eq!(err.code(), "backup_invalid");
        assert!(err.to_string().contains(words), "{err}");
    }

    // passes the check, but its upgrade fails (it claims version 3 and has version 4's
    // tables): the upgrade runs on a staged copy, never on the live database
    let broken_upgrade = dir.path().join("v3.sqlite3");
    std::fs::copy(&good, &broken_upgrade).unwrap();
    set_version(&broken_upgrade, 3);
    assert!(verify_backup(&broken_upgrade).is_ok());
    let err = db
        .restore_from(&broken_upgrade, &safety_dir, now)
        .unwrap_err();
    assert_eq!(err.code(), "db_migration", "{err}");

    // the live database itself
    let err = db.restore_from(db.path(), &safety_dir, now).unwrap_err();
    assert_eq!(err.code(), "invalid");

    assert_eq!(dump_db(&db), before, "nothing half-restored");
    assert_eq!(db.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(
        !safety_dir.exists(),
        "no safety copy for a restore that never started"
    );
    assert!(!dir.path().join("piyao.sqlite3.restoring").exists());
    db.create_rumor("仍然可以写入", "").unwrap();
}

#[test]
fn quick_check_at_open_detects_a_damaged_file_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("piyao.sqlite3");
    let db = filled(&path);
    db.with_tx(|tx| {
        for i in 0..300 {
            tx.execute(
                "INSERT INTO rumors (title, content) VALUES (?1, ?2)",
                [format!("线索{i}"), "内容".repeat(300)],
            )?;
        }
        Ok(())
    })
    .unwrap();
    db.set_backup_settings(&BackupSettings {
        dir: Some("我的备份".into()),
        ..BackupSettings::default()
    })
    .unwrap();
    let backups = dir.path().join("我的备份");
    db.auto_backup_if_due(datetime!(2026-11-20 02:00:00 +8))
        .unwrap();
    drop(db); // the last connection folds the log into the file
    assert!(Db::open(&path).is_ok(), "healthy before");

    damage_middle(&path, 4);
    let damaged_bytes = std::fs::read(&path).unwrap();
    let err = Db::open(&path).err().expect("a damaged file is refused");
    assert_eq!(err.code(), "db_corrupt");
    assert!(err.to_string().contains("已损坏"), "{err}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        damaged_bytes,
        "nothing changed"
    );

    // The damaged file still names its backup folder; restore the newest in its place.
    let info = recovery_overview(&path).unwrap();
    assert_eq!(PathBuf::from(&info.backup_dir), backups);
    assert_eq!(info.backups.len(), 1);
    assert_eq!(info.backups[0].created_at, "2026-11-20 02:00:00");
    let outcome = restore_in_place(
        &path,
        Path::new(&info.backups[0].path),
        datetime!(2026-11-21 10:00:00 +8),
    )
    .unwrap();
    let aside = dir.path().join("piyao.sqlite3.damaged-20261121-100000");
    assert_eq!(outcome.damaged_file, Some(aside.display().to_string()));
    assert_eq!(
        std::fs::read(&aside).unwrap(),
        damaged_bytes,
        "kept, not deleted"
    );
    let db = Db::open(&path).unwrap();
    assert_eq!(count(&db, "SELECT count(*) FROM rumors"), 303);
    assert_eq!(db.schema_version().unwrap(), SCHEMA_VERSION);
}

#[test]
fn restoring_in_place_moves_the_damaged_log_aside_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("piyao.sqlite3");
    let good = dir.path().join("good.sqlite3");
    filled(&path).backup_to(&good, &mut |_| {}).unwrap();
    std::fs::write(&path, "损坏的数据库".repeat(500)).unwrap();
    std::fs::write(dir.path().join("piyao.sqlite3-wal"), "旧日志").unwrap();
    std::fs::write(dir.path().join("piyao.sqlite3-shm"), "共享内存").unwrap();

    // A bad backup changes nothing.
    let newer = dir.path().join("newer.sqlite3");
    std::fs::copy(&good, &newer).unwrap();
    set_version(&newer, SCHEMA_VERSION + 5);
    let now = datetime!(2026-11-21 10:00:00 +8);
    assert_eq!(
        restore_in_place(&path, &newer, now).unwrap_err().code(),
        "backup_too_new"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        "损坏的数据库".repeat(500).as_bytes()
    );

    restore_in_place(&path, &good, now).unwrap();
    assert_eq!(
        std::fs::read(dir.path().join("piyao.sqlite3.damaged-20261121-100000-wal")).unwrap(),
        "旧日志".as_bytes()
    );
    assert!(!dir.path().join("piyao.sqlite3-shm").exists());
    let db = Db::open(&path).unwrap();
    assert_eq!(dump_db(&db), dump_file(&good));
}

fn touch(dir: &Path, name: &str) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join(name), name).unwrap();
}

#[test]
fn retention_keeps_exactly_the_newest_and_nothing_else_is_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let db = filled(&dir.path().join("piyao.sqlite3"));
    db.set_backup_settings(&BackupSettings {
        keep: 5,
        ..BackupSettings::default()
    })
    .unwrap();
    let backups = dir.path().join("backups");
    for day in 1..=20 {
        touch(&backups, &format!("piyao-202611{day:02}-020000.sqlite3"));
    }
    for other in [
        "piyao-before-restore-20261101-020000.sqlite3",
        "piyao.sqlite3",
        "说明.txt",
        "piyao-20261101-020000.sqlite3.part",
    ] {
        touch(&backups, other);
    }

    let outcome = db
        .auto_backup_if_due(datetime!(2026-11-21 03:00:00 +8))
        .unwrap();
    assert_eq!(
        outcome.created.unwrap().name,
        "piyao-20261121-030000.sqlite3"
    );
    assert_eq!(outcome.deleted.len(), 16);
    assert_eq!(
        outcome.deleted[0], "piyao-20261101-020000.sqlite3",
        "oldest first"
    );
    assert_eq!(outcome.newest_at.as_deref(), Some("2026-11-21 03:00:00"));

    let mut left: Vec<String> = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    left.sort();
    assert_eq!(
        left,
        [
            "piyao-20261101-020000.sqlite3.part",
            "piyao-20261117-020000.sqlite3",
            "piyao-20261118-020000.sqlite3",
            "piyao-20261119-020000.sqlite3",
            "piyao-20261120-020000.sqlite3",
            "piyao-20261121-030000.sqlite3",
            "piyao-before-restore-20261101-020000.sqlite3",
            "piyao.sqlite3",
            "说明.txt",
        ]
    );
    let listed = list_backups(&backups).unwrap();
    assert_eq!(
        listed.len(),
        6,
        "five automatic backups and the safety copy"
    );
    assert_eq!(listed[0].name, "piyao-20261121-030000.sqlite3");
    assert!(verify_backup(Path::new(&listed[0].path)).is_ok());
}

#[test]
fn the_daily_backup_is_not_due_within_24_hours() {
    let dir = tempfile::tempdir().unwrap();
    let db = filled(&dir.path().join("piyao.sqlite3"));
    let t0 = datetime!(2026-11-20 08:00:00 +8);
    let first = db.auto_backup_if_due(t0).unwrap();
    assert!(first.enabled);
    assert_eq!(
        first.created.as_ref().unwrap().name,
        "piyao-20261120-080000.sqlite3"
    );
    assert_eq!(
        PathBuf::from(&first.created.unwrap().path)
            .parent()
            .unwrap(),
        dir.path().join("backups"),
        "beside the database by default"
    );

    for later in [
        t0 + time::Duration::hours(1),
        t0 + time::Duration::hours(23) + time::Duration::minutes(59),
    ] {
        let o = db.auto_backup_if_due(later).unwrap();
        assert_eq!(o.created, None, "{later}");
        assert_eq!(o.newest_at.as_deref(), Some("2026-11-20 08:00:00"));
    }
    let next = db
        .auto_backup_if_due(t0 + time::Duration::hours(24))
        .unwrap();
    assert_eq!(next.created.unwrap().name, "piyao-20261121-080000.sqlite3");

    db.set_backup_settings(&BackupSettings {
        enabled: false,
        ..BackupSettings::default()
    })
    .unwrap();
    let off = db.auto_backup_if_due(t0 + time::Duration::days(5)).unwrap();
    assert!(!off.enabled);
    assert_eq!(off.created, None);
    assert_eq!(list_backups(&dir.path().join("backups")).unwrap().len(), 2);
}

#[test]
fn backup_settings_round_trip_through_the_settings_table() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("piyao.sqlite3")).unwrap();
    assert_eq!(db.backup_settings().unwrap(), BackupSettings::default());
    let saved = db
        .set_backup_settings(&BackupSettings {
            enabled: false,
            dir: Some("  /srv/piyao/备份 ".into()),
            keep: 30,
        })
        .unwrap();
    assert_eq!(saved.dir.as_deref(), Some("/srv/piyao/备份"));
    assert_eq!(db.backup_settings().unwrap(), saved);
    assert_eq!(db.backup_dir().unwrap(), PathBuf::from("/srv/piyao/备份"));
    let err = db
        .set_backup_settings(&BackupSettings {
            keep: 0,
            ..BackupSettings::default()
        })
        .unwrap_err();
    assert_eq!(err.code(), "invalid");
    assert_eq!(db.backup_settings().unwrap(), saved);
    let o = db.backup_overview().unwrap();
    assert_eq!(o.backup_dir, "/srv/piyao/备份");
    assert_eq!(PathBuf::from(&o.data_dir), dir.path());
}

#[test]
fn local_now_names_files_in_the_machines_time() {
    let now = local_now();
    let utc = time::OffsetDateTime::now_utc();
    assert!((now - utc).abs() < time::Duration::seconds(5));
}

#[test]
fn a_restore_keeps_this_computers_backup_settings() {
    let dir = tempfile::tempdir().unwrap();
    let db = filled(&dir.path().join("piyao.sqlite3"));
    let old = dir.path().join("old.sqlite3");
    db.set_backup_settings(&BackupSettings {
        keep: 3,
        ..BackupSettings::default()
    })
    .unwrap();
    db.backup_to(&old, &mut |_| {}).unwrap();
    let mine = BackupSettings {
        enabled: true,
        dir: Some("网盘备份".into()),
        keep: 30,
    };
    db.set_backup_settings(&mine).unwrap();

    let outcome = db
        .restore_backup(&old, datetime!(2026-11-21 09:30:00 +8))
        .unwrap();
    assert_eq!(db.backup_settings().unwrap(), mine);
    // so the safety copy is where the backup page looks
    let listed = list_backups(&db.backup_dir().unwrap()).unwrap();
    assert_eq!(Some(&listed[0].path), outcome.safety_backup.as_ref());
    assert_eq!(listed[0].kind, crate::model::BackupKind::Safety);
    // and the backup file still has its own
    let c = Connection::open_with_flags(&old, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    assert!(backup_auto_raw(&c).unwrap().contains("\"keep\":3"));
}

fn backup_auto_raw(c: &Connection) -> Option<String> {
    crate::store::backup_auto::raw_settings(c).unwrap()
}

#[test]
fn a_refused_open_leaves_the_damaged_file_and_its_log_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("piyao.sqlite3");
    let db = filled(&path);
    db.with_tx(|tx| {
        for i in 0..300 {
            tx.execute(
                "INSERT INTO rumors (title, content) VALUES (?1, ?2)",
                [format!("线索{i}"), "内容".repeat(300)],
            )?;
        }
        Ok(())
    })
    .unwrap();
    drop(db);
    // Committed work still in the log, as after a power cut.
    {
        let c = Connection::open(&path).unwrap();
        c.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
            true,
        )
        .unwrap();
        c.execute(
            "INSERT INTO units (name, kind) VALUES ('断电前', 'town')",
            [],
        )
        .unwrap();
    }
    let wal = dir.path().join("piyao.sqlite3-wal");
    assert!(std::fs::metadata(&wal).unwrap().len() > 0);
    damage_middle(&path, 4);
    let (file, log) = (std::fs::read(&path).unwrap(), std::fs::read(&wal).unwrap());

    assert_eq!(Db::open(&path).err().unwrap().code(), "db_corrupt");
    assert_eq!(std::fs::read(&path).unwrap(), file, "the file is as it was");
    assert_eq!(std::fs::read(&wal).unwrap(), log, "the log is as it was");
}
