//! Starts the real app through tauri-driver (which runs WebKitWebDriver) and
//! hands back a WebDriver client. Expects to run inside a display (Xvfb) and a
//! D-Bus session with an unlocked keyring, as `.ci/run` provides.

// End-to-end tests find the build through the environment, as cargo does.
#![allow(dead_code, clippy::disallowed_methods)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use tokio::process::{Child, Command};

pub fn workspace_root() -> PathBuf {
    Path::new(&String::from(env!("CARGO_MANIFEST_DIR")))
        .join("../..")
        .canonicalize()
        .expect("workspace root")
}

pub fn release_binary(name: &str) -> PathBuf {
    let dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    let path = dir.join("release").join(name);
    assert!(
        path.exists(),
        "{} is missing: build it first (`.ci/run` does)",
        path.display()
    );
    path
}

/// Where `.ci/release` put the release the tests inspect and update from.
pub fn release_dir() -> PathBuf {
    std::env::var_os("CLOUDLENS_RELEASE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            std::env::var_os("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| workspace_root().join("target"))
                .join("release-test")
        })
}

/// An empty root with a dpkg database of its own: packages install and
/// uninstall there (`dpkg --root`) without touching the machine's.
pub fn scratch_dpkg_root() -> tempfile::TempDir {
    let root = tempfile::tempdir().expect("scratch root");
    let admin = root.path().join("var/lib/dpkg");
    for sub in ["info", "updates", "triggers"] {
        std::fs::create_dir_all(admin.join(sub)).expect("dpkg dirs");
    }
    std::fs::write(admin.join("status"), "").expect("dpkg status");
    root
}

/// `dpkg` working on `root` (made by [`scratch_dpkg_root`]): no dependencies
/// there, and no maintainer scripts, which could only run chrooted.
pub fn dpkg_in(root: &Path) -> std::process::Command {
    let mut c = std::process::Command::new("dpkg");
    c.arg(format!("--root={}", root.display()))
        .args([
            "--force-not-root",
            "--force-depends",
            "--force-script-chrootless",
        ])
        .args(["--log=/dev/null"]);
    c
}

pub fn artifacts_dir() -> PathBuf {
    let dir = workspace_root().join("tests/artifacts");
    std::fs::create_dir_all(&dir).expect("artifacts dir");
    dir
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

pub struct App {
    pub client: Client,
    driver: Child,
    pub db: PathBuf,
    pub keychain_service: String,
    _dir: tempfile::TempDir,
}

impl App {
    /// Launches the app on a new, empty store in a temp dir.
    pub async fn launch(demo_lines: u64) -> App {
        App::launch_with(demo_lines, &[]).await
    }

    /// As [`App::launch`], with more environment for the app (e.g.
    /// `GTK_THEME=Adwaita:dark`, which WebKit reports as a dark colour scheme).
    pub async fn launch_with(demo_lines: u64, env: &[(&str, &str)]) -> App {
        App::launch_binary(&release_binary("cloudlens-app"), demo_lines, env).await
    }

    /// As [`App::launch_with`], running `binary` (e.g. the app as a package
    /// installed it).
    /// The app then shows billing currencies (the suite compares each
    /// currency with the CLI's per-currency figures); [`App::launch_converted`]
    /// keeps the first-launch default, one display currency.
    pub async fn launch_binary(binary: &Path, demo_lines: u64, env: &[(&str, &str)]) -> App {
        let app = App::launch_fresh(binary, demo_lines, env).await;
        app.choose_billing_currencies().await;
        app
    }

    /// As [`App::launch`], keeping the first-launch display currency.
    pub async fn launch_converted(demo_lines: u64) -> App {
        App::launch_fresh(&release_binary("cloudlens-app"), demo_lines, &[]).await
    }

    async fn launch_fresh(binary: &Path, demo_lines: u64, env: &[(&str, &str)]) -> App {
        let dir = tempfile::tempdir().expect("tempdir");
        let keychain_service = format!("CloudLens-e2e-{}", std::process::id());
        App::start(binary, dir, keychain_service, demo_lines, env).await
    }

    /// Chooses "billing currencies" as a user would in Settings › Currency
    /// (the choice is kept in the webview's storage), and reloads the page.
    pub async fn choose_billing_currencies(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let set = self
                .client
                .execute(
                    "localStorage.setItem('cloudlens.displayCurrency', 'billing'); \
                     location.reload(); return true;",
                    vec![],
                )
                .await;
            if set.is_ok() || Instant::now() > deadline {
                break;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }

    /// Closes the app and starts it again on the same store, keychain entry
    /// and webview data (the chosen language), with `env` added (for
    /// example `GTK_THEME=Adwaita:dark` for the dark theme).
    pub async fn restart(self, env: &[(&str, &str)]) -> App {
        self.relaunch(&release_binary("cloudlens-app"), env).await
    }

    /// As [`App::restart`], running `binary` (e.g. the app as an upgrade
    /// installed it).
    pub async fn relaunch(self, binary: &Path, env: &[(&str, &str)]) -> App {
        let App {
            client,
            driver,
            keychain_service,
            _dir: dir,
            ..
        } = self;
        stop(client, driver).await;
        App::start(binary, dir, keychain_service, 0, env).await
    }

    async fn start(
        binary: &Path,
        dir: tempfile::TempDir,
        keychain_service: String,
        demo_lines: u64,
        env: &[(&str, &str)],
    ) -> App {
        let db = dir.path().join("e2e.db");
        let (port, native) = (free_port(), free_port());
        let driver = Command::new("tauri-driver")
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native.to_string(),
            ])
            .env("CLOUDLENS_DB", &db)
            .env("CLOUDLENS_KEYCHAIN_SERVICE", &keychain_service)
            .env("CLOUDLENS_DEMO_LINES", demo_lines.to_string())
            // The webview keeps localStorage (the chosen language) under these:
            // every run starts as a first launch.
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .env("XDG_CACHE_HOME", dir.path().join("cache"))
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            // The page's console errors then reach the test's output.
            .env("CLOUDLENS_WEBVIEW_CONSOLE", "1")
            .envs(env.iter().copied())
            // Its own process group, so closing stops WebKitWebDriver too.
            .process_group(0)
            .stdout(Stdio::inherit())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("tauri-driver on PATH (cargo install tauri-driver --locked)");

        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), "wry".into());
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": binary }),
        );
        let url = format!("http://127.0.0.1:{port}");
        // The workspace enables both of rustls's crypto back ends (reqwest
        // brings ring, fantoccini aws-lc-rs), so rustls cannot pick one by
        // itself; the WebDriver connection is plain HTTP on 127.0.0.1 anyway.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let deadline = Instant::now() + Duration::from_secs(30);
        let client = loop {
            match ClientBuilder::rustls()
                .expect("tls")
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(c) => break c,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(250)).await;
                }
                Err(e) => panic!("could not start a WebDriver session on {url}: {e}"),
            }
        };
        App {
            client,
            driver,
            db,
            keychain_service,
            _dir: dir,
        }
    }

    /// Scrolls the page so the element with this test id starts at the top
    /// of the view, for a screenshot of that part of the page.
    pub async fn scroll_to(&self, testid: &str) {
        self.client
            .execute(
                &format!("document.querySelector('[data-testid={testid}]').scrollIntoView()"),
                vec![],
            )
            .await
            .unwrap_or_else(|e| panic!("scroll to {testid}: {e}"));
    }

    /// Polls until `css` matches, since commands answer asynchronously.
    pub async fn wait_for(&self, css: &str, timeout: Duration) -> Element {
        let deadline = Instant::now() + timeout;
        loop {
            if let Ok(e) = self.client.find(Locator::Css(css)).await {
                // The pages scroll inside the app's own container, which
                // WebKitWebDriver does not scroll for a click or a clear:
                // bring the element into view first, as a user would.
                if let Ok(arg) = serde_json::to_value(&e) {
                    let _ = self
                        .client
                        .execute("arguments[0].scrollIntoView({block: 'center'});", vec![arg])
                        .await;
                }
                return e;
            }
            if Instant::now() >= deadline {
                let page = self
                    .client
                    .execute("return document.body.innerText;", vec![])
                    .await
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                let shown: String = page.chars().take(3000).collect();
                panic!("timed out after {timeout:?} waiting for `{css}`; the page held:\n{shown}");
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Clicks what `css` finds, once it is there.
    pub async fn click(&self, css: &str) {
        self.wait_for(css, Duration::from_secs(300))
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    /// Types `text` into the input named `testid`, emptied first the way a
    /// user would: WebKitWebDriver refuses Element Clear on these inputs
    /// ("not interactable").
    pub async fn type_into(&self, testid: &str, text: &str) {
        let input = self
            .wait_for(&format!("[data-testid={testid}]"), Duration::from_secs(60))
            .await;
        // A layout still settling (a guide loading beside the form) can put
        // another element over the field for a moment: try again.
        let mut tries = 0;
        while let Err(e) = input.click().await {
            tries += 1;
            assert!(tries < 40, "focus {testid}: {e}");
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        let filled = input.prop("value").await.ok().flatten().unwrap_or_default();
        if !filled.is_empty() {
            let select_all = format!("{}a{}{}", Key::Control, Key::Null, Key::Backspace);
            input.send_keys(&select_all).await.expect("empty the field");
        }
        input.send_keys(text).await.expect("type");
    }

    /// Picks `value` in the `<select>` at `css`, as a user does.
    pub async fn choose(&self, css: &str, value: &str) {
        self.wait_for(css, Duration::from_secs(90))
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("choose {value} in {css}: {e}"));
    }

    pub async fn wait_until<F, Fut>(&self, what: &str, timeout: Duration, mut check: F)
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let deadline = Instant::now() + timeout;
        while !check().await {
            assert!(
                Instant::now() < deadline,
                "timed out after {timeout:?} waiting until {what}"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    pub async fn all(&self, css: &str) -> Vec<Element> {
        self.client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_default()
    }

    pub async fn screenshot(&self, name: &str) {
        // WebKit may still be painting the last DOM change or scroll: wait
        // for two frames (the second starts after the first was painted),
        // then a little more for a loaded machine.
        let _ = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await;
        tokio::time::sleep(Duration::from_millis(400)).await;
        let png = self.client.screenshot().await.expect("screenshot");
        std::fs::write(artifacts_dir().join(name), png).expect("write screenshot");
    }

    /// `cloudlens summary --json` on the same store, with the same keychain.
    pub fn cli_summary(&self) -> serde_json::Value {
        self.cli_json(&["summary", "--json"])
    }

    /// The JSON a `cloudlens` command prints on the same store, with the
    /// same keychain.
    pub fn cli_json(&self, args: &[&str]) -> serde_json::Value {
        let out = std::process::Command::new(release_binary("cloudlens"))
            .args(["--db"])
            .arg(&self.db)
            .args(args)
            .env("CLOUDLENS_KEYCHAIN_SERVICE", &self.keychain_service)
            .output()
            .expect("run cloudlens");
        assert!(
            out.status.success(),
            "cloudlens {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("cloudlens JSON")
    }

    /// Ends the WebDriver session (which closes the app), then stops
    /// tauri-driver's whole process group (it and WebKitWebDriver).
    pub async fn close(self) {
        stop(self.client, self.driver).await;
    }
}

async fn stop(client: Client, mut driver: Child) {
    let _ = client.close().await;
    if let Some(pid) = driver.id() {
        let _ = std::process::Command::new("kill")
            .args(["-INT", &pid.to_string()])
            .status();
    }
    if tokio::time::timeout(Duration::from_secs(10), driver.wait())
        .await
        .is_err()
    {
        let _ = driver.kill().await;
    }
}

pub async fn attr(e: &Element, name: &str) -> String {
    e.attr(name).await.ok().flatten().unwrap_or_default()
}

/// `YYYY-MM-01` of the month after `month` (`YYYY-MM-…`).
pub fn next_month(month: &str) -> String {
    let year: i32 = month[0..4].parse().expect("year");
    let m: u32 = month[5..7].parse().expect("month");
    let (year, m) = if m == 12 {
        (year + 1, 1)
    } else {
        (year, m + 1)
    };
    format!("{year:04}-{m:02}-01")
}

impl App {
    /// Switches the UI language with the header's switch, as a user does, and
    /// waits until the navigation's Overview entry reads `overview_label`.
    /// Switches the UI's language and waits until the page `page` (its
    /// data-testid) reads `marker`, a text only that language shows.
    pub async fn set_page_language(&self, lang: &str, page: &str, marker: &str) {
        let long = Duration::from_secs(60);
        self.wait_for("[data-testid=lang-switch]", long)
            .await
            .select_by_value(lang)
            .await
            .expect("language");
        let page = format!("[data-testid={page}]");
        self.wait_until("the page switches language", long, || async {
            self.wait_for(&page, long)
                .await
                .text()
                .await
                .unwrap_or_default()
                .contains(marker)
        })
        .await;
    }

    pub async fn set_language(&self, lang: &str, overview_label: &str) {
        let long = Duration::from_secs(30);
        self.wait_for("[data-testid=lang-switch]", long)
            .await
            .select_by_value(lang)
            .await
            .expect("language");
        self.wait_until("the navigation switches language", long, || async {
            match self
                .client
                .find(Locator::Css("[data-testid=nav-overview]"))
                .await
            {
                Ok(e) => e
                    .text()
                    .await
                    .map(|t| t.trim() == overview_label)
                    .unwrap_or(false),
                Err(_) => false,
            }
        })
        .await;
    }
}
