//! The scope a connection reads: a subscription, or a billing account
//! (Enterprise Agreement enrollment or Microsoft Customer Agreement), as
//! Cost Management names scopes. Without one, the only subscription the
//! app registration can read. The scope's id is the billing account lines
//! and windows are filed under, so the query API's summary and an export
//! of the same billing account count once.

use serde_json::Value;

use super::errors::bad;
use super::Client;
use crate::{AccountInfo, ErrorKind, ProviderError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Subscription(String),
    BillingAccount(String),
}

impl Scope {
    /// `subscriptions/{id}` or `providers/Microsoft.Billing/billingAccounts/{id}`,
    /// with or without a leading slash.
    pub fn parse(text: &str) -> Result<Scope, ProviderError> {
        let t = text.trim().trim_matches('/');
        let parts: Vec<&str> = t.split('/').collect();
        let ok_id = |id: &str| !id.is_empty() && !id.contains(['?', '#', ' ']);
        match parts.as_slice() {
            [s, id] if s.eq_ignore_ascii_case("subscriptions") && ok_id(id) => {
                Ok(Scope::Subscription(id.to_string()))
            }
            [p, b, a, id]
                if p.eq_ignore_ascii_case("providers")
                    && b.eq_ignore_ascii_case("Microsoft.Billing")
                    && a.eq_ignore_ascii_case("billingAccounts")
                    && ok_id(id) =>
            {
                Ok(Scope::BillingAccount(id.to_string()))
            }
            _ => Err(ProviderError::new(
                ErrorKind::InvalidRequest,
                format!(
                    "'{text}' is not a scope CloudLens reads: use subscriptions/SUBSCRIPTION-ID or providers/Microsoft.Billing/billingAccounts/BILLING-ACCOUNT-ID"
                ),
            )),
        }
    }

    /// The ARM path of the scope, with a leading slash.
    pub fn path(&self) -> String {
        match self {
            Scope::Subscription(id) => format!("/subscriptions/{id}"),
            Scope::BillingAccount(id) => {
                format!("/providers/Microsoft.Billing/billingAccounts/{id}")
            }
        }
    }

    /// The billing account lines of this scope are filed under.
    pub fn id(&self) -> &str {
        match self {
            Scope::Subscription(id) | Scope::BillingAccount(id) => id,
        }
    }
}

impl Client {
    /// The configured scope, or the one subscription the app can read.
    pub(crate) async fn scope(&self) -> Result<Scope, ProviderError> {
        if let Some(s) = self.config.extra.role_arn.as_deref() {
            return Scope::parse(s);
        }
        self.found_scope
            .get_or_try_init(|| self.only_subscription())
            .await
            .cloned()
    }

    async fn only_subscription(&self) -> Result<Scope, ProviderError> {
        let action = "resources:ListSubscriptions";
        let (body, _) = self.call(action, &[("Path", "/subscriptions")]).await?;
        let v: Value = serde_json::from_slice(&body).map_err(|_| bad(action, "JSON body"))?;
        let ids: Vec<&str> = v
            .get("value")
            .and_then(Value::as_array)
            .ok_or_else(|| bad(action, "value"))?
            .iter()
            .filter_map(|s| s.get("subscriptionId").and_then(Value::as_str))
            .collect();
        match ids.as_slice() {
            [one] => Ok(Scope::Subscription(one.to_string())),
            [] => Err(ProviderError::new(
                ErrorKind::PermissionMissing,
                "the app registration can read no subscription: grant it Reader and Cost Management Reader on one",
            )),
            _ => Err(ProviderError::new(
                ErrorKind::InvalidRequest,
                format!(
                    "the app registration reads {} subscriptions: name the connection's scope (subscriptions/ID or a billing account)",
                    ids.len()
                ),
            )),
        }
    }

    /// Reads the scope itself: proves the token works and names the account.
    pub async fn check(&self) -> Result<AccountInfo, ProviderError> {
        let scope = self.scope().await?;
        let (action, name_at): (&str, &[&str]) = match scope {
            Scope::Subscription(_) => ("resources:GetSubscription", &["displayName"]),
            Scope::BillingAccount(_) => {
                ("billing:GetBillingAccount", &["properties", "displayName"])
            }
        };
        let path = scope.path();
        let (body, _) = self.call(action, &[("Path", &path)]).await?;
        let v: Value = serde_json::from_slice(&body).map_err(|_| bad(action, "JSON body"))?;
        let name = name_at
            .iter()
            .try_fold(&v, |v, k| v.get(*k))
            .and_then(Value::as_str)
            .map(str::to_string);
        Ok(AccountInfo {
            billing_account: scope.id().to_string(),
            name,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_parse_with_or_without_the_leading_slash() {
        let s = Scope::parse("/subscriptions/00000000-0000-0000-0000-000000000001").ok();
        assert_eq!(
            s.map(|s| s.path()).as_deref(),
            Some("/subscriptions/00000000-0000-0000-0000-000000000001")
        );
        let b = Scope::parse("providers/Microsoft.Billing/billingAccounts/8611537").ok();
        assert_eq!(b.as_ref().map(Scope::id), Some("8611537"));
        assert!(Scope::parse("subscriptions/").is_err());
        assert!(Scope::parse("/subscriptions/x/resourceGroups/y").is_err());
    }
}
