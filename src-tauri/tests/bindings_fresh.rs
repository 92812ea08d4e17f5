//! The committed TypeScript bindings must match the Rust commands and events.

#[test]
fn committed_bindings_match_the_rust_commands() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("bindings.ts");
    cloudlens_app::specta_builder()
        .export(cloudlens_app::typescript(), &fresh)
        .unwrap();
    let committed = std::path::Path::new(&String::from(env!("CARGO_MANIFEST_DIR")))
        .join("ui/src/lib/bindings.ts");
    let committed = std::fs::read_to_string(&committed).unwrap_or_default();
    let fresh = std::fs::read_to_string(&fresh).unwrap();
    assert!(
        committed == fresh,
        "ui/src/lib/bindings.ts is stale: run `cargo run --release --example export-bindings` and commit the result"
    );
}
