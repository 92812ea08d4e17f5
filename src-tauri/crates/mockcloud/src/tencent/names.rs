//! How the neutral account reads in Tencent's words: region ids and
//! names, instance types, resource ids, products. Public so tests can
//! state what they expect the client to return.

use crate::{MockResource, ResourceKind};

/// The Tencent region standing in for a neutral region.
pub fn region(neutral: &str) -> &'static str {
    match neutral {
        "cn-hangzhou" => "ap-guangzhou",
        "cn-shanghai" => "ap-shanghai",
        _ => "ap-beijing",
    }
}

/// A region's bill RegionName and RegionId, and its zone id and bill ZoneName.
pub(crate) fn region_facts(id: &str) -> (&'static str, &'static str, &'static str, &'static str) {
    match id {
        "ap-guangzhou" => ("华南地区(广州)", "1", "ap-guangzhou-3", "广州三区"),
        "ap-shanghai" => ("华东地区(上海)", "4", "ap-shanghai-2", "上海二区"),
        _ => ("华北地区(北京)", "8", "ap-beijing-6", "北京六区"),
    }
}

/// The CVM instance type standing in for a neutral one, with its cores
/// and memory in GiB.
pub(crate) fn instance_spec(neutral: &str) -> (&'static str, u32, u32) {
    match neutral {
        "g7.large" => ("S5.LARGE8", 4, 8),
        "g7.xlarge" => ("S5.2XLARGE16", 8, 16),
        "c7.2xlarge" => ("C6.2XLARGE16", 8, 16),
        _ => ("M6.LARGE16", 2, 16),
    }
}

pub fn instance_type(neutral: &str) -> &'static str {
    instance_spec(neutral).0
}

/// Tencent's id of a resource: `ins-`, `disk-` or `eip-` and eight
/// lower-case alphanumerics.
pub fn resource_id(r: &MockResource) -> String {
    let tail: String =
        r.id.chars()
            .rev()
            .take(8)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
    let prefix = match r.kind {
        ResourceKind::Instance => "ins",
        ResourceKind::Disk => "disk",
        ResourceKind::Ip => "eip",
    };
    format!("{prefix}-{tail}")
}

/// How a resource's product reads in the bill: (BusinessCodeName,
/// BusinessCode, ProductCodeName, ProductCode).
pub(crate) fn product(
    kind: ResourceKind,
) -> (&'static str, &'static str, &'static str, &'static str) {
    match kind {
        ResourceKind::Instance => ("云服务器CVM", "p_cvm", "云服务器CVM-标准型S5", "sp_cvm_s5"),
        ResourceKind::Disk => ("云硬盘", "p_cbs", "云硬盘-增强型SSD云硬盘", "sp_cbs_hssd"),
        ResourceKind::Ip => ("弹性公网IP", "p_eip", "弹性公网IP-IP资源", "sp_eip_ip"),
    }
}

/// The daily average CPU percent the mock reports for an instance on the
/// day starting at `at` (two decimals, deterministic).
pub fn cpu_percent(instance_id: &str, at: i64) -> f64 {
    let h = instance_id.bytes().fold(at.unsigned_abs(), |h, b| {
        h.wrapping_mul(31).wrapping_add(b as u64)
    });
    (100 + h % 8_900) as f64 / 100.0
}
