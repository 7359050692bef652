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

/// The shortcut prefix being typed: what follows the "/" at the start of `draft` (the reply box's
/// text), lowercased — the picker shows the canned responses whose shortcut starts with it.
/// `None` when the draft is not a "/shortcut" being typed.
pub fn shortcut_query(draft: &str) -> Option<String> {
    let rest = draft.strip_prefix('/')?;
    if rest.chars().any(char::is_whitespace) {
        return None;
    }
    Some(rest.to_lowercase())
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
    fn shortcut_query_only_while_typing_one_word_after_a_slash() {
        assert_eq!(shortcut_query("/del"), Some("del".into()));
        assert_eq!(shortcut_query("/"), Some(String::new()));
        assert_eq!(shortcut_query("/Del"), Some("del".into()));
        assert_eq!(shortcut_query("/del more"), None);
        assert_eq!(shortcut_query("hello /del"), None);
    }
}
