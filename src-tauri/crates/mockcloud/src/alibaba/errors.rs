//! Alibaba's answer shapes: the gateway's `{RequestId, HostId, Code,
//! Message}` errors, flow control and internal errors as each product's
//! gateway answers them, and the request id every answer carries.

use serde_json::{json, Value};

use super::{service, Reply};
use crate::{RawRequest, RawResponse};

/// A request id in the gateway's form (upper-case UUID).
pub(super) fn request_id() -> String {
    let n: u128 = rand::random();
    let h = format!("{n:032X}");
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

pub(super) fn ok_body(body: Value) -> Reply {
    (200, body)
}

pub(super) fn error_body(status: u16, code: &str, message: &str) -> Reply {
    (
        status,
        json!({"Code": code, "Message": message, "Recommend": "https://api.aliyun.com/troubleshoot"}),
    )
}

pub(super) fn bad_param(code: &str, message: &str) -> Reply {
    error_body(400, code, message)
}

/// Adds `RequestId` and `HostId` to the body, as every answer has them.
pub(super) fn respond(req: &RawRequest, (status, mut body): Reply) -> RawResponse {
    if let Value::Object(o) = &mut body {
        o.insert("RequestId".into(), json!(request_id()));
        if !(200..300).contains(&status) || o.contains_key("Code") {
            o.insert(
                "HostId".into(),
                json!(req.header("host").unwrap_or_default()),
            );
        }
    }
    RawResponse::json(status, &body)
}

/// Flow control is the `Throttling.User` code ("Request was denied due
/// to user flow control."): BssOpenApi here answers it inside an HTTP
/// 200 body with `Success: false` (the case a client must not take for
/// data); the regional gateways (ECS, VPC, CloudMonitor) with HTTP 400,
/// as their SDKs report it.
pub(super) fn throttled(req: &RawRequest) -> RawResponse {
    let message = "Request was denied due to user flow control.";
    let reply = if service(req) == "BssOpenApi" {
        (
            200,
            json!({"Code": "Throttling.User", "Message": message, "Success": false, "Data": null}),
        )
    } else {
        error_body(400, "Throttling.User", message)
    };
    respond(req, reply)
}

pub(super) fn server_error(req: &RawRequest) -> RawResponse {
    respond(
        req,
        error_body(
            500,
            "InternalError",
            "The request processing has failed due to some unknown error, exception or failure.",
        ),
    )
}
