//! Alibaba's answers: the gateway's error shapes (`{Code, Message,
//! RequestId}`, throttling inside HTTP 200 bodies) in the engine's terms,
//! transport failures, and the readers of an answer whose failures are bad
//! responses naming what is missing.

use serde_json::Value;

use crate::{ErrorKind, ProviderError};

/// `{Code, Message, RequestId}` (and the HTTP status) as an error.
pub(super) fn provider_error(action: &str, status: u16, body: Option<&Value>) -> ProviderError {
    let field = |name: &str| body.and_then(|b| b.get(name)).and_then(Value::as_str);
    let code = field("Code");
    let kind = kind_of(status, code);
    let mut err = ProviderError::failed(action, status, kind, code, field("Message"));
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
    } else if starts(&["InternalError", "ServiceUnavailable", "UnknownError"]) {
        ErrorKind::ServerError
    } else {
        ErrorKind::of_status(status)
    }
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
}
