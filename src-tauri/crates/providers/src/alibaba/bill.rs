//! BssOpenApi bills into the canonical model. `DescribeInstanceBill` items
//! carry the same English field names as the OSS "detailed" bill files, so
//! each page becomes rows under one header and goes through the file
//! importer's own Alibaba mapper: a synced line and an imported line of the
//! same charge are the same line (provider, service, category, UTC+8 month
//! as a UTC period, tags, `x_` extras).

use std::collections::BTreeMap;

use cloudlens_ingest::formats::{self, FormatId, Output};
use cloudlens_ingest::{Header, Row};
use cloudlens_model::{CostLine, Decimal};
use serde_json::Value;

use super::api::{member, scalar_text};
use crate::{ErrorKind, MonthTotal, ProviderError};

/// The page's own fields every item belongs to (items do not repeat them).
const PAGE_FIELDS: &[&str] = &["BillingCycle", "AccountID", "AccountName"];

/// Maps one `DescribeInstanceBill` answer's `Data`. Items are numbered
/// from `first_row` (provenance: an item's place in its page, the page
/// being named by its request id).
pub(super) fn lines(data: &Value, first_row: u64) -> Result<Vec<CostLine>, ProviderError> {
    const ACTION: &str = "DescribeInstanceBill";
    let items = items(member(data, ACTION, &["Items"])?, ACTION)?;
    if items.is_empty() {
        return Ok(Vec::new());
    }
    // Header: the page fields, then every item field in order of first
    // appearance (fields this code does not know still become `x_` extras).
    let mut names: Vec<String> = PAGE_FIELDS.iter().map(|s| s.to_string()).collect();
    for item in items {
        let Value::Object(fields) = item else {
            return Err(bad(ACTION, "an item that is not an object"));
        };
        for k in fields.keys() {
            if !names.iter().any(|n| n == k) {
                names.push(k.clone());
            }
        }
    }
    let header = Header::new(&names);
    let format = formats::by_id(FormatId::Alibaba)
        .ok_or_else(|| bad(ACTION, "items the Alibaba bill mapper is not built for"))?;
    let mut mapper = format.bind(&header).map_err(|e| {
        bad(
            ACTION,
            &format!("items without a field the bill needs: {e}"),
        )
    })?;
    let page: Vec<Option<String>> = PAGE_FIELDS
        .iter()
        .map(|f| data.get(*f).and_then(scalar_text))
        .collect();
    let mut out = Output::default();
    let mut lines = Vec::with_capacity(items.len());
    let mut record = csv::StringRecord::new();
    for (i, item) in items.iter().enumerate() {
        record.clear();
        for (n, name) in names.iter().enumerate() {
            let own = item.get(name).and_then(scalar_text);
            let value = own.or_else(|| page.get(n).cloned().flatten());
            record.push_field(value.as_deref().unwrap_or(""));
        }
        let row = Row {
            line: first_row + i as u64,
            header: &header,
            fields: &cloudlens_ingest::RecordFields(&record),
        };
        mapper.map(&row, &mut out).map_err(|e| {
            bad(
                ACTION,
                &format!("item {} that does not map: {e}", first_row + i as u64),
            )
        })?;
        lines.append(&mut out.lines);
        out.reset();
    }
    Ok(lines)
}

/// `QueryBillOverview`'s `Data`: the billing period's total per currency
/// (the sum of its per-product `PretaxAmount`, what the bill lines sum to).
pub(super) fn month_totals(data: &Value) -> Result<Vec<MonthTotal>, ProviderError> {
    const ACTION: &str = "QueryBillOverview";
    let items = items(member(data, ACTION, &["Items"])?, ACTION)?;
    let mut totals: BTreeMap<String, Decimal> = BTreeMap::new();
    for item in items {
        let currency = item
            .get("Currency")
            .and_then(Value::as_str)
            .filter(|c| !c.is_empty())
            .ok_or_else(|| bad(ACTION, "an item without Currency"))?
            .to_ascii_uppercase();
        let amount = decimal(member(item, ACTION, &["PretaxAmount"])?)
            .ok_or_else(|| bad(ACTION, "an item whose PretaxAmount is not a decimal"))?;
        *totals.entry(currency).or_default() += amount;
    }
    Ok(totals
        .into_iter()
        .map(|(currency, billed)| MonthTotal { currency, billed })
        .collect())
}

/// `Items` as an array: `DescribeInstanceBill` gives it directly, the
/// `Query*` actions wrap it as `{"Item": [...]}`.
fn items<'a>(v: &'a Value, action: &str) -> Result<&'a [Value], ProviderError> {
    match v {
        Value::Array(a) => Ok(a),
        Value::Object(_) => match v.get("Item") {
            Some(Value::Array(a)) => Ok(a),
            None | Some(Value::Null) => Ok(&[]),
            Some(_) => Err(bad(action, "Items.Item that is not a list")),
        },
        Value::Null => Ok(&[]),
        _ => Err(bad(action, "Items that is not a list")),
    }
}

/// A decimal from the provider's text of the number (see [`scalar_text`]).
fn decimal(v: &Value) -> Option<Decimal> {
    let t = scalar_text(v)?;
    t.parse::<Decimal>()
        .ok()
        .or_else(|| Decimal::from_scientific(&t).ok())
}

fn bad(action: &str, what: &str) -> ProviderError {
    ProviderError::new(
        ErrorKind::BadResponse,
        format!("{action} answered with {what}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudlens_model::ChargeCategory;

    #[test]
    fn an_item_maps_like_the_importer_reads_the_same_fields() {
        let data: Value = serde_json::from_str(
            r#"{"AccountID":"1234567890123456","AccountName":"ops@example.aliyunid.com",
                "BillingCycle":"2024-05","Items":[{"InstanceID":"i-bp1example","ProductCode":"ecs",
                "ProductName":"Elastic Compute Service","SubscriptionType":"PayAsYouGo",
                "Item":"PayAsYouGoBill","BillingDate":"2024-05-01","Region":"cn-hangzhou",
                "Zone":"cn-hangzhou-h","InstanceSpec":"ecs.g7.large","PretaxGrossAmount":1.6,
                "PretaxAmount":1.52,"InvoiceDiscount":0.08,"Currency":"CNY",
                "Tag":"key:env value:prod;key:team value:data","BizType":"normal"}]}"#,
        )
        .unwrap_or_default();
        let lines = lines(&data, 1).unwrap_or_default();
        assert_eq!(lines.len(), 1);
        let l = &lines[0];
        assert_eq!(l.dims.provider_name, "Alibaba Cloud");
        assert_eq!(l.dims.billing_account_id, "1234567890123456");
        assert_eq!(l.dims.service_name, "Elastic Compute Service");
        assert_eq!(l.dims.service_category, "Compute");
        assert_eq!(l.dims.charge_category, ChargeCategory::Usage);
        assert_eq!(l.dims.region_id.as_deref(), Some("cn-hangzhou"));
        assert_eq!(l.dims.resource_id.as_deref(), Some("i-bp1example"));
        assert_eq!(l.dims.tags.get("team").map(String::as_str), Some("data"));
        assert_eq!(l.billed_cost, "1.52".parse().unwrap_or_default());
        assert_eq!(l.list_cost, "1.6".parse().unwrap_or_default());
        // 2024-05 in UTC+8 starts 2024-04-30T16:00:00Z; the day likewise.
        assert_eq!(l.billing_period_start, 1_714_492_800);
        assert_eq!(l.charge_period_start, 1_714_492_800);
        assert_eq!(l.charge_period_end, 1_714_492_800 + 86_400);
        let extras = l.extras.clone().unwrap_or_default();
        assert!(extras.contains(r#""x_BillingCycle":"2024-05""#), "{extras}");
        assert!(extras.contains(r#""x_BizType":"normal""#), "{extras}");
        assert!(
            extras.contains(r#""x_InstanceSpec":"ecs.g7.large""#),
            "{extras}"
        );
    }

    #[test]
    fn overview_totals_per_currency() {
        let data: Value = serde_json::from_str(
            r#"{"Items":{"Item":[{"Currency":"CNY","PretaxAmount":10.1},
               {"Currency":"CNY","PretaxAmount":0.2},{"Currency":"USD","PretaxAmount":3}]}}"#,
        )
        .unwrap_or_default();
        let t = month_totals(&data).unwrap_or_default();
        assert_eq!(
            t,
            vec![
                MonthTotal {
                    currency: "CNY".into(),
                    billed: "10.3".parse().unwrap_or_default()
                },
                MonthTotal {
                    currency: "USD".into(),
                    billed: "3".parse().unwrap_or_default()
                },
            ]
        );
    }

    #[test]
    fn a_missing_amount_is_a_bad_response_naming_it() {
        let data: Value = serde_json::from_str(
            r#"{"AccountID":"1","BillingCycle":"2024-05","Items":[{"ProductName":"ECS","Currency":"CNY"}]}"#,
        )
        .unwrap_or_default();
        let err = lines(&data, 1).err().map(|e| (e.kind, e.message));
        let (kind, message) = err.unwrap_or((ErrorKind::Timeout, String::new()));
        assert_eq!(kind, ErrorKind::BadResponse);
        assert!(message.contains("PretaxAmount"), "{message}");
    }
}
