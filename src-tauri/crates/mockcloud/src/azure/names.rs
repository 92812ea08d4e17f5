//! How the neutral account reads in Azure's words: the subscription,
//! locations, resource groups, lower-case ARM ids, VM sizes and services.
//! Public where tests state what they expect.

use crate::{Account, MockResource, ResourceKind};

/// The account's one subscription (a GUID made from its billing account).
pub fn subscription_id(account: &Account) -> String {
    let digits: String = account
        .billing_account
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let tail = format!("{:0>12}", digits);
    format!("00000000-0000-4000-8000-{}", &tail[tail.len() - 12..])
}

/// The Azure location standing for a neutral region.
pub fn location(neutral: &str) -> &'static str {
    match neutral {
        "cn-hangzhou" => "eastus",
        "cn-shanghai" => "westeurope",
        _ => "southeastasia",
    }
}

pub fn resource_group(r: &MockResource) -> String {
    format!("rg-{}", location(&r.region))
}

/// The resource's ARM id, lower-case as cost exports write it.
pub fn resource_id(account: &Account, r: &MockResource) -> String {
    let kind = match r.kind {
        ResourceKind::Instance => "microsoft.compute/virtualmachines",
        ResourceKind::Disk => "microsoft.compute/disks",
        ResourceKind::Ip => "microsoft.network/publicipaddresses",
    };
    format!(
        "/subscriptions/{}/resourcegroups/{}/providers/{kind}/{}",
        subscription_id(account),
        resource_group(r),
        r.name
    )
}

pub fn vm_size(neutral: &str) -> &'static str {
    match neutral {
        "g7.large" => "Standard_D2s_v5",
        "g7.xlarge" => "Standard_D4s_v5",
        "c7.2xlarge" => "Standard_F8s_v2",
        _ => "Standard_E2s_v5",
    }
}

/// (consumed service, meter category, the query API's service name, meter name).
pub fn service(kind: ResourceKind) -> (&'static str, &'static str, &'static str, &'static str) {
    match kind {
        ResourceKind::Instance => (
            "Microsoft.Compute",
            "Virtual Machines",
            "Virtual Machines",
            "D2s v5",
        ),
        ResourceKind::Disk => ("Microsoft.Compute", "Storage", "Storage", "P10 LRS Disk"),
        ResourceKind::Ip => (
            "Microsoft.Network",
            "Virtual Network",
            "Virtual Network",
            "Standard IPv4 Static Public IP",
        ),
    }
}

pub fn request_id() -> String {
    let b: [u8; 16] = rand::random();
    let h = hex::encode(b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}
