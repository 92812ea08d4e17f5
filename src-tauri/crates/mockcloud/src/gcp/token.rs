//! The token endpoint: a `jwt-bearer` grant whose assertion is verified as
//! Google does (RS256 signature by the service account's key; `iss` the
//! account, `aud` the token endpoint, the scopes asked, `iat` near now and
//! `exp` at most an hour later), answered with a bearer token; and the
//! bearer check of every other call.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::Rng;
use ring::signature::{UnparsedPublicKey, RSA_PKCS1_2048_8192_SHA256};
use serde_json::{json, Value};

use super::errors::{error, oauth_refusal, Api};
use super::{lock, GcpMock};
use crate::{Handled, RawRequest, RawResponse};

/// A token the mock handed out.
#[derive(Debug, Clone)]
pub struct Issued {
    pub token: String,
    pub expires_at: i64,
    pub scopes: Vec<String>,
}

const LIFETIME: i64 = 3599;
/// Clock skew Google tolerates on `iat`.
const SKEW: i64 = 300;

fn refused(code: &str, description: &str, bad_signature: bool) -> Handled {
    Handled {
        response: oauth_refusal(code, description),
        bad_signature,
    }
}

fn form(body: &[u8]) -> Vec<(String, String)> {
    super::query_fields(&String::from_utf8_lossy(body))
}

impl GcpMock {
    pub(super) fn token(&self, req: &RawRequest, now: i64) -> Handled {
        let fields = form(&req.body);
        if super::field(&fields, "grant_type")
            != Some("urn:ietf:params:oauth:grant-type:jwt-bearer")
        {
            return refused("unsupported_grant_type", "Invalid grant_type: ", false);
        }
        let Some(assertion) = super::field(&fields, "assertion") else {
            return refused(
                "invalid_request",
                "Missing required parameter: assertion",
                false,
            );
        };
        let parts: Vec<&str> = assertion.split('.').collect();
        let [header, claims, signature] = parts.as_slice() else {
            return refused(
                "invalid_grant",
                "Invalid JWT: Token must be a short-lived token and in a reasonable timeframe",
                true,
            );
        };
        let decode = |s: &str| URL_SAFE_NO_PAD.decode(s).ok();
        let json_of = |s: &str| decode(s).and_then(|b| serde_json::from_slice::<Value>(&b).ok());
        let (Some(header), Some(claims), Some(signature)) =
            (json_of(header), json_of(claims), decode(signature))
        else {
            return refused("invalid_grant", "Invalid JWT Signature.", true);
        };
        if header.get("alg").and_then(Value::as_str) != Some("RS256") {
            return refused(
                "invalid_grant",
                "Invalid JWT: the algorithm is not RS256.",
                true,
            );
        }
        let signed = format!("{}.{}", parts[0], parts[1]);
        let key = UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, &self.public_key);
        if key.verify(signed.as_bytes(), &signature).is_err() {
            return refused("invalid_grant", "Invalid JWT Signature.", true);
        }
        if let Err(why) = self.claims_ok(&claims, req, now) {
            return refused("invalid_grant", &why, false);
        }
        let scopes: Vec<String> = claims
            .get("scope")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .split(' ')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        let bytes: [u8; 24] = rand::thread_rng().gen();
        let token = format!("ya29.mock-{}", hex::encode(bytes));
        lock(&self.tokens).push(Issued {
            token: token.clone(),
            expires_at: now + LIFETIME,
            scopes,
        });
        Handled {
            response: RawResponse::json(
                200,
                &json!({"access_token": token, "expires_in": LIFETIME, "token_type": "Bearer"}),
            ),
            bad_signature: false,
        }
    }

    fn claims_ok(&self, claims: &Value, req: &RawRequest, now: i64) -> Result<(), String> {
        let text = |k: &str| claims.get(k).and_then(Value::as_str).unwrap_or_default();
        let num = |k: &str| claims.get(k).and_then(Value::as_i64);
        if text("iss") != self.client_email {
            return Err("Invalid JWT: the issuer is not a service account of this project.".into());
        }
        // Google's own endpoint, or where the assertion was posted.
        let here = format!("http://{}/token", req.header("host").unwrap_or_default());
        let aud = text("aud");
        if aud != "https://oauth2.googleapis.com/token" && aud != here {
            return Err(format!(
                "Invalid JWT: the audience '{aud}' is not the token endpoint."
            ));
        }
        if text("scope").is_empty() {
            return Err("Invalid JWT: no scope was asked for.".into());
        }
        let (Some(iat), Some(exp)) = (num("iat"), num("exp")) else {
            return Err("Invalid JWT: iat and exp are required.".into());
        };
        if (iat - now).abs() > SKEW || exp <= now || exp - iat > 3600 {
            return Err("Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.".into());
        }
        Ok(())
    }

    /// The request's bearer token is one handed out, unexpired, with `scope`.
    pub(super) fn authorised(
        &self,
        req: &RawRequest,
        scope: &str,
        now: i64,
    ) -> Result<(), RawResponse> {
        let unauthenticated = || {
            error(
                Api::Compute,
                401,
                "UNAUTHENTICATED",
                "authError",
                "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
            )
        };
        let token = req
            .header("authorization")
            .and_then(|h| h.strip_prefix("Bearer "))
            .ok_or_else(unauthenticated)?;
        let tokens = lock(&self.tokens);
        let issued = tokens
            .iter()
            .find(|t| t.token == token && now < t.expires_at)
            .ok_or_else(unauthenticated)?;
        if !issued.scopes.iter().any(|s| s == scope) {
            return Err(error(
                Api::Compute,
                403,
                "PERMISSION_DENIED",
                "insufficientPermissions",
                "Request had insufficient authentication scopes.",
            ));
        }
        Ok(())
    }
}
