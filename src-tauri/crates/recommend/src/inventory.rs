//! Inventory facts as the engine reads them, and what a provider's state
//! words mean. Each provider spells states its own way (`Running`,
//! `RUNNING`, `ACTIVE`, `VM running`); the engine only needs a few classes.

use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResourceKind {
    Instance,
    Disk,
    Ip,
    Database,
    LoadBalancer,
    NatGateway,
    Other,
}

impl ResourceKind {
    /// The store's kind word.
    pub fn parse(s: &str) -> ResourceKind {
        match s {
            "instance" => ResourceKind::Instance,
            "disk" => ResourceKind::Disk,
            "ip" => ResourceKind::Ip,
            "database" => ResourceKind::Database,
            "load_balancer" => ResourceKind::LoadBalancer,
            "nat_gateway" => ResourceKind::NatGateway,
            _ => ResourceKind::Other,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ResourceKind::Instance => "instance",
            ResourceKind::Disk => "disk",
            ResourceKind::Ip => "ip",
            ResourceKind::Database => "database",
            ResourceKind::LoadBalancer => "load_balancer",
            ResourceKind::NatGateway => "nat_gateway",
            ResourceKind::Other => "other",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BillingMode {
    /// Prepaid by the month or year (包年包月, reserved capacity bound to the resource).
    Subscription,
    PayAsYouGo,
}

impl BillingMode {
    pub fn parse(s: &str) -> Option<BillingMode> {
        match s {
            "subscription" => Some(BillingMode::Subscription),
            "pay_as_you_go" => Some(BillingMode::PayAsYouGo),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            BillingMode::Subscription => "subscription",
            BillingMode::PayAsYouGo => "pay_as_you_go",
        }
    }
}

/// One resource as the last inventory read saw it.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceFacts {
    /// The provider key (`alibaba`, `aws`...) or its FOCUS name.
    pub provider: String,
    pub kind: ResourceKind,
    pub id: String,
    pub name: Option<String>,
    pub region: String,
    /// The billing account of the connection that read it, where known.
    pub billing_account: Option<String>,
    pub state: String,
    /// Instance type, or the provider's size words for other kinds.
    pub size: Option<String>,
    pub tags: Vec<(String, String)>,
    pub created_at: Option<i64>,
    /// When the inventory was read (Unix seconds).
    pub seen_at: i64,
    /// Whether a disk is attached or an address associated; `None` = not read.
    pub attached: Option<bool>,
    pub attached_to: Option<String>,
    pub billing_mode: Option<BillingMode>,
    pub expires_at: Option<i64>,
    pub auto_renew: Option<bool>,
}

/// One day's utilisation of one resource.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UtilSample {
    pub day: NaiveDate,
    /// Percent; ratios, not money.
    pub cpu: f64,
    pub memory: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateClass {
    Running,
    Stopped,
    /// A disk or address attached to nothing.
    Free,
    InUse,
    Other,
}

/// What a state word means for a resource of `kind`.
pub fn state_class(kind: ResourceKind, state: &str) -> StateClass {
    let s = state.trim().to_ascii_lowercase().replace(['-', '_'], " ");
    match kind {
        ResourceKind::Disk | ResourceKind::Ip => match s.as_str() {
            "available" | "unattached" | "unbind" | "unbound" | "down" | "reserved" | "free" => {
                StateClass::Free
            }
            "in use" | "inuse" | "attached" | "bind" | "bound" | "active" | "associated" => {
                StateClass::InUse
            }
            _ => StateClass::Other,
        },
        _ => match s.as_str() {
            "running" | "active" | "vm running" | "available" | "online" | "runnable" => {
                StateClass::Running
            }
            "stopped" | "shutoff" | "shut off" | "vm stopped" | "vm deallocated"
            | "deallocated" | "terminated" | "suspended" | "stopping" => StateClass::Stopped,
            _ => StateClass::Other,
        },
    }
}

impl ResourceFacts {
    /// Whether a disk or address is attached to nothing: the explicit fact
    /// where the inventory read one, else the state word.
    pub fn is_free(&self) -> Option<bool> {
        if let Some(a) = self.attached {
            return Some(!a);
        }
        match state_class(self.kind, &self.state) {
            StateClass::Free => Some(true),
            StateClass::InUse => Some(false),
            _ => None,
        }
    }

    pub fn state_class(&self) -> StateClass {
        state_class(self.kind, &self.state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_state_words_fall_into_classes() {
        for s in ["Running", "RUNNING", "ACTIVE", "VM running"] {
            assert_eq!(
                state_class(ResourceKind::Instance, s),
                StateClass::Running,
                "{s}"
            );
        }
        for s in [
            "Stopped",
            "STOPPED",
            "SHUTOFF",
            "VM deallocated",
            "TERMINATED",
        ] {
            assert_eq!(
                state_class(ResourceKind::Instance, s),
                StateClass::Stopped,
                "{s}"
            );
        }
        for s in ["Available", "UNATTACHED", "available", "Unattached"] {
            assert_eq!(state_class(ResourceKind::Disk, s), StateClass::Free, "{s}");
        }
        for s in ["In_use", "ATTACHED", "in-use"] {
            assert_eq!(state_class(ResourceKind::Disk, s), StateClass::InUse, "{s}");
        }
        assert_eq!(state_class(ResourceKind::Ip, "UNBIND"), StateClass::Free);
        assert_eq!(state_class(ResourceKind::Ip, "InUse"), StateClass::InUse);
        assert_eq!(state_class(ResourceKind::Ip, "DOWN"), StateClass::Free);
    }
}
