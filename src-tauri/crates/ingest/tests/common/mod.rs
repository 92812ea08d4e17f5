#![allow(dead_code)]
//! Stores, fixtures and lines shared by the tests.

pub mod validator;

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;

use chrono::NaiveDate;
use cloudlens_demo::DemoOptions;
use cloudlens_model::{
    day_start, ChargeCategory, ChargeClass, ChargeFrequency, CostLine, Decimal, LineDims,
    PricingCategory, Provenance,
};
use cloudlens_store::{KeySource, RunKind, RunSpec, Store};

pub fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

pub fn store_in(dir: &Path) -> Store {
    let key = KeySource::Passphrase("focus export test".to_string().into());
    Store::open(&dir.join("store.db"), &key).unwrap()
}

pub fn spec(kind: RunKind) -> RunSpec {
    RunSpec {
        kind,
        source: "focus export test".into(),
        format: None,
        clock: || 1_780_000_000,
        content_hash: None,
        restates: false,
    }
}

pub fn demo_store(dir: &Path) -> Store {
    let mut store = store_in(dir);
    let opts = DemoOptions {
        lines: 20_000,
        seed: 2026,
        end: NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
    };
    store
        .lines_mut()
        .import(spec(RunKind::Demo), |sink| {
            cloudlens_demo::generate(&opts, |l| sink.push(l)).map(|_| ())
        })
        .unwrap();
    store
}

// ---------------------------------------------------------------------------
// Fixtures and imports

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use cloudlens_ingest::{import_path, FormatId, ImportOptions, ImportReport, Mode};
use cloudlens_store::StoreKey;

/// Every fixture of the suite, under `tests/fixtures/ingest/`, with the
/// format it is detected as.
pub const FIXTURES: &[(&str, FormatId)] = &[
    (
        "focus/focus_sample_1000_multi-provider.csv",
        FormatId::Focus,
    ),
    ("focus/quirks_focus_1.2.csv", FormatId::Focus),
    ("aws-cur-legacy.csv", FormatId::AwsCur),
    ("aws-cur2.csv", FormatId::AwsCur2),
    ("azure-ea-actual.csv", FormatId::AzureEa),
    ("azure-ea-amortized.csv", FormatId::AzureEa),
    ("azure-ea-export.csv", FormatId::AzureEa),
    ("azure-mca-actual.csv", FormatId::AzureMca),
    ("azure-mca-amortized.csv", FormatId::AzureMca),
    ("gcp_billing_export_detailed.csv", FormatId::Gcp),
    ("gcp_billing_export_detailed.jsonl", FormatId::Gcp),
    ("alibaba_console_zh.csv", FormatId::Alibaba),
    ("alibaba_oss_en.csv", FormatId::Alibaba),
    ("tencent_bill3_en.csv", FormatId::Tencent),
    ("tencent_console_zh.csv", FormatId::Tencent),
    ("huawei_instance_bill_zh.csv", FormatId::Huawei),
    ("huawei_instance_bill_en.csv", FormatId::Huawei),
];

pub fn fixture(rel: &str) -> PathBuf {
    Path::new(&String::from(env!("CARGO_MANIFEST_DIR")))
        .join("../../../tests/fixtures/ingest")
        .join(rel)
}

pub fn store(dir: &Path) -> Store {
    Store::open_with_key(
        &dir.join("store.db"),
        &StoreKey::from_parts([3u8; 32], [4u8; 16]),
    )
    .unwrap()
}

pub fn opts(mode: Mode) -> ImportOptions {
    ImportOptions {
        format: None,
        mode,
        clock: || 1_764_000_000,
    }
}

pub fn import(store: &mut Store, path: &Path, mode: Mode) -> ImportReport {
    import_path(
        store,
        path,
        &opts(mode),
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap()
}

// ---------------------------------------------------------------------------
// A hand-built set covering every charge category

pub fn day(y: i32, m: u32, d: u32) -> i64 {
    day_start(NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

pub struct Account {
    provider: &'static str,
    id: &'static str,
    name: &'static str,
    kind: &'static str,
    sub: &'static str,
    sub_name: &'static str,
    sub_kind: &'static str,
    currency: &'static str,
}

pub const ALIBABA: Account = Account {
    provider: "Alibaba Cloud",
    id: "1308007002882131",
    name: "电商平台",
    kind: "Billing Account",
    sub: "1165616935476734",
    sub_name: "生产环境",
    sub_kind: "Resource Directory Member",
    currency: "CNY",
};

pub const AWS: Account = Account {
    provider: "AWS",
    id: "123456789012",
    name: "Acme Corp",
    kind: "Payer Account",
    sub: "210987654321",
    sub_name: "shared-services",
    sub_kind: "Linked Account",
    currency: "USD",
};

pub fn dims(
    a: &Account,
    service: &str,
    category: &str,
    subcategory: &str,
    charge: ChargeCategory,
    description: &str,
) -> LineDims {
    let mut d = LineDims::new(a.provider, a.id, a.currency, service, category, charge);
    d.billing_account_name = Some(a.name.into());
    d.billing_account_type = Some(a.kind.into());
    d.sub_account_id = Some(a.sub.into());
    d.sub_account_name = Some(a.sub_name.into());
    d.sub_account_type = Some(a.sub_kind.into());
    d.service_subcategory = Some(subcategory.into());
    d.charge_description = Some(description.into());
    d.pricing_currency = Some(a.currency.into());
    d
}

/// A line of January 2026 charged on `start..end`, with the four costs.
pub fn line(d: LineDims, start: i64, end: i64, costs: [&str; 4], invoice: &str) -> CostLine {
    CostLine {
        dims: Arc::new(d),
        billing_period_start: day(2026, 1, 1),
        billing_period_end: day(2026, 2, 1),
        charge_period_start: start,
        charge_period_end: end,
        billed_cost: dec(costs[0]),
        effective_cost: dec(costs[1]),
        list_cost: dec(costs[2]),
        contracted_cost: dec(costs[3]),
        pricing_quantity: None,
        consumed_quantity: None,
        list_unit_price: None,
        contracted_unit_price: None,
        commitment_discount_status: None,
        commitment_discount_quantity: None,
        capacity_reservation_status: None,
        invoice_id: Some(invoice.into()),
        extras: None,
        provenance: Provenance::default(),
    }
}

pub fn priced(
    mut l: CostLine,
    unit: &str,
    quantity: &str,
    list: &str,
    contracted: &str,
) -> CostLine {
    let d = Arc::make_mut(&mut l.dims);
    d.pricing_unit = Some(unit.into());
    l.pricing_quantity = Some(dec(quantity));
    l.list_unit_price = Some(dec(list));
    l.contracted_unit_price = Some(dec(contracted));
    l
}

pub fn sku(d: &mut LineDims, id: &str, price_id: &str, meter: &str) {
    d.sku_id = Some(id.into());
    d.sku_price_id = Some(price_id.into());
    d.sku_meter = Some(meter.into());
}

pub fn resource(d: &mut LineDims, id: &str, name: Option<&str>, kind: &str) {
    d.resource_id = Some(id.into());
    d.resource_name = name.map(str::to_string);
    d.resource_type = Some(kind.into());
}

pub fn region(d: &mut LineDims, id: &str, name: &str, zone: &str) {
    d.region_id = Some(id.into());
    d.region_name = Some(name.into());
    d.availability_zone = Some(zone.into());
}

/// Lines that follow FOCUS 1.2 as the specification's own examples do:
/// usage with tags, a spend commitment bought and then used and partly
/// unused, a capacity reservation, a credit, an adjustment, tax, a
/// correction of an earlier month, pricing in another currency, and
/// Chinese text.
pub fn hand_built_lines() -> Vec<CostLine> {
    let jan15 = day(2026, 1, 15);
    let hour = |h: i64| jan15 + h * 3_600;
    let mut lines = Vec::new();

    // Alibaba Cloud, in Chinese and CNY.
    let ecs = |charge, description: &str| {
        let mut d = dims(
            &ALIBABA,
            "Elastic Compute Service",
            "Compute",
            "Virtual Machines",
            charge,
            description,
        );
        region(&mut d, "cn-hangzhou", "华东1（杭州）", "cn-hangzhou-h");
        d
    };
    let mut d = ecs(ChargeCategory::Usage, "ecs.g7.large 按量付费 pay-as-you-go");
    d.charge_frequency = Some(ChargeFrequency::UsageBased);
    d.pricing_category = Some(PricingCategory::Standard);
    d.consumed_unit = Some("Hours".into());
    resource(&mut d, "i-bp1abc", Some("web-01"), "Virtual Machine");
    sku(
        &mut d,
        "ecs.g7.large",
        "ecs.g7.large:payg:cn-hangzhou",
        "Instance Hours",
    );
    d.tags.insert("env".into(), "prod".into());
    d.tags.insert("团队".into(), "支付".into());
    let mut l = priced(
        line(
            d,
            jan15,
            day(2026, 1, 16),
            ["10.8", "10.8", "12", "10.8"],
            "INV-CN-202601",
        ),
        "Hours",
        "24",
        "0.5",
        "0.45",
    );
    l.consumed_quantity = Some(dec("24"));
    l.extras = Some(r#"{"SkuPriceDetails":"{\"InstanceType\":\"ecs.g7.large\",\"CoreCount\":2}","x_BillingItem":"实例规格"}"#.into());
    lines.push(l);

    let mut d = ecs(ChargeCategory::Usage, "ecs.g7.large 按量付费 退款 refund");
    d.charge_class = Some(ChargeClass::Correction);
    d.charge_frequency = Some(ChargeFrequency::UsageBased);
    d.pricing_category = Some(PricingCategory::Standard);
    d.consumed_unit = Some("Hours".into());
    resource(&mut d, "i-bp1abc", Some("web-01"), "Virtual Machine");
    sku(
        &mut d,
        "ecs.g7.large",
        "ecs.g7.large:payg:cn-hangzhou",
        "Instance Hours",
    );
    let mut l = priced(
        line(
            d,
            day(2025, 12, 20),
            day(2025, 12, 21),
            ["-2.4", "-2.4", "-2.4", "-2.4"],
            "INV-CN-202601",
        ),
        "Hours",
        "-4.8",
        "0.5",
        "0.5",
    );
    l.consumed_quantity = Some(dec("-4.8"));
    lines.push(l);

    let mut d = ecs(ChargeCategory::Credit, "代金券抵扣 voucher");
    d.charge_frequency = Some(ChargeFrequency::OneTime);
    lines.push(line(
        d,
        jan15,
        day(2026, 1, 16),
        ["-5", "-5", "-5", "-5"],
        "INV-CN-202601",
    ));

    let mut d = ecs(ChargeCategory::Adjustment, "SLA 赔偿 compensation");
    d.charge_frequency = Some(ChargeFrequency::OneTime);
    lines.push(line(
        d,
        day(2026, 1, 1),
        day(2026, 2, 1),
        ["-1.2", "-1.2", "-1.2", "-1.2"],
        "INV-CN-202601",
    ));

    let mut d = dims(
        &ALIBABA,
        "Tax",
        "Other",
        "Other (Other)",
        ChargeCategory::Tax,
        "增值税 VAT 6%",
    );
    d.charge_frequency = Some(ChargeFrequency::Recurring);
    lines.push(line(
        d,
        day(2026, 1, 1),
        day(2026, 2, 1),
        ["0.1608", "0.1608", "0.2232", "0.1608"],
        "INV-CN-202601",
    ));

    // AWS, in USD: a one-year spend commitment of 1 USD an hour.
    let sp = "arn:aws:savingsplans::123456789012:savingsplan/7d1c2b4a";
    let commitment = |d: &mut LineDims| {
        d.commitment_discount_id = Some(sp.into());
        d.commitment_discount_name = Some("Compute Savings Plan 1yr".into());
        d.commitment_discount_category = Some("Spend".into());
        d.commitment_discount_type = Some("Savings Plan".into());
        d.commitment_discount_unit = Some("USD".into());
    };
    let mut d = dims(
        &AWS,
        "AWS Savings Plans",
        "Compute",
        "Other (Compute)",
        ChargeCategory::Purchase,
        "Compute Savings Plan, 1 yr, All Upfront",
    );
    d.charge_frequency = Some(ChargeFrequency::OneTime);
    d.pricing_category = Some(PricingCategory::Standard);
    commitment(&mut d);
    resource(&mut d, sp, Some("Compute Savings Plan 1yr"), "Savings Plan");
    sku(
        &mut d,
        "ComputeSP:1yrAllUpfront",
        "ComputeSP:1yrAllUpfront:USD",
        "Savings Plan Commitment",
    );
    let mut l = priced(
        line(
            d,
            day(2026, 1, 1),
            day(2027, 1, 1),
            ["8760", "0", "8760", "8760"],
            "2653243630",
        ),
        "Units",
        "1",
        "8760",
        "8760",
    );
    l.commitment_discount_quantity = Some(dec("8760"));
    lines.push(l);

    let ec2 = |charge, description: &str| {
        let mut d = dims(
            &AWS,
            "Amazon Elastic Compute Cloud",
            "Compute",
            "Virtual Machines",
            charge,
            description,
        );
        region(&mut d, "us-east-1", "US East (N. Virginia)", "us-east-1a");
        d
    };
    let mut d = ec2(
        ChargeCategory::Usage,
        "m5.large Linux, covered by a Savings Plan",
    );
    d.charge_frequency = Some(ChargeFrequency::UsageBased);
    d.pricing_category = Some(PricingCategory::Committed);
    d.consumed_unit = Some("Hours".into());
    commitment(&mut d);
    resource(&mut d, "i-0abc123def456", Some("api-1"), "Virtual Machine");
    sku(
        &mut d,
        "JRTCKXETXF",
        "JRTCKXETXF.6YS6EN2CT7",
        "Instance Hours",
    );
    d.tags.insert("env".into(), "prod".into());
    d.tags.insert("cost-center".into(), "42".into());
    let mut l = priced(
        line(d, hour(0), hour(1), ["0", "0.75", "1", "1"], "2653243630"),
        "Hours",
        "1",
        "1",
        "1",
    );
    l.consumed_quantity = Some(dec("1"));
    l.commitment_discount_status = Some("Used".into());
    l.commitment_discount_quantity = Some(dec("0.75"));
    l.extras =
        Some(r#"{"x_UsageType":"USE1-BoxUsage:m5.large","x_Operation":"RunInstances"}"#.into());
    lines.push(l);

    let mut d = dims(
        &AWS,
        "AWS Savings Plans",
        "Compute",
        "Other (Compute)",
        ChargeCategory::Usage,
        "Unused Savings Plan commitment",
    );
    d.charge_frequency = Some(ChargeFrequency::UsageBased);
    d.pricing_category = Some(PricingCategory::Committed);
    commitment(&mut d);
    resource(&mut d, sp, Some("Compute Savings Plan 1yr"), "Savings Plan");
    sku(
        &mut d,
        "ComputeSP:1yrAllUpfront",
        "ComputeSP:1yrAllUpfront:USD",
        "Savings Plan Commitment",
    );
    let mut l = priced(
        line(
            d,
            hour(0),
            hour(1),
            ["0", "0.25", "0.25", "0.25"],
            "2653243630",
        ),
        "Units",
        "0.25",
        "1",
        "1",
    );
    l.commitment_discount_status = Some("Unused".into());
    l.commitment_discount_quantity = Some(dec("0.25"));
    lines.push(l);

    // On-demand usage of a capacity reservation, with extra fields.
    let mut d = ec2(
        ChargeCategory::Usage,
        "m5.xlarge Linux in a capacity reservation",
    );
    d.charge_frequency = Some(ChargeFrequency::UsageBased);
    d.pricing_category = Some(PricingCategory::Standard);
    d.consumed_unit = Some("Hours".into());
    d.capacity_reservation_id = Some("cr-0123456789abcdef0".into());
    resource(&mut d, "i-0fed987", None, "Virtual Machine");
    sku(
        &mut d,
        "QG5G45WKDWDDHTFV",
        "QG5G45WKDWDDHTFV.JRTCKXETXF",
        "Instance Hours",
    );
    let mut l = priced(
        line(
            d,
            hour(0),
            hour(1),
            ["0.192", "0.192", "0.192", "0.192"],
            "2653243630",
        ),
        "Hours",
        "1",
        "0.192",
        "0.192",
    );
    l.consumed_quantity = Some(dec("1"));
    l.capacity_reservation_status = Some("Used".into());
    l.extras = Some(r#"{"x_UsageType":"USE1-BoxUsage:m5.xlarge"}"#.into());
    lines.push(l);

    // Marketplace software priced in EUR, billed in USD.
    let mut d = dims(
        &AWS,
        "Acme Analytics",
        "Analytics",
        "Analytics Platforms",
        ChargeCategory::Usage,
        "Acme Analytics seats",
    );
    d.charge_frequency = Some(ChargeFrequency::UsageBased);
    d.pricing_category = Some(PricingCategory::Standard);
    d.pricing_currency = Some("EUR".into());
    d.consumed_unit = Some("Users".into());
    sku(&mut d, "acme-seat", "acme-seat:eur", "Seats");
    let mut l = priced(
        line(
            d,
            day(2026, 1, 1),
            day(2026, 2, 1),
            ["10.8", "10.8", "10.8", "10.8"],
            "2653243630",
        ),
        "Users",
        "10",
        "1.08",
        "1.08",
    );
    l.consumed_quantity = Some(dec("10"));
    l.extras = Some(r#"{"PricingCurrencyListUnitPrice":"1","PricingCurrencyContractedUnitPrice":"1","PricingCurrencyEffectiveCost":"10"}"#.into());
    lines.push(l);

    let mut d = dims(
        &AWS,
        "Tax",
        "Other",
        "Other (Other)",
        ChargeCategory::Tax,
        "US Sales Tax",
    );
    d.charge_frequency = Some(ChargeFrequency::Recurring);
    lines.push(line(
        d,
        day(2026, 1, 1),
        day(2026, 2, 1),
        ["0.9", "0.9", "0.9", "0.9"],
        "2653243630",
    ));

    for (i, l) in lines.iter_mut().enumerate() {
        l.provenance.source_row = i as u64 + 1;
    }
    lines
}

pub fn hand_built_store(dir: &Path) -> Store {
    let mut store = store_in(dir);
    store
        .lines_mut()
        .import(spec(RunKind::File), |sink| {
            hand_built_lines()
                .into_iter()
                .try_for_each(|l| sink.push(l))
        })
        .unwrap();
    store
}
