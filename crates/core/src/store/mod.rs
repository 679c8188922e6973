//! The SQLite store. It owns every SQL string of the app; one file per aggregate.

mod accounts;
mod backup;
mod backup_auto;
mod bots;
mod cases;
mod dashboard;
mod directory;
mod images;
mod migrations;
mod paging;
mod push_board;
pub(crate) mod pushes;
mod report;
mod settings;
mod stats;
mod stats_drill;
#[cfg(test)]
pub(crate) mod stats_fixture;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use rusqlite::config::DbConfig;
use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::error::{Error, Result};

pub use accounts::ProbeTarget;
pub(crate) use accounts::{
    find_id as account_id, insert as insert_account_in, update as update_account_in,
};
pub use backup::{local_now, restore_in_place, verify_backup};
pub use backup_auto::{backup_dir, data_dir, list_backups, recovery_overview};
/// Limits and markers the window needs too (generated into `ui/src/bindings/rules.ts`).
#[cfg(test)]
pub(crate) use cases::TITLE_MAX;
pub use dashboard::overdue_tiers;
pub use directory::{Directory, DirectoryTerritory, DirectoryUnit};
pub use images::NewImage;
pub use migrations::SCHEMA_VERSION;
pub use paging::MAX_PAGE_SIZE;
pub use pushes::{CheckRecord, CheckTask};
pub use report::ReportCase;
pub use settings::DirectoryFile;
#[cfg(test)]
pub(crate) use stats::NO_UNIT;

/// The application's reverse-DNS identifier; the database lives in `<data dir>/<IDENTIFIER>/`.
pub const IDENTIFIER: &str = "cn.piyao.matrix";
/// Environment variable that overrides where the database lives.
pub const DB_ENV: &str = "PIYAO_DB";
const DB_FILE: &str = "piyao.sqlite3";

/// Where the app and the CLI keep the database unless told otherwise: `$PIYAO_DB`, else the
/// OS app-data folder (`~/.local/share/cn.piyao.matrix/` on Linux, `%APPDATA%\cn.piyao.matrix\`
/// on Windows), the same folder Tauri calls `app_data_dir`.
pub fn default_db_path() -> PathBuf {
    if let Some(p) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    let base = directories::BaseDirs::new()
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("."));
    base.join(IDENTIFIER).join(DB_FILE)
}

/// One open database. Cheap to share behind an `Arc`; calls are serialised on one connection.
pub struct Db {
    conn: Mutex<Connection>,
    path: PathBuf,
}

impl Db {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    /// A database written by a newer version, or one that fails `PRAGMA quick_check`, is
    /// refused untouched.
    pub fn open(path: &Path) -> Result<Db> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::WriteFile {
                path: dir.to_path_buf(),
                reason: e.to_string(),
            })?;
        }
        let conn = Connection::open(path).map_err(|source| Error::DbOpen {
            path: path.to_path_buf(),
            source,
        })?;
        Self::init(conn, path.to_path_buf())
    }

    /// A private database in memory, for tests.
    pub fn open_in_memory() -> Result<Db> {
        Self::init(Connection::open_in_memory()?, PathBuf::from(":memory:"))
    }

    fn init(mut conn: Connection, path: PathBuf) -> Result<Db> {
        let open_err = |source: rusqlite::Error| {
            if backup::is_corruption(&source) {
                Error::DbCorrupt {
                    path: path.clone(),
                    detail: source.to_string(),
                }
            } else {
                Error::DbOpen {
                    path: path.clone(),
                    source,
                }
            }
        };
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(open_err)?;
        // Until the checks below pass, closing must not fold the write-ahead log into the
        // file: a refused database is left exactly as it was, log included.
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
            .map_err(open_err)?;
        // Reading the version first also fails cleanly when the file is not a database.
        let found: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(open_err)?;
        if found > SCHEMA_VERSION {
            return Err(Error::DbTooNew {
                path,
                found,
                supported: SCHEMA_VERSION,
            });
        }
        // Before anything writes to it: a damaged file is left exactly as it is.
        backup::warm_up(&path);
        if let Err(detail) = backup::quick_check(&conn) {
            return Err(Error::DbCorrupt { path, detail });
        }
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, false)
            .map_err(open_err)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(open_err)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(open_err)?;
        // Statistics read a year of indexes at once: keep them in memory, 16 MB at most (a
        // 100,000-row list sorted in full filled 32 MB and kept it: `make bench`).
        conn.pragma_update(None, "cache_size", -16_000)
            .map_err(open_err)?;
        migrations::migrate(&mut conn)?;
        Ok(Db {
            conn: Mutex::new(conn),
            path,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn()
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves SQLite consistent (the transaction rolls back).
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `f` in an IMMEDIATE transaction: commit on `Ok`, roll back on `Err`.
    pub(crate) fn with_tx<T>(&self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Runs a read on the connection.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        f(&self.conn())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_with_wal_foreign_keys_and_latest_schema() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("sub/dir/x.sqlite3")).unwrap();
        assert_eq!(db.schema_version().unwrap(), SCHEMA_VERSION);
        db.read(|c| {
            let mode: String = c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
            let fk: i64 = c.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
            assert_eq!(mode, "wal");
            assert_eq!(fk, 1);
            Ok(())
        })
        .unwrap();
    }

    #[test]
    fn refuses_a_database_from_a_newer_version_and_leaves_it_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("future.sqlite3");
        {
            let c = Connection::open(&path).unwrap();
            c.execute_batch("CREATE TABLE future_things (x); PRAGMA user_version = 999;")
                .unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = Db::open(&path).err().expect("must refuse");
        assert_eq!(err.code(), "db_too_new");
        assert!(err.to_string().contains("更新版本"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), before, "file changed");
    }

    #[test]
    fn refuses_a_file_that_is_not_a_database_as_damaged_and_leaves_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.sqlite3");
        std::fs::write(&path, "这不是数据库".repeat(200)).unwrap();
        let err = Db::open(&path).err().expect("must refuse");
        // The remedy is the same as for a damaged database: restore a backup in its place.
        assert_eq!(err.code(), "db_corrupt");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            "这不是数据库".repeat(200).as_bytes()
        );
    }

    #[test]
    fn a_directory_in_place_of_the_database_is_an_open_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = Db::open(dir.path()).err().expect("must refuse");
        assert_eq!(err.code(), "db_open");
    }

    #[test]
    fn reopening_keeps_data_and_does_not_migrate_twice() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.sqlite3");
        Db::open(&path).unwrap();
        let db = Db::open(&path).unwrap();
        assert_eq!(db.schema_version().unwrap(), SCHEMA_VERSION);
    }

    #[test]
    fn env_variable_overrides_the_default_path() {
        // Only reads the variable; the test does not set it to avoid racing other tests.
        let p = default_db_path();
        match std::env::var_os(DB_ENV) {
            Some(v) if !v.is_empty() => assert_eq!(p, PathBuf::from(v)),
            _ => assert!(p.ends_with(Path::new(IDENTIFIER).join(DB_FILE))),
        }
    }
}
