//! The menu builder (`tr.menus.…`): the rules a menu breaks, named by field and, for a button,
//! by its row and place; the conflicts of saving and deleting.

use crate::menus::model::{ButtonRef, MenuField, MenuFieldError, MenuProblem};

pub struct Menus {
    pub field: fn(MenuField) -> &'static str,
    pub problem: fn(&MenuProblem) -> String,
    /// "Row 2, button 3".
    pub at_button: fn(usize, usize) -> String,
    pub at_row: fn(usize) -> String,
    pub changed_meanwhile: fn(i32) -> String,
    pub in_use: fn(&[ButtonRef]) -> String,
    pub is_main: &'static str,
}

impl Menus {
    /// "Row 2, button 1 — Link: …" — a field's problem as one sentence.
    pub fn field_error(&self, e: &MenuFieldError) -> String {
        let place = match (e.row, e.button) {
            (Some(r), Some(b)) => format!("{} — ", (self.at_button)(r, b)),
            (Some(r), None) => format!("{} — ", (self.at_row)(r)),
            _ => String::new(),
        };
        format!("{place}{}: {}", (self.field)(e.field), (self.problem)(&e.problem))
    }
}

fn ru_field(f: MenuField) -> &'static str {
    match f {
        MenuField::Key => "Ключ",
        MenuField::TitleRu => "Название",
        MenuField::TitleEn => "Название на английском",
        MenuField::TextRu => "Текст",
        MenuField::TextEn => "Текст на английском",
        MenuField::Rows => "Кнопки",
        MenuField::Row => "Ряд",
        MenuField::LabelRu => "Надпись",
        MenuField::LabelEn => "Надпись на английском",
        MenuField::Url => "Ссылка",
        MenuField::Target => "Куда ведёт",
        MenuField::SendTextRu => "Текст кнопки",
        MenuField::SendTextEn => "Текст кнопки на английском",
    }
}

fn en_field(f: MenuField) -> &'static str {
    match f {
        MenuField::Key => "Key",
        MenuField::TitleRu => "Title",
        MenuField::TitleEn => "English title",
        MenuField::TextRu => "Text",
        MenuField::TextEn => "English text",
        MenuField::Rows => "Buttons",
        MenuField::Row => "Row",
        MenuField::LabelRu => "Label",
        MenuField::LabelEn => "English label",
        MenuField::Url => "Link",
        MenuField::Target => "Opens",
        MenuField::SendTextRu => "Button's text",
        MenuField::SendTextEn => "Button's English text",
    }
}

fn ru_problem(p: &MenuProblem) -> String {
    match p {
        MenuProblem::Empty => "не заполнено".into(),
        MenuProblem::TooLong { max } => format!("длиннее {max} символов"),
        MenuProblem::KeyInvalid => "только буквы, цифры, «_», «-» и «.»".into(),
        MenuProblem::KeyTaken => "такой ключ уже у другого меню".into(),
        MenuProblem::Format { line, column, .. } => {
            format!("Telegram не примет разметку: строка {line}, позиция {column}")
        }
        MenuProblem::TooLongFormatted { length, max } => {
            format!("{length} символов после форматирования, Telegram принимает до {max}")
        }
        MenuProblem::RowTooLong { max } => format!("больше {max} кнопок в ряду"),
        MenuProblem::TooManyButtons { max } => format!("больше {max} кнопок в меню"),
        MenuProblem::UrlInvalid => "нужна ссылка https://, http:// или tg://".into(),
        MenuProblem::MenuMissing { menu_id } => format!("меню №{menu_id} не существует"),
        MenuProblem::FaqMissing { faq_id } => format!("ответа FAQ №{faq_id} нет или он в архиве"),
    }
}

fn en_problem(p: &MenuProblem) -> String {
    match p {
        MenuProblem::Empty => "is empty".into(),
        MenuProblem::TooLong { max } => format!("is longer than {max} characters"),
        MenuProblem::KeyInvalid => "letters, digits, “_”, “-” and “.” only".into(),
        MenuProblem::KeyTaken => "another menu has this key".into(),
        MenuProblem::Format { line, column, .. } => {
            format!("Telegram would refuse the formatting: line {line}, position {column}")
        }
        MenuProblem::TooLongFormatted { length, max } => {
            format!("{length} characters after formatting, Telegram takes up to {max}")
        }
        MenuProblem::RowTooLong { max } => format!("more than {max} buttons in a row"),
        MenuProblem::TooManyButtons { max } => format!("more than {max} buttons in the menu"),
        MenuProblem::UrlInvalid => "needs an https://, http:// or tg:// link".into(),
        MenuProblem::MenuMissing { menu_id } => format!("menu #{menu_id} doesn't exist"),
        MenuProblem::FaqMissing { faq_id } => format!("FAQ entry #{faq_id} doesn't exist or is archived"),
    }
}

fn buttons_list(buttons: &[ButtonRef]) -> String {
    buttons.iter().map(|b| format!("«{}» ({})", b.label, b.owner)).collect::<Vec<_>>().join(", ")
}

pub(super) const RU: Menus = Menus {
    field: ru_field,
    problem: ru_problem,
    at_button: |r, b| format!("Ряд {r}, кнопка {b}"),
    at_row: |r| format!("Ряд {r}"),
    changed_meanwhile: |v| {
        format!(
            "Меню изменили, пока вы его редактировали (теперь версия {v}). Обновите страницу, чтобы не затереть чужую правку."
        )
    },
    in_use: |b| {
        format!(
            "На это меню ведут кнопки: {}. Удалить всё равно? Они перестанут работать: бот извинится и покажет главное меню.",
            buttons_list(b)
        )
    },
    is_main: "Главное меню удалить нельзя.",
};

pub(super) const EN: Menus = Menus {
    field: en_field,
    problem: en_problem,
    at_button: |r, b| format!("Row {r}, button {b}"),
    at_row: |r| format!("Row {r}"),
    changed_meanwhile: |v| {
        format!(
            "Someone changed the menu while you were editing it (now version {v}). Reload so as not to overwrite their change."
        )
    },
    in_use: |b| {
        format!(
            "These buttons open this menu: {}. Delete it anyway? They will stop working: the bot will apologise and show the main menu.",
            buttons_list(b)
        )
    },
    is_main: "The main menu can't be deleted.",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_name_the_field_and_the_button() {
        let e = MenuFieldError::button(MenuField::Url, 2, 3, MenuProblem::UrlInvalid);
        assert_eq!(EN.field_error(&e), "Row 2, button 3 — Link: needs an https://, http:// or tg:// link");
        assert_eq!(RU.field_error(&e), "Ряд 2, кнопка 3 — Ссылка: нужна ссылка https://, http:// или tg://");
        let e = MenuFieldError::menu(MenuField::Key, MenuProblem::KeyTaken);
        assert_eq!(EN.field_error(&e), "Key: another menu has this key");
    }
}
