//! `cloudlens recommendations ended-projects`: a user names the projects
//! that have ended from the command line; the list is kept with the
//! thresholds, a bad day is refused with the field it concerns, and a
//! project is moved or removed by its tag.

mod common;

use common::{cloudlens, json, stderr};

fn listed(v: &serde_json::Value) -> Vec<(String, String, String)> {
    v["ended_projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let s = |k: &str| p[k].as_str().unwrap().to_string();
            (s("tag_key"), s("tag_value"), s("ended_on"))
        })
        .collect()
}

#[test]
fn ended_projects_are_added_moved_refused_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let (db, pass) = (dir.path().join("s.db"), dir.path().join("pass"));
    std::fs::write(&pass, "a long passphrase\n").unwrap();
    let run = |args: &[&str]| {
        let mut all = vec!["recommendations", "ended-projects"];
        all.extend_from_slice(args);
        cloudlens(&db, &pass, &all)
    };
    assert!(listed(&json(&run(&[]))).is_empty());

    let one = json(&run(&["--add", "project=apollo", "--on", "2026-03-15"]));
    let apollo = (
        "project".to_string(),
        "apollo".to_string(),
        "2026-03-15".to_string(),
    );
    assert_eq!(listed(&one), std::slice::from_ref(&apollo));
    let two = json(&run(&["--add", " team = gemini ", "--on", "2026-04-30"]));
    let gemini = (
        "team".to_string(),
        "gemini".to_string(),
        "2026-04-30".to_string(),
    );
    assert_eq!(listed(&two), [apollo.clone(), gemini.clone()]);
    // Kept: listing again (a new process) shows them.
    assert_eq!(listed(&json(&run(&[]))), [apollo, gemini.clone()]);

    // Adding a known project moves its end.
    let moved = json(&run(&["--add", "Project=apollo", "--on", "2026-05-01"]));
    let apollo = (
        "Project".to_string(),
        "apollo".to_string(),
        "2026-05-01".to_string(),
    );
    assert_eq!(listed(&moved), [gemini.clone(), apollo.clone()]);

    let bad = run(&["--add", "project=hermes", "--on", "31/12/2026"]);
    assert!(!bad.status.success());
    assert!(
        stderr(&bad).contains("ended_on: expected YYYY-MM-DD"),
        "{}",
        stderr(&bad)
    );
    let bad = run(&["--add", "project", "--on", "2026-12-31"]);
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("KEY=VALUE"), "{}", stderr(&bad));
    assert!(
        !run(&["--add", "project=hermes"]).status.success(),
        "--on is needed"
    );
    let missing = run(&["--remove", "project=zeus"]);
    assert!(!missing.status.success());
    assert!(stderr(&missing).contains("no ended project tagged project=zeus"));

    let left = json(&run(&["--remove", "team=gemini"]));
    assert_eq!(listed(&left), [apollo]);
}
