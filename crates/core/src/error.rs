//! The core crate's error type. Every variant has a stable English code (for logs, the UI and
//! scripts) and a Chinese message for the coordinator.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("数据库由更新版本的辟谣矩阵协调台写入（数据结构版本 {found}，本程序最高支持 {supported}）。为保护数据，本程序不会打开它。请升级到最新版本后再打开：{path}")]
    DbTooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    #[error("无法打开数据库 {path}：{source}")]
    DbOpen {
        path: PathBuf,
        source: rusqlite::Error,
    },

    /// The start-up check (`PRAGMA quick_check`) or SQLite itself found the file damaged.
    #[error("数据库文件已损坏，程序没有打开它，也没有修改它：{path}（{detail}）")]
    DbCorrupt { path: PathBuf, detail: String },

    /// A file offered as a backup that cannot be restored: missing, not a database, damaged,
    /// or not a Piyao Matrix database.
    #[error("{path} 不能用于恢复：{reason}")]
    BackupInvalid { path: PathBuf, reason: String },

    #[error("备份文件 {path} 由更新版本的辟谣矩阵协调台写入（数据结构版本 {found}，本程序最高支持 {supported}），不能用它恢复。请升级到最新版本后再恢复。")]
    BackupTooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    #[error("不能把备份写到正在使用的数据库文件上：{0}。请另选一个文件名。")]
    BackupOverLive(PathBuf),

    #[error("数据库升级失败：{0}")]
    Migration(String),

    #[error("数据库操作失败：{0}")]
    Sql(#[from] rusqlite::Error),

    #[error("{0}")]
    Invalid(String),

    #[error("找不到{what}（编号 {id}）")]
    NotFound { what: &'static str, id: i64 },

    #[error("已存在同名账号：{platform}「{name}」")]
    DuplicateAccount { platform: String, name: String },

    #[error("无法读取文件 {path}：{reason}")]
    ReadFile { path: PathBuf, reason: String },

    #[error("无法写入文件 {path}：{reason}")]
    WriteFile { path: PathBuf, reason: String },

    #[error("不支持的文件类型：{0}（请使用 .csv 或 .xlsx）")]
    UnsupportedFile(PathBuf),

    /// An action repeated sooner than its cooldown allows (reminders).
    #[error("{0}")]
    Cooldown(String),

    /// A long action stopped by the user before it committed: nothing was changed.
    #[error("已取消：{0}，没有做任何修改")]
    Cancelled(String),

    #[error("台账中有 {0} 行存在错误，未导入任何数据。请修正后重试，或选择跳过有错误的行。")]
    ImportHasErrors(usize),
}

impl Error {
    /// Stable machine-readable code, never translated.
    pub fn code(&self) -> &'static str {
        match self {
            Error::DbTooNew { .. } => "db_too_new",
            Error::DbOpen { .. } => "db_open",
            Error::DbCorrupt { .. } => "db_corrupt",
            Error::BackupInvalid { .. } => "backup_invalid",
            Error::BackupTooNew { .. } => "backup_too_new",
            Error::BackupOverLive(_) => "backup_over_live",
            Error::Migration(_) => "db_migration",
            Error::Sql(_) => "db",
            Error::Invalid(_) => "invalid",
            Error::NotFound { .. } => "not_found",
            Error::DuplicateAccount { .. } => "duplicate_account",
            Error::ReadFile { .. } => "read_file",
            Error::WriteFile { .. } => "write_file",
            Error::UnsupportedFile(_) => "unsupported_file",
            Error::ImportHasErrors(_) => "import_has_errors",
            Error::Cooldown(_) => "cooldown",
            Error::Cancelled(_) => "cancelled",
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
