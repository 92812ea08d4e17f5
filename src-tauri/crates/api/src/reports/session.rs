//! The report commands that need the session: its clock (a report's
//! relative period and its date), the running version, the fonts.

use std::path::Path;

use super::{report_fonts, ReportContext};
use crate::{
    ApiError, InvoiceAmount, InvoiceImportResult, ReconciliationView, ReportDefinition,
    ReportExport, ReportFormat, SavedReport, Session,
};

impl Session {
    fn report_context(&self) -> ReportContext {
        ReportContext {
            app_version: self.inner.config.updates.version.clone(),
            generated_at: self.now(),
            today: self.today(),
        }
    }

    pub fn save_report(
        &self,
        name: String,
        definition: ReportDefinition,
    ) -> Result<SavedReport, ApiError> {
        let now = self.now();
        self.with_writable(|cl| cl.save_report(&name, &definition, now))
    }

    pub fn preview_report(&self, definition: ReportDefinition) -> Result<String, ApiError> {
        let ctx = self.report_context();
        self.with_ready(|cl| cl.report_html(&definition, &ctx))
    }

    pub fn export_report(
        &self,
        definition: ReportDefinition,
        format: ReportFormat,
        path: String,
    ) -> Result<ReportExport, ApiError> {
        let ctx = self.report_context();
        let fonts = report_fonts(None);
        self.with_ready(|cl| cl.export_report(&definition, &ctx, format, Path::new(&path), &fonts))
    }

    pub fn report_reconciliation(
        &self,
        definition: ReportDefinition,
    ) -> Result<ReconciliationView, ApiError> {
        let today = self.report_context().today;
        let span = definition.period.resolve(today)?;
        self.with_ready(|cl| cl.reconciliation(&span))
    }

    pub fn set_invoice(&self, invoice: InvoiceAmount) -> Result<(), ApiError> {
        let now = self.now();
        self.with_writable(|cl| cl.set_invoice(&invoice, now))
    }

    pub fn import_invoices(&self, path: String) -> Result<InvoiceImportResult, ApiError> {
        let now = self.now();
        self.with_writable(|cl| cl.import_invoices(&path, now))
    }
}
