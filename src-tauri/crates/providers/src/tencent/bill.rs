//! `DescribeBillDetail` rows to canonical cost lines, one per component
//! (as the console's bill-detail CSV has one row per component), with the
//! same decisions as the file importer (`ingest/src/formats/tencent.rs`):
//! BilledCost = EffectiveCost = ContractedCost = RealCost (cash basis);
//! ListCost = Cost (else RealCost); the payer is the billing account and
//! the owner the sub-account; Beijing-time (UTC+8) months and times become
//! UTC; payment splits, codes and ids go to the same `x_` extras.

use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use cloudlens_model::{
    day_start, next_month, ChargeCategory, ChargeFrequency, CostLine, LineDims, PricingCategory,
    Provenance,
};
use serde_json::{Map, Value};

use super::reply::{amount, bad, list, text, text_or_number};
use super::units::PriceUnit;
use crate::ProviderError;

const ACTION: &str = "billing:DescribeBillDetail";
pub(super) const PROVIDER: &str = "Tencent Cloud";
const CHINA: i64 = 8 * 3600;

/// Localized region names the bills write, with their ids (the importer's table).
const REGIONS: &[(&str, &str)] = &[
    ("华南地区(广州)", "ap-guangzhou"),
    ("华东地区(上海)", "ap-shanghai"),
    ("华东地区(南京)", "ap-nanjing"),
    ("华北地区(北京)", "ap-beijing"),
    ("西南地区(成都)", "ap-chengdu"),
    ("西南地区(重庆)", "ap-chongqing"),
    ("港澳台地区(中国香港)", "ap-hongkong"),
    ("亚太东南(新加坡)", "ap-singapore"),
    ("亚太东北(东京)", "ap-tokyo"),
    ("美国西部(硅谷)", "na-siliconvalley"),
    ("美国东部(弗吉尼亚)", "na-ashburn"),
    ("欧洲地区(法兰克福)", "eu-frankfurt"),
    ("South China (Guangzhou)", "ap-guangzhou"),
    ("East China (Shanghai)", "ap-shanghai"),
    ("East China (Nanjing)", "ap-nanjing"),
    ("North China (Beijing)", "ap-beijing"),
    ("Southwest China (Chengdu)", "ap-chengdu"),
    ("Southwest China (Chongqing)", "ap-chongqing"),
    ("Southeast Asia (Singapore)", "ap-singapore"),
    ("Northeast Asia (Tokyo)", "ap-tokyo"),
    ("West US (Silicon Valley)", "na-siliconvalley"),
    ("East US (Virginia)", "na-ashburn"),
    ("Europe (Frankfurt)", "eu-frankfurt"),
];

/// ServiceCategory and ServiceSubcategory by Tencent product code, with the
/// values the importer's keyword rules give these products' names.
const SERVICES: &[(&str, &str, &str)] = &[
    ("p_cvm", "Compute", "Virtual Machines"),
    ("p_lighthouse", "Compute", "Virtual Machines"),
    ("p_tke", "Compute", "Containers"),
    ("p_scf", "Compute", "Serverless Compute"),
    ("p_cbs", "Storage", "Block Storage"),
    ("p_cos", "Storage", "Object Storage"),
    ("p_cfs", "Storage", "File Storage"),
    ("p_cdb", "Databases", "Relational Databases"),
    ("p_sqlserver", "Databases", "Relational Databases"),
    ("p_postgresql", "Databases", "Relational Databases"),
    ("p_redis", "Databases", "Caching"),
    ("p_mongodb", "Databases", "NoSQL Databases"),
    ("p_eip", "Networking", "Network Infrastructure"),
    ("p_bandwidth", "Networking", "Network Infrastructure"),
    ("p_clb", "Networking", "Application Networking"),
    ("p_cdn", "Networking", "Content Delivery"),
    ("p_vpc", "Networking", "Network Connectivity"),
    ("p_nat", "Networking", "Network Connectivity"),
    ("p_ccn", "Networking", "Network Connectivity"),
    ("p_dns", "Networking", "Network Routing"),
    ("p_cls", "Management and Governance", "Logging"),
    ("p_monitor", "Management and Governance", "Observability"),
];

/// How the page's lines are stamped.
pub(super) struct Context<'a> {
    /// The site's billing currency (the API states none per row).
    pub currency: &'a str,
    /// The billing month asked for, `YYYY-MM`.
    pub month: &'a str,
    /// International site: English region names.
    pub english: bool,
    /// Row number of the page's first row (the page's offset), for provenance.
    pub first_row: u64,
}

pub(super) fn lines(
    resp: &Value,
    ctx: &Context<'_>,
) -> Result<(Vec<CostLine>, usize), ProviderError> {
    let details = list(ACTION, resp, "DetailSet")?;
    let mut out = Vec::with_capacity(details.len() * 2);
    for (i, d) in details.iter().enumerate() {
        let path = format!("DetailSet[{i}]");
        let row = ctx.first_row + i as u64 + 1;
        for (j, c) in list(ACTION, d, "ComponentSet")?.iter().enumerate() {
            out.push(line(d, c, ctx, &format!("{path}.ComponentSet[{j}]"), row)?);
        }
    }
    Ok((out, details.len()))
}

/// The first and end instants of a Beijing-time billing month, in UTC.
pub(super) fn china_month(month: &str) -> Option<(i64, i64)> {
    let first = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").ok()?;
    Some((
        day_start(first) - CHINA,
        day_start(next_month(first)) - CHINA,
    ))
}

/// `yyyy-mm-dd hh:ii:ss` in Beijing time, as Unix seconds.
pub(super) fn china_time(v: &str) -> Option<i64> {
    NaiveDateTime::parse_from_str(v.trim(), "%Y-%m-%d %H:%M:%S")
        .ok()
        .map(|t| t.and_utc().timestamp() - CHINA)
}

fn required<'a>(d: &'a Value, key: &str, path: &str) -> Result<&'a str, ProviderError> {
    text(d, key).ok_or_else(|| bad(ACTION, &format!("{path}.{key}")))
}

fn line(
    d: &Value,
    c: &Value,
    ctx: &Context<'_>,
    path: &str,
    row: u64,
) -> Result<CostLine, ProviderError> {
    let detail_path = path.split(".ComponentSet").next().unwrap_or(path);
    let payer = required(d, "PayerUin", detail_path)?;
    let product = required(d, "BusinessCodeName", detail_path)?;
    let billed = amount(ACTION, c, "RealCost", path)?
        .ok_or_else(|| bad(ACTION, &format!("{path}.RealCost")))?;
    let list_cost = amount(ACTION, c, "Cost", path)?.unwrap_or(billed);
    let month = text(d, "BillMonth").unwrap_or(ctx.month);
    let billing_period = china_month(month)
        .ok_or_else(|| bad(ACTION, &format!("{detail_path}.BillMonth (yyyy-mm)")))?;

    let mode = mode(text(d, "PayModeName").or(text(d, "PayMode")));
    let tx = text(d, "ActionTypeName");
    let category = match tx.and_then(|t| category_of_transaction(t, mode)) {
        Some(cat) => cat,
        None => match mode {
            Some(Mode::Subscription) => ChargeCategory::Purchase,
            _ => ChargeCategory::Usage,
        },
    };
    let product_code = text(d, "BusinessCode");
    let (service_category, subcategory) = product_code
        .and_then(|code| SERVICES.iter().find(|(k, _, _)| *k == code))
        .map_or(("Other", "Other (Other)"), |(_, c, s)| (*c, *s));
    let mut dims = LineDims::new(
        PROVIDER,
        payer,
        ctx.currency,
        product,
        service_category,
        category,
    );
    dims.service_subcategory = Some(subcategory.to_string());
    dims.billing_account_type = Some("Payer Account".to_string());
    dims.sub_account_id = text_or_number(d, "OwnerUin").filter(|s| s != "-");
    if dims.sub_account_id.is_some() {
        dims.sub_account_type = Some("Account".to_string());
    }
    dims.charge_frequency = Some(match (category, mode) {
        (ChargeCategory::Adjustment | ChargeCategory::Credit, _) => ChargeFrequency::OneTime,
        (ChargeCategory::Tax, _) => ChargeFrequency::Recurring,
        (_, Some(Mode::Subscription)) => ChargeFrequency::Recurring,
        (ChargeCategory::Purchase, None) => ChargeFrequency::OneTime,
        _ => ChargeFrequency::UsageBased,
    });
    dims.pricing_category = match category {
        ChargeCategory::Usage => Some(pricing_category(text(c, "InstanceType"))),
        ChargeCategory::Purchase => Some(PricingCategory::Standard),
        _ => None,
    };
    let subproduct = text(d, "ProductCodeName");
    let component = text(c, "ItemCodeName");
    dims.charge_description = match (subproduct, component) {
        (Some(s), Some(k)) => Some(format!("{s} {k}")),
        (None, None) => Some(match tx {
            Some(tx) => format!("{product} {tx}"),
            None => product.to_string(),
        }),
        (s, k) => s.or(k).map(str::to_string),
    };
    let (region_id, region_name) = region(text(d, "RegionName"), ctx.english);
    dims.region_id = region_id;
    dims.region_name = region_name;
    dims.availability_zone = text(d, "ZoneName").map(str::to_string);
    dims.resource_id = text(d, "ResourceId").map(str::to_string);
    dims.resource_name = text(d, "ResourceName").map(str::to_string);
    if dims.resource_id.is_some() {
        dims.resource_type = Some(subproduct.unwrap_or(product).to_string());
    }
    dims.sku_id = text(d, "ProductCode").or(subproduct).map(str::to_string);
    dims.sku_meter = component
        .filter(|_| dims.sku_id.is_some())
        .map(str::to_string);
    let price = PriceUnit::parse(text(c, "PriceUnit"));
    dims.pricing_currency = Some(price.currency.unwrap_or(ctx.currency).to_string());
    for (k, t) in list(ACTION, d, "Tags")?.iter().enumerate() {
        let key = text(t, "TagKey")
            .ok_or_else(|| bad(ACTION, &format!("{detail_path}.Tags[{k}].TagKey")))?;
        let value = t.get("TagValue").and_then(Value::as_str).unwrap_or("");
        dims.tags.insert(key.to_string(), value.to_string());
    }

    let start = text(d, "FeeBeginTime").and_then(china_time);
    let end = text(d, "FeeEndTime").and_then(china_time);
    let charge_period = match (start, end) {
        (Some(s), Some(e)) if e > s => (s, e),
        (Some(s), _) => {
            let day = (s + CHINA).div_euclid(86_400) * 86_400 - CHINA;
            (day, day + 86_400)
        }
        _ => billing_period,
    };
    let usage = amount(ACTION, c, "UsedAmount", path)?;
    let duration = amount(ACTION, c, "TimeSpan", path)?;
    let (unit, mut pricing_quantity) = price.quantity(
        usage,
        text(c, "UsedAmountUnit"),
        duration,
        text(c, "TimeUnitName"),
    );
    dims.pricing_unit = unit;
    dims.consumed_unit = dims.pricing_unit.clone();
    let mut consumed_quantity = pricing_quantity.filter(|_| category == ChargeCategory::Usage);
    // A unit goes with its quantity (FOCUS: both null or neither).
    if pricing_quantity.is_none() || dims.pricing_unit.is_none() {
        pricing_quantity = None;
        dims.pricing_unit = None;
    }
    if consumed_quantity.is_none() || dims.consumed_unit.is_none() {
        consumed_quantity = None;
        dims.consumed_unit = None;
    }

    Ok(CostLine {
        dims: Arc::new(dims),
        billing_period_start: billing_period.0,
        billing_period_end: billing_period.1,
        charge_period_start: charge_period.0,
        charge_period_end: charge_period.1,
        billed_cost: billed,
        effective_cost: billed,
        list_cost,
        contracted_cost: billed,
        pricing_quantity,
        consumed_quantity,
        list_unit_price: amount(ACTION, c, "SinglePrice", path)?,
        contracted_unit_price: amount(ACTION, c, "ContractPrice", path)?,
        commitment_discount_status: None,
        commitment_discount_quantity: None,
        capacity_reservation_status: None,
        invoice_id: None,
        extras: extras(d, c),
        provenance: Provenance { source_row: row },
    })
}

/// Native fields FOCUS lacks, under the importer's `x_` keys.
fn extras(d: &Value, c: &Value) -> Option<String> {
    const DETAIL: &[(&str, &str)] = &[
        ("BillMonth", "x_BillMonth"),
        ("PayTime", "x_TransactionTime"),
        ("BusinessCode", "x_ProductCode"),
        ("ProductCodeName", "x_SubproductName"),
        ("PayModeName", "x_BillingMode"),
        ("ActionTypeName", "x_TransactionType"),
        ("OperateUin", "x_OperatorAccountId"),
        ("ProjectName", "x_Project"),
        ("BillId", "x_TransactionId"),
        ("OrderId", "x_OrderId"),
    ];
    const COMPONENT: &[(&str, &str)] = &[
        ("InstanceType", "x_InstanceType"),
        ("TimeSpan", "x_UsageDuration"),
        ("TimeUnitName", "x_DurationUnit"),
        ("ComponentCodeName", "x_ComponentType"),
        ("Discount", "x_DiscountMultiplier"),
        ("CashPayAmount", "x_CashPayAmount"),
        ("IncentivePayAmount", "x_IncentivePayAmount"),
        ("VoucherPayAmount", "x_VoucherPayAmount"),
        ("TransferPayAmount", "x_TransferPayAmount"),
    ];
    let mut map = Map::new();
    for (src, fields) in [(d, DETAIL), (c, COMPONENT)] {
        for (field, key) in fields {
            if let Some(v) = text_or_number(src, field).filter(|v| !v.is_empty() && v != "-") {
                map.insert((*key).to_string(), Value::String(v));
            }
        }
    }
    (!map.is_empty()).then(|| Value::Object(map).to_string())
}

/// `(RegionId, RegionName)` from a localized name or an id, as the importer reads the Region column.
fn region(value: Option<&str>, english: bool) -> (Option<String>, Option<String>) {
    let Some(v) = value else { return (None, None) };
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '（' => '(',
                '）' => ')',
                other => other,
            })
            .collect()
    };
    let key = norm(v);
    if let Some((_, id)) = REGIONS
        .iter()
        .find(|(n, _)| norm(n).eq_ignore_ascii_case(&key))
    {
        return (Some((*id).to_string()), Some(v.to_string()));
    }
    let id_like = v
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if id_like {
        let name = REGIONS
            .iter()
            .filter(|(_, id)| *id == v)
            .find(|(n, _)| n.is_ascii() == english)
            .map_or(v, |(n, _)| *n);
        (Some(v.to_string()), Some(name.to_string()))
    } else {
        (None, Some(v.to_string()))
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Subscription,
    PayAsYouGo,
}

fn mode(v: Option<&str>) -> Option<Mode> {
    let t = v?.to_lowercase();
    if [
        "包年包月",
        "预付费",
        "subscription",
        "prepaid",
        "prepay",
        "monthly",
    ]
    .iter()
    .any(|k| t.contains(k))
    {
        Some(Mode::Subscription)
    } else if [
        "按量",
        "后付费",
        "pay-as-you-go",
        "pay as you go",
        "postpaid",
        "postpay",
        "payg",
    ]
    .iter()
    .any(|k| t.contains(k))
    {
        Some(Mode::PayAsYouGo)
    } else {
        None
    }
}

/// The importer's reading of a transaction type (交易类型).
fn category_of_transaction(tx: &str, mode: Option<Mode>) -> Option<ChargeCategory> {
    let t = tx.to_lowercase();
    let has = |keys: &[&str]| keys.iter().any(|k| t.contains(k));
    if has(&["退费", "退款", "退还", "refund"]) {
        return Some(match mode {
            Some(Mode::PayAsYouGo) => ChargeCategory::Usage,
            _ => ChargeCategory::Purchase,
        });
    }
    if has(&["调账", "adjust"]) {
        return Some(ChargeCategory::Adjustment);
    }
    if has(&[
        "新购",
        "续费",
        "升配",
        "降配",
        "变配",
        "配置变更",
        "升级",
        "购买",
        "purchase",
        "renew",
        "upgrade",
        "downgrade",
        "modif",
    ]) {
        return Some(ChargeCategory::Purchase);
    }
    if has(&[
        "扣费",
        "按量",
        "结算",
        "日结",
        "月结",
        "小时结",
        "deduct",
        "settlement",
        "usage",
        "pay-as-you-go",
    ]) {
        return Some(ChargeCategory::Usage);
    }
    None
}

fn pricing_category(instance_type: Option<&str>) -> PricingCategory {
    let Some(t) = instance_type.map(str::to_lowercase) else {
        return PricingCategory::Standard;
    };
    let word = |w: &str| t.split(|c: char| !c.is_alphanumeric()).any(|x| x == w);
    if t.contains("竞价") || t.contains("spot") {
        PricingCategory::Dynamic
    } else if ["预留", "节省计划", "reserved", "savings plan"]
        .iter()
        .any(|k| t.contains(k))
        || word("ri")
        || word("sp")
    {
        PricingCategory::Committed
    } else {
        PricingCategory::Standard
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            english: false,
            first_row: 0,
        };
        let (lines, rows) = match lines(&resp, &ctx) {
            Ok(v) => v,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(rows, 1);
        let l = &lines[0];
        assert_eq!(l.dims.provider_name, "Tencent Cloud");
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
        assert_eq!(l.dims.pricing_unit.as_deref(), Some("核-Hours"));
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
            english: false,
            first_row: 0,
        };
        let e = lines(&resp, &ctx)
            .err()
            .map(|e| e.message)
            .unwrap_or_default();
        assert!(e.contains("DetailSet[0].PayerUin"), "{e}");
    }
}
