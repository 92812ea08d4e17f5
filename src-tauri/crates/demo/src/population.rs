//! Who runs what, where and when: the resource population, sized so the
//! dataset lands on the requested line count by adding or removing resources,
//! never by cutting days.

use std::collections::HashSet;

use crate::accounts::Accounts;
use crate::anomaly::{AnomalyKind, AnomalyPlan};
use crate::calendar::Calendar;
use crate::catalog::{Commit, Template};
use crate::naming::{self, Env};
use crate::rng::Rng;

/// How a resource's committable meters are paid for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResCommit {
    None,
    /// 包月: renewed every calendar month.
    Monthly,
    /// 包年: a 365-day term that began `start` days into the window (negative:
    /// before it) and renews on its anniversary.
    Yearly {
        start: i32,
    },
    SavingsPlan,
    /// Reserved instance bought on day `from`; on-demand before that.
    Reserved {
        from: u32,
    },
}

pub struct Resource {
    pub sub: usize,
    pub tpl: &'static Template,
    pub size: usize,
    pub region: usize,
    pub zone: usize,
    pub env: Env,
    pub team: usize,
    pub project: usize,
    pub role: &'static str,
    pub seq: u32,
    pub from: u32,
    pub to: u32,
    /// How many of the template's meters this resource bills (anchors use one).
    pub meters: usize,
    pub bases: Vec<u64>,
    pub commit: ResCommit,
    pub untagged: bool,
    pub seed: u64,
    /// Index of the NewResource anomaly this resource is.
    pub anomaly: Option<usize>,
}

impl Resource {
    /// Days on which meter `i` is billed pay-as-you-go (not covered).
    pub fn billed_days(&self, i: usize) -> (u32, u32) {
        if !self.tpl.meters[i].kind.committable() {
            return (self.from, self.to);
        }
        match self.commit {
            ResCommit::None => (self.from, self.to),
            ResCommit::Reserved { from } => (self.from, self.to.min(from)),
            _ => (self.from, self.from),
        }
    }

    pub fn covered_meters(&self) -> usize {
        if self.commit == ResCommit::None || self.commit == ResCommit::SavingsPlan {
            return 0;
        }
        self.tpl.meters[..self.meters]
            .iter()
            .filter(|m| m.kind.committable())
            .count()
    }

    /// Days on which this resource's commitment issues a purchase line.
    pub fn purchase_days(&self, cal: &Calendar) -> Vec<u32> {
        match self.commit {
            ResCommit::Monthly => cal
                .months_between(self.from, self.to)
                .map(|m| cal.months[m].first)
                .collect(),
            ResCommit::Yearly { start } => (0..)
                .map(|k| start + 365 * k)
                .take_while(|d| *d < self.to as i32)
                .filter(|d| *d >= self.from as i32)
                .map(|d| d as u32)
                .collect(),
            ResCommit::Reserved { from } => vec![from],
            _ => Vec::new(),
        }
    }
}

/// (sub-account, service, month).
pub type TaxKey = (usize, &'static str, u16);
/// (sub-account, month).
pub type CreditKey = (usize, u16);

/// Lines the dataset will have, kept exactly as resources are added, so the
/// total can be steered onto the target.
pub struct Ledger {
    pub lines: u64,
    /// (sub-account, service, month) with billed charges: one Tax line each
    /// where the billing account is taxed.
    pub tax: HashSet<TaxKey>,
    /// (sub-account, month) with pay-as-you-go usage: one Credit line each
    /// where the sub-account has a credit program.
    pub credit: HashSet<CreditKey>,
}

impl Ledger {
    fn changes(
        &self,
        r: &Resource,
        cal: &Calendar,
        acc: &Accounts,
    ) -> (u64, Vec<TaxKey>, Vec<CreditKey>) {
        let mut lines = 0;
        let taxed = acc.billing_of(r.sub).def.tax_bp > 0;
        let credited = acc.subs[r.sub].def.credit.is_some();
        let mut tax = Vec::new();
        let mut credit = Vec::new();
        let mut note = |tax: &mut Vec<_>, m: usize, usage: bool| {
            let key = (r.sub, r.tpl.service, m as u16);
            if taxed && !self.tax.contains(&key) && !tax.contains(&key) {
                tax.push(key);
            }
            let ck = (r.sub, m as u16);
            if usage && credited && !self.credit.contains(&ck) && !credit.contains(&ck) {
                credit.push(ck);
            }
        };
        for i in 0..r.meters {
            lines += u64::from(r.to - r.from);
            let (a, b) = r.billed_days(i);
            for m in cal.months_between(a, b) {
                note(&mut tax, m, true);
            }
        }
        let buys = r.purchase_days(cal);
        lines += (buys.len() * r.covered_meters()) as u64;
        for d in buys {
            note(&mut tax, cal.month_of[d as usize] as usize, false);
        }
        lines += (tax.len() + credit.len()) as u64;
        (lines, tax, credit)
    }

    fn add(&mut self, r: &Resource, cal: &Calendar, acc: &Accounts) -> u64 {
        let (lines, tax, credit) = self.changes(r, cal, acc);
        self.lines += lines;
        self.tax.extend(tax);
        self.credit.extend(credit);
        lines
    }
}

pub struct Population {
    pub resources: Vec<Resource>,
    pub ledger: Ledger,
    /// The sub-account that owns the Savings Plan.
    pub sp_owner: usize,
}

/// Fixed lines besides the resources' own: corrections and adjustments
/// planted on skeleton anchors (the Savings Plan's lines are counted in
/// `populate`).
pub const CORRECTIONS: u64 = 2;
pub const ADJUSTMENTS: u64 = 3;
pub const SP_SERVICE: &str = "Savings Plans for AWS Compute usage";

struct Drawer<'a> {
    cal: &'a Calendar,
    acc: &'a Accounts,
    rng: Rng,
}

impl Drawer<'_> {
    fn base(&mut self, lo: u64, hi: u64) -> u64 {
        // Squared uniform: most resources are small, a few are large.
        let r = self.rng.below(1000);
        lo + (hi - lo) * r * r / 1_000_000
    }

    fn place(&mut self, sub: usize, tpl: &'static Template, env: Env) -> Resource {
        let acc = self.acc;
        let billing = acc.billing_of(sub);
        let regions = &billing.regions;
        let region = if self.rng.percent(55) {
            regions[0]
        } else {
            *self.rng.pick(regions)
        };
        let zones = billing.def.provider.regions()[region].zones.len();
        let team = naming::team(self.rng.pick_str(acc.subs[sub].def.teams));
        let size = self.rng.below(tpl.sizes.len() as u64) as usize;
        let mut r = Resource {
            sub,
            tpl,
            size,
            region,
            zone: self.rng.below(zones as u64) as usize,
            env,
            team,
            project: self.rng.below(naming::TEAMS[team].projects.len() as u64) as usize,
            role: self.rng.pick_str(tpl.roles),
            seq: 1 + self.rng.below(12) as u32,
            from: 0,
            to: self.cal.days,
            meters: tpl.meters.len(),
            bases: Vec::with_capacity(tpl.meters.len()),
            commit: ResCommit::None,
            untagged: false,
            seed: self.rng.next(),
            anomaly: None,
        };
        for m in tpl.meters {
            let mut b = self.base(m.lo, m.hi);
            if m.sized {
                b *= tpl.sizes[size].mult;
            }
            r.bases.push(b);
        }
        r
    }

    fn template(&mut self, sub: usize, filter: impl Fn(&Template) -> bool) -> &'static Template {
        let provider = self.acc.provider(sub);
        let boost = self.acc.subs[sub].def.boost;
        let tpls = provider.templates();
        let weights: Vec<u64> = tpls
            .iter()
            .map(|t| {
                if filter(t) {
                    t.weight * if boost.contains(&t.key) { 4 } else { 1 }
                } else {
                    0
                }
            })
            .collect();
        &tpls[self.rng.weighted(&weights)]
    }

    fn env(&mut self, sub: usize) -> Env {
        match self.acc.subs[sub].def.env {
            Env::Prod if self.rng.percent(8) => Env::Staging,
            Env::Prod if self.rng.percent(5) => Env::Dev,
            e => e,
        }
    }

    fn random(&mut self, sub: usize) -> Resource {
        let tpl = self.template(sub, |t| t.weight > 0);
        let env = self.env(sub);
        let mut r = self.place(sub, tpl, env);
        let days = self.cal.days;
        if tpl.short {
            let len = self.rng.between(2, 45).min(u64::from(days)) as u32;
            r.from = self.rng.below(u64::from(days - len + 1)) as u32;
            r.to = r.from + len;
        } else {
            if !self.rng.percent(75) {
                r.from = self
                    .rng
                    .between(1, u64::from(days.saturating_sub(8).max(1)))
                    as u32;
            }
            let churn = if env == Env::Prod { 15 } else { 35 };
            if self.rng.percent(churn) && days - r.from > 7 {
                r.to = r.from + self.rng.between(7, u64::from(days - r.from)) as u32;
            }
        }
        self.commit(&mut r);
        r
    }

    fn commit(&mut self, r: &mut Resource) {
        let billing = self.acc.billing_of(r.sub);
        if r.env != Env::Prod {
            return;
        }
        match r.tpl.commit {
            Commit::Subscription if billing.def.currency == "CNY" && self.rng.percent(45) => {
                r.to = self.cal.days;
                if self.rng.percent(70) {
                    r.commit = ResCommit::Monthly;
                    r.from = if self.rng.percent(75) {
                        0
                    } else {
                        self.cal.months
                            [1 + self.rng.below(self.cal.months.len() as u64 - 1) as usize]
                            .first
                    };
                } else {
                    r.from = 0;
                    r.commit = ResCommit::Yearly {
                        start: -(self.rng.between(1, 364) as i32),
                    };
                }
            }
            Commit::SavingsPlan
                if billing.def.name == "Acme Corp" && r.from == 0 && self.rng.percent(65) =>
            {
                r.commit = ResCommit::SavingsPlan;
            }
            _ => {}
        }
    }

    fn fill(&mut self, sub: usize, max_len: u32) -> Resource {
        let tpl = self.template(sub, |t| {
            t.weight > 0 && t.meters[0].kind == crate::catalog::Kind::Hours
        });
        let env = self.acc.subs[sub].def.env;
        let mut r = self.place(sub, tpl, env);
        r.meters = 1;
        let days = self.cal.days;
        let len = (self.rng.between(3, 60) as u32).min(max_len).min(days);
        r.from = self.rng.below(u64::from(days - len + 1)) as u32;
        r.to = r.from + len;
        r
    }
}

/// One anchor of the fixed skeleton: resources that must exist at any size
/// because commitments and planted anomalies hang off them.
struct Anchor {
    billing: &'static str,
    sub: &'static str,
    tpl: &'static str,
    size: &'static str,
    commit: fn(&Calendar) -> ResCommit,
    anomaly: Option<usize>,
}

const ANCHORS: &[Anchor] = &[
    Anchor {
        billing: "Acme Corp",
        sub: "payments-prod",
        tpl: "ec2",
        size: "m6i.2xlarge",
        commit: |_| ResCommit::SavingsPlan,
        anomaly: None,
    },
    Anchor {
        billing: "Acme Corp",
        sub: "payments-prod",
        tpl: "rds",
        size: "db.r6g.xlarge",
        commit: |c| ResCommit::Reserved {
            from: c.days * 3 / 10,
        },
        anomaly: None,
    },
    Anchor {
        billing: "Acme Corp",
        sub: "ml-research",
        tpl: "sagemaker",
        size: "ml.t3.medium",
        commit: |_| ResCommit::None,
        anomaly: None,
    },
    Anchor {
        billing: "Acme Corp",
        sub: "ml-research",
        tpl: "sagemaker",
        size: "ml.p4d.24xlarge",
        commit: |_| ResCommit::None,
        anomaly: Some(2),
    },
    Anchor {
        billing: "Acme Data & Analytics",
        sub: "acme-datalake-prod",
        tpl: "bigquery",
        size: "",
        commit: |_| ResCommit::None,
        anomaly: None,
    },
    Anchor {
        billing: "电商平台-生产",
        sub: "营销活动",
        tpl: "cdn",
        size: "",
        commit: |_| ResCommit::None,
        anomaly: None,
    },
    Anchor {
        billing: "Acme Corporation",
        sub: "Payments Production",
        tpl: "loganalytics",
        size: "",
        commit: |_| ResCommit::None,
        anomaly: None,
    },
    Anchor {
        billing: "电商平台-生产",
        sub: "交易中心",
        tpl: "ecs",
        size: "ecs.g7.xlarge",
        commit: |_| ResCommit::Monthly,
        anomaly: None,
    },
];

/// Index of the skeleton anchors that carry corrections and adjustments.
pub const BIGQUERY_ANCHOR: usize = 4;
pub const CDN_ANCHOR: usize = 5;
pub const LOG_ANCHOR: usize = 6;

pub fn populate(
    target: u64,
    seed: u64,
    cal: &Calendar,
    acc: &Accounts,
    anomalies: &[AnomalyPlan],
) -> Population {
    let mut d = Drawer {
        cal,
        acc,
        rng: Rng::new(seed, 2),
    };
    let mut ledger = Ledger {
        lines: CORRECTIONS + ADJUSTMENTS,
        tax: HashSet::new(),
        credit: HashSet::new(),
    };
    let mut resources = Vec::new();

    // The Savings Plan: a monthly fee, a daily unused row, and the fee's tax.
    let sp_owner = acc.find("Acme Corp", "shared-services");
    let months = cal.months.len() as u64;
    ledger.lines += u64::from(cal.days) + months + months;
    for m in 0..cal.months.len() {
        ledger.tax.insert((sp_owner, SP_SERVICE, m as u16));
    }

    for a in ANCHORS {
        let sub = acc.find(a.billing, a.sub);
        let tpl = acc.provider(sub).template(a.tpl);
        let mut r = d.place(sub, tpl, Env::Prod);
        r.size = tpl.sizes.iter().position(|s| s.name == a.size).unwrap_or(0);
        r.meters = 1;
        let m0 = &tpl.meters[0];
        r.bases[0] = (m0.lo + (m0.hi - m0.lo) / 4) * tpl.sizes.get(r.size).map_or(1, |s| s.mult);
        r.commit = (a.commit)(cal);
        if let Some(i) = a.anomaly {
            debug_assert_eq!(anomalies[i].kind, AnomalyKind::NewResource);
            r.from = anomalies[i].from;
            r.anomaly = Some(i);
        }
        ledger.add(&r, cal, acc);
        resources.push(r);
    }

    let weights: Vec<u64> = acc.subs.iter().map(|s| s.def.weight).collect();
    // One resource per billing account first, taking providers in turn, so
    // small datasets still show every provider and as many accounts as fit.
    let mut order: Vec<usize> = (0..acc.billing.len()).collect();
    order.sort_by_key(|&b| {
        let p = acc.billing[b].def.provider;
        (
            acc.billing
                .iter()
                .take(b)
                .filter(|x| x.def.provider == p)
                .count(),
            p,
        )
    });
    for b in order {
        let subs = acc.billing[b].subs.clone();
        let sub = subs.start + d.rng.weighted(&weights[subs]);
        let r = d.random(sub);
        if ledger.lines + ledger.changes(&r, cal, acc).0 <= target {
            ledger.add(&r, cal, acc);
            resources.push(r);
        }
    }
    loop {
        let sub = d.rng.weighted(&weights);
        let r = d.random(sub);
        if ledger.lines + ledger.changes(&r, cal, acc).0 > target {
            break;
        }
        ledger.add(&r, cal, acc);
        resources.push(r);
    }

    let fill_subs: Vec<usize> = (0..acc.subs.len())
        .filter(|&s| {
            let b = acc.billing_of(s).def;
            b.tax_bp == 0 && acc.subs[s].def.env != Env::Prod && acc.subs[s].def.credit.is_none()
        })
        .collect();
    while ledger.lines < target {
        let sub = *d.rng.pick(&fill_subs);
        let r = d.fill(sub, (target - ledger.lines).min(u64::from(u32::MAX)) as u32);
        let added = ledger.add(&r, cal, acc);
        debug_assert_eq!(added, u64::from(r.to - r.from));
        resources.push(r);
    }

    Population {
        resources,
        ledger,
        sp_owner,
    }
}
