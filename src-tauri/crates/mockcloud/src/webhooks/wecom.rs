//! WeCom group robot: `POST /cgi-bin/webhook/send?key=…` (the key is the
//! credential); errors as `errcode`/`errmsg` in HTTP 200 bodies.

use super::{query_param, ReceiverConfig, Verdict};
use crate::{RawRequest, RawResponse};

fn error(code: i64, msg: &str) -> Verdict {
    Verdict::Refuse(RawResponse::json(
        200,
        &serde_json::json!({"errcode": code, "errmsg": msg}),
    ))
}

fn hint(code: i64) -> String {
    format!(
        "hint: [1700000000000000000000001], from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e={code}"
    )
}

pub(super) fn throttled() -> RawResponse {
    RawResponse::json(
        200,
        &serde_json::json!({"errcode": 45009, "errmsg": format!("api freq out of limit, {}", hint(45009))}),
    )
}

pub(super) fn verify(req: &RawRequest, cfg: &ReceiverConfig) -> Verdict {
    if req.method != "POST"
        || req.path != "/cgi-bin/webhook/send"
        || query_param(req, "key").as_deref() != Some(cfg.token.as_str())
    {
        return error(93000, &format!("invalid webhook url, {}", hint(93000)));
    }
    let Ok(body) = serde_json::from_slice::<serde_json::Value>(&req.body) else {
        return error(40008, &format!("invalid message type, {}", hint(40008)));
    };
    let content = match body["msgtype"].as_str() {
        Some("text") => body["text"]["content"].as_str(),
        Some("markdown") => body["markdown"]["content"].as_str(),
        _ => return error(40008, &format!("invalid message type, {}", hint(40008))),
    };
    match content {
        None | Some("") => error(44004, &format!("empty content, {}", hint(44004))),
        Some(c) if c.len() > 4096 => error(
            40058,
            &format!(
                "markdown.content exceed max length 4096. invalid Request Parameter, {}",
                hint(40058)
            ),
        ),
        Some(_) => Verdict::Accept,
    }
}
