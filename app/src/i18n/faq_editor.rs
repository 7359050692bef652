//! The FAQ entry editor (`tr.faq_editor.…`): its sections, the formatting toolbar, the live
//! check of Telegram HTML, the buttons, the Telegram-look preview and the history. Field names and
//! the rules an entry breaks are `tr.faq`'s.

use tgtext::FormatErrorKind;

pub struct FaqEditor {
    pub title_new: &'static str,
    pub back: &'static str,
    pub readonly_note: &'static str,

    pub state_enabled: &'static str,
    pub state_disabled: &'static str,
    pub state_archived: &'static str,
    pub version: fn(i32) -> String,
    pub changed_by: fn(Option<&str>, &str) -> String,
    pub used_by: fn(&[String]) -> String,

    pub section_question: &'static str,
    pub question_hint: &'static str,
    pub variants_hint: &'static str,
    pub variants_count: fn(usize, usize) -> String,
    pub variant_too_long: fn(usize, usize) -> String,
    pub variants_lines: &'static str,

    pub section_answer: &'static str,
    pub language: &'static str,
    pub lang_ru: &'static str,
    pub lang_en: &'static str,
    pub lang_both: &'static str,
    pub language_hint: &'static str,
    pub answer_ru: &'static str,
    pub answer_hint: &'static str,
    pub toolbar: &'static str,
    pub fmt_bold: &'static str,
    pub fmt_italic: &'static str,
    pub fmt_underline: &'static str,
    pub fmt_strike: &'static str,
    pub fmt_spoiler: &'static str,
    pub fmt_link: &'static str,
    pub fmt_code: &'static str,
    pub fmt_pre: &'static str,
    pub fmt_quote: &'static str,
    pub format_ok: &'static str,
    pub format_kind: fn(&FormatErrorKind) -> String,
    pub show_place: &'static str,
    pub counter_label: &'static str,

    pub link_title: &'static str,
    pub link_url: &'static str,
    pub link_url_hint: &'static str,
    pub link_text: &'static str,
    pub link_text_default: &'static str,
    pub link_bad: &'static str,
    pub link_insert: &'static str,

    pub section_buttons: &'static str,
    pub buttons_hint: fn(usize) -> String,
    pub buttons_full: fn(usize) -> String,
    pub no_buttons: &'static str,
    pub button_n: fn(usize) -> String,
    pub button_label: &'static str,
    pub button_kind: &'static str,
    pub kind_url: &'static str,
    pub kind_menu: &'static str,
    pub kind_operator: &'static str,
    pub button_url: &'static str,
    pub button_menu: &'static str,
    pub menu_pick: &'static str,
    pub menu_unknown: fn(i64) -> String,
    pub menu_required: fn(usize) -> String,
    pub operator_note: &'static str,
    pub move_up: &'static str,
    pub move_down: &'static str,
    pub remove_button: &'static str,
    pub add_button: &'static str,

    pub section_settings: &'static str,
    pub category_hint: &'static str,
    pub slug_hint: &'static str,
    pub enabled_label: &'static str,
    pub enabled_hint: &'static str,
    pub archived_hint: &'static str,

    pub all_saved: &'static str,
    pub unsaved: &'static str,
    pub not_saved_yet: &'static str,
    pub save_shortcut: &'static str,
    pub fix_marked: &'static str,
    pub saved: fn(i32) -> String,
    pub unanswered_closed: &'static str,
    pub unanswered_failed: fn(&str) -> String,
    pub nothing_to_save: &'static str,
    pub reload: &'static str,
    pub conflict_keep: &'static str,

    pub history: &'static str,
    pub archive: &'static str,
    pub unarchive: &'static str,
    pub archived: &'static str,
    pub unarchived: &'static str,
    pub delete_forever: &'static str,
    pub confirm_delete: fn(&str) -> String,
    pub deleted: &'static str,

    pub leave_title: &'static str,
    pub leave_text: &'static str,
    pub leave_stay: &'static str,
    pub leave_discard: &'static str,

    pub preview_title: &'static str,
    pub preview_lang: &'static str,
    pub preview_broken: &'static str,
    pub preview_empty: &'static str,
    pub preview_spoiler: &'static str,
    pub preview_link_button: &'static str,
    pub no_label: &'static str,

    pub history_title: &'static str,
    pub history_versions: &'static str,
    pub history_empty: &'static str,
    pub history_current: &'static str,
    pub history_first: &'static str,
    pub history_what_changed: &'static str,
    /// Who made a version when no one signed in did: `system` (the seed, the command line) or
    /// `bot`, as the server names them.
    pub actor: fn(&str) -> String,
    pub change: fn(types::FaqChange) -> &'static str,
    pub compare_selected: fn(i32) -> String,
    pub compare_current: fn(i32) -> String,
    pub no_variants: &'static str,
    pub restore_version: &'static str,
    pub confirm_restore: fn(i32) -> String,
    pub confirm_restore_unsaved: &'static str,
    pub restored: fn(i32, i32) -> String,

    /// Phrasings another entry has or would win (the server's check while typing).
    pub similar_question: &'static str,
    pub similar_line: fn(usize) -> String,
    pub similar_exact: &'static str,
    pub similar_near: fn(f32) -> String,
    pub similar_title: &'static str,
    /// The saved entry is one the bot gives for none of its own phrasings (best score, phrasing).
    pub own_unreachable: fn(f32, &str) -> String,
}

fn ru_format(k: &FormatErrorKind) -> String {
    use FormatErrorKind::*;
    match k {
        UnknownTag(tag) => format!("<{tag}> — такого тега Telegram не знает (чтобы показать знак «<», напишите &lt;)"),
        UnknownAttribute { tag, attribute } => format!("у <{tag}> не бывает атрибута «{attribute}»"),
        DuplicateAttribute { tag, attribute } => format!("атрибут «{attribute}» у <{tag}> указан дважды"),
        MissingAttributeValue { tag, attribute } => {
            format!("атрибуту «{attribute}» у <{tag}> нужно значение: {attribute}=\"…\"")
        }
        AttributeTakesNoValue { tag, attribute } => {
            format!("атрибут «{attribute}» у <{tag}> пишется без значения: просто {attribute}")
        }
        UnquotedValue { tag, attribute } => format!("значение «{attribute}» у <{tag}> нужно взять в кавычки"),
        MissingHref => "у ссылки <a> нет адреса: <a href=\"https://…\">".into(),
        BadHref(href) => format!(
            "«{href}» — такой адрес Telegram не примет: он должен начинаться с http://, https://, tg:// или mailto: и быть без пробелов"
        ),
        MissingEmojiId => "у <tg-emoji> нет номера эмодзи: <tg-emoji emoji-id=\"…\">".into(),
        BadEmojiId(id) => format!("«{id}» — не номер эмодзи (только цифры)"),
        BadSpanClass(None) => "у <span> должен быть class=\"tg-spoiler\"".into(),
        BadSpanClass(Some(class)) => format!("у <span> должен быть class=\"tg-spoiler\", а не class=\"{class}\""),
        BadCodeClass(class) => format!("класс <code> — это «language-» и название языка, а не «{class}»"),
        MalformedTag(start) => format!("тег <{start} записан с ошибкой или не закрыт знаком >"),
        UnclosedTag(tag) => format!("<{tag}> открыт здесь и не закрыт: добавьте </{tag}>"),
        UnexpectedCloseTag(tag) => format!("</{tag}> ничего не закрывает: открытых тегов здесь нет"),
        MismatchedCloseTag { expected, found } => {
            format!("</{found}> не закрывает открытый <{expected}>: ожидался </{expected}>")
        }
        NotAllowedInside { tag, parent } => format!("<{tag}> нельзя вкладывать в <{parent}>"),
        PreCodeNotAlone => "<code> внутри <pre> должен занимать весь блок: ни до, ни после него ничего не пишут".into(),
        BadEntity(text) if text == "&" => "одиночный знак & пишется как &amp;".into(),
        BadEntity(text) => format!(
            "«{text}» — такого обозначения Telegram не знает (только &lt; &gt; &amp; &quot; и числовые, например &#128512;); знак & пишется как &amp;"
        ),
        BareLessThan => "одиночный знак < пишется как &lt;".into(),
        TooLong { len } => format!(
            "после форматирования {len} символов, а в сообщение Telegram помещается {}",
            tgtext::MAX_MESSAGE_LEN
        ),
    }
}

fn ru_change(c: types::FaqChange) -> &'static str {
    use types::FaqChange::*;
    match c {
        Created => "Создан",
        Updated => "Изменён",
        Archived => "Перенесён в архив",
        Unarchived => "Возвращён из архива",
        Reverted => "Восстановлена прежняя версия",
        Imported => "Импорт из CSV",
        VariantAdded => "Добавлен вариант из очереди",
        Deleted => "Удалён",
    }
}

fn en_change(c: types::FaqChange) -> &'static str {
    use types::FaqChange::*;
    match c {
        Created => "Created",
        Updated => "Changed",
        Archived => "Archived",
        Unarchived => "Restored from the archive",
        Reverted => "An earlier version restored",
        Imported => "Imported from CSV",
        VariantAdded => "Variant added from the queue",
        Deleted => "Deleted",
    }
}

// Russian
pub(super) const RU: FaqEditor = FaqEditor {
    title_new: "Новый ответ",
    back: "Все вопросы",
    readonly_note: "Только просмотр: менять ответы могут администраторы.",

    state_enabled: "Включён",
    state_disabled: "Выключен",
    state_archived: "В архиве",
    version: |v| format!("Версия {v}"),
    changed_by: |by, at| match by {
        Some(by) => format!("изменения: {by}, {at}"),
        None => format!("изменения: {at} (импорт или начальные данные)"),
    },
    used_by: |menus| format!("Открывается из меню: {}", menus.join(", ")),

    section_question: "Вопрос",
    question_hint: "Так, как его обычно задают клиенты.",
    variants_hint: "Другие формулировки того же вопроса, по одной в строке. Бот узнаёт вопрос по любой из них.",
    variants_count: |n, max| format!("Вариантов: {n} / {max}"),
    variant_too_long: |line, max| format!("строка {line} длиннее {max} символов"),
    variants_lines: "Номера строк",

    section_answer: "Ответ",
    language: "Язык ответа",
    lang_ru: "Русский",
    lang_en: "Английский",
    lang_both: "Оба",
    language_hint: "С «Оба» клиенты, которые пишут по-английски, получат английский ответ.",
    answer_ru: "Ответ на русском",
    answer_hint: "Разметка Telegram: выделите текст и нажмите кнопку на панели или Ctrl+B, Ctrl+I, Ctrl+K.",
    toolbar: "Форматирование",
    fmt_bold: "Жирный (Ctrl+B)",
    fmt_italic: "Курсив (Ctrl+I)",
    fmt_underline: "Подчёркнутый",
    fmt_strike: "Зачёркнутый",
    fmt_spoiler: "Скрытый текст (спойлер)",
    fmt_link: "Ссылка (Ctrl+K)",
    fmt_code: "Код в строке",
    fmt_pre: "Блок кода",
    fmt_quote: "Цитата",
    format_ok: "Разметка в порядке",
    format_kind: ru_format,
    show_place: "Показать место",
    counter_label: "Символов после форматирования",

    link_title: "Ссылка",
    link_url: "Адрес",
    link_url_hint: "Начинается с https://, http://, tg:// или mailto:",
    link_text: "Текст ссылки",
    link_text_default: "ссылка",
    link_bad: "Такой адрес Telegram не примет: он должен начинаться с https://, http://, tg:// или mailto: и быть без пробелов.",
    link_insert: "Вставить",

    section_buttons: "Кнопки под ответом",
    buttons_hint: |max| format!("До {max} кнопок, каждая в своём ряду. Ряд «Помогло / Не помогло» бот добавляет сам."),
    buttons_full: |max| format!("Больше {max} кнопок добавить нельзя."),
    no_buttons: "Кнопок нет: под ответом будет только «Помогло / Не помогло».",
    button_n: |n| format!("Кнопка {n}"),
    button_label: "Надпись",
    button_kind: "Что делает",
    kind_url: "Открывает ссылку",
    kind_menu: "Открывает меню",
    kind_operator: "Зовёт оператора",
    button_url: "Ссылка",
    button_menu: "Меню",
    menu_pick: "Выберите меню",
    menu_unknown: |id| format!("Меню №{id}"),
    menu_required: |n| format!("выберите меню, которое откроет кнопка {n}"),
    operator_note: "Кнопка передаст разговор оператору.",
    move_up: "Выше",
    move_down: "Ниже",
    remove_button: "Убрать кнопку",
    add_button: "Добавить кнопку",

    section_settings: "Настройки",
    category_hint: "Для фильтра в списке: выберите или введите новую.",
    slug_hint: "Для импорта и экспорта CSV. Пусто — будет номер ответа.",
    enabled_label: "Бот отвечает этим ответом",
    enabled_hint: "Выключенный ответ остаётся в списке, но бот его не использует.",
    archived_hint: "Ответ в архиве, бот его не использует. Верните его из архива, чтобы включить.",

    all_saved: "Все изменения сохранены",
    unsaved: "Есть несохранённые изменения",
    not_saved_yet: "Новый ответ ещё не сохранён",
    save_shortcut: "Ctrl+S",
    fix_marked: "Не сохранено: исправьте отмеченные поля.",
    saved: |v| format!("Сохранено (версия {v})"),
    unanswered_closed: "Вопрос из очереди без ответа закрыт.",
    unanswered_failed: |e| format!("Не удалось закрыть вопрос в очереди без ответа: {e}"),
    nothing_to_save: "Изменений нет — сохранять нечего.",
    reload: "Открыть заново",
    conflict_keep: "Ваш текст остаётся в редакторе, пока вы не откроете ответ заново: скопируйте нужное.",

    history: "История",
    archive: "В архив",
    unarchive: "Вернуть из архива",
    archived: "Ответ перенесён в архив: бот его больше не использует.",
    unarchived: "Ответ возвращён из архива.",
    delete_forever: "Удалить насовсем",
    confirm_delete: |q| {
        format!("Удалить ответ «{q}» насовсем? Вернуть его будет нельзя; история изменений останется в журнале.")
    },
    deleted: "Ответ удалён.",

    leave_title: "Уйти без сохранения?",
    leave_text: "Изменения в этом ответе не сохранены и пропадут.",
    leave_stay: "Остаться",
    leave_discard: "Уйти без сохранения",

    preview_title: "Как увидит клиент",
    preview_lang: "Язык предпросмотра",
    preview_broken: "В разметке ошибка — Telegram не примет такой текст. Ниже он показан как есть.",
    preview_empty: "Ответ пока пуст",
    preview_spoiler: "Скрытый текст: нажмите, чтобы показать",
    preview_link_button: "кнопка-ссылка",
    no_label: "(без надписи)",

    history_title: "История изменений",
    history_versions: "Версии",
    history_empty: "Версий пока нет.",
    history_current: "текущая",
    history_first: "Первая версия",
    history_what_changed: "Что изменилось",
    actor: |name| match name {
        "system" => "система".into(),
        "bot" => "бот".into(),
        other => other.into(),
    },
    change: ru_change,
    compare_selected: |v| format!("Версия {v}"),
    compare_current: |v| format!("Сейчас (версия {v})"),
    no_variants: "Вариантов нет",
    restore_version: "Восстановить эту версию",
    confirm_restore: |v| {
        format!("Сделать текущей версию {v}? Она сохранится как новая версия, нынешний текст останется в истории.")
    },
    confirm_restore_unsaved: "Несохранённые изменения в редакторе пропадут.",
    restored: |v, now| format!("Восстановлена версия {v} (теперь это версия {now})"),
    similar_question: "Вопрос",
    similar_line: |n| format!("Строка {n}"),
    similar_exact: "так уже сформулирован другой ответ:",
    similar_near: |score| format!("бот ответит на это другим ответом (оценка {score:.2}):"),
    similar_title: "Открыть тот ответ в новой вкладке",
    own_unreachable: |score, p| {
        format!(
            "Бот не даёт этот ответ сам ни на одну его формулировку (лучшая оценка {score:.2} — у «{p}»): добавьте варианты, которыми пишут клиенты."
        )
    },
};

// English
pub(super) const EN: FaqEditor = FaqEditor {
    title_new: "New entry",
    back: "All entries",
    readonly_note: "Read only: admins change entries.",

    state_enabled: "Enabled",
    state_disabled: "Disabled",
    state_archived: "Archived",
    version: |v| format!("Version {v}"),
    changed_by: |by, at| match by {
        Some(by) => format!("changed by {by} at {at}"),
        None => format!("changed at {at} (import or initial data)"),
    },
    used_by: |menus| format!("Opened from menus: {}", menus.join(", ")),

    section_question: "Question",
    question_hint: "The way customers usually ask it.",
    variants_hint: "Other ways customers ask the same thing, one per line. The bot recognises the question by any of them.",
    variants_count: |n, max| format!("Variants: {n} / {max}"),
    variant_too_long: |line, max| format!("line {line} is longer than {max} characters"),
    variants_lines: "Line numbers",

    section_answer: "Answer",
    language: "Language",
    lang_ru: "Russian",
    lang_en: "English",
    lang_both: "Both",
    language_hint: "With “Both”, customers who write in English get the English answer.",
    answer_ru: "Russian answer",
    answer_hint: "Telegram formatting: select text and press a toolbar button, or Ctrl+B, Ctrl+I, Ctrl+K.",
    toolbar: "Formatting",
    fmt_bold: "Bold (Ctrl+B)",
    fmt_italic: "Italic (Ctrl+I)",
    fmt_underline: "Underline",
    fmt_strike: "Strikethrough",
    fmt_spoiler: "Spoiler",
    fmt_link: "Link (Ctrl+K)",
    fmt_code: "Inline code",
    fmt_pre: "Code block",
    fmt_quote: "Quote",
    format_ok: "Formatting is fine",
    format_kind: |k| k.to_string(),
    show_place: "Show where",
    counter_label: "Characters after formatting",

    link_title: "Link",
    link_url: "Address",
    link_url_hint: "Starts with https://, http://, tg:// or mailto:",
    link_text: "Link text",
    link_text_default: "link",
    link_bad: "Telegram won't accept this address: it must start with https://, http://, tg:// or mailto: and have no spaces.",
    link_insert: "Insert",

    section_buttons: "Buttons under the answer",
    buttons_hint: |max| {
        format!("Up to {max} buttons, one per row. The bot adds the “That helped / Didn't help” row itself.")
    },
    buttons_full: |max| format!("No more than {max} buttons."),
    no_buttons: "No buttons: the answer shows only “That helped / Didn't help”.",
    button_n: |n| format!("Button {n}"),
    button_label: "Label",
    button_kind: "What it does",
    kind_url: "Opens a link",
    kind_menu: "Opens a menu",
    kind_operator: "Calls an operator",
    button_url: "Link",
    button_menu: "Menu",
    menu_pick: "Choose a menu",
    menu_unknown: |id| format!("Menu #{id}"),
    menu_required: |n| format!("choose the menu button {n} opens"),
    operator_note: "The button hands the conversation to an operator.",
    move_up: "Move up",
    move_down: "Move down",
    remove_button: "Remove button",
    add_button: "Add a button",

    section_settings: "Settings",
    category_hint: "For the list's filter: pick one or type a new one.",
    slug_hint: "For CSV import and export. Empty: the entry's number.",
    enabled_label: "The bot answers with this entry",
    enabled_hint: "A disabled entry stays in the list, but the bot doesn't use it.",
    archived_hint: "The entry is archived and the bot doesn't use it. Restore it from the archive to enable it.",

    all_saved: "All changes saved",
    unsaved: "Unsaved changes",
    not_saved_yet: "The new entry isn't saved yet",
    save_shortcut: "Ctrl+S",
    fix_marked: "Not saved: fix the marked fields.",
    saved: |v| format!("Saved (version {v})"),
    unanswered_closed: "The question in the unanswered queue is closed.",
    unanswered_failed: |e| format!("Couldn't close the question in the unanswered queue: {e}"),
    nothing_to_save: "Nothing changed, nothing to save.",
    reload: "Reload",
    conflict_keep: "Your text stays in the editor until you reload: copy what you need.",

    history: "History",
    archive: "Archive",
    unarchive: "Restore from archive",
    archived: "The entry is archived: the bot no longer uses it.",
    unarchived: "The entry is back from the archive.",
    delete_forever: "Delete for good",
    confirm_delete: |q| {
        format!("Delete the entry “{q}” for good? It can't be brought back; its history stays in the log.")
    },
    deleted: "The entry is deleted.",

    leave_title: "Leave without saving?",
    leave_text: "The changes to this entry aren't saved and will be lost.",
    leave_stay: "Stay",
    leave_discard: "Discard changes",

    preview_title: "What the customer sees",
    preview_lang: "Preview language",
    preview_broken: "The formatting has an error: Telegram would refuse this text. It is shown as is below.",
    preview_empty: "The answer is empty",
    preview_spoiler: "Hidden text: click to show",
    preview_link_button: "link button",
    no_label: "(no label)",

    history_title: "History",
    history_versions: "Versions",
    history_empty: "No versions yet.",
    history_current: "current",
    history_first: "First version",
    history_what_changed: "What changed",
    actor: |name| match name {
        "system" => "system".into(),
        "bot" => "the bot".into(),
        other => other.into(),
    },
    change: en_change,
    compare_selected: |v| format!("Version {v}"),
    compare_current: |v| format!("Now (version {v})"),
    no_variants: "No variants",
    restore_version: "Restore this version",
    confirm_restore: |v| {
        format!("Make version {v} current? It is saved as a new version; the present text stays in the history.")
    },
    confirm_restore_unsaved: "The unsaved changes in the editor will be lost.",
    restored: |v, now| format!("Version {v} restored (now version {now})"),
    similar_question: "Question",
    similar_line: |n| format!("Line {n}"),
    similar_exact: "another entry already has this phrasing:",
    similar_near: |score| format!("the bot would answer this with another entry (score {score:.2}):"),
    similar_title: "Open that entry in a new tab",
    own_unreachable: |score, p| {
        format!(
            "The bot gives this entry for none of its own phrasings by itself (best score {score:.2}, for “{p}”): add the phrasings customers use."
        )
    },
};
