//! Tauri commands for pushes, the coverage board, reminders and group bots: adapters over
//! piyao_core (store) and piyao_monitor (network work).

use piyao_core::model::{
    Bot, BotDelivery, BotInput, Coverage, EvidenceImage, ImagePick, ImagePreview, ManualConfirm,
    PasteOutcome, PastePick, PastePreview, PasteProgress, PushBoard, PushDraft, PushLaunch,
    PushSettings, PushSummary, RemindOutcome, SweepProgress, TargetFilter, TargetPage,
    TargetPreview, TargetQuery, TargetResult, TierDeadline,
};
use piyao_core::rules::push::now_utc;
use tauri::{AppHandle, Runtime, State};

use crate::commands::{on_db, CmdResult};
use crate::state::AppState;

#[tauri::command]
pub async fn push_draft(state: State<'_, AppState>, case_id: i64) -> CmdResult<PushDraft> {
    on_db(state, move |db| db.push_draft(case_id, now_utc())).await
}

/// One page of the launch preview, with per-tier counts of what the push will target.
#[tauri::command]
pub async fn push_preview(
    state: State<'_, AppState>,
    filter: TargetFilter,
    page: u32,
    page_size: u32,
) -> CmdResult<TargetPreview> {
    on_db(state, move |db| {
        db.preview_targets(&filter, page, page_size)
    })
    .await
}

#[tauri::command]
pub async fn push_render_notice(
    state: State<'_, AppState>,
    case_id: i64,
    deadlines: Vec<TierDeadline>,
    template: String,
) -> CmdResult<String> {
    on_db(state, move |db| {
        db.render_notice(case_id, &deadlines, &template)
    })
    .await
}

/// Launches the push, sends its notice to the chosen bots, and wakes the monitor so the
/// first sweep starts at once.
#[tauri::command]
pub async fn push_launch(state: State<'_, AppState>, launch: PushLaunch) -> CmdResult<PushBoard> {
    let monitor = state.monitor()?;
    let (push, _) = monitor.launch(&launch, &state.actor).await?;
    on_db(state, move |db| db.push_board(push.id, now_utc())).await
}

#[tauri::command]
pub async fn push_board(state: State<'_, AppState>, push_id: i64) -> CmdResult<PushBoard> {
    on_db(state, move |db| db.push_board(push_id, now_utc())).await
}

/// One page of a push's targets as the board's table shows them (filtered and cut in SQL).
#[tauri::command]
pub async fn push_target_page(
    state: State<'_, AppState>,
    push_id: i64,
    query: TargetQuery,
    page: u32,
    page_size: u32,
) -> CmdResult<TargetPage> {
    on_db(state, move |db| {
        db.push_target_page(push_id, &query, page, page_size)
    })
    .await
}

#[tauri::command]
pub async fn push_list(
    state: State<'_, AppState>,
    active_only: bool,
) -> CmdResult<Vec<PushSummary>> {
    on_db(state, move |db| {
        db.push_summaries(active_only, None, now_utc())
    })
    .await
}

#[tauri::command]
pub async fn push_list_for_case(
    state: State<'_, AppState>,
    case_id: i64,
) -> CmdResult<Vec<PushSummary>> {
    on_db(state, move |db| {
        db.push_summaries(false, Some(case_id), now_utc())
    })
    .await
}

/// Sweeps the push now, reporting progress as `sweep-progress` events.
#[tauri::command]
pub async fn push_check_now<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    push_id: i64,
) -> CmdResult<Coverage> {
    let monitor = state.monitor()?;
    let pace = piyao_core::progress::Pace::default();
    let outcome = monitor
        .sweep_push(push_id, &|p: SweepProgress| {
            if pace.due(p.done as u64, p.total as u64, p.finished) {
                crate::emit(&app, p);
            }
        })
        .await?;
    crate::monitor::announce(&app, &outcome);
    Ok(outcome.coverage)
}

#[tauri::command]
pub async fn push_confirm(
    state: State<'_, AppState>,
    confirm: ManualConfirm,
) -> CmdResult<TargetResult> {
    Ok(state.monitor()?.confirm(&confirm, &state.actor).await?)
}

/// 粘贴转载证据: reads every link in `text` against the push's rebuttal and says whose repost
/// each is, sending `paste-progress`; nothing is kept.
#[tauri::command]
pub async fn push_paste_preview<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    push_id: i64,
    text: String,
) -> CmdResult<PastePreview> {
    let monitor = state.monitor()?;
    Ok(monitor
        .preview_paste(push_id, &text, paste_progress(&app, push_id))
        .await?)
}

/// Sends `paste-progress` for push `push_id` as links or screenshots are read (paced).
fn paste_progress<R: Runtime>(app: &AppHandle<R>, push_id: i64) -> impl FnMut(usize, usize) + '_ {
    let pace = piyao_core::progress::Pace::default();
    move |done, total| {
        if !pace.due(done as u64, total as u64, false) {
            return;
        }
        crate::emit(
            app,
            PasteProgress {
                push_id,
                done: done as u32,
                total: total as u32,
            },
        )
    }
}

/// Confirms the picked links of a paste, each verified again as it is kept.
#[tauri::command]
pub async fn push_paste_confirm(
    state: State<'_, AppState>,
    push_id: i64,
    picks: Vec<PastePick>,
) -> CmdResult<PasteOutcome> {
    Ok(state
        .monitor()?
        .confirm_paste(push_id, &picks, &state.actor)
        .await?)
}

/// 从文件读取: the text of a file of reposts (.txt, .csv, .xlsx), for 粘贴转载证据 to show and
/// read.
#[tauri::command]
pub async fn push_evidence_text(path: std::path::PathBuf) -> CmdResult<String> {
    crate::commands::blocking(move || {
        piyao_core::ledger::text_of(&path, piyao_monitor::PASTE_MAX_BYTES as u64)
    })
    .await
}

/// 截图证据: each screenshot (by path) read, recognised and judged against the push's
/// rebuttal, sending `paste-progress`; nothing is kept. A file that cannot be used is
/// 无法读取 with why, beside the others.
#[tauri::command]
pub async fn push_images_preview<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    push_id: i64,
    paths: Vec<std::path::PathBuf>,
) -> CmdResult<ImagePreview> {
    let monitor = state.monitor()?;
    let files = read_images(paths).await?;
    Ok(monitor
        .preview_images(push_id, &files, paste_progress(&app, push_id))
        .await?)
}

/// Confirms the picked screenshots: each judged again, kept in the database and cited by the
/// target's evidence.
#[tauri::command]
pub async fn push_images_confirm(
    state: State<'_, AppState>,
    push_id: i64,
    picks: Vec<ImagePick>,
) -> CmdResult<PasteOutcome> {
    let monitor = state.monitor()?;
    let accounts: Vec<i64> = picks.iter().map(|p| p.account_id).collect();
    let files = read_images(picks.into_iter().map(|p| p.path.into()).collect()).await?;
    let picks: Vec<_> = files.into_iter().zip(accounts).collect();
    Ok(monitor
        .confirm_images(push_id, &picks, &state.actor)
        .await?)
}

async fn read_images(paths: Vec<std::path::PathBuf>) -> CmdResult<Vec<piyao_monitor::ImageFile>> {
    crate::commands::blocking(move || {
        piyao_monitor::check_image_batch(paths.len())?;
        Ok(paths
            .iter()
            .map(|p| piyao_monitor::ImageFile::read(p))
            .collect())
    })
    .await
}

/// The screenshots kept as a target's evidence (without their bytes).
#[tauri::command]
pub async fn push_target_images(
    state: State<'_, AppState>,
    push_id: i64,
    account_id: i64,
) -> CmdResult<Vec<EvidenceImage>> {
    on_db(state, move |db| db.target_images(push_id, account_id)).await
}

/// A kept screenshot's bytes, for its thumbnail (sent as raw bytes, not JSON).
#[tauri::command]
pub async fn evidence_image(
    state: State<'_, AppState>,
    hash: String,
) -> CmdResult<tauri::ipc::Response> {
    let (_, bytes) = on_db(state, move |db| db.image_bytes(&hash)).await?;
    Ok(tauri::ipc::Response::new(bytes))
}

/// Writes the push's evidence package (.zip) to `path`; returns how many targets it lists.
#[tauri::command]
pub async fn push_export_evidence(
    state: State<'_, AppState>,
    push_id: i64,
    path: std::path::PathBuf,
) -> CmdResult<usize> {
    on_db(state, move |db| {
        db.export_evidence(push_id, &path, now_utc())
    })
    .await
}

#[tauri::command]
pub async fn push_remind(
    state: State<'_, AppState>,
    push_id: i64,
    include: Vec<i64>,
) -> CmdResult<RemindOutcome> {
    Ok(state
        .monitor()?
        .remind(push_id, false, &state.actor, &include)
        .await?)
}

#[tauri::command]
pub async fn push_stop(state: State<'_, AppState>, push_id: i64) -> CmdResult<PushBoard> {
    let actor = state.actor.clone();
    on_db(state, move |db| {
        db.stop_push(push_id, &actor, now_utc())?;
        db.push_board(push_id, now_utc())
    })
    .await
}

#[tauri::command]
pub async fn push_deliveries(
    state: State<'_, AppState>,
    push_id: i64,
) -> CmdResult<Vec<BotDelivery>> {
    on_db(state, move |db| db.push_deliveries(push_id)).await
}

#[tauri::command]
pub async fn push_settings_get(state: State<'_, AppState>) -> CmdResult<PushSettings> {
    on_db(state, |db| db.push_settings()).await
}

#[tauri::command]
pub async fn push_settings_set(
    state: State<'_, AppState>,
    settings: PushSettings,
) -> CmdResult<PushSettings> {
    on_db(state, move |db| db.set_push_settings(&settings)).await
}

#[tauri::command]
pub async fn bot_list(state: State<'_, AppState>) -> CmdResult<Vec<Bot>> {
    on_db(state, |db| db.list_bots()).await
}

#[tauri::command]
pub async fn bot_save(
    state: State<'_, AppState>,
    id: Option<i64>,
    input: BotInput,
) -> CmdResult<Bot> {
    on_db(state, move |db| db.save_bot(id, &input)).await
}

#[tauri::command]
pub async fn bot_delete(state: State<'_, AppState>, id: i64) -> CmdResult<()> {
    on_db(state, move |db| db.delete_bot(id)).await
}

#[tauri::command]
pub async fn bot_test(state: State<'_, AppState>, id: i64) -> CmdResult<BotDelivery> {
    Ok(state.monitor()?.test_bot(id).await?)
}
