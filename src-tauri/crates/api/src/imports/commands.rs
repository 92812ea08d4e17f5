//! File import, its history and the FOCUS export, as commands (see
//! `crate::commands` for the table's form). Importing runs on the session's
//! own thread (`Session::import_files`).

use crate::imports::service::{format_choices, inspect_file};
use crate::{
    ApiError, ExportFilter, ExportResult, FileInspectionView, FormatChoice, ImportRequest,
    ImportRunView, Session,
};

#[macro_export]
#[doc(hidden)]
macro_rules! imports_commands {
    ([$($then:tt)*] $($seed:tt)*) => { $($then)*! { $($seed)* imports {
        /// The formats a user may choose instead of detection.
        fn import_formats() -> Vec<FormatChoice> => session |_| Ok(format_choices());
        /// Detection and a preview of a file or folder; the store is not needed.
        fn inspect_file(path: String, format: Option<String>) -> FileInspectionView
            => session |_| inspect_file(&path, format.as_deref());
        /// Starts importing; progress and reports arrive as `ImportUpdate` events.
        fn import_files(request: ImportRequest) -> () => change;
        /// Asks a running import (or demo load) to stop; it rolls back.
        fn cancel_import() -> () => session |s| { s.cancel(); Ok(()) };
        /// File imports, newest first, with what each found.
        fn import_history() -> Vec<ImportRunView> => store |cl| cl.import_history();
        fn remove_import(run_id: i64) -> () => change;
        /// FOCUS 1.2 as CSV or Parquet, chosen by the file name.
        fn export_focus(path: String, filter: ExportFilter) -> ExportResult
            => store |cl| cl.export_focus(&path, &filter);
    } } };
}

crate::imports_commands!([crate::commands::session_methods]);

impl Session {
    pub fn remove_import(&self, run_id: i64) -> Result<(), ApiError> {
        self.with_writable(|cl| cl.remove_import(run_id))?;
        self.refresh_facts_and_notify();
        Ok(())
    }
}
