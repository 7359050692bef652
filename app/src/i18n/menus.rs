//! The menu builder (`tr.menus.…`): the rules a menu breaks, named by field and, for a button,
//! by its row and place; the conflicts of saving and deleting; the page, the editor, the button
//! panel, the preview and the dialogs.

use crate::menus::button_panel::Kind;
use crate::menus::model::{ButtonRef, MenuChange, MenuField, MenuFieldError, MenuProblem};

pub struct Menus {
    pub field: fn(MenuField) -> &'static str,
    pub problem: fn(&MenuProblem) -> String,
    /// "Row 2, button 3".
    pub at_button: fn(usize, usize) -> String,
    pub at_row: fn(usize) -> String,
    pub changed_meanwhile: fn(i32) -> String,
    pub in_use: fn(&[ButtonRef]) -> String,
    pub is_main: &'static str,
    // The page.
    pub subtitle: &'static str,
    pub new_menu: &'static str,
    pub tree: &'static str,
    pub search: &'static str,
    pub nothing_found: &'static str,
    pub unreachable: &'static str,
    pub unreachable_hint: &'static str,
    pub buttons_count: &'static str,
    pub breadcrumbs: &'static str,
    pub to_main: &'static str,
    // The editor.
    pub main_badge: &'static str,
    pub history: &'static str,
    pub duplicate: &'static str,
    pub duplicated: &'static str,
    pub delete: &'static str,
    pub delete_anyway: &'static str,
    pub delete_title: &'static str,
    pub delete_text: fn(&str) -> String,
    pub deleted: &'static str,
    pub title_ru: &'static str,
    pub title_en: &'static str,
    pub title_en_placeholder: &'static str,
    pub key: &'static str,
    pub key_hint: &'static str,
    pub text: &'static str,
    pub text_ru: &'static str,
    pub text_en: &'static str,
    pub text_hint: &'static str,
    pub text_en_hint: &'static str,
    pub keyboard: &'static str,
    pub keyboard_hint: &'static str,
    pub no_buttons: &'static str,
    pub add_row: &'static str,
    pub add_to_row: &'static str,
    pub row_n: fn(usize) -> String,
    pub row_too_long: fn(usize, usize) -> String,
    pub drop_new_row: &'static str,
    pub moved_to: fn(usize, usize) -> String,
    pub cannot_move: &'static str,
    pub removed: &'static str,
    pub has_problem: &'static str,
    pub opened_by: &'static str,
    pub fix_marked: &'static str,
    pub saved: &'static str,
    pub saving: &'static str,
    pub unsaved: &'static str,
    pub saved_at: fn(&str, Option<&str>) -> String,
    pub discard: &'static str,
    pub reload: &'static str,
    pub leave_title: &'static str,
    pub leave_text: &'static str,
    pub leave_stay: &'static str,
    pub leave_discard: &'static str,
    // The button panel.
    pub label_ru: &'static str,
    pub label_en: &'static str,
    pub label_en_placeholder: &'static str,
    pub no_label: &'static str,
    pub action: &'static str,
    pub kind: fn(Kind) -> &'static str,
    pub target_submenu: &'static str,
    pub pick_menu: &'static str,
    pub new_submenu: &'static str,
    pub submenu_created: &'static str,
    pub target_faq: &'static str,
    pub faq_none: &'static str,
    pub faq_search: &'static str,
    pub faq_nothing: &'static str,
    pub target_url: &'static str,
    pub target_text_ru: &'static str,
    pub target_text_en: &'static str,
    pub operator_note: &'static str,
    pub back_note: &'static str,
    pub main_menu_note: &'static str,
    pub move_group: &'static str,
    pub move_left: &'static str,
    pub move_right: &'static str,
    pub move_up: &'static str,
    pub move_down: &'static str,
    pub remove_button: &'static str,
    // The preview.
    pub preview: &'static str,
    pub preview_lang: &'static str,
    pub preview_empty: &'static str,
    pub preview_broken: &'static str,
    pub preview_back_added: &'static str,
    // Dialogs.
    pub new_title: &'static str,
    pub new_hint: &'static str,
    pub create: &'static str,
    pub history_title: &'static str,
    pub version_n: fn(i32) -> String,
    pub change: fn(MenuChange) -> &'static str,
    pub history_field: fn(&str) -> &'static str,
    pub restore: fn(i32) -> String,
    pub restore_drops_unsaved: &'static str,
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
    subtitle: "Кнопочные меню бота: дерево от главного меню, текст и кнопки каждого — и как их увидит клиент.",
    new_menu: "Новое меню",
    tree: "Меню бота",
    search: "Найти меню или кнопку",
    nothing_found: "Ничего не найдено.",
    unreachable: "Недоступные",
    unreachable_hint: "На эти меню не ведёт ни одна кнопка из главного.",
    buttons_count: "Кнопок",
    breadcrumbs: "Путь к меню",
    to_main: "К главному меню",
    main_badge: "главное",
    history: "История",
    duplicate: "Копия",
    duplicated: "Копия меню создана.",
    delete: "Удалить",
    delete_anyway: "Удалить всё равно",
    delete_title: "Удалить меню?",
    delete_text: |t| format!("Меню «{t}» будет удалено. Его версии останутся в журнале."),
    deleted: "Меню удалено.",
    title_ru: "Название",
    title_en: "Название на английском",
    title_en_placeholder: "Как по-русски",
    key: "Ключ",
    key_hint: "Имя меню в ссылках и журналах: буквы, цифры, «_», «-», «.».",
    text: "Текст меню",
    text_ru: "Текст",
    text_en: "Текст на английском",
    text_hint: "Сообщение над кнопками. Пусто — бот пришлёт название меню.",
    text_en_hint: "Пусто — англоязычные клиенты увидят русский текст.",
    keyboard: "Кнопки",
    keyboard_hint: "Перетащите кнопку мышью или выберите её и нажимайте Alt+стрелки: ←/→ внутри ряда, ↑/↓ в соседний ряд. Delete — удалить.",
    no_buttons: "Кнопок пока нет.",
    add_row: "Ряд с кнопкой",
    add_to_row: "Добавить кнопку в ряд",
    row_n: |r| format!("Ряд {r}"),
    row_too_long: |r, max| format!("Ряд {r}: больше {max} кнопок — Telegram столько в ряд не покажет"),
    drop_new_row: "Отпустите здесь — кнопка встанет в новый ряд",
    moved_to: |r, i| format!("Ряд {r}, место {i}"),
    cannot_move: "Дальше некуда",
    removed: "Кнопка удалена",
    has_problem: "Есть ошибка",
    opened_by: "На это меню ведут:",
    fix_marked: "Исправьте отмеченное — меню не сохранено.",
    saved: "Меню сохранено — бот уже отвечает им.",
    saving: "Сохраняем…",
    unsaved: "Есть несохранённые изменения",
    saved_at: |at, by| match by {
        Some(by) => format!("Сохранено {at}, {by}"),
        None => format!("Сохранено {at}"),
    },
    discard: "Отменить изменения",
    reload: "Обновить",
    leave_title: "Уйти без сохранения?",
    leave_text: "Изменения этого меню не сохранены и пропадут.",
    leave_stay: "Остаться",
    leave_discard: "Уйти без сохранения",
    label_ru: "Надпись",
    label_en: "Надпись на английском",
    label_en_placeholder: "Как по-русски",
    no_label: "(без надписи)",
    action: "Что делает",
    kind: |k| match k {
        Kind::Submenu => "Открывает меню",
        Kind::Faq => "Показывает ответ FAQ",
        Kind::Url => "Открывает ссылку",
        Kind::Operator => "Зовёт оператора",
        Kind::Back => "Назад",
        Kind::MainMenu => "Главное меню",
        Kind::SendText => "Присылает текст",
    },
    target_submenu: "Меню",
    pick_menu: "— выберите меню —",
    new_submenu: "Новое меню",
    submenu_created: "Меню создано и выбрано для кнопки. Сохраните это меню, затем откройте новое в дереве и добавьте его кнопки.",
    target_faq: "Ответ FAQ",
    faq_none: "Ответ не выбран",
    faq_search: "Найти ответ по вопросу или тексту",
    faq_nothing: "Таких ответов нет.",
    target_url: "Ссылка",
    target_text_ru: "Текст, который пришлёт бот",
    target_text_en: "Текст на английском",
    operator_note: "Бот передаст разговор оператору, как по команде /operator.",
    back_note: "Вернёт в меню уровнем выше (из главного — в главное).",
    main_menu_note: "Покажет главное меню.",
    move_group: "Переместить кнопку",
    move_left: "Левее",
    move_right: "Правее",
    move_up: "В ряд выше",
    move_down: "В ряд ниже",
    remove_button: "Удалить кнопку",
    preview: "Как увидит клиент",
    preview_lang: "Язык клиента",
    preview_empty: "Пустое сообщение",
    preview_broken: "Telegram не примет эту разметку — показываем как набрано.",
    preview_back_added: "Этот ряд бот добавляет сам: в меню нет кнопки «Назад» или «Главное меню».",
    new_title: "Новое меню",
    new_hint: "Меню станет доступно клиентам, когда на него поведёт кнопка.",
    create: "Создать",
    history_title: "История меню",
    version_n: |v| format!("Версия {v}"),
    change: |c| match c {
        MenuChange::Created => "создано",
        MenuChange::Updated => "изменено",
        MenuChange::Renamed => "переименовано",
        MenuChange::Reverted => "восстановлена прежняя версия",
        MenuChange::Deleted => "удалено",
    },
    history_field: |f| match f {
        "key" => "ключ",
        "title_ru" => "название",
        "title_en" => "название на английском",
        "text_ru" => "текст",
        "text_en" => "текст на английском",
        "rows" => "кнопки",
        _ => "другое",
    },
    restore: |v| format!("Восстановить версию {v}"),
    restore_drops_unsaved: "Несохранённые изменения в редакторе пропадут.",
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
    subtitle: "The bot's button menus: a tree from the main menu, each menu's text and buttons — and how a customer will see them.",
    new_menu: "New menu",
    tree: "The bot's menus",
    search: "Find a menu or a button",
    nothing_found: "Nothing found.",
    unreachable: "Unreachable",
    unreachable_hint: "No button from the main menu leads to these.",
    buttons_count: "Buttons",
    breadcrumbs: "Path to the menu",
    to_main: "To the main menu",
    main_badge: "main",
    history: "History",
    duplicate: "Duplicate",
    duplicated: "A copy of the menu was made.",
    delete: "Delete",
    delete_anyway: "Delete anyway",
    delete_title: "Delete the menu?",
    delete_text: |t| format!("The menu “{t}” will be deleted. Its versions stay in the log."),
    deleted: "The menu was deleted.",
    title_ru: "Title",
    title_en: "English title",
    title_en_placeholder: "Same as Russian",
    key: "Key",
    key_hint: "The menu's name in links and logs: letters, digits, “_”, “-”, “.”.",
    text: "The menu's text",
    text_ru: "Text",
    text_en: "English text",
    text_hint: "The message above the buttons. Empty: the bot sends the menu's title.",
    text_en_hint: "Empty: English-speaking customers get the Russian text.",
    keyboard: "Buttons",
    keyboard_hint: "Drag a button with the mouse, or select it and press Alt+arrows: ←/→ within its row, ↑/↓ to the next row. Delete removes it.",
    no_buttons: "No buttons yet.",
    add_row: "Row with a button",
    add_to_row: "Add a button to row",
    row_n: |r| format!("Row {r}"),
    row_too_long: |r, max| format!("Row {r}: more than {max} buttons — Telegram won't show that many in a row"),
    drop_new_row: "Drop here for a new row",
    moved_to: |r, i| format!("Row {r}, place {i}"),
    cannot_move: "Can't go further",
    removed: "Button removed",
    has_problem: "Has a problem",
    opened_by: "Buttons opening this menu:",
    fix_marked: "Fix what is marked — the menu was not saved.",
    saved: "Menu saved — the bot already answers with it.",
    saving: "Saving…",
    unsaved: "Unsaved changes",
    saved_at: |at, by| match by {
        Some(by) => format!("Saved {at} by {by}"),
        None => format!("Saved {at}"),
    },
    discard: "Discard changes",
    reload: "Reload",
    leave_title: "Leave without saving?",
    leave_text: "This menu's changes are not saved and will be lost.",
    leave_stay: "Stay",
    leave_discard: "Leave without saving",
    label_ru: "Label",
    label_en: "English label",
    label_en_placeholder: "Same as Russian",
    no_label: "(no label)",
    action: "What it does",
    kind: |k| match k {
        Kind::Submenu => "Opens a menu",
        Kind::Faq => "Shows an FAQ answer",
        Kind::Url => "Opens a link",
        Kind::Operator => "Calls an operator",
        Kind::Back => "Back",
        Kind::MainMenu => "Main menu",
        Kind::SendText => "Sends a text",
    },
    target_submenu: "Menu",
    pick_menu: "— pick a menu —",
    new_submenu: "New menu",
    submenu_created: "The menu was created and picked for the button. Save this menu, then open the new one in the tree and add its buttons.",
    target_faq: "FAQ answer",
    faq_none: "No answer picked",
    faq_search: "Find an answer by its question or text",
    faq_nothing: "No such answers.",
    target_url: "Link",
    target_text_ru: "The text the bot sends",
    target_text_en: "English text",
    operator_note: "The bot hands the conversation to an operator, as /operator does.",
    back_note: "Goes back to the menu one level up (from the main menu: the main menu).",
    main_menu_note: "Shows the main menu.",
    move_group: "Move the button",
    move_left: "Left",
    move_right: "Right",
    move_up: "To the row above",
    move_down: "To the row below",
    remove_button: "Remove the button",
    preview: "What the customer sees",
    preview_lang: "Customer's language",
    preview_empty: "Empty message",
    preview_broken: "Telegram would refuse this formatting — shown as typed.",
    preview_back_added: "The bot adds this row itself: the menu has no “Back” or “Main menu” button.",
    new_title: "New menu",
    new_hint: "Customers reach the menu once a button leads to it.",
    create: "Create",
    history_title: "Menu history",
    version_n: |v| format!("Version {v}"),
    change: |c| match c {
        MenuChange::Created => "created",
        MenuChange::Updated => "changed",
        MenuChange::Renamed => "renamed",
        MenuChange::Reverted => "an earlier version restored",
        MenuChange::Deleted => "deleted",
    },
    history_field: |f| match f {
        "key" => "key",
        "title_ru" => "title",
        "title_en" => "English title",
        "text_ru" => "text",
        "text_en" => "English text",
        "rows" => "buttons",
        _ => "other",
    },
    restore: |v| format!("Restore version {v}"),
    restore_drops_unsaved: "Unsaved changes in the editor will be lost.",
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
