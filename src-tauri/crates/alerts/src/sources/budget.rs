//! Budget threshold alerts. The api works out a budget's figures (actual
//! to date from the explorer, the forecast at period end from the forecast
//! engine) and hands each crossed threshold here as a [`BudgetCrossing`];
//! the alert fires once per budget revision, period, kind and threshold.

use crate::alert::{
    Figure, FigureKey, FigureValue, Money, OpenTarget, Route, Severity, Source, Subject,
    ThresholdKind, View,
};
use crate::evaluate::{AlertSource, EvalContext};
use crate::{Alert, AlertError};

/// A threshold a budget's figures have reached in its current period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetCrossing {
    pub budget_id: i64,
    /// Edits start a new revision, whose crossings alert again.
    pub revision: i64,
    pub budget: String,
    /// `YYYY-MM`, `YYYY-Qn` or `YYYY`.
    pub period: String,
    pub kind: ThresholdKind,
    /// Percent of the amount, decimal text.
    pub threshold: String,
    pub amount: Money,
    pub actual: Money,
    /// The forecast at period end and its 80% interval, when there is one.
    pub forecast: Option<(Money, Money, Money)>,
    /// The watched figure (actual or forecast) as a percentage of the amount.
    pub percent_used: String,
    /// `YYYY-MM-DD`.
    pub crossed_on: String,
    /// The channels the budget names.
    pub channels: Vec<String>,
}

fn fig(key: FigureKey, value: FigureValue) -> Figure {
    Figure { key, value }
}

pub fn budget_alert(c: &BudgetCrossing, now: i64) -> Alert {
    let over = c.percent_used.parse::<f64>().unwrap_or(0.0) >= 100.0;
    let severity = match (c.kind, over) {
        (ThresholdKind::Actual, true) => Severity::Critical,
        _ => Severity::Warning,
    };
    let value = match (c.kind, &c.forecast) {
        (ThresholdKind::Forecast, Some((mean, _, _))) => mean.clone(),
        _ => c.actual.clone(),
    };
    let mut figures = vec![
        fig(FigureKey::Budget, FigureValue::Text(c.budget.clone())),
        fig(FigureKey::Period, FigureValue::Text(c.period.clone())),
        fig(FigureKey::Amount, FigureValue::Money(c.amount.clone())),
        fig(FigureKey::Actual, FigureValue::Money(c.actual.clone())),
    ];
    if let Some((mean, lo, hi)) = &c.forecast {
        figures.push(fig(FigureKey::Forecast, FigureValue::Money(mean.clone())));
        figures.push(fig(
            FigureKey::ForecastRange,
            FigureValue::MoneyRange {
                low: lo.clone(),
                high: hi.clone(),
            },
        ));
    }
    figures.push(fig(
        FigureKey::PercentUsed,
        FigureValue::Percent(c.percent_used.clone()),
    ));
    figures.push(fig(
        FigureKey::Threshold,
        FigureValue::Percent(c.threshold.clone()),
    ));
    figures.push(fig(
        FigureKey::CrossedOn,
        FigureValue::Date(c.crossed_on.clone()),
    ));
    Alert {
        source: Source::Budget,
        severity,
        dedup_key: format!(
            "budget:{}:r{}:{}:{}:{}",
            c.budget_id,
            c.revision,
            c.period,
            c.kind.as_str(),
            c.threshold
        ),
        subject: Subject::BudgetThreshold {
            budget: c.budget.clone(),
            period: c.period.clone(),
            watched: c.kind,
            threshold: c.threshold.clone(),
            amount: c.amount.clone(),
            value,
            percent_used: c.percent_used.clone(),
        },
        figures,
        open: OpenTarget {
            view: View::Budgets,
            item: Some(c.budget.clone()),
            cli: format!("cloudlens budget show {}", shell_word(&c.budget)),
        },
        created: now,
        route: Route::Channels(c.channels.clone()),
    }
}

/// A name quoted for a shell when it needs it.
fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// Budget crossings worked out by the caller, as a source.
pub struct BudgetAlerts(pub Vec<BudgetCrossing>);

impl AlertSource for BudgetAlerts {
    fn name(&self) -> &'static str {
        "budget"
    }

    fn evaluate(&self, ctx: &EvalContext) -> Result<Vec<Alert>, AlertError> {
        Ok(self.0.iter().map(|c| budget_alert(c, ctx.now)).collect())
    }
}
