//! The report's Overview for its months: totals against the previous period
//! of the same length, spend by provider, cost over time by service, and
//! the top services and billing accounts, all asked of the explorer.

use std::collections::BTreeMap;

use cloudlens_report::{Block, Cell, Figure, Section, Table};
use rust_decimal::Decimal;

use super::cells::{self, dec, money};
use super::definition::{ReportDefinition, Span};
use super::explorer::granularity;
use super::text::Text;
use crate::{ApiError, ChartStyle, CloudLens, ExploreQuery, ExploreResult, Granularity};

const TOP: usize = 10;
const CHART_SERIES: u32 = 8;

fn query(
    group_by: &[&str],
    span: &Span,
    def: &ReportDefinition,
    g: Granularity,
    limit: u32,
) -> ExploreQuery {
    ExploreQuery {
        group_by: group_by.iter().map(|s| s.to_string()).collect(),
        filters: Vec::new(),
        from: span.from.to_string(),
        to: span.to.to_string(),
        granularity: g,
        metric: def.metric,
        display_currency: def.currency.clone(),
        rules_version: None,
        apply_shared_costs: false,
        limit,
        spread_periods: false,
    }
}

fn change(now: Decimal, before: Decimal) -> Cell {
    if before.is_zero() {
        return Cell::Empty;
    }
    Cell::Percent(((now - before) / before.abs() * Decimal::ONE_HUNDRED).round_dp(2))
}

/// Totals per (group, currency).
type GroupSums = BTreeMap<(Vec<Option<String>>, String), Decimal>;

fn sums(r: &ExploreResult) -> Result<GroupSums, ApiError> {
    let mut out = BTreeMap::new();
    for g in &r.totals {
        *out.entry((g.groups.clone(), g.currency.clone()))
            .or_insert(Decimal::ZERO) += dec(&g.amount)?;
    }
    Ok(out)
}

fn top_table(
    r: &ExploreResult,
    id: &str,
    title: &str,
    columns: Vec<String>,
    t: &Text,
) -> Result<Table, ApiError> {
    let mut table = cells::totals_table(r, id, title, columns, t)?;
    // Ten largest per currency; the total row still covers everything.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    table.rows.retain(|row| {
        let currency = row.iter().find_map(|c| match c {
            Cell::Money { currency, .. } => Some(currency.clone()),
            _ => None,
        });
        let n = seen.entry(currency.unwrap_or_default()).or_default();
        *n += 1;
        *n <= TOP
    });
    Ok(table)
}

impl CloudLens {
    pub(crate) fn overview_section(
        &self,
        span: &Span,
        def: &ReportDefinition,
        t: &Text,
    ) -> Result<Section, ApiError> {
        let lang = def.language;
        let style = ChartStyle::StackedBar;
        let now = self.explore(
            &query(&["provider"], span, def, Granularity::Month, 0),
            style,
            lang,
        )?;
        let before_span = span.previous();
        let before = self.explore(
            &query(&["provider"], &before_span, def, Granularity::Month, 0),
            style,
            lang,
        )?;
        let mut blocks = vec![Block::Paragraph((t.metric)(def.metric).to_string())];
        if let Some(c) = &def.currency {
            blocks.push(Block::Paragraph((t.converted)(c)));
        }
        if now.rows.is_empty() {
            blocks.push(Block::Paragraph(t.no_data.into()));
            return Ok(Section {
                heading: t.overview.into(),
                blocks,
            });
        }
        let mut figs = Vec::new();
        for g in &now.grand_totals {
            let total = dec(&g.amount)?;
            let prev = before
                .grand_totals
                .iter()
                .find(|b| b.currency == g.currency)
                .map(|b| dec(&b.amount))
                .transpose()?
                .unwrap_or(Decimal::ZERO);
            figs.push(Figure {
                label: format!("{} ({})", t.total, g.currency),
                value: money(&g.amount, &g.currency)?,
                note: None,
            });
            figs.push(Figure {
                label: t.previous_period.into(),
                value: Cell::money(prev, g.currency.clone()),
                note: Some(format!(
                    "{} – {}",
                    before_span.from,
                    before_span.to.pred_opt().unwrap_or(before_span.to)
                )),
            });
            figs.push(Figure {
                label: t.change.into(),
                value: change(total, prev),
                note: None,
            });
        }
        blocks.push(Block::Figures(figs));

        let chart_q = query(&["service"], span, def, granularity(span), CHART_SERIES);
        let over_time = self.explore(&chart_q, style, lang)?;
        if let Some(c) = &over_time.chart {
            blocks.push(cells::redraw(c, t.cost_over_time)?);
        }

        // Spend by provider, this period and the one before.
        let (a, b) = (sums(&now)?, sums(&before)?);
        let keys: std::collections::BTreeSet<_> = a.keys().chain(b.keys()).collect();
        let mut keys: Vec<_> = keys.into_iter().collect();
        keys.sort_by(|x, y| {
            x.1.cmp(&y.1)
                .then(a.get(*y).cmp(&a.get(*x)))
                .then(x.0.cmp(&y.0))
        });
        let rows = keys
            .into_iter()
            .map(|k| {
                let (n, p) = (
                    a.get(k).copied().unwrap_or_default(),
                    b.get(k).copied().unwrap_or_default(),
                );
                vec![
                    cells::group_cell("provider", k.0.first().unwrap_or(&None), t),
                    Cell::money(n, k.1.clone()),
                    Cell::money(p, k.1.clone()),
                    change(n, p),
                ]
            })
            .collect();
        blocks.push(Block::Table(Table {
            id: "overview_by_provider".into(),
            title: t.by_provider.into(),
            columns: vec![
                t.provider.into(),
                t.this_period.into(),
                t.previous_period.into(),
                t.change.into(),
            ],
            rows,
            total: None,
        }));

        let services = self.explore(
            &query(&["service", "provider"], span, def, Granularity::Month, 0),
            style,
            lang,
        )?;
        let cols = vec![
            super::text::dimension(lang, "service"),
            t.provider.to_string(),
        ];
        blocks.push(Block::Table(top_table(
            &services,
            "overview_top_services",
            t.top_services,
            cols,
            t,
        )?));
        let accounts = self.explore(
            &query(
                &["billing_account", "provider"],
                span,
                def,
                Granularity::Month,
                0,
            ),
            style,
            lang,
        )?;
        let cols = vec![t.billing_account.to_string(), t.provider.to_string()];
        blocks.push(Block::Table(top_table(
            &accounts,
            "overview_top_accounts",
            t.top_accounts,
            cols,
            t,
        )?));
        if let Some(m) = cells::missing_rates(&now, "overview_missing_rates", t)? {
            blocks.push(Block::Table(m));
        }
        Ok(Section {
            heading: t.overview.into(),
            blocks,
        })
    }
}
