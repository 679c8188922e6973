//! How the window's web view renders.
//!
//! WebKitGTK composites pages with OpenGL by default. On a machine without a GPU driver
//! (a virtual desktop, Xvfb, many office PCs) that means Mesa's software OpenGL, which keeps
//! its own copies of every layer: measured with `make bench`, the web process of an idle
//! window takes about 230 MB with compositing and about 145 MB without. The app's pages are
//! tables, forms and a few charts, which WebKit paints quickly without compositing, so the
//! window renders without it. `PIYAO_GPU=1` keeps WebKit's default policy (for a machine
//! where GPU compositing is wanted).

use tauri::{Manager, Runtime};

/// Before the toolkit starts: WebKit hands the page's pixels to the window without its DMA-BUF
/// renderer, which sets up GPU buffers for every frame (about 10 MB less in an idle window
/// under Xvfb, `make bench`). Unless `PIYAO_GPU=1`, or the variable is set already.
pub fn before_toolkit() {
    const VAR: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";
    #[cfg(target_os = "linux")]
    if std::env::var_os("PIYAO_GPU").is_none_or(|v| v != "1") && std::env::var_os(VAR).is_none() {
        // still one thread: nothing else reads the environment yet
        std::env::set_var(VAR, "1");
    }
}

/// Turns WebKit's accelerated compositing off in the main window unless `PIYAO_GPU=1`.
pub fn choose_rendering<R: Runtime>(app: &tauri::AppHandle<R>) {
    if std::env::var_os("PIYAO_GPU").is_some_and(|v| v == "1") {
        return;
    }
    let Some(window) = app.get_webview_window("main") else {
        return;
    };
    #[cfg(target_os = "linux")]
    let _ = window.with_webview(|webview| {
        use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
        if let Some(settings) = webview.inner().settings() {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
    });
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}
