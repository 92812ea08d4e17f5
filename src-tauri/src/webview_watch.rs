//! WebKit may end the page's web process and load the page again (a crash, a
//! memory limit, an unresponsive page): the UI then starts over on its
//! opening screen. That must never pass unnoticed, so each such event and
//! every page load after the first goes to stderr. With `console` the
//! page's console goes to stdout too.

#[cfg(target_os = "linux")]
pub fn watch(window: &tauri::WebviewWindow, console: bool) {
    use std::sync::atomic::{AtomicU32, Ordering};
    use webkit2gtk::{LoadEvent, SettingsExt, WebViewExt};

    let _ = window.with_webview(move |webview| {
        let view = webview.inner();
        if console {
            if let Some(settings) = WebViewExt::settings(&view) {
                settings.set_enable_write_console_messages_to_stdout(true);
            }
        }
        view.connect_web_process_terminated(|_, reason| {
            eprintln!("cloudlens: the page's web process ended ({reason:?})");
        });
        let loads = AtomicU32::new(0);
        view.connect_load_changed(move |view, event| {
            if event == LoadEvent::Started && loads.fetch_add(1, Ordering::Relaxed) > 0 {
                eprintln!(
                    "cloudlens: the page is loading again ({})",
                    view.uri().unwrap_or_default()
                );
            }
        });
    });
}

#[cfg(not(target_os = "linux"))]
pub fn watch(_window: &tauri::WebviewWindow, _console: bool) {}
