//! The maintenance commands (see `crate::commands` for the table's form).

use crate::{BackupView, CheckView, UpdateInstalledView, UpdateSettingsView};

#[macro_export]
#[doc(hidden)]
macro_rules! maintenance_commands {
    ([$($then:tt)*] $($seed:tt)*) => { $($then)*! { $($seed)* maintenance {
        /// An encrypted copy of the store's last commit, under the store's
        /// key or `passphrase`; it never holds up other work.
        fn backup_store(out: String, passphrase: Option<String>) -> BackupView
            => store |cl| cl.backup(std::path::Path::new(&out), passphrase.as_deref());
        /// Replaces the store with a backup (closing and reopening it).
        fn restore_store(backup: String, passphrase: Option<String>) -> BackupView => change;
        /// SQLCipher's page checks, SQLite's integrity check and the
        /// store's own invariants.
        fn check_store() -> CheckView => store |cl| cl.check();
        fn update_settings() -> UpdateSettingsView
            => session |s| s.with_ready(|cl| cl.update_settings(&s.inner.config.updates));
        /// The user's answer about online update checks, and the endpoint
        /// (empty: the release's default).
        fn set_update_checks(enabled: bool, endpoint: String) -> UpdateSettingsView
            => change_session |s| s.with_ready(|cl| cl.set_update_checks(&s.inner.config.updates, enabled, &endpoint));
        /// Verifies a package and its signature (from removable media) and
        /// installs it.
        fn update_from_file(package_path: String, signature_path: String) -> UpdateInstalledView
            => session |s| $crate::update_from_file(&s.inner.config.updates, &package_path, &signature_path);
    } } };
}

crate::maintenance_commands!([crate::commands::session_methods]);
