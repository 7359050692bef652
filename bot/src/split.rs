//! Splitting long texts into Telegram-sized messages.
//!
//! Telegram measures a message in UTF-16 code units (at most 4096). Pieces are cut at the last
//! paragraph break, else line break, else space before the limit, and never inside a character —
//! so an emoji's surrogate pair is never torn apart.

pub const TELEGRAM_TEXT_LIMIT: usize = 4096;

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

pub fn split_text(text: &str, limit: usize) -> Vec<String> {
    assert!(limit >= 2, "a limit must fit any character");
    let mut pieces = Vec::new();
    let mut rest = text;
    while utf16_len(rest) > limit {
        // The longest prefix (in bytes) that fits in `limit` UTF-16 units, at a char boundary.
        let mut units = 0;
        let mut fit = 0;
        for (i, c) in rest.char_indices() {
            if units + c.len_utf16() > limit {
                break;
            }
            units += c.len_utf16();
            fit = i + c.len_utf8();
        }
        let head = &rest[..fit];
        // Prefer a natural break in the second half of the piece, so pieces aren't tiny.
        let min = fit / 2;
        let cut = ["\n\n", "\n", " "]
            .iter()
            .find_map(|sep| head.rfind(sep).filter(|&i| i >= min).map(|i| i + sep.len()))
            .unwrap_or(fit);
        let piece = rest[..cut].trim_end();
        if !piece.is_empty() {
            pieces.push(piece.to_string());
        }
        rest = rest[cut..].trim_start_matches(['\n', ' ']);
    }
    if pieces.is_empty() {
        // Short enough already: sent exactly as written.
        pieces.push(rest.to_string());
    } else if !rest.trim().is_empty() {
        pieces.push(rest.trim_end().to_string());
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_one_piece() {
        assert_eq!(split_text("привет", 4096), vec!["привет"]);
        assert_eq!(split_text("", 4096), vec![""]);
    }

    #[test]
    fn cuts_at_paragraphs_then_lines_then_spaces() {
        let text = format!("{}\n\n{}", "a".repeat(3000), "b".repeat(3000));
        assert_eq!(split_text(&text, 4096), vec!["a".repeat(3000), "b".repeat(3000)]);
        let words = "слово ".repeat(1000);
        let pieces = split_text(&words, 4096);
        assert!(pieces.len() == 2 && pieces.iter().all(|p| utf16_len(p) <= 4096 && p.ends_with("слово")));
    }

    #[test]
    fn never_breaks_a_surrogate_pair() {
        // Each 😀 is two UTF-16 units; with an odd limit a naive cut would split one.
        let text = "😀".repeat(5000);
        let pieces = split_text(&text, 4095);
        assert!(pieces.iter().all(|p| utf16_len(p) <= 4095));
        assert_eq!(pieces.concat(), text);
        assert!(pieces.iter().all(|p| p.chars().all(|c| c == '😀')));
    }

    #[test]
    fn nothing_is_lost_without_spaces() {
        let text = "x".repeat(10_000);
        let pieces = split_text(&text, 4096);
        assert_eq!(pieces.len(), 3);
        assert_eq!(pieces.concat(), text);
    }
}
