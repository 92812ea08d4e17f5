//! From explorer results to report blocks: exact amounts as typed cells,
//! group totals as tables, and the explorer's chart drawn again with its
//! own legend (the app draws the legend itself; a printed page cannot).

use chrono::NaiveDate;
use cloudlens_charts::{
    grouped_bars_with_theme, stacked_daily_with_theme, time_lines, LineStyle, Series, Theme,
};
use cloudlens_report::{Block, Cell, Chart, Table};
use rust_decimal::Decimal;

use super::text::Text;
use crate::{ApiError, ChartKind, ChartView, ErrorCode, ExploreResult};

pub(crate) fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorCode::Internal, e.to_string())
}

/// An exact decimal string from the explorer.
pub(crate) fn dec(s: &str) -> Result<Decimal, ApiError> {
    s.parse::<Decimal>()
        .map_err(|_| internal(format!("not an exact amount: {s:?}")))
}

pub(crate) fn money(amount: &str, currency: &str) -> Result<Cell, ApiError> {
    Ok(Cell::money(dec(amount)?, currency))
}

pub(crate) fn percent(s: &str) -> Result<Cell, ApiError> {
    Ok(Cell::Percent(dec(s)?))
}

/// A group's value in dimension `dim`: a provider by the name the report's
/// language uses for it, the others as the bill spells them.
pub(crate) fn group_cell(dim: &str, g: &Option<String>, t: &Text) -> Cell {
    Cell::text(match g {
        Some(v) if dim == "provider" => crate::provider_label(v, t.locale),
        Some(v) => v.clone(),
        None => t.none.to_string(),
    })
}

/// The chart view drawn again by the same code, with its legend.
pub(crate) fn redraw(view: &ChartView, title: &str) -> Result<Block, ApiError> {
    let theme = Theme::default();
    let series = view
        .series
        .iter()
        .map(|s| {
            let values = s.values.iter().map(|v| dec(v)).collect::<Result<_, _>>()?;
            Ok(Series::new(s.label.clone(), values))
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let size = (view.width, view.height);
    let days = || -> Result<Vec<NaiveDate>, ApiError> {
        view.x
            .iter()
            .map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(internal))
            .collect()
    };
    let drawn = match view.kind {
        ChartKind::Stacked => {
            stacked_daily_with_theme(&days()?, &series, &view.currency, size, &theme)
        }
        ChartKind::Area => time_lines(
            &days()?,
            &series,
            &view.currency,
            size,
            &theme,
            LineStyle::Area,
        ),
        ChartKind::Line => time_lines(
            &days()?,
            &series,
            &view.currency,
            size,
            &theme,
            LineStyle::Line,
        ),
        ChartKind::Grouped => {
            grouped_bars_with_theme(&view.x, &series, &view.currency, size, &theme)
        }
    }
    .map_err(internal)?;
    Ok(Block::Chart(Chart {
        title: title.to_string(),
        svg: drawn.svg,
        width: drawn.width,
        height: drawn.height,
    }))
}

/// One row per group and currency with its share; a total row when only
/// one currency is present.
pub(crate) fn totals_table(
    r: &ExploreResult,
    id: &str,
    title: &str,
    columns: Vec<String>,
    t: &Text,
) -> Result<Table, ApiError> {
    let mut cols = columns;
    cols.extend([t.cost.to_string(), t.share.to_string()]);
    let dims = r.query.group_by.len();
    let rows = r
        .totals
        .iter()
        .map(|g| {
            let mut row: Vec<Cell> = if g.other {
                let mut v = vec![Cell::text(t.other)];
                v.resize(dims.max(1), Cell::Empty);
                v
            } else {
                g.groups
                    .iter()
                    .zip(&r.query.group_by)
                    .map(|(x, dim)| group_cell(dim, x, t))
                    .collect()
            };
            if dims == 0 {
                row = vec![Cell::text(t.total)];
            }
            row.push(money(&g.amount, &g.currency)?);
            row.push(percent(&g.share)?);
            Ok(row)
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let total = match r.grand_totals.as_slice() {
        [only] if dims > 0 => {
            let mut row = vec![Cell::text(t.total)];
            row.resize(dims, Cell::Empty);
            row.push(money(&only.amount, &only.currency)?);
            row.push(Cell::Percent(Decimal::ONE_HUNDRED));
            Some(row)
        }
        _ => None,
    };
    Ok(Table {
        id: id.to_string(),
        title: title.to_string(),
        columns: cols,
        rows,
        total,
    })
}

/// Amounts the conversion could not include, listed (never converted at 1).
pub(crate) fn missing_rates(
    r: &ExploreResult,
    id: &str,
    t: &Text,
) -> Result<Option<Table>, ApiError> {
    if r.missing_rates.is_empty() {
        return Ok(None);
    }
    let rows = r
        .missing_rates
        .iter()
        .map(|m| {
            Ok(vec![
                NaiveDate::parse_from_str(&m.date, "%Y-%m-%d")
                    .map(Cell::Date)
                    .unwrap_or_else(|_| Cell::text(m.date.clone())),
                Cell::text(m.from.clone()),
                Cell::text(m.to.clone()),
                money(&m.amount, &m.from)?,
            ])
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(Some(Table {
        id: id.to_string(),
        title: t.missing_rates.to_string(),
        columns: vec![t.date.into(), t.from.into(), t.to.into(), t.amount.into()],
        rows,
        total: None,
    }))
}
