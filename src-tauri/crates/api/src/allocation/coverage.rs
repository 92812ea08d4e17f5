//! Tag key merges offered to the user and the tag coverage view.

use std::collections::HashMap;

use cloudlens_explore as engine;
use cloudlens_store::{from_nanos, StoreError};

use crate::explore::convert::{self, engine_err, invalid};
use crate::explore::run::amount;
use crate::percent::percent;
use crate::{
    ApiError, CloudLens, CoverageLevel, CoverageQuery, CoverageRow, ExploreMetric, MissingRate,
    TagCoverage, TagKeyMerge,
};

impl CloudLens {
    /// Groups of stored tag keys that differ only by case, separators or a
    /// known alias, not merged yet, the most used spelling first.
    pub fn suggest_tag_key_merges(&self) -> Result<Vec<TagKeyMerge>, ApiError> {
        let snapshot = self.explore_snapshot()?;
        let rules = convert::rules(&convert::stored_rules(self.reader()?.allocation(), None)?)?;
        let mut counts: HashMap<&str, u64> = HashMap::default();
        for d in &snapshot.dims {
            for (k, _) in &d.tags {
                *counts.entry(k).or_default() += 1;
            }
        }
        let keys: Vec<(String, u64)> = counts
            .into_iter()
            .map(|(k, n)| (k.to_string(), n))
            .collect();
        Ok(engine::suggest_merges(&keys, &rules.tag_keys)
            .into_iter()
            .map(|m| TagKeyMerge {
                canonical: m.canonical,
                aliases: m.aliases,
            })
            .collect())
    }

    /// Per scope of `q.level`, the spend carrying each tag key, with the
    /// current rule set's key merges.
    pub fn tag_coverage(&self, q: &CoverageQuery) -> Result<TagCoverage, ApiError> {
        if q.metric == ExploreMetric::Usage {
            return Err(invalid("metric: expected a cost metric, not usage"));
        }
        if let Some(c) = &q.display_currency {
            convert::check_currency("display_currency", c)?;
        }
        let rules = convert::rules(&convert::stored_rules(self.reader()?.allocation(), None)?)?;
        let query = engine::CoverageQuery {
            from: convert::date("from", &q.from)?,
            to: convert::date("to", &q.to)?,
            level: match q.level {
                CoverageLevel::Provider => engine::CoverageLevel::Provider,
                CoverageLevel::BillingAccount => engine::CoverageLevel::BillingAccount,
                CoverageLevel::Service => engine::CoverageLevel::Service,
            },
            metric: convert::metric(q.metric),
            display_currency: q.display_currency.clone(),
            tag_keys: rules.tag_keys,
        };
        let rates = self.rate_table()?;
        let mut reloaded = false;
        let coverage = loop {
            let snapshot = self.explore_snapshot()?;
            let reader = self.reader()?;
            match snapshot.metric(reader.lines(), query.metric) {
                Ok(_) => {
                    break snapshot
                        .tag_coverage(reader.lines(), &query, &rates)
                        .map_err(engine_err)?
                }
                Err(StoreError::Changed) if !reloaded => reloaded = true,
                Err(e) => return Err(e.into()),
            }
        };
        let rates_through = q
            .display_currency
            .as_deref()
            .and_then(|to| rates.latest_date(&[to]))
            .map(|d| d.to_string());
        Ok(TagCoverage {
            keys: coverage.keys,
            rows: coverage
                .rows
                .into_iter()
                .map(|r| CoverageRow {
                    provider: r.provider.to_string(),
                    billing_account: r.billing_account.map(|s| s.to_string()),
                    service: r.service.map(|s| s.to_string()),
                    currency: r.currency.to_string(),
                    total: amount(r.total),
                    shares: r
                        .tagged
                        .iter()
                        .map(|t| percent(from_nanos(*t), from_nanos(r.total)))
                        .collect(),
                    tagged: r.tagged.into_iter().map(amount).collect(),
                })
                .collect(),
            missing_rates: coverage
                .missing_rates
                .into_iter()
                .map(|m| MissingRate {
                    date: m.date.to_string(),
                    from: m.from,
                    to: m.to,
                    amount: amount(m.nanos),
                })
                .collect(),
            rates_through,
        })
    }
}
