//! Tauri commands for the dashboard, statistics and the period report: adapters over piyao_core.

use std::path::PathBuf;

use piyao_core::model::{Dashboard, Drill, DrillResult, Period, Statistics};
use piyao_core::rules::push::now_utc;
use tauri::State;

use crate::commands::{on_db, CmdResult};
use crate::state::AppState;

#[tauri::command]
pub async fn stats_dashboard(state: State<'_, AppState>) -> CmdResult<Dashboard> {
    on_db(state, |db| db.dashboard(now_utc())).await
}

#[tauri::command]
pub async fn stats_year(state: State<'_, AppState>, period: Period) -> CmdResult<Statistics> {
    on_db(state, move |db| db.statistics(&period, now_utc())).await
}

/// One page of the rows behind a figure.
#[tauri::command]
pub async fn stats_drill(
    state: State<'_, AppState>,
    period: Period,
    drill: Drill,
    page: u32,
    page_size: u32,
) -> CmdResult<DrillResult> {
    on_db(state, move |db| {
        db.stats_drill(&period, &drill, (page, page_size), now_utc())
    })
    .await
}

/// Writes the period report; .xlsx or .csv by the path's extension. Returns the rows written.
#[tauri::command]
pub async fn stats_export_report(
    state: State<'_, AppState>,
    period: Period,
    path: PathBuf,
) -> CmdResult<usize> {
    on_db(state, move |db| db.export_report(&period, &path, now_utc())).await
}
