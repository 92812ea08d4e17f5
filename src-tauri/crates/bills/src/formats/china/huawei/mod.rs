//! Huawei Cloud (华为云) bill details: the OBS-subscribed and console
//! exports 资源按账期账单 (`InstanceBillMonth`), 使用量类型明细账单
//! (`PriceFactorBillDetail`) and the Cost Center's 原始成本 export, with
//! Chinese headers or their English (international site) names
//! (FOCUS-NOTES.md §4.7, §5.5). Times are `2020-08-23 22:00:00 GMT+08:00`
//! or naive Beijing time.
//!
//! Mapping decisions:
//! * BilledCost is 应付金额 / Amount Due. 现金支付, 信用额度支付, 代金券抵扣,
//!   储值卡抵扣 and 欠费金额 say how that amount was paid; they emit no
//!   Credit lines and are kept as `x_` extras. SourceAmount is 应付金额.
//! * EffectiveCost = BilledCost (this is the cash-basis bill; the Cost
//!   Center's amortized export is separate). ListCost is 官网价 / List
//!   Price; ContractedCost is 官网价 − 折扣金额; both fall back to
//!   BilledCost.
//! * ChargeCategory follows Huawei's own FOCUS export for usage, purchase,
//!   adjustment and tax bill types (§5.5), except refunds (退订, 退款): FOCUS
//!   1.2 keeps a refund in the category of what it refunds, so a refund is
//!   Purchase for yearly/monthly items and Usage for pay-per-use ones,
//!   where Huawei's export says Adjustment. ChargeClass stays null.
//! * Billing period: 账期 (a UTC+8 month) in UTC, 2025-01 → 2024-12-31T16:00Z
//!   to 2025-01-31T16:00Z (exclusive end, where Huawei's FOCUS export
//!   writes 15:59:59). Charge period: 使用开始时间 / 使用结束时间 when given,
//!   else 消费日期, else the whole billing month.
//! * Currency: 币种 / Currency; else the amount column's unit; else CNY
//!   (the Chinese site's billing currency).

//!
//! Synced records of the BSS API (`MonthlyBillRes`) map through the same
//! table by their own keys (`consume_amount`, `cloud_service_type_name`,
//! ...); their `bill_type` and `charge_mode` codes are read as codes, and
//! the console's words for them are kept as the extras a console export
//! would have.

use cloudlens_model::{ChargeCategory, ChargeFrequency, PricingCategory};
use serde_json::{Map, Value};

mod codes;

use super::{fields, tags_any, Cells, ChinaBill, Column, Need, Spec};
use crate::fields::CellError;
use crate::formats::{FormatId, Output};
use codes::{BillType, Mode};

pub(crate) struct Huawei;

const PROVIDER: &str = "Huawei Cloud";

fields!(F {
    BillingCycle,
    Due,
    AccountId,
    AccountName,
    ServiceType,
    ResourceType,
    Linked,
    LinkedName,
    ServiceTypeCode,
    ProductId,
    BillingMode,
    BillType,
    RegionCode,
    Region,
    Zone,
    ResourceId,
    ResourceName,
    Tags,
    List,
    Discount,
    Start,
    End,
    Day,
    Usage,
    UsageUnit,
    UsageType,
    Specification,
    UnitPrice,
    Currency,
});

const BILLING_CYCLE: &[&str] = &[
    "账期",
    "Billing Cycle",
    "Month",
    "BillingCycle",
    "账单月份",
    "bill_cycle",
];
const DUE: &[&str] = &[
    "应付金额",
    "Amount Due",
    "Payable Amount",
    "Amount Payable",
    "Amount",
    "amount",
];
const ACCOUNT_ID: &[&str] = &[
    "账号ID",
    "Account ID",
    "ID of PayerAccount",
    "PayerAccount ID",
    "客户ID",
];
const ACCOUNT_NAME: &[&str] = &[
    "账号",
    "Account Name",
    "Account",
    "PayerAccount Name",
    "账号名称",
    "交易账号",
];
const SERVICE_TYPE: &[&str] = &[
    "产品类型",
    "Service Type",
    "Product Type",
    "云服务类型",
    "云服务类型名称",
];
const RESOURCE_TYPE: &[&str] = &[
    "产品",
    "Resource Type",
    "Product",
    "资源类型",
    "资源类型名称",
];

const COLUMNS: &[Column<F>] = &[
    Column::kept(F::BillingCycle, BILLING_CYCLE, "x_BillingCycle").api(&["cycle"]),
    Column::read(F::Due, DUE).api(&["consume_amount"]),
    Column::read(F::AccountId, ACCOUNT_ID).api(&["payer_account_id"]),
    Column::read(F::AccountName, ACCOUNT_NAME),
    Column::read(F::ServiceType, SERVICE_TYPE).api(&["cloud_service_type_name"]),
    Column::read(F::ResourceType, RESOURCE_TYPE).api(&["resource_type_name"]),
    Column::read(
        F::Linked,
        &[
            "关联账号",
            "Linked Account",
            "关联账号ID",
            "Linked Account ID",
        ],
    )
    .api(&["customer_id"]),
    Column::read(F::LinkedName, &["关联账号名称", "Linked Account Name"]),
    Column::kept(
        F::ServiceTypeCode,
        &["产品类型编码", "Service Type Code", "云服务类型编码"],
        "x_ServiceTypeCode",
    )
    .api(&["cloud_service_type"]),
    Column::read(F::ProductId, &["产品ID", "Product ID", "ProductID"]).api(&["sku_code"]),
    Column::read(F::BillingMode, &["计费模式", "Billing Mode", "ChargeMode"]).api(&["charge_mode"]),
    Column::read(F::BillType, &["账单类型", "Bill Type", "BillType"]).api(&["bill_type"]),
    Column::read(F::RegionCode, &["区域编码", "Region Code", "RegionCode"]).api(&["region"]),
    Column::read(F::Region, &["区域", "Region", "区域名称", "Region Name"]).api(&["region_name"]),
    Column::read(F::Zone, &["可用区", "AZ", "Availability Zone"]).api(&["az_code_infos"]),
    Column::read(F::ResourceId, &["资源ID", "Resource ID"]).api(&["res_instance_id"]),
    Column::read(F::ResourceName, &["资源名称", "Resource Name"]).api(&["resource_name"]),
    Column::read(
        F::Tags,
        &["资源标签", "Resource Tag", "Resource Tags", "标签"],
    )
    .api(&["resource_tag"]),
    Column::read(
        F::List,
        &[
            "官网价",
            "List Price",
            "Official Website Price",
            "Original Price",
            "官网价总金额",
        ],
    )
    .api(&["official_amount"]),
    Column::kept(
        F::Discount,
        &[
            "折扣金额",
            "Discount Amount",
            "Discounted Amount",
            "Discount",
        ],
        "x_DiscountAmount",
    )
    .api(&["discount_amount"]),
    Column::read(
        F::Start,
        &["使用开始时间", "Start Time", "Usage Start Time", "开始时间"],
    ),
    Column::read(
        F::End,
        &["使用结束时间", "End Time", "Usage End Time", "结束时间"],
    ),
    Column::read(F::Day, &["消费日期", "Expenditure Date", "Date"]).api(&["bill_date"]),
    Column::read(F::Usage, &["使用量", "Usage", "Usage Amount"]),
    Column::read(F::UsageUnit, &["使用量单位", "Usage Unit"]),
    Column::read(F::UsageType, &["使用量类型", "Usage Type"]),
    Column::kept(
        F::Specification,
        &["规格", "Specifications", "Specification"],
        "x_Specification",
    )
    .api(&["product_spec_desc"]),
    Column::read(F::UnitPrice, &["单价", "Unit Price", "官网单价"]),
    Column::read(F::Currency, &["币种", "Currency"]).api(&["currency"]),
];

/// Columns only Huawei's bills have (产品编码, 官网价 and 储值卡抵扣 appear in
/// Alibaba's and Tencent's too, so they do not count).
const MARKERS: &[&str] = &[
    "企业项目",
    "企业项目ID",
    "产品类型编码",
    "产品ID",
    "资源标签",
    "信用额度支付",
    "关联账号",
    "运营实体",
    "Enterprise Project",
    "Enterprise Project ID",
    "Enterprise Project Name",
    "Service Type Code",
    "Resource Type Code",
    "Product ID",
    "Resource Tag",
    "Linked Account",
    "PayerAccount Name",
    "Business Entity",
];

/// Native columns FOCUS has no place for, kept under English `x_` keys.
const KEPT: &[(&[&str], &str)] = &[
    (
        &[
            "企业项目",
            "Enterprise Project",
            "Enterprise Project Name",
            "企业项目名称",
            "enterprise_project_name",
        ],
        "x_EnterpriseProject",
    ),
    (
        &[
            "企业项目ID",
            "Enterprise Project ID",
            "enterprise_project_id",
        ],
        "x_EnterpriseProjectId",
    ),
    (
        &[
            "产品编码",
            "Resource Type Code",
            "资源类型编码",
            "resource_Type_code",
        ],
        "x_ResourceTypeCode",
    ),
    (
        &["现金支付", "Cash Payment", "cash_amount"],
        "x_CashPayment",
    ),
    (
        &["信用额度支付", "Credit Payment", "credit_amount"],
        "x_CreditPayment",
    ),
    (
        &[
            "代金券抵扣",
            "Cash Coupon",
            "Cash Coupon Deduction",
            "Cash Coupon Used",
            "coupon_amount",
        ],
        "x_CashCouponDeduction",
    ),
    (
        &[
            "储值卡抵扣",
            "Stored-Value Card",
            "Stored-Value Card Deduction",
            "Stored-Value Card Payment",
            "stored_card_amount",
        ],
        "x_StoredValueCardDeduction",
    ),
    (
        &[
            "欠费金额",
            "Outstanding Amount",
            "Arrears",
            "Amount Outstanding",
            "debt_amount",
        ],
        "x_OutstandingAmount",
    ),
    (
        &["奖励金抵扣", "Bonus Credit Deduction", "bonus_amount"],
        "x_BonusDeduction",
    ),
    (
        &["订单号", "Order ID", "Order No.", "trade_id"],
        "x_OrderId",
    ),
    (&["消费时间", "Expenditure Time"], "x_ExpenditureTime"),
    (
        &["运营实体", "Business Entity", "BE", "be_id"],
        "x_BusinessEntity",
    ),
    (&["交易账号", "Transaction Account"], "x_TransactionAccount"),
];

/// Localized region names the bills write, with their ids.
const REGIONS: &[(&str, &str)] = &[
    ("华北-北京四", "cn-north-4"),
    ("华北-北京一", "cn-north-1"),
    ("华北-乌兰察布一", "cn-north-9"),
    ("华东-上海一", "cn-east-3"),
    ("华东-上海二", "cn-east-2"),
    ("华南-广州", "cn-south-1"),
    ("西南-贵阳一", "cn-southwest-2"),
    ("中国-香港", "ap-southeast-1"),
    ("亚太-新加坡", "ap-southeast-3"),
    ("亚太-曼谷", "ap-southeast-2"),
    ("CN North-Beijing4", "cn-north-4"),
    ("CN North-Beijing1", "cn-north-1"),
    ("CN North-Ulanqab1", "cn-north-9"),
    ("CN East-Shanghai1", "cn-east-3"),
    ("CN East-Shanghai2", "cn-east-2"),
    ("CN South-Guangzhou", "cn-south-1"),
    ("CN Southwest-Guiyang1", "cn-southwest-2"),
    ("CN-Hong Kong", "ap-southeast-1"),
    ("AP-Singapore", "ap-southeast-3"),
    ("AP-Bangkok", "ap-southeast-2"),
];

impl ChinaBill for Huawei {
    type F = F;

    const SPEC: &'static Spec<F> = &Spec {
        id: FormatId::Huawei,
        provider: PROVIDER,
        markers: MARKERS,
        min_markers: 3,
        detect_with: &[&[BILLING_CYCLE], &[DUE]],
        variants: ["English headers", "Chinese headers"],
        columns: COLUMNS,
        needs: &[
            Need::Column(F::BillingCycle),
            Need::Column(F::Due),
            Need::AnyOf(&[F::AccountName, F::AccountId]),
            Need::AnyOf(&[F::ServiceType, F::ResourceType]),
        ],
        amount: F::Due,
        kept: KEPT,
        regions: REGIONS,
        total_month: &[F::BillingCycle],
        total_identity: &[
            F::ServiceType,
            F::ResourceType,
            F::AccountId,
            F::AccountName,
            F::ResourceId,
        ],
        total_reason: "the console's total (合计 / 总计) row",
    };

    fn map(r: &Cells<'_, F>, out: &mut Output) -> Result<(), CellError> {
        let billing_period = r.billing_month(F::BillingCycle)?;
        let billed = r.required_decimal(F::Due)?;
        let currency = r.currency(F::Currency, out)?;
        let account = r.required(&[F::AccountId, F::AccountName])?;
        let service = r.required(&[F::ServiceType, F::ResourceType])?;
        // Without a service type column the resource type stands for it.
        let resource_type = r.text(F::ResourceType).filter(|_| r.has(F::ServiceType));
        let mode = Mode::read(r.text(F::BillingMode), r.english());
        let bill = BillType::read(r.text(F::BillType), r.english());
        let category = charge_category(r, &bill, mode.mode)?;
        let committed_usage = category == ChargeCategory::Usage
            && (mode.mode == Some(Mode::Commitment) || bill.committed);

        let service_code = r.text(F::ServiceTypeCode);
        let mut dims = r.service_dims(
            account,
            &currency,
            service,
            &[Some(service), service_code, resource_type],
            &[Some(service), service_code],
            category,
        );
        dims.billing_account_name = r.string(F::AccountName);
        dims.billing_account_type = Some("Account".to_string());
        dims.sub_account_id = r.string(F::Linked);
        dims.sub_account_name = r.string(F::LinkedName);
        if dims.sub_account_id.is_some() {
            dims.sub_account_type = Some("Linked Account".to_string());
        }
        dims.charge_frequency = Some(charge_frequency(category, mode.mode));
        let specification = r.text(F::Specification);
        dims.charge_description = Some(match (resource_type.or(specification), &bill.word) {
            (Some(what), _) => format!("{service} {what}"),
            (None, Some(bt)) => format!("{service} {bt}"),
            (None, None) => service.to_string(),
        });
        dims.pricing_category = match category {
            ChargeCategory::Usage if committed_usage => Some(PricingCategory::Committed),
            ChargeCategory::Usage | ChargeCategory::Purchase => Some(PricingCategory::Standard),
            _ => None,
        };
        dims.resource_type = resource_type.map(str::to_string);
        (dims.region_id, dims.region_name) = region(r);
        dims.availability_zone = r.string(F::Zone);
        dims.resource_id = r.string(F::ResourceId);
        dims.resource_name = r.string(F::ResourceName);
        // FOCUS: no SKU on tax.
        if category != ChargeCategory::Tax {
            dims.sku_id = r.string(F::ProductId);
        }
        // What the product id meters: the usage type, else the resource
        // type the product is priced for.
        dims.sku_meter = r
            .text(F::UsageType)
            .or(resource_type)
            .filter(|_| dims.sku_id.is_some())
            .map(str::to_string);
        let usage_unit = r.string(F::UsageUnit);
        dims.pricing_unit = usage_unit.clone();
        dims.consumed_unit = usage_unit;
        dims.tags = r.tags(F::Tags, tags_any)?;

        let charge_period = r.charge_period(F::Start, F::End, Some(F::Day), billing_period)?;
        let (list, contracted) =
            super::list_and_contracted(r.decimal(F::List)?, r.decimal(F::Discount)?, billed);
        let pricing_quantity = r.decimal(F::Usage)?;
        let mut more = Map::new();
        for (key, word) in [("x_BillType", bill.word), ("x_BillingMode", mode.word)] {
            if let Some(w) = word {
                more.insert(key.to_string(), Value::String(w));
            }
        }
        let line = super::CashLine {
            list,
            contracted,
            pricing_quantity,
            consumed_quantity: pricing_quantity.filter(|_| category == ChargeCategory::Usage),
            list_unit_price: r.decimal(F::UnitPrice)?,
            extras: r.extras(more),
            ..r.cash_line(billing_period, charge_period, currency, billed)
        };
        super::push_cash_line(out, dims, line);
        Ok(())
    }
}

/// The region's id and name: the region cell (a localized name or an id),
/// with the region code cell as the id when there is one.
fn region(r: &Cells<'_, F>) -> (Option<String>, Option<String>) {
    let (mut id, mut name) = r.region(r.text(F::Region));
    if let Some(code) = r.text(F::RegionCode) {
        id = Some(code.to_string());
        if name.is_none() {
            name = r.region(Some(code)).1;
        }
    }
    (id, name)
}

/// The row's ChargeCategory from its bill type and billing mode.
fn charge_category(
    r: &Cells<'_, F>,
    bill: &BillType,
    mode: Option<Mode>,
) -> Result<ChargeCategory, CellError> {
    let prepaid = mode.map(|m| m != Mode::PayPerUse);
    let classified = bill.kind.and_then(|k| k.category(mode));
    super::charge_category(bill.word.as_deref(), classified, prepaid).ok_or_else(|| {
        r.error(
            F::BillType,
            bill.word.as_deref().unwrap_or_default(),
            "a bill type such as 消费-使用, 消费-新购, 退订, 调账-补偿, 消费-税 \
             (Expenditure-use, Refund-unsubscription, Adjustment-compensation)",
        )
    })
}

fn charge_frequency(category: ChargeCategory, mode: Option<Mode>) -> ChargeFrequency {
    match (category, mode) {
        (ChargeCategory::Adjustment | ChargeCategory::Credit, _) => ChargeFrequency::OneTime,
        (ChargeCategory::Tax, _) => ChargeFrequency::Recurring,
        (_, Some(Mode::OneTime)) => ChargeFrequency::OneTime,
        (ChargeCategory::Usage, _) => ChargeFrequency::UsageBased,
        (_, Some(Mode::Periodic | Mode::Commitment)) => ChargeFrequency::Recurring,
        _ => ChargeFrequency::OneTime,
    }
}
