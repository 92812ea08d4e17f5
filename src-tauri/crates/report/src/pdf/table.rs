//! Tables in the PDF: column widths from the content, numbers right-aligned
//! and never wrapped when it can be helped, text wrapped, and on every page
//! a table continues onto, its title and header row again.

use crate::format;
use crate::model::{Cell, Table};
use crate::wrap::{min_width, natural_width, wrap};

use super::flow::{Flow, Op, Rgb, INK, LEFT, MUTED, RULE, SHADE, WIDTH};

const PAD_X: f32 = 4.0;
const PAD_Y: f32 = 2.6;
const SIZES: [f32; 4] = [8.0, 7.2, 6.5, 5.8];

struct Grid {
    headers: Vec<String>,
    numeric: Vec<bool>,
    rows: Vec<Vec<String>>,
    total: Option<Vec<String>>,
}

/// A money column whose cells share one currency names it in the header
/// and shows bare numbers; other columns keep the currency in each cell.
fn grid(t: &Table) -> Grid {
    let all_rows = || t.rows.iter().chain(t.total.iter());
    let mut headers = t.columns.clone();
    let mut shared: Vec<Option<String>> = vec![None; headers.len()];
    let mut numeric = vec![false; headers.len()];
    for (i, h) in headers.iter_mut().enumerate() {
        let cells: Vec<&Cell> = all_rows()
            .filter_map(|r| r.get(i))
            .filter(|c| **c != Cell::Empty)
            .collect();
        numeric[i] = !cells.is_empty() && cells.iter().all(|c| c.is_numeric());
        let currencies: std::collections::BTreeSet<&str> = cells
            .iter()
            .filter_map(|c| match c {
                Cell::Money { currency, .. } => Some(currency.as_str()),
                _ => None,
            })
            .collect();
        let all_money = cells.iter().all(|c| matches!(c, Cell::Money { .. }));
        if all_money && currencies.len() == 1 {
            if let Some(c) = currencies.first() {
                h.push_str(&format!(" ({c})"));
                shared[i] = Some((*c).to_string());
            }
        }
    }
    let text = |row: &Vec<Cell>| -> Vec<String> {
        (0..headers.len())
            .map(|i| match (row.get(i), &shared[i]) {
                (Some(Cell::Money { amount, currency }), Some(_)) => {
                    format::grouped(*amount, format::minor_units(currency))
                }
                (Some(c), _) => format::cell(c),
                (None, _) => String::new(),
            })
            .collect()
    };
    Grid {
        rows: t.rows.iter().map(text).collect(),
        total: t.total.as_ref().map(text),
        headers,
        numeric,
    }
}

/// Column widths filling the text width, or `None` when even the least
/// widths do not fit at this size.
fn widths(flow: &Flow<'_>, g: &Grid, size: f32) -> Option<Vec<f32>> {
    let f = flow.fonts;
    let n = g.headers.len();
    let mut natural = vec![0.0f32; n];
    let mut least = vec![0.0f32; n];
    for i in 0..n {
        let cells = || g.rows.iter().chain(g.total.iter()).filter_map(|r| r.get(i));
        let widest = cells().fold(0.0f32, |m, c| m.max(natural_width(f, c, size)));
        natural[i] = widest.max(natural_width(f, &g.headers[i], size)) + 2.0 * PAD_X;
        let header_least = min_width(f, &g.headers[i], size) + 2.0 * PAD_X;
        // A cell's longest unbreakable word (a file name, an id) keeps whole
        // when that takes no more than a quarter of the line.
        let word = cells().fold(0.0f32, |m, c| m.max(min_width(f, c, size)));
        let word_least = (word + 2.0 * PAD_X).min(WIDTH / 4.0);
        least[i] = if g.numeric[i] {
            natural[i]
        } else {
            header_least.max(natural[i].min(70.0)).max(word_least)
        };
    }
    let sum: f32 = natural.iter().sum();
    if sum <= WIDTH {
        let flexible: f32 = (0..n).filter(|&i| !g.numeric[i]).map(|i| natural[i]).sum();
        let extra = WIDTH - sum;
        return Some(
            (0..n)
                .map(|i| match (flexible > 0.0, g.numeric[i]) {
                    (true, false) => natural[i] + extra * natural[i] / flexible,
                    (true, true) => natural[i],
                    (false, _) => natural[i] + extra * natural[i] / sum,
                })
                .collect(),
        );
    }
    if least.iter().sum::<f32>() > WIDTH {
        return None;
    }
    // Text columns share what the numbers leave, in proportion to their
    // natural width, none below its least width.
    let mut w = least.clone();
    let mut left = WIDTH - least.iter().sum::<f32>();
    let grow: Vec<usize> = (0..n).filter(|&i| natural[i] > least[i]).collect();
    let want: f32 = grow.iter().map(|&i| natural[i] - least[i]).sum();
    for &i in &grow {
        let add = (natural[i] - least[i]) / want * left;
        w[i] += add;
    }
    left = WIDTH - w.iter().sum::<f32>();
    if let Some(last) = w.last_mut() {
        *last += left.max(0.0);
    }
    Some(w)
}

struct Layout {
    size: f32,
    widths: Vec<f32>,
}

fn layout(flow: &Flow<'_>, g: &Grid) -> Layout {
    for size in SIZES {
        if let Some(widths) = widths(flow, g, size) {
            return Layout { size, widths };
        }
    }
    // Too many columns for the page: equal shares at the smallest size,
    // every cell wrapping as it must.
    let n = g.headers.len().max(1) as f32;
    Layout {
        size: SIZES[SIZES.len() - 1],
        widths: vec![WIDTH / n; g.headers.len()],
    }
}

fn row_lines(flow: &Flow<'_>, l: &Layout, row: &[String]) -> Vec<Vec<String>> {
    row.iter()
        .zip(&l.widths)
        .map(|(c, w)| wrap(flow.fonts, c, l.size, w - 2.0 * PAD_X))
        .collect()
}

fn height(l: &Layout, lines: &[Vec<String>]) -> f32 {
    let n = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
    n as f32 * l.size * 1.3 + 2.0 * PAD_Y
}

struct Style {
    fill: Option<Rgb>,
    bold: bool,
    color: Rgb,
}

fn draw_row(flow: &mut Flow<'_>, l: &Layout, g: &Grid, lines: &[Vec<String>], style: Style) {
    let h = height(l, lines);
    if let Some(color) = style.fill {
        flow.push(Op::Rect {
            x: LEFT,
            y: flow.y,
            w: WIDTH,
            h,
            color,
        });
    }
    let mut x = LEFT;
    for (i, (cell, w)) in lines.iter().zip(&l.widths).enumerate() {
        for (k, line) in cell.iter().enumerate() {
            let baseline = flow.y + PAD_Y + l.size * (1.0 + 1.3 * k as f32);
            let tx = if g.numeric[i] {
                x + w - PAD_X - flow.fonts.width(line, l.size)
            } else {
                x + PAD_X
            };
            flow.text(tx, baseline, l.size, line, style.color, style.bold);
        }
        x += w;
    }
    flow.y += h;
}

fn draw_header(flow: &mut Flow<'_>, l: &Layout, g: &Grid, title: &str, header: &[Vec<String>]) {
    flow.text(LEFT, flow.y + 9.5, 9.5, title, INK, true);
    flow.y += 15.0;
    draw_row(
        flow,
        l,
        g,
        header,
        Style {
            fill: Some(SHADE),
            bold: true,
            color: INK,
        },
    );
    flow.rule(RULE);
}

pub fn table(flow: &mut Flow<'_>, t: &Table, continued: &str) {
    let g = grid(t);
    let l = layout(flow, &g);
    let header = row_lines(flow, &l, &g.headers);
    let header_h = 15.0 + height(&l, &header);
    let rows: Vec<Vec<Vec<String>>> = g.rows.iter().map(|r| row_lines(flow, &l, r)).collect();
    let first = rows.first().map(|r| height(&l, r)).unwrap_or(0.0);
    flow.gap(8.0);
    flow.ensure(header_h + first);
    draw_header(flow, &l, &g, &t.title, &header);
    let continued_title = format!("{}{continued}", t.title);
    for (i, lines) in rows.iter().enumerate() {
        let h = height(&l, lines);
        if flow.y + h > super::flow::BOTTOM {
            flow.new_page();
            draw_header(flow, &l, &g, &continued_title, &header);
        }
        let fill = (i % 2 == 1).then_some((249, 250, 251));
        draw_row(
            flow,
            &l,
            &g,
            lines,
            Style {
                fill,
                bold: false,
                color: INK,
            },
        );
    }
    if let Some(total) = &g.total {
        let lines = row_lines(flow, &l, total);
        if flow.y + height(&l, &lines) > super::flow::BOTTOM {
            flow.new_page();
            draw_header(flow, &l, &g, &continued_title, &header);
        }
        flow.push(Op::Line {
            x1: LEFT,
            y1: flow.y,
            x2: LEFT + WIDTH,
            y2: flow.y,
            width: 1.0,
            color: MUTED,
        });
        draw_row(
            flow,
            &l,
            &g,
            &lines,
            Style {
                fill: None,
                bold: true,
                color: INK,
            },
        );
    }
    flow.y += 6.0;
}
