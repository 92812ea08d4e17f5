//! The import pipeline end to end on real and constructed files: detection,
//! reconciliation to the cent, idempotence, restatement, folders, strict
//! and lenient validation, bad input and cancellation.

mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};

use cloudlens_ingest::{import_path, FormatId, Mode, Outcome};
use common::{fixture, import, opts, store};
use rust_decimal::Decimal;

/// BilledCost summed per currency straight from the CSV, independently of
/// the importer.
fn billed_by_currency(path: &std::path::Path) -> BTreeMap<String, Decimal> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let h = r.headers().unwrap().clone();
    let col = |n: &str| {
        h.iter()
            .position(|c| c.trim_start_matches('\u{feff}') == n)
            .unwrap()
    };
    let (cost, cur) = (col("BilledCost"), col("BillingCurrency"));
    let mut out = BTreeMap::new();
    for rec in r.records() {
        let rec = rec.unwrap();
        if rec.len() == 1 {
            continue;
        }
        let v = Decimal::from_str(&rec[cost].replace(',', "")).unwrap();
        *out.entry(rec[cur].to_string()).or_insert(Decimal::ZERO) += v;
    }
    out
}

/// Equal to the cent; the store keeps nine decimal places, so sums of
/// amounts with more places differ only far below a cent.
fn assert_to_the_cent(stored: &BTreeMap<String, Decimal>, file: &BTreeMap<String, Decimal>) {
    assert_eq!(
        stored.keys().collect::<Vec<_>>(),
        file.keys().collect::<Vec<_>>()
    );
    for (k, v) in stored {
        assert_eq!(v.round_dp(2), file[k].round_dp(2), "{k}");
        assert!(
            (v - file[k]).abs() < Decimal::new(1, 6),
            "{k}: {v} vs {}",
            file[k]
        );
    }
}

fn stored_by_currency(store: &cloudlens_store::Store) -> BTreeMap<String, Decimal> {
    let mut out = BTreeMap::new();
    for r in store.lines().summary().unwrap() {
        *out.entry(r.billing_currency.clone())
            .or_insert(Decimal::ZERO) += r.billed_cost;
    }
    out
}

#[test]
fn the_real_focus_sample_imports_and_reconciles_to_the_cent() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let path = fixture("focus/focus_sample_1000_multi-provider.csv");
    let r = import(&mut s, &path, Mode::Strict);
    assert_eq!(r.outcome, Outcome::Imported, "{:#?}", r.problems);
    assert_eq!(r.format, Some(FormatId::Focus));
    assert_eq!(r.variant, "FOCUS 1.0");
    assert_eq!((r.rows, r.lines), (1000, 1000));
    assert!(
        r.reconciles() && !r.reconciliation.is_empty(),
        "{:#?}",
        r.reconciliation
    );
    assert_to_the_cent(&stored_by_currency(&s), &billed_by_currency(&path));
    assert_eq!(s.lines().rollup_mismatches().unwrap(), 0);
    // The stray non-FOCUS `Id` column is kept as an extra; the history has the report.
    let runs = s.lines().runs().unwrap();
    assert_eq!(runs.len(), 1);
    assert!(runs[0]
        .report
        .as_deref()
        .unwrap_or("")
        .contains("\"reconciliation\""));
}

#[test]
fn constructed_quirks_bom_quoted_newlines_null_thousands_and_two_currencies() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let path = fixture("focus/quirks_focus_1.2.csv");
    let r = import(&mut s, &path, Mode::Strict);
    assert_eq!(r.outcome, Outcome::Imported, "{:#?}", r.problems);
    assert_eq!(r.variant, "FOCUS 1.2");
    assert_eq!(r.lines, 4);
    let by = stored_by_currency(&s);
    assert_eq!(by["CNY"], Decimal::from_str("1246.8456789").unwrap());
    assert_eq!(by["USD"], Decimal::from_str("95").unwrap());
    assert_eq!(by, billed_by_currency(&path));
    // Three billing period × currency groups, each reconciled.
    let groups: Vec<_> = r
        .reconciliation
        .iter()
        .map(|g| (g.billing_period.as_str(), g.currency.as_str(), g.matches()))
        .collect();
    assert_eq!(
        groups,
        vec![
            ("2025-01", "CNY", true),
            ("2025-01", "USD", true),
            ("2025-02", "USD", true)
        ]
    );
}

#[test]
fn reimporting_the_same_file_changes_nothing_and_a_newer_file_restates() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let path = fixture("focus/focus_sample_1000_multi-provider.csv");
    let first = import(&mut s, &path, Mode::Strict);
    let again = import(&mut s, &path, Mode::Strict);
    assert_eq!(again.outcome, Outcome::AlreadyImported);
    assert_eq!(again.run_id, first.run_id);
    assert_eq!(s.lines().line_count().unwrap(), 1000);

    // The same bill gzipped is different bytes: a newer file for the same
    // accounts and period, so it replaces the first import's lines.
    let gz = dir.path().join("again.csv.gz");
    let mut enc = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).unwrap(),
        flate2::Compression::fast(),
    );
    enc.write_all(&std::fs::read(&path).unwrap()).unwrap();
    enc.finish().unwrap();
    let newer = import(&mut s, &gz, Mode::Strict);
    assert_eq!(newer.outcome, Outcome::Imported, "{:#?}", newer.problems);
    assert_eq!(newer.encoding, "CSV (gzip)");
    assert_eq!(newer.restated.iter().map(|r| r.1).sum::<u64>(), 1000);
    assert_eq!(s.lines().line_count().unwrap(), 1000);
    assert_to_the_cent(&stored_by_currency(&s), &billed_by_currency(&path));
    let runs = s.lines().runs().unwrap();
    assert_eq!(runs.len(), 2, "the replaced import stays in the history");
    assert_eq!((runs[0].lines, runs[0].lines_imported), (0, 1000));
    assert_eq!(s.lines().rollup_mismatches().unwrap(), 0);
}

#[test]
fn a_folder_of_parts_is_one_dataset_and_other_files_are_listed_as_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let src =
        std::fs::read_to_string(fixture("focus/focus_sample_1000_multi-provider.csv")).unwrap();
    let mut lines = src.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.collect();
    let parts = dir.path().join("export");
    std::fs::create_dir_all(parts.join("2024-09")).unwrap();
    for (i, chunk) in rows.chunks(400).enumerate() {
        let body = format!("{header}\n{}\n", chunk.join("\n"));
        std::fs::write(parts.join("2024-09").join(format!("part-{i}.csv")), body).unwrap();
    }
    std::fs::write(parts.join("export-Manifest.json"), "{\"reportKeys\": []}").unwrap();
    std::fs::write(parts.join("README.md"), "notes").unwrap();
    let r = import(&mut s, &parts, Mode::Strict);
    assert_eq!(r.outcome, Outcome::Imported, "{:#?}", r.problems);
    assert_eq!(r.parts.len(), 3);
    assert_eq!(r.ignored.len(), 2);
    assert_eq!((r.rows, r.lines), (1000, 1000));
    assert_eq!(s.lines().runs().unwrap().len(), 1);
    assert!(r.reconciles());
}

fn with_bad_cell_near_the_end(dir: &std::path::Path) -> std::path::PathBuf {
    let src =
        std::fs::read_to_string(fixture("focus/focus_sample_1000_multi-provider.csv")).unwrap();
    let mut lines: Vec<String> = src.lines().map(str::to_string).collect();
    // Line 998 of the file: BilledCost (second column) becomes text.
    let l = &mut lines[997];
    let first_comma = l.find(',').unwrap();
    let second = first_comma + 1 + l[first_comma + 1..].find(',').unwrap();
    l.replace_range(first_comma + 1..second, "twelve");
    let path = dir.join("bad.csv");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

#[test]
fn strict_mode_refuses_a_file_with_one_bad_cell_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let path = with_bad_cell_near_the_end(dir.path());
    let r = import(&mut s, &path, Mode::Strict);
    assert_eq!(r.outcome, Outcome::Refused);
    assert_eq!(r.problem_count, 1);
    let p = &r.problems[0];
    assert!(p.file.ends_with("bad.csv"));
    assert_eq!(
        (p.line, p.column.as_deref(), p.value.as_deref()),
        (998, Some("BilledCost"), Some("twelve"))
    );
    assert_eq!(p.expected, "a decimal number");
    assert_eq!(
        p.to_string(),
        format!(
            "{}, line 998, column BilledCost: 'twelve' is not a decimal number",
            p.file
        )
    );
    assert_eq!(s.lines().line_count().unwrap(), 0);
    assert!(s.lines().runs().unwrap().is_empty());
}

#[test]
fn lenient_mode_imports_the_good_rows_and_lists_the_bad_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let path = with_bad_cell_near_the_end(dir.path());
    let r = import(&mut s, &path, Mode::Lenient);
    assert_eq!(r.outcome, Outcome::Imported);
    assert_eq!((r.rows, r.lines, r.problem_count), (1000, 999, 1));
    assert!(r.reconciles());
    assert_eq!(s.lines().line_count().unwrap(), 999);
}

#[test]
fn bad_input_is_refused_with_a_clear_message_and_nothing_partial() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let sample = std::fs::read(fixture("focus/focus_sample_1000_multi-provider.csv")).unwrap();

    // A gzip cut off in the middle.
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(&sample).unwrap();
    let gz = enc.finish().unwrap();
    let truncated = dir.path().join("cut.csv.gz");
    std::fs::write(&truncated, &gz[..gz.len() / 2]).unwrap();
    let r = import(&mut s, &truncated, Mode::Lenient);
    assert_eq!(r.outcome, Outcome::Refused);
    assert!(
        r.problems[0].expected.contains("ends early"),
        "{:?}",
        r.problems
    );

    // A CSV from some other tool.
    let other = dir.path().join("other.csv");
    std::fs::write(&other, "date,description,amount\n2025-01-01,coffee,3.50\n").unwrap();
    let r = import(&mut s, &other, Mode::Strict);
    assert_eq!(r.outcome, Outcome::Refused);
    assert!(r.problems[0]
        .expected
        .contains("not a bill format CloudLens recognises (columns: date, description, amount)"));

    // A few FOCUS names are not a FOCUS file: the missing mandatory columns are named.
    let partial = dir.path().join("partial.csv");
    std::fs::write(
        &partial,
        "BilledCost,ChargePeriodStart,BillingCurrency,Foo,Bar,Baz\n1,2025-01-01,USD,a,b,c\n",
    )
    .unwrap();
    let r = import(&mut s, &partial, Mode::Strict);
    assert_eq!(r.outcome, Outcome::Refused);
    assert_eq!(r.format, None, "not guessed as a FOCUS version");
    assert!(
        r.problems[0]
            .expected
            .contains("without the mandatory EffectiveCost"),
        "{:?}",
        r.problems[0]
    );

    // A charge period ending before it starts, and a date out of range.
    let text = String::from_utf8(sample.clone()).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let broken = lines[1].replacen("2024-09-18 23:00:00", "2024-09-18 21:00:00", 1);
    let ancient = lines[2].replacen("2024-09-01 00:00:00", "1900-01-01 00:00:00", 1);
    assert!(broken != lines[1] && ancient != lines[2]);
    lines[1] = &broken;
    lines[2] = &ancient;
    let bad = dir.path().join("dates.csv");
    std::fs::write(&bad, lines.join("\n")).unwrap();
    let r = import(&mut s, &bad, Mode::Strict);
    assert_eq!(r.outcome, Outcome::Refused);
    assert_eq!(r.problem_count, 2, "{:#?}", r.problems);
    assert_eq!(r.problems[0].line, 2);
    assert_eq!(r.problems[0].column.as_deref(), Some("ChargePeriodEnd"));
    assert_eq!(r.problems[1].line, 3);
    assert!(r.problems[1].expected.contains("within 1970..2200"));

    // A row with a missing field.
    let short = dir.path().join("short.csv");
    std::fs::write(
        &short,
        format!("{}\n{}\n", text.lines().next().unwrap(), "NULL,1.0,\"x\""),
    )
    .unwrap();
    let r = import(&mut s, &short, Mode::Strict);
    assert_eq!(r.outcome, Outcome::Refused);
    assert!(
        r.problems[0]
            .expected
            .contains("3 fields where the header has 44"),
        "{:?}",
        r.problems
    );

    assert_eq!(s.lines().line_count().unwrap(), 0);
    assert!(s.lines().runs().unwrap().is_empty());
}

#[test]
fn cancelling_leaves_the_store_as_it_was_and_progress_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let path = fixture("focus/focus_sample_1000_multi-provider.csv");
    let cancel = AtomicBool::new(false);
    let mut seen = 0;
    let r = import_path(&mut s, &path, &opts(Mode::Strict), &cancel, &mut |p| {
        seen += 1;
        assert!(p.total_bytes > 0);
        cancel.store(true, Ordering::Relaxed);
    })
    .unwrap();
    assert!(seen >= 1);
    assert_eq!(r.outcome, Outcome::Cancelled);
    assert_eq!(s.lines().line_count().unwrap(), 0);
    assert!(s.lines().runs().unwrap().is_empty());
}

#[test]
fn a_focus_parquet_export_imports_back_to_the_same_totals() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let path = fixture("focus/quirks_focus_1.2.csv");
    assert_eq!(
        import(&mut s, &path, Mode::Strict).outcome,
        Outcome::Imported
    );
    let out = dir.path().join("round.parquet");
    cloudlens_ingest::export_focus(s.lines(), &cloudlens_store::LineFilter::default(), &out)
        .unwrap();

    let dir2 = tempfile::tempdir().unwrap();
    let mut s2 = store(dir2.path());
    let r = import(&mut s2, &out, Mode::Strict);
    assert_eq!(r.outcome, Outcome::Imported, "{:#?}", r.problems);
    assert_eq!(r.encoding, "Parquet");
    assert_eq!(r.variant, "FOCUS 1.2");
    assert!(r.reconciles());
    assert_eq!(stored_by_currency(&s2), stored_by_currency(&s));
}

#[test]
fn a_parquet_file_with_another_schema_is_refused() {
    use parquet::file::properties::WriterProperties;
    use parquet::file::writer::SerializedFileWriter;
    use parquet::schema::parser::parse_message_type;
    use std::sync::Arc;

    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let path = dir.path().join("other.parquet");
    let schema = Arc::new(
        parse_message_type("message other { required int64 id; required binary name (UTF8); }")
            .unwrap(),
    );
    let file = std::fs::File::create(&path).unwrap();
    let mut w =
        SerializedFileWriter::new(file, schema, Arc::new(WriterProperties::builder().build()))
            .unwrap();
    let mut rg = w.next_row_group().unwrap();
    while let Some(mut col) = rg.next_column().unwrap() {
        match col.untyped() {
            parquet::column::writer::ColumnWriter::Int64ColumnWriter(c) => {
                c.write_batch(&[1, 2], None, None).unwrap();
            }
            parquet::column::writer::ColumnWriter::ByteArrayColumnWriter(c) => {
                c.write_batch(&["a".into(), "b".into()], None, None)
                    .unwrap();
            }
            _ => unreachable!(),
        }
        col.close().unwrap();
    }
    rg.close().unwrap();
    w.close().unwrap();

    let r = import(&mut s, &path, Mode::Lenient);
    assert_eq!(r.outcome, Outcome::Refused);
    assert!(
        r.problems[0].expected.contains("columns: id, name"),
        "{:?}",
        r.problems
    );
    assert_eq!(s.lines().line_count().unwrap(), 0);
}
