//! EVS `ListVolumes` (`GET /v2/{project_id}/cloudvolumes/detail`) into disk
//! resources: `offset` is a row offset from 0, `count` the region's total;
//! `status` is `available` (attached to nothing) or `in-use`, with the
//! servers in `attachments`.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use serde::Deserialize;

use super::errors::bad_cursor;
use super::inventory::bad;
use super::{Client, EVS_LIMIT, VOLUMES};
use crate::{InventoryKind, InventoryPage, ProviderError, Resource, Terms};

impl Client {
    pub(super) async fn volumes_page(
        &self,
        region: &str,
        cursor: Option<&str>,
    ) -> Result<InventoryPage, ProviderError> {
        let (offset, project_id) = match cursor {
            Some(c) => parse_cursor(c).ok_or_else(|| bad_cursor(c))?,
            None => (0, self.project_id(region).await?),
        };
        let (offset_text, limit) = (offset.to_string(), EVS_LIMIT.to_string());
        let (page, request_id): (VolumesPage, String) = self
            .get(
                VOLUMES,
                &[
                    ("region", region),
                    ("project_id", &project_id),
                    ("offset", &offset_text),
                    ("limit", &limit),
                ],
            )
            .await?;
        let list = page.volumes.unwrap_or_default();
        let items = to_disks(&list, region).map_err(|e| e.with_request_id(&request_id))?;
        let seen = offset + items.len() as u64;
        let next = (!items.is_empty() && seen < page.count.unwrap_or(seen))
            .then(|| format!("{seen}/{project_id}"));
        Ok(InventoryPage {
            items,
            next,
            request_id,
        })
    }
}

/// `offset/project_id`.
fn parse_cursor(text: &str) -> Option<(u64, String)> {
    let (offset, project) = text.split_once('/')?;
    Some((offset.parse().ok()?, project.to_string()))
}

#[derive(Debug, Deserialize)]
struct VolumesPage {
    count: Option<u64>,
    volumes: Option<Vec<Volume>>,
}

#[derive(Debug, Deserialize)]
struct Volume {
    id: Option<String>,
    name: Option<String>,
    status: Option<String>,
    size: Option<u64>,
    tags: Option<BTreeMap<String, String>>,
    created_at: Option<String>,
    attachments: Option<Vec<Attachment>>,
}

#[derive(Debug, Deserialize)]
struct Attachment {
    server_id: Option<String>,
}

fn to_disks(volumes: &[Volume], region: &str) -> Result<Vec<Resource>, ProviderError> {
    volumes
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let at = |f: &str| format!("volumes[{i}].{f}");
            let lacks = |f: &str| bad(format!("the answer lacks {}", at(f)));
            let id = v.id.clone().ok_or_else(|| lacks("id"))?;
            let state = v.status.clone().ok_or_else(|| lacks("status"))?;
            // UTC without a zone, to the microsecond: 2016-05-20T07:57:56.299000.
            let created_at = match v.created_at.as_deref() {
                Some(t) => Some(
                    NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%.f")
                        .map_err(|_| bad(format!("{} is '{t}', not a UTC time", at("created_at"))))?
                        .and_utc()
                        .timestamp(),
                ),
                None => None,
            };
            Ok(Resource {
                kind: InventoryKind::Disk,
                id,
                name: v.name.clone(),
                region: region.to_string(),
                state,
                size: v.size.map(|s| s.to_string()),
                tags: v
                    .tags
                    .iter()
                    .flatten()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
                created_at,
                terms: Terms::attachment(
                    v.attachments
                        .iter()
                        .flatten()
                        .find_map(|a| a.server_id.clone()),
                ),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volumes_map_to_disks() {
        let page: VolumesPage = serde_json::from_str(
            r#"{"count":2,"volumes":[
                {"id":"v-1","name":"data","status":"available","size":100,"volume_type":"SSD",
                 "attachments":[],"tags":{"team":"data"},"created_at":"2016-05-20T07:57:56.299000"},
                {"id":"v-2","status":"in-use","size":40,"attachments":[{"server_id":"i-1"}]}]}"#,
        )
        .unwrap();
        let d = to_disks(page.volumes.as_deref().unwrap(), "cn-north-4").unwrap();
        assert_eq!(
            (d[0].state.as_str(), d[0].size.as_deref(), d[0].created_at),
            ("available", Some("100"), Some(1_463_731_076))
        );
        assert_eq!(d[0].tags, vec![("team".into(), "data".into())]);
        assert_eq!(
            (d[1].state.as_str(), d[1].name.as_deref()),
            ("in-use", None)
        );
        assert_eq!(d[0].terms.attached, Some(false));
        assert_eq!(d[1].terms.attached_to.as_deref(), Some("i-1"));
        let missing: VolumesPage = serde_json::from_str(r#"{"volumes":[{"id":"x"}]}"#).unwrap();
        let e = to_disks(missing.volumes.as_deref().unwrap(), "r").unwrap_err();
        assert!(e.message.contains("volumes[0].status"));
        assert_eq!(parse_cursor("1000/abc"), Some((1000, "abc".into())));
        assert_eq!(parse_cursor("x"), None);
    }
}
