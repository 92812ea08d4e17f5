//! Allocation showback: cost per value of a virtual tag with shared costs
//! split, exactly the query the Allocation page's Showback tab asks, for the
//! report's months; untagged spend always has its row.

use cloudlens_report::{Block, Cell, Section};

use super::cells;
use super::definition::{ReportDefinition, Span};
use super::explorer::{figures, granularity};
use super::text::Text;
use crate::explore::convert::invalid;
use crate::{ApiError, ChartStyle, CloudLens, ExploreQuery};

impl CloudLens {
    pub(crate) fn showback_section(
        &self,
        n: usize,
        tag: &str,
        rules_version: Option<i64>,
        span: &Span,
        def: &ReportDefinition,
        t: &Text,
    ) -> Result<Section, ApiError> {
        let rules = self.rules(rules_version)?;
        if !rules.virtual_tags.iter().any(|v| v.name == tag) {
            return Err(invalid(format!(
                "allocation: no virtual tag named {tag:?} in {}",
                rules_version.map_or("the current rules".to_string(), |v| format!(
                    "rule version {v}"
                ))
            )));
        }
        let q = ExploreQuery {
            group_by: vec![format!("vtag:{tag}")],
            filters: Vec::new(),
            from: span.from.to_string(),
            to: span.to.to_string(),
            granularity: granularity(span),
            metric: def.metric,
            display_currency: def.currency.clone(),
            rules_version,
            apply_shared_costs: true,
            limit: 0,
            spread_periods: false,
        };
        let r = self.explore(&q, ChartStyle::StackedBar, def.language)?;
        let heading = (t.showback)(tag);
        let mut blocks = vec![Block::Paragraph((t.metric)(def.metric).to_string())];
        if r.rows.is_empty() {
            blocks.push(Block::Paragraph(t.no_data.into()));
            return Ok(Section { heading, blocks });
        }
        blocks.push(figures(&r, t)?);
        if let Some(c) = &r.chart {
            blocks.push(cells::redraw(c, &heading)?);
        }
        let mut table = cells::totals_table(
            &r,
            &format!("showback{n}"),
            &heading,
            vec![tag.to_string()],
            t,
        )?;
        // Untagged spend is named as such, and shown even when it is zero.
        for row in &mut table.rows {
            if row.first() == Some(&Cell::text(t.none)) {
                row[0] = Cell::text(t.untagged);
            }
        }
        for g in &r.grand_totals {
            let has = r.totals.iter().any(|x| {
                x.currency == g.currency
                    && !x.other
                    && x.groups.first().is_some_and(Option::is_none)
            });
            if !has {
                table.rows.push(vec![
                    Cell::text(t.untagged),
                    Cell::money(rust_decimal::Decimal::ZERO, g.currency.clone()),
                    Cell::Percent(rust_decimal::Decimal::ZERO),
                ]);
            }
        }
        blocks.push(Block::Table(table));
        if let Some(m) = cells::missing_rates(&r, &format!("showback{n}_missing_rates"), t)? {
            blocks.push(Block::Table(m));
        }
        Ok(Section { heading, blocks })
    }
}
