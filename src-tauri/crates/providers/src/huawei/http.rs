//! The one way a request leaves the client: allow-list check, request
//! building, signing, sending, and the provider's error shapes mapped to
//! the engine's [`ErrorKind`]s. No retries here; the sync engine retries.

use std::time::Duration;

use chrono::Utc;
use serde_json::{Map, Value};

use super::actions::{self, Method, Service};
use super::sign;
use crate::{ClientConfig, ErrorKind, ProviderError};

/// A successful answer: the exact body bytes and the request id.
pub struct Reply {
    pub body: Vec<u8>,
    pub request_id: String,
}

pub async fn send(
    config: &ClientConfig,
    http: &reqwest::Client,
    action: &str,
    params: &[(&str, &str)],
) -> Result<Reply, ProviderError> {
    let Some(route) = actions::route(action) else {
        return Err(ProviderError::not_allowed(action));
    };
    let mut region = None;
    let mut path = route.path.to_string();
    let mut rest: Vec<(&str, &str)> = Vec::new();
    for &(k, v) in params {
        let slot = format!("{{{k}}}");
        if path.contains(&slot) {
            path = path.replace(&slot, &sign::encode(v));
        } else if k == "region" && route.service == Service::Ecs {
            region = Some(v);
        } else {
            rest.push((k, v));
        }
    }
    if path.contains('{') {
        return Err(ProviderError::new(
            ErrorKind::InvalidRequest,
            format!("{action} needs the path parameters of {}", route.path),
        ));
    }
    if route.service == Service::Ecs && region.is_none() {
        return Err(ProviderError::new(
            ErrorKind::InvalidRequest,
            format!("{action} needs a region"),
        ));
    }
    let host = actions::host(route.service, config.site, region);
    let (query, body) = match route.method {
        Method::Get => (
            rest.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<Vec<_>>(),
            Vec::new(),
        ),
        Method::PostJson => (Vec::new(), json_body(&rest)?),
    };
    let date = Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
    let content_type = "application/json";
    let headers = vec![
        ("content-type".to_string(), content_type.to_string()),
        ("host".to_string(), host.clone()),
        ("x-sdk-date".to_string(), date.clone()),
    ];
    let secret = config.credentials.secret.as_str();
    let signed = sign::sign(
        &sign::Request {
            method: route.method.as_str(),
            path: &path,
            query: &query,
            headers: &headers,
            body: &body,
        },
        &config.credentials.key_id,
        secret,
    );
    let base = match &config.endpoint {
        Some(e) => e.trim_end_matches('/').to_string(),
        None => format!("https://{host}"),
    };
    let query_text = sign::canonical_query(&query);
    let url = if query_text.is_empty() {
        format!("{base}{}", sign::encoded_path(&path))
    } else {
        format!("{base}{}?{query_text}", sign::encoded_path(&path))
    };
    let method = match route.method {
        Method::Get => reqwest::Method::GET,
        Method::PostJson => reqwest::Method::POST,
    };
    let mut req = http
        .request(method, &url)
        .timeout(config.timeout)
        // Sent explicitly: with an endpoint override the connection goes
        // elsewhere, but the signature covers the documented host.
        .header(reqwest::header::HOST, &host)
        .header(reqwest::header::CONTENT_TYPE, content_type)
        .header("X-Sdk-Date", &date)
        .header(reqwest::header::AUTHORIZATION, &signed.authorization)
        .header(
            "X-Language",
            match config.site {
                crate::Site::China => "zh_CN",
                crate::Site::International => "en_US",
            },
        );
    if route.method == Method::PostJson {
        req = req.body(body);
    }
    let resp = req.send().await.map_err(|e| transport(action, &e))?;
    let status = resp.status().as_u16();
    let header_id = resp
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let retry_after = resp
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    let bytes = resp
        .bytes()
        .await
        .map_err(|e| transport(action, &e))?
        .to_vec();
    let fault = error_in(status, &bytes);
    let request_id = header_id
        .or_else(|| fault.as_ref().and_then(|f| f.request_id.clone()))
        .unwrap_or_default();
    if let Some(f) = fault {
        let mut err = ProviderError::new(
            f.kind,
            format!("{action}: {} {}", f.code, f.message)
                .trim_end()
                .to_string(),
        )
        .with_code(f.code);
        if !request_id.is_empty() {
            err = err.with_request_id(request_id);
        }
        err.retry_after = retry_after;
        return Err(err);
    }
    Ok(Reply {
        body: bytes,
        request_id,
    })
}

/// A JSON object of the parameters, numbers and booleans where the request
/// model has them.
fn json_body(params: &[(&str, &str)]) -> Result<Vec<u8>, ProviderError> {
    let mut map = Map::new();
    for &(k, v) in params {
        let value = if actions::json_number_field(k) {
            let n: i64 = v.parse().map_err(|_| {
                ProviderError::new(
                    ErrorKind::InvalidRequest,
                    format!("parameter {k} must be a whole number, not '{v}'"),
                )
            })?;
            Value::from(n)
        } else if actions::json_bool_field(k) {
            Value::Bool(v == "true")
        } else {
            Value::String(v.to_string())
        };
        map.insert(k.to_string(), value);
    }
    serde_json::to_vec(&Value::Object(map))
        .map_err(|e| ProviderError::new(ErrorKind::InvalidRequest, e.to_string()))
}

fn transport(action: &str, e: &reqwest::Error) -> ProviderError {
    let kind = if e.is_timeout() {
        ErrorKind::Timeout
    } else {
        // Connection refused, DNS, TLS, or the connection dropped.
        ErrorKind::Unreachable
    };
    // reqwest's message names the URL, which holds no secret (the
    // signature travels in a header).
    ProviderError::new(kind, format!("{action}: {e}"))
}

struct Fault {
    kind: ErrorKind,
    code: String,
    message: String,
    request_id: Option<String>,
}

/// The provider's error, if the answer is one: BSS and the API gateway
/// answer `{error_code, error_msg, request_id}`; ECS and IAM
/// `{error: {code, message}}`. A 2xx with an error code is an error too.
fn error_in(status: u16, body: &[u8]) -> Option<Fault> {
    let v: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let text = |v: Option<&Value>| match v {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let (code, message) = match (text(v.get("error_code")), v.get("error")) {
        (Some(c), _) => (Some(c), text(v.get("error_msg"))),
        (None, Some(e)) if e.is_object() => (text(e.get("code")), text(e.get("message"))),
        _ => (None, None),
    };
    let ok = (200..300).contains(&status);
    if ok
        && code
            .as_deref()
            .is_none_or(|c| c.is_empty() || c == "CBC.0000")
    {
        return None;
    }
    let code = code.unwrap_or_else(|| format!("HTTP {status}"));
    let message = message
        .unwrap_or_else(|| String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned());
    Some(Fault {
        kind: kind_of(status, &code, &message),
        code,
        message,
        request_id: text(v.get("request_id")),
    })
}

/// The engine's view of an error, from the status and the code.
fn kind_of(status: u16, code: &str, message: &str) -> ErrorKind {
    // APIG.xxxx (older pages write APIGW.xxxx) are the gateway's own codes.
    let gateway = code
        .strip_prefix("APIGW.")
        .or_else(|| code.strip_prefix("APIG."));
    let lower = message.to_ascii_lowercase();
    match gateway {
        Some("0308") => return ErrorKind::Throttled,
        // Incorrect IAM / app authentication information (bad signature,
        // unknown or locked AK, expired token).
        Some("0301" | "0303" | "0305") => return ErrorKind::CredentialsRejected,
        Some("0302" | "0306") => return ErrorKind::PermissionMissing,
        _ => {}
    }
    if lower.contains("throttl") || lower.contains("ratelimit") || lower.contains("too many") {
        return ErrorKind::Throttled;
    }
    match status {
        401 => ErrorKind::CredentialsRejected,
        403 => ErrorKind::PermissionMissing,
        429 => ErrorKind::Throttled,
        500..=599 => ErrorKind::ServerError,
        _ if code == "CBC.0151" => ErrorKind::PermissionMissing,
        _ if code == "CBC.0999" => ErrorKind::ServerError,
        _ => ErrorKind::InvalidRequest,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(status: u16, body: &str) -> Option<ErrorKind> {
        error_in(status, body.as_bytes()).map(|f| f.kind)
    }

    #[test]
    fn provider_error_shapes() {
        assert_eq!(kind(200, r#"{"total_count":0}"#), None);
        assert_eq!(
            kind(
                401,
                r#"{"error_code":"APIG.0301","error_msg":"Incorrect IAM authentication information: verify aksk signature fail","request_id":"r1"}"#
            ),
            Some(ErrorKind::CredentialsRejected)
        );
        assert_eq!(
            kind(
                429,
                r#"{"error_code":"APIG.0308","error_msg":"The throttling threshold has been reached: policy user over ratelimit,limit:10,time:1 second"}"#
            ),
            Some(ErrorKind::Throttled)
        );
        assert_eq!(
            kind(
                200,
                r#"{"error_code":"APIGW.0308","error_msg":"limit reached"}"#
            ),
            Some(ErrorKind::Throttled)
        );
        assert_eq!(
            kind(
                403,
                r#"{"error_code":"CBC.0151","error_msg":"Access denied."}"#
            ),
            Some(ErrorKind::PermissionMissing)
        );
        assert_eq!(
            kind(
                500,
                r#"{"error":{"code":"Ecs.0000","message":"internal error"}}"#
            ),
            Some(ErrorKind::ServerError)
        );
        assert_eq!(
            kind(
                400,
                r#"{"error_code":"CBC.0100","error_msg":"Invalid parameter."}"#
            ),
            Some(ErrorKind::InvalidRequest)
        );
        assert_eq!(
            kind(502, "<html>bad gateway</html>"),
            Some(ErrorKind::ServerError)
        );
    }

    #[test]
    fn json_bodies_carry_numbers_where_the_model_has_them() {
        let body = json_body(&[("cycle", "2025-01"), ("offset", "200"), ("limit", "100")]).unwrap();
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["cycle"], "2025-01");
        assert_eq!(v["offset"], 200);
        assert!(json_body(&[("limit", "ten")]).is_err());
    }
}
