//! EC2 instances, EBS volumes and Elastic IPs as `Resource`s, from the EC2
//! query API (`DescribeInstances` and `DescribeVolumes` paged by
//! `NextToken`; `DescribeAddresses` answers in one page), and the regions
//! the account has (`DescribeRegions`).

use roxmltree::Node;

use super::errors::{bad, child_text, own_text, xml};
use super::Client;
use crate::{InventoryKind, InventoryPage, ProviderError, Resource, Terms};

/// `DescribeInstances` returns at most 1000 per page; `DescribeVolumes` 500.
fn page_size(kind: InventoryKind) -> Option<&'static str> {
    match kind {
        InventoryKind::Instance => Some("1000"),
        InventoryKind::Disk => Some("500"),
        InventoryKind::Ip => None,
    }
}

fn action(kind: InventoryKind) -> &'static str {
    match kind {
        InventoryKind::Instance => "ec2:DescribeInstances",
        InventoryKind::Disk => "ec2:DescribeVolumes",
        InventoryKind::Ip => "ec2:DescribeAddresses",
    }
}

/// The `item` children of the direct child `set` of `node`.
fn items<'a, 'i>(node: Node<'a, 'i>, set: &str) -> Vec<Node<'a, 'i>> {
    node.children()
        .find(|n| n.has_tag_name(set))
        .map(|s| s.children().filter(|n| n.has_tag_name("item")).collect())
        .unwrap_or_default()
}

/// `tagSet` as pairs, and the `Name` tag.
fn tags(node: Node<'_, '_>) -> (Vec<(String, String)>, Option<String>) {
    let pairs: Vec<(String, String)> = items(node, "tagSet")
        .into_iter()
        .filter_map(|t| {
            Some((
                own_text(t, "key")?.to_string(),
                own_text(t, "value").unwrap_or("").to_string(),
            ))
        })
        .collect();
    let name = pairs
        .iter()
        .find(|(k, _)| k == "Name")
        .map(|(_, v)| v.clone());
    (pairs, name)
}

fn time(text: Option<&str>) -> Option<i64> {
    text.and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.timestamp())
}

impl Client {
    pub async fn regions(&self) -> Result<Vec<String>, ProviderError> {
        if let Some(r) = &self.config.region {
            return Ok(vec![r.clone()]);
        }
        let action = "ec2:DescribeRegions";
        let (body, _) = self.call(action, &[]).await?;
        let text = String::from_utf8_lossy(&body);
        let doc = xml(action, &text)?;
        let root = doc.root_element();
        let mut out = Vec::new();
        for (i, r) in items(root, "regionInfo").into_iter().enumerate() {
            let name = own_text(r, "regionName")
                .ok_or_else(|| bad(action, &format!("regionInfo[{i}].regionName")))?;
            out.push(name.to_string());
        }
        Ok(out)
    }

    pub async fn inventory_page(
        &self,
        kind: InventoryKind,
        region: &str,
        cursor: Option<&str>,
    ) -> Result<InventoryPage, ProviderError> {
        let action = action(kind);
        let mut params: Vec<(&str, &str)> = vec![("Region", region)];
        if let Some(n) = page_size(kind) {
            params.push(("MaxResults", n));
            if let Some(c) = cursor {
                params.push(("NextToken", c));
            }
        }
        let (body, header_id) = self.call(action, &params).await?;
        let text = String::from_utf8_lossy(&body);
        let doc = xml(action, &text)?;
        let root = doc.root_element();
        let items = resources(kind, region, root)?;
        let next = own_text(root, "nextToken")
            .filter(|t| !t.is_empty())
            .map(str::to_string);
        let request_id = own_text(root, "requestId").map_or(header_id, str::to_string);
        Ok(InventoryPage {
            items,
            next: next.filter(|_| page_size(kind).is_some()),
            request_id,
        })
    }
}

fn resources(
    kind: InventoryKind,
    region: &str,
    root: Node<'_, '_>,
) -> Result<Vec<Resource>, ProviderError> {
    let action = action(kind);
    let mut out = Vec::new();
    match kind {
        InventoryKind::Instance => {
            for (r, reservation) in items(root, "reservationSet").into_iter().enumerate() {
                for (i, item) in items(reservation, "instancesSet").into_iter().enumerate() {
                    let path = format!("reservationSet[{r}].instancesSet[{i}]");
                    let id = own_text(item, "instanceId")
                        .ok_or_else(|| bad(action, &format!("{path}.instanceId")))?;
                    let state = item
                        .children()
                        .find(|n| n.has_tag_name("instanceState"))
                        .and_then(|s| own_text(s, "name"))
                        .ok_or_else(|| bad(action, &format!("{path}.instanceState.name")))?;
                    let (tags, name) = tags(item);
                    out.push(Resource {
                        kind,
                        id: id.to_string(),
                        name,
                        region: region.to_string(),
                        state: state.to_string(),
                        size: own_text(item, "instanceType").map(str::to_string),
                        tags,
                        created_at: time(own_text(item, "launchTime")),
                        terms: Terms::default(),
                    });
                }
            }
        }
        InventoryKind::Disk => {
            for (i, item) in items(root, "volumeSet").into_iter().enumerate() {
                let path = format!("volumeSet[{i}]");
                let id = own_text(item, "volumeId")
                    .ok_or_else(|| bad(action, &format!("{path}.volumeId")))?;
                let (tags, name) = tags(item);
                out.push(Resource {
                    kind,
                    id: id.to_string(),
                    name,
                    region: region.to_string(),
                    state: own_text(item, "status")
                        .ok_or_else(|| bad(action, &format!("{path}.status")))?
                        .to_string(),
                    size: own_text(item, "size").map(|s| format!("{s} GiB")),
                    tags,
                    created_at: time(own_text(item, "createTime")),
                    terms: Terms::attachment(
                        items(item, "attachmentSet")
                            .first()
                            .and_then(|a| own_text(*a, "instanceId"))
                            .map(str::to_string),
                    ),
                });
            }
        }
        InventoryKind::Ip => {
            for (i, item) in items(root, "addressesSet").into_iter().enumerate() {
                let path = format!("addressesSet[{i}]");
                let id = own_text(item, "allocationId")
                    .or_else(|| own_text(item, "publicIp"))
                    .ok_or_else(|| bad(action, &format!("{path}.allocationId")))?;
                let (tags, name) = tags(item);
                let state = if own_text(item, "associationId").is_some() {
                    "associated"
                } else {
                    "unassociated"
                };
                out.push(Resource {
                    kind,
                    id: id.to_string(),
                    name: name.or_else(|| child_text(item, "publicIp").map(str::to_string)),
                    region: region.to_string(),
                    state: state.to_string(),
                    size: None,
                    tags,
                    created_at: None,
                    terms: Terms::attachment(
                        own_text(item, "instanceId")
                            .or_else(|| own_text(item, "networkInterfaceId"))
                            .or_else(|| own_text(item, "associationId"))
                            .map(str::to_string),
                    ),
                });
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_instances_answer_is_read() {
        let text = r#"<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
  <requestId>8f7724cf</requestId>
  <reservationSet><item><reservationId>r-1</reservationId><ownerId>123456789012</ownerId>
    <instancesSet><item><instanceId>i-0abc</instanceId><instanceType>t3.micro</instanceType>
      <instanceState><code>16</code><name>running</name></instanceState><launchTime>2024-05-01T00:00:00.000Z</launchTime>
      <placement><availabilityZone>us-east-1a</availabilityZone></placement>
      <tagSet><item><key>Name</key><value>web</value></item><item><key>env</key><value>prod</value></item></tagSet></item></instancesSet></item></reservationSet>
  <nextToken>tok</nextToken>
</DescribeInstancesResponse>"#;
        let doc = match roxmltree::Document::parse(text) {
            Ok(d) => d,
            Err(e) => panic!("{e}"),
        };
        let r = match resources(InventoryKind::Instance, "us-east-1", doc.root_element()) {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].id, "i-0abc");
        assert_eq!(r[0].state, "running");
        assert_eq!(r[0].name.as_deref(), Some("web"));
        assert_eq!(r[0].tags.len(), 2);
        assert_eq!(r[0].created_at, Some(1_714_521_600));
        assert_eq!(own_text(doc.root_element(), "nextToken"), Some("tok"));
    }
}
