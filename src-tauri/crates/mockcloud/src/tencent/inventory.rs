//! CVM `DescribeRegions` and `DescribeInstances`, CBS `DescribeDisks`, VPC
//! `DescribeAddresses` (region from `X-TC-Region`, `Offset`/`Limit` up to
//! 100, `TotalCount`), and how the neutral account's resources read in
//! Tencent's words (region ids and names, instance types, resource ids).
//! Public where tests state what they expect the client to return.

use chrono::DateTime;
use serde_json::{json, Value};

use super::bills::tags;
use super::errors::ok;
use super::paging;
use crate::{Account, MockResource, RawResponse, ResourceKind};

const LIST_MAX: u64 = 100;

pub fn regions(account: &Account) -> RawResponse {
    let mut ids: Vec<&str> = account.regions.iter().map(|r| region(r)).collect();
    // The account may also use a region where it has nothing yet.
    ids.push("ap-hongkong");
    ids.dedup();
    let set: Vec<Value> = ids
        .iter()
        .map(|id| {
            let name = match *id {
                "ap-guangzhou" => "华南地区(广州)",
                "ap-shanghai" => "华东地区(上海)",
                "ap-beijing" => "华北地区(北京)",
                _ => "港澳台地区(中国香港)",
            };
            json!({"Region": id, "RegionName": name, "RegionState": "AVAILABLE"})
        })
        .collect();
    ok(json!({"TotalCount": set.len(), "RegionSet": set}))
}

fn utc_iso(ts: i64) -> String {
    DateTime::from_timestamp(ts, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

fn china_text(ts: i64) -> String {
    DateTime::from_timestamp(ts + 8 * 3600, 0)
        .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_default()
}

pub fn list(
    service: &str,
    region_id: &str,
    body: &Value,
    account: &Account,
    page_size: usize,
) -> RawResponse {
    let (offset, limit) = match paging(body, LIST_MAX, page_size) {
        Ok(p) => p,
        Err(e) => return e,
    };
    let kind = match service {
        "cvm" => ResourceKind::Instance,
        "cbs" => ResourceKind::Disk,
        _ => ResourceKind::Ip,
    };
    let matching: Vec<usize> = account
        .resources
        .iter()
        .enumerate()
        .filter(|(_, r)| r.kind == kind && region(&r.region) == region_id)
        .map(|(i, _)| i)
        .collect();
    let page: Vec<Value> = matching
        .iter()
        .skip(offset)
        .take(limit)
        .map(|&i| match kind {
            ResourceKind::Instance => instance(account, i),
            ResourceKind::Disk => disk(account, i),
            ResourceKind::Ip => address(account, i),
        })
        .collect();
    let set = match kind {
        ResourceKind::Instance => "InstanceSet",
        ResourceKind::Disk => "DiskSet",
        ResourceKind::Ip => "AddressSet",
    };
    let mut fields = json!({"TotalCount": matching.len()});
    fields[set] = Value::Array(page);
    ok(fields)
}

pub(super) fn running(r: &MockResource) -> bool {
    r.state == "Running"
}

fn instance(account: &Account, i: usize) -> Value {
    let r = &account.resources[i];
    let (itype, cores, mem) = instance_spec(&r.instance_type);
    let (_, _, zone, _) = region_facts(region(&r.region));
    let id = resource_id(r);
    let (charge, renew, expires) = match r.subscription {
        Some(s) => (
            "PREPAID",
            json!(if s.auto_renew {
                "NOTIFY_AND_AUTO_RENEW"
            } else {
                "NOTIFY_AND_MANUAL_RENEW"
            }),
            json!(utc_iso(s.expires_at)),
        ),
        None => ("POSTPAID_BY_HOUR", Value::Null, Value::Null),
    };
    json!({
        "Placement": {"Zone": zone, "ProjectId": 0, "HostIds": null, "HostIps": null, "HostId": null},
        "InstanceId": id,
        "Uuid": format!("{:08x}-6b2e-4c1a-9d0f-{:012x}", i, i * 7919),
        "InstanceType": itype,
        "CPU": cores,
        "Memory": mem,
        "RestrictState": "NORMAL",
        "InstanceName": r.name,
        "InstanceChargeType": charge,
        "SystemDisk": {"DiskType": "CLOUD_PREMIUM", "DiskId": format!("disk-s{:07x}", i), "DiskSize": 50},
        "DataDisks": [],
        "PrivateIpAddresses": [format!("10.0.{}.{}", i / 250, i % 250 + 2)],
        "PublicIpAddresses": if running(r) { json!([format!("43.139.{}.{}", i / 250, i % 250 + 2)]) } else { Value::Null },
        "InternetAccessible": {"InternetChargeType": "TRAFFIC_POSTPAID_BY_HOUR", "InternetMaxBandwidthOut": 5, "PublicIpAssigned": running(r)},
        "VirtualPrivateCloud": {"VpcId": "vpc-m0cnatxj", "SubnetId": "subnet-a1b2c3d4", "AsVpcGateway": false},
        "ImageId": "img-l8og963d",
        "RenewFlag": renew,
        "CreatedTime": utc_iso(r.created_at),
        "ExpiredTime": expires,
        "OsName": "TencentOS Server 3.1 (TK4)",
        "SecurityGroupIds": ["sg-5ldm0dba"],
        "LoginSettings": {"KeyIds": ["skey-3glfot13"]},
        "InstanceState": if running(r) { "RUNNING" } else { "STOPPED" },
        "Tags": tags(account, i, "Key", "Value"),
        "StopChargingMode": "NOT_APPLICABLE",
        "LatestOperation": "StartInstances",
        "LatestOperationState": "SUCCESS",
        "DisableApiTermination": false,
    })
}

fn disk(account: &Account, i: usize) -> Value {
    let r = &account.resources[i];
    let (_, _, zone, _) = region_facts(region(&r.region));
    let to = attached_to(account, i);
    json!({
        "DiskId": resource_id(r),
        "DiskUsage": "DATA_DISK",
        "DiskChargeType": "POSTPAID_BY_HOUR",
        "Portable": true,
        "Placement": {"Zone": zone, "ProjectId": 0},
        "DiskName": r.name,
        "DiskSize": r.size_gib,
        "DiskState": if running(r) { "ATTACHED" } else { "UNATTACHED" },
        "DiskType": "CLOUD_HSSD",
        "Attached": running(r),
        "InstanceId": to,
        "CreateTime": china_text(r.created_at),
        "DeadlineTime": "",
        "Encrypt": false,
        "Tags": tags(account, i, "Key", "Value"),
    })
}

/// The instance a disk in use is attached to, in Tencent's words: the
/// account's first instance in its region, as every mock attaches it.
fn attached_to(account: &Account, i: usize) -> String {
    if !running(&account.resources[i]) {
        return String::new();
    }
    account
        .attached_to(i)
        .and_then(|id| account.resources.iter().find(|s| s.id == id))
        .map_or_else(|| format!("ins-{:08x}", i.saturating_sub(3)), resource_id)
}

fn address(account: &Account, i: usize) -> Value {
    let r = &account.resources[i];
    json!({
        "AddressId": resource_id(r),
        "AddressName": r.name,
        "AddressStatus": if running(r) { "BIND" } else { "UNBIND" },
        "AddressIp": format!("119.29.{}.{}", i / 250, i % 250 + 2),
        "InstanceId": if running(r) { json!(format!("ins-{:08x}", i.saturating_sub(4))) } else { Value::Null },
        "CreatedTime": utc_iso(r.created_at),
        "NetworkInterfaceId": null,
        "PrivateAddressIp": null,
        "IsArrears": false,
        "IsBlocked": false,
        "IsEipDirectConnection": false,
        "AddressType": "EIP",
        "CascadeRelease": false,
        "InternetServiceProvider": "BGP",
        "Bandwidth": 5,
        "InternetChargeType": "TRAFFIC_POSTPAID_BY_HOUR",
        "TagSet": tags(account, i, "Key", "Value"),
    })
}

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
