//! Channel kinds, languages and a channel ready to send (with its URL and
//! secret, which `Debug` never shows).

use cloudlens_store::ChannelSecret;

use crate::limiter::RateLimit;
use crate::AlertError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChannelKind {
    Desktop,
    DingTalk,
    WeCom,
    Feishu,
    Slack,
    Webhook,
}

impl ChannelKind {
    pub const ALL: [ChannelKind; 6] = [
        ChannelKind::Desktop,
        ChannelKind::DingTalk,
        ChannelKind::WeCom,
        ChannelKind::Feishu,
        ChannelKind::Slack,
        ChannelKind::Webhook,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ChannelKind::Desktop => "desktop",
            ChannelKind::DingTalk => "dingtalk",
            ChannelKind::WeCom => "wecom",
            ChannelKind::Feishu => "feishu",
            ChannelKind::Slack => "slack",
            ChannelKind::Webhook => "webhook",
        }
    }

    pub fn parse(s: &str) -> Result<ChannelKind, AlertError> {
        ChannelKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                AlertError::InvalidInput(format!(
                    "unknown channel kind {s:?}; expected desktop, dingtalk, wecom, feishu, slack or webhook"
                ))
            })
    }

    pub fn needs_url(self) -> bool {
        self != ChannelKind::Desktop
    }

    /// DingTalk and Feishu robots may be signed (recommended) or guarded by
    /// a keyword or IP list instead; the generic webhook is always signed;
    /// WeCom and Slack URLs are their own credential.
    pub fn secret_use(self) -> SecretUse {
        match self {
            ChannelKind::DingTalk | ChannelKind::Feishu => SecretUse::Optional,
            ChannelKind::Webhook => SecretUse::Required,
            ChannelKind::Desktop | ChannelKind::WeCom | ChannelKind::Slack => SecretUse::None,
        }
    }

    /// The documented limits per robot or webhook: DingTalk 20 messages a
    /// minute, WeCom 20 a minute, Feishu 100 a minute and 5 a second, Slack
    /// one a second. The generic webhook and the desktop have none of their
    /// own; 10 a second keeps a slow receiver from being flooded.
    pub fn rate_limits(self) -> Vec<RateLimit> {
        match self {
            ChannelKind::DingTalk | ChannelKind::WeCom => vec![RateLimit::new(20, 60_000)],
            ChannelKind::Feishu => vec![RateLimit::new(5, 1_000), RateLimit::new(100, 60_000)],
            ChannelKind::Slack => vec![RateLimit::new(1, 1_000)],
            ChannelKind::Webhook | ChannelKind::Desktop => vec![RateLimit::new(10, 1_000)],
        }
    }

    /// Whether a repeated request can be recognised by the receiver (a
    /// stable message id), so an interrupted send may be repeated safely.
    pub fn idempotent(self) -> bool {
        self == ChannelKind::Webhook
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretUse {
    None,
    Optional,
    Required,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    En,
    ZhCn,
}

impl Language {
    pub fn as_str(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::ZhCn => "zh-CN",
        }
    }

    pub fn parse(s: &str) -> Result<Language, AlertError> {
        match s {
            "en" => Ok(Language::En),
            "zh-CN" => Ok(Language::ZhCn),
            _ => Err(AlertError::InvalidInput(format!(
                "unknown language {s:?}; expected en or zh-CN"
            ))),
        }
    }
}

/// A channel with what it needs to send.
#[derive(Debug, Clone)]
pub struct Channel {
    pub name: String,
    pub kind: ChannelKind,
    pub language: Language,
    pub secret: ChannelSecret,
}

impl Channel {
    pub fn url(&self) -> Option<&str> {
        self.secret.url.as_deref().map(|s| s.as_str())
    }

    pub fn signing_secret(&self) -> Option<&str> {
        self.secret.secret.as_deref().map(|s| s.as_str())
    }
}

/// Checks a webhook URL's shape for its platform, never repeating it (it
/// carries the robot's token).
pub fn check_url(kind: ChannelKind, url: &str) -> Result<(), AlertError> {
    let bad = |what: &str| {
        Err(AlertError::InvalidInput(format!(
            "the {} webhook URL {what}",
            kind.as_str()
        )))
    };
    let Ok(parsed) = reqwest::Url::parse(url) else {
        return bad("is not a valid URL");
    };
    if !matches!(parsed.scheme(), "https" | "http") || parsed.host_str().is_none() {
        return bad("must start with https:// and name a host");
    }
    let has_query = |name: &str| {
        parsed
            .query_pairs()
            .any(|(k, v)| k == name && !v.is_empty())
    };
    match kind {
        ChannelKind::DingTalk if !has_query("access_token") => {
            bad("must carry the robot's access_token (https://oapi.dingtalk.com/robot/send?access_token=…)")
        }
        ChannelKind::WeCom if !has_query("key") => {
            bad("must carry the robot's key (https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…)")
        }
        ChannelKind::Feishu if !parsed.path().contains("/bot/v2/hook/") => {
            bad("must be a custom bot hook (https://open.feishu.cn/open-apis/bot/v2/hook/…)")
        }
        ChannelKind::Slack if parsed.path().len() < 2 => {
            bad("must be an incoming webhook (https://hooks.slack.com/services/…)")
        }
        _ => Ok(()),
    }
}
