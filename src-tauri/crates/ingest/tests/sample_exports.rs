//! Every sample bill of the suite imported and exported again as FOCUS 1.2,
//! checked by the FinOps Foundation's own validator (see
//! `common/validator.rs`).
//!
//! Each fixture is imported into a fresh store and exported as Parquet; a
//! few are exported as CSV too. Every rule the validator fails is named
//! below with its reason: a defect of the validator, or a limit of the
//! sample's own data that a faithful importer must not paper over (a name
//! the bill does not give, a column an older FOCUS version lacks).
//! Anything else failing fails the test, as does a named rule that passes.
//!
//! `CLOUDLENS_KEEP_EXPORTS=DIR` keeps the exports in DIR, to look into.

mod common;

use std::path::{Path, PathBuf};
use std::time::Instant;

use cloudlens_ingest::{export_focus, Mode};
use cloudlens_store::LineFilter;
use common::validator::{
    ascii_only, csv_numeric_ids, known_failure_problems, validate_all, INVOICE_IDS_ABSENT,
    INVOICE_IDS_PRESENT, ISSUER_IS_THE_PROVIDERS_OWN, MODEL_DEFECTS, PURCHASES_NOT_AMORTIZED,
};
use common::{fixture, import, store, FIXTURES};

type Known = Vec<(&'static str, &'static str)>;

/// CapacityReservationStatus-C-003-C drops its condition (CapacityReservationId
/// is null) and so fails on any line with a status.
const CAPACITY_RESERVATION_USED: (&str, &str) = (
    "CapacityReservationStatus-C-003-C",
    "its condition (CapacityReservationId is null) is dropped, so it demands a null status on \
     every line; this bill has a VM running in a capacity reservation (AdditionalInfo \
     VMCapacityReservationId), whose line says Used",
);

/// Names the bill does not carry: FOCUS wants them where the provider
/// supports them (ACCOUNT_NAMING, which the validator assumes), but the
/// file has no column to take them from, and an id is not a name.
const NO_BILLING_ACCOUNT_NAME: (&str, &str) = (
    "BillingAccountName-C-003-C",
    "the bill has no billing account name column (legacy CUR, Google's billing export, \
     Tencent's bill have only the id)",
);
const NO_SUB_ACCOUNT_NAME: (&str, &str) = (
    "SubAccountName-C-005-C",
    "the bill has the sub-account id but no column with its name",
);

/// The FOCUS 1.0 sample (FOCUS-Sample-Data): 1.0 columns and its own values.
fn focus_1_0_sample() -> Known {
    vec![
        (
            "BilledCost-C-005-C",
            "the model reads 'payment received by a third party' as ProviderName differing from \
             InvoiceIssuerName; the sample's AWS lines name AWS's own billing entities as issuer \
             (Amazon Web Services, Inc., Amazon Web Services EMEA SARL, Amazon Web Services \
             Canada, Inc.), no third party",
        ),
        (
            "BillingAccountName-C-003-C",
            "the sample leaves BillingAccountName null on some lines",
        ),
        (
            "BillingAccountType-C-005-C",
            "BillingAccountType is a FOCUS 1.2 column the 1.0 sample lacks",
        ),
        (
            "SubAccountType-C-005-C",
            "SubAccountType is a FOCUS 1.2 column the 1.0 sample lacks",
        ),
        (
            "ServiceSubcategory-C-002-M",
            "ServiceSubcategory is a FOCUS 1.1 column the 1.0 sample lacks",
        ),
        (
            "ServiceName-C-008-C",
            "ServiceSubcategory is null throughout (a 1.1 column the sample lacks), so no \
             ServiceName has its one subcategory",
        ),
        (
            "SkuMeter-C-005-C",
            "SkuMeter is a FOCUS 1.1 column the 1.0 sample lacks, while it has SkuIds",
        ),
        (
            "ServiceName-C-005-C",
            "the sample gives one ServiceName two ServiceCategory values",
        ),
        (
            "ConsumedQuantity-C-004-C",
            "the sample has ConsumedQuantity on lines that are not Usage",
        ),
        (
            "ContractedUnitPrice-C-009-C",
            "the sample has a negative ContractedUnitPrice",
        ),
        (
            "RegionName-C-004-C",
            "the sample has a RegionName on lines without a RegionId",
        ),
        (
            "RegionName-C-005-C",
            "the sample has a RegionId without a RegionName on some lines",
        ),
        (
            "ResourceType-C-004-C",
            "the sample has a ResourceType on lines without a ResourceId",
        ),
        (
            "ResourceType-C-005-C",
            "the sample leaves ResourceType null on most lines with a ResourceId",
        ),
        (
            "PricingUnit-C-003-O",
            "the sample's unit GiB/Second-Months has no FOCUS UnitFormat spelling to put it in \
             (every other unit of the sample is respelt: GB Hours as GB-Hours, OCPU Per Hour as \
             OCPU/Hour)",
        ),
        (
            "ConsumedUnit-C-003-O",
            "as PricingUnit-C-003-O: the sample's GiB/Second-Months",
        ),
        INVOICE_IDS_ABSENT,
    ]
}

/// A small FOCUS 1.2 file built to exercise CSV quirks (BOM, quoted
/// newlines, `NULL`, thousands separators), with only some columns.
fn quirks_fixture() -> Known {
    let mut known = vec![
        INVOICE_IDS_PRESENT,
        (
            "ChargeDescription-C-003-O",
            "one line of the constructed file has no ChargeDescription",
        ),
        (
            "RegionName-C-005-C",
            "the constructed file has RegionId but no RegionName column",
        ),
        (
            "ResourceType-C-005-C",
            "the constructed file has ResourceId but no ResourceType column",
        ),
        (
            "ServiceSubcategory-C-002-M",
            "the constructed file has no ServiceSubcategory column",
        ),
        (
            "ServiceName-C-008-C",
            "the constructed file has no ServiceSubcategory column, so no ServiceName has its \
             one subcategory",
        ),
        (
            "SubAccountType-C-005-C",
            "the constructed file has SubAccountId but no SubAccountType column",
        ),
    ];
    known.extend(ascii_only(&[
        "BillingAccountName-C-002-M",
        "ChargeDescription-C-002-M",
        "ServiceName-C-002-M",
        "SubAccountName-C-002-M",
    ]));
    known
}

/// The rules each fixture's export is allowed to fail, beyond
/// [`MODEL_DEFECTS`] (which every export fails).
fn known_for(fixture: &str, csv: bool) -> Known {
    let mut known: Known = match fixture {
        "focus/focus_sample_1000_multi-provider.csv" => focus_1_0_sample(),
        "focus/quirks_focus_1.2.csv" => quirks_fixture(),
        "aws-cur-legacy.csv" => vec![
            INVOICE_IDS_ABSENT,
            ISSUER_IS_THE_PROVIDERS_OWN,
            NO_BILLING_ACCOUNT_NAME,
            NO_SUB_ACCOUNT_NAME,
        ],
        "aws-cur2.csv" => vec![INVOICE_IDS_PRESENT, ISSUER_IS_THE_PROVIDERS_OWN],
        "azure-ea-actual.csv" | "azure-ea-amortized.csv" => {
            vec![INVOICE_IDS_ABSENT, CAPACITY_RESERVATION_USED]
        }
        "azure-ea-export.csv" => vec![INVOICE_IDS_ABSENT],
        "azure-mca-actual.csv" => vec![INVOICE_IDS_PRESENT, PURCHASES_NOT_AMORTIZED],
        "azure-mca-amortized.csv" => vec![
            INVOICE_IDS_ABSENT,
            PURCHASES_NOT_AMORTIZED,
            CAPACITY_RESERVATION_USED,
        ],
        "gcp_billing_export_detailed.csv" | "gcp_billing_export_detailed.jsonl" => vec![
            INVOICE_IDS_ABSENT,
            PURCHASES_NOT_AMORTIZED,
            NO_BILLING_ACCOUNT_NAME,
        ],
        "alibaba_console_zh.csv" => {
            let mut k = vec![INVOICE_IDS_ABSENT, PURCHASES_NOT_AMORTIZED];
            k.extend(ascii_only(&[
                "ChargeDescription-C-002-M",
                "RegionName-C-002-M",
                "ResourceName-C-002-M",
                "ResourceType-C-002-M",
                "ServiceName-C-002-M",
                "SkuMeter-C-002-M",
            ]));
            k
        }
        "alibaba_oss_en.csv" => {
            // English headers, but product names and a nickname in Chinese.
            let mut k = vec![INVOICE_IDS_ABSENT, PURCHASES_NOT_AMORTIZED];
            k.extend(ascii_only(&[
                "ChargeDescription-C-002-M",
                "ResourceName-C-002-M",
                "ResourceType-C-002-M",
                "ServiceName-C-002-M",
                "SkuMeter-C-002-M",
            ]));
            k
        }
        "tencent_bill3_en.csv" => {
            let mut k = vec![
                INVOICE_IDS_ABSENT,
                PURCHASES_NOT_AMORTIZED,
                NO_BILLING_ACCOUNT_NAME,
                NO_SUB_ACCOUNT_NAME,
            ];
            k.extend(ascii_only(&["ResourceName-C-002-M"]));
            k
        }
        "tencent_console_zh.csv" => {
            let mut k = vec![
                INVOICE_IDS_ABSENT,
                PURCHASES_NOT_AMORTIZED,
                NO_BILLING_ACCOUNT_NAME,
                NO_SUB_ACCOUNT_NAME,
            ];
            k.extend(ascii_only(&[
                "AvailabilityZone-C-002-M",
                "ChargeDescription-C-002-M",
                "RegionName-C-002-M",
                "ResourceName-C-002-M",
                "ResourceType-C-002-M",
                "ServiceName-C-002-M",
                "SkuId-C-002-M",
                "SkuMeter-C-002-M",
            ]));
            k
        }
        "huawei_instance_bill_en.csv" => vec![INVOICE_IDS_ABSENT, PURCHASES_NOT_AMORTIZED],
        "huawei_instance_bill_zh.csv" => {
            let mut k = vec![INVOICE_IDS_ABSENT, PURCHASES_NOT_AMORTIZED];
            k.extend(ascii_only(&[
                "ChargeDescription-C-002-M",
                "RegionName-C-002-M",
                "ResourceName-C-002-M",
                "ResourceType-C-002-M",
                "ServiceName-C-002-M",
                "SkuMeter-C-002-M",
            ]));
            k
        }
        other => panic!("no known failures listed for fixture {other}: add it to known_for"),
    };
    if csv && fixture == "azure-ea-amortized.csv" {
        // The EA enrollment number is all digits.
        known.extend(csv_numeric_ids(&["BillingAccountId-C-002-M"]));
    }
    known
}

/// Fixtures whose CSV export is validated too: a mixed-provider file and
/// two with non-numeric or numeric account ids.
const CSV_FIXTURES: &[&str] = &[
    "focus/focus_sample_1000_multi-provider.csv",
    "azure-ea-amortized.csv",
    "gcp_billing_export_detailed.csv",
];

/// Imports `name` into a fresh store and exports it to `out`.
fn import_and_export(name: &str, out: &Path) {
    let store_dir = tempfile::tempdir().unwrap();
    let mut s = store(store_dir.path());
    let report = import(&mut s, &fixture(name), Mode::Strict);
    assert!(report.lines > 0, "{name}: {:#?}", report.problems);
    let summary = export_focus(s.lines(), &LineFilter::default(), out).unwrap();
    assert_eq!(summary.lines, report.lines, "{name}");
}

#[test]
// Tests may be told where to keep their exports.
#[allow(clippy::disallowed_methods)]
fn every_sample_export_passes_the_validator() {
    let started = Instant::now();
    let temp = tempfile::tempdir().unwrap();
    let kept = std::env::var_os("CLOUDLENS_KEEP_EXPORTS").map(PathBuf::from);
    let dir = kept.as_deref().unwrap_or(temp.path());
    std::fs::create_dir_all(dir).unwrap();

    let mut exports: Vec<(&str, bool, PathBuf)> = Vec::new();
    for (name, csv) in FIXTURES
        .iter()
        .map(|(name, _)| (*name, false))
        .chain(CSV_FIXTURES.iter().map(|name| (*name, true)))
    {
        let stem = name.replace(['/', '.'], "_");
        let out = dir.join(format!("{stem}.{}", if csv { "csv" } else { "parquet" }));
        import_and_export(name, &out);
        exports.push((name, csv, out));
    }
    let files: Vec<PathBuf> = exports.iter().map(|(_, _, p)| p.clone()).collect();
    let reports = validate_all(&files);

    let mut problems = String::new();
    for ((name, csv, _), report) in exports.iter().zip(&reports) {
        let mut known = MODEL_DEFECTS.to_vec();
        known.extend(known_for(name, *csv));
        let kind = if *csv { "CSV" } else { "Parquet" };
        eprintln!("{name} ({kind}): {}", report.summary);
        let found = known_failure_problems(report, &known);
        if !found.is_empty() {
            problems.push_str(&format!(
                "\n== {name} ({kind}): {}\n{found}",
                report.summary
            ));
        }
    }
    eprintln!(
        "{} exports validated in {:.0?}",
        exports.len(),
        started.elapsed()
    );
    assert!(problems.is_empty(), "{problems}");
}
