//! The fonts reports draw with: the subset of Noto Sans CJK SC built into the
//! binary (see `build.rs`), and optionally a fuller system font for the rare
//! character outside it. Text is measured here with the same advances the
//! PDF places glyphs by, so layout and drawing agree exactly.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use skrifa::instance::{LocationRef, Size};
use skrifa::raw::FileRef;
use skrifa::{FontRef, MetadataProvider};

/// The embedded font (an OpenType CFF font with a Unicode cmap).
pub const EMBEDDED_FONT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/report-font.otf"));
/// The family name of the embedded font, as SVG text asks for it.
pub const FAMILY: &str = "Noto Sans CJK SC";

/// Font bytes shared by the PDF writer and the SVG font database.
pub(crate) type FontData = Arc<dyn AsRef<[u8]> + Send + Sync>;

struct Face {
    data: FontData,
    index: u32,
    units_per_em: f32,
}

impl Face {
    fn new(data: FontData, index: u32) -> Option<Self> {
        let font = FontRef::from_index((*data).as_ref(), index).ok()?;
        let units_per_em = f32::from(
            font.metrics(Size::unscaled(), LocationRef::default())
                .units_per_em,
        );
        Some(Self {
            data,
            index,
            units_per_em,
        })
    }

    fn font(&self) -> Option<FontRef<'_>> {
        FontRef::from_index((*self.data).as_ref(), self.index).ok()
    }

    /// The glyph and its advance in em, when the face has the character.
    fn glyph(&self, ch: char) -> Option<(u32, f32)> {
        let font = self.font()?;
        let gid = font.charmap().map(ch)?;
        if gid.to_u32() == 0 {
            return None;
        }
        let advance = font
            .glyph_metrics(Size::unscaled(), LocationRef::default())
            .advance_width(gid)
            .unwrap_or(0.0);
        Some((gid.to_u32(), advance / self.units_per_em))
    }
}

/// A character placed: which face, which glyph, its advance in em.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    pub face: usize,
    pub glyph: u32,
    pub advance: f32,
}

/// The report's fonts, with a cache of every character met.
pub struct Fonts {
    faces: Vec<Face>,
    cache: Mutex<HashMap<char, Placed>>,
    missing: Mutex<std::collections::BTreeSet<char>>,
}

impl Fonts {
    /// The embedded font alone.
    pub fn embedded() -> Self {
        let data: FontData = Arc::new(EMBEDDED_FONT);
        Self {
            faces: Face::new(data, 0).into_iter().collect(),
            cache: Mutex::new(HashMap::new()),
            missing: Mutex::new(Default::default()),
        }
    }

    /// The embedded font, then `fallback` (an `.otf`, `.ttf` or `.ttc`; in a
    /// collection the face named like the embedded one, else the first) for
    /// characters the embedded font lacks. An unreadable fallback is ignored:
    /// characters it would have drawn are reported as missing instead.
    pub fn with_fallback(fallback: Vec<u8>) -> Self {
        let mut fonts = Self::embedded();
        let index = collection_index(&fallback);
        if let Some(face) = Face::new(Arc::new(fallback), index) {
            fonts.faces.push(face);
        }
        fonts
    }

    /// Whether a fallback face is in use.
    pub fn has_fallback(&self) -> bool {
        self.faces.len() > 1
    }

    pub(crate) fn face_count(&self) -> usize {
        self.faces.len()
    }

    /// The raw data and face index of face `i`, for the PDF and SVG writers.
    pub(crate) fn face_data(&self, i: usize) -> Option<(FontData, u32)> {
        self.faces.get(i).map(|f| (f.data.clone(), f.index))
    }

    /// Where `ch` is drawn from. A character no face has is drawn as the
    /// embedded font's empty box and remembered in [`Fonts::missing`].
    pub fn place(&self, ch: char) -> Placed {
        let ch = if ch == '\t' { ' ' } else { ch };
        if let Some(p) = self.cache.lock().ok().and_then(|c| c.get(&ch).copied()) {
            return p;
        }
        let found = self.faces.iter().enumerate().find_map(|(i, f)| {
            f.glyph(ch).map(|(glyph, advance)| Placed {
                face: i,
                glyph,
                advance,
            })
        });
        let placed = found.unwrap_or_else(|| {
            if !ch.is_control() {
                if let Ok(mut m) = self.missing.lock() {
                    m.insert(ch);
                }
            }
            Placed {
                face: 0,
                glyph: 0,
                advance: 0.5,
            }
        });
        if let Ok(mut c) = self.cache.lock() {
            c.insert(ch, placed);
        }
        placed
    }

    /// The width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.place(c).advance).sum::<f32>() * size
    }

    /// Characters met so far that no face could draw.
    pub fn missing(&self) -> Vec<char> {
        self.missing
            .lock()
            .map(|m| m.iter().copied().collect())
            .unwrap_or_default()
    }
}

/// In a collection, the index of the face whose family matches [`FAMILY`].
fn collection_index(data: &[u8]) -> u32 {
    let Ok(FileRef::Collection(c)) = FileRef::new(data) else {
        return 0;
    };
    (0..c.len())
        .find(|&i| {
            c.get(i).is_ok_and(|f| {
                f.localized_strings(skrifa::string::StringId::FAMILY_NAME)
                    .any(|s| s.chars().eq(FAMILY.chars()))
            })
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_font_draws_chinese_latin_and_currency_signs() {
        let fonts = Fonts::embedded();
        for ch in "云服务器成本报告 Cost report ¥€$£ 12,345.67 → ≤ ％（）".chars()
        {
            let p = fonts.place(ch);
            assert!(ch == ' ' || p.glyph != 0, "{ch:?} has no glyph");
        }
        assert!(fonts.missing().is_empty());
        // Chinese is full width; Latin narrower.
        assert!((fonts.width("成", 10.0) - 10.0).abs() < 0.01);
        assert!(fonts.width("i", 10.0) < 5.0);
    }

    #[test]
    fn characters_outside_every_font_are_reported() {
        let fonts = Fonts::embedded();
        // A rare CJK Extension B character, not in GB 2312.
        let p = fonts.place('𠀀');
        assert_eq!(p.glyph, 0);
        assert_eq!(fonts.missing(), vec!['𠀀']);
    }
}
