//! Reports as commands (see `crate::commands` for the table's form). The
//! methods written by hand are in `reports::session`: they need the
//! session's clock and the running version.

use crate::{
    InvoiceAmount, InvoiceImportResult, ReconciliationView, ReportDefinition, ReportExport,
    ReportFormat, SavedReport, StoredInvoice,
};

#[macro_export]
#[doc(hidden)]
macro_rules! reports_commands {
    ([$($then:tt)*] $($seed:tt)*) => { $($then)*! { $($seed)* reports {
        /// Every saved report definition, by name.
        fn saved_reports() -> Vec<SavedReport> => store |cl| cl.saved_reports();
        /// Checks and saves a definition under `name` (replacing one of that name).
        fn save_report(name: String, definition: ReportDefinition) -> SavedReport => change;
        fn remove_report(name: String) -> () => change |cl| cl.remove_report(&name);
        /// The report as one self-contained HTML page, for the preview.
        fn preview_report(definition: ReportDefinition) -> String;
        /// Builds the report and writes it to `path` (whole or not at all).
        fn export_report(definition: ReportDefinition, format: ReportFormat, path: String) -> ReportExport;
        /// The reconciliation of the definition's period: store, provider and
        /// invoice totals per provider, account, month and currency.
        fn report_reconciliation(definition: ReportDefinition) -> ReconciliationView;
        fn invoices() -> Vec<StoredInvoice> => store |cl| cl.invoices();
        fn set_invoice(invoice: InvoiceAmount) -> () => change;
        fn remove_invoice(provider: String, billing_account: String, month: String, currency: String) -> ()
            => change |cl| cl.remove_invoice(&provider, &billing_account, &month, &currency);
        /// Invoice amounts from a CSV file; a bad row stores nothing.
        fn import_invoices(path: String) -> InvoiceImportResult => change;
    } } };
}

crate::reports_commands!([crate::commands::session_methods]);
