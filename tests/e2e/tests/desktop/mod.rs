//! The desktop around the app, as a user's would be: a tray host on the
//! session bus, the X server's view of the window, the app's process.

// End-to-end tests read /proc and the display, as the desktop does.
#![allow(dead_code, clippy::disallowed_methods)]

pub mod process;
pub mod tray_host;
pub mod x11;
