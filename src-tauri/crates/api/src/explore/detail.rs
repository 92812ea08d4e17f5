//! One resource in detail: its lines with provenance, its daily cost and
//! chart, its tags and the virtual tags the current rules give it.

use std::collections::BTreeMap;

use cloudlens_store::{from_nanos, RunKind};

use crate::explore::convert::{self, invalid};
use crate::{
    ApiError, ChartStyle, CloudLens, CurrencyAmount, ExploreMetric, ExploreQuery, Granularity,
    InventoryFacts, Locale, ResourceDetail, ResourceLineView, TagPair,
};

const LINES: u32 = 500;

fn time(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

impl CloudLens {
    /// One resource over `[from, to)`, its daily cost and total in the
    /// explorer's `metric` (and `display_currency`, when converting); its
    /// lines keep both figures in their billing currency.
    pub fn explore_resource(
        &self,
        resource_id: &str,
        range: (&str, &str),
        metric: ExploreMetric,
        display_currency: Option<String>,
        locale: Locale,
    ) -> Result<ResourceDetail, ApiError> {
        let (from, to) = range;
        let snapshot = self.explore_snapshot()?;
        let (from_d, to_d) = (convert::date("from", from)?, convert::date("to", to)?);
        let dims: Vec<&cloudlens_store::DimsRecord> = snapshot
            .dims
            .iter()
            .filter(|d| d.resource_id.as_deref() == Some(resource_id))
            .collect();
        let Some(first) = dims.last() else {
            return Err(invalid(format!(
                "resource_id: no cost line names resource {resource_id:?}"
            )));
        };
        let query = ExploreQuery {
            group_by: Vec::new(),
            filters: vec![crate::DimensionFilter {
                dimension: "resource".into(),
                values: vec![Some(resource_id.to_string())],
                exclude: false,
            }],
            from: from.to_string(),
            to: to.to_string(),
            granularity: Granularity::Day,
            metric,
            display_currency,
            rules_version: None,
            apply_shared_costs: false,
            spread_periods: false,
            limit: 0,
        };
        let result = self.explore(&query, ChartStyle::StackedBar, locale)?;
        let reader = self.reader()?;
        let rules = convert::rules(&convert::stored_rules(reader.allocation(), None)?)?;
        let virtual_tags = rules
            .tag_values_of(first)
            .map_err(convert::engine_err)?
            .into_iter()
            .filter_map(|(key, v)| v.map(|value| TagPair { key, value }))
            .collect();
        let runs: BTreeMap<i64, (String, String)> = reader
            .lines()
            .run_sources()?
            .into_iter()
            .map(|(id, kind, source)| (id, (kind, source)))
            .collect();
        let ids: Vec<i64> = dims.iter().map(|d| d.id).collect();
        let by_id: BTreeMap<i64, &&cloudlens_store::DimsRecord> =
            dims.iter().map(|d| (d.id, d)).collect();
        let day = |d: chrono::NaiveDate| cloudlens_model::day_start(d);
        let lines = reader
            .lines()
            .lines_of_dims(&ids, day(from_d), day(to_d), LINES)?
            .into_iter()
            .map(|l| {
                let d = by_id.get(&l.dims_id);
                let provenance = match runs.get(&l.run_id) {
                    Some((kind, _)) if kind == RunKind::Demo.as_str() => "demo".to_string(),
                    Some((kind, source)) if kind == RunKind::Sync.as_str() => {
                        format!("sync #{} ({source})", l.run_id)
                    }
                    Some((_, source)) => {
                        format!("import #{} ({source}, line {})", l.run_id, l.source_row)
                    }
                    None => format!("run #{}", l.run_id),
                };
                ResourceLineView {
                    charge_start: time(l.charge_start),
                    charge_end: time(l.charge_start + l.charge_secs),
                    service: d.map(|d| d.service_name.to_string()).unwrap_or_default(),
                    sku: d.and_then(|d| d.sku_id.as_ref().map(|s| s.to_string())),
                    charge_category: d.map(|d| d.charge_category.to_string()).unwrap_or_default(),
                    billed: from_nanos(i128::from(l.billed)).to_string(),
                    effective: from_nanos(i128::from(l.effective)).to_string(),
                    currency: d
                        .map(|d| d.billing_currency.to_string())
                        .unwrap_or_default(),
                    quantity: l.consumed_qty,
                    unit: d.and_then(|d| d.consumed_unit.as_ref().map(|s| s.to_string())),
                    provenance,
                }
            })
            .collect();
        let mut tags: BTreeMap<String, String> = BTreeMap::new();
        for d in &dims {
            for (k, v) in &d.tags {
                tags.insert(k.to_string(), v.to_string());
            }
        }
        Ok(ResourceDetail {
            resource_id: resource_id.to_string(),
            name: first.resource_name.as_ref().map(|s| s.to_string()),
            provider: first.provider.to_string(),
            billing_account: first.billing_account_id.to_string(),
            sub_account: first.sub_account_id.as_ref().map(|s| s.to_string()),
            region: first.region_id.as_ref().map(|s| s.to_string()),
            service: first.service_name.to_string(),
            tags: tags
                .into_iter()
                .map(|(key, value)| TagPair { key, value })
                .collect(),
            virtual_tags,
            metric,
            missing_rates: result.missing_rates,
            daily: result.rows,
            chart: result.chart,
            lines,
            total: result
                .grand_totals
                .into_iter()
                .map(|g| CurrencyAmount {
                    currency: g.currency,
                    amount: g.amount,
                })
                .collect(),
            inventory: reader
                .sync()
                .inventory_of(resource_id)?
                .map(|row| InventoryFacts {
                    kind: row.kind,
                    state: row.state,
                    size: row.size,
                    created_at: row.created_at.map(time),
                }),
        })
    }
}
