//! Page flow: blocks placed top to bottom on A4 pages, a new page when the
//! next piece does not fit. The result is a list of drawing operations per
//! page; nothing is drawn until every page number is known.

use crate::fonts::Fonts;
use crate::wrap::wrap;

pub const PAGE_W: f32 = 595.276;
pub const PAGE_H: f32 = 841.89;
pub const LEFT: f32 = 50.0;
pub const RIGHT: f32 = PAGE_W - 50.0;
pub const TOP: f32 = 66.0;
pub const BOTTOM: f32 = PAGE_H - 60.0;
pub const WIDTH: f32 = RIGHT - LEFT;

pub type Rgb = (u8, u8, u8);
pub const INK: Rgb = (17, 24, 39);
pub const MUTED: Rgb = (107, 114, 128);
pub const RULE: Rgb = (209, 213, 219);
pub const SHADE: Rgb = (243, 244, 246);
pub const ACCENT: Rgb = (0, 114, 178);

#[derive(Debug, Clone)]
pub enum Op {
    /// `y` is the baseline.
    Text {
        x: f32,
        y: f32,
        size: f32,
        text: String,
        color: Rgb,
        bold: bool,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        color: Rgb,
    },
    /// Chart `index` scaled into the box.
    Svg {
        index: usize,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
    /// A table-of-contents line whose page number is filled in at the end.
    TocEntry { section: usize, y: f32, size: f32 },
}

pub struct Page {
    pub ops: Vec<Op>,
    /// The section the page belongs to (running header), if any.
    pub section: Option<usize>,
}

pub struct Flow<'a> {
    pub fonts: &'a Fonts,
    pub pages: Vec<Page>,
    pub y: f32,
    section: Option<usize>,
}

impl<'a> Flow<'a> {
    pub fn new(fonts: &'a Fonts) -> Self {
        Self {
            fonts,
            pages: vec![Page {
                ops: Vec::new(),
                section: None,
            }],
            y: TOP,
            section: None,
        }
    }

    pub fn page_index(&self) -> usize {
        self.pages.len() - 1
    }

    pub fn new_page(&mut self) {
        self.pages.push(Page {
            ops: Vec::new(),
            section: self.section,
        });
        self.y = TOP;
    }

    /// Starts a section on a fresh page.
    pub fn start_section(&mut self, section: usize) {
        self.section = Some(section);
        if self.y > TOP || !self.pages.last().is_some_and(|p| p.ops.is_empty()) {
            self.new_page();
        }
        if let Some(p) = self.pages.last_mut() {
            p.section = Some(section);
        }
    }

    fn at_top(&self) -> bool {
        self.y <= TOP + 0.01
    }

    /// Moves to a new page unless `h` more points fit (or the page is empty).
    pub fn ensure(&mut self, h: f32) {
        if self.y + h > BOTTOM && !self.at_top() {
            self.new_page();
        }
    }

    pub fn push(&mut self, op: Op) {
        if let Some(p) = self.pages.last_mut() {
            p.ops.push(op);
        }
    }

    pub fn gap(&mut self, h: f32) {
        if !self.at_top() {
            self.y += h;
        }
    }

    pub fn text(&mut self, x: f32, baseline: f32, size: f32, text: &str, color: Rgb, bold: bool) {
        self.push(Op::Text {
            x,
            y: baseline,
            size,
            text: text.to_string(),
            color,
            bold,
        });
    }

    /// Wrapped text across the width, breaking across pages by line.
    pub fn paragraph(&mut self, text: &str, size: f32, color: Rgb, bold: bool) {
        let line_h = size * 1.5;
        for line in wrap(self.fonts, text, size, WIDTH) {
            self.ensure(line_h);
            let baseline = self.y + size * 1.1;
            self.text(LEFT, baseline, size, &line, color, bold);
            self.y += line_h;
        }
    }

    /// A heading kept with at least `keep` points of what follows it.
    pub fn heading(&mut self, text: &str, size: f32, keep: f32) {
        self.gap(size * 0.8);
        let lines = wrap(self.fonts, text, size, WIDTH);
        self.ensure(lines.len() as f32 * size * 1.4 + keep);
        for line in lines {
            self.text(LEFT, self.y + size * 1.05, size, &line, INK, true);
            self.y += size * 1.4;
        }
        self.y += size * 0.3;
    }

    pub fn rule(&mut self, color: Rgb) {
        self.push(Op::Line {
            x1: LEFT,
            y1: self.y,
            x2: RIGHT,
            y2: self.y,
            width: 0.6,
            color,
        });
    }
}
