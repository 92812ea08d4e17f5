//! Exact totals per provider, currency and month, summed in integer micros
//! from the same facts the lines are built from, not from the lines.

use rust_decimal::Decimal;

use crate::day::Fact;
use crate::plan::Plan;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupTotals {
    pub provider_name: String,
    pub billing_currency: String,
    /// `YYYY-MM` of the billing period.
    pub month: String,
    pub billed: Decimal,
    pub effective: Decimal,
    pub list: Decimal,
    pub contracted: Decimal,
    pub lines: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DemoTotals {
    pub lines: u64,
    /// Sorted by provider, currency, month; only groups with lines.
    pub groups: Vec<GroupTotals>,
}

impl DemoTotals {
    pub fn get(&self, provider: &str, currency: &str, month: &str) -> Option<&GroupTotals> {
        self.groups.iter().find(|g| {
            g.provider_name == provider && g.billing_currency == currency && g.month == month
        })
    }
}

pub struct Accumulator {
    months: usize,
    sums: Vec<[i128; 4]>,
    lines: Vec<u64>,
}

impl Accumulator {
    pub fn new(plan: &Plan) -> Self {
        let n = plan.acc.groups.len() * plan.cal.months.len();
        Accumulator {
            months: plan.cal.months.len(),
            sums: vec![[0; 4]; n],
            lines: vec![0; n],
        }
    }

    pub fn add(&mut self, month: usize, f: &Fact) {
        let i = f.group as usize * self.months + month;
        let s = &mut self.sums[i];
        s[0] += i128::from(f.billed);
        s[1] += i128::from(f.effective);
        s[2] += i128::from(f.list);
        s[3] += i128::from(f.contracted);
        self.lines[i] += 1;
    }

    pub fn finish(self, plan: &Plan) -> DemoTotals {
        let dec = |v: i128| Decimal::from_i128_with_scale(v, 6).normalize();
        let mut groups = Vec::new();
        for (g, (provider, currency)) in plan.acc.groups.iter().enumerate() {
            for (m, month) in plan.cal.months.iter().enumerate() {
                let i = g * self.months + m;
                if self.lines[i] == 0 {
                    continue;
                }
                let s = self.sums[i];
                groups.push(GroupTotals {
                    provider_name: provider.to_string(),
                    billing_currency: currency.to_string(),
                    month: month.label.clone(),
                    billed: dec(s[0]),
                    effective: dec(s[1]),
                    list: dec(s[2]),
                    contracted: dec(s[3]),
                    lines: self.lines[i],
                });
            }
        }
        groups.sort_by(|a, b| {
            (&a.provider_name, &a.billing_currency, &a.month).cmp(&(
                &b.provider_name,
                &b.billing_currency,
                &b.month,
            ))
        });
        DemoTotals {
            lines: self.lines.iter().sum(),
            groups,
        }
    }
}
