//! Builds the report font: a subset of Noto Sans CJK SC (SIL Open Font
//! License 1.1, which allows embedding and redistributing modified versions
//! that keep the licence and do not use the reserved name "Source") taken
//! from Debian's `fonts-noto-cjk` at build time, so the app draws Chinese and
//! Latin text in PDFs and chart images on a machine with no fonts at all.
//!
//! The subset holds every character of GB 2312 (the 6,763 common simplified
//! Hanzi and its symbol rows), Latin, Greek and Cyrillic, general and CJK
//! punctuation, currency, arrows, maths, box drawing, shapes, kana and
//! full-width forms. Characters outside it fall back to a system font at run
//! time, and failing that are reported, never silently dropped.
//!
//! `CLOUDLENS_CJK_FONT` names another `.ttc`/`.otf` holding a face whose
//! family is `Noto Sans CJK SC`.

use std::path::{Path, PathBuf};

use allsorts::binary::read::ReadScope;
use allsorts::font::MatchingPresentation;
use allsorts::font_data::FontData;
use allsorts::subset::{subset, CmapTarget, SubsetProfile};
use allsorts::tables::FontTableProvider;
use allsorts::tag;

const DEFAULT_FONT: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
const FAMILY: &str = "Noto Sans CJK SC";

// A build script is configured by cargo through the environment (OUT_DIR,
// and the font override named above); it is not domain code.
#[allow(clippy::disallowed_methods)]
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=CLOUDLENS_CJK_FONT");
    let source = std::env::var_os("CLOUDLENS_CJK_FONT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(DEFAULT_FONT));
    println!("cargo:rerun-if-changed={}", source.display());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    if let Err(e) = build(&source, &out.join("report-font.otf")) {
        panic!(
            "cloudlens-report: cannot build the report font from {}: {e}. Install Debian's \
             fonts-noto-cjk (.ci/setup does) or set CLOUDLENS_CJK_FONT to a file holding {FAMILY}.",
            source.display()
        );
    }
}

fn build(source: &Path, out: &Path) -> Result<(), String> {
    let data = std::fs::read(source).map_err(|e| e.to_string())?;
    let font_data = ReadScope::new(&data)
        .read::<FontData<'_>>()
        .map_err(|e| format!("not a font file ({e})"))?;
    let faces = match &font_data {
        FontData::OpenType(f) => match &f.data {
            allsorts::tables::OpenTypeData::Collection(c) => c.offset_tables.len(),
            allsorts::tables::OpenTypeData::Single(_) => 1,
        },
        _ => 1,
    };
    for index in 0..faces {
        let provider = font_data
            .table_provider(index)
            .map_err(|e| format!("face {index}: {e}"))?;
        let name = provider
            .read_table_data(tag::NAME)
            .ok()
            .and_then(|n| allsorts::get_name::fontcode_get_name(&n, 1).ok().flatten())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name != FAMILY {
            continue;
        }
        let mut font = allsorts::font::Font::new(provider).map_err(|e| e.to_string())?;
        let mut glyphs: Vec<u16> = vec![0];
        for ch in charset() {
            let (g, _) = font.lookup_glyph_index(ch, MatchingPresentation::NotRequired, None);
            if g != 0 {
                glyphs.push(g);
            }
        }
        glyphs[1..].sort_unstable();
        glyphs.dedup();
        let bytes = subset(
            &font.font_table_provider,
            &glyphs,
            &SubsetProfile::Minimal,
            CmapTarget::Unicode,
        )
        .map_err(|e| format!("subsetting failed: {e}"))?;
        return std::fs::write(out, bytes).map_err(|e| e.to_string());
    }
    Err(format!("no face named {FAMILY} in the file"))
}

/// The characters the embedded font covers.
fn charset() -> Vec<char> {
    let ranges: &[(u32, u32)] = &[
        (0x0020, 0x007E), // ASCII
        (0x00A0, 0x024F), // Latin-1, Latin Extended-A and -B
        (0x0370, 0x03FF), // Greek
        (0x0400, 0x04FF), // Cyrillic
        (0x2000, 0x206F), // general punctuation
        (0x20A0, 0x20CF), // currency signs
        (0x2100, 0x214F), // letterlike symbols
        (0x2150, 0x218F), // number forms
        (0x2190, 0x21FF), // arrows
        (0x2200, 0x22FF), // mathematical operators
        (0x2460, 0x24FF), // enclosed alphanumerics
        (0x2500, 0x257F), // box drawing
        (0x25A0, 0x25FF), // geometric shapes
        (0x2600, 0x26FF), // miscellaneous symbols
        (0x3000, 0x303F), // CJK symbols and punctuation
        (0x3040, 0x30FF), // hiragana and katakana
        (0xFF00, 0xFFEF), // half-width and full-width forms
    ];
    let mut out: Vec<char> = ranges
        .iter()
        .flat_map(|&(a, b)| (a..=b).filter_map(char::from_u32))
        .collect();
    // Every two-byte GB 2312 code (rows A1–F7, cells A1–FE), decoded through GBK.
    let mut bytes = Vec::new();
    for row in 0xA1u8..=0xF7 {
        for cell in 0xA1u8..=0xFE {
            bytes.extend_from_slice(&[row, cell]);
        }
    }
    let (text, _, _) = encoding_rs::GBK.decode(&bytes);
    out.extend(text.chars().filter(|c| *c != '\u{FFFD}'));
    out.sort_unstable();
    out.dedup();
    out
}
