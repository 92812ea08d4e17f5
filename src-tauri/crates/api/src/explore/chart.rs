//! The explorer's chart: the ten largest groups of one currency as series
//! over the periods, the rest summed into one "other" series.

use std::collections::BTreeMap;

use cloudlens_charts::{
    mark_partial, stacked_daily_with_theme, time_lines, DailyStyle, LineStyle, Series, Theme,
    DAILY_SIZE,
};
use cloudlens_explore as engine;
use cloudlens_store::from_nanos;

use crate::explore::convert;
use crate::forecast::overlay::overlay;
use crate::locale::provider_label;
use crate::{
    ApiError, ChartStyle, ChartView, CloudLens, CurrencyAmount, ErrorCode, ExploreMetric,
    ExploreQuery, ForecastOverlay, ForecastQuery, Granularity, Locale,
};

const SERIES: usize = 10;

/// A series label: the group's values joined, a missing value named in the
/// user's language as the tables name it ("(untagged)" for a tag dimension,
/// "(none)" for the others).
pub(crate) fn group_label(groups: &[Option<String>], dims: &[String], locale: Locale) -> String {
    let labels = locale.chart_labels();
    if groups.is_empty() {
        return labels.total.into();
    }
    groups
        .iter()
        .enumerate()
        .map(|(i, g)| match g {
            Some(v) => v.as_str(),
            None if dims
                .get(i)
                .is_some_and(|d| d.starts_with("tag:") || d.starts_with("vtag:")) =>
            {
                labels.untagged
            }
            None => labels.none,
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The charted currency and its series: the ten largest groups, the rest
/// summed into "other". The currency is `only`, else the one with the most
/// cells (the display currency when converting).
/// A group's label in the UI's language: provider names translated where
/// the dimension is `provider`.
fn shown_label(groups: &[Option<String>], dims: &[String], locale: Locale) -> String {
    let shown: Vec<Option<String>> = groups
        .iter()
        .enumerate()
        .map(|(i, g)| match g {
            Some(v) if dims.get(i).is_some_and(|d| d == "provider") => {
                Some(provider_label(v, locale))
            }
            _ => g.clone(),
        })
        .collect();
    group_label(&shown, dims, locale)
}

/// The charted currency, its series (labels in the UI's language) and each
/// series' key (its groups as the data spells them).
pub(crate) fn chart_series(
    outcome: &engine::Outcome,
    dims: &[String],
    locale: Locale,
    grand_totals: &[CurrencyAmount],
    only: Option<&str>,
) -> Option<(String, Vec<Series>, Vec<String>)> {
    let mut cells_per: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &outcome.cells {
        *cells_per.entry(&c.currency).or_default() += 1;
    }
    let currency = match only {
        Some(c) => grand_totals
            .iter()
            .map(|g| g.currency.as_str())
            .find(|g| *g == c)?,
        None => grand_totals
            .iter()
            .map(|g| g.currency.as_str())
            .max_by_key(|c| cells_per.get(c).copied().unwrap_or(0))?,
    };
    let mut totals: BTreeMap<(bool, Vec<Option<String>>), i128> = BTreeMap::new();
    for c in outcome.cells.iter().filter(|c| &*c.currency == currency) {
        *totals
            .entry((c.other, crate::explore::run::strings(&c.groups)))
            .or_default() += c.nanos;
    }
    let mut ranked: Vec<_> = totals.into_iter().collect();
    ranked.sort_by(|a, b| a.0 .0.cmp(&b.0 .0).then(b.1.cmp(&a.1)).then(a.0.cmp(&b.0)));
    let shown: Vec<Vec<Option<String>>> = ranked
        .iter()
        .filter(|r| !r.0 .0)
        .take(SERIES)
        .map(|r| r.0 .1.clone())
        .collect();
    let n = outcome.periods.len();
    let mut values = vec![vec![0i128; n]; shown.len() + 1];
    for c in outcome.cells.iter().filter(|c| &*c.currency == currency) {
        let g = crate::explore::run::strings(&c.groups);
        let s = if c.other {
            shown.len()
        } else {
            shown.iter().position(|x| *x == g).unwrap_or(shown.len())
        };
        if let Some(v) = values[s].get_mut(c.period) {
            *v += c.nanos;
        }
    }
    let mut series: Vec<Series> = shown
        .iter()
        .zip(&values)
        .map(|(g, v)| {
            Series::new(
                shown_label(g, dims, locale),
                v.iter().map(|x| from_nanos(*x)).collect(),
            )
        })
        .collect();
    let mut keys: Vec<String> = shown.iter().map(|g| group_label(g, dims, locale)).collect();
    if values.last().is_some_and(|v| v.iter().any(|x| *x != 0)) {
        let rest = values.last().cloned().unwrap_or_default();
        let other = locale.chart_labels().other;
        series.push(Series::new(
            other,
            rest.iter().map(|x| from_nanos(*x)).collect(),
        ));
        keys.push(other.to_string());
    }
    Some((currency.to_owned(), series, keys))
}

pub(crate) fn daily_style(style: ChartStyle) -> DailyStyle {
    match style {
        ChartStyle::StackedBar => DailyStyle::StackedBars,
        ChartStyle::Area => DailyStyle::Lines(LineStyle::Area),
        ChartStyle::Line => DailyStyle::Lines(LineStyle::Line),
    }
}

/// The chart of every currency the result holds, the leading one first, so
/// in billing currencies the page can show each currency's chart beside its
/// table block instead of silently one.
pub(crate) fn charts(
    outcome: &engine::Outcome,
    dims: &[String],
    style: ChartStyle,
    locale: Locale,
    grand_totals: &[CurrencyAmount],
) -> Result<Vec<ChartView>, ApiError> {
    let Some(first) = chart(outcome, dims, style, locale, grand_totals, None)? else {
        return Ok(Vec::new());
    };
    let mut out = vec![first];
    for g in grand_totals {
        if g.currency != out[0].currency {
            out.extend(chart(
                outcome,
                dims,
                style,
                locale,
                grand_totals,
                Some(&g.currency),
            )?);
        }
    }
    Ok(out)
}

pub(crate) fn chart(
    outcome: &engine::Outcome,
    dims: &[String],
    style: ChartStyle,
    locale: Locale,
    grand_totals: &[CurrencyAmount],
    only: Option<&str>,
) -> Result<Option<ChartView>, ApiError> {
    let Some((currency, series, keys)) = chart_series(outcome, dims, locale, grand_totals, only)
    else {
        return Ok(None);
    };
    let theme = Theme {
        legend: false,
        ..Theme::default()
    };
    let (days, currency) = (&outcome.periods, currency.as_str());
    let drawn = match daily_style(style) {
        DailyStyle::StackedBars => {
            stacked_daily_with_theme(days, &series, currency, DAILY_SIZE, &theme)
        }
        DailyStyle::Lines(line) => time_lines(days, &series, currency, DAILY_SIZE, &theme, line),
    };
    let mut drawn = drawn.map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
    if outcome.partial_last {
        mark_partial(&mut drawn, days.len().saturating_sub(1), &theme);
    }
    Ok(Some(ChartView::of(drawn).with_series_keys(keys)))
}

impl CloudLens {
    /// The explorer's day chart with the forecast of the query's whole scope
    /// (its filters, metric and display currency) after it, in the charted
    /// currency, forecast as of the range's end or the day after the last
    /// charge, whichever is first. `None` when the query is not by day, its
    /// metric is not money, or the chart is empty.
    pub fn explore_forecast(
        &self,
        q: &ExploreQuery,
        style: ChartStyle,
        locale: Locale,
    ) -> Result<Option<ForecastOverlay>, ApiError> {
        if q.granularity != Granularity::Day
            || !matches!(q.metric, ExploreMetric::Billed | ExploreMetric::Effective)
        {
            return Ok(None);
        }
        let result = self.explore(q, style, locale)?;
        let (Some(chart), Some(span)) = (result.chart, self.explore_snapshot()?.day_span()) else {
            return Ok(None);
        };
        let day_after_last = engine::date_of(span.1) + chrono::Duration::days(1);
        let as_of = convert::date("to", &q.to)?.min(day_after_last);
        let (Some(first), Some(last)) = (result.periods.first(), result.periods.last()) else {
            return Ok(None);
        };
        let (first, last) = (convert::date("from", first)?, convert::date("to", last)?);
        if as_of < first || as_of > last + chrono::Duration::days(1) {
            return Ok(None);
        }
        let forecasts = self.scope_forecasts(
            ForecastQuery {
                group_by: Vec::new(),
                filters: q.filters.clone(),
                metric: q.metric,
                display_currency: q.display_currency.clone(),
                as_of: Some(as_of.to_string()),
                horizon: None,
                rules_version: q.rules_version,
                apply_shared_costs: q.apply_shared_costs,
            },
            locale,
        )?;
        match forecasts.into_iter().find(|f| f.currency == chart.currency) {
            Some(f) => overlay(&chart, f, locale).map(Some),
            None => Ok(None),
        }
    }
}
