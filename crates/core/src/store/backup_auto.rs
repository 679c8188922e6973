//! The daily automatic backup: its settings (the `settings` table, key `backup`), the backup
//! folder's files, and retention.

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use time::{OffsetDateTime, PrimitiveDateTime};

use super::backup::free_name;
use super::Db;
use crate::error::{Error, Result};
use crate::model::{
    AutoBackupOutcome, BackupFile, BackupKind, BackupOverview, BackupSettings, RestoreOutcome,
};
use crate::rules::backup::{
    auto_file_name, beyond_retention, is_due, local_label, parse_file_name, wall_clock,
};

const BACKUP_SETTINGS: &str = "backup";

fn read_settings(c: &Connection) -> Result<BackupSettings> {
    let text: Option<String> = c
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [BACKUP_SETTINGS],
            |r| r.get(0),
        )
        .optional()?;
    Ok(text
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default())
}

/// The stored text of the backup settings (`None`: never set, the defaults apply).
pub(super) fn raw_settings(c: &Connection) -> rusqlite::Result<Option<String>> {
    c.query_row(
        "SELECT value FROM settings WHERE key = ?1",
        [BACKUP_SETTINGS],
        |r| r.get(0),
    )
    .optional()
}

/// Makes `c`'s backup settings the given stored text (or the defaults for `None`).
pub(super) fn put_raw_settings(c: &Connection, raw: Option<&str>) -> rusqlite::Result<()> {
    match raw {
        Some(value) => c.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![BACKUP_SETTINGS, value],
        ),
        None => c.execute("DELETE FROM settings WHERE key = ?1", [BACKUP_SETTINGS]),
    }
    .map(|_| ())
}

/// The folder that holds the database (absolute, for showing).
pub fn data_dir(db_path: &Path) -> PathBuf {
    let dir = db_path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf())
}

/// Where the automatic backups go: the setting (relative to the data folder when relative),
/// else `backups/` beside the database.
pub fn backup_dir(db_path: &Path, settings: &BackupSettings) -> PathBuf {
    match settings.dir.as_deref() {
        Some(dir) => data_dir(db_path).join(dir),
        None => data_dir(db_path).join("backups"),
    }
}

/// The backups in `dir` (automatic and safety ones), newest first. Files not named like a
/// backup are ignored; a folder that does not exist yet has none.
pub fn list_backups(dir: &Path) -> Result<Vec<BackupFile>> {
    let read_err = |e: std::io::Error| Error::ReadFile {
        path: dir.to_path_buf(),
        reason: e.to_string(),
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(read_err(e)),
    };
    let mut found: Vec<(PrimitiveDateTime, BackupFile)> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(read_err)?;
        let Some((kind, at)) = entry.file_name().to_str().and_then(parse_file_name) else {
            continue;
        };
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        found.push((
            at,
            BackupFile {
                name: entry.file_name().to_string_lossy().into_owned(),
                path: entry.path().display().to_string(),
                kind,
                created_at: local_label(at),
                size_bytes: meta.len(),
            },
        ));
    }
    found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.name.cmp(&a.1.name)));
    Ok(found.into_iter().map(|(_, f)| f).collect())
}

fn overview(db_path: &Path, settings: BackupSettings) -> Result<BackupOverview> {
    let dir = backup_dir(db_path, &settings);
    Ok(BackupOverview {
        backups: list_backups(&dir)?,
        backup_dir: dir.display().to_string(),
        db_path: std::path::absolute(db_path)
            .unwrap_or_else(|_| db_path.to_path_buf())
            .display()
            .to_string(),
        data_dir: data_dir(db_path).display().to_string(),
        settings,
    })
}

/// The backups of a database that cannot be opened (damaged): its backup folder as the file
/// still tells it, read-only and best effort, else the default folder.
pub fn recovery_overview(db_path: &Path) -> Result<BackupOverview> {
    let settings = Connection::open_with_flags(
        db_path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .ok()
    .and_then(|c| read_settings(&c).ok())
    .unwrap_or_default();
    overview(db_path, settings)
}

impl Db {
    pub fn backup_settings(&self) -> Result<BackupSettings> {
        self.read(read_settings)
    }

    pub fn set_backup_settings(&self, settings: &BackupSettings) -> Result<BackupSettings> {
        let settings = settings.normalized()?;
        let text = serde_json::to_string(&settings).expect("settings serialise");
        self.with_tx(|tx| Ok(put_raw_settings(tx, Some(&text))?))?;
        Ok(settings)
    }

    /// The folder the automatic (and safety) backups go to.
    pub fn backup_dir(&self) -> Result<PathBuf> {
        Ok(backup_dir(self.path(), &self.backup_settings()?))
    }

    pub fn backup_overview(&self) -> Result<BackupOverview> {
        overview(self.path(), self.backup_settings()?)
    }

    /// The daily backup: when enabled and the newest automatic backup is 24 hours old (or
    /// there is none), backs up to `piyao-YYYYMMDD-HHMMSS.sqlite3` (named for `now`'s wall
    /// clock), then deletes the oldest automatic backups beyond the number to keep. Other
    /// files in the folder, safety backups included, are never deleted.
    pub fn auto_backup_if_due(&self, now: OffsetDateTime) -> Result<AutoBackupOutcome> {
        let settings = self.backup_settings()?;
        let dir = backup_dir(self.path(), &settings);
        let autos = || -> Result<Vec<(BackupFile, PrimitiveDateTime)>> {
            Ok(list_backups(&dir)?
                .into_iter()
                .filter(|f| f.kind == BackupKind::Auto)
                .filter_map(|f| parse_file_name(&f.name).map(|(_, at)| (f, at)))
                .collect())
        };
        let mut outcome = AutoBackupOutcome {
            enabled: settings.enabled,
            created: None,
            deleted: Vec::new(),
            newest_at: None,
        };
        if settings.enabled {
            let wall = wall_clock(now);
            if is_due(autos()?.iter().map(|(_, at)| *at).max(), wall) {
                let path = free_name(&dir, wall, auto_file_name);
                self.backup_to(&path, &mut |_| {})?;
                outcome.created = list_backups(&dir)?
                    .into_iter()
                    .find(|f| Path::new(&f.path) == path);
            }
            for file in beyond_retention(&autos()?, settings.keep) {
                std::fs::remove_file(&file.path).map_err(|e| Error::WriteFile {
                    path: PathBuf::from(&file.path),
                    reason: e.to_string(),
                })?;
                outcome.deleted.push(file.name);
            }
        }
        outcome.newest_at = autos()?.first().map(|(f, _)| f.created_at.clone());
        Ok(outcome)
    }

    /// [`Db::restore_from`] with the safety backup in the backup folder.
    pub fn restore_backup(&self, backup: &Path, now: OffsetDateTime) -> Result<RestoreOutcome> {
        self.restore_from(backup, &self.backup_dir()?, now)
    }
}
