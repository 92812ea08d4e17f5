//! Small FOCUS bill files with known daily spend, imported through the
//! real importer into a real encrypted store: one AWS account with a
//! compute service of three instances and a storage bucket, a weekly cycle
//! and a little deterministic noise, one file per billing month (so a
//! month can be restated by importing it again with other amounts).

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::atomic::AtomicBool;

use chrono::{Datelike, Duration, NaiveDate};
use cloudlens_api::{CloudLens, ImportFile, ImportRequest, KeySource};
use zeroize::Zeroizing;

pub const ACCOUNT: &str = "111122223333";
pub const COMPUTE: &str = "Amazon Elastic Compute Cloud";
pub const STORAGE: &str = "Amazon Simple Storage Service";

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn open(dir: &tempfile::TempDir) -> CloudLens {
    let key = KeySource::Passphrase(Zeroizing::new("anomaly test".into()));
    CloudLens::open(
        &dir.path().join("s.db"),
        &key,
        cloudlens_api::Actor::fixed("tester"),
    )
    .unwrap()
}

/// One resource's cost on one day.
#[derive(Debug, Clone, PartialEq)]
pub struct Cost {
    pub day: NaiveDate,
    pub service: &'static str,
    pub resource: &'static str,
    pub region: &'static str,
    pub amount: f64,
}

/// Normal spend from `from` to `to` (inclusive).
pub fn normal(from: NaiveDate, to: NaiveDate) -> Vec<Cost> {
    let mut out = Vec::new();
    let mut day = from;
    let mut i: u64 = 0;
    while day <= to {
        let weekend = day.weekday().num_days_from_monday() >= 5;
        let noise = |k: u64| 1.0 + ((i * 7919 + k * 104_729) % 41) as f64 / 1000.0 - 0.02;
        let week = if weekend { 0.7 } else { 1.0 };
        for (k, (service, resource, region, base)) in [
            (COMPUTE, "i-0aaa", "us-east-1", 600.0),
            (COMPUTE, "i-0bbb", "us-east-1", 300.0),
            (COMPUTE, "i-0ccc", "eu-west-1", 200.0),
            (STORAGE, "bucket-logs", "us-east-1", 400.0),
        ]
        .into_iter()
        .enumerate()
        {
            let w = if service == STORAGE { 1.0 } else { week };
            out.push(Cost {
                day,
                service,
                resource,
                region,
                amount: base * w * noise(k as u64),
            });
        }
        day += Duration::days(1);
        i += 1;
    }
    out
}

/// Multiplies one resource's cost on `days`.
pub fn scale(costs: &mut [Cost], resource: &str, days: &[NaiveDate], by: f64) {
    for c in costs.iter_mut() {
        if c.resource == resource && days.contains(&c.day) {
            c.amount *= by;
        }
    }
}

fn month_end(day: NaiveDate) -> NaiveDate {
    let first = day.with_day(1).unwrap();
    if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1).unwrap()
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1).unwrap()
    }
}

const HEADER: &str =
    "BilledCost,EffectiveCost,BillingAccountId,BillingCurrency,BillingPeriodStart,\
BillingPeriodEnd,ChargeCategory,ChargePeriodStart,ChargePeriodEnd,ProviderName,ServiceName,\
SubAccountId,RegionId,ResourceId,SkuId";

fn csv(costs: &[&Cost]) -> String {
    let mut out = String::from(HEADER);
    out.push('\n');
    for c in costs {
        let amount = format!("{:.6}", c.amount);
        out.push_str(&format!(
            "{amount},{amount},{ACCOUNT},USD,{} 00:00:00,{} 00:00:00,Usage,{} 00:00:00,{} 00:00:00,\
             AWS,{},{ACCOUNT},{},{},SKU-{}\n",
            c.day.with_day(1).unwrap(),
            month_end(c.day),
            c.day,
            c.day + Duration::days(1),
            c.service,
            c.region,
            c.resource,
            c.service.len()
        ));
    }
    out
}

/// Imports `costs` as one FOCUS file per billing month.
pub fn import(cl: &mut CloudLens, dir: &tempfile::TempDir, tag: &str, costs: &[Cost]) {
    let mut months: BTreeMap<NaiveDate, Vec<&Cost>> = BTreeMap::new();
    for c in costs {
        months
            .entry(c.day.with_day(1).unwrap())
            .or_default()
            .push(c);
    }
    let mut files = Vec::new();
    for (month, list) in months {
        let path = dir.path().join(format!("{tag}-{month}.csv"));
        std::fs::write(&path, csv(&list)).unwrap();
        files.push(ImportFile {
            path: path.display().to_string(),
            format: Some("focus".into()),
        });
    }
    for f in files {
        cl.import_files(
            &ImportRequest {
                files: vec![f],
                lenient: false,
            },
            || 1_780_000_000,
            &AtomicBool::new(false),
            &mut |_| {},
        )
        .unwrap();
    }
}
