//! 测试读取 and 检查全部账号: what the checker reads for accounts right now, kept with each
//! account (可核查). Adapters only: the rules are in `piyao_check::probe` and the store.

use std::sync::atomic::Ordering;

use piyao_core::model::{ProbeProgress, ProbeReport, ProbeSummary};
use piyao_core::ApiError;
use tauri::{AppHandle, Runtime, State};

use crate::commands::{blocking, CmdResult};
use crate::state::AppState;

/// Tests one account and keeps what was found.
#[tauri::command]
pub async fn account_probe(state: State<'_, AppState>, id: i64) -> CmdResult<ProbeReport> {
    let db = state.db()?;
    let fetcher = state.fetcher()?;
    let lookup = db.clone();
    let (settings, target) =
        blocking(move || Ok((lookup.platform_settings()?, lookup.probe_list(Some(&[id]))?)))
            .await?;
    fetcher.apply(&settings);
    let target = target
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::from(piyao_core::Error::NotFound { what: "账号", id }))?;
    let report = piyao_check::probe::probe(&fetcher, &target).await;
    let kept = report.clone();
    blocking(move || {
        db.record_probe(&kept)?;
        piyao_check::office::keep(&fetcher, &db)
    })
    .await?;
    Ok(report)
}

/// Tests every active account, politely (the fetcher's per-host pacing), sending
/// `probe-progress`; `account_probe_cancel` stops it (the accounts tested so far keep their
/// result).
#[tauri::command]
pub async fn account_probe_all<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CmdResult<ProbeSummary> {
    let db = state.db()?;
    let fetcher = state.fetcher()?;
    let cancel = state.probe_cancel.clone();
    cancel.store(false, Ordering::SeqCst);
    let (lookup, prepared) = (db.clone(), fetcher.clone());
    let targets = blocking(move || {
        piyao_check::office::prepare(&prepared, &lookup)?;
        lookup.probe_list(None)
    })
    .await?;
    let total = targets.len() as u32;
    let mut found = ProbeSummary::default();
    let mut done = 0;
    let pace = piyao_core::progress::Pace::default();
    let tell = |done: u32, found: &ProbeSummary| {
        if pace.due(done.into(), total.into(), false) {
            crate::emit(
                &app,
                ProbeProgress {
                    done,
                    total,
                    found: found.clone(),
                },
            );
        }
    };
    tell(done, &found);
    let mut failure = None;
    let finished = piyao_check::probe::probe_all(fetcher.clone(), targets, |report| {
        if let Err(e) = db.record_probe(&report) {
            failure = Some(e);
            return false;
        }
        done += 1;
        found.add(report.readability.checkable);
        tell(done, &found);
        !cancel.load(Ordering::SeqCst)
    })
    .await;
    if let Some(e) = failure {
        return Err(e.into());
    }
    let kept = db.clone();
    blocking(move || piyao_check::office::keep(&fetcher, &kept)).await?;
    found.cancelled = !finished;
    crate::memory::give_back();
    Ok(found)
}

/// Stops 检查全部账号 after the tests running now.
#[tauri::command]
pub fn account_probe_cancel(state: State<'_, AppState>) {
    state.probe_cancel.store(true, Ordering::SeqCst);
}
