//! Tauri commands: one-line adapters from IPC to the core crate. No rules live here.
//! Each runs on a blocking thread so a long import never freezes the window.

use std::path::PathBuf;
use std::sync::atomic::Ordering;

use piyao_core::ledger::{ImportPreview, ImportSummary};
use piyao_core::model::{
    Account, AccountFilter, AccountInput, AccountPage, BulkProgress, Platform, Territory, Tier,
    Unit,
};
use piyao_core::rules::sources::{PlatformSettings, SourcePreview};
use piyao_core::{ApiError, Db, DbStatus};
use tauri::{AppHandle, Runtime, State};

use crate::state::AppState;

pub(crate) type CmdResult<T> = Result<T, ApiError>;

pub(crate) async fn on_db<T, F>(state: State<'_, AppState>, f: F) -> CmdResult<T>
where
    T: Send + 'static,
    F: FnOnce(&Db) -> piyao_core::Result<T> + Send + 'static,
{
    let db = state.db()?;
    blocking(move || f(&db)).await
}

/// Runs `f` on the blocking thread pool (work that needs no open database: checking a
/// backup file, restoring in place of a damaged database).
pub(crate) async fn blocking<T, F>(f: F) -> CmdResult<T>
where
    T: Send + 'static,
    F: FnOnce() -> piyao_core::Result<T> + Send + 'static,
{
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| ApiError {
            code: "internal".into(),
            message: format!("内部错误：{e}"),
        })?
        .map_err(ApiError::from)
}

#[tauri::command]
pub async fn db_status(state: State<'_, AppState>) -> CmdResult<DbStatus> {
    on_db(state, |db| db.status()).await
}

/// One page of the ledger (filtered, counted and cut in SQL).
#[tauri::command]
pub async fn account_page(
    state: State<'_, AppState>,
    filter: AccountFilter,
    page: u32,
    page_size: u32,
) -> CmdResult<AccountPage> {
    on_db(state, move |db| db.account_page(&filter, page, page_size)).await
}

/// Moves every account the filter matches to `tier` (one transaction); how many. Progress
/// goes to the window as `bulk-progress`; `account_bulk_cancel` stops it before it commits.
#[tauri::command]
pub async fn account_set_tier_matching<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    filter: AccountFilter,
    tier: Tier,
) -> CmdResult<usize> {
    let go_on = bulk_progress(&app, &state);
    on_db(state, move |db| db.set_tier_matching(&filter, tier, go_on)).await
}

/// Deletes every account the filter matches (one transaction); how many. Progress and
/// cancelling as for `account_set_tier_matching`.
#[tauri::command]
pub async fn account_delete_matching<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    filter: AccountFilter,
) -> CmdResult<usize> {
    let go_on = bulk_progress(&app, &state);
    on_db(state, move |db| db.delete_matching(&filter, go_on)).await
}

/// Stops the bulk change that is running; it rolls back.
#[tauri::command]
pub fn account_bulk_cancel(state: State<'_, AppState>) {
    state.bulk_cancel.store(true, Ordering::SeqCst);
}

/// A bulk change's progress callback: tells the window, and goes on until cancelled.
fn bulk_progress<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
) -> impl FnMut(BulkProgress) -> bool + Send + 'static {
    let cancel = state.bulk_cancel.clone();
    cancel.store(false, Ordering::SeqCst);
    let app = app.clone();
    move |p| {
        crate::emit(&app, p);
        !cancel.load(Ordering::SeqCst)
    }
}

#[tauri::command]
pub async fn account_create(state: State<'_, AppState>, input: AccountInput) -> CmdResult<Account> {
    on_db(state, move |db| db.create_account(input)).await
}

#[tauri::command]
pub async fn account_update(
    state: State<'_, AppState>,
    id: i64,
    input: AccountInput,
) -> CmdResult<Account> {
    on_db(state, move |db| db.update_account(id, input)).await
}

/// What an address typed for an account resolves to, and how it would be read now.
#[tauri::command]
pub async fn account_source_preview(
    state: State<'_, AppState>,
    platform: Platform,
    watch_url: Option<String>,
) -> CmdResult<SourcePreview> {
    on_db(state, move |db| {
        db.source_preview(platform, watch_url.as_deref())
    })
    .await
}

#[tauri::command]
pub async fn platform_settings_get(state: State<'_, AppState>) -> CmdResult<PlatformSettings> {
    on_db(state, |db| db.platform_settings()).await
}

#[tauri::command]
pub async fn platform_settings_set(
    state: State<'_, AppState>,
    settings: PlatformSettings,
) -> CmdResult<PlatformSettings> {
    on_db(state, move |db| db.set_platform_settings(settings)).await
}

/// 测试连接 of a bridge address typed in the platform settings: what answered, or why not.
#[tauri::command]
pub async fn platform_bridge_test(state: State<'_, AppState>, url: String) -> CmdResult<String> {
    let fetcher = state.fetcher()?;
    piyao_check::bridge::test_bridge(&fetcher, &url)
        .await
        .map_err(|message| ApiError {
            code: "bridge".into(),
            message,
        })
}

#[tauri::command]
pub async fn account_delete(state: State<'_, AppState>, ids: Vec<i64>) -> CmdResult<usize> {
    on_db(state, move |db| db.delete_accounts(&ids)).await
}

#[tauri::command]
pub async fn account_set_tier(
    state: State<'_, AppState>,
    ids: Vec<i64>,
    tier: Tier,
) -> CmdResult<usize> {
    on_db(state, move |db| db.set_tier(&ids, tier)).await
}

#[tauri::command]
pub async fn unit_list(state: State<'_, AppState>) -> CmdResult<Vec<Unit>> {
    on_db(state, |db| db.list_units()).await
}

#[tauri::command]
pub async fn territory_list(state: State<'_, AppState>) -> CmdResult<Vec<Territory>> {
    on_db(state, |db| db.list_territories()).await
}

#[tauri::command]
pub async fn ledger_import_preview(
    state: State<'_, AppState>,
    path: PathBuf,
) -> CmdResult<ImportPreview> {
    on_db(state, move |db| db.preview_ledger_import(&path)).await
}

#[tauri::command]
pub async fn ledger_import_apply(
    state: State<'_, AppState>,
    path: PathBuf,
    skip_invalid: bool,
) -> CmdResult<ImportSummary> {
    on_db(state, move |db| db.import_ledger(&path, skip_invalid)).await
}

/// Writes every account the filter matches (not only the page shown) to `path`; how many.
#[tauri::command]
pub async fn ledger_export(
    state: State<'_, AppState>,
    path: PathBuf,
    filter: AccountFilter,
) -> CmdResult<usize> {
    on_db(state, move |db| db.export_ledger(&path, &filter)).await
}

#[tauri::command]
pub async fn demo_load(state: State<'_, AppState>) -> CmdResult<ImportSummary> {
    let summary = on_db(state.clone(), |db| db.load_demo()).await?;
    state.serve_demo()?;
    Ok(summary)
}

/// Whether the demo is loaded, and what its work groups received.
#[tauri::command]
pub async fn demo_status(state: State<'_, AppState>) -> CmdResult<piyao_core::demo::DemoStatus> {
    state.demo_status()
}

/// 退出演示: the demo internet stops and the database is emptied; the database's status after.
#[tauri::command]
pub async fn demo_leave(state: State<'_, AppState>) -> CmdResult<DbStatus> {
    let state = state.inner();
    tauri::async_runtime::spawn_blocking({
        let db = state.db()?;
        move || db.leave_demo()
    })
    .await
    .map_err(|e| ApiError {
        code: "internal".into(),
        message: format!("内部错误：{e}"),
    })??;
    state.leave_demo_net();
    Ok(state.db()?.status()?)
}
