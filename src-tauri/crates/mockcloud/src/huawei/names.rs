//! The neutral account in Huawei's own words: region ids and names,
//! flavors, server states, service and resource type codes.

use crate::{MockResource, ResourceKind};

/// Huawei's region for a neutral region of the account.
pub fn region_of(neutral: &str) -> &str {
    match neutral {
        "cn-hangzhou" => "cn-east-3",
        "cn-shanghai" => "cn-east-2",
        "cn-beijing" => "cn-north-4",
        other => other,
    }
}

pub fn region_name(region: &str, english: bool) -> &str {
    match (region, english) {
        ("cn-east-3", false) => "华东-上海一",
        ("cn-east-3", true) => "CN East-Shanghai1",
        ("cn-east-2", false) => "华东-上海二",
        ("cn-east-2", true) => "CN East-Shanghai2",
        ("cn-north-4", false) => "华北-北京四",
        ("cn-north-4", true) => "CN North-Beijing4",
        (other, _) => other,
    }
}

/// The ECS flavor for a neutral instance type.
pub fn flavor_of(neutral: &str) -> &str {
    match neutral {
        "g7.large" => "s7.large.2",
        "g7.xlarge" => "s7.xlarge.2",
        "c7.2xlarge" => "c7.2xlarge.2",
        "r7.large" => "m7.large.8",
        other => other,
    }
}

/// The ECS status for a neutral state.
pub fn status_of(neutral: &str) -> &str {
    match neutral {
        "Running" => "ACTIVE",
        "Stopped" => "SHUTOFF",
        other => other,
    }
}

pub struct Product {
    pub service_code: &'static str,
    pub resource_code: &'static str,
    pub service_name: &'static str,
    pub resource_name: &'static str,
}

pub fn product(kind: ResourceKind, english: bool) -> Product {
    let (service_code, resource_code, zh, en) = match kind {
        ResourceKind::Instance => (
            "hws.service.type.ec2",
            "hws.resource.type.vm",
            ("弹性云服务器", "云主机"),
            ("Elastic Cloud Server", "ECS"),
        ),
        ResourceKind::Disk => (
            "hws.service.type.ebs",
            "hws.resource.type.volume",
            ("云硬盘", "云硬盘"),
            ("Elastic Volume Service", "EVS Disk"),
        ),
        ResourceKind::Ip => (
            "hws.service.type.vpc",
            "hws.resource.type.ip",
            ("虚拟私有云", "弹性公网IP"),
            ("Virtual Private Cloud", "Elastic IP"),
        ),
    };
    let (service_name, resource_name) = if english { en } else { zh };
    Product {
        service_code,
        resource_code,
        service_name,
        resource_name,
    }
}

/// What the bill says the resource is (`product_spec_desc`, `sku_code`).
pub fn spec(r: &MockResource) -> (String, String) {
    match r.kind {
        ResourceKind::Instance => {
            let f = flavor_of(&r.instance_type);
            (format!("{f} | Linux"), format!("{f}.linux"))
        }
        ResourceKind::Disk => (format!("通用型SSD | {}GB", r.size_gib), "GPSSD".to_string()),
        ResourceKind::Ip => ("全动态BGP | 按流量计费".to_string(), "5_bgp".to_string()),
    }
}

/// Resource tags as the bills write them: `k=v;k2=v2`.
pub fn tag_text(tags: &[(String, String)]) -> String {
    tags.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(";")
}
