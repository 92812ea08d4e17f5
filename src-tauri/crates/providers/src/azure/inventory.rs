//! Virtual machines, managed disks and public IP addresses as `Resource`s,
//! from Resource Graph (`POST /providers/Microsoft.ResourceGraph/resources`,
//! `$skipToken` pages of up to 1000). Resource Graph is global: one query
//! covers every location of the scope, so the client reads one "region".
//! Resource ids are lower-cased: ARM ids are case-insensitive and cost
//! exports write them in lower case, which is what they join on.

use serde_json::{json, Value};

use super::errors::bad;
use super::scope::Scope;
use super::Client;
use crate::{InventoryKind, InventoryPage, ProviderError, Resource, Terms};

const ACTION: &str = "resourcegraph:Resources";
/// The one pseudo-region inventory is read from.
pub const GLOBAL: &str = "global";

fn query(kind: InventoryKind) -> &'static str {
    match kind {
        InventoryKind::Instance => "Resources | where type =~ 'microsoft.compute/virtualmachines' | project id, name, type, location, tags, properties, sku | order by id asc",
        InventoryKind::Disk => "Resources | where type =~ 'microsoft.compute/disks' | project id, name, type, location, tags, properties, sku, managedBy | order by id asc",
        InventoryKind::Ip => "Resources | where type =~ 'microsoft.network/publicipaddresses' | project id, name, type, location, tags, properties, sku | order by id asc",
    }
}

fn time(v: Option<&Value>) -> Option<i64> {
    v.and_then(Value::as_str)
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.timestamp())
}

fn tags(v: Option<&Value>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = v
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

impl Client {
    pub async fn regions(&self) -> Result<Vec<String>, ProviderError> {
        Ok(vec![self
            .config
            .region
            .clone()
            .unwrap_or_else(|| GLOBAL.to_string())])
    }

    pub async fn inventory_page(
        &self,
        kind: InventoryKind,
        region: &str,
        cursor: Option<&str>,
    ) -> Result<InventoryPage, ProviderError> {
        let mut options = json!({"$top": 1000, "resultFormat": "objectArray"});
        if let Some(c) = cursor {
            options["$skipToken"] = Value::String(c.to_string());
        }
        let mut body = json!({"query": query(kind), "options": options});
        if let Scope::Subscription(id) = self.scope().await? {
            body["subscriptions"] = json!([id]);
        }
        let text = body.to_string();
        let (answer, request_id) = self
            .call(
                ACTION,
                &[
                    ("Path", "/providers/Microsoft.ResourceGraph/resources"),
                    ("Body", &text),
                ],
            )
            .await?;
        let answer: Value =
            serde_json::from_slice(&answer).map_err(|_| bad(ACTION, "JSON body"))?;
        let data = answer
            .get("data")
            .and_then(Value::as_array)
            .ok_or_else(|| bad(ACTION, "data (an object array)"))?;
        let mut items = Vec::with_capacity(data.len());
        for (i, d) in data.iter().enumerate() {
            let r = resource(kind, d, i)?;
            // A configured location reads only its own resources.
            if region == GLOBAL || r.region.eq_ignore_ascii_case(region) {
                items.push(r);
            }
        }
        Ok(InventoryPage {
            items,
            next: answer
                .get("$skipToken")
                .and_then(Value::as_str)
                .filter(|t| !t.is_empty())
                .map(str::to_string),
            request_id,
        })
    }
}

fn resource(kind: InventoryKind, d: &Value, i: usize) -> Result<Resource, ProviderError> {
    let field = |k: &str| {
        d.get(k)
            .and_then(Value::as_str)
            .ok_or_else(|| bad(ACTION, &format!("data[{i}].{k}")))
    };
    let id = field("id")?.to_ascii_lowercase();
    let props = d.get("properties").cloned().unwrap_or(Value::Null);
    let at = |path: &[&str]| path.iter().try_fold(&props, |v, k| v.get(*k));
    let text = |path: &[&str]| at(path).and_then(Value::as_str).map(str::to_string);
    let (state, size, terms) = match kind {
        InventoryKind::Instance => (
            text(&["extended", "instanceView", "powerState", "code"])
                .map(|c| c.trim_start_matches("PowerState/").to_string())
                .or_else(|| text(&["provisioningState"]))
                .ok_or_else(|| {
                    bad(
                        ACTION,
                        &format!("data[{i}].properties.extended.instanceView.powerState"),
                    )
                })?,
            text(&["hardwareProfile", "vmSize"]),
            Terms::default(),
        ),
        InventoryKind::Disk => (
            text(&["diskState"])
                .ok_or_else(|| bad(ACTION, &format!("data[{i}].properties.diskState")))?,
            at(&["diskSizeGB"])
                .and_then(Value::as_u64)
                .map(|g| format!("{g} GiB")),
            Terms::attachment(
                d.get("managedBy")
                    .and_then(Value::as_str)
                    .map(str::to_ascii_lowercase),
            ),
        ),
        InventoryKind::Ip => {
            let attached = text(&["ipConfiguration", "id"]).map(|c| c.to_ascii_lowercase());
            (
                if attached.is_some() {
                    "associated"
                } else {
                    "unassociated"
                }
                .to_string(),
                d.get("sku")
                    .and_then(|s| s.get("name"))
                    .and_then(Value::as_str)
                    .map(str::to_string),
                Terms::attachment(attached),
            )
        }
    };
    Ok(Resource {
        kind,
        id,
        name: Some(field("name")?.to_string()),
        region: field("location")?.to_string(),
        state,
        size,
        tags: tags(d.get("tags")),
        created_at: time(at(&["timeCreated"])),
        terms,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_objects_are_read() {
        let vm = json!({"id":"/subscriptions/S/resourceGroups/RG/providers/Microsoft.Compute/virtualMachines/web-1","name":"web-1",
            "type":"microsoft.compute/virtualmachines","location":"eastus","tags":{"team":"data"},
            "properties":{"hardwareProfile":{"vmSize":"Standard_D2s_v5"},"timeCreated":"2024-05-01T00:00:00Z",
              "extended":{"instanceView":{"powerState":{"code":"PowerState/running"}}}}});
        let r = resource(InventoryKind::Instance, &vm, 0).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            r.id,
            "/subscriptions/s/resourcegroups/rg/providers/microsoft.compute/virtualmachines/web-1"
        );
        assert_eq!(
            (r.state.as_str(), r.size.as_deref()),
            ("running", Some("Standard_D2s_v5"))
        );
        assert_eq!(r.created_at, Some(1_714_521_600));
        let disk = json!({"id":"/x/disks/d","name":"d","location":"eastus","managedBy":null,
            "properties":{"diskSizeGB":128,"diskState":"Unattached"}});
        let r = resource(InventoryKind::Disk, &disk, 0).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (r.terms.attached, r.size.as_deref()),
            (Some(false), Some("128 GiB"))
        );
        assert!(resource(
            InventoryKind::Disk,
            &json!({"id":"a","name":"b","location":"c"}),
            3
        )
        .is_err());
    }
}
