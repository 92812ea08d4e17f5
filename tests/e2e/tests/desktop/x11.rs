//! The window as the X server sees it: found by the app's pid, closed the
//! way a window manager's close button does (a `WM_DELETE_WINDOW` message,
//! which GTK turns into the close request the app handles), and whether it
//! is shown.

use x11rb::connection::Connection;
use x11rb::protocol::xproto::{
    AtomEnum, ClientMessageEvent, ConnectionExt, EventMask, MapState, Window,
};
use x11rb::rust_connection::RustConnection;
use x11rb::CURRENT_TIME;

pub struct Display {
    conn: RustConnection,
    root: Window,
}

impl Display {
    pub fn open() -> Display {
        let (conn, screen) = x11rb::connect(None).expect("the X display (run under Xvfb)");
        let root = conn.setup().roots[screen].root;
        Display { conn, root }
    }

    fn atom(&self, name: &str) -> u32 {
        self.conn
            .intern_atom(false, name.as_bytes())
            .expect("intern atom")
            .reply()
            .expect("atom")
            .atom
    }

    fn text(&self, window: Window, property: &str) -> String {
        let utf8 = self.atom("UTF8_STRING");
        self.conn
            .get_property(false, window, self.atom(property), utf8, 0, 256)
            .ok()
            .and_then(|c| c.reply().ok())
            .map(|r| String::from_utf8_lossy(&r.value).into_owned())
            .unwrap_or_default()
    }

    /// The app's top-level window titled `title`.
    pub fn window_of(&self, pid: u32, title: &str) -> Option<Window> {
        let pid_atom = self.atom("_NET_WM_PID");
        let tree = self.conn.query_tree(self.root).ok()?.reply().ok()?;
        tree.children.into_iter().find(|&w| {
            let owner = self
                .conn
                .get_property(false, w, pid_atom, AtomEnum::CARDINAL, 0, 1)
                .ok()
                .and_then(|c| c.reply().ok())
                .and_then(|r| r.value32().and_then(|mut v| v.next()));
            owner == Some(pid) && self.text(w, "_NET_WM_NAME") == title
        })
    }

    /// Asks the window to close, as a window manager's close button does.
    pub fn request_close(&self, window: Window) {
        let protocols = self.atom("WM_PROTOCOLS");
        let delete = self.atom("WM_DELETE_WINDOW");
        let event = ClientMessageEvent::new(32, window, protocols, [delete, CURRENT_TIME, 0, 0, 0]);
        self.conn
            .send_event(false, window, EventMask::NO_EVENT, event)
            .expect("send WM_DELETE_WINDOW");
        self.conn.flush().expect("flush");
    }

    /// Whether the window is on screen; `None` once it is destroyed.
    pub fn shown(&self, window: Window) -> Option<bool> {
        let attrs = self.conn.get_window_attributes(window).ok()?.reply().ok()?;
        Some(attrs.map_state == MapState::VIEWABLE)
    }
}
