//! Laid-out pages drawn with krilla: glyphs placed by the advances the
//! layout measured, headings in a stroked (heavier) weight of the same font,
//! table-of-contents lines linked to their sections, and bookmarks.

use chrono::{Datelike, Timelike};
use krilla::color::rgb;
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla_svg::{SurfaceExt, SvgSettings};

use crate::fonts::Fonts;
use crate::format::labels;
use crate::model::Document;
use crate::ReportError;

use super::flow::{Op, Rgb, INK, LEFT, MUTED, PAGE_H, PAGE_W, RIGHT, RULE};
use super::Laid;

fn paint(c: Rgb) -> krilla::paint::Paint {
    rgb::Color::new(c.0, c.1, c.2).into()
}

fn fill(c: Rgb) -> Fill {
    Fill {
        paint: paint(c),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }
}

fn stroke(c: Rgb, width: f32, dash: Option<StrokeDash>) -> Stroke {
    Stroke {
        paint: paint(c),
        width,
        dash,
        ..Stroke::default()
    }
}

/// How text is drawn: size in points, colour, weight.
#[derive(Clone, Copy)]
struct Ink {
    size: f32,
    color: Rgb,
    bold: bool,
}

fn ink(size: f32, color: Rgb) -> Ink {
    Ink {
        size,
        color,
        bold: false,
    }
}

struct Pen<'a> {
    fonts: &'a Fonts,
    faces: Vec<Font>,
}

impl Pen<'_> {
    /// Draws `text` with its baseline at `(x, y)`, one run per face.
    fn text(&self, s: &mut Surface<'_>, (x, y): (f32, f32), text: &str, ink: Ink) {
        let Ink { size, color, bold } = ink;
        s.set_fill(Some(fill(color)));
        s.set_stroke(bold.then(|| stroke(color, size * 0.045, None)));
        let mut x = x;
        let mut run: Vec<KrillaGlyph> = Vec::new();
        let mut run_face = 0usize;
        let mut run_start = 0usize;
        let flush = |s: &mut Surface<'_>,
                     run: &mut Vec<KrillaGlyph>,
                     face: usize,
                     start: usize,
                     end: usize,
                     x: &mut f32| {
            if run.is_empty() {
                return;
            }
            if let Some(font) = self.faces.get(face) {
                s.draw_glyphs(
                    Point::from_xy(*x, y),
                    run,
                    font.clone(),
                    &text[start..end],
                    size,
                    false,
                );
            }
            *x += run.iter().map(|g| g.x_advance).sum::<f32>() * size;
            run.clear();
        };
        for (pos, ch) in text.char_indices() {
            let p = self.fonts.place(ch);
            if p.face != run_face && !run.is_empty() {
                flush(s, &mut run, run_face, run_start, pos, &mut x);
            }
            if run.is_empty() {
                run_face = p.face;
                run_start = pos;
            }
            run.push(KrillaGlyph {
                glyph_id: GlyphId::new(p.glyph),
                text_range: (pos - run_start)..(pos - run_start + ch.len_utf8()),
                x_advance: p.advance,
                x_offset: 0.0,
                y_offset: 0.0,
                y_advance: 0.0,
                location: None,
            });
        }
        flush(s, &mut run, run_face, run_start, text.len(), &mut x);
        s.set_stroke(None);
    }
}

fn rect(s: &mut Surface<'_>, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
    let Some(r) = Rect::from_xywh(x, y, w, h) else {
        return;
    };
    let mut pb = PathBuilder::new();
    pb.push_rect(r);
    if let Some(path) = pb.finish() {
        s.set_stroke(None);
        s.set_fill(Some(fill(color)));
        s.draw_path(&path);
    }
}

fn line(s: &mut Surface<'_>, (x1, y1, x2, y2): (f32, f32, f32, f32), st: Stroke) {
    let mut pb = PathBuilder::new();
    pb.move_to(x1, y1);
    pb.line_to(x2, y2);
    if let Some(path) = pb.finish() {
        s.set_fill(None);
        s.set_stroke(Some(st));
        s.draw_path(&path);
        s.set_stroke(None);
    }
}

fn metadata(doc: &Document) -> Metadata {
    let t = doc.generated_at;
    let date = DateTime::new(t.year().clamp(0, 9999) as u16)
        .month(t.month() as u8)
        .day(t.day() as u8)
        .hour(t.hour() as u8)
        .minute(t.minute() as u8)
        .second(t.second() as u8)
        .utc_offset_hour(0)
        .utc_offset_minute(0);
    Metadata::new()
        .title(doc.title.clone())
        .language(doc.language.tag().to_string())
        .creator("CloudLens".to_string())
        .producer("CloudLens".to_string())
        .creation_date(date)
}

pub fn write(doc: &Document, fonts: &Fonts, laid: &Laid) -> Result<Vec<u8>, ReportError> {
    let l = labels(doc.language);
    let faces = (0..fonts.face_count())
        .filter_map(|i| fonts.face_data(i))
        .map(|(data, index)| Font::new(krilla::Data::from(data), index))
        .collect::<Option<Vec<Font>>>()
        .ok_or_else(|| ReportError::Pdf("a report font could not be read".into()))?;
    let pen = Pen { fonts, faces };
    let total = laid.pages.len();
    let mut pdf = krilla::Document::new();
    pdf.set_metadata(metadata(doc));
    let size = Size::from_wh(PAGE_W, PAGE_H).ok_or_else(|| ReportError::Pdf("page size".into()))?;
    for (index, page) in laid.pages.iter().enumerate() {
        let mut p = pdf.start_page_with(PageSettings::new(size));
        let mut links: Vec<(Rect, usize)> = Vec::new();
        let mut s = p.surface();
        if let Some(sec) = page.section.and_then(|i| doc.sections.get(i)) {
            pen.text(&mut s, (LEFT, 38.0), &doc.title, ink(7.5, MUTED));
            let w = fonts.width(&sec.heading, 7.5);
            pen.text(&mut s, (RIGHT - w, 38.0), &sec.heading, ink(7.5, MUTED));
            line(&mut s, (LEFT, 44.0, RIGHT, 44.0), stroke(RULE, 0.5, None));
        }
        let footer = (l.page)(index + 1, total);
        let w = fonts.width(&footer, 7.5);
        pen.text(
            &mut s,
            ((PAGE_W - w) / 2.0, PAGE_H - 32.0),
            &footer,
            ink(7.5, MUTED),
        );
        for op in &page.ops {
            match op {
                Op::Text {
                    x,
                    y,
                    size,
                    text,
                    color,
                    bold,
                } => pen.text(
                    &mut s,
                    (*x, *y),
                    text,
                    Ink {
                        size: *size,
                        color: *color,
                        bold: *bold,
                    },
                ),
                Op::Rect { x, y, w, h, color } => rect(&mut s, *x, *y, *w, *h, *color),
                Op::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    width,
                    color,
                } => line(&mut s, (*x1, *y1, *x2, *y2), stroke(*color, *width, None)),
                Op::Svg { index, x, y, w, h } => {
                    let (Some(tree), Some(size)) = (laid.charts.get(*index), Size::from_wh(*w, *h))
                    else {
                        continue;
                    };
                    s.push_transform(&Transform::from_translate(*x, *y));
                    s.draw_svg(tree, size, SvgSettings::default());
                    s.pop();
                }
                Op::TocEntry { section, y, size } => {
                    let (Some(sec), Some(&(target, _))) =
                        (doc.sections.get(*section), laid.starts.get(*section))
                    else {
                        continue;
                    };
                    let number = (target + 1).to_string();
                    let nw = fonts.width(&number, *size);
                    let title = format!("{}. {}", section + 1, sec.heading);
                    let tw = fonts.width(&title, *size);
                    pen.text(&mut s, (LEFT, *y), &title, ink(*size, INK));
                    pen.text(&mut s, (RIGHT - nw, *y), &number, ink(*size, INK));
                    let dots = StrokeDash {
                        array: vec![0.8, 2.4],
                        offset: 0.0,
                    };
                    line(
                        &mut s,
                        (LEFT + tw + 6.0, *y, RIGHT - nw - 6.0, *y),
                        stroke(MUTED, 0.8, Some(dots)),
                    );
                    if let Some(r) = Rect::from_xywh(LEFT, y - size, RIGHT - LEFT, size * 1.5) {
                        links.push((r, *section));
                    }
                }
            }
        }
        s.finish();
        for (r, section) in links {
            let Some(&(target, start)) = laid.starts.get(section) else {
                continue;
            };
            let dest = XyzDestination::new(target, Point::from_xy(0.0, start));
            let link = krilla::annotation::LinkAnnotation::new(
                r,
                krilla::annotation::Target::Destination(krilla::destination::Destination::Xyz(
                    dest,
                )),
            );
            p.add_annotation(krilla::annotation::Annotation::new_link(link, None));
        }
        p.finish();
    }
    let mut outline = Outline::new();
    for (sec, &(page, y)) in doc.sections.iter().zip(&laid.starts) {
        outline.push_child(OutlineNode::new(
            sec.heading.clone(),
            XyzDestination::new(page, Point::from_xy(0.0, y)),
        ));
    }
    pdf.set_outline(outline);
    pdf.finish().map_err(|e| ReportError::Pdf(format!("{e:?}")))
}
