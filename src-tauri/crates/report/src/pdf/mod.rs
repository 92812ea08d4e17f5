//! The PDF: A4, the report fonts embedded as subsets (krilla subsets every
//! font it embeds), a title page with the table of contents, each section
//! from a new page, running headers, page numbers, bookmarks, and charts as
//! vector graphics.

mod flow;
mod table;
mod write;

use resvg::usvg;

use crate::fonts::Fonts;
use crate::format::{self, labels};
use crate::model::{Block, Cell, Document, Figure};
use crate::{svg, ReportError};

use flow::{Flow, Op, ACCENT, INK, LEFT, MUTED, RULE, WIDTH};

/// Where each section starts: (page index, y).
pub(crate) struct Laid {
    pages: Vec<flow::Page>,
    starts: Vec<(usize, f32)>,
    charts: Vec<usvg::Tree>,
}

pub fn render(doc: &Document, fonts: &Fonts) -> Result<Vec<u8>, ReportError> {
    let laid = lay_out(doc, fonts)?;
    write::write(doc, fonts, &laid)
}

fn lay_out(doc: &Document, fonts: &Fonts) -> Result<Laid, ReportError> {
    let l = labels(doc.language);
    let opts = svg::options(fonts);
    let mut f = Flow::new(fonts);
    let mut charts = Vec::new();
    let mut starts = Vec::with_capacity(doc.sections.len());

    // Title page: title, what the report covers, contents.
    f.y += 30.0;
    for line in crate::wrap::wrap(fonts, &doc.title, 22.0, WIDTH) {
        f.text(LEFT, f.y + 22.0, 22.0, &line, INK, true);
        f.y += 30.0;
    }
    f.y += 6.0;
    for line in format::header_lines(doc) {
        f.paragraph(&line, 9.5, MUTED, false);
    }
    f.y += 10.0;
    f.rule(RULE);
    f.y += 14.0;
    f.heading(l.contents, 14.0, 20.0);
    for i in 0..doc.sections.len() {
        f.ensure(18.0);
        f.push(Op::TocEntry {
            section: i,
            y: f.y + 10.5,
            size: 10.5,
        });
        f.y += 18.0;
    }

    for (i, s) in doc.sections.iter().enumerate() {
        f.start_section(i);
        starts.push((f.page_index(), f.y));
        f.heading(&s.heading, 16.0, 40.0);
        f.push(Op::Line {
            x1: LEFT,
            y1: f.y - 2.0,
            x2: LEFT + 40.0,
            y2: f.y - 2.0,
            width: 2.0,
            color: ACCENT,
        });
        f.y += 6.0;
        for b in &s.blocks {
            match b {
                Block::Subheading(t) => f.heading(t, 12.0, 30.0),
                Block::Paragraph(t) => {
                    f.gap(3.0);
                    f.paragraph(t, 9.5, INK, false);
                }
                Block::Figures(figs) => figures(&mut f, figs),
                Block::Table(t) => table::table(&mut f, t, l.continued),
                Block::Chart(c) => {
                    let tree = svg::parse(&c.svg, &opts, &c.title)?;
                    // SVG units are CSS pixels: 0.75 pt each, but never wider than the text.
                    let size = tree.size();
                    let w = (size.width() * 0.75).min(WIDTH);
                    let h = size.height() * w / size.width();
                    f.gap(10.0);
                    f.ensure(h + 16.0);
                    f.text(LEFT, f.y + 9.5, 9.5, &c.title, INK, true);
                    f.y += 16.0;
                    f.push(Op::Svg {
                        index: charts.len(),
                        x: LEFT,
                        y: f.y,
                        w,
                        h,
                    });
                    charts.push(tree);
                    f.y += h + 4.0;
                }
            }
        }
    }
    let missing = fonts.missing();
    if !missing.is_empty() {
        // Said on the last page, so no character is lost without a word.
        let list: String = missing.iter().collect();
        f.gap(12.0);
        f.paragraph(&format!("{}: {list}", l.missing_glyphs), 8.0, MUTED, false);
    }
    Ok(Laid {
        pages: f.pages,
        starts,
        charts,
    })
}

/// Key figures as tiles, three to a row.
fn figures(f: &mut Flow<'_>, figs: &[Figure]) {
    const PER_ROW: usize = 3;
    const GAP: f32 = 8.0;
    const H: f32 = 54.0;
    let w = (WIDTH - GAP * (PER_ROW as f32 - 1.0)) / PER_ROW as f32;
    f.gap(8.0);
    for row in figs.chunks(PER_ROW) {
        f.ensure(H + GAP);
        for (k, fig) in row.iter().enumerate() {
            let x = LEFT + k as f32 * (w + GAP);
            f.push(Op::Rect {
                x,
                y: f.y,
                w,
                h: H,
                color: flow::SHADE,
            });
            let label = fit(f.fonts, &fig.label, 7.5, w - 16.0);
            f.text(x + 8.0, f.y + 14.0, 7.5, &label, MUTED, false);
            let value = match &fig.value {
                Cell::Text(t) => t.clone(),
                c => format::cell(c),
            };
            let mut size = 13.0;
            while size > 7.0 && f.fonts.width(&value, size) > w - 16.0 {
                size -= 0.5;
            }
            f.text(x + 8.0, f.y + 33.0, size, &value, INK, true);
            if let Some(note) = &fig.note {
                let note = fit(f.fonts, note, 7.0, w - 16.0);
                f.text(x + 8.0, f.y + 47.0, 7.0, &note, MUTED, false);
            }
        }
        f.y += H + GAP;
    }
}

/// `text` cut with an ellipsis to fit `width`.
fn fit(fonts: &Fonts, text: &str, size: f32, width: f32) -> String {
    if fonts.width(text, size) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for ch in text.chars() {
        if fonts.width(&out, size) + fonts.width(&format!("{ch}…"), size) > width {
            break;
        }
        out.push(ch);
    }
    out.push('…');
    out
}
