//! Text helpers. The SVG backend escapes markup characters itself, but XML
//! 1.0 forbids most control characters even when escaped, and there are no
//! font metrics (the webview renders `<text>`), so widths are estimated.

/// Keeps only characters XML 1.0 allows, on one line: tabs and newlines
/// become spaces, other control characters and non-characters are dropped.
pub(crate) fn sanitize(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}' | '\u{FFFE}' | '\u{FFFF}' => None,
            c => Some(c),
        })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Rough advance width in em for a UI sans-serif (Segoe UI, SF, Roboto are
/// close): CJK and other full-width glyphs are 1em, Latin varies by class.
/// Estimates lean slightly wide so labels never overlap.
fn char_em(c: char) -> f64 {
    let wide = matches!(c as u32,
        0x1100..=0x115F
        | 0x2026 // the ellipsis is near 1em in CJK fonts
        | 0x2E80..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1FAFF
        | 0x20000..=0x3FFFD);
    match c {
        _ if wide => 1.0,
        'M' | 'W' | 'm' | 'w' | '@' | '%' => 0.85,
        'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | ' ' => 0.3,
        'f' | 't' | 'r' | 'I' | '(' | ')' | '[' | ']' | '-' => 0.38,
        'A'..='Z' => 0.66,
        'a'..='z' => 0.54,
        '0'..='9' => 0.58,
        _ => 0.62,
    }
}

/// Estimated rendered width in user units at `font_px`.
pub(crate) fn width(s: &str, font_px: f64) -> f64 {
    s.chars().map(char_em).sum::<f64>() * font_px
}

const ELLIPSIS: char = '…';

/// Shortens `s` to fit `max_px`, ending in an ellipsis when cut. Never splits
/// a character (works on chars, not bytes), so Chinese names are safe.
pub(crate) fn truncate(s: &str, max_px: f64, font_px: f64) -> String {
    if width(s, font_px) <= max_px {
        return s.to_owned();
    }
    let budget = max_px - char_em(ELLIPSIS) * font_px;
    let mut used = 0.0;
    let mut out = String::new();
    for c in s.chars() {
        used += char_em(c) * font_px;
        if used > budget {
            break;
        }
        out.push(c);
    }
    // Trailing spaces before the ellipsis look like a layout bug.
    let mut out = out.trim_end().to_owned();
    out.push(ELLIPSIS);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_drops_xml_illegal_chars() {
        assert_eq!(sanitize("a\u{0}b\u{1b}c\u{FFFF}"), "abc");
        assert_eq!(sanitize(" line1\nline2\t "), "line1 line2");
        assert_eq!(sanitize("<&>\"' 阿里云"), "<&>\"' 阿里云");
    }

    #[test]
    fn cjk_is_wider_than_latin() {
        assert!(width("阿里云", 12.0) > width("AWS", 12.0));
    }

    #[test]
    fn truncate_keeps_short_and_cuts_long() {
        assert_eq!(truncate("AWS", 100.0, 12.0), "AWS");
        let cut = truncate("阿里云计算有限公司国际站", 60.0, 12.0);
        assert!(cut.ends_with('…'), "{cut}");
        assert!(width(&cut, 12.0) <= 60.0, "{cut}");
        assert!(cut.starts_with("阿里"), "{cut}");
        // Nothing fits: still a valid (if minimal) label, no panic.
        assert_eq!(truncate("Azure", 1.0, 12.0), "…");
    }
}
