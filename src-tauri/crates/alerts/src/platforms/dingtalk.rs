//! DingTalk custom robot: `POST …/robot/send?access_token=…` with, when
//! signed, `timestamp` (ms) and `sign` as query parameters; a markdown
//! message; errors inside HTTP 200 bodies as `errcode`/`errmsg`.

use std::time::Duration;

use zeroize::Zeroizing;

use super::{errcode, unexpected, HttpAnswer, Outcome};
use crate::message::Message;
use crate::sign;

/// Exceeding 20 messages a minute mutes the robot for ten minutes.
const THROTTLE_PENALTY: Duration = Duration::from_secs(600);

pub(super) fn signed_url(
    url: &str,
    secret: Option<&str>,
    now_ms: i64,
) -> Result<Zeroizing<String>, Outcome> {
    let Some(secret) = secret else {
        return Ok(Zeroizing::new(url.to_string()));
    };
    let mut parsed = reqwest::Url::parse(url)
        .map_err(|_| Outcome::permanent("the DingTalk webhook URL is not a valid URL"))?;
    // The query serializer percent-encodes the base64 (`+`, `/`, `=`).
    parsed
        .query_pairs_mut()
        .append_pair("timestamp", &now_ms.to_string())
        .append_pair("sign", &sign::dingtalk(now_ms, secret));
    Ok(Zeroizing::new(parsed.to_string()))
}

pub(super) fn body(msg: &Message) -> serde_json::Value {
    serde_json::json!({
        "msgtype": "markdown",
        "markdown": {
            "title": msg.title,
            "text": format!("### {}\n\n**{}**\n\n{}", msg.title, msg.severity_label, msg.markdown_body()),
        }
    })
}

pub(super) fn classify(answer: &HttpAnswer) -> Outcome {
    let Some((code, errmsg)) = errcode(answer) else {
        return unexpected("DingTalk", answer);
    };
    match code {
        0 => Outcome::Sent,
        130101 => Outcome::transient(
            format!("DingTalk rate limit (errcode 130101: {errmsg})"),
            Some(THROTTLE_PENALTY),
        ),
        // System busy.
        -1 => Outcome::transient(format!("DingTalk is busy (errcode -1: {errmsg})"), None),
        300001 => Outcome::permanent(format!(
            "DingTalk does not know this robot (errcode 300001: {errmsg}); check the webhook URL"
        )),
        310000 => Outcome::permanent(format!(
            "DingTalk refused the message (errcode 310000: {errmsg}); check the signing secret, the keyword \
             (messages always contain \"CloudLens\") and the computer's clock"
        )),
        _ => Outcome::permanent(format!("DingTalk refused the message (errcode {code}: {errmsg})")),
    }
}
