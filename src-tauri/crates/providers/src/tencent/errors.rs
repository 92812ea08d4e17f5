//! Tencent Cloud API 3.0 answers: `{"Response": {..., "RequestId"}}`, with
//! errors as `Response.Error {Code, Message}` inside HTTP 200 bodies,
//! transport failures, and the field readers the mappers share (errors
//! name the missing field).

use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::Value;

use crate::{ErrorKind, ProviderError};

/// The `Response` object of a successful answer, or the provider's error
/// in the engine's terms.
pub(super) fn response(action: &str, status: u16, body: &[u8]) -> Result<Value, ProviderError> {
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    let inner = parsed.as_ref().and_then(|v| v.get("Response"));
    if let Some(err) = inner.and_then(|r| r.get("Error")) {
        let code = err.get("Code").and_then(Value::as_str).unwrap_or("");
        let message = err.get("Message").and_then(Value::as_str).unwrap_or("");
        let mut e = ProviderError::new(kind_of_code(code), format!("{action}: {code}: {message}"))
            .with_code(code);
        if let Some(id) = inner
            .and_then(|r| r.get("RequestId"))
            .and_then(Value::as_str)
        {
            e = e.with_request_id(id);
        }
        // A gateway 5xx that still names a client-side code is the code's
        // fault; a bare 5xx is the server's.
        if status >= 500 && e.kind == ErrorKind::InvalidRequest {
            e.kind = ErrorKind::ServerError;
        }
        return Err(e);
    }
    match status {
        429 => {
            return Err(ProviderError::new(
                ErrorKind::Throttled,
                format!("{action}: HTTP 429"),
            ))
        }
        500..=599 => {
            return Err(ProviderError::new(
                ErrorKind::ServerError,
                format!("{action}: HTTP {status}"),
            ))
        }
        200 => {}
        other => {
            return Err(ProviderError::new(
                ErrorKind::InvalidRequest,
                format!("{action}: HTTP {other} without a Response.Error"),
            ))
        }
    }
    match parsed {
        Some(Value::Object(mut top)) => match top.remove("Response") {
            Some(r @ Value::Object(_)) => Ok(r),
            _ => Err(bad(action, "Response")),
        },
        _ => Err(ProviderError::new(
            ErrorKind::BadResponse,
            format!("{action}: the answer is not a JSON object"),
        )),
    }
}

/// Tencent's error codes (API 3.0 common error codes) to what the engine does.
pub(super) fn kind_of_code(code: &str) -> ErrorKind {
    if code == "AuthFailure.UnauthorizedOperation" || code.starts_with("UnauthorizedOperation") {
        ErrorKind::PermissionMissing
    } else if code.starts_with("AuthFailure") {
        // SignatureFailure, SecretIdNotFound, SignatureExpire, InvalidSecretId,
        // TokenFailure, InvalidAuthorization...: the key or its use is wrong.
        ErrorKind::CredentialsRejected
    } else if code.starts_with("RequestLimitExceeded") || code.starts_with("LimitExceeded.Freq") {
        ErrorKind::Throttled
    } else if code.starts_with("InternalError")
        || code.starts_with("ResourceUnavailable")
        || code == "ServiceUnavailable"
    {
        ErrorKind::ServerError
    } else {
        ErrorKind::InvalidRequest
    }
}

pub(super) fn bad(action: &str, field: &str) -> ProviderError {
    ProviderError::new(
        ErrorKind::BadResponse,
        format!("{action}: the answer has no valid {field}"),
    )
}

pub(super) fn request_id(action: &str, r: &Value) -> Result<String, ProviderError> {
    r.get("RequestId")
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| bad(action, "RequestId"))
}

/// An array field; a missing or null one is empty (Tencent omits empty sets).
pub(super) fn list<'a>(
    action: &str,
    r: &'a Value,
    key: &str,
) -> Result<&'a [Value], ProviderError> {
    match r.get(key) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(a)) => Ok(a),
        Some(_) => Err(bad(action, key)),
    }
}

/// A text field; `""` and `-` (Tencent's "no value") are `None`.
pub(super) fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty() && *s != "-")
}

/// A text or integer field as text (Tencent sends some ids either way).
pub(super) fn text_or_number(v: &Value, key: &str) -> Option<String> {
    match v.get(key) {
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => text(v, key).map(str::to_string),
    }
}

/// An amount. Tencent's billing API sends money as JSON strings ("0.12"),
/// parsed exactly. Should a JSON number arrive instead, it is read from
/// serde_json's own text of it: an integer keeps its digits, and a float
/// prints as the shortest text that round-trips its f64, which for any
/// decimal of at most 15 significant digits (every amount a bill states)
/// is that decimal itself. No f64 arithmetic touches the value.
pub(super) fn amount(
    action: &str,
    v: &Value,
    key: &str,
    path: &str,
) -> Result<Option<Decimal>, ProviderError> {
    let t = match v.get(key) {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        Some(_) => return Err(bad(action, &format!("{path}.{key} (a decimal)"))),
    };
    if t.is_empty() || t == "-" {
        return Ok(None);
    }
    Decimal::from_str_exact(&t)
        .or_else(|_| Decimal::from_str(&t))
        .map(Some)
        .map_err(|_| {
            ProviderError::new(
                ErrorKind::BadResponse,
                format!("{action}: {path}.{key} is {t:?}, expected a decimal number"),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(code: &str, status: u16) -> ProviderError {
        let body = format!(
            r#"{{"Response":{{"Error":{{"Code":"{code}","Message":"m"}},"RequestId":"r-1"}}}}"#
        );
        match response("billing:DescribeBillDetail", status, body.as_bytes()) {
            Err(e) => e,
            Ok(v) => panic!("an error was expected, got {v}"),
        }
    }

    #[test]
    fn error_codes_in_http_200_bodies_map_to_kinds() {
        assert_eq!(
            err("AuthFailure.SignatureFailure", 200).kind,
            ErrorKind::CredentialsRejected
        );
        assert_eq!(
            err("AuthFailure.SecretIdNotFound", 200).kind,
            ErrorKind::CredentialsRejected
        );
        assert_eq!(
            err("AuthFailure.SignatureExpire", 200).kind,
            ErrorKind::CredentialsRejected
        );
        assert_eq!(
            err("AuthFailure.UnauthorizedOperation", 200).kind,
            ErrorKind::PermissionMissing
        );
        assert_eq!(
            err("UnauthorizedOperation.NotFinanceAuth", 200).kind,
            ErrorKind::PermissionMissing
        );
        assert_eq!(err("RequestLimitExceeded", 200).kind, ErrorKind::Throttled);
        assert_eq!(
            err("RequestLimitExceeded.UinLimitExceeded", 200).kind,
            ErrorKind::Throttled
        );
        assert_eq!(err("InternalError", 200).kind, ErrorKind::ServerError);
        assert_eq!(err("ResourceUnavailable", 200).kind, ErrorKind::ServerError);
        assert_eq!(
            err("InvalidParameterValue", 200).kind,
            ErrorKind::InvalidRequest
        );
        let e = err("InvalidParameter", 502);
        assert_eq!(e.kind, ErrorKind::ServerError);
        assert_eq!(e.request_id.as_deref(), Some("r-1"));
        assert_eq!(e.code.as_deref(), Some("InvalidParameter"));
    }

    #[test]
    fn bare_statuses_and_shapes() {
        let kind =
            |status, body: &str| response("a", status, body.as_bytes()).err().map(|e| e.kind);
        assert_eq!(kind(503, "<html>"), Some(ErrorKind::ServerError));
        assert_eq!(kind(429, ""), Some(ErrorKind::Throttled));
        assert_eq!(kind(200, "not json"), Some(ErrorKind::BadResponse));
        assert_eq!(kind(200, r#"{"Other":1}"#), Some(ErrorKind::BadResponse));
        assert_eq!(kind(200, r#"{"Response":{"RequestId":"x"}}"#), None);
    }

    #[test]
    fn amounts_are_exact() {
        let v: Value = serde_json::json!({"A": "0.10", "B": "-", "C": 12.34, "D": "1e3x"});
        let a = |k| amount("x", &v, k, "p");
        assert_eq!(a("A").ok().flatten(), Decimal::from_str("0.10").ok());
        assert_eq!(a("B").ok().flatten(), None);
        assert_eq!(a("C").ok().flatten(), Decimal::from_str("12.34").ok());
        assert_eq!(a("Z").ok().flatten(), None);
        let e = a("D").err().map(|e| e.message).unwrap_or_default();
        assert!(e.contains("p.D"), "{e}");
    }
}
