//! The HTML file refers to nothing outside itself; the CSV zip holds one
//! exact UTF-8 file per table.

mod common;

use std::io::Read;

use cloudlens_report::{render, Fonts, Format, Language};
use common::*;

fn html(language: Language) -> String {
    String::from_utf8(render(&sample(language), Format::Html, &Fonts::embedded()).unwrap()).unwrap()
}

#[test]
fn the_html_file_has_no_external_reference() {
    for language in [Language::ZhCn, Language::En] {
        let h = html(language);
        let lower = h.to_lowercase();
        assert!(!lower.contains("http"), "a URL in the HTML");
        assert!(!lower.contains("src="), "a src attribute in the HTML");
        assert!(!lower.contains("@import"));
        assert!(!lower.contains("<link"));
        assert!(!lower.contains("<script"));
        for (i, _) in lower.match_indices("url(") {
            assert!(
                lower[i + 4..]
                    .trim_start_matches(['\'', '"'])
                    .starts_with("data:"),
                "url( to a non-data resource"
            );
        }
        for (i, _) in lower.match_indices("href=") {
            assert!(
                lower[i + 5..]
                    .trim_start_matches(['\'', '"'])
                    .starts_with('#'),
                "a link out of the file"
            );
        }
        assert!(h.contains("<svg"), "the chart is inline");
    }
}

#[test]
fn the_html_keeps_the_language_text_and_totals() {
    let h = html(Language::ZhCn);
    assert!(h.contains("<html lang=\"zh-CN\">"));
    assert!(h.contains("月度云成本报告") && h.contains("按资源的费用"));
    assert!(h.contains(&cloudlens_report::format::money(long_total(), "CNY")));
    assert!(h.contains(&format!("data-value=\"{}\"", long_total())));
    assert_eq!(h.matches("<tr>").count(), LONG_ROWS + 1 + 1 + 3 + 1);
    assert!(h.contains("thead{display:table-header-group}"));
}

#[test]
fn the_csv_zip_has_one_exact_file_per_table() {
    let bytes = render(&sample(Language::ZhCn), Format::Csv, &Fonts::embedded()).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(sorted, ["01-01-by_currency.csv", "02-01-resources.csv"]);
    let mut text = String::new();
    zip.by_name("02-01-resources.csv")
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark");
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(
        header,
        [
            "资源",
            "服务",
            "首日",
            "行数",
            "占比",
            "费用",
            "费用 (币种)"
        ]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), LONG_ROWS + 1);
    let sum: rust_decimal::Decimal = rows[..LONG_ROWS]
        .iter()
        .map(|r| r[5].parse::<rust_decimal::Decimal>().unwrap())
        .sum();
    assert_eq!(sum, long_total());
    assert_eq!(
        rows[LONG_ROWS][5].parse::<rust_decimal::Decimal>().unwrap(),
        long_total()
    );
    assert_eq!(&rows[3][2], "2026-01-04");
    assert_eq!(&rows[3][6], "CNY");
}
