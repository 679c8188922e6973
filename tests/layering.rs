//! The architecture's one rule that a compiler will not check: nothing under crates/ depends
//! on Tauri, so the logic runs (and is tested) without a desktop around it.

use std::process::Command;

#[test]
fn framework_free_crates_do_not_depend_on_tauri() {
    for krate in [
        "piyao-core",
        "piyao-check",
        "piyao-notify",
        "piyao-monitor",
        "piyao-cli",
    ] {
        let out = Command::new(env!("CARGO"))
            .args([
                "tree",
                "--offline",
                "-p",
                krate,
                "-e",
                "normal,build",
                "--prefix",
                "none",
                "--format",
                "{p}",
            ])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("run cargo tree");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let tree = String::from_utf8_lossy(&out.stdout);
        assert!(
            tree.contains("rusqlite"),
            "cargo tree printed the dependencies of {krate}"
        );
        let tauri: Vec<&str> = tree
            .lines()
            .filter(|l| l.starts_with("tauri") || l.starts_with("wry"))
            .collect();
        assert!(tauri.is_empty(), "{krate} depends on {tauri:?}");
    }
}
