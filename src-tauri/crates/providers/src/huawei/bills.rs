//! BSS v2 bills: resource details (`ListCustomerselfResourceRecordDetails`,
//! `MonthlyBillRes`) into canonical cost lines, and the summary bill
//! (`ShowCustomerMonthlySum`) for the provider's month totals. A record's
//! fields are keys of the Huawei bill mapper's columns, so each record maps
//! straight through it, read by field name: its `bill_type` and `charge_mode` codes as codes, its
//! amounts digit for digit, and a synced line equals the imported line of
//! the same charge in Huawei's console export.

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::NaiveDate;
use cloudlens_bills::formats::{self, FormatId, Output};
use cloudlens_bills::{Col, Fields, Header, Language, Row};
use cloudlens_model::{CostLine, Decimal};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

use super::errors::bad_cursor;
use super::inventory::Projects;
use super::{Client, BSS_LIMIT, MONTHLY_SUM, PROJECTS, RES_RECORDS};
use crate::{AccountInfo, BillPage, ErrorKind, MonthTotal, MonthTotalPage, ProviderError, Window};

impl Client {
    /// The current billing cycle's summary proves the key and
    /// the bill permission; IAM's projects name the account (`domain_id`).
    pub async fn check(&self) -> Result<AccountInfo, ProviderError> {
        let month = crate::china_month((self.config.clock)());
        let _: (MonthlySum, String) = self
            .get(
                MONTHLY_SUM,
                &[("bill_cycle", &month), ("offset", "0"), ("limit", "1")],
            )
            .await?;
        let (projects, id): (Projects, String) = self.get(PROJECTS, &[]).await?;
        let domain = projects
            .projects
            .iter()
            .flatten()
            .find_map(|p| p.domain_id.clone())
            .ok_or_else(|| {
                ProviderError::new(
                    ErrorKind::BadResponse,
                    "IAM listed no project with a domain_id, so the account id is unknown",
                )
                .with_request_id(id)
            })?;
        Ok(AccountInfo {
            billing_account: domain,
            name: None,
        })
    }

    pub async fn bill_page(
        &self,
        window: &Window,
        cursor: Option<&str>,
    ) -> Result<BillPage, ProviderError> {
        let offset: u64 = match cursor {
            Some(c) => c.parse().map_err(|_| bad_cursor(c))?,
            None => 0,
        };
        let offset_text = offset.to_string();
        let limit = BSS_LIMIT.to_string();
        let day = window.day.map(|d| d.format("%Y-%m-%d").to_string());
        let mut params: Vec<(&str, &str)> = vec![
            ("cycle", &window.month),
            // 2: one record per resource and day (bill_date set).
            ("statistic_type", "2"),
            ("offset", &offset_text),
            ("limit", &limit),
        ];
        if let Some(d) = &day {
            params.extend([
                ("query_type", "DAILY"),
                ("bill_cycle_begin", d.as_str()),
                ("bill_cycle_end", d.as_str()),
            ]);
        }
        let (page, request_id): (ResRecordsPage, String) = self.get(RES_RECORDS, &params).await?;
        let records = page.monthly_records.unwrap_or_default();
        let currency = page.currency.ok_or_else(|| {
            ProviderError::new(ErrorKind::BadResponse, "the answer lacks currency")
                .with_request_id(&request_id)
        })?;
        let lines = to_lines(
            &records,
            &Context {
                billing_account: &window.billing_account,
                month: &window.month,
                currency: &currency,
                english: self.english(),
                first_row: offset,
            },
        )
        .map_err(|e| e.with_request_id(&request_id))?;
        let after = offset + records.len() as u64;
        let total = page.total_count.unwrap_or(after);
        Ok(BillPage {
            lines,
            next: (!records.is_empty() && after < total).then(|| after.to_string()),
            request_id,
        })
    }

    /// The cycle's total from its summary bill (汇总账单), one request: its
    /// `consume_amount` is the month's whole consumption, refunds included,
    /// where paging the fee records would take one request per hundred.
    pub async fn month_total_page(
        &self,
        month: &str,
        _cursor: Option<&str>,
    ) -> Result<MonthTotalPage, ProviderError> {
        let params = [("bill_cycle", month), ("offset", "0"), ("limit", "1")];
        let (sum, request_id): (MonthlySum, String) = self.get(MONTHLY_SUM, &params).await?;
        let lacks = |field: &str| {
            ProviderError::new(ErrorKind::BadResponse, format!("the answer lacks {field}"))
                .with_request_id(&request_id)
        };
        let billed = sum
            .consume_amount
            .0
            .ok_or_else(|| lacks("consume_amount"))?;
        let totals = if sum.total_count == Some(0) && billed.is_zero() {
            Vec::new()
        } else {
            let currency = sum.currency.ok_or_else(|| lacks("currency"))?;
            vec![MonthTotal { currency, billed }]
        };
        Ok(MonthTotalPage { totals, next: None })
    }
}

#[derive(Debug, Deserialize)]
struct MonthlySum {
    total_count: Option<u64>,
    #[serde(default)]
    consume_amount: Amount,
    currency: Option<String>,
}

/// An amount as the provider wrote it; `None` for `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Amount(pub Option<Decimal>);

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(d)?;
        parse(raw.get())
            .map(Amount)
            .ok_or_else(|| serde::de::Error::custom(format!("not an amount: {}", raw.get())))
    }
}

/// A JSON number (or a number in a JSON string, or `null`) as a decimal.
fn parse(text: &str) -> Option<Option<Decimal>> {
    let t = text.trim();
    if t == "null" {
        return Some(None);
    }
    let t = t
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(t);
    if t.contains(['e', 'E']) {
        return Decimal::from_scientific(t).ok().map(Some);
    }
    Decimal::from_str(t).ok().map(Some)
}

/// A record's fields as text: strings as sent, numbers digit for digit
/// as the provider wrote them (never through `f64`), lists and objects as
/// their JSON; `null` is no field.
#[derive(Debug, Default)]
pub struct Record(BTreeMap<String, String>);

impl<'de> Deserialize<'de> for Record {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Fields;
        impl<'de> serde::de::Visitor<'de> for Fields {
            type Value = Record;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a record object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Record, A::Error> {
                let mut fields = BTreeMap::new();
                while let Some((k, v)) = map.next_entry::<String, Box<RawValue>>()? {
                    let t = v.get().trim();
                    let text = match t.as_bytes().first() {
                        Some(b'n') if t == "null" => continue,
                        Some(b'"') => {
                            serde_json::from_str::<String>(t).map_err(serde::de::Error::custom)?
                        }
                        _ => t.to_string(),
                    };
                    fields.insert(k, text);
                }
                Ok(Record(fields))
            }
        }
        d.deserialize_map(Fields)
    }
}

impl Record {
    fn text(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .filter(|t| !t.is_empty())
    }
}

#[derive(Debug, Deserialize)]
pub struct ResRecordsPage {
    pub monthly_records: Option<Vec<Record>>,
    pub total_count: Option<u64>,
    pub currency: Option<String>,
}

/// What a page's rows share.
pub struct Context<'a> {
    pub billing_account: &'a str,
    /// The window's billing cycle, `YYYY-MM`.
    pub month: &'a str,
    pub currency: &'a str,
    /// Whether the console writes English (international site).
    pub english: bool,
    /// The offset of the page's first record, for provenance.
    pub first_row: u64,
}

/// The record fields the mapper reads or keeps: every field Huawei's
/// console export of the same bill has a column for. The payer, the
/// currency and a missing cycle come from the page.
const FIELDS: &[&str] = &[
    "cycle",
    "enterprise_project_name",
    "enterprise_project_id",
    "payer_account_id",
    "customer_id",
    "cloud_service_type",
    "cloud_service_type_name",
    "resource_Type_code",
    "resource_type_name",
    "charge_mode",
    "bill_type",
    "region",
    "region_name",
    "az_code_infos",
    "res_instance_id",
    "resource_name",
    "resource_tag",
    "product_spec_desc",
    "sku_code",
    "official_amount",
    "discount_amount",
    "consume_amount",
    "cash_amount",
    "credit_amount",
    "coupon_amount",
    "stored_card_amount",
    "debt_amount",
    "bonus_amount",
    "trade_id",
    "be_id",
    "bill_date",
    "currency",
];

/// One record's fields by name, with what the page says about it.
struct RecordFields<'a> {
    record: &'a Record,
    ctx: &'a Context<'a>,
    zone: Option<String>,
}

impl Fields for RecordFields<'_> {
    fn field(&self, col: Col) -> Option<&str> {
        let (r, ctx) = (self.record, self.ctx);
        match *FIELDS.get(col.0)? {
            "cycle" => r.text("cycle").or(Some(ctx.month)),
            "payer_account_id" => Some(ctx.billing_account),
            // The consuming account, when not the payer (enterprise members).
            "customer_id" => r.text("customer_id").filter(|c| *c != ctx.billing_account),
            // The documented key has a capital T; accept either case.
            "resource_Type_code" => r
                .text("resource_Type_code")
                .or_else(|| r.text("resource_type_code")),
            "az_code_infos" => self.zone.as_deref(),
            "currency" => Some(ctx.currency),
            name => r.text(name),
        }
    }
}

/// The first availability zone of `az_code_infos`.
fn zone(r: &Record) -> Option<String> {
    #[derive(Deserialize)]
    struct Az {
        az_code: Option<String>,
    }
    r.text("az_code_infos")
        .and_then(|text| serde_json::from_str::<Vec<Az>>(text).ok())
        .and_then(|list| list.into_iter().find_map(|a| a.az_code))
}

fn bad(what: String) -> ProviderError {
    ProviderError::new(ErrorKind::BadResponse, what)
}

/// The UTC start of a Beijing-time (UTC+8) day.
fn china_day_start(d: NaiveDate) -> i64 {
    d.and_time(chrono::NaiveTime::MIN).and_utc().timestamp() - 8 * 3600
}

/// A billing cycle `YYYY-MM` (a UTC+8 month) as a UTC period.
pub fn month_period(month: &str) -> Option<(i64, i64)> {
    let first = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").ok()?;
    let next = cloudlens_model::next_month(first);
    Some((china_day_start(first), china_day_start(next)))
}

pub fn to_lines(records: &[Record], ctx: &Context<'_>) -> Result<Vec<CostLine>, ProviderError> {
    if records.is_empty() {
        return Ok(Vec::new());
    }
    let language = if ctx.english {
        Language::English
    } else {
        Language::Chinese
    };
    let header = Header::exact(FIELDS).with_language(language);
    let format = formats::by_id(FormatId::Huawei)
        .ok_or_else(|| bad("the bill mappers have no Huawei format".into()))?;
    let mut mapper = format
        .bind(&header)
        .map_err(|e| bad(format!("the Huawei bill mapper refused the fields: {e}")))?;
    let mut out = Output::default();
    let mut lines = Vec::with_capacity(records.len());
    for (i, record) in records.iter().enumerate() {
        let n = ctx.first_row + i as u64;
        let fields = RecordFields {
            record,
            ctx,
            zone: zone(record),
        };
        mapper
            .map(
                &Row {
                    line: n,
                    header: &header,
                    fields: &fields,
                },
                &mut out,
            )
            .map_err(|e| bad(format!("monthly_records[{i}] (row {n}) does not map: {e}")))?;
        lines.append(&mut out.lines);
        out.reset();
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use cloudlens_model::{ChargeCategory, ChargeFrequency};
    use serde_json::Value;

    use super::*;

    fn ctx(english: bool) -> Context<'static> {
        Context {
            billing_account: "acc",
            month: "2025-01",
            currency: "CNY",
            english,
            first_row: 40,
        }
    }

    #[test]
    fn a_record_maps_like_the_console_export() {
        let page: ResRecordsPage = serde_json::from_str(
            r#"{"total_count":1,"currency":"CNY","monthly_records":[{
              "cycle":"2025-01","bill_date":"2025-01-01","bill_type":5,"customer_id":"member",
              "region":"cn-north-4","region_name":"华北-北京四",
              "cloud_service_type":"hws.service.type.ec2","resource_Type_code":"hws.resource.type.vm",
              "cloud_service_type_name":"弹性云服务器","resource_type_name":"云主机",
              "res_instance_id":"i-1","resource_name":"web-1","resource_tag":"team=data;env=prod",
              "sku_code":"s7.large.2.linux","charge_mode":3,"consume_amount":11.50123456,
              "official_amount":13.2,"discount_amount":1.69876544,"cash_amount":11.50123456,
              "trade_id":"T1","az_code_infos":[{"az_code":"cn-north-4a"}]}]}"#,
        )
        .unwrap();
        let lines = to_lines(page.monthly_records.as_deref().unwrap(), &ctx(false)).unwrap();
        let l = &lines[0];
        assert_eq!(l.billed_cost.to_string(), "11.50123456");
        assert_eq!(l.contracted_cost.to_string(), "11.50123456");
        assert_eq!(l.list_cost.to_string(), "13.2");
        // 2025-01 in UTC+8 starts 2024-12-31T16:00Z.
        assert_eq!(
            (l.billing_period_start, l.billing_period_end),
            month_period("2025-01").unwrap()
        );
        assert_eq!(l.billing_period_start, 1_735_660_800);
        assert_eq!(l.charge_period_start, 1_735_660_800);
        assert_eq!(l.charge_period_end - l.charge_period_start, 86_400);
        assert_eq!(l.provenance.source_row, 40);
        let d = &l.dims;
        assert_eq!(d.provider_name, "Huawei Cloud");
        assert_eq!(d.billing_account_id, "acc");
        assert_eq!(d.sub_account_id.as_deref(), Some("member"));
        assert_eq!(d.service_name, "弹性云服务器");
        assert_eq!(d.service_category, "Compute");
        assert_eq!(d.charge_category, ChargeCategory::Usage);
        assert_eq!(d.charge_frequency, Some(ChargeFrequency::UsageBased));
        assert_eq!(d.availability_zone.as_deref(), Some("cn-north-4a"));
        assert_eq!(d.region_id.as_deref(), Some("cn-north-4"));
        assert_eq!(d.tags.get("team").map(String::as_str), Some("data"));
        let x: Value = serde_json::from_str(l.extras.as_deref().unwrap()).unwrap();
        assert_eq!(x["x_BillType"], "消费-使用");
        assert_eq!(x["x_BillingMode"], "按需");
        assert_eq!(x["x_ResourceTypeCode"], "hws.resource.type.vm");
        assert_eq!(x["x_DiscountAmount"], "1.69876544");
    }

    #[test]
    fn a_missing_amount_is_named() {
        let r: Record =
            serde_json::from_str(r#"{"cycle":"2025-01","cloud_service_type_name":"x"}"#).unwrap();
        let e = to_lines(&[r], &ctx(true)).unwrap_err();
        assert_eq!(e.kind, ErrorKind::BadResponse);
        assert!(e.message.contains("monthly_records[0]"), "{}", e.message);
        assert!(e.message.contains("consume_amount"), "{}", e.message);
    }

    #[test]
    fn amounts_keep_every_digit() {
        #[derive(Deserialize)]
        struct R {
            a: Amount,
            b: Amount,
            c: Amount,
            d: Amount,
        }
        let r: R = serde_json::from_str(r#"{"a":1234567.12345678,"b":null,"c":"0.10","d":1.5E-7}"#)
            .unwrap();
        assert_eq!(r.a.0.unwrap().to_string(), "1234567.12345678");
        assert_eq!(r.b.0, None);
        assert_eq!(r.c.0.unwrap().to_string(), "0.10");
        assert_eq!(r.d.0.unwrap().to_string(), "0.00000015");
        // 0.1 + 0.2 in f64 is not 0.3; in the provider's digits it is.
        let sum = parse("0.1").unwrap().unwrap() + parse("0.2").unwrap().unwrap();
        assert_eq!(sum.to_string(), "0.3");
        assert!(serde_json::from_str::<Amount>("\"abc\"").is_err());
    }
}
