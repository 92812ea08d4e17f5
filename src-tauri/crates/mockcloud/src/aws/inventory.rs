//! EC2 `DescribeRegions`, `DescribeInstances` and `DescribeVolumes` (paged
//! by `MaxResults`/`NextToken`) and `DescribeAddresses` (one page), and how
//! the neutral account's resources read in AWS's words (regions, ids,
//! instance types, services). Public where tests state what they expect.

use super::errors::{error, escape, ok, request_id, Shape};
use crate::{Account, MockResource, RawResponse, ResourceKind};

const EC2_NS: &str = "http://ec2.amazonaws.com/doc/2016-11-15/";

/// The AWS region standing for a neutral one.
pub fn region(neutral: &str) -> &'static str {
    match neutral {
        "cn-hangzhou" => "us-east-1",
        "cn-shanghai" => "eu-west-1",
        _ => "ap-southeast-1",
    }
}

/// The resource's AWS id (`i-…`, `vol-…`, `eipalloc-…`).
pub fn resource_id(r: &MockResource) -> String {
    let hex = r.id.rsplit('-').next().unwrap_or(&r.id);
    match r.kind {
        ResourceKind::Instance => format!("i-0{hex}"),
        ResourceKind::Disk => format!("vol-0{hex}"),
        ResourceKind::Ip => format!("eipalloc-0{hex}"),
    }
}

pub fn instance_type(neutral: &str) -> &'static str {
    match neutral {
        "g7.large" => "m6i.large",
        "g7.xlarge" => "m6i.xlarge",
        "c7.2xlarge" => "c6i.2xlarge",
        _ => "r6i.large",
    }
}

/// (product code, product name, Cost Explorer's service name, FOCUS service category).
pub fn service(kind: ResourceKind) -> (&'static str, &'static str, &'static str, &'static str) {
    match kind {
        ResourceKind::Instance => (
            "AmazonEC2",
            "Amazon Elastic Compute Cloud",
            "Amazon Elastic Compute Cloud - Compute",
            "Compute",
        ),
        ResourceKind::Disk => (
            "AmazonEC2",
            "Amazon Elastic Compute Cloud",
            "EC2 - Other",
            "Storage",
        ),
        ResourceKind::Ip => (
            "AmazonVPC",
            "Amazon Virtual Private Cloud",
            "Amazon Virtual Private Cloud",
            "Networking",
        ),
    }
}

fn iso(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%S.000Z").to_string())
        .unwrap_or_default()
}

fn tag_set(r: &MockResource) -> String {
    let mut out = format!(
        "<tagSet><item><key>Name</key><value>{}</value></item>",
        escape(&r.name)
    );
    for (k, v) in &r.tags {
        out.push_str(&format!(
            "<item><key>{}</key><value>{}</value></item>",
            escape(k),
            escape(v)
        ));
    }
    out.push_str("</tagSet>");
    out
}

fn answer(action: &str, inner: &str) -> RawResponse {
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{action}Response xmlns=\"{EC2_NS}\"><requestId>{}</requestId>{inner}</{action}Response>",
        request_id()
    );
    ok(Shape::Ec2, "text/xml", body.into_bytes())
}

pub fn regions(account: &Account) -> RawResponse {
    let mut names: Vec<&str> = account.regions.iter().map(|r| region(r)).collect();
    names.sort_unstable();
    names.dedup();
    let items: String = names
        .iter()
        .map(|n| format!("<item><regionName>{n}</regionName><regionEndpoint>ec2.{n}.amazonaws.com</regionEndpoint><optInStatus>opt-in-not-required</optInStatus></item>"))
        .collect();
    answer(
        "DescribeRegions",
        &format!("<regionInfo>{items}</regionInfo>"),
    )
}

/// The resources of `kind` in `aws_region` from `NextToken` on, at most
/// `MaxResults` (within `max`) and the harness's page size.
pub fn list(
    action: &str,
    form: &[(String, String)],
    aws_region: &str,
    account: &Account,
    page_size: usize,
) -> RawResponse {
    let field = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let (kind, max) = match action {
        "DescribeInstances" => (ResourceKind::Instance, 1000),
        "DescribeVolumes" => (ResourceKind::Disk, 500),
        _ => (ResourceKind::Ip, usize::MAX),
    };
    let all: Vec<&MockResource> = account
        .resources
        .iter()
        .filter(|r| r.kind == kind && region(&r.region) == aws_region)
        .collect();
    let (start, limit) = if kind == ResourceKind::Ip {
        (0, all.len())
    } else {
        let start = match field("NextToken") {
            None => 0,
            Some(t) => match t.strip_prefix("tok-").and_then(|n| n.parse::<usize>().ok()) {
                Some(n) => n,
                None => {
                    return error(
                        Shape::Ec2,
                        400,
                        "InvalidParameterValue",
                        "The NextToken is not valid.",
                    )
                }
            },
        };
        let limit = match field("MaxResults").map(str::parse::<usize>) {
            None => max,
            Some(Ok(n)) if (5..=max).contains(&n) => n,
            _ => {
                return error(
                    Shape::Ec2,
                    400,
                    "InvalidParameterValue",
                    &format!("MaxResults must be between 5 and {max}."),
                )
            }
        };
        (start, limit.min(page_size.max(1)))
    };
    let end = all.len().min(start.saturating_add(limit));
    let page = &all[start.min(end)..end];
    let next = (end < all.len()).then(|| format!("<nextToken>tok-{end}</nextToken>"));
    let items: String = page.iter().map(|r| item(kind, r, account)).collect();
    let inner = match kind {
        ResourceKind::Instance => format!(
            "<reservationSet>{}</reservationSet>",
            if items.is_empty() {
                String::new()
            } else {
                format!("<item><reservationId>r-0mock</reservationId><ownerId>{}</ownerId><instancesSet>{items}</instancesSet></item>", account.billing_account)
            }
        ),
        ResourceKind::Disk => format!("<volumeSet>{items}</volumeSet>"),
        ResourceKind::Ip => format!("<addressesSet>{items}</addressesSet>"),
    };
    answer(action, &format!("{inner}{}", next.unwrap_or_default()))
}

fn item(kind: ResourceKind, r: &MockResource, account: &Account) -> String {
    let id = resource_id(r);
    match kind {
        ResourceKind::Instance => {
            let (code, state) = if r.state == "Running" { (16, "running") } else { (80, "stopped") };
            format!(
                "<item><instanceId>{id}</instanceId><instanceType>{}</instanceType><instanceState><code>{code}</code><name>{state}</name></instanceState><launchTime>{}</launchTime><placement><availabilityZone>{}a</availabilityZone></placement>{}</item>",
                instance_type(&r.instance_type),
                iso(r.created_at),
                region(&r.region),
                tag_set(r)
            )
        }
        ResourceKind::Disk => format!(
            "<item><volumeId>{id}</volumeId><size>{}</size><availabilityZone>{}a</availabilityZone><status>{}</status><createTime>{}</createTime><volumeType>gp3</volumeType>{}{}</item>",
            r.size_gib,
            region(&r.region),
            if r.state == "Running" { "in-use" } else { "available" },
            iso(r.created_at),
            attachment_set(r, account),
            tag_set(r)
        ),
        ResourceKind::Ip => format!(
            "<item><publicIp>198.51.100.{}</publicIp><allocationId>{id}</allocationId><domain>vpc</domain>{}{}</item>",
            r.size_gib % 250 + 1,
            if r.state == "Running" { format!("<associationId>eipassoc-{}</associationId>", &id[9..]) } else { String::new() },
            tag_set(r)
        ),
    }
}

/// An in-use volume's attachment: to its region's first instance, as every
/// mock attaches it (to an instance named after the volume where its region
/// has none).
fn attachment_set(r: &MockResource, account: &Account) -> String {
    if r.state != "Running" {
        return "<attachmentSet/>".into();
    }
    let instance = account
        .resources
        .iter()
        .position(|s| s.id == r.id)
        .and_then(|i| account.attached_to(i))
        .and_then(|id| account.resources.iter().find(|s| s.id == id))
        .map_or_else(
            || format!("i-{}", r.id.trim_start_matches("d-")),
            resource_id,
        );
    format!(
        "<attachmentSet><item><volumeId>{}</volumeId><instanceId>{instance}</instanceId><device>/dev/sdf</device><status>attached</status></item></attachmentSet>",
        r.id
    )
}
