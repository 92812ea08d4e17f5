//! Synthetic but realistic daily cost data with planted anomalies of known
//! start, end, scope and root cause. A world is many scopes (think "one
//! service of one account"), each made of resources with a SKU, a region, a
//! sub-account and a charge category, over fourteen months: weekly cycles
//! that differ between production and development resources, yearly
//! seasonality, growth, public holidays of the scope's calendar (with the
//! Spring Festival and make-up working days), month-start tax and credit
//! lines, resources that come and go, restated months, noise shared by the
//! scope and per resource. Planted: spikes and lasting steps on one
//! resource, SKU, region or sub-account, new resources and new scopes, from
//! a few percent to several times normal.

use chrono::{Datelike, Duration, NaiveDate};
use cloudlens_calendar::Calendar;

use super::rng::Rng;
use crate::HolidayRegion;

/// The dimensions a root cause is looked for in.
pub const DIMENSIONS: [&str; 5] = [
    "resource",
    "sku",
    "region",
    "sub_account",
    "charge_category",
];
const USAGE: &str = "Usage";
/// CNY per USD in the benchmark (only the threshold conversion needs it).
pub const CNY_PER_USD: f64 = 7.2;

pub struct Resource {
    /// Values of `DIMENSIONS`, in order.
    pub attrs: [String; 5],
    pub days: Vec<f64>,
}

pub struct Scope {
    pub region: HolidayRegion,
    /// Currency units per USD.
    pub rate: f64,
    pub resources: Vec<Resource>,
}

impl Scope {
    pub fn total(&self) -> Vec<f64> {
        let n = self.resources.first().map_or(0, |r| r.days.len());
        (0..n)
            .map(|t| self.resources.iter().map(|r| r.days[t]).sum())
            .collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plant {
    Spike,
    Step,
    NewResource,
    NewScope,
}

#[derive(Debug, Clone)]
pub struct Planted {
    pub scope: usize,
    pub kind: Plant,
    pub start: usize,
    /// Last day of the change (inclusive).
    pub last: usize,
    /// (index into `DIMENSIONS`, value); none for a whole new scope.
    pub cause: Option<(usize, String)>,
    /// Extra spend per day over its first days (at most seven), in the
    /// scope's currency.
    pub impact: f64,
    /// Extra spend as a percentage of the scope's normal spend.
    pub percent: f64,
}

pub struct World {
    pub start: NaiveDate,
    pub days: usize,
    pub scopes: Vec<Scope>,
    pub planted: Vec<Planted>,
}

pub const SCOPES: usize = 48;
pub const DAYS: usize = 425;
/// Planted anomalies start after this many days of history.
const PLANT_FROM: usize = 140;
const IMPACT_DAYS: usize = 7;

struct Day {
    weekendish: bool,
    spring: bool,
    month_start: bool,
}

fn day_kinds(cal: &Calendar, start: NaiveDate, region: HolidayRegion) -> Vec<Day> {
    crate::day_infos(cal, start, DAYS, region)
        .iter()
        .map(|d| {
            let f = cal.flags(d.date);
            Day {
                weekendish: (d.weekday >= 5 && !d.make_up) || d.holiday,
                spring: f.spring_festival && region == HolidayRegion::China,
                month_start: d.date.day() == 1,
            }
        })
        .collect()
}

fn usage_scope(rng: &mut Rng, cal: &Calendar, start: NaiveDate, s: usize) -> Scope {
    let china = rng.chance(0.5);
    let region = if china {
        HolidayRegion::China
    } else {
        HolidayRegion::Western
    };
    let rate = if china { CNY_PER_USD } else { 1.0 };
    let level = rng.log_range(40.0, 20_000.0) * rate;
    let growth = rng.range(-0.02, 0.08);
    let (amp, phase) = (rng.range(0.0, 0.08), rng.range(0.0, 365.0));
    let common_sigma = rng.range(0.005, 0.04);
    let kinds = day_kinds(cal, start, region);
    let (subs, regions, skus) = (2 + rng.below(3), 2 + rng.below(2), 3 + rng.below(4));
    let n = 4 + rng.below(26);
    let weights: Vec<f64> = (0..n).map(|_| (rng.normal()).exp()).collect();
    let wsum: f64 = weights.iter().sum();
    let common: Vec<f64> = (0..DAYS)
        .map(|_| (common_sigma * rng.normal()).exp())
        .collect();
    let trend: Vec<f64> = (0..DAYS)
        .map(|t| {
            (1.0 + growth).powf(t as f64 / 30.44)
                * (1.0 + amp * (std::f64::consts::TAU * (t as f64 + phase) / 365.0).cos())
        })
        .collect();
    let mut resources = Vec::new();
    for (k, w) in weights.iter().enumerate() {
        let share = w / wsum;
        let weekend = if rng.chance(0.7) {
            rng.range(0.85, 1.0)
        } else {
            rng.range(0.25, 0.6)
        };
        let sigma = rng.range(0.02, 0.12);
        let (mut from, mut to) = (0, DAYS);
        if share < 0.1 && rng.chance(0.3) {
            if rng.chance(0.5) {
                from = rng.below(DAYS);
            } else {
                to = rng.below(DAYS);
            }
        }
        let days = (0..DAYS)
            .map(|t| {
                if t < from || t >= to {
                    return 0.0;
                }
                let d = &kinds[t];
                let mut f = if d.weekendish { weekend } else { 1.0 };
                if d.spring {
                    f *= 0.85;
                }
                let noise = (sigma * rng.normal() - sigma * sigma / 2.0).exp();
                level * share * trend[t] * common[t] * f * noise
            })
            .collect();
        resources.push(Resource {
            attrs: [
                format!("s{s}-r{k}"),
                format!("sku-{}", rng.below(skus)),
                format!("region-{}", rng.below(regions)),
                format!("sub-{}", rng.below(subs)),
                USAGE.to_string(),
            ],
            days,
        });
    }
    let mut month_line = |name: &str, category: &str, ratio: f64, rng: &mut Rng| {
        let days = (0..DAYS)
            .map(|t| {
                if kinds[t].month_start {
                    ratio * level * trend[t] * (1.0 + 0.05 * rng.normal())
                } else {
                    0.0
                }
            })
            .collect();
        resources.push(Resource {
            attrs: [
                format!("s{s}-{name}"),
                format!("sku-{name}"),
                "global".into(),
                "sub-0".into(),
                category.into(),
            ],
            days,
        });
    };
    if rng.chance(0.7) {
        let ratio = rng.range(0.3, 3.0);
        month_line("tax", "Tax", ratio, rng);
    }
    if rng.chance(0.2) {
        let ratio = -rng.range(0.1, 0.5);
        month_line("credit", "Credit", ratio, rng);
    }
    if rng.chance(0.25) {
        // A restated month: the provider revised every line of it a little.
        let month = 1 + rng.below(12);
        let by = 1.0 + rng.range(0.02, 0.06) * if rng.chance(0.5) { 1.0 } else { -1.0 };
        for r in &mut resources {
            for (t, v) in r.days.iter_mut().enumerate() {
                let d = start + Duration::days(t as i64);
                if (d.year() * 12 + d.month() as i32) - (start.year() * 12 + start.month() as i32)
                    == month as i32
                {
                    *v *= by;
                }
            }
        }
    }
    Scope {
        region,
        rate,
        resources,
    }
}

/// Usage spend of the scope on day `t`.
fn usage(scope: &Scope, t: usize) -> f64 {
    scope
        .resources
        .iter()
        .filter(|r| r.attrs[4] == USAGE)
        .map(|r| r.days[t])
        .sum()
}

fn members(scope: &Scope, dim: usize, value: &str, t: usize) -> Vec<usize> {
    (0..scope.resources.len())
        .filter(|&i| {
            let r = &scope.resources[i];
            r.attrs[4] == USAGE && r.attrs[dim] == value && r.days[t] > 0.0
        })
        .collect()
}

/// A cause whose resources no other value of another dimension has exactly,
/// so that the right answer is well defined.
fn pick_cause(rng: &mut Rng, scope: &Scope, t: usize) -> Option<(usize, String, Vec<usize>)> {
    let total = usage(scope, t);
    for _ in 0..20 {
        let dim = rng.below(4);
        let r = &scope.resources[rng.below(scope.resources.len())];
        let value = r.attrs[dim].clone();
        let set = members(scope, dim, &value, t);
        let cost: f64 = set.iter().map(|&i| scope.resources[i].days[t]).sum();
        if set.is_empty() || cost < 0.05 * total {
            continue;
        }
        let ambiguous = (0..4).filter(|&d| d != dim).any(|d| {
            set.iter().any(|&i| {
                let v = &scope.resources[i].attrs[d];
                members(scope, d, v, t) == set
            })
        });
        if !ambiguous {
            return Some((dim, value, set));
        }
    }
    None
}

fn plant(rng: &mut Rng, scope: &mut Scope, s: usize, start: usize, id: usize) -> Option<Planted> {
    let f = rng.log_range(0.03, 5.0);
    let roll = rng.unit();
    let (kind, last) = if roll < 0.45 {
        (Plant::Spike, start + rng.below(3))
    } else if roll < 0.75 {
        (Plant::Step, DAYS - 1)
    } else {
        (Plant::NewResource, DAYS - 1)
    };
    let mut impact = 0.0;
    let mut normal = 0.0;
    let cause = if kind == Plant::NewResource {
        let base = scope.resources[0].attrs.clone();
        let level = usage(scope, start.saturating_sub(7)).max(1e-6);
        let name = format!("s{s}-new{id}");
        let days = (0..DAYS)
            .map(|t| {
                if t < start {
                    0.0
                } else {
                    f * level * (0.03 * rng.normal()).exp()
                }
            })
            .collect::<Vec<f64>>();
        let first_days = start..(start + IMPACT_DAYS).min(DAYS);
        impact += days[first_days.clone()].iter().sum::<f64>();
        normal += first_days.map(|t| usage(scope, t)).sum::<f64>();
        scope.resources.push(Resource {
            attrs: [
                name.clone(),
                base[1].clone(),
                base[2].clone(),
                base[3].clone(),
                USAGE.into(),
            ],
            days,
        });
        (0, name)
    } else {
        let (dim, value, _) = pick_cause(rng, scope, start)?;
        for t in start..=last {
            let total = usage(scope, t);
            let set = members(scope, dim, &value, t);
            let part: f64 = set.iter().map(|&i| scope.resources[i].days[t]).sum();
            if part <= 0.0 {
                continue;
            }
            let by = 1.0 + f * total / part;
            for i in set {
                let r = &mut scope.resources[i];
                if t < start + IMPACT_DAYS {
                    impact += r.days[t] * (by - 1.0);
                }
                r.days[t] *= by;
            }
            if t < start + IMPACT_DAYS {
                normal += total;
            }
        }
        (dim, value)
    };
    let days = ((last.min(start + IMPACT_DAYS - 1)) - start + 1) as f64;
    Some(Planted {
        scope: s,
        kind,
        start,
        last,
        cause: Some(cause),
        impact: impact / days,
        percent: impact / normal.max(1e-9) * 100.0,
    })
}

pub fn generate(seed: u64, cal: &Calendar) -> World {
    let start = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default();
    let mut rng = Rng::new(seed, 1);
    let mut scopes = Vec::new();
    let mut planted = Vec::new();
    for s in 0..SCOPES {
        let mut scope = usage_scope(&mut rng, cal, start, s);
        if rng.chance(0.1) {
            let from = PLANT_FROM + rng.below(DAYS - PLANT_FROM - 20);
            let mut impact = 0.0;
            for r in &mut scope.resources {
                r.days[..from].iter_mut().for_each(|v| *v = 0.0);
                impact += r.days[from..from + IMPACT_DAYS].iter().sum::<f64>();
            }
            planted.push(Planted {
                scope: s,
                kind: Plant::NewScope,
                start: from,
                last: DAYS - 1,
                cause: None,
                impact: impact / IMPACT_DAYS as f64,
                percent: 100.0,
            });
            scopes.push(scope);
            continue;
        }
        let count = match rng.unit() {
            u if u < 0.35 => 0,
            u if u < 0.8 => 1,
            _ => 2,
        };
        let mut taken: Vec<usize> = Vec::new();
        for _ in 0..count {
            let at = PLANT_FROM + rng.below(DAYS - PLANT_FROM - 12);
            if taken.iter().any(|&t| t.abs_diff(at) < 35) {
                continue;
            }
            // A lasting change ends the scope's story: nothing after it.
            if planted
                .iter()
                .any(|p: &Planted| p.scope == s && p.kind != Plant::Spike && p.start < at)
            {
                continue;
            }
            if let Some(p) = plant(&mut rng, &mut scope, s, at, planted.len()) {
                taken.push(at);
                planted.push(p);
            }
        }
        scopes.push(scope);
    }
    World {
        start,
        days: DAYS,
        scopes,
        planted,
    }
}
