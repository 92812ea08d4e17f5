//! A receiver of CloudLens's signed JSON webhook, as its documentation asks
//! one to be written: check `X-CloudLens-Signature` (`sha256=` + hex
//! HMAC-SHA256 keyed by the secret over "{X-CloudLens-Timestamp}.{body}"),
//! refuse timestamps more than five minutes off, and handle each
//! `X-CloudLens-Id` once.

use std::collections::HashSet;

use super::{hmac_sha256, now_ms, ReceiverConfig, Verdict};
use crate::{RawRequest, RawResponse};

fn refuse(status: u16, why: &str) -> Verdict {
    Verdict::Refuse(RawResponse::json(
        status,
        &serde_json::json!({"error": why}),
    ))
}

pub(super) fn throttled() -> RawResponse {
    let mut r = RawResponse::json(429, &serde_json::json!({"error": "too many requests"}));
    r.headers.push(("retry-after".into(), "1".into()));
    r
}

pub(super) fn verify(req: &RawRequest, cfg: &ReceiverConfig, seen: &HashSet<String>) -> Verdict {
    if req.method != "POST" || req.path.strip_prefix("/hooks/") != Some(cfg.token.as_str()) {
        return refuse(404, "no such hook");
    }
    let (Some(id), Some(ts), Some(sig)) = (
        req.header("x-cloudlens-id"),
        req.header("x-cloudlens-timestamp"),
        req.header("x-cloudlens-signature"),
    ) else {
        return refuse(401, "missing signature headers");
    };
    let Some(secret) = &cfg.secret else {
        return refuse(500, "receiver has no secret");
    };
    let mut data = format!("{ts}.").into_bytes();
    data.extend_from_slice(&req.body);
    let expected = format!(
        "sha256={}",
        hex::encode(hmac_sha256(secret.as_bytes(), &data))
    );
    if sig != expected {
        return refuse(401, "bad signature");
    }
    if ts
        .parse::<i64>()
        .map_or(true, |t| (now_ms() / 1000 - t).abs() > 300)
    {
        return refuse(401, "stale timestamp");
    }
    let Ok(body) = serde_json::from_slice::<serde_json::Value>(&req.body) else {
        return refuse(400, "not JSON");
    };
    if body["id"].as_str() != Some(id) {
        return refuse(400, "body id differs from X-CloudLens-Id");
    }
    if seen.contains(id) {
        return Verdict::Duplicate;
    }
    Verdict::Accept
}
