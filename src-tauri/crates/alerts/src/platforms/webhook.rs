//! The generic JSON webhook. Each request carries:
//! - `X-CloudLens-Id`: the delivery's message id, the same on every retry,
//!   so a receiver that remembers ids handles a repeated delivery once;
//! - `X-CloudLens-Timestamp`: Unix seconds when the request was signed;
//! - `X-CloudLens-Signature`: `sha256=` + hex HMAC-SHA256 keyed by the
//!   channel's secret over `"{timestamp}.{body}"` (the raw body bytes).
//!
//! A receiver checks the signature and that the timestamp is recent, and
//! answers any 2xx. 408, 429 and 5xx are retried (honouring `Retry-After`);
//! other statuses are permanent. Redirects are not followed.

use zeroize::Zeroizing;

use super::{HttpAnswer, HttpRequest, Outcome, SendContext};
use crate::message::Message;
use crate::{sign, Language};

pub(super) fn request(
    url: &str,
    secret: &str,
    language: Language,
    msg: &Message,
    ctx: &SendContext<'_>,
) -> Result<HttpRequest, Outcome> {
    let ts = ctx.now_ms.div_euclid(1000);
    let figures: Vec<serde_json::Value> = msg
        .figures
        .iter()
        .map(|(k, v)| serde_json::json!({ "label": k, "value": v }))
        .collect();
    let body = serde_json::json!({
        "id": ctx.message_id,
        "type": "cloudlens.alert",
        "language": language.as_str(),
        "alert": ctx.alert,
        "message": {
            "title": msg.title,
            "summary": msg.summary,
            "severity": msg.severity.as_str(),
            "figures": figures,
            "open": msg.open,
            "command": msg.command,
        }
    })
    .to_string()
    .into_bytes();
    Ok(HttpRequest {
        url: Zeroizing::new(url.to_string()),
        headers: vec![
            ("content-type", "application/json".into()),
            ("x-cloudlens-id", ctx.message_id.to_string()),
            ("x-cloudlens-timestamp", ts.to_string()),
            ("x-cloudlens-signature", sign::webhook(ts, &body, secret)),
        ],
        body,
    })
}

pub(super) fn classify(answer: &HttpAnswer) -> Outcome {
    if (200..300).contains(&answer.status) {
        return Outcome::Sent;
    }
    let body: String = answer.body.chars().take(200).collect();
    if (300..400).contains(&answer.status) {
        return Outcome::permanent(format!(
            "the webhook answered with a redirect (HTTP {}), which is not followed; use the final URL",
            answer.status
        ));
    }
    Outcome::permanent(format!(
        "the webhook refused the message (HTTP {}: {body})",
        answer.status
    ))
}
