//! Reading what the engine needs out of the store: the inventory with its
//! extra facts, daily utilisation, the cost lines of the analysis window
//! streamed into a [`CostBook`], and monthly list, contracted and effective
//! cost per provider, account and service from the daily rollup.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, Duration, NaiveDate};
use cloudlens_model::{day_start, month_start, utc_day};
use cloudlens_recommend::{
    BillingMode, CostBook, DiscountMonth, ResourceFacts, ResourceKind, Settings, UtilSample,
};
use cloudlens_store::{LineFilter, Metric, Reader, RollupDim};

use crate::{ApiError, ErrorCode};

pub(crate) struct Gathered {
    pub today: NaiveDate,
    pub inventory: Vec<ResourceFacts>,
    pub utilisation: HashMap<String, Vec<UtilSample>>,
    pub book: CostBook,
    pub discounts: Vec<DiscountMonth>,
}

impl Gathered {
    pub fn inputs(&self) -> cloudlens_recommend::Inputs<'_> {
        cloudlens_recommend::Inputs {
            today: self.today,
            inventory: &self.inventory,
            utilisation: &self.utilisation,
            book: &self.book,
            discounts: &self.discounts,
        }
    }

    /// Resources that exist: in the inventory, or billed in the last week.
    pub fn live(&self) -> HashSet<String> {
        let mut live: HashSet<String> = self.inventory.iter().map(|f| f.id.clone()).collect();
        let Some(last) = self.book.last_day() else {
            return live;
        };
        let week = last - Duration::days(6);
        for (id, rc) in self.book.resources() {
            if rc.last_day().is_some_and(|d| d >= week) {
                live.insert(id.clone());
            }
        }
        for c in self.book.commitments() {
            if c.days.keys().next_back().is_some_and(|d| *d >= week) {
                live.insert(c.id.clone());
            }
        }
        live
    }
}

/// Where the user's thresholds are kept, as JSON, among the store's settings.
pub(crate) const SETTINGS_KEY: &str = "recommendation_settings";

pub(crate) fn settings(r: &Reader) -> Result<Settings, ApiError> {
    match r.settings().get(SETTINGS_KEY)? {
        None => Ok(Settings::default()),
        Some(json) => serde_json::from_str(&json).map_err(|e| {
            ApiError::new(
                ErrorCode::Storage,
                format!("the saved recommendation settings do not read: {e}"),
            )
        }),
    }
}

fn tags(id: &str, json: &str) -> Result<Vec<(String, String)>, ApiError> {
    serde_json::from_str(json).map_err(|e| {
        ApiError::new(
            ErrorCode::Storage,
            format!("inventory resource {id}: tags are not a list of [key, value] pairs: {e}"),
        )
    })
}

fn inventory(r: &Reader) -> Result<Vec<ResourceFacts>, ApiError> {
    let accounts: HashMap<String, Option<String>> = r
        .sync()
        .connections()?
        .into_iter()
        .map(|c| (c.name, c.billing_account))
        .collect();
    r.recommendations()
        .inventory_records()?
        .into_iter()
        .map(|f| {
            Ok(ResourceFacts {
                tags: tags(&f.row.id, &f.row.tags)?,
                provider: f.row.provider,
                kind: ResourceKind::parse(&f.row.kind),
                name: f.row.name,
                region: f.row.region,
                billing_account: accounts.get(&f.connection).cloned().flatten(),
                state: f.row.state,
                size: f.row.size,
                created_at: f.row.created_at,
                seen_at: f.row.last_seen,
                attached: f.extra.attached,
                attached_to: f.extra.attached_to,
                billing_mode: f.extra.billing_mode.as_deref().and_then(BillingMode::parse),
                expires_at: f.extra.expires_at,
                auto_renew: f.extra.auto_renew,
                id: f.row.id,
            })
        })
        .collect()
}

/// One day's samples of one resource, summed for an average.
#[derive(Default)]
struct DaySum {
    cpu: f64,
    cpu_samples: u32,
    memory: f64,
    memory_samples: u32,
}

/// Daily samples per resource; several samples in a day are averaged.
fn utilisation(r: &Reader, since: NaiveDate) -> Result<HashMap<String, Vec<UtilSample>>, ApiError> {
    let mut days: HashMap<String, BTreeMap<NaiveDate, DaySum>> = HashMap::new();
    for s in r.recommendations().utilisation_since(day_start(since))? {
        let Some(day) = utc_day(s.at) else { continue };
        let e = days
            .entry(s.resource_id)
            .or_default()
            .entry(day)
            .or_default();
        e.cpu += s.cpu_percent;
        e.cpu_samples += 1;
        if let Some(m) = s.memory_percent {
            e.memory += m;
            e.memory_samples += 1;
        }
    }
    Ok(days
        .into_iter()
        .map(|(id, d)| {
            let samples = d
                .into_iter()
                .map(|(day, s)| UtilSample {
                    day,
                    cpu: s.cpu / f64::from(s.cpu_samples.max(1)),
                    memory: (s.memory_samples > 0).then(|| s.memory / f64::from(s.memory_samples)),
                })
                .collect();
            (id, samples)
        })
        .collect())
}

/// Monthly sums of the four cost metrics from `from` (a month start) on.
pub(crate) fn discounts(
    r: &Reader,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DiscountMonth>, ApiError> {
    let group = [
        RollupDim::Provider,
        RollupDim::BillingAccount,
        RollupDim::Service,
        RollupDim::Month,
        RollupDim::Currency,
    ];
    let mut by_key: BTreeMap<Vec<String>, DiscountMonth> = BTreeMap::new();
    for metric in [
        Metric::Billed,
        Metric::Effective,
        Metric::List,
        Metric::Contracted,
    ] {
        for row in r.lines().aggregate(from, to, metric, &group)? {
            let [provider, account, service, month, currency] = &row.keys[..] else {
                continue;
            };
            let m = by_key
                .entry(row.keys.clone())
                .or_insert_with(|| DiscountMonth {
                    provider: provider.clone(),
                    billing_account: account.clone(),
                    service: service.clone(),
                    month: month.clone(),
                    currency: currency.clone(),
                    billed: Default::default(),
                    effective: Default::default(),
                    list: Default::default(),
                    contracted: Default::default(),
                });
            match metric {
                Metric::Billed => m.billed = row.amount,
                Metric::Effective => m.effective = row.amount,
                Metric::List => m.list = row.amount,
                Metric::Contracted => m.contracted = row.amount,
            }
        }
    }
    Ok(by_key.into_values().collect())
}

/// Everything the engine reads, as of `today`, from one commit (the bills,
/// inventory and utilisation agree even while a sync writes).
pub(crate) fn gather(
    r: &Reader,
    today: NaiveDate,
    settings: &Settings,
) -> Result<Gathered, ApiError> {
    r.lines()
        .consistent(|_| gather_consistent(r, today, settings))
}

fn gather_consistent(
    r: &Reader,
    today: NaiveDate,
    settings: &Settings,
) -> Result<Gathered, ApiError> {
    let last = r.lines().latest_day()?.map_or(today, |d| d.min(today));
    let book_to = last + Duration::days(1);
    let mut book = CostBook::ending(book_to, settings.bill_days());
    let (from, to) = book.window();
    let filter = LineFilter {
        from: Some(day_start(from)),
        to: Some(day_start(to)),
        ..LineFilter::default()
    };
    r.lines().scan_lines::<ApiError>(&filter, |line| {
        book.add(&line);
        Ok(())
    })?;
    let months_from = month_start(last - Duration::days(i64::from(last.day()) + 200));
    Ok(Gathered {
        today,
        inventory: inventory(r)?,
        utilisation: utilisation(r, last - Duration::days(45))?,
        discounts: discounts(r, months_from, book_to)?,
        book,
    })
}
