//! Tag coverage: per provider, billing account or service, the spend that
//! carries each tag key (after key merges), so untagged spend can be fixed
//! where it is billed. Sums are exact nano-units; a display currency
//! converts each charge day at that day's rate, as the explorer does.

use std::sync::Arc;

use chrono::NaiveDate;
use cloudlens_store::{LineColumn, Lines};
use rustc_hash::FxHashMap as HashMap;

use crate::rates::{MissingRate, RateTable};
use crate::tag_keys::{merged_keys, TagKeys};
use crate::{day_number, ExploreError, Snapshot, TagKeyMerge};

/// How finely coverage rows split the spend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoverageLevel {
    Provider,
    BillingAccount,
    Service,
}

#[derive(Debug, Clone)]
pub struct CoverageQuery {
    /// Inclusive.
    pub from: NaiveDate,
    /// Exclusive.
    pub to: NaiveDate,
    pub level: CoverageLevel,
    pub metric: LineColumn,
    pub display_currency: Option<String>,
    pub tag_keys: Vec<TagKeyMerge>,
}

/// One scope's spend and, per key of [`Coverage::keys`], the part of it
/// carrying that key. Scope parts finer than the level are `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageRow {
    pub provider: Arc<str>,
    pub billing_account: Option<Arc<str>>,
    pub service: Option<Arc<str>>,
    pub currency: Arc<str>,
    pub total: i128,
    pub tagged: Vec<i128>,
}

#[derive(Debug, Clone, Default)]
pub struct Coverage {
    /// Tag keys as merged, sorted.
    pub keys: Vec<String>,
    /// Highest total first.
    pub rows: Vec<CoverageRow>,
    pub missing_rates: Vec<MissingRate>,
}

type Scope = (Arc<str>, Option<Arc<str>>, Option<Arc<str>>, Arc<str>);

impl Snapshot {
    pub fn tag_coverage(
        &self,
        lines: Lines<'_>,
        q: &CoverageQuery,
        rates: &RateTable,
    ) -> Result<Coverage, ExploreError> {
        if q.from >= q.to {
            return Err(ExploreError(format!(
                "range: expected from before to, got {} to {}",
                q.from, q.to
            )));
        }
        if q.metric == LineColumn::ConsumedQuantity {
            return Err(ExploreError(
                "metric: expected a cost column, not usage quantity".into(),
            ));
        }
        let merges = TagKeys::new(&q.tag_keys)?;
        let keys = merged_keys(
            self.dims
                .iter()
                .flat_map(|d| d.tags.iter().map(|(k, _)| &**k)),
            &q.tag_keys,
        )?;
        let key_index: HashMap<&str, usize> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (k.as_str(), i))
            .collect();

        // Each dimension combination once: its scope and the keys it carries.
        let mut scopes: Vec<Scope> = Vec::new();
        let mut scope_ids: HashMap<Scope, usize> = HashMap::default();
        let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
        let mut group_ids: HashMap<(usize, Vec<usize>), u32> = HashMap::default();
        let map: Vec<u32> = self
            .dims
            .iter()
            .map(|d| {
                let (acct, svc) = match q.level {
                    CoverageLevel::Provider => (None, None),
                    CoverageLevel::BillingAccount => (Some(d.billing_account_id.clone()), None),
                    CoverageLevel::Service => (
                        Some(d.billing_account_id.clone()),
                        Some(d.service_name.clone()),
                    ),
                };
                let scope = (d.provider.clone(), acct, svc, d.billing_currency.clone());
                let s = *scope_ids.entry(scope.clone()).or_insert_with(|| {
                    scopes.push(scope);
                    scopes.len() - 1
                });
                let mut carried: Vec<usize> = d
                    .tags
                    .iter()
                    .filter_map(|(k, _)| key_index.get(merges.canonical(k)).copied())
                    .collect();
                carried.sort_unstable();
                carried.dedup();
                let g = (s, carried);
                *group_ids.entry(g.clone()).or_insert_with(|| {
                    groups.push(g);
                    (groups.len() - 1) as u32
                })
            })
            .collect();

        let metric = self
            .metric(lines, q.metric)
            .map_err(|e| ExploreError(e.to_string()))?;
        let (from_day, to_day) = (day_number(q.from), day_number(q.to));
        let display = q.display_currency.as_deref();
        let slots = if display.is_some() {
            (to_day - from_day) as usize
        } else {
            1
        };
        let mut acc = vec![0i128; groups.len() * slots];
        let (b0, b1) = self.range(from_day, to_day);
        for b in b0..b1 {
            let slot = if display.is_some() {
                (self.first_day + b as i32 - from_day) as usize
            } else {
                0
            };
            let r = self.bucket(b);
            for (d, v) in self.line_dims[r.clone()].iter().zip(&metric[r]) {
                acc[map[*d as usize] as usize * slots + slot] += i128::from(*v);
            }
        }

        let mut rows: HashMap<Scope, CoverageRow> = HashMap::default();
        let mut missing: HashMap<(i32, Arc<str>), i128> = HashMap::default();
        for (g, (s, carried)) in groups.iter().enumerate() {
            let (p, a, sv, cur) = &scopes[*s];
            for slot in 0..slots {
                let mut v = acc[g * slots + slot];
                if v == 0 {
                    continue;
                }
                let mut currency = cur.clone();
                if let Some(to) = display {
                    let day = from_day + slot as i32;
                    match rates.convert_nanos(day, cur, to, v) {
                        Some(c) => (v, currency) = (c, Arc::from(to)),
                        None => {
                            *missing.entry((day, cur.clone())).or_default() += v;
                            continue;
                        }
                    }
                }
                let key = (p.clone(), a.clone(), sv.clone(), currency.clone());
                let row = rows.entry(key).or_insert_with(|| CoverageRow {
                    provider: p.clone(),
                    billing_account: a.clone(),
                    service: sv.clone(),
                    currency,
                    total: 0,
                    tagged: vec![0; keys.len()],
                });
                row.total += v;
                for k in carried {
                    row.tagged[*k] += v;
                }
            }
        }
        let mut rows: Vec<CoverageRow> = rows.into_values().filter(|r| r.total != 0).collect();
        rows.sort_by(|a, b| {
            b.total.cmp(&a.total).then_with(|| {
                (&a.provider, &a.billing_account, &a.service, &a.currency).cmp(&(
                    &b.provider,
                    &b.billing_account,
                    &b.service,
                    &b.currency,
                ))
            })
        });
        Ok(Coverage {
            keys,
            rows,
            missing_rates: MissingRate::listed(missing, q.display_currency.as_deref()),
        })
    }
}
