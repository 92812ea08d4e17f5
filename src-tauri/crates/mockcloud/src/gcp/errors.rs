//! Google's error shape, `{"error": {"code", "message", "status",
//! "errors": [{"message", "domain", "reason"}]}}`, and how each API
//! throttles and fails: BigQuery 403 `rateLimitExceeded` and 500
//! `backendError`; Compute Engine, Cloud Monitoring and the token endpoint
//! 429 `RESOURCE_EXHAUSTED` and 503 `UNAVAILABLE`.

use serde_json::json;

use crate::RawResponse;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    Token,
    BigQuery,
    Compute,
    Monitoring,
}

pub fn error(
    _api: Api,
    status: u16,
    status_word: &str,
    reason: &str,
    message: &str,
) -> RawResponse {
    let mut e = json!({
        "code": status,
        "message": message,
        "errors": [{"message": message, "domain": "global", "reason": reason}]
    });
    if !status_word.is_empty() {
        e["status"] = json!(status_word);
    }
    RawResponse::json(status, &json!({ "error": e }))
}

pub fn throttled(api: Api) -> RawResponse {
    match api {
        Api::BigQuery => error(
            api,
            403,
            "",
            "rateLimitExceeded",
            "Exceeded rate limits: too many api requests per user per method for this user_method. For more information, see https://cloud.google.com/bigquery/docs/troubleshoot-quotas",
        ),
        _ => error(
            api,
            429,
            "RESOURCE_EXHAUSTED",
            "rateLimitExceeded",
            "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute' of service.",
        ),
    }
}

pub fn server_error(api: Api) -> RawResponse {
    match api {
        Api::BigQuery => error(
            api,
            500,
            "INTERNAL",
            "backendError",
            "Error encountered during execution. Retrying may solve the problem.",
        ),
        _ => error(
            api,
            503,
            "UNAVAILABLE",
            "backendError",
            "The service is currently unavailable.",
        ),
    }
}

/// OAuth's own refusal shape at the token endpoint.
pub fn oauth_refusal(code: &str, description: &str) -> RawResponse {
    RawResponse::json(
        400,
        &json!({"error": code, "error_description": description}),
    )
}
