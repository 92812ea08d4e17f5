//! One self-contained HTML file: inline CSS, charts as inline SVG, no
//! script, no font, image, style sheet or link outside the file. Printing
//! repeats table headers on every page.

use std::fmt::Write;

use crate::format::{self, labels};
use crate::model::{Block, Cell, Document, Figure, Table};

const STYLE: &str = "
:root{color-scheme:light;--ink:#111827;--muted:#6B7280;--rule:#D1D5DB;--shade:#F3F4F6;--accent:#0072B2}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif;color:var(--ink);background:#fff}
main{max-width:1040px;margin:0 auto;padding:32px 24px 64px}
h1{font-size:28px;margin:0 0 8px}
.meta{color:var(--muted);margin:0 0 24px}
.meta p{margin:2px 0}
nav ol{padding-left:20px}
nav a{color:var(--accent);text-decoration:none}
section{margin-top:40px;border-top:1px solid var(--rule);padding-top:16px}
h2{font-size:22px;margin:0 0 12px}
h3{font-size:16px;margin:24px 0 8px}
.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:10px;margin:12px 0}
.figure{background:var(--shade);border-radius:6px;padding:10px 12px}
.figure .label{color:var(--muted);font-size:12px}
.figure .value{font-size:20px;font-weight:600;font-variant-numeric:tabular-nums}
.figure .note{color:var(--muted);font-size:12px}
.table-wrap{overflow-x:auto;margin:12px 0}
table{border-collapse:collapse;width:100%;font-size:13px}
caption{text-align:left;font-weight:600;padding:4px 0}
th,td{padding:4px 8px;border-bottom:1px solid var(--rule);text-align:left;vertical-align:top}
thead th{background:var(--shade)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tbody tr:nth-child(even){background:#F9FAFB}
tfoot td{font-weight:600;border-top:2px solid var(--muted)}
figure{margin:16px 0}
figcaption{font-weight:600;margin-bottom:6px}
figure svg{max-width:100%;height:auto}
@media print{@page{size:A4;margin:16mm}main{max-width:none;padding:0}section{break-before:page;border:0}thead{display:table-header-group}tr{break-inside:avoid}}
";

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The chart's SVG without its namespace declarations (HTML puts `<svg>` in
/// the SVG namespace by itself), sized by its viewBox.
fn inline_svg(svg: &str) -> String {
    let body = svg
        .find("<svg")
        .map(|i| &svg[i..])
        .unwrap_or(svg)
        .replace(" xmlns=\"http://www.w3.org/2000/svg\"", "")
        .replace(" xmlns:xlink=\"http://www.w3.org/1999/xlink\"", "");
    body.trim().to_string()
}

fn cell_html(c: &Cell) -> String {
    let text = escape(&format::cell(c));
    match c {
        Cell::Money { amount, currency } => {
            format!(
                "<td class=\"num\" data-value=\"{amount}\" data-currency=\"{}\">{text}</td>",
                escape(currency)
            )
        }
        Cell::Date(d) => format!("<td><time datetime=\"{d}\">{text}</time></td>"),
        c if c.is_numeric() => format!("<td class=\"num\">{text}</td>"),
        _ => format!("<td>{text}</td>"),
    }
}

fn table(out: &mut String, t: &Table) {
    let numeric: Vec<bool> = (0..t.columns.len())
        .map(|i| {
            let mut cells = t
                .rows
                .iter()
                .filter_map(|r| r.get(i))
                .filter(|c| **c != Cell::Empty)
                .peekable();
            cells.peek().is_some() && cells.all(Cell::is_numeric)
        })
        .collect();
    let _ = write!(
        out,
        "<div class=\"table-wrap\"><table><caption>{}</caption><thead><tr>",
        escape(&t.title)
    );
    for (h, num) in t.columns.iter().zip(&numeric) {
        let class = if *num { " class=\"num\"" } else { "" };
        let _ = write!(out, "<th scope=\"col\"{class}>{}</th>", escape(h));
    }
    out.push_str("</tr></thead><tbody>");
    for row in &t.rows {
        out.push_str("<tr>");
        for c in row {
            out.push_str(&cell_html(c));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody>");
    if let Some(total) = &t.total {
        out.push_str("<tfoot><tr>");
        for c in total {
            out.push_str(&cell_html(c));
        }
        out.push_str("</tr></tfoot>");
    }
    out.push_str("</table></div>");
}

fn figures(out: &mut String, figs: &[Figure]) {
    out.push_str("<div class=\"figures\">");
    for f in figs {
        let _ = write!(
            out,
            "<div class=\"figure\"><div class=\"label\">{}</div><div class=\"value\">{}</div>",
            escape(&f.label),
            escape(&format::cell(&f.value))
        );
        if let Some(n) = &f.note {
            let _ = write!(out, "<div class=\"note\">{}</div>", escape(n));
        }
        out.push_str("</div>");
    }
    out.push_str("</div>");
}

pub fn render(doc: &Document) -> String {
    let l = labels(doc.language);
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"generator\" content=\"CloudLens\"><title>{}</title><style>{STYLE}</style></head><body><main>",
        doc.language.tag(),
        escape(&doc.title)
    );
    let _ = write!(
        out,
        "<header><h1>{}</h1><div class=\"meta\">",
        escape(&doc.title)
    );
    for line in format::header_lines(doc) {
        let _ = write!(out, "<p>{}</p>", escape(&line));
    }
    let _ = write!(
        out,
        "</div></header><nav><h2>{}</h2><ol>",
        escape(l.contents)
    );
    for (i, s) in doc.sections.iter().enumerate() {
        let _ = write!(
            out,
            "<li><a href=\"#section-{}\">{}</a></li>",
            i + 1,
            escape(&s.heading)
        );
    }
    out.push_str("</ol></nav>");
    for (i, s) in doc.sections.iter().enumerate() {
        let _ = write!(
            out,
            "<section id=\"section-{}\"><h2>{}</h2>",
            i + 1,
            escape(&s.heading)
        );
        for b in &s.blocks {
            match b {
                Block::Subheading(t) => {
                    let _ = write!(out, "<h3>{}</h3>", escape(t));
                }
                Block::Paragraph(t) => {
                    let _ = write!(out, "<p>{}</p>", escape(t).replace('\n', "<br>"));
                }
                Block::Figures(f) => figures(&mut out, f),
                Block::Table(t) => table(&mut out, t),
                Block::Chart(c) => {
                    let _ = write!(
                        out,
                        "<figure><figcaption>{}</figcaption>{}</figure>",
                        escape(&c.title),
                        inline_svg(&c.svg)
                    );
                }
            }
        }
        out.push_str("</section>");
    }
    out.push_str("</main></body></html>\n");
    out
}
