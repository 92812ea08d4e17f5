//! Feishu custom bot: `POST /open-apis/bot/v2/hook/{token}`; a signed bot
//! needs `timestamp` (seconds, within an hour) and `sign` in the body, sign
//! = base64 HMAC-SHA256 keyed by "timestamp\nsecret" over nothing; errors as
//! `code`/`msg` bodies.

use base64::Engine;

use super::{hmac_sha256, now_ms, ReceiverConfig, Verdict};
use crate::{RawRequest, RawResponse};

fn error(status: u16, code: i64, msg: &str) -> Verdict {
    Verdict::Refuse(RawResponse::json(
        status,
        &serde_json::json!({"code": code, "data": {}, "msg": msg}),
    ))
}

pub(super) fn throttled() -> RawResponse {
    RawResponse::json(
        200,
        &serde_json::json!({"code": 11232, "data": {}, "msg": "frequency limited psm[lark.oapi.app_platform_runtime]appID[1]"}),
    )
}

pub(super) fn verify(req: &RawRequest, cfg: &ReceiverConfig) -> Verdict {
    let token = req.path.strip_prefix("/open-apis/bot/v2/hook/");
    if req.method != "POST" || token != Some(cfg.token.as_str()) {
        return error(
            200,
            19001,
            "param invalid: incoming webhook access token invalid",
        );
    }
    let Ok(body) = serde_json::from_slice::<serde_json::Value>(&req.body) else {
        return error(400, 9499, "Bad Request");
    };
    if let Some(secret) = &cfg.secret {
        let ts = body["timestamp"]
            .as_str()
            .map(str::to_string)
            .or_else(|| body["timestamp"].as_i64().map(|t| t.to_string()));
        let sign = body["sign"].as_str();
        let fail = || {
            error(
                200,
                19021,
                "sign match fail or timestamp is not within one hour from current time",
            )
        };
        let (Some(ts), Some(sign)) = (ts, sign) else {
            return fail();
        };
        let Ok(ts_s) = ts.parse::<i64>() else {
            return fail();
        };
        if (now_ms() / 1000 - ts_s).abs() > 3600 {
            return fail();
        }
        let expected = base64::engine::general_purpose::STANDARD
            .encode(hmac_sha256(format!("{ts}\n{secret}").as_bytes(), b""));
        if sign != expected {
            return fail();
        }
    }
    let text = match body["msg_type"].as_str() {
        Some("text") => body["content"]["text"].as_str().map(str::to_string),
        Some("interactive") if body["card"].is_object() => Some(body["card"].to_string()),
        Some("post") if body["content"]["post"].is_object() => {
            Some(body["content"]["post"].to_string())
        }
        _ => None,
    };
    let Some(text) = text else {
        return error(400, 9499, "Bad Request");
    };
    if cfg
        .keyword
        .as_ref()
        .is_some_and(|k| !text.contains(k.as_str()))
    {
        return error(200, 19024, "Key Words Not Found");
    }
    Verdict::Accept
}
