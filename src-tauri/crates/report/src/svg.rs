//! Charts' SVG read once with usvg, against the report's own fonts (never
//! the system's font list, never a file or URL the SVG might name), then
//! drawn as vectors into the PDF or rasterised to PNG for spreadsheets.

use std::sync::Arc;

use resvg::usvg::{self, fontdb};

use crate::fonts::{Fonts, FAMILY};
use crate::ReportError;

/// usvg options that resolve text to the report fonts and load nothing
/// from outside the SVG.
pub fn options(fonts: &Fonts) -> usvg::Options<'static> {
    let mut db = fontdb::Database::new();
    for i in 0..fonts.face_count() {
        if let Some((data, _)) = fonts.face_data(i) {
            db.load_font_source(fontdb::Source::Binary(data));
        }
    }
    db.set_sans_serif_family(FAMILY);
    let mut opts = usvg::Options {
        font_family: FAMILY.to_string(),
        fontdb: Arc::new(db),
        ..usvg::Options::default()
    };
    opts.image_href_resolver = usvg::ImageHrefResolver {
        resolve_data: Box::new(|_, _, _| None),
        resolve_string: Box::new(|_, _| None),
    };
    opts
}

pub fn parse(svg: &str, opts: &usvg::Options<'_>, title: &str) -> Result<usvg::Tree, ReportError> {
    usvg::Tree::from_str(svg, opts).map_err(|e| ReportError::Chart {
        title: title.to_string(),
        reason: e.to_string(),
    })
}

/// The chart as a PNG, `scale` pixels per SVG unit, on white.
pub fn png(tree: &usvg::Tree, scale: f32, title: &str) -> Result<Vec<u8>, ReportError> {
    let size = tree
        .size()
        .to_int_size()
        .scale_by(scale)
        .ok_or_else(|| ReportError::Chart {
            title: title.to_string(),
            reason: "the chart has no size".into(),
        })?;
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(size.width(), size.height()).ok_or_else(|| {
            ReportError::Chart {
                title: title.to_string(),
                reason: format!("cannot draw {}x{} pixels", size.width(), size.height()),
            }
        })?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| ReportError::Chart {
        title: title.to_string(),
        reason: e.to_string(),
    })
}
