//! A real upgrade of the installed app, online and from a file. Version N is
//! the release `.ci/release` built; N+1 is the same code built again with a
//! raised version (`.ci/run` makes it under `release-test/next`, signed with
//! the same key, made for this run by `tauri signer generate`). N's `.deb` is
//! installed with dpkg into a scratch root of its own and its app started
//! from there under Xvfb. Online: a local server on 127.0.0.1 serves N+1's
//! `latest.json` and package; a tampered download is refused, the genuine one
//! installed into that root; the app's restart starts the new binary, which
//! then runs on the same store with the data as it was. From a file: a second
//! root with N and a new store, a tampered package refused, the genuine one
//! installed, the same restart and checks.

mod harness;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use harness::{dpkg_in, release_dir, scratch_dpkg_root, App};

type Files = Arc<Mutex<HashMap<String, Vec<u8>>>>;

const LONG: Duration = Duration::from_secs(120);

/// A tiny HTTP/1.1 file server on 127.0.0.1 (GET only).
fn serve(files: Files) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let files = Arc::clone(&files);
            std::thread::spawn(move || {
                let mut reader = BufReader::new(&stream);
                let mut request = String::new();
                if reader.read_line(&mut request).is_err() {
                    return;
                }
                let mut line = String::new();
                while reader.read_line(&mut line).map(|n| n > 2).unwrap_or(false) {
                    line.clear();
                }
                let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
                let body = files.lock().unwrap().get(&path).cloned();
                let mut out = &stream;
                let _ = match body {
                    Some(b) => out
                        .write_all(
                            format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", b.len())
                                .as_bytes(),
                        )
                        .and_then(|_| out.write_all(&b)),
                    None => out.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
                };
            });
        }
    });
    port
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().expect("run");
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The one `.deb` in `dir`.
fn deb_in(dir: &Path) -> PathBuf {
    let debs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e} (.ci/run builds the releases)", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "deb"))
        .collect();
    assert_eq!(debs.len(), 1, "{debs:?}");
    debs.into_iter().next().expect("a .deb")
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// A scratch root with `deb` installed by dpkg, and the app it installed.
fn installed(deb: &Path) -> (tempfile::TempDir, PathBuf) {
    let root = scratch_dpkg_root();
    run(dpkg_in(root.path()).arg("-i").arg(deb));
    let app = root.path().join("usr/bin/cloudlens-app");
    (root, app)
}

fn installed_version(root: &Path) -> String {
    let status = std::fs::read_to_string(root.join("var/lib/dpkg/status")).expect("status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("Version: "))
        .unwrap_or_default()
        .to_string()
}

/// What `cloudlens --version` of the CLI installed under `root` prints.
fn cli_version(root: &Path) -> String {
    run(Command::new(root.join("usr/bin/cloudlens")).arg("--version"))
        .trim()
        .to_string()
}

/// The processes running `binary`, with whether that file was replaced (or
/// removed) since they started it.
fn running(binary: &Path) -> Vec<(u32, bool)> {
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let wanted = binary.display().to_string();
    procs
        .flatten()
        .filter_map(|e| {
            let pid: u32 = e.file_name().to_str()?.parse().ok()?;
            let exe = std::fs::read_link(e.path().join("exe")).ok()?;
            let exe = exe.display().to_string();
            if exe == wanted {
                Some((pid, false))
            } else if exe == format!("{wanted} (deleted)") {
                Some((pid, true))
            } else {
                None
            }
        })
        .collect()
}

fn wait_for_process(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + LONG;
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Asks the app to restart (`restart` starts it), then checks that the old
/// process ended and a new one runs the binary now installed at the same
/// path; that process, not driven by WebDriver, is then stopped so the test
/// can start the new version under WebDriver on the same store.
fn restarts_into_the_new_binary(binary: &Path, restart: impl FnOnce()) {
    let before = running(binary);
    assert_eq!(before.len(), 1, "one app running: {before:?}");
    let (old, replaced) = before[0];
    assert!(replaced, "the upgrade replaced {}", binary.display());
    restart();
    let mut new = None;
    wait_for_process("the app restarts as a new process", || {
        let now = running(binary);
        new = now.iter().find(|(pid, _)| *pid != old).copied();
        new.is_some() && !now.iter().any(|(pid, _)| *pid == old)
    });
    let (pid, replaced) = new.expect("the restarted app");
    assert!(!replaced, "the restarted app runs the installed file");
    std::thread::sleep(Duration::from_secs(3));
    assert!(
        running(binary).iter().any(|(p, _)| *p == pid),
        "the restarted app stays up"
    );
    run(Command::new("kill").arg(pid.to_string()));
    wait_for_process("the restarted app stops", || {
        !running(binary).iter().any(|(p, _)| *p == pid)
    });
}

/// Checks the endpoint and waits for the answer (an offer shown before
/// stays on screen while the check runs).
async fn check_now(app: &App) {
    app.click("[data-testid=update-check-now]").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.wait_until("the check is answered", LONG, || async {
        app.wait_for("[data-testid=update-check-now]", LONG)
            .await
            .is_enabled()
            .await
            .unwrap_or(false)
    })
    .await;
}

async fn open_settings(app: &App) -> String {
    app.wait_for("[data-testid=overview]", LONG).await;
    app.click("[data-testid=nav-settings]").await;
    app.wait_for("[data-testid=update-version]", LONG)
        .await
        .text()
        .await
        .unwrap_or_default()
}

/// Calls one of the app's commands, as its UI does, and returns the answer
/// or the `{code, message}` error. "Update from file…" asks for the files
/// with the desktop's file chooser, which WebDriver cannot drive; this calls
/// the command behind it with the chosen paths.
async fn invoke(
    app: &App,
    command: &str,
    args: serde_json::Value,
) -> Result<serde_json::Value, serde_json::Value> {
    let answer = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1])
               .then((ok) => done({ ok }), (err) => done({ err }));",
            vec![command.into(), args],
        )
        .await
        .unwrap_or_else(|e| panic!("{command}: {e}"));
    match answer.get("err") {
        Some(err) => Err(err.clone()),
        None => Ok(answer["ok"].clone()),
    }
}

/// The same store as before the upgrade: the same totals, and every
/// integrity check passes.
fn data_intact(app: &App, before: &serde_json::Value) {
    assert_eq!(&app.cli_summary(), before, "the store after the upgrade");
    let check = app.cli_json(&["check", "--json"]);
    assert_eq!(check["ok"], true, "{check}");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the releases from .ci/run, tauri-driver, Xvfb and a keyring (run by .ci/run)"]
async fn the_installed_app_upgrades_online_and_from_a_file_on_the_same_store() {
    let work = tempfile::tempdir().expect("tempdir");
    let deb = deb_in(&release_dir());
    let next_dir = release_dir().join("next");
    let next = deb_in(&next_dir);
    let next_sig = with_suffix(&next, ".sig");
    let current = run(Command::new("dpkg-deb").arg("-f").arg(&deb).arg("Version"));
    let current = current.trim().to_string();
    let mut manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(next_dir.join("latest.json")).expect("latest.json"),
    )
    .expect("manifest");
    let version = manifest["version"].as_str().expect("version").to_string();
    assert_ne!(version, current, "N+1 is built with a raised version");

    // N+1's manifest as released, its packages served from here.
    let files: Files = Arc::default();
    let base = format!("http://127.0.0.1:{}", serve(Arc::clone(&files)));
    let name = next
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    for (_, entry) in manifest["platforms"].as_object_mut().expect("platforms") {
        let file = entry["url"]
            .as_str()
            .expect("url")
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_string();
        entry["url"] = format!("{base}/{file}").into();
    }
    let bytes = std::fs::read(&next).expect("package");
    let mut tampered = bytes.clone();
    let last = tampered.len() - 1;
    tampered[last] ^= 0xff;
    let serve_package = |b: &[u8]| files.lock().unwrap().insert(format!("/{name}"), b.to_vec());
    files
        .lock()
        .unwrap()
        .insert("/latest.json".into(), manifest.to_string().into_bytes());

    // Online.
    let (root, binary) = installed(&deb);
    let root_env = root.path().display().to_string();
    let app = App::launch_binary(&binary, 2_000, &[("CLOUDLENS_INSTALL_ROOT", &root_env)]).await;
    let shown = open_settings(&app).await;
    assert!(shown.contains(&current), "{shown}");
    let before = app.cli_summary();
    app.wait_for("[data-testid=update-endpoint]", LONG)
        .await
        .send_keys(&format!("{base}/latest.json"))
        .await
        .expect("type");
    app.click("[data-testid=update-ask-yes]").await;
    app.wait_until("online checks are on", LONG, || async {
        app.all("[data-testid=update-ask]").await.is_empty()
    })
    .await;

    // The same signature over changed bytes: the plugin refuses the download.
    serve_package(&tampered);
    check_now(&app).await;
    let offer = app.wait_for("[data-testid=update-offer]", LONG).await;
    let text = offer.text().await.unwrap_or_default();
    assert!(text.contains(&version) && text.contains(&current), "{text}");
    app.click("[data-testid=update-install]").await;
    let error = app.wait_for("[data-testid=update-error]", LONG).await;
    let text = error.text().await.unwrap_or_default();
    assert!(
        text.contains("The update was refused. The download from "),
        "{text}"
    );
    app.screenshot("settings-update-refused.png").await;
    assert_eq!(installed_version(root.path()), current);
    assert_eq!(cli_version(root.path()), format!("cloudlens {current}"));

    serve_package(&bytes);
    check_now(&app).await;
    app.wait_for("[data-testid=update-offer]", LONG).await;
    app.screenshot("settings-update-offer.png").await;
    app.click("[data-testid=update-install]").await;
    app.wait_for("[data-testid=update-installed]", LONG).await;
    app.screenshot("settings-update-installed.png").await;
    assert_eq!(installed_version(root.path()), version);
    // The CLI the package put on the PATH is N+1's too, and says so.
    assert_eq!(cli_version(root.path()), format!("cloudlens {version}"));
    let restart = app.wait_for("[data-testid=update-restart]", LONG).await;
    restarts_into_the_new_binary(&binary, || {
        // The click's answer never comes: the app ends as it restarts.
        tokio::task::block_in_place(|| {
            tokio::runtime::Handle::current().block_on(async {
                let _ = tokio::time::timeout(Duration::from_secs(5), restart.click()).await;
            })
        })
    });
    let app = app
        .relaunch(&binary, &[("CLOUDLENS_INSTALL_ROOT", &root_env)])
        .await;
    let shown = open_settings(&app).await;
    assert!(shown.contains(&version), "N+1 runs: {shown}");
    app.screenshot("settings-update-restarted.png").await;
    data_intact(&app, &before);

    // From a file: a second install of N with a store of its own (the
    // first one now holds N+1's data, which N need not open).
    app.close().await;
    let (root_b, binary_b) = installed(&deb);
    let root_b_env = root_b.path().display().to_string();
    let app =
        App::launch_binary(&binary_b, 2_000, &[("CLOUDLENS_INSTALL_ROOT", &root_b_env)]).await;
    let shown = open_settings(&app).await;
    assert!(shown.contains(&current), "{shown}");
    let before = app.cli_summary();
    let bad = work.path().join(&name);
    std::fs::write(&bad, &tampered).expect("tampered copy");
    let args = |pkg: &Path| {
        serde_json::json!({
            "packagePath": pkg.display().to_string(),
            "signaturePath": next_sig.display().to_string(),
        })
    };
    let refused = invoke(&app, "update_from_file", args(&bad))
        .await
        .expect_err("a tampered file is refused");
    assert_eq!(refused["code"], "update_refused", "{refused}");
    let message = refused["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("does not match its signature"),
        "{message}"
    );
    assert_eq!(installed_version(root_b.path()), current);
    let done = invoke(&app, "update_from_file", args(&next))
        .await
        .unwrap_or_else(|e| panic!("the genuine file installs: {e}"));
    assert_eq!(done["version"], version.as_str(), "{done}");
    assert_eq!(installed_version(root_b.path()), version);
    restarts_into_the_new_binary(&binary_b, || {
        tokio::task::block_in_place(|| {
            tokio::runtime::Handle::current().block_on(async {
                let _ = tokio::time::timeout(
                    Duration::from_secs(5),
                    app.client.execute(
                        "window.__TAURI_INTERNALS__.invoke('restart_app'); return null;",
                        vec![],
                    ),
                )
                .await;
            })
        })
    });
    let app = app
        .relaunch(&binary_b, &[("CLOUDLENS_INSTALL_ROOT", &root_b_env)])
        .await;
    let shown = open_settings(&app).await;
    assert!(shown.contains(&version), "N+1 runs: {shown}");
    data_intact(&app, &before);
    app.close().await;
}
