//! AWS CUR (legacy and 2.0) and Azure cost details (EA and MCA, actual and
//! amortized) against real and built fixtures: detection, reconciliation to
//! the cent per billing period and currency, the commitment rules, and the
//! errors bad input gives.

use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

use cloudlens_ingest::formats::{self, FormatId, Output, ReconcileOn, SourceAmount};
use cloudlens_ingest::{CellError, Header, HeaderError, Row};
use cloudlens_model::{
    ChargeCategory, ChargeClass, ChargeFrequency, CostLine, Decimal, PricingCategory,
};
use csv::{ReaderBuilder, StringRecord};

/// Where the fixtures are when the test runs (cargo sets the crate's
/// directory then): a target folder reused by a checkout elsewhere would
/// keep the compile-time path.
fn fixtures_dir() -> String {
    let crate_dir = String::from(env!("CARGO_MANIFEST_DIR"));
    format!("{crate_dir}/../../../tests/fixtures/ingest/")
}

/// 2023-11-01, 2023-09-01 and 2025-03-01 at 00:00 UTC.
const NOV_2023: i64 = 1_698_796_800;
const SEP_2023: i64 = 1_693_526_400;
const OCT_2023: i64 = 1_696_118_400;
const MAR_2025: i64 = 1_740_787_200;
const APR_2025: i64 = 1_743_465_600;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// A raw cost cell summed independently of the crate's parser.
fn raw(s: &str) -> Decimal {
    let t = s.trim();
    if t.is_empty() || t.eq_ignore_ascii_case("null") {
        return Decimal::ZERO;
    }
    let t = t.replace(',', "");
    Decimal::from_str(&t)
        .or_else(|_| Decimal::from_scientific(&t))
        .unwrap()
}

struct Table {
    header: Header,
    records: Vec<(u64, StringRecord)>,
}

impl Table {
    fn read(name: &str) -> Table {
        let mut rdr = ReaderBuilder::new()
            .flexible(false)
            .has_headers(true)
            .from_path(format!("{}{name}", fixtures_dir()))
            .unwrap();
        let header = Header::new(rdr.headers().unwrap().iter());
        let records = rdr
            .records()
            .map(|r| {
                let r = r.unwrap();
                (r.position().unwrap().line(), r)
            })
            .collect();
        Table { header, records }
    }

    fn col(&self, name: &str) -> usize {
        self.header
            .find(&[name])
            .unwrap_or_else(|| panic!("no column {name}"))
            .0
    }

    fn cells(&self, name: &str) -> Vec<String> {
        let c = self.col(name);
        self.records
            .iter()
            .map(|(_, r)| r.get(c).unwrap_or("").to_string())
            .collect()
    }

    /// Σ of a raw column per currency.
    fn sum_by(&self, amount: &str, currency: &str) -> BTreeMap<String, Decimal> {
        let mut out = BTreeMap::new();
        for (a, cur) in self.cells(amount).iter().zip(self.cells(currency)) {
            *out.entry(cur).or_insert(Decimal::ZERO) += raw(a);
        }
        out
    }
}

struct Mapped {
    format: FormatId,
    variant: String,
    rows: usize,
    lines: Vec<CostLine>,
    sources: Vec<SourceAmount>,
    reconcile_on: ReconcileOn,
    distinct_dims: usize,
}

impl Mapped {
    fn one(&self, pred: impl Fn(&CostLine) -> bool) -> &CostLine {
        let found: Vec<_> = self.lines.iter().filter(|l| pred(l)).collect();
        assert_eq!(found.len(), 1, "expected exactly one matching line");
        found[0]
    }
}

fn map_table(t: &Table) -> Mapped {
    let (format, detected) = formats::detect(&t.header).expect("a format is detected");
    let mut mapper = format.bind(&t.header).expect("the header binds");
    let mut out = Output::default();
    let mut lines = Vec::new();
    let mut sources = Vec::new();
    for (line, record) in &t.records {
        let row = Row {
            line: *line,
            header: &t.header,
            record,
        };
        mapper
            .map(&row, &mut out)
            .unwrap_or_else(|e| panic!("line {line}: {e}"));
        assert!(out.skipped.is_none(), "line {line} skipped");
        assert!(!out.lines.is_empty(), "line {line} gave no line");
        sources.push(
            out.source
                .take()
                .expect("every mapped row states its source amount"),
        );
        lines.append(&mut out.lines);
    }
    Mapped {
        format: format.id(),
        variant: detected.variant,
        rows: t.records.len(),
        lines,
        sources,
        reconcile_on: mapper.reconcile_on(),
        distinct_dims: out.distinct_dims(),
    }
}

fn map_file(name: &str) -> (Table, Mapped) {
    let t = Table::read(name);
    let m = map_table(&t);
    check_invariants(name, &m);
    (t, m)
}

/// Σ per (billing period start, currency).
fn totals(m: &Mapped, f: impl Fn(&CostLine) -> Decimal) -> BTreeMap<(i64, String), Decimal> {
    let mut out = BTreeMap::new();
    for l in &m.lines {
        *out.entry((l.billing_period_start, l.dims.billing_currency.clone()))
            .or_insert(Decimal::ZERO) += f(l);
    }
    out
}

fn source_totals(m: &Mapped) -> BTreeMap<(i64, String), Decimal> {
    let mut out = BTreeMap::new();
    for s in &m.sources {
        *out.entry((s.billing_period_start, s.currency.clone()))
            .or_insert(Decimal::ZERO) += s.amount;
    }
    out
}

fn key(period: i64, currency: &str) -> (i64, String) {
    (period, currency.to_string())
}

fn check_invariants(name: &str, m: &Mapped) {
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

/// Every format's detection on `header`, best first.
fn claims(header: &Header) -> Vec<FormatId> {
    formats::all()
        .iter()
        .filter(|f| f.detect(header).is_some())
        .map(|f| f.id())
        .collect()
}

// ---------------------------------------------------------------- AWS

#[test]
fn aws_legacy_cur_sample_reconciles_to_the_unblended_cost() {
    let (t, m) = map_file("aws-cur-legacy.csv");
    assert_eq!(m.format, FormatId::AwsCur);
    assert_eq!(m.variant, "legacy CUR");
    assert_eq!(claims(&t.header), vec![FormatId::AwsCur]);
    assert_eq!((m.rows, m.lines.len()), (1281, 1281));
    assert_eq!(m.reconcile_on, ReconcileOn::Billed);

    let raw = t.sum_by("lineItem/UnblendedCost", "lineItem/CurrencyCode");
    assert_eq!(raw.get("USD"), Some(&d("1.68230869740")));
    let expected = BTreeMap::from([(key(NOV_2023, "USD"), d("1.68230869740"))]);
    assert_eq!(totals(&m, |l| l.billed_cost), expected);
    assert_eq!(source_totals(&m), expected);
    // No commitments in this account: amortized equals billed.
    assert_eq!(totals(&m, |l| l.effective_cost), expected);

    let taxes: Vec<_> = m
        .lines
        .iter()
        .filter(|l| l.dims.charge_category == ChargeCategory::Tax)
        .collect();
    assert_eq!(taxes.len(), 12);
    assert!(taxes
        .iter()
        .all(|l| l.dims.charge_frequency == Some(ChargeFrequency::Recurring)));
    let s3 = m
        .lines
        .iter()
        .find(|l| {
            l.extras
                .as_deref()
                .is_some_and(|e| e.contains("\"x_ProductCode\":\"AmazonS3\""))
        })
        .unwrap();
    assert_eq!(s3.dims.service_name, "Amazon Simple Storage Service");
    assert_eq!(s3.dims.service_category, "Storage");
    assert_eq!(s3.dims.provider_name, "AWS");
    assert_eq!(
        s3.dims.invoice_issuer_name,
        "Amazon Web Services Canada, Inc."
    );
    assert_eq!(s3.billing_period_end, NOV_2023 + 30 * 86_400);
    assert!(m
        .lines
        .iter()
        .all(|l| l.dims.billing_account_id == "123412340534"));
    assert!(
        m.distinct_dims < m.lines.len() / 2,
        "equal dimensions are shared"
    );
}

#[test]
fn aws_cur2_maps_every_line_item_type_without_double_counting() {
    let (t, m) = map_file("aws-cur2.csv");
    assert_eq!(m.format, FormatId::AwsCur2);
    assert_eq!(m.variant, "CUR 2.0");
    assert_eq!(claims(&t.header), vec![FormatId::AwsCur2]);
    // 14 rows; the RIFee and the SavingsPlanRecurringFee each add an
    // unused-commitment line.
    assert_eq!((m.rows, m.lines.len()), (14, 16));

    // BilledCost is the net unblended cost where the file has one.
    let unblended = t.cells("line_item_unblended_cost");
    let net = t.cells("line_item_net_unblended_cost");
    let independent: Decimal = unblended
        .iter()
        .zip(&net)
        .map(|(u, n)| {
            if n.is_empty() || n == "NULL" {
                raw(u)
            } else {
                raw(n)
            }
        })
        .sum();
    assert_eq!(independent, d("1924.6796042"));
    let billed = BTreeMap::from([(key(MAR_2025, "USD"), d("1924.6796042"))]);
    assert_eq!(totals(&m, |l| l.billed_cost), billed);
    assert_eq!(source_totals(&m), billed);
    assert_eq!(m.reconcile_on, ReconcileOn::Billed);
    // Hand-computed: on-demand rows at cost, SP-covered usage at its SP
    // rate (2.28), RI usage at its amortized rate (3.12), the negation and
    // the fees at 0, plus the unused commitment (4.40 SP, 1.50 + 2.25 RI).
    assert_eq!(
        totals(&m, |l| l.effective_cost),
        BTreeMap::from([(key(MAR_2025, "USD"), d("1268.5096042"))])
    );

    let li = |id: &str| {
        let id = format!("\"x_LineItemId\":\"{id}\"");
        m.lines
            .iter()
            .filter(move |l| l.extras.as_deref().is_some_and(|e| e.contains(&id)))
            .collect::<Vec<_>>()
    };
    // On-demand EC2: tags without the user prefix, the aws: one kept.
    let ec2 = li("li-01")[0];
    assert_eq!(ec2.dims.service_name, "Amazon Elastic Compute Cloud");
    assert_eq!(ec2.dims.service_category, "Compute");
    assert_eq!(ec2.dims.pricing_category, Some(PricingCategory::Standard));
    assert_eq!(ec2.dims.tags.get("team").map(String::as_str), Some("data"));
    assert_eq!(
        ec2.dims.tags.get("aws:createdBy").map(String::as_str),
        Some("IAMUser:alice")
    );
    assert_eq!(
        ec2.dims.billing_account_name.as_deref(),
        Some("Example Corp")
    );
    assert_eq!(ec2.dims.sub_account_id.as_deref(), Some("444455556666"));
    assert_eq!(ec2.dims.region_id.as_deref(), Some("us-east-1"));
    assert_eq!(ec2.dims.availability_zone.as_deref(), Some("us-east-1a"));
    assert_eq!(
        ec2.dims.sku_price_id.as_deref(),
        Some("ABCD.JRTCKXETXF.6YS6EN2CT7")
    );
    assert!(ec2.extras.as_deref().unwrap().contains("x_CostCategories"));
    assert_eq!(
        (ec2.list_cost, ec2.consumed_quantity),
        (d("2.4192"), Some(d("24")))
    );

    // Savings Plan: covered usage and its negation net to nothing billed,
    // and only the covered row carries effective cost.
    let (covered, negation) = (li("li-02")[0], li("li-03")[0]);
    assert_eq!(
        (covered.billed_cost, covered.effective_cost),
        (d("3.48"), d("2.28"))
    );
    assert_eq!(
        (negation.billed_cost, negation.effective_cost),
        (d("-3.48"), Decimal::ZERO)
    );
    assert_eq!(
        (negation.list_cost, negation.consumed_quantity),
        (Decimal::ZERO, None)
    );
    for l in [covered, negation] {
        assert_eq!(l.dims.charge_category, ChargeCategory::Usage);
        assert_eq!(
            l.dims.commitment_discount_category.as_deref(),
            Some("Spend")
        );
        assert_eq!(
            l.dims.commitment_discount_type.as_deref(),
            Some("Savings Plan")
        );
        assert_eq!(l.dims.pricing_category, Some(PricingCategory::Committed));
        assert_eq!(l.commitment_discount_status.as_deref(), Some("Used"));
    }
    let fee = li("li-04");
    assert_eq!(fee.len(), 2);
    assert_eq!(fee[0].dims.charge_category, ChargeCategory::Purchase);
    assert_eq!(
        (fee[0].billed_cost, fee[0].effective_cost),
        (d("73.00"), Decimal::ZERO)
    );
    assert_eq!(
        fee[0].dims.resource_id.as_deref(),
        Some("arn:aws:savingsplans::111122223333:savingsplan/sp-0001")
    );
    assert_eq!(fee[1].dims.charge_category, ChargeCategory::Usage);
    assert_eq!(
        (fee[1].billed_cost, fee[1].effective_cost),
        (Decimal::ZERO, d("4.40"))
    );
    assert_eq!(fee[1].commitment_discount_status.as_deref(), Some("Unused"));

    // Reserved Instance: usage at its amortized rate, the fee's unused part.
    let ri_usage = li("li-05")[0];
    assert_eq!(
        (
            ri_usage.billed_cost,
            ri_usage.effective_cost,
            ri_usage.list_cost
        ),
        (d("0"), d("3.12"), d("5.52"))
    );
    assert_eq!(
        ri_usage.dims.commitment_discount_type.as_deref(),
        Some("Reserved Instance")
    );
    assert_eq!(
        ri_usage.dims.commitment_discount_category.as_deref(),
        Some("Usage")
    );
    assert_eq!(ri_usage.dims.resource_type.as_deref(), Some("db"));
    assert_eq!(ri_usage.dims.resource_name.as_deref(), Some("orders-db"));
    assert_eq!(ri_usage.dims.service_category, "Databases");
    let ri_fee = li("li-06");
    assert_eq!(ri_fee.len(), 2);
    assert_eq!(
        (ri_fee[0].billed_cost, ri_fee[0].effective_cost),
        (d("96.72"), Decimal::ZERO)
    );
    assert_eq!(ri_fee[0].pricing_quantity, Some(d("744")));
    assert_eq!(
        (ri_fee[1].billed_cost, ri_fee[1].effective_cost),
        (Decimal::ZERO, d("3.75"))
    );
    let upfront = li("li-14")[0];
    assert_eq!(
        (upfront.billed_cost, upfront.effective_cost),
        (d("500.00"), Decimal::ZERO)
    );
    assert_eq!(
        upfront.dims.charge_frequency,
        Some(ChargeFrequency::OneTime)
    );
    // A point-in-time fee is charged for the day it falls on.
    assert_eq!(
        upfront.charge_period_start,
        MAR_2025 + 4 * 86_400 + 12 * 3_600
    );
    assert_eq!(upfront.charge_period_end, MAR_2025 + 5 * 86_400);

    // The CSV quirks: thousands separators, exponents, NULL, a multi-line cell.
    let s3 = li("li-07")[0];
    assert_eq!(
        (s3.billed_cost, s3.consumed_quantity),
        (d("1234.56"), Some(d("53676.52")))
    );
    assert_eq!(s3.dims.service_category, "Storage");
    let lambda = li("li-08")[0];
    assert_eq!(lambda.billed_cost, d("0.0000042"));
    assert!(lambda.dims.tags.is_empty());
    assert_eq!(lambda.dims.resource_type.as_deref(), Some("function"));
    let transfer = li("li-09")[0];
    assert!(transfer
        .dims
        .charge_description
        .as_deref()
        .unwrap()
        .contains("free tier,\nUS East"));
    assert_eq!(transfer.dims.service_category, "Networking");
    let cloudwatch = li("li-10")[0];
    assert_eq!(cloudwatch.billed_cost, d("2.85"));
    assert!(cloudwatch
        .extras
        .as_deref()
        .unwrap()
        .contains("\"x_UnblendedCost\":\"3.00\""));
    assert_eq!(cloudwatch.dims.region_id.as_deref(), Some("us-west-2"));
    assert_eq!(
        cloudwatch.dims.service_category,
        "Management and Governance"
    );

    let tax = li("li-11")[0];
    assert_eq!(
        (tax.dims.charge_category, tax.pricing_quantity),
        (ChargeCategory::Tax, None)
    );
    let credit = li("li-12")[0];
    assert_eq!(
        (credit.dims.charge_category, credit.effective_cost),
        (ChargeCategory::Credit, d("-5.00"))
    );
    let refund = li("li-13")[0];
    assert_eq!(refund.dims.charge_category, ChargeCategory::Usage);
    assert_eq!(refund.dims.charge_class, Some(ChargeClass::Correction));
    assert!(
        m.lines
            .iter()
            .filter(|l| l.dims.charge_class.is_some())
            .count()
            == 1
    );
}

#[test]
fn aws_legacy_athena_names_are_the_legacy_format() {
    // The legacy CUR's Parquet/Athena column spelling, with per-tag columns.
    let header = Header::new([
        "identity_line_item_id",
        "line_item_line_item_type",
        "line_item_unblended_cost",
        "line_item_usage_start_date",
        "line_item_usage_end_date",
        "line_item_currency_code",
        "line_item_product_code",
        "bill_billing_period_start_date",
        "bill_billing_period_end_date",
        "bill_payer_account_id",
        "product_product_name",
        "resource_tags_user_team",
        "cost_category_owner",
    ]);
    assert_eq!(claims(&header), vec![FormatId::AwsCur]);
    let (format, detected) = formats::detect(&header).unwrap();
    assert_eq!(detected.variant, "legacy CUR, Athena/Parquet column names");
    let mut mapper = format.bind(&header).unwrap();
    let record = StringRecord::from(vec![
        "x1",
        "Usage",
        "1.25",
        "2024-05-01T00:00:00Z",
        "2024-05-02T00:00:00Z",
        "EUR",
        "AmazonEC2",
        "2024-05-01T00:00:00Z",
        "2024-06-01T00:00:00Z",
        "123456789012",
        "Amazon Elastic Compute Cloud",
        "web",
        "platform",
    ]);
    let mut out = Output::default();
    mapper
        .map(
            &Row {
                line: 2,
                header: &header,
                record: &record,
            },
            &mut out,
        )
        .unwrap();
    let l = &out.lines[0];
    assert_eq!(l.dims.tags.get("team").map(String::as_str), Some("web"));
    assert_eq!(l.dims.billing_currency, "EUR");
    assert!(l.extras.as_deref().unwrap().contains("owner"));
    assert_eq!(out.source.as_ref().map(|s| s.amount), Some(d("1.25")));
}

// ---------------------------------------------------------------- Azure

#[test]
fn azure_ea_actual_cost_reconciles_on_billed_cost() {
    let (t, m) = map_file("azure-ea-actual.csv");
    assert_eq!(m.format, FormatId::AzureEa);
    assert!(
        m.variant.starts_with("EA cost details, actual"),
        "{}",
        m.variant
    );
    assert_eq!(claims(&t.header), vec![FormatId::AzureEa]);
    assert_eq!((m.rows, m.lines.len()), (11, 11));
    assert_eq!(m.reconcile_on, ReconcileOn::Billed);

    let raw = t.sum_by("Cost", "BillingCurrency")["USD"];
    assert_eq!(
        totals(&m, |l| l.billed_cost),
        BTreeMap::from([(key(SEP_2023, "USD"), raw)])
    );
    assert_eq!(
        source_totals(&m),
        BTreeMap::from([(key(SEP_2023, "USD"), raw)])
    );
    // The reservation purchase (3.25) is amortized onto usage elsewhere.
    assert_eq!(
        totals(&m, |l| l.effective_cost),
        BTreeMap::from([(key(SEP_2023, "USD"), raw - d("3.25"))])
    );

    let purchase = m.one(|l| l.dims.charge_category == ChargeCategory::Purchase);
    assert_eq!(
        (purchase.billed_cost, purchase.effective_cost),
        (d("3.25"), Decimal::ZERO)
    );
    assert_eq!(
        purchase.dims.commitment_discount_type.as_deref(),
        Some("Reservation")
    );
    assert_eq!(
        purchase.dims.commitment_discount_category.as_deref(),
        Some("Usage")
    );
    assert_eq!(
        purchase.dims.pricing_category,
        Some(PricingCategory::Standard)
    );
    assert_eq!(
        purchase.dims.charge_frequency,
        Some(ChargeFrequency::Recurring)
    );
    assert_eq!(purchase.commitment_discount_status, None);
    // Dates are inclusive days: +1 day for the exclusive ends.
    assert_eq!(
        (purchase.billing_period_start, purchase.billing_period_end),
        (SEP_2023, OCT_2023)
    );
    assert_eq!(purchase.charge_period_start, SEP_2023 + 20 * 86_400);
    assert_eq!(purchase.charge_period_end, SEP_2023 + 21 * 86_400);

    let sql =
        m.one(|l| l.dims.resource_type.as_deref() == Some("microsoft.sql/servers/elasticpools"));
    assert_eq!(sql.dims.service_name, "Azure SQL Database");
    assert_eq!(sql.dims.service_category, "Databases");
    assert_eq!(
        sql.dims.billing_account_type.as_deref(),
        Some("Billing Account")
    );
    assert_eq!(sql.dims.sub_account_type.as_deref(), Some("Subscription"));
    assert_eq!(sql.dims.pricing_category, Some(PricingCategory::Standard));
    assert_eq!(sql.dims.charge_frequency, Some(ChargeFrequency::UsageBased));
    assert_eq!(sql.dims.provider_name, "Microsoft");
    let tagged = m
        .lines
        .iter()
        .find(|l| l.dims.tags.contains_key("databricks-environment"))
        .unwrap();
    assert_eq!(
        tagged.dims.tags.get("env").map(String::as_str),
        Some("prod")
    );
}

#[test]
fn azure_ea_amortized_cost_reconciles_on_effective_cost() {
    let (t, m) = map_file("azure-ea-amortized.csv");
    assert_eq!(m.format, FormatId::AzureEa);
    assert_eq!(claims(&t.header), vec![FormatId::AzureEa]);
    assert_eq!((m.rows, m.lines.len()), (28, 28));
    assert_eq!(m.reconcile_on, ReconcileOn::Effective);

    let raw = t.sum_by("Cost", "BillingCurrency")["USD"];
    assert_eq!(
        totals(&m, |l| l.effective_cost),
        BTreeMap::from([(key(SEP_2023, "USD"), raw)])
    );
    assert_eq!(
        source_totals(&m),
        BTreeMap::from([(key(SEP_2023, "USD"), raw)])
    );
    // Usage a reservation or savings plan covers was paid for by the purchase.
    let covered = d("0.493152") + d("0.006000000468");
    assert_eq!(
        totals(&m, |l| l.billed_cost),
        BTreeMap::from([(key(SEP_2023, "USD"), raw - covered)])
    );

    let ri = m.one(|l| l.dims.commitment_discount_type.as_deref() == Some("Reservation"));
    assert_eq!(
        (ri.billed_cost, ri.effective_cost),
        (Decimal::ZERO, d("0.493152"))
    );
    assert_eq!(ri.commitment_discount_status.as_deref(), Some("Used"));
    assert_eq!(ri.dims.pricing_category, Some(PricingCategory::Committed));
    assert_eq!(ri.dims.service_name, "Virtual Machine Scale Sets");
    let sp = m.one(|l| l.dims.commitment_discount_type.as_deref() == Some("Savings Plan"));
    assert_eq!(
        sp.dims.commitment_discount_category.as_deref(),
        Some("Spend")
    );
    assert_eq!(
        (sp.billed_cost, sp.effective_cost),
        (Decimal::ZERO, d("0.006000000468"))
    );
}

#[test]
fn azure_ea_export_with_exponents_and_unpadded_dates() {
    let (t, m) = map_file("azure-ea-export.csv");
    assert_eq!(m.format, FormatId::AzureEa);
    assert_eq!(claims(&t.header), vec![FormatId::AzureEa]);
    assert_eq!((m.rows, m.lines.len()), (27, 27));
    let raw = t.sum_by("CostInBillingCurrency", "BillingCurrencyCode")["CAD"];
    let expected = BTreeMap::from([(key(SEP_2023, "CAD"), raw)]);
    assert_eq!(totals(&m, |l| l.billed_cost), expected);
    assert_eq!(totals(&m, |l| l.effective_cost), expected);
    assert_eq!(source_totals(&m), expected);
    assert_eq!(
        m.lines
            .iter()
            .filter(|l| l.dims.pricing_category == Some(PricingCategory::Dynamic))
            .count(),
        3
    );
    assert!(m
        .lines
        .iter()
        .all(|l| l.charge_period_start == SEP_2023 + 86_400));
    assert!(m
        .lines
        .iter()
        .all(|l| l.dims.tags.get("tagA").map(String::as_str) == Some("valueA")));
}

#[test]
fn azure_mca_actual_cost_in_two_currencies() {
    let (t, m) = map_file("azure-mca-actual.csv");
    assert_eq!(m.format, FormatId::AzureMca);
    assert!(m.variant.starts_with("MCA cost details"), "{}", m.variant);
    assert_eq!(claims(&t.header), vec![FormatId::AzureMca]);
    assert_eq!((m.rows, m.lines.len()), (11, 11));
    assert_eq!(m.reconcile_on, ReconcileOn::Billed);

    let raw = t.sum_by("costInBillingCurrency", "billingCurrency");
    assert_eq!(
        raw,
        BTreeMap::from([
            ("EUR".to_string(), d("165.68")),
            ("USD".to_string(), d("1406.15"))
        ])
    );
    let billed = BTreeMap::from([
        (key(MAR_2025, "EUR"), d("165.68")),
        (key(MAR_2025, "USD"), d("1406.15")),
    ]);
    assert_eq!(totals(&m, |l| l.billed_cost), billed);
    assert_eq!(source_totals(&m), billed);
    // Less the reservation (87.60) and savings plan (100.00) purchases and
    // the reservation refund (-20.00); the marketplace purchase stays.
    assert_eq!(
        totals(&m, |l| l.effective_cost),
        BTreeMap::from([
            (key(MAR_2025, "EUR"), d("165.68")),
            (key(MAR_2025, "USD"), d("1238.55"))
        ])
    );

    let refund = m.one(|l| l.dims.charge_class.is_some());
    assert_eq!(refund.dims.charge_class, Some(ChargeClass::Correction));
    assert_eq!(refund.dims.charge_category, ChargeCategory::Purchase);
    assert_eq!(
        (refund.billed_cost, refund.effective_cost),
        (d("-20.00"), Decimal::ZERO)
    );
    assert_eq!(refund.dims.charge_frequency, Some(ChargeFrequency::OneTime));
    let rounding = m.one(|l| l.dims.charge_category == ChargeCategory::Adjustment);
    assert_eq!(
        (
            rounding.billed_cost,
            rounding.dims.sub_account_id.as_deref()
        ),
        (d("0.01"), None)
    );
    let marketplace = m.one(|l| l.dims.publisher_name == "Contoso Software");
    assert_eq!(
        (marketplace.billed_cost, marketplace.effective_cost),
        (d("120.00"), d("120.00"))
    );
    assert!(marketplace
        .dims
        .charge_description
        .as_deref()
        .unwrap()
        .contains("\"per seat\""));

    let covered = m.one(|l| l.dims.resource_name.as_deref() == Some("vm-app-01"));
    assert_eq!(covered.dims.billing_account_id, "BP-USD-0001");
    assert_eq!(
        covered.dims.billing_account_type.as_deref(),
        Some("Billing Profile")
    );
    assert_eq!(covered.dims.sku_id.as_deref(), Some("DZH318Z0BQ4L"));
    assert_eq!(covered.dims.region_id.as_deref(), Some("eastus"));
    assert_eq!(covered.dims.region_name.as_deref(), Some("East US"));
    assert_eq!(covered.dims.service_name, "Virtual Machines");
    assert_eq!(
        covered.dims.tags.get("team").map(String::as_str),
        Some("app, web")
    );
    assert_eq!(covered.list_cost, d("2.304"));
    assert_eq!(covered.commitment_discount_status.as_deref(), Some("Used"));

    let storage = m.one(|l| l.dims.service_name == "Storage Accounts");
    assert_eq!(
        (storage.billed_cost, storage.pricing_quantity),
        (d("1234.50"), Some(d("61725")))
    );
    let extras = storage.extras.as_deref().unwrap();
    // AdditionalInfo is kept as x_SkuDetails: FOCUS SkuPriceDetails
    // describes a SkuPriceId, which cost details do not have.
    assert!(
        !extras.contains("SkuPriceDetails")
            && extras.contains("x_SkuDetails")
            && extras.contains("Redundancy"),
        "{extras}"
    );
    let nulls = m.one(|l| {
        l.dims.service_name == "Virtual Network"
            || l.dims.resource_name.as_deref() == Some("pip-app")
    });
    assert_eq!(nulls.dims.commitment_discount_id, None);
    assert!(nulls.dims.tags.is_empty());
    let sql = m.one(|l| l.dims.billing_currency == "EUR" && l.dims.service_category == "Databases");
    assert_eq!(sql.dims.pricing_currency.as_deref(), Some("USD"));
    // Unit prices are in the pricing currency: 0.4964 USD at 0.92.
    assert_eq!(sql.list_unit_price, Some(d("0.456688")));
    assert_eq!(sql.list_cost, d("45.67"));
}

#[test]
fn azure_mca_amortized_cost_in_two_currencies() {
    let (t, m) = map_file("azure-mca-amortized.csv");
    assert_eq!(m.format, FormatId::AzureMca);
    assert_eq!((m.rows, m.lines.len()), (12, 12));
    assert_eq!(m.reconcile_on, ReconcileOn::Effective);

    let raw = t.sum_by("costInBillingCurrency", "billingCurrency");
    let effective = BTreeMap::from([
        (key(MAR_2025, "EUR"), raw["EUR"]),
        (key(MAR_2025, "USD"), raw["USD"]),
    ]);
    assert_eq!(raw["USD"], d("1245.05"));
    assert_eq!(totals(&m, |l| l.effective_cost), effective);
    assert_eq!(source_totals(&m), effective);
    assert_eq!(
        totals(&m, |l| l.billed_cost),
        BTreeMap::from([
            (key(MAR_2025, "EUR"), d("165.68")),
            (key(MAR_2025, "USD"), d("1238.55"))
        ])
    );

    let unused: Vec<_> = m
        .lines
        .iter()
        .filter(|l| l.commitment_discount_status.as_deref() == Some("Unused"))
        .collect();
    assert_eq!(unused.len(), 2);
    for l in &unused {
        assert_eq!(
            (l.dims.charge_category, l.billed_cost, l.list_cost),
            (ChargeCategory::Usage, Decimal::ZERO, Decimal::ZERO)
        );
    }
    assert_eq!(
        unused.iter().map(|l| l.effective_cost).sum::<Decimal>(),
        d("0.52")
    );
    let ri = m.one(|l| l.dims.resource_name.as_deref() == Some("vm-app-01"));
    assert_eq!(
        (ri.billed_cost, ri.effective_cost),
        (Decimal::ZERO, d("2.88"))
    );
    assert!(ri
        .dims
        .capacity_reservation_id
        .as_deref()
        .unwrap()
        .ends_with("/capacityReservations/cr-1"));
    assert_eq!(ri.capacity_reservation_status.as_deref(), Some("Used"));
    // Dates in ISO form here.
    assert_eq!(ri.charge_period_start, MAR_2025 + 4 * 86_400);
    assert!(m.lines.iter().all(|l| l.billing_period_end == APR_2025));
}

// ---------------------------------------------------------------- detection

/// The values FOCUS 1.2 constrains, as the FOCUS validator checks them on
/// exports (tests/sample_exports.rs): units in UnitFormat, a unit exactly
/// where there is a quantity, a SKU for every meter, a region name for
/// every region id, a type for every resource, account types.
#[test]
fn aws_lines_in_focus_terms() {
    let (_, m) = map_file("aws-cur2.csv");
    let ec2 = m.one(|l| {
        l.dims.resource_id.as_deref() == Some("i-0aaa1111")
            && l.dims.service_name == "Amazon Elastic Compute Cloud"
    });
    assert_eq!(ec2.dims.pricing_unit.as_deref(), Some("Hours"));
    assert_eq!(ec2.dims.consumed_unit.as_deref(), Some("Hours"));
    assert_eq!(ec2.dims.resource_type.as_deref(), Some("instance"));
    assert_eq!(ec2.dims.sku_id.as_deref(), Some("ABCD"));
    assert_eq!(
        ec2.dims.sku_meter.as_deref(),
        Some("USE1-BoxUsage:m7i.large")
    );
    assert_eq!(
        ec2.dims.service_subcategory.as_deref(),
        Some("Virtual Machines")
    );
    assert_eq!(
        ec2.dims.billing_account_type.as_deref(),
        Some("Payer Account")
    );
    assert_eq!(ec2.dims.sub_account_type.as_deref(), Some("Linked Account"));
    assert_eq!(ec2.dims.pricing_currency.as_deref(), Some("USD"));

    let s3 = m.one(|l| l.dims.resource_id.as_deref() == Some("example-data-bucket"));
    assert_eq!(s3.dims.pricing_unit.as_deref(), Some("GB-Months"));
    assert_eq!(s3.dims.resource_type.as_deref(), Some("bucket"));
    assert_eq!(
        s3.dims.region_name.as_deref(),
        Some("US East (N. Virginia)")
    );

    // A negation repeats the covered row's amount: no quantity, so no unit.
    let negation = m.one(|l| {
        l.extras
            .as_deref()
            .is_some_and(|x| x.contains("SavingsPlanNegation"))
    });
    assert_eq!(
        (
            negation.pricing_quantity,
            negation.dims.pricing_unit.as_deref()
        ),
        (None, None)
    );
    // A refund's usage amount has no unit in the file: it says nothing.
    let refund = m.one(|l| {
        l.extras
            .as_deref()
            .is_some_and(|x| x.contains("\"Refund\""))
    });
    assert_eq!(
        (refund.pricing_quantity, refund.consumed_quantity),
        (None, None)
    );

    let purchase = m.one(|l| {
        l.dims.charge_category == ChargeCategory::Purchase
            && l.dims.service_name == "Savings Plans for AWS Compute usage"
    });
    assert_eq!(purchase.dims.resource_type.as_deref(), Some("savingsplan"));
    assert_eq!(purchase.dims.region_name.as_deref(), Some("Global"));
    let tax = m.one(|l| l.dims.charge_category == ChargeCategory::Tax);
    assert_eq!(
        (tax.dims.sku_id.as_deref(), tax.dims.sku_meter.as_deref()),
        (None, None)
    );
    assert_eq!(tax.dims.pricing_currency.as_deref(), Some("USD"));

    let (_, m) = map_file("aws-cur-legacy.csv");
    let units: BTreeSet<&str> = m
        .lines
        .iter()
        .filter_map(|l| l.dims.pricing_unit.as_deref())
        .collect();
    assert!(
        units.contains("GB-Months") && units.contains("Object-Months"),
        "{units:?}"
    );
    assert!(!units.contains("GB-Mo"), "{units:?}");
    // CloudShell rows have a region code but no location.
    assert!(m
        .lines
        .iter()
        .all(|l| l.dims.region_id.is_none() || l.dims.region_name.is_some()));
}

#[test]
fn azure_lines_in_focus_terms() {
    let (_, m) = map_file("azure-ea-amortized.csv");
    // 10K: priced per block of 10,000 operations, and the file counts blocks.
    let ops = m.one(|l| l.dims.sku_meter.as_deref() == Some("Disk Operations"));
    assert_eq!(ops.dims.pricing_unit.as_deref(), Some("10000 Units"));
    assert_eq!(ops.dims.consumed_unit.as_deref(), Some("10000 Units"));
    assert_eq!(ops.pricing_quantity, Some(d("0.1351")));
    // EA has no product id: the meter is the SKU.
    assert_eq!(
        ops.dims.sku_id.as_deref(),
        Some("82cd70ab-1aee-4b30-bc04-8b71e1204dbc")
    );
    let x: serde_json::Value = serde_json::from_str(ops.extras.as_deref().unwrap()).unwrap();
    assert_eq!(x["x_PricingUnitDescription"], "10K");
    assert_eq!(x["x_PricingBlockSize"], "10000");
    let units: BTreeSet<&str> = m
        .lines
        .iter()
        .filter_map(|l| l.dims.pricing_unit.as_deref())
        .collect();
    assert_eq!(
        units,
        BTreeSet::from([
            "10000 Units",
            "GB",
            "GB/Month",
            "Hours",
            "Units/Day",
            "Units/Month"
        ])
    );
    for l in &m.lines {
        assert!(l.dims.sku_meter.is_none() || l.dims.sku_id.is_some());
        assert!(l.dims.service_subcategory.is_some());
        assert!(!l
            .extras
            .as_deref()
            .is_some_and(|x| x.contains("SkuPriceDetails")));
    }

    // A meter category standing in for the service name takes that
    // name's category, whatever service consumed it.
    let (_, m) = map_file("azure-ea-export.csv");
    let vnet: BTreeSet<(&str, Option<&str>)> = m
        .lines
        .iter()
        .filter(|l| l.dims.service_name == "Virtual Network")
        .map(|l| {
            (
                l.dims.service_category.as_str(),
                l.dims.service_subcategory.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        vnet,
        BTreeSet::from([("Networking", Some("Network Infrastructure"))])
    );

    // Priced in USD, billed in EUR: the pricing-currency figures are the
    // file's own.
    let (_, m) = map_file("azure-mca-actual.csv");
    let sql = m.one(|l| l.dims.service_name == "Azure SQL Database");
    assert_eq!(sql.dims.pricing_currency.as_deref(), Some("USD"));
    let x: serde_json::Value = serde_json::from_str(sql.extras.as_deref().unwrap()).unwrap();
    assert_eq!(x["PricingCurrencyEffectiveCost"], "49.64");
    assert_eq!(x["PricingCurrencyListUnitPrice"], "0.4964");
}

#[test]
fn focus_files_are_not_taken_for_native_ones() {
    // FOCUS 1.0 as AWS exports it, and Azure's FOCUS 1.2 export columns.
    let aws_focus = "AvailabilityZone,BilledCost,BillingAccountId,BillingAccountName,BillingCurrency,BillingPeriodEnd,BillingPeriodStart,ChargeCategory,ChargeClass,ChargeDescription,ChargeFrequency,ChargePeriodEnd,ChargePeriodStart,CommitmentDiscountCategory,CommitmentDiscountId,CommitmentDiscountName,CommitmentDiscountStatus,CommitmentDiscountType,ConsumedQuantity,ConsumedUnit,ContractedCost,ContractedUnitPrice,EffectiveCost,InvoiceIssuerName,ListCost,ListUnitPrice,PricingCategory,PricingQuantity,PricingUnit,ProviderName,PublisherName,RegionId,RegionName,ResourceId,ResourceName,ResourceType,ServiceCategory,ServiceName,SkuId,SkuPriceId,SubAccountId,SubAccountName,Tags,x_CostCategories,x_Discounts,x_Operation,x_ServiceCode,x_UsageType";
    let azure_focus = "BilledCost,BillingAccountId,BillingAccountName,BillingAccountType,BillingCurrency,BillingPeriodEnd,BillingPeriodStart,ChargeCategory,ChargeClass,ChargeDescription,ChargeFrequency,ChargePeriodEnd,ChargePeriodStart,CommitmentDiscountCategory,CommitmentDiscountId,EffectiveCost,ListCost,PricingCategory,ProviderName,ServiceName,SubAccountId,Tags,x_BillingProfileId,x_ChargeId,x_SkuMeterCategory,x_SkuMeterId,x_SkuMeterName,x_ResourceGroupName,x_SkuPartNumber,x_PricingUnitDescription";
    for text in [aws_focus, azure_focus] {
        let header = Header::new(text.split(','));
        assert_eq!(claims(&header), vec![FormatId::Focus]);
        assert_eq!(
            formats::detect(&header).map(|(f, _)| f.id()),
            Some(FormatId::Focus)
        );
    }
}

// ---------------------------------------------------------------- errors

/// The first data row of a fixture with one cell replaced, mapped.
fn map_with(name: &str, column: &str, value: &str) -> Result<Output, CellError> {
    let t = Table::read(name);
    let c = t.col(column);
    let record: StringRecord = t.records[0]
        .1
        .iter()
        .enumerate()
        .map(|(i, v)| if i == c { value } else { v })
        .collect();
    let (format, _) = formats::detect(&t.header).unwrap();
    let mut mapper = format.bind(&t.header).unwrap();
    let mut out = Output::default();
    mapper.map(
        &Row {
            line: 2,
            header: &t.header,
            record: &record,
        },
        &mut out,
    )?;
    Ok(out)
}

#[test]
fn bad_cells_name_the_column_and_the_expected_form() {
    let cases = [
        ("aws-cur2.csv", "line_item_unblended_cost", "abc", "decimal"),
        (
            "aws-cur2.csv",
            "line_item_net_unblended_cost",
            "12,34",
            "decimal",
        ),
        (
            "aws-cur2.csv",
            "line_item_usage_start_date",
            "2025-13-45T00:00:00Z",
            "date",
        ),
        (
            "aws-cur2.csv",
            "line_item_usage_end_date",
            "2025-03-09T00:00:00Z",
            "no earlier",
        ),
        ("aws-cur2.csv", "resource_tags", "{not json", "JSON"),
        ("aws-cur2.csv", "product", "[1, 2]", "JSON object"),
        (
            "aws-cur-legacy.csv",
            "lineItem/CurrencyCode",
            "usd",
            "ISO 4217",
        ),
        (
            "aws-cur-legacy.csv",
            "lineItem/UnblendedCost",
            "",
            "mandatory",
        ),
        (
            "aws-cur-legacy.csv",
            "bill/BillingPeriodEndDate",
            "2023-10-01T00:00:00Z",
            "later than its start",
        ),
        (
            "azure-mca-actual.csv",
            "costInBillingCurrency",
            "twelve",
            "decimal",
        ),
        ("azure-mca-actual.csv", "date", "31/31/2025", "date"),
        ("azure-mca-actual.csv", "tags", "\"a\": ", "JSON"),
        ("azure-ea-actual.csv", "Quantity", "1.2.3", "decimal"),
        (
            "azure-ea-actual.csv",
            "BillingAccountId",
            "NULL",
            "mandatory",
        ),
    ];
    for (file, column, value, expected) in cases {
        let err = map_with(file, column, value)
            .err()
            .unwrap_or_else(|| panic!("{file} {column}={value:?} was accepted"));
        assert_eq!(err.column, column, "{file}: {err}");
        assert!(err.expected.contains(expected), "{file} {column}: {err}");
    }
    // A covered-usage row without its amortized figure cannot be mapped.
    let t = Table::read("aws-cur2.csv");
    let c = t.col("line_item_line_item_type");
    let blank = [
        t.col("savings_plan_savings_plan_effective_cost"),
        t.col("savings_plan_net_savings_plan_effective_cost"),
    ];
    let record: StringRecord = t.records[1]
        .1
        .iter()
        .enumerate()
        .map(|(i, v)| if blank.contains(&i) { "" } else { v })
        .collect();
    assert_eq!(record.get(c), Some("SavingsPlanCoveredUsage"));
    let mut mapper = formats::detect(&t.header)
        .unwrap()
        .0
        .bind(&t.header)
        .unwrap();
    let err = mapper
        .map(
            &Row {
                line: 3,
                header: &t.header,
                record: &record,
            },
            &mut Output::default(),
        )
        .unwrap_err();
    assert_eq!(err.column, "savings_plan_savings_plan_effective_cost");
    assert!(err.expected.contains("SavingsPlanCoveredUsage"), "{err}");
}

#[test]
fn a_missing_mandatory_column_refuses_the_file() {
    let cases = [
        (
            "aws-cur2.csv",
            "line_item_unblended_cost",
            FormatId::AwsCur2,
        ),
        (
            "aws-cur-legacy.csv",
            "lineItem/UsageStartDate",
            FormatId::AwsCur,
        ),
        ("azure-ea-actual.csv", "Date", FormatId::AzureEa),
        (
            "azure-mca-actual.csv",
            "billingProfileId",
            FormatId::AzureMca,
        ),
    ];
    for (file, column, id) in cases {
        let t = Table::read(file);
        let header = Header::new(
            t.header
                .names()
                .iter()
                .filter(|n| !n.eq_ignore_ascii_case(column)),
        );
        let (format, _) = formats::detect(&header)
            .unwrap_or_else(|| panic!("{file} without {column} still detected"));
        assert_eq!(format.id(), id);
        let Err(err) = format.bind(&header) else {
            panic!("{file} without {column} was accepted")
        };
        let HeaderError::Missing { column: missing } = err else {
            panic!("{err}")
        };
        assert!(missing.eq_ignore_ascii_case(column), "{file}: {missing}");
    }
}
