//! A service account's access token: the key file's JSON (`client_email`,
//! `private_key` in PKCS#8 PEM, `token_uri`), a JWT signed with RS256
//! (RSASSA-PKCS1-v1_5 with SHA-256, by `ring`), exchanged at the key's own
//! `token_uri` for a bearer token, which is cached until shortly before it
//! expires. The private key lives only in the zeroized secret and the
//! signing key built from it; neither is ever logged or put in an error.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use ring::signature::{RsaKeyPair, RSA_PKCS1_SHA256};
use serde_json::{json, Value};
use zeroize::Zeroizing;

use crate::{ErrorKind, ProviderError};

/// The token exchange, as the allow-list names it.
pub const TOKEN_ACTION: &str = "oauth2.token";

/// What the token may be used for: BigQuery jobs (a query is a job, so the
/// read-only BigQuery scope does not cover it; IAM keeps it read-only),
/// Compute Engine and Cloud Monitoring read-only.
pub const SCOPES: &str = "https://www.googleapis.com/auth/bigquery https://www.googleapis.com/auth/compute.readonly https://www.googleapis.com/auth/monitoring.read";

/// Google's token endpoint, which key files name.
pub const GOOGLE_TOKEN_URI: &str = "https://oauth2.googleapis.com/token";

/// A token is renewed this long before Google says it expires.
const RENEW_BEFORE: i64 = 300;
/// Google accepts assertions valid for at most an hour.
const ASSERTION_LIFETIME: i64 = 3600;

/// The parts of a service-account key file the client uses.
pub struct ServiceAccountKey {
    pub client_email: String,
    pub private_key_id: Option<String>,
    pub token_uri: String,
    /// The project the key belongs to: where inventory is read when the
    /// connection names no projects.
    pub project_id: Option<String>,
    /// PKCS#8 DER of the private key.
    der: Zeroizing<Vec<u8>>,
}

impl std::fmt::Debug for ServiceAccountKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServiceAccountKey")
            .field("client_email", &self.client_email)
            .field("token_uri", &self.token_uri)
            .field("private_key", &"<redacted>")
            .finish()
    }
}

fn invalid_key(what: &str) -> ProviderError {
    ProviderError::new(
        ErrorKind::CredentialsRejected,
        format!("the service-account key file {what}"),
    )
}

impl ServiceAccountKey {
    /// Reads a key file's JSON. Errors say what is wrong, never what the
    /// key holds.
    pub fn parse(json_text: &str) -> Result<Self, ProviderError> {
        let v: Value = serde_json::from_str(json_text).map_err(|_| invalid_key("is not JSON"))?;
        let text = |k: &str| {
            v.get(k)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        if let Some(t) = text("type") {
            if t != "service_account" {
                return Err(invalid_key(&format!(
                    "is of type '{t}', not a service account's"
                )));
            }
        }
        let client_email =
            text("client_email").ok_or_else(|| invalid_key("has no client_email"))?;
        let pem =
            Zeroizing::new(text("private_key").ok_or_else(|| invalid_key("has no private_key"))?);
        let der = pkcs8_der(&pem)?;
        RsaKeyPair::from_pkcs8(&der)
            .map_err(|_| invalid_key("has a private_key that is not an RSA PKCS#8 key"))?;
        Ok(Self {
            client_email,
            private_key_id: text("private_key_id"),
            token_uri: text("token_uri").unwrap_or_else(|| GOOGLE_TOKEN_URI.to_string()),
            project_id: text("project_id"),
            der,
        })
    }

    /// The signed assertion `base64url(header).base64url(claims).base64url(sig)`.
    pub fn assertion(&self, now: i64) -> Result<Zeroizing<String>, ProviderError> {
        let mut header = json!({"alg": "RS256", "typ": "JWT"});
        if let Some(kid) = &self.private_key_id {
            header["kid"] = Value::String(kid.clone());
        }
        let claims = json!({
            "iss": self.client_email,
            "scope": SCOPES,
            "aud": self.token_uri,
            "iat": now,
            "exp": now + ASSERTION_LIFETIME,
        });
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let pair = RsaKeyPair::from_pkcs8(&self.der)
            .map_err(|_| invalid_key("has a private_key that is not an RSA PKCS#8 key"))?;
        let mut sig = vec![0u8; pair.public().modulus_len()];
        pair.sign(
            &RSA_PKCS1_SHA256,
            &ring::rand::SystemRandom::new(),
            signing_input.as_bytes(),
            &mut sig,
        )
        .map_err(|_| invalid_key("could not sign the token request"))?;
        Ok(Zeroizing::new(format!(
            "{signing_input}.{}",
            URL_SAFE_NO_PAD.encode(sig)
        )))
    }
}

/// The DER inside a `-----BEGIN PRIVATE KEY-----` PEM block.
fn pkcs8_der(pem: &str) -> Result<Zeroizing<Vec<u8>>, ProviderError> {
    const BEGIN: &str = "-----BEGIN PRIVATE KEY-----";
    const END: &str = "-----END PRIVATE KEY-----";
    let start = pem
        .find(BEGIN)
        .ok_or_else(|| invalid_key("has a private_key that is not a PKCS#8 PEM block"))?
        + BEGIN.len();
    let end = pem[start..]
        .find(END)
        .ok_or_else(|| invalid_key("has a private_key PEM block without its end"))?
        + start;
    let body: Zeroizing<String> = Zeroizing::new(
        pem[start..end]
            .chars()
            .filter(|c| !c.is_ascii_whitespace())
            .collect(),
    );
    STANDARD
        .decode(body.as_bytes())
        .map(Zeroizing::new)
        .map_err(|_| invalid_key("has a private_key PEM block that is not base64"))
}

/// A bearer token and when it stops being used (Unix seconds).
#[derive(Clone)]
pub struct AccessToken {
    pub token: Zeroizing<String>,
    pub renew_at: i64,
}

impl std::fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccessToken")
            .field("renew_at", &self.renew_at)
            .finish_non_exhaustive()
    }
}

/// Reads the token endpoint's answer: `{"access_token", "expires_in"}`,
/// or OAuth's `{"error", "error_description"}`.
pub fn read_token_answer(status: u16, body: &[u8], now: i64) -> Result<AccessToken, ProviderError> {
    let v: Value = serde_json::from_slice(body).unwrap_or_default();
    if (200..300).contains(&status) {
        let token = v
            .get("access_token")
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                ProviderError::new(
                    ErrorKind::BadResponse,
                    format!("{TOKEN_ACTION} answered without an access_token"),
                )
            })?;
        let expires_in = v.get("expires_in").and_then(Value::as_i64).unwrap_or(3600);
        return Ok(AccessToken {
            token: Zeroizing::new(token.to_string()),
            renew_at: now + (expires_in - RENEW_BEFORE).max(0),
        });
    }
    if let Some(e) = v.get("error").filter(|e| e.is_object()) {
        // A Google API error shape from a proxy or the token endpoint's gateway.
        return Err(super::errors::google_error(TOKEN_ACTION, status, e, None));
    }
    let code = v.get("error").and_then(Value::as_str).unwrap_or("");
    let description = v
        .get("error_description")
        .and_then(Value::as_str)
        .unwrap_or("");
    let kind = match (status, code) {
        (429, _) => ErrorKind::Throttled,
        (500.., _) => ErrorKind::ServerError,
        (_, "invalid_grant" | "invalid_client" | "unauthorized_client") => {
            ErrorKind::CredentialsRejected
        }
        (_, "invalid_scope" | "access_denied") => ErrorKind::PermissionMissing,
        _ => ErrorKind::of_status(status),
    };
    let message = if code.is_empty() {
        format!("{TOKEN_ACTION} failed with HTTP {status}")
    } else {
        format!("{TOKEN_ACTION} failed: {code}: {description}")
    };
    let mut err = ProviderError::new(kind, message);
    if !code.is_empty() {
        err = err.with_code(code);
    }
    Err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_without_a_pem_key_is_named_and_not_echoed() {
        let e = ServiceAccountKey::parse(
            r#"{"type":"service_account","client_email":"a@p.iam.gserviceaccount.com","private_key":"secret-material"}"#,
        )
        .err()
        .map(|e| e.message)
        .unwrap_or_default();
        assert!(e.contains("PKCS#8 PEM"), "{e}");
        assert!(!e.contains("secret-material"), "{e}");
        let e = ServiceAccountKey::parse(r#"{"type":"authorized_user"}"#)
            .err()
            .map(|e| e.message)
            .unwrap_or_default();
        assert!(e.contains("authorized_user"), "{e}");
    }

    #[test]
    fn token_answers_and_oauth_refusals() {
        let t = read_token_answer(200, br#"{"access_token":"ya29.x","expires_in":3599}"#, 100)
            .map(|t| t.renew_at)
            .unwrap_or_default();
        assert_eq!(t, 100 + 3599 - RENEW_BEFORE);
        let e = read_token_answer(
            400,
            br#"{"error":"invalid_grant","error_description":"Invalid JWT Signature."}"#,
            0,
        )
        .err()
        .map(|e| e.kind);
        assert_eq!(e, Some(ErrorKind::CredentialsRejected));
    }
}
