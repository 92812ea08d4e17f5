//! Azure's answer shapes: Resource Manager's `{"error":{"code","message"}}`
//! with `x-ms-request-id`, the identity platform's
//! `{"error","error_description","error_codes",...}`, and Blob Storage's
//! XML `<Error>`; and each service's throttling: Cost Management's 429 with
//! its `x-ms-ratelimit-microsoft.costmanagement-*-retry-after` headers and
//! `Retry-After`, Resource Graph's 429 with its user quota headers, Azure
//! Monitor's and the token endpoint's 429, Blob Storage's 503 `ServerBusy`.

use serde_json::json;

use super::names::request_id;
use crate::RawResponse;

/// Which service answers (each throttles and fails in its own shape).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    Identity,
    CostManagement,
    ResourceGraph,
    Arm,
    Storage,
}

pub fn arm(status: u16, code: &str, message: &str) -> RawResponse {
    let mut r = RawResponse::json(
        status,
        &json!({"error": {"code": code, "message": message}}),
    );
    r.headers.push(("x-ms-request-id".into(), request_id()));
    r
}

pub fn identity(status: u16, error: &str, aadsts: u32, description: &str) -> RawResponse {
    let trace = request_id();
    RawResponse::json(
        status,
        &json!({
            "error": error,
            "error_description": format!("AADSTS{aadsts}: {description}\r\nTrace ID: {trace}\r\nCorrelation ID: {}\r\nTimestamp: 2025-06-15 00:00:00Z", request_id()),
            "error_codes": [aadsts],
            "timestamp": "2025-06-15 00:00:00Z",
            "trace_id": trace,
            "correlation_id": request_id(),
        }),
    )
}

pub fn storage(status: u16, code: &str, message: &str) -> RawResponse {
    let id = request_id();
    RawResponse {
        status,
        headers: vec![
            ("content-type".into(), "application/xml".into()),
            ("x-ms-request-id".into(), id.clone()),
        ],
        body: format!(
            "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{code}</Code><Message>{message}\nRequestId:{id}\nTime:2025-06-15T00:00:00.0000000Z</Message></Error>"
        )
        .into_bytes(),
    }
}

pub fn throttled(service: Service) -> RawResponse {
    match service {
        Service::Storage => storage(
            503,
            "ServerBusy",
            "The server is currently unable to receive requests. Please retry your request.",
        ),
        Service::CostManagement => {
            let mut r = arm(429, "429", "Too many requests. Please retry.");
            r.headers.extend([
                ("retry-after".to_string(), "1".to_string()),
                (
                    "x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after".to_string(),
                    "1".to_string(),
                ),
                (
                    "x-ms-ratelimit-microsoft.costmanagement-qpu-remaining".to_string(),
                    "QueryResource=0".to_string(),
                ),
            ]);
            r
        }
        Service::ResourceGraph => {
            let mut r = arm(
                429,
                "RateLimiting",
                "Please provide below info when asking for support: timestamp = 2025-06-15T00:00:00Z. Client application has been throttled and should not attempt to repeat the request until an amount of time has elapsed.",
            );
            r.headers.extend([
                ("x-ms-user-quota-remaining".to_string(), "0".to_string()),
                (
                    "x-ms-user-quota-resets-after".to_string(),
                    "00:00:01".to_string(),
                ),
            ]);
            r
        }
        Service::Arm => {
            let mut r = arm(
                429,
                "TooManyRequests",
                "The request is being throttled as the limit has been reached for operation type - Read.",
            );
            r.headers.push(("retry-after".into(), "1".into()));
            r
        }
        Service::Identity => identity(
            429,
            "temporarily_unavailable",
            50196,
            "The server terminated an operation because it encountered a client request loop.",
        ),
    }
}

pub fn server_error(service: Service) -> RawResponse {
    match service {
        Service::Storage => storage(
            500,
            "InternalError",
            "The server encountered an internal error. Please retry the request.",
        ),
        Service::Identity => identity(
            500,
            "server_error",
            90033,
            "A transient error has occurred. Please try again.",
        ),
        _ => arm(
            500,
            "InternalServerError",
            "Encountered internal server error. Diagnostic information: timestamp '20250615T000000Z'.",
        ),
    }
}
