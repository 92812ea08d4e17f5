//! Tencent Cloud API 3.0's answer shapes: `{"Response": {..., "RequestId"}}`
//! for a success, `Response.Error {Code, Message}` inside an HTTP 200 body
//! for an error (throttling included), as the real gateway sends them.

use serde_json::{json, Value};

use crate::RawResponse;

/// A request id in Tencent's form (a UUID).
pub(crate) fn request_id() -> String {
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

/// A success: the action's fields plus a request id, under `Response`.
pub(crate) fn ok(mut fields: Value) -> RawResponse {
    if let Some(map) = fields.as_object_mut() {
        map.insert("RequestId".into(), Value::String(request_id()));
    }
    RawResponse::json(200, &json!({ "Response": fields }))
}

/// An error as the gateway answers it: HTTP 200, `Response.Error`.
pub(crate) fn error(code: &str, message: &str) -> RawResponse {
    error_with_status(200, code, message)
}

pub(crate) fn error_with_status(status: u16, code: &str, message: &str) -> RawResponse {
    RawResponse::json(
        status,
        &json!({"Response": {"Error": {"Code": code, "Message": message}, "RequestId": request_id()}}),
    )
}
