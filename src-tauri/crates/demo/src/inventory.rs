//! The demo's inventory on its last day, consistent with its bill lines:
//! every resource still billed on the last day that a provider's inventory
//! API would list (instances, databases, disks, addresses, load balancers),
//! with its id, region, size and tags as the lines show them, its billing
//! mode and expiry from its commitment, and thirty days of daily CPU (and
//! memory where the provider reports it without an agent). Some resources
//! are planted for the recommendations: idle and oversized instances,
//! stopped subscriptions (still billed, as subscriptions are), disks and
//! addresses attached to nothing, yearly subscriptions about to lapse.
//! Integer arithmetic and hashes of the ids only, so it is deterministic.

use std::collections::{HashMap, HashSet};

use chrono::Duration;

use crate::catalog::{Provider, Template};
use crate::ids::name_hash;
use crate::meter::Meter;
use crate::plan::Plan;
use crate::population::{ResCommit, Resource};
use crate::rng::mix;
use crate::DemoOptions;

/// The connection name the demo's inventory is stored under.
pub const DEMO_CONNECTION: &str = "demo";

/// Days of utilisation per resource.
pub const SAMPLE_DAYS: u32 = 30;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoResource {
    /// The provider key the inventory uses (`alibaba`, `aws`...).
    pub provider: &'static str,
    /// `instance`, `database`, `disk`, `ip` or `load_balancer`.
    pub kind: &'static str,
    pub id: String,
    pub name: Option<String>,
    pub region: String,
    pub state: &'static str,
    pub size: Option<String>,
    pub tags: Vec<(String, String)>,
    pub created_at: i64,
    pub attached: Option<bool>,
    pub attached_to: Option<String>,
    /// `subscription` or `pay_as_you_go`.
    pub billing_mode: &'static str,
    pub expires_at: Option<i64>,
    pub auto_renew: Option<bool>,
}

/// One day's utilisation; percent, as the monitoring APIs report it.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoSample {
    pub resource_id: String,
    /// Start of the day, Unix seconds.
    pub at: i64,
    pub cpu: f64,
    pub memory: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemoInventory {
    /// When the inventory was read: the end of the last day.
    pub seen_at: i64,
    pub resources: Vec<DemoResource>,
    pub samples: Vec<DemoSample>,
}

fn key(p: Provider) -> &'static str {
    match p {
        Provider::Alibaba => "alibaba",
        Provider::Tencent => "tencent",
        Provider::Huawei => "huawei",
        Provider::Aws => "aws",
        Provider::Azure => "azure",
        Provider::Gcp => "gcp",
    }
}

/// The kind a template's resources have in an inventory, if they are listed.
fn kind(p: Provider, t: &Template) -> Option<&'static str> {
    let k = match (p, t.key) {
        (_, "ecs" | "cvm" | "ec2" | "vm" | "gce") => "instance",
        (_, "rds" | "mysql" | "sql" | "cloudsql") => "database",
        (_, "cbs" | "evs") => "disk",
        (Provider::Alibaba | Provider::Huawei, "eip") => "ip",
        (_, "slb" | "clb" | "elb" | "lb") => "load_balancer",
        (_, "natgw") => "nat_gateway",
        _ => return None,
    };
    Some(k)
}

/// The provider's own state words.
fn words(p: Provider, kind: &str, active: bool) -> &'static str {
    match (p, kind, active) {
        (Provider::Alibaba, "disk", true) => "In_use",
        (Provider::Alibaba, "ip", true) => "InUse",
        (Provider::Alibaba, "disk" | "ip", false) => "Available",
        (Provider::Alibaba, _, true) => "Running",
        (Provider::Alibaba, _, false) => "Stopped",
        (Provider::Tencent, "disk", true) => "ATTACHED",
        (Provider::Tencent, "disk", false) => "UNATTACHED",
        (Provider::Tencent, _, true) => "RUNNING",
        (Provider::Tencent, _, false) => "STOPPED",
        (Provider::Huawei, "disk", true) => "in-use",
        (Provider::Huawei, "disk", false) => "available",
        (Provider::Huawei, "ip", false) => "DOWN",
        (Provider::Huawei, _, true) => "ACTIVE",
        (Provider::Huawei, _, false) => "SHUTOFF",
        (Provider::Aws, "disk", true) => "in-use",
        (Provider::Aws, "disk" | "database", _) => "available",
        (Provider::Aws, _, true) => "running",
        (Provider::Aws, _, false) => "stopped",
        (Provider::Azure, "disk", true) => "Attached",
        (Provider::Azure, "disk", false) => "Unattached",
        (Provider::Azure, "database", _) => "Online",
        (Provider::Azure, _, true) => "VM running",
        (Provider::Azure, _, false) => "VM deallocated",
        (Provider::Gcp, "disk", _) => "READY",
        (Provider::Gcp, "database", _) => "RUNNABLE",
        (Provider::Gcp, _, true) => "RUNNING",
        (Provider::Gcp, _, false) => "TERMINATED",
    }
}

/// A number in `0..100` fixed by the id (and a purpose), the same on every run.
fn roll(id: &str, purpose: &str) -> u64 {
    name_hash(&[id, purpose]) % 100
}

/// How a planted instance behaves.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Load {
    Idle,
    Light,
    Busy,
}

/// Tenths of a percent, drawn from the id and the day.
fn tenths(id: &str, day: u32, lo: u64, span: u64) -> f64 {
    let h = mix(name_hash(&[id]), u64::from(day));
    (lo + h % span.max(1)) as f64 / 10.0
}

struct Builder<'a> {
    plan: &'a Plan,
    out: DemoInventory,
    /// Ids already listed: ids made from names can repeat, and a provider
    /// lists one resource per id.
    listed: HashSet<String>,
    /// Each listed resource's provider, and which subscriptions are yearly.
    providers: HashMap<String, Provider>,
    yearly: HashSet<String>,
}

impl Builder<'_> {
    fn samples(&mut self, id: &str, load: Load, memory: bool) {
        let cal = &self.plan.cal;
        let (cpu, mem) = match load {
            Load::Idle => ((5, 25), (100, 80)),
            Load::Light => ((90, 130), (150, 120)),
            Load::Busy => ((350, 300), (300, 300)),
        };
        let first = cal.days.saturating_sub(SAMPLE_DAYS);
        for day in first..cal.days {
            self.out.samples.push(DemoSample {
                resource_id: id.to_string(),
                at: cal.day_ts[day as usize],
                cpu: tenths(id, day, cpu.0, cpu.1),
                memory: memory.then(|| tenths(id, day + 1_000, mem.0, mem.1)),
            });
        }
    }

    /// Billing mode, expiry and auto-renewal from the resource's commitment.
    fn subscription(&self, r: &Resource) -> (&'static str, Option<i64>, Option<bool>) {
        let cal = &self.plan.cal;
        let expiry = |day: i64| cal.start + Duration::days(day);
        let ts = |d: chrono::NaiveDate| cloudlens_model::day_start(d);
        match r.commit {
            ResCommit::Monthly => {
                let last = cal.date(cal.days - 1);
                (
                    "subscription",
                    Some(ts(cloudlens_model::next_month(last))),
                    Some(true),
                )
            }
            ResCommit::Yearly { start } => {
                let mut end = i64::from(start);
                while end < i64::from(cal.days) {
                    end += 365;
                }
                ("subscription", Some(ts(expiry(end))), None)
            }
            _ => ("pay_as_you_go", None, None),
        }
    }

    fn resource(&mut self, r: &Resource, meters: &[Meter]) {
        let plan = self.plan;
        let provider = plan.acc.billing_of(r.sub).def.provider;
        let Some(kind) = kind(provider, r.tpl) else {
            return;
        };
        let Some(first) = meters.first() else {
            return;
        };
        let d = &first.dims;
        let Some(id) = d.resource_id.clone().filter(|id| !self.listed.contains(id)) else {
            return;
        };
        self.listed.insert(id.clone());
        let (billing_mode, expires_at, mut auto_renew) = self.subscription(r);
        let subscribed = billing_mode == "subscription";
        if matches!(r.commit, ResCommit::Yearly { .. }) {
            // Half the yearly plans renew themselves; the rest lapse unless renewed.
            auto_renew = Some(roll(&id, "renew") < 50);
            self.yearly.insert(id.clone());
        }
        self.providers.insert(id.clone(), provider);
        let mut active = true;
        let mut attached = None;
        let planted = roll(&id, "plant");
        match kind {
            "instance" => {
                let memory = matches!(provider, Provider::Azure | Provider::Tencent);
                if subscribed && planted < 10 {
                    active = false;
                } else {
                    let load = match planted {
                        _ if subscribed && planted < 22 => Load::Light,
                        0..=6 if !subscribed => Load::Idle,
                        7..=24 => Load::Light,
                        _ => Load::Busy,
                    };
                    self.samples(&id, load, memory);
                }
            }
            "database" => self.samples(
                &id,
                if planted < 6 { Load::Idle } else { Load::Busy },
                false,
            ),
            "disk" | "ip" => attached = Some(planted >= 30),
            _ => {}
        }
        let size = r.tpl.sizes.get(r.size).map(|s| s.name.to_string());
        let created_at = plan.cal.day_ts[r.from as usize];
        let tags: Vec<(String, String)> =
            d.tags.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        let region = d.region_id.clone().unwrap_or_default();
        // Disks that bill under their own id (a VM's volume) are attached to it;
        // a few AWS volumes were detached and left behind.
        for m in &meters[1..] {
            let Some(disk) = m
                .dims
                .resource_id
                .clone()
                .filter(|v| !self.listed.contains(v))
            else {
                continue;
            };
            self.listed.insert(disk.clone());
            self.providers.insert(disk.clone(), provider);
            let free = provider == Provider::Aws && roll(&disk, "plant") < 4;
            self.out.resources.push(DemoResource {
                provider: key(provider),
                kind: "disk",
                state: words(provider, "disk", !free),
                attached: Some(!free),
                attached_to: (!free).then(|| id.clone()),
                name: m.dims.resource_name.clone(),
                region: region.clone(),
                size: None,
                tags: tags.clone(),
                created_at,
                billing_mode: "pay_as_you_go",
                expires_at: None,
                auto_renew: None,
                id: disk,
            });
        }
        self.out.resources.push(DemoResource {
            provider: key(provider),
            kind,
            state: words(provider, kind, attached.unwrap_or(active)),
            attached,
            attached_to: None,
            name: d.resource_name.clone(),
            region,
            size: if kind == "instance" || kind == "database" {
                size
            } else {
                None
            },
            tags,
            created_at,
            billing_mode,
            expires_at,
            auto_renew,
            id,
        });
    }
}

/// The resource of `pick` the roll of `purpose` puts first, if any.
fn first_by_roll<'a>(
    out: &'a mut [DemoResource],
    purpose: &str,
    pick: impl Fn(&DemoResource) -> bool,
) -> Option<&'a mut DemoResource> {
    out.iter_mut()
        .filter(|r| pick(r))
        .min_by_key(|r| (roll(&r.id, purpose), r.id.clone()))
}

impl Builder<'_> {
    /// Small datasets may roll none of a planted kind: plant one of each
    /// where a resource can carry it, so the recommendations show every kind.
    fn ensure(&mut self) {
        let sampled: HashSet<String> = self
            .out
            .samples
            .iter()
            .map(|s| s.resource_id.clone())
            .collect();
        let res = &mut self.out.resources;
        let stopped = |r: &DemoResource| {
            r.kind == "instance" && r.billing_mode == "subscription" && !sampled.contains(&r.id)
        };
        if !res.iter().any(stopped) {
            if let Some(r) = first_by_roll(res, "plant", |r| {
                r.kind == "instance" && r.billing_mode == "subscription"
            }) {
                r.state = words(self.providers[&r.id], "instance", false);
                let id = r.id.clone();
                self.out.samples.retain(|s| s.resource_id != id);
            }
        }
        for kind in ["disk", "ip"] {
            if !res
                .iter()
                .any(|r| r.kind == kind && r.attached == Some(false))
            {
                if let Some(r) = first_by_roll(res, "plant", |r| r.kind == kind) {
                    r.attached = Some(false);
                    r.attached_to = None;
                    r.state = words(self.providers[&r.id], kind, false);
                }
            }
        }
        let horizon = self.out.seen_at + 90 * 86_400;
        let yearly = &self.yearly;
        let lapsing =
            |r: &DemoResource| yearly.contains(&r.id) && r.expires_at.is_some_and(|e| e <= horizon);
        if !res
            .iter()
            .any(|r| lapsing(r) && r.auto_renew == Some(false))
        {
            if let Some(r) = first_by_roll(res, "renew", lapsing) {
                r.auto_renew = Some(false);
            }
        }
        let idle = |s: &[&DemoSample]| s.iter().all(|x| x.cpu < 5.0);
        let mut by_id: HashMap<&str, Vec<&DemoSample>> = HashMap::new();
        for s in &self.out.samples {
            by_id.entry(s.resource_id.as_str()).or_default().push(s);
        }
        let payg_instance =
            |r: &DemoResource| r.kind == "instance" && r.billing_mode == "pay_as_you_go";
        let any_idle = self
            .out
            .resources
            .iter()
            .filter(|r| payg_instance(r))
            .any(|r| by_id.get(r.id.as_str()).is_some_and(|s| idle(s)));
        if !any_idle {
            let pick = self
                .out
                .resources
                .iter()
                .filter(|r| payg_instance(r))
                .min_by_key(|r| (roll(&r.id, "plant"), r.id.clone()))
                .map(|r| {
                    (
                        r.id.clone(),
                        matches!(self.providers[&r.id], Provider::Azure | Provider::Tencent),
                    )
                });
            if let Some((id, memory)) = pick {
                self.out.samples.retain(|s| s.resource_id != id);
                self.samples(&id, Load::Idle, memory);
            }
        }
    }
}

/// The inventory of the dataset `generate` produces for `opts`.
pub fn inventory(opts: &DemoOptions) -> DemoInventory {
    let plan = Plan::new(opts);
    let last = plan.cal.days;
    let mut b = Builder {
        plan: &plan,
        out: DemoInventory {
            seen_at: plan.cal.day_ts[last as usize],
            resources: Vec::new(),
            samples: Vec::new(),
        },
        listed: HashSet::new(),
        providers: HashMap::new(),
        yearly: HashSet::new(),
    };
    let mut at = 0;
    for r in &plan.resources {
        let meters = &plan.meters[at..at + r.meters];
        at += r.meters;
        if r.to == last && !r.tpl.spot {
            b.resource(r, meters);
        }
    }
    b.ensure();
    b.out
}
