//! A budget's definition: checked field by field (each error names the
//! field and what was expected), kept in the store as JSON, and turned into
//! the explorer and forecast queries of its scope.

use rust_decimal::Decimal;

use crate::explore::convert::{check_currency, invalid};
use crate::{
    ApiError, BudgetSpec, BudgetThreshold, CostMetric, ErrorCode, ExploreMetric, ExploreQuery,
    ForecastQuery, Granularity, ThresholdKind,
};

/// Actual 80% and 100%, forecast 100%.
pub fn default_thresholds() -> Vec<BudgetThreshold> {
    vec![
        BudgetThreshold {
            kind: ThresholdKind::Actual,
            percent: 80.0,
        },
        BudgetThreshold {
            kind: ThresholdKind::Actual,
            percent: 100.0,
        },
        BudgetThreshold {
            kind: ThresholdKind::Forecast,
            percent: 100.0,
        },
    ]
}

/// The spec with its name trimmed, thresholds sorted and deduplicated, or
/// the first problem found.
pub(crate) fn checked(spec: &BudgetSpec) -> Result<BudgetSpec, ApiError> {
    let mut s = spec.clone();
    s.name = s.name.trim().to_string();
    if s.name.is_empty() || s.name.chars().count() > 80 || s.name.chars().any(char::is_control) {
        return Err(invalid(
            "name: expected 1 to 80 characters without control characters",
        ));
    }
    amount(&s.amount)?;
    check_currency("currency", &s.currency)?;
    if !(1..=12).contains(&s.fiscal_start) {
        return Err(invalid(format!(
            "fiscal_start: expected a month 1 to 12, got {}",
            s.fiscal_start
        )));
    }
    for f in &s.filters {
        cloudlens_explore::Dimension::parse(&f.dimension)
            .map_err(|e| invalid(format!("filters: {}", e.0)))?;
        if f.values.is_empty() {
            return Err(invalid(format!(
                "filters: {} has no values; expected at least one",
                f.dimension
            )));
        }
    }
    for t in &s.thresholds {
        if !(t.percent > 0.0 && t.percent <= 1000.0) {
            return Err(invalid(format!(
                "thresholds: expected a percentage above 0 and at most 1000, got {}",
                t.percent
            )));
        }
    }
    s.thresholds.sort_by(|a, b| {
        (a.kind as u8, a.percent)
            .partial_cmp(&(b.kind as u8, b.percent))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    s.thresholds
        .dedup_by(|a, b| a.kind == b.kind && a.percent == b.percent);
    let mut channels: Vec<String> = s.channels.iter().map(|c| c.trim().to_string()).collect();
    channels.retain(|c| !c.is_empty());
    channels.dedup();
    s.channels = channels;
    Ok(s)
}

/// The amount, above zero.
pub(crate) fn amount(text: &str) -> Result<Decimal, ApiError> {
    let d: Decimal = text.trim().parse().map_err(|_| {
        invalid(format!(
            "amount: expected a decimal number such as 12000 or 1500.50, got {text:?}"
        ))
    })?;
    if d <= Decimal::ZERO {
        return Err(invalid(format!(
            "amount: expected more than zero, got {text}"
        )));
    }
    Ok(d)
}

pub(crate) fn to_json(spec: &BudgetSpec) -> Result<String, ApiError> {
    serde_json::to_string(spec).map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))
}

pub(crate) fn from_json(name: &str, text: &str) -> Result<BudgetSpec, ApiError> {
    serde_json::from_str(text).map_err(|e| {
        ApiError::new(
            ErrorCode::Storage,
            format!("the stored budget {name} is unreadable: {e}"),
        )
    })
}

fn metric(m: CostMetric) -> ExploreMetric {
    match m {
        CostMetric::Billed => ExploreMetric::Billed,
        CostMetric::Effective => ExploreMetric::Effective,
    }
}

/// The explorer query of the budget's scope over `[from, to)`, in its
/// currency, one total per period of `granularity`.
pub(crate) fn explore_query(
    s: &BudgetSpec,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    granularity: Granularity,
    group_by: Vec<String>,
) -> ExploreQuery {
    ExploreQuery {
        group_by,
        filters: s.filters.clone(),
        from: from.to_string(),
        to: to.to_string(),
        granularity,
        metric: metric(s.metric),
        display_currency: Some(s.currency.clone()),
        rules_version: None,
        apply_shared_costs: s.apply_shared_costs,
        spread_periods: false,
        limit: 0,
    }
}

/// The forecast query of the budget's scope as made on `as_of`.
pub(crate) fn forecast_query(s: &BudgetSpec, as_of: chrono::NaiveDate) -> ForecastQuery {
    ForecastQuery {
        group_by: Vec::new(),
        filters: s.filters.clone(),
        metric: metric(s.metric),
        display_currency: Some(s.currency.clone()),
        as_of: Some(as_of.to_string()),
        horizon: None,
        rules_version: None,
        apply_shared_costs: s.apply_shared_costs,
    }
}

/// The percentage as it appears in dedup keys and the store (`80`, `12.5`).
pub(crate) fn percent_text(p: f64) -> String {
    format!("{p}")
}
