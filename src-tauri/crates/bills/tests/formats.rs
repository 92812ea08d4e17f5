//! What holds across formats: detection (each fixture is its own format,
//! FOCUS files are never taken for native ones), the FOCUS rules every
//! native line keeps, console total rows, and the errors bad cells and
//! headers give.

mod common;

use cloudlens_bills::formats::{self, Output};
use cloudlens_bills::{CellError, FormatId, Header, HeaderError, Row};
use cloudlens_model::ChargeCategory;
use common::*;
use csv::StringRecord;
use expect_test::expect;

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
            fields: &Rec(&record),
        },
        &mut out,
    )?;
    Ok(out)
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

/// Every format's currency column: an alias (RMB, lower case) is read as
/// its ISO 4217 code and noted for the import to report; an unknown code
/// refuses the row naming the column and what was expected.
#[test]
fn currency_aliases_become_iso_codes_and_unknown_codes_are_refused() {
    let columns = [
        ("aws-cur-legacy.csv", "lineItem/CurrencyCode"),
        ("aws-cur2.csv", "line_item_currency_code"),
        ("azure-mca-actual.csv", "billingCurrency"),
        ("gcp_billing_export_detailed.csv", "currency"),
        ("alibaba_oss_en.csv", "Currency"),
        ("tencent_bill3_en.csv", "Currency"),
        ("huawei_instance_bill_en.csv", "Currency"),
        ("focus/quirks_focus_1.2.csv", "BillingCurrency"),
    ];
    for (file, column) in columns {
        for (written, code) in [("RMB", "CNY"), ("rmb", "CNY"), ("usd", "USD")] {
            let out = map_with(file, column, written)
                .unwrap_or_else(|e| panic!("{file} {column}={written:?}: {e}"));
            assert!(!out.lines.is_empty(), "{file}");
            for line in &out.lines {
                assert_eq!(line.dims.billing_currency, code, "{file} {written}");
            }
            let noted = out
                .currency_alias
                .unwrap_or_else(|| panic!("{file}: {written} not noted"));
            assert_eq!(noted.code, code, "{file}");
        }
        let plain = map_with(file, column, "CNY").unwrap();
        assert_eq!(plain.currency_alias, None, "{file}: CNY is no alias");
        let err = map_with(file, column, "XYZ")
            .err()
            .unwrap_or_else(|| panic!("{file}: XYZ was accepted"));
        assert_eq!(err.column, column, "{file}");
        assert!(err.expected.contains("ISO 4217"), "{file}: {err}");
    }
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
            "dollars",
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
                fields: &Rec(&record),
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
        let t = Table::read(name);
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
fn focus_is_taken_only_with_every_mandatory_column() {
    let six = Header::new("Date,Amount,Team,Owner,Note,Region".split(','));
    assert!(formats::detect(&six).is_none());
    assert_eq!(formats::focus_missing_mandatory(&six), None);

    let cost_like =
        Header::new("BilledCost,ChargePeriodStart,BillingCurrency,Foo,Bar,Baz".split(','));
    assert!(
        formats::detect(&cost_like).is_none(),
        "three FOCUS names are not a FOCUS file"
    );
    let missing = formats::focus_missing_mandatory(&cost_like).expect("looks like FOCUS");
    assert!(missing.contains(&"EffectiveCost") && missing.contains(&"ServiceName"));
    assert!(!missing.contains(&"BilledCost"));

    let t = Table::read("focus_1.0_sample_header.csv");
    let less = Header::new(t.header.names().iter().filter(|n| *n != "ServiceName"));
    assert!(formats::detect(&less).is_none());
    assert_eq!(
        formats::focus_missing_mandatory(&less),
        Some(vec!["ServiceName"])
    );
}

#[test]
fn the_focus_sample_header_is_not_taken_for_a_native_bill() {
    let t = Table::read("focus_1.0_sample_header.csv");
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
        check_focus_terms(name, &run(name));
    }

    let m = run("alibaba_oss_en.csv");
    let ecs = m.of("i-bp1a2b3c4d5e6f7g8h9i", |_| true);
    // An id-only region cell is named in the header's language.
    check(
        ecs,
        expect![[r#"
            provider: name=Alibaba Cloud | publisher=Alibaba Cloud | issuer=Alibaba Cloud
            account: id=1234567890123456 | name=cloudlens-demo@example.com | type=Account | currency=CNY
            sub_account: id=1234567890123456 | name=cloudlens-demo@example.com | type=Account
            service: name=云服务器 ECS | category=Compute | subcategory=Virtual Machines
            charge: category=Usage | frequency=UsageBased | description=云服务器 ECS instance_type
            periods: billing=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00 | charge=2025-01-14T16:00:00+00:00..2025-01-15T16:00:00+00:00
            cost: billed=21.17 | effective=21.17 | list=23.52 | contracted=21.17
            pricing: category=Standard | quantity=24 | unit=Hours | currency=CNY | list_price=0.98
            consumed: quantity=24 | unit=Hours
            sku: id=ecs | meter=instance_type
            region: id=cn-hangzhou | name=China (Hangzhou) | zone=cn-hangzhou-h
            resource: id=i-bp1a2b3c4d5e6f7g8h9i | name=web-prod-01 | type=云服务器
            tags: env=prod | team=web
            extras: x_BillType=PayAsYouGoBill | x_BillingCycle=2025-01 | x_BillingType=按量付费 | x_CostUnit=数据平台 | x_DeductedByCashCoupons=0 | x_DeductedByCoupons=0 | x_DeductedByPrepaidCard=0 | x_DeductedByResourcePackage=0 | x_InstanceSpec=ecs.g7.xlarge | x_IntranetIP=172.16.0.10 | x_InvoiceDiscount=2.35 | x_ListPriceUnit=CNY/Hour | x_OutstandingAmount=0 | x_PaymentAmount=21.17 | x_PaymentTime=2025-01-16 00:00:00 | x_ProductCode=ecs | x_ProductDetail=云服务器ECS-按量付费 | x_ProductType=云服务器 | x_RecordID=2025011600000001 | x_ResourceGroup=rg-acfm2abc | x_SubscriptionType=PayAsYouGo
            row: 2
        "#]],
    );
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
        let t = Table::read(name);
        let (line, e) = map_table_with(&t, 0, column, "12.3.4")
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
        let t = Table::read(name);
        let (_, e) = map_table_with(&t, 0, column, value)
            .err()
            .unwrap_or_else(|| panic!("{name} refuses {value}"));
        assert_eq!(e.column, column, "{name}");
        assert_eq!(e.value, value, "{name}");
        assert!(e.expected.starts_with(expected), "{name}: {}", e.expected);
    }
}

#[test]
fn other_bad_cells_are_errors_too() {
    let t = Table::read(GCP_CSV);
    let (_, e) = map_table_with(&t, 0, "credits", "[{\"amount\": \"lots\"}]")
        .err()
        .expect("bad credits");
    assert_eq!(e.column, "credits");
    let (_, e) = map_table_with(&t, 0, "labels", "env=prod")
        .err()
        .expect("bad labels");
    assert_eq!(e.column, "labels");
    let (_, e) = map_table_with(&t, 0, "cost_type", "surprise")
        .err()
        .expect("unknown cost_type");
    assert_eq!(
        e.expected,
        "one of regular, tax, adjustment, rounding_error"
    );
    let t = Table::read(ALIBABA_EN);
    let (_, e) = map_table_with(&t, 0, "Currency", "Yuan")
        .err()
        .expect("bad currency");
    assert_eq!(e.column, "Currency");
    // An unknown bill type falls back on the subscription type...
    let m = map_table_with(&t, 0, "Item", "Mystery").unwrap_or_else(|(_, e)| panic!("{e}"));
    assert_eq!(m.lines[0].dims.charge_category, ChargeCategory::Usage);
    // ... and is an error when that says nothing either.
    let (_, e) = map_table_cells(
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
    let t = Table::read(HUAWEI_ZH);
    let (_, e) = map_table_with(&t, 0, "资源标签", "[not json")
        .err()
        .expect("bad tags");
    assert_eq!(e.column, "资源标签");
}

#[test]
fn only_a_clear_total_row_is_skipped() {
    let t = Table::read(ALIBABA_ZH);
    // 合计 in a name column of a real row: mapped like any other row.
    let m = map_table_with(&t, 0, "实例昵称", "合计").unwrap_or_else(|(_, e)| panic!("{e}"));
    assert_eq!(m.lines.len(), 1);
    assert!(m.skipped.is_empty());
    // 合计 where the month goes, but the row names a product: not a
    // total row, so the month is an error rather than a silent skip.
    let (_, e) = map_table_with(&t, 0, "账期", "合计")
        .err()
        .expect("not skipped");
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
        let t = Table::read(name);
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
    let m = map_table(&Table::from_text(
        "\u{feff}账期(月),账号,产品名称,产品代码,账单日期,实例ID,地域,计费项,官网价,优惠金额,应付金额(元),优惠券抵扣\n\
         2025/01,demo@example.com,云服务器 ECS,ecs,2025-01-09,i-1,cn-hangzhou,实例规格,\"1,000.00\",100.00,900.00,0\n",
    ))
    .unwrap_or_else(|(_, e)| panic!("{e}"));
    assert_eq!(m.format, FormatId::Alibaba);
    let l = &m.lines[0];
    check(
        l,
        expect![[r#"
            provider: name=Alibaba Cloud | publisher=Alibaba Cloud | issuer=Alibaba Cloud
            account: id=demo@example.com | name=demo@example.com | type=Account | currency=CNY
            service: name=云服务器 ECS | category=Compute | subcategory=Virtual Machines
            charge: category=Usage | frequency=UsageBased | description=云服务器 ECS 实例规格
            periods: billing=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00 | charge=2025-01-08T16:00:00+00:00..2025-01-09T16:00:00+00:00
            cost: billed=900.00 | effective=900.00 | list=1000.00 | contracted=900.00
            pricing: category=Standard | currency=CNY
            sku: id=ecs | meter=实例规格
            region: id=cn-hangzhou | name=华东1（杭州）
            resource: id=i-1 | type=云服务器 ECS
            extras: x_BillingCycle=2025/01 | x_DeductedByCoupons=0 | x_InvoiceDiscount=100.00 | x_ProductCode=ecs
            row: 2
        "#]],
    );

    // Tencent: the API object names, a `-` for the discount, USD from the unit.
    let m = map_table(&Table::from_text(
        "BillMonth,PayerUin,OwnerUin,BusinessCodeName,ProductCodeName,PayModeName,ActionTypeName,ItemCodeName,\
         ComponentCodeName,Cost,Discount,RealCost (USD),CashPayAmount,VoucherPayAmount\n\
         2025-02,200098765432,200098765433,Cloud Virtual Machine,CVM - Standard S5,Pay-As-You-Go,Hourly Settlement,CPU,\
         CPU,1.50,-,1.50,1.50,0\n",
    ))
    .unwrap_or_else(|(_, e)| panic!("{e}"));
    assert_eq!(m.format, FormatId::Tencent);
    let l = &m.lines[0];
    check(
        l,
        expect![[r#"
            provider: name=Tencent Cloud | publisher=Tencent Cloud | issuer=Tencent Cloud
            account: id=200098765432 | type=Payer Account | currency=USD
            sub_account: id=200098765433 | type=Account
            service: name=Cloud Virtual Machine | category=Other | subcategory=Other (Other)
            charge: category=Usage | frequency=UsageBased | description=CVM - Standard S5 CPU
            periods: billing=2025-01-31T16:00:00+00:00..2025-02-28T16:00:00+00:00 | charge=2025-01-31T16:00:00+00:00..2025-02-28T16:00:00+00:00
            cost: billed=1.50 | effective=1.50 | list=1.50 | contracted=1.50
            pricing: category=Standard | currency=USD
            sku: id=CVM - Standard S5 | meter=CPU
            extras: x_BillMonth=2025-02 | x_BillingMode=Pay-As-You-Go | x_CashPayAmount=1.50 | x_ComponentType=CPU | x_SubproductName=CVM - Standard S5 | x_TransactionType=Hourly Settlement | x_VoucherPayAmount=0
            row: 2
        "#]],
    );

    // Huawei: the Cost Center's English names and GMT+08:00 times.
    let m = map_table(&Table::from_text(
        "Month,Enterprise Project,Linked Account,PayerAccount Name,Service Type Code,Service Type,Product ID,\
         Billing Mode,Bill Type,Start Time,End Time,Region Code,Amount\n\
         202501,default,linked-001,cloudlens_hw,hws.service.type.ec2,Elastic Cloud Server,00301-238043-0--0,\
         Pay-per-use,Expenditure-use,2025-01-10 08:00:00 GMT+08:00,2025-01-10 09:00:00 GMT+08:00,cn-north-4,0.75\n",
    ))
    .unwrap_or_else(|(_, e)| panic!("{e}"));
    assert_eq!(m.format, FormatId::Huawei);
    let l = &m.lines[0];
    check(
        l,
        expect![[r#"
            provider: name=Huawei Cloud | publisher=Huawei Cloud | issuer=Huawei Cloud
            account: id=cloudlens_hw | name=cloudlens_hw | type=Account | currency=CNY
            sub_account: id=linked-001 | type=Linked Account
            service: name=Elastic Cloud Server | category=Compute | subcategory=Virtual Machines
            charge: category=Usage | frequency=UsageBased | description=Elastic Cloud Server Expenditure-use
            periods: billing=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00 | charge=2025-01-10T00:00:00+00:00..2025-01-10T01:00:00+00:00
            cost: billed=0.75 | effective=0.75 | list=0.75 | contracted=0.75
            pricing: category=Standard | currency=CNY
            sku: id=00301-238043-0--0
            region: id=cn-north-4 | name=CN North-Beijing4
            extras: x_BillType=Expenditure-use | x_BillingCycle=202501 | x_BillingMode=Pay-per-use | x_EnterpriseProject=default | x_ServiceTypeCode=hws.service.type.ec2
            row: 2
        "#]],
    );
}
