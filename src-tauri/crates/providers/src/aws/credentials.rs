//! Which keys sign a request: the connection's access key, or, when the
//! connection names a role, temporary keys from STS `AssumeRole` signed
//! with the access key, kept until five minutes before they expire (by the
//! client's clock) and then fetched again. `GetCallerIdentity` names the
//! account for the connection test.

use zeroize::Zeroizing;

use super::errors::{bad, child_text, xml};
use super::Client;
use crate::{AccountInfo, ErrorKind, ProviderError};

/// Keys fetched again this long before they expire.
const REFRESH_BEFORE: i64 = 300;
/// How long an assumed role's keys are asked for (the default maximum).
const SESSION_SECONDS: &str = "3600";

/// The keys one request is signed with.
pub(super) struct Keys {
    pub access_key_id: String,
    pub secret_access_key: Zeroizing<String>,
    pub session_token: Option<Zeroizing<String>>,
}

/// An assumed role's keys and when they expire (Unix seconds).
#[derive(Clone)]
pub(super) struct TempCredentials {
    access_key_id: String,
    secret_access_key: Zeroizing<String>,
    session_token: Zeroizing<String>,
    expires_at: i64,
}

impl std::fmt::Debug for TempCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TempCredentials")
            .field("access_key_id", &self.access_key_id)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

impl Client {
    fn own_keys(&self) -> Keys {
        Keys {
            access_key_id: self.config.credentials.key_id.clone(),
            secret_access_key: self.config.credentials.secret.clone(),
            session_token: None,
        }
    }

    /// The keys to sign with now: the access key's, or the role's
    /// (assumed again when missing or about to expire).
    pub(super) async fn keys(&self) -> Result<Keys, ProviderError> {
        let Some(role) = self.config.extra.role_arn.clone() else {
            return Ok(self.own_keys());
        };
        let mut held = self.assumed.lock().await;
        let fresh = held
            .as_ref()
            .is_some_and(|t| t.expires_at - REFRESH_BEFORE > self.now());
        if !fresh {
            *held = Some(self.assume(&role).await?);
        }
        let t = held
            .as_ref()
            .ok_or_else(|| bad("sts:AssumeRole", "Credentials"))?;
        Ok(Keys {
            access_key_id: t.access_key_id.clone(),
            secret_access_key: t.secret_access_key.clone(),
            session_token: Some(t.session_token.clone()),
        })
    }

    async fn assume(&self, role: &str) -> Result<TempCredentials, ProviderError> {
        let action = "sts:AssumeRole";
        let params = [
            ("RoleArn", role),
            ("RoleSessionName", "cloudlens-read-only"),
            ("DurationSeconds", SESSION_SECONDS),
        ];
        // The role is assumed with the connection's own key, through the
        // same allow-list as every other request.
        if !super::ALLOWED_ACTIONS.contains(&action) {
            return Err(ProviderError::not_allowed(action));
        }
        let resp = self.send_with(action, &params, &self.own_keys()).await?;
        let text = resp
            .text()
            .await
            .map_err(|e| ProviderError::transport(action, &e))?;
        parse_assumed(&text)
    }

    /// The account the keys belong to (the payer, for a management account).
    pub async fn check(&self) -> Result<AccountInfo, ProviderError> {
        let action = "sts:GetCallerIdentity";
        let (body, _) = self.call(action, &[]).await?;
        let text = String::from_utf8_lossy(&body);
        let doc = xml(action, &text)?;
        let account = child_text(doc.root(), "Account").ok_or_else(|| bad(action, "Account"))?;
        Ok(AccountInfo {
            billing_account: account.to_string(),
            name: child_text(doc.root(), "Arn").map(str::to_string),
        })
    }
}

fn parse_assumed(text: &str) -> Result<TempCredentials, ProviderError> {
    let action = "sts:AssumeRole";
    let doc = xml(action, text)?;
    let creds = doc
        .descendants()
        .find(|n| n.has_tag_name("Credentials"))
        .ok_or_else(|| bad(action, "Credentials"))?;
    let field = |tag: &str| {
        child_text(creds, tag).ok_or_else(|| bad(action, &format!("Credentials.{tag}")))
    };
    let expiration = field("Expiration")?;
    let expires_at = chrono::DateTime::parse_from_rfc3339(expiration)
        .map_err(|_| {
            ProviderError::new(
                ErrorKind::BadResponse,
                format!("{action}: Credentials.Expiration '{expiration}' is not an RFC 3339 time"),
            )
        })?
        .timestamp();
    Ok(TempCredentials {
        access_key_id: field("AccessKeyId")?.to_string(),
        secret_access_key: Zeroizing::new(field("SecretAccessKey")?.to_string()),
        session_token: Zeroizing::new(field("SessionToken")?.to_string()),
        expires_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_assume_role_answer_is_read() {
        let text = r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <Credentials>
      <SessionToken>FwoGZXIvYXdzEXAMPLE</SessionToken>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <Expiration>2025-06-15T01:00:00Z</Expiration>
      <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
    </Credentials>
    <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/demo/cloudlens</Arn></AssumedRoleUser>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
</AssumeRoleResponse>"#;
        let t = match parse_assumed(text) {
            Ok(t) => t,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(t.access_key_id, "ASIAIOSFODNN7EXAMPLE");
        assert_eq!(t.expires_at, 1_749_949_200);
        assert!(!format!("{t:?}").contains("wJalr"));
        assert!(parse_assumed("<AssumeRoleResponse/>").is_err());
    }
}
