//! Commands written once. Each domain declares its commands in one table, a
//! `macro_rules!` named `<domain>_commands` beside the domain's code. The
//! table yields the `Session` method of every command (below) and, in the
//! Tauri shell, the `#[tauri::command]` functions and their registration
//! (`cloudlens_api::all_commands!`); the UI's gateway is generated from the
//! same registry. Adding a command is one line in its domain's table.
//!
//! A table entry is a command's doc comment, name, arguments and result,
//! then how the session serves it:
//!
//! ```text
//! /// Doc comment (it reaches the TypeScript bindings too).
//! fn explore(query: ExploreQuery, style: ChartStyle, locale: Locale) -> ExploreResult
//!     => store |cl| cl.explore(&query, style, locale);
//! fn view_link(state: ViewState) -> String => session |_| Ok(link(&state));
//! fn unlock(passphrase: String) -> ();
//! ```
//!
//! `=> store |cl| ..` reads from the ready store (`&CloudLens`); `=> change
//! |cl| ..` changes it, and is refused with `audit_mode` before it runs when
//! the store is read-only; `=> session |s| ..` gets the `&Session` (work
//! that needs no store), `=> change_session |s| ..` too, for a change that
//! needs the session (its clock, its configuration), refused likewise; an entry ending in `;` names a `Session` method
//! written by hand, whose signature is checked against the entry here, and
//! `=> change;` one that changes the store (it refuses in audit mode itself;
//! a test calls every command in audit mode and holds each `change` to it).
//! Every command returns `Result<T, ApiError>`; its arguments are owned,
//! named as the UI passes them.
//!
//! A table is invoked as `<domain>_commands!([callback path] seed tokens..)`
//! and expands to `callback! { seed tokens.. <domain> { entries } }`.

/// Every domain's table, in one call: `all_commands!([path::to::callback]
/// seed..)` expands to `callback! { seed.. session { .. } overview { .. } .. }`.
/// A new domain adds its table's name to this list.
#[macro_export]
macro_rules! all_commands {
    ([$($callback:tt)*] $($seed:tt)*) => {
        $crate::__gather_commands! { [$($callback)*] [$($seed)*] [
            session_commands,
            overview_commands,
            imports_commands,
            explore_commands,
            allocation_commands,
            currency_commands,
            sync_commands,
            sources_commands,
            maintenance_commands,
            anomalies_commands,
            forecast_commands,
            budgets_commands,
            alerts_commands,
            recommendations_commands,
            reports_commands,
            audit_commands
        ] }
    };
}

/// Calls each table in turn, accumulating their entries.
#[doc(hidden)]
#[macro_export]
macro_rules! __gather_commands {
    ([$($callback:tt)*] [$($acc:tt)*] []) => {
        $($callback)*! { $($acc)* }
    };
    ([$($callback:tt)*] [$($acc:tt)*] [$next:ident $(, $rest:ident)*]) => {
        $crate::$next! { [$crate::__gather_step] [$($callback)*] [$($acc)*] [$($rest),*] }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __gather_step {
    ([$($callback:tt)*] [$($acc:tt)*] [$($rest:ident),*] $domain:ident { $($entries:tt)* }) => {
        $crate::__gather_commands! {
            [$($callback)*] [$($acc)* $domain { $($entries)* }] [$($rest),*]
        }
    };
}

/// The `Session` methods of one domain's table.
macro_rules! session_methods {
    ($domain:ident {
        $(
            $(#[$meta:meta])*
            fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty
            $(=> $how:ident $($body:expr)?)?;
        )*
    }) => {
        $(
            $crate::commands::session_method! {
                $(#[$meta])* $name($($arg: $ty),*) -> $ret $(=> $how $($body)?)?
            }
        )*
    };
}
pub(crate) use session_methods;

macro_rules! session_method {
    // Written by hand: the method must have exactly the table's signature.
    ($(#[$meta:meta])* $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty $(=> change)?) => {
        const _: fn(&$crate::Session, $($ty),*) -> Result<$ret, $crate::ApiError> =
            $crate::Session::$name;
    };
    ($(#[$meta:meta])* $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty => store $body:expr) => {
        impl $crate::Session {
            $(#[$meta])*
            pub fn $name(&self, $($arg: $ty),*) -> Result<$ret, $crate::ApiError> {
                self.with_ready($body)
            }
        }
    };
    ($(#[$meta:meta])* $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty => change $body:expr) => {
        impl $crate::Session {
            $(#[$meta])*
            pub fn $name(&self, $($arg: $ty),*) -> Result<$ret, $crate::ApiError> {
                self.with_writable($body)
            }
        }
    };
    ($(#[$meta:meta])* $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty => change_session $body:expr) => {
        impl $crate::Session {
            $(#[$meta])*
            pub fn $name(&self, $($arg: $ty),*) -> Result<$ret, $crate::ApiError> {
                self.with_writable(|_| Ok(()))?;
                $crate::commands::with_session(self, $body)
            }
        }
    };
    ($(#[$meta:meta])* $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty => session $body:expr) => {
        impl $crate::Session {
            $(#[$meta])*
            pub fn $name(&self, $($arg: $ty),*) -> Result<$ret, $crate::ApiError> {
                $crate::commands::with_session(self, $body)
            }
        }
    };
}
pub(crate) use session_method;

/// Gives a table's `=> session |s| ..` closure its argument type.
pub(crate) fn with_session<T>(
    session: &crate::Session,
    f: impl FnOnce(&crate::Session) -> Result<T, crate::ApiError>,
) -> Result<T, crate::ApiError> {
    f(session)
}
