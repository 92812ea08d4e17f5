//! The facts of each line, computed from the plan for a day or a month.
//! Both passes over a month go through here: one to total what taxes and
//! credits are based on, one to write the lines, so the two cannot disagree.

use std::convert::Infallible;
use std::sync::Arc;

use cloudlens_model::LineDims;

use crate::commit::Amort;
use crate::fixed::{cost, ratio, Fx};
use crate::meter::Meter;
use crate::plan::Plan;
use crate::rng::mix;
use crate::shape::{quantity, Day, Demand};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Cat {
    Usage,
    Other,
}

/// One line before it becomes a `CostLine`; amounts in micros.
#[derive(Clone, Copy)]
pub struct Fact<'a> {
    pub dims: &'a Arc<LineDims>,
    pub cat: Cat,
    pub key: u32,
    pub billing: u16,
    pub group: u8,
    pub start: i64,
    pub end: i64,
    pub billed: i64,
    pub effective: i64,
    pub list: i64,
    pub contracted: i64,
    pub qty: Option<Fx>,
    pub consumed: Option<Fx>,
    pub lup: Option<Fx>,
    pub cup: Option<Fx>,
    pub status: Option<&'static str>,
    pub cdq: Option<Fx>,
    pub extras: Option<&'a String>,
}

/// Per month: the credit and tax amounts, fixed before the month's lines.
pub struct Book {
    pub credits: Vec<(u32, i64)>,
    pub taxes: Vec<(u32, [i64; 4])>,
}

impl Plan {
    fn flat<'a>(
        &self,
        dims: &'a Arc<LineDims>,
        key: u32,
        billing: u16,
        group: u8,
        span: (i64, i64),
        amount: i64,
    ) -> Fact<'a> {
        Fact {
            dims,
            cat: Cat::Other,
            key,
            billing,
            group,
            start: span.0,
            end: span.1,
            billed: amount,
            effective: amount,
            list: amount,
            contracted: amount,
            qty: None,
            consumed: None,
            lup: None,
            cup: None,
            status: None,
            cdq: None,
            extras: None,
        }
    }

    /// A meter's line for `day`; `anomalies` off gives the counterfactual.
    pub fn usage<'a>(&'a self, m: &'a Meter, day: u32, anomalies: bool) -> Fact<'a> {
        let cal = &self.cal;
        let month = cal.month(day);
        let h = mix(m.seed, u64::from(day));
        let g = m.billing as usize;
        let anomaly = match m.anomaly {
            Some(a) if anomalies && self.anomalies[a].active(day) => self.anomalies[a].mult_ppm,
            _ => 1_000_000,
        };
        let demand = Demand {
            kind: m.kind,
            base: m.base,
            qs: m.qs,
            env: m.env,
            prod_weekend: m.prod_weekend,
        };
        let shape = Day {
            weekend: cal.weekend[day as usize],
            dim: month.dim,
            growth: u64::from(self.growth[g][day as usize]),
            storage_growth: u64::from(self.storage_growth[g][day as usize]),
            h,
            anomaly,
        };
        let q = Fx::new(quantity(&demand, &shape), m.qs);
        let list = cost(m.list, q);
        // Spot prices float between roughly a quarter and two fifths of on-demand.
        let cup = if m.spot {
            Fx::new(
                (m.list.m * (250_000 + (mix(h, 1) % 150_000) as i64) / 1_000_000).max(1),
                m.list.s,
            )
        } else {
            m.contracted
        };
        let contracted = cost(cup, q);
        let mut f = Fact {
            dims: &m.dims,
            cat: Cat::Usage,
            key: m.key,
            billing: m.billing,
            group: m.group,
            start: cal.day_ts[day as usize],
            end: cal.day_ts[day as usize + 1],
            billed: contracted,
            effective: contracted,
            list,
            contracted,
            qty: Some(q),
            consumed: Some(Fx::new(q.m * m.consumed_factor, q.s)),
            lup: Some(m.list),
            cup: Some(cup),
            status: None,
            cdq: None,
            extras: m.extras.as_ref(),
        };
        if let Some(c) = m.covered.as_ref().filter(|c| day >= c.from) {
            let commit = &self.commits[c.commit];
            f.dims = &c.dims;
            f.extras = c.extras.as_ref();
            f.billed = 0;
            f.status = Some("Used");
            if matches!(commit.amort, Amort::SavingsPlan { .. }) {
                f.effective = cost(c.rate, q);
                f.cdq = Some(Fx::micros(f.effective));
            } else {
                f.effective = commit.share(cal, day);
                f.cdq = Some(q);
            }
        }
        f
    }

    pub fn day<'a, E>(
        &'a self,
        day: u32,
        f: &mut impl FnMut(Fact<'a>) -> Result<(), E>,
    ) -> Result<(), E> {
        let span = (
            self.cal.day_ts[day as usize],
            self.cal.day_ts[day as usize + 1],
        );
        for &c in &self.one_time[day as usize] {
            let c = &self.commits[c as usize];
            let mut p = self.flat(&c.purchase, c.key, c.billing, c.group, span, c.price);
            p.effective = 0;
            p.list = c.list_price;
            p.qty = Some(Fx::new(1, 0));
            p.lup = Some(Fx::micros(c.list_price));
            p.cup = Some(Fx::micros(c.price));
            p.cdq = Some(Fx::new(8760, 0));
            f(p)?;
        }
        let mut sp_used = 0;
        for m in &self.meters {
            if day < m.from || day >= m.to {
                continue;
            }
            let line = self.usage(m, day, true);
            if m.covered.as_ref().is_some_and(|c| c.commit == self.sp) {
                sp_used += line.effective;
            }
            f(line)?;
            if let Some((_, dims)) = m.correction.as_ref().filter(|(d, _)| *d == day) {
                // A tenth of the day's metering was counted twice and is taken back.
                let q = line.qty.unwrap_or(Fx::new(0, 0));
                let back = Fx::new(-(q.m / 10), q.s);
                let cup = line.cup.unwrap_or(m.contracted);
                let amount = cost(cup, back);
                let mut c = line;
                c.dims = dims;
                c.qty = Some(back);
                c.consumed = Some(Fx::new(back.m * m.consumed_factor, back.s));
                c.list = cost(m.list, back);
                c.contracted = amount;
                c.billed = amount;
                c.effective = amount;
                f(c)?;
            }
        }
        let sp = &self.commits[self.sp];
        if let (Amort::SavingsPlan { hourly }, Some(dims)) = (sp.amort, sp.unused.as_ref()) {
            if sp.from <= day && day < sp.to {
                let unused = hourly * 24 - sp_used;
                let mut u = self.flat(dims, sp.key, sp.billing, sp.group, span, 0);
                u.cat = Cat::Usage;
                u.effective = unused;
                u.list = 0;
                u.contracted = 0;
                u.status = Some("Unused");
                u.cdq = Some(Fx::micros(unused));
                f(u)?;
            }
        }
        Ok(())
    }

    /// Recurring purchases billed on the first of the month.
    pub fn month_purchases<'a, E>(
        &'a self,
        mi: usize,
        f: &mut impl FnMut(Fact<'a>) -> Result<(), E>,
    ) -> Result<(), E> {
        let month = &self.cal.months[mi];
        let span = (month.start_ts, month.end_ts);
        for c in &self.commits {
            if !c.recurring() || month.first < c.from || month.first >= c.to {
                continue;
            }
            let hours = i64::from(month.dim) * 24;
            let mut p = self.flat(&c.purchase, c.key, c.billing, c.group, span, c.price);
            p.effective = 0;
            match c.amort {
                Amort::SavingsPlan { hourly } => {
                    let fee = hourly * hours;
                    p.billed = fee;
                    p.list = fee;
                    p.contracted = fee;
                    p.qty = Some(Fx::new(hours, 0));
                    p.lup = Some(Fx::micros(hourly));
                    p.cup = Some(Fx::micros(hourly));
                    p.cdq = Some(Fx::micros(fee));
                }
                _ => {
                    p.list = c.list_price;
                    p.qty = Some(Fx::new(1, 0));
                    p.lup = Some(Fx::micros(c.list_price));
                    p.cup = Some(Fx::micros(c.price));
                    p.cdq = Some(Fx::new(hours, 0));
                }
            }
            f(p)?;
        }
        Ok(())
    }

    /// Totals each key's month so credits and taxes can be billed on its first day.
    pub fn book(&self, mi: usize) -> Book {
        let month = &self.cal.months[mi];
        let mut sums = vec![[0i64; 5]; self.keys.len()];
        let mut add = |f: Fact| -> Result<(), Infallible> {
            let s = &mut sums[f.key as usize];
            s[0] += f.billed;
            s[1] += f.effective;
            s[2] += f.list;
            s[3] += f.contracted;
            if f.cat == Cat::Usage {
                s[4] += f.billed;
            }
            Ok(())
        };
        let Ok(()) = self.month_purchases(mi, &mut add);
        for d in month.first..month.end {
            let Ok(()) = self.day(d, &mut add);
        }
        let mut credits = Vec::new();
        for &p in &self.credit_by_month[mi] {
            let prog = &self.credits[p as usize];
            let mut key = prog.keys[0];
            for &k in &prog.keys {
                if sums[k as usize][4] > sums[key as usize][4] {
                    key = k;
                }
            }
            let amount = -ratio(sums[key as usize][4], prog.bp, 10_000).min(prog.cap);
            for s in &mut sums[key as usize][..4] {
                *s += amount;
            }
            credits.push((key, amount));
        }
        for a in self.adjustments.iter().filter(|a| a.month == mi) {
            for s in &mut sums[a.key as usize][..4] {
                *s += a.amount;
            }
        }
        let taxes = self.tax_by_month[mi]
            .iter()
            .map(|&k| {
                let bp = self.acc.billing_of(self.keys[k as usize].sub).def.tax_bp;
                let s = &sums[k as usize];
                (k, [0, 1, 2, 3].map(|i| ratio(s[i], bp, 10_000)))
            })
            .collect();
        Book { credits, taxes }
    }

    /// Credits, adjustments and taxes of a month, after its purchases.
    pub fn month_charges<'a, E>(
        &'a self,
        mi: usize,
        book: &Book,
        f: &mut impl FnMut(Fact<'a>) -> Result<(), E>,
    ) -> Result<(), E> {
        let month = &self.cal.months[mi];
        let span = (month.start_ts, month.end_ts);
        let at = |k: u32| {
            let b = self.acc.subs[self.keys[k as usize].sub].billing;
            (b as u16, self.acc.billing[b].group as u8)
        };
        for &(k, amount) in &book.credits {
            let (b, g) = at(k);
            let dims = self.keys[k as usize].credit.as_ref().expect("credit dims");
            f(self.flat(dims, k, b, g, span, amount))?;
        }
        for a in self.adjustments.iter().filter(|a| a.month == mi) {
            let (b, g) = at(a.key);
            f(self.flat(&a.dims, a.key, b, g, span, a.amount))?;
        }
        for &(k, t) in &book.taxes {
            let (b, g) = at(k);
            let dims = self.keys[k as usize].tax.as_ref().expect("tax dims");
            let mut line = self.flat(dims, k, b, g, span, t[0]);
            line.effective = t[1];
            line.list = t[2];
            line.contracted = t[3];
            f(line)?;
        }
        Ok(())
    }
}
