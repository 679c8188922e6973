//! The push monitor inside the app: the schedule runs on the async runtime for as long as the
//! app runs (also while the window is hidden to the tray); sweep progress, updates and
//! events go to the window as Tauri events, and events also as desktop notifications.

use std::sync::Arc;
use std::time::Duration;

use piyao_core::model::{PushUpdated, SweepProgress};
use piyao_monitor::{Monitor, SweepOutcome};
use tauri::{AppHandle, Manager, Runtime};

/// How often the schedule looks for due pushes (the re-check interval is a push setting).
const TICK: Duration = Duration::from_secs(20);

/// Tells the window (and the desktop) what a sweep found.
pub fn announce<R: Runtime>(app: &AppHandle<R>, outcome: &SweepOutcome) {
    crate::memory::give_back();
    crate::emit(
        app,
        PushUpdated {
            push_id: outcome.push_id,
        },
    );
    for event in &outcome.events {
        crate::emit(app, event.clone());
        // Without the plugin (mock-runtime tests) or a notification service (some desktops,
        // CI) the window's own notice remains.
        if let Some(n) = app.try_state::<tauri_plugin_notification::Notification<R>>() {
            let _ = n.builder().title(&event.title).body(&event.body).show();
        }
    }
}

/// Starts the schedule. It stops with the app.
pub fn start<R: Runtime>(app: AppHandle<R>, monitor: Arc<Monitor>) {
    tauri::async_runtime::spawn(async move {
        let progress_app = app.clone();
        let pace = piyao_core::progress::Pace::default();
        let progress = move |p: SweepProgress| {
            if pace.due(p.done as u64, p.total as u64, p.finished) {
                crate::emit(&progress_app, p);
            }
        };
        let outcome_app = app.clone();
        let on_outcome = move |o: &piyao_core::Result<SweepOutcome>| match o {
            Ok(o) => announce(&outcome_app, o),
            Err(e) => eprintln!("推送监测出错：{e}"),
        };
        monitor
            .run(TICK, &progress, &on_outcome, std::future::pending())
            .await;
    });
}
