//! The explorer on an open store: the cached snapshot, queries turned into
//! view models (rows, group totals with shares, grand totals, missing rates,
//! the chart), comparisons with the previous period and dimension pickers.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use cloudlens_explore as engine;
use cloudlens_store::from_nanos;
use rust_decimal::Decimal;

use crate::explore::convert;
use crate::percent::{change, percent};
use crate::{
    ApiError, ChartStyle, CloudLens, CompareResult, CompareRow, CurrencyAmount, DimensionList,
    DimensionValues, ErrorCode, ExploreGroupTotal, ExploreQuery, ExploreResult, ExploreRow, Locale,
    MissingRate,
};

type Groups = Vec<Option<String>>;

pub(crate) fn amount(nanos: i128) -> String {
    from_nanos(nanos).to_string()
}

pub(crate) fn strings(groups: &[Option<Arc<str>>]) -> Vec<Option<String>> {
    groups
        .iter()
        .map(|g| g.as_ref().map(|s| s.to_string()))
        .collect()
}

impl CloudLens {
    pub(crate) fn rate_table(&self) -> Result<engine::RateTable, ApiError> {
        let rates = self.reader()?.allocation().exchange_rates()?;
        let mut out = Vec::with_capacity(rates.len());
        for r in rates {
            let (Ok(d), Ok(rate)) = (convert::date("date", &r.date), r.rate.parse::<Decimal>())
            else {
                return Err(ApiError::new(
                    ErrorCode::Storage,
                    format!(
                        "a stored exchange rate is unreadable: {} {}→{} {}",
                        r.date, r.from, r.to, r.rate
                    ),
                ));
            };
            out.push((d, r.from, r.to, rate));
        }
        Ok(engine::RateTable::new(out))
    }

    /// Runs an explorer query; the duration is the query's own time (the
    /// snapshot load is not counted).
    pub(crate) fn explore_outcome(
        &self,
        q: &ExploreQuery,
    ) -> Result<(engine::Outcome, Duration), ApiError> {
        self.explore_snapshot()?;
        let started = Instant::now();
        let query = convert::query(self.reader()?.allocation(), q)?;
        let outcome = self.engine_query(&query)?;
        Ok((outcome, started.elapsed()))
    }

    pub fn explore(
        &self,
        q: &ExploreQuery,
        style: ChartStyle,
        locale: Locale,
    ) -> Result<ExploreResult, ApiError> {
        let (outcome, elapsed) = self.explore_outcome(q)?;
        let mut result = result_view(q, &outcome, elapsed);
        let mut charts = crate::explore::chart::charts(
            &outcome,
            &q.group_by,
            style,
            locale,
            &result.grand_totals,
        )?;
        result.chart = (!charts.is_empty()).then(|| charts.remove(0));
        result.other_charts = charts;
        Ok(result)
    }

    pub fn explore_compare(&self, q: &ExploreQuery) -> Result<CompareResult, ApiError> {
        let mut current = convert::query(self.reader()?.allocation(), q)?;
        current.granularity = engine::Granularity::Total;
        current.limit = 0;
        let len = current.to - current.from;
        let mut previous = current.clone();
        previous.from = current.from - len;
        previous.to = current.from;
        let now = self.engine_query(&current)?;
        let before = self.engine_query(&previous)?;
        let mut sums: BTreeMap<(String, Groups), (i128, i128)> = BTreeMap::new();
        for c in &now.cells {
            sums.entry((c.currency.to_string(), strings(&c.groups)))
                .or_default()
                .0 += c.nanos;
        }
        for c in &before.cells {
            sums.entry((c.currency.to_string(), strings(&c.groups)))
                .or_default()
                .1 += c.nanos;
        }
        let mut rows: Vec<(i128, CompareRow)> = sums
            .into_iter()
            .map(|((currency, groups), (cur, prev))| {
                let (c, p) = (from_nanos(cur), from_nanos(prev));
                (
                    cur - prev,
                    CompareRow {
                        groups,
                        currency,
                        current: c.to_string(),
                        previous: p.to_string(),
                        delta: (c - p).to_string(),
                        delta_percent: change(c, p),
                    },
                )
            })
            .collect();
        rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.groups.cmp(&b.1.groups)));
        let top_up = rows
            .iter()
            .filter(|r| r.0 > 0)
            .take(10)
            .map(|r| r.1.clone())
            .collect();
        let top_down = rows
            .iter()
            .rev()
            .filter(|r| r.0 < 0)
            .take(10)
            .map(|r| r.1.clone())
            .collect();
        Ok(CompareResult {
            current_from: current.from.to_string(),
            current_to: current.to.to_string(),
            previous_from: previous.from.to_string(),
            previous_to: previous.to.to_string(),
            rows: rows.into_iter().map(|r| r.1).collect(),
            top_up,
            top_down,
        })
    }

    pub fn explore_dimensions(&self) -> Result<DimensionList, ApiError> {
        let snapshot = self.explore_snapshot()?;
        let mut dimensions: Vec<String> = engine::FIXED_DIMENSIONS
            .iter()
            .map(|s| s.to_string())
            .collect();
        let rules = convert::stored_rules(self.reader()?.allocation(), None)?;
        // Merged keys are offered once, under their canonical spelling.
        let merges: Vec<_> = rules.tag_keys.iter().map(convert::tag_key_merge).collect();
        let keys = engine::merged_keys(
            snapshot
                .dims
                .iter()
                .flat_map(|d| d.tags.iter().map(|(k, _)| &**k)),
            &merges,
        )
        .map_err(convert::engine_err)?;
        dimensions.extend(keys.into_iter().map(|k| format!("tag:{k}")));
        dimensions.extend(
            rules
                .virtual_tags
                .iter()
                .map(|t| format!("vtag:{}", t.name)),
        );
        Ok(DimensionList { dimensions })
    }

    pub fn explore_dimension_values(
        &self,
        dimension: &str,
        from: &str,
        to: &str,
        search: Option<&str>,
        limit: u32,
    ) -> Result<DimensionValues, ApiError> {
        let rules = convert::rules(&convert::stored_rules(self.reader()?.allocation(), None)?)?;
        let query = engine::Query {
            group_by: vec![dimension.to_string()],
            filters: Vec::new(),
            from: convert::date("from", from)?,
            to: convert::date("to", to)?,
            granularity: engine::Granularity::Total,
            metric: engine::Metric::Billed,
            display_currency: None,
            rules,
            apply_shared_costs: false,
            spread_periods: false,
            limit: 0,
        };
        let outcome = self.engine_query(&query)?;
        // Rank by the largest spend in any one currency: currencies never add up.
        let mut best: BTreeMap<Option<String>, i128> = BTreeMap::new();
        for c in &outcome.cells {
            let v = c.groups.first().cloned().flatten().map(|s| s.to_string());
            let e = best.entry(v).or_insert(i128::MIN);
            *e = (*e).max(c.nanos.abs());
        }
        let needle = search.map(|s| s.to_lowercase());
        let mut values: Vec<(Option<String>, i128)> = best
            .into_iter()
            .filter(|(v, _)| match (&needle, v) {
                (None, _) => true,
                (Some(n), Some(v)) => v.to_lowercase().contains(n.as_str()),
                (Some(_), None) => false,
            })
            .collect();
        values.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let limit = if limit == 0 {
            usize::MAX
        } else {
            limit as usize
        };
        let truncated = values.len() > limit;
        Ok(DimensionValues {
            dimension: dimension.to_string(),
            values: values.into_iter().take(limit).map(|v| v.0).collect(),
            truncated,
        })
    }
}

pub(crate) fn result_view(
    q: &ExploreQuery,
    outcome: &engine::Outcome,
    elapsed: Duration,
) -> ExploreResult {
    let mut per_group: BTreeMap<(String, bool, Vec<Option<String>>), i128> = BTreeMap::new();
    let mut per_currency: BTreeMap<String, i128> = BTreeMap::new();
    for c in &outcome.cells {
        *per_group
            .entry((c.currency.to_string(), c.other, strings(&c.groups)))
            .or_default() += c.nanos;
        *per_currency.entry(c.currency.to_string()).or_default() += c.nanos;
    }
    let mut totals: Vec<(i128, ExploreGroupTotal)> = per_group
        .into_iter()
        .map(|((currency, other, groups), n)| {
            let whole = per_currency.get(&currency).copied().unwrap_or(0);
            (
                n,
                ExploreGroupTotal {
                    groups,
                    amount: amount(n),
                    share: percent(from_nanos(n), from_nanos(whole))
                        .unwrap_or_else(|| "0.00".into()),
                    currency,
                    other,
                },
            )
        })
        .collect();
    totals.sort_by(|a, b| {
        (a.1.currency.as_str(), a.1.other)
            .cmp(&(b.1.currency.as_str(), b.1.other))
            .then(b.0.cmp(&a.0))
            .then(a.1.groups.cmp(&b.1.groups))
    });
    ExploreResult {
        query: q.clone(),
        periods: outcome.periods.iter().map(|d| d.to_string()).collect(),
        rows: rows(outcome),
        totals: totals.into_iter().map(|t| t.1).collect(),
        grand_totals: per_currency
            .into_iter()
            .map(|(currency, n)| CurrencyAmount {
                currency,
                amount: amount(n),
            })
            .collect(),
        missing_rates: missing_rates(outcome),
        partial_period: outcome
            .partial_last
            .then(|| outcome.periods.last().map(|d| d.to_string()))
            .flatten(),
        chart: None,
        other_charts: Vec::new(),
        elapsed_ms: u32::try_from(elapsed.as_millis()).unwrap_or(u32::MAX),
    }
}

pub(crate) fn rows(outcome: &engine::Outcome) -> Vec<ExploreRow> {
    outcome
        .cells
        .iter()
        .map(|c| ExploreRow {
            period: outcome
                .periods
                .get(c.period)
                .map(|d| d.to_string())
                .unwrap_or_default(),
            groups: strings(&c.groups),
            amount: amount(c.nanos),
            currency: c.currency.to_string(),
        })
        .collect()
}

pub(crate) fn missing_rates(outcome: &engine::Outcome) -> Vec<MissingRate> {
    outcome
        .missing_rates
        .iter()
        .map(|m| MissingRate {
            date: m.date.to_string(),
            from: m.from.clone(),
            to: m.to.clone(),
            amount: amount(m.nanos),
        })
        .collect()
}
