//! Canned responses (`tr.canned.…`): the admin page and its form's problems. The composer's "/"
//! picker is the inbox's.

pub struct Canned {
    pub title: &'static str,
    pub subtitle: &'static str,
    pub new: &'static str,
    pub empty: &'static str,
    pub create_title: &'static str,
    pub edit_title: fn(&str) -> String,

    pub col_title: &'static str,
    pub col_shortcut: &'static str,
    pub col_text: &'static str,
    pub field_title: &'static str,
    pub field_shortcut: &'static str,
    pub field_shortcut_hint: &'static str,
    pub field_text: &'static str,

    pub confirm_delete: fn(&str) -> String,
    pub saved: fn(&str) -> String,
    pub deleted: fn(&str) -> String,

    pub title_invalid: &'static str,
    pub shortcut_invalid: &'static str,
    pub shortcut_taken: &'static str,
    pub text_invalid: &'static str,
}

// Russian
pub(super) const RU: Canned = Canned {
    title: "Шаблоны ответов",
    subtitle: "Готовые ответы для операторов: наберите в поле ответа «/» и сокращение, чтобы вставить шаблон.",
    new: "Новый шаблон",
    empty: "Шаблонов пока нет. Добавьте ответы, которые команда пишет чаще всего.",
    create_title: "Новый шаблон ответа",
    edit_title: |s| format!("Изменение /{s}"),

    col_title: "Название",
    col_shortcut: "Сокращение",
    col_text: "Текст",
    field_title: "Название",
    field_shortcut: "Сокращение",
    field_shortcut_hint: "Одно слово: буквы, цифры, - и _. Операторы набирают его после «/».",
    field_text: "Текст",

    confirm_delete: |s| format!("Удалить шаблон /{s}? Операторы больше не смогут его вставить."),
    saved: |s| format!("Шаблон /{s} сохранён."),
    deleted: |s| format!("Шаблон /{s} удалён."),

    title_invalid: "Укажите название (до 120 символов).",
    shortcut_invalid: "Сокращение — одно слово: буквы, цифры, - и _ (до 40 символов).",
    shortcut_taken: "Это сокращение уже занято другим шаблоном.",
    text_invalid: "Текст не может быть пустым (до 4096 символов).",
};

// English
pub(super) const EN: Canned = Canned {
    title: "Canned responses",
    subtitle: "Ready answers for operators: type “/” and the shortcut in the reply box to insert one.",
    new: "New response",
    empty: "No canned responses yet. Add the answers your team types most often.",
    create_title: "New canned response",
    edit_title: |s| format!("Edit /{s}"),

    col_title: "Title",
    col_shortcut: "Shortcut",
    col_text: "Text",
    field_title: "Title",
    field_shortcut: "Shortcut",
    field_shortcut_hint: "One word: letters, digits, - and _. Operators type it after “/”.",
    field_text: "Text",

    confirm_delete: |s| format!("Delete the canned response /{s}? Operators will no longer be able to insert it."),
    saved: |s| format!("Canned response /{s} saved."),
    deleted: |s| format!("Canned response /{s} deleted."),

    title_invalid: "Give it a title (up to 120 characters).",
    shortcut_invalid: "A shortcut is one word: letters, digits, - and _ (up to 40).",
    shortcut_taken: "Another canned response already uses this shortcut.",
    text_invalid: "The text must not be empty (up to 4096 characters).",
};
