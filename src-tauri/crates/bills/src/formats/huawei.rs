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

use cloudlens_model::{ChargeCategory, ChargeFrequency, LineDims, PricingCategory};
use serde_json::Map;

use super::native_common::{self as nc, Binder};
use super::{Detected, Format, FormatId, Output, RowMapper};
use crate::fields::{CellError, Col, Header, HeaderError, Row};

pub struct Huawei;

const PROVIDER: &str = "Huawei Cloud";

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

impl Format for Huawei {
    fn id(&self) -> FormatId {
        FormatId::Huawei
    }

    fn detect(&self, h: &Header) -> Option<Detected> {
        let markers = nc::count(h, MARKERS);
        if markers < 3 || !nc::has_any(h, BILLING_CYCLE) || !nc::has_any(h, DUE) {
            return None;
        }
        let english = Binder::new(h).english();
        Some(Detected {
            score: (60 + 4 * markers as u32).min(98),
            variant: if english {
                "English headers"
            } else {
                "Chinese headers"
            }
            .to_string(),
        })
    }

    fn bind(&self, h: &Header) -> Result<Box<dyn RowMapper>, HeaderError> {
        Ok(Box::new(HuaweiMapper::bind(h)?))
    }
}

struct HuaweiMapper {
    billing_cycle: Col,
    due: Col,
    service: Col,
    account_id: Option<Col>,
    account_name: Option<Col>,
    default_currency: &'static str,
    /// Whether the header is English (region names in that language).
    english: bool,
    c: Cols,
    extras: Vec<(Col, String)>,
}

struct Cols {
    linked: Option<Col>,
    linked_name: Option<Col>,
    service_type_code: Option<Col>,
    resource_type: Option<Col>,
    product_id: Option<Col>,
    billing_mode: Option<Col>,
    bill_type: Option<Col>,
    region_code: Option<Col>,
    region: Option<Col>,
    zone: Option<Col>,
    resource_id: Option<Col>,
    resource_name: Option<Col>,
    tags: Option<Col>,
    list: Option<Col>,
    discount: Option<Col>,
    start: Option<Col>,
    end: Option<Col>,
    day: Option<Col>,
    usage: Option<Col>,
    usage_unit: Option<Col>,
    usage_type: Option<Col>,
    specification: Option<Col>,
    unit_price: Option<Col>,
    currency: Option<Col>,
}

/// Native columns FOCUS has no place for, kept under English `x_` keys.
const KEPT: &[(&[&str], &str)] = &[
    (
        &[
            "企业项目",
            "Enterprise Project",
            "Enterprise Project Name",
            "企业项目名称",
        ],
        "x_EnterpriseProject",
    ),
    (
        &["企业项目ID", "Enterprise Project ID"],
        "x_EnterpriseProjectId",
    ),
    (
        &["产品编码", "Resource Type Code", "资源类型编码"],
        "x_ResourceTypeCode",
    ),
    (&["现金支付", "Cash Payment"], "x_CashPayment"),
    (&["信用额度支付", "Credit Payment"], "x_CreditPayment"),
    (
        &[
            "代金券抵扣",
            "Cash Coupon",
            "Cash Coupon Deduction",
            "Cash Coupon Used",
        ],
        "x_CashCouponDeduction",
    ),
    (
        &[
            "储值卡抵扣",
            "Stored-Value Card",
            "Stored-Value Card Deduction",
            "Stored-Value Card Payment",
        ],
        "x_StoredValueCardDeduction",
    ),
    (
        &[
            "欠费金额",
            "Outstanding Amount",
            "Arrears",
            "Amount Outstanding",
        ],
        "x_OutstandingAmount",
    ),
    (
        &["奖励金抵扣", "Bonus Credit Deduction"],
        "x_BonusDeduction",
    ),
    (&["订单号", "Order ID", "Order No."], "x_OrderId"),
    (&["消费时间", "Expenditure Time"], "x_ExpenditureTime"),
    (&["运营实体", "Business Entity", "BE"], "x_BusinessEntity"),
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

impl HuaweiMapper {
    fn bind(h: &Header) -> Result<Self, HeaderError> {
        let mut b = Binder::new(h);
        let billing_cycle = b.require(BILLING_CYCLE)?;
        b.extra(BILLING_CYCLE, "x_BillingCycle");
        let due = b.require(DUE)?;
        let account_id = b.find(ACCOUNT_ID);
        let account_name = b.find(ACCOUNT_NAME);
        if account_id.is_none() && account_name.is_none() {
            return Err(HeaderError::Missing {
                column: b.display_name(ACCOUNT_NAME),
            });
        }
        let service = match b.find(SERVICE_TYPE) {
            Some(c) => c,
            None => b.find(RESOURCE_TYPE).ok_or_else(|| HeaderError::Missing {
                column: b.display_name(SERVICE_TYPE),
            })?,
        };
        let c = Cols {
            linked: b.find(&[
                "关联账号",
                "Linked Account",
                "关联账号ID",
                "Linked Account ID",
            ]),
            linked_name: b.find(&["关联账号名称", "Linked Account Name"]),
            service_type_code: b.keep(
                &["产品类型编码", "Service Type Code", "云服务类型编码"],
                "x_ServiceTypeCode",
            ),
            resource_type: b.find(RESOURCE_TYPE).filter(|c| *c != service),
            product_id: b.find(&["产品ID", "Product ID", "ProductID"]),
            billing_mode: b.keep(&["计费模式", "Billing Mode", "ChargeMode"], "x_BillingMode"),
            bill_type: b.keep(&["账单类型", "Bill Type", "BillType"], "x_BillType"),
            region_code: b.find(&["区域编码", "Region Code", "RegionCode"]),
            region: b.find(&["区域", "Region", "区域名称", "Region Name"]),
            zone: b.find(&["可用区", "AZ", "Availability Zone"]),
            resource_id: b.find(&["资源ID", "Resource ID"]),
            resource_name: b.find(&["资源名称", "Resource Name"]),
            tags: b.find(&["资源标签", "Resource Tag", "Resource Tags", "标签"]),
            list: b.find(&[
                "官网价",
                "List Price",
                "Official Website Price",
                "Original Price",
                "官网价总金额",
            ]),
            discount: b.keep(
                &[
                    "折扣金额",
                    "Discount Amount",
                    "Discounted Amount",
                    "Discount",
                ],
                "x_DiscountAmount",
            ),
            start: b.find(&["使用开始时间", "Start Time", "Usage Start Time", "开始时间"]),
            end: b.find(&["使用结束时间", "End Time", "Usage End Time", "结束时间"]),
            day: b.find(&["消费日期", "Expenditure Date", "Date"]),
            usage: b.find(&["使用量", "Usage", "Usage Amount"]),
            usage_unit: b.find(&["使用量单位", "Usage Unit"]),
            usage_type: b.find(&["使用量类型", "Usage Type"]),
            specification: b.keep(
                &["规格", "Specifications", "Specification"],
                "x_Specification",
            ),
            unit_price: b.find(&["单价", "Unit Price", "官网单价"]),
            currency: b.find(&["币种", "Currency"]),
        };
        for (aliases, key) in KEPT {
            b.extra(aliases, key);
        }
        let default_currency = nc::currency_from_unit(h, due).unwrap_or("CNY");
        let english = b.english();
        Ok(Self {
            billing_cycle,
            due,
            service,
            account_id,
            account_name,
            default_currency,
            english,
            c,
            extras: b.into_extras(),
        })
    }
}

/// 计费模式 / Billing Mode.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Periodic,
    OneTime,
    PayPerUse,
    Commitment,
}

fn mode(v: Option<&str>) -> Option<Mode> {
    let t = v?.to_lowercase();
    let has = |keys: &[&str]| keys.iter().any(|k| t.contains(k));
    if has(&["一次性", "one-time", "one-off"]) {
        Some(Mode::OneTime)
    } else if has(&["按需", "pay-per-use", "pay per use", "按量"]) {
        Some(Mode::PayPerUse)
    } else if has(&["预留实例", "节省计划", "reserved", "savings plan"]) {
        Some(Mode::Commitment)
    } else if has(&[
        "包年",
        "包月",
        "包周期",
        "包天",
        "yearly",
        "monthly",
        "daily",
    ]) {
        Some(Mode::Periodic)
    } else {
        None
    }
}

/// The ChargeCategory of a bill type (账单类型); `None` when the value is
/// not recognized.
fn category_of_bill_type(bill_type: &str, mode: Option<Mode>) -> Option<ChargeCategory> {
    let t = bill_type.to_lowercase();
    let has = |keys: &[&str]| keys.iter().any(|k| t.contains(k));
    if has(&["税", "tax"]) {
        return Some(ChargeCategory::Tax);
    }
    if has(&["退订", "退款", "退费", "refund"]) {
        return Some(match mode {
            Some(Mode::PayPerUse) => ChargeCategory::Usage,
            _ => ChargeCategory::Purchase,
        });
    }
    if has(&["调账", "adjustment"]) {
        return Some(ChargeCategory::Adjustment);
    }
    if has(&[
        "新购", "续订", "续费", "变更", "购买", "purchase", "renew", "change",
    ]) {
        return Some(ChargeCategory::Purchase);
    }
    if has(&[
        "使用",
        "抵扣",
        "按时计费",
        "-use",
        " use",
        "used",
        "usage",
        "hourly",
    ]) {
        return Some(ChargeCategory::Usage);
    }
    if has(&["消费", "expenditure"]) {
        return Some(match mode {
            Some(Mode::PayPerUse) => ChargeCategory::Usage,
            Some(_) => ChargeCategory::Purchase,
            None => return None,
        });
    }
    None
}

impl RowMapper for HuaweiMapper {
    fn map(&mut self, row: &Row<'_>, out: &mut Output) -> Result<(), CellError> {
        let c = &self.c;
        let identity = [
            Some(self.service),
            self.account_id,
            self.account_name,
            c.resource_id,
        ];
        if nc::is_total_row(row, Some(self.billing_cycle), &identity) {
            out.skip("the console's total (合计 / 总计) row");
            return Ok(());
        }
        let (bp_start, bp_end) = nc::billing_month(row, self.billing_cycle)?;
        let billed = nc::require_decimal(row, self.due)?;
        let currency = nc::currency(row, c.currency, self.default_currency)?;
        let account = nc::text(row, self.account_id)
            .or_else(|| nc::text(row, self.account_name))
            .ok_or_else(|| {
                let col = self
                    .account_id
                    .or(self.account_name)
                    .unwrap_or(self.service);
                CellError::new(
                    row.header.name(col),
                    "",
                    "a value (this column is mandatory)",
                )
            })?;
        let service = nc::text(row, Some(self.service))
            .or_else(|| nc::text(row, c.resource_type))
            .ok_or_else(|| {
                CellError::new(
                    row.header.name(self.service),
                    "",
                    "a value (this column is mandatory)",
                )
            })?;

        let mode = mode(nc::text(row, c.billing_mode));
        let bill_type = nc::text(row, c.bill_type);
        let category = match bill_type {
            Some(bt) => match (category_of_bill_type(bt, mode), mode) {
                (Some(cat), _) => cat,
                (None, Some(Mode::PayPerUse)) => ChargeCategory::Usage,
                (None, Some(_)) => ChargeCategory::Purchase,
                (None, None) => {
                    return Err(CellError::new(
                        row.header.name(c.bill_type.unwrap_or(self.service)),
                        bt,
                        "a bill type such as 消费-使用, 消费-新购, 退订, 调账-补偿, 消费-税 \
                         (Expenditure-use, Refund-unsubscription, Adjustment-compensation)",
                    ))
                }
            },
            None => match mode {
                Some(Mode::PayPerUse) | None => ChargeCategory::Usage,
                Some(_) => ChargeCategory::Purchase,
            },
        };
        let committed_usage = category == ChargeCategory::Usage
            && (mode == Some(Mode::Commitment)
                || bill_type.is_some_and(|t| {
                    let t = t.to_lowercase();
                    ["节省计划", "预留实例", "savings plan", "reserved instance"]
                        .iter()
                        .any(|k| t.contains(k))
                }));

        let service_code = nc::text(row, c.service_type_code);
        let resource_type = nc::text(row, c.resource_type);
        let service_category = nc::service_category(&[Some(service), service_code, resource_type]);
        let mut dims = LineDims::new(
            PROVIDER,
            account,
            &currency,
            service,
            service_category,
            category,
        );
        dims.service_subcategory = Some(nc::service_subcategory(
            service_category,
            &[Some(service), service_code],
        ));
        dims.billing_account_name = nc::string(row, self.account_name);
        dims.billing_account_type = Some("Account".to_string());
        dims.sub_account_id = nc::string(row, c.linked);
        dims.sub_account_name = nc::string(row, c.linked_name);
        if dims.sub_account_id.is_some() {
            dims.sub_account_type = Some("Linked Account".to_string());
        }
        dims.charge_frequency = Some(match (category, mode) {
            (ChargeCategory::Adjustment | ChargeCategory::Credit, _) => ChargeFrequency::OneTime,
            (ChargeCategory::Tax, _) => ChargeFrequency::Recurring,
            (_, Some(Mode::OneTime)) => ChargeFrequency::OneTime,
            (ChargeCategory::Usage, _) => ChargeFrequency::UsageBased,
            (_, Some(Mode::Periodic | Mode::Commitment)) => ChargeFrequency::Recurring,
            _ => ChargeFrequency::OneTime,
        });
        let specification = nc::text(row, c.specification);
        dims.charge_description = Some(match (resource_type.or(specification), bill_type) {
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
        let (mut region_id, mut region_name) =
            nc::region(nc::text(row, c.region), REGIONS, self.english);
        if let Some(code) = nc::text(row, c.region_code) {
            region_id = Some(code.to_string());
            if region_name.is_none() {
                region_name = nc::region(Some(code), REGIONS, self.english).1;
            }
        }
        dims.region_id = region_id;
        dims.region_name = region_name;
        dims.availability_zone = nc::string(row, c.zone);
        dims.resource_id = nc::string(row, c.resource_id);
        dims.resource_name = nc::string(row, c.resource_name);
        // FOCUS: no SKU on tax.
        if category != ChargeCategory::Tax {
            dims.sku_id = nc::string(row, c.product_id);
        }
        // What the product id meters: the usage type, else the resource
        // type the product is priced for.
        dims.sku_meter = nc::text(row, c.usage_type)
            .or(resource_type)
            .filter(|_| dims.sku_id.is_some())
            .map(str::to_string);
        dims.pricing_currency = Some(currency.clone());
        let usage_unit = nc::string(row, c.usage_unit);
        dims.pricing_unit = usage_unit.clone();
        dims.consumed_unit = usage_unit;
        if let Some(col) = c.tags {
            if let Some(t) = nc::text(row, Some(col)) {
                dims.tags =
                    nc::tags_any(t).map_err(|e| CellError::new(row.header.name(col), t, e))?;
            }
        }

        let (cp_start, cp_end) = nc::charge_period(row, c.start, c.end, c.day, (bp_start, bp_end))?;
        let list = nc::decimal(row, c.list)?;
        let discount = nc::decimal(row, c.discount)?;
        let pricing_quantity = nc::decimal(row, c.usage)?;
        nc::push_cash_line(
            out,
            dims,
            nc::CashLine {
                billing_period: (bp_start, bp_end),
                charge_period: (cp_start, cp_end),
                currency,
                billed,
                list: list.unwrap_or(billed),
                contracted: match (list, discount) {
                    (Some(l), Some(d)) => l - d,
                    _ => list.unwrap_or(billed),
                },
                pricing_quantity,
                consumed_quantity: pricing_quantity.filter(|_| category == ChargeCategory::Usage),
                list_unit_price: nc::decimal(row, c.unit_price)?,
                contracted_unit_price: None,
                extras: nc::extras_json(row, &self.extras, Map::new()),
                source_row: row.line,
            },
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bill_types_to_categories() {
        let ppu = Some(Mode::PayPerUse);
        let periodic = Some(Mode::Periodic);
        assert_eq!(
            category_of_bill_type("消费-使用", ppu),
            Some(ChargeCategory::Usage)
        );
        assert_eq!(
            category_of_bill_type("消费-节省计划抵扣", None),
            Some(ChargeCategory::Usage)
        );
        assert_eq!(
            category_of_bill_type("消费-新购", periodic),
            Some(ChargeCategory::Purchase)
        );
        assert_eq!(
            category_of_bill_type("消费-自动续订", periodic),
            Some(ChargeCategory::Purchase)
        );
        assert_eq!(
            category_of_bill_type("退订-退款", periodic),
            Some(ChargeCategory::Purchase)
        );
        assert_eq!(
            category_of_bill_type("Refund-unsubscription", ppu),
            Some(ChargeCategory::Usage)
        );
        assert_eq!(
            category_of_bill_type("调账-补偿", None),
            Some(ChargeCategory::Adjustment)
        );
        assert_eq!(
            category_of_bill_type("调账-补偿税", None),
            Some(ChargeCategory::Tax)
        );
        assert_eq!(
            category_of_bill_type("Expenditure-tax", None),
            Some(ChargeCategory::Tax)
        );
        assert_eq!(
            category_of_bill_type("Expenditure-use", None),
            Some(ChargeCategory::Usage)
        );
        assert_eq!(
            category_of_bill_type("Expenditure-new purchase", periodic),
            Some(ChargeCategory::Purchase)
        );
        assert_eq!(
            category_of_bill_type("消费-按时计费", ppu),
            Some(ChargeCategory::Usage)
        );
        assert_eq!(category_of_bill_type("其他", None), None);
    }
}
