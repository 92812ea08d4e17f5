//! `DescribeBillDetail` rows into canonical cost lines. The API's
//! `BillDetail`/`BillDetailComponent` field names are the column aliases
//! the file importer's Tencent format reads, so each component becomes a
//! row under one header and goes through the importer's own mapper: a
//! synced line and an imported line of the same charge are the same line
//! (provider, service, categories, UTC+8 bill month as a UTC period,
//! units, tags, `x_` extras).

use chrono::NaiveDateTime;
use cloudlens_ingest::formats::{self, FormatId, Output};
use cloudlens_ingest::{Header, Row};
use cloudlens_model::CostLine;
use serde_json::Value;

use super::reply::{bad, list};
use crate::{ErrorKind, ProviderError};

const ACTION: &str = "billing:DescribeBillDetail";

/// Fields of a `BillDetail` the importer reads.
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

/// Fields of a `BillDetailComponent` the importer reads.
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

/// The page's lines (one per component) and how many rows it had.
pub(super) fn lines(
    resp: &Value,
    ctx: &Context<'_>,
) -> Result<(Vec<CostLine>, usize), ProviderError> {
    let details = list(ACTION, resp, "DetailSet")?;
    if details.is_empty() {
        return Ok((Vec::new(), 0));
    }
    let names: Vec<&str> = DETAIL_FIELDS
        .iter()
        .chain(COMPONENT_FIELDS)
        .chain(PAGE_FIELDS)
        .copied()
        .collect();
    let header = Header::new(&names);
    let format = formats::by_id(FormatId::Tencent)
        .ok_or_else(|| bad(ACTION, "rows the Tencent bill mapper is built for"))?;
    let mut mapper = format
        .bind(&header)
        .map_err(|e| bad(ACTION, &format!("fields the bill needs ({e})")))?;
    let mut out = Output::default();
    let mut lines = Vec::with_capacity(details.len() * 2);
    let mut record = csv::StringRecord::new();
    for (i, d) in details.iter().enumerate() {
        let row_number = ctx.first_row + i as u64 + 1;
        let month = d
            .get("BillMonth")
            .and_then(scalar)
            .unwrap_or_else(|| ctx.month.to_string());
        let tags = match d.get("Tags") {
            Some(t @ Value::Array(_)) => t.to_string(),
            _ => String::new(),
        };
        for (j, c) in list(ACTION, d, "ComponentSet")?.iter().enumerate() {
            record.clear();
            for f in DETAIL_FIELDS {
                record.push_field(&d.get(*f).and_then(scalar).unwrap_or_default());
            }
            for f in COMPONENT_FIELDS {
                record.push_field(&c.get(*f).and_then(scalar).unwrap_or_default());
            }
            record.push_field(&month);
            record.push_field(ctx.currency);
            record.push_field(&tags);
            let row = Row {
                line: row_number,
                header: &header,
                fields: &cloudlens_ingest::RecordFields(&record),
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
    Ok((lines, details.len()))
}

/// A field's text: strings as they are, numbers in serde_json's own text
/// of them (ids such as `ProjectId` come as integers).
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `yyyy-mm-dd hh:ii:ss` in Beijing time (UTC+8), as Unix seconds.
pub(super) fn china_time(v: &str) -> Option<i64> {
    NaiveDateTime::parse_from_str(v.trim(), "%Y-%m-%d %H:%M:%S")
        .ok()
        .map(|t| t.and_utc().timestamp() - 8 * 3600)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudlens_model::ChargeCategory;

    #[test]
    fn the_documented_example_row_maps_to_focus() {
        let resp = serde_json::json!({"DetailSet":[{"BusinessCodeName":"云服务器CVM","BusinessCode":"p_cvm",
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
        let (lines, rows) = match lines(&resp, &ctx) {
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
        let resp = serde_json::json!({"DetailSet":[{"BusinessCodeName":"x","ComponentSet":[{"RealCost":"1"}]}]});
        let ctx = Context {
            currency: "CNY",
            month: "2024-05",
            first_row: 0,
        };
        let e = lines(&resp, &ctx)
            .err()
            .map(|e| e.message)
            .unwrap_or_default();
        assert!(
            e.contains("DetailSet[0].ComponentSet[0]") && e.contains("PayerUin"),
            "{e}"
        );
    }
}
