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

use cloudlens_model::{ChargeCategory, ChargeFrequency, LineDims, PricingCategory};
use serde_json::Map;

use super::native_common::{self as nc, Binder};
use super::{Detected, Format, FormatId, Output, RowMapper};
use crate::fields::{CellError, Col, Header, HeaderError, Row};

pub struct Alibaba;

pub(crate) const PROVIDER: &str = "Alibaba Cloud";

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
const ACCOUNT_ID: &[&str] = &["账号ID", "AccountID", "账号Id", "用户ID", "Account ID"];
const ACCOUNT_NAME: &[&str] = &["账号", "AccountName", "账号名称", "Account Name"];
const PRODUCT: &[&str] = &["产品", "ProductName", "产品名称", "Product Name", "Product"];

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

impl Format for Alibaba {
    fn id(&self) -> FormatId {
        FormatId::Alibaba
    }

    fn detect(&self, h: &Header) -> Option<Detected> {
        if !nc::has_any(h, BILLING_CYCLE) && !nc::has_any(h, &["账单日期", "BillingDate"]) {
            return None;
        }
        let markers = nc::count(h, MARKERS);
        if markers < 2 || !nc::has_any(h, PRETAX) {
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
        Ok(Box::new(AlibabaMapper::bind(h)?))
    }
}

struct AlibabaMapper {
    billing_cycle: Col,
    pretax: Col,
    product: Col,
    account_id: Option<Col>,
    account_name: Option<Col>,
    default_currency: &'static str,
    /// Whether the header is English (region names in that language).
    english: bool,
    c: Cols,
    extras: Vec<(Col, String)>,
}

struct Cols {
    billing_date: Option<Col>,
    start: Option<Col>,
    end: Option<Col>,
    owner_id: Option<Col>,
    owner_name: Option<Col>,
    product_code: Option<Col>,
    product_detail_code: Option<Col>,
    product_type: Option<Col>,
    product_detail: Option<Col>,
    subscription_type: Option<Col>,
    billing_method: Option<Col>,
    item: Option<Col>,
    instance_id: Option<Col>,
    nickname: Option<Col>,
    tags: Option<Col>,
    region: Option<Col>,
    zone: Option<Col>,
    billing_item: Option<Col>,
    list_price: Option<Col>,
    usage: Option<Col>,
    usage_unit: Option<Col>,
    gross: Option<Col>,
    invoice_discount: Option<Col>,
    currency: Option<Col>,
}

impl AlibabaMapper {
    fn bind(h: &Header) -> Result<Self, HeaderError> {
        let mut b = Binder::new(h);
        let billing_cycle = b.require(BILLING_CYCLE)?;
        b.extra(BILLING_CYCLE, "x_BillingCycle");
        let pretax = b.require(PRETAX)?;
        let product = b.require(PRODUCT)?;
        let account_id = b.find(ACCOUNT_ID);
        let account_name = b.find(ACCOUNT_NAME);
        if account_id.is_none() && account_name.is_none() {
            return Err(HeaderError::Missing {
                column: b.display_name(ACCOUNT_ID),
            });
        }
        let c = Cols {
            billing_date: b.find(&[
                "账单日期",
                "BillingDate",
                "费用日期",
                "消费日期",
                "Billing Date",
            ]),
            start: b.find(&[
                "账单开始时间",
                "UsageStartTime",
                "使用开始时间",
                "服务开始时间",
                "Usage Start Time",
            ]),
            end: b.find(&[
                "账单结束时间",
                "UsageEndTime",
                "使用结束时间",
                "服务结束时间",
                "Usage End Time",
            ]),
            owner_id: b.find(&["Owner账号", "OwnerID", "Owner账号ID", "Owner ID"]),
            owner_name: b.find(&["OwnerAccountName", "Owner账号名称", "Owner Account Name"]),
            product_code: b.keep(
                &[
                    "产品Code",
                    "ProductCode",
                    "产品代码",
                    "产品编码",
                    "Product Code",
                ],
                "x_ProductCode",
            ),
            product_detail_code: b.find(&[
                "产品明细Code",
                "ProductDetailCode",
                "CommodityCode",
                "商品Code",
            ]),
            product_type: b.keep(&["ProductType", "产品类型"], "x_ProductType"),
            product_detail: b.keep(
                &["产品明细", "ProductDetail", "Product Detail"],
                "x_ProductDetail",
            ),
            subscription_type: b.keep(
                &["消费类型", "SubscriptionType", "Subscription Type"],
                "x_SubscriptionType",
            ),
            billing_method: b.keep(
                &["计费方式", "BillingType", "Billing Type"],
                "x_BillingType",
            ),
            item: b.keep(&["账单类型", "Item", "账单类型名称"], "x_BillType"),
            instance_id: b.find(&["实例ID", "InstanceID", "资源ID", "Instance ID"]),
            nickname: b.find(&[
                "实例昵称",
                "NickName",
                "实例名称",
                "InstanceName",
                "Instance Name",
            ]),
            tags: b.find(&["实例标签", "Tag", "标签", "Tags"]),
            region: b.find(&["地域", "Region", "地域名称", "RegionName"]),
            zone: b.find(&["可用区", "Zone", "可用区名称"]),
            billing_item: b.find(&["计费项", "BillingItem", "计费项名称", "Billing Item"]),
            list_price: b.find(&["单价", "ListPrice", "官网单价", "List Price"]),
            usage: b.find(&["用量", "Usage"]),
            usage_unit: b.find(&["用量单位", "UsageUnit", "Usage Unit"]),
            gross: b.find(&["原价", "PretaxGrossAmount", "官网价", "Pretax Gross Amount"]),
            invoice_discount: b.keep(
                &["优惠金额", "InvoiceDiscount", "Invoice Discount"],
                "x_InvoiceDiscount",
            ),
            currency: b.find(&["币种", "Currency"]),
        };
        for (aliases, key) in KEPT {
            b.extra(aliases, key);
        }
        let default_currency = nc::currency_from_unit(h, pretax).unwrap_or("CNY");
        let english = b.english();
        Ok(Self {
            billing_cycle,
            pretax,
            product,
            account_id,
            account_name,
            default_currency,
            english,
            c,
            extras: b.into_extras(),
        })
    }
}

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

/// 消费类型 / SubscriptionType: prepaid subscription or pay-as-you-go.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Payment {
    Prepaid,
    Postpaid,
}

fn payment(v: Option<&str>) -> Option<Payment> {
    let t = v?.to_lowercase();
    if ["预付", "包年", "包月", "subscription", "prepaid"]
        .iter()
        .any(|k| t.contains(k))
    {
        Some(Payment::Prepaid)
    } else if [
        "后付",
        "按量",
        "按需",
        "payasyougo",
        "pay-as-you-go",
        "postpaid",
    ]
    .iter()
    .any(|k| t.contains(k))
    {
        Some(Payment::Postpaid)
    } else {
        None
    }
}

/// The ChargeCategory of a bill type (账单类型 / Item); `None` when the
/// value is not recognized.
fn category_of_item(item: &str, pay: Option<Payment>) -> Option<ChargeCategory> {
    let t = item.to_lowercase();
    let has = |keys: &[&str]| keys.iter().any(|k| t.contains(k));
    if has(&["refund", "退款", "退费", "退订"]) {
        return Some(match pay {
            Some(Payment::Postpaid) => ChargeCategory::Usage,
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

impl RowMapper for AlibabaMapper {
    fn map(&mut self, row: &Row<'_>, out: &mut Output) -> Result<(), CellError> {
        let c = &self.c;
        let identity = [
            Some(self.product),
            self.account_id,
            self.account_name,
            c.instance_id,
        ];
        if nc::is_total_row(row, Some(self.billing_cycle), &identity) {
            out.skip("the console's 合计 (total) row");
            return Ok(());
        }
        let (bp_start, bp_end) = nc::billing_month(row, self.billing_cycle)?;
        let billed = nc::require_decimal(row, self.pretax)?;
        let currency = nc::currency(row, c.currency, self.default_currency)?;
        let account = nc::text(row, self.account_id)
            .or_else(|| nc::text(row, self.account_name))
            .ok_or_else(|| {
                let col = self
                    .account_id
                    .or(self.account_name)
                    .unwrap_or(self.product);
                CellError::new(
                    row.header.name(col),
                    "",
                    "a value (this column is mandatory)",
                )
            })?;
        let product = nc::text(row, Some(self.product)).ok_or_else(|| {
            CellError::new(
                row.header.name(self.product),
                "",
                "a value (this column is mandatory)",
            )
        })?;

        let pay = payment(nc::text(row, c.subscription_type))
            .or_else(|| payment(nc::text(row, c.billing_method)));
        let category = match nc::text(row, c.item) {
            Some(item) => match category_of_item(item, pay) {
                Some(cat) => cat,
                None => match pay {
                    Some(Payment::Prepaid) => ChargeCategory::Purchase,
                    Some(Payment::Postpaid) => ChargeCategory::Usage,
                    None => {
                        return Err(CellError::new(
                            row.header.name(c.item.unwrap_or(self.product)),
                            item,
                            "a bill type such as SubscriptionOrder, PayAsYouGoBill, Refund, Adjustment \
                             (预付订单, 后付账单, 退款, 调账)",
                        ))
                    }
                },
            },
            None => match pay {
                Some(Payment::Prepaid) => ChargeCategory::Purchase,
                _ => ChargeCategory::Usage,
            },
        };

        let product_code = nc::text(row, c.product_code);
        let service_category = nc::service_category(&[Some(product), product_code]);
        let mut dims = LineDims::new(
            PROVIDER,
            account,
            &currency,
            product,
            service_category,
            category,
        );
        dims.service_subcategory = Some(nc::service_subcategory(
            service_category,
            &[Some(product), product_code],
        ));
        dims.billing_account_name = nc::string(row, self.account_name);
        dims.billing_account_type = Some("Account".to_string());
        dims.sub_account_id = nc::string(row, c.owner_id);
        dims.sub_account_name = nc::string(row, c.owner_name).or_else(|| {
            // The owner is the billing account itself: same name.
            dims.sub_account_id
                .as_deref()
                .filter(|owner| Some(*owner) == nc::text(row, self.account_id))
                .and(dims.billing_account_name.clone())
        });
        if dims.sub_account_id.is_some() {
            dims.sub_account_type = Some("Account".to_string());
        }
        dims.charge_frequency = Some(match (category, pay) {
            (ChargeCategory::Adjustment | ChargeCategory::Credit, _) => ChargeFrequency::OneTime,
            (ChargeCategory::Tax, _) => ChargeFrequency::Recurring,
            (_, Some(Payment::Prepaid)) => ChargeFrequency::Recurring,
            (ChargeCategory::Purchase, None) => ChargeFrequency::OneTime,
            _ => ChargeFrequency::UsageBased,
        });
        dims.pricing_category =
            matches!(category, ChargeCategory::Usage | ChargeCategory::Purchase)
                .then_some(PricingCategory::Standard);
        let product_detail = nc::text(row, c.product_detail);
        dims.charge_description = match nc::text(row, c.billing_item) {
            Some(item) => Some(format!("{product} {item}")),
            None => Some(product_detail.unwrap_or(product).to_string()),
        };
        let (region_id, region_name) = nc::region(nc::text(row, c.region), REGIONS, self.english);
        dims.region_id = region_id;
        dims.region_name = region_name;
        dims.availability_zone = nc::string(row, c.zone);
        dims.resource_id = nc::string(row, c.instance_id);
        dims.resource_name = nc::string(row, c.nickname);
        // The bill names no resource type: the product type (else the
        // product) an instance belongs to stands for it.
        if dims.resource_id.is_some() {
            dims.resource_type = Some(nc::text(row, c.product_type).unwrap_or(product).to_string());
        }
        dims.sku_id = nc::text(row, c.product_detail_code)
            .or(product_code)
            .map(str::to_string);
        // What is metered: the billing item, else (subscriptions and
        // adjustments have none) the product detail, else the product.
        dims.sku_meter = nc::text(row, c.billing_item)
            .or(product_detail)
            .or(Some(product))
            .filter(|_| dims.sku_id.is_some())
            .map(str::to_string);
        // Prices are in the billing currency (the price unit names it).
        dims.pricing_currency = Some(currency.clone());
        let usage_unit = nc::string(row, c.usage_unit);
        dims.pricing_unit = usage_unit.clone();
        dims.consumed_unit = usage_unit;
        if let Some(t) = nc::text(row, c.tags) {
            dims.tags = alibaba_tags(t);
        }

        let (cp_start, cp_end) =
            nc::charge_period(row, c.start, c.end, c.billing_date, (bp_start, bp_end))?;
        let gross = nc::decimal(row, c.gross)?;
        let discount = nc::decimal(row, c.invoice_discount)?;
        let pricing_quantity = nc::decimal(row, c.usage)?;
        nc::push_cash_line(
            out,
            dims,
            nc::CashLine {
                billing_period: (bp_start, bp_end),
                charge_period: (cp_start, cp_end),
                currency,
                billed,
                list: gross.unwrap_or(billed),
                contracted: match (gross, discount) {
                    (Some(g), Some(d)) => g - d,
                    _ => gross.unwrap_or(billed),
                },
                pricing_quantity,
                consumed_quantity: pricing_quantity.filter(|_| category == ChargeCategory::Usage),
                list_unit_price: nc::decimal(row, c.list_price)?,
                contracted_unit_price: None,
                extras: nc::extras_json(row, &self.extras, Map::new()),
                source_row: row.line,
            },
        );
        Ok(())
    }
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
            category_of_item("Refund", Some(Payment::Postpaid)),
            Some(ChargeCategory::Usage)
        );
        assert_eq!(
            category_of_item("退款", Some(Payment::Prepaid)),
            Some(ChargeCategory::Purchase)
        );
        assert_eq!(
            category_of_item("调账", None),
            Some(ChargeCategory::Adjustment)
        );
        assert_eq!(category_of_item("奇怪", None), None);
    }
}
