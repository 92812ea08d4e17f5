//! A seeded, deterministic demo dataset: thirteen months of multi-cloud spend
//! (Alibaba, Tencent, Huawei, AWS, Azure, Google Cloud) as FOCUS 1.2 cost
//! lines, with commitments, credits, taxes, growth, a weekly cycle and planted
//! anomalies. The same options always produce the same lines, bit for bit:
//! money and quantities are integer fixed-point and randomness is integer-only.

mod accounts;
mod anomaly;
mod calendar;
mod catalog;
mod commit;
mod day;
mod fixed;
mod ids;
mod inventory;
mod meter;
mod naming;
mod plan;
mod population;
mod rng;
mod shape;
mod tags;
mod totals;

use chrono::NaiveDate;
use cloudlens_model::{CostLine, Provenance};
use rust_decimal::Decimal;

pub use anomaly::AnomalyKind;
pub use inventory::{
    inventory, DemoInventory, DemoResource, DemoSample, DEMO_CONNECTION, SAMPLE_DAYS,
};
pub use totals::{DemoTotals, GroupTotals};

/// The keys of the demo's teams, as its resources' `team` tags carry them.
pub fn team_keys() -> impl Iterator<Item = &'static str> {
    naming::TEAMS.iter().map(|t| t.key)
}

use day::Fact;
use fixed::{dec, Fx};
use plan::Plan;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOptions {
    /// Target line count; the result lands within ±2% for 10,000 and up.
    pub lines: u64,
    pub seed: u64,
    /// Last day with data, inclusive; the window starts on the first day of
    /// the twelfth month before it.
    pub end: NaiveDate,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            lines: 1_000_000,
            seed: 42,
            end: NaiveDate::from_ymd_opt(2026, 11, 25).expect("valid date"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlantedAnomaly {
    /// First anomalous day.
    pub day: NaiveDate,
    pub provider: String,
    pub billing_account_id: String,
    pub service_name: String,
    /// Extra EffectiveCost on `day` over what the same lines would have cost
    /// without the anomaly.
    pub extra_cost: Decimal,
    pub currency: String,
    pub kind: AnomalyKind,
    /// Last anomalous day (inclusive); the window's end for lasting changes.
    pub last_day: NaiveDate,
    pub sub_account_id: String,
    pub description: String,
}

/// Streams lines in ascending charge-day order to `sink`; returns totals
/// computed independently of the sink. `sink` returning `Err` stops
/// generation and the error is returned (used for cancellation and store errors).
pub fn generate<E>(
    opts: &DemoOptions,
    mut sink: impl FnMut(CostLine) -> Result<(), E>,
) -> Result<DemoTotals, E> {
    let plan = Plan::new(opts);
    let mut totals = totals::Accumulator::new(&plan);
    let mut row = 0u64;
    for (mi, month) in plan.cal.months.iter().enumerate() {
        let book = plan.book(mi);
        let invoices = &plan.invoices[mi];
        let mut emit = |f: Fact| {
            row += 1;
            totals.add(mi, &f);
            sink(line(&f, month, &invoices[f.billing as usize], row))
        };
        plan.month_purchases(mi, &mut emit)?;
        plan.month_charges(mi, &book, &mut emit)?;
        for d in month.first..month.end {
            plan.day(d, &mut emit)?;
        }
    }
    debug_assert_eq!(
        row, plan.expected_lines,
        "line ledger out of step with generation"
    );
    Ok(totals.finish(&plan))
}

fn line(f: &Fact, month: &calendar::Month, invoice: &str, row: u64) -> CostLine {
    CostLine {
        dims: f.dims.clone(),
        billing_period_start: month.start_ts,
        billing_period_end: month.end_ts,
        charge_period_start: f.start,
        charge_period_end: f.end,
        billed_cost: dec(f.billed, 6),
        effective_cost: dec(f.effective, 6),
        list_cost: dec(f.list, 6),
        contracted_cost: dec(f.contracted, 6),
        pricing_quantity: f.qty.map(Fx::dec),
        consumed_quantity: f.consumed.map(Fx::dec),
        list_unit_price: f.lup.map(Fx::dec),
        contracted_unit_price: f.cup.map(Fx::dec),
        commitment_discount_status: f.status.map(str::to_string),
        commitment_discount_quantity: f.cdq.map(Fx::dec),
        capacity_reservation_status: None,
        invoice_id: Some(invoice.to_string()),
        extras: f.extras.cloned(),
        provenance: Provenance { source_row: row },
    }
}

/// The incidents planted in the dataset `generate` produces for `opts`.
pub fn planted_anomalies(opts: &DemoOptions) -> Vec<PlantedAnomaly> {
    let plan = Plan::new(opts);
    plan.anomalies
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let day = a.from;
            let mut extra = 0;
            for m in plan.meters.iter().filter(|m| m.from <= day && day < m.to) {
                if m.new_anomaly == Some(i) {
                    extra += plan.usage(m, day, true).effective;
                } else if m.anomaly == Some(i) {
                    extra +=
                        plan.usage(m, day, true).effective - plan.usage(m, day, false).effective;
                }
            }
            let b = plan
                .acc
                .billing
                .iter()
                .find(|b| b.def.name == a.billing)
                .expect("anomaly account");
            let sub = plan.acc.find(a.billing, a.sub);
            PlantedAnomaly {
                day: plan.cal.date(day),
                provider: b.def.provider.name().to_string(),
                billing_account_id: b.id.clone(),
                service_name: b.def.provider.template(a.template).service.to_string(),
                extra_cost: dec(extra, 6),
                currency: b.def.currency.to_string(),
                kind: a.kind,
                last_day: plan.cal.date(a.to - 1),
                sub_account_id: plan.acc.subs[sub].id.clone(),
                description: a.what.to_string(),
            }
        })
        .collect()
}
