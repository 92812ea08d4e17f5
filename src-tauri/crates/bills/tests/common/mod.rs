#![allow(dead_code)]
//! What the mapper tests share: the fixtures read as CSV tables, a table
//! mapped the way the importer maps it, totals computed independently of
//! the mappers, and [`check`], which compares a mapped line with its
//! expected rendering written inline in the test.

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate};
use cloudlens_bills::formats::{self, Output, ReconcileOn, SourceAmount};
use cloudlens_bills::{CellError, Col, Fields, FormatId, Header, Row};
use cloudlens_model::{ChargeCategory, CostLine, Decimal, PricingCategory};
use csv::StringRecord;
use expect_test::Expect;
use serde_json::Value;

/// Where the fixtures are (a checkout elsewhere builds the tests again, with its own path).
pub fn fixtures_dir() -> String {
    let crate_dir = env!("CARGO_MANIFEST_DIR");
    format!("{crate_dir}/../../../tests/fixtures/ingest/")
}

pub const ALIBABA_ZH: &str = "alibaba_console_zh.csv";
pub const ALIBABA_EN: &str = "alibaba_oss_en.csv";
pub const TENCENT_EN: &str = "tencent_bill3_en.csv";
pub const TENCENT_ZH: &str = "tencent_console_zh.csv";
pub const HUAWEI_ZH: &str = "huawei_instance_bill_zh.csv";
pub const HUAWEI_EN: &str = "huawei_instance_bill_en.csv";
pub const GCP_CSV: &str = "gcp_billing_export_detailed.csv";
pub const GCP_JSONL: &str = "gcp_billing_export_detailed.jsonl";

/// 2024-12-31T16:00:00Z: where a UTC+8 January 2025 bill starts.
pub const CN_2025_01: i64 = 1_735_660_800;
/// 2025-01-31T16:00:00Z: the end of that bill and the start of February's.
pub const CN_2025_02: i64 = 1_738_339_200;
/// 2024-11-30T16:00:00Z: the start of the UTC+8 December 2024 bill.
pub const CN_2024_12: i64 = 1_732_982_400;
/// 2025-01-01T08:00:00Z: midnight in Los Angeles, Google's January invoice.
pub const LA_2025_01: i64 = 1_735_718_400;
/// 2025-02-01T08:00:00Z.
pub const LA_2025_02: i64 = 1_738_396_800;
/// 2023-11-01, 2023-09-01, 2023-10-01, 2025-03-01 and 2025-04-01 at
/// 00:00 UTC.
pub const NOV_2023: i64 = 1_698_796_800;
pub const SEP_2023: i64 = 1_693_526_400;
pub const OCT_2023: i64 = 1_696_118_400;
pub const MAR_2025: i64 = 1_740_787_200;
pub const APR_2025: i64 = 1_743_465_600;

/// A CSV record as the mappers read it.
pub struct Rec<'a>(pub &'a StringRecord);

impl Fields for Rec<'_> {
    fn field(&self, col: Col) -> Option<&str> {
        self.0.get(col.0)
    }
}

pub struct Table {
    pub header: Header,
    pub records: Vec<(u64, StringRecord)>,
}

impl Table {
    pub fn from_text(text: &str) -> Table {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(text.as_bytes());
        let header = Header::new(reader.headers().expect("header").iter());
        let records = reader
            .records()
            .map(|r| {
                let r = r.expect("well-formed CSV");
                let line = r.position().map_or(0, |p| p.line());
                (line, r)
            })
            .collect();
        Table { header, records }
    }

    pub fn read(name: &str) -> Table {
        Table::from_text(&fixture_text(name))
    }

    pub fn col(&self, name: &str) -> usize {
        self.header
            .find(&[name])
            .unwrap_or_else(|| panic!("no column {name}"))
            .0
    }

    pub fn cells(&self, name: &str) -> Vec<String> {
        let c = self.col(name);
        self.records
            .iter()
            .map(|(_, r)| r.get(c).unwrap_or("").to_string())
            .collect()
    }

    /// Σ of a raw column per currency.
    pub fn sum_by(&self, amount: &str, currency: &str) -> BTreeMap<String, Decimal> {
        let mut out = BTreeMap::new();
        for (a, cur) in self.cells(amount).iter().zip(self.cells(currency)) {
            *out.entry(cur).or_insert(Decimal::ZERO) += dec(a);
        }
        out
    }

    /// The table with the cells of `changes` replaced in record `index`,
    /// alone.
    pub fn with_cells(&self, index: usize, changes: &[(&str, &str)]) -> Table {
        for (col, _) in changes {
            assert!(self.header.find(&[col]).is_some(), "column {col}");
        }
        let (line, rec) = &self.records[index];
        let cells: Vec<&str> = rec
            .iter()
            .zip(self.header.names())
            .map(|(c, name)| {
                changes
                    .iter()
                    .find(|(col, _)| col.eq_ignore_ascii_case(name))
                    .map_or(c, |(_, v)| *v)
            })
            .collect();
        Table {
            header: self.header.clone(),
            records: vec![(*line, StringRecord::from(cells))],
        }
    }
}

pub fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(format!("{}{name}", fixtures_dir())).expect("fixture")
}

pub struct Mapped {
    pub format: FormatId,
    pub variant: String,
    pub rows: usize,
    pub lines: Vec<CostLine>,
    pub sources: Vec<SourceAmount>,
    pub skipped: Vec<(u64, &'static str)>,
    pub reconcile_on: ReconcileOn,
    pub distinct_dims: usize,
}

impl Mapped {
    /// The one line `pred` picks.
    pub fn one(&self, pred: impl Fn(&CostLine) -> bool) -> &CostLine {
        let found: Vec<_> = self.lines.iter().filter(|l| pred(l)).collect();
        assert_eq!(found.len(), 1, "expected exactly one matching line");
        found[0]
    }

    /// The first line of `resource` that `pred` picks.
    pub fn of(&self, resource: &str, pred: impl Fn(&CostLine) -> bool) -> &CostLine {
        self.lines
            .iter()
            .find(|l| l.dims.resource_id.as_deref() == Some(resource) && pred(l))
            .unwrap_or_else(|| panic!("a line for {resource}"))
    }
}

/// Maps a table as the importer does: detection, binding, every record;
/// a row either yields lines and its source amount or is skipped with a
/// reason.
pub fn map_table(t: &Table) -> Result<Mapped, (u64, CellError)> {
    let (format, detected) = formats::detect(&t.header).expect("a format is detected");
    let mut mapper = format.bind(&t.header).expect("the header binds");
    let mut out = Output::default();
    let mut m = Mapped {
        format: format.id(),
        variant: detected.variant,
        rows: t.records.len(),
        lines: Vec::new(),
        sources: Vec::new(),
        skipped: Vec::new(),
        reconcile_on: ReconcileOn::Billed,
        distinct_dims: 0,
    };
    for (line, record) in &t.records {
        let row = Row {
            line: *line,
            header: &t.header,
            fields: &Rec(record),
        };
        mapper.map(&row, &mut out).map_err(|e| (*line, e))?;
        let lines = std::mem::take(&mut out.lines);
        match (out.skipped.take(), out.source.take()) {
            (Some(reason), None) => {
                assert!(
                    lines.is_empty(),
                    "line {line}: a skipped row yields no lines"
                );
                m.skipped.push((*line, reason));
            }
            (None, Some(source)) => {
                assert!(!lines.is_empty(), "line {line}: a mapped row yields lines");
                m.sources.push(source);
            }
            other => panic!(
                "line {line}: a row is either skipped or has its source amount, got {other:?}"
            ),
        }
        m.lines.extend(lines);
    }
    m.reconcile_on = mapper.reconcile_on();
    m.distinct_dims = out.distinct_dims();
    Ok(m)
}

/// Maps record `index` alone after replacing the cell of `column`.
pub fn map_table_with(
    t: &Table,
    index: usize,
    column: &str,
    value: &str,
) -> Result<Mapped, (u64, CellError)> {
    map_table(&t.with_cells(index, &[(column, value)]))
}

/// Maps record `index` alone after replacing some of its cells.
pub fn map_table_cells(
    t: &Table,
    index: usize,
    changes: &[(&str, &str)],
) -> Result<Mapped, (u64, CellError)> {
    map_table(&t.with_cells(index, changes))
}

/// A fixture that maps with no row skipped, checked against the rules
/// FOCUS sets on every line ([`check_invariants`]), with its table.
pub fn map_file(name: &str) -> (Table, Mapped) {
    let t = Table::read(name);
    let m = map_table(&t).unwrap_or_else(|(line, e)| panic!("{name} line {line}: {e}"));
    assert!(m.skipped.is_empty(), "{name}: no row is skipped");
    check_invariants(name, &m);
    (t, m)
}

/// What FOCUS demands of every line: periods that end after they start, a
/// service, a currency code, no PricingCategory on tax, and commitment
/// purchases amortized elsewhere; equal dimensions shared.
pub fn check_invariants(name: &str, m: &Mapped) {
    for l in &m.lines {
        let at = format!("{name} line {}", l.provenance.source_row);
        assert!(
            l.charge_period_end > l.charge_period_start,
            "{at}: charge period"
        );
        assert!(
            l.billing_period_end > l.billing_period_start,
            "{at}: billing period"
        );
        assert!(
            !l.dims.service_name.is_empty() && !l.dims.service_category.is_empty(),
            "{at}: service"
        );
        assert_eq!(l.dims.billing_currency.len(), 3, "{at}: currency");
        if l.dims.charge_category == ChargeCategory::Tax {
            assert_eq!(
                l.dims.pricing_category, None,
                "{at}: Tax has no PricingCategory"
            );
        }
        if l.dims.charge_category == ChargeCategory::Purchase
            && l.dims.commitment_discount_id.is_some()
        {
            assert_eq!(
                l.effective_cost,
                Decimal::ZERO,
                "{at}: a commitment purchase is amortized elsewhere"
            );
            assert_ne!(
                l.dims.pricing_category,
                Some(PricingCategory::Committed),
                "{at}"
            );
        }
    }
    assert!(m.distinct_dims <= m.lines.len());
}

/// A fixture mapped; any bad row fails the test.
pub fn run(name: &str) -> Mapped {
    map_table(&Table::read(name)).unwrap_or_else(|(line, e)| panic!("{name} line {line}: {e}"))
}

/// Every format's detection on `header`.
pub fn claims(header: &Header) -> Vec<FormatId> {
    formats::all()
        .iter()
        .filter(|f| f.detect(header).is_some())
        .map(|f| f.id())
        .collect()
}

/// An exact decimal from a raw cell, read independently of the crate's
/// parser (thousands separators, exponents, empty and NULL as zero).
pub fn dec(s: &str) -> Decimal {
    let t = s.trim().replace(',', "");
    if t.is_empty() || t.eq_ignore_ascii_case("null") {
        return Decimal::ZERO;
    }
    Decimal::from_str(&t)
        .or_else(|_| Decimal::from_scientific(&t))
        .unwrap_or_else(|_| panic!("test decimal {s}"))
}

pub fn month_start_utc(year: i32, month: u32, offset_hours: i64) -> i64 {
    NaiveDate::from_ymd_opt(year, month, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc().timestamp())
        .expect("date")
        + offset_hours * 3600
}

/// `2025-01` (or the start of `2025-01-31 23:59:59`) read as a UTC+8 month.
pub fn china_month(text: &str) -> i64 {
    let y: i32 = text[..4].parse().expect("year");
    let m: u32 = text[5..7].parse().expect("month");
    month_start_utc(y, m, -8)
}

pub type Totals = BTreeMap<(i64, String), Decimal>;

pub fn key(period: i64, currency: &str) -> (i64, String) {
    (period, currency.to_string())
}

/// Sums an amount column per (period, currency) over the rows `period`
/// accepts; rows it returns `None` for (the console totals) are left out.
pub fn raw_totals(
    name: &str,
    amount: &str,
    currency: impl Fn(&BTreeMap<&str, &str>) -> String,
    period: impl Fn(&BTreeMap<&str, &str>) -> Option<i64>,
) -> Totals {
    let t = Table::read(name);
    let mut totals = Totals::new();
    for (_, rec) in &t.records {
        let cells: BTreeMap<&str, &str> = t
            .header
            .names()
            .iter()
            .map(String::as_str)
            .zip(rec.iter())
            .collect();
        let Some(p) = period(&cells) else { continue };
        *totals.entry((p, currency(&cells))).or_default() += dec(cells[amount]);
    }
    totals
}

/// Σ of a line figure per (billing period start, currency).
pub fn totals(m: &Mapped, f: impl Fn(&CostLine) -> Decimal) -> Totals {
    let mut out = Totals::new();
    for l in &m.lines {
        *out.entry((l.billing_period_start, l.dims.billing_currency.clone()))
            .or_default() += f(l);
    }
    out
}

pub fn source_totals(m: &Mapped) -> Totals {
    let mut out = Totals::new();
    for s in &m.sources {
        *out.entry((s.billing_period_start, s.currency.clone()))
            .or_default() += s.amount;
    }
    out
}

/// The billed cost and the file's own amounts both sum to `expected`.
pub fn assert_totals(m: &Mapped, expected: &Totals) {
    assert_eq!(
        &totals(m, |l| l.billed_cost),
        expected,
        "billed cost per period and currency"
    );
    assert_eq!(
        &source_totals(m),
        expected,
        "source amounts per period and currency"
    );
}

/// The line's `x_` extras.
pub fn extras(l: &CostLine) -> serde_json::Map<String, Value> {
    match l.extras.as_deref().map(serde_json::from_str::<Value>) {
        Some(Ok(Value::Object(m))) => m,
        None => serde_json::Map::new(),
        other => panic!("extras are a JSON object: {other:?}"),
    }
}

pub fn tag<'a>(l: &'a CostLine, key: &str) -> Option<&'a str> {
    l.dims.tags.get(key).map(String::as_str)
}

/// Compares `line` with its expected rendering (see [`render`]).
pub fn check(line: &CostLine, expect: Expect) {
    expect.assert_eq(&render(line));
}

fn time(t: i64) -> String {
    DateTime::from_timestamp(t, 0).map_or_else(|| t.to_string(), |d| d.to_rfc3339())
}

/// A line as text, one group of columns a line, every column that has a
/// value named (an absent one is null): who bills, what, when, how much,
/// for what quantity, where, and the line's tags, extras and source row.
pub fn render(l: &CostLine) -> String {
    let d = &l.dims;
    // Every column is named below: a column the model gains fails to
    // compile here until it is rendered too.
    let cloudlens_model::LineDims {
        provider_name: _,
        publisher_name: _,
        invoice_issuer_name: _,
        billing_account_id: _,
        billing_account_name: _,
        billing_account_type: _,
        sub_account_id: _,
        sub_account_name: _,
        sub_account_type: _,
        billing_currency: _,
        service_name: _,
        service_category: _,
        service_subcategory: _,
        charge_category: _,
        charge_class: _,
        charge_frequency: _,
        charge_description: _,
        region_id: _,
        region_name: _,
        availability_zone: _,
        resource_id: _,
        resource_name: _,
        resource_type: _,
        sku_id: _,
        sku_price_id: _,
        sku_meter: _,
        pricing_category: _,
        pricing_unit: _,
        pricing_currency: _,
        consumed_unit: _,
        commitment_discount_id: _,
        commitment_discount_name: _,
        commitment_discount_category: _,
        commitment_discount_type: _,
        commitment_discount_unit: _,
        capacity_reservation_id: _,
        tags: _,
    } = &**d;
    let CostLine {
        dims: _,
        billing_period_start: _,
        billing_period_end: _,
        charge_period_start: _,
        charge_period_end: _,
        billed_cost: _,
        effective_cost: _,
        list_cost: _,
        contracted_cost: _,
        pricing_quantity: _,
        consumed_quantity: _,
        list_unit_price: _,
        contracted_unit_price: _,
        commitment_discount_status: _,
        commitment_discount_quantity: _,
        capacity_reservation_status: _,
        invoice_id: _,
        extras: _,
        provenance: _,
    } = l;
    let mut out = String::new();
    let mut group = |name: &str, fields: &[(&str, Option<String>)]| {
        let present: Vec<String> = fields
            .iter()
            .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={v}")))
            .collect();
        if !present.is_empty() {
            out.push_str(&format!("{name}: {}\n", present.join(" | ")));
        }
    };
    let s = |v: &Option<String>| v.clone();
    let debug = |v: Option<String>| v;
    group(
        "provider",
        &[
            ("name", Some(d.provider_name.clone())),
            ("publisher", Some(d.publisher_name.clone())),
            ("issuer", Some(d.invoice_issuer_name.clone())),
        ],
    );
    group(
        "account",
        &[
            ("id", Some(d.billing_account_id.clone())),
            ("name", s(&d.billing_account_name)),
            ("type", s(&d.billing_account_type)),
            ("currency", Some(d.billing_currency.clone())),
        ],
    );
    group(
        "sub_account",
        &[
            ("id", s(&d.sub_account_id)),
            ("name", s(&d.sub_account_name)),
            ("type", s(&d.sub_account_type)),
        ],
    );
    group(
        "service",
        &[
            ("name", Some(d.service_name.clone())),
            ("category", Some(d.service_category.clone())),
            ("subcategory", s(&d.service_subcategory)),
        ],
    );
    group(
        "charge",
        &[
            ("category", Some(format!("{:?}", d.charge_category))),
            ("class", debug(d.charge_class.map(|c| format!("{c:?}")))),
            (
                "frequency",
                debug(d.charge_frequency.map(|c| format!("{c:?}"))),
            ),
            ("description", s(&d.charge_description)),
        ],
    );
    group(
        "periods",
        &[
            (
                "billing",
                Some(format!(
                    "{}..{}",
                    time(l.billing_period_start),
                    time(l.billing_period_end)
                )),
            ),
            (
                "charge",
                Some(format!(
                    "{}..{}",
                    time(l.charge_period_start),
                    time(l.charge_period_end)
                )),
            ),
        ],
    );
    group(
        "cost",
        &[
            ("billed", Some(l.billed_cost.to_string())),
            ("effective", Some(l.effective_cost.to_string())),
            ("list", Some(l.list_cost.to_string())),
            ("contracted", Some(l.contracted_cost.to_string())),
        ],
    );
    group(
        "pricing",
        &[
            (
                "category",
                debug(d.pricing_category.map(|c| format!("{c:?}"))),
            ),
            ("quantity", l.pricing_quantity.map(|q| q.to_string())),
            ("unit", s(&d.pricing_unit)),
            ("currency", s(&d.pricing_currency)),
            ("list_price", l.list_unit_price.map(|p| p.to_string())),
            (
                "contracted_price",
                l.contracted_unit_price.map(|p| p.to_string()),
            ),
        ],
    );
    group(
        "consumed",
        &[
            ("quantity", l.consumed_quantity.map(|q| q.to_string())),
            ("unit", s(&d.consumed_unit)),
        ],
    );
    group(
        "sku",
        &[
            ("id", s(&d.sku_id)),
            ("meter", s(&d.sku_meter)),
            ("price_id", s(&d.sku_price_id)),
        ],
    );
    group(
        "region",
        &[
            ("id", s(&d.region_id)),
            ("name", s(&d.region_name)),
            ("zone", s(&d.availability_zone)),
        ],
    );
    group(
        "resource",
        &[
            ("id", s(&d.resource_id)),
            ("name", s(&d.resource_name)),
            ("type", s(&d.resource_type)),
        ],
    );
    group(
        "commitment",
        &[
            ("id", s(&d.commitment_discount_id)),
            ("name", s(&d.commitment_discount_name)),
            ("category", s(&d.commitment_discount_category)),
            ("type", s(&d.commitment_discount_type)),
            ("unit", s(&d.commitment_discount_unit)),
            ("status", s(&l.commitment_discount_status)),
            (
                "quantity",
                l.commitment_discount_quantity.map(|q| q.to_string()),
            ),
        ],
    );
    group(
        "capacity_reservation",
        &[
            ("id", s(&d.capacity_reservation_id)),
            ("status", s(&l.capacity_reservation_status)),
        ],
    );
    group("invoice", &[("id", s(&l.invoice_id))]);
    if !d.tags.is_empty() {
        let tags: Vec<String> = d.tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
        out.push_str(&format!("tags: {}\n", tags.join(" | ")));
    }
    let extras: Vec<String> = extras(l)
        .into_iter()
        .map(|(k, v)| match v {
            Value::String(s) => format!("{k}={s}"),
            other => format!("{k}={other}"),
        })
        .collect();
    if !extras.is_empty() {
        out.push_str(&format!("extras: {}\n", extras.join(" | ")));
    }
    out.push_str(&format!("row: {}\n", l.provenance.source_row));
    out
}

/// The values FOCUS 1.2 constrains, as the FOCUS validator checks them on
/// exports: a charge frequency, subcategories, account types, a unit exactly
/// where there is a quantity and in UnitFormat, a SKU for every meter and
/// none on tax, a region name for every region id, a type for every
/// resource, a pricing currency.
pub fn check_focus_terms(name: &str, m: &Mapped) {
    for l in &m.lines {
        let d = &l.dims;
        let at = format!("{name} line {}", l.provenance.source_row);
        assert!(d.charge_frequency.is_some(), "{at}");
        let sub = d.service_subcategory.as_deref().unwrap_or_default();
        assert!(sub.starts_with("Other (") || !sub.is_empty(), "{at}: {sub}");
        assert!(d.billing_account_type.is_some(), "{at}");
        assert!(
            d.sub_account_id.is_none() || d.sub_account_type.is_some(),
            "{at}"
        );
        assert_eq!(
            l.pricing_quantity.is_some(),
            d.pricing_unit.is_some(),
            "{at}"
        );
        assert_eq!(
            l.consumed_quantity.is_some(),
            d.consumed_unit.is_some(),
            "{at}"
        );
        for unit in [&d.pricing_unit, &d.consumed_unit].into_iter().flatten() {
            assert!(formats::units::is_focus_unit(unit), "{at}: {unit}");
        }
        assert!(d.sku_meter.is_none() || d.sku_id.is_some(), "{at}");
        if d.charge_category == ChargeCategory::Tax {
            assert_eq!(d.sku_id, None, "{at}");
        }
        assert!(d.region_id.is_none() || d.region_name.is_some(), "{at}");
        assert!(d.resource_id.is_none() || d.resource_type.is_some(), "{at}");
        assert!(d.pricing_currency.is_some(), "{at}");
    }
}
