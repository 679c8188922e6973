//! The desktop shell: window, plugins, managed state and the command table. Every command is a
//! thin adapter over `piyao_core`; see `commands.rs`.

pub mod backup;
pub mod backup_commands;
pub mod case_commands;
pub mod commands;
pub mod guard;
pub mod monitor;
pub mod push_commands;
pub mod state;
pub mod stats_commands;
pub mod tray;

use tauri::{Builder, Manager, Runtime};

pub use state::AppState;

/// Registers the app's state and commands on a builder. Shared by `run` and the mock-runtime
/// tests, so the tests call exactly the command table the app ships.
pub fn attach<R: Runtime>(builder: Builder<R>, state: AppState) -> Builder<R> {
    builder
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::db_status,
            commands::list_accounts,
            commands::create_account,
            commands::update_account,
            commands::delete_accounts,
            commands::set_tier,
            commands::list_units,
            commands::list_territories,
            commands::preview_import,
            commands::apply_import,
            commands::export_ledger,
            commands::load_demo,
            case_commands::case_create,
            case_commands::case_similar,
            case_commands::case_merge,
            case_commands::case_list,
            case_commands::case_get,
            case_commands::case_assess,
            case_commands::case_assignment,
            case_commands::case_assign,
            case_commands::case_transition,
            case_commands::case_record_rebuttal,
            case_commands::case_feedback,
            case_commands::case_archive,
            case_commands::case_export,
            case_commands::case_reporter_contact,
            case_commands::fetch_page_text,
            case_commands::assessment_guidance,
            case_commands::level_policy,
            case_commands::set_level_policy,
            case_commands::assignment_rules,
            case_commands::set_assignment_rules,
            case_commands::territory_places,
            case_commands::set_territories,
            case_commands::export_directory,
            case_commands::import_directory,
            push_commands::push_draft,
            push_commands::push_preview,
            push_commands::push_render_notice,
            push_commands::push_launch,
            push_commands::push_board,
            push_commands::push_list,
            push_commands::case_pushes,
            push_commands::push_check_now,
            push_commands::push_confirm,
            push_commands::push_remind,
            push_commands::push_stop,
            push_commands::push_deliveries,
            push_commands::push_settings,
            push_commands::set_push_settings,
            push_commands::bot_list,
            push_commands::bot_save,
            push_commands::bot_delete,
            push_commands::bot_test,
            backup_commands::backup_overview,
            backup_commands::backup_create,
            backup_commands::backup_verify,
            backup_commands::backup_restore,
            backup_commands::backup_settings,
            backup_commands::set_backup_settings,
            backup_commands::open_data_folder,
            stats_commands::dashboard,
            stats_commands::statistics,
            stats_commands::stats_drill,
            stats_commands::export_report,
        ])
}

pub fn run() {
    let db_path = state::db_path_from_args(std::env::args());
    let builder = Builder::default()
        // A second start brings the running window to the front instead of opening the
        // database twice (also the way back when the window is hidden to the tray).
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            show_main(app)
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(guard::plugin())
        .setup(|app| {
            // Without a tray (a desktop with no status area) closing the window simply quits.
            if let Err(e) = tray::install(app.handle()) {
                eprintln!("无法创建托盘图标：{e}");
            }
            if let Ok(monitor) = app.state::<AppState>().monitor() {
                monitor::start(app.handle().clone(), monitor);
            }
            backup::start(app.handle().clone());
            Ok(())
        })
        .on_window_event(tray::on_window_event);
    attach(builder, AppState::open(&db_path))
        .run(tauri::generate_context!())
        .expect("error while running Piyao Matrix");
}

/// Shows, unminimizes and focuses the main window.
pub fn show_main<R: Runtime>(app: &tauri::AppHandle<R>) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.unminimize();
        let _ = w.show();
        let _ = w.set_focus();
    }
}
