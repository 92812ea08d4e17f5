//! Feishu custom bot: `POST …/open-apis/bot/v2/hook/…` with, when signed,
//! `timestamp` (seconds, as a string) and `sign` in the body; an
//! interactive card; errors as `code`/`msg` in the body, usually with
//! HTTP 200.

use std::time::Duration;

use super::{unexpected, HttpAnswer, Outcome};
use crate::message::Message;
use crate::{sign, Severity};

/// Feishu allows 100 messages a minute and 5 a second per bot.
const THROTTLE_WAIT: Duration = Duration::from_secs(10);

pub(super) fn body(msg: &Message, secret: Option<&str>, now_ms: i64) -> serde_json::Value {
    let template = match msg.severity {
        Severity::Critical => "red",
        Severity::Warning => "orange",
        Severity::Info => "blue",
    };
    let fields: Vec<serde_json::Value> = msg
        .figures
        .iter()
        .map(|(k, v)| {
            serde_json::json!({ "is_short": true, "text": { "tag": "lark_md", "content": format!("**{k}**\n{v}") } })
        })
        .collect();
    let mut body = serde_json::json!({
        "msg_type": "interactive",
        "card": {
            "config": { "wide_screen_mode": true },
            "header": { "title": { "tag": "plain_text", "content": msg.title }, "template": template },
            "elements": [
                { "tag": "div", "text": { "tag": "lark_md", "content": format!("**{}** {}", msg.severity_label, msg.summary) } },
                { "tag": "div", "fields": fields },
                { "tag": "hr" },
                { "tag": "note", "elements": [
                    { "tag": "lark_md", "content": format!("{}\n{}", msg.open, msg.command) }
                ] }
            ]
        }
    });
    if let (Some(secret), Some(obj)) = (secret, body.as_object_mut()) {
        let ts = now_ms.div_euclid(1000);
        obj.insert("timestamp".into(), ts.to_string().into());
        obj.insert("sign".into(), sign::feishu(ts, secret).into());
    }
    body
}

pub(super) fn classify(answer: &HttpAnswer) -> Outcome {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(&answer.body) else {
        return unexpected("Feishu", answer);
    };
    let Some(code) = v
        .get("code")
        .or_else(|| v.get("StatusCode"))
        .and_then(|c| c.as_i64())
    else {
        return unexpected("Feishu", answer);
    };
    let msg = v
        .get("msg")
        .or_else(|| v.get("StatusMessage"))
        .and_then(|m| m.as_str())
        .unwrap_or("");
    match code {
        0 => Outcome::Sent,
        11232 => Outcome::transient(format!("Feishu rate limit (code 11232: {msg})"), Some(THROTTLE_WAIT)),
        19021 => Outcome::permanent(format!(
            "Feishu refused the signature (code 19021: {msg}); check the signing secret and the computer's clock"
        )),
        19024 => Outcome::permanent(format!(
            "Feishu refused the message (code 19024: {msg}); messages always contain \"CloudLens\", use that keyword"
        )),
        19001 => Outcome::permanent(format!(
            "Feishu does not know this bot (code 19001: {msg}); check the webhook URL"
        )),
        _ => Outcome::permanent(format!("Feishu refused the message (code {code}: {msg})")),
    }
}
