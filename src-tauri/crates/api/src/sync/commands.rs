//! Provider connections and sync as commands (see `crate::commands` for the
//! table's form). The methods written by hand are in `sync::session`.

use crate::sync::service::policy_guide;
use crate::{
    AddConnectionRequest, ConnectionTestView, ConnectionView, PolicyGuideView, ScheduleView,
    SyncRequest, SyncRunView,
};

#[macro_export]
#[doc(hidden)]
macro_rules! sync_commands {
    ([$($then:tt)*] $($seed:tt)*) => { $($then)*! { $($seed)* sync {
        /// Every connection, secret-free.
        fn connections() -> Vec<ConnectionView>;
        /// The secret crosses once, into the keychain (or the sealed store).
        fn add_connection(request: AddConnectionRequest) -> ConnectionView => change;
        /// Calls the provider once with the connection's key.
        fn test_connection(name: String) -> ConnectionTestView => change;
        /// Removes the connection and its secret; synced lines stay until
        /// removed from the history.
        fn remove_connection(name: String) -> () => change;
        /// The read-only permissions a provider needs.
        fn policy_guide(provider: String) -> PolicyGuideView => session |_| policy_guide(&provider);
        /// Starts a sync; progress and results arrive as `SyncUpdate` events.
        fn sync_now(request: SyncRequest) -> () => change;
        fn cancel_sync() -> ();
        /// Runs of one connection, or of every connection when `None`; newest first.
        fn sync_history(connection: Option<String>) -> Vec<SyncRunView>
            => store |cl| cl.sync_history(connection.as_deref());
        fn schedule() -> ScheduleView;
        fn set_schedule(schedule: ScheduleView) -> () => change;
    } } };
}

crate::sync_commands!([crate::commands::session_methods]);
