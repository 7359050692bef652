//! The FAQ list, "Try it" and the CSV import (`tr.faq_list.…`). The rules an entry or an import
//! file breaks and an import's summary are in `faq.rs`; the unanswered queue in
//! `faq_unanswered.rs`.

use crate::faq::model::{FaqLanguage, FaqSort};

pub struct FaqList {
    pub title: &'static str,
    pub subtitle: &'static str,
    pub new_entry: &'static str,
    pub import_csv: &'static str,
    pub export_csv: &'static str,
    pub export_hint: &'static str,
    pub unanswered: &'static str,
    /// "12 unanswered questions" (the badge's label for screen readers).
    pub unanswered_count: fn(usize) -> String,

    pub tabs_label: &'static str,
    pub tab_active: &'static str,
    pub tab_enabled: &'static str,
    pub tab_disabled: &'static str,
    pub tab_archived: &'static str,

    pub filters_label: &'static str,
    pub search_label: &'static str,
    pub search_placeholder: &'static str,
    pub updating: &'static str,
    pub language_label: &'static str,
    pub language_any: &'static str,
    /// The filter's choices: "Russian only"…
    pub language_filter: fn(FaqLanguage) -> &'static str,
    /// The row's badge: RU, EN, RU+EN.
    pub language_short: fn(FaqLanguage) -> &'static str,
    pub language_title: fn(FaqLanguage) -> &'static str,
    pub category_label: &'static str,
    pub category_any: &'static str,
    pub sort_label: &'static str,
    pub sort: fn(FaqSort) -> &'static str,
    /// "37 entries".
    pub found: fn(usize) -> String,

    pub col_question: &'static str,
    /// "3 variants" under the question.
    pub variants: fn(usize) -> String,
    pub col_hits: &'static str,
    pub col_feedback: &'static str,
    pub col_changed: &'static str,
    pub variants_title: &'static str,
    pub hits_title: &'static str,
    pub feedback_title: fn(u32, u32) -> String,
    pub not_helped_high: &'static str,
    pub slug_title: &'static str,
    pub category_title: &'static str,
    pub state_disabled: &'static str,
    pub state_archived: &'static str,
    pub changed_by: fn(&str) -> String,
    pub changed_by_nobody: &'static str,

    pub empty_title: &'static str,
    pub empty_text_admin: &'static str,
    pub empty_text_operator: &'static str,
    pub nothing_found_title: &'static str,
    pub nothing_found_text: &'static str,
    pub clear_filters: &'static str,
    pub tab_empty_disabled: &'static str,
    pub tab_empty_archived: &'static str,
    pub tab_empty_enabled: &'static str,

    // "Try it"
    pub try_title: &'static str,
    pub try_hint: &'static str,
    pub try_label: &'static str,
    pub try_placeholder: &'static str,
    pub try_button: &'static str,
    pub try_keys: &'static str,
    pub try_draft_note: &'static str,
    pub decision_answer: &'static str,
    pub decision_suggest: &'static str,
    pub decision_handoff: &'static str,
    /// Best score, the answer threshold.
    pub why_answer: fn(&str, &str) -> String,
    /// Best score, the suggestion threshold, the answer threshold.
    pub why_suggest_low: fn(&str, &str, &str) -> String,
    /// Best score, the runner-up's.
    pub why_suggest_close: fn(&str, &str) -> String,
    /// The suggestion threshold, the best score if any.
    pub why_no_match: fn(&str, Option<&str>) -> String,
    pub why_human: &'static str,
    pub why_empty: &'static str,
    /// The answer threshold, the suggestion threshold.
    pub thresholds: fn(&str, &str) -> String,
    pub top_title: &'static str,
    pub top_none: &'static str,
    pub unsaved: &'static str,
    pub entry_n: fn(i64) -> String,
    pub score_label: &'static str,
    pub no_words: &'static str,
    pub how_stem: &'static str,
    pub how_typo: fn(&str) -> String,
    pub how_slang: fn(&str) -> String,
    pub how_partial: &'static str,
    pub how_stem_title: &'static str,
    pub how_partial_title: &'static str,
    /// A score as the language writes decimals.
    pub score: fn(f32) -> String,

    // The import dialog
    pub import_title: &'static str,
    pub import_file: &'static str,
    pub import_file_hint: &'static str,
    pub import_choose: &'static str,
    pub import_no_file: &'static str,
    pub import_replace: &'static str,
    pub import_replace_hint: &'static str,
    pub import_checking: &'static str,
    pub import_reading_failed: &'static str,
    pub import_to_add: fn(usize) -> String,
    pub import_to_change: fn(usize) -> String,
    pub import_to_archive: fn(usize) -> String,
    pub import_unchanged: fn(usize) -> String,
    pub import_added_heading: &'static str,
    pub import_changed_heading: &'static str,
    pub import_archived_heading: &'static str,
    pub import_field: fn(&str) -> &'static str,
    pub import_refused: &'static str,
    pub import_apply: &'static str,
    pub import_applying: &'static str,

    pub health_title: &'static str,
    pub health_hint: &'static str,
    pub health_checking: &'static str,
    pub health_ok: fn(usize) -> String,
    pub health_summary: fn(usize, usize, usize) -> String,
    pub health_conflicts: &'static str,
    pub health_goes_to: &'static str,
    pub health_scores: fn(f32, f32) -> String,
    pub health_unreachable: &'static str,
    pub health_best: fn(f32) -> String,
}

/// Russian plural: `one` for 1, 21, 31…; `few` for 2–4, 22–24…; `many` otherwise.
pub(super) fn ru_plural(n: u64, one: &'static str, few: &'static str, many: &'static str) -> &'static str {
    let (d10, d100) = (n % 10, n % 100);
    if d10 == 1 && d100 != 11 {
        one
    } else if (2..=4).contains(&d10) && !(12..=14).contains(&d100) {
        few
    } else {
        many
    }
}

fn en_plural(n: u64, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

pub(super) fn ru_language_short(l: FaqLanguage) -> &'static str {
    match l {
        FaqLanguage::Ru => "RU",
        FaqLanguage::En => "EN",
        FaqLanguage::Both => "RU+EN",
    }
}

fn ru_language_filter(l: FaqLanguage) -> &'static str {
    match l {
        FaqLanguage::Ru => "Только русский",
        FaqLanguage::En => "Только английский",
        FaqLanguage::Both => "Русский и английский",
    }
}

fn en_language_filter(l: FaqLanguage) -> &'static str {
    match l {
        FaqLanguage::Ru => "Russian only",
        FaqLanguage::En => "English only",
        FaqLanguage::Both => "Russian and English",
    }
}

fn ru_language_title(l: FaqLanguage) -> &'static str {
    match l {
        FaqLanguage::Ru => "Отвечает клиентам на русском",
        FaqLanguage::En => "Отвечает клиентам на английском",
        FaqLanguage::Both => "Отвечает на русском и на английском",
    }
}

fn en_language_title(l: FaqLanguage) -> &'static str {
    match l {
        FaqLanguage::Ru => "Answers Russian-speaking customers",
        FaqLanguage::En => "Answers English-speaking customers",
        FaqLanguage::Both => "Answers in Russian and in English",
    }
}

fn ru_sort(s: FaqSort) -> &'static str {
    match s {
        FaqSort::Title => "По вопросу (А–Я)",
        FaqSort::Hits => "Чаще показываются (30 дней)",
        FaqSort::NotHelped => "Больше «не помогло» (30 дней)",
        FaqSort::Changed => "Недавно изменённые",
    }
}

fn en_sort(s: FaqSort) -> &'static str {
    match s {
        FaqSort::Title => "By question (A–Z)",
        FaqSort::Hits => "Most shown (30 days)",
        FaqSort::NotHelped => "Most “didn't help” (30 days)",
        FaqSort::Changed => "Recently changed",
    }
}

fn ru_import_field(f: &str) -> &'static str {
    match f {
        "question" => "вопрос",
        "variants" => "варианты",
        "answer" => "ответ",
        "restored" => "из архива",
        _ => "другое",
    }
}

fn en_import_field(f: &str) -> &'static str {
    match f {
        "question" => "question",
        "variants" => "variants",
        "answer" => "answer",
        "restored" => "from the archive",
        _ => "other",
    }
}

fn ru_score(s: f32) -> String {
    format!("{s:.2}").replace('.', ",")
}

fn en_score(s: f32) -> String {
    format!("{s:.2}")
}

pub(super) const RU: FaqList = FaqList {
    title: "Вопросы и ответы",
    subtitle: "Ответы, которые бот даёт клиентам сам. Найдите ответ, поправьте его — и бот ответит следующему клиенту по-новому.",
    new_entry: "Новый ответ",
    import_csv: "Импорт CSV",
    export_csv: "Экспорт CSV",
    export_hint: "Скачать все ответы, кроме архива, файлом CSV",
    unanswered: "Без ответа",
    unanswered_count: |n| format!("{n} {} без ответа", ru_plural(n as u64, "вопрос", "вопроса", "вопросов")),

    tabs_label: "Состояние ответов",
    tab_active: "Все рабочие",
    tab_enabled: "Включены",
    tab_disabled: "Выключены",
    tab_archived: "Архив",

    filters_label: "Поиск и фильтры",
    search_label: "Поиск",
    search_placeholder: "Вопрос, вариант или текст ответа",
    updating: "Список обновляется…",
    language_label: "Язык",
    language_any: "Любой язык",
    language_filter: ru_language_filter,
    language_short: ru_language_short,
    language_title: ru_language_title,
    category_label: "Категория",
    category_any: "Все категории",
    sort_label: "Порядок",
    sort: ru_sort,
    found: |n| format!("{n} {}", ru_plural(n as u64, "ответ", "ответа", "ответов")),

    col_question: "Вопрос",
    variants: |n| match n {
        0 => "без вариантов".to_string(),
        n => format!("{n} {}", ru_plural(n as u64, "вариант", "варианта", "вариантов")),
    },
    col_hits: "Показы",
    col_feedback: "Помогло / нет",
    col_changed: "Изменён",
    variants_title: "Сколько формулировок вопроса, кроме основной",
    hits_title: "Сколько раз бот показал этот ответ за 30 дней",
    feedback_title: |yes, no| format!("За 30 дней: «помогло» — {yes}, «не помогло» — {no}"),
    not_helped_high: "Часто не помогает — стоит переписать ответ",
    slug_title: "ID в CSV-файле",
    category_title: "Категория",
    state_disabled: "Выключен",
    state_archived: "В архиве",
    changed_by: |name| format!("изменил(а) {name}"),
    changed_by_nobody: "загружен при установке",

    empty_title: "Ответов пока нет",
    empty_text_admin: "Создайте первый ответ или загрузите готовые вопросы и ответы из CSV-файла.",
    empty_text_operator: "Ответы добавляют администраторы. Когда они появятся, здесь можно будет их найти.",
    nothing_found_title: "Ничего не нашлось",
    nothing_found_text: "Ни один ответ не подходит под поиск и фильтры. Попробуйте другое слово или сбросьте фильтры.",
    clear_filters: "Сбросить поиск и фильтры",
    tab_empty_disabled: "Выключенных ответов нет: бот использует все рабочие ответы.",
    tab_empty_archived: "Архив пуст.",
    tab_empty_enabled: "Нет включённых ответов: бот сейчас ничего не отвечает сам.",

    try_title: "Проверить",
    try_hint: "Что бот сделает с сообщением клиента и почему. В Telegram ничего не отправляется.",
    try_label: "Сообщение клиента",
    try_placeholder: "Например: как оплатить картой",
    try_button: "Проверить",
    try_keys: "Enter — проверить, Shift+Enter — новая строка",
    try_draft_note: "С учётом несохранённых правок этого ответа.",
    decision_answer: "Бот ответит",
    decision_suggest: "Бот спросит «Возможно, вы имели в виду…»",
    decision_handoff: "Бот передаст разговор оператору",
    why_answer: |best, at| {
        format!("Лучшая оценка {best} — не ниже порога ответа {at}, и соседний ответ заметно дальше.")
    },
    why_suggest_low: |best, low, high| {
        format!("Лучшая оценка {best}: для подсказки нужно от {low}, для ответа — от {high}.")
    },
    why_suggest_close: |best, next| {
        format!(
            "Лучшая оценка {best} достаточна для ответа, но следующий ответ слишком близко ({next}) — бот не уверен, какой нужен."
        )
    },
    why_no_match: |low, best| match best {
        Some(b) => format!("Нет ответа с оценкой от {low} (лучшая — {b})."),
        None => format!("Нет ответа с оценкой от {low}: ни одно слово не совпало."),
    },
    why_human: "Клиент просит позвать человека.",
    why_empty: "В сообщении нечего сравнивать: только эмодзи или знаки препинания.",
    thresholds: |high, low| format!("Порог ответа — {high}, порог подсказки — {low}"),
    top_title: "Ближайшие ответы",
    top_none: "Ни один ответ не похож на это сообщение.",
    unsaved: "этот ответ (не сохранён)",
    entry_n: |id| format!("Ответ №{id}"),
    score_label: "Оценка",
    no_words: "общих слов нет",
    how_stem: "то же слово",
    how_typo: |of| format!("опечатка: «{of}»"),
    how_slang: |of| format!("сленг: «{of}»"),
    how_partial: "частично",
    how_stem_title: "То же слово или другая его форма",
    how_partial_title: "Совпали только части слова",
    score: ru_score,

    import_title: "Импорт из CSV",
    import_file: "Файл CSV",
    import_file_hint: "Столбцы id,question,variants,answer в кодировке UTF-8; варианты разделяются знаком «|». Такой файл даёт «Экспорт CSV».",
    import_choose: "Выбрать файл…",
    import_no_file: "Файл не выбран",
    import_replace: "Заменить: ответы, которых нет в файле, убрать в архив",
    import_replace_hint: "Без этой галочки файл только добавляет и меняет ответы.",
    import_checking: "Проверяем файл…",
    import_reading_failed: "Не удалось прочитать файл.",
    import_to_add: |n| format!("{n} {}", ru_plural(n as u64, "новый", "новых", "новых")),
    import_to_change: |n| format!("{n} {}", ru_plural(n as u64, "изменится", "изменятся", "изменятся")),
    import_to_archive: |n| format!("{n} в архив"),
    import_unchanged: |n| format!("{n} без изменений"),
    import_added_heading: "Будут добавлены",
    import_changed_heading: "Будут изменены",
    import_archived_heading: "Уйдут в архив",
    import_field: ru_import_field,
    import_refused: "Файл не принят, ничего не изменено",
    import_apply: "Импортировать",
    import_applying: "Импортируем…",
    health_title: "Проверка ответов",
    health_hint: "Каждую формулировку включённых ответов прогоняем через бота: не уводит ли её другой ответ и находит ли бот ответ сам.",
    health_checking: "Проверяем…",
    health_ok: |n| {
        format!(
            "Все {n} {} находятся по своим формулировкам, конфликтов нет.",
            ru_plural(n as u64, "включённый ответ", "включённых ответа", "включённых ответов")
        )
    },
    health_summary: |n, c, u| format!("Проверено ответов: {n}. Конфликтов: {c}. Не находятся сами: {u}."),
    health_conflicts: "На эти формулировки бот ответит другим ответом",
    health_goes_to: "→",
    health_scores: |own, other| format!("свой {own:.2}, другой {other:.2}"),
    health_unreachable: "Эти ответы бот не даст сам ни на одну их формулировку",
    health_best: |score| format!("лучшая оценка {score:.2}"),
};

pub(super) const EN: FaqList = FaqList {
    title: "FAQ",
    subtitle: "The answers the bot gives customers on its own. Find one, fix it, and the bot answers the next customer with the new text.",
    new_entry: "New entry",
    import_csv: "Import CSV",
    export_csv: "Export CSV",
    export_hint: "Download every entry but the archive as a CSV file",
    unanswered: "Unanswered",
    unanswered_count: |n| format!("{n} unanswered {}", en_plural(n as u64, "question", "questions")),

    tabs_label: "Entry state",
    tab_active: "All active",
    tab_enabled: "Enabled",
    tab_disabled: "Disabled",
    tab_archived: "Archive",

    filters_label: "Search and filters",
    search_label: "Search",
    search_placeholder: "Question, variant or answer text",
    updating: "Updating the list…",
    language_label: "Language",
    language_any: "Any language",
    language_filter: en_language_filter,
    language_short: ru_language_short,
    language_title: en_language_title,
    category_label: "Category",
    category_any: "All categories",
    sort_label: "Order",
    sort: en_sort,
    found: |n| format!("{n} {}", en_plural(n as u64, "entry", "entries")),

    col_question: "Question",
    variants: |n| match n {
        0 => "no variants".to_string(),
        n => format!("{n} {}", en_plural(n as u64, "variant", "variants")),
    },
    col_hits: "Shown",
    col_feedback: "Helped / not",
    col_changed: "Changed",
    variants_title: "Other phrasings of the question",
    hits_title: "Times the bot showed this answer in the last 30 days",
    feedback_title: |yes, no| format!("Last 30 days: “helped” {yes}, “didn't help” {no}"),
    not_helped_high: "Often doesn't help: worth rewriting",
    slug_title: "Id in CSV files",
    category_title: "Category",
    state_disabled: "Disabled",
    state_archived: "Archived",
    changed_by: |name| format!("by {name}"),
    changed_by_nobody: "loaded at setup",

    empty_title: "No entries yet",
    empty_text_admin: "Create the first entry, or import questions and answers from a CSV file.",
    empty_text_operator: "Admins add the entries. Once they do, you can look them up here.",
    nothing_found_title: "Nothing found",
    nothing_found_text: "No entry matches the search and filters. Try another word or clear the filters.",
    clear_filters: "Clear search and filters",
    tab_empty_disabled: "No disabled entries: the bot uses every active one.",
    tab_empty_archived: "The archive is empty.",
    tab_empty_enabled: "No enabled entries: the bot answers nothing on its own right now.",

    try_title: "Try it",
    try_hint: "What the bot would do with a customer's message, and why. Nothing is sent to Telegram.",
    try_label: "Customer's message",
    try_placeholder: "For example: how do I pay by card",
    try_button: "Try",
    try_keys: "Enter to try, Shift+Enter for a new line",
    try_draft_note: "With this entry's unsaved changes.",
    decision_answer: "The bot answers",
    decision_suggest: "The bot asks “Maybe you meant…”",
    decision_handoff: "The bot hands off to an operator",
    why_answer: |best, at| {
        format!("Best score {best}: at least the answer threshold {at}, well ahead of the next entry.")
    },
    why_suggest_low: |best, low, high| {
        format!("Best score {best}: suggestions need {low} or more, an answer needs {high} or more.")
    },
    why_suggest_close: |best, next| {
        format!(
            "Best score {best} is enough for an answer, but the next entry is too close ({next}): the bot can't tell which one is meant."
        )
    },
    why_no_match: |low, best| match best {
        Some(b) => format!("No entry scores {low} or more (the best: {b})."),
        None => format!("No entry scores {low} or more: no word matched."),
    },
    why_human: "The customer asks for a person.",
    why_empty: "Nothing to match: only emoji or punctuation.",
    thresholds: |high, low| format!("Answers at ≥ {high}, suggests at ≥ {low}"),
    top_title: "Closest entries",
    top_none: "No entry looks like this message.",
    unsaved: "this entry (unsaved)",
    entry_n: |id| format!("Entry #{id}"),
    score_label: "Score",
    no_words: "no words in common",
    how_stem: "same word",
    how_typo: |of| format!("typo of “{of}”"),
    how_slang: |of| format!("slang for “{of}”"),
    how_partial: "partial",
    how_stem_title: "The same word or another form of it",
    how_partial_title: "Only parts of the word matched",
    score: en_score,

    import_title: "Import from CSV",
    import_file: "CSV file",
    import_file_hint: "Columns id,question,variants,answer in UTF-8; variants separated by “|”. “Export CSV” gives such a file.",
    import_choose: "Choose a file…",
    import_no_file: "No file chosen",
    import_replace: "Replace: archive the entries the file doesn't have",
    import_replace_hint: "Without it the file only adds and changes entries.",
    import_checking: "Checking the file…",
    import_reading_failed: "The file could not be read.",
    import_to_add: |n| format!("{n} new"),
    import_to_change: |n| format!("{n} changed"),
    import_to_archive: |n| format!("{n} to the archive"),
    import_unchanged: |n| format!("{n} unchanged"),
    import_added_heading: "To add",
    import_changed_heading: "To change",
    import_archived_heading: "To archive",
    import_field: en_import_field,
    import_refused: "The file was refused; nothing changed",
    import_apply: "Import",
    import_applying: "Importing…",
    health_title: "FAQ check",
    health_hint: "Every phrasing of the enabled entries is run through the bot: does another entry take it, and does the bot answer it by itself.",
    health_checking: "Checking…",
    health_ok: |n| {
        format!(
            "All {n} enabled {} are found by their own phrasings; no conflicts.",
            if n == 1 { "entry" } else { "entries" }
        )
    },
    health_summary: |n, c, u| format!("Entries checked: {n}. Conflicts: {c}. Not found by themselves: {u}."),
    health_conflicts: "The bot answers these phrasings with another entry",
    health_goes_to: "→",
    health_scores: |own, other| format!("own {own:.2}, other {other:.2}"),
    health_unreachable: "The bot gives these entries for none of their phrasings by itself",
    health_best: |score| format!("best score {score:.2}"),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_plurals() {
        let p = |n| ru_plural(n, "ответ", "ответа", "ответов");
        assert_eq!(
            [p(1), p(2), p(5), p(11), p(12), p(21), p(22), p(25), p(111), p(0)],
            ["ответ", "ответа", "ответов", "ответов", "ответов", "ответ", "ответа", "ответов", "ответов", "ответов"]
        );
    }

    #[test]
    fn scores_use_the_languages_decimal_mark() {
        assert_eq!((RU.score)(0.4), "0,40");
        assert_eq!((EN.score)(0.456), "0.46");
    }
}
