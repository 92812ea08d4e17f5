//! ECS 2014-05-26 `DescribeRegions`, `DescribeInstances`, `DescribeDisks`
//! (paged by `NextToken`/`MaxResults`, or by page number) and VPC
//! 2016-04-28 `DescribeEipAddresses` (page number only).

use chrono::DateTime;
use serde_json::{json, Value};

use super::errors::{bad_param, ok_body};
use super::{region_name, Params, Reply, ResourceKind};
use crate::{Account, MockResource};

pub(super) fn describe_regions(account: &Account) -> Reply {
    let regions: Vec<Value> = account
        .regions
        .iter()
        .map(|r| {
            json!({
                "RegionId": r,
                "LocalName": region_name(r),
                "RegionEndpoint": format!("ecs.{r}.aliyuncs.com"),
                "Status": "available",
            })
        })
        .collect();
    ok_body(json!({"Regions": {"Region": regions}}))
}

/// `2017-12-10T04:04Z` (ECS instances) or with seconds (disks, EIPs).
fn time(ts: i64, seconds: bool) -> String {
    let t = DateTime::from_timestamp(ts, 0).unwrap_or_default();
    t.format(if seconds {
        "%Y-%m-%dT%H:%M:%SZ"
    } else {
        "%Y-%m-%dT%H:%MZ"
    })
    .to_string()
}

fn octet(id: &str, salt: u32) -> u32 {
    id.bytes().fold(salt, |a, b| (a * 31 + b as u32) % 251) + 2
}

fn instance(r: &MockResource) -> Value {
    let (charge, expires) = match r.subscription {
        Some(s) => ("PrePaid", time(s.expires_at, false)),
        // Pay-as-you-go instances carry a far-future placeholder.
        None => ("PostPaid", "2099-12-31T15:59Z".to_string()),
    };
    let (cpu, memory) = match r.instance_type.as_str() {
        "g7.large" => (2, 8192),
        "g7.xlarge" => (4, 16384),
        "c7.2xlarge" => (8, 16384),
        _ => (2, 16384),
    };
    let tags: Vec<Value> = r
        .tags
        .iter()
        .map(|(k, v)| json!({"TagKey": k, "TagValue": v}))
        .collect();
    json!({
        "InstanceId": r.id,
        "InstanceName": r.name,
        "HostName": r.name,
        "InstanceType": format!("ecs.{}", r.instance_type),
        "InstanceTypeFamily": format!("ecs.{}", r.instance_type.split('.').next().unwrap_or("g7")),
        "Cpu": cpu,
        "Memory": memory,
        "Status": r.state,
        "RegionId": r.region,
        "ZoneId": format!("{}-h", r.region),
        "InstanceChargeType": charge,
        "InternetChargeType": "PayByTraffic",
        "CreationTime": time(r.created_at, false),
        "StartTime": time(r.created_at, false),
        "ExpiredTime": expires,
        "ResourceGroupId": "rg-acfmzw2jz2z****",
        "OSName": "Alibaba Cloud Linux  3.2104 LTS 64位",
        "OSType": "linux",
        "ImageId": "aliyun_3_x64_20G_alibase_20240528.vhd",
        "PublicIpAddress": {"IpAddress": []},
        "VpcAttributes": {
            "VpcId": "vpc-bp1opxu1zkhn00gzv****",
            "VSwitchId": "vsw-bp1ddbrxdlrcbim46****",
            "PrivateIpAddress": {"IpAddress": [format!("172.16.{}.{}", octet(&r.id, 1), octet(&r.id, 2))]},
        },
        "EipAddress": {"AllocationId": "", "IpAddress": "", "Bandwidth": 0, "InternetChargeType": ""},
        "SecurityGroupIds": {"SecurityGroupId": ["sg-bp67acfmxazb4p****"]},
        "Tags": {"Tag": tags},
    })
}

fn disk(r: &MockResource, attached_to: Option<&str>) -> Value {
    let tags: Vec<Value> = r
        .tags
        .iter()
        .map(|(k, v)| json!({"TagKey": k, "TagValue": v}))
        .collect();
    let in_use = r.state == "Running";
    json!({
        "DiskId": r.id,
        "DiskName": r.name,
        "Description": "",
        "InstanceId": attached_to.unwrap_or_default(),
        "Size": r.size_gib,
        "Category": r.instance_type,
        "PerformanceLevel": "PL1",
        "Type": "data",
        "Status": if in_use { "In_use" } else { "Available" },
        "DiskChargeType": "PostPaid",
        "Portable": true,
        "Encrypted": false,
        "RegionId": r.region,
        "ZoneId": format!("{}-h", r.region),
        "CreationTime": time(r.created_at, true),
        "Tags": {"Tag": tags},
    })
}

fn eip(r: &MockResource, attached_to: Option<&str>) -> Value {
    // VPC spells tag members Key/Value, not ECS's TagKey/TagValue.
    let tags: Vec<Value> = r
        .tags
        .iter()
        .map(|(k, v)| json!({"Key": k, "Value": v}))
        .collect();
    json!({
        "AllocationId": r.id,
        "Name": r.name,
        "IpAddress": format!("47.96.{}.{}", octet(&r.id, 3), octet(&r.id, 4)),
        "Status": if r.state == "Running" { "InUse" } else { "Available" },
        "InstanceId": attached_to.unwrap_or_default(),
        "InstanceType": if attached_to.is_some() { "EcsInstance" } else { "" },
        "Bandwidth": "5",
        "ChargeType": "PostPaid",
        "InternetChargeType": "PayByTraffic",
        "ISP": "BGP",
        "Netmode": "public",
        "AllocationTime": time(r.created_at, true),
        "ExpiredTime": "",
        "RegionId": r.region,
        "ResourceGroupId": "rg-acfmzw2jz2z****",
        "Tags": {"Tag": tags},
    })
}

fn token(offset: usize) -> String {
    format!("e71d8a535bd9c{offset:x}")
}

fn offset(token: &str) -> Option<usize> {
    usize::from_str_radix(token.strip_prefix("e71d8a535bd9c")?, 16).ok()
}

/// A page of `list` by the cursor (`MaxResults`/`NextToken`), or by page
/// number when the request uses `PageNumber`/`PageSize` instead.
fn page(
    p: &Params,
    list: &[&MockResource],
    page_size: usize,
    max_page: usize,
    render: &dyn Fn(&MockResource) -> Value,
    wrap: [&str; 2],
    cursor: bool,
) -> Reply {
    let by_cursor = cursor && !p.contains_key("PageNumber") && !p.contains_key("PageSize");
    let limit_param = if by_cursor { "MaxResults" } else { "PageSize" };
    let asked = match p.get(limit_param).map(|m| m.parse::<usize>()) {
        None => 10,
        Some(Ok(m)) if (1..=max_page).contains(&m) => m,
        Some(_) => {
            return bad_param(
                "InvalidParameter",
                &format!("{limit_param} must be between 1 and {max_page}."),
            )
        }
    };
    let size = asked.min(page_size.max(1));
    let (start, number) = if by_cursor {
        match p.get("NextToken").filter(|t| !t.is_empty()) {
            None => (0, 1),
            Some(t) => match offset(t) {
                Some(o) => (o, 0),
                None => {
                    return bad_param(
                        "InvalidParameter.NextToken",
                        "The specified NextToken is invalid.",
                    )
                }
            },
        }
    } else {
        match p.get("PageNumber").map(|n| n.parse::<usize>()) {
            None => (0, 1),
            Some(Ok(n)) if n >= 1 => ((n - 1) * size, n),
            Some(_) => return bad_param("InvalidParameter", "PageNumber must be 1 or more."),
        }
    };
    let end = (start + size).min(list.len());
    let items: Vec<Value> = list
        .get(start.min(end)..end)
        .unwrap_or_default()
        .iter()
        .map(|r| render(r))
        .collect();
    let mut body = json!({"TotalCount": list.len()});
    if let Value::Object(o) = &mut body {
        if by_cursor {
            let next = if end < list.len() {
                token(end)
            } else {
                String::new()
            };
            o.insert("NextToken".into(), json!(next));
        } else {
            o.insert("PageNumber".into(), json!(number));
            o.insert("PageSize".into(), json!(size));
        }
        o.insert(wrap[0].into(), json!({ wrap[1]: items }));
    }
    ok_body(body)
}

pub(super) fn describe(
    kind: ResourceKind,
    p: &Params,
    account: &Account,
    page_size: usize,
) -> Reply {
    let Some(region) = p.get("RegionId") else {
        return bad_param("MissingRegionId", "RegionId is mandatory for this action.");
    };
    let list: Vec<&MockResource> = account
        .resources
        .iter()
        .filter(|r| r.kind == kind && &r.region == region)
        .collect();
    let attached_to = |r: &MockResource| {
        let i = account.resources.iter().position(|x| x.id == r.id)?;
        account.attached_to(i)
    };
    match kind {
        ResourceKind::Instance => page(
            p,
            &list,
            page_size,
            100,
            &instance,
            ["Instances", "Instance"],
            true,
        ),
        ResourceKind::Disk => page(
            p,
            &list,
            page_size,
            100,
            &|r| disk(r, attached_to(r)),
            ["Disks", "Disk"],
            true,
        ),
        ResourceKind::Ip => page(
            p,
            &list,
            page_size,
            100,
            &|r| eip(r, attached_to(r)),
            ["EipAddresses", "EipAddress"],
            false,
        ),
    }
}
