//! The crate graph written in ARCHITECTURE.md is the one cargo builds, and
//! every workspace crate takes the workspace's lints. A dependency that the
//! design does not allow (a domain crate reaching for the store, a provider
//! client reaching for the importer) fails here before review.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

type Graph = BTreeMap<String, BTreeSet<String>>;

fn root() -> PathBuf {
    PathBuf::from(String::from(env!("CARGO_MANIFEST_DIR")))
}

struct Member {
    name: String,
    manifest: PathBuf,
    deps: BTreeSet<String>,
}

/// Workspace members with their normal and build dependencies on other members.
// The test runs the cargo that runs it.
#[allow(clippy::disallowed_methods)]
fn members() -> Vec<Member> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(root())
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("cargo metadata prints JSON");
    let packages = meta["packages"].as_array().expect("packages");
    let names: BTreeSet<String> = packages
        .iter()
        .filter_map(|p| p["name"].as_str())
        .map(String::from)
        .collect();
    packages
        .iter()
        .map(|p| Member {
            name: p["name"].as_str().unwrap_or_default().to_string(),
            manifest: PathBuf::from(p["manifest_path"].as_str().unwrap_or_default()),
            deps: p["dependencies"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|d| matches!(d["kind"].as_str(), None | Some("build")))
                .filter_map(|d| d["name"].as_str())
                .filter(|n| names.contains(*n))
                .map(String::from)
                .collect(),
        })
        .collect()
}

/// The graph in ARCHITECTURE.md: the first fenced block under "## Crate graph",
/// one `crate -> dep, dep` line per crate.
fn documented() -> Graph {
    let text = std::fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let section = text
        .split("\n## Crate graph")
        .nth(1)
        .expect("ARCHITECTURE.md has a \"## Crate graph\" section");
    let block = section
        .split("```")
        .nth(1)
        .expect("the section has a fenced block");
    let mut graph = Graph::new();
    for (n, line) in block.lines().skip(1).enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (name, deps) = line.split_once("->").unwrap_or_else(|| {
            panic!(
                "crate graph line {}: expected `crate -> dep, dep`, got {line:?}",
                n + 1
            )
        });
        let deps = deps
            .split(',')
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(String::from)
            .collect();
        assert!(
            graph.insert(name.trim().to_string(), deps).is_none(),
            "crate graph line {}: {} is listed twice",
            n + 1,
            name.trim()
        );
    }
    graph
}

#[test]
fn the_documented_crate_graph_is_the_built_one() {
    let built: Graph = members().into_iter().map(|m| (m.name, m.deps)).collect();
    let documented = documented();
    let mut wrong = Vec::new();
    for (name, deps) in &built {
        match documented.get(name) {
            None => wrong.push(format!("{name} is not in ARCHITECTURE.md's crate graph")),
            Some(doc) if doc != deps => wrong.push(format!(
                "{name}: ARCHITECTURE.md says -> {}, Cargo.toml has -> {}",
                join(doc),
                join(deps)
            )),
            Some(_) => {}
        }
    }
    for name in documented.keys().filter(|n| !built.contains_key(*n)) {
        wrong.push(format!(
            "{name} is in ARCHITECTURE.md's crate graph but not in the workspace"
        ));
    }
    assert!(
        wrong.is_empty(),
        "crate graph out of date:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn every_crate_takes_the_workspace_lints() {
    let missing: Vec<String> = members()
        .into_iter()
        .filter(|m| !takes_workspace_lints(&m.manifest))
        .map(|m| m.name)
        .collect();
    assert!(
        missing.is_empty(),
        "crates without `[lints] workspace = true`: {}",
        missing.join(", ")
    );
}

fn takes_workspace_lints(manifest: &Path) -> bool {
    let text = std::fs::read_to_string(manifest).unwrap_or_default();
    let Some(section) = text.split("\n[lints]").nth(1) else {
        return false;
    };
    let section = section.split("\n[").next().unwrap_or_default();
    section
        .lines()
        .any(|l| l.replace(' ', "") == "workspace=true")
}

fn join(deps: &BTreeSet<String>) -> String {
    if deps.is_empty() {
        "(nothing)".into()
    } else {
        deps.iter().cloned().collect::<Vec<_>>().join(", ")
    }
}
