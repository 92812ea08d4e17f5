//! The spreadsheet: one worksheet per section. Money, percentages and
//! counts are numbers and dates are dates (formatted, never text or
//! formulas); headers are in the report's language; charts are PNG images
//! drawn from the same SVG with the report fonts.
//!
//! A spreadsheet stores numbers as IEEE doubles: each amount is the double
//! nearest its exact decimal (exact to the cent for any amount below 10^13);
//! the exact text is in the CSV export.

use std::collections::{BTreeSet, HashMap};

use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatBorder, Image, Workbook, Worksheet};

use crate::fonts::Fonts;
use crate::format::{self, minor_units};
use crate::model::{Block, Cell, Document, Figure, Section, Table};
use crate::{svg, ReportError};

const PNG_SCALE: f32 = 2.0;
/// Default row height in pixels, to step past a picture.
const ROW_PX: f64 = 20.0;

fn err(e: impl std::fmt::Display) -> ReportError {
    ReportError::Xlsx(e.to_string())
}

/// Excel's rules: at most 31 characters, none of `[]:*?/\`, unique.
fn sheet_name(heading: &str, used: &mut BTreeSet<String>) -> String {
    let clean: String = heading
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c })
        .collect::<String>()
        .trim()
        .trim_matches('\'')
        .to_string();
    let base: String = if clean.is_empty() {
        "Sheet".into()
    } else {
        clean
    };
    let mut n = 1;
    loop {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!(" ({n})")
        };
        let keep = 31 - suffix.chars().count();
        let name = format!("{}{suffix}", base.chars().take(keep).collect::<String>());
        if used.insert(name.to_lowercase()) {
            return name;
        }
        n += 1;
    }
}

/// Display width in Excel character units (CJK counts double).
fn text_width(s: &str) -> f64 {
    s.chars()
        .map(|c| if (c as u32) >= 0x2E80 { 2.0 } else { 1.0 })
        .sum()
}

struct Sheet<'a> {
    ws: &'a mut Worksheet,
    row: u32,
    widths: HashMap<u16, f64>,
    money: HashMap<String, Format>,
    bold: Format,
    header: Format,
    total: Format,
    percent: Format,
    date: Format,
    integer: Format,
}

impl Sheet<'_> {
    fn fit(&mut self, col: u16, text: &str) {
        let w = self.widths.entry(col).or_insert(8.0);
        *w = w.max(text_width(text) + 2.0);
    }

    fn money_format(&mut self, currency: &str, bold: bool) -> Format {
        let key = format!("{currency}{bold}");
        let places = minor_units(currency);
        let zeros = if places == 0 {
            String::new()
        } else {
            format!(".{}", "0".repeat(places as usize))
        };
        let code = format!("#,##0{zeros} \"{}\"", currency.replace('"', ""));
        self.money
            .entry(key)
            .or_insert_with(|| {
                let f = Format::new().set_num_format(code);
                if bold {
                    f.set_bold().set_border_top(FormatBorder::Thin)
                } else {
                    f
                }
            })
            .clone()
    }

    fn cell(&mut self, col: u16, c: &Cell, bold: bool) -> Result<(), ReportError> {
        let row = self.row;
        self.fit(col, &format::cell(c));
        let text_format = if bold {
            self.total.clone()
        } else {
            Format::new()
        };
        match c {
            Cell::Empty => {
                if bold {
                    self.ws.write_blank(row, col, &text_format).map_err(err)?;
                }
            }
            Cell::Text(s) => {
                self.ws
                    .write_string_with_format(row, col, s, &text_format)
                    .map_err(err)?;
            }
            Cell::Money { amount, currency } => {
                let f = self.money_format(currency, bold);
                let v: f64 = amount.to_string().parse().map_err(err)?;
                self.ws
                    .write_number_with_format(row, col, v, &f)
                    .map_err(err)?;
            }
            Cell::Percent(p) => {
                let v: f64 = p.to_string().parse::<f64>().map_err(err)? / 100.0;
                let f = if bold {
                    self.percent.clone().set_bold()
                } else {
                    self.percent.clone()
                };
                self.ws
                    .write_number_with_format(row, col, v, &f)
                    .map_err(err)?;
            }
            Cell::Date(d) => {
                use chrono::Datelike;
                let date = ExcelDateTime::from_ymd(
                    d.year().clamp(1900, 9999) as u16,
                    d.month() as u8,
                    d.day() as u8,
                )
                .map_err(err)?;
                self.ws
                    .write_datetime_with_format(row, col, &date, &self.date)
                    .map_err(err)?;
            }
            Cell::Decimal(d) => {
                let v: f64 = d.to_string().parse().map_err(err)?;
                self.ws.write_number(row, col, v).map_err(err)?;
            }
            Cell::Integer(n) => {
                let f = if bold {
                    self.integer.clone().set_bold()
                } else {
                    self.integer.clone()
                };
                self.ws
                    .write_number_with_format(row, col, *n as f64, &f)
                    .map_err(err)?;
            }
        }
        Ok(())
    }

    fn text(&mut self, s: &str, f: Option<&Format>) -> Result<(), ReportError> {
        match f {
            Some(f) => self
                .ws
                .write_string_with_format(self.row, 0, s, f)
                .map_err(err)?,
            None => self.ws.write_string(self.row, 0, s).map_err(err)?,
        };
        self.row += 1;
        Ok(())
    }

    fn table(&mut self, t: &Table) -> Result<(), ReportError> {
        let bold = self.bold.clone();
        self.text(&t.title, Some(&bold))?;
        let header = self.header.clone();
        for (i, h) in t.columns.iter().enumerate() {
            let col = i as u16;
            self.fit(col, h);
            self.ws
                .write_string_with_format(self.row, col, h, &header)
                .map_err(err)?;
        }
        self.row += 1;
        for r in &t.rows {
            for (i, c) in r.iter().enumerate() {
                self.cell(i as u16, c, false)?;
            }
            self.row += 1;
        }
        if let Some(total) = &t.total {
            for (i, c) in total.iter().enumerate() {
                self.cell(i as u16, c, true)?;
            }
            self.row += 1;
        }
        self.row += 1;
        Ok(())
    }

    fn figures(&mut self, figs: &[Figure]) -> Result<(), ReportError> {
        for f in figs {
            self.ws.write_string(self.row, 0, &f.label).map_err(err)?;
            self.fit(0, &f.label);
            self.cell(1, &f.value, false)?;
            if let Some(n) = &f.note {
                self.ws.write_string(self.row, 2, n).map_err(err)?;
            }
            self.row += 1;
        }
        self.row += 1;
        Ok(())
    }
}

fn section(
    ws: &mut Worksheet,
    doc: &Document,
    s: &Section,
    opts: &resvg::usvg::Options<'_>,
) -> Result<(), ReportError> {
    let bold = Format::new().set_bold();
    let mut sheet = Sheet {
        ws,
        row: 0,
        widths: HashMap::new(),
        money: HashMap::new(),
        header: Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xF3F4F6))
            .set_border_bottom(FormatBorder::Thin),
        total: Format::new().set_bold().set_border_top(FormatBorder::Thin),
        percent: Format::new().set_num_format("0.00%"),
        date: Format::new().set_num_format("yyyy-mm-dd"),
        integer: Format::new().set_num_format("#,##0"),
        bold: bold.clone(),
    };
    sheet.text(
        &doc.title,
        Some(&Format::new().set_bold().set_font_size(14)),
    )?;
    sheet.text(&format::header_lines(doc).join("    "), None)?;
    sheet.row += 1;
    sheet.text(
        &s.heading,
        Some(&Format::new().set_bold().set_font_size(12)),
    )?;
    sheet.row += 1;
    for b in &s.blocks {
        match b {
            Block::Subheading(t) => {
                sheet.row += 1;
                sheet.text(t, Some(&bold))?;
            }
            Block::Paragraph(t) => {
                for line in t.split('\n') {
                    sheet.text(line, None)?;
                }
                sheet.row += 1;
            }
            Block::Figures(f) => sheet.figures(f)?,
            Block::Table(t) => sheet.table(t)?,
            Block::Chart(c) => {
                sheet.text(&c.title, Some(&bold))?;
                let tree = svg::parse(&c.svg, opts, &c.title)?;
                let png = svg::png(&tree, PNG_SCALE, &c.title)?;
                let scale = 1.0 / f64::from(PNG_SCALE);
                let image = Image::new_from_buffer(&png)
                    .map_err(err)?
                    .set_scale_width(scale)
                    .set_scale_height(scale)
                    .set_alt_text(c.title.clone());
                sheet.ws.insert_image(sheet.row, 0, &image).map_err(err)?;
                let rows = (f64::from(tree.size().height()) / ROW_PX).ceil() as u32;
                sheet.row += rows + 1;
            }
        }
    }
    for (col, w) in sheet.widths {
        sheet.ws.set_column_width(col, w.min(60.0)).map_err(err)?;
    }
    Ok(())
}

pub fn render(doc: &Document, fonts: &Fonts) -> Result<Vec<u8>, ReportError> {
    let opts = svg::options(fonts);
    let mut book = Workbook::new();
    let mut used = BTreeSet::new();
    for s in &doc.sections {
        let ws = book.add_worksheet();
        ws.set_name(sheet_name(&s.heading, &mut used))
            .map_err(err)?;
        section(ws, doc, s, &opts)?;
    }
    if doc.sections.is_empty() {
        book.add_worksheet();
    }
    book.save_to_buffer().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_follow_excel_rules_and_stay_unique() {
        let mut used = BTreeSet::new();
        assert_eq!(
            sheet_name("Cost by team: 2025/10", &mut used),
            "Cost by team  2025 10"
        );
        assert_eq!(
            sheet_name("Cost by team: 2025/10", &mut used),
            "Cost by team  2025 10 (2)"
        );
        let long = sheet_name(&"数据来源".repeat(10), &mut used);
        assert_eq!(long.chars().count(), 31);
        assert_eq!(sheet_name("", &mut used), "Sheet");
    }
}
