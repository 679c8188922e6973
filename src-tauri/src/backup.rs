//! The daily automatic backup inside the app: checked at start-up and then every hour, for as
//! long as the app runs (also hidden to the tray). The rule (24 hours since the newest, keep
//! the newest N) is `Db::auto_backup_if_due`; here is only the clock.

use std::time::Duration;

use piyao_core::store::local_now;
use tauri::{AppHandle, Manager, Runtime};

use crate::state::AppState;

/// How often the app asks whether a backup is due.
const CHECK_EVERY: Duration = Duration::from_secs(60 * 60);

/// Starts the schedule. It stops with the app. While the database cannot be opened
/// (damaged), it waits; after a restore it carries on.
pub fn start<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        loop {
            if let Ok(db) = app.state::<AppState>().db() {
                let run = tauri::async_runtime::spawn_blocking(move || {
                    db.auto_backup_if_due(local_now())
                })
                .await;
                match run {
                    Ok(Ok(outcome)) => {
                        if outcome.created.is_some() || !outcome.deleted.is_empty() {
                            crate::emit(&app, outcome);
                        }
                    }
                    Ok(Err(e)) => eprintln!("自动备份失败：{e}（{}）", e.code()),
                    Err(e) => eprintln!("自动备份失败：{e}"),
                }
            }
            tokio::time::sleep(CHECK_EVERY).await;
        }
    });
}
