// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    piyao_app::memory::limit_arenas();
    piyao_app::window::before_toolkit();
    piyao_app::run();
}
