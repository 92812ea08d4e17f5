//! Alibaba Cloud (阿里云) bill details: the console's 明细账单 CSV export
//! (Chinese headers, with the appended 合计 row), the OSS-subscribed
//! instance / billing-item detail files, and the English field names of
//! the OSS "detailed" files and `DescribeInstanceBill`
//! (FOCUS-NOTES.md §4.5, §5.6).
//!
//! Mapping decisions:
//! * BilledCost is 应付金额 / PretaxAmount: the amount after 优惠金额
//!   (InvoiceDiscount), 优惠券抵扣 (DeductedByCoupons, price coupons) and
//!   资源包抵扣. 代金券 (DeductedByCashCoupons), 储值卡 (DeductedByPrepaidCard),
//!   现金支付 and 欠费 are how the payable amount was *paid*, not price
//!   reductions, so they emit no Credit lines; they are kept as `x_`
//!   extras. The file's own figure for the row (SourceAmount) is 应付金额.
//! * EffectiveCost = BilledCost: this export is cash-basis; subscriptions
//!   carry their whole price in the month bought (the amortized 分摊 bill is
//!   a different export).
//! * ListCost is 原价 / 官网价 / PretaxGrossAmount; ContractedCost is
//!   原价 − 优惠金额; each falls back to BilledCost when absent.
//! * Billing period: 账期 (a UTC+8 month) in UTC. Charge period: the row's
//!   start and end times (UTC+8), else its billing day, else the month.
//! * Currency: 币种 / Currency; with no such column, the unit of the amount
//!   column (`应付金额(元)`), else CNY (the 中国站 default).
//! * Refunds keep the category of what they refund (subscription →
//!   Purchase, pay-as-you-go → Usage); whether the refunded charge was in
//!   a previously invoiced period is not in the file, so ChargeClass stays
//!   null.

use cloudlens_model::{ChargeCategory, PricingCategory};
use serde_json::Map;

use super::{fields, Cells, ChinaBill, Column, Need, Spec};
use crate::fields::CellError;
use crate::formats::{FormatId, Output};

pub(crate) struct Alibaba;

const PROVIDER: &str = "Alibaba Cloud";

fields!(F {
    BillingCycle,
    Pretax,
    Product,
    AccountId,
    AccountName,
    BillingDate,
    Start,
    End,
    OwnerId,
    OwnerName,
    ProductCode,
    ProductDetailCode,
    ProductType,
    ProductDetail,
    SubscriptionType,
    BillingMethod,
    Item,
    InstanceId,
    NickName,
    Tags,
    Region,
    Zone,
    BillingItem,
    ListPrice,
    Usage,
    UsageUnit,
    Gross,
    InvoiceDiscount,
    Currency,
});

const BILLING_CYCLE: &[&str] = &[
    "账期",
    "BillingCycle",
    "账期(月)",
    "账单月份",
    "账单期间",
    "Billing Cycle",
];
const PRETAX: &[&str] = &[
    "应付金额",
    "PretaxAmount",
    "应付金额(不含税)",
    "Pretax Amount",
];

const COLUMNS: &[Column<F>] = &[
    Column::kept(F::BillingCycle, BILLING_CYCLE, "x_BillingCycle"),
    Column::read(F::Pretax, PRETAX),
    Column::read(
        F::Product,
        &["产品", "ProductName", "产品名称", "Product Name", "Product"],
    ),
    Column::read(
        F::AccountId,
        &["账号ID", "AccountID", "账号Id", "用户ID", "Account ID"],
    ),
    Column::read(
        F::AccountName,
        &["账号", "AccountName", "账号名称", "Account Name"],
    ),
    Column::read(
        F::BillingDate,
        &[
            "账单日期",
            "BillingDate",
            "费用日期",
            "消费日期",
            "Billing Date",
        ],
    ),
    Column::read(
        F::Start,
        &[
            "账单开始时间",
            "UsageStartTime",
            "使用开始时间",
            "服务开始时间",
            "Usage Start Time",
        ],
    ),
    Column::read(
        F::End,
        &[
            "账单结束时间",
            "UsageEndTime",
            "使用结束时间",
            "服务结束时间",
            "Usage End Time",
        ],
    ),
    Column::read(
        F::OwnerId,
        &["Owner账号", "OwnerID", "Owner账号ID", "Owner ID"],
    ),
    Column::read(
        F::OwnerName,
        &["OwnerAccountName", "Owner账号名称", "Owner Account Name"],
    ),
    Column::kept(
        F::ProductCode,
        &[
            "产品Code",
            "ProductCode",
            "产品代码",
            "产品编码",
            "Product Code",
        ],
        "x_ProductCode",
    ),
    Column::read(
        F::ProductDetailCode,
        &[
            "产品明细Code",
            "ProductDetailCode",
            "CommodityCode",
            "商品Code",
        ],
    ),
    Column::kept(
        F::ProductType,
        &["ProductType", "产品类型"],
        "x_ProductType",
    ),
    Column::kept(
        F::ProductDetail,
        &["产品明细", "ProductDetail", "Product Detail"],
        "x_ProductDetail",
    ),
    Column::kept(
        F::SubscriptionType,
        &["消费类型", "SubscriptionType", "Subscription Type"],
        "x_SubscriptionType",
    ),
    Column::kept(
        F::BillingMethod,
        &["计费方式", "BillingType", "Billing Type"],
        "x_BillingType",
    ),
    Column::kept(F::Item, &["账单类型", "Item", "账单类型名称"], "x_BillType"),
    Column::read(
        F::InstanceId,
        &["实例ID", "InstanceID", "资源ID", "Instance ID"],
    ),
    Column::read(
        F::NickName,
        &[
            "实例昵称",
            "NickName",
            "实例名称",
            "InstanceName",
            "Instance Name",
        ],
    ),
    Column::read(F::Tags, &["实例标签", "Tag", "标签", "Tags"]),
    Column::read(F::Region, &["地域", "Region", "地域名称", "RegionName"]),
    Column::read(F::Zone, &["可用区", "Zone", "可用区名称"]),
    Column::read(
        F::BillingItem,
        &["计费项", "BillingItem", "计费项名称", "Billing Item"],
    ),
    Column::read(
        F::ListPrice,
        &["单价", "ListPrice", "官网单价", "List Price"],
    ),
    Column::read(F::Usage, &["用量", "Usage"]),
    Column::read(F::UsageUnit, &["用量单位", "UsageUnit", "Usage Unit"]),
    Column::read(
        F::Gross,
        &["原价", "PretaxGrossAmount", "官网价", "Pretax Gross Amount"],
    ),
    Column::kept(
        F::InvoiceDiscount,
        &["优惠金额", "InvoiceDiscount", "Invoice Discount"],
        "x_InvoiceDiscount",
    ),
    Column::read(F::Currency, &["币种", "Currency"]),
];

/// Columns only Alibaba's bill details have (代金券抵扣 and 储值卡抵扣 are
/// Huawei's too, so they do not count).
const MARKERS: &[&str] = &[
    "财务单元",
    "产品Code",
    "产品明细Code",
    "产品明细",
    "Owner账号",
    "实例标签",
    "实例昵称",
    "产品代码",
    "优惠金额",
    "优惠券抵扣",
    "储值卡支付金额",
    "资源包抵扣",
    "CostUnit",
    "ProductCode",
    "ProductDetail",
    "PretaxGrossAmount",
    "PretaxAmount",
    "InvoiceDiscount",
    "DeductedByCoupons",
    "DeductedByCashCoupons",
    "DeductedByPrepaidCard",
    "OwnerID",
    "NickName",
    "SubscriptionType",
];

/// Native columns FOCUS has no place for, kept under English `x_` keys.
const KEPT: &[(&[&str], &str)] = &[
    (&["财务单元", "CostUnit", "Cost Unit"], "x_CostUnit"),
    (
        &["消费时间", "PaymentTime", "Payment Time"],
        "x_PaymentTime",
    ),
    (
        &["服务时长", "ServicePeriod", "Service Period"],
        "x_ServicePeriod",
    ),
    (&["时长单位", "ServicePeriodUnit"], "x_ServicePeriodUnit"),
    (
        &["订单号/账单号", "RecordID", "订单号", "账单号", "Record ID"],
        "x_RecordID",
    ),
    (&["RelatedRecordID", "关联订单号"], "x_RelatedRecordID"),
    (
        &["资源组", "ResourceGroup", "Resource Group"],
        "x_ResourceGroup",
    ),
    (&["实例配置", "InstanceConfig"], "x_InstanceConfig"),
    (&["实例规格", "InstanceSpec"], "x_InstanceSpec"),
    (&["公网IP", "InternetIP"], "x_InternetIP"),
    (&["私网IP", "IntranetIP"], "x_IntranetIP"),
    (&["计费项Code", "BillingItemCode"], "x_BillingItemCode"),
    (&["单价单位", "ListPriceUnit"], "x_ListPriceUnit"),
    (
        &["资源包抵扣", "DeductedByResourcePackage"],
        "x_DeductedByResourcePackage",
    ),
    (&["优惠券抵扣", "DeductedByCoupons"], "x_DeductedByCoupons"),
    (
        &["代金券抵扣", "DeductedByCashCoupons"],
        "x_DeductedByCashCoupons",
    ),
    (
        &["储值卡支付金额", "储值卡抵扣", "DeductedByPrepaidCard"],
        "x_DeductedByPrepaidCard",
    ),
    (&["现金支付", "PaymentAmount"], "x_PaymentAmount"),
    (&["欠费金额", "OutstandingAmount"], "x_OutstandingAmount"),
];

/// Localized region names the console writes, with their ids.
const REGIONS: &[(&str, &str)] = &[
    ("华东1（杭州）", "cn-hangzhou"),
    ("华东2（上海）", "cn-shanghai"),
    ("华北1（青岛）", "cn-qingdao"),
    ("华北2（北京）", "cn-beijing"),
    ("华北3（张家口）", "cn-zhangjiakou"),
    ("华北5（呼和浩特）", "cn-huhehaote"),
    ("华北6（乌兰察布）", "cn-wulanchabu"),
    ("华南1（深圳）", "cn-shenzhen"),
    ("华南2（河源）", "cn-heyuan"),
    ("华南3（广州）", "cn-guangzhou"),
    ("西南1（成都）", "cn-chengdu"),
    ("中国香港", "cn-hongkong"),
    ("新加坡", "ap-southeast-1"),
    ("日本（东京）", "ap-northeast-1"),
    ("美国（硅谷）", "us-west-1"),
    ("美国（弗吉尼亚）", "us-east-1"),
    ("德国（法兰克福）", "eu-central-1"),
    ("英国（伦敦）", "eu-west-1"),
    ("China (Hangzhou)", "cn-hangzhou"),
    ("China (Shanghai)", "cn-shanghai"),
    ("China (Qingdao)", "cn-qingdao"),
    ("China (Beijing)", "cn-beijing"),
    ("China (Zhangjiakou)", "cn-zhangjiakou"),
    ("China (Shenzhen)", "cn-shenzhen"),
    ("China (Chengdu)", "cn-chengdu"),
    ("China (Hong Kong)", "cn-hongkong"),
    ("Singapore", "ap-southeast-1"),
    ("Japan (Tokyo)", "ap-northeast-1"),
    ("US (Silicon Valley)", "us-west-1"),
    ("US (Virginia)", "us-east-1"),
    ("Germany (Frankfurt)", "eu-central-1"),
];

/// 消费类型 / SubscriptionType (or 计费方式): whether a row is prepaid
/// (a subscription) or pay-as-you-go.
fn prepaid(v: Option<&str>) -> Option<bool> {
    super::prepaid(
        v,
        &["预付", "包年", "包月", "subscription", "prepaid"],
        &[
            "后付",
            "按量",
            "按需",
            "payasyougo",
            "pay-as-you-go",
            "postpaid",
        ],
    )
}

/// The ChargeCategory of a bill type (账单类型 / Item); `None` when the
/// value is not recognized.
fn category_of_item(item: &str, prepaid: Option<bool>) -> Option<ChargeCategory> {
    let t = item.to_lowercase();
    let has = |keys: &[&str]| keys.iter().any(|k| t.contains(k));
    if has(&["refund", "退款", "退费", "退订"]) {
        return Some(match prepaid {
            Some(false) => ChargeCategory::Usage,
            _ => ChargeCategory::Purchase,
        });
    }
    if has(&["adjust", "调账", "调整"]) {
        return Some(ChargeCategory::Adjustment);
    }
    if has(&["tax", "税"]) {
        return Some(ChargeCategory::Tax);
    }
    if has(&[
        "order", "订单", "新购", "续费", "升级", "降配", "变配", "购买",
    ]) {
        return Some(ChargeCategory::Purchase);
    }
    if has(&["bill", "账单", "按量", "扣费", "usage"]) {
        return Some(ChargeCategory::Usage);
    }
    None
}

impl ChinaBill for Alibaba {
    type F = F;

    const SPEC: &'static Spec<F> = &Spec {
        id: FormatId::Alibaba,
        provider: PROVIDER,
        markers: MARKERS,
        min_markers: 2,
        detect_with: &[&[BILLING_CYCLE, &["账单日期", "BillingDate"]], &[PRETAX]],
        variants: ["English headers", "Chinese headers"],
        columns: COLUMNS,
        needs: &[
            Need::Column(F::BillingCycle),
            Need::Column(F::Pretax),
            Need::Column(F::Product),
            Need::AnyOf(&[F::AccountId, F::AccountName]),
        ],
        amount: F::Pretax,
        kept: KEPT,
        regions: REGIONS,
        total_month: &[F::BillingCycle],
        total_identity: &[F::Product, F::AccountId, F::AccountName, F::InstanceId],
        total_reason: "the console's 合计 (total) row",
    };

    fn map(r: &Cells<'_, F>, out: &mut Output) -> Result<(), CellError> {
        let billing_period = r.billing_month(F::BillingCycle)?;
        let billed = r.required_decimal(F::Pretax)?;
        let currency = r.currency(F::Currency, out)?;
        let account = r.required(&[F::AccountId, F::AccountName])?;
        let product = r.required(&[F::Product])?;
        let prepaid =
            prepaid(r.text(F::SubscriptionType)).or_else(|| prepaid(r.text(F::BillingMethod)));
        let category = charge_category(r, prepaid)?;

        let product_code = r.text(F::ProductCode);
        let names = [Some(product), product_code];
        let mut dims = r.service_dims(account, &currency, product, &names, &names, category);
        dims.billing_account_name = r.string(F::AccountName);
        dims.billing_account_type = Some("Account".to_string());
        dims.sub_account_id = r.string(F::OwnerId);
        dims.sub_account_name = r.string(F::OwnerName).or_else(|| {
            // The owner is the billing account itself: same name.
            dims.sub_account_id
                .as_deref()
                .filter(|owner| Some(*owner) == r.text(F::AccountId))
                .and(dims.billing_account_name.clone())
        });
        if dims.sub_account_id.is_some() {
            dims.sub_account_type = Some("Account".to_string());
        }
        dims.charge_frequency = Some(super::charge_frequency(category, prepaid));
        dims.pricing_category =
            matches!(category, ChargeCategory::Usage | ChargeCategory::Purchase)
                .then_some(PricingCategory::Standard);
        let product_detail = r.text(F::ProductDetail);
        dims.charge_description = match r.text(F::BillingItem) {
            Some(item) => Some(format!("{product} {item}")),
            None => Some(product_detail.unwrap_or(product).to_string()),
        };
        (dims.region_id, dims.region_name) = r.region(r.text(F::Region));
        dims.availability_zone = r.string(F::Zone);
        dims.resource_id = r.string(F::InstanceId);
        dims.resource_name = r.string(F::NickName);
        // The bill names no resource type: the product type (else the
        // product) an instance belongs to stands for it.
        if dims.resource_id.is_some() {
            dims.resource_type = Some(r.text(F::ProductType).unwrap_or(product).to_string());
        }
        dims.sku_id = r
            .text(F::ProductDetailCode)
            .or(product_code)
            .map(str::to_string);
        // What is metered: the billing item, else (subscriptions and
        // adjustments have none) the product detail, else the product.
        dims.sku_meter = r
            .text(F::BillingItem)
            .or(product_detail)
            .or(Some(product))
            .filter(|_| dims.sku_id.is_some())
            .map(str::to_string);
        let usage_unit = r.string(F::UsageUnit);
        dims.pricing_unit = usage_unit.clone();
        dims.consumed_unit = usage_unit;
        dims.tags = r.tags(F::Tags, |t| Ok(alibaba_tags(t)))?;

        let charge_period =
            r.charge_period(F::Start, F::End, Some(F::BillingDate), billing_period)?;
        let (list, contracted) = super::list_and_contracted(
            r.decimal(F::Gross)?,
            r.decimal(F::InvoiceDiscount)?,
            billed,
        );
        let pricing_quantity = r.decimal(F::Usage)?;
        let line = super::CashLine {
            list,
            contracted,
            pricing_quantity,
            consumed_quantity: pricing_quantity.filter(|_| category == ChargeCategory::Usage),
            list_unit_price: r.decimal(F::ListPrice)?,
            extras: r.extras(Map::new()),
            ..r.cash_line(billing_period, charge_period, currency, billed)
        };
        super::push_cash_line(out, dims, line);
        Ok(())
    }
}

/// The row's ChargeCategory from its bill type (账单类型 / Item) and
/// whether it is prepaid.
fn charge_category(r: &Cells<'_, F>, prepaid: Option<bool>) -> Result<ChargeCategory, CellError> {
    let item = r.text(F::Item);
    super::charge_category(
        item,
        item.and_then(|i| category_of_item(i, prepaid)),
        prepaid,
    )
    .ok_or_else(|| {
        r.error(
            F::Item,
            item.unwrap_or_default(),
            "a bill type such as SubscriptionOrder, PayAsYouGoBill, Refund, Adjustment \
             (预付订单, 后付账单, 退款, 调账)",
        )
    })
}

/// 实例标签 / Tag: `key1:value1;key2:value2`, also the console's
/// `key:k1 value:v1;key:k2 value:v2` spelling.
pub(crate) fn alibaba_tags(text: &str) -> cloudlens_model::Tags {
    let mut tags = cloudlens_model::Tags::new();
    for pair in text
        .split([';', '；'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        if let Some(rest) = pair.strip_prefix("key:") {
            if let Some((k, v)) = rest.split_once(" value:") {
                tags.insert(k.trim().to_string(), v.trim().to_string());
                continue;
            }
        }
        tags.extend(crate::tags::from_pairs(pair, &[';']));
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_in_both_console_spellings() {
        let t = alibaba_tags("env:prod; team:数据平台");
        assert_eq!(t.get("team").map(String::as_str), Some("数据平台"));
        let t = alibaba_tags("key:env value:prod;key:owner value:张三");
        assert_eq!(t.get("env").map(String::as_str), Some("prod"));
        assert_eq!(t.get("owner").map(String::as_str), Some("张三"));
    }

    #[test]
    fn bill_types_to_categories() {
        assert_eq!(
            category_of_item("SubscriptionOrder", None),
            Some(ChargeCategory::Purchase)
        );
        assert_eq!(
            category_of_item("PayAsYouGoBill", None),
            Some(ChargeCategory::Usage)
        );
        assert_eq!(
            category_of_item("后付账单", None),
            Some(ChargeCategory::Usage)
        );
        assert_eq!(
            category_of_item("预付订单", None),
            Some(ChargeCategory::Purchase)
        );
        assert_eq!(
            category_of_item("Refund", Some(false)),
            Some(ChargeCategory::Usage)
        );
        assert_eq!(
            category_of_item("退款", Some(true)),
            Some(ChargeCategory::Purchase)
        );
        assert_eq!(
            category_of_item("调账", None),
            Some(ChargeCategory::Adjustment)
        );
        assert_eq!(category_of_item("奇怪", None), None);
    }
}
