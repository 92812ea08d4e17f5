//! The PDF read back with poppler: text in both languages, totals, page
//! numbers, the table of contents, repeated table headers, embedded subset
//! fonts, and every page rasterised.

mod common;

use std::path::Path;
use std::process::Command;

use cloudlens_report::{format, render, Fonts, Format, Language};
use common::*;

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} (poppler-utils) is needed: {e}"));
    assert!(
        out.status.success(),
        "{name} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn write_pdf(dir: &Path, language: Language) -> std::path::PathBuf {
    let bytes = render(&sample(language), Format::Pdf, &Fonts::embedded()).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let path = dir.join(format!("{}.pdf", language.tag()));
    std::fs::write(&path, bytes).unwrap();
    path
}

fn pages(path: &Path) -> Vec<String> {
    let text = tool("pdftotext", &["-layout", path.to_str().unwrap(), "-"]);
    text.split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn chinese_pdf_reads_back_with_its_text_totals_and_page_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_pdf(dir.path(), Language::ZhCn);
    let pages = pages(&path);
    let all = pages.join("\n");
    for needle in [
        "月度云成本报告",
        "目录",
        "概览",
        "资源明细",
        "数据来源",
        "云服务器 ECS",
        "按币种的费用",
        "阿里云",
        "合计",
    ] {
        assert!(all.contains(needle), "{needle:?} not in the PDF text");
    }
    let total = format::grouped(long_total(), 2);
    assert!(all.contains(&total), "the total {total} is not in the PDF");
    assert!(
        all.contains("1,234.57 CNY") && all.contains("-12.50 USD") && all.contains("1,500 JPY")
    );
    let n = pages.len();
    assert!(n >= 5, "{n} pages");
    for (i, p) in pages.iter().enumerate() {
        assert!(
            p.contains(&format!("第 {} 页，共 {n} 页", i + 1)),
            "page {} has no number",
            i + 1
        );
    }
    // The contents list each section with the page it starts on.
    let toc = pages[0]
        .lines()
        .find(|l| l.contains("2. 资源明细"))
        .expect("contents line");
    assert!(toc.trim_end().ends_with('3'), "{toc}");
    assert!(pages[2].contains("资源明细") && pages[2].contains("i-00000"));
}

#[test]
fn english_pdf_reads_back_and_long_tables_repeat_their_header_on_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_pdf(dir.path(), Language::En);
    let pages = pages(&path);
    let with_rows: Vec<&String> = pages.iter().filter(|p| p.contains("-web-server")).collect();
    assert!(
        with_rows.len() >= 3,
        "the long table spans {} pages",
        with_rows.len()
    );
    for (k, p) in with_rows.iter().enumerate() {
        let header = p.lines().position(|l| {
            l.contains("Resource") && l.contains("First day") && l.contains("Cost (CNY)")
        });
        let first_row = p.lines().position(|l| l.contains("-web-server"));
        assert!(
            header.is_some() && header < first_row,
            "page {k} of the table has no header above its rows"
        );
        if k > 0 {
            assert!(p.contains("Cost by resource (continued)"));
        }
    }
    // Every row is there, once.
    let rows: usize = with_rows
        .iter()
        .map(|p| p.matches("-web-server").count())
        .sum();
    assert_eq!(rows, LONG_ROWS);
    let all = pages.join("\n");
    assert!(all.contains("Monthly cloud cost report") && all.contains("Contents"));
    assert!(all.contains(&format::grouped(long_total(), 2)));
    assert!(all.contains(&format!("Page 1 of {}", pages.len())));
    // Chart labels are text too (drawn as vector glyphs, not a picture).
    assert!(all.contains("Daily cost by service"));
}

#[test]
fn fonts_are_embedded_as_subsets_and_every_page_rasterises() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_pdf(dir.path(), Language::ZhCn);
    let fonts = tool("pdffonts", &[path.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty());
    for r in &rows {
        let cols: Vec<&str> = r.split_whitespace().collect();
        // name, type..., emb, sub, uni, object, id
        let n = cols.len();
        assert_eq!(
            &cols[n - 5..n - 2],
            &["yes", "yes", "yes"],
            "font not embedded as a subset with Unicode: {r}"
        );
    }
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(
        size < 600_000,
        "the PDF is {size} bytes: fonts are not subset"
    );
    let prefix = dir.path().join("page");
    tool(
        "pdftoppm",
        &[
            "-r",
            "50",
            "-png",
            path.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let pngs = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "png")
        })
        .count();
    assert_eq!(pngs, pages(&path).len());
}
