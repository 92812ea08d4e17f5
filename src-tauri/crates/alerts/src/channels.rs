//! Adding, listing, testing and removing channels. The URL and secret go
//! to the keychain (or sealed in passphrase mode) and are never shown:
//! listings give the host only.

use cloudlens_store::{Alerts, AlertsMut, ChannelSecret, NewAlertChannel, SecretHome};
use zeroize::Zeroizing;

use crate::alert::{OpenTarget, Route, Severity, Source, Subject, View};
use crate::channel::{check_url, Channel, ChannelKind, Language, SecretUse};
use crate::desktop::Notifier;
use crate::platforms::Outcome;
use crate::{http, sender, Alert, AlertError};

pub struct NewChannel {
    pub name: String,
    pub kind: ChannelKind,
    pub language: Language,
    pub url: Option<Zeroizing<String>>,
    pub secret: Option<Zeroizing<String>>,
}

/// A channel as listed: never its URL or secret.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ChannelInfo {
    pub name: String,
    pub kind: String,
    pub language: String,
    /// The webhook's host (not secret; the token is in the path or query).
    pub host: Option<String>,
    pub signed: bool,
    /// False when the keychain lost the URL (the channel cannot send).
    pub ready: bool,
    pub created_at: i64,
}

fn check_name(name: &str) -> Result<(), AlertError> {
    if name.is_empty() || name.len() > 64 || name.chars().any(|c| c.is_control()) {
        return Err(AlertError::InvalidInput(
            "a channel name must be 1 to 64 characters with no control characters".into(),
        ));
    }
    Ok(())
}

fn check_secret_parts(new: &NewChannel) -> Result<(), AlertError> {
    let kind = new.kind.as_str();
    match (new.kind.needs_url(), &new.url) {
        (true, None) => {
            return Err(AlertError::InvalidInput(format!(
                "a {kind} channel needs its webhook URL"
            )))
        }
        (false, Some(_)) => {
            return Err(AlertError::InvalidInput(format!(
                "a {kind} channel takes no URL"
            )))
        }
        (true, Some(url)) => check_url(new.kind, url)?,
        (false, None) => {}
    }
    match (new.kind.secret_use(), &new.secret) {
        (SecretUse::Required, None) => Err(AlertError::InvalidInput(format!(
            "a {kind} channel needs a signing secret (its receiver checks the X-CloudLens-Signature header)"
        ))),
        (SecretUse::None, Some(_)) => Err(AlertError::InvalidInput(format!(
            "a {kind} channel takes no signing secret (its URL is the credential)"
        ))),
        _ => {
            let multiline = |s: &Option<Zeroizing<String>>| s.as_ref().is_some_and(|s| s.contains(['\n', '\r']));
            if multiline(&new.url) || multiline(&new.secret) {
                return Err(AlertError::InvalidInput(
                    "the URL and the secret must each be one line".into(),
                ));
            }
            Ok(())
        }
    }
}

pub fn add_channel(
    store: &mut AlertsMut<'_>,
    home: &SecretHome,
    new: NewChannel,
    now: i64,
) -> Result<ChannelInfo, AlertError> {
    check_name(&new.name)?;
    check_secret_parts(&new)?;
    let record = NewAlertChannel {
        name: new.name.clone(),
        kind: new.kind.as_str().to_string(),
        language: new.language.as_str().to_string(),
        created_at: now,
    };
    let secret = ChannelSecret {
        url: new.url,
        secret: new.secret,
    };
    if !store.add_channel(&record, &secret, home)? {
        return Err(AlertError::ChannelExists(new.name));
    }
    Ok(info(&record.name, new.kind, new.language, &secret, now))
}

fn info(
    name: &str,
    kind: ChannelKind,
    language: Language,
    secret: &ChannelSecret,
    created_at: i64,
) -> ChannelInfo {
    let host = secret
        .url
        .as_deref()
        .and_then(|u| reqwest::Url::parse(u).ok())
        .and_then(|u| u.host_str().map(str::to_string));
    ChannelInfo {
        name: name.to_string(),
        kind: kind.as_str().to_string(),
        language: language.as_str().to_string(),
        host,
        signed: secret.secret.is_some(),
        ready: !kind.needs_url() || secret.url.is_some(),
        created_at,
    }
}

pub fn list_channels(
    store: &Alerts<'_>,
    home: &SecretHome,
) -> Result<Vec<ChannelInfo>, AlertError> {
    store
        .channels()?
        .into_iter()
        .map(|rec| {
            let kind = ChannelKind::parse(&rec.kind)?;
            let language = Language::parse(&rec.language).unwrap_or(Language::En);
            let secret = store.channel_secret(home, &rec.name)?;
            Ok(info(&rec.name, kind, language, &secret, rec.created_at))
        })
        .collect()
}

pub fn remove_channel(
    store: &mut AlertsMut<'_>,
    home: &SecretHome,
    name: &str,
) -> Result<(), AlertError> {
    if store.remove_channel(name, home)? {
        Ok(())
    } else {
        Err(AlertError::NoSuchChannel(name.to_string()))
    }
}

/// A channel with its URL and secret, ready to send.
pub fn load_channel(
    store: &Alerts<'_>,
    home: &SecretHome,
    name: &str,
) -> Result<Channel, AlertError> {
    let rec = store
        .channel(name)?
        .ok_or_else(|| AlertError::NoSuchChannel(name.to_string()))?;
    Ok(Channel {
        name: rec.name.clone(),
        kind: ChannelKind::parse(&rec.kind)?,
        language: Language::parse(&rec.language).unwrap_or(Language::En),
        secret: store.channel_secret(home, name)?,
    })
}

/// Sends a test message on the channel now (not through the outbox).
pub fn test_channel(
    store: &Alerts<'_>,
    home: &SecretHome,
    notifier: &dyn Notifier,
    name: &str,
    now_ms: i64,
) -> Result<Outcome, AlertError> {
    test_send(&load_channel(store, home, name)?, notifier, now_ms)
}

/// Sends a test message on a loaded channel (no store held meanwhile).
pub fn test_send(
    channel: &Channel,
    notifier: &dyn Notifier,
    now_ms: i64,
) -> Result<Outcome, AlertError> {
    let name = &channel.name;
    let alert = Alert {
        source: Source::Data,
        severity: Severity::Info,
        dedup_key: format!("test:{name}:{now_ms}"),
        subject: Subject::ChannelTest {
            channel: name.to_string(),
        },
        figures: Vec::new(),
        open: OpenTarget {
            view: View::Overview,
            item: None,
            cli: "cloudlens alerts history".to_string(),
        },
        created: now_ms.div_euclid(1000),
        route: Route::Channels(vec![name.to_string()]),
    };
    let transport = http::Transport::new().map_err(AlertError::Http)?;
    Ok(sender::deliver(
        channel,
        &transport,
        notifier,
        &alert,
        &alert.dedup_key,
        now_ms,
    ))
}
