//! The explorer's chart: the ten largest groups of one currency as series
//! over the periods, the rest summed into one "other" series.

use std::collections::BTreeMap;

use cloudlens_charts::{
    stacked_daily_with_theme, time_lines, LineStyle, Series, Theme, DAILY_SIZE,
};
use cloudlens_explore as engine;
use cloudlens_store::from_nanos;

use crate::{ApiError, ChartStyle, ChartView, CurrencyAmount, ErrorCode, Locale};

const SERIES: usize = 10;

pub(crate) fn group_label(groups: &[Option<String>]) -> String {
    if groups.is_empty() {
        return "Total".into();
    }
    groups
        .iter()
        .map(|g| g.as_deref().unwrap_or("(none)"))
        .collect::<Vec<_>>()
        .join(" · ")
}

pub(crate) fn chart(
    outcome: &engine::Outcome,
    style: ChartStyle,
    locale: Locale,
    grand_totals: &[CurrencyAmount],
) -> Result<Option<ChartView>, ApiError> {
    // The currency with the most cells (the display currency when converting).
    let mut cells_per: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &outcome.cells {
        *cells_per.entry(&c.currency).or_default() += 1;
    }
    let Some(currency) = grand_totals
        .iter()
        .map(|g| g.currency.as_str())
        .max_by_key(|c| cells_per.get(c).copied().unwrap_or(0))
    else {
        return Ok(None);
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
        .map(|(g, v)| Series::new(group_label(g), v.iter().map(|x| from_nanos(*x)).collect()))
        .collect();
    if values.last().is_some_and(|v| v.iter().any(|x| *x != 0)) {
        let rest = values.last().cloned().unwrap_or_default();
        series.push(Series::new(
            locale.chart_labels().other,
            rest.iter().map(|x| from_nanos(*x)).collect(),
        ));
    }
    let theme = Theme {
        legend: false,
        ..Theme::default()
    };
    let drawn = match style {
        ChartStyle::StackedBar => {
            stacked_daily_with_theme(&outcome.periods, &series, currency, DAILY_SIZE, &theme)
        }
        ChartStyle::Area => time_lines(
            &outcome.periods,
            &series,
            currency,
            DAILY_SIZE,
            &theme,
            LineStyle::Area,
        ),
        ChartStyle::Line => time_lines(
            &outcome.periods,
            &series,
            currency,
            DAILY_SIZE,
            &theme,
            LineStyle::Line,
        ),
    };
    drawn
        .map(|c| Some(ChartView::of(c)))
        .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))
}
