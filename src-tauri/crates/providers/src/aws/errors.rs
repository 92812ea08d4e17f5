//! AWS's answers in the engine's terms: the JSON protocols' `__type`
//! errors (Cost Explorer), the query protocols' `<ErrorResponse>` (STS,
//! CloudWatch), EC2's `<Response><Errors>` and S3's bare `<Error>`, with
//! their throttling spellings (`ThrottlingException`, `Throttling`,
//! `RequestLimitExceeded`, S3's `SlowDown` 503); transport failures; and
//! small readers of XML answers whose failures name what is missing.

use std::time::Duration;

use crate::{ErrorKind, ProviderError};

/// The error in an answer with a status other than 2xx.
pub(super) fn provider_error(
    action: &str,
    status: u16,
    body: &[u8],
    request_id: Option<&str>,
) -> ProviderError {
    let text = String::from_utf8_lossy(body);
    let (code, message) = if text.trim_start().starts_with('{') {
        json_error(&text)
    } else {
        xml_error(&text)
    };
    let kind = kind_of(status, code.as_deref());
    let mut err = ProviderError::failed(action, status, kind, code.as_deref(), message.as_deref());
    let id = request_id
        .map(str::to_string)
        .or_else(|| xml_text(&text, "RequestId"))
        .or_else(|| xml_text(&text, "RequestID"));
    if let Some(id) = id {
        err = err.with_request_id(id);
    }
    if kind == ErrorKind::Throttled {
        // AWS states no wait; its SDKs back off from a second.
        err.retry_after = Some(Duration::from_millis(500));
    }
    err
}

/// `{"__type": "com.amazon...#ThrottlingException", "message": ...}`.
fn json_error(text: &str) -> (Option<String>, Option<String>) {
    let v: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
    let code = v
        .get("__type")
        .or_else(|| v.get("code"))
        .and_then(|t| t.as_str())
        .map(|t| t.rsplit('#').next().unwrap_or(t).to_string());
    let message = v
        .get("message")
        .or_else(|| v.get("Message"))
        .and_then(|m| m.as_str())
        .map(str::to_string);
    (code, message)
}

fn xml_error(text: &str) -> (Option<String>, Option<String>) {
    (xml_text(text, "Code"), xml_text(text, "Message"))
}

/// The text of the first `<tag>` in `xml` (answers too small to need a
/// full parse: errors and their request ids).
pub(super) fn xml_text(xml: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let start = xml.find(&open)? + open.len();
    let end = xml[start..].find(&format!("</{tag}>"))? + start;
    Some(unescape(&xml[start..end]))
}

pub(super) fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// AWS's codes (and bare statuses) in the engine's terms.
fn kind_of(status: u16, code: Option<&str>) -> ErrorKind {
    let c = code.unwrap_or("");
    let is = |names: &[&str]| names.contains(&c);
    if is(&[
        "InvalidAccessKeyId",
        "InvalidClientTokenId",
        "SignatureDoesNotMatch",
        "IncompleteSignature",
        "UnrecognizedClientException",
        "AuthFailure",
        "ExpiredToken",
        "ExpiredTokenException",
        "InvalidToken",
        "RequestTimeTooSkewed",
        "RequestExpired",
    ]) {
        ErrorKind::CredentialsRejected
    } else if is(&[
        "AccessDenied",
        "AccessDeniedException",
        "UnauthorizedOperation",
        "AllAccessDisabled",
        "OptInRequired",
    ]) {
        ErrorKind::PermissionMissing
    } else if is(&[
        "Throttling",
        "ThrottlingException",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "LimitExceededException",
        "SlowDown",
        "RequestThrottled",
    ]) || status == 429
    {
        ErrorKind::Throttled
    } else if is(&[
        "InternalError",
        "InternalFailure",
        "ServiceUnavailable",
        "Unavailable",
    ]) {
        ErrorKind::ServerError
    } else {
        ErrorKind::of_status(status)
    }
}

/// A documented member the answer lacks or cannot be read.
pub(super) fn bad(action: &str, what: &str) -> ProviderError {
    ProviderError::new(
        ErrorKind::BadResponse,
        format!("{action}: the answer has no readable {what}"),
    )
}

/// A parsed XML answer, or a bad response naming the action.
pub(super) fn xml<'a>(
    action: &str,
    text: &'a str,
) -> Result<roxmltree::Document<'a>, ProviderError> {
    roxmltree::Document::parse(text).map_err(|e| {
        ProviderError::new(
            ErrorKind::BadResponse,
            format!("{action}: the answer is not XML ({e})"),
        )
    })
}

/// The text of the first descendant element named `tag` under `node`.
pub(super) fn child_text<'a, 'i>(node: roxmltree::Node<'a, 'i>, tag: &str) -> Option<&'a str> {
    node.descendants()
        .find(|n| n.has_tag_name(tag))
        .and_then(|n| n.text())
}

/// The text of the direct child element named `tag`.
pub(super) fn own_text<'a, 'i>(node: roxmltree::Node<'a, 'i>, tag: &str) -> Option<&'a str> {
    node.children()
        .find(|n| n.has_tag_name(tag))
        .and_then(|n| n.text())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_shape_is_read() {
        let ce = br#"{"__type":"com.amazon.coral.availability#ThrottlingException","message":"Rate exceeded"}"#;
        let e = provider_error("ce:GetCostAndUsage", 400, ce, Some("r-1"));
        assert_eq!(
            (e.kind, e.code.as_deref()),
            (ErrorKind::Throttled, Some("ThrottlingException"))
        );
        assert_eq!(e.request_id.as_deref(), Some("r-1"));
        let s3 = b"<?xml version=\"1.0\"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>4442587F</RequestId></Error>";
        let e = provider_error("s3:GetObject", 503, s3, None);
        assert_eq!(
            (e.kind, e.request_id.as_deref()),
            (ErrorKind::Throttled, Some("4442587F"))
        );
        let ec2 = b"<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized</Message></Error></Errors><RequestID>ab-1</RequestID></Response>";
        let e = provider_error("ec2:DescribeInstances", 403, ec2, None);
        assert_eq!(
            (e.kind, e.request_id.as_deref()),
            (ErrorKind::PermissionMissing, Some("ab-1"))
        );
        let sts = b"<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>m</Message></Error><RequestId>x</RequestId></ErrorResponse>";
        assert_eq!(
            provider_error("sts:AssumeRole", 403, sts, None).kind,
            ErrorKind::CredentialsRejected
        );
        assert_eq!(
            provider_error("s3:GetObject", 500, b"", None).kind,
            ErrorKind::ServerError
        );
    }
}
