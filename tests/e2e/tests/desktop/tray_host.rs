//! A StatusNotifier host, as a desktop panel is one: it owns
//! `org.kde.StatusNotifierWatcher` on the session bus, so the app's tray
//! icon (libayatana-appindicator) registers with it, and reads and clicks
//! the icon's menu through `com.canonical.dbusmenu`, as the panel does when
//! the user opens it. Everything between the app and this host is the real
//! protocol; only the drawing of a panel is missing.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use zbus::message::Header;
use zbus::object_server::SignalEmitter;
use zbus::zvariant::{OwnedObjectPath, OwnedValue, Value};
use zbus::{interface, Connection};

const WATCHER: &str = "org.kde.StatusNotifierWatcher";

#[derive(Default)]
struct Watcher {
    /// Registered items as (bus name, object path).
    items: Arc<Mutex<Vec<(String, String)>>>,
}

#[interface(name = "org.kde.StatusNotifierWatcher")]
impl Watcher {
    async fn register_status_notifier_item(
        &self,
        service: &str,
        #[zbus(header)] header: Header<'_>,
        #[zbus(signal_emitter)] emitter: SignalEmitter<'_>,
    ) {
        // Ayatana names its object path; other items name a bus name.
        let sender = header.sender().map(|s| s.to_string()).unwrap_or_default();
        let (name, path) = if service.starts_with('/') {
            (sender, service.to_string())
        } else {
            (service.to_string(), "/StatusNotifierItem".to_string())
        };
        let id = format!("{name}{path}");
        self.items
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((name, path));
        let _ = Self::status_notifier_item_registered(&emitter, &id).await;
    }

    async fn register_status_notifier_host(&self, _service: &str) {}

    #[zbus(property)]
    async fn registered_status_notifier_items(&self) -> Vec<String> {
        let items = self.items.lock().unwrap_or_else(|p| p.into_inner());
        items.iter().map(|(n, p)| format!("{n}{p}")).collect()
    }

    #[zbus(property)]
    async fn is_status_notifier_host_registered(&self) -> bool {
        true
    }

    #[zbus(property)]
    async fn protocol_version(&self) -> i32 {
        0
    }

    #[zbus(signal)]
    async fn status_notifier_item_registered(
        emitter: &SignalEmitter<'_>,
        service: &str,
    ) -> zbus::Result<()>;
}

/// The host; it leaves the bus when dropped.
pub struct TrayHost {
    conn: Connection,
    items: Arc<Mutex<Vec<(String, String)>>>,
}

/// One entry of the icon's menu.
#[derive(Debug, Clone)]
pub struct MenuEntry {
    pub id: i32,
    pub label: String,
}

impl TrayHost {
    pub async fn start() -> TrayHost {
        let watcher = Watcher::default();
        let items = watcher.items.clone();
        let conn = zbus::connection::Builder::session()
            .expect("session bus")
            .name(WATCHER)
            .expect("watcher name")
            .serve_at("/StatusNotifierWatcher", watcher)
            .expect("serve the watcher")
            .build()
            .await
            .expect("own org.kde.StatusNotifierWatcher (is another host running?)");
        TrayHost { conn, items }
    }

    /// The item process `pid` registered, if it has (other apps on the
    /// same session may register theirs).
    pub async fn item_of(&self, pid: u32) -> Option<(String, String)> {
        let items = self.items.lock().unwrap_or_else(|p| p.into_inner()).clone();
        for item in items {
            let owner = self
                .conn
                .call_method(
                    Some("org.freedesktop.DBus"),
                    "/org/freedesktop/DBus",
                    Some("org.freedesktop.DBus"),
                    "GetConnectionUnixProcessID",
                    &(item.0.as_str(),),
                )
                .await
                .and_then(|r| r.body().deserialize::<u32>());
            if owner.ok() == Some(pid) {
                return Some(item);
            }
        }
        None
    }

    async fn menu_of(&self, (name, path): &(String, String)) -> zbus::Result<OwnedObjectPath> {
        let reply = self
            .conn
            .call_method(
                Some(name.as_str()),
                path.as_str(),
                Some("org.freedesktop.DBus.Properties"),
                "Get",
                &("org.kde.StatusNotifierItem", "Menu"),
            )
            .await?;
        let value: OwnedValue = reply.body().deserialize()?;
        Ok(OwnedObjectPath::try_from(value)?)
    }

    /// The visible entries of the item's menu, as a panel lists them.
    pub async fn menu(&self, item: &(String, String)) -> zbus::Result<Vec<MenuEntry>> {
        let menu = self.menu_of(item).await?;
        let no_properties: Vec<&str> = Vec::new();
        let reply = self
            .conn
            .call_method(
                Some(item.0.as_str()),
                menu.as_str(),
                Some("com.canonical.dbusmenu"),
                "GetLayout",
                &(0i32, -1i32, no_properties),
            )
            .await?;
        type Node = (i32, HashMap<String, OwnedValue>, Vec<OwnedValue>);
        let (_revision, (_root, _props, children)): (u32, Node) = reply.body().deserialize()?;
        let mut entries = Vec::new();
        for child in children {
            let (id, props, _): Node = child.try_into()?;
            let visible = props
                .get("visible")
                .and_then(|v| bool::try_from(v).ok())
                .unwrap_or(true);
            let label = props
                .get("label")
                .and_then(|v| String::try_from(v.clone()).ok())
                .unwrap_or_default();
            if visible && !label.is_empty() {
                entries.push(MenuEntry { id, label });
            }
        }
        Ok(entries)
    }

    /// Clicks the entry, as the panel does when the user picks it.
    pub async fn click(&self, item: &(String, String), entry: &MenuEntry) -> zbus::Result<()> {
        let menu = self.menu_of(item).await?;
        self.conn
            .call_method(
                Some(item.0.as_str()),
                menu.as_str(),
                Some("com.canonical.dbusmenu"),
                "Event",
                &(entry.id, "clicked", Value::from(""), 0u32),
            )
            .await?;
        Ok(())
    }
}
