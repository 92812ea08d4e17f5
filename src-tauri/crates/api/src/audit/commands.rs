//! The audit domain's commands (see `crate::commands` for the table's form).
//! Building a pack is an export: it works in audit mode too.

use crate::audit::service::verify_audit_pack;
use crate::{
    AuditEntryView, AuditLogCheckView, AuditLogFilter, AuditPackRequest, AuditPackView,
    PackCheckView,
};

#[macro_export]
#[doc(hidden)]
macro_rules! audit_commands {
    ([$($then:tt)*] $($seed:tt)*) => { $($then)*! { $($seed)* audit {
        /// The log's entries that `filter` keeps, oldest first.
        fn audit_log(filter: AuditLogFilter) -> Vec<AuditEntryView>
            => store |cl| cl.audit_log(&filter);
        /// Walks the hash chain against the install's key and `key` (64 hex
        /// digits) if given; names the first entry that does not hold.
        fn verify_audit_log(key: Option<String>) -> AuditLogCheckView
            => store |cl| cl.verify_audit_log(key.as_deref());
        /// The install's public key, to compare out of band.
        fn audit_public_key() -> String => store |cl| cl.audit_public_key();
        /// Writes a signed audit pack of the lines in scope, with its PDF and
        /// XLSX report and the invoice reconciliation; `passphrase` encrypts it.
        fn build_audit_pack(request: AuditPackRequest, passphrase: Option<String>) -> AuditPackView
            => store |cl| cl.build_audit_pack(&request, passphrase.map(zeroize::Zeroizing::new));
        /// Checks a pack's signature and every member's hash; needs no store.
        fn verify_audit_pack(path: String, key: Option<String>, passphrase: Option<String>) -> PackCheckView
            => session |_| verify_audit_pack(std::path::Path::new(&path), key.as_deref(), passphrase.as_deref());
        /// Verifies a pack and, when it verifies, shows its data in audit mode
        /// in place of the store until `close_audit_pack`.
        fn open_audit_pack(path: String, key: Option<String>, passphrase: Option<String>) -> PackCheckView;
        fn close_audit_pack() -> ();
        /// The Settings switch: the store read-only (every change refused)
        /// until switched off; refused when audit mode came from `--audit`
        /// or a pack.
        fn set_audit_mode(on: bool) -> () => change;
    } } };
}

crate::audit_commands!([crate::commands::session_methods]);
