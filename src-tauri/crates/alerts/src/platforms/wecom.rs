//! WeCom group robot: `POST …/cgi-bin/webhook/send?key=…` (the key is the
//! credential; no signature); a markdown message; errors inside HTTP 200
//! bodies as `errcode`/`errmsg`.

use std::time::Duration;

use super::{errcode, unexpected, HttpAnswer, Outcome};
use crate::message::Message;

/// WeCom counts 20 messages per robot per minute.
const THROTTLE_WAIT: Duration = Duration::from_secs(60);
/// WeCom refuses markdown content over 4096 bytes.
const MAX_CONTENT: usize = 4096;

pub(super) fn body(msg: &Message) -> serde_json::Value {
    let color = match msg.severity {
        crate::Severity::Critical => "warning",
        crate::Severity::Warning => "warning",
        crate::Severity::Info => "info",
    };
    let mut content = format!(
        "### {}\n<font color=\"{color}\">{}</font>\n{}",
        msg.title,
        msg.severity_label,
        msg.markdown_body()
    );
    if content.len() > MAX_CONTENT {
        let mut cut = MAX_CONTENT - 3;
        while !content.is_char_boundary(cut) {
            cut -= 1;
        }
        content.truncate(cut);
        content.push('…');
    }
    serde_json::json!({ "msgtype": "markdown", "markdown": { "content": content } })
}

pub(super) fn classify(answer: &HttpAnswer) -> Outcome {
    let Some((code, errmsg)) = errcode(answer) else {
        return unexpected("WeCom", answer);
    };
    match code {
        0 => Outcome::Sent,
        45009 => Outcome::transient(
            format!("WeCom rate limit (errcode 45009: {errmsg})"),
            Some(THROTTLE_WAIT),
        ),
        -1 => Outcome::transient(format!("WeCom is busy (errcode -1: {errmsg})"), None),
        93000 => Outcome::permanent(format!(
            "WeCom does not know this robot (errcode 93000: {errmsg}); check the webhook URL's key"
        )),
        _ => Outcome::permanent(format!(
            "WeCom refused the message (errcode {code}: {errmsg})"
        )),
    }
}
