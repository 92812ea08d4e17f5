//! A deterministic, provider-neutral account: resources and their daily
//! bill items. Each provider module renders it in its own shapes.

use chrono::{Datelike, Duration, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceKind {
    Instance,
    Disk,
    Ip,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockResource {
    pub kind: ResourceKind,
    pub id: String,
    pub name: String,
    pub region: String,
    /// Product code as the provider's bill names it, in neutral form:
    /// `compute`, `disk`, `ip`; provider modules translate.
    pub instance_type: String,
    pub size_gib: u32,
    pub state: String,
    pub tags: Vec<(String, String)>,
    /// Unix seconds.
    pub created_at: i64,
    /// Daily cost in hundredths of the currency unit.
    pub daily_cents: i64,
    /// A yearly/monthly subscription (包年包月); `None` = pay-as-you-go.
    pub subscription: Option<Subscription>,
    /// A running instance that does nothing: its CPU stays under 3%.
    pub idle: bool,
    /// A running instance twice the size it needs: its CPU stays between
    /// 20% and 24%, which half its vCPUs would carry under 60%.
    pub oversized: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subscription {
    /// Unix seconds.
    pub expires_at: i64,
    pub auto_renew: bool,
}

/// One resource's cost on one day, in hundredths of the currency unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BillItem {
    pub resource: usize,
    pub day: NaiveDate,
    pub cents: i64,
}

#[derive(Debug, Clone)]
pub struct AccountSpec {
    pub seed: u64,
    pub resources: usize,
    /// Every resource bills on every day from `first_day` for `days` days.
    pub first_day: NaiveDate,
    pub days: u32,
    pub currency: String,
}

impl AccountSpec {
    /// A small realistic account: 60 resources over three months.
    pub fn realistic(first_day: NaiveDate) -> Self {
        Self {
            seed: 7,
            resources: 60,
            first_day,
            days: 90,
            currency: "CNY".into(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Account {
    pub billing_account: String,
    pub name: String,
    pub currency: String,
    pub regions: Vec<String>,
    pub resources: Vec<MockResource>,
    pub first_day: NaiveDate,
    pub days: u32,
    /// Added to one resource's one day (restatements the test asks for).
    pub adjustments: Vec<BillItem>,
}

const REGIONS: [&str; 3] = ["cn-hangzhou", "cn-shanghai", "cn-beijing"];
const TYPES: [(&str, i64); 4] = [
    ("g7.large", 1_150),
    ("g7.xlarge", 2_300),
    ("c7.2xlarge", 4_100),
    ("r7.large", 1_480),
];
/// The neutral sizes that translate to a size whose family has one with half
/// the vCPUs in the recommendations' instance table at one provider or more:
/// Alibaba `ecs.g7.xlarge` and `ecs.c7.2xlarge`, Huawei `c7.2xlarge.2`,
/// Tencent `S5.LARGE8` and `S5.2XLARGE16` (Huawei `s7.*` and Tencent `C6.*`
/// are not listed).
const HALVABLE: [&str; 3] = ["g7.large", "g7.xlarge", "c7.2xlarge"];
const TEAMS: [&str; 4] = ["payments", "search", "data", "platform"];

impl Account {
    pub fn generate(spec: &AccountSpec) -> Account {
        let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
        let mut resources = Vec::with_capacity(spec.resources);
        for i in 0..spec.resources {
            let region = REGIONS[i % REGIONS.len()].to_string();
            let created_at = spec.first_day.and_hms_opt(0, 0, 0).map_or(0, |t| {
                t.and_utc().timestamp() - rng.gen_range(1..400) * 86_400
            });
            let team = TEAMS[rng.gen_range(0..TEAMS.len())];
            // One resource in eight is untagged, as in real accounts.
            let tags = if i % 8 == 7 {
                vec![]
            } else {
                vec![
                    ("team".to_string(), team.to_string()),
                    (
                        "env".to_string(),
                        if i % 3 == 0 { "prod" } else { "dev" }.to_string(),
                    ),
                ]
            };
            let (kind, id, instance_type, size_gib, daily_cents) = match i % 5 {
                0..=2 => {
                    let (t, c) = TYPES[rng.gen_range(0..TYPES.len())];
                    (
                        ResourceKind::Instance,
                        format!("i-{:012x}", i),
                        t.to_string(),
                        0,
                        c,
                    )
                }
                3 => {
                    let size = [40u32, 100, 500][rng.gen_range(0..3)];
                    (
                        ResourceKind::Disk,
                        format!("d-{:012x}", i),
                        "cloud_essd".into(),
                        size,
                        size as i64 * 3,
                    )
                }
                _ => (
                    ResourceKind::Ip,
                    format!("eip-{:012x}", i),
                    "bgp".into(),
                    0,
                    480,
                ),
            };
            resources.push(MockResource {
                kind,
                name: format!("{}-{}", team, i),
                id,
                region,
                instance_type,
                size_gib,
                state: if i % 11 == 10 { "Stopped" } else { "Running" }.to_string(),
                tags,
                created_at,
                daily_cents,
                subscription: None,
                idle: false,
                oversized: false,
            });
        }
        Account {
            billing_account: format!("{}", 1_000_000_000_000u64 + spec.seed),
            name: "CloudLens Test Co.".into(),
            currency: spec.currency.clone(),
            regions: REGIONS.iter().map(|s| s.to_string()).collect(),
            resources,
            first_day: spec.first_day,
            days: spec.days,
            adjustments: vec![],
        }
    }

    /// Plants what savings recommendations look for as of `today`: every
    /// fourth running instance idle, every fourth from the third oversized
    /// where its size has a half size in the same family (`g7.large`,
    /// `g7.xlarge`, `c7.2xlarge`), and among the other running ones
    /// yearly/monthly subscriptions ending 10, 45, 75 (renewal due, no
    /// auto-renewal), 20 (renews by itself) and 200 days (not due) after
    /// `today`, at Beijing midnight.
    pub fn with_savings_to_find(mut self, today: NaiveDate) -> Account {
        let midnight = today
            .and_hms_opt(16, 0, 0)
            .map_or(0, |t| t.and_utc().timestamp());
        let terms = [
            (10, false),
            (45, false),
            (20, true),
            (75, false),
            (200, false),
        ];
        let (mut running, mut subscribed) = (0usize, 0usize);
        for r in &mut self.resources {
            if r.kind != ResourceKind::Instance || r.state != "Running" {
                continue;
            }
            running += 1;
            if running % 4 == 1 {
                r.idle = true;
            } else if running % 4 == 3 && HALVABLE.contains(&r.instance_type.as_str()) {
                r.oversized = true;
            } else if running % 4 == 2 && subscribed < terms.len() {
                let (days, auto_renew) = terms[subscribed];
                subscribed += 1;
                r.subscription = Some(Subscription {
                    expires_at: midnight + (days - 1) * 86_400,
                    auto_renew,
                });
            }
        }
        self
    }

    /// The CPU percent a planted instance (`index`) reports on day
    /// `ordinal`: under 3% when idle, 20% to 24% when oversized; `None` for
    /// the others, whose load each provider module draws in its own way.
    pub fn planted_cpu(&self, index: usize, ordinal: i64) -> Option<f64> {
        let r = self.resources.get(index)?;
        let wobble = (index as i64 * 7 + ordinal * 3).rem_euclid(24);
        if r.idle {
            Some((3 + wobble) as f64 / 10.0)
        } else if r.oversized {
            Some((200 + wobble + wobble / 2) as f64 / 10.0)
        } else {
            None
        }
    }

    /// The instance a disk or address in use is attached to: the first
    /// instance of its region (`None` when it is free or none runs there).
    pub fn attached_to(&self, resource: usize) -> Option<&str> {
        let r = &self.resources[resource];
        if r.kind == ResourceKind::Instance || r.state != "Running" {
            return None;
        }
        self.resources
            .iter()
            .find(|s| s.kind == ResourceKind::Instance && s.region == r.region)
            .map(|s| s.id.as_str())
    }

    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        (0..self.days).map(|d| self.first_day + Duration::days(d as i64))
    }

    /// Months (`YYYY-MM`) the account has bills in, oldest first.
    pub fn months(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for d in self.days() {
            let m = format!("{:04}-{:02}", d.year(), d.month());
            if out.last() != Some(&m) {
                out.push(m);
            }
        }
        out
    }

    /// A resource's cost on a day: its daily rate with a weekly rhythm, plus
    /// any adjustment.
    pub fn cents(&self, resource: usize, day: NaiveDate) -> i64 {
        let base = self.resources[resource].daily_cents;
        let weekday = day.weekday().num_days_from_monday() as i64;
        let rhythm = if weekday >= 5 { base / 10 } else { 0 };
        let adjust: i64 = self
            .adjustments
            .iter()
            .filter(|a| a.resource == resource && a.day == day)
            .map(|a| a.cents)
            .sum();
        base - rhythm + (resource as i64 % 7) + adjust
    }

    /// Every bill item of a day, in resource order.
    pub fn items_on(&self, day: NaiveDate) -> impl Iterator<Item = BillItem> + '_ {
        (0..self.resources.len()).map(move |r| BillItem {
            resource: r,
            day,
            cents: self.cents(r, day),
        })
    }

    /// The items from `offset` (at most `limit`) of `days`, each day in
    /// resource order, and how many items the days hold: a page costs its
    /// own size, not the items before it (every resource bills every day).
    pub fn items_page(
        &self,
        days: &[NaiveDate],
        offset: usize,
        limit: usize,
    ) -> (Vec<BillItem>, usize) {
        let per_day = self.resources.len();
        let total = per_day * days.len();
        let end = total.min(offset.saturating_add(limit));
        let items = (offset.min(end)..end)
            .map(|i| {
                let (day, resource) = (days[i / per_day], i % per_day);
                BillItem {
                    resource,
                    day,
                    cents: self.cents(resource, day),
                }
            })
            .collect();
        (items, total)
    }

    /// Every bill item of a month (`YYYY-MM`), day by day.
    pub fn items_in_month<'a>(&'a self, month: &'a str) -> impl Iterator<Item = BillItem> + 'a {
        self.days()
            .filter(move |d| format!("{:04}-{:02}", d.year(), d.month()) == month)
            .flat_map(move |d| self.items_on(d))
    }

    /// The month's total in hundredths.
    pub fn month_cents(&self, month: &str) -> i64 {
        self.items_in_month(month).map(|i| i.cents).sum()
    }
}

/// Formats hundredths as a decimal string (`1234` → `12.34`).
pub fn cents_text(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.abs();
    format!("{sign}{}.{:02}", c / 100, c % 100)
}
