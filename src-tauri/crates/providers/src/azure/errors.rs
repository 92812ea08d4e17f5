//! Azure's answers in the engine's terms: Resource Manager's
//! `{"error":{"code","message"}}`, the identity platform's
//! `{"error","error_description","error_codes"}` and Blob Storage's XML
//! `<Error><Code>`; the waits a throttled answer asks for (`Retry-After`,
//! Cost Management's `x-ms-ratelimit-microsoft.costmanagement-*-retry-after`,
//! Resource Graph's `x-ms-user-quota-resets-after`); small readers whose
//! failures name what is missing.

use std::time::Duration;

use reqwest::header::HeaderMap;
use serde_json::Value;

use crate::{ErrorKind, ProviderError};

/// The longest wait the answer's headers ask for, if any.
pub(super) fn waits(headers: &HeaderMap) -> Option<Duration> {
    let mut longest: Option<Duration> = None;
    for (name, value) in headers {
        let (name, Ok(value)) = (name.as_str(), value.to_str()) else {
            continue;
        };
        let wait = if name == "retry-after"
            || (name.starts_with("x-ms-ratelimit-") && name.ends_with("retry-after"))
        {
            value.trim().parse::<u64>().ok().map(Duration::from_secs)
        } else if name == "x-ms-user-quota-resets-after" {
            hms(value)
        } else {
            None
        };
        if let Some(w) = wait {
            longest = Some(longest.map_or(w, |l| l.max(w)));
        }
    }
    longest
}

/// `hh:mm:ss` as a duration.
fn hms(text: &str) -> Option<Duration> {
    let parts: Vec<u64> = text
        .trim()
        .split(':')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    match parts.as_slice() {
        [h, m, s] => Some(Duration::from_secs(h * 3600 + m * 60 + s)),
        _ => None,
    }
}

/// The error in an answer with a status other than 2xx.
pub(super) fn provider_error(
    action: &str,
    status: u16,
    body: &[u8],
    request_id: Option<&str>,
    wait: Option<Duration>,
) -> ProviderError {
    let text = String::from_utf8_lossy(body);
    let (code, message) = if text.trim_start().starts_with('{') {
        json_error(&text)
    } else {
        xml_error(&text)
    };
    let kind = kind_of(status, code.as_deref());
    let mut err = ProviderError::failed(action, status, kind, code.as_deref(), message.as_deref());
    if let Some(id) = request_id {
        err = err.with_request_id(id);
    }
    if kind == ErrorKind::Throttled {
        // Azure states its wait; without one, back off from a second.
        err.retry_after = Some(wait.unwrap_or(Duration::from_secs(1)));
    }
    err
}

/// ARM's `{"error":{"code","message"}}` or the identity platform's
/// `{"error":"invalid_client","error_description":"AADSTS7000215: ..."}`.
fn json_error(text: &str) -> (Option<String>, Option<String>) {
    let v: Value = serde_json::from_str(text).unwrap_or_default();
    match v.get("error") {
        Some(Value::Object(e)) => (
            e.get("code").and_then(Value::as_str).map(str::to_string),
            e.get("message").and_then(Value::as_str).map(str::to_string),
        ),
        Some(Value::String(code)) => {
            let description = v
                .get("error_description")
                .and_then(Value::as_str)
                .map(|d| d.lines().next().unwrap_or(d).to_string());
            (Some(code.clone()), description)
        }
        _ => (None, None),
    }
}

/// Blob Storage's `<Error><Code>..</Code><Message>..</Message></Error>`.
fn xml_error(text: &str) -> (Option<String>, Option<String>) {
    let Ok(doc) = roxmltree::Document::parse(text) else {
        return (None, None);
    };
    let get = |tag: &str| {
        doc.descendants()
            .find(|n| n.has_tag_name(tag))
            .and_then(|n| n.text())
            .map(|t| t.lines().next().unwrap_or(t).trim().to_string())
    };
    (get("Code"), get("Message"))
}

fn kind_of(status: u16, code: Option<&str>) -> ErrorKind {
    match code.unwrap_or("") {
        "TooManyRequests" | "RateLimiting" | "ServerBusy" | "429" => ErrorKind::Throttled,
        "invalid_client"
        | "unauthorized_client"
        | "InvalidAuthenticationToken"
        | "ExpiredAuthenticationToken"
        | "AuthenticationFailed"
        | "InvalidAuthenticationInfo" => ErrorKind::CredentialsRejected,
        "AuthorizationFailed" | "AuthorizationPermissionMismatch" | "LinkedAuthorizationFailed" => {
            ErrorKind::PermissionMissing
        }
        "InternalServerError" | "InternalError" | "OperationTimedOut" => ErrorKind::ServerError,
        _ if status == 429 => ErrorKind::Throttled,
        // The identity platform answers a wrong tenant or scope with 400.
        "invalid_request" | "invalid_scope" => ErrorKind::CredentialsRejected,
        _ => ErrorKind::of_status(status),
    }
}

/// A part of an answer that is missing or not of its documented shape.
pub(super) fn bad(action: &str, what: &str) -> ProviderError {
    ProviderError::new(
        ErrorKind::BadResponse,
        format!("{action}: the answer has no valid {what}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_shape_gives_its_code_kind_and_wait() {
        let aad = br#"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.\r\nTrace ID: x","error_codes":[7000215]}"#;
        let e = provider_error("identity:ClientCredentialsToken", 401, aad, None, None);
        assert_eq!(e.kind, ErrorKind::CredentialsRejected);
        assert!(e.message.contains("AADSTS7000215") && !e.message.contains("Trace"));
        let arm = br#"{"error":{"code":"ExpiredAuthenticationToken","message":"The access token expiry UTC time is earlier than current UTC time."}}"#;
        assert_eq!(
            provider_error("costmanagement:Query", 401, arm, Some("r1"), None).kind,
            ErrorKind::CredentialsRejected
        );
        let busy = b"<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>ServerBusy</Code><Message>Ingress is over the account limit.</Message></Error>";
        let e = provider_error("storage:GetBlob", 503, busy, None, None);
        assert_eq!(e.kind, ErrorKind::Throttled);
        assert_eq!(e.retry_after, Some(Duration::from_secs(1)));
        let e = provider_error(
            "costmanagement:Query",
            429,
            b"{}",
            None,
            Some(Duration::from_secs(7)),
        );
        assert_eq!(
            (e.kind, e.retry_after),
            (ErrorKind::Throttled, Some(Duration::from_secs(7)))
        );
        let mut h = HeaderMap::new();
        h.insert("retry-after", "3".parse().unwrap_or_else(|_| panic!()));
        h.insert(
            "x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after",
            "12".parse().unwrap_or_else(|_| panic!()),
        );
        assert_eq!(waits(&h), Some(Duration::from_secs(12)));
        assert_eq!(hms("00:00:05"), Some(Duration::from_secs(5)));
    }
}
