//! Backups of the database: the automatic-backup settings, what a backup contains, the
//! backup folder's files and what a restore did.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
pub use crate::rules::backup::BackupKind;
use crate::rules::backup::{DEFAULT_KEEP, MAX_KEEP};

/// The daily automatic backup. Kept in the `settings` table under `backup`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupSettings {
    pub enabled: bool,
    /// The backup folder; `None`: `backups/` next to the database.
    pub dir: Option<String>,
    /// How many automatic backups to keep (the oldest beyond are deleted).
    pub keep: u32,
}

impl Default for BackupSettings {
    fn default() -> Self {
        BackupSettings {
            enabled: true,
            dir: None,
            keep: DEFAULT_KEEP,
        }
    }
}

impl BackupSettings {
    /// Trims the folder (blank = the default) and checks `keep`.
    pub fn normalized(&self) -> Result<BackupSettings> {
        if !(1..=MAX_KEEP).contains(&self.keep) {
            return Err(Error::Invalid(format!("保留份数应在 1 到 {MAX_KEEP} 之间")));
        }
        Ok(BackupSettings {
            enabled: self.enabled,
            dir: self
                .dir
                .as_deref()
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(str::to_string),
            keep: self.keep,
        })
    }
}

/// Progress of a backup, in database pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupProgress {
    pub done: u64,
    pub total: u64,
}

/// What a backup file holds, after checking it: shown before a restore so that the user
/// confirms knowingly, and after a backup as its receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupReport {
    pub path: String,
    pub size_bytes: u64,
    /// `PRAGMA user_version` of the file.
    pub schema_version: i64,
    /// Older than this program: restoring upgrades it.
    pub needs_upgrade: bool,
    pub accounts: i64,
    pub cases: i64,
    pub pushes: i64,
    /// When the newest case was registered (local time), if any.
    pub newest_case_at: Option<String>,
}

/// One file of the backup folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupFile {
    pub name: String,
    pub path: String,
    pub kind: BackupKind,
    /// When it was made (local time, from its name): `2025-03-01 08:30:00`.
    pub created_at: String,
    pub size_bytes: u64,
}

/// The backup page's (and the damaged-database page's) view: the settings, where the
/// backups and the data are, and the backups there, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupOverview {
    pub settings: BackupSettings,
    /// The folder the automatic backups go to (the setting, or the default).
    pub backup_dir: String,
    pub db_path: String,
    /// The folder that holds the database.
    pub data_dir: String,
    pub backups: Vec<BackupFile>,
}

/// What one run of the daily backup did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AutoBackupOutcome {
    pub enabled: bool,
    /// The backup made now; `None` when disabled or not due.
    pub created: Option<BackupFile>,
    /// Automatic backups deleted beyond the number to keep.
    pub deleted: Vec<String>,
    /// The newest automatic backup after the run (local time).
    pub newest_at: Option<String>,
}

/// What a restore did, so that it can be undone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RestoreOutcome {
    /// The backup that is now the database.
    pub restored: BackupReport,
    /// The copy of the database as it was just before (restore it to undo).
    pub safety_backup: Option<String>,
    /// Where the damaged database was moved, when restoring replaced a damaged file.
    pub damaged_file: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_trimmed_and_keep_is_bounded() {
        let s = BackupSettings {
            enabled: false,
            dir: Some("  /srv/备份  ".into()),
            keep: 7,
        };
        assert_eq!(s.normalized().unwrap().dir.as_deref(), Some("/srv/备份"));
        let blank = BackupSettings {
            dir: Some("   ".into()),
            ..BackupSettings::default()
        };
        assert_eq!(blank.normalized().unwrap().dir, None);
        for keep in [0, MAX_KEEP + 1] {
            let bad = BackupSettings {
                keep,
                ..BackupSettings::default()
            };
            assert_eq!(bad.normalized().unwrap_err().code(), "invalid");
        }
        assert_eq!(
            BackupSettings::default(),
            BackupSettings {
                enabled: true,
                dir: None,
                keep: 14
            }
        );
    }
}
