fn main() {
    let attrs = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        // Declaring the app's commands makes each one need an explicit grant
        // in a capability, so the webview gets exactly what the UI uses.
        .app_manifest(tauri_build::AppManifest::new().commands(&[
            "store_status",
            "overview",
            "unlock",
            "load_demo",
            "remove_demo",
            "ui_painted",
            "import_formats",
            "pick_bill_files",
            "inspect_file",
            "import_files",
            "cancel_import",
            "import_history",
            "remove_import",
            "pick_export_path",
            "export_focus",
        ]));
    if let Err(e) = tauri_build::try_build(attrs) {
        panic!("tauri-build failed: {e:#}");
    }
}
