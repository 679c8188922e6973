//! Tauri commands for backups: adapters over piyao_core's store. A backup reports its
//! progress as `backup-progress` events. Checking a backup, listing the backups and restoring
//! also work when the database could not be opened because it is damaged: the backup then
//! takes the damaged file's place and the app opens it.

use std::path::PathBuf;
use std::sync::Arc;

use piyao_core::model::{BackupOverview, BackupReport, BackupSettings, RestoreOutcome};
use piyao_core::store::{data_dir, local_now, recovery_overview, restore_in_place, verify_backup};
use piyao_core::{ApiError, Db};
use tauri::{AppHandle, Runtime, State};

use crate::commands::{blocking, on_db, CmdResult};
use crate::state::AppState;

/// The code of the error a damaged database gives at start-up.
const DB_CORRUPT: &str = "db_corrupt";

/// The settings, the folders and the backups; from a damaged database as far as it tells.
#[tauri::command]
pub async fn backup_overview(state: State<'_, AppState>) -> CmdResult<BackupOverview> {
    match state.db() {
        Ok(db) => blocking(move || db.backup_overview()).await,
        Err(_) => {
            let path = state.db_path().to_path_buf();
            blocking(move || recovery_overview(&path)).await
        }
    }
}

#[tauri::command]
pub async fn backup_create<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: PathBuf,
) -> CmdResult<BackupReport> {
    on_db(state, move |db| {
        db.backup_to(&path, &mut |p| {
            crate::emit(&app, p);
        })
    })
    .await
}

#[tauri::command]
pub async fn backup_verify(path: PathBuf) -> CmdResult<BackupReport> {
    blocking(move || verify_backup(&path)).await
}

/// Restores from a backup: into the open database (after a safety backup), or in place of a
/// damaged one, which is then opened (and the push monitor started) as at start-up.
#[tauri::command]
pub async fn backup_restore<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: PathBuf,
) -> CmdResult<RestoreOutcome> {
    match state.db() {
        Ok(_) => on_db(state, move |db| db.restore_backup(&path, local_now())).await,
        Err(e) if e.code == DB_CORRUPT => {
            let db_path = state.db_path().to_path_buf();
            let (outcome, db) = blocking(move || {
                let outcome = restore_in_place(&db_path, &path, local_now())?;
                Ok((outcome, Db::open(&db_path)?))
            })
            .await?;
            state.replace_db(Arc::new(db));
            if let Ok(monitor) = state.monitor() {
                crate::monitor::start(app, monitor);
            }
            Ok(outcome)
        }
        Err(e) => Err(e),
    }
}

#[tauri::command]
pub async fn backup_settings_get(state: State<'_, AppState>) -> CmdResult<BackupSettings> {
    on_db(state, |db| db.backup_settings()).await
}

#[tauri::command]
pub async fn backup_settings_set(
    state: State<'_, AppState>,
    settings: BackupSettings,
) -> CmdResult<BackupSettings> {
    on_db(state, move |db| db.set_backup_settings(&settings)).await
}

/// Opens the folder that holds the database in the system's file manager.
#[tauri::command]
pub async fn backup_open_data_folder(state: State<'_, AppState>) -> CmdResult<()> {
    let dir = data_dir(state.db_path());
    tauri_plugin_opener::open_path(&dir, state.opener.as_deref()).map_err(|e| ApiError {
        code: "open_folder".into(),
        message: format!("无法打开文件夹 {}：{e}", dir.display()),
    })
}
