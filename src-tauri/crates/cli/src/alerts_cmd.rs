//! `cloudlens channel add|list|test|remove` and `cloudlens alerts
//! evaluate|history` (evaluation covers data health, budgets and anomalies). A channel's URL and secret come from the environment
//! (`--url-env`, `--secret-env`) or standard input (URL on the first line,
//! secret on the next), never the command line.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use chrono::NaiveDate;
use clap::Subcommand;
use std::sync::Arc;

use cloudlens_alerts::{ChannelKind, Clock, SecretUse, SystemClock};
use cloudlens_api::{
    secret_home, AddChannelRequest, AlertChannelKind, ApiError, ErrorCode, KeySource, Locale,
};
use zeroize::Zeroizing;

use crate::desktop::Freedesktop;

use crate::commands::now;

#[derive(Subcommand)]
pub enum ChannelAction {
    /// Add an alert channel. The webhook URL and signing secret come from
    /// --url-env/--secret-env or standard input, never the command line.
    Add {
        name: String,
        #[arg(long, value_parser = ["desktop", "dingtalk", "wecom", "feishu", "slack", "webhook"])]
        kind: String,
        /// The environment variable holding the webhook URL.
        #[arg(long, value_name = "VAR")]
        url_env: Option<String>,
        /// The environment variable holding the signing secret.
        #[arg(long, value_name = "VAR")]
        secret_env: Option<String>,
        #[arg(long, default_value = "en", value_parser = ["en", "zh-CN"])]
        language: String,
    },
    List {
        /// text or json.
        #[arg(long, default_value = "text", value_parser = ["text", "json"])]
        format: String,
    },
    /// Send a test message on the channel now.
    Test { name: String },
    /// Remove the channel and its secret (its waiting deliveries fail).
    Remove { name: String },
}

#[derive(Subcommand)]
pub enum AlertsAction {
    /// Raise the alerts the data calls for and deliver what is waiting
    /// (for a systemd timer or cron on a headless machine).
    Evaluate {
        /// The day to evaluate (YYYY-MM-DD); default today (UTC).
        #[arg(long)]
        as_of: Option<NaiveDate>,
        /// Data older than this many days raises a data-health alert;
        /// default the app's setting (3 days unless changed).
        #[arg(long)]
        stale_days: Option<u32>,
        /// Longest wait, in seconds, for retries and rate-limit windows
        /// before leaving the rest queued for the next run.
        #[arg(long, default_value_t = 120)]
        max_wait: i64,
    },
    /// Where data-health alerts (a failing sync, stale data) go: the named
    /// channels, or every channel (the default). Without options, prints
    /// the current choice.
    DataHealth {
        /// A channel told about data health (repeatable).
        #[arg(long = "notify", value_name = "CHANNEL", conflicts_with = "all")]
        channels: Vec<String>,
        /// Every channel, as by default.
        #[arg(long)]
        all: bool,
    },
    /// Alerts raised, newest first, with each delivery's status.
    History {
        #[arg(long, default_value = "text", value_parser = ["text", "json"])]
        format: String,
        /// Language of the subjects.
        #[arg(long, default_value = "en", value_parser = ["en", "zh-CN"])]
        language: String,
        #[arg(long, default_value_t = 100)]
        limit: u32,
    },
}

/// A value's name as the JSON output spells it.
fn wire_name(value: impl serde::Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn locale(text: &str) -> Locale {
    if text == "zh-CN" {
        Locale::ZhCn
    } else {
        Locale::En
    }
}

fn from_env(var: &str, flag: &str) -> Result<Zeroizing<String>, ApiError> {
    let v = std::env::var(var).map_err(|_| {
        ApiError::new(
            ErrorCode::InvalidInput,
            format!("environment variable {var} (from {flag}) is not set"),
        )
    })?;
    Ok(Zeroizing::new(v.trim().to_string()))
}

/// Reads the next line of standard input, prompting on a terminal.
fn stdin_line(prompt: &str) -> Result<Zeroizing<String>, ApiError> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        err!("{prompt}: ");
        let _ = std::io::stderr().flush();
    }
    let mut line = Zeroizing::new(String::new());
    stdin.lock().read_line(&mut line).map_err(|e| {
        ApiError::new(
            ErrorCode::InvalidInput,
            format!("cannot read the {prompt} from standard input: {e}"),
        )
    })?;
    Ok(Zeroizing::new(line.trim().to_string()))
}

fn nonempty(s: Zeroizing<String>) -> Option<Zeroizing<String>> {
    (!s.is_empty()).then_some(s)
}

pub fn channel(db: &Path, key: &KeySource, action: ChannelAction) -> Result<(), ApiError> {
    let home = secret_home(key);
    let cl = crate::lens::open(db, key)?;
    match action {
        ChannelAction::Add {
            name,
            kind,
            url_env,
            secret_env,
            language,
        } => {
            let core_kind = ChannelKind::parse(&kind)
                .map_err(|e| ApiError::new(ErrorCode::InvalidInput, e.to_string()))?;
            let kind: AlertChannelKind =
                crate::explore_cmd::named("--kind", &kind, "a channel kind")?;
            let url = match (core_kind.needs_url(), &url_env) {
                (false, _) => None,
                (true, Some(var)) => nonempty(from_env(var, "--url-env")?),
                (true, None) => nonempty(stdin_line("webhook URL")?),
            };
            let secret = match (core_kind.secret_use(), &secret_env) {
                (SecretUse::None, _) => None,
                (_, Some(var)) => nonempty(from_env(var, "--secret-env")?),
                (_, None) => nonempty(stdin_line("signing secret")?),
            };
            let request = AddChannelRequest {
                name,
                kind,
                language: locale(&language),
                url: url.map(|u| u.to_string()),
                secret: secret.map(|s| s.to_string()),
            };
            let info = cl.add_alert_channel(&home, request, now())?;
            errln!(
                "added {} channel {}{}",
                wire_name(info.kind),
                info.name,
                if info.signed { " (signed)" } else { "" }
            );
            if core_kind.secret_use() == SecretUse::Optional && !info.signed {
                errln!(
                    "note: unsigned; protect the robot with the keyword \"CloudLens\" (every message contains it)"
                );
            }
            Ok(())
        }
        ChannelAction::List { format } => {
            let channels = cl.alert_channels(&home)?;
            if format == "json" {
                let text =
                    serde_json::to_string_pretty(&serde_json::json!({ "channels": channels }))
                        .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
                outln!("{text}");
            } else {
                for c in channels {
                    outln!(
                        "{:<20} {:<9} {:<6} {:<28} {}{}",
                        c.name,
                        wire_name(c.kind),
                        if c.language == Locale::ZhCn {
                            "zh-CN"
                        } else {
                            "en"
                        },
                        c.host.as_deref().unwrap_or("-"),
                        if c.signed { "signed" } else { "unsigned" },
                        if c.ready {
                            ""
                        } else {
                            ", URL missing from the keychain"
                        }
                    );
                }
            }
            Ok(())
        }
        ChannelAction::Test { name } => {
            let result = cl.test_alert_channel(&home, &Freedesktop, &name, SystemClock.now_ms())?;
            match (result.sent, result.error) {
                (true, _) => {
                    outln!("ok: a test message went to {name}");
                    Ok(())
                }
                (false, reason) => Err(ApiError::new(
                    ErrorCode::InvalidInput,
                    format!("{name}: {}", reason.unwrap_or_default()),
                )),
            }
        }
        ChannelAction::Remove { name } => {
            cl.remove_alert_channel(&home, &name)?;
            errln!("removed channel {name} and its secret");
            Ok(())
        }
    }
}

pub fn alerts(db: &Path, key: &KeySource, action: AlertsAction) -> Result<(), ApiError> {
    let home = secret_home(key);
    let cl = crate::lens::open(db, key)?;
    match action {
        AlertsAction::Evaluate {
            as_of,
            stale_days,
            max_wait,
        } => {
            let as_of = as_of.unwrap_or_else(|| chrono::Utc::now().date_naive());
            let stale = match stale_days {
                Some(d) => d,
                None => cl.alert_settings()?.stale_after_days,
            };
            // Anomalies in data added since the last run alert too, as they
            // do after an import or sync in the app.
            let found = cl.detect_anomalies(None, None, now())?;
            if found.found + found.updated > 0 {
                errln!("anomalies: {} new, {} updated", found.found, found.updated);
            }
            let mut view = cl.evaluate_alerts_with(as_of, stale, now(), SystemClock.now_ms())?;
            errln!("{} new alert(s), {} raised before", view.raised, view.known);
            for missing in &view.missing_channels {
                errln!("warning: no channel named {missing}");
            }
            cl.deliver_alerts(
                &home,
                Arc::new(Freedesktop),
                &SystemClock,
                max_wait.max(0) * 1000,
                &mut view,
            )?;
            errln!(
                "deliveries: {} sent, {} failed, {} waiting",
                view.sent,
                view.failed,
                view.waiting
            );
            Ok(())
        }
        AlertsAction::DataHealth { channels, all } => {
            let mut settings = cl.alert_settings()?;
            if all || !channels.is_empty() {
                settings.data_health_channels = (!all).then_some(channels);
                cl.set_alert_settings(&settings)?;
            }
            match &settings.data_health_channels {
                None => outln!("data-health alerts go to every channel"),
                Some(names) => outln!("data-health alerts go to: {}", names.join(", ")),
            }
            Ok(())
        }
        AlertsAction::History {
            format,
            language,
            limit,
        } => {
            let view = cl.alert_history(locale(&language), limit)?;
            if format == "json" {
                let text = serde_json::to_string_pretty(&view)
                    .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
                outln!("{text}");
            } else {
                for a in &view.alerts {
                    outln!("#{} {} [{}] {}", a.id, a.created, a.source, a.subject);
                    for d in &a.deliveries {
                        outln!(
                            "    {:<20} {:<7} {} attempt(s){}",
                            d.channel,
                            wire_name(d.status),
                            d.attempts,
                            d.last_error
                                .as_deref()
                                .map(|e| format!("  {e}"))
                                .unwrap_or_default()
                        );
                    }
                }
            }
            Ok(())
        }
    }
}
