//! VPC `ListPublicips` (`GET /v1/{project_id}/publicips`) into address
//! resources: paged by `marker` (the last id of the page before) and
//! `limit`; `status` is `DOWN` for an EIP bound to nothing, `ACTIVE` or
//! `ELB` when bound, with the bound port in `port_id`. A yearly/monthly
//! EIP names its order in `profile.order_id`.

use chrono::NaiveDateTime;
use serde::Deserialize;

use super::errors::bad_cursor;
use super::inventory::bad;
use super::{Client, EIP_LIMIT, PUBLIC_IPS};
use crate::{BillingMode, InventoryKind, InventoryPage, ProviderError, Resource, Terms};

impl Client {
    pub(super) async fn public_ips_page(
        &self,
        region: &str,
        cursor: Option<&str>,
    ) -> Result<InventoryPage, ProviderError> {
        let (project_id, marker) = match cursor {
            Some(c) => {
                let (p, m) = c.split_once('/').ok_or_else(|| bad_cursor(c))?;
                (p.to_string(), Some(m.to_string()))
            }
            None => (self.project_id(region).await?, None),
        };
        let limit = EIP_LIMIT.to_string();
        let mut params = vec![
            ("region", region),
            ("project_id", project_id.as_str()),
            ("limit", limit.as_str()),
        ];
        if let Some(m) = marker.as_deref() {
            params.push(("marker", m));
        }
        let (page, request_id): (PublicIpsPage, String) = self.get(PUBLIC_IPS, &params).await?;
        let list = page.publicips.unwrap_or_default();
        let mut items = to_addresses(&list, region).map_err(|e| e.with_request_id(&request_id))?;
        self.add_expiry(&mut items).await?;
        // A full page may have more after it; the marker is its last id.
        let next = (items.len() as u32 >= EIP_LIMIT)
            .then(|| items.last().map(|r| format!("{project_id}/{}", r.id)))
            .flatten();
        Ok(InventoryPage {
            items,
            next,
            request_id,
        })
    }
}

#[derive(Debug, Deserialize)]
struct PublicIpsPage {
    publicips: Option<Vec<PublicIp>>,
}

#[derive(Debug, Deserialize)]
struct Profile {
    order_id: Option<String>,
}

#[derive(Debug, Deserialize)]
struct PublicIp {
    id: Option<String>,
    status: Option<String>,
    public_ip_address: Option<String>,
    port_id: Option<String>,
    bandwidth_size: Option<u64>,
    create_time: Option<String>,
    profile: Option<Profile>,
}

fn to_addresses(list: &[PublicIp], region: &str) -> Result<Vec<Resource>, ProviderError> {
    list.iter()
        .enumerate()
        .map(|(i, p)| {
            let at = |f: &str| format!("publicips[{i}].{f}");
            let lacks = |f: &str| bad(format!("the answer lacks {}", at(f)));
            let id = p.id.clone().ok_or_else(|| lacks("id"))?;
            let state = p.status.clone().ok_or_else(|| lacks("status"))?;
            // UTC without a zone: 2015-07-16 04:32:50.
            let created_at = match p.create_time.as_deref() {
                Some(t) => Some(
                    NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S")
                        .map_err(|_| {
                            bad(format!("{} is '{t}', not a UTC time", at("create_time")))
                        })?
                        .and_utc()
                        .timestamp(),
                ),
                None => None,
            };
            let ordered = p
                .profile
                .as_ref()
                .and_then(|pr| pr.order_id.as_deref())
                .is_some_and(|o| !o.is_empty());
            let mut terms = Terms::attachment(p.port_id.clone());
            terms.billing_mode = Some(if ordered {
                BillingMode::Subscription
            } else {
                BillingMode::PayAsYouGo
            });
            Ok(Resource {
                kind: InventoryKind::Ip,
                id,
                name: p.public_ip_address.clone(),
                region: region.to_string(),
                state,
                size: p.bandwidth_size.map(|b| format!("{b} Mbit/s")),
                tags: Vec::new(),
                created_at,
                terms,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_ips_map_to_addresses() {
        let page: PublicIpsPage = serde_json::from_str(
            r#"{"publicips":[
                {"id":"e-1","status":"DOWN","type":"5_bgp","public_ip_address":"161.17.101.12",
                 "bandwidth_size":5,"create_time":"2015-07-16 04:32:50","profile":{"order_id":""}},
                {"id":"e-2","status":"ACTIVE","port_id":"p-9","bandwidth_size":10,
                 "profile":{"order_id":"CS1802081410IMDRN"}}]}"#,
        )
        .unwrap();
        let a = to_addresses(page.publicips.as_deref().unwrap(), "cn-north-4").unwrap();
        assert_eq!(
            (a[0].state.as_str(), a[0].created_at, a[0].terms.attached),
            ("DOWN", Some(1_437_021_170), Some(false))
        );
        assert_eq!(a[0].terms.billing_mode, Some(BillingMode::PayAsYouGo));
        assert_eq!(a[1].terms.attached_to.as_deref(), Some("p-9"));
        assert_eq!(a[1].terms.billing_mode, Some(BillingMode::Subscription));
        let missing: PublicIpsPage = serde_json::from_str(r#"{"publicips":[{"id":"x"}]}"#).unwrap();
        let e = to_addresses(missing.publicips.as_deref().unwrap(), "r").unwrap_err();
        assert!(e.message.contains("publicips[0].status"));
    }
}
