//! Writes `ui/src/lib/bindings.ts` from the Rust command and event registry.

fn main() {
    let out = std::path::Path::new(&String::from(env!("CARGO_MANIFEST_DIR")))
        .join("ui/src/lib/bindings.ts");
    if let Err(e) = cloudlens_app::specta_builder().export(cloudlens_app::typescript(), &out) {
        eprintln!("could not write {}: {e}", out.display());
        std::process::exit(1);
    }
    println!("wrote {}", out.display());
}
