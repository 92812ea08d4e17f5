//! The one way a request leaves the Alibaba client: the allow-list check,
//! the documented host of the action's service, the V3 signature, and the
//! provider's error shapes mapped to [`ErrorKind`].

use std::time::Duration;

use chrono::Utc;
use rand::RngCore;
use serde_json::Value;

use super::sign::{self, SignInput};
use crate::{ClientConfig, ErrorKind, ProviderError, Site};

/// Exactly the read-only actions the client calls, `Service:Action`.
pub const ALLOWED_ACTIONS: &[&str] = &[
    "BssOpenApi:DescribeInstanceBill",
    "BssOpenApi:QueryBillOverview",
    "ECS:DescribeRegions",
    "ECS:DescribeInstances",
    "ECS:DescribeDisks",
    "VPC:DescribeEipAddresses",
    "CMS:DescribeMetricList",
];

/// An API product: its version and documented host names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Service {
    Bss,
    Ecs,
    Vpc,
    Cms,
}

impl Service {
    fn parse(name: &str) -> Option<Self> {
        match name {
            "BssOpenApi" => Some(Self::Bss),
            "ECS" => Some(Self::Ecs),
            "VPC" => Some(Self::Vpc),
            "CMS" => Some(Self::Cms),
            _ => None,
        }
    }

    fn version(self) -> &'static str {
        match self {
            Self::Bss => "2017-12-14",
            Self::Ecs => "2014-05-26",
            Self::Vpc => "2016-04-28",
            Self::Cms => "2019-01-01",
        }
    }

    /// The documented endpoint. BssOpenApi has one per site (the
    /// international site's is Singapore); the others are regional, and a
    /// call naming no region goes to the site's default one.
    fn host(self, site: Site, region: Option<&str>) -> String {
        let home = match site {
            Site::China => "cn-hangzhou",
            Site::International => "ap-southeast-1",
        };
        match (self, site) {
            (Self::Bss, Site::China) => "business.aliyuncs.com".to_string(),
            (Self::Bss, Site::International) => "business.ap-southeast-1.aliyuncs.com".to_string(),
            (Self::Ecs, _) => format!("ecs.{}.aliyuncs.com", region.unwrap_or(home)),
            (Self::Vpc, _) => format!("vpc.{}.aliyuncs.com", region.unwrap_or(home)),
            (Self::Cms, _) => format!("metrics.{}.aliyuncs.com", region.unwrap_or(home)),
        }
    }
}

/// Sends `action` (`Service:Action`) with `params` and returns the JSON
/// body of a successful answer. Refuses anything off the allow-list before
/// building a request.
pub(super) async fn call(
    config: &ClientConfig,
    http: &reqwest::Client,
    action: &str,
    params: &[(&str, &str)],
) -> Result<Value, ProviderError> {
    if !ALLOWED_ACTIONS.contains(&action) {
        return Err(ProviderError::not_allowed(action));
    }
    let (service, name) = action
        .split_once(':')
        .and_then(|(s, a)| Some((Service::parse(s)?, a)))
        .ok_or_else(|| ProviderError::not_allowed(action))?;
    let region = params
        .iter()
        .find(|(k, _)| *k == "RegionId")
        .map(|(_, v)| *v);
    let host = service.host(config.site, region);
    let query = sign::canonical_query(params);
    let payload_hash = sign::sha256_hex(b"");
    let date = Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let mut nonce = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut nonce);
    let nonce = hex::encode(nonce);
    let headers = [
        ("host", host.as_str()),
        ("x-acs-action", name),
        ("x-acs-version", service.version()),
        ("x-acs-date", date.as_str()),
        ("x-acs-signature-nonce", nonce.as_str()),
        ("x-acs-content-sha256", payload_hash.as_str()),
    ];
    let signed = sign::sign(
        &config.credentials.key_id,
        &config.credentials.secret,
        &SignInput {
            method: "POST",
            path: "/",
            query: &query,
            headers: &headers,
            payload_hash: &payload_hash,
        },
    );
    let base = match &config.endpoint {
        Some(e) => e.trim_end_matches('/').to_string(),
        None => format!("https://{host}"),
    };
    let mut request = http
        .post(format!("{base}/?{query}"))
        .timeout(config.timeout)
        .header(reqwest::header::ACCEPT, "application/json")
        .header(reqwest::header::AUTHORIZATION, signed.authorization);
    for (k, v) in headers {
        request = request.header(k, v);
    }
    let response = request
        .send()
        .await
        .map_err(|e| transport_error(action, &e))?;
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    let body = response
        .bytes()
        .await
        .map_err(|e| transport_error(action, &e))?;
    let json: Option<Value> = serde_json::from_slice(&body).ok();
    let failure = match &json {
        _ if !(200..300).contains(&status) => true,
        // Some answers come with HTTP 200 and `Success: false`, or a
        // throttling code, in the body.
        Some(v) => {
            v.get("Success") == Some(&Value::Bool(false))
                || v.get("Code")
                    .and_then(Value::as_str)
                    .is_some_and(|c| c.starts_with("Throttling"))
        }
        None => false,
    };
    if failure {
        let mut err = provider_error(action, status, json.as_ref());
        err.retry_after = retry_after;
        return Err(err);
    }
    json.ok_or_else(|| {
        ProviderError::new(
            ErrorKind::BadResponse,
            format!("{action} answered HTTP {status} with a body that is not JSON"),
        )
    })
}

/// `{Code, Message, RequestId}` (and the HTTP status) as an error.
fn provider_error(action: &str, status: u16, body: Option<&Value>) -> ProviderError {
    let field = |name: &str| body.and_then(|b| b.get(name)).and_then(Value::as_str);
    let code = field("Code");
    let kind = kind_of(status, code);
    let message = match (code, field("Message")) {
        (Some(c), Some(m)) => format!("{action} failed: {c}: {m}"),
        (Some(c), None) => format!("{action} failed: {c}"),
        _ => format!("{action} failed with HTTP {status}"),
    };
    let mut err = ProviderError::new(kind, message);
    if let Some(c) = code {
        err = err.with_code(c);
    }
    if let Some(id) = field("RequestId") {
        err = err.with_request_id(id);
    }
    err
}

/// The provider's codes (and bare statuses) in the engine's terms.
fn kind_of(status: u16, code: Option<&str>) -> ErrorKind {
    let c = code.unwrap_or("");
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| c.starts_with(p));
    if starts(&[
        "InvalidAccessKeyId",
        "SignatureDoesNotMatch",
        "IncompleteSignature",
        "InvalidSecurityToken",
        "Forbidden.AccessKeyDisabled",
        "InvalidAccessKeySecret",
    ]) {
        ErrorKind::CredentialsRejected
    } else if starts(&["Forbidden", "NoPermission", "NotAuthorized"]) {
        ErrorKind::PermissionMissing
    } else if starts(&["Throttling"]) || status == 429 {
        ErrorKind::Throttled
    } else if starts(&["InternalError", "ServiceUnavailable", "UnknownError"]) || status >= 500 {
        ErrorKind::ServerError
    } else if status == 401 {
        ErrorKind::CredentialsRejected
    } else if status == 403 {
        ErrorKind::PermissionMissing
    } else {
        ErrorKind::InvalidRequest
    }
}

fn transport_error(action: &str, e: &reqwest::Error) -> ProviderError {
    let kind = if e.is_timeout() {
        ErrorKind::Timeout
    } else if e.is_decode() || e.is_body() {
        ErrorKind::BadResponse
    } else {
        // Connection refused, DNS, TLS: nothing reached the API.
        ErrorKind::Unreachable
    };
    let what = match kind {
        ErrorKind::Timeout => "timed out",
        ErrorKind::BadResponse => "answer could not be read",
        _ => "could not reach the API",
    };
    // The error's own text has the URL (no secret is in it) and the cause.
    ProviderError::new(kind, format!("{action} {what}: {e}"))
}

/// A required member, or an error naming it.
pub(super) fn member<'a>(
    v: &'a Value,
    action: &str,
    path: &[&str],
) -> Result<&'a Value, ProviderError> {
    let mut cur = v;
    for (i, name) in path.iter().enumerate() {
        cur = cur.get(name).ok_or_else(|| {
            ProviderError::new(
                ErrorKind::BadResponse,
                format!("{action} answered without {}", path[..=i].join(".")),
            )
        })?;
    }
    Ok(cur)
}

/// The request id of an answer, for provenance.
pub(super) fn request_id(v: &Value) -> String {
    v.get("RequestId")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// A JSON scalar as the text the provider wrote. Numbers keep serde_json's
/// `Number` string form: bill amounts have at most a few decimals and far
/// fewer than 15 significant digits, and any decimal of at most 15
/// significant digits has a unique nearest f64 whose shortest round-trip
/// text (what `Number` prints) is that same decimal, so nothing is lost
/// and no arithmetic ever happens on the float.
pub(super) fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_map_to_kinds() {
        let k = |s, c| kind_of(s, Some(c));
        assert_eq!(
            k(404, "InvalidAccessKeyId.NotFound"),
            ErrorKind::CredentialsRejected
        );
        assert_eq!(
            k(400, "SignatureDoesNotMatch"),
            ErrorKind::CredentialsRejected
        );
        assert_eq!(
            k(400, "IncompleteSignature"),
            ErrorKind::CredentialsRejected
        );
        assert_eq!(k(403, "Forbidden.RAM"), ErrorKind::PermissionMissing);
        assert_eq!(k(400, "NoPermission"), ErrorKind::PermissionMissing);
        assert_eq!(k(400, "Throttling.User"), ErrorKind::Throttled);
        assert_eq!(k(200, "Throttling"), ErrorKind::Throttled);
        assert_eq!(k(500, "InternalError"), ErrorKind::ServerError);
        assert_eq!(k(503, "ServiceUnavailable"), ErrorKind::ServerError);
        assert_eq!(kind_of(502, None), ErrorKind::ServerError);
        assert_eq!(k(400, "InvalidParameter"), ErrorKind::InvalidRequest);
    }

    #[test]
    fn numbers_keep_their_written_digits() {
        for text in ["1.52", "0.07", "123456789.123456", "0", "-3.1"] {
            let v: Value = serde_json::from_str(text).unwrap_or(Value::Null);
            assert_eq!(scalar_text(&v).as_deref(), Some(text));
        }
    }

    #[test]
    fn hosts_per_site_and_region() {
        assert_eq!(
            Service::Bss.host(Site::China, None),
            "business.aliyuncs.com"
        );
        assert_eq!(
            Service::Bss.host(Site::International, Some("us-east-1")),
            "business.ap-southeast-1.aliyuncs.com"
        );
        assert_eq!(
            Service::Ecs.host(Site::China, Some("cn-beijing")),
            "ecs.cn-beijing.aliyuncs.com"
        );
        assert_eq!(
            Service::Cms.host(Site::China, Some("cn-beijing")),
            "metrics.cn-beijing.aliyuncs.com"
        );
    }
}
