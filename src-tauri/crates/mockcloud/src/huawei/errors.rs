//! Huawei's answer shapes: BSS and the API gateway's `{error_code,
//! error_msg, request_id}`, ECS and IAM's `{error: {code, message}}`, and
//! the `X-Request-Id` header every answer carries.

use serde_json::{json, Value};

use crate::RawResponse;

pub(super) fn reply(status: u16, body: &Value, request_id: &str) -> RawResponse {
    let mut r = RawResponse::json(status, body);
    r.headers.push(("x-request-id".into(), request_id.into()));
    r
}

/// BSS and the API gateway: `{error_code, error_msg, request_id}`.
pub(super) fn gateway_error(status: u16, code: &str, msg: &str, request_id: &str) -> RawResponse {
    reply(
        status,
        &json!({ "error_code": code, "error_msg": msg, "request_id": request_id }),
        request_id,
    )
}

/// ECS and IAM: `{error: {code, message}}`.
pub(super) fn service_error(status: u16, code: &str, msg: &str, request_id: &str) -> RawResponse {
    reply(
        status,
        &json!({ "error": { "code": code, "message": msg } }),
        request_id,
    )
}

/// A BSS request's JSON body, or BSS's refusal naming what is wrong.
pub(super) fn bss_body(req: &crate::RawRequest, request_id: &str) -> Result<Value, RawResponse> {
    serde_json::from_slice::<Value>(&req.body).map_err(|_| bss_invalid("request body", request_id))
}

pub(super) fn bss_invalid(what: &str, request_id: &str) -> RawResponse {
    gateway_error(
        400,
        "CBC.0100",
        &format!("Invalid parameter: {what}."),
        request_id,
    )
}
