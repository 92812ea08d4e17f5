//! One explorer question over a snapshot: map each dimension combination
//! once to its group (or "filtered out"), then one scan of the date range's
//! lines summing into i128 accumulators per (group, period) — per day when a
//! display currency needs each charge day's rate — then conversion, shared
//! cost splits and folding of small groups into "other".

use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use cloudlens_store::{LineColumn, Lines};
use rustc_hash::FxHashMap as HashMap;

use crate::rates::{convert, MissingRate, RateTable};
use crate::rules::CompiledRules;
use crate::split::split_exact;
use crate::{
    date_of, day_number, is_partial, Dimension, ExploreError, RuleSet, Snapshot, SplitMethod,
};

/// The label of the folded group, in every group position.
pub const OTHER: &str = "(other)";
/// The unit label of usage without a consumed unit.
pub const NO_UNIT: &str = "(no unit)";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Granularity {
    Day,
    /// ISO weeks, starting Monday.
    Week,
    Month,
    /// The whole range as one period (labelled by its first day).
    Total,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub dimension: String,
    /// `None` matches absent / untagged.
    pub values: Vec<Option<String>>,
    pub exclude: bool,
}

#[derive(Debug, Clone)]
pub struct Query {
    pub group_by: Vec<String>,
    pub filters: Vec<Filter>,
    /// Inclusive.
    pub from: NaiveDate,
    /// Exclusive.
    pub to: NaiveDate,
    pub granularity: Granularity,
    pub metric: LineColumn,
    pub display_currency: Option<String>,
    pub rules: RuleSet,
    pub apply_shared_costs: bool,
    /// Spread charges whose charge period covers several days (monthly
    /// subscriptions, support, taxes) over those days, to the cent. Amounts
    /// only: quantities stay on their charge day.
    pub spread_periods: bool,
    /// 0 = no limit.
    pub limit: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub groups: Vec<Option<Arc<str>>>,
    pub currency: Arc<str>,
    /// Index into `Outcome::periods`.
    pub period: usize,
    pub nanos: i128,
    pub other: bool,
}

/// How much cost the shared-cost rules moved (for tests and previews).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SharedApplied {
    pub cells_split: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub periods: Vec<NaiveDate>,
    /// By period, then amount (highest first).
    pub cells: Vec<Cell>,
    pub missing_rates: Vec<MissingRate>,
    pub shared: SharedApplied,
    /// The last period is cut short by the range's end or by the data
    /// ending before the period does.
    pub partial_last: bool,
}

type Key = (Vec<Option<Arc<str>>>, Arc<str>, Option<usize>);
type GroupInCurrency = (Vec<Option<Arc<str>>>, Arc<str>);

fn period_start(d: NaiveDate, g: Granularity, from: NaiveDate) -> NaiveDate {
    match g {
        Granularity::Day => d,
        Granularity::Week => {
            d - chrono::Duration::days(i64::from(d.weekday().num_days_from_monday()))
        }
        Granularity::Month => d.with_day(1).unwrap_or(d),
        Granularity::Total => from,
    }
}

struct Plan {
    rules: CompiledRules,
    groups: Vec<Dimension>,
    filters: Vec<(Dimension, Vec<Option<String>>, bool)>,
    needs_tags: bool,
}

impl Plan {
    fn new(q: &Query) -> Result<Plan, ExploreError> {
        if q.group_by.len() > 2 {
            return Err(ExploreError(format!(
                "group by: expected at most two dimensions, got {}",
                q.group_by.len()
            )));
        }
        let rules = q.rules.compile()?;
        let groups = q
            .group_by
            .iter()
            .map(|g| Dimension::parse(g))
            .collect::<Result<Vec<_>, _>>()?;
        let filters = q
            .filters
            .iter()
            .map(|f| Ok((Dimension::parse(&f.dimension)?, f.values.clone(), f.exclude)))
            .collect::<Result<Vec<_>, ExploreError>>()?;
        for d in groups.iter().chain(filters.iter().map(|f| &f.0)) {
            if let Dimension::VirtualTag(n) = d {
                if !rules.tags.iter().any(|t| &t.name == n) {
                    return Err(ExploreError(format!(
                        "vtag:{n}: no virtual tag of that name; expected one of: {}",
                        rules
                            .tags
                            .iter()
                            .map(|t| t.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )));
                }
            }
        }
        let needs_tags = !rules.tags.is_empty();
        Ok(Plan {
            rules,
            groups,
            filters,
            needs_tags,
        })
    }
}

impl Snapshot {
    pub fn query(
        &self,
        lines: Lines<'_>,
        q: &Query,
        rates: &RateTable,
    ) -> Result<Outcome, ExploreError> {
        let plan = Plan::new(q)?;
        if q.from >= q.to {
            return Err(ExploreError(format!(
                "range: expected from before to, got {} to {}",
                q.from, q.to
            )));
        }
        let metric = self
            .metric(lines, q.metric)
            .map_err(|e| ExploreError(e.to_string()))?;
        let usage = q.metric == LineColumn::ConsumedQuantity;
        let converting = q.display_currency.is_some() && !usage;
        let spread = q.spread_periods && !usage;
        // Per day of the range when each day needs its own rate or receives
        // parts of spread charges; folded into periods afterwards.
        let daily = converting || spread;

        // Each dimension combination once: its group, or filtered out.
        let mut keys: Vec<Key> = Vec::new();
        let mut key_ids: HashMap<Key, u32> = HashMap::default();
        let no_unit: Arc<str> = Arc::from(NO_UNIT);
        let map: Vec<u32> = self
            .dims
            .iter()
            .map(|d| {
                let tags = if plan.needs_tags {
                    plan.rules.tag_values(d)
                } else {
                    Vec::new()
                };
                for (dim, values, exclude) in &plan.filters {
                    let v = plan.rules.value(dim, d, &tags).map(|s| &**s);
                    let hit = values.iter().any(|x| x.as_deref() == v);
                    if hit == *exclude {
                        return u32::MAX;
                    }
                }
                let groups = plan
                    .groups
                    .iter()
                    .map(|g| plan.rules.value(g, d, &tags).cloned())
                    .collect();
                let currency = if usage {
                    d.consumed_unit.clone().unwrap_or_else(|| no_unit.clone())
                } else {
                    d.billing_currency.clone()
                };
                let shared = if q.apply_shared_costs {
                    plan.rules.shared_rule(d, &tags)
                } else {
                    None
                };
                let key = (groups, currency, shared);
                if let Some(&id) = key_ids.get(&key) {
                    return id;
                }
                let id = keys.len() as u32;
                keys.push(key.clone());
                key_ids.insert(key, id);
                id
            })
            .collect();

        // Periods and the accumulator slot of each day of the range.
        let (from_day, to_day) = (day_number(q.from), day_number(q.to));
        let mut periods: Vec<NaiveDate> = Vec::new();
        let mut period_of_day: Vec<usize> = Vec::with_capacity((to_day - from_day) as usize);
        for day in from_day..to_day {
            let start = period_start(date_of(day), q.granularity, q.from);
            if periods.last() != Some(&start) {
                periods.push(start);
            }
            period_of_day.push(periods.len() - 1);
        }
        let slots = if daily {
            period_of_day.len()
        } else {
            periods.len()
        };
        let slot_of = |day: i32| -> usize {
            let i = (day - from_day) as usize;
            if daily {
                i
            } else {
                period_of_day[i]
            }
        };

        let (b0, b1) = self.range(from_day, to_day);
        let scan = |ba: usize, bb: usize| -> Vec<i128> {
            let mut acc = vec![0i128; keys.len() * slots];
            for b in ba..bb {
                let slot = slot_of(self.first_day + b as i32);
                let r = self.bucket(b);
                let (ds, vs) = (&self.line_dims[r.clone()], &metric[r]);
                for (d, v) in ds.iter().zip(vs) {
                    let g = map[*d as usize];
                    if g != u32::MAX {
                        acc[g as usize * slots + slot] += i128::from(*v);
                    }
                }
            }
            acc
        };
        let line_count = self.offsets[b1] - self.offsets[b0];
        let acc = if spread {
            let spans = self.spans(lines).map_err(|e| ExploreError(e.to_string()))?;
            self.scan_spread(&spans, &metric, &map, keys.len(), from_day, to_day)
        } else if line_count > 400_000 && b1 - b0 >= 2 {
            // Two halves by line count, one per core.
            let half = self.offsets[b0] + line_count / 2;
            let mid = (b0..b1)
                .find(|&b| self.offsets[b + 1] >= half)
                .unwrap_or(b0)
                + 1;
            let mid = mid.min(b1);
            let (a, b) = std::thread::scope(|s| {
                let h = s.spawn(|| scan(mid, b1));
                let a = scan(b0, mid);
                (a, h.join())
            });
            let mut a = a;
            match b {
                Ok(b) => a.iter_mut().zip(b).for_each(|(x, y)| *x += y),
                Err(_) => return Err(ExploreError("an explorer scan thread failed".into())),
            }
            a
        } else {
            scan(b0, b1)
        };

        // Fold into (key, period) cells, converting each day when asked.
        let mut cells: HashMap<(Key, usize), i128> = HashMap::default();
        let mut missing: HashMap<(i32, Arc<str>), i128> = HashMap::default();
        let display: Option<Arc<str>> = q.display_currency.as_deref().map(Arc::from);
        for (g, key) in keys.iter().enumerate() {
            for slot in 0..slots {
                let v = acc[g * slots + slot];
                if v == 0 {
                    continue;
                }
                let (period, v, key) = match (&display, converting) {
                    (Some(to), true) => {
                        let day = from_day + slot as i32;
                        let converted = rates.rate(day, &key.1, to).and_then(|r| convert(v, r));
                        match converted {
                            Some(c) => (period_of_day[slot], c, (key.0.clone(), to.clone(), key.2)),
                            None => {
                                *missing.entry((day, key.1.clone())).or_default() += v;
                                continue;
                            }
                        }
                    }
                    _ if daily => (period_of_day[slot], v, key.clone()),
                    _ => (slot, v, key.clone()),
                };
                *cells.entry((key, period)).or_default() += v;
            }
        }
        let mut shared = SharedApplied::default();
        if q.apply_shared_costs && !q.rules.shared_costs.is_empty() {
            shared.cells_split = apply_shared(&mut cells, q, &plan.groups)?;
        }
        let mut out: Vec<Cell> = cells
            .into_iter()
            .filter(|(_, v)| *v != 0)
            .map(|((k, period), nanos)| Cell {
                groups: k.0,
                currency: k.1,
                period,
                nanos,
                other: false,
            })
            .collect();
        if q.limit > 0 {
            out = fold_other(out, q.limit as usize, plan.groups.len());
        }
        out.sort_by(|a, b| {
            a.period
                .cmp(&b.period)
                .then(a.currency.cmp(&b.currency))
                .then(a.other.cmp(&b.other))
                .then(b.nanos.cmp(&a.nanos))
                .then(a.groups.cmp(&b.groups))
        });
        let missing_rates = MissingRate::listed(missing, q.display_currency.as_deref());
        let partial_last = match (periods.last(), self.day_span()) {
            (Some(last), Some((_, data_last))) => {
                is_partial(*last, q.granularity, q.to, date_of(data_last))
            }
            _ => false,
        };
        Ok(Outcome {
            partial_last,
            periods,
            cells: out,
            missing_rates,
            shared,
        })
    }
}

/// Moves each shared cell's amount onto the rule's targets (in the target
/// dimension's group position); returns how many cells were split.
fn apply_shared(
    cells: &mut HashMap<(Key, usize), i128>,
    q: &Query,
    groups: &[Dimension],
) -> Result<usize, ExploreError> {
    let shared: Vec<((Key, usize), i128)> = cells
        .iter()
        .filter(|((k, _), _)| k.2.is_some())
        .map(|(k, v)| (k.clone(), *v))
        .collect();
    // Each target's own cost per (period, currency), before any split.
    let mut own: HashMap<(usize, usize, Arc<str>, Arc<str>), i128> = HashMap::default();
    for ((k, p), v) in cells.iter() {
        if k.2.is_some() {
            continue;
        }
        for (pos, value) in k.0.iter().enumerate() {
            if let Some(value) = value {
                *own.entry((pos, *p, k.1.clone(), value.clone()))
                    .or_default() += *v;
            }
        }
    }
    let mut split = 0;
    for ((key, period), amount) in shared {
        let Some(rule_index) = key.2 else { continue };
        let Some(rule) = q.rules.shared_costs.get(rule_index) else {
            continue;
        };
        let target = Dimension::parse(&rule.target_dimension)?;
        cells.remove(&(key.clone(), period));
        let Some(pos) = groups.iter().position(|g| *g == target) else {
            // Not grouped by the target dimension: the cost stays where it is.
            *cells
                .entry(((key.0.clone(), key.1.clone(), None), period))
                .or_default() += amount;
            continue;
        };
        let weights: Vec<i128> = match &rule.method {
            SplitMethod::Even => vec![1; rule.targets.len()],
            SplitMethod::Fixed(p) => p
                .iter()
                .map(|x| {
                    let mut x = x.round_dp(6);
                    x.rescale(6);
                    x.mantissa()
                })
                .collect(),
            SplitMethod::Proportional => rule
                .targets
                .iter()
                .map(|t| {
                    own.get(&(pos, period, key.1.clone(), Arc::from(t.as_str())))
                        .copied()
                        .unwrap_or(0)
                })
                .collect(),
        };
        let parts = split_exact(amount, &weights);
        for (t, part) in rule.targets.iter().zip(parts) {
            let mut g = key.0.clone();
            g[pos] = Some(Arc::from(t.as_str()));
            *cells.entry(((g, key.1.clone(), None), period)).or_default() += part;
        }
        split += 1;
    }
    Ok(split)
}

/// Keeps the `limit` largest groups per currency (by total over the range)
/// and folds the rest into one "other" group.
fn fold_other(cells: Vec<Cell>, limit: usize, width: usize) -> Vec<Cell> {
    let mut totals: HashMap<GroupInCurrency, i128> = HashMap::default();
    for c in &cells {
        *totals
            .entry((c.groups.clone(), c.currency.clone()))
            .or_default() += c.nanos;
    }
    let mut ranked: Vec<_> = totals.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut kept: rustc_hash::FxHashSet<GroupInCurrency> = Default::default();
    let mut per_currency: HashMap<Arc<str>, usize> = HashMap::default();
    for ((g, c), _) in ranked {
        let n = per_currency.entry(c.clone()).or_default();
        if *n < limit {
            *n += 1;
            kept.insert((g, c));
        }
    }
    let other: Vec<Option<Arc<str>>> = vec![Some(Arc::from(OTHER)); width.max(1)];
    let mut folded: HashMap<(Arc<str>, usize), i128> = HashMap::default();
    let mut out = Vec::new();
    for c in cells {
        if kept.contains(&(c.groups.clone(), c.currency.clone())) {
            out.push(c);
        } else {
            *folded.entry((c.currency, c.period)).or_default() += c.nanos;
        }
    }
    for ((currency, period), nanos) in folded {
        out.push(Cell {
            groups: other.clone(),
            currency,
            period,
            nanos,
            other: true,
        });
    }
    out
}
