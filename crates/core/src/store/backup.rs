//! Backups of the live database and restores from them, with SQLite's online backup API, and
//! the start-up integrity check.
//!
//! A backup reads one snapshot (a read transaction on its own connection: in WAL mode the app
//! keeps writing meanwhile) into `<target>.part`, checks the copy, and only then renames it to
//! the chosen name. A restore checks the backup, upgrades a staged copy of it, makes a safety
//! backup of the live database, then copies the staged pages into the live connection in one
//! write transaction: it either completes or leaves the live database as it was.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, ErrorCode, OpenFlags};
use time::{OffsetDateTime, UtcOffset};

use super::backup_auto::{put_raw_settings, raw_settings};
use super::{migrations, Db, SCHEMA_VERSION};
use crate::error::{Error, Result};
use crate::model::{BackupProgress, BackupReport, RestoreOutcome};
use crate::rules::backup::{file_stamp, safety_file_name, wall_clock};

/// About 1 MiB of 4 KiB pages between two progress reports.
const PAGES_PER_STEP: i32 = 256;
/// How long a step waits in total for a lock held by another process (a CLI on the same file).
const BUSY_WAIT: Duration = Duration::from_secs(10);
const BUSY_PAUSE: Duration = Duration::from_millis(50);

/// Now, in the local time of the machine (file names and labels use it). SQLite knows the
/// local offset even where the `time` crate refuses to read it (multi-threaded programs).
pub fn local_now() -> OffsetDateTime {
    let offset = Connection::open_in_memory()
        .and_then(|c| {
            c.query_row(
                "SELECT CAST(strftime('%s', 'now', 'localtime') AS INTEGER) - CAST(strftime('%s', 'now') AS INTEGER)",
                [],
                |r| r.get::<_, i64>(0),
            )
        })
        .ok()
        .and_then(|s| UtcOffset::from_whole_seconds(s as i32).ok())
        // The office's clock, as push deadlines read it.
        .unwrap_or(time::macros::offset!(+8));
    OffsetDateTime::now_utc().to_offset(offset)
}

/// Files at least this large are read once from start to end before they are checked.
const WARM_UP_FROM: u64 = 64 << 20;
/// ... and at most this large (beyond, the pages read would not stay in memory anyway).
const WARM_UP_TO: u64 = 4 << 30;

/// Reads a large database file once, sequentially, so that the check after it finds its pages
/// in the OS cache. SQLite reads in b-tree order, page by page; on a cold disk that is several
/// times slower than one pass (measured on a 1.7 GB file: 35 s for quick_check alone, 7 s for
/// this pass and quick_check). Errors are left for SQLite to report.
pub(super) fn warm_up(path: &Path) {
    use std::io::Read;
    let Ok(mut file) = std::fs::File::open(path) else {
        return;
    };
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if !(WARM_UP_FROM..=WARM_UP_TO).contains(&size) {
        return;
    }
    let mut buf = vec![0u8; 1 << 20];
    while matches!(file.read(&mut buf), Ok(n) if n > 0) {}
}

/// `PRAGMA quick_check`: `Err` with SQLite's first findings when the file is damaged.
pub(super) fn quick_check(conn: &Connection) -> std::result::Result<(), String> {
    problems(conn, "PRAGMA quick_check")
}

fn problems(conn: &Connection, pragma: &str) -> std::result::Result<(), String> {
    let rows = conn.prepare(pragma).and_then(|mut stmt| {
        stmt.query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<String>>>()
    });
    match rows {
        Ok(rows) if rows.len() == 1 && rows[0] == "ok" => Ok(()),
        Ok(rows) => Err(rows.into_iter().take(3).collect::<Vec<_>>().join("；")),
        Err(e) => Err(e.to_string()),
    }
}

/// Whether SQLite's error says the file is damaged (or no database at all).
pub(super) fn is_corruption(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
    )
}

/// Copies every page of `src` into `dst`, reporting progress after each step. Waits for
/// locks held by other connections, up to `BUSY_WAIT` per step.
fn copy_pages(
    src: &Connection,
    dst: &mut Connection,
    pages_per_step: i32,
    progress: &mut dyn FnMut(BackupProgress),
) -> rusqlite::Result<()> {
    let backup = Backup::new(src, dst)?;
    let mut waited = Duration::ZERO;
    loop {
        let step = backup.step(pages_per_step)?;
        let p = backup.progress();
        let total = p.pagecount.max(0) as u64;
        progress(BackupProgress {
            done: total.saturating_sub(p.remaining.max(0) as u64),
            total,
        });
        match step {
            StepResult::Done => return Ok(()),
            StepResult::More => waited = Duration::ZERO,
            _ if waited >= BUSY_WAIT => {
                return Err(rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                    Some("数据库正被其他程序占用".into()),
                ))
            }
            _ => {
                std::thread::sleep(BUSY_PAUSE);
                waited += BUSY_PAUSE;
            }
        }
    }
}

fn write_err(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::WriteFile {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

/// `path` with `suffix` appended to its file name.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// The absolute, symlink-free form of a path whose file may not exist yet.
fn resolved(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
    let parent = parent
        .map(|p| p.canonicalize().unwrap_or_else(|_| p.to_path_buf()))
        .unwrap_or_else(|| std::env::current_dir().unwrap_or_default());
    parent.join(path.file_name().unwrap_or_default())
}

/// Whether `path` is the database at `live` or one of its companion files.
fn is_live_file(path: &Path, live: &Path) -> bool {
    let (path, live) = (resolved(path), resolved(live));
    path == live || path == with_suffix(&live, "-wal") || path == with_suffix(&live, "-shm")
}

/// Removes a temporary file (and its rollback journal) when dropped.
struct TempFile(PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
        let _ = std::fs::remove_file(with_suffix(&self.0, "-journal"));
    }
}

fn table_exists(c: &Connection, table: &str) -> rusqlite::Result<bool> {
    c.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
        [table],
        |r| r.get::<_, i64>(0),
    )
    .map(|n| n > 0)
}

fn count_rows(c: &Connection, table: &'static str) -> rusqlite::Result<i64> {
    if !table_exists(c, table)? {
        return Ok(0);
    }
    // `table` is one of the names below, never user input.
    c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
}

/// What a checked database holds. `path` is the file the report is about.
fn contents(c: &Connection, path: &Path, version: i64) -> rusqlite::Result<BackupReport> {
    let newest_case_at = if table_exists(c, "rumors")? {
        c.query_row(
            "SELECT strftime('%Y-%m-%d %H:%M', MAX(created_at), 'localtime') FROM rumors",
            [],
            |r| r.get(0),
        )?
    } else {
        None
    };
    Ok(BackupReport {
        path: path.display().to_string(),
        size_bytes: 0,
        schema_version: version,
        needs_upgrade: version < SCHEMA_VERSION,
        accounts: count_rows(c, "accounts")?,
        cases: count_rows(c, "rumors")?,
        pushes: count_rows(c, "pushes")?,
        newest_case_at,
    })
}

/// Checks that a file can be restored: it opens, passes `PRAGMA integrity_check`, and is a
/// Piyao Matrix database this program can read (schema version 1 to `SCHEMA_VERSION`). Opens
/// it read-only: the file is never changed.
pub fn verify_backup(path: &Path) -> Result<BackupReport> {
    let invalid = |reason: String| Error::BackupInvalid {
        path: path.to_path_buf(),
        reason,
    };
    let meta = std::fs::metadata(path).map_err(|e| invalid(format!("无法读取文件（{e}）")))?;
    if !meta.is_file() {
        return Err(invalid("这不是一个文件".into()));
    }
    if meta.len() == 0 {
        return Err(invalid("文件是空的".into()));
    }
    let not_a_db = |e: rusqlite::Error| {
        if is_corruption(&e) {
            invalid(format!("这不是数据库文件，或文件已损坏（{e}）"))
        } else {
            invalid(format!("无法打开（{e}）"))
        }
    };
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(not_a_db)?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(not_a_db)?;
    if version > SCHEMA_VERSION {
        return Err(Error::BackupTooNew {
            path: path.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    warm_up(path);
    problems(&conn, "PRAGMA integrity_check")
        .map_err(|p| invalid(format!("文件已损坏（完整性检查：{p}）")))?;
    if version < 1 || !table_exists(&conn, "accounts").map_err(not_a_db)? {
        return Err(invalid("这不是辟谣矩阵协调台的数据库".into()));
    }
    let mut report = contents(&conn, path, version).map_err(not_a_db)?;
    report.size_bytes = meta.len();
    Ok(report)
}

/// Copies the database `src` reads into a new file at `target` (via `<target>.part`), checks
/// the copy, and returns what it holds.
fn write_copy(
    src: &Connection,
    target: &Path,
    pages_per_step: i32,
    progress: &mut dyn FnMut(BackupProgress),
) -> Result<BackupReport> {
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(write_err(dir))?;
    }
    let part = TempFile(with_suffix(target, ".part"));
    drop(TempFile(part.0.clone())); // a leftover from an interrupted run
    let mut dst = Connection::open(&part.0).map_err(|e| Error::WriteFile {
        path: target.to_path_buf(),
        reason: e.to_string(),
    })?;
    copy_pages(src, &mut dst, pages_per_step, progress)?;
    // A backup is one self-contained file: no write-ahead log beside it.
    dst.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0))?;
    problems(&dst, "PRAGMA integrity_check")
        .map_err(|p| Error::Invalid(format!("备份副本未通过完整性检查（{p}），未保存备份")))?;
    let version: i64 = dst.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let mut report = contents(&dst, target, version)?;
    dst.close().map_err(|(_, e)| Error::from(e))?;
    std::fs::File::open(&part.0)
        .and_then(|f| f.sync_all())
        .map_err(write_err(target))?;
    std::fs::rename(&part.0, target).map_err(write_err(target))?;
    report.size_bytes = std::fs::metadata(target).map_err(write_err(target))?.len();
    Ok(report)
}

impl Db {
    /// Backs the database up to `target`: a consistent snapshot even while the app keeps
    /// writing, checked (`integrity_check`, schema version, row counts) before it takes the
    /// chosen name. Refuses the live database's own file.
    pub fn backup_to(
        &self,
        target: &Path,
        progress: &mut dyn FnMut(BackupProgress),
    ) -> Result<BackupReport> {
        self.backup_in_steps(target, PAGES_PER_STEP, progress)
    }

    pub(crate) fn backup_in_steps(
        &self,
        target: &Path,
        pages_per_step: i32,
        progress: &mut dyn FnMut(BackupProgress),
    ) -> Result<BackupReport> {
        if self.in_memory() {
            // Tests only: nothing else can reach an in-memory database.
            return write_copy(&self.conn(), target, pages_per_step, progress);
        }
        if is_live_file(target, self.path()) {
            return Err(Error::BackupOverLive(target.to_path_buf()));
        }
        // Its own connection, with a read transaction held for the whole copy: the snapshot
        // stays fixed, and the app's writes (to the write-ahead log) go on meanwhile.
        let src = Connection::open_with_flags(
            self.path(),
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|source| Error::DbOpen {
            path: self.path().to_path_buf(),
            source,
        })?;
        src.busy_timeout(BUSY_WAIT)?;
        src.execute_batch("BEGIN DEFERRED")?;
        src.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })?;
        let report = write_copy(&src, target, pages_per_step, progress);
        let _ = src.execute_batch("COMMIT");
        report
    }

    fn in_memory(&self) -> bool {
        self.path() == Path::new(":memory:")
    }

    /// Replaces the database with the backup at `backup`, after checking it. First makes a
    /// safety backup of the database as it is (in `safety_dir`, named for `now`), so that the
    /// restore can be undone. An older backup is upgraded. The automatic-backup settings stay
    /// as they are (they belong to this computer). If anything fails, the database is left as
    /// it was.
    pub fn restore_from(
        &self,
        backup: &Path,
        safety_dir: &Path,
        now: OffsetDateTime,
    ) -> Result<RestoreOutcome> {
        if !self.in_memory() && is_live_file(backup, self.path()) {
            return Err(Error::Invalid(
                "这就是正在使用的数据库文件，不能用它恢复自己".into(),
            ));
        }
        let report = verify_backup(backup)?;
        // The backup settings belong to this computer, not to the data: they stay.
        let keep_settings = self.read(|c| Ok(raw_settings(c)?))?;
        let staged = stage(backup, &self.staging_path(), Some(keep_settings))?;
        let safety = free_name(safety_dir, wall_clock(now), safety_file_name);
        {
            // Held from the safety copy to the end: no write of the app falls in between.
            let mut live = self.conn();
            write_copy(&live, &safety, PAGES_PER_STEP, &mut |_| {})?;
            let src = Connection::open_with_flags(
                &staged.0,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            // One write transaction on the live database: done, or rolled back on failure.
            copy_pages(&src, &mut live, PAGES_PER_STEP, &mut |_| {})?;
            migrations::migrate(&mut live)?;
        }
        Ok(RestoreOutcome {
            restored: report,
            safety_backup: Some(safety.display().to_string()),
            damaged_file: None,
        })
    }

    fn staging_path(&self) -> PathBuf {
        if self.in_memory() {
            let nanos = OffsetDateTime::now_utc().unix_timestamp_nanos();
            std::env::temp_dir().join(format!("piyao-restore-{}-{nanos}", std::process::id()))
        } else {
            with_suffix(self.path(), ".restoring")
        }
    }
}

/// The file in `dir` named for `at`, or for the next free second (two restores within one
/// second must not share a safety backup).
pub(super) fn free_name(
    dir: &Path,
    at: time::PrimitiveDateTime,
    name: fn(time::PrimitiveDateTime) -> String,
) -> PathBuf {
    (0..3600)
        .map(|s| dir.join(name(at + time::Duration::seconds(s))))
        .find(|p| !p.exists())
        .unwrap_or_else(|| dir.join(name(at)))
}

/// Copies a checked backup to `at` and upgrades it to this program's schema there, without
/// touching the backup file; `settings`: the backup settings (stored text) to keep. The copy
/// is deleted when the returned guard is dropped.
fn stage(backup: &Path, at: &Path, settings: Option<Option<String>>) -> Result<TempFile> {
    let staged = TempFile(at.to_path_buf());
    drop(TempFile(at.to_path_buf()));
    let src = Connection::open_with_flags(
        backup,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let mut conn = Connection::open(&staged.0).map_err(|e| Error::WriteFile {
        path: staged.0.clone(),
        reason: e.to_string(),
    })?;
    copy_pages(&src, &mut conn, PAGES_PER_STEP, &mut |_| {})?;
    conn.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0))?;
    conn.pragma_update(None, "foreign_keys", true)?;
    migrations::migrate(&mut conn)?;
    if let Some(raw) = settings {
        put_raw_settings(&conn, raw.as_deref())?;
    }
    conn.close().map_err(|(_, e)| Error::from(e))?;
    Ok(staged)
}

/// Restores the backup at `backup` in place of a database that cannot be opened (damaged):
/// checks the backup, upgrades a copy of it beside the database, moves the damaged file aside
/// as `<name>.damaged-<time>` (with its write-ahead log), and puts the copy in its place.
/// Nothing is deleted. Open the database afterwards with [`Db::open`].
pub fn restore_in_place(
    db_path: &Path,
    backup: &Path,
    now: OffsetDateTime,
) -> Result<RestoreOutcome> {
    if is_live_file(backup, db_path) {
        return Err(Error::Invalid(
            "这就是损坏的数据库文件本身，请选择一个备份文件".into(),
        ));
    }
    let report = verify_backup(backup)?;
    // The damaged file's backup settings, if it still tells them.
    let keep_settings = Connection::open_with_flags(
        db_path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .and_then(|c| raw_settings(&c))
    .ok();
    let staged = stage(backup, &with_suffix(db_path, ".restoring"), keep_settings)?;
    let damaged = with_suffix(
        db_path,
        &format!(".damaged-{}", file_stamp(wall_clock(now))),
    );
    let (wal, shm) = (with_suffix(db_path, "-wal"), with_suffix(db_path, "-shm"));
    let damaged_wal = with_suffix(&damaged, "-wal");
    let had_db = db_path.exists();
    if had_db {
        std::fs::rename(db_path, &damaged).map_err(write_err(db_path))?;
    }
    // The log belongs to the damaged file: left here, SQLite would replay it into the backup.
    if wal.exists() {
        if let Err(e) = std::fs::rename(&wal, &damaged_wal) {
            let _ = std::fs::rename(&damaged, db_path);
            return Err(write_err(&wal)(e));
        }
    }
    let _ = std::fs::remove_file(&shm);
    if let Err(e) = std::fs::rename(&staged.0, db_path) {
        // Put everything back as it was.
        let _ = std::fs::rename(&damaged_wal, &wal);
        if had_db {
            let _ = std::fs::rename(&damaged, db_path);
        }
        return Err(write_err(db_path)(e));
    }
    Ok(RestoreOutcome {
        restored: report,
        safety_backup: None,
        damaged_file: had_db.then(|| damaged.display().to_string()),
    })
}

#[cfg(test)]
#[path = "backup_tests.rs"]
mod tests;
