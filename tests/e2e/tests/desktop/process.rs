//! The app's own process, found among the session's by its binary and the
//! store it was started on (tauri-driver starts it through WebKitWebDriver).

use std::path::Path;

/// The pid of the process running `binary` on the store `db`.
pub fn app_pid(binary: &Path, db: &Path) -> Option<u32> {
    let want_env = format!("CLOUDLENS_DB={}", db.display());
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .find_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let exe = std::fs::read_link(entry.path().join("exe")).ok()?;
            if exe != binary {
                return None;
            }
            let environ = std::fs::read(entry.path().join("environ")).ok()?;
            environ
                .split(|b| *b == 0)
                .any(|var| var == want_env.as_bytes())
                .then_some(pid)
        })
}

/// Whether the process still runs (a zombie has ended).
pub fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|stat| {
            let state = stat.rsplit(')').next().unwrap_or("").trim_start();
            !state.starts_with('Z') && !state.starts_with('X')
        })
        .unwrap_or(false)
}
