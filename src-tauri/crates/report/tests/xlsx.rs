//! The spreadsheet read back with calamine: one sheet per section, typed
//! numbers and dates, headers in the report's language, totals, pictures.

mod common;

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use cloudlens_report::{render, Fonts, Format, Language};
use common::*;

fn book(language: Language) -> Xlsx<Cursor<Vec<u8>>> {
    let bytes = render(&sample(language), Format::Xlsx, &Fonts::embedded()).unwrap();
    Xlsx::new(Cursor::new(bytes)).unwrap()
}

fn find(range: &calamine::Range<Data>, text: &str) -> (usize, usize) {
    for (r, row) in range.rows().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if matches!(cell, Data::String(s) if s == text) {
                return (r, c);
            }
        }
    }
    panic!("{text:?} not in the sheet");
}

#[test]
fn one_sheet_per_section_with_typed_cells_and_totals() {
    let mut x = book(Language::ZhCn);
    assert_eq!(x.sheet_names(), vec!["概览", "资源明细", "数据来源"]);
    let range = x.worksheet_range("资源明细").unwrap();
    let (hr, hc) = find(&range, "资源");
    let headers: Vec<String> = (0..6)
        .map(|c| range.get((hr, hc + c)).unwrap().to_string())
        .collect();
    assert_eq!(headers, ["资源", "服务", "首日", "行数", "占比", "费用"]);
    let mut sum = 0.0;
    for i in 0..LONG_ROWS {
        let r = hr + 1 + i;
        match range.get((r, 2)).unwrap() {
            Data::DateTime(dt) => {
                let want = day("2026-01-01") + chrono::Days::new((i % 30) as u64);
                assert_eq!(dt.as_datetime().unwrap().date(), want);
            }
            other => panic!("row {i}: the date is {other:?}, not a date"),
        }
        assert_eq!(range.get((r, 3)), Some(&Data::Float(i as f64 * 31.0)));
        let Some(Data::Float(share)) = range.get((r, 4)) else {
            panic!("share is not a number")
        };
        assert!((share - 0.0041).abs() < 1e-12);
        let Some(Data::Float(cost)) = range.get((r, 5)) else {
            panic!("cost is not a number")
        };
        assert_eq!(
            format!("{cost:.2}"),
            format!("{:.2}", row_amount(i).round_dp(2))
        );
        sum += cost;
    }
    let total_row = hr + 1 + LONG_ROWS;
    assert_eq!(
        range.get((total_row, 0)),
        Some(&Data::String("合计".into()))
    );
    let Some(Data::Float(total)) = range.get((total_row, 5)) else {
        panic!("no total")
    };
    assert_eq!(
        format!("{total:.2}"),
        format!("{:.2}", long_total().round_dp(2))
    );
    assert_eq!(format!("{sum:.2}"), format!("{total:.2}"));
}

#[test]
fn english_headers_and_the_chart_as_a_picture() {
    let mut x = book(Language::En);
    assert_eq!(x.sheet_names()[0], "Overview");
    let range = x.worksheet_range("Overview").unwrap();
    let (r, c) = find(&range, "Provider");
    assert_eq!(range.get((r, c + 1)), Some(&Data::String("Cost".into())));
    assert_eq!(range.get((r + 2, c + 1)), Some(&Data::Float(-12.5)));
    let (fr, _) = find(&range, "Change");
    assert_eq!(range.get((fr, 1)), Some(&Data::Float(-0.0325)));
    let pictures = x.pictures().unwrap_or_default();
    assert_eq!(pictures.len(), 1);
    assert_eq!(pictures[0].0, "png");
    assert!(pictures[0].1.starts_with(b"\x89PNG"));
}
