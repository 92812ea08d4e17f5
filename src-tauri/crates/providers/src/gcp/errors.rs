//! Google's answers in the engine's terms. Every Google API errs as
//! `{"error": {"code": 429, "message": "...", "status": "RESOURCE_EXHAUSTED",
//! "errors": [{"reason": "rateLimitExceeded", ...}]}}`; Compute Engine and
//! Cloud Monitoring throttle with 429 `RESOURCE_EXHAUSTED`, BigQuery with
//! 403 and the reason `rateLimitExceeded` (or 429 for its API quotas).

use std::time::Duration;

use serde_json::Value;

use crate::{ErrorKind, ProviderError};

/// Reasons that are a rate or quota limit, whatever the status says.
const THROTTLE_REASONS: &[&str] = &[
    "rateLimitExceeded",
    "userRateLimitExceeded",
    "RATE_LIMIT_EXCEEDED",
];

/// Reasons that are the server's trouble.
const SERVER_REASONS: &[&str] = &["backendError", "internalError"];

/// The error of a non-2xx answer.
pub(super) fn provider_error(action: &str, status: u16, body: &[u8]) -> ProviderError {
    let v: Value = serde_json::from_slice(body).unwrap_or_default();
    match v.get("error").filter(|e| e.is_object()) {
        Some(e) => google_error(action, status, e, None),
        None => ProviderError::new(
            ErrorKind::of_status(status),
            format!("{action} failed with HTTP {status}"),
        ),
    }
}

/// `{"code", "message", "status", "errors": [{"reason"}]}` as an error.
pub(super) fn google_error(
    action: &str,
    status: u16,
    e: &Value,
    request_id: Option<&str>,
) -> ProviderError {
    let text = |k: &str| e.get(k).and_then(Value::as_str).unwrap_or("");
    let reason = e
        .get("errors")
        .and_then(Value::as_array)
        .and_then(|a| a.first())
        .and_then(|r| r.get("reason"))
        .and_then(Value::as_str)
        .unwrap_or("");
    let status_word = text("status");
    let kind = if status == 429
        || status_word == "RESOURCE_EXHAUSTED"
        || THROTTLE_REASONS.contains(&reason)
    {
        ErrorKind::Throttled
    } else if status >= 500 || SERVER_REASONS.contains(&reason) {
        ErrorKind::ServerError
    } else {
        match (status_word, reason) {
            ("UNAUTHENTICATED", _) | (_, "authError") => ErrorKind::CredentialsRejected,
            ("PERMISSION_DENIED", _) | (_, "accessDenied" | "forbidden") => {
                ErrorKind::PermissionMissing
            }
            _ => ErrorKind::of_status(status),
        }
    };
    let code = if !status_word.is_empty() {
        status_word
    } else {
        reason
    };
    let message = text("message");
    let mut err = ProviderError::new(
        kind,
        if code.is_empty() {
            format!("{action} failed with HTTP {status}: {message}")
        } else {
            format!("{action} failed: {code}: {message}")
        },
    );
    if !code.is_empty() {
        err = err.with_code(code);
    }
    if let Some(id) = request_id {
        err = err.with_request_id(id);
    }
    if kind == ErrorKind::Throttled {
        // Google's client libraries back off from one second.
        err.retry_after = Some(Duration::from_secs(1));
    }
    err
}

/// An answer without the documented shape, naming what was missing.
pub(super) fn bad(action: &str, what: &str) -> ProviderError {
    ProviderError::new(
        ErrorKind::BadResponse,
        format!("{action} answered without {what}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttling_spellings_map_to_throttled() {
        let compute =
            br#"{"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED"}}"#;
        let e = provider_error("compute.instances.aggregatedList", 429, compute);
        assert_eq!(e.kind, ErrorKind::Throttled);
        assert_eq!(e.code.as_deref(), Some("RESOURCE_EXHAUSTED"));
        let bq = br#"{"error":{"code":403,"message":"Exceeded rate limits","errors":[{"reason":"rateLimitExceeded","domain":"usageLimits"}]}}"#;
        assert_eq!(
            provider_error("bigquery.jobs.query", 403, bq).kind,
            ErrorKind::Throttled
        );
        let denied = br#"{"error":{"code":403,"message":"Access Denied","status":"PERMISSION_DENIED","errors":[{"reason":"accessDenied"}]}}"#;
        assert_eq!(
            provider_error("bigquery.jobs.query", 403, denied).kind,
            ErrorKind::PermissionMissing
        );
    }
}
