//! Tencent Cloud (腾讯云) bill details: the "bill 3.0" CSV with English
//! field names (console download and bill storage to COS), and the older
//! console export with Chinese headers and `(元)` units
//! (FOCUS-NOTES.md §4.6, §5.6). `-` in any cell means "no value".
//!
//! Mapping decisions:
//! * BilledCost is Total Amount After Discount / 优惠后总价 (RealCost). The
//!   cash, free-credit (赠送) and voucher (代金券) account payments split
//!   that amount by how it was paid; they are not price reductions, so
//!   they emit no Credit lines and are kept as `x_` extras. SourceAmount is
//!   the same figure.
//! * EffectiveCost = BilledCost (cash basis; amortization is in Tencent's
//!   separate cost-allocation bill). ListCost is Original Cost / 组件原价
//!   (`-` under contract prices: then BilledCost); ContractedCost is
//!   BilledCost (the price after the negotiated discount, with no
//!   commitment discount in these rows).
//! * Billing period: Bill Month / 账单月份 when present, else the UTC+8
//!   month of the transaction (扣费) time, else of the usage start, in UTC.
//! * Currency: Currency / 币种; else the amount column's unit (`(元)` is
//!   CNY), else CNY (the China site default).
//! * Refunds (退费) keep the category of what they refund, from the
//!   billing mode; ChargeClass stays null (the file does not say whether the
//!   refunded charge was invoiced in an earlier period).

use cloudlens_model::{ChargeCategory, PricingCategory};
use serde_json::Map;

use super::{fields, tags_any, Cells, ChinaBill, Column, Need, Spec};
use crate::fields::CellError;
use crate::formats::{FormatId, Output};

pub(crate) struct Tencent;

const PROVIDER: &str = "Tencent Cloud";

fields!(F {
    RealCost,
    Payer,
    Product,
    BillMonth,
    TxTime,
    Start,
    End,
    Owner,
    ProductCode,
    Subproduct,
    SubproductCode,
    BillingMode,
    Region,
    Zone,
    InstanceId,
    InstanceName,
    InstanceType,
    TxType,
    ComponentName,
    ListPrice,
    ContractedPrice,
    PriceUnit,
    Usage,
    UsageUnit,
    Duration,
    DurationUnit,
    Original,
    Currency,
    Tags,
});

const BILL_MONTH: &[&str] = &[
    "Bill Month",
    "账单月份",
    "BillMonth",
    "Consumption Month",
    "消费月份",
    "账期",
];
const TX_TIME: &[&str] = &["Transaction Time", "扣费时间", "PayTime", "交易时间"];
const START: &[&str] = &[
    "Usage Start Time",
    "开始使用时间",
    "FeeBeginTime",
    "使用开始时间",
];
const REAL_COST: &[&str] = &[
    "Total Amount After Discount",
    "优惠后总价",
    "RealCost",
    "Total Cost After Discount",
    "折后总价",
];
const PAYER: &[&str] = &[
    "Payer Account ID",
    "支付者UIN",
    "PayerUin",
    "支付者账号ID",
    "支付者账号",
];
const PRODUCT: &[&str] = &["Product Name", "产品名称", "BusinessCodeName"];

const COLUMNS: &[Column<F>] = &[
    Column::read(F::RealCost, REAL_COST),
    Column::read(F::Payer, PAYER),
    Column::read(F::Product, PRODUCT),
    Column::kept(F::BillMonth, BILL_MONTH, "x_BillMonth"),
    Column::kept(F::TxTime, TX_TIME, "x_TransactionTime"),
    Column::read(F::Start, START),
    Column::read(
        F::End,
        &[
            "Usage End Time",
            "结束使用时间",
            "FeeEndTime",
            "使用结束时间",
        ],
    ),
    Column::read(
        F::Owner,
        &[
            "Owner Account ID",
            "使用者UIN",
            "OwnerUin",
            "使用者账号ID",
            "使用者账号",
        ],
    ),
    Column::kept(
        F::ProductCode,
        &["Product Code", "产品编码", "BusinessCode"],
        "x_ProductCode",
    ),
    Column::kept(
        F::Subproduct,
        &["Subproduct Name", "子产品名称", "ProductCodeName"],
        "x_SubproductName",
    ),
    Column::read(
        F::SubproductCode,
        &["Subproduct Code", "子产品编码", "ProductCode"],
    ),
    Column::kept(
        F::BillingMode,
        &["Billing Mode", "计费模式", "PayModeName"],
        "x_BillingMode",
    ),
    Column::read(F::Region, &["Region", "地域", "RegionName", "地域名称"]),
    Column::read(F::Zone, &["Availability Zone", "可用区", "ZoneName"]),
    Column::read(
        F::InstanceId,
        &["Instance ID", "实例ID", "资源ID", "ResourceId"],
    ),
    Column::read(
        F::InstanceName,
        &["Instance Name", "实例名称", "资源别名", "ResourceName"],
    ),
    Column::kept(
        F::InstanceType,
        &["Instance Type", "实例类型", "InstanceType"],
        "x_InstanceType",
    ),
    Column::kept(
        F::TxType,
        &["Transaction Type", "交易类型", "ActionTypeName"],
        "x_TransactionType",
    ),
    Column::read(
        F::ComponentName,
        &["Component Name", "组件名称", "ItemCodeName"],
    ),
    Column::read(
        F::ListPrice,
        &["Component List Price", "组件刊例价", "SinglePrice"],
    ),
    Column::read(
        F::ContractedPrice,
        &[
            "Component Contracted Price",
            "Customer Component Contracted Price",
            "组件折扣单价",
            "组件合同价",
            "ContractPrice",
        ],
    ),
    Column::read(
        F::PriceUnit,
        &[
            "Component Price Measurement Unit",
            "价格单位",
            "组件价格单位",
            "PriceUnit",
        ],
    ),
    Column::read(F::Usage, &["Component Usage", "组件用量", "UsedAmount"]),
    Column::read(
        F::UsageUnit,
        &["Component Usage Unit", "组件用量单位", "UsedAmountUnit"],
    ),
    Column::kept(
        F::Duration,
        &["Usage Duration", "使用时长", "TimeSpan"],
        "x_UsageDuration",
    ),
    Column::kept(
        F::DurationUnit,
        &["Duration Unit", "时长单位", "TimeUnitName"],
        "x_DurationUnit",
    ),
    Column::read(F::Original, &["Original Cost", "组件原价", "原价", "Cost"]),
    Column::read(F::Currency, &["Currency", "币种"]),
    Column::read(F::Tags, &["Tags", "Tag", "标签", "Tag Keys", "标签键"]),
];

/// Columns only Tencent's bill details have.
const MARKERS: &[&str] = &[
    "Payer Account ID",
    "Owner Account ID",
    "Operator Account ID",
    "Subproduct Name",
    "Component Type",
    "Component Name",
    "Component List Price",
    "Total Amount After Discount",
    "Cash Account Payment",
    "Free Account Payment",
    "Voucher Payment",
    "支付者UIN",
    "使用者UIN",
    "操作者UIN",
    "子产品名称",
    "组件类型",
    "组件名称",
    "组件刊例价",
    "优惠后总价",
    "现金账户支出",
    "赠送账户支出",
    "代金券支出",
    "PayerUin",
    "OwnerUin",
    "BusinessCodeName",
    "ProductCodeName",
    "ItemCodeName",
    "ComponentCodeName",
    "RealCost",
    "CashPayAmount",
    "IncentivePayAmount",
    "VoucherPayAmount",
];

/// Native columns FOCUS has no place for, kept under English `x_` keys.
const KEPT: &[(&[&str], &str)] = &[
    (
        &[
            "Operator Account ID",
            "操作者UIN",
            "OperateUin",
            "操作者账号ID",
        ],
        "x_OperatorAccountId",
    ),
    (
        &["Reseller Account ID", "管理者账号ID"],
        "x_ResellerAccountId",
    ),
    (&["Project Name", "项目名称", "ProjectName"], "x_Project"),
    (&["Transaction ID", "交易ID", "BillId"], "x_TransactionId"),
    (&["Order ID", "订单号", "OrderId"], "x_OrderId"),
    (
        &["Component Type", "组件类型", "ComponentCodeName"],
        "x_ComponentType",
    ),
    (
        &["Discount Multiplier", "Discount Rate", "折扣率", "Discount"],
        "x_DiscountMultiplier",
    ),
    (&["Voucher Deduction", "优惠券抵扣"], "x_VoucherDeduction"),
    (
        &[
            "Cash Account Payment",
            "现金账户支出",
            "Cash Payment",
            "CashPayAmount",
        ],
        "x_CashPayAmount",
    ),
    (
        &[
            "Free Account Payment",
            "赠送账户支出",
            "Free-credit Payment",
            "IncentivePayAmount",
        ],
        "x_IncentivePayAmount",
    ),
    (
        &["Voucher Payment", "代金券支出", "VoucherPayAmount"],
        "x_VoucherPayAmount",
    ),
    (
        &["Transfer Payment", "分成金账户支出", "TransferPayAmount"],
        "x_TransferPayAmount",
    ),
];

/// Localized region names the bills write, with their ids.
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
    (
        "Hong Kong, Macau and Taiwan (China) (Hong Kong, China)",
        "ap-hongkong",
    ),
    ("Southeast Asia (Singapore)", "ap-singapore"),
    ("Northeast Asia (Tokyo)", "ap-tokyo"),
    ("West US (Silicon Valley)", "na-siliconvalley"),
    ("East US (Virginia)", "na-ashburn"),
    ("Europe (Frankfurt)", "eu-frankfurt"),
];

impl ChinaBill for Tencent {
    type F = F;

    const SPEC: &'static Spec<F> = &Spec {
        id: FormatId::Tencent,
        provider: PROVIDER,
        markers: MARKERS,
        min_markers: 3,
        detect_with: &[&[REAL_COST]],
        variants: ["bill 3.0, English headers", "Chinese headers"],
        columns: COLUMNS,
        needs: &[
            Need::Column(F::RealCost),
            Need::Column(F::Payer),
            Need::Column(F::Product),
            Need::AnyOf(&[F::BillMonth, F::TxTime, F::Start]),
        ],
        amount: F::RealCost,
        kept: KEPT,
        regions: REGIONS,
        total_month: &[F::BillMonth, F::TxTime],
        total_identity: &[F::Product, F::Payer, F::InstanceId],
        total_reason: "the console's total (总计 / 合计) row",
    };

    fn map(r: &Cells<'_, F>, out: &mut Output) -> Result<(), CellError> {
        let billing_period = billing_period(r)?;
        let billed = r.required_decimal(F::RealCost)?;
        let currency = r.currency(F::Currency, out)?;
        let payer = r.required(&[F::Payer])?;
        let product = r.required(&[F::Product])?;
        let prepaid = prepaid(r.text(F::BillingMode));
        let category = charge_category(r, prepaid)?;

        let product_code = r.text(F::ProductCode);
        let names = [Some(product), product_code];
        let mut dims = r.service_dims(payer, &currency, product, &names, &names, category);
        dims.billing_account_type = Some("Payer Account".to_string());
        dims.sub_account_id = r.string(F::Owner);
        if dims.sub_account_id.is_some() {
            dims.sub_account_type = Some("Account".to_string());
        }
        dims.charge_frequency = Some(super::charge_frequency(category, prepaid));
        dims.pricing_category = match category {
            ChargeCategory::Usage => Some(pricing_category(r.text(F::InstanceType))),
            ChargeCategory::Purchase => Some(PricingCategory::Standard),
            _ => None,
        };
        let subproduct = r.text(F::Subproduct);
        let component = r.text(F::ComponentName);
        dims.charge_description = match (subproduct, component) {
            (Some(s), Some(k)) => Some(format!("{s} {k}")),
            (None, None) => Some(match r.text(F::TxType) {
                Some(tx) => format!("{product} {tx}"),
                None => product.to_string(),
            }),
            (s, k) => s.or(k).map(str::to_string),
        };
        (dims.region_id, dims.region_name) = r.region(r.text(F::Region));
        dims.availability_zone = r.string(F::Zone);
        dims.resource_id = r.string(F::InstanceId);
        dims.resource_name = r.string(F::InstanceName);
        // The bill names no resource type: the subproduct (else the
        // product) an instance belongs to stands for it.
        if dims.resource_id.is_some() {
            dims.resource_type = Some(subproduct.unwrap_or(product).to_string());
        }
        dims.sku_id = r.text(F::SubproductCode).or(subproduct).map(str::to_string);
        dims.sku_meter = component
            .filter(|_| dims.sku_id.is_some())
            .map(str::to_string);
        let price = PriceUnit::parse(r.text(F::PriceUnit));
        dims.pricing_currency = Some(price.currency.unwrap_or(&currency).to_string());
        dims.tags = r.tags(F::Tags, tags_any)?;

        let charge_period = r.charge_period(F::Start, F::End, None, billing_period)?;
        let (unit, pricing_quantity) = price.quantity(
            r.decimal(F::Usage)?,
            r.text(F::UsageUnit),
            r.decimal(F::Duration)?,
            r.text(F::DurationUnit),
        );
        dims.pricing_unit = unit;
        // Consumption is measured as it is priced.
        dims.consumed_unit = dims.pricing_unit.clone();
        let consumed_quantity = pricing_quantity.filter(|_| category == ChargeCategory::Usage);
        let line = super::CashLine {
            list: r.decimal(F::Original)?.unwrap_or(billed),
            pricing_quantity,
            consumed_quantity,
            list_unit_price: r.decimal(F::ListPrice)?,
            contracted_unit_price: r.decimal(F::ContractedPrice)?,
            extras: r.extras(Map::new()),
            ..r.cash_line(billing_period, charge_period, currency, billed)
        };
        super::push_cash_line(out, dims, line);
        Ok(())
    }
}

/// Bill Month, else the UTC+8 month of the transaction time, else of the
/// usage start.
fn billing_period(r: &Cells<'_, F>) -> Result<(i64, i64), CellError> {
    if r.text(F::BillMonth).is_some() {
        return r.billing_month(F::BillMonth);
    }
    for f in [F::TxTime, F::Start] {
        if let Some(period) = r.month_of_time(f)? {
            return Ok(period);
        }
    }
    let named = [F::BillMonth, F::TxTime, F::Start]
        .into_iter()
        .find(|f| r.has(*f))
        .unwrap_or(F::RealCost);
    Err(r.error(
        named,
        "",
        "a bill month or transaction time (one of them is needed for the billing period)",
    ))
}

/// The row's ChargeCategory from its transaction type (交易类型) and
/// billing mode.
fn charge_category(r: &Cells<'_, F>, prepaid: Option<bool>) -> Result<ChargeCategory, CellError> {
    let tx = r.text(F::TxType);
    super::charge_category(
        tx,
        tx.and_then(|t| category_of_transaction(t, prepaid)),
        prepaid,
    )
    .ok_or_else(|| {
        r.error(
            F::TxType,
            tx.unwrap_or_default(),
            "a transaction type such as 包年包月新购, 按量计费扣费, 退费, 调账 \
             (New purchase, Pay-as-you-go deduction, Refund, Adjustment)",
        )
    })
}

/// 计费模式 / Billing Mode: whether a row is prepaid (包年包月) or
/// pay-as-you-go.
fn prepaid(v: Option<&str>) -> Option<bool> {
    super::prepaid(
        v,
        &["包年包月", "预付费", "subscription", "prepaid", "monthly"],
        &[
            "按量",
            "后付费",
            "pay-as-you-go",
            "pay as you go",
            "postpaid",
            "payg",
        ],
    )
}

/// The ChargeCategory of a transaction type (交易类型); `None` when the
/// value is not recognized.
fn category_of_transaction(tx: &str, prepaid: Option<bool>) -> Option<ChargeCategory> {
    let t = tx.to_lowercase();
    let has = |keys: &[&str]| keys.iter().any(|k| t.contains(k));
    if has(&["退费", "退款", "退还", "refund"]) {
        return Some(match prepaid {
            Some(false) => ChargeCategory::Usage,
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

/// Instance Type / 实例类型: spot is Dynamic, RI and savings-plan covered
/// usage is Committed, anything else (`-`, resource packs) Standard.
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

/// A price unit as Tencent writes it: `CNY/core/hour`, `元/GB/月`,
/// `USD/month`, `元/GB`: a currency, then what one unit of price buys.
#[derive(Debug, Default, PartialEq)]
struct PriceUnit<'a> {
    currency: Option<&'static str>,
    /// The counted unit (`core`, `GB`), if the price names one.
    unit: Option<&'a str>,
    /// The time unit the price is per (`Hour`), if any.
    time: Option<&'static str>,
}

impl<'a> PriceUnit<'a> {
    fn parse(v: Option<&'a str>) -> Self {
        let Some(v) = v else {
            return Self::default();
        };
        let mut parts: Vec<&str> = v.split('/').map(str::trim).collect();
        let mut p = Self::default();
        if let Some(first) = parts.first() {
            p.currency = match *first {
                "元" | "人民币" | "CNY" | "RMB" => Some("CNY"),
                "美元" | "USD" => Some("USD"),
                _ => None,
            };
            if p.currency.is_some() {
                parts.remove(0);
            }
        }
        if let Some(last) = parts.last() {
            p.time = crate::formats::units::time_word(last);
            if p.time.is_some() {
                parts.pop();
            }
        }
        match parts.as_slice() {
            [] => {}
            [unit] if !unit.is_empty() => p.unit = Some(unit),
            // Not a shape this knows: no unit rather than a wrong one.
            _ => p.time = None,
        }
        p
    }

    /// The pricing unit and quantity of a row that used `usage` of
    /// `usage_unit` for `duration` of `duration_unit`. A price per unit
    /// and time is per unit-time (`core-Hours`): the usage times the
    /// duration, unless the usage is already counted in time (`24 小时`
    /// at `元/小时`) or has no duration (then the bill counts it in
    /// unit-time already, as storage in GB-months). Units get their FOCUS
    /// spelling when the line's dimensions are interned.
    fn quantity(
        &self,
        usage: Option<cloudlens_model::Decimal>,
        usage_unit: Option<&str>,
        duration: Option<cloudlens_model::Decimal>,
        duration_unit: Option<&str>,
    ) -> (Option<String>, Option<cloudlens_model::Decimal>) {
        let base = self.unit.or(usage_unit);
        let Some(time) = self.time else {
            return (base.map(str::to_string), usage);
        };
        if usage_unit.and_then(crate::formats::units::time_word) == Some(time) {
            return (Some(format!("{time}s")), usage);
        }
        let base = base.unwrap_or("Unit");
        let unit = Some(format!("{base}-{time}s"));
        let same_time =
            duration_unit.is_none_or(|u| crate::formats::units::time_word(u) == Some(time));
        match (usage, duration) {
            (Some(u), Some(d)) if same_time => (unit, u.checked_mul(d)),
            (None, Some(d)) if same_time => (unit, Some(d)),
            (Some(_), Some(_)) => (None, None),
            (u, None) => (unit, u),
            (None, _) => (None, None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn price_units_give_the_pricing_quantity() {
        use cloudlens_model::Decimal;
        let d = |v: i64| Some(Decimal::from(v));
        let p = PriceUnit::parse(Some("CNY/core/hour"));
        assert_eq!(p.currency, Some("CNY"));
        assert_eq!(
            p.quantity(d(4), Some("core"), d(24), Some("Hour")),
            (Some("core-Hours".into()), d(96))
        );
        let p = PriceUnit::parse(Some("元/小时"));
        assert_eq!(
            p.quantity(d(24), Some("小时"), d(24), None),
            (Some("Hours".into()), d(24))
        );
        let p = PriceUnit::parse(Some("元/GB/月"));
        assert_eq!(
            p.quantity(d(132), Some("GB"), None, None),
            (Some("GB-Months".into()), d(132))
        );
        let p = PriceUnit::parse(Some("CNY/month"));
        assert_eq!(
            p.quantity(d(1), Some("instance"), d(1), Some("Month")),
            (Some("instance-Months".into()), d(1))
        );
        let p = PriceUnit::parse(Some("USD/GB"));
        assert_eq!(p.currency, Some("USD"));
        assert_eq!(
            p.quantity(d(5), Some("GB"), None, None),
            (Some("GB".into()), d(5))
        );
        let p = PriceUnit::parse(None);
        assert_eq!(
            p.quantity(d(1), Some("台"), d(12), Some("月")),
            (Some("台".into()), d(1))
        );
    }

    #[test]
    fn transaction_types_to_categories() {
        let sub = Some(true);
        let payg = Some(false);
        assert_eq!(
            category_of_transaction("包年包月新购", sub),
            Some(ChargeCategory::Purchase)
        );
        assert_eq!(
            category_of_transaction("按量计费小时结", payg),
            Some(ChargeCategory::Usage)
        );
        assert_eq!(
            category_of_transaction("退费", sub),
            Some(ChargeCategory::Purchase)
        );
        assert_eq!(
            category_of_transaction("Refund", payg),
            Some(ChargeCategory::Usage)
        );
        assert_eq!(
            category_of_transaction("调账", None),
            Some(ChargeCategory::Adjustment)
        );
        assert_eq!(
            category_of_transaction("Renewal", sub),
            Some(ChargeCategory::Purchase)
        );
        assert_eq!(category_of_transaction("???", None), None);
    }

    #[test]
    fn instance_types_to_pricing_categories() {
        assert_eq!(pricing_category(Some("竞价实例")), PricingCategory::Dynamic);
        assert_eq!(pricing_category(Some("RI")), PricingCategory::Committed);
        assert_eq!(
            pricing_category(Some("节省计划")),
            PricingCategory::Committed
        );
        assert_eq!(pricing_category(None), PricingCategory::Standard);
        assert_eq!(
            pricing_category(Some("Spot Instance")),
            PricingCategory::Dynamic
        );
    }
}
