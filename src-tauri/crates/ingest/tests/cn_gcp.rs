//! The Google Cloud, Alibaba Cloud, Tencent Cloud and Huawei Cloud bill
//! mappers against the constructed fixtures in `tests/fixtures/ingest/`:
//! detection, UTC+8 and Pacific billing periods, totals per billing period
//! and currency (computed here independently from the raw files), tags,
//! console total rows, and the errors bad cells and headers produce.

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::NaiveDate;
use cloudlens_ingest::formats::{self, FormatId, Output, SourceAmount};
use cloudlens_ingest::{CellError, Header, HeaderError, Row};
use cloudlens_model::{
    ChargeCategory, ChargeClass, ChargeFrequency, CostLine, Decimal, PricingCategory,
};
use csv::StringRecord;
use serde_json::Value;

/// Where the fixtures are when the test runs (cargo sets the crate's
/// directory then): a target folder reused by a checkout elsewhere would
/// keep the compile-time path.
fn fixtures_dir() -> String {
    let crate_dir = String::from(env!("CARGO_MANIFEST_DIR"));
    format!("{crate_dir}/../../../tests/fixtures/ingest/")
}

const ALIBABA_ZH: &str = "alibaba_console_zh.csv";
const ALIBABA_EN: &str = "alibaba_oss_en.csv";
const TENCENT_EN: &str = "tencent_bill3_en.csv";
const TENCENT_ZH: &str = "tencent_console_zh.csv";
const HUAWEI_ZH: &str = "huawei_instance_bill_zh.csv";
const HUAWEI_EN: &str = "huawei_instance_bill_en.csv";
const GCP_CSV: &str = "gcp_billing_export_detailed.csv";
const GCP_JSONL: &str = "gcp_billing_export_detailed.jsonl";

/// 2024-12-31T16:00:00Z: where a UTC+8 January 2025 bill starts.
const CN_2025_01: i64 = 1_735_660_800;
/// 2025-01-31T16:00:00Z: the end of that bill and the start of February's.
const CN_2025_02: i64 = 1_738_339_200;
/// 2024-11-30T16:00:00Z: the start of the UTC+8 December 2024 bill.
const CN_2024_12: i64 = 1_732_982_400;
/// 2025-01-01T08:00:00Z: midnight in Los Angeles, Google's January invoice.
const LA_2025_01: i64 = 1_735_718_400;
/// 2025-02-01T08:00:00Z.
const LA_2025_02: i64 = 1_738_396_800;

// ---------------------------------------------------------------------------
// A small stand-in for the file pipeline: CSV in, detected format, mapped rows.

struct Table {
    header: Header,
    records: Vec<(u64, StringRecord)>,
}

fn read_csv_text(text: &str) -> Table {
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

fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(format!("{}{name}", fixtures_dir())).expect("fixture")
}

fn read_fixture(name: &str) -> Table {
    read_csv_text(&fixture_text(name))
}

struct Mapped {
    format: FormatId,
    variant: String,
    lines: Vec<CostLine>,
    sources: Vec<SourceAmount>,
    skipped: Vec<(u64, &'static str)>,
}

fn map_table(t: &Table) -> Result<Mapped, (u64, CellError)> {
    let (format, detected) = formats::detect(&t.header).expect("a format is detected");
    let mut mapper = format.bind(&t.header).expect("the header binds");
    let mut out = Output::default();
    let mut m = Mapped {
        format: format.id(),
        variant: detected.variant,
        lines: Vec::new(),
        sources: Vec::new(),
        skipped: Vec::new(),
    };
    for (line, record) in &t.records {
        let row = Row {
            line: *line,
            header: &t.header,
            record,
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
    Ok(m)
}

fn run(name: &str) -> Mapped {
    map_table(&read_fixture(name)).unwrap_or_else(|(line, e)| panic!("{name} line {line}: {e}"))
}

/// Maps one record after replacing the cell of `column` with `value`.
fn map_with(
    t: &Table,
    index: usize,
    column: &str,
    value: &str,
) -> Result<Mapped, (u64, CellError)> {
    map_cells(t, index, &[(column, value)])
}

/// Maps one record after replacing some of its cells.
fn map_cells(
    t: &Table,
    index: usize,
    changes: &[(&str, &str)],
) -> Result<Mapped, (u64, CellError)> {
    let (line, rec) = &t.records[index];
    let cells: Vec<&str> = rec
        .iter()
        .zip(t.header.names())
        .map(|(c, name)| {
            changes
                .iter()
                .find(|(col, _)| col == name)
                .map_or(c, |(_, v)| *v)
        })
        .collect();
    for (col, _) in changes {
        assert!(t.header.names().iter().any(|n| n == col), "column {col}");
    }
    let table = Table {
        header: t.header.clone(),
        records: vec![(*line, StringRecord::from(cells))],
    };
    map_table(&table)
}

// ---------------------------------------------------------------------------
// Independent expectations, computed from the raw cells.

fn dec(s: &str) -> Decimal {
    let t = s.trim().replace(',', "");
    Decimal::from_str(&t)
        .or_else(|_| Decimal::from_scientific(&t))
        .unwrap_or_else(|_| panic!("test decimal {s}"))
}

fn month_start_utc(year: i32, month: u32, offset_hours: i64) -> i64 {
    NaiveDate::from_ymd_opt(year, month, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc().timestamp())
        .expect("date")
        + offset_hours * 3600
}

/// `2025-01` (or the start of `2025-01-31 23:59:59`) read as a UTC+8 month.
fn china_month(text: &str) -> i64 {
    let y: i32 = text[..4].parse().expect("year");
    let m: u32 = text[5..7].parse().expect("month");
    month_start_utc(y, m, -8)
}

type Totals = BTreeMap<(i64, String), Decimal>;

/// Sums an amount column per (period, currency) over the rows `period`
/// accepts; rows it returns `None` for (the console totals) are left out.
fn raw_totals(
    name: &str,
    amount: &str,
    currency: impl Fn(&BTreeMap<&str, &str>) -> String,
    period: impl Fn(&BTreeMap<&str, &str>) -> Option<i64>,
) -> Totals {
    let t = read_fixture(name);
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

fn billed_totals(m: &Mapped) -> Totals {
    let mut totals = Totals::new();
    for l in &m.lines {
        *totals
            .entry((l.billing_period_start, l.dims.billing_currency.clone()))
            .or_default() += l.billed_cost;
    }
    totals
}

fn source_totals(m: &Mapped) -> Totals {
    let mut totals = Totals::new();
    for s in &m.sources {
        *totals
            .entry((s.billing_period_start, s.currency.clone()))
            .or_default() += s.amount;
    }
    totals
}

fn assert_totals(m: &Mapped, expected: &Totals) {
    assert_eq!(
        &billed_totals(m),
        expected,
        "billed cost per period and currency"
    );
    assert_eq!(
        &source_totals(m),
        expected,
        "source amounts per period and currency"
    );
}

fn extras(l: &CostLine) -> serde_json::Map<String, Value> {
    match l.extras.as_deref().map(serde_json::from_str::<Value>) {
        Some(Ok(Value::Object(m))) => m,
        None => serde_json::Map::new(),
        other => panic!("extras are a JSON object: {other:?}"),
    }
}

fn line_for<'a>(m: &'a Mapped, resource: &str, pred: impl Fn(&CostLine) -> bool) -> &'a CostLine {
    m.lines
        .iter()
        .find(|l| l.dims.resource_id.as_deref() == Some(resource) && pred(l))
        .unwrap_or_else(|| panic!("a line for {resource}"))
}

fn tag<'a>(l: &'a CostLine, key: &str) -> Option<&'a str> {
    l.dims.tags.get(key).map(String::as_str)
}

// ---------------------------------------------------------------------------
// Detection

#[test]
fn each_fixture_is_detected_as_its_format_and_never_as_focus() {
    let cases = [
        (ALIBABA_ZH, FormatId::Alibaba, "Chinese headers"),
        (ALIBABA_EN, FormatId::Alibaba, "English headers"),
        (TENCENT_EN, FormatId::Tencent, "bill 3.0, English headers"),
        (TENCENT_ZH, FormatId::Tencent, "Chinese headers"),
        (HUAWEI_ZH, FormatId::Huawei, "Chinese headers"),
        (HUAWEI_EN, FormatId::Huawei, "English headers"),
        (GCP_CSV, FormatId::Gcp, "detailed usage cost"),
    ];
    let focus = formats::by_id(FormatId::Focus).expect("FOCUS is registered");
    for (name, id, variant) in cases {
        let t = read_fixture(name);
        let (format, detected) = formats::detect(&t.header).expect(name);
        assert_eq!(format.id(), id, "{name}");
        assert_eq!(detected.variant, variant, "{name}");
        assert!(focus.detect(&t.header).is_none(), "{name} is not FOCUS");
        // No other native format claims the file either.
        for other in formats::all()
            .iter()
            .filter(|f| f.id() != id && f.id() != FormatId::Focus)
        {
            assert!(
                other.detect(&t.header).is_none(),
                "{name} is not {}",
                other.id()
            );
        }
    }
}

#[test]
fn the_focus_sample_header_is_not_taken_for_a_native_bill() {
    let t = read_fixture("focus_1.0_sample_header.csv");
    let (format, _) = formats::detect(&t.header).expect("detected");
    assert_eq!(format.id(), FormatId::Focus);
    for id in [
        FormatId::Gcp,
        FormatId::Alibaba,
        FormatId::Tencent,
        FormatId::Huawei,
    ] {
        let f = formats::by_id(id).expect("registered");
        assert!(
            f.detect(&t.header).is_none(),
            "{id} must not claim the FOCUS sample"
        );
    }
}

#[test]
fn gcp_standard_export_is_its_own_variant() {
    let t = read_csv_text(
        "billing_account_id,service_id,service_description,sku_id,sku_description,usage_start_time,usage_end_time,\
         project_id,labels,location_region,cost,currency,usage_amount,usage_unit,credits,invoice_month,cost_type\n\
         01A2B3-C4D5E6-F7A8B9,6F81-5844-456A,Compute Engine,CP-1,N2 Instance Core running in Americas,\
         2025-01-15T00:00:00Z,2025-01-15T01:00:00Z,p1,[],us-central1,1.5,USD,3600,seconds,[],202501,regular\n",
    );
    let m = map_table(&t).expect("maps");
    assert_eq!(m.format, FormatId::Gcp);
    assert_eq!(m.variant, "standard usage cost");
    assert_eq!(m.lines.len(), 1);
    assert_eq!(m.lines[0].billing_period_start, LA_2025_01);
    assert_eq!(m.lines[0].dims.resource_id, None);
}

// ---------------------------------------------------------------------------
// Alibaba Cloud

#[test]
fn alibaba_console_export_in_chinese() {
    let m = run(ALIBABA_ZH);
    assert_eq!(m.format, FormatId::Alibaba);

    // The console's 合计 row is skipped, and only it.
    assert_eq!(m.skipped.len(), 1);
    assert_eq!(m.skipped[0].1, "the console's 合计 (total) row");
    assert_eq!(m.sources.len(), 14);
    assert_eq!(m.lines.len(), 14);

    // Totals per bill and currency, from the raw cells...
    let expected = raw_totals(
        ALIBABA_ZH,
        "应付金额",
        |_| "CNY".to_string(),
        |r| (r["账期"] != "合计").then(|| china_month(r["账期"])),
    );
    assert_totals(&m, &expected);
    // ... equal the console's own 合计 row, to the cent.
    assert_eq!(
        expected,
        BTreeMap::from([((CN_2025_01, "CNY".to_string()), dec("14890.50"))])
    );

    for l in &m.lines {
        assert_eq!(
            l.billing_period_start, CN_2025_01,
            "2025-01 starts 2024-12-31T16:00Z"
        );
        assert_eq!(l.billing_period_end, CN_2025_02);
        assert_eq!(l.dims.provider_name, "Alibaba Cloud");
        assert_eq!(l.dims.billing_account_id, "1234567890123456");
        assert_eq!(l.effective_cost, l.billed_cost);
    }

    let ecs = line_for(&m, "i-bp1a2b3c4d5e6f7g8h9i", |l| {
        l.dims.sku_meter.as_deref() == Some("实例规格")
    });
    assert_eq!(
        ecs.charge_period_start, CN_2025_01,
        "2025-01-01 00:00:00 UTC+8"
    );
    assert_eq!(ecs.charge_period_end, CN_2025_02);
    assert_eq!(ecs.dims.charge_category, ChargeCategory::Usage);
    assert_eq!(ecs.dims.charge_frequency, Some(ChargeFrequency::UsageBased));
    assert_eq!(ecs.dims.service_category, "Compute");
    assert_eq!(ecs.dims.region_id.as_deref(), Some("cn-hangzhou"));
    assert_eq!(ecs.dims.region_name.as_deref(), Some("华东1（杭州）"));
    assert_eq!(ecs.dims.availability_zone.as_deref(), Some("cn-hangzhou-h"));
    assert_eq!(ecs.dims.sku_id.as_deref(), Some("ecs"));
    assert_eq!(tag(ecs, "env"), Some("prod"));
    assert_eq!(tag(ecs, "team"), Some("web"));
    assert_eq!(ecs.list_cost, dec("729.12"));
    assert_eq!(ecs.contracted_cost, dec("656.21"));
    assert_eq!(ecs.billed_cost, dec("656.21"));
    assert_eq!(ecs.pricing_quantity, Some(dec("744")));
    assert_eq!(ecs.list_unit_price, Some(dec("0.9800")));
    let x = extras(ecs);
    assert_eq!(x["x_CostUnit"], "未分配");
    assert_eq!(x["x_ProductCode"], "ecs");
    assert_eq!(x["x_BillingCycle"], "2025-01");
    assert_eq!(x["x_BillType"], "后付账单");

    // A subscription bought in the month: quoted thousands separators,
    // the console's `key:k value:v` tag spelling, a comma in the nickname.
    let sub = line_for(&m, "i-bp19zx8wv7ut6sr5qp4o", |_| true);
    assert_eq!(sub.dims.charge_category, ChargeCategory::Purchase);
    assert_eq!(sub.dims.charge_frequency, Some(ChargeFrequency::Recurring));
    assert_eq!(sub.list_cost, dec("12480.00"));
    assert_eq!(sub.billed_cost, dec("11232.00"));
    assert_eq!(
        sub.dims.resource_name.as_deref(),
        Some("db-proxy, 主库代理")
    );
    assert_eq!(tag(sub, "owner"), Some("张三"));
    assert_eq!(
        sub.charge_period_start, 1_736_043_825,
        "2025-01-05 10:23:45 UTC+8"
    );
    // The payment split is kept, not turned into credits.
    assert_eq!(extras(sub)["x_DeductedByCashCoupons"], "1,232.00");

    let refund = line_for(&m, "i-bp1old0000000000000", |_| true);
    assert_eq!(refund.dims.charge_category, ChargeCategory::Purchase);
    assert_eq!(refund.dims.charge_class, None);
    assert_eq!(refund.billed_cost, dec("-450.00"));
    let adjustment = m
        .lines
        .iter()
        .find(|l| l.dims.charge_category == ChargeCategory::Adjustment)
        .expect("the 调账 row");
    assert_eq!(adjustment.billed_cost, dec("-12.34"));
    // FOCUS 1.2 wants a frequency on every line: an adjustment is one-time.
    assert_eq!(
        adjustment.dims.charge_frequency,
        Some(ChargeFrequency::OneTime)
    );

    // A quoted newline survives; the next row starts two lines later.
    let sms = line_for(&m, "dysms-cn-hangzhou", |_| true);
    assert_eq!(
        sms.dims.resource_name.as_deref(),
        Some("告警短信,\n运维通知")
    );
    let logs = line_for(&m, "cn-beijing;app-logs", |_| true);
    assert_eq!(logs.provenance.source_row, sms.provenance.source_row + 2);
    assert_eq!(logs.dims.region_id.as_deref(), Some("cn-beijing"));

    // Literal NULL is no value; OSS bills a region and storage class as its "instance".
    let cdn = line_for(&m, "static.example.com", |_| true);
    assert_eq!(cdn.dims.region_id, None);
    assert_eq!(cdn.dims.region_name, None);
    assert_eq!(cdn.dims.service_category, "Networking");
    let oss = line_for(&m, "cn-shanghai;standard", |l| {
        l.dims.sku_meter.as_deref() == Some("标准存储容量")
    });
    assert_eq!(oss.dims.resource_name, None);
    assert_eq!(oss.dims.service_category, "Storage");
    assert_eq!(
        oss.billed_cost,
        dec("145.82"),
        "资源包抵扣 lowers what is payable"
    );

    // The 合计 row is the last line of the file.
    let last_line = read_fixture(ALIBABA_ZH).records.last().map(|r| r.0);
    assert_eq!(Some(m.skipped[0].0), last_line);
}

#[test]
fn alibaba_oss_file_with_english_fields_and_two_currencies() {
    let m = run(ALIBABA_EN);
    assert_eq!(m.variant, "English headers");
    assert!(m.skipped.is_empty());
    let expected = raw_totals(
        ALIBABA_EN,
        "PretaxAmount",
        |r| r["Currency"].to_string(),
        |r| Some(china_month(r["BillingCycle"])),
    );
    assert_totals(&m, &expected);
    assert_eq!(
        expected,
        BTreeMap::from([
            ((CN_2025_01, "CNY".to_string()), dec("7811.31")),
            ((CN_2025_01, "USD".to_string()), dec("1182.79")),
            ((CN_2025_02, "CNY".to_string()), dec("-619.67")),
            ((CN_2025_02, "USD".to_string()), dec("3.24")),
        ])
    );

    // No start/end times: the billing day, 2025-01-31 in UTC+8.
    let oss = line_for(&m, "cn-shanghai;standard", |l| {
        l.billing_period_start == CN_2025_01
    });
    assert_eq!(oss.charge_period_start, 1_738_252_800);
    assert_eq!(oss.charge_period_end, 1_738_339_200);
    assert_eq!(oss.pricing_quantity, Some(dec("1536.25")));

    let sg = line_for(&m, "ap-southeast-1;standard", |_| true);
    assert_eq!(
        sg.dims.region_id.as_deref(),
        Some("ap-southeast-1"),
        "\"Singapore\" is looked up"
    );
    assert_eq!(sg.dims.billing_currency, "USD");
    assert_eq!(sg.dims.sub_account_id.as_deref(), Some("5678901234567891"));
    assert_eq!(
        sg.dims.sub_account_name.as_deref(),
        Some("intl-member@example.com")
    );

    let rds = line_for(&m, "rm-bp1xyz987abc654def", |_| true);
    assert_eq!(rds.dims.charge_category, ChargeCategory::Purchase);
    assert_eq!(rds.list_cost, dec("8760.00"));
    assert_eq!(rds.contracted_cost, dec("7884.00"), "原价 − 优惠金额");
    assert_eq!(
        rds.billed_cost,
        dec("7784.00"),
        "after the 100.00 coupon too"
    );
    assert_eq!(rds.dims.service_category, "Databases");
    assert_eq!(extras(rds)["x_CostUnit"], "数据平台");

    let refund = line_for(&m, "i-bp1old0000000000000", |_| true);
    assert_eq!(refund.dims.charge_category, ChargeCategory::Purchase);
    assert_eq!(refund.billed_cost, dec("-1080.00"));
}

// ---------------------------------------------------------------------------
// Tencent Cloud

#[test]
fn tencent_bill_3_in_english() {
    let m = run(TENCENT_EN);
    assert_eq!(m.format, FormatId::Tencent);
    // No Bill Month column: the bill is the UTC+8 month of the deduction.
    let expected = raw_totals(
        TENCENT_EN,
        "Total Amount After Discount",
        |r| r["Currency"].to_string(),
        |r| Some(china_month(r["Transaction Time"])),
    );
    assert_totals(&m, &expected);
    assert_eq!(
        expected,
        BTreeMap::from([
            ((CN_2025_01, "CNY".to_string()), dec("1194.94")),
            ((CN_2025_01, "USD".to_string()), dec("6.53")),
            ((CN_2025_02, "CNY".to_string()), dec("88.84")),
            ((CN_2025_02, "USD".to_string()), dec("1020.00")),
        ])
    );

    // January's storage, deducted at 2025-02-01 00:30 UTC+8 (still January
    // in UTC), is on February's bill.
    let cos = line_for(&m, "assets-1250000000", |_| true);
    assert_eq!(cos.billing_period_start, CN_2025_02);
    assert_eq!(cos.charge_period_start, CN_2025_01);
    assert_eq!(cos.dims.region_id.as_deref(), Some("ap-guangzhou"));
    assert_eq!(cos.dims.service_category, "Storage");
    assert!(cos.dims.tags.is_empty(), "NULL tags");

    let cpu = line_for(&m, "ins-8x9y0z1a", |l| {
        l.dims.sku_meter.as_deref() == Some("CPU - Standard S5")
            && l.billing_period_start == CN_2025_01
    });
    assert_eq!(cpu.dims.region_id.as_deref(), Some("ap-guangzhou"));
    assert_eq!(
        cpu.dims.region_name.as_deref(),
        Some("South China (Guangzhou)")
    );
    assert_eq!(cpu.dims.sub_account_id.as_deref(), Some("100012345678"));
    assert_eq!(cpu.dims.pricing_category, Some(PricingCategory::Standard));
    assert_eq!(cpu.list_cost, dec("33.60"));
    assert_eq!(cpu.billed_cost, dec("20.16"));
    assert_eq!(cpu.list_unit_price, Some(dec("0.35")));
    assert_eq!(cpu.contracted_unit_price, Some(dec("0.28")));
    // 4 cores for 24 hours at CNY/core/hour: 96 core-hours, so that
    // ListUnitPrice × PricingQuantity is the ListCost (0.35 × 96 = 33.60).
    assert_eq!(cpu.pricing_quantity, Some(dec("96")));
    assert_eq!(cpu.dims.pricing_unit.as_deref(), Some("Core-Hours"));
    assert_eq!(cpu.consumed_quantity, Some(dec("96")));
    assert_eq!(tag(cpu, "team"), Some("game"));
    assert_eq!(extras(cpu)["x_DiscountMultiplier"], "0.6");
    assert!(
        !extras(cpu).contains_key("x_InstanceType"),
        "`-` is no value"
    );

    // `-` under contract prices: ListCost falls back to BilledCost.
    let cdn = line_for(&m, "cdn.example.cn", |_| true);
    assert_eq!(cdn.list_cost, dec("45.30"));
    assert_eq!(cdn.dims.region_id, None);
    assert_eq!(tag(cdn, "team"), Some("web"));

    let spot = line_for(&m, "ins-spot0001", |_| true);
    assert_eq!(spot.dims.pricing_category, Some(PricingCategory::Dynamic));
    assert_eq!(
        spot.dims.resource_name.as_deref(),
        Some("batch-spot, 离线计算")
    );

    let db = line_for(&m, "cdb-1a2b3c4d", |_| true);
    assert_eq!(db.dims.charge_category, ChargeCategory::Purchase);
    assert_eq!(db.dims.charge_frequency, Some(ChargeFrequency::Recurring));
    assert_eq!(db.billed_cost, dec("1234.56"));
    assert_eq!(extras(db)["x_Project"], "支付中台");
    assert_eq!(extras(db)["x_VoucherPayAmount"], "234.56");
    let refund = line_for(&m, "cdb-oldold01", |_| true);
    assert_eq!(refund.dims.charge_category, ChargeCategory::Purchase);
    let adj = m
        .lines
        .iter()
        .find(|l| l.dims.charge_category == ChargeCategory::Adjustment)
        .expect("adjustment");
    assert_eq!(adj.billed_cost, dec("-5.00"));

    let sg = line_for(&m, "ins-sg000001", |_| true);
    assert_eq!(sg.dims.billing_currency, "USD");
    assert_eq!(sg.dims.billing_account_id, "200098765432");
    assert_eq!(sg.dims.region_id.as_deref(), Some("ap-singapore"));
}

#[test]
fn tencent_older_console_export_in_chinese() {
    let m = run(TENCENT_ZH);
    assert_eq!(m.variant, "Chinese headers");
    assert_eq!(m.skipped.len(), 1, "the 总计 row");
    let expected = raw_totals(
        TENCENT_ZH,
        "优惠后总价(元)",
        |_| "CNY".to_string(),
        |r| (r["账单月份"] != "总计").then(|| china_month(r["账单月份"])),
    );
    assert_totals(&m, &expected);
    // Equal to the console's own total row.
    assert_eq!(
        expected,
        BTreeMap::from([((CN_2024_12, "CNY".to_string()), dec("2961.65"))])
    );

    for l in &m.lines {
        assert_eq!(l.billing_period_start, CN_2024_12);
        assert_eq!(l.dims.billing_currency, "CNY", "from the (元) unit");
    }
    let new = line_for(&m, "ins-yr000001", |_| true);
    assert_eq!(new.dims.charge_category, ChargeCategory::Purchase);
    assert_eq!(tag(new, "env"), Some("prod"), "JSON TagKey/TagValue tags");
    assert_eq!(tag(new, "team"), Some("game"));
    assert_eq!(new.list_cost, dec("3000.00"));
    assert_eq!(new.billed_cost, dec("2400.00"));
    assert_eq!(new.dims.region_id.as_deref(), Some("ap-guangzhou"));
    assert_eq!(new.dims.region_name.as_deref(), Some("华南地区(广州)"));
    assert_eq!(extras(new)["x_Project"], "游戏后端");

    let hourly = line_for(&m, "ins-8x9y0z1a", |l| {
        l.dims.sku_meter.as_deref() == Some("CPU-标准型S5")
    });
    assert_eq!(hourly.dims.charge_category, ChargeCategory::Usage);
    assert_eq!(
        hourly.charge_period_start, CN_2024_12,
        "2024-12-01 00:00:00 UTC+8"
    );
    assert_eq!(tag(hourly, "team"), Some("game"), "comma-separated tags");
    let redis = line_for(&m, "crs-abcd1234", |_| true);
    assert_eq!(redis.dims.service_category, "Databases");
    let refund = line_for(&m, "ins-yr000009", |_| true);
    assert_eq!(refund.dims.charge_category, ChargeCategory::Purchase);
    assert_eq!(refund.billed_cost, dec("-300.00"));
}

// ---------------------------------------------------------------------------
// Huawei Cloud

#[test]
fn huawei_resource_bill_by_billing_cycle_in_chinese() {
    let m = run(HUAWEI_ZH);
    assert_eq!(m.format, FormatId::Huawei);
    let expected = raw_totals(
        HUAWEI_ZH,
        "应付金额",
        |_| "CNY".to_string(),
        |r| Some(china_month(r["账期"])),
    );
    assert_totals(&m, &expected);
    assert_eq!(
        expected,
        BTreeMap::from([((CN_2025_01, "CNY".to_string()), dec("3683.63891234"))])
    );

    for l in &m.lines {
        // Only the month is given: the charge period is that UTC+8 month.
        assert_eq!(
            (l.charge_period_start, l.charge_period_end),
            (CN_2025_01, CN_2025_02)
        );
        assert_eq!(l.dims.billing_account_id, "cloudlens_hw");
    }
    let web = line_for(&m, "2f0c1a9e-6b1d-4c2e-9a7f-1e2d3c4b5a69", |l| {
        l.dims.charge_category == ChargeCategory::Usage
    });
    assert_eq!(web.dims.service_name, "弹性云服务器");
    assert_eq!(web.dims.service_category, "Compute");
    assert_eq!(web.dims.resource_type.as_deref(), Some("云主机"));
    assert_eq!(web.dims.sku_id.as_deref(), Some("00301-238043-0--0"));
    assert_eq!(web.dims.region_id.as_deref(), Some("cn-north-4"));
    assert_eq!(web.dims.charge_frequency, Some(ChargeFrequency::UsageBased));
    assert_eq!(tag(web, "env"), Some("prod"), "k=v tags");
    assert_eq!(web.billed_cost, dec("898.56"));
    assert_eq!(web.list_cost, dec("1123.20"));
    let x = extras(web);
    assert_eq!(x["x_EnterpriseProject"], "生产环境");
    assert_eq!(x["x_ServiceTypeCode"], "hws.service.type.ec2");
    assert_eq!(
        x["x_Specification"],
        "通用计算增强型 | c7.xlarge.2 | 4vCPUs, 8GiB | linux"
    );

    let bought = line_for(&m, "7a6b5c4d-3e2f-1a0b-9c8d-7e6f5a4b3c2d", |_| true);
    assert_eq!(bought.dims.charge_category, ChargeCategory::Purchase);
    assert_eq!(
        bought.dims.charge_frequency,
        Some(ChargeFrequency::Recurring)
    );
    assert_eq!(tag(bought, "owner"), Some("李四"));
    let sp = line_for(&m, "3b4c5d6e7f8a4b9c8d7e6f5a4b3c2d1ein01", |_| true);
    assert_eq!(sp.dims.charge_category, ChargeCategory::Usage);
    assert_eq!(sp.dims.pricing_category, Some(PricingCategory::Committed));
    assert_eq!(sp.dims.region_id.as_deref(), Some("cn-south-1"));
    let refund = line_for(&m, "9f8e7d6c-5b4a-3c2d-1e0f-a9b8c7d6e5f4", |_| true);
    assert_eq!(refund.dims.charge_category, ChargeCategory::Purchase);
    assert_eq!(refund.billed_cost, dec("-344.00"));
    let categories: Vec<ChargeCategory> = m
        .lines
        .iter()
        .filter(|l| l.dims.resource_id.as_deref() == Some("2f0c1a9e-6b1d-4c2e-9a7f-1e2d3c4b5a69"))
        .map(|l| l.dims.charge_category)
        .collect();
    assert_eq!(
        categories,
        [
            ChargeCategory::Usage,
            ChargeCategory::Adjustment,
            ChargeCategory::Tax
        ]
    );
    let bandwidth = line_for(&m, "bw-5e6f7a8b", |_| true);
    assert_eq!(
        bandwidth.billed_cost,
        dec("45.67891234"),
        "eight decimals kept"
    );
    let alarm = line_for(&m, "ces-alarm-notify", |_| true);
    assert_eq!(alarm.dims.resource_name.as_deref(), Some("告警通知,\n短信"));
    assert_eq!(alarm.dims.service_category, "Management and Governance");
}

#[test]
fn huawei_english_headers_with_two_currencies() {
    let m = run(HUAWEI_EN);
    assert_eq!(m.variant, "English headers");
    let expected = raw_totals(
        HUAWEI_EN,
        "Amount Due",
        |r| r["Currency"].to_string(),
        |r| Some(china_month(r["Billing Cycle"])),
    );
    assert_totals(&m, &expected);
    assert_eq!(
        expected,
        BTreeMap::from([
            ((CN_2025_02, "CNY".to_string()), dec("1807.25")),
            ((CN_2025_02, "USD".to_string()), dec("940.30")),
        ])
    );
    let sg = line_for(&m, "4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8", |l| {
        l.dims.charge_category == ChargeCategory::Usage
    });
    assert_eq!(
        sg.billing_period_start, CN_2025_02,
        "2025-02 starts 2025-01-31T16:00Z"
    );
    assert_eq!(sg.dims.region_id.as_deref(), Some("ap-southeast-3"));
    assert_eq!(sg.dims.region_name.as_deref(), Some("AP-Singapore"));
    assert_eq!(sg.dims.service_name, "Elastic Cloud Server");
    assert_eq!(tag(sg, "app"), Some("api"));
    let kinds: Vec<ChargeCategory> = m
        .lines
        .iter()
        .filter(|l| l.dims.resource_id.as_deref() == Some("4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8"))
        .map(|l| l.dims.charge_category)
        .collect();
    assert_eq!(
        kinds,
        [
            ChargeCategory::Usage,
            ChargeCategory::Tax,
            ChargeCategory::Adjustment
        ]
    );
    let refund = line_for(&m, "6a7b8c9d-0e1f-4a2b-c3d4-e5f6a7b8c9d0", |_| true);
    assert_eq!(refund.dims.charge_category, ChargeCategory::Purchase);
    let sp = line_for(&m, "3b4c5d6e7f8a4b9c8d7e6f5a4b3c2d1ein01", |_| true);
    assert_eq!(sp.dims.pricing_category, Some(PricingCategory::Committed));
    assert_eq!(sp.dims.billing_currency, "CNY");
    let evs = line_for(&m, "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f", |_| true);
    assert_eq!(evs.dims.service_category, "Storage");
    assert_eq!(evs.dims.region_id.as_deref(), Some("cn-north-4"));
}

// ---------------------------------------------------------------------------
// Google Cloud

/// Per invoice month and currency, each row's own net amount: `cost` plus
/// its credits. The fixture's months are winter months, when midnight in
/// Los Angeles is 08:00 UTC.
/// The values FOCUS 1.2 constrains, as the FOCUS validator checks them on
/// exports (tests/sample_exports.rs), for every native fixture of this
/// file: a frequency and a subcategory on every line, account types, a
/// unit exactly where there is a quantity, a SKU for every meter and none
/// on tax, a region name for every region id, a type for every resource,
/// a pricing currency.
#[test]
fn native_lines_in_focus_terms() {
    for name in [
        "gcp_billing_export_detailed.csv",
        "alibaba_console_zh.csv",
        "alibaba_oss_en.csv",
        "tencent_bill3_en.csv",
        "tencent_console_zh.csv",
        "huawei_instance_bill_zh.csv",
        "huawei_instance_bill_en.csv",
    ] {
        let m = run(name);
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

    let m = run("alibaba_console_zh.csv");
    let ecs = line_for(&m, "i-bp1a2b3c4d5e6f7g8h9i", |l| {
        l.dims.charge_category == ChargeCategory::Usage
            && l.dims.sku_meter.as_deref() == Some("实例规格")
    });
    assert_eq!(ecs.dims.pricing_unit.as_deref(), Some("Hours"));
    assert_eq!(
        ecs.dims.service_subcategory.as_deref(),
        Some("Virtual Machines")
    );
    // The owner is the billing account itself.
    assert_eq!(
        ecs.dims.sub_account_name.as_deref(),
        Some("cloudlens-demo@example.com")
    );
    let m = run("alibaba_oss_en.csv");
    let ecs = line_for(&m, "i-bp1a2b3c4d5e6f7g8h9i", |_| true);
    // An id-only region cell is named in the header's language.
    assert_eq!(ecs.dims.region_name.as_deref(), Some("China (Hangzhou)"));
    assert_eq!(ecs.dims.sku_id.as_deref(), Some("ecs"));

    let m = run("gcp_billing_export_detailed.csv");
    let fee = m
        .lines
        .iter()
        .find(|l| l.dims.charge_category == ChargeCategory::Purchase)
        .expect("the commitment fee");
    assert_eq!(
        (
            fee.dims.commitment_discount_category.as_deref(),
            fee.dims.commitment_discount_type.as_deref()
        ),
        (Some("Usage"), Some("Committed Use Discount"))
    );
    assert_eq!(fee.dims.region_name.as_deref(), Some("Iowa"));
    assert_eq!(
        (fee.consumed_quantity, fee.dims.consumed_unit.as_deref()),
        (None, None)
    );
}

fn gcp_credit_totals(t: &Table) -> Totals {
    let names = t.header.names();
    let col = |n: &str| names.iter().position(|x| x == n).expect("column");
    let mut totals = Totals::new();
    for (_, rec) in &t.records {
        let month: u32 = rec[col("invoice_month")][4..].parse().expect("month");
        let key = (
            month_start_utc(2025, month, 8),
            rec[col("currency")].to_string(),
        );
        let mut amount = dec(&rec[col("cost")]);
        if let Ok(Value::Array(credits)) = serde_json::from_str::<Value>(&rec[col("credits")]) {
            for c in credits {
                amount += dec(&c["amount"].to_string());
            }
        }
        *totals.entry(key).or_default() += amount;
    }
    totals
}

#[test]
fn gcp_detailed_export_csv() {
    let t = read_fixture(GCP_CSV);
    let m = map_table(&t).unwrap_or_else(|(l, e)| panic!("line {l}: {e}"));
    let expected = gcp_credit_totals(&t);
    assert_totals(&m, &expected);
    assert_eq!(
        expected,
        BTreeMap::from([
            ((LA_2025_01, "EUR".to_string()), dec("4.321")),
            ((LA_2025_01, "USD".to_string()), dec("1407.141442")),
            ((LA_2025_02, "EUR".to_string()), dec("1.05")),
            ((LA_2025_02, "USD".to_string()), dec("2.79")),
        ])
    );
    assert_eq!(m.sources.len(), 16);
    // 16 rows, and 6 non-zero credits as lines of their own.
    let credits: Vec<&CostLine> = m
        .lines
        .iter()
        .filter(|l| l.dims.charge_category == ChargeCategory::Credit)
        .collect();
    assert_eq!(m.lines.len(), 22);
    assert_eq!(credits.len(), 6);
    for c in &credits {
        assert!(c.billed_cost < Decimal::ZERO);
        assert_eq!(c.effective_cost, c.billed_cost);
        assert_eq!(c.list_cost, c.billed_cost);
    }

    let vm = "//compute.googleapis.com/projects/cloudlens-prod/zones/us-central1-a/instances/4567890123456789012";
    let core = line_for(&m, vm, |l| {
        l.dims.sku_id.as_deref() == Some("CP-COMPUTEENGINE-N2-CORE")
            && l.dims.charge_category == ChargeCategory::Usage
            && l.charge_period_start == 1_736_899_200
    });
    assert_eq!(
        core.billing_period_start, LA_2025_01,
        "202501 is a Pacific month"
    );
    assert_eq!(core.billing_period_end, LA_2025_02);
    assert_eq!(core.billed_cost, dec("0.127484"));
    assert_eq!(core.dims.provider_name, "Google Cloud");
    assert_eq!(core.dims.sub_account_id.as_deref(), Some("cloudlens-prod"));
    assert_eq!(
        core.dims.sub_account_name.as_deref(),
        Some("CloudLens Prod")
    );
    assert_eq!(core.dims.service_category, "Compute");
    assert_eq!(core.dims.resource_name.as_deref(), Some("web-prod-01"));
    assert_eq!(
        core.dims.resource_type.as_deref(),
        Some("compute.googleapis.com/instances")
    );
    assert_eq!(core.dims.region_id.as_deref(), Some("us-central1"));
    assert_eq!(
        core.dims.availability_zone.as_deref(),
        Some("us-central1-a")
    );
    assert_eq!(core.dims.pricing_category, Some(PricingCategory::Standard));
    assert_eq!(core.contracted_unit_price, Some(dec("0.031871")));
    assert_eq!(core.pricing_quantity, Some(dec("4.0")));
    assert_eq!(core.consumed_quantity, Some(dec("14400.0")));
    // Units in FOCUS UnitFormat.
    assert_eq!(core.dims.consumed_unit.as_deref(), Some("Seconds"));
    assert_eq!(core.dims.pricing_unit.as_deref(), Some("Hours"));
    // Resource labels win over the project's; resource manager tags and
    // project labels are inherited.
    assert_eq!(tag(core, "env"), Some("prod"));
    assert_eq!(tag(core, "cost-center"), Some("cc-100"));
    assert_eq!(tag(core, "environment"), Some("production"));
    assert_eq!(tag(core, "team"), Some("platform"));
    assert!(extras(core)["x_SystemLabels"]
        .as_str()
        .is_some_and(|s| s.contains("n2-standard-4")));
    let sud = credits
        .iter()
        .find(|c| c.provenance == core.provenance)
        .expect("the row's credit line");
    assert_eq!(sud.billed_cost, dec("-0.025497"));
    assert_eq!(
        sud.dims.charge_description.as_deref(),
        Some("Sustained usage discount")
    );
    assert_eq!(extras(sud)["x_CreditType"], "SUSTAINED_USAGE_DISCOUNT");
    assert_eq!(sud.dims.resource_id, core.dims.resource_id);

    // A committed use discount makes the usage Committed, with its commitment.
    let ram = line_for(&m, vm, |l| {
        l.dims.sku_id.as_deref() == Some("CP-COMPUTEENGINE-N2-RAM")
            && l.dims.charge_category == ChargeCategory::Usage
    });
    let commitment = "projects/cloudlens-prod/regions/us-central1/commitments/cud-1y-cpu";
    assert_eq!(ram.dims.pricing_category, Some(PricingCategory::Committed));
    assert_eq!(ram.dims.commitment_discount_id.as_deref(), Some(commitment));
    assert_eq!(
        ram.dims.commitment_discount_category.as_deref(),
        Some("Usage")
    );
    assert_eq!(ram.commitment_discount_status.as_deref(), Some("Used"));
    let fee = m
        .lines
        .iter()
        .find(|l| l.dims.charge_category == ChargeCategory::Purchase)
        .expect("the commitment fee");
    assert_eq!(
        fee.dims.commitment_discount_id.as_deref(),
        Some("a1b2c3d4-1111-2222-3333-444455556666")
    );
    assert_eq!(fee.dims.charge_frequency, Some(ChargeFrequency::Recurring));

    // Usage on 2025-02-01 05:00 UTC is still January in Los Angeles.
    let late = line_for(&m, vm, |l| l.charge_period_start == 1_738_386_000);
    assert_eq!(late.billing_period_start, LA_2025_01);

    let egress = m
        .lines
        .iter()
        .find(|l| l.dims.service_name == "Networking")
        .expect("egress");
    assert_eq!(
        egress.billed_cost,
        dec("1234.56"),
        "quoted thousands separators"
    );
    let bucket = line_for(
        &m,
        "//storage.googleapis.com/projects/_/buckets/cloudlens-assets",
        |_| true,
    );
    assert_eq!(bucket.dims.resource_name, None, "literal NULL");
    assert_eq!(
        bucket.dims.region_id.as_deref(),
        Some("us"),
        "multi-region location"
    );

    let tax = m
        .lines
        .iter()
        .find(|l| l.dims.charge_category == ChargeCategory::Tax)
        .expect("tax");
    assert_eq!(tax.billed_cost, dec("25.3"));
    assert_eq!(tax.dims.pricing_category, None);
    let adjustments: Vec<&CostLine> = m
        .lines
        .iter()
        .filter(|l| l.dims.charge_category == ChargeCategory::Adjustment)
        .collect();
    assert_eq!(adjustments.len(), 2, "adjustment and rounding_error");
    let outage = adjustments
        .iter()
        .find(|l| l.billed_cost == dec("-5"))
        .expect("outage credit");
    assert_eq!(outage.dims.charge_class, Some(ChargeClass::Correction));
    assert_eq!(
        extras(outage)["x_AdjustmentDescription"],
        "Credit for outage,\non 2025-01-12"
    );
    assert!(adjustments.iter().any(|l| l.billed_cost == dec("0.000001")));

    let partner = m
        .lines
        .iter()
        .find(|l| l.dims.service_name == "Example Partner SaaS")
        .expect("marketplace");
    assert_eq!(partner.dims.publisher_name, "Example Partner Inc.");
    assert_eq!(partner.dims.provider_name, "Google Cloud");
    let spot = m
        .lines
        .iter()
        .find(|l| l.dims.resource_name.as_deref() == Some("batch-spot-7"))
        .expect("spot");
    assert_eq!(spot.dims.pricing_category, Some(PricingCategory::Dynamic));
    let sql = m
        .lines
        .iter()
        .find(|l| l.dims.service_name == "Cloud SQL")
        .expect("sql");
    assert_eq!(sql.dims.billing_currency, "EUR");
    assert_eq!(sql.dims.service_category, "Databases");
    assert_eq!(sql.dims.billing_account_id, "0F1E2D-3C4B5A-697887");
}

/// Flattens a nested JSON object the way the JSON source does: nested
/// objects join their keys with `_`, arrays become JSON text cells.
fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
    if let Value::Object(map) = v {
        for (k, v) in map {
            let key = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}_{k}")
            };
            match v {
                Value::Object(_) => flatten(&key, v, out),
                Value::Null => out.push((key, String::new())),
                Value::String(s) => out.push((key, s.clone())),
                other => out.push((key, other.to_string())),
            }
        }
    }
}

#[test]
fn gcp_nested_json_lines_flattened_map_like_the_csv() {
    let text = fixture_text(GCP_JSONL);
    let mut header = None;
    let mut records = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let v: Value = serde_json::from_str(line).expect("one JSON object per line");
        assert!(
            v["service"]["description"].is_string(),
            "nested objects as BigQuery exports them"
        );
        let mut cells = Vec::new();
        flatten("", &v, &mut cells);
        let names: Vec<String> = cells.iter().map(|(k, _)| k.clone()).collect();
        let h = header.get_or_insert_with(|| Header::new(&names));
        assert_eq!(h.names(), names.as_slice());
        records.push((
            i as u64 + 1,
            StringRecord::from(cells.into_iter().map(|(_, v)| v).collect::<Vec<_>>()),
        ));
    }
    let t = Table {
        header: header.expect("lines"),
        records,
    };
    let json = map_table(&t).unwrap_or_else(|(l, e)| panic!("line {l}: {e}"));
    let csv = run(GCP_CSV);
    assert_eq!(json.format, FormatId::Gcp);
    assert_eq!(json.variant, "detailed usage cost");
    assert_eq!(json.lines.len(), csv.lines.len());
    assert_eq!(billed_totals(&json), billed_totals(&csv));
    assert_eq!(source_totals(&json), source_totals(&csv));
    let tags = |m: &Mapped| {
        m.lines
            .iter()
            .map(|l| l.dims.tags.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(tags(&json), tags(&csv));
}

// ---------------------------------------------------------------------------
// Errors and edge cases

#[test]
fn a_bad_amount_names_its_column() {
    for (name, column) in [
        (ALIBABA_ZH, "应付金额"),
        (ALIBABA_EN, "PretaxAmount"),
        (TENCENT_EN, "Total Amount After Discount"),
        (TENCENT_ZH, "优惠后总价(元)"),
        (HUAWEI_ZH, "应付金额"),
        (HUAWEI_EN, "Amount Due"),
        (GCP_CSV, "cost"),
    ] {
        let t = read_fixture(name);
        let (line, e) = map_with(&t, 0, column, "12.3.4")
            .err()
            .unwrap_or_else(|| panic!("{name} refuses 12.3.4"));
        assert_eq!(line, t.records[0].0, "{name}");
        assert_eq!(e.column, column, "{name}");
        assert_eq!(e.value, "12.3.4");
        assert_eq!(e.expected, "a decimal number", "{name}");
    }
}

#[test]
fn a_bad_date_names_its_column_and_what_was_expected() {
    for (name, column, value, expected) in [
        (
            ALIBABA_ZH,
            "账期",
            "2025-13",
            "a billing month such as 2025-01",
        ),
        (
            HUAWEI_EN,
            "Billing Cycle",
            "Feb 2025",
            "a billing month such as 2025-01",
        ),
        (
            TENCENT_ZH,
            "账单月份",
            "上个月",
            "a billing month such as 2025-01",
        ),
        (
            ALIBABA_ZH,
            "账单开始时间",
            "2025-01-32 00:00:00",
            "a date and time such as 2025-01-31 08:00:00",
        ),
        (
            TENCENT_EN,
            "Transaction Time",
            "yesterday",
            "a date and time such as 2025-01-31 08:00:00",
        ),
        (
            GCP_CSV,
            "usage_start_time",
            "yesterday",
            "a date and time such as 2025-01-31T00:00:00Z",
        ),
        (
            GCP_CSV,
            "invoice_month",
            "202513",
            "an invoice month such as 202501",
        ),
    ] {
        let t = read_fixture(name);
        let (_, e) = map_with(&t, 0, column, value)
            .err()
            .unwrap_or_else(|| panic!("{name} refuses {value}"));
        assert_eq!(e.column, column, "{name}");
        assert_eq!(e.value, value, "{name}");
        assert!(e.expected.starts_with(expected), "{name}: {}", e.expected);
    }
}

#[test]
fn other_bad_cells_are_errors_too() {
    let t = read_fixture(GCP_CSV);
    let (_, e) = map_with(&t, 0, "credits", "[{\"amount\": \"lots\"}]")
        .err()
        .expect("bad credits");
    assert_eq!(e.column, "credits");
    let (_, e) = map_with(&t, 0, "labels", "env=prod")
        .err()
        .expect("bad labels");
    assert_eq!(e.column, "labels");
    let (_, e) = map_with(&t, 0, "cost_type", "surprise")
        .err()
        .expect("unknown cost_type");
    assert_eq!(
        e.expected,
        "one of regular, tax, adjustment, rounding_error"
    );
    let t = read_fixture(ALIBABA_EN);
    let (_, e) = map_with(&t, 0, "Currency", "Yuan")
        .err()
        .expect("bad currency");
    assert_eq!(e.column, "Currency");
    // An unknown bill type falls back on the subscription type...
    let m = map_with(&t, 0, "Item", "Mystery").unwrap_or_else(|(_, e)| panic!("{e}"));
    assert_eq!(m.lines[0].dims.charge_category, ChargeCategory::Usage);
    // ... and is an error when that says nothing either.
    let (_, e) = map_cells(
        &t,
        0,
        &[
            ("Item", "Mystery"),
            ("SubscriptionType", ""),
            ("BillingType", ""),
        ],
    )
    .err()
    .expect("unknown bill type");
    assert_eq!(e.column, "Item");
    let t = read_fixture(HUAWEI_ZH);
    let (_, e) = map_with(&t, 0, "资源标签", "[not json")
        .err()
        .expect("bad tags");
    assert_eq!(e.column, "资源标签");
}

#[test]
fn only_a_clear_total_row_is_skipped() {
    let t = read_fixture(ALIBABA_ZH);
    // 合计 in a name column of a real row: mapped like any other row.
    let m = map_with(&t, 0, "实例昵称", "合计").unwrap_or_else(|(_, e)| panic!("{e}"));
    assert_eq!(m.lines.len(), 1);
    assert!(m.skipped.is_empty());
    // 合计 where the month goes, but the row names a product: not a
    // total row, so the month is an error rather than a silent skip.
    let (_, e) = map_with(&t, 0, "账期", "合计").err().expect("not skipped");
    assert_eq!(e.column, "账期");
    assert_eq!(e.expected, "a billing month such as 2025-01");
}

#[test]
fn a_missing_mandatory_column_is_a_header_error() {
    let cases = [
        (ALIBABA_ZH, "应付金额", "应付金额"),
        (ALIBABA_EN, "PretaxAmount", "PretaxAmount"),
        (ALIBABA_ZH, "账期", "账期"),
        (TENCENT_EN, "Payer Account ID", "Payer Account ID"),
        (TENCENT_ZH, "优惠后总价(元)", "优惠后总价"),
        (HUAWEI_ZH, "账期", "账期"),
        (HUAWEI_EN, "Amount Due", "Amount Due"),
        (GCP_CSV, "cost", "cost"),
        (GCP_CSV, "usage_end_time", "usage_end_time"),
    ];
    for (name, drop, missing) in cases {
        let t = read_fixture(name);
        let names: Vec<&str> = t
            .header
            .names()
            .iter()
            .map(|n| if n == drop { "renamed" } else { n.as_str() })
            .collect();
        let header = Header::new(names);
        let format = formats::by_id(match name {
            ALIBABA_ZH | ALIBABA_EN => FormatId::Alibaba,
            TENCENT_EN | TENCENT_ZH => FormatId::Tencent,
            HUAWEI_ZH | HUAWEI_EN => FormatId::Huawei,
            _ => FormatId::Gcp,
        })
        .expect("registered");
        match format.bind(&header) {
            Err(e) => assert_eq!(
                e,
                HeaderError::Missing {
                    column: missing.to_string()
                },
                "{name} without {drop}"
            ),
            Ok(_) => panic!("{name} without {drop} must be refused"),
        }
    }
}

#[test]
fn header_variants_of_other_console_versions() {
    // Alibaba: month and amount spelled as other console versions do.
    let m = map_table(&read_csv_text(
        "\u{feff}账期(月),账号,产品名称,产品代码,账单日期,实例ID,地域,计费项,官网价,优惠金额,应付金额(元),优惠券抵扣\n\
         2025/01,demo@example.com,云服务器 ECS,ecs,2025-01-09,i-1,cn-hangzhou,实例规格,\"1,000.00\",100.00,900.00,0\n",
    ))
    .unwrap_or_else(|(_, e)| panic!("{e}"));
    assert_eq!(m.format, FormatId::Alibaba);
    let l = &m.lines[0];
    assert_eq!(l.billing_period_start, CN_2025_01);
    assert_eq!(l.charge_period_start, 1_736_352_000, "2025-01-09 in UTC+8");
    assert_eq!(l.dims.billing_account_id, "demo@example.com");
    assert_eq!(l.list_cost, dec("1000"));
    assert_eq!(l.billed_cost, dec("900"));
    assert_eq!(l.dims.billing_currency, "CNY");

    // Tencent: the API object names, a `-` for the discount, USD from the unit.
    let m = map_table(&read_csv_text(
        "BillMonth,PayerUin,OwnerUin,BusinessCodeName,ProductCodeName,PayModeName,ActionTypeName,ItemCodeName,\
         ComponentCodeName,Cost,Discount,RealCost (USD),CashPayAmount,VoucherPayAmount\n\
         2025-02,200098765432,200098765433,Cloud Virtual Machine,CVM - Standard S5,Pay-As-You-Go,Hourly Settlement,CPU,\
         CPU,1.50,-,1.50,1.50,0\n",
    ))
    .unwrap_or_else(|(_, e)| panic!("{e}"));
    assert_eq!(m.format, FormatId::Tencent);
    let l = &m.lines[0];
    assert_eq!(l.billing_period_start, CN_2025_02);
    assert_eq!(l.dims.billing_currency, "USD");
    assert_eq!(l.dims.charge_category, ChargeCategory::Usage);
    assert_eq!(l.dims.charge_frequency, Some(ChargeFrequency::UsageBased));
    assert_eq!(
        l.charge_period_start, CN_2025_02,
        "no usage times: the whole month"
    );

    // Huawei: the Cost Center's English names and GMT+08:00 times.
    let m = map_table(&read_csv_text(
        "Month,Enterprise Project,Linked Account,PayerAccount Name,Service Type Code,Service Type,Product ID,\
         Billing Mode,Bill Type,Start Time,End Time,Region Code,Amount\n\
         202501,default,linked-001,cloudlens_hw,hws.service.type.ec2,Elastic Cloud Server,00301-238043-0--0,\
         Pay-per-use,Expenditure-use,2025-01-10 08:00:00 GMT+08:00,2025-01-10 09:00:00 GMT+08:00,cn-north-4,0.75\n",
    ))
    .unwrap_or_else(|(_, e)| panic!("{e}"));
    assert_eq!(m.format, FormatId::Huawei);
    let l = &m.lines[0];
    assert_eq!(l.charge_period_start, 1_736_467_200, "2025-01-10T00:00:00Z");
    assert_eq!(l.charge_period_end, 1_736_470_800);
    assert_eq!(l.dims.sub_account_id.as_deref(), Some("linked-001"));
    assert_eq!(l.dims.region_id.as_deref(), Some("cn-north-4"));
    assert_eq!(l.dims.billing_currency, "CNY", "no currency column: CNY");
}
