//! File inspection, the import history and the FOCUS export, as the session
//! serves them. Importing itself runs on the session's own thread
//! (`Session::import_files`).

use crate::{ApiError, ExportFilter, ExportResult, FileInspectionView, ImportRunView, Session};

impl Session {
    /// Detection and a preview of one file; the store is not needed.
    pub fn inspect_file(
        &self,
        path: &str,
        format: Option<&str>,
    ) -> Result<FileInspectionView, ApiError> {
        crate::inspect_file(path, format)
    }

    pub fn export_focus(
        &self,
        path: &str,
        filter: &ExportFilter,
    ) -> Result<ExportResult, ApiError> {
        self.with_ready(|cl| cl.export_focus(path, filter))
    }

    pub fn import_history(&self) -> Result<Vec<ImportRunView>, ApiError> {
        self.with_ready(|cl| cl.import_history())
    }

    pub fn remove_import(&self, run_id: i64) -> Result<(), ApiError> {
        self.with_ready(|cl| cl.remove_import(run_id))?;
        self.refresh_facts_and_notify();
        Ok(())
    }
}
