//! The FOCUS writers without the validator: exact cells, CSV and Parquet
//! agreeing on every value, bounded row groups, and whole files only.

mod common;

use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::Arc;

use bytes::Bytes;
use cloudlens_ingest::export::{
    ExtraColumns, FocusColumn, FocusCsvWriter, FocusParquetWriter, FocusSink,
};
use cloudlens_ingest::{export_focus, ExportError};
use cloudlens_model::{ChargeCategory, CostLine, Decimal, LineDims};
use cloudlens_store::{LineFilter, RunKind};
use common::*;
use parquet::basic::{LogicalType, Repetition, TimeUnit};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;

/// The extras keys of `lines`, as the store would list them.
fn columns_for(lines: &[CostLine]) -> ExtraColumns {
    let mut keys = std::collections::BTreeSet::new();
    for l in lines {
        if let Some(text) = &l.extras {
            let m: serde_json::Map<String, serde_json::Value> = serde_json::from_str(text).unwrap();
            keys.extend(m.keys().cloned());
        }
    }
    ExtraColumns::from_keys(keys)
}

fn csv_bytes(lines: &[CostLine]) -> Vec<u8> {
    let mut w = FocusCsvWriter::new(Vec::new(), columns_for(lines)).unwrap();
    for l in lines {
        w.write(l).unwrap();
    }
    let (summary, out) = w.into_inner().unwrap();
    assert_eq!(summary.lines, lines.len() as u64);
    out
}

fn parquet_bytes(lines: &[CostLine]) -> Vec<u8> {
    let mut w = FocusParquetWriter::new(Vec::new(), columns_for(lines)).unwrap();
    for l in lines {
        w.write(l).unwrap();
    }
    let (summary, out) = w.into_inner().unwrap();
    assert_eq!(summary.lines, lines.len() as u64);
    out
}

/// Rows of a CSV export as column name to cell, `None` for an empty cell.
fn csv_rows(bytes: &[u8]) -> (Vec<String>, Vec<BTreeMap<String, Option<String>>>) {
    let mut r = csv::Reader::from_reader(bytes);
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| {
            let rec = rec.unwrap();
            header
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.clone(), (!v.is_empty()).then(|| v.to_string())))
                .collect()
        })
        .collect();
    (header, rows)
}

/// Rows of a Parquet export with each value in the CSV export's text form.
fn parquet_rows(bytes: Vec<u8>) -> Vec<BTreeMap<String, Option<String>>> {
    let reader = SerializedFileReader::new(Bytes::from(bytes)).unwrap();
    reader
        .get_row_iter(None)
        .unwrap()
        .map(|row| {
            row.unwrap()
                .get_column_iter()
                .map(|(name, field)| (name.clone(), field_text(field)))
                .collect()
        })
        .collect()
}

fn field_text(f: &Field) -> Option<String> {
    Some(match f {
        Field::Null => return None,
        Field::Str(s) => s.clone(),
        Field::Decimal(d) => {
            let mut be = [0u8; 16];
            let data = d.data();
            let fill = if data.first().is_some_and(|b| b & 0x80 != 0) {
                0xff
            } else {
                0
            };
            be[..16 - data.len()].fill(fill);
            be[16 - data.len()..].copy_from_slice(data);
            let v = Decimal::from_i128_with_scale(i128::from_be_bytes(be), d.scale() as u32);
            let mut out = String::new();
            cloudlens_ingest::export::write_decimal(&mut out, v);
            out
        }
        Field::TimestampMicros(us) => {
            assert_eq!(us % 1_000_000, 0);
            let mut out = String::new();
            cloudlens_ingest::export::write_time(&mut out, us / 1_000_000, 0, "t").unwrap();
            out
        }
        other => panic!("unexpected Parquet value {other:?}"),
    })
}

#[test]
fn csv_cells_are_exact_focus_text() {
    let lines = hand_built_lines();
    let (header, rows) = csv_rows(&csv_bytes(&lines));
    let focus: Vec<&str> = FocusColumn::ALL.iter().map(|c| c.name()).collect();
    assert_eq!(header[..57], focus[..]);
    assert_eq!(
        header[57..],
        ["x_BillingItem", "x_Operation", "x_UsageType"]
    );
    assert_eq!(rows.len(), lines.len());
    let cell = |row: usize, col: &str| rows[row][col].as_deref();

    // Alibaba on-demand usage.
    assert_eq!(cell(0, "BilledCost"), Some("10.8"));
    assert_eq!(cell(0, "ListCost"), Some("12.0"));
    assert_eq!(cell(0, "PricingQuantity"), Some("24.0"));
    assert_eq!(cell(0, "ListUnitPrice"), Some("0.5"));
    assert_eq!(cell(0, "ChargePeriodStart"), Some("2026-01-15T00:00:00Z"));
    assert_eq!(cell(0, "ChargePeriodEnd"), Some("2026-01-16T00:00:00Z"));
    assert_eq!(cell(0, "BillingPeriodEnd"), Some("2026-02-01T00:00:00Z"));
    assert_eq!(cell(0, "ChargeClass"), None);
    assert_eq!(
        cell(0, "ChargeDescription"),
        Some("ecs.g7.large 按量付费 pay-as-you-go")
    );
    assert_eq!(cell(0, "BillingAccountId"), Some("1308007002882131"));
    assert_eq!(
        cell(0, "SkuPriceDetails"),
        Some(r#"{"InstanceType":"ecs.g7.large","CoreCount":2}"#)
    );
    assert_eq!(cell(0, "x_BillingItem"), Some("实例规格"));
    assert_eq!(cell(0, "x_UsageType"), None);
    let tags: BTreeMap<String, String> = serde_json::from_str(cell(0, "Tags").unwrap()).unwrap();
    assert_eq!(tags.get("团队").map(String::as_str), Some("支付"));
    // Priced in its billing currency: the pricing-currency columns repeat it.
    assert_eq!(cell(0, "PricingCurrency"), Some("CNY"));
    assert_eq!(cell(0, "PricingCurrencyEffectiveCost"), Some("10.8"));
    assert_eq!(cell(0, "PricingCurrencyListUnitPrice"), Some("0.5"));
    assert_eq!(cell(0, "PricingCurrencyContractedUnitPrice"), Some("0.45"));

    // The correction of December, the credit and the tax.
    assert_eq!(cell(1, "ChargeClass"), Some("Correction"));
    assert_eq!(cell(1, "ChargePeriodStart"), Some("2025-12-20T00:00:00Z"));
    assert_eq!(cell(2, "ChargeCategory"), Some("Credit"));
    assert_eq!(cell(2, "BilledCost"), Some("-5.0"));
    assert_eq!(cell(2, "ListUnitPrice"), None);
    assert_eq!(cell(2, "PricingCurrencyListUnitPrice"), None);
    assert_eq!(cell(4, "ChargeCategory"), Some("Tax"));
    assert_eq!(cell(4, "ListCost"), Some("0.2232"));

    // The commitment: purchase, used and unused.
    assert_eq!(cell(5, "ChargeCategory"), Some("Purchase"));
    assert_eq!(cell(5, "EffectiveCost"), Some("0.0"));
    assert_eq!(cell(5, "ChargePeriodEnd"), Some("2027-01-01T00:00:00Z"));
    assert_eq!(cell(6, "CommitmentDiscountStatus"), Some("Used"));
    assert_eq!(cell(6, "x_UsageType"), Some("USE1-BoxUsage:m5.large"));
    assert_eq!(cell(6, "x_Operation"), Some("RunInstances"));
    assert_eq!(cell(7, "CommitmentDiscountStatus"), Some("Unused"));
    assert_eq!(cell(8, "CapacityReservationStatus"), Some("Used"));
    assert_eq!(cell(8, "ResourceName"), None);

    // Priced in EUR: the EUR amounts come from the source, not the USD ones.
    assert_eq!(cell(9, "PricingCurrency"), Some("EUR"));
    assert_eq!(cell(9, "BilledCost"), Some("10.8"));
    assert_eq!(cell(9, "PricingCurrencyEffectiveCost"), Some("10.0"));
    assert_eq!(cell(9, "PricingCurrencyListUnitPrice"), Some("1.0"));
}

#[test]
fn parquet_holds_the_csv_values_with_focus_types() {
    let lines = hand_built_lines();
    let (_, csv) = csv_rows(&csv_bytes(&lines));
    let bytes = parquet_bytes(&lines);
    let reader = SerializedFileReader::new(Bytes::from(bytes.clone())).unwrap();
    let meta = reader.metadata();
    let schema = meta.file_metadata().schema_descr();
    assert_eq!(schema.num_columns(), 60);
    let column = |name: &str| {
        (0..schema.num_columns())
            .map(|i| schema.column(i))
            .find(|c| c.name() == name)
            .unwrap()
    };
    let billed = column("BilledCost");
    assert_eq!(
        billed.logical_type_ref(),
        Some(&LogicalType::decimal(9, 38))
    );
    assert_eq!(
        billed.self_type().get_basic_info().repetition(),
        Repetition::REQUIRED
    );
    assert_eq!(
        column("PricingQuantity").logical_type_ref(),
        Some(&LogicalType::decimal(18, 38))
    );
    assert_eq!(
        column("ChargePeriodStart").logical_type_ref(),
        Some(&LogicalType::timestamp(true, TimeUnit::MICROS))
    );
    assert_eq!(
        column("Tags").logical_type_ref(),
        Some(&LogicalType::String)
    );
    assert_eq!(
        column("ChargeClass")
            .self_type()
            .get_basic_info()
            .repetition(),
        Repetition::OPTIONAL
    );
    let kv = meta.file_metadata().key_value_metadata().unwrap();
    assert!(kv
        .iter()
        .any(|k| k.key == "FocusVersion" && k.value.as_deref() == Some("1.2")));

    let parquet = parquet_rows(bytes);
    assert_eq!(parquet.len(), csv.len());
    for (i, (p, c)) in parquet.iter().zip(&csv).enumerate() {
        assert_eq!(p, c, "line {i}");
    }
}

#[test]
fn parquet_row_groups_stay_bounded() {
    let d = Arc::new(LineDims::new(
        "AWS",
        "111",
        "USD",
        "Amazon S3",
        "Storage",
        ChargeCategory::Usage,
    ));
    let n = 70_000;
    let lines: Vec<CostLine> = (0..n)
        .map(|i| {
            let mut l = line(
                (*d).clone(),
                1_767_225_600 + i * 3_600,
                1_767_229_200 + i * 3_600,
                ["0.01", "0.01", "0.01", "0.01"],
                "1",
            );
            l.dims = Arc::clone(&d);
            l.billed_cost = Decimal::new(i, 6);
            l
        })
        .collect();
    let bytes = parquet_bytes(&lines);
    let reader = SerializedFileReader::new(Bytes::from(bytes)).unwrap();
    let groups: Vec<i64> = reader
        .metadata()
        .row_groups()
        .iter()
        .map(|g| g.num_rows())
        .collect();
    assert_eq!(groups, [65_536, 70_000 - 65_536]);
    let last = reader.get_row_iter(None).unwrap().last().unwrap().unwrap();
    let billed = last
        .get_column_iter()
        .find(|(name, _)| name.as_str() == "BilledCost")
        .map(|(_, f)| field_text(f));
    assert_eq!(billed, Some(Some("0.069999".into())));
}

#[test]
fn a_line_with_an_extra_field_the_header_lacks_is_refused() {
    let lines = hand_built_lines();
    let mut w = FocusCsvWriter::new(Vec::new(), ExtraColumns::default()).unwrap();
    let err = w.write(&lines[6]).unwrap_err();
    assert!(
        matches!(&err, ExportError::UnknownExtra { key, .. } if key.starts_with("x_")),
        "{err}"
    );
}

fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("store.db"))
        .collect();
    names.sort();
    names
}

#[test]
fn exports_appear_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = hand_built_store(dir.path());
    let all = LineFilter::default();

    let odd = dir.path().join("costs.xlsx");
    assert!(matches!(
        export_focus(store.lines(), &all, &odd),
        Err(ExportError::UnsupportedFormat(_))
    ));

    // An existing file is replaced only by a complete export.
    let target = dir.path().join("costs.parquet");
    std::fs::write(&target, b"previous export").unwrap();
    let summary = export_focus(store.lines(), &all, &target).unwrap();
    assert_eq!(summary.lines, 11);
    assert_eq!(
        summary.extra_columns,
        ["x_BillingItem", "x_Operation", "x_UsageType"]
    );
    let complete = std::fs::read(&target).unwrap();
    assert!(complete.starts_with(b"PAR1") && complete.ends_with(b"PAR1"));

    // A quantity with 28 decimal places fits no Parquet DECIMAL(38, 18):
    // the export fails, the earlier file stays, and nothing is left over.
    let mut tiny = hand_built_lines().remove(0);
    tiny.pricing_quantity = Some(Decimal::from_str("0.0000000000000000000000000001").unwrap());
    store
        .lines_mut()
        .import(spec(RunKind::File), |s| s.push(tiny))
        .unwrap();
    let err = export_focus(store.lines(), &all, &target).unwrap_err();
    assert!(
        matches!(&err, ExportError::Unrepresentable { column, .. } if column == "PricingQuantity"),
        "{err}"
    );
    assert_eq!(std::fs::read(&target).unwrap(), complete);
    assert_eq!(files_in(dir.path()), ["costs.parquet"]);

    // CSV keeps any decimal exactly.
    let csv_path = dir.path().join("costs.csv");
    assert_eq!(
        export_focus(store.lines(), &all, &csv_path).unwrap().lines,
        12
    );
    let text = std::fs::read_to_string(&csv_path).unwrap();
    assert!(text.contains(",0.0000000000000000000000000001,"));
    assert_eq!(files_in(dir.path()), ["costs.csv", "costs.parquet"]);
}

#[test]
fn exports_honour_the_filter() {
    let dir = tempfile::tempdir().unwrap();
    let store = hand_built_store(dir.path());
    let aws = LineFilter {
        providers: vec!["AWS".into()],
        ..Default::default()
    };
    let path = dir.path().join("aws.csv");
    let summary = export_focus(store.lines(), &aws, &path).unwrap();
    assert_eq!(summary.lines, 6);
    // Only the extra fields of the exported lines become columns.
    assert_eq!(summary.extra_columns, ["x_Operation", "x_UsageType"]);
    let (_, rows) = csv_rows(&std::fs::read(&path).unwrap());
    assert!(rows
        .iter()
        .all(|r| r["ProviderName"].as_deref() == Some("AWS")));

    let none = LineFilter {
        billing_currencies: vec!["JPY".into()],
        ..Default::default()
    };
    let path = dir.path().join("none.parquet");
    assert_eq!(export_focus(store.lines(), &none, &path).unwrap().lines, 0);
    let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
    assert_eq!(reader.metadata().file_metadata().num_rows(), 0);
}
