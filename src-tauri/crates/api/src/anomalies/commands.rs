//! Anomaly detection's commands (see `crate::commands` for the table's
//! form): the list, one anomaly in detail, feedback, the Overview's
//! summary, monitors, and detection on demand.

use crate::{
    AnomalyDetail, AnomalyList, AnomalyListQuery, AnomalyOverview, DetectionStatus, FeedbackAction,
    FeedbackResult, Locale, MonitorInput, MonitorView,
};

#[macro_export]
#[doc(hidden)]
macro_rules! anomalies_commands {
    ([$($then:tt)*] $($seed:tt)*) => { $($then)*! { $($seed)* anomalies {
        /// Anomalies matching the query, newest first, with the open impact.
        fn anomalies(query: AnomalyListQuery) -> AnomalyList => store |cl| cl.anomalies(&query);
        /// One anomaly with the chart of its scope, status history and feedback.
        fn anomaly_detail(id: String, locale: Locale) -> AnomalyDetail
            => store |cl| cl.anomaly_detail(&id, locale);
        /// Acknowledge, resolve, or tell the detector it was expected / not an anomaly.
        fn anomaly_feedback(id: String, action: FeedbackAction, note: Option<String>) -> FeedbackResult => change;
        /// Open anomalies of the 30 days up to the latest day with data.
        /// Open anomalies of the last 30 days; their impact also in `display_currency`.
        fn anomaly_overview(display_currency: Option<String>) -> AnomalyOverview
            => store |cl| cl.anomaly_overview_latest(display_currency.as_deref());
        fn anomaly_monitors() -> Vec<MonitorView> => store |cl| cl.anomaly_monitors();
        fn add_anomaly_monitor(monitor: MonitorInput) -> MonitorView => change;
        /// Changing how days are judged re-judges the monitor's days in the background.
        fn update_anomaly_monitor(id: i64, monitor: MonitorInput) -> MonitorView => change;
        fn remove_anomaly_monitor(name: String) -> () => change |cl| cl.remove_anomaly_monitor(&name);
        /// Starts a detection run in the background (events: `AnomalyUpdate`).
        fn detect_anomalies() -> () => change;
        fn detection_status() -> DetectionStatus;
    } } };
}

crate::anomalies_commands!([crate::commands::session_methods]);
