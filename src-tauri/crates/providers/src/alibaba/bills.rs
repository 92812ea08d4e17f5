//! BssOpenApi bills into the canonical model. `DescribeInstanceBill` items
//! carry the English field names of the OSS "detailed" bill files, which
//! the Alibaba bill mapper reads, so each item maps straight through it,
//! read by field name: a synced line and an imported line of the same
//! charge are the same line (provider, service, category, UTC+8 month as
//! a UTC period, tags, `x_` extras).

use std::collections::BTreeMap;

use cloudlens_bills::formats::{self, FormatId, Output};
use cloudlens_bills::{Col, Fields, Header, Row};
use cloudlens_model::{CostLine, Decimal};
use serde_json::{Map, Value};

use super::errors::{member, request_id, scalar_text};
use super::{Client, BILL_PAGE};
use crate::{AccountInfo, BillPage, ErrorKind, MonthTotal, MonthTotalPage, ProviderError, Window};

impl Client {
    /// `QueryBillOverview` for the current UTC+8 month: cheap, read-only,
    /// and it names the billing account.
    pub async fn check(&self) -> Result<AccountInfo, ProviderError> {
        let month = crate::china_month((self.config.clock)());
        let body = self
            .call_raw("BssOpenApi:QueryBillOverview", &[("BillingCycle", &month)])
            .await?;
        let data = member(&body, "QueryBillOverview", &["Data"])?;
        let id = member(&body, "QueryBillOverview", &["Data", "AccountID"])
            .map(scalar_text)?
            .filter(|s| !s.is_empty())
            .ok_or_else(|| {
                ProviderError::new(
                    crate::ErrorKind::BadResponse,
                    "QueryBillOverview answered with an empty Data.AccountID",
                )
            })?;
        Ok(AccountInfo {
            billing_account: id,
            name: data
                .get("AccountName")
                .and_then(scalar_text)
                .filter(|s| !s.is_empty()),
        })
    }

    pub async fn bill_page(
        &self,
        window: &Window,
        cursor: Option<&str>,
    ) -> Result<BillPage, ProviderError> {
        let day = window.day.map(|d| d.format("%Y-%m-%d").to_string());
        let mut params = vec![
            ("BillingCycle", window.month.as_str()),
            ("MaxResults", BILL_PAGE),
        ];
        match &day {
            Some(d) => {
                params.push(("Granularity", "DAILY"));
                params.push(("BillingDate", d));
            }
            None => params.push(("Granularity", "MONTHLY")),
        }
        if let Some(c) = cursor {
            params.push(("NextToken", c));
        }
        let mut body = self
            .call_raw("BssOpenApi:DescribeInstanceBill", &params)
            .await?;
        let request_id = request_id(&body);
        member(&body, "DescribeInstanceBill", &["Data"])?;
        let data = &mut body["Data"];
        let next = data
            .get("NextToken")
            .and_then(scalar_text)
            .filter(|t| !t.is_empty());
        Ok(BillPage {
            // Provenance: the item's place in its page (the page is the request id).
            lines: lines(data, 1)?,
            next,
            request_id,
        })
    }

    /// QueryBillOverview answers in one page.
    pub async fn month_total_page(
        &self,
        month: &str,
        _cursor: Option<&str>,
    ) -> Result<MonthTotalPage, ProviderError> {
        let body = self
            .call_raw("BssOpenApi:QueryBillOverview", &[("BillingCycle", month)])
            .await?;
        Ok(MonthTotalPage {
            totals: month_totals(member(&body, "QueryBillOverview", &["Data"])?)?,
            next: None,
        })
    }
}

/// The page's own fields every item belongs to (items do not repeat them).
const PAGE_FIELDS: &[&str] = &["BillingCycle", "AccountID", "AccountName"];

/// One item's fields by name: its own, else the page's. Values are the
/// provider's text (numbers as written, see [`scalar_text`]).
struct Item<'a> {
    header: &'a Header,
    item: &'a Map<String, Value>,
    page: &'a Map<String, Value>,
}

impl Fields for Item<'_> {
    fn field(&self, col: Col) -> Option<&str> {
        let name = self.header.name(col);
        self.item
            .get(name)
            .and_then(Value::as_str)
            .or_else(|| self.page.get(name).and_then(Value::as_str))
    }
}

/// Maps one `DescribeInstanceBill` answer's `Data`. Items are numbered
/// from `first_row` (provenance: an item's place in its page, the page
/// being named by its request id).
pub(super) fn lines(data: &mut Value, first_row: u64) -> Result<Vec<CostLine>, ProviderError> {
    const ACTION: &str = "DescribeInstanceBill";
    let page: Map<String, Value> = PAGE_FIELDS
        .iter()
        .filter_map(|f| Some((f.to_string(), Value::String(scalar_text(data.get(*f)?)?))))
        .collect();
    // The shape is checked first; the list is then read in place.
    items(member(data, ACTION, &["Items"])?, ACTION)?;
    let list = match data.get_mut("Items") {
        Some(Value::Object(o)) => o.get_mut("Item"),
        other => other,
    };
    let items: &mut [Value] = match list {
        Some(Value::Array(a)) => a,
        _ => &mut [],
    };
    let mut objects = Vec::with_capacity(items.len());
    for item in items.iter_mut() {
        let Value::Object(fields) = item else {
            return Err(bad(ACTION, "an item that is not an object"));
        };
        as_text(fields);
        objects.push(&*fields);
    }
    if objects.is_empty() {
        return Ok(Vec::new());
    }
    // Header: the page fields, then every item field in order of first
    // appearance (fields this code does not know still become `x_` extras).
    let mut names: Vec<&str> = PAGE_FIELDS.to_vec();
    for fields in &objects {
        for k in fields.keys() {
            if !names.contains(&k.as_str()) {
                names.push(k);
            }
        }
    }
    let header = Header::exact(&names);
    let format = formats::by_id(FormatId::Alibaba)
        .ok_or_else(|| bad(ACTION, "items the Alibaba bill mapper is not built for"))?;
    let mut mapper = format.bind(&header).map_err(|e| {
        bad(
            ACTION,
            &format!("items without a field the bill needs: {e}"),
        )
    })?;
    let mut out = Output::default();
    let mut lines = Vec::with_capacity(objects.len());
    for (i, item) in objects.iter().enumerate() {
        let line = first_row + i as u64;
        let fields = Item {
            header: &header,
            item,
            page: &page,
        };
        let row = Row {
            line,
            header: &header,
            fields: &fields,
        };
        mapper
            .map(&row, &mut out)
            .map_err(|e| bad(ACTION, &format!("item {line} that does not map: {e}")))?;
        lines.append(&mut out.lines);
        out.reset();
    }
    Ok(lines)
}

/// Every field of an item as the provider's text of it (see
/// [`scalar_text`]), in place; strings and nulls stay as they are.
fn as_text(item: &mut Map<String, Value>) {
    for v in item.values_mut() {
        if !matches!(v, Value::String(_) | Value::Null) {
            *v = scalar_text(v).map_or(Value::Null, Value::String);
        }
    }
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
        let mut data: Value = serde_json::from_str(
            r#"{"AccountID":"1234567890123456","AccountName":"ops@example.aliyunid.com",
                "BillingCycle":"2024-05","Items":[{"InstanceID":"i-bp1example","ProductCode":"ecs",
                "ProductName":"Elastic Compute Service","SubscriptionType":"PayAsYouGo",
                "Item":"PayAsYouGoBill","BillingDate":"2024-05-01","Region":"cn-hangzhou",
                "Zone":"cn-hangzhou-h","InstanceSpec":"ecs.g7.large","PretaxGrossAmount":1.6,
                "PretaxAmount":1.52,"InvoiceDiscount":0.08,"Currency":"CNY",
                "Tag":"key:env value:prod;key:team value:data","BizType":"normal"}]}"#,
        )
        .unwrap_or_default();
        let lines = lines(&mut data, 1).unwrap_or_default();
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
        let mut data: Value = serde_json::from_str(
            r#"{"AccountID":"1","BillingCycle":"2024-05","Items":[{"ProductName":"ECS","Currency":"CNY"}]}"#,
        )
        .unwrap_or_default();
        let err = lines(&mut data, 1).err().map(|e| (e.kind, e.message));
        let (kind, message) = err.unwrap_or((ErrorKind::Timeout, String::new()));
        assert_eq!(kind, ErrorKind::BadResponse);
        assert!(message.contains("PretaxAmount"), "{message}");
    }
}
