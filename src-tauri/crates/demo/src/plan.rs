//! Everything decided before the first line is written: accounts, resources,
//! meters with their shared dims, commitments, which tax and credit lines each
//! month has, and the planted anomalies. Generation then only walks days.

use std::collections::HashMap;
use std::sync::Arc;

use cloudlens_model::{ChargeCategory, ChargeFrequency, LineDims};

use crate::accounts::Accounts;
use crate::anomaly::{self, AnomalyKind, AnomalyPlan};
use crate::calendar::Calendar;
use crate::catalog::Provider;
use crate::commit::{self, Amort, Commitment};
use crate::fixed::{cost, ratio, rescale, Fx, POW10};
use crate::ids::{self, Ctx};
use crate::meter::{account_dims, correction_dims, Covered, Meter, ResInfo};
use crate::population::{
    self, ResCommit, Resource, BIGQUERY_ANCHOR, CDN_ANCHOR, LOG_ANCHOR, SP_SERVICE,
};
use crate::rng::Rng;
use crate::shape::growth_table;
use crate::DemoOptions;

/// A (sub-account, service) pair: the grain of tax and credit lines.
pub struct Key {
    pub sub: usize,
    pub tax: Option<Arc<LineDims>>,
    pub credit: Option<Arc<LineDims>>,
}

pub struct CreditProgram {
    pub bp: i64,
    pub cap: i64,
    /// Keys of the sub-account; the credit lands on the one with most usage.
    pub keys: Vec<u32>,
}

pub struct Adjustment {
    pub month: usize,
    pub key: u32,
    pub amount: i64,
    pub dims: Arc<LineDims>,
}

pub struct Plan {
    pub cal: Calendar,
    pub acc: Accounts,
    pub meters: Vec<Meter>,
    pub commits: Vec<Commitment>,
    pub sp: usize,
    pub keys: Vec<Key>,
    pub tax_by_month: Vec<Vec<u32>>,
    pub credits: Vec<CreditProgram>,
    pub credit_by_month: Vec<Vec<u32>>,
    pub adjustments: Vec<Adjustment>,
    pub one_time: Vec<Vec<u32>>,
    pub growth: Vec<Vec<u32>>,
    pub storage_growth: Vec<Vec<u32>>,
    pub anomalies: Vec<AnomalyPlan>,
    pub invoices: Vec<Vec<String>>,
    pub expected_lines: u64,
    /// The resources in the order their meters were made (`Resource::meters` each).
    pub resources: Vec<Resource>,
}

struct Keys {
    index: HashMap<(usize, &'static str), u32>,
    list: Vec<(usize, &'static str, &'static str, &'static str)>,
}

impl Keys {
    fn get(&mut self, sub: usize, svc: (&'static str, &'static str, &'static str)) -> u32 {
        *self.index.entry((sub, svc.0)).or_insert_with(|| {
            self.list.push((sub, svc.0, svc.1, svc.2));
            (self.list.len() - 1) as u32
        })
    }
}

/// Rough daily list cost of a resource in USD micros, for choosing which
/// resources go untagged.
fn estimate(r: &Resource, acc: &Accounts) -> i64 {
    let t = r.tpl;
    let mut total = 0;
    for (i, m) in t.meters[..r.meters].iter().enumerate() {
        let price = match t.sizes.get(r.size) {
            Some(s) if m.sized && s.price > 0 => s.price,
            _ => m.price,
        };
        let per_day = match m.kind {
            crate::catalog::Kind::DiskHour | crate::catalog::Kind::ObjectHour => r.bases[i] * 24,
            crate::catalog::Kind::DiskMonth | crate::catalog::Kind::ObjectMonth => r.bases[i] / 30,
            _ => r.bases[i],
        };
        total += cost(
            Fx::new(price, m.ps),
            Fx::new(per_day as i64 * POW10[m.qs as usize], m.qs),
        );
    }
    let b = acc.billing_of(r.sub).def;
    if b.currency == "CNY" {
        total /= 7;
    }
    total * i64::from(r.to - r.from)
}

/// About an eighth of spend carries no tags at all: pick resources in random
/// order until their estimated cost reaches that share. The forgotten GPU
/// endpoint is untagged on purpose, as such things usually are.
fn choose_untagged(resources: &mut [Resource], acc: &Accounts, seed: u64) {
    let est: Vec<i64> = resources.iter().map(|r| estimate(r, acc)).collect();
    let total: i64 = est.iter().sum();
    let budget = total / 100 * 12;
    let mut order: Vec<usize> = (0..resources.len()).collect();
    let mut rng = Rng::new(seed, 6);
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i as u64 + 1) as usize);
    }
    let mut used = 0;
    for (i, r) in resources.iter_mut().enumerate() {
        if r.anomaly.is_some() {
            r.untagged = true;
            used += est[i];
        }
    }
    for i in order {
        if !resources[i].untagged && used + est[i] <= budget {
            resources[i].untagged = true;
            used += est[i];
        }
    }
}

fn invoice_id(provider: Provider, label: &str, rng: &mut Rng) -> String {
    let ym = label.replace('-', "");
    let ctx = Ctx::default();
    match provider {
        Provider::Aws | Provider::Gcp => ids::render("{digits:10}", &ctx, rng),
        Provider::Azure => ids::render("G0{digits:8}", &ctx, rng),
        Provider::Alibaba => format!("{ym}{}", ids::render("{digits:10}", &ctx, rng)),
        Provider::Tencent => format!("TC{ym}{}", ids::render("{digits:8}", &ctx, rng)),
        Provider::Huawei => format!("CS{}{}", &ym[2..], ids::render("{HEX:10}", &ctx, rng)),
    }
}

impl Plan {
    pub fn new(opts: &DemoOptions) -> Plan {
        let cal = Calendar::new(opts.end);
        let acc = Accounts::new(opts.seed);
        let anomalies = anomaly::plan(&cal, opts.seed);
        let mut pop = population::populate(opts.lines, opts.seed, &cal, &acc, &anomalies);
        choose_untagged(&mut pop.resources, &acc, opts.seed);

        let mut keys = Keys {
            index: HashMap::new(),
            list: Vec::new(),
        };
        let mut commits = Vec::new();
        let mut meters = Vec::new();
        let sp_who = commit::savings_plan_identity(&acc, pop.sp_owner, &mut Rng::new(opts.seed, 5));

        for r in &pop.resources {
            let mut info = ResInfo::new(&acc, r);
            let billing = acc.subs[r.sub].billing;
            let bdef = acc.billing[billing].def;
            for i in 0..r.meters {
                let m = &r.tpl.meters[i];
                let dims = info.usage_dims(i);
                let key = keys.get(r.sub, (r.tpl.service, r.tpl.category, r.tpl.subcategory));
                let list = info.list_price(m);
                let covered = match r.commit {
                    _ if !m.kind.committable() => None,
                    ResCommit::None => None,
                    ResCommit::SavingsPlan => {
                        let rate = rescale(list, 6 - m.qs);
                        Some(Covered {
                            from: r.from,
                            commit: usize::MAX,
                            dims: Arc::new(commit::covered_dims(&info, i, &sp_who, &dims)),
                            rate: Fx::new(ratio(rate.m, 72, 100), rate.s),
                            extras: info.extras(m),
                        })
                    }
                    _ => {
                        let t = commit::terms(&mut info, i);
                        let purchase = commit::purchase_dims(&mut info, i, &t, &dims);
                        let one_time = match t.amort {
                            Amort::Yearly { .. } => r.purchase_days(&cal),
                            _ => Vec::new(),
                        };
                        commits.push(Commitment {
                            amort: t.amort,
                            price: t.price,
                            list_price: t.list_price,
                            purchase: Arc::new(purchase),
                            unused: None,
                            from: r.from,
                            to: r.to,
                            one_time,
                            key,
                            billing: billing as u16,
                            group: acc.billing[billing].group as u8,
                        });
                        Some(Covered {
                            from: t.covered_from,
                            commit: commits.len() - 1,
                            dims: Arc::new(commit::covered_dims(&info, i, &t.who, &dims)),
                            rate: Fx::new(0, 0),
                            extras: info.extras(m),
                        })
                    }
                };
                meters.push(Meter {
                    extras: info.extras(m),
                    dims: Arc::new(dims),
                    covered,
                    correction: None,
                    from: r.from,
                    to: r.to,
                    kind: m.kind,
                    base: r.bases[i],
                    qs: m.qs,
                    list,
                    contracted: info.contracted_price(list),
                    consumed_factor: m.consumed_factor,
                    spot: r.tpl.spot,
                    env: r.env,
                    prod_weekend: bdef.weekend_ppm,
                    seed: crate::rng::mix(r.seed, i as u64),
                    anomaly: None,
                    new_anomaly: r.anomaly,
                    key,
                    sub: r.sub as u32,
                    billing: billing as u16,
                    group: acc.billing[billing].group as u8,
                });
            }
        }

        // The Savings Plan is sized a little above what it covers on day one,
        // so it shows a small, growing unused share as covered hosts retire.
        let used_day_one: i64 = meters
            .iter()
            .filter(|m| m.from == 0)
            .filter_map(|m| {
                m.covered
                    .as_ref()
                    .filter(|c| c.commit == usize::MAX)
                    .map(|c| (m, c))
            })
            .map(|(m, c)| cost(c.rate, Fx::new(m.base as i64 * POW10[m.qs as usize], m.qs)))
            .sum();
        let hourly = (ratio(used_day_one, 104, 100 * 24) / 1000 + 1) * 1000;
        let (purchase, unused) = commit::savings_plan_dims(&acc, pop.sp_owner, &sp_who, hourly);
        let sp_billing = acc.subs[pop.sp_owner].billing;
        commits.push(Commitment {
            amort: Amort::SavingsPlan { hourly },
            price: 0,
            list_price: 0,
            purchase: Arc::new(purchase),
            unused: Some(Arc::new(unused)),
            from: 0,
            to: cal.days,
            one_time: Vec::new(),
            key: keys.get(pop.sp_owner, (SP_SERVICE, "Compute", "Other (Compute)")),
            billing: sp_billing as u16,
            group: acc.billing[sp_billing].group as u8,
        });
        let sp = commits.len() - 1;
        for m in &mut meters {
            if let Some(c) = m.covered.as_mut().filter(|c| c.commit == usize::MAX) {
                c.commit = sp;
            }
        }

        let mut plan = Plan {
            tax_by_month: vec![Vec::new(); cal.months.len()],
            credit_by_month: vec![Vec::new(); cal.months.len()],
            one_time: vec![Vec::new(); cal.days as usize],
            growth: acc
                .billing
                .iter()
                .map(|b| growth_table(cal.days, b.def.growth_bp))
                .collect(),
            storage_growth: acc
                .billing
                .iter()
                .map(|b| growth_table(cal.days, b.def.growth_bp + 150))
                .collect(),
            invoices: Vec::new(),
            keys: Vec::new(),
            credits: Vec::new(),
            adjustments: Vec::new(),
            expected_lines: pop.ledger.lines,
            resources: Vec::new(),
            meters,
            commits,
            sp,
            anomalies,
            cal,
            acc,
        };
        plan.charges(keys, &pop, opts.seed);
        plan.incidents();
        plan.resources = pop.resources;
        plan
    }

    /// Tax, credit and adjustment lines, and invoice ids.
    fn charges(&mut self, keys: Keys, pop: &population::Population, seed: u64) {
        let acc = &self.acc;
        for &(sub, service, category, subcategory) in &keys.list {
            let b = acc.billing_of(sub).def;
            let svc = (service, category, subcategory);
            let tax = (b.tax_bp > 0).then(|| {
                let mut d = account_dims(acc, sub, svc, ChargeCategory::Tax);
                d.charge_frequency = Some(ChargeFrequency::Recurring);
                d.charge_description = Some(b.tax_desc.to_string());
                Arc::new(d)
            });
            let credit = acc.subs[sub].def.credit.map(|_| {
                let mut d = account_dims(acc, sub, svc, ChargeCategory::Credit);
                d.charge_frequency = Some(ChargeFrequency::OneTime);
                d.charge_description = Some(b.credit_desc.to_string());
                Arc::new(d)
            });
            self.keys.push(Key { sub, tax, credit });
        }
        for &(sub, service, m) in &pop.ledger.tax {
            self.tax_by_month[m as usize].push(keys.index[&(sub, service)]);
        }
        for (sub, s) in acc.subs.iter().enumerate() {
            if let Some((bp, cap)) = s.def.credit {
                let keys = (0..self.keys.len() as u32)
                    .filter(|&k| self.keys[k as usize].sub == sub)
                    .collect();
                self.credits.push(CreditProgram {
                    bp,
                    cap: cap * 1_000_000,
                    keys,
                });
                for m in 0..self.cal.months.len() {
                    if pop.ledger.credit.contains(&(sub, m as u16)) {
                        self.credit_by_month[m].push((self.credits.len() - 1) as u32);
                    }
                }
            }
        }
        for list in &mut self.tax_by_month {
            list.sort_unstable();
        }
        for (i, c) in self.commits.iter().enumerate() {
            for &d in &c.one_time {
                self.one_time[d as usize].push(i as u32);
            }
        }
        let adjustments = [
            (
                BIGQUERY_ANCHOR,
                3,
                150_000_000,
                "Billing adjustment: prior-period rounding true-up",
            ),
            (
                LOG_ANCHOR,
                6,
                -42_500_000,
                "Billing adjustment: duplicate ingestion refund",
            ),
            (
                CDN_ANCHOR,
                9,
                880_000_000,
                "账单调整 Billing adjustment: 流量计费修正",
            ),
        ];
        for (anchor, month, amount, desc) in adjustments {
            let m = &self.meters[anchor];
            let d = &m.dims;
            let mut a = account_dims(
                acc,
                m.sub as usize,
                (&d.service_name, &d.service_category, ""),
                ChargeCategory::Adjustment,
            );
            a.service_subcategory = d.service_subcategory.clone();
            a.charge_frequency = Some(ChargeFrequency::OneTime);
            a.charge_description = Some(desc.to_string());
            self.adjustments.push(Adjustment {
                month: month.min(self.cal.months.len() - 1),
                key: m.key,
                amount,
                dims: Arc::new(a),
            });
        }
        for (anchor, pct) in [(BIGQUERY_ANCHOR, 20), (CDN_ANCHOR, 40)] {
            let m = &mut self.meters[anchor];
            m.correction = Some((
                self.cal.days * pct / 100,
                Arc::new(correction_dims(&m.dims)),
            ));
        }
        let mut rng = Rng::new(seed, 4);
        for month in &self.cal.months {
            let ids = self
                .acc
                .billing
                .iter()
                .map(|b| invoice_id(b.def.provider, &month.label, &mut rng))
                .collect();
            self.invoices.push(ids);
        }
    }

    /// Tie planted spikes and step changes to every demand meter of the
    /// affected service in the affected billing account.
    fn incidents(&mut self) {
        for (i, a) in self.anomalies.iter().enumerate() {
            if a.kind == AnomalyKind::NewResource {
                continue;
            }
            let b = self
                .acc
                .billing
                .iter()
                .position(|b| b.def.name == a.billing)
                .expect("anomaly account");
            let service = self.acc.billing[b]
                .def
                .provider
                .template(a.template)
                .service;
            for m in &mut self.meters {
                if m.billing as usize == b
                    && m.dims.service_name == service
                    && m.kind.demand()
                    && m.covered.is_none()
                {
                    m.anomaly = Some(i);
                }
            }
        }
    }
}
