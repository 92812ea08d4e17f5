//! Slack incoming webhook: `POST /services/T…/B…/{token}`; `ok` on success,
//! HTTP 4xx with a short error word otherwise, 429 with `Retry-After`.

use super::{text, ReceiverConfig, Verdict};
use crate::{RawRequest, RawResponse};

pub(super) fn throttled() -> RawResponse {
    let mut r = text(429, "rate_limited");
    r.headers.push(("retry-after".into(), "1".into()));
    r
}

pub(super) fn verify(req: &RawRequest, cfg: &ReceiverConfig) -> Verdict {
    let segments: Vec<&str> = req.path.trim_start_matches('/').split('/').collect();
    if req.method != "POST" || segments.len() != 4 || segments[0] != "services" {
        return Verdict::Refuse(text(404, "no_service"));
    }
    if segments[3] != cfg.token {
        return Verdict::Refuse(text(403, "invalid_token"));
    }
    let Ok(body) = serde_json::from_slice::<serde_json::Value>(&req.body) else {
        return Verdict::Refuse(text(400, "invalid_payload"));
    };
    let has_text = body["text"].as_str().is_some_and(|t| !t.is_empty());
    let blocks = body["blocks"].as_array();
    if !has_text && blocks.is_none() {
        return Verdict::Refuse(text(400, "no_text"));
    }
    let bad_block = blocks
        .into_iter()
        .flatten()
        .any(|b| match b["type"].as_str() {
            Some("header") => b["text"]["text"]
                .as_str()
                .is_none_or(|t| t.chars().count() > 150),
            Some("section") => b["fields"].as_array().is_some_and(|f| f.len() > 10),
            Some("context") | Some("divider") => false,
            _ => true,
        });
    if bad_block {
        return Verdict::Refuse(text(400, "invalid_blocks"));
    }
    Verdict::Accept
}
