//! Bot → Commands (`tr.commands.…`): the list, the editor, the preview of Telegram's menu of
//! commands, the rules a command breaks (named by field) and the conflicts of saving and deleting.

use crate::commands::model::{CommandField, CommandFieldError, CommandProblem};

pub struct Commands {
    pub subtitle: &'static str,
    pub new_command: &'static str,
    pub builtin_title: &'static str,
    pub builtin_hint: &'static str,
    pub custom_title: &'static str,
    pub custom_empty: &'static str,
    pub custom_empty_hint: &'static str,
    pub col_command: &'static str,
    pub col_description: &'static str,
    pub col_answer: &'static str,
    pub col_menu: &'static str,
    pub col_actions: &'static str,
    pub badge_builtin: &'static str,
    pub shown: &'static str,
    pub hidden: &'static str,
    pub disabled: &'static str,
    pub edit: &'static str,
    pub delete: &'static str,
    pub answer_start: &'static str,
    pub answer_help: &'static str,
    pub answer_menu: &'static str,
    pub answer_operator: &'static str,
    /// "+ menu «Payment»" (a menu under the text) or "Menu «Payment»" (the menu alone).
    pub answer_with_menu: fn(&str) -> String,
    pub answer_menu_only: fn(&str) -> String,
    pub menu_gone: &'static str,
    // The editor.
    pub new_title: &'static str,
    pub edit_title: fn(&str) -> String,
    pub name: &'static str,
    pub name_hint: &'static str,
    pub description_ru: &'static str,
    pub description_en: &'static str,
    pub description_hint: &'static str,
    pub answer_ru: &'static str,
    pub answer_en: &'static str,
    pub answer_hint: &'static str,
    pub greeting_ru: &'static str,
    pub greeting_en: &'static str,
    pub greeting_hint: &'static str,
    pub help_ru: &'static str,
    pub help_en: &'static str,
    pub handoff_ru: &'static str,
    pub handoff_en: &'static str,
    pub plain_hint: &'static str,
    pub menu: &'static str,
    pub menu_none: &'static str,
    pub menu_main: &'static str,
    pub menu_hint: &'static str,
    pub menu_builtin_note: &'static str,
    pub open_menus: &'static str,
    pub show_in_menu: &'static str,
    pub show_hint: &'static str,
    pub is_active: &'static str,
    pub active_hint: &'static str,
    pub create: &'static str,
    pub created: fn(&str) -> String,
    pub saved: fn(&str) -> String,
    pub deleted: fn(&str) -> String,
    pub delete_title: fn(&str) -> String,
    pub delete_message: &'static str,
    pub updated: fn(&str, Option<&str>) -> String,
    // The preview.
    pub preview_title: &'static str,
    pub preview_hint: &'static str,
    pub preview_empty: &'static str,
    pub preview_lang: &'static str,
    pub preview_bot: &'static str,
    pub preview_input: &'static str,
    // Rules and conflicts.
    pub field: fn(CommandField) -> &'static str,
    pub problem: fn(&CommandProblem) -> String,
    pub changed_meanwhile: fn(i32) -> String,
    pub builtin_not_deleted: &'static str,
}

impl Commands {
    /// "Name: letters a–z…" — a field's problem as one sentence.
    pub fn field_error(&self, e: &CommandFieldError) -> String {
        format!("{}: {}", (self.field)(e.field), (self.problem)(&e.problem))
    }
}

fn ru_field(f: CommandField) -> &'static str {
    match f {
        CommandField::Name => "Команда",
        CommandField::DescriptionRu => "Описание",
        CommandField::DescriptionEn => "Описание на английском",
        CommandField::TextRu => "Ответ",
        CommandField::TextEn => "Ответ на английском",
        CommandField::Menu => "Меню",
    }
}

fn en_field(f: CommandField) -> &'static str {
    match f {
        CommandField::Name => "Command",
        CommandField::DescriptionRu => "Description",
        CommandField::DescriptionEn => "English description",
        CommandField::TextRu => "Answer",
        CommandField::TextEn => "English answer",
        CommandField::Menu => "Menu",
    }
}

fn ru_problem(p: &CommandProblem) -> String {
    match p {
        CommandProblem::Empty => "не заполнено".into(),
        CommandProblem::TooLong { max } => format!("длиннее {max} символов"),
        CommandProblem::NameInvalid => "только латинские строчные буквы a–z, цифры и «_»".into(),
        CommandProblem::NameTaken => "такая команда уже есть".into(),
        CommandProblem::NameReserved => "это имя встроенной команды".into(),
        CommandProblem::Format { line, column, .. } => {
            format!("Telegram не примет разметку: строка {line}, позиция {column}")
        }
        CommandProblem::TooLongFormatted { length, max } => {
            format!("{length} символов после форматирования, Telegram принимает до {max}")
        }
        CommandProblem::NoResponse => "нужен текст ответа или меню".into(),
        CommandProblem::MenuMissing { menu_id } => format!("меню №{menu_id} не существует"),
        CommandProblem::UnknownPlaceholder { name } => format!("в этом тексте нет подстановки {{{name}}}"),
        CommandProblem::Unclosed => "«{» без «}»".into(),
    }
}

fn en_problem(p: &CommandProblem) -> String {
    match p {
        CommandProblem::Empty => "is empty".into(),
        CommandProblem::TooLong { max } => format!("is longer than {max} characters"),
        CommandProblem::NameInvalid => "lowercase latin letters a–z, digits and “_” only".into(),
        CommandProblem::NameTaken => "another command has this name".into(),
        CommandProblem::NameReserved => "a built-in command has this name".into(),
        CommandProblem::Format { line, column, .. } => {
            format!("Telegram would refuse the formatting: line {line}, position {column}")
        }
        CommandProblem::TooLongFormatted { length, max } => {
            format!("{length} characters after formatting, Telegram takes up to {max}")
        }
        CommandProblem::NoResponse => "needs an answer text or a menu".into(),
        CommandProblem::MenuMissing { menu_id } => format!("menu #{menu_id} doesn't exist"),
        CommandProblem::UnknownPlaceholder { name } => format!("this text has no placeholder {{{name}}}"),
        CommandProblem::Unclosed => "a “{” without its “}”".into(),
    }
}

pub(super) const RU: Commands = Commands {
    subtitle: "Команды, которые клиент выбирает после «/» в Telegram. Изменения уходят в Telegram сразу после сохранения.",
    new_command: "Новая команда",
    builtin_title: "Встроенные",
    builtin_hint: "Их нельзя переименовать или удалить — можно скрыть из меню и изменить описания и тексты.",
    custom_title: "Свои команды",
    custom_empty: "Своих команд пока нет",
    custom_empty_hint: "Например, /promo с текстом об акциях или /contacts с меню контактов.",
    col_command: "Команда",
    col_description: "Описание",
    col_answer: "Что отвечает",
    col_menu: "В меню Telegram",
    col_actions: "Действия",
    badge_builtin: "встроенная",
    shown: "Показана",
    hidden: "Скрыта",
    disabled: "Выключена",
    edit: "Изменить",
    delete: "Удалить",
    answer_start: "Приветствие и главное меню",
    answer_help: "Текст справки",
    answer_menu: "Главное меню",
    answer_operator: "Передаёт диалог оператору",
    answer_with_menu: |m| format!("+ меню «{m}»"),
    answer_menu_only: |m| format!("Меню «{m}»"),
    menu_gone: "удалённое меню",
    new_title: "Новая команда",
    edit_title: |n| format!("Команда /{n}"),
    name: "Команда",
    name_hint: "1–32 символа: латинские строчные буквы, цифры и «_». Так требует Telegram.",
    description_ru: "Описание",
    description_en: "Описание на английском",
    description_hint: "Видно в меню команд, до 256 символов. Пустое английское — покажем русское.",
    answer_ru: "Ответ",
    answer_en: "Ответ на английском",
    answer_hint: "Разметка Telegram: <b>, <i>, <a href=\"…\">. Пустой английский — ответим по-русски.",
    greeting_ru: "Приветствие",
    greeting_en: "Приветствие на английском",
    greeting_hint: "{name} — имя клиента. Под приветствием бот показывает главное меню.",
    help_ru: "Текст справки",
    help_en: "Текст справки на английском",
    handoff_ru: "Текст о передаче оператору",
    handoff_en: "Текст о передаче оператору на английском",
    plain_hint: "Простой текст. Пустое поле — текст по умолчанию.",
    menu: "Меню под ответом",
    menu_none: "— без меню —",
    menu_main: "главное",
    menu_hint: "Без текста бот пришлёт само меню.",
    menu_builtin_note: "Присылает главное меню. Его кнопки настраиваются в разделе «Меню».",
    open_menus: "Открыть меню",
    show_in_menu: "Показывать в меню команд Telegram",
    show_hint: "Скрытая команда работает, если её набрать.",
    is_active: "Включена",
    active_hint: "Выключенная команда отвечает как несуществующая.",
    create: "Создать",
    created: |n| format!("Команда /{n} создана"),
    saved: |n| format!("Команда /{n} сохранена"),
    deleted: |n| format!("Команда /{n} удалена"),
    delete_title: |n| format!("Удалить /{n}?"),
    delete_message: "Команда исчезнет из меню Telegram, а набранная — будет отвечать как несуществующая.",
    updated: |at, by| match by {
        Some(b) => format!("Изменена {at}, {b}"),
        None => format!("Изменена {at}"),
    },
    preview_title: "Меню команд в Telegram",
    preview_hint: "Так клиент видит список, набрав «/».",
    preview_empty: "Меню пустое: Telegram не покажет кнопку команд.",
    preview_lang: "Язык клиента",
    preview_bot: "Бот поддержки",
    preview_input: "Сообщение",
    field: ru_field,
    problem: ru_problem,
    changed_meanwhile: |v| {
        format!("Команду изменили, пока вы её редактировали (теперь версия {v}). Закройте и откройте снова.")
    },
    builtin_not_deleted: "Встроенную команду нельзя удалить — её можно скрыть.",
};

pub(super) const EN: Commands = Commands {
    subtitle: "The commands customers pick after typing “/” in Telegram. Changes reach Telegram as soon as they are saved.",
    new_command: "New command",
    builtin_title: "Built-in",
    builtin_hint: "They can't be renamed or deleted; you can hide them and edit their descriptions and texts.",
    custom_title: "Custom commands",
    custom_empty: "No custom commands yet",
    custom_empty_hint: "For example, /promo with a text about offers or /contacts with a contacts menu.",
    col_command: "Command",
    col_description: "Description",
    col_answer: "Answers with",
    col_menu: "In Telegram's menu",
    col_actions: "Actions",
    badge_builtin: "built-in",
    shown: "Shown",
    hidden: "Hidden",
    disabled: "Disabled",
    edit: "Edit",
    delete: "Delete",
    answer_start: "Greeting and the main menu",
    answer_help: "The help text",
    answer_menu: "The main menu",
    answer_operator: "Hands the chat to an operator",
    answer_with_menu: |m| format!("+ menu “{m}”"),
    answer_menu_only: |m| format!("Menu “{m}”"),
    menu_gone: "a deleted menu",
    new_title: "New command",
    edit_title: |n| format!("Command /{n}"),
    name: "Command",
    name_hint: "1–32 characters: lowercase latin letters, digits and “_”, as Telegram requires.",
    description_ru: "Description",
    description_en: "English description",
    description_hint: "Shown in the menu of commands, up to 256 characters. Empty English: the Russian one is shown.",
    answer_ru: "Answer",
    answer_en: "English answer",
    answer_hint: "Telegram formatting: <b>, <i>, <a href=\"…\">. Empty English: the Russian answer is sent.",
    greeting_ru: "Greeting",
    greeting_en: "English greeting",
    greeting_hint: "{name} is the customer's first name. The bot shows the main menu under the greeting.",
    help_ru: "Help text",
    help_en: "English help text",
    handoff_ru: "Handoff text",
    handoff_en: "English handoff text",
    plain_hint: "Plain text. Empty: the default text.",
    menu: "Menu under the answer",
    menu_none: "— no menu —",
    menu_main: "main",
    menu_hint: "Without a text, the bot sends the menu itself.",
    menu_builtin_note: "Sends the main menu. Its buttons are edited under Menus.",
    open_menus: "Open menus",
    show_in_menu: "Show in Telegram's menu of commands",
    show_hint: "A hidden command still works when typed.",
    is_active: "Enabled",
    active_hint: "A disabled command answers as if it didn't exist.",
    create: "Create",
    created: |n| format!("Command /{n} created"),
    saved: |n| format!("Command /{n} saved"),
    deleted: |n| format!("Command /{n} deleted"),
    delete_title: |n| format!("Delete /{n}?"),
    delete_message: "It leaves Telegram's menu, and typing it gets the answer for an unknown command.",
    updated: |at, by| match by {
        Some(b) => format!("Changed {at} by {b}"),
        None => format!("Changed {at}"),
    },
    preview_title: "Telegram's menu of commands",
    preview_hint: "What a customer sees after typing “/”.",
    preview_empty: "The menu is empty: Telegram shows no commands button.",
    preview_lang: "Customer's language",
    preview_bot: "Support bot",
    preview_input: "Message",
    field: en_field,
    problem: en_problem,
    changed_meanwhile: |v| {
        format!("Someone changed this command while you were editing it (now version {v}). Close and open it again.")
    },
    builtin_not_deleted: "A built-in command can't be deleted; you can hide it.",
};
