//! Sources of each period as commands (see `crate::commands` for the
//! table's form).

use crate::ScopeSourcesView;

#[macro_export]
#[doc(hidden)]
macro_rules! sources_commands {
    ([$($then:tt)*] $($seed:tt)*) => { $($then)*! { $($seed)* sources {
        /// Every period fed by more than the demo and the sources feeding it,
        /// the one counted first; and the providers' preferred routes.
        fn scope_sources() -> ScopeSourcesView => store |cl| cl.scope_sources();
        /// Prefers a route (`file`, `api`, `bucket`) for a provider's
        /// periods, or the automatic rule (`None`); lines move at once.
        fn set_source_preference(provider: String, route: Option<String>) -> ()
            => change |cl| cl.set_source_preference(&provider, route.as_deref());
    } } };
}

crate::sources_commands!([crate::commands::session_methods]);
