//! Huawei's answers: BSS and the API gateway's `{error_code, error_msg,
//! request_id}`, ECS and IAM's `{error: {code, message}}`, in the engine's
//! terms; transport failures; answers of another shape than documented.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::{ErrorKind, ProviderError};

pub(super) fn parse<T: DeserializeOwned>(action: &str, body: &[u8]) -> Result<T, ProviderError> {
    serde_json::from_slice(body).map_err(|e| {
        ProviderError::new(
            ErrorKind::BadResponse,
            format!("{action} answered something other than its documented shape: {e}"),
        )
    })
}

pub(super) fn bad_cursor(cursor: &str) -> ProviderError {
    ProviderError::new(
        ErrorKind::InvalidRequest,
        format!("'{cursor}' is not a cursor this client gave out"),
    )
}

pub(super) struct Fault {
    pub kind: ErrorKind,
    pub code: String,
    pub message: String,
    pub request_id: Option<String>,
}

/// The provider's error, if the answer is one: BSS and the API gateway
/// answer `{error_code, error_msg, request_id}`; ECS and IAM
/// `{error: {code, message}}`. A 2xx with an error code is an error too.
pub(super) fn error_in(status: u16, body: &[u8]) -> Option<Fault> {
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
}
