//! `DescribeBillDetail` rows into canonical cost lines. The API's
//! `BillDetail`/`BillDetailComponent` field names are column aliases of the
//! Tencent bill mapper, so each component maps straight through it, read
//! by field name: a synced line and an imported line of the same charge
//! are the same line (provider, service, categories, UTC+8 bill month as a
//! UTC period, units, tags, `x_` extras).

use cloudlens_bills::formats::{self, FormatId, Output};
use cloudlens_bills::{Col, Fields, Header, Row};
use cloudlens_model::CostLine;
use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::errors::{amount, bad, list, request_id, text_or_number};
use super::{next_offset, parse_cursor, Client, BILL_LIMIT, SUMMARY_LIMIT};
use crate::{AccountInfo, BillPage, ErrorKind, MonthTotal, MonthTotalPage, ProviderError, Window};

const ACTION: &str = "billing:DescribeBillDetail";

impl Client {
    /// Names the payer account from this month's resource summary (the
    /// billing account id of the bill lines), else from the account balance
    /// (the account's own uin) when the month has no bills yet.
    pub async fn check(&self) -> Result<AccountInfo, ProviderError> {
        let month = crate::china_month((self.config.clock)());
        let action = "billing:DescribeBillResourceSummary";
        let r = self
            .call_raw(
                action,
                &[("Month", &month), ("Offset", "0"), ("Limit", "1")],
            )
            .await?;
        if let Some(first) = list(action, &r, "ResourceSummarySet")?.first() {
            let payer = text_or_number(first, "PayerUin")
                .ok_or_else(|| bad(action, "ResourceSummarySet[0].PayerUin"))?;
            return Ok(AccountInfo {
                billing_account: payer,
                name: None,
            });
        }
        let action = "billing:DescribeAccountBalance";
        let r = self.call_raw(action, &[]).await?;
        let uin = text_or_number(&r, "Uin").ok_or_else(|| bad(action, "Uin"))?;
        Ok(AccountInfo {
            billing_account: uin,
            name: None,
        })
    }

    pub async fn bill_page(
        &self,
        window: &Window,
        cursor: Option<&str>,
    ) -> Result<BillPage, ProviderError> {
        let action = "billing:DescribeBillDetail";
        let offset = parse_cursor(cursor)?;
        let offset_text = offset.to_string();
        let limit_text = BILL_LIMIT.to_string();
        let (begin, end);
        let mut params: Vec<(&str, &str)> = vec![
            ("Month", &window.month),
            ("Offset", &offset_text),
            ("Limit", &limit_text),
            ("NeedRecordNum", "1"),
        ];
        if let Some(day) = window.day {
            begin = format!("{} 00:00:00", day.format("%Y-%m-%d"));
            end = format!("{} 23:59:59", day.format("%Y-%m-%d"));
            params.push(("BeginTime", &begin));
            params.push(("EndTime", &end));
        }
        let mut r = self.call_raw(action, &params).await?;
        let ctx = Context {
            currency: self.currency(),
            month: &window.month,
            first_row: offset,
        };
        let (lines, rows) = lines(&mut r, &ctx)?;
        let total = r.get("Total").and_then(Value::as_u64);
        Ok(BillPage {
            lines,
            next: next_offset(offset, rows, BILL_LIMIT, total),
            request_id: request_id(action, &r)?,
        })
    }

    /// One page of the month's resource summary, summed: the month's total
    /// is the sum over every page.
    pub async fn month_total_page(
        &self,
        month: &str,
        cursor: Option<&str>,
    ) -> Result<MonthTotalPage, ProviderError> {
        let action = "billing:DescribeBillResourceSummary";
        let offset = parse_cursor(cursor)?;
        let o = offset.to_string();
        let limit = SUMMARY_LIMIT.to_string();
        let params = [
            ("Month", month),
            ("Offset", o.as_str()),
            ("Limit", limit.as_str()),
            ("NeedRecordNum", "1"),
        ];
        let r = self.call_raw(action, &params).await?;
        let set = list(action, &r, "ResourceSummarySet")?;
        let mut billed = Decimal::ZERO;
        for (i, s) in set.iter().enumerate() {
            let path = format!("ResourceSummarySet[{i}]");
            billed += amount(action, s, "RealTotalCost", &path)?
                .ok_or_else(|| bad(action, &format!("{path}.RealTotalCost")))?;
        }
        let total = r.get("Total").and_then(Value::as_u64);
        Ok(MonthTotalPage {
            totals: (!set.is_empty())
                .then(|| MonthTotal {
                    currency: self.currency().to_string(),
                    billed,
                })
                .into_iter()
                .collect(),
            next: next_offset(offset, set.len(), SUMMARY_LIMIT, total),
        })
    }
}

/// Fields of a `BillDetail` the mapper reads.
const DETAIL_FIELDS: &[&str] = &[
    "PayerUin",
    "OwnerUin",
    "OperateUin",
    "BusinessCodeName",
    "BusinessCode",
    "ProductCodeName",
    "ProductCode",
    "PayModeName",
    "ProjectName",
    "RegionName",
    "ZoneName",
    "ResourceId",
    "ResourceName",
    "ActionTypeName",
    "OrderId",
    "BillId",
    "PayTime",
    "FeeBeginTime",
    "FeeEndTime",
];

/// Fields of a `BillDetailComponent` the mapper reads.
const COMPONENT_FIELDS: &[&str] = &[
    "ComponentCodeName",
    "ItemCodeName",
    "SinglePrice",
    "ContractPrice",
    "PriceUnit",
    "UsedAmount",
    "UsedAmountUnit",
    "TimeSpan",
    "TimeUnitName",
    "Cost",
    "Discount",
    "RealCost",
    "VoucherPayAmount",
    "CashPayAmount",
    "IncentivePayAmount",
    "TransferPayAmount",
    "InstanceType",
];

/// Columns the answer states once for the page: the bill month asked for
/// (the console's export writes it per row) and the site's currency (the
/// API states none).
const PAGE_FIELDS: &[&str] = &["BillMonth", "Currency", "Tags"];

/// How the page's lines are stamped.
pub(super) struct Context<'a> {
    /// The site's billing currency.
    pub currency: &'a str,
    /// The billing month asked for, `YYYY-MM`.
    pub month: &'a str,
    /// Row number of the page's first row (the page's offset), for provenance.
    pub first_row: u64,
}

/// One component's fields by name: the component's own, its detail's,
/// then the page's (bill month, currency, tags).
struct Item<'a> {
    component: &'a Map<String, Value>,
    detail: &'a Map<String, Value>,
    page: [&'a str; 3],
}

impl Fields for Item<'_> {
    fn field(&self, col: Col) -> Option<&str> {
        let (details, components) = (DETAIL_FIELDS.len(), COMPONENT_FIELDS.len());
        let i = col.0;
        let (object, name) = if i < details {
            (self.detail, DETAIL_FIELDS[i])
        } else if i < details + components {
            (self.component, COMPONENT_FIELDS[i - details])
        } else {
            return self.page.get(i - details - components).copied();
        };
        object.get(name).and_then(Value::as_str)
    }
}

/// The page's lines (one per component) and how many rows it had.
pub(super) fn lines(
    resp: &mut Value,
    ctx: &Context<'_>,
) -> Result<(Vec<CostLine>, usize), ProviderError> {
    let rows = list(ACTION, resp, "DetailSet")?.len();
    if rows == 0 {
        return Ok((Vec::new(), 0));
    }
    let Some(Value::Array(details)) = resp.get_mut("DetailSet") else {
        return Ok((Vec::new(), 0));
    };
    for d in details.iter_mut() {
        numbers_as_text(d);
        if let Some(Value::Array(components)) = d.get_mut("ComponentSet") {
            components.iter_mut().for_each(numbers_as_text);
        }
    }
    let header = Header::exact(
        DETAIL_FIELDS
            .iter()
            .chain(COMPONENT_FIELDS)
            .chain(PAGE_FIELDS),
    );
    let format = formats::by_id(FormatId::Tencent)
        .ok_or_else(|| bad(ACTION, "rows the Tencent bill mapper is built for"))?;
    let mut mapper = format
        .bind(&header)
        .map_err(|e| bad(ACTION, &format!("fields the bill needs ({e})")))?;
    let mut out = Output::default();
    let mut lines = Vec::with_capacity(rows * 2);
    let empty = Map::new();
    for (i, d) in details.iter().enumerate() {
        let detail = d.as_object().unwrap_or(&empty);
        let month = detail
            .get("BillMonth")
            .and_then(Value::as_str)
            .unwrap_or(ctx.month);
        let tags = match d.get("Tags") {
            Some(t @ Value::Array(_)) => t.to_string(),
            _ => String::new(),
        };
        for (j, c) in list(ACTION, d, "ComponentSet")?.iter().enumerate() {
            let fields = Item {
                component: c.as_object().unwrap_or(&empty),
                detail,
                page: [month, ctx.currency, &tags],
            };
            let row = Row {
                line: ctx.first_row + i as u64 + 1,
                header: &header,
                fields: &fields,
            };
            mapper.map(&row, &mut out).map_err(|e| {
                ProviderError::new(
                    ErrorKind::BadResponse,
                    format!("{ACTION}: DetailSet[{i}].ComponentSet[{j}] does not map: {e}"),
                )
            })?;
            lines.append(&mut out.lines);
            out.reset();
        }
    }
    Ok((lines, rows))
}

/// A row's numbers as the text serde_json gives them (ids such as
/// `ProjectId` come as integers), in place.
fn numbers_as_text(v: &mut Value) {
    if let Value::Object(fields) = v {
        for f in fields.values_mut() {
            if let Value::Number(n) = f {
                *f = Value::String(n.to_string());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudlens_model::ChargeCategory;

    #[test]
    fn the_documented_example_row_maps_to_focus() {
        let mut resp = serde_json::json!({"DetailSet":[{"BusinessCodeName":"云服务器CVM","BusinessCode":"p_cvm",
            "ProductCodeName":"云服务器CVM-标准型S5","ProductCode":"sp_cvm_s5","ResourceId":"ins-abc123",
            "PayModeName":"按量计费","ActionTypeName":"按量计费小时结","BillId":"20240501000000123",
            "PayTime":"2024-05-01 01:00:03","FeeBeginTime":"2024-05-01 00:00:00","FeeEndTime":"2024-05-01 00:59:59",
            "RegionName":"华南地区(广州)","RegionId":"1","ProjectId":0,"PayerUin":"100000000001","OwnerUin":"100000000002",
            "Tags":[{"TagKey":"env","TagValue":"prod"}],
            "ComponentSet":[{"ComponentCodeName":"CPU","ItemCodeName":"CPU","Cost":"0.15","RealCost":"0.12",
              "CashPayAmount":"0.12","VoucherPayAmount":"0","UsedAmount":"2","UsedAmountUnit":"核",
              "PriceUnit":"元/核/小时","TimeSpan":"1","TimeUnitName":"小时","SinglePrice":"0.075"}]}],
            "RequestId":"r"});
        let ctx = Context {
            currency: "CNY",
            month: "2024-05",
            first_row: 0,
        };
        let (lines, rows) = match lines(&mut resp, &ctx) {
            Ok(v) => v,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(rows, 1);
        let l = &lines[0];
        assert_eq!(l.dims.provider_name, "Tencent Cloud");
        assert_eq!(l.provenance.source_row, 1);
        assert_eq!(l.dims.billing_account_id, "100000000001");
        assert_eq!(l.dims.sub_account_id.as_deref(), Some("100000000002"));
        assert_eq!(l.dims.service_name, "云服务器CVM");
        assert_eq!(l.dims.service_category, "Compute");
        assert_eq!(l.dims.charge_category, ChargeCategory::Usage);
        assert_eq!(l.dims.region_id.as_deref(), Some("ap-guangzhou"));
        assert_eq!(l.dims.tags.get("env").map(String::as_str), Some("prod"));
        assert_eq!(l.billed_cost.to_string(), "0.12");
        assert_eq!(l.list_cost.to_string(), "0.15");
        assert_eq!(
            l.pricing_quantity.map(|q| q.to_string()).as_deref(),
            Some("2")
        );
        assert_eq!(l.dims.pricing_unit.as_deref(), Some("Core-Hours"));
        // 2024-05 in Beijing time is 2024-04-30T16:00Z .. 2024-05-31T16:00Z.
        assert_eq!(
            (l.billing_period_start, l.billing_period_end),
            (1_714_492_800, 1_717_171_200)
        );
        assert_eq!(l.charge_period_start, 1_714_492_800);
        let extras = l.extras.clone().unwrap_or_default();
        assert!(
            extras.contains(r#""x_TransactionId":"20240501000000123""#),
            "{extras}"
        );
        assert!(extras.contains(r#""x_CashPayAmount":"0.12""#), "{extras}");
    }

    #[test]
    fn a_row_without_its_payer_names_the_field() {
        let mut resp = serde_json::json!({"DetailSet":[{"BusinessCodeName":"x","ComponentSet":[{"RealCost":"1"}]}]});
        let ctx = Context {
            currency: "CNY",
            month: "2024-05",
            first_row: 0,
        };
        let e = lines(&mut resp, &ctx)
            .err()
            .map(|e| e.message)
            .unwrap_or_default();
        assert!(
            e.contains("DetailSet[0].ComponentSet[0]") && e.contains("PayerUin"),
            "{e}"
        );
    }
}
