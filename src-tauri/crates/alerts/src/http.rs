//! Sends a platform request over HTTP. Failures are described without the
//! URL (it carries the robot's token): reqwest's own messages name the URL,
//! so they are rebuilt from the error's kind, and every text that leaves
//! here goes through [`redact`].

use std::time::Duration;

use crate::platforms::{HttpAnswer, HttpRequest, Outcome};

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const TIMEOUT: Duration = Duration::from_secs(30);
const MAX_BODY: usize = 64 * 1024;

pub struct Transport {
    client: reqwest::blocking::Client,
}

impl Transport {
    pub fn new() -> Result<Transport, String> {
        let client = reqwest::blocking::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(TIMEOUT)
            // A redirect would carry the message (and, for DingTalk, the
            // signature) to a host the user did not name.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("CloudLens/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| format!("cannot start the HTTP client: {}", e.without_url()))?;
        Ok(Transport { client })
    }

    /// POSTs the request; `Err` is the outcome when no answer came back.
    pub fn post(&self, req: &HttpRequest) -> Result<HttpAnswer, Outcome> {
        let mut builder = self.client.post(req.url.as_str()).body(req.body.clone());
        for (k, v) in &req.headers {
            builder = builder.header(*k, v);
        }
        let response = builder.send().map_err(|e| {
            let unreachable = e.is_connect() || e.is_timeout();
            let reason = if e.is_connect() {
                "could not connect (offline, or the host is down)".to_string()
            } else if e.is_timeout() {
                "no answer in time".to_string()
            } else {
                format!("the request failed: {}", e.without_url())
            };
            Outcome::Transient {
                reason: redact(&reason, &req.url),
                retry_after: None,
                unreachable,
            }
        })?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let bytes = response.bytes().map_err(|e| {
            Outcome::transient(
                redact(
                    &format!("the answer was cut off: {}", e.without_url()),
                    &req.url,
                ),
                None,
            )
        })?;
        let body = String::from_utf8_lossy(&bytes[..bytes.len().min(MAX_BODY)]).into_owned();
        Ok(HttpAnswer {
            status,
            retry_after,
            body: redact(&body, &req.url),
        })
    }
}

/// Removes the URL and each of its long parts (path segments, query
/// values: where tokens and keys sit) from a text, in case a receiver or a
/// library echoes them.
pub fn redact(text: &str, url: &str) -> String {
    let mut out = text.replace(url, "<webhook URL>");
    let mut parts: Vec<String> = Vec::new();
    if let Ok(parsed) = reqwest::Url::parse(url) {
        if let Some(segments) = parsed.path_segments() {
            parts.extend(segments.map(str::to_string));
        }
        parts.extend(parsed.query_pairs().map(|(_, v)| v.into_owned()));
        parts.extend(parsed.query().map(str::to_string));
    }
    parts.sort_by_key(|p| std::cmp::Reverse(p.len()));
    for p in parts.iter().filter(|p| p.len() >= 8) {
        out = out.replace(p.as_str(), "<redacted>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn redact_removes_the_url_and_its_tokens() {
        let url = "https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789";
        let text = format!("failed for {url}; token abcdef0123456789 rejected");
        let out = redact(&text, url);
        assert!(!out.contains("abcdef0123456789"), "{out}");
        assert!(out.contains("<webhook URL>"), "{out}");
    }
}
