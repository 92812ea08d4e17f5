//! DingTalk custom robot: `POST /robot/send?access_token=…`; a signed robot
//! needs `timestamp` (ms, within an hour) and `sign` = base64 HMAC-SHA256
//! keyed by the secret over "timestamp\nsecret" (URL-encoded); errors come
//! as `errcode`/`errmsg` in HTTP 200 bodies.

use base64::Engine;

use super::{hmac_sha256, now_ms, query_param, ReceiverConfig, Verdict};
use crate::{RawRequest, RawResponse};

const MORE: &str = "more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]";

fn error(code: i64, msg: &str) -> Verdict {
    Verdict::Refuse(RawResponse::json(
        200,
        &serde_json::json!({"errcode": code, "errmsg": msg}),
    ))
}

pub(super) fn throttled() -> RawResponse {
    RawResponse::json(
        200,
        &serde_json::json!({"errcode": 130101, "errmsg": "send too fast, exceed 20 times per minute"}),
    )
}

pub(super) fn verify(req: &RawRequest, cfg: &ReceiverConfig) -> Verdict {
    if req.method != "POST" || req.path != "/robot/send" {
        return error(300001, "token is not exist");
    }
    if query_param(req, "access_token").as_deref() != Some(cfg.token.as_str()) {
        return error(300001, "token is not exist");
    }
    if let Some(secret) = &cfg.secret {
        let (Some(ts), Some(sign)) = (query_param(req, "timestamp"), query_param(req, "sign"))
        else {
            return error(310000, &format!("sign not match, {MORE}"));
        };
        let Ok(ts_ms) = ts.parse::<i64>() else {
            return error(310000, &format!("invalid timestamp, {MORE}"));
        };
        if (now_ms() - ts_ms).abs() > 3_600_000 {
            return error(310000, &format!("invalid timestamp, {MORE}"));
        }
        let expected = base64::engine::general_purpose::STANDARD.encode(hmac_sha256(
            secret.as_bytes(),
            format!("{ts}\n{secret}").as_bytes(),
        ));
        if sign != expected {
            return error(310000, &format!("sign not match, {MORE}"));
        }
    }
    let Ok(body) = serde_json::from_slice::<serde_json::Value>(&req.body) else {
        return error(40035, "缺少参数 json");
    };
    let content = match body["msgtype"].as_str() {
        Some("text") => body["text"]["content"].as_str().map(str::to_string),
        Some("markdown") => match (
            body["markdown"]["title"].as_str(),
            body["markdown"]["text"].as_str(),
        ) {
            (Some(t), Some(x)) => Some(format!("{t}\n{x}")),
            _ => None,
        },
        _ => None,
    };
    let Some(content) = content else {
        return error(40035, "缺少参数 json");
    };
    if cfg
        .keyword
        .as_ref()
        .is_some_and(|k| !content.contains(k.as_str()))
    {
        return error(310000, &format!("keywords not in content, {MORE}"));
    }
    Verdict::Accept
}
