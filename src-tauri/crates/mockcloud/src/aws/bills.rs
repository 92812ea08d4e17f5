//! Cost Explorer `GetCostAndUsage` (JSON 1.1): `DAILY` or `MONTHLY`
//! results between `TimePeriod.Start` and the exclusive `End`, grouped by
//! `SERVICE` and `LINKED_ACCOUNT` when asked, amounts as strings, paged by
//! `NextPageToken` over the groups.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::{json, Value};

use super::errors::{error, ok, Shape};
use super::inventory::service;
use crate::{cents_text, Account, RawResponse};

fn bad(message: &str) -> RawResponse {
    error(Shape::Json, 400, "ValidationException", message)
}

pub fn cost_and_usage(body: &[u8], account: &Account, page_size: usize) -> RawResponse {
    let Ok(req) = serde_json::from_slice::<Value>(body) else {
        return bad("The request body is not JSON.");
    };
    let date = |k: &str| {
        req.get("TimePeriod")
            .and_then(|t| t.get(k))
            .and_then(Value::as_str)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    };
    let (Some(start), Some(end)) = (date("Start"), date("End")) else {
        return bad("TimePeriod.Start and TimePeriod.End must be YYYY-MM-DD.");
    };
    if end <= start {
        return bad("Start date (inclusive) must be before end date (exclusive).");
    }
    let daily = match req.get("Granularity").and_then(Value::as_str) {
        Some("DAILY") => true,
        Some("MONTHLY") => false,
        _ => return bad("Granularity must be DAILY or MONTHLY."),
    };
    let keys: Vec<&str> = req
        .get("GroupBy")
        .and_then(Value::as_array)
        .map(|g| {
            g.iter()
                .filter_map(|x| x.get("Key").and_then(Value::as_str))
                .collect()
        })
        .unwrap_or_default();
    if keys
        .iter()
        .any(|k| !matches!(*k, "SERVICE" | "LINKED_ACCOUNT"))
        || keys.len() > 2
    {
        return bad("Only SERVICE and LINKED_ACCOUNT groupings are mocked (at most two).");
    }
    // (period start, group keys) → cents, in order.
    let mut sums: BTreeMap<(NaiveDate, Vec<String>), i64> = BTreeMap::new();
    for day in account.days().filter(|d| *d >= start && *d < end) {
        let bucket = if daily {
            day
        } else {
            NaiveDate::from_ymd_opt(
                chrono::Datelike::year(&day),
                chrono::Datelike::month(&day),
                1,
            )
            .unwrap_or(day)
        };
        for item in account.items_on(day) {
            let group: Vec<String> = keys
                .iter()
                .map(|k| match *k {
                    "SERVICE" => service(account.resources[item.resource].kind).2.to_string(),
                    _ => account.billing_account.clone(),
                })
                .collect();
            *sums.entry((bucket, group)).or_default() += item.cents;
        }
    }
    let entries: Vec<((NaiveDate, Vec<String>), i64)> = sums.into_iter().collect();
    let offset = match req.get("NextPageToken").and_then(Value::as_str) {
        None => 0,
        Some(t) => match t
            .strip_prefix("page-")
            .and_then(|n| n.parse::<usize>().ok())
        {
            Some(n) => n,
            None => return bad("The NextPageToken is not valid."),
        },
    };
    let end_at = entries.len().min(offset + page_size.max(1));
    let page = &entries[offset.min(end_at)..end_at];
    let mut results: Vec<Value> = Vec::new();
    let mut current: Option<NaiveDate> = None;
    for ((period, group), cents) in page {
        if current != Some(*period) {
            let next = if daily {
                period.succ_opt().unwrap_or(*period)
            } else {
                period
                    .checked_add_months(chrono::Months::new(1))
                    .unwrap_or(*period)
            };
            results.push(json!({
                "TimePeriod": {"Start": period.to_string(), "End": next.min(end).to_string()},
                "Total": {},
                "Groups": [],
                "Estimated": false,
            }));
            current = Some(*period);
        }
        let amount = json!({"Amount": cents_text(*cents), "Unit": account.currency});
        let Some(last) = results.last_mut() else {
            continue;
        };
        if keys.is_empty() {
            last["Total"] = json!({"UnblendedCost": amount, "AmortizedCost": amount});
        } else if let Some(groups) = last["Groups"].as_array_mut() {
            groups.push(json!({"Keys": group, "Metrics": {"UnblendedCost": amount, "AmortizedCost": amount}}));
        }
    }
    let mut answer = json!({
        "GroupDefinitions": keys.iter().map(|k| json!({"Type": "DIMENSION", "Key": k})).collect::<Vec<_>>(),
        "ResultsByTime": results,
        "DimensionValueAttributes": [],
    });
    if end_at < entries.len() {
        answer["NextPageToken"] = Value::String(format!("page-{end_at}"));
    }
    ok(
        Shape::Json,
        "application/x-amz-json-1.1",
        answer.to_string().into_bytes(),
    )
}
