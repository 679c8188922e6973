//! The desktop shell: window, plugins, managed state and the command table. Every command is a
//! thin adapter over `piyao_core`; see `commands.rs`.

pub mod backup;
pub mod backup_commands;
pub mod case_commands;
pub mod commands;
pub mod guard;
pub mod memory;
pub mod monitor;
pub mod probe_commands;
pub mod push_commands;
pub mod state;
pub mod stats_commands;
pub mod tray;
pub mod window;

use tauri::{Builder, Manager, Runtime};

pub use state::AppState;

/// The one list of commands. From it come the handler the app registers (`handler`) and
/// `COMMANDS`, the names `ui/src/bindings/commands.ts` is generated from (a test fails when that
/// file is stale, when `ui/src/api.ts` calls a name not listed here, or when a listed command is
/// never called). Names read subject first, then what is done: `account_list`, `push_launch`;
/// settings read and written as `*_get` / `*_set`.
macro_rules! command_table {
    ($($module:ident :: $name:ident),* $(,)?) => {
        /// Every command's name, as the UI invokes it.
        pub const COMMANDS: &[&str] = &[$(stringify!($name)),*];

        fn handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($module::$name),*]
        }
    };
}

command_table![
    commands::db_status,
    commands::account_page,
    commands::account_set_tier_matching,
    commands::account_delete_matching,
    commands::account_bulk_cancel,
    commands::account_create,
    commands::account_update,
    commands::account_delete,
    commands::account_source_preview,
    commands::platform_settings_get,
    commands::platform_settings_set,
    commands::platform_bridge_test,
    probe_commands::account_probe,
    probe_commands::account_probe_all,
    probe_commands::account_probe_cancel,
    commands::account_set_tier,
    commands::unit_list,
    commands::territory_list,
    commands::ledger_import_preview,
    commands::ledger_import_apply,
    commands::ledger_export,
    commands::demo_load,
    commands::demo_status,
    commands::demo_leave,
    case_commands::case_create,
    case_commands::case_similar,
    case_commands::case_merge,
    case_commands::case_page,
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
    case_commands::page_text_fetch,
    case_commands::assessment_guidance_get,
    case_commands::level_preview,
    case_commands::level_policy_get,
    case_commands::level_policy_set,
    case_commands::assignment_rules_get,
    case_commands::assignment_rules_set,
    case_commands::territory_places_set,
    case_commands::directory_export,
    case_commands::directory_import,
    push_commands::push_draft,
    push_commands::push_preview,
    push_commands::push_render_notice,
    push_commands::push_launch,
    push_commands::push_board,
    push_commands::push_target_page,
    push_commands::push_list,
    push_commands::push_list_for_case,
    push_commands::push_check_now,
    push_commands::push_confirm,
    push_commands::push_paste_preview,
    push_commands::push_paste_confirm,
    push_commands::push_export_evidence,
    push_commands::push_evidence_text,
    push_commands::push_images_preview,
    push_commands::push_images_confirm,
    push_commands::push_target_images,
    push_commands::evidence_image,
    push_commands::push_remind,
    push_commands::push_stop,
    push_commands::push_deliveries,
    push_commands::push_settings_get,
    push_commands::push_settings_set,
    push_commands::bot_list,
    push_commands::bot_save,
    push_commands::bot_delete,
    push_commands::bot_test,
    backup_commands::backup_overview,
    backup_commands::backup_create,
    backup_commands::backup_verify,
    backup_commands::backup_restore,
    backup_commands::backup_settings_get,
    backup_commands::backup_settings_set,
    backup_commands::backup_open_data_folder,
    stats_commands::stats_dashboard,
    stats_commands::stats_year,
    stats_commands::stats_drill,
    stats_commands::stats_export_report,
    guard::link_open,
];

/// `ui/src/bindings/commands.ts`: the names `ui/src/api.ts` may invoke, as a type.
pub fn commands_typescript() -> String {
    let mut out = String::from(
        "// Generated from the command table in src-tauri/src/lib.rs by `make bindings`; do not edit.\n\n",
    );
    out.push_str("export const COMMANDS = [\n");
    for name in COMMANDS {
        out.push_str(&format!("  \"{name}\",\n"));
    }
    out.push_str("] as const;\n\nexport type Command = (typeof COMMANDS)[number];\n");
    out
}

/// Registers the app's state and commands on a builder. Shared by `run` and the mock-runtime
/// tests, so the tests call exactly the command table the app ships.
pub fn attach<R: Runtime>(builder: Builder<R>, state: AppState) -> Builder<R> {
    builder.manage(state).invoke_handler(handler())
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
            window::choose_rendering(app.handle());
            // Without a tray (a desktop with no status area) closing the window simply quits.
            if let Err(e) = tray::install(app.handle()) {
                eprintln!("无法创建托盘图标：{e}");
            }
            // A fetch settings file that cannot be used stops the checker (every check then
            // says why in the window), never the app.
            match app.state::<AppState>().monitor() {
                Ok(monitor) => monitor::start(app.handle().clone(), monitor),
                Err(e) => eprintln!("{}", e.message),
            }
            backup::start(app.handle().clone());
            // the demo district's pages, served while the demo is loaded
            if let Err(e) = app.state::<AppState>().serve_demo() {
                eprintln!("{}", e.message);
            }
            Ok(())
        })
        .on_window_event(tray::on_window_event);
    attach(builder, AppState::open(&db_path))
        .run(tauri::generate_context!())
        .expect("error while running Piyao Matrix");
}

/// Sends an event to the window under the name the event table gives its payload.
pub fn emit<R: Runtime, E: piyao_core::events::AppEvent>(app: &tauri::AppHandle<R>, payload: E) {
    use tauri::Emitter;
    let _ = app.emit(E::NAME, payload);
}

/// Shows, unminimizes and focuses the main window.
pub fn show_main<R: Runtime>(app: &tauri::AppHandle<R>) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.unminimize();
        let _ = w.show();
        let _ = w.set_focus();
    }
}
