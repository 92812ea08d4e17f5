//! AWS's answer shapes per protocol: Cost Explorer's JSON (`__type`), the
//! query protocols' `<ErrorResponse>` (STS, CloudWatch), EC2's
//! `<Response><Errors>` and S3's bare `<Error>`; each with a request id in
//! the body or the `x-amzn-requestid` / `x-amz-request-id` header.

use serde_json::json;

use crate::RawResponse;

/// Which of AWS's error shapes a service answers in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Json,
    Query,
    Ec2,
    S3,
}

pub fn request_id() -> String {
    let b: [u8; 16] = rand::random();
    let h = hex::encode(b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub fn error(shape: Shape, status: u16, code: &str, message: &str) -> RawResponse {
    let id = request_id();
    let (body, content_type) = match shape {
        Shape::Json => (
            json!({"__type": format!("com.amazon.coral.service#{code}"), "message": message}).to_string(),
            "application/x-amz-json-1.1",
        ),
        Shape::Query => (
            format!(
                "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>{code}</Code><Message>{}</Message></Error><RequestId>{id}</RequestId></ErrorResponse>",
                escape(message)
            ),
            "text/xml",
        ),
        Shape::Ec2 => (
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>{code}</Code><Message>{}</Message></Error></Errors><RequestID>{id}</RequestID></Response>",
                escape(message)
            ),
            "text/xml",
        ),
        Shape::S3 => (
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{}</Message><RequestId>{id}</RequestId><HostId>mock</HostId></Error>",
                escape(message)
            ),
            "application/xml",
        ),
    };
    let id_header = if shape == Shape::S3 {
        "x-amz-request-id"
    } else {
        "x-amzn-requestid"
    };
    RawResponse {
        status,
        headers: vec![
            ("content-type".into(), content_type.into()),
            (id_header.into(), id),
        ],
        body: body.into_bytes(),
    }
}

/// A 200 answer with its request id header.
pub fn ok(shape: Shape, content_type: &str, body: Vec<u8>) -> RawResponse {
    let id_header = if shape == Shape::S3 {
        "x-amz-request-id"
    } else {
        "x-amzn-requestid"
    };
    RawResponse {
        status: 200,
        headers: vec![
            ("content-type".into(), content_type.into()),
            (id_header.into(), request_id()),
        ],
        body,
    }
}

/// A query-protocol success: `<{Action}Response><{Action}Result>...`.
pub fn query_ok(action: &str, namespace: &str, result: &str) -> RawResponse {
    let body = format!(
        "<{action}Response xmlns=\"{namespace}\"><{action}Result>{result}</{action}Result><ResponseMetadata><RequestId>{}</RequestId></ResponseMetadata></{action}Response>",
        request_id()
    );
    ok(Shape::Query, "text/xml", body.into_bytes())
}

/// The throttling answer of each shape, as the services send it.
pub fn throttled(shape: Shape) -> RawResponse {
    match shape {
        Shape::Json => error(shape, 400, "ThrottlingException", "Rate exceeded"),
        Shape::Query => error(shape, 400, "Throttling", "Rate exceeded"),
        Shape::Ec2 => error(
            shape,
            503,
            "RequestLimitExceeded",
            "Request limit exceeded.",
        ),
        Shape::S3 => error(shape, 503, "SlowDown", "Please reduce your request rate."),
    }
}

pub fn server_error(shape: Shape) -> RawResponse {
    match shape {
        Shape::Json => error(
            shape,
            500,
            "InternalFailure",
            "The request processing has failed because of an unknown error.",
        ),
        Shape::Query | Shape::Ec2 => error(
            shape,
            500,
            "InternalError",
            "An internal error has occurred.",
        ),
        Shape::S3 => error(
            shape,
            500,
            "InternalError",
            "We encountered an internal error. Please try again.",
        ),
    }
}
