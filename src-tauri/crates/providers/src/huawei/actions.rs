//! The read-only actions the client may call, each with where and how it
//! is sent. `ALLOWED_ACTIONS` and the table below are one list: an action
//! has a route only if it is allowed.

use crate::{PolicyGuide, Site};

/// `service:Action` names of the only APIs the client calls; all read.
pub const ALLOWED_ACTIONS: &[&str] = &[
    "bss:ListCustomerselfResourceRecordDetails",
    "bss:ListCustomerBillsFeeRecords",
    "iam:KeystoneListProjects",
    "ecs:ListServersDetails",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    /// Parameters go in a JSON body.
    PostJson,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::PostJson => "POST",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// Global, `bss.myhuaweicloud.com` / `bss-intl.myhuaweicloud.com`.
    Bss,
    /// Global, `iam.myhuaweicloud.com`.
    Iam,
    /// Regional, `ecs.{region}.myhuaweicloud.com`.
    Ecs,
}

#[derive(Debug, Clone, Copy)]
pub struct Route {
    pub service: Service,
    pub method: Method,
    /// `{name}` segments are filled from the parameters of the same name.
    pub path: &'static str,
    /// The IAM permission the action needs (for the custom policy).
    pub permission: &'static str,
}

/// The route of an allowed action; `None` for anything else.
pub fn route(action: &str) -> Option<Route> {
    let r = |service, method, path, permission| {
        Some(Route {
            service,
            method,
            path,
            permission,
        })
    };
    match action {
        "bss:ListCustomerselfResourceRecordDetails" => r(
            Service::Bss,
            Method::PostJson,
            "/v2/bills/customer-bills/res-records/query",
            "bss:bill:view",
        ),
        "bss:ListCustomerBillsFeeRecords" => r(
            Service::Bss,
            Method::Get,
            "/v2/bills/customer-bills/fee-records",
            "bss:bill:view",
        ),
        "iam:KeystoneListProjects" => r(
            Service::Iam,
            Method::Get,
            "/v3/projects",
            "iam:projects:list",
        ),
        "ecs:ListServersDetails" => r(
            Service::Ecs,
            Method::Get,
            "/v1/{project_id}/cloudservers/detail",
            "ecs:cloudServers:list",
        ),
        _ => None,
    }
}

/// The documented host name of a service; `region` for regional ones.
pub fn host(service: Service, site: Site, region: Option<&str>) -> String {
    match (service, site) {
        (Service::Bss, Site::China) => "bss.myhuaweicloud.com".into(),
        (Service::Bss, Site::International) => "bss-intl.myhuaweicloud.com".into(),
        (Service::Iam, _) => "iam.myhuaweicloud.com".into(),
        (Service::Ecs, _) => format!("ecs.{}.myhuaweicloud.com", region.unwrap_or_default()),
    }
}

/// BSS body fields that are numbers or booleans in the documented request
/// model (`QueryResRecordsDetailReq`); every other value is a string.
pub fn json_number_field(name: &str) -> bool {
    matches!(
        name,
        "offset" | "limit" | "statistic_type" | "charge_mode" | "bill_type"
    )
}

pub fn json_bool_field(name: &str) -> bool {
    name == "include_zero_record"
}

/// The system policies that grant read access (API-NOTES §4.4: names to
/// confirm in the IAM console), and a custom policy granting exactly the
/// permissions of the allowed actions.
pub fn policy_guide() -> PolicyGuide {
    let mut permissions: Vec<&str> = ALLOWED_ACTIONS
        .iter()
        .filter_map(|a| route(a).map(|r| r.permission))
        .collect();
    permissions.sort_unstable();
    permissions.dedup();
    let custom = serde_json::json!({
        "Version": "1.1",
        "Statement": [{ "Effect": "Allow", "Action": permissions }],
    });
    PolicyGuide {
        managed_policies: vec![
            "BSS ReadonlyAccess".into(),
            "ECS ReadOnlyAccess".into(),
            "Tenant Guest".into(),
        ],
        custom_policy: serde_json::to_string_pretty(&custom).unwrap_or_default(),
        actions: ALLOWED_ACTIONS.iter().map(|a| a.to_string()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_allowed_action_has_a_route_and_nothing_else_does() {
        for a in ALLOWED_ACTIONS {
            assert!(route(a).is_some(), "{a} has no route");
        }
        for a in [
            "ecs:CreateServers",
            "bss:PayOrders",
            "ecs:DeleteServers",
            "",
        ] {
            assert!(route(a).is_none());
        }
    }

    #[test]
    fn the_custom_policy_grants_only_read_permissions() {
        let g = policy_guide();
        let doc: serde_json::Value = serde_json::from_str(&g.custom_policy).unwrap();
        let actions: Vec<&str> = doc["Statement"][0]["Action"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert_eq!(
            actions,
            [
                "bss:bill:view",
                "ecs:cloudServers:list",
                "iam:projects:list"
            ]
        );
        assert!(actions
            .iter()
            .all(|a| a.ends_with(":view") || a.ends_with(":list")));
        assert_eq!(g.actions.len(), ALLOWED_ACTIONS.len());
    }
}
