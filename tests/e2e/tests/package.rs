//! The release's `.deb`, as `.ci/release` built it: its declared
//! dependencies, desktop entry and icons in every size, its signature; then
//! installed with dpkg into a scratch root (its own dpkg database, nothing
//! touches the machine's), `cloudlens --version` run from there, and removed
//! again, leaving no file of its own behind. The `.rpm` the same way, with
//! rpm and a database of its own under a scratch root.

mod harness;

use std::path::{Path, PathBuf};
use std::process::Command;

use harness::{dpkg_in, release_dir, scratch_dpkg_root};

fn only(dir: &Path, suffix: &str) -> PathBuf {
    let found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e} (run .ci/release first, as .ci/run does)",
                dir.display()
            )
        })
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    assert_eq!(found.len(), 1, "{suffix} in {}: {found:?}", dir.display());
    found.into_iter().next().unwrap()
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
#[ignore = "needs the release built by .ci/release (run by .ci/run)"]
fn the_deb_declares_its_dependencies_and_installs_into_a_clean_root() {
    let dir = release_dir();
    let deb = only(&dir, ".deb");
    only(&dir, ".deb.sig");
    only(&dir, ".rpm");
    only(&dir, ".rpm.sig");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("latest.json")).unwrap()).unwrap();
    assert!(manifest["platforms"]["linux-x86_64-deb"]["signature"].is_string());
    assert!(!dir.read_dir().unwrap().any(|e| e
        .unwrap()
        .path()
        .to_string_lossy()
        .contains("AppImage")));

    let control = run(Command::new("dpkg-deb").arg("-f").arg(&deb));
    let depends = control
        .lines()
        .find_map(|l| l.strip_prefix("Depends: "))
        .unwrap_or_default();
    for dep in [
        "libwebkit2gtk-4.1-0",
        "libgtk-3-0",
        "libssl3",
        "libsecret-1-0",
    ] {
        assert!(depends.contains(dep), "Depends: {depends}");
    }
    assert!(
        control.contains("Package: cloud-lens") || control.contains("Package: cloudlens"),
        "{control}"
    );
    every_dependency_is_installable_here(depends);

    let listing = run(Command::new("dpkg-deb").arg("-c").arg(&deb));
    let has = |path: &str| listing.lines().any(|l| l.trim_end().ends_with(path));
    assert!(has("usr/bin/cloudlens"), "no CLI on the PATH:\n{listing}");
    assert!(has("usr/bin/cloudlens-app"), "{listing}");
    // The bindings generator is a build tool, not part of the product.
    assert!(!listing.contains("export-bindings"), "{listing}");
    assert!(listing.contains(".desktop"), "{listing}");
    for size in [
        "16x16", "24x24", "32x32", "48x48", "64x64", "128x128", "512x512",
    ] {
        assert!(
            listing.contains(&format!("/icons/hicolor/{size}/apps/")),
            "no {size} icon:\n{listing}"
        );
    }

    // A root of its own with an empty dpkg database: dpkg installs and
    // removes there without touching the machine's packages.
    let root = scratch_dpkg_root();
    let dpkg = |args: &[&str]| {
        let mut c = dpkg_in(root.path());
        c.args(args);
        c
    };
    run(dpkg(&["-i"]).arg(&deb));
    let cli = root.path().join("usr/bin/cloudlens");
    let version = run(Command::new(&cli).arg("--version"));
    let packaged = run(Command::new("dpkg-deb").arg("-f").arg(&deb).arg("Version"));
    assert_eq!(version.trim(), format!("cloudlens {}", packaged.trim()));
    let desktop = std::fs::read_dir(root.path().join("usr/share/applications"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let entry = std::fs::read_to_string(&desktop).unwrap();
    assert!(entry.contains("Exec=cloudlens-app"), "{entry}");

    let package = control
        .lines()
        .find_map(|l| l.strip_prefix("Package: "))
        .unwrap()
        .to_string();
    run(&mut dpkg(&["--purge", &package]));
    assert!(!cli.exists());
    assert!(!root.path().join("usr/bin/cloudlens-app").exists());
    assert!(!desktop.exists());
}

/// Each package the `.deb` depends on (alternatives: at least one of them)
/// has a candidate version in this Debian/Ubuntu machine's apt sources,
/// and none is named twice.
fn every_dependency_is_installable_here(depends: &str) {
    let mut named = std::collections::BTreeSet::new();
    for clause in depends.split(',').map(str::trim).filter(|c| !c.is_empty()) {
        let choices: Vec<&str> = clause
            .split('|')
            .map(|alt| alt.split(['(', ':']).next().unwrap_or_default().trim())
            .collect();
        for name in &choices {
            assert!(
                named.insert(name.to_string()),
                "{name} named twice in Depends: {depends}"
            );
        }
        let installable = choices.iter().any(|name| {
            let policy = run(Command::new("apt-cache").args(["policy", name]));
            policy
                .lines()
                .find_map(|l| l.trim().strip_prefix("Candidate:"))
                .is_some_and(|c| c.trim() != "(none)")
        });
        assert!(
            installable,
            "no apt candidate for `{clause}` of Depends: {depends}"
        );
    }
    assert!(!named.is_empty(), "the .deb declares no Depends");
}

#[test]
#[ignore = "needs the release built by .ci/release (run by .ci/run) and rpm"]
fn the_rpm_installs_into_a_clean_root_and_uninstalls_cleanly() {
    let rpm_file = only(&release_dir(), ".rpm");
    let root = tempfile::tempdir().unwrap();
    // The database inside the root, where a system's own would be (Debian's
    // rpm otherwise keeps it under $HOME); no dependencies and no scripts
    // can run in an empty root.
    let rpm = |args: &[&str]| {
        let mut c = Command::new("rpm");
        c.arg(format!("--root={}", root.path().display()))
            .args(["--dbpath", "/var/lib/rpm"])
            .args(args);
        c
    };
    run(&mut rpm(&["--initdb"]));
    let requires = run(rpm(&["-qp", "--requires"]).arg(&rpm_file));
    for dep in ["webkit2gtk4.1", "gtk3", "openssl-libs", "libsecret"] {
        assert!(
            requires.lines().any(|l| l.trim() == dep),
            "Requires: {requires}"
        );
    }
    run(rpm(&["--nodeps", "-i"]).arg(&rpm_file));
    let package = run(&mut rpm(&["-qa", "--qf", "%{NAME}\\n"]));
    assert_eq!(package.trim(), "cloud-lens", "{package}");

    let cli = root.path().join("usr/bin/cloudlens");
    let version = run(Command::new(&cli).arg("--version"));
    assert!(version.starts_with("cloudlens "), "{version}");
    let desktop = root.path().join("usr/share/applications/CloudLens.desktop");
    let entry = std::fs::read_to_string(&desktop).unwrap();
    assert!(entry.contains("Exec=cloudlens-app"), "{entry}");
    assert!(root
        .path()
        .join("usr/share/icons/hicolor/512x512/apps/cloudlens-app.png")
        .exists());

    run(&mut rpm(&["-e", "cloud-lens"]));
    // Nothing of the package's own is left: only rpm's database.
    let mut left = Vec::new();
    let mut dirs = vec![root.path().to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if !path.starts_with(root.path().join("var/lib/rpm")) {
                left.push(path);
            }
        }
    }
    assert!(left.is_empty(), "left behind: {left:?}");
}
