//! Line breaking for the PDF: breaks at spaces, between any two CJK
//! characters, after hyphens and slashes, and inside a word only when the
//! word alone is wider than the line. Underscores join: a file name such as
//! `alibaba_console_zh.csv` stays whole after the last slash of its path.

use crate::fonts::Fonts;

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x303F | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFD)
}

/// Pieces that may not be split: a Latin word with its trailing spaces or
/// break character, or a single CJK character (with any closing punctuation,
/// which may not start a line).
fn tokens(text: &str) -> Vec<&str> {
    let closes = |n: char| "，。、；：！？）》」』】,.;:!?)".contains(n);
    let mut out = Vec::new();
    let mut start = 0;
    let mut it = text.char_indices().peekable();
    while let Some((_, c)) = it.next() {
        let next = it.peek().copied();
        let end_here = match next {
            None => true,
            Some((_, n)) => {
                !closes(n)
                    && (is_wide(c) || is_wide(n) || (matches!(c, ' ' | '-' | '/') && n != ' '))
            }
        };
        if end_here {
            let end = next.map(|x| x.0).unwrap_or(text.len());
            out.push(&text[start..end]);
            start = end;
        }
    }
    out
}

/// `text` broken into lines no wider than `width` at `size` points; `\n`
/// forces a break. Never returns an empty list.
pub fn wrap(fonts: &Fonts, text: &str, size: f32, width: f32) -> Vec<String> {
    // Widths measured for a column must fit it despite float rounding.
    let width = width + 0.01;
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut used = 0.0f32;
        for tok in tokens(para) {
            let w = fonts.width(tok, size);
            let trimmed_w = fonts.width(tok.trim_end(), size);
            if used + trimmed_w <= width || line.is_empty() && w <= width {
                line.push_str(tok);
                used += w;
                continue;
            }
            if !line.is_empty() {
                lines.push(line.trim_end().to_string());
                line.clear();
                used = 0.0;
            }
            if trimmed_w <= width {
                line.push_str(tok);
                used = w;
                continue;
            }
            // A word wider than the line: split it by characters.
            for ch in tok.chars() {
                let cw = fonts.place(ch).advance * size;
                if used + cw > width && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    used = 0.0;
                }
                line.push(ch);
                used += cw;
            }
        }
        lines.push(line.trim_end().to_string());
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// The widest single token of `text` (the least width it can wrap into).
pub fn min_width(fonts: &Fonts, text: &str, size: f32) -> f32 {
    text.split('\n')
        .flat_map(tokens)
        .map(|t| fonts.width(t.trim_end(), size))
        .fold(0.0, f32::max)
}

/// The width of the longest line of `text` unwrapped.
pub fn natural_width(fonts: &Fonts, text: &str, size: f32) -> f32 {
    text.split('\n')
        .map(|l| fonts.width(l, size))
        .fold(0.0, f32::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_breaks_at_spaces_and_chinese_between_characters() {
        let f = Fonts::embedded();
        let lines = wrap(&f, "the quick brown fox jumps", 10.0, 60.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| f.width(l, 10.0) <= 60.0));
        assert_eq!(lines.join(" "), "the quick brown fox jumps");

        let lines = wrap(
            &f,
            "云服务器成本按团队分摊，未打标签的费用单独列出。",
            10.0,
            50.0,
        );
        assert!(lines.iter().all(|l| f.width(l, 10.0) <= 50.01), "{lines:?}");
        // Closing punctuation never starts a line.
        assert!(lines
            .iter()
            .all(|l| !l.starts_with('，') && !l.starts_with('。')));
        assert_eq!(
            lines.concat(),
            "云服务器成本按团队分摊，未打标签的费用单独列出。"
        );
    }

    #[test]
    fn a_word_wider_than_the_line_is_split() {
        let f = Fonts::embedded();
        let lines = wrap(&f, "i-0123456789abcdef0123456789", 8.0, 40.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), "i-0123456789abcdef0123456789");
        assert_eq!(wrap(&f, "", 8.0, 40.0), vec![String::new()]);
        assert_eq!(wrap(&f, "a\nb", 8.0, 40.0), vec!["a", "b"]);
    }
}
