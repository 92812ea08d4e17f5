//! BSS "Querying Customer's Yearly/Monthly Resources"
//! (`ListPayPerUseCustomerResources`, `POST
//! /v2/orders/suscriptions/resources/query`): the expiry of subscriptions
//! the inventory found (`expire_time`, UTC) and whether they renew by
//! themselves (`expire_policy` 3). ECS and EIP answers name the billing
//! mode but not the end of the term.

use chrono::DateTime;
use serde::Deserialize;
use serde_json::json;

use super::inventory::bad;
use super::{Client, SUBSCRIPTIONS};
use crate::{BillingMode, ProviderError, Resource};

/// Resource ids per request; the page holds as many rows, one per main
/// resource.
const IDS_PER_REQUEST: usize = 100;
/// `expire_policy`: what happens at expiry (0 grace period, 1 pay-per-use,
/// 2 release, 3 renew).
const RENEWS: i64 = 3;

#[derive(Debug, Deserialize)]
struct SubscriptionsPage {
    data: Option<Vec<Subscription>>,
}

#[derive(Debug, Deserialize)]
struct Subscription {
    resource_id: Option<String>,
    expire_time: Option<String>,
    expire_policy: Option<i64>,
}

impl Client {
    /// Fills in the expiry and auto-renewal of the subscriptions among
    /// `items`, one request per hundred.
    pub(super) async fn add_expiry(&self, items: &mut [Resource]) -> Result<(), ProviderError> {
        let ids: Vec<String> = items
            .iter()
            .filter(|r| r.terms.billing_mode == Some(BillingMode::Subscription))
            .map(|r| r.id.clone())
            .collect();
        for chunk in ids.chunks(IDS_PER_REQUEST) {
            let limit = IDS_PER_REQUEST.to_string();
            let (page, request_id): (SubscriptionsPage, String) = self
                .post(
                    SUBSCRIPTIONS,
                    &[
                        ("only_main_resource", "1"),
                        ("offset", "0"),
                        ("limit", &limit),
                    ],
                    json!({ "resource_ids": chunk }),
                )
                .await?;
            for (i, s) in page.data.iter().flatten().enumerate() {
                let Some(r) = items
                    .iter_mut()
                    .find(|r| Some(&r.id) == s.resource_id.as_ref())
                else {
                    continue;
                };
                let expires_at = match s.expire_time.as_deref() {
                    Some(t) => Some(
                        DateTime::parse_from_rfc3339(t)
                            .map_err(|_| {
                                bad(format!("data[{i}].expire_time is '{t}', not a UTC time"))
                                    .with_request_id(&request_id)
                            })?
                            .timestamp(),
                    ),
                    None => None,
                };
                r.terms.expires_at = expires_at;
                r.terms.auto_renew = s.expire_policy.map(|p| p == RENEWS);
            }
        }
        Ok(())
    }
}
