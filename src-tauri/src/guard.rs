//! The window shows the app and nothing else: navigation away from the app's own pages is
//! refused, and an http(s) link (the only kind the app opens) goes to the system browser.
//! Fetched pages, ledgers and case fields are untrusted; even if a link slipped into the page,
//! it could not load another site inside the window that can call the app's commands.

use tauri::plugin::TauriPlugin;
use tauri::{Manager, Runtime, State, Url};

use piyao_core::ApiError;

use crate::AppState;

/// The app's own origins: the bundled UI (`tauri://localhost` on Linux and macOS,
/// `http(s)://tauri.localhost` on Windows) and the dev server.
pub fn is_app_url(url: &Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => matches!(
            (url.host_str(), url.port()),
            (Some("tauri.localhost"), _) | (Some("localhost"), Some(5173))
        ),
        "about" => url.as_str() == "about:blank",
        _ => false,
    }
}

/// An outside link the app may hand to the system browser: http or https with a host.
pub fn external_link(text: &str) -> Result<Url, ApiError> {
    let invalid = || ApiError {
        code: "invalid".into(),
        message: format!("只能在浏览器中打开 http:// 或 https:// 网址：{text}"),
    };
    let url = Url::parse(text.trim()).map_err(|_| invalid())?;
    if matches!(url.scheme(), "http" | "https") && url.host_str().is_some() && !is_app_url(&url) {
        Ok(url)
    } else {
        Err(invalid())
    }
}

/// Refuses navigation away from the app; http(s) links open in the system browser.
pub fn plugin<R: Runtime>() -> TauriPlugin<R> {
    tauri::plugin::Builder::new("navigation-guard")
        .on_navigation(|webview, url| {
            if is_app_url(url) {
                return true;
            }
            if let Ok(link) = external_link(url.as_str()) {
                let opener = webview
                    .try_state::<AppState>()
                    .and_then(|s| s.opener.clone());
                let _ = open_in_browser(&link, opener.as_deref());
            }
            false
        })
        .build()
}

/// Hands a link to the browser: the program `$PIYAO_OPENER` names, else the system's.
fn open_in_browser(link: &Url, opener: Option<&str>) -> Result<(), ApiError> {
    tauri_plugin_opener::open_url(link.as_str(), opener).map_err(|e| ApiError {
        code: "open_link".into(),
        message: format!("无法打开浏览器：{e}"),
    })
}

/// Opens an outside page in the browser (http and https only).
#[tauri::command]
pub fn link_open(state: State<'_, AppState>, url: String) -> Result<(), ApiError> {
    open_in_browser(&external_link(&url)?, state.opener.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_app_itself_may_load_in_the_window() {
        for ok in [
            "tauri://localhost/index.html#/cases/1",
            "http://tauri.localhost/",
            "http://localhost:5173/",
        ] {
            assert!(is_app_url(&Url::parse(ok).unwrap()), "{ok}");
        }
        for bad in [
            "https://example.com/",
            "http://localhost:8080/",
            "http://127.0.0.1:5173/",
            "tauri://evil/",
            "javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "file:///etc/passwd",
        ] {
            assert!(!is_app_url(&Url::parse(bad).unwrap()), "{bad}");
        }
    }

    #[test]
    fn only_http_links_go_to_the_browser() {
        assert!(external_link(" https://weibo.com/u/1 ").is_ok());
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "tauri://localhost/",
            "ftp://x/",
            "http://",
            "网页",
            "http://tauri.localhost/x",
        ] {
            assert_eq!(external_link(bad).unwrap_err().code, "invalid", "{bad}");
        }
    }
}
