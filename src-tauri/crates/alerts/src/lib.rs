//! Alerts: sources propose them from the data ([`propose`], [`record`]), the
//! store's outbox keeps each once per dedup key with one delivery per
//! channel, and the [`Sender`] delivers each exactly once to the desktop,
//! DingTalk, WeCom, Feishu, Slack or a signed JSON webhook, retrying
//! transient failures with backoff inside each platform's rate limit.
//! No Tauri; the clock is passed in.

mod alert;
mod channel;
mod channels;
mod clock;
mod desktop;
mod error;
mod evaluate;
mod http;
mod limiter;
mod message;
mod platforms;
mod sender;
mod sign;
pub mod sources;

pub use alert::{
    Alert, Figure, FigureKey, FigureValue, Money, OpenTarget, Route, Severity, Source, Subject,
    ThresholdKind, View,
};
pub use channel::{check_url, Channel, ChannelKind, Language, SecretUse};
pub use channels::{
    add_channel, list_channels, load_channel, remove_channel, test_channel, test_send, ChannelInfo,
    NewChannel,
};
pub use clock::{Clock, SystemClock};
pub use desktop::{NoDesktop, Notifier};
pub use error::AlertError;
pub use evaluate::{propose, record, AlertSource, EvalContext, EvaluationReport};
pub use limiter::RateLimit;
pub use message::{render, Message};
pub use platforms::Outcome;
pub use sender::{message_id, Claim, DrainReport, Next, RetryPolicy, Sender, SenderConfig};
