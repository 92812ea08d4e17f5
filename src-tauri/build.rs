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
            "pick_save_path",
            "pick_open_file",
            "explore",
            "dimensions",
            "dimension_values",
            "compare",
            "resource_detail",
            "export_table",
            "rules",
            "rules_at",
            "rule_versions",
            "save_rules",
            "preview_rules",
            "exchange_rates",
            "set_exchange_rate",
            "remove_exchange_rate",
            "import_exchange_rates",
            "saved_views",
            "save_view",
            "remove_view",
            "view_link",
            "open_view_link",
            "connections",
            "add_connection",
            "test_connection",
            "remove_connection",
            "policy_guide",
            "sync_now",
            "sync_history",
            "schedule",
            "set_schedule",
            "cancel_sync",
        ]));
    if let Err(e) = tauri_build::try_build(attrs) {
        panic!("tauri-build failed: {e:#}");
    }
}
