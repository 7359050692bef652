//! A bot command as an admin edits it (Bot → Commands): the built-in ones (/start, /help, /menu,
//! /operator) and custom ones. One definition for the browser and the server; the server's check
//! ([`CommandDraft::problems`] plus the name's uniqueness and the menu's existence in
//! `bot::commands`) is the one that counts.
//!
//! Guarantees:
//! - [`CommandDraft::problems`] is pure and names the field of each problem: a custom command's
//!   name is 1–32 of `a-z`, `0-9`, `_` (Telegram's rule for `setMyCommands`) and not a built-in's;
//!   a description is at most 256 characters (Telegram's limit) and the Russian one is required
//!   when the command is shown in Telegram's menu; a custom command answers with Telegram HTML
//!   (checked through `tgtext`, ≤ 4096 UTF-16 units after formatting) or a menu, at least one of
//!   them; a built-in's text is plain text of at most 4096 characters with only its own
//!   placeholders (`{name}` in /start's greeting), the Texts page's rule (`types::texts`);
//! - a built-in is never renamed: its name is not part of what is checked or stored.

use serde::{Deserialize, Serialize};

use crate::menu::{MenuProblem, html_problem};
use crate::texts::TextProblem;

/// Limits the editor shows and the server enforces.
pub mod limits {
    /// Telegram: 1–32 characters.
    pub const NAME: usize = 32;
    /// Telegram: 1–256 characters.
    pub const DESCRIPTION: usize = 256;
    /// One message, in UTF-16 units (after formatting for HTML).
    pub const TEXT: usize = tgtext::MAX_MESSAGE_LEN;
}

/// The built-in commands, in the order Telegram's menu lists them by default.
pub const BUILTINS: [&str; 4] = ["start", "menu", "help", "operator"];

/// What a built-in command answers with, and which bot text (`texts` key) it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Builtin {
    /// The greeting (`{name}`: the customer's first name) and the main menu.
    Start,
    /// The help text.
    Help,
    /// The main menu (edited under Bot → Menus); no text of its own.
    Menu,
    /// The handoff text, and the conversation goes to an operator.
    Operator,
}

impl Builtin {
    pub fn of(name: &str) -> Option<Builtin> {
        match name {
            "start" => Some(Builtin::Start),
            "help" => Some(Builtin::Help),
            "menu" => Some(Builtin::Menu),
            "operator" => Some(Builtin::Operator),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Builtin::Start => "start",
            Builtin::Help => "help",
            Builtin::Menu => "menu",
            Builtin::Operator => "operator",
        }
    }

    /// The placeholders its text may use (the Texts page's rule for the same text).
    pub fn placeholders(self) -> &'static [&'static str] {
        match self {
            Builtin::Start => &["name"],
            _ => &[],
        }
    }

    /// The `texts` key of its editable text (none for /menu).
    pub fn text_key(self) -> Option<&'static str> {
        match self {
            Builtin::Start => Some("greeting"),
            Builtin::Help => Some("help"),
            Builtin::Menu => None,
            Builtin::Operator => Some("handoff"),
        }
    }
}

/// A command as the editor holds it. For a built-in, `name`, `menu_id` and `is_active` are not
/// editable (the server keeps the stored ones) and `text_*` is its bot text.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CommandDraft {
    /// Without the slash.
    pub name: String,
    #[serde(default)]
    pub description_ru: String,
    /// Empty: English speakers see the Russian description.
    #[serde(default)]
    pub description_en: String,
    /// A custom command's answer (Telegram HTML), or a built-in's text (plain).
    #[serde(default)]
    pub text_ru: String,
    /// Empty: English speakers read the Russian text.
    #[serde(default)]
    pub text_en: String,
    /// The menu a custom command sends (with its text above the keyboard, or the menu's own).
    #[serde(default)]
    pub menu_id: Option<i64>,
    /// Listed in Telegram's menu of commands; hidden ones still work when typed.
    pub show_in_menu: bool,
    /// A disabled custom command answers as an unknown one.
    pub is_active: bool,
}

/// A field of the command editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommandField {
    Name,
    DescriptionRu,
    DescriptionEn,
    TextRu,
    TextEn,
    Menu,
}

impl CommandField {
    /// The `name` of the form field.
    pub fn as_str(self) -> &'static str {
        match self {
            CommandField::Name => "name",
            CommandField::DescriptionRu => "description_ru",
            CommandField::DescriptionEn => "description_en",
            CommandField::TextRu => "text_ru",
            CommandField::TextEn => "text_en",
            CommandField::Menu => "menu",
        }
    }
}

/// What is wrong with a field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum CommandProblem {
    Empty,
    TooLong {
        max: usize,
    },
    /// Not 1–32 of `a-z`, `0-9`, `_`.
    NameInvalid,
    /// Another command has this name.
    NameTaken,
    /// A built-in command's name.
    NameReserved,
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
    /// A custom command with neither a text nor a menu.
    NoResponse,
    /// The menu doesn't exist.
    MenuMissing {
        menu_id: i64,
    },
    /// A built-in's text uses `{name}` where it has no such placeholder.
    UnknownPlaceholder {
        name: String,
    },
    /// A built-in's text has a `{` without its `}`.
    Unclosed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandFieldError {
    pub field: CommandField,
    #[serde(flatten)]
    pub problem: CommandProblem,
}

impl CommandFieldError {
    pub fn new(field: CommandField, problem: CommandProblem) -> CommandFieldError {
        CommandFieldError { field, problem }
    }
}

/// Whether `name` is a name Telegram accepts for a command: 1–32 of `a-z`, `0-9`, `_`.
pub fn name_is_valid(name: &str) -> bool {
    (1..=limits::NAME).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

impl CommandDraft {
    /// Trims every text, drops a leading slash from the name and lowercases it (Telegram's
    /// clients show commands in lower case; what is stored).
    pub fn normalized(mut self) -> CommandDraft {
        self.name = self.name.trim().trim_start_matches('/').to_lowercase();
        self.description_ru = self.description_ru.trim().to_string();
        self.description_en = self.description_en.trim().to_string();
        self.text_ru = self.text_ru.trim().to_string();
        self.text_en = self.text_en.trim().to_string();
        self
    }

    /// The problems that need no database, in field order. `builtin`: the draft edits that
    /// built-in (its name is not checked, its texts are plain text, /menu has none).
    pub fn problems(&self, builtin: Option<Builtin>) -> Vec<CommandFieldError> {
        let mut out = Vec::new();
        let mut push = |field, problem| out.push(CommandFieldError::new(field, problem));
        let chars = |s: &str| s.chars().count();
        if builtin.is_none() {
            if self.name.is_empty() {
                push(CommandField::Name, CommandProblem::Empty);
            } else if chars(&self.name) > limits::NAME {
                push(CommandField::Name, CommandProblem::TooLong { max: limits::NAME });
            } else if !name_is_valid(&self.name) {
                push(CommandField::Name, CommandProblem::NameInvalid);
            } else if BUILTINS.contains(&self.name.as_str()) {
                push(CommandField::Name, CommandProblem::NameReserved);
            }
        }
        if self.description_ru.is_empty() && self.show_in_menu {
            push(CommandField::DescriptionRu, CommandProblem::Empty);
        } else if chars(&self.description_ru) > limits::DESCRIPTION {
            push(CommandField::DescriptionRu, CommandProblem::TooLong { max: limits::DESCRIPTION });
        }
        if chars(&self.description_en) > limits::DESCRIPTION {
            push(CommandField::DescriptionEn, CommandProblem::TooLong { max: limits::DESCRIPTION });
        }
        match builtin {
            Some(Builtin::Menu) => {}
            // The same rule as the Texts page's for these texts (`types::texts`).
            Some(b) => {
                for (field, text) in [(CommandField::TextRu, &self.text_ru), (CommandField::TextEn, &self.text_en)] {
                    for p in crate::texts::problems(text, b.placeholders(), limits::TEXT) {
                        push(
                            field,
                            match p {
                                TextProblem::TooLong { max } => CommandProblem::TooLong { max },
                                TextProblem::UnknownPlaceholder { name } => CommandProblem::UnknownPlaceholder { name },
                                TextProblem::Unclosed => CommandProblem::Unclosed,
                            },
                        );
                    }
                }
            }
            None => {
                if self.text_ru.is_empty() && self.menu_id.is_none() {
                    push(CommandField::TextRu, CommandProblem::NoResponse);
                }
                for (field, text) in [(CommandField::TextRu, &self.text_ru), (CommandField::TextEn, &self.text_en)] {
                    if !text.is_empty()
                        && let Some(p) = html_problem(text)
                    {
                        push(field, from_menu_problem(p));
                    }
                }
            }
        }
        out
    }
}

fn from_menu_problem(p: MenuProblem) -> CommandProblem {
    match p {
        MenuProblem::Format { line, column, message } => CommandProblem::Format { line, column, message },
        MenuProblem::TooLongFormatted { length, max } => CommandProblem::TooLongFormatted { length, max },
        _ => CommandProblem::TooLong { max: limits::TEXT },
    }
}

/// One line of Telegram's command list (what a customer sees after typing "/").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MenuLine {
    pub name: String,
    pub description: String,
}

/// A command as [`menu_lines`] reads it.
pub struct Listed<'a> {
    pub name: &'a str,
    pub description_ru: &'a str,
    pub description_en: &'a str,
    pub show_in_menu: bool,
    pub is_active: bool,
}

/// The commands Telegram lists for a language (`english`: the English list, where an empty
/// English description falls back to the Russian one), in the given order: shown and active
/// ones with a valid name and a description, cut to Telegram's 256 characters. What
/// `setMyCommands` is sent and what the editor's preview shows.
pub fn menu_lines<'a>(commands: impl IntoIterator<Item = Listed<'a>>, english: bool) -> Vec<MenuLine> {
    commands
        .into_iter()
        .filter(|c| c.show_in_menu && c.is_active && name_is_valid(c.name))
        .filter_map(|c| {
            let d = if english && !c.description_en.trim().is_empty() { c.description_en } else { c.description_ru };
            let d: String = d.trim().chars().take(limits::DESCRIPTION).collect();
            (!d.is_empty()).then(|| MenuLine { name: c.name.to_string(), description: d })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn custom(name: &str) -> CommandDraft {
        CommandDraft {
            name: name.into(),
            description_ru: "Акции".into(),
            text_ru: "<b>Скидки</b> до 31 декабря".into(),
            show_in_menu: true,
            is_active: true,
            ..Default::default()
        }
    }

    fn fields(d: &CommandDraft, b: Option<Builtin>) -> Vec<(CommandField, CommandProblem)> {
        d.problems(b).into_iter().map(|e| (e.field, e.problem)).collect()
    }

    #[test]
    fn names_follow_telegrams_rule() {
        assert!(name_is_valid("promo") && name_is_valid("a") && name_is_valid("x_1") && name_is_valid(&"a".repeat(32)));
        for bad in ["", "Promo", "pro-mo", "промо", "pro mo", &"a".repeat(33)] {
            assert!(!name_is_valid(bad), "{bad}");
        }
        assert_eq!(fields(&custom(""), None), [(CommandField::Name, CommandProblem::Empty)]);
        assert_eq!(fields(&custom("pro-mo"), None), [(CommandField::Name, CommandProblem::NameInvalid)]);
        assert_eq!(fields(&custom("промо"), None), [(CommandField::Name, CommandProblem::NameInvalid)]);
        assert_eq!(fields(&custom(&"a".repeat(33)), None), [(CommandField::Name, CommandProblem::TooLong { max: 32 })]);
        assert_eq!(fields(&custom("help"), None), [(CommandField::Name, CommandProblem::NameReserved)]);
        assert!(custom("promo_2026").problems(None).is_empty());
    }

    #[test]
    fn normalising_drops_the_slash_and_lowercases() {
        let d = CommandDraft { name: " /Promo ".into(), description_ru: " Акции ".into(), ..Default::default() };
        let d = d.normalized();
        assert_eq!((d.name.as_str(), d.description_ru.as_str()), ("promo", "Акции"));
    }

    #[test]
    fn descriptions_required_when_shown_and_at_most_256() {
        let mut d = custom("promo");
        d.description_ru.clear();
        assert_eq!(fields(&d, None), [(CommandField::DescriptionRu, CommandProblem::Empty)]);
        d.show_in_menu = false;
        assert!(d.problems(None).is_empty());
        d.description_ru = "д".repeat(257);
        d.description_en = "e".repeat(257);
        assert_eq!(
            fields(&d, None),
            [
                (CommandField::DescriptionRu, CommandProblem::TooLong { max: 256 }),
                (CommandField::DescriptionEn, CommandProblem::TooLong { max: 256 })
            ]
        );
        d.description_ru = "д".repeat(256);
        d.description_en = "e".repeat(256);
        assert!(d.problems(None).is_empty());
    }

    #[test]
    fn a_custom_command_answers_with_valid_html_or_a_menu() {
        let mut d = custom("promo");
        d.text_ru.clear();
        assert_eq!(fields(&d, None), [(CommandField::TextRu, CommandProblem::NoResponse)]);
        d.menu_id = Some(3);
        assert!(d.problems(None).is_empty());
        d.text_ru = "<b>bold".into();
        d.text_en = "x".repeat(4097);
        let got = fields(&d, None);
        assert!(matches!(got[0], (CommandField::TextRu, CommandProblem::Format { line: 1, .. })), "{got:?}");
        assert_eq!(got[1], (CommandField::TextEn, CommandProblem::TooLongFormatted { length: 4097, max: 4096 }));
        // Tags don't count towards the length.
        d.text_ru = format!("<b>{}</b>", "x".repeat(4096));
        d.text_en.clear();
        assert!(d.problems(None).is_empty());
    }

    #[test]
    fn builtins_keep_their_name_and_take_plain_text() {
        let d = CommandDraft {
            name: "whatever".into(),
            description_ru: "Начать".into(),
            text_ru: "Привет, {name}! <b не HTML".into(),
            show_in_menu: true,
            is_active: true,
            ..Default::default()
        };
        assert!(d.problems(Some(Builtin::Start)).is_empty());
        let long = CommandDraft { text_en: "x".repeat(4097), ..d.clone() };
        assert_eq!(
            fields(&long, Some(Builtin::Start)),
            [(CommandField::TextEn, CommandProblem::TooLong { max: 4096 })]
        );
        // /menu has no text of its own, and no response is needed.
        assert!(CommandDraft { text_ru: String::new(), ..d }.problems(Some(Builtin::Menu)).is_empty());
        let mut p = CommandDraft { text_ru: "Привет, {first_name}!".into(), ..long.clone() };
        p.text_en.clear();
        assert_eq!(
            fields(&p, Some(Builtin::Start)),
            [(CommandField::TextRu, CommandProblem::UnknownPlaceholder { name: "first_name".into() })]
        );
        p.text_ru = "Справка для {name}".into();
        assert_eq!(
            fields(&p, Some(Builtin::Help)),
            [(CommandField::TextRu, CommandProblem::UnknownPlaceholder { name: "name".into() })]
        );
        p.text_ru = "Привет {name".into();
        assert_eq!(fields(&p, Some(Builtin::Start)), [(CommandField::TextRu, CommandProblem::Unclosed)]);
        assert_eq!(Builtin::of("operator").and_then(Builtin::text_key), Some("handoff"));
        assert_eq!(Builtin::of("promo"), None);
    }

    #[test]
    fn the_menu_lists_shown_active_commands_per_language() {
        let l = |name, ru, en, show, active| Listed {
            name,
            description_ru: ru,
            description_en: en,
            show_in_menu: show,
            is_active: active,
        };
        let all = || {
            vec![
                l("start", "Начать", "Start", true, true),
                l("secret", "Тайна", "Secret", false, true),
                l("off", "Выкл", "Off", true, false),
                l("promo", "Акции", "", true, true),
                l("Bad-Name", "Плохо", "Bad", true, true),
            ]
        };
        let names =
            |english| menu_lines(all(), english).into_iter().map(|m| (m.name, m.description)).collect::<Vec<_>>();
        assert_eq!(names(false), [("start".into(), "Начать".into()), ("promo".into(), "Акции".into())]);
        assert_eq!(names(true), [("start".into(), "Start".into()), ("promo".into(), "Акции".into())]);
    }
}
