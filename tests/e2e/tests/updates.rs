//! Online updates in the packaged app: the release's `.deb` unpacked and its
//! app started under Xvfb; a local server on 127.0.0.1 serves `latest.json`
//! and a newer package (the release repacked as 0.1.1) signed with the key
//! the release was built with (made for this run by `.ci/run` with `tauri
//! signer generate`). The user allows online checks, checks, installs: the
//! package lands in a scratch dpkg root. Then the server's package is
//! tampered with and the download is refused.

mod harness;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use harness::{release_dir, scratch_dpkg_root, App};

type Files = Arc<Mutex<HashMap<String, Vec<u8>>>>;

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

fn release_deb() -> PathBuf {
    std::fs::read_dir(release_dir())
        .expect("the release (.ci/release, run by .ci/run)")
        .map(|e| e.expect("entry").path())
        .find(|p| p.extension().is_some_and(|e| e == "deb"))
        .expect("a .deb in the release")
}

/// The release's package with its version raised to `version`.
fn repacked(deb: &Path, version: &str, dir: &Path) -> PathBuf {
    let tree = dir.join("tree");
    run(Command::new("dpkg-deb").arg("-R").arg(deb).arg(&tree));
    let control = tree.join("DEBIAN/control");
    let text = std::fs::read_to_string(&control).expect("control");
    let text: String = text
        .lines()
        .map(|l| {
            if l.starts_with("Version:") {
                format!("Version: {version}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    std::fs::write(&control, text).expect("control");
    let out = dir.join(format!("cloud-lens_{version}_amd64.deb"));
    run(Command::new("dpkg-deb")
        .args(["--root-owner-group", "-Zgzip", "-z1", "-b"])
        .arg(&tree)
        .arg(&out));
    out
}

fn sign(file: &Path) -> String {
    let keys = release_dir().join("test-keys");
    run(
        Command::new(harness::workspace_root().join("ui/node_modules/.bin/tauri"))
            .args(["signer", "sign", "-f"])
            .arg(keys.join("update.key"))
            .args(["-p", "ci-only"])
            .arg(file),
    );
    let mut sig = file.as_os_str().to_owned();
    sig.push(".sig");
    std::fs::read_to_string(PathBuf::from(sig)).expect("signature")
}

async fn click(app: &App, css: &str) {
    app.wait_for(css, Duration::from_secs(60))
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the release from .ci/release, tauri-driver, Xvfb and a keyring (run by .ci/run)"]
async fn the_packaged_app_updates_online_and_refuses_a_tampered_package() {
    let work = tempfile::tempdir().expect("tempdir");
    let deb = release_deb();
    let installed = work.path().join("installed");
    run(Command::new("dpkg-deb").arg("-x").arg(&deb).arg(&installed));
    let newer = repacked(&deb, "0.1.1", work.path());
    let signature = sign(&newer);
    let bytes = std::fs::read(&newer).expect("package");

    let files: Files = Arc::default();
    let port = serve(Arc::clone(&files));
    let base = format!("http://127.0.0.1:{port}");
    let manifest = serde_json::json!({
        "version": "0.1.1",
        "notes": "A newer CloudLens",
        "pub_date": "2026-12-01T00:00:00Z",
        "platforms": {
            "linux-x86_64": { "signature": signature, "url": format!("{base}/cloud-lens_0.1.1_amd64.deb") },
            "linux-x86_64-deb": { "signature": signature, "url": format!("{base}/cloud-lens_0.1.1_amd64.deb") },
        },
    });
    files
        .lock()
        .unwrap()
        .insert("/latest.json".into(), manifest.to_string().into_bytes());
    files
        .lock()
        .unwrap()
        .insert("/cloud-lens_0.1.1_amd64.deb".into(), bytes.clone());

    let root = scratch_dpkg_root();
    let root_str = root.path().display().to_string();
    let app = App::launch_binary(
        &installed.join("usr/bin/cloudlens-app"),
        2_000,
        &[("CLOUDLENS_INSTALL_ROOT", &root_str)],
    )
    .await;
    let long = Duration::from_secs(120);
    app.wait_for("[data-testid=overview]", long).await;
    click(&app, "[data-testid=nav-settings]").await;
    let endpoint = app.wait_for("[data-testid=update-endpoint]", long).await;
    endpoint
        .send_keys(&format!("{base}/latest.json"))
        .await
        .expect("type");
    click(&app, "[data-testid=update-ask-yes]").await;
    app.wait_until("online checks are on", long, || async {
        app.wait_for("[data-testid=update-check-now]", long)
            .await
            .is_enabled()
            .await
            .unwrap_or(false)
    })
    .await;
    click(&app, "[data-testid=update-check-now]").await;
    let offer = app.wait_for("[data-testid=update-offer]", long).await;
    let text = offer.text().await.unwrap_or_default();
    assert!(text.contains("0.1.1") && text.contains("0.1.0"), "{text}");
    app.screenshot("settings-update-offer.png").await;
    click(&app, "[data-testid=update-install]").await;
    app.wait_for("[data-testid=update-installed]", long).await;
    app.screenshot("settings-update-installed.png").await;

    let status = std::fs::read_to_string(root.path().join("var/lib/dpkg/status")).expect("status");
    assert!(
        status.contains("Package: cloud-lens\n") && status.contains("Version: 0.1.1\n"),
        "{status}"
    );
    let version = run(Command::new(root.path().join("usr/bin/cloudlens")).arg("--version"));
    assert!(version.starts_with("cloudlens "), "{version}");

    // The same signature over changed bytes: the plugin refuses the download.
    let mut tampered = bytes;
    let last = tampered.len() - 1;
    tampered[last] ^= 0xff;
    files
        .lock()
        .unwrap()
        .insert("/cloud-lens_0.1.1_amd64.deb".into(), tampered);
    click(&app, "[data-testid=update-check-now]").await;
    app.wait_for("[data-testid=update-offer]", long).await;
    click(&app, "[data-testid=update-install]").await;
    let error = app.wait_for("[data-testid=update-error]", long).await;
    let text = error.text().await.unwrap_or_default();
    assert!(text.contains("The update was refused."), "{text}");
    app.screenshot("settings-update-refused.png").await;
    app.close().await;
}
