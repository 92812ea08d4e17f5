//! The incidents planted in the data, placed relative to the window so they
//! exist for any end date: two spikes, a forgotten expensive resource, and a
//! configuration change that triples a bill for good.

use crate::calendar::Calendar;
use crate::rng::Rng;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AnomalyKind {
    /// Demand multiplied for one to three days, then back to normal.
    Spike,
    /// A new, expensive resource that keeps running.
    NewResource,
    /// A lasting step up in demand from one day on.
    StepChange,
}

pub struct AnomalyPlan {
    pub kind: AnomalyKind,
    pub billing: &'static str,
    pub sub: &'static str,
    /// Template key of the affected service in that provider's catalog.
    pub template: &'static str,
    pub from: u32,
    pub to: u32,
    /// Demand multiplier while active (ppm); unused for NewResource.
    pub mult_ppm: u64,
    pub what: &'static str,
}

impl AnomalyPlan {
    pub fn active(&self, day: u32) -> bool {
        self.from <= day && day < self.to
    }
}

/// A weekday at or after `day` whose next `len - 1` days are weekdays too, so
/// a spike is not confused with the weekly cycle.
fn weekday_run(cal: &Calendar, mut day: u32, len: u32) -> u32 {
    while (day..day + len).any(|d| cal.weekend[d as usize]) {
        day += 1;
    }
    day
}

pub fn plan(cal: &Calendar, seed: u64) -> Vec<AnomalyPlan> {
    let mut rng = Rng::new(seed, 3);
    let n = cal.days;
    let pct = |p: u32| n * p / 100;
    let bq = weekday_run(cal, pct(50) + rng.below(u64::from(pct(12))) as u32, 2);
    let cdn = n - 1 - rng.between(3, 9) as u32;
    let gpu = pct(74) + rng.below(10) as u32;
    let step = pct(82) + rng.below(10) as u32;
    vec![
        AnomalyPlan {
            kind: AnomalyKind::Spike,
            billing: "Acme Data & Analytics",
            sub: "acme-datalake-prod",
            template: "bigquery",
            from: bq,
            to: bq + 2,
            mult_ppm: 6_000_000,
            what: "Unpartitioned full-table scans from a new dashboard",
        },
        AnomalyPlan {
            kind: AnomalyKind::Spike,
            billing: "电商平台-生产",
            sub: "营销活动",
            template: "cdn",
            from: cdn,
            to: cdn + 1,
            mult_ppm: 4_500_000,
            what: "Flash-sale traffic surge (秒杀活动)",
        },
        AnomalyPlan {
            kind: AnomalyKind::NewResource,
            billing: "Acme Corp",
            sub: "ml-research",
            template: "sagemaker",
            from: gpu,
            to: n,
            mult_ppm: 1_000_000,
            what: "ml.p4d.24xlarge inference endpoint left running after an experiment",
        },
        AnomalyPlan {
            kind: AnomalyKind::StepChange,
            billing: "Acme Corporation",
            sub: "Payments Production",
            template: "loganalytics",
            from: step,
            to: n,
            mult_ppm: 3_000_000,
            what: "Verbose diagnostic logging enabled on all payment services",
        },
    ]
}
