//! Alert channels, history and evaluation as commands (see
//! `crate::commands` for the table's form). The methods written by hand are
//! in `alerts::session`.

use crate::{
    AddChannelRequest, AlertHistoryView, AlertSettings, ChannelTestView, ChannelView,
    EvaluationView, Locale,
};

#[macro_export]
#[doc(hidden)]
macro_rules! alerts_commands {
    ([$($then:tt)*] $($seed:tt)*) => { $($then)*! { $($seed)* alerts {
        /// Every alert channel, without its URL or secret.
        fn alert_channels() -> Vec<ChannelView>;
        /// The URL and secret cross once, into the keychain (or the sealed store).
        fn add_alert_channel(request: AddChannelRequest) -> ChannelView => change;
        /// Sends a test message on the channel now.
        fn test_alert_channel(name: String) -> ChannelTestView => change;
        /// Removes the channel and its secret; its waiting deliveries fail.
        fn remove_alert_channel(name: String) -> () => change;
        /// Alerts raised, newest first, with each delivery's status.
        fn alert_history(locale: Locale, limit: u32) -> AlertHistoryView
            => store |cl| cl.alert_history(locale, limit);
        /// Evaluates budgets and data health now and delivers what waits.
        fn evaluate_alerts() -> EvaluationView => change;
        fn alert_settings() -> AlertSettings => store |cl| cl.alert_settings();
        fn set_alert_settings(settings: AlertSettings) -> () => change;
    } } };
}

crate::alerts_commands!([crate::commands::session_methods]);
