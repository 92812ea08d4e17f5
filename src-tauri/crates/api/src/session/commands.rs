//! The store's lifecycle as commands (see `crate::commands` for the table's
//! form): status, unlocking, the demo dataset.

use crate::StoreStatus;

#[macro_export]
#[doc(hidden)]
macro_rules! session_commands {
    ([$($then:tt)*] $($seed:tt)*) => { $($then)*! { $($seed)* session {
        /// Where the store is in its lifecycle; changes also arrive as
        /// `StoreStatusChanged` events.
        fn store_status() -> StoreStatus => session |s| Ok(s.status());
        fn unlock(passphrase: String) -> ();
        /// Loads the demo dataset in the background (the store must be ready).
        fn load_demo() -> () => change;
        /// Removes the demo dataset, leaving imported and synced data alone.
        fn remove_demo() -> () => change;
    } } };
}

crate::session_commands!([crate::commands::session_methods]);
