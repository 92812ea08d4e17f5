//! Cost Explorer `GetCostAndUsage`: daily unblended and amortized cost by
//! service and linked account, for accounts without a Data Export (and as
//! the `api` route of an AWS connection), and the month's total for
//! reconciling an export. Each group becomes a FOCUS record mapped by the
//! FOCUS mapper (`cloudlens-bills`), marked in its `x_SourceDetail` extra as
//! less detailed than a bill export: no resources, SKUs or usage.

use chrono::{Datelike, NaiveDate};
use cloudlens_model::{CostLine, Decimal};
use serde_json::{json, Value};

use super::errors::bad;
use super::Client;
use crate::focus_rows::{rfc3339, FocusRows};
use crate::{BillPage, ErrorKind, MonthTotal, MonthTotalPage, ProviderError, Window};

const ACTION: &str = "ce:GetCostAndUsage";

/// What the `x_SourceDetail` extra of a Cost Explorer line says.
pub const SUMMARY_DETAIL: &str =
    "Cost Explorer daily cost by service and linked account; less detailed than a bill export (no resources, SKUs or usage)";

/// The FOCUS columns a Cost Explorer group fills, in this order.
const COLUMNS: [&str; 17] = [
    "ProviderName",
    "BillingAccountId",
    "SubAccountId",
    "SubAccountType",
    "ServiceName",
    "ChargeCategory",
    "ChargeDescription",
    "BillingCurrency",
    "BilledCost",
    "EffectiveCost",
    "BillingPeriodStart",
    "BillingPeriodEnd",
    "ChargePeriodStart",
    "ChargePeriodEnd",
    "InvoiceIssuerName",
    "x_SourceDetail",
    "x_Estimated",
];

/// `YYYY-MM-DD` start and exclusive end of `month`, the end no later than
/// the day after `today` (Cost Explorer has nothing past today).
fn month_range(month: &str, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), ProviderError> {
    let start = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").map_err(|_| {
        ProviderError::new(
            ErrorKind::InvalidRequest,
            format!("{ACTION}: month '{month}' is not YYYY-MM"),
        )
    })?;
    let next = if start.month() == 12 {
        NaiveDate::from_ymd_opt(start.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(start.year(), start.month() + 1, 1)
    }
    .unwrap_or(start);
    let end = next
        .min(today.succ_opt().unwrap_or(today))
        .max(start.succ_opt().unwrap_or(start));
    Ok((start, end))
}

impl Client {
    fn today(&self) -> NaiveDate {
        chrono::DateTime::from_timestamp(self.now(), 0)
            .map(|t| t.date_naive())
            .unwrap_or_default()
    }

    /// One page of a month's daily costs by service and linked account.
    pub async fn bill_page(
        &self,
        window: &Window,
        cursor: Option<&str>,
    ) -> Result<BillPage, ProviderError> {
        let (start, end) = month_range(&window.month, self.today())?;
        let mut body = json!({
            "TimePeriod": {"Start": start.to_string(), "End": end.to_string()},
            "Granularity": "DAILY",
            "Metrics": ["UnblendedCost", "AmortizedCost"],
            "GroupBy": [
                {"Type": "DIMENSION", "Key": "SERVICE"},
                {"Type": "DIMENSION", "Key": "LINKED_ACCOUNT"}
            ]
        });
        if let Some(c) = cursor {
            body["NextPageToken"] = Value::String(c.to_string());
        }
        let text = body.to_string();
        let (answer, request_id) = self.call(ACTION, &[("Body", &text)]).await?;
        let answer: Value =
            serde_json::from_slice(&answer).map_err(|_| bad(ACTION, "JSON body"))?;
        let period_end = month_range(&window.month, NaiveDate::MAX)?.1;
        let lines = lines(&answer, &window.billing_account, (start, period_end))?;
        Ok(BillPage {
            lines,
            next: next_token(&answer),
            request_id,
        })
    }

    /// The month's unblended total per currency, as Cost Explorer states it.
    pub async fn month_total_page(
        &self,
        month: &str,
        cursor: Option<&str>,
    ) -> Result<MonthTotalPage, ProviderError> {
        let (start, end) = month_range(month, self.today())?;
        let mut body = json!({
            "TimePeriod": {"Start": start.to_string(), "End": end.to_string()},
            "Granularity": "MONTHLY",
            "Metrics": ["UnblendedCost"]
        });
        if let Some(c) = cursor {
            body["NextPageToken"] = Value::String(c.to_string());
        }
        let text = body.to_string();
        let (answer, _) = self.call(ACTION, &[("Body", &text)]).await?;
        let answer: Value =
            serde_json::from_slice(&answer).map_err(|_| bad(ACTION, "JSON body"))?;
        let mut totals: Vec<MonthTotal> = Vec::new();
        for (i, r) in results(&answer)?.iter().enumerate() {
            let Some(cost) = r.get("Total").and_then(|t| t.get("UnblendedCost")) else {
                continue;
            };
            let (amount, unit) = metric(cost, &format!("ResultsByTime[{i}].Total.UnblendedCost"))?;
            crate::add_month_totals(
                &mut totals,
                vec![MonthTotal {
                    currency: unit,
                    billed: amount,
                }],
            );
        }
        Ok(MonthTotalPage {
            totals,
            next: next_token(&answer),
        })
    }
}

fn next_token(answer: &Value) -> Option<String> {
    answer
        .get("NextPageToken")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

fn results(answer: &Value) -> Result<&Vec<Value>, ProviderError> {
    answer
        .get("ResultsByTime")
        .and_then(Value::as_array)
        .ok_or_else(|| bad(ACTION, "ResultsByTime"))
}

/// `{"Amount": "1.23", "Unit": "USD"}` as an exact amount and currency.
fn metric(v: &Value, path: &str) -> Result<(Decimal, String), ProviderError> {
    let amount = v
        .get("Amount")
        .and_then(Value::as_str)
        .ok_or_else(|| bad(ACTION, &format!("{path}.Amount")))?;
    let unit = v
        .get("Unit")
        .and_then(Value::as_str)
        .ok_or_else(|| bad(ACTION, &format!("{path}.Unit")))?;
    let amount = cloudlens_bills::parse::decimal(amount).ok_or_else(|| {
        ProviderError::new(
            ErrorKind::BadResponse,
            format!("{ACTION}: {path}.Amount '{amount}' is not a decimal number"),
        )
    })?;
    Ok((amount, unit.to_string()))
}

/// Every group of every day of the answer, through the FOCUS mapper.
fn lines(
    answer: &Value,
    payer: &str,
    (start, end): (NaiveDate, NaiveDate),
) -> Result<Vec<CostLine>, ProviderError> {
    let mut rows = FocusRows::new(ACTION, &COLUMNS, bad)?;
    let (period_start, period_end) = (rfc3339(start), rfc3339(end));
    for (i, day) in results(answer)?.iter().enumerate() {
        let path = format!("ResultsByTime[{i}]");
        let span = day
            .get("TimePeriod")
            .ok_or_else(|| bad(ACTION, &format!("{path}.TimePeriod")))?;
        let date = |k: &str| {
            span.get(k)
                .and_then(Value::as_str)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .map(rfc3339)
                .ok_or_else(|| bad(ACTION, &format!("{path}.TimePeriod.{k}")))
        };
        let (from, to) = (date("Start")?, date("End")?);
        let estimated = day
            .get("Estimated")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let groups = day
            .get("Groups")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for (j, g) in groups.iter().enumerate() {
            let gpath = format!("{path}.Groups[{j}]");
            let keys: Vec<&str> = g
                .get("Keys")
                .and_then(Value::as_array)
                .map(|k| k.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let [service, account] = keys.as_slice() else {
                return Err(bad(
                    ACTION,
                    &format!("{gpath}.Keys (service and linked account)"),
                ));
            };
            let m = g
                .get("Metrics")
                .ok_or_else(|| bad(ACTION, &format!("{gpath}.Metrics")))?;
            let (billed, unit) = metric(
                m.get("UnblendedCost").unwrap_or(&Value::Null),
                &format!("{gpath}.Metrics.UnblendedCost"),
            )?;
            let effective = match m.get("AmortizedCost") {
                Some(a) => metric(a, &format!("{gpath}.Metrics.AmortizedCost"))?.0,
                None => billed,
            };
            let category = if *service == "Tax" { "Tax" } else { "Usage" };
            let row: Vec<String> = vec![
                "AWS".into(),
                payer.into(),
                account.to_string(),
                "Linked Account".into(),
                service.to_string(),
                category.into(),
                format!("{service}, daily total from Cost Explorer"),
                unit,
                billed.to_string(),
                effective.to_string(),
                period_start.clone(),
                period_end.clone(),
                from.clone(),
                to.clone(),
                "AWS".into(),
                SUMMARY_DETAIL.into(),
                estimated.to_string(),
            ];
            rows.map(&row, &gpath)?;
        }
    }
    Ok(rows.into_lines())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn the_documented_answer_maps_to_less_detailed_focus_lines() {
        let answer = json!({"GroupDefinitions":[{"Type":"DIMENSION","Key":"SERVICE"},{"Type":"DIMENSION","Key":"LINKED_ACCOUNT"}],
         "ResultsByTime":[{"TimePeriod":{"Start":"2024-05-01","End":"2024-05-02"},"Total":{},
           "Groups":[{"Keys":["Amazon Elastic Compute Cloud - Compute","111122223333"],
             "Metrics":{"UnblendedCost":{"Amount":"1.2345","Unit":"USD"},"AmortizedCost":{"Amount":"1.1","Unit":"USD"}}}],
           "Estimated":true}],
         "DimensionValueAttributes":[],"NextPageToken":"AAMA"});
        let lines = match lines(&answer, "999988887777", (day(2024, 5, 1), day(2024, 6, 1))) {
            Ok(l) => l,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(lines.len(), 1);
        let l = &lines[0];
        assert_eq!(l.dims.provider_name, "AWS");
        assert_eq!(l.dims.billing_account_id, "999988887777");
        assert_eq!(l.dims.sub_account_id.as_deref(), Some("111122223333"));
        assert_eq!(l.billed_cost.to_string(), "1.2345");
        assert_eq!(l.effective_cost.to_string(), "1.1");
        assert_eq!(
            (l.billing_period_start, l.billing_period_end),
            (1_714_521_600, 1_717_200_000)
        );
        assert_eq!(l.charge_period_end - l.charge_period_start, 86_400);
        let extras = l.extras.clone().unwrap_or_default();
        assert!(extras.contains("less detailed"), "{extras}");
        assert!(extras.contains(r#""x_Estimated":"true""#), "{extras}");
        assert_eq!(next_token(&answer).as_deref(), Some("AAMA"));
    }

    #[test]
    fn the_current_month_ends_tomorrow_and_a_group_without_keys_is_named() {
        let (s, e) = month_range("2025-06", day(2025, 6, 15)).unwrap_or_default();
        assert_eq!((s, e), (day(2025, 6, 1), day(2025, 6, 16)));
        let (_, e) = month_range("2025-12", day(2026, 3, 1)).unwrap_or_default();
        assert_eq!(e, day(2026, 1, 1));
        let answer = json!({"ResultsByTime":[{"TimePeriod":{"Start":"2024-05-01","End":"2024-05-02"},"Groups":[{"Keys":["x"],"Metrics":{}}]}]});
        let e = lines(&answer, "1", (day(2024, 5, 1), day(2024, 6, 1)))
            .err()
            .map(|e| e.message)
            .unwrap_or_default();
        assert!(e.contains("ResultsByTime[0].Groups[0].Keys"), "{e}");
    }
}
