//! IAM projects (a region's project id, the account's regions and id) and
//! ECS `ListServersDetails` into inventory resources (EVS disks in
//! `disks.rs`).

use chrono::DateTime;
use serde::Deserialize;

use super::errors::bad_cursor;
use super::{Client, ECS_LIMIT, PROJECTS, SERVERS};
use crate::{BillingMode, ErrorKind, InventoryKind, InventoryPage, ProviderError, Resource, Terms};

impl Client {
    /// The configured region, or every region the account has a project in.
    pub async fn regions(&self) -> Result<Vec<String>, ProviderError> {
        if let Some(r) = &self.config.region {
            return Ok(vec![r.clone()]);
        }
        let (projects, _): (Projects, String) = self.get(PROJECTS, &[]).await?;
        let mut out: Vec<String> = projects
            .projects
            .iter()
            .flatten()
            .filter_map(|p| p.region().map(str::to_string))
            .collect();
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// The region's project id, looked up once per client.
    pub(super) async fn project_id(&self, region: &str) -> Result<String, ProviderError> {
        let known = self
            .projects
            .lock()
            .ok()
            .and_then(|m| m.get(region).cloned());
        if let Some(id) = known {
            return Ok(id);
        }
        let (projects, id): (Projects, String) = self.get(PROJECTS, &[("name", region)]).await?;
        let found = projects
            .projects
            .iter()
            .flatten()
            .find(|p| p.name.as_deref() == Some(region))
            .and_then(|p| p.id.clone())
            .ok_or_else(|| {
                ProviderError::new(
                    ErrorKind::InvalidRequest,
                    format!("the account has no project in region {region}"),
                )
                .with_request_id(id)
            })?;
        if let Ok(mut m) = self.projects.lock() {
            m.insert(region.to_string(), found.clone());
        }
        Ok(found)
    }

    pub async fn inventory_page(
        &self,
        kind: InventoryKind,
        region: &str,
        cursor: Option<&str>,
    ) -> Result<InventoryPage, ProviderError> {
        match kind {
            InventoryKind::Instance => {}
            InventoryKind::Disk => return self.volumes_page(region, cursor).await,
            InventoryKind::Ip => return self.public_ips_page(region, cursor).await,
        }
        let at = match cursor {
            Some(c) => ServersCursor::parse(c).ok_or_else(|| bad_cursor(c))?,
            None => ServersCursor {
                page: 1,
                seen: 0,
                project_id: self.project_id(region).await?,
            },
        };
        let page_text = at.page.to_string();
        let limit = ECS_LIMIT.to_string();
        let (page, request_id): (ServersPage, String) = self
            .get(
                SERVERS,
                &[
                    ("region", region),
                    ("project_id", &at.project_id),
                    ("offset", &page_text),
                    ("limit", &limit),
                ],
            )
            .await?;
        let list = page.servers.unwrap_or_default();
        let mut items = to_resources(&list, region).map_err(|e| e.with_request_id(&request_id))?;
        self.add_expiry(&mut items).await?;
        let seen = at.seen + items.len() as u64;
        let next = (!items.is_empty() && seen < page.count.unwrap_or(seen)).then(|| {
            ServersCursor {
                page: at.page + 1,
                seen,
                project_id: at.project_id.clone(),
            }
            .text()
        });
        Ok(InventoryPage {
            items,
            next,
            request_id,
        })
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct Projects {
    pub projects: Option<Vec<Project>>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Project {
    pub id: Option<String>,
    pub name: Option<String>,
    pub domain_id: Option<String>,
    pub enabled: Option<bool>,
}

impl Project {
    /// Region projects are named after their region (`cn-north-4`); the
    /// others are `MOS` (the console's) and sub-projects `cn-north-4_dev`.
    fn region(&self) -> Option<&str> {
        let name = self.name.as_deref()?;
        let region_like = name.contains('-')
            && !name.contains('_')
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        (region_like && self.enabled != Some(false)).then_some(name)
    }
}

#[derive(Debug, Deserialize)]
struct ServersPage {
    pub count: Option<u64>,
    pub servers: Option<Vec<Server>>,
}

#[derive(Debug, Deserialize)]
struct Flavor {
    pub id: Option<String>,
    pub name: Option<String>,
}

/// `metadata.charging_mode`: `0` pay-per-use, `1` yearly/monthly, `2` spot.
#[derive(Debug, Deserialize)]
struct ServerMetadata {
    pub charging_mode: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Server {
    pub metadata: Option<ServerMetadata>,
    pub id: Option<String>,
    pub name: Option<String>,
    pub status: Option<String>,
    pub flavor: Option<Flavor>,
    pub tags: Option<Vec<String>>,
    pub created: Option<String>,
}

pub(super) fn bad(what: String) -> ProviderError {
    ProviderError::new(ErrorKind::BadResponse, what)
}

fn to_resources(servers: &[Server], region: &str) -> Result<Vec<Resource>, ProviderError> {
    servers
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let at = |f: &str| format!("servers[{i}].{f}");
            let id =
                s.id.clone()
                    .ok_or_else(|| bad(format!("the answer lacks {}", at("id"))))?;
            let state = s
                .status
                .clone()
                .ok_or_else(|| bad(format!("the answer lacks {}", at("status"))))?;
            let created_at = match s.created.as_deref() {
                Some(t) => Some(
                    DateTime::parse_from_rfc3339(t)
                        .map_err(|_| bad(format!("{} is '{t}', not a UTC time", at("created"))))?
                        .timestamp(),
                ),
                None => None,
            };
            let tags = s
                .tags
                .iter()
                .flatten()
                .map(|t| match t.split_once('=') {
                    Some((k, v)) => (k.to_string(), v.to_string()),
                    None => (t.to_string(), String::new()),
                })
                .collect();
            Ok(Resource {
                kind: InventoryKind::Instance,
                id,
                name: s.name.clone(),
                region: region.to_string(),
                state,
                size: s
                    .flavor
                    .as_ref()
                    .and_then(|f| f.name.clone().or_else(|| f.id.clone())),
                tags,
                created_at,
                terms: Terms {
                    billing_mode: match s.metadata.as_ref().and_then(|m| m.charging_mode.as_deref())
                    {
                        Some("1") => Some(BillingMode::Subscription),
                        Some("0" | "2") => Some(BillingMode::PayAsYouGo),
                        _ => None,
                    },
                    ..Terms::default()
                },
            })
        })
        .collect()
}

/// The ECS paging cursor: `offset` is a page number (from 1), so the
/// cursor carries the next page, how many servers came so far, and the
/// region's project id (looked up once, on the first page).
struct ServersCursor {
    pub page: u64,
    pub seen: u64,
    pub project_id: String,
}

impl ServersCursor {
    fn parse(text: &str) -> Option<Self> {
        let mut it = text.splitn(3, '/');
        Some(Self {
            page: it.next()?.parse().ok()?,
            seen: it.next()?.parse().ok()?,
            project_id: it.next()?.to_string(),
        })
    }

    fn text(&self) -> String {
        format!("{}/{}/{}", self.page, self.seen, self.project_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn servers_map_to_instances() {
        let page: ServersPage = serde_json::from_str(
            r#"{"count":1,"servers":[{"id":"i-1","name":"web","status":"SHUTOFF",
               "flavor":{"id":"s7.large.2","name":"s7.large.2"},"tags":["team=data","solo"],
               "metadata":{"charging_mode":"1"},
               "created":"2024-05-22T03:19:19Z"}]}"#,
        )
        .unwrap();
        let r = to_resources(page.servers.as_deref().unwrap(), "cn-north-4").unwrap();
        assert_eq!(r[0].state, "SHUTOFF");
        assert_eq!(r[0].size.as_deref(), Some("s7.large.2"));
        assert_eq!(
            r[0].tags,
            vec![
                ("team".into(), "data".into()),
                ("solo".into(), String::new())
            ]
        );
        assert_eq!(r[0].created_at, Some(1_716_347_959));
        assert_eq!(r[0].terms.billing_mode, Some(BillingMode::Subscription));
        let missing: ServersPage = serde_json::from_str(r#"{"servers":[{"id":"x"}]}"#).unwrap();
        let e = to_resources(missing.servers.as_deref().unwrap(), "r").unwrap_err();
        assert!(e.message.contains("servers[0].status"));
    }

    #[test]
    fn project_names_that_are_regions() {
        let p = |n: &str| Project {
            id: None,
            name: Some(n.into()),
            domain_id: None,
            enabled: Some(true),
        };
        assert_eq!(p("cn-north-4").region(), Some("cn-north-4"));
        assert_eq!(p("MOS").region(), None);
        assert_eq!(p("cn-north-4_dev").region(), None);
        let c = ServersCursor::parse("3/200/abc").unwrap();
        assert_eq!((c.page, c.seen, c.project_id.as_str()), (3, 200, "abc"));
        assert!(ServersCursor::parse("x").is_none());
    }
}
