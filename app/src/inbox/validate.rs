//! Pure text rules of the inbox: canned-response input, the "/" shortcut being typed and
//! previews (shared by the browser and the server, tested without either).

use crate::error::Problem;

pub const TITLE_MAX: usize = 120;
pub const SHORTCUT_MAX: usize = 40;
pub const TEXT_MAX: usize = 4096;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CannedInput {
    pub title: String,
    pub shortcut: String,
    pub text: String,
}

/// Trims the fields, lowercases the shortcut (a leading "/" is dropped) and checks them.
pub fn canned(title: &str, shortcut: &str, text: &str) -> Result<CannedInput, Problem> {
    let title = title.trim();
    if title.is_empty() || title.chars().count() > TITLE_MAX {
        return Err(Problem::CannedTitleInvalid);
    }
    let shortcut = shortcut.trim().trim_start_matches('/').to_lowercase();
    let valid_char = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    if shortcut.is_empty() || shortcut.chars().count() > SHORTCUT_MAX || !shortcut.chars().all(valid_char) {
        return Err(Problem::CannedShortcutInvalid);
    }
    let text = text.trim();
    if text.is_empty() || text.chars().count() > TEXT_MAX {
        return Err(Problem::CannedTextInvalid);
    }
    Ok(CannedInput { title: title.to_string(), shortcut, text: text.to_string() })
}

/// The shortcut being typed at the caret (`caret`: a byte index into `draft`, the reply box's
/// text): a word that starts with "/" — at the start of the text or after a space or line break —
/// and ends at the caret. Returns where its "/" is and what follows it, lowercased (the picker
/// shows the canned responses whose shortcut starts with it); `None` elsewhere (also in the middle
/// of a word, or of a link like `https://a/b`).
pub fn shortcut_at(draft: &str, caret: usize) -> Option<(usize, String)> {
    let caret = caret.min(draft.len());
    if !draft.is_char_boundary(caret) || draft[caret..].chars().next().is_some_and(|c| !c.is_whitespace()) {
        return None;
    }
    let before = &draft[..caret];
    let start = before.char_indices().rev().find(|(_, c)| c.is_whitespace()).map_or(0, |(i, c)| i + c.len_utf8());
    let query = before[start..].strip_prefix('/')?;
    Some((start, query.to_lowercase()))
}

/// The caret's byte index in `text` from the browser's `selectionStart` (UTF-16 units).
pub fn byte_index(text: &str, utf16: usize) -> usize {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        if units >= utf16 {
            return i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// A preview: at most `max` characters, with "…" when cut.
pub fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canned_fields_are_trimmed_and_checked() {
        let ok = canned("  Delivery times ", "/Delivery", " Usually 2–3 days. ").unwrap();
        assert_eq!(
            ok,
            CannedInput {
                title: "Delivery times".into(),
                shortcut: "delivery".into(),
                text: "Usually 2–3 days.".into()
            }
        );
        assert_eq!(canned("", "x", "y"), Err(Problem::CannedTitleInvalid));
        assert_eq!(canned("t", "two words", "y"), Err(Problem::CannedShortcutInvalid));
        assert_eq!(canned("t", "/", "y"), Err(Problem::CannedShortcutInvalid));
        assert_eq!(canned("t", "ok", "   "), Err(Problem::CannedTextInvalid));
        assert_eq!(canned("t", "доставка", "y").unwrap().shortcut, "доставка");
        assert_eq!(canned("t", "a".repeat(41).as_str(), "y"), Err(Problem::CannedShortcutInvalid));
    }

    #[test]
    fn cut_keeps_short_texts_and_marks_long_ones() {
        assert_eq!(cut("short", 140), "short");
        let c = cut(&"я".repeat(200), 140);
        assert_eq!(c.chars().count(), 140);
        assert!(c.ends_with('…'));
    }

    #[test]
    fn a_shortcut_is_the_slash_word_at_the_caret_anywhere_in_the_text() {
        let end = |s: &str| shortcut_at(s, s.len());
        assert_eq!(end("/del"), Some((0, "del".into())));
        assert_eq!(end("/"), Some((0, String::new())));
        assert_eq!(end("/Del"), Some((0, "del".into())));
        assert_eq!(end("/del more"), None);
        // In the middle of the text, after a space or a line break.
        assert_eq!(end("Здравствуйте! /дост"), Some(("Здравствуйте! ".len(), "дост".into())));
        assert_eq!(end("Привет,\n/del"), Some(("Привет,\n".len(), "del".into())));
        // The caret inside the text: the word ending there, if the next character ends it too.
        let text = "Hi /del thanks";
        assert_eq!(shortcut_at(text, 7), Some((3, "del".into())));
        assert_eq!(shortcut_at(text, 5), None, "inside the word");
        // Not a link's slash, nor a word that only contains one.
        assert_eq!(end("see https://a.example/b"), None);
        assert_eq!(end("and/or"), None);
        assert_eq!(shortcut_at("/é", 2), None, "not a character boundary");
    }

    #[test]
    fn carets_in_utf16_become_byte_indices() {
        assert_eq!(byte_index("abc", 2), 2);
        assert_eq!(byte_index("Привет", 2), "Пр".len());
        assert_eq!(byte_index("a😀b", 3), "a😀".len());
        assert_eq!(byte_index("ab", 10), 2);
    }
}
