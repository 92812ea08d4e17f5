//! Alert channels, history, settings, evaluation and delivery on an open
//! store: shared by the session (app) and the CLI.

use chrono::{DateTime, NaiveDate};
use cloudlens_alerts::{
    self as core, sources::DataHealth, AlertError, ChannelKind, Clock, EvalContext, Language,
    Notifier, Outcome, Route, SenderConfig,
};
use cloudlens_store::{AuditAction, AuditRecord, SecretHome};
use zeroize::Zeroizing;

use crate::{
    AddChannelRequest, AlertChannelKind, AlertHistoryView, AlertSettings, AlertView, ApiError,
    ChannelTestView, ChannelView, CloudLens, DeliveryStatus, DeliveryView, ErrorCode,
    EvaluationView, Locale,
};

const STALE_KEY: &str = "alerts.stale_after_days";
const EVERY_KEY: &str = "alerts.evaluate_every_minutes";
const TRAY_KEY: &str = "app.keep_in_tray";
/// A JSON array of channel names; absent: every channel.
const DATA_CHANNELS_KEY: &str = "alerts.data_health_channels";

pub(crate) fn api_error(e: AlertError) -> ApiError {
    match e {
        AlertError::Store(e) => e.into(),
        AlertError::Http(m) => ApiError::new(ErrorCode::Internal, m),
        other => ApiError::new(ErrorCode::InvalidInput, other.to_string()),
    }
}

fn kind_of(k: AlertChannelKind) -> ChannelKind {
    match k {
        AlertChannelKind::Desktop => ChannelKind::Desktop,
        AlertChannelKind::Dingtalk => ChannelKind::DingTalk,
        AlertChannelKind::Wecom => ChannelKind::WeCom,
        AlertChannelKind::Feishu => ChannelKind::Feishu,
        AlertChannelKind::Slack => ChannelKind::Slack,
        AlertChannelKind::Webhook => ChannelKind::Webhook,
    }
}

fn kind_view(k: &str) -> AlertChannelKind {
    match k {
        "dingtalk" => AlertChannelKind::Dingtalk,
        "wecom" => AlertChannelKind::Wecom,
        "feishu" => AlertChannelKind::Feishu,
        "slack" => AlertChannelKind::Slack,
        "webhook" => AlertChannelKind::Webhook,
        _ => AlertChannelKind::Desktop,
    }
}

pub(crate) fn language(l: Locale) -> Language {
    match l {
        Locale::En => Language::En,
        Locale::ZhCn => Language::ZhCn,
    }
}

fn rfc3339(t: i64) -> String {
    DateTime::from_timestamp(t, 0)
        .map(|d| d.to_rfc3339())
        .unwrap_or_default()
}

fn nonempty(s: Option<String>) -> Option<Zeroizing<String>> {
    s.map(|v| Zeroizing::new(v.trim().to_string()))
        .filter(|v| !v.is_empty())
}

impl CloudLens {
    pub fn alert_channels(&self, home: &SecretHome) -> Result<Vec<ChannelView>, ApiError> {
        let reader = self.reader()?;
        let listed = core::list_channels(&reader.alerts(), home).map_err(api_error)?;
        Ok(listed
            .into_iter()
            .map(|c| ChannelView {
                kind: kind_view(&c.kind),
                language: if c.language == "zh-CN" {
                    Locale::ZhCn
                } else {
                    Locale::En
                },
                host: c.host,
                signed: c.signed,
                ready: c.ready,
                created_at: rfc3339(c.created_at),
                name: c.name,
            })
            .collect())
    }

    pub fn add_alert_channel(
        &self,
        home: &SecretHome,
        req: AddChannelRequest,
        now: i64,
    ) -> Result<ChannelView, ApiError> {
        let new = core::NewChannel {
            name: req.name.trim().to_string(),
            kind: kind_of(req.kind),
            language: language(req.language),
            url: nonempty(req.url),
            secret: nonempty(req.secret),
        };
        let name = new.name.clone();
        // Never the URL or the secret: the kind and language only.
        let record = AuditRecord::new(AuditAction::ChannelSave, &name).after(format!(
            "{} ({})",
            new.kind.as_str(),
            new.language.as_str()
        ));
        self.logged(record, |store| {
            core::add_channel(&mut store.alerts_mut(), home, new, now).map_err(api_error)
        })?;
        self.alert_channels(home)?
            .into_iter()
            .find(|c| c.name == name)
            .ok_or_else(|| ApiError::new(ErrorCode::Internal, "the channel was not saved"))
    }

    pub fn remove_alert_channel(&self, home: &SecretHome, name: &str) -> Result<(), ApiError> {
        let record = AuditRecord::new(AuditAction::ChannelRemove, name);
        self.logged(record, |store| {
            core::remove_channel(&mut store.alerts_mut(), home, name).map_err(api_error)
        })
    }

    /// Sends a test message now (not through the outbox).
    pub fn test_alert_channel(
        &self,
        home: &SecretHome,
        notifier: &dyn Notifier,
        name: &str,
        now_ms: i64,
    ) -> Result<ChannelTestView, ApiError> {
        // The send happens after the read connection is back in the pool.
        let channel =
            core::load_channel(&self.reader()?.alerts(), home, name).map_err(api_error)?;
        Ok(
            match core::test_send(&channel, notifier, now_ms).map_err(api_error)? {
                Outcome::Sent => ChannelTestView {
                    sent: true,
                    error: None,
                },
                Outcome::Transient { reason, .. } | Outcome::Permanent { reason } => {
                    ChannelTestView {
                        sent: false,
                        error: Some(reason),
                    }
                }
            },
        )
    }

    /// The newest `limit` alerts with each delivery's status; subjects in
    /// the reader's language.
    pub fn alert_history(&self, locale: Locale, limit: u32) -> Result<AlertHistoryView, ApiError> {
        let records = self.reader()?.alerts().history(limit)?;
        let alerts = records
            .into_iter()
            .map(|a| {
                let alert = core::Alert::from_json(&a.payload).ok();
                let msg = alert.as_ref().map(|al| core::render(al, language(locale)));
                AlertView {
                    id: a.id,
                    source: a.source,
                    severity: a.severity,
                    subject: msg
                        .as_ref()
                        .map_or_else(|| a.dedup_key.clone(), |m| m.title.clone()),
                    summary: msg.map(|m| m.summary).unwrap_or_default(),
                    created: rfc3339(a.created_at),
                    open_view: alert
                        .as_ref()
                        .map(|al| al.open.view.as_str().to_string())
                        .unwrap_or_default(),
                    open_item: alert.and_then(|al| al.open.item),
                    deliveries: a
                        .deliveries
                        .into_iter()
                        .map(|d| DeliveryView {
                            channel: d.channel,
                            status: match d.state.as_str() {
                                "sent" => DeliveryStatus::Sent,
                                "failed" => DeliveryStatus::Failed,
                                _ => DeliveryStatus::Queued,
                            },
                            attempts: d.attempts,
                            last_error: d.last_error,
                        })
                        .collect(),
                }
            })
            .collect();
        Ok(AlertHistoryView { alerts })
    }

    pub fn alert_settings(&self) -> Result<AlertSettings, ApiError> {
        let reader = self.reader()?;
        let settings = reader.settings();
        let d = AlertSettings::default();
        let num = |key: &str, default: u32| -> Result<u32, ApiError> {
            Ok(settings
                .get(key)?
                .and_then(|v| v.parse().ok())
                .unwrap_or(default))
        };
        Ok(AlertSettings {
            stale_after_days: num(STALE_KEY, d.stale_after_days)?,
            evaluate_every_minutes: num(EVERY_KEY, d.evaluate_every_minutes)?,
            keep_in_tray: settings.get(TRAY_KEY)?.as_deref() == Some("true"),
            data_health_channels: settings
                .get(DATA_CHANNELS_KEY)?
                .and_then(|v| serde_json::from_str(&v).ok()),
        })
    }

    pub fn set_alert_settings(&self, s: &AlertSettings) -> Result<(), ApiError> {
        let invalid = |m: String| ApiError::new(ErrorCode::InvalidInput, m);
        if !(1..=90).contains(&s.stale_after_days) {
            return Err(invalid(format!(
                "stale_after_days: expected 1 to 90 days, got {}",
                s.stale_after_days
            )));
        }
        if s.evaluate_every_minutes != 0 && !(5..=1440).contains(&s.evaluate_every_minutes) {
            return Err(invalid(format!(
                "evaluate_every_minutes: expected 0 (off) or 5 to 1440 minutes, got {}",
                s.evaluate_every_minutes
            )));
        }
        if let Some(names) = &s.data_health_channels {
            let known = self.reader()?.alerts().channels()?;
            if let Some(unknown) = names.iter().find(|n| !known.iter().any(|c| &c.name == *n)) {
                return Err(invalid(format!(
                    "data_health_channels: no channel named {unknown}"
                )));
            }
        }
        let channels = s
            .data_health_channels
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        self.set_setting(DATA_CHANNELS_KEY, channels.as_deref())?;
        self.set_setting(STALE_KEY, Some(&s.stale_after_days.to_string()))?;
        self.set_setting(EVERY_KEY, Some(&s.evaluate_every_minutes.to_string()))?;
        self.set_setting(
            TRAY_KEY,
            Some(if s.keep_in_tray { "true" } else { "false" }),
        )
    }

    /// Raises the alerts the data calls for as of `as_of` (lines charged
    /// before it): data health, budget thresholds and the open anomalies
    /// their monitors route to channels. Proposing reads on
    /// read connections; recording takes the writer for short writes only.
    pub fn evaluate_alerts(
        &self,
        as_of: NaiveDate,
        now: i64,
        now_ms: i64,
    ) -> Result<EvaluationView, ApiError> {
        let stale = self.alert_settings()?.stale_after_days;
        self.evaluate_alerts_with(as_of, stale, now, now_ms)
    }

    /// [`Self::evaluate_alerts`] with data older than `stale_after_days`
    /// called stale instead of the saved setting's age.
    pub fn evaluate_alerts_with(
        &self,
        as_of: NaiveDate,
        stale_after_days: u32,
        now: i64,
        now_ms: i64,
    ) -> Result<EvaluationView, ApiError> {
        let ctx = EvalContext { as_of, now };
        let budgets = self.budget_alert_source(as_of)?;
        let anomalies = self.anomaly_alert_source()?;
        let reader = self.reader()?;
        let route = match self.alert_settings()?.data_health_channels {
            Some(names) => Route::Channels(names),
            None => Route::AllChannels,
        };
        let data = DataHealth {
            stale_after_days: i64::from(stale_after_days),
            route,
        }
        .over(reader.sync(), reader.lines());
        let proposed =
            core::propose(&[&data, &budgets.source, &anomalies], &ctx).map_err(api_error)?;
        // The reader goes back to the pool before the writer is taken.
        drop(reader);
        let mut store = self.writer()?;
        for (id, revision, crossing) in &budgets.forecast_crossings {
            store
                .budgets_mut()
                .record_crossing(*id, *revision, crossing)?;
        }
        let report = core::record(&mut store, &proposed, now_ms).map_err(api_error)?;
        Ok(EvaluationView {
            as_of: as_of.to_string(),
            raised: report.raised.len() as u32,
            known: report.known,
            sent: 0,
            failed: 0,
            waiting: 0,
            missing_channels: report.missing_channels,
        })
    }

    /// Delivers what the outbox holds, on a writing connection of its own
    /// (network waits never hold the app's writer), waiting at most
    /// `max_wait_ms` for retries and rate-limit windows.
    pub fn deliver_alerts(
        &self,
        home: &SecretHome,
        notifier: std::sync::Arc<dyn Notifier>,
        clock: &dyn Clock,
        max_wait_ms: i64,
        view: &mut EvaluationView,
    ) -> Result<(), ApiError> {
        let mut store = self.writer()?.reopen()?;
        let config = SenderConfig {
            max_wait_ms,
            ..SenderConfig::default()
        };
        let report = core::Sender::new(&mut store, home, clock, config)
            .map(|s| s.with_notifier(notifier))
            .and_then(|s| s.drain())
            .map_err(api_error)?;
        view.sent = report.sent;
        view.failed = report.failed + report.uncertain;
        view.waiting = report.still_queued;
        Ok(())
    }
}
