//! The identity platform's token endpoint and the check every other
//! request gets: `POST /{tenant}/oauth2/v2.0/token` with client
//! credentials issues an opaque bearer token for one audience (Resource
//! Manager or Storage) that expires after the mock's token lifetime;
//! Resource Manager refuses a missing, unknown, expired or wrong-audience
//! token with 401 in its JSON shape, Storage with 401
//! `InvalidAuthenticationInfo` and a `WWW-Authenticate` challenge.

use std::sync::{Arc, Mutex};

use super::errors::{arm, identity, storage};
use crate::{RawRequest, RawResponse};

/// Who a token was issued for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Management,
    Storage,
}

#[derive(Debug, Clone)]
struct Issued {
    token: String,
    audience: Audience,
    expires_at: i64,
}

/// The tokens a mock issued. A test keeps a handle to expire them early
/// (a token revoked or outlived, as the service sees it).
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    issued: Arc<Mutex<Vec<Issued>>>,
}

impl Tokens {
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Issued>> {
        self.issued.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Every token issued so far expires at `at` (Unix seconds).
    pub fn expire_all(&self, at: i64) {
        for t in self.lock().iter_mut() {
            t.expires_at = at;
        }
    }

    pub fn issued(&self) -> usize {
        self.lock().len()
    }
}

/// The app registration the mock's tenant knows.
pub struct App {
    pub tenant: String,
    pub client_id: String,
    pub secret: String,
    /// Seconds a token lives.
    pub lifetime: i64,
}

fn form(body: &[u8]) -> Vec<(String, String)> {
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(&s.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    String::from_utf8_lossy(body)
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn audience_of(scope: &str) -> Option<Audience> {
    match scope {
        "https://management.azure.com/.default"
        | "https://management.chinacloudapi.cn/.default" => Some(Audience::Management),
        "https://storage.azure.com/.default" => Some(Audience::Storage),
        _ => None,
    }
}

/// The token endpoint: (answer, whether the credentials were refused).
pub fn token(app: &App, tokens: &Tokens, req: &RawRequest, now: i64) -> (RawResponse, bool) {
    let tenant = req
        .path
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or("");
    if req.method != "POST" || !req.path.ends_with("/oauth2/v2.0/token") {
        return (
            identity(
                404,
                "invalid_request",
                900561,
                "The endpoint only accepts POST requests.",
            ),
            false,
        );
    }
    if tenant != app.tenant {
        let d = format!("Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");
        return (identity(400, "invalid_request", 90002, &d), true);
    }
    let fields = form(&req.body);
    let get = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    if get("grant_type") != "client_credentials" {
        return (
            identity(
                400,
                "unsupported_grant_type",
                70003,
                "The app requested an unsupported grant type.",
            ),
            false,
        );
    }
    if get("client_id") != app.client_id {
        let d = format!(
            "Application with identifier '{}' was not found in the directory '{tenant}'.",
            get("client_id")
        );
        return (identity(400, "unauthorized_client", 700016, &d), true);
    }
    if get("client_secret") != app.secret {
        let d = format!(
            "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{}'.",
            app.client_id
        );
        return (identity(401, "invalid_client", 7000215, &d), true);
    }
    let Some(audience) = audience_of(get("scope")) else {
        let d = format!("The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid: '{}'.", get("scope"));
        return (identity(400, "invalid_scope", 70011, &d), false);
    };
    let random: [u8; 24] = rand::random();
    let mut issued = tokens.lock();
    let token = format!("mock.{}.{}", issued.len() + 1, hex::encode(random));
    issued.push(Issued {
        token: token.clone(),
        audience,
        expires_at: now + app.lifetime,
    });
    let answer = serde_json::json!({
        "token_type": "Bearer",
        "expires_in": app.lifetime,
        "ext_expires_in": app.lifetime,
        "access_token": token,
    });
    (RawResponse::json(200, &answer), false)
}

fn utc(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .map(|t| t.format("%m/%d/%Y %H:%M:%S").to_string())
        .unwrap_or_default()
}

/// Checks a request's bearer token; the refusal in the service's shape.
pub fn check(
    tokens: &Tokens,
    req: &RawRequest,
    want: Audience,
    now: i64,
) -> Result<(), RawResponse> {
    let refuse = |code: &str, message: &str| match want {
        Audience::Management => arm(401, code, message),
        Audience::Storage => {
            let mut r = storage(
                401,
                "InvalidAuthenticationInfo",
                &format!("Server failed to authenticate the request. {message}"),
            );
            r.headers.push((
                "www-authenticate".into(),
                "Bearer authorization_uri=https://login.microsoftonline.com/tenant/oauth2/authorize resource_id=https://storage.azure.com".into(),
            ));
            r
        }
    };
    let Some(token) = req
        .header("authorization")
        .and_then(|h| h.strip_prefix("Bearer "))
    else {
        return Err(refuse(
            "AuthenticationFailed",
            "Authentication failed. The 'Authorization' header is missing.",
        ));
    };
    let issued = tokens.lock();
    let Some(t) = issued.iter().find(|t| t.token == token) else {
        return Err(refuse(
            "InvalidAuthenticationToken",
            "The access token is invalid.",
        ));
    };
    if t.audience != want {
        return Err(refuse(
            "InvalidAuthenticationTokenAudience",
            "The access token has been obtained for wrong audience or resource.",
        ));
    }
    if now >= t.expires_at {
        let m = format!(
            "The access token expiry UTC time '{}' is earlier than current UTC time '{}'.",
            utc(t.expires_at),
            utc(now)
        );
        return Err(refuse("ExpiredAuthenticationToken", &m));
    }
    Ok(())
}
