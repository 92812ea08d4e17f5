//! An explorer view as a report section: the view's question asked for the
//! report's months and currency through `CloudLens::explore`, so every
//! amount is the explorer's own.

use cloudlens_report::{Block, Cell, Figure, Section, Table};

use super::cells::{self, money};
use super::definition::{ReportDefinition, Span};
use super::text::{dimension, Text};
use crate::explore::convert::invalid;
use crate::{ApiError, ChartStyle, CloudLens, ExploreQuery, ExploreResult, Granularity};

/// An explorer view as a section asks it: its heading, question and chart.
pub(crate) struct View {
    pub heading: String,
    pub query: ExploreQuery,
    pub style: ChartStyle,
}

/// More rows than this per period would make a book, not a report: the
/// section says so and keeps the totals and the chart.
const MAX_PERIOD_ROWS: usize = 2000;

/// `q` asked for the report's months, metric (unless the view has its
/// own) and display currency.
pub(crate) fn scoped(q: &ExploreQuery, span: &Span, def: &ReportDefinition) -> ExploreQuery {
    ExploreQuery {
        from: span.from.to_string(),
        to: span.to.to_string(),
        display_currency: def.currency.clone(),
        ..q.clone()
    }
}

/// Days for a month or two, months beyond.
pub(crate) fn granularity(span: &Span) -> Granularity {
    if span.months() <= 2 {
        Granularity::Day
    } else {
        Granularity::Month
    }
}

pub(crate) fn figures(r: &ExploreResult, t: &Text) -> Result<Block, ApiError> {
    let figs = r
        .grand_totals
        .iter()
        .map(|g| {
            Ok(Figure {
                label: format!("{} ({})", t.total, g.currency),
                value: money(&g.amount, &g.currency)?,
                note: None,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(Block::Figures(figs))
}

fn by_period(r: &ExploreResult, id: &str, t: &Text, dims: &[String]) -> Result<Table, ApiError> {
    let mut columns = vec![t.period.to_string()];
    columns.extend(dims.iter().cloned());
    columns.push(t.cost.to_string());
    let rows = r
        .rows
        .iter()
        .map(|row| {
            let mut v = vec![chrono::NaiveDate::parse_from_str(&row.period, "%Y-%m-%d")
                .map(Cell::Date)
                .unwrap_or_else(|_| Cell::text(row.period.clone()))];
            v.extend(
                row.groups
                    .iter()
                    .take(dims.len())
                    .zip(&r.query.group_by)
                    .map(|(g, dim)| cells::group_cell(dim, g, t)),
            );
            v.push(money(&row.amount, &row.currency)?);
            Ok(v)
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(Table {
        id: id.to_string(),
        title: t.by_period.to_string(),
        columns,
        rows,
        total: None,
    })
}

impl CloudLens {
    pub(crate) fn explorer_section(
        &self,
        n: usize,
        view: View,
        span: &Span,
        def: &ReportDefinition,
        t: &Text,
    ) -> Result<Section, ApiError> {
        let View {
            heading,
            query,
            style,
        } = view;
        let q = scoped(&query, span, def);
        let r = self.explore(&q, style, def.language)?;
        let dims: Vec<String> = q
            .group_by
            .iter()
            .map(|d| dimension(def.language, d))
            .collect();
        let mut blocks = vec![Block::Paragraph(describe(&q, def, t))];
        if r.rows.is_empty() {
            blocks.push(Block::Paragraph(t.no_data.into()));
            return Ok(Section { heading, blocks });
        }
        blocks.push(figures(&r, t)?);
        if let Some(chart) = &r.chart {
            blocks.push(cells::redraw(chart, &heading)?);
        }
        blocks.push(Block::Table(cells::totals_table(
            &r,
            &format!("view{n}_totals"),
            t.group_totals,
            dims.clone(),
            t,
        )?));
        if r.rows.len() <= MAX_PERIOD_ROWS {
            blocks.push(Block::Table(by_period(
                &r,
                &format!("view{n}_by_period"),
                t,
                &dims,
            )?));
        } else {
            blocks.push(Block::Paragraph(format!(
                "{}: {} > {MAX_PERIOD_ROWS}",
                t.by_period,
                r.rows.len()
            )));
        }
        if let Some(m) = cells::missing_rates(&r, &format!("view{n}_missing_rates"), t)? {
            blocks.push(Block::Table(m));
        }
        Ok(Section { heading, blocks })
    }

    /// The query and chart style of a saved view, by name.
    pub(crate) fn saved_view_query(
        &self,
        name: &str,
    ) -> Result<(ExploreQuery, ChartStyle), ApiError> {
        let views = self.reader()?.allocation().saved_views()?;
        let v = views
            .iter()
            .find(|v| v.name == name)
            .ok_or_else(|| invalid(format!("saved_view: no saved view named {name:?}")))?;
        let state = crate::explore::link::parse(&v.link)?;
        Ok((state.query, state.style))
    }
}

/// What the section shows: metric, grouping, filters, conversion.
fn describe(q: &ExploreQuery, def: &ReportDefinition, t: &Text) -> String {
    let mut parts = vec![(t.metric)(q.metric).to_string()];
    let lang = def.language;
    if !q.group_by.is_empty() {
        let dims: Vec<String> = q.group_by.iter().map(|d| dimension(lang, d)).collect();
        parts.push(format!("{}: {}", t.group_totals, dims.join(" · ")));
    }
    for f in &q.filters {
        let values: Vec<&str> = f
            .values
            .iter()
            .map(|v| v.as_deref().unwrap_or(t.none))
            .collect();
        let op = if f.exclude { "≠" } else { "=" };
        parts.push(format!(
            "{} {op} {}",
            dimension(lang, &f.dimension),
            values.join(" | ")
        ));
    }
    if let Some(c) = &q.display_currency {
        parts.push((t.converted)(c));
    }
    parts.join("\n")
}
