//! OAuth 2.0 client credentials against the Microsoft identity platform
//! (v2.0 endpoint): `POST {authority}/{tenant}/oauth2/v2.0/token` with the
//! app registration's id and secret and the `.default` scope of the
//! resource. The flow has no refresh token, so a token is kept until five
//! minutes before it expires and then requested again. Resource Manager and
//! Blob Storage are different audiences, each with its own token.

use serde_json::Value;
use zeroize::Zeroizing;

use super::{encode, Client};
use crate::{ErrorKind, ProviderError, Site};

const ACTION: &str = "identity:ClientCredentialsToken";
/// A token is renewed this long before the expiry it was issued with.
const MARGIN: i64 = 300;

/// Who a token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Audience {
    Management,
    Storage,
}

impl Audience {
    fn scope(self, site: Site) -> &'static str {
        match (self, site) {
            (Audience::Management, Site::International) => "https://management.azure.com/.default",
            (Audience::Management, Site::China) => "https://management.chinacloudapi.cn/.default",
            (Audience::Storage, _) => "https://storage.azure.com/.default",
        }
    }
}

struct Held {
    audience: Audience,
    token: Zeroizing<String>,
    /// Unix seconds after which the token is not used.
    use_until: i64,
}

/// Tokens held, one per audience. `Debug` never shows them.
#[derive(Default)]
pub(crate) struct TokenCache {
    held: Vec<Held>,
}

impl std::fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCache")
            .field("held", &self.held.len())
            .finish()
    }
}

impl TokenCache {
    fn get(&self, audience: Audience, now: i64) -> Option<Zeroizing<String>> {
        self.held
            .iter()
            .find(|h| h.audience == audience && now < h.use_until)
            .map(|h| h.token.clone())
    }

    /// Drops the audience's token (the service refused it).
    pub(crate) fn forget(&mut self, audience: Audience) {
        self.held.retain(|h| h.audience != audience);
    }
}

impl Client {
    /// A token for `audience`: the held one while it is fresh, else a new one.
    pub(crate) async fn token(
        &self,
        audience: Audience,
    ) -> Result<Zeroizing<String>, ProviderError> {
        let mut cache = self.tokens.lock().await;
        let now = self.now();
        if let Some(t) = cache.get(audience, now) {
            return Ok(t);
        }
        let (_, client_id) = self.identity()?;
        let body = Zeroizing::new(format!(
            "client_id={}&client_secret={}&grant_type=client_credentials&scope={}",
            encode(client_id),
            encode(&self.config.credentials.secret),
            encode(audience.scope(self.config.site)),
        ));
        if !super::ALLOWED_ACTIONS.contains(&ACTION) {
            return Err(ProviderError::not_allowed(ACTION));
        }
        let out = self.outgoing(ACTION, &[("Body", body.as_str())])?;
        let resp = self.send_with(ACTION, &out, None).await?;
        let text = crate::answer::body(ACTION, resp).await?;
        let (token, expires_in) = parse_token(&text)?;
        cache.forget(audience);
        cache.held.push(Held {
            audience,
            token: token.clone(),
            use_until: now + expires_in - MARGIN,
        });
        Ok(token)
    }
}

/// `{"token_type":"Bearer","expires_in":3599,"access_token":"..."}`.
fn parse_token(body: &[u8]) -> Result<(Zeroizing<String>, i64), ProviderError> {
    let bad = |what: &str| {
        ProviderError::new(
            ErrorKind::BadResponse,
            format!("{ACTION}: the token answer has no {what}"),
        )
    };
    let v: Value = serde_json::from_slice(body).map_err(|_| bad("JSON body"))?;
    let token = v
        .get("access_token")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| bad("access_token"))?;
    // Some endpoints write the lifetime as text.
    let expires_in = match v.get("expires_in") {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.parse().ok(),
        _ => None,
    }
    .ok_or_else(|| bad("expires_in"))?;
    Ok((Zeroizing::new(token.to_string()), expires_in))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_used_until_five_minutes_before_it_expires() {
        let (t, e) = parse_token(br#"{"token_type":"Bearer","expires_in":"3599","ext_expires_in":3599,"access_token":"eyJ0"}"#)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((t.as_str(), e), ("eyJ0", 3599));
        let mut c = TokenCache::default();
        c.held.push(Held {
            audience: Audience::Storage,
            token: t,
            use_until: 100 + e - MARGIN,
        });
        assert!(c.get(Audience::Storage, 100 + 3000).is_some());
        assert!(c.get(Audience::Storage, 100 + 3299).is_none());
        assert!(c.get(Audience::Management, 100).is_none());
        assert!(format!("{c:?}").contains("held: 1") && !format!("{c:?}").contains("eyJ0"));
        assert!(parse_token(br#"{"expires_in":1}"#).is_err());
    }
}
