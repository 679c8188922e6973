//! The tray icon, and closing the window while pushes are monitored: the window hides to the
//! tray and monitoring goes on; the tray's menu (or starting the app again) brings it back,
//! and 退出 quits.

use tauri::menu::{Menu, MenuItem};
use tauri::tray::{MouseButton, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Manager, Runtime, Window, WindowEvent};

use crate::state::AppState;

/// Set once the tray icon exists: only then may closing the window hide it.
static TRAY_READY: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

pub fn install<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let show = MenuItem::with_id(app, "show", "打开辟谣矩阵协调台", true, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", "退出（停止推送监测）", true, None::<&str>)?;
    let menu = Menu::with_items(app, &[&show, &quit])?;
    let mut tray = TrayIconBuilder::with_id("main")
        .tooltip("辟谣矩阵协调台")
        .menu(&menu)
        .show_menu_on_left_click(false)
        .on_menu_event(|app, event| match event.id.as_ref() {
            "show" => crate::show_main(app),
            "quit" => app.exit(0),
            _ => {}
        })
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                ..
            } = event
            {
                crate::show_main(tray.app_handle());
            }
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    TRAY_READY.store(true, std::sync::atomic::Ordering::SeqCst);
    Ok(())
}

/// Active pushes being monitored, if the database is open.
fn active_pushes<R: Runtime>(app: &AppHandle<R>) -> usize {
    app.state::<AppState>()
        .db()
        .ok()
        .and_then(|db| {
            db.push_summaries(true, None, piyao_core::rules::push::now_utc())
                .ok()
        })
        .map(|p| p.len())
        .unwrap_or(0)
}

pub fn on_window_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    if let WindowEvent::CloseRequested { api, .. } = event {
        let app = window.app_handle();
        let active = if TRAY_READY.load(std::sync::atomic::Ordering::SeqCst) {
            active_pushes(app)
        } else {
            0
        };
        if active > 0 {
            api.prevent_close();
            let _ = window.hide();
            if let Some(n) = app.try_state::<tauri_plugin_notification::Notification<R>>() {
                let _ = n
                    .builder()
                    .title("辟谣矩阵协调台仍在后台监测")
                    .body(format!("{active} 个推送正在监测中。点击托盘图标可重新打开窗口；要停止监测，请在托盘菜单中选择“退出”。"))
                    .show();
            }
        }
    }
}
