//! A bot menu as an admin edits it (the browser sends it, the server validates and stores it, the
//! preview lays it out) and the problems validation can name. One definition for both sides; the
//! server's check ([`MenuDraft::problems`] plus the targets' existence in `bot::menus`) is the one
//! that counts.
//!
//! Guarantees:
//! - [`MenuDraft::problems`] is pure: lengths, the key's shape, Telegram HTML of the texts (through
//!   `tgtext`, ≤ 4096 UTF-16 units after formatting), ≤ [`limits::ROW`] buttons a row, ≤
//!   [`limits::KEYBOARD`] in a keyboard, labels ≤ [`limits::LABEL`] characters, links Telegram opens
//!   (https, http or tg); each problem names its field and, for a button, its row and place (both
//!   1-based);
//! - a button's callback data is always [`callback_data`] of its stable id (`b:{id}`, at most 21
//!   bytes), never a text, so it fits Telegram's 64 bytes whatever the labels are;
//! - [`keyboard_layout`] lays rows out as Telegram's clients do: the buttons of a row share its
//!   width equally, and a label wider than its button is cut with an ellipsis.
//!
//! What the bot sends (`bot::engine::menus`), for the preview: the text in the customer's language
//! (the Russian one when the English is empty; the escaped title when both are), the rows as
//! drafted, and — under a menu other than the main one that has no [`MenuTarget::Back`] or
//! [`MenuTarget::MainMenu`] button — one more row with the bot's "back" text opening the main menu.

use serde::{Deserialize, Serialize};

/// Limits the editor shows and the server enforces.
pub mod limits {
    /// Telegram shows at most 8 buttons in a row.
    pub const ROW: usize = 8;
    /// Telegram refuses an inline keyboard with more than 100 buttons.
    pub const KEYBOARD: usize = 100;
    /// A label's length in characters. Telegram sets no hard limit but cuts long labels; 64 still
    /// shows whole on a phone when the button has a row of its own.
    pub const LABEL: usize = 64;
    /// The menu's key (its name in links and logs).
    pub const KEY: usize = 64;
    pub const TITLE: usize = 100;
    pub const URL: usize = 2048;
    /// Telegram's limit for `callback_data`, in bytes.
    pub const CALLBACK_DATA: usize = 64;
}

/// What a menu button does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MenuTarget {
    /// Opens another menu.
    Submenu { menu_id: i64 },
    /// Shows an FAQ entry's answer.
    Faq { faq_id: i64 },
    /// Opens a link (https, http or tg) in the client; Telegram sends the bot nothing.
    Url { url: String },
    /// Hands the conversation to an operator.
    Operator,
    /// Back to the menu above this one (the main menu when there is none).
    Back,
    /// Shows the main menu.
    MainMenu,
    /// Sends a text (Telegram HTML; the English one for English speakers, else the Russian one).
    SendText { text_ru: String, text_en: String },
}

impl MenuTarget {
    /// The action stored in `menu_buttons.action`.
    pub fn action(&self) -> crate::ButtonAction {
        use crate::ButtonAction as A;
        match self {
            MenuTarget::Submenu { .. } => A::Submenu,
            MenuTarget::Faq { .. } => A::Faq,
            MenuTarget::Url { .. } => A::Url,
            MenuTarget::Operator => A::Handoff,
            MenuTarget::Back => A::Back,
            MenuTarget::MainMenu => A::MainMenu,
            MenuTarget::SendText { .. } => A::SendText,
        }
    }
}

/// A button as the editor holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ButtonDraft {
    /// The button's id when it exists: kept on save, so the button in customers' chats keeps
    /// working. None: a new button (an id of another menu's button is treated the same).
    #[serde(default)]
    pub id: Option<i64>,
    pub label_ru: String,
    /// Empty: English speakers see the Russian label.
    #[serde(default)]
    pub label_en: String,
    #[serde(flatten)]
    pub target: MenuTarget,
}

/// A menu's content.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MenuDraft {
    /// Letters, digits, `_`, `-` and `.`; unique.
    pub key: String,
    pub title_ru: String,
    /// Empty: the Russian title.
    #[serde(default)]
    pub title_en: String,
    /// Telegram HTML above the keyboard; empty: the title is sent.
    #[serde(default)]
    pub text_ru: String,
    /// Empty: English speakers read the Russian text.
    #[serde(default)]
    pub text_en: String,
    /// The keyboard, row by row.
    #[serde(default)]
    pub rows: Vec<Vec<ButtonDraft>>,
}

/// A field of the menu editor. The button fields come with the button's row and place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MenuField {
    Key,
    TitleRu,
    TitleEn,
    TextRu,
    TextEn,
    /// The keyboard as a whole (too many buttons).
    Rows,
    /// A row (too many buttons in it).
    Row,
    LabelRu,
    LabelEn,
    /// A link button's URL.
    Url,
    /// The submenu or FAQ entry a button opens.
    Target,
    SendTextRu,
    SendTextEn,
}

/// What is wrong with a field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum MenuProblem {
    Empty,
    TooLong {
        max: usize,
    },
    /// Letters, digits, `_`, `-` and `.` only.
    KeyInvalid,
    /// Another menu has this key.
    KeyTaken,
    /// Telegram would refuse the HTML (line and column 1-based, `message` in English for logs).
    Format {
        line: usize,
        column: usize,
        message: String,
    },
    /// Longer than a Telegram message after formatting.
    TooLongFormatted {
        length: usize,
        max: usize,
    },
    /// More buttons in a row than Telegram shows.
    RowTooLong {
        max: usize,
    },
    /// More buttons than Telegram accepts in one keyboard.
    TooManyButtons {
        max: usize,
    },
    /// A link Telegram won't open.
    UrlInvalid,
    /// The menu the button opens doesn't exist.
    MenuMissing {
        menu_id: i64,
    },
    /// The FAQ entry the button shows doesn't exist (or is archived).
    FaqMissing {
        faq_id: i64,
    },
}

/// A problem in a field; for a button's field, `row` and `button` are its row and place in the
/// row (1-based).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MenuFieldError {
    pub field: MenuField,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub button: Option<usize>,
    #[serde(flatten)]
    pub problem: MenuProblem,
}

impl MenuFieldError {
    pub fn menu(field: MenuField, problem: MenuProblem) -> MenuFieldError {
        MenuFieldError { field, row: None, button: None, problem }
    }

    /// A problem of button `button` (1-based) in row `row` (1-based).
    pub fn button(field: MenuField, row: usize, button: usize, problem: MenuProblem) -> MenuFieldError {
        MenuFieldError { field, row: Some(row), button: Some(button), problem }
    }
}

/// The callback data of menu button `id`: its id, never a text (the engine reads the button
/// when it is pressed, so an edited button keeps working in old chats).
pub fn callback_data(button_id: i64) -> String {
    format!("b:{button_id}")
}

/// Checks Telegram HTML: the problem, if Telegram would refuse it or it doesn't fit a message.
pub fn html_problem(html: &str) -> Option<MenuProblem> {
    match tgtext::parse(html) {
        Err(e) => Some(MenuProblem::Format { line: e.line, column: e.column, message: e.kind.to_string() }),
        Ok(f) if f.len() > tgtext::MAX_MESSAGE_LEN => {
            Some(MenuProblem::TooLongFormatted { length: f.len(), max: tgtext::MAX_MESSAGE_LEN })
        }
        Ok(_) => None,
    }
}

impl MenuDraft {
    /// Trims every text, drops empty rows (what is stored).
    pub fn normalized(mut self) -> MenuDraft {
        self.key = self.key.trim().to_string();
        self.title_ru = self.title_ru.trim().to_string();
        self.title_en = self.title_en.trim().to_string();
        self.text_ru = self.text_ru.trim().to_string();
        self.text_en = self.text_en.trim().to_string();
        self.rows.retain(|r| !r.is_empty());
        for b in self.rows.iter_mut().flatten() {
            b.label_ru = b.label_ru.trim().to_string();
            b.label_en = b.label_en.trim().to_string();
            match &mut b.target {
                MenuTarget::Url { url } => *url = url.trim().to_string(),
                MenuTarget::SendText { text_ru, text_en } => {
                    *text_ru = text_ru.trim().to_string();
                    *text_en = text_en.trim().to_string();
                }
                _ => {}
            }
        }
        self
    }

    /// Every button, in order.
    pub fn buttons(&self) -> impl Iterator<Item = &ButtonDraft> {
        self.rows.iter().flatten()
    }

    /// The problems that need no database, in field order (the menu's fields, then the keyboard,
    /// then each button in reading order).
    pub fn problems(&self) -> Vec<MenuFieldError> {
        let mut out = Vec::new();
        let chars = |s: &str| s.chars().count();
        if self.key.is_empty() {
            out.push(MenuFieldError::menu(MenuField::Key, MenuProblem::Empty));
        } else if chars(&self.key) > limits::KEY {
            out.push(MenuFieldError::menu(MenuField::Key, MenuProblem::TooLong { max: limits::KEY }));
        } else if !self.key.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.')) {
            out.push(MenuFieldError::menu(MenuField::Key, MenuProblem::KeyInvalid));
        }
        if self.title_ru.is_empty() {
            out.push(MenuFieldError::menu(MenuField::TitleRu, MenuProblem::Empty));
        } else if chars(&self.title_ru) > limits::TITLE {
            out.push(MenuFieldError::menu(MenuField::TitleRu, MenuProblem::TooLong { max: limits::TITLE }));
        }
        if chars(&self.title_en) > limits::TITLE {
            out.push(MenuFieldError::menu(MenuField::TitleEn, MenuProblem::TooLong { max: limits::TITLE }));
        }
        for (field, text) in [(MenuField::TextRu, &self.text_ru), (MenuField::TextEn, &self.text_en)] {
            if !text.is_empty()
                && let Some(p) = html_problem(text)
            {
                out.push(MenuFieldError::menu(field, p));
            }
        }
        let total = self.buttons().count();
        if total > limits::KEYBOARD {
            out.push(MenuFieldError::menu(MenuField::Rows, MenuProblem::TooManyButtons { max: limits::KEYBOARD }));
        }
        for (r, row) in self.rows.iter().enumerate() {
            let row_no = r + 1;
            if row.len() > limits::ROW {
                out.push(MenuFieldError {
                    field: MenuField::Row,
                    row: Some(row_no),
                    button: None,
                    problem: MenuProblem::RowTooLong { max: limits::ROW },
                });
            }
            for (i, b) in row.iter().enumerate() {
                let mut push = |field, problem| out.push(MenuFieldError::button(field, row_no, i + 1, problem));
                if b.label_ru.is_empty() {
                    push(MenuField::LabelRu, MenuProblem::Empty);
                } else if chars(&b.label_ru) > limits::LABEL {
                    push(MenuField::LabelRu, MenuProblem::TooLong { max: limits::LABEL });
                }
                if chars(&b.label_en) > limits::LABEL {
                    push(MenuField::LabelEn, MenuProblem::TooLong { max: limits::LABEL });
                }
                match &b.target {
                    MenuTarget::Url { url } if !url_is_valid(url) => push(MenuField::Url, MenuProblem::UrlInvalid),
                    MenuTarget::SendText { text_ru, text_en } => {
                        if text_ru.is_empty() {
                            push(MenuField::SendTextRu, MenuProblem::Empty);
                        } else if let Some(p) = html_problem(text_ru) {
                            push(MenuField::SendTextRu, p);
                        }
                        if !text_en.is_empty()
                            && let Some(p) = html_problem(text_en)
                        {
                            push(MenuField::SendTextEn, p);
                        }
                    }
                    _ => {}
                }
            }
        }
        out
    }
}

/// A link Telegram opens from a button: https or http with a host, or tg://.
pub fn url_is_valid(url: &str) -> bool {
    url.len() <= limits::URL && crate::faq::url_is_valid(url)
}

// ---------------------------------------------------------------------------------------------
// The tree of menus.

/// A menu in the tree: its submenus are the menus its buttons open that sit no higher in the tree
/// (each menu appears once, where it is reached first from the main menu).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutlineNode {
    pub id: i64,
    pub key: String,
    pub title_ru: String,
    pub title_en: String,
    pub is_main: bool,
    /// Buttons in its keyboard.
    pub buttons: usize,
    pub children: Vec<OutlineNode>,
}

/// One step of a breadcrumb trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Crumb {
    pub id: i64,
    pub title_ru: String,
    pub title_en: String,
}

/// A menu a search found, with the way to it from the main menu (or from the top of its
/// unreachable branch): the trail ends with the menu itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MenuHit {
    pub id: i64,
    pub path: Vec<Crumb>,
}

/// Every menu as a tree under the main menu, the menus no button leads to from it, and (with a
/// search) the menus whose key, title, text or button labels hold every word searched.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MenuOutline {
    pub root: Option<OutlineNode>,
    /// Not reachable from the main menu, each with the unreachable menus below it.
    pub unreachable: Vec<OutlineNode>,
    pub hits: Vec<MenuHit>,
}

/// A button that leads somewhere: a menu button (`menu_id`, `button_id`) or a button under an FAQ
/// answer (`faq_id`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ButtonRef {
    #[serde(default)]
    pub menu_id: Option<i64>,
    #[serde(default)]
    pub button_id: Option<i64>,
    #[serde(default)]
    pub faq_id: Option<i64>,
    /// The menu's title or the FAQ entry's question.
    pub owner: String,
    pub label: String,
}

// ---------------------------------------------------------------------------------------------
// The preview's keyboard.

/// Telegram's look, in CSS pixels: the gap between buttons and a button's inner padding on each
/// side; labels are measured at about 14 px.
pub const BUTTON_GAP: f32 = 4.0;
pub const BUTTON_PADDING: f32 = 8.0;
const FONT_PX: f32 = 14.0;
const ELLIPSIS: char = '…';

/// One button laid out for the preview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LaidButton {
    /// What the button shows: the label, or its start and `…` when it doesn't fit.
    pub text: String,
    pub cut: bool,
    /// Left edge and width in pixels, within the keyboard's width.
    pub x: f32,
    pub width: f32,
}

/// An approximate width of `c` at the preview's font size (Telegram's clients use proportional
/// fonts: narrow punctuation, wide capitals, emoji about a square).
pub fn char_width(c: char) -> f32 {
    let em = match c {
        'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '!' | '|' | '\'' | 'I' | ' ' => 0.3,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '"' => 0.38,
        'm' | 'w' | 'M' | 'W' | 'ш' | 'щ' | 'ж' | 'ю' | 'Ш' | 'Щ' | 'Ж' | 'Ю' | 'м' | 'ы' | 'Ы' | 'М' => {
            0.85
        }
        c if c.is_ascii_uppercase() => 0.65,
        c if c.is_ascii() => 0.55,
        // Cyrillic and other letters.
        c if c.is_alphabetic() && (c as u32) < 0x2000 => {
            if c.is_uppercase() {
                0.68
            } else {
                0.56
            }
        }
        // Variation selectors and joiners take no room.
        '\u{fe0f}' | '\u{200d}' => 0.0,
        // Emoji and other symbols.
        _ => 1.15,
    };
    em * FONT_PX
}

/// The approximate width of `text`.
pub fn text_width(text: &str) -> f32 {
    text.chars().map(char_width).sum()
}

/// `label` as it fits in `room` pixels: whole, or its longest start followed by `…`.
pub fn fit_label(label: &str, room: f32) -> (String, bool) {
    if text_width(label) <= room {
        return (label.to_string(), false);
    }
    let mut out = String::new();
    let mut used = char_width(ELLIPSIS);
    for c in label.chars() {
        let w = char_width(c);
        if used + w > room {
            break;
        }
        used += w;
        out.push(c);
    }
    let mut out = out.trim_end().to_string();
    out.push(ELLIPSIS);
    (out, true)
}

/// Lays out rows of labels in a keyboard `width` pixels wide: the buttons of a row share it
/// equally (with [`BUTTON_GAP`] between them), and each label is cut to its button's inner width.
pub fn keyboard_layout<S: AsRef<str>>(rows: &[Vec<S>], width: f32) -> Vec<Vec<LaidButton>> {
    rows.iter()
        .filter(|r| !r.is_empty())
        .map(|row| {
            let n = row.len() as f32;
            let w = ((width - BUTTON_GAP * (n - 1.0)) / n).max(0.0);
            row.iter()
                .enumerate()
                .map(|(i, label)| {
                    let (text, cut) = fit_label(label.as_ref(), (w - 2.0 * BUTTON_PADDING).max(0.0));
                    LaidButton { text, cut, x: i as f32 * (w + BUTTON_GAP), width: w }
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(label: &str, target: MenuTarget) -> ButtonDraft {
        ButtonDraft { id: None, label_ru: label.into(), label_en: String::new(), target }
    }

    fn draft() -> MenuDraft {
        MenuDraft {
            key: "payment".into(),
            title_ru: "Оплата".into(),
            title_en: "Payment".into(),
            text_ru: "<b>Оплата</b> и баланс:".into(),
            text_en: String::new(),
            rows: vec![
                vec![b("Картой", MenuTarget::Faq { faq_id: 1 }), b("Назад", MenuTarget::Back)],
                vec![b("Сайт", MenuTarget::Url { url: "https://example.com".into() })],
            ],
        }
    }

    fn problems(d: &MenuDraft) -> Vec<(MenuField, Option<usize>, Option<usize>, MenuProblem)> {
        d.problems().into_iter().map(|e| (e.field, e.row, e.button, e.problem)).collect()
    }

    #[test]
    fn a_plain_draft_has_no_problems() {
        assert_eq!(draft().problems(), vec![]);
    }

    #[test]
    fn key_and_title_rules() {
        let d = MenuDraft { key: String::new(), title_ru: String::new(), ..draft() };
        assert_eq!(
            problems(&d),
            vec![
                (MenuField::Key, None, None, MenuProblem::Empty),
                (MenuField::TitleRu, None, None, MenuProblem::Empty)
            ]
        );
        let d = MenuDraft { key: "my menu".into(), title_en: "x".repeat(101), ..draft() };
        assert_eq!(
            problems(&d),
            vec![
                (MenuField::Key, None, None, MenuProblem::KeyInvalid),
                (MenuField::TitleEn, None, None, MenuProblem::TooLong { max: limits::TITLE })
            ]
        );
        let d = MenuDraft { key: "k".repeat(65), ..draft() };
        assert_eq!(problems(&d)[0].3, MenuProblem::TooLong { max: limits::KEY });
    }

    #[test]
    fn texts_are_telegram_html_that_fits_a_message() {
        let d = MenuDraft { text_ru: "a\n<b>b <i>c</b></i>".into(), ..draft() };
        let p = problems(&d);
        assert_eq!(p.len(), 1);
        assert!(matches!(&p[0], (MenuField::TextRu, None, None, MenuProblem::Format { line: 2, .. })), "{p:?}");
        let d = MenuDraft { text_en: format!("<b>{}</b>", "я".repeat(4097)), ..draft() };
        assert_eq!(
            problems(&d),
            vec![(MenuField::TextEn, None, None, MenuProblem::TooLongFormatted { length: 4097, max: 4096 })]
        );
        // Exactly a message after formatting is fine (tags don't count).
        assert_eq!(MenuDraft { text_ru: format!("<b>{}</b>", "я".repeat(4096)), ..draft() }.problems(), vec![]);
    }

    #[test]
    fn rows_hold_at_most_8_and_keyboards_100() {
        let nine = vec![b("x", MenuTarget::Operator); 9];
        let d = MenuDraft { rows: vec![vec![b("y", MenuTarget::Back)], nine], ..draft() };
        assert_eq!(problems(&d), vec![(MenuField::Row, Some(2), None, MenuProblem::RowTooLong { max: 8 })]);
        let eight = vec![b("x", MenuTarget::Operator); 8];
        let d = MenuDraft { rows: vec![eight.clone(); 12], ..draft() };
        assert_eq!(d.problems(), vec![], "96 buttons are fine");
        let d = MenuDraft { rows: vec![eight; 13], ..draft() };
        assert_eq!(problems(&d), vec![(MenuField::Rows, None, None, MenuProblem::TooManyButtons { max: 100 })]);
    }

    #[test]
    fn buttons_name_their_row_and_place() {
        let d = MenuDraft {
            rows: vec![
                vec![b("ok", MenuTarget::MainMenu), b("", MenuTarget::Operator)],
                vec![
                    b(&"д".repeat(65), MenuTarget::Submenu { menu_id: 1 }),
                    b("Плохая", MenuTarget::Url { url: "javascript:alert(1)".into() }),
                    ButtonDraft {
                        id: Some(3),
                        label_ru: "Текст".into(),
                        label_en: "e".repeat(65),
                        target: MenuTarget::SendText { text_ru: String::new(), text_en: "<i>x".into() },
                    },
                ],
            ],
            ..draft()
        };
        let p = problems(&d);
        assert_eq!(p[0], (MenuField::LabelRu, Some(1), Some(2), MenuProblem::Empty));
        assert_eq!(p[1], (MenuField::LabelRu, Some(2), Some(1), MenuProblem::TooLong { max: limits::LABEL }));
        assert_eq!(p[2], (MenuField::Url, Some(2), Some(2), MenuProblem::UrlInvalid));
        assert_eq!(p[3], (MenuField::LabelEn, Some(2), Some(3), MenuProblem::TooLong { max: limits::LABEL }));
        assert_eq!(p[4], (MenuField::SendTextRu, Some(2), Some(3), MenuProblem::Empty));
        assert!(matches!(p[5], (MenuField::SendTextEn, Some(2), Some(3), MenuProblem::Format { .. })), "{p:?}");
        assert_eq!(p.len(), 6);
    }

    #[test]
    fn urls_are_https_http_or_tg() {
        assert!(url_is_valid("https://t.me/support"));
        assert!(url_is_valid("tg://resolve?domain=support"));
        assert!(!url_is_valid("https://"));
        assert!(!url_is_valid("ftp://x"));
        assert!(!url_is_valid("https://a b"));
        assert!(!url_is_valid(&format!("https://a.b/{}", "x".repeat(2048))));
    }

    #[test]
    fn callback_data_is_an_id_within_64_bytes() {
        assert_eq!(callback_data(42), "b:42");
        assert!(callback_data(i64::MAX).len() <= limits::CALLBACK_DATA);
        assert!(callback_data(i64::MIN).len() <= limits::CALLBACK_DATA);
    }

    #[test]
    fn normalized_trims_and_drops_empty_rows() {
        let mut d = draft();
        d.key = " payment ".into();
        d.rows.insert(1, vec![]);
        d.rows[0][0].label_ru = "  Картой ".into();
        let n = d.normalized();
        assert_eq!((n.key.as_str(), n.rows.len(), n.rows[0][0].label_ru.as_str()), ("payment", 2, "Картой"));
    }

    #[test]
    fn drafts_serialize_with_tagged_targets() {
        let btn = ButtonDraft {
            id: Some(7),
            label_ru: "Т".into(),
            label_en: "T".into(),
            target: MenuTarget::SendText { text_ru: "р".into(), text_en: "e".into() },
        };
        let json = serde_json::to_string(&btn).unwrap();
        assert_eq!(json, r#"{"id":7,"label_ru":"Т","label_en":"T","kind":"send_text","text_ru":"р","text_en":"e"}"#);
        assert_eq!(serde_json::from_str::<ButtonDraft>(&json).unwrap(), btn);
        let e = MenuFieldError::button(MenuField::Url, 2, 1, MenuProblem::UrlInvalid);
        assert_eq!(serde_json::to_string(&e).unwrap(), r#"{"field":"url","row":2,"button":1,"problem":"url_invalid"}"#);
        assert_eq!(MenuTarget::Operator.action(), crate::ButtonAction::Handoff);
    }

    #[test]
    fn rows_share_their_width_equally() {
        let rows = vec![vec!["A"], vec!["A", "B", "C"]];
        let laid = keyboard_layout(&rows, 304.0);
        assert_eq!(laid[0][0].width, 304.0);
        let w = laid[1][0].width;
        assert!((w - 296.0 / 3.0).abs() < 0.01 && laid[1].iter().all(|b| b.width == w), "{:?}", laid[1]);
        assert!((laid[1][2].x + laid[1][2].width - 304.0).abs() < 0.01);
        assert!(laid.iter().flatten().all(|b| !b.cut));
    }

    #[test]
    fn long_labels_are_cut_with_an_ellipsis() {
        let long = "Очень длинная надпись на кнопке, которая не помещается";
        let laid = keyboard_layout(&[vec![long, "Да"]], 300.0);
        let cut = &laid[0][0];
        assert!(cut.cut);
        assert!(cut.text.ends_with('…') && cut.text.len() < long.len(), "{}", cut.text);
        assert!(long.starts_with(cut.text.trim_end_matches('…')));
        assert!(text_width(&cut.text) <= cut.width - 2.0 * BUTTON_PADDING);
        assert_eq!(laid[0][1].text, "Да");
        // Alone in its row it fits whole.
        assert!(!keyboard_layout(&[vec![long]], 600.0)[0][0].cut);
        // Wider characters take more room.
        assert!(text_width("WWW") > text_width("iii"));
        assert!(text_width("💳") > text_width("a"));
    }
}
