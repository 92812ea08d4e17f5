//! Each platform turns a rendered message into its documented request and
//! reads its answer, including the errors some platforms put inside an
//! HTTP 200 body. An answer is one of three outcomes: sent, transient
//! (try again later: rate limited, 5xx, unreachable) or permanent (bad
//! signature or keyword, wrong URL: trying again cannot help).

mod dingtalk;
mod feishu;
mod slack;
mod webhook;
mod wecom;

use std::time::Duration;

use zeroize::Zeroizing;

use crate::channel::{Channel, ChannelKind};
use crate::message::Message;
use crate::Alert;

/// An HTTP POST ready to go. The URL carries the robot's token.
pub struct HttpRequest {
    pub url: Zeroizing<String>,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

/// What came back.
#[derive(Debug, Clone)]
pub struct HttpAnswer {
    pub status: u16,
    /// The `Retry-After` header in seconds, when present.
    pub retry_after: Option<Duration>,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Sent,
    Transient {
        reason: String,
        retry_after: Option<Duration>,
        /// The receiver could not be reached at all (offline, host down):
        /// the rest of its queue waits without being tried.
        unreachable: bool,
    },
    Permanent {
        reason: String,
    },
}

impl Outcome {
    pub(crate) fn transient(reason: impl Into<String>, retry_after: Option<Duration>) -> Outcome {
        Outcome::Transient {
            reason: reason.into(),
            retry_after,
            unreachable: false,
        }
    }

    pub(crate) fn permanent(reason: impl Into<String>) -> Outcome {
        Outcome::Permanent {
            reason: reason.into(),
        }
    }
}

/// What a request needs besides the message: the time (platforms check
/// signed timestamps) and the delivery's stable message id.
pub struct SendContext<'a> {
    pub now_ms: i64,
    pub message_id: &'a str,
    pub alert: &'a Alert,
}

/// Builds the platform's request, or the permanent error that prevents it
/// (a URL or secret missing from the keychain).
pub fn request(
    channel: &Channel,
    msg: &Message,
    ctx: &SendContext<'_>,
) -> Result<HttpRequest, Outcome> {
    let Some(url) = channel.url() else {
        return Err(Outcome::permanent(format!(
            "the {} channel {} has no webhook URL in the keychain; remove it and add it again",
            channel.kind.as_str(),
            channel.name
        )));
    };
    let secret = channel.signing_secret();
    let json = |v: serde_json::Value| v.to_string().into_bytes();
    let plain = |body: Vec<u8>| HttpRequest {
        url: Zeroizing::new(url.to_string()),
        headers: vec![("content-type", "application/json".into())],
        body,
    };
    match channel.kind {
        ChannelKind::DingTalk => Ok(HttpRequest {
            url: dingtalk::signed_url(url, secret, ctx.now_ms)?,
            headers: vec![("content-type", "application/json".into())],
            body: json(dingtalk::body(msg)),
        }),
        ChannelKind::WeCom => Ok(plain(json(wecom::body(msg)))),
        ChannelKind::Feishu => Ok(plain(json(feishu::body(msg, secret, ctx.now_ms)))),
        ChannelKind::Slack => Ok(plain(json(slack::body(msg)))),
        ChannelKind::Webhook => {
            let Some(secret) = secret else {
                return Err(Outcome::permanent(format!(
                    "the webhook channel {} has no signing secret in the keychain; remove it and add it again",
                    channel.name
                )));
            };
            webhook::request(url, secret, channel.language, msg, ctx)
        }
        ChannelKind::Desktop => Err(Outcome::permanent(
            "a desktop channel is not sent over HTTP",
        )),
    }
}

/// Reads the platform's answer.
pub fn classify(kind: ChannelKind, answer: &HttpAnswer) -> Outcome {
    if answer.status >= 500 || answer.status == 429 || answer.status == 408 {
        return Outcome::transient(
            format!(
                "the {} server answered HTTP {}",
                kind.as_str(),
                answer.status
            ),
            answer.retry_after,
        );
    }
    match kind {
        ChannelKind::DingTalk => dingtalk::classify(answer),
        ChannelKind::WeCom => wecom::classify(answer),
        ChannelKind::Feishu => feishu::classify(answer),
        ChannelKind::Slack => slack::classify(answer),
        ChannelKind::Webhook | ChannelKind::Desktop => webhook::classify(answer),
    }
}

/// `errcode`/`errmsg` bodies (DingTalk, WeCom).
fn errcode(answer: &HttpAnswer) -> Option<(i64, String)> {
    let v: serde_json::Value = serde_json::from_str(&answer.body).ok()?;
    let code = v.get("errcode")?.as_i64()?;
    let msg = v
        .get("errmsg")
        .and_then(|m| m.as_str())
        .unwrap_or("")
        .to_string();
    Some((code, msg))
}

/// An answer that is neither success nor a known error.
fn unexpected(platform: &str, answer: &HttpAnswer) -> Outcome {
    let body: String = answer.body.chars().take(200).collect();
    Outcome::permanent(format!(
        "{platform} answered HTTP {} with an unexpected body: {body}",
        answer.status
    ))
}
