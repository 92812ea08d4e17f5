//! Slack incoming webhook: `POST https://hooks.slack.com/services/…` with
//! a text fallback and Block Kit blocks; `ok` on success, HTTP 4xx with a
//! short error word (`invalid_payload`, `invalid_token`, `no_service`,
//! `channel_is_archived`…) otherwise, 429 with `Retry-After` when rate
//! limited.

use super::{HttpAnswer, Outcome};
use crate::message::Message;

/// Slack refuses a header block over 150 characters, and a section with
/// more than 10 fields.
const MAX_HEADER: usize = 150;
const MAX_FIELDS: usize = 10;

pub(super) fn body(msg: &Message) -> serde_json::Value {
    let header: String = msg.title.chars().take(MAX_HEADER).collect();
    let fields: Vec<serde_json::Value> = msg
        .figures
        .iter()
        .take(MAX_FIELDS)
        .map(|(k, v)| serde_json::json!({ "type": "mrkdwn", "text": format!("*{k}*\n{v}") }))
        .collect();
    let mut blocks = vec![
        serde_json::json!({ "type": "header", "text": { "type": "plain_text", "text": header } }),
        serde_json::json!({ "type": "section", "text": { "type": "mrkdwn", "text": format!("*{}* {}", msg.severity_label, msg.summary) } }),
    ];
    if !fields.is_empty() {
        blocks.push(serde_json::json!({ "type": "section", "fields": fields }));
    }
    blocks.push(serde_json::json!({
        "type": "context",
        "elements": [ { "type": "mrkdwn", "text": format!("{}\n{}", msg.open, msg.command) } ]
    }));
    serde_json::json!({ "text": format!("{}: {}", msg.title, msg.summary), "blocks": blocks })
}

pub(super) fn classify(answer: &HttpAnswer) -> Outcome {
    if (200..300).contains(&answer.status) {
        return Outcome::Sent;
    }
    let word: String = answer.body.chars().take(100).collect();
    let hint = match word.trim() {
        "invalid_token" | "no_service" | "no_team" | "no_active_hooks" => {
            "; the webhook URL is wrong or was revoked"
        }
        "channel_not_found" | "channel_is_archived" => "; the webhook's channel is gone",
        "invalid_payload" => "; the message was malformed",
        _ => "",
    };
    Outcome::permanent(format!(
        "Slack refused the message (HTTP {}: {}){hint}",
        answer.status,
        word.trim()
    ))
}
