//! Data health, from the store's sync state: a connection whose last run
//! failed (once per failure episode: the key names the last success before
//! it), a connection whose newest cost data is older than the limit, and,
//! for stores with no connection (bill files only), the newest data in the
//! store being older than the limit (once per newest day).

use chrono::{Duration, NaiveDate};
use cloudlens_store::{ConnectionRecord, Lines, SyncRecords};

use crate::alert::{
    Figure, FigureKey, FigureValue, OpenTarget, Route, Severity, Source, Subject, View,
};
use crate::evaluate::{AlertSource, EvalContext};
use crate::{Alert, AlertError};

/// How old data may be before it is stale, and where its alerts go.
#[derive(Debug, Clone)]
pub struct DataHealth {
    /// Data older than this many days (as of the evaluated day) is stale.
    /// Chinese clouds publish a day's bill a day or two later.
    pub stale_after_days: i64,
    /// Every channel unless the user named some.
    pub route: Route,
}

impl Default for DataHealth {
    fn default() -> Self {
        Self {
            stale_after_days: 3,
            route: Route::AllChannels,
        }
    }
}

/// Data health over one connection's view of the store.
pub struct DataHealthSource<'a> {
    pub config: DataHealth,
    pub sync: SyncRecords<'a>,
    pub lines: Lines<'a>,
}

impl DataHealth {
    /// The source reading the store through these handles.
    pub fn over<'a>(self, sync: SyncRecords<'a>, lines: Lines<'a>) -> DataHealthSource<'a> {
        DataHealthSource {
            config: self,
            sync,
            lines,
        }
    }
}

fn fig(key: FigureKey, value: FigureValue) -> Figure {
    Figure { key, value }
}

fn day_of(days: i64) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(1970, 1, 1).and_then(|d| d.checked_add_signed(Duration::days(days)))
}

impl DataHealth {
    fn failing(&self, c: &ConnectionRecord, ctx: &EvalContext) -> Option<Alert> {
        let err = c.last_error.as_ref()?;
        if c.last_success.is_some_and(|s| s >= err.at) {
            return None;
        }
        let severity = match err.status.as_str() {
            "credentials_rejected" | "permission_missing" | "not_configured" => Severity::Critical,
            _ => Severity::Warning,
        };
        Some(Alert {
            source: Source::Data,
            severity,
            dedup_key: format!(
                "data:sync-failed:{}:{}",
                c.name,
                c.last_success
                    .map_or_else(|| "never".to_string(), |s| s.to_string())
            ),
            subject: Subject::SyncFailing {
                connection: c.name.clone(),
                provider: c.provider.clone(),
                status: err.status.clone(),
                error: err.message.clone(),
            },
            figures: vec![
                fig(FigureKey::Connection, FigureValue::Text(c.name.clone())),
                fig(FigureKey::Provider, FigureValue::Text(c.provider.clone())),
                fig(FigureKey::Status, FigureValue::Status(err.status.clone())),
                fig(FigureKey::LastError, FigureValue::Text(err.message.clone())),
                fig(FigureKey::FailedAt, FigureValue::Time(err.at)),
                fig(
                    FigureKey::LastSuccess,
                    c.last_success.map_or(FigureValue::Never, FigureValue::Time),
                ),
            ],
            open: OpenTarget {
                view: View::Connections,
                item: Some(c.name.clone()),
                cli: format!("cloudlens connection test {}", c.name),
            },
            created: ctx.now,
            route: self.route.clone(),
        })
    }

    /// The newest day's date and the figures of its age, when it is stale.
    fn age(&self, newest: NaiveDate, ctx: &EvalContext) -> Option<(String, Vec<Figure>)> {
        let age = (ctx.as_of - newest).num_days();
        if age <= self.stale_after_days {
            return None;
        }
        let date = newest.format("%Y-%m-%d").to_string();
        let figures = vec![
            fig(FigureKey::NewestData, FigureValue::Date(date.clone())),
            fig(FigureKey::DaysOld, FigureValue::Days(age)),
            fig(FigureKey::Limit, FigureValue::Days(self.stale_after_days)),
        ];
        Some((date, figures))
    }

    fn stale(&self, c: &ConnectionRecord, newest: i64, ctx: &EvalContext) -> Option<Alert> {
        let (date, age_figures) = self.age(day_of(newest)?, ctx)?;
        let mut figures = vec![
            fig(FigureKey::Connection, FigureValue::Text(c.name.clone())),
            fig(FigureKey::Provider, FigureValue::Text(c.provider.clone())),
        ];
        figures.extend(age_figures);
        Some(Alert {
            source: Source::Data,
            severity: Severity::Warning,
            dedup_key: format!("data:stale:{}:{date}", c.name),
            subject: Subject::ConnectionStale {
                connection: c.name.clone(),
                provider: c.provider.clone(),
            },
            figures,
            open: OpenTarget {
                view: View::Connections,
                item: Some(c.name.clone()),
                cli: format!("cloudlens sync {}", c.name),
            },
            created: ctx.now,
            route: self.route.clone(),
        })
    }

    fn store_stale(&self, newest: NaiveDate, ctx: &EvalContext) -> Option<Alert> {
        let (date, figures) = self.age(newest, ctx)?;
        Some(Alert {
            source: Source::Data,
            severity: Severity::Info,
            dedup_key: format!("data:stale:store:{date}"),
            subject: Subject::StoreStale,
            figures,
            open: OpenTarget {
                view: View::Overview,
                item: None,
                cli: "cloudlens summary".to_string(),
            },
            created: ctx.now,
            route: self.route.clone(),
        })
    }
}

impl AlertSource for DataHealthSource<'_> {
    fn name(&self) -> &'static str {
        "data"
    }

    fn evaluate(&self, ctx: &EvalContext) -> Result<Vec<Alert>, AlertError> {
        let connections = self.sync.connections()?;
        let mut alerts = Vec::new();
        for c in &connections {
            alerts.extend(self.config.failing(c, ctx));
            if let Some(newest) = self.sync.connection_latest_day(&c.name)? {
                alerts.extend(self.config.stale(c, newest, ctx));
            }
        }
        if connections.is_empty() {
            if let Some(newest) = self.lines.latest_day()? {
                alerts.extend(self.config.store_stale(newest, ctx));
            }
        }
        Ok(alerts)
    }
}
